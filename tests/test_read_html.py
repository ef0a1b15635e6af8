"""The HTML reader: layouts (AO3 download and page, FanFiction.net, FanFicFare,
generic), the markup rules of the shared walker, decoding and errors.

Fixtures in tests/fixtures/html are small hand-written imitations of each
site's markup around an invented story.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from fabula.errors import InputError
from fabula.readers import read_bytes
from fabula.readers.html import read_html

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def assert_spans_valid(doc) -> None:
    """Every span lies inside the text and reports exactly a trimmed, non-empty stretch."""
    text = doc.text
    assert text == text.strip()
    assert "\n\n\n" not in text and "  " not in text
    for group in (doc.paratext, doc.chapters, doc.emphasis, doc.rules):
        for span in group:
            assert 0 <= span.start <= span.end <= len(text), span
            assert text[span.start : span.end], span
    for span in (*doc.paratext, *doc.emphasis, *doc.rules, *doc.chapters):
        covered = text[span.start : span.end]
        assert covered == covered.strip(), (span, covered)
    for rule in doc.rules:
        assert text[rule.start : rule.end] == "* * *"
    ordered = sorted(doc.paratext, key=lambda p: p.start)
    for before, after in zip(ordered, ordered[1:]):
        assert before.end <= after.start, (before, after)


def paratext(doc, kind: str | None = None) -> list[str]:
    return [doc.span_text(p) for p in doc.paratext if kind is None or p.kind == kind]


def load(name: str):
    doc = read_html((FIXTURES / name).read_bytes(), name)
    assert_spans_valid(doc)
    return doc


def html(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def read(body: str, head: str = ""):
    doc = read_html(html(body, head), "test.html")
    assert_spans_valid(doc)
    return doc


# --- AO3 download -------------------------------------------------------------------------


def test_ao3_download_oneshot_title_and_layout():
    doc = load("ao3_download_oneshot.html")
    assert doc.source == {"name": "ao3_download_oneshot.html", "format": "html", "layout": "ao3"}
    assert doc.title == "The Lamp Keeper"
    assert "The Lamp Keeper" in paratext(doc, "title")


def test_ao3_download_oneshot_drops_archive_chrome():
    doc = load("ao3_download_oneshot.html")
    for chrome in ("Preface", "Afterword", "drop by the archive", "See the end of the work", "font-family"):
        assert chrome not in doc.text


def test_ao3_download_tags_are_term_value_lines():
    doc = load("ao3_download_oneshot.html")
    tags = next(p for p in paratext(doc, "metadata") if p.startswith("Rating:"))
    assert tags.splitlines() == ["Rating: Teen And Up Audiences", "Fandom: Original Work",
                                 "Character: Wren, Tobias | The Ferryman", "Language: English",
                                 "Series: Part 2 of Lamps",
                                 "Stats: Published: 2021-03-04 Completed: 2021-04-05 Words: 1,180 Chapters: 1/1"]
    assert "by quill" in paratext(doc, "metadata")


def test_ao3_download_summary_and_notes_include_their_labels():
    doc = load("ao3_download_oneshot.html")
    assert paratext(doc, "summary") == ["Summary\n\nWren keeps the lamp lit through the worst storm of the year."]
    assert paratext(doc, "author_note") == [
        "Notes\n\nWritten for a friend who loves lighthouses.",
        "End Notes\n\nThank you for reading!",
    ]


def test_ao3_download_story_is_not_paratext():
    doc = load("ao3_download_oneshot.html")
    for line in ("The wind came off the sea", '"Hold the door," Wren said', "By morning the storm"):
        assert not doc.in_paratext(doc.text.index(line))
    assert doc.chapters == ()


def test_ao3_download_emphasis_and_scene_break():
    doc = load("ao3_download_oneshot.html")
    assert [doc.span_text(e) for e in doc.emphasis] == ["Not tonight", "Not the lamp."]
    assert len(doc.rules) == 1
    assert doc.text.index("* * *") == doc.rules[0].start


def test_ao3_download_chapters_cover_heading_notes_and_text():
    doc = load("ao3_download_chapters.html")
    assert [c.title for c in doc.chapters] == ["Chapter 1: The Ferry", "Chapter 2: The Letter"]
    first, second = (doc.span_text(c) for c in doc.chapters)
    assert first.startswith("Chapter 1: The Ferry\n\nChapter Summary")
    assert first.endswith("Chapter End Notes\n\nMore soon.")
    assert second.startswith("Chapter 2: The Letter") and second.endswith("Tobias wondered.")


def test_ao3_download_preface_is_outside_chapters():
    doc = load("ao3_download_chapters.html")
    work_summary = next(p for p in doc.paratext if p.kind == "summary")
    assert work_summary.end <= doc.chapters[0].start
    assert doc.title == "Salt and Signal"


def test_ao3_download_chapter_paratext():
    doc = load("ao3_download_chapters.html")
    assert "Chapter Summary\n\nTobias arrives." in paratext(doc, "summary")
    assert paratext(doc, "author_note") == ["Chapter Notes\n\nThis one is short.", "Chapter End Notes\n\nMore soon."]
    assert paratext(doc, "title") == ["Salt and Signal", "Chapter 1: The Ferry", "Chapter 2: The Letter"]


# --- AO3 work page --------------------------------------------------------------------------


def test_ao3_download_metadata():
    meta = load("ao3_download_oneshot.html").metadata
    assert (meta.site, meta.url, meta.work_id) == ("archive.example", "http://archive.example/works/1", "1")
    assert (meta.title, meta.authors, meta.rating) == ("The Lamp Keeper", ("quill",), "Teen And Up Audiences")
    assert (meta.fandoms, meta.characters) == (("Original Work",), ("Wren", "Tobias | The Ferryman"))
    assert (meta.language, meta.words, meta.chapters_posted, meta.chapters_total) == ("English", 1180, 1, 1)
    assert (meta.published, meta.updated, meta.status) == (datetime.date(2021, 3, 4), datetime.date(2021, 4, 5),
                                                          "complete")


def test_ao3_page_metadata():
    meta = load("ao3_page.html").metadata
    assert (meta.site, meta.url, meta.work_id) == ("ao3", "https://archiveofourown.org/works/4321", "4321")
    assert (meta.title, meta.authors, meta.rating) == ("Salt and Signal", ("quill",), "General Audiences")
    assert (meta.warnings, meta.categories, meta.fandoms) == (("No Archive Warnings Apply",), ("F/M", "Gen"),
                                                             ("Original Work",))
    assert (meta.relationships, meta.characters) == (("Wren/Tobias",), ("Wren | The Keeper", "Tobias"))
    assert meta.additional_tags == ("Slow Burn", "Letters")
    assert (meta.published, meta.updated, meta.status) == (datetime.date(2020, 1, 2), datetime.date(2020, 2, 3),
                                                          "in-progress")
    assert (meta.words, meta.chapters_posted, meta.chapters_total) == (1234, 2, None)
    assert (meta.comments, meta.kudos, meta.bookmarks, meta.hits) == (5, 67, 8, 910)
    assert load("ao3_page.html").to_dict()["metadata"]["published"] == "2020-01-02"


def test_ao3_page_layout_and_title():
    doc = load("ao3_page.html")
    assert doc.source["layout"] == "ao3-page"
    assert doc.title == "Salt and Signal"


def test_ao3_page_drops_site_chrome():
    doc = load("ao3_page.html")
    for chrome in ("Archive of Our Own", "Fandoms", "Kudos ♥", "Bookmark\n", "Comment here", "reader said hello",
                   "Archive footer", "Chapter Text", "Actions", "SCRIPT TEXT", "See the end", "Main Content"):
        assert chrome not in doc.text, chrome


def test_ao3_page_paratext_kinds():
    doc = load("ao3_page.html")
    assert paratext(doc, "summary") == ["Summary:\n\nTwo keepers, one island, a winter of letters.",
                                        "Summary:\n\nTobias arrives."]
    assert paratext(doc, "author_note") == ["Notes:\n\nThanks to my beta reader.", "Notes:\n\nThis one is short.",
                                            "Notes:\n\nMore soon.", "Notes:\n\nThank you for reading!"]
    tags = paratext(doc, "metadata")[0]
    assert tags.startswith("Rating: General Audiences\n") and "\nLanguage: English\n" in tags


def test_ao3_page_chapters_and_italic_style():
    doc = load("ao3_page.html")
    assert [c.title for c in doc.chapters] == ["Chapter 1: The Ferry", "Chapter 2: The Letter"]
    assert doc.span_text(doc.chapters[0]).endswith("Notes:\n\nMore soon.")
    assert "Thank you for reading!" not in doc.span_text(doc.chapters[1])
    assert [doc.span_text(e) for e in doc.emphasis] == ["Who sends a letter to an island?"]
    assert not doc.in_paratext(doc.text.index("The ferry was late"))


# --- FanFiction.net ---------------------------------------------------------------------------


def test_ffnet_story_and_titles():
    doc = load("ffnet.html")
    assert doc.source["layout"] == "ffnet"
    assert doc.title == "The Lamp Keeper"
    assert paratext(doc, "title") == ["The Lamp Keeper", "2. Fog"]
    assert paratext(doc, "summary") == ["Wren keeps the lamp lit through the storm."]
    assert paratext(doc, "metadata")[0] == "quill"
    assert paratext(doc, "metadata")[1].startswith("Rated: Fiction T - English")
    assert doc.text.endswith("The bell rang twice.")
    assert [doc.span_text(e) for e in doc.emphasis] == ["Trust the bell"]
    assert len(doc.rules) == 1


def test_ffnet_metadata():
    meta = load("ffnet.html").metadata
    assert (meta.site, meta.url, meta.work_id) == ("ffnet", "https://www.fanfiction.net/s/2468/2/The-Lamp-Keeper", "2468")
    assert (meta.title, meta.authors, meta.fandoms, meta.rating) == ("The Lamp Keeper", ("quill",), ("Lighthouses",), "T")
    assert meta.characters == ("Wren L.", "Tobias K.", "Old Sam")
    assert meta.relationships == ("Wren L./Tobias K.",)
    assert meta.additional_tags == ("Drama", "Hurt/Comfort")
    assert (meta.language, meta.words, meta.chapters_posted, meta.status) == ("English", 1234, 2, "in-progress")
    assert (meta.reviews, meta.favs, meta.follows) == (12, 3, 4)
    assert (meta.published, meta.updated) == (datetime.date(2019, 7, 2), datetime.date(2021, 3, 14))


def test_ffnet_old_layout_keeps_its_header():
    doc = load("ffnet_old.html")
    assert doc.source["layout"] == "ffnet"
    assert paratext(doc, "title") == ["The Salt Road", "3. The Ford"]
    assert paratext(doc, "summary") == ["Two carters, one road, and a river that will not wait."]
    meta = doc.metadata
    assert (meta.authors, meta.rating, meta.characters, meta.status) == (("inkwell",), "K+", ("Hob", "Ada L."), "complete")
    assert (meta.published, meta.updated, meta.work_id) == (datetime.date(2008, 2, 1), datetime.date(2009, 11, 30), "1357")
    assert doc.text.endswith("The river let them pass.")


def test_ffnet_drops_the_site_around_the_work():
    doc = load("ffnet.html")
    for chrome in ("Follow/Fav", "unleash", "Misc", "1. Storm", "Type your review", "Privacy Policy", "By:"):
        assert chrome not in doc.text, chrome


# --- FanFicFare ---------------------------------------------------------------------------------


def test_fanficfare_title_front_matter_and_toc():
    doc = load("fanficfare.html")
    assert doc.source["layout"] == "fanficfare"
    assert doc.title == "Salt and Signal"
    assert paratext(doc, "title")[0] == "Salt and Signal by quill"
    assert paratext(doc, "metadata") == ["Category: Original Work\n\nStatus: In-Progress\n\nWords: 1,234"]
    assert "Table of Contents" not in doc.text and ".fff_chapter_notes" not in doc.text


def test_fanficfare_front_matter_fills_the_metadata():
    meta = load("fanficfare.html").metadata
    assert (meta.title, meta.authors, meta.url) == ("Salt and Signal", ("quill",), "https://archive.example/works/1")
    assert (meta.fandoms, meta.status, meta.words) == (("Original Work",), "in-progress", 1234)


def test_fanficfare_notes_split_by_label():
    doc = load("fanficfare.html")
    assert paratext(doc, "author_note") == ["Author's Note:\n\nThanks to my beta reader.",
                                            "Notes for the Chapter:\n\nMore soon."]
    assert paratext(doc, "summary") == ["Summary for the Chapter:\n\nTobias arrives."]


def test_fanficfare_chapters():
    doc = load("fanficfare.html")
    assert [c.title for c in doc.chapters] == ["The Ferry", "The Letter"]
    assert doc.span_text(doc.chapters[1]).endswith("Spring came late.")
    assert doc.chapters[0].start > doc.paratext[1].end  # front matter is outside


def test_fanficfare_notes_are_notes_whatever_their_label():
    doc = read('<div class="fff_chapter_notes fff_head_notes"><b>Nota:</b><blockquote>Grazie!</blockquote>'
               '<b>Description:</b><blockquote>A quiet tale.</blockquote><hr/></div><p>Story begins.</p>')
    assert paratext(doc, "author_note") == ["Nota:\n\nGrazie!"]
    assert paratext(doc, "summary") == ["Description:\n\nA quiet tale."]
    assert len(doc.rules) == 1 and not doc.in_paratext(doc.rules[0].start)


def test_fanficfare_unlabelled_note():
    doc = read('<div class="fff_chapter_notes">Thanks for reading, see you soon.</div><p>Story.</p>')
    assert paratext(doc, "author_note") == ["Thanks for reading, see you soon."]


# --- Generic HTML -------------------------------------------------------------------------------


def test_generic_title_chapters_and_rules():
    doc = load("generic.html")
    assert doc.source["layout"] == "generic"
    assert doc.title == "Harbour Lights"
    assert paratext(doc, "title") == ["Harbour Lights", "Chapter One: Arrival", "Chapter Two: Departure"]
    assert [c.title for c in doc.chapters] == ["Chapter One: Arrival", "Chapter Two: Departure"]
    assert doc.span_text(doc.chapters[0]).endswith("There should be thirteen.")
    assert [doc.span_text(r) for r in doc.rules] == ["* * *"]


def test_generic_drops_head_script_comments_and_noscript():
    doc = load("generic.html")
    for hidden in ("web page title", "margin", "console.log", "comment", "Enable JavaScript"):
        assert hidden not in doc.text


def test_generic_text_rules():
    doc = load("generic.html")
    assert '"Is that the last boat?" asked Wren.\nNobody answered.' in doc.text
    assert "Tobias packed his bag in the dark." in doc.text
    assert "“I’ll write,” he said." in doc.text
    assert [doc.span_text(e) for e in doc.emphasis] == ["Twelve. There should be thirteen.", "He won't, not really"]


def test_generic_without_h1_takes_title_from_head():
    doc = read("<p>Just a story.</p>", head="<title>Head Title</title>")
    assert doc.title == "Head Title"
    assert doc.paratext == () and doc.text == "Just a story."


INJECTED = "<script>(function(w){w.pageSpeed={queue:[]};/* PAGE SPEED SCRIPT */})(window);</script>"


@pytest.mark.parametrize("head, body, title", [
    # A script injected into the head that landed inside <title>, which the parser keeps as raw text.
    (f"<title>{INJECTED}The Salt Road | Wattpad</title>", "<p>Story.</p>", "The Salt Road"),
    (f"{INJECTED}<style>p {{ margin: 0 }}</style><title>The Salt Road</title>", "<p>Story.</p>", "The Salt Road"),
    ("<noscript><title>Enable JavaScript</title></noscript><title>The Salt Road</title>", "<p>Story.</p>",
     "The Salt Road"),
    ("", "<svg><title>logo</title></svg><p>Story.</p>", None),
    ("<title>The Salt Road - quill - Roads [Archive of Our Own]</title>", "<p>Story.</p>", "The Salt Road - quill - Roads"),
    ("<title>\n  The Salt Road\n  Chapter 3\n</title>", "<p>Story.</p>", "The Salt Road Chapter 3"),
    ("<title>" + "var x = 1; " * 40 + "</title>", "<p>Story.</p>", None),  # no title is that long
    ("", f"<h1><img src='logo.png'><noscript><img src='logo.png'> PAGE SPEED SCRIPT</noscript>{INJECTED}"
         "<template><b>PAGE SPEED SCRIPT</b></template>The Salt Road</h1><p>Story.</p>", "The Salt Road"),
])
def test_titles_are_one_line_of_text_without_code_or_site_names(head, body, title):
    doc = read(body, head)
    assert doc.title == title and doc.metadata.title in (title, None)
    assert "PAGE SPEED" not in doc.to_json() and "Enable JavaScript" not in doc.to_json()


def test_code_inside_a_sites_title_and_tags_is_not_text():
    page = (FIXTURES / "ao3_page.html").read_text(encoding="utf-8")
    page = page.replace('<h2 class="title heading">Salt and Signal</h2>',
                        f'<h2 class="title heading">Salt and Signal{INJECTED}</h2>')
    page = page.replace("Wren | The Keeper</a>", f"Wren | The Keeper</a><style>.tag {{ PAGE SPEED SCRIPT }}</style>")
    doc = read_html(page.encode(), "page.html")
    assert doc.title == doc.metadata.title == "Salt and Signal"
    assert doc.metadata.characters == ("Wren | The Keeper", "Tobias")
    assert "PAGE SPEED" not in doc.to_json()


def test_single_chapter_heading_makes_no_chapters():
    doc = read("<h2>Chapter 1</h2><p>Only one.</p>")
    assert doc.chapters == ()


# --- Walker rules ---------------------------------------------------------------------------------


def test_br_is_a_line_break_and_two_are_a_paragraph():
    assert read("<p>one<br>two<br/><br/>three</p>").text == "one\ntwo\n\nthree"


def test_blocks_never_leave_more_than_one_blank_line():
    doc = read("<div>\n <p> </p><p>a</p><br><br><br><p>&nbsp;</p>\n<div><div>b</div></div> </div>")
    assert doc.text == "a\n\nb"


def test_emphasis_is_trimmed_merged_and_never_empty():
    doc = read("<p>She <i> whispered </i><em></em>, <i>soft</i><i>ly</i> and <cite>The Sea</cite>.</p>")
    assert [doc.span_text(e) for e in doc.emphasis] == ["whispered", "softly", "The Sea"]


def test_nested_italics_make_one_span():
    doc = read("<p><i>all <em>of</em> this</i></p>")
    assert [doc.span_text(e) for e in doc.emphasis] == ["all of this"]


def test_hr_is_a_rule_paragraph():
    doc = read("<p>before</p><hr><p>after</p>")
    assert doc.text == "before\n\n* * *\n\nafter"
    assert [(r.start, r.end) for r in doc.rules] == [(8, 13)]


def test_pre_keeps_its_lines():
    assert read("<pre>line one\nline two\n\nline four</pre>").text == "line one\nline two\n\nline four"


def test_tables_and_definition_lists():
    doc = read("<table><tr><td>Words:</td><td>12</td></tr><tr><td>Status:</td><td>Done</td></tr></table>"
               "<dl><dt>Rating:</dt><dd><ul><li>General</li><li>Teen</li></ul></dd><dt>Fandom:</dt><dd>None</dd></dl>")
    assert doc.text == "Words: 12\n\nStatus: Done\n\nRating: General Teen\nFandom: None"


def test_deep_nesting_is_walked_without_recursion():
    doc = read("<div>" * 2000 + "<i>deep</i>" + "</div>" * 2000 + "<p>after</p>")
    assert doc.text == "deep\n\nafter"
    assert [doc.span_text(e) for e in doc.emphasis] == ["deep"]


def test_nesting_beyond_the_parser_limit_is_an_error_not_lost_text():
    with pytest.raises(InputError) as caught:
        read_html(html("<div>" * 3000 + "deep" + "</div>" * 3000), "deep.html")
    assert str(caught.value).startswith("deep.html: markup nests too deeply")


# --- Decoding and errors ---------------------------------------------------------------------------


def test_meta_charset_is_respected():
    data = '<html><head><meta charset="windows-1252"></head><body><p>“Caf\xe9,” she said.</p></body></html>'
    doc = read_html(data.encode("cp1252"), "cp.html")
    assert doc.text == "“Café,” she said."


def test_utf16_with_bom():
    doc = read_html("\ufeff<html><body><p>Wide text</p></body></html>".encode("utf-16-le"), "wide.html")
    assert doc.text == "Wide text"


def test_xhtml_with_xml_declaration():
    data = b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>X</p></body></html>'
    assert read_html(data, "x.xhtml").text == "X"


@pytest.mark.parametrize("data", [b"<html><body></body></html>", b"<html><head><title>t</title></head></html>",
                                  b"<script>alert(1)</script>", b"   ", b"<!-- nothing -->"])
def test_no_body_text_is_an_input_error(data):
    with pytest.raises(InputError) as caught:
        read_html(data, "empty.html")
    assert str(caught.value) == "empty.html: HTML has no body text"


def test_binary_data_is_an_input_error():
    with pytest.raises(InputError) as caught:
        read_html(b"<html>" + bytes(range(256)) * 40, "binary.html")
    assert "binary.html" in str(caught.value) and "\n" not in str(caught.value)


def test_dispatch_from_read_bytes():
    doc = read_bytes((FIXTURES / "generic.html").read_bytes(), "generic.html")
    assert doc.source["format"] == "html" and doc.title == "Harbour Lights"


# --- pages that are not works --------------------------------------------------------------------


@pytest.mark.parametrize("markup, what", [
    ("<form id='new_user_session'><input name='user[login]'><input type='password' name='user[password]'>"
     "</form><p>Sorry, you don't have permission to access the page you were trying to reach.</p>",
     "a login page, not a work"),
    ("<div class='z-list'>A story</div><div class='z-list'>Another</div>",
     "a FanFiction.net list of stories, not a work"),
])
def test_pages_that_are_not_works_get_one_line_saying_what_they_are(markup, what):
    with pytest.raises(InputError) as caught:
        read_html(f"<html><body><ul class='primary navigation'><li>Fandoms</li><li>Browse</li></ul>{markup}"
                  "</body></html>".encode(), "page.html")
    assert caught.value.problem.startswith(what) and "\n" not in str(caught.value)
