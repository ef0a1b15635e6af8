"""The real fan fiction in ../shared/samples/fanfic/files, file by file:
where the story starts and ends, what is paratext of which kind, chapters,
scene breaks and the work's metadata, as read in each file by hand. Skips
when ../shared is absent; the files' words are never copied here beyond the
few needed to name a place in them."""

from __future__ import annotations

import datetime
from collections import Counter
from functools import lru_cache

import pytest

from conftest import SHARED, assert_offsets
from fabula.errors import InputError
from fabula.pipeline import analyze_document, find_structure_and_cast
from fabula.readers import read_path

FILES = SHARED / "samples" / "fanfic" / "files"

pytestmark = pytest.mark.skipif(not FILES.is_dir(), reason="../shared/samples not present")


@lru_cache(maxsize=None)
def structure(name: str):
    doc = find_structure_and_cast(read_path(FILES / name))
    assert_offsets(doc)
    return doc


def story(doc) -> tuple[str, str]:
    """The first and last words of the story: where its first scene starts and its last ends."""
    first, last = doc.scenes[0], doc.scenes[-1]
    return doc.text[first.start : first.end], doc.text[last.start : last.end]


def kinds(doc, kind: str) -> list[str]:
    return [doc.span_text(p) for p in doc.paratext if p.kind == kind]


def breaks(doc) -> Counter:
    return Counter(doc.span_text(s.marker) for s in doc.scenes if s.opened_by == "explicit")


def test_ao3_download_written_as_a_screenplay():
    doc = structure("hr_First_as_Farce.html")
    start, end = story(doc)
    assert start.startswith("MARTIN BUFHOLTZ: The Corpse") and end.endswith("embrace under the comforter.")
    assert kinds(doc, "title") == ["First as Farce", "First as Farce", "DRAMATIS PERSONAE"]
    assert kinds(doc, "summary")[0].startswith("Summary\n\nAlmost by coincidence")
    assert [n[:9] for n in kinds(doc, "author_note")] == ["End Notes"]
    assert kinds(doc, "metadata")[2] == "by natsinator"
    assert (len(doc.chapters), sum(breaks(doc).values())) == (0, 0)
    meta = doc.metadata
    assert (meta.site, meta.work_id, meta.authors, meta.rating) == ("ao3", "37317859", ("natsinator",),
                                                                    "Teen And Up Audiences")
    assert meta.characters == ("Martin Bufholtz", "Siegfried Kircheis", "Dietrich Bronner (A Wheel Inside a Wheel)")
    assert (meta.published, meta.updated, meta.words, meta.chapters_posted, meta.chapters_total, meta.status) == (
        datetime.date(2022, 2, 22), datetime.date(2022, 2, 23), 1719, 1, 1, "complete")
    cued = [q for q in doc.quotes if q.cue is not None]
    assert len(cued) == len(doc.quotes) >= 60
    assert {doc.span_text(q.cue) for q in cued} == {"MARTIN", "SIEGFRIED", "BRONNER", "THE PLAYERS"}
    first = cued[0]
    assert (doc.span_text(first.cue), doc.span_text(first)) == ("SIEGFRIED", "Morning already?")


def test_ao3_download_with_two_chapters():
    doc = structure("hr_The_World_In_Its.html")
    start, end = story(doc)
    assert start.startswith("Although they had the option of a funeral")
    assert end.endswith("there in the quiet, endless summer.")
    assert [c.title for c in doc.chapters] == ["Funeral Rites for Hector, Tamer of Horses",
                                               "Some of Our Promises Were Binding Up Here Where Our Dreams Take Form"]
    assert breaks(doc) == Counter({"* * *": 1})
    assert [n.split("\n")[0] for n in kinds(doc, "author_note")] == ["Notes", "End Notes"]
    assert kinds(doc, "summary")[0].startswith("Summary\n\nWhat is a first meeting")
    meta = doc.metadata
    assert (meta.work_id, meta.rating, meta.chapters_posted, meta.chapters_total, meta.words) == (
        "47409136", "General Audiences", 2, 2, 11326)
    assert "New Constellations 2023" in meta.additional_tags


