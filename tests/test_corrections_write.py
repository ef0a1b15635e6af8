"""Corrections written back as a file: every section, read back the same,
line numbers included (warnings name them)."""

from dataclasses import replace

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fabula.corrections import Corrections, SpeakerFix, format_corrections, parse_corrections
from fabula.corrections.file import opening_key
from fabula.corrections.write import opening_words
from fabula.writers.casting import Voice

FULL = Corrections(
    source="fix.yaml",
    new_characters=("Mei Terumi", "No"),
    not_characters=("Konoha",),
    split=("Mrs. Weston",),
    merge=(("Kakashi", "Mr. Hatake", "Scarecrow"), ("Ino", "Ino-pig")),
    rename=(("Ino-pig", "Ino Yamanaka"), ("yes", "#1 fan")),
    gender=(("Hoshi", "male"),),
    voices=(("Ino", Voice("en-us+f3", -20, 110)), ("narrator", Voice("en-gb-x-rp", -5, 95))),
    speakers=(
        SpeakerFix("Ino", 'Hey forehead, "quoted"…', "q41"),
        SpeakerFix(None, None, "q2"),
        SpeakerFix("Sakura", "Later", all=True),
        SpeakerFix("Naruto", "Fine", "q7", addressees=("Sakura", "Ino: the pig")),
        SpeakerFix("Sasuke", "Stay", "q9", keep_speaker=True, found="Sasuke"),
        SpeakerFix("Sasuke", "No", "q10", found="Naruto"),
    ),
)


def read_back(corrections):
    text = format_corrections(corrections, "chapter.txt")
    return text, parse_corrections(text, "fix.yaml")


def test_every_section_reads_back_the_same():
    text, again = read_back(FULL)
    assert text.startswith("# fabula corrections for chapter.txt\n")
    lines = text.splitlines()
    assert [replace(f, line=0) for f in again.speakers] == list(FULL.speakers)
    for fix in again.speakers:
        assert lines[fix.line - 1].startswith("  - ")
    assert replace(again, speakers=FULL.speakers) == FULL
    assert yaml.safe_load(text)["merge"][0] == ["Kakashi", "Mr. Hatake", "Scarecrow"]


def test_nothing_is_an_empty_file():
    text, again = read_back(Corrections(source="fix.yaml"))
    assert again == Corrections(source="fix.yaml") and all(line.startswith("#") for line in text.splitlines())


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
    lambda s: s.strip() and s == " ".join(s.split()))


@settings(max_examples=60, deadline=None)
@given(st.lists(names, min_size=2, max_size=4, unique=True), names, names)
def test_any_names_read_back(group, old, new):
    assume(opening_key(old))  # a quotation named by quote marks alone is refused, as it should be
    corrections = Corrections(source="fix.yaml", merge=(tuple(group),), rename=((old, new),),
                              speakers=(SpeakerFix(new, old, "q1", addressees=tuple(group)),))
    _, again = read_back(corrections)
    assert again.merge == corrections.merge and again.rename == corrections.rename
    assert replace(again.speakers[0], line=0) == corrections.speakers[0]


def test_opening_words():
    assert opening_words("One two three four five six seven") == "One two three four five six…"
    assert opening_words("Hey\n forehead,") == "Hey forehead,"
