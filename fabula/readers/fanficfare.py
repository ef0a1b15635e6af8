"""FanFicFare's chapter pages, in its HTML output and its EPUBs.

Chapters are headed by `h3.fff_chapter_title` (or, in its HTML, an anchor
`section…` around an `h2`); everything before the first chapter is its own
front matter (metadata, read as `Label: value` lines into the work's
metadata, and a table of contents that is dropped). Notes it
carries over from the site are wrapped in `div.fff_chapter_notes`, where each
bold label starts a note of its own: a summary when the label says so, else
an author's note, whatever the wording (users configure the labels). Its
title page is front matter like other tools' (see `frontmatter`).
"""

from __future__ import annotations

import re

from lxml import etree

from .markup import TextBuilder, plain, span_over, walk
from .metadata import label_line
from .pages import Page, body_of, finish, has_class, span_of, top_blocks

_SUMMARY_WORD = re.compile(r"summary|description", re.IGNORECASE)


def chapters(builder: TextBuilder, root: etree._Element) -> Page:
    body = body_of(root)
    headings = []
    for element in body.iter(etree.Element):
        if has_class(element, "fff_chapter_title"):
            headings.append(element)
        elif element.tag == "a" and (element.get("name") or "").startswith("section"):
            heading = element.find(".//h2")  # FanFicFare's HTML wraps each chapter heading in an anchor
            headings.append(heading if heading is not None else element)
    blocks = top_blocks(headings, body)
    groups = [("title", [h]) for h in headings]
    drop: set = set()
    h1 = body.find(".//h1")
    # Everything FanFicFare writes before the first chapter is its own front matter.
    for child in body.iterchildren(etree.Element) if blocks else ():
        if child is blocks[0]:
            break
        if child.tag == "a" and child.get("name") == "TOCTOP":
            drop.add(child)
            contents = child.getnext()
            if contents is not None and contents.tag == "p":
                drop.add(contents)
        elif child not in drop:
            groups.append(("title" if child is h1 else "metadata", [child]))
    handlers = {div: _notes for div in body.iter("div") if has_class(div, "fff_chapter_notes")}
    heads = [(block, plain(h)) for block, h in zip(blocks, headings)]
    page, regions = finish(builder, body, drop=drop, groups=groups, chapter_heads=heads, handlers=handlers)
    if h1 is not None:  # "<a href=story>Title</a> by <a href=author>Author</a>"
        links = h1.findall(".//a")
        page.title = plain(links[0]) if links and plain(links[0]) else plain(h1)
        if links:
            page.fields.add_url(links[0].get("href") or "")
        if len(links) > 1:
            page.fields.set("authors", plain(links[1]))
    page.heading = heads[0][1] if heads else None
    page.fields.set("title", page.title)
    for kind, elements in groups:
        span = span_over(regions, elements)
        if kind != "metadata" or span is None:
            continue
        for line in builder.slice(*span).splitlines():
            labelled = label_line(line)
            if labelled:
                page.fields.add_labelled(*labelled)
    return page


def _notes(builder: TextBuilder, notes: etree._Element) -> None:
    """One FanFicFare notes div: each bold label starts a summary or note of its own."""
    builder.paragraph_break()
    kind = "author_note"
    region = builder.open_region()
    builder.text(notes.text)
    for child in notes.iterchildren():
        is_rule = child.tag == "hr"
        if is_rule or child.tag in ("b", "strong"):
            builder.add_paratext(span_of(builder.close_region(region)), kind)
            if is_rule:
                walk(builder, child)  # a separator, part of neither note
            else:
                kind = "summary" if _SUMMARY_WORD.search(plain(child)) else "author_note"
            region = builder.open_region()
        if not is_rule:
            walk(builder, child)
        builder.text(child.tail)
    builder.add_paratext(span_of(builder.close_region(region)), kind)
    builder.paragraph_break()