def test_ffnet_chapter_page_with_framing_lines():
    doc = structure("mp_78.html")
    start, end = story(doc)
    assert start.startswith("It felt like a dream") and end.endswith('muttered once again, "Slytherins."')
    titles = kinds(doc, "title")
    assert titles[0] == "Child of Four" and "78. Chapter 78" in titles and "Chapter Seventy-Eight" in titles
    assert all(t.startswith(".:O:.") for t in titles if t not in ("Child of Four", "78. Chapter 78",
                                                                 "Chapter Seventy-Eight"))
    assert kinds(doc, "author_note")[1] == "Please Review!"
    assert kinds(doc, "summary")[0].startswith("AU The difference one spell can make")
    assert kinds(doc, "metadata")[0] == "sarini" and kinds(doc, "metadata")[1].startswith("Rated: Fiction M")
    assert (len(doc.chapters), sum(breaks(doc).values())) == (0, 0)
    meta = doc.metadata
    assert (meta.site, meta.work_id, meta.title, meta.authors, meta.fandoms, meta.rating) == (
        "ffnet", "2790804", "Child of Four", ("sarini",), ("Harry Potter",), "M")
    assert (meta.characters, meta.additional_tags, meta.language) == (("Harry P.", "Draco M."), ("Drama", "Angst"),
                                                                    "English")
    assert (meta.published, meta.updated, meta.words, meta.chapters_posted) == (
        datetime.date(2006, 2, 8), datetime.date(2012, 11, 6), 279295, 78)
    assert (meta.reviews, meta.favs, meta.follows, meta.status) == (1902, 1355, 1758, "in-progress")


def test_ao3_page_with_tilde_breaks_and_a_series():
    doc = structure("mp_Fuuinjutsu.html")
    start, end = story(doc)
    assert start.startswith("Hiruzen stared down at the infant") and end.endswith("Troublesome.")
    assert breaks(doc) == Counter({"~": 18})
    assert kinds(doc, "metadata")[-1].startswith("Series this work belongs to:")
    assert kinds(doc, "title") == ["Fuuinjutsu+Chakra+Bonds+Clones, Should not be mixed by Uzumakis",
                                   "Chapter 1: Chapter 1"]
    meta = doc.metadata
    assert (meta.work_id, meta.authors, meta.fandoms, meta.rating, meta.categories) == (
        "36425557", ("A_Lysdove63",), ("Naruto",), "Not Rated", ("F/M", "Gen", "M/M"))
    assert "Uzumaki Naruto" in meta.characters and "Rookie Nine (Naruto)" in meta.characters
    assert (meta.words, meta.chapters_posted, meta.chapters_total, meta.status) == (16071, 1, None, "in-progress")
    assert (meta.kudos, meta.hits, meta.comments, meta.bookmarks) == (40, 449, 5, 14)


def test_ao3_page_whose_notes_are_a_gift():
    doc = structure("mp_notes.html")
    start, end = story(doc)
    assert start.startswith("They have nothing.") and end.endswith("played with the others copper hair.")
    assert kinds(doc, "summary")[0].startswith("Summary:\n\nHe is theirs")
    assert kinds(doc, "metadata")[-1] == "Notes:\n\nFor biscuitlevitation."
    assert not kinds(doc, "author_note")
    meta = doc.metadata
    assert (meta.work_id, meta.title, meta.rating, meta.published, meta.status) == (
        "23477578", "He is ours", "Mature", datetime.date(2020, 4, 4), "complete")
    assert (meta.kudos, meta.hits, meta.comments, meta.bookmarks) == (1116, 12135, 29, 194)
    assert "CC-2224 | Cody" in meta.characters


def test_ao3_page_with_work_and_chapter_notes():
    doc = structure("mp_quotes.html")
    start, end = story(doc)
    assert start.startswith("Deucalion stares at the stranger") and end.endswith("could actually be friends.")
    assert breaks(doc) == Counter({"* * *": 3})
    notes = kinds(doc, "author_note")
    assert [n[:6] for n in notes] == ["Notes:", "Notes:"] and "[EDIT 9/30/21" in notes[1]
    assert kinds(doc, "title")[1] == "Chapter 1: Deucalion, Paige, and The Argents"
    meta = doc.metadata
    assert (meta.work_id, meta.chapters_posted, meta.chapters_total, meta.words) == ("22989676", 71, None, 165807)
    assert meta.relationships[0] == "Peter Hale/Stiles Stilinski" and len(meta.characters) == 16


def test_fanficfare_epub_keeps_its_title_page():
    doc = structure("wp_like_fire_and_water.epub")
    start, end = story(doc)
    assert start.startswith("“Oh.It’s very tidy") and end.endswith("when all of this is through.”")
    assert kinds(doc, "title") == ["Like Fire and Water by sussexbound", "Like Fire and Water"]
    assert kinds(doc, "summary")[0].startswith("Summary:\n\nAziraphale sits up beside him")
    assert kinds(doc, "author_note")[0].startswith("Author's Note:")
    assert (len(doc.chapters), sum(breaks(doc).values())) == (1, 0)
    meta = doc.metadata
    assert (meta.site, meta.work_id, meta.authors, meta.fandoms) == (
        "ao3", "19153414", ("sussexbound",), ("Good Omens - Neil Gaiman & Terry Pratchett",))
    assert (meta.categories, meta.characters, meta.rating) == (
        ("M/M",), ("Aziraphale (Good Omens)", "Crowley (Good Omens)"), "Teen And Up Audiences")
    assert (meta.words, meta.kudos, meta.comments, meta.status, meta.published) == (
        3419, 1544, 88, "complete", datetime.date(2019, 6, 9))


