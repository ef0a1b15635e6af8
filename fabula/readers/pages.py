"""What the page layouts share: the `Page` a layout returns, the one walk
that turns recorded regions into paratext and chapters (`finish`), and small
tree helpers.

A layout (one per site family, in `ao3`, `ffnet`, `fanficfare`,
`frontmatter` and `html`) says which elements are site chrome (dropped),
which are paratext and where chapters start; `finish` walks the page once
with the shared walker in `markup`, so every span lines up with the text by
construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from ..model import Chapter
from .markup import TextBuilder, plain, span_over, walk
from .metadata import Fields, work_title

_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!]")


def cls(name: str) -> str:
    """XPath test for one class token."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@dataclass
class Page:
    """What one parsed page contributed besides text and spans."""

    title: str | None = None  # the work's title, when the page shows it
    heading: str | None = None  # the page's own heading, a chapter title for EPUB
    chapters: list[Chapter] = field(default_factory=list)
    fields: Fields = field(default_factory=Fields)  # what the page says about the work
    site: str | None = None


def finish(builder: TextBuilder, body, *, drop=frozenset(), groups=(), chapter_heads=(), handlers=None,
           watch=frozenset()) -> tuple[Page, dict]:
    """Walk the page once, then turn the recorded regions into paratext and chapters.

    `groups` are (kind, elements) paratext spans; `chapter_heads` are
    (block, title) pairs, each chapter running to the next block or to the end
    of the last block's parent.
    """
    blocks = [block for block, _ in chapter_heads]
    container = blocks[-1].getparent() if blocks else None
    watched = set(watch).union(blocks, *(elements for _, elements in groups))
    if container is not None:
        watched.add(container)
    regions = walk(builder, body, drop=drop, watch=watched, handlers=handlers)
    for kind, elements in groups:
        builder.add_paratext(span_over(regions, elements), kind)
    chapters = []
    for i, (block, title) in enumerate(chapter_heads):
        region = regions.get(block)
        if region is None or region.start is None:
            continue
        following = regions.get(blocks[i + 1]) if i + 1 < len(blocks) else None
        end = following.before if following is not None else regions[container].end
        if end > region.start:
            chapters.append(Chapter(region.start, end, title))
    heading = next((title for _, title in chapter_heads if title), None)
    return Page(heading=heading, chapters=chapters), regions


def walk_as(builder: TextBuilder, element: etree._Element, kind: str) -> None:
    """Walk one element on its own, as a paragraph of paratext."""
    builder.paragraph_break()
    regions = walk(builder, element, watch={element})
    builder.add_paratext(span_over(regions, [element]), kind)
    builder.paragraph_break()


def top_blocks(headings: list, root: etree._Element) -> list:
    """The ancestors of the headings that are siblings under their nearest
    common ancestor (`root` for a lone heading): a chapter runs from one of
    them to the next."""
    if not headings:
        return []
    common = headings[0].getparent() if len(headings) > 1 else root
    while common is not None and not all(inside(h, common) for h in headings):
        common = common.getparent()
    blocks = []
    for heading in headings:
        block = heading
        while block.getparent() is not common:
            block = block.getparent()
        blocks.append(block)
    return blocks


def classes(element: etree._Element) -> set[str]:
    # Calibre keeps only an element's first class and numbers it ("meta group"
    # becomes "meta1"), so trailing digits are not part of the name.
    return {c.rstrip("0123456789") for c in (element.get("class") or "").split()}


def has_class(element: etree._Element | None, name: str) -> bool:
    return element is not None and name in classes(element)


def in_ids(element: etree._Element, *ids: str) -> bool:
    return any(a.get("id") in ids for a in element.iterancestors())


def inside(element: etree._Element, ancestor: etree._Element) -> bool:
    return element is ancestor or any(a is ancestor for a in element.iterancestors())


def first(root: etree._Element, *xpaths: str) -> etree._Element | None:
    """The first match of the first XPath that matches anything."""
    for xpath in xpaths:
        found = root.xpath(xpath)
        if found:
            return found[0]
    return None


def body_of(root: etree._Element) -> etree._Element:
    body = root.find("body")
    return body if body is not None else root


def head_title(root: etree._Element) -> str | None:
    """The page's `<title>`, as a work title (see `work_title`).

    A `<title>` inside an icon, `<noscript>` or `<template>` is not the
    page's. The parser keeps a title's content as raw text, so a script that
    landed inside it (injected into the head, or a title left unclosed) is
    markup to parse again, and its code is left out.
    """
    title = first(root, "//title[not(ancestor::svg or ancestor::math or ancestor::noscript or ancestor::template)]")
    if title is None:
        return None
    text = title.text_content()
    if _MARKUP.search(text):
        try:
            text = plain(lxml_html.fragment_fromstring(text, create_parent="div"))
        except (etree.ParserError, ValueError):
            return None
    return work_title(text)


def span_of(region) -> tuple[int, int] | None:
    return (region.start, region.end) if region.start is not None else None
