"""The Markdown reader: markup out of the text, headings as chapters,
summaries and notes, front lines as metadata."""

from pathlib import Path

import pytest

import fabula
from conftest import assert_offsets
from fabula.readers import read_bytes, read_path

FIXTURE = Path(__file__).parent / "fixtures" / "markdown" / "chapter.md"


def paratext(doc, kind):
    return [doc.span_text(p) for p in doc.paratext if p.kind == kind]


def test_markup_and_escapes_never_reach_the_text():
    doc = read_path(FIXTURE)
    assert doc.source == {"name": str(FIXTURE), "format": "md", "layout": "markdown"}
    assert "half-listened" in doc.text and "\\" not in doc.text
    assert "#" not in doc.text and "**" not in doc.text
    assert [doc.span_text(e) for e in doc.emphasis] == ["time", "Not again"]
    assert [doc.span_text(r) for r in doc.rules] == ["* * *"]


def test_headings_give_title_chapters_summary_and_notes():
    doc = read_path(FIXTURE)
    assert doc.title == "The Tide Clock"
    assert [c.title for c in doc.chapters] == ["Chapter 1: Low Water", "Chapter 2: High Water"]
    assert paratext(doc, "summary") == ["Summary\n\nWren keeps the clock; Tobias keeps time."]
    assert paratext(doc, "author_note") == ["Chapter End Notes\n\nThank you for reading! More soon."]
    assert paratext(doc, "title") == ["The Tide Clock", "Chapter 1: Low Water", "Chapter 2: High Water"]


def test_front_lines_are_metadata():
    doc = read_path(FIXTURE)
    assert paratext(doc, "metadata")[:2] == ["by quill", "https://archiveofourown.org/works/424242"]
    meta = doc.metadata
    assert (meta.site, meta.work_id, meta.authors, meta.rating) == ("ao3", "424242", ("quill",), "General Audiences")
    assert (meta.fandoms, meta.characters) == (("Lighthouse Keepers (Original Work)",), ("Wren", "Tobias"))


def test_analysis_keeps_offsets_and_finds_the_screenplay_lines():
    doc = fabula.analyze_file(FIXTURE)
    assert_offsets(doc)
    cued = [(doc.span_text(q), doc.span_text(q.cue)) for q in doc.quotes if q.cue]
    assert cued == [("Who wound it?", "MARTA"), ("Nobody did.", "TOBIAS"), ("Then we wait.", "MARTA"),
                    ("Nor I.", "TOBIAS")]
    assert not doc.in_paratext(doc.text.index("Wren half-listened"))


def test_markdown_suffix_and_empty_file():
    assert read_bytes(b"# Only\n\nA line.", "x.md", fmt="md").title == "Only"
    with pytest.raises(fabula.InputError, match="file is empty"):
        read_bytes(b"   \n", "x.md", fmt="md")


FRONT_MATTER = """---
title: 'The Tide Clock'
ao3_url: https://archiveofourown.org/works/424242
author: quill
date: '2023-03-03'
fandom:
- Tide Clocks (Original)
characters:
- Wren
- Tobias
rating: Teen And Up Audiences
summary: Wren keeps the clock.
notes: 'For my friends.'
build: 3
---

"Late again," Wren said.
"""


def test_yaml_front_matter_is_metadata_summary_and_notes_before_the_story():
    doc = read_bytes(FRONT_MATTER.encode(), "tide.md", fmt="md")
    assert_offsets(doc)
    meta = doc.metadata
    assert (meta.title, meta.authors, meta.fandoms, meta.characters, meta.rating, meta.work_id) == (
        "The Tide Clock", ("quill",), ("Tide Clocks (Original)",), ("Wren", "Tobias"), "Teen And Up Audiences",
        "424242")
    assert paratext(doc, "summary") == ["Summary\n\nWren keeps the clock."]
    assert paratext(doc, "author_note") == ["Notes\n\nFor my friends."]
    assert "build" not in doc.text.lower() and "---" not in doc.text
    story = fabula.analyze_document(doc)
    assert [story.span_text(q) for q in story.quotes] == ["Late again,"]


def test_front_matter_that_is_no_mapping_is_left_as_text():
    doc = read_bytes(b"---\njust a line\n---\n\nThe story.\n", "odd.md", fmt="md")
    assert "just a line" in doc.text and "The story." in doc.text


def test_a_summary_heading_ends_at_a_thematic_break():
    doc = read_bytes(b"## Summary\n\nA clock.\n\n---\n\nThe story begins.\n", "s.md", fmt="md")
    assert paratext(doc, "summary") == ["Summary\n\nA clock."]
