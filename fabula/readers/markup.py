"""Markup to plain text with offsets: the walker shared by the HTML and EPUB readers.

`walk` visits an lxml element tree in reading order and feeds a `TextBuilder`,
which lays the text out as paragraphs separated by one blank line, lines split
by `<br>`, inline whitespace collapsed to single spaces, `<hr>` as a `* * *`
paragraph (a `Rule`) and italics as `Emphasis`. Layout code asks the walker to
drop elements (site chrome), to record the `Region` of elements (so it can turn
them into paratext or chapters afterwards) or to hand an element to its own
handler. Offsets are counted while the text is built, so every span lines up
with the final text by construction; the text never starts or ends with
whitespace because separators are only written in front of the next real text.

Assumes trees from `lxml.html` (lower-case tag names, no namespaces), which is
how both readers parse HTML and EPUB XHTML.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Collection, Mapping

from lxml import etree
from lxml import html as lxml_html

from ..model import Chapter, Document, Emphasis, Paratext, Rule, WorkMetadata

_SPACE = re.compile(r"\s+")
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*(?:italic|oblique)", re.IGNORECASE)
# Prolog that lxml.html cannot take in a str (encoding declaration) or would
# leak into the body as text (a DOCTYPE internal subset, hostile or not).
_PROLOG = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>\[]*(?:\[.*?\]\s*)?>)?", re.DOTALL | re.IGNORECASE)
_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup html li main "
    "nav ol p pre section summary table tbody tfoot thead tr ul".split()
)
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_CELL_TAGS = frozenset(("td", "th"))
_ITALIC_TAGS = frozenset(("i", "em", "cite"))
# Never reader-visible text: document head, code, form controls, embedded media.
DROPPED_TAGS = frozenset(
    "head title script style noscript template select option button input textarea "
    "iframe object embed svg math audio video canvas map".split()
)

NONE, SPACE, LINE, PARAGRAPH = range(4)
_SEPARATORS = ("", " ", "\n", "\n\n")

Handler = Callable[["TextBuilder", etree._Element], None]


@dataclass(slots=True, eq=False)
class Region:
    """Where an element's text landed: `start:end` is trimmed of separators;
    `before` is the text length when the element opened, i.e. the end of
    everything written before it."""

    before: int
    start: int | None = None
    end: int | None = None


class TextBuilder:
    """Accumulates text and spans; `document()` turns them into a Document."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._part_starts: list[int] = []
        self._length = 0
        self._pending = NONE
        self._waiting: list[Region] = []
        self._emphasis: list[tuple[int, int]] = []
        self.rules: list[Rule] = []
        self.paratext: list[Paratext] = []
        self.chapters: list[Chapter] = []

    @property
    def length(self) -> int:
        return self._length

    def text(self, raw: str | None) -> None:
        if not raw:
            return
        collapsed = _SPACE.sub(" ", raw)
        if collapsed[0] == " ":
            self.separate(SPACE)
        core = collapsed.strip(" ")
        if core:
            self._emit(core)
        if collapsed[-1] == " ":
            self.separate(SPACE)

    def separate(self, level: int) -> None:
        """Ask for at least this separator before the next text."""
        if level > self._pending:
            self._pending = level

    def line_break(self) -> None:
        # A second break in a row (only whitespace between) opens a paragraph.
        self._pending = PARAGRAPH if self._pending >= LINE else LINE

    def paragraph_break(self) -> None:
        self._pending = PARAGRAPH

    def rule(self) -> None:
        self.paragraph_break()
        region = self.open_region()
        self._emit("* * *")
        self.close_region(region)
        self.rules.append(Rule(region.start, region.end))
        self.paragraph_break()

    def open_region(self) -> Region:
        region = Region(self._length)
        self._waiting.append(region)
        return region

    def close_region(self, region: Region) -> Region:
        if region.start is None:
            self._waiting.remove(region)
        else:
            region.end = self._length
        return region

    def add_emphasis(self, region: Region) -> None:
        if region.start is not None and region.end > region.start:
            self._emphasis.append((region.start, region.end))

    def add_paratext(self, span: tuple[int, int] | None, kind: str) -> None:
        if span is not None and span[1] > span[0]:
            self.paratext.append(Paratext(span[0], span[1], kind))

    def slice(self, start: int, end: int) -> str:
        """Text already written between two offsets."""
        if end <= start:
            return ""
        first = max(bisect_right(self._part_starts, start) - 1, 0)
        last = bisect_right(self._part_starts, end - 1)
        base = self._part_starts[first]
        return "".join(self._parts[first:last])[start - base : end - base]

    def document(self, title: str | None, source: dict, metadata: WorkMetadata | None = None) -> Document:
        text = "".join(self._parts)
        return Document(
            text=text,
            title=title,
            source=source,
            metadata=metadata or WorkMetadata(),
            paratext=tuple(sorted(self.paratext, key=lambda p: (p.start, p.end))),
            chapters=tuple(sorted(self.chapters, key=lambda c: c.start)),
            emphasis=_merge_emphasis(text, self._emphasis),
            rules=tuple(self.rules),
        )

    def _emit(self, core: str) -> None:
        if self._pending and self._length:
            self._append(_SEPARATORS[self._pending])
        self._pending = NONE
        if self._waiting:
            for region in self._waiting:
                region.start = self._length
            self._waiting.clear()
        self._append(core)

    def _append(self, piece: str) -> None:
        self._part_starts.append(self._length)
        self._parts.append(piece)
        self._length += len(piece)