def test_fichub_epub_of_a_ffnet_story():
    doc = structure("wp_hunted.epub")
    start, end = story(doc)
    assert start.startswith("He scowled at the young beauty") and end.endswith("\"You'd better get used to this.\"")
    assert len(doc.chapters) == 36 and doc.chapters[0].title == "Changes"
    front = [(p.kind, doc.span_text(p)) for p in doc.paratext if p.end <= doc.chapters[0].start]
    assert [k for k, _ in front] == ["title", "metadata", "summary", "metadata"]
    assert front[2][1].startswith("Forced to work together") and front[3][1].endswith("FicHub.net")
    assert breaks(doc) == Counter({"* * *": 123})
    assert len(kinds(doc, "disclaimer")) == 6
    signed = [n for n in kinds(doc, "author_note") if n == "Bex-chan"]
    assert len(signed) >= 10  # the signature under each chapter's closing note
    meta = doc.metadata
    assert (meta.site, meta.work_id, meta.title, meta.authors, meta.rating) == (
        "ffnet", "5853767", "Hunted", ("Bex-chan",), "M")
    assert (meta.characters, meta.additional_tags, meta.language) == (("Draco M.", "Hermione G."),
                                                                     ("Romance", "Mystery"), "English")
    assert (meta.published, meta.updated, meta.words, meta.chapters_posted, meta.status) == (
        datetime.date(2010, 3, 30), datetime.date(2010, 8, 29), 191497, 36, "complete")
    assert (meta.reviews, meta.favs, meta.follows) == (3176, 10275, 3082)


def test_ao3_derived_epub_with_chat_passages():
    doc = structure("wp_crimson_supernova.epub")
    start, end = story(doc)
    assert start.startswith("ignition — [in astronomy]")
    assert end.endswith("Just do it all over again and forget about him.")
    assert len(doc.chapters) == 41 and doc.chapters[0].title == "Chapter 1: ignition"
    assert breaks(doc)["— ⋆⭒˚.⋆ ♄ ⋆⭒˚.⋆ —"] == 90
    front = [(p.kind, doc.span_text(p)) for p in doc.paratext if p.end <= doc.chapters[0].start]
    assert [k for k, _ in front] == ["title", "metadata", "summary", "author_note"]
    assert front[0][1] == "crimson supernova by serenadewave" and front[2][1].startswith("Summary:")
    assert not [n for n in kinds(doc, "author_note") if n.strip() in ("Notes:", "")]  # no empty notes
    messages = [q for q in doc.quotes if q.kind == "message"]
    senders = Counter(doc.span_text(q.cue) for q in messages)
    assert senders["Me"] > 100 and senders["stargazer"] > 30 and senders["sh0ko"] > 0
    assert "PM" not in senders and not any("[" in s or ":" in s for s in senders)
    meta = doc.metadata
    assert (meta.site, meta.work_id, meta.title, meta.authors, meta.rating) == (
        "ao3", "59428288", "crimson supernova", ("serenadewave",), "Explicit")
    assert meta.fandoms == ("呪術廻戦 | Jujutsu Kaisen (Manga)", "呪術廻戦 | Jujutsu Kaisen (Anime)")
    assert (meta.words, meta.chapters_posted, meta.chapters_total, meta.status) == (554172, 41, None, "in-progress")
    assert (meta.published, meta.updated) == (datetime.date(2024, 10, 3), datetime.date(2026, 5, 13))


def test_screenplay_speakers_end_to_end():
    """The speaker stage gives each cued line to the character named at its
    cue: "MARTIN" is Martin, "THE PLAYERS" a speaker of their own."""
    doc = analyze_document(read_path(FILES / "hr_First_as_Farce.html"))
    cued = [q for q in doc.quotes if q.cue is not None]
    names = {c.id: c.name for c in doc.characters}
    assert cued and all(q.evidence == "script" and q.confidence == 1.0 for q in cued)
    assert all(names[q.speaker].upper().endswith(doc.span_text(q.cue).split()[-1]) for q in cued)
    assert {names[q.speaker] for q in cued} == {"Martin", "Bronner", "Siegfried", "the Players"}


def test_every_sample_reads_and_none_is_refused():
    for path in sorted(FILES.iterdir()):
        try:
            read_path(path)
        except InputError as exc:  # pragma: no cover - the failure message names the file
            pytest.fail(str(exc))
