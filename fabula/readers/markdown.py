"""Markdown reader: CommonMark (markdown-it-py) rendered to HTML, then read
with the shared walker, so emphasis, rules and paragraphs become the same
spans as in HTML and backslash escapes (`half\\-listened`) and markup never
reach the text.

Headings carry the structure, as Markdown exports of fan fiction write it
(`# Title`, `## Chapter End Notes`):

- a heading that is a summary label ("Summary", "Chapter Summary") or a notes
  label ("Notes", "Chapter End Notes", "Author's Note") makes the heading and
  everything up to the next heading a summary or an author's note;
- other headings are titles; when two or more of them share the level that
  most of them have, each starts a chapter (the first one alone at a higher
  level, the work's title, does not);
- before the first chapter (or, with none, before the story), `Label: value`
  lines (`**Rating:** Mature`), a byline ("by quill") and a bare URL are
  metadata and fill the work's metadata;
- YAML front matter (`---` lines around it, as Jekyll, Hugo and archive
  backup tools write it) is read as those labelled lines, its summary and
  notes as their headings; a summary or notes heading ends at the next
  heading or at a thematic break.

A line break inside a paragraph stays a line break (CommonMark would make it
a space), since in a story it is the author's: a chat log, a cue line, a
poem. Raw HTML in the Markdown is shown as text, not interpreted: a story file
is not a web page.
"""

from __future__ import annotations

import re
from collections import Counter

import yaml
from markdown_it import MarkdownIt
from lxml import etree

from ..errors import InputError
from ..model import Document
from .markup import HEADING_TAGS, TextBuilder, parse_markup, plain
from .metadata import Fields, is_known_label, label_line
from .pages import body_of, finish
from .text import decode_bytes

_SUMMARY = re.compile(r"(?:chapter\s+|work\s+)?(?:summary|description)\s*:?", re.IGNORECASE)
_NOTES = re.compile(r"(?:chapter\s+|work\s+)?(?:(?:beginning|end|start)\s+)?(?:author'?s?'?\s+)?notes?\s*:?|a/n\s*:?",
                    re.IGNORECASE)
_BYLINE = re.compile(r"by\s*:?\s+(\S.{0,80})", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")
# A line break in a story file is the author's (a chat log, a poem, a cue line).
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True})


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def read_markdown(data: bytes, name: str) -> Document:
    source = decode_bytes(data, name)
    if not source.strip():
        raise InputError(name, "file has no text")
    source = _front_matter_as_markdown(source)
    root = parse_markup(f"<html><body>{_MARKDOWN.render(source)}</body></html>")
    body = body_of(root)
    blocks = list(body.iterchildren(etree.Element))
    heads = [b for b in blocks if b.tag in HEADING_TAGS]
    labelled = {h: _heading_kind(h) for h in heads}
    titles = [h for h in heads if labelled[h] == "title"]
    level = Counter(h.tag for h in titles).most_common(1)[0][0] if titles else None
    chapter_heads = [h for h in titles if h.tag == level]
    if len(chapter_heads) < 2:
        chapter_heads = []
    groups = [("title", [h]) for h in titles]
    for i, head in enumerate(heads):
        if labelled[head] != "title":
            following = blocks[blocks.index(head) + 1 : blocks.index(heads[i + 1]) if i + 1 < len(heads) else None]
            ended = next((j for j, b in enumerate(following) if b.tag == "hr"), len(following))
            groups.append((labelled[head], [head, *following[:ended]]))
    fields = Fields()
    start = blocks.index(chapter_heads[0]) if chapter_heads else next(
        (i for i, b in enumerate(blocks) if b.tag not in HEADING_TAGS and not _front_line(b)), len(blocks))
    for block in blocks[:start]:
        if block.tag not in HEADING_TAGS and _front_line(block) and not _in_groups(block, groups):
            groups.append(("metadata", [block]))
            _read_front_line(block, fields)
    builder = TextBuilder()
    page, _ = finish(builder, body, groups=groups, chapter_heads=[(h, plain(h)) for h in chapter_heads])
    if builder.length == 0:
        raise InputError(name, "file has no text")
    if len(page.chapters) >= 2:
        builder.chapters.extend(page.chapters)
    title = plain(titles[0]) if titles and (not chapter_heads or titles[0] not in chapter_heads) else None
    fields.set("title", title)
    return builder.document(title, {"name": name, "format": "md", "layout": "markdown"}, fields.build())


def _front_matter_as_markdown(source: str) -> str:
    """YAML front matter rewritten as the Markdown fabula reads as front
    matter: `Label: value` lines for the fields fabula knows (a date is the
    publication date, any key ending in "url" the address), then the summary
    and notes under their headings, then a thematic break before the story.
    Other fields are left out; front matter that is not a YAML mapping is
    left as it is."""
    m = _FRONT_MATTER.match(source)
    if not m:
        return source
    try:
        fields = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return source
    if not isinstance(fields, dict):
        return source
    lines, sections = [], []
    for key, value in fields.items():
        if value is None or value == "" or value == []:
            continue
        label = str(key).replace("_", " ").strip().capitalize()
        label = "Published" if label == "Date" else "URL" if label.lower().endswith("url") else label
        value = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        if _SUMMARY.fullmatch(label) or _NOTES.fullmatch(label):
            sections.append(f"## {label}\n\n{value.strip()}")
        elif is_known_label(label):
            lines.append(f"{label}: {' '.join(value.split())}")
    front = "\n".join(_escape_line(line) for line in lines)
    return "\n\n".join(part for part in (front, *sections) if part) + "\n\n---\n\n" + source[m.end() :]


def _escape_line(line: str) -> str:
    # A value may open with what Markdown reads as markup ("- a", "# b").
    return line.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


def _heading_kind(heading: etree._Element) -> str:
    text = plain(heading)
    if _SUMMARY.fullmatch(text):
        return "summary"
    if _NOTES.fullmatch(text):
        return "author_note"
    return "title"


def _front_line(block: etree._Element) -> bool:
    """A paragraph of `Label: value` lines, a byline or a bare URL."""
    if block.tag != "p":
        return False
    lines = [line for line in block.text_content().split("\n") if line.strip()]
    return bool(lines) and all(_is_front(line.strip()) for line in lines)


def _is_front(line: str) -> bool:
    labelled = label_line(line)
    return bool((labelled and is_known_label(labelled[0])) or _BYLINE.fullmatch(line) or _URL.fullmatch(line))


def _read_front_line(block: etree._Element, fields: Fields) -> None:
    for line in (line.strip() for line in block.text_content().split("\n")):
        labelled = label_line(line)
        byline = _BYLINE.fullmatch(line)
        if labelled and is_known_label(labelled[0]):
            fields.add_labelled(*labelled)
        elif byline:
            fields.set("authors", byline.group(1).strip())
        elif _URL.fullmatch(line):
            fields.add_url(line)


def _in_groups(block: etree._Element, groups: list) -> bool:
    return any(block in elements for _, elements in groups)