def _merge_emphasis(text: str, spans: list[tuple[int, int]]) -> tuple[Emphasis, ...]:
    # `<i>one</i> <i>two</i>` is one stretch of italics to a reader.
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and text[merged[-1][1] : start] in ("", " "):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple(Emphasis(s, e) for s, e in merged)


def walk(
    builder: TextBuilder,
    root: etree._Element,
    *,
    drop: Collection[etree._Element] = frozenset(),
    watch: Collection[etree._Element] = frozenset(),
    handlers: Mapping[etree._Element, Handler] | None = None,
) -> dict[etree._Element, Region]:
    """Append `root` and its descendants (not its tail) to `builder`.

    Elements in `drop` are skipped with their subtree (their tail is kept);
    `handlers` take over an element's subtree; the returned dict holds the
    `Region` of each element of `watch` that was visited.
    """
    regions: dict[etree._Element, Region] = {}
    handlers = handlers or {}
    italic_depth = 0
    dd_depth = 0  # a definition-list entry stays on its term's line
    pre_depth = 0
    stack: list[tuple[etree._Element, tuple | None]] = [(root, None)]
    while stack:
        element, closing = stack.pop()
        if closing is not None:
            block, is_dd, is_pre, emphasis, region = closing
            if emphasis is not None:
                italic_depth -= 1
                if emphasis:
                    builder.add_emphasis(builder.close_region(emphasis))
            dd_depth -= is_dd
            pre_depth -= is_pre
            if block:
                builder.separate(SPACE if dd_depth else PARAGRAPH)
            if region is not None:
                regions[element] = builder.close_region(region)
            if element is not root:
                _inline_text(builder, element.tail, pre_depth)
            continue

        tag = element.tag
        if not isinstance(tag, str) or tag in DROPPED_TAGS or (element is not root and element in drop):
            if element is not root:
                _inline_text(builder, element.tail, pre_depth)
            continue
        region = builder.open_region() if element in watch else None
        handler = handlers.get(element)
        if handler is not None:
            handler(builder, element)
            if region is not None:
                regions[element] = builder.close_region(region)
            if element is not root:
                _inline_text(builder, element.tail, pre_depth)
            continue
        if tag == "br":
            builder.line_break()
        elif tag == "hr":
            builder.rule()
        block = tag in BLOCK_TAGS and tag not in ("dt", "dd")
        if block:
            builder.separate(SPACE if dd_depth else PARAGRAPH)
        elif tag == "dt":
            builder.separate(LINE)
        elif tag == "dd" or tag in _CELL_TAGS:
            builder.separate(SPACE)
        emphasis = None
        if tag in _ITALIC_TAGS or _ITALIC_STYLE.search(element.get("style") or ""):
            # Only the outermost italic element makes a span; nested ones are inside it.
            emphasis = builder.open_region() if italic_depth == 0 else False
            italic_depth += 1
        is_dd, is_pre = tag == "dd", tag == "pre"
        dd_depth += is_dd
        pre_depth += is_pre
        _inline_text(builder, element.text, pre_depth)
        stack.append((element, (block, is_dd, is_pre, emphasis, region)))
        stack.extend((child, None) for child in reversed(element))
    return regions


def _inline_text(builder: TextBuilder, raw: str | None, preformatted: int) -> None:
    if not preformatted or not raw:
        builder.text(raw)
        return
    # Inside <pre> the line breaks are the author's; spaces still collapse.
    for i, line in enumerate(raw.split("\n")):
        if i:
            builder.line_break()
        builder.text(line)


def span_over(regions: Mapping[etree._Element, Region], elements) -> tuple[int, int] | None:
    """The smallest span covering the text of all these elements, if any."""
    found = [regions[e] for e in elements if e in regions and regions[e].start is not None]
    if not found:
        return None
    return min(r.start for r in found), max(r.end for r in found)


class TooDeep(ValueError):
    """The markup nests deeper than libxml2 will build; the rest would be lost."""


def parse_markup(text: str) -> lxml_html.HtmlElement:
    """Parse HTML or XHTML leniently.

    Raises ValueError when nothing parses and `TooDeep` when libxml2 gives up
    on nesting (unclosed tags repeated per paragraph do that) rather than
    silently dropping the text below that depth.
    """
    text = _PROLOG.sub("", text, count=1)
    # huge_tree lifts the nesting limit from 256 to 2048; the HTML parser
    # expands no DTD entities, and callers bound the input size.
    parser = lxml_html.HTMLParser(recover=True, remove_comments=True, remove_pis=True, no_network=True,
                                  huge_tree=True)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError) as exc:
        raise ValueError(str(exc) or "unparseable markup") from None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise TooDeep("markup nests too deeply (over 2048 levels) to read without losing text")
    return root


def declared_charset(data: bytes) -> str | None:
    """The charset a `<meta>` tag or XML declaration claims, if any."""
    match = _CHARSET.search(data[:4096])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def plain(element: etree._Element) -> str:
    """An element's text on one line, whitespace collapsed, without what the
    walker never reads as text (scripts, styles, `<noscript>`, `<template>`,
    form controls) inside it."""
    pieces = []
    stack: list[tuple[etree._Element, bool]] = [(element, False)]
    while stack:  # a loop, not recursion: markup may nest 2048 deep
        node, closing = stack.pop()
        if closing:
            pieces.append(node.tail or "")
            continue
        if node is not element and (not isinstance(node.tag, str) or node.tag in DROPPED_TAGS):
            pieces.append(node.tail or "")
            continue
        pieces.append(node.text or "")
        if node is not element:
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return _SPACE.sub(" ", "".join(pieces)).strip()
