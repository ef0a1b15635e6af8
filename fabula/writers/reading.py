"""The story in reading order, cut into titles, narration and quotations.

The screenplay and the audiobook both read a document front to back and
need the same pieces: chapter titles, the narration between quotations and
the quotations themselves, never the author's notes, summaries, disclaimers
or scene-break lines. A quotation that runs over several paragraphs gives one
piece per paragraph (the opening mark of each continuation left out), so no
piece crosses a paragraph. Narration pieces leave out the quotation marks
that belong to the quotations beside them and the space around them; a
stretch with no word in it (a lone dash, an ellipsis) is not a piece.

Every piece is a span of `doc.text`: `doc.text[piece.start:piece.end]` is
exactly what it holds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..model import Document, Quote, Span

# Marks that open or close a quotation or an italic thought written in plain text.
QUOTE_MARKS = "\"“”„‟«»‹›'‘’`*_"
_WORD = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Piece:
    kind: str  # "title", "narration" or "quote"
    start: int
    end: int
    paragraph: int  # index into doc.paragraphs
    scene: int | None  # index into doc.scenes; None outside every scene (titles)
    chapter: int | None  # index into doc.chapters; None for a one-chapter text
    quote: Quote | None = None


def reading_order(doc: Document) -> list[Piece]:
    text = doc.text
    # A title's framing line (".:O:.:O:.", a rule under a heading) is not read out.
    spoken = [p for p in doc.paratext if p.kind == "title" and any(ch.isalnum() for ch in doc.span_text(p))]
    skipped = sorted(
        [Span(p.start, p.end) for p in doc.paratext if p not in spoken]
        + [s.marker for s in doc.scenes if s.marker is not None]
        + [Span(r.start, r.end) for r in doc.rules],
        key=lambda s: s.start,
    )
    titles = [Span(p.start, p.end) for p in spoken]
    quotes = sorted(doc.quotes, key=lambda q: q.start)
    quote_ends = [q.end for q in quotes]
    scene_starts = [s.start for s in doc.scenes]
    chapter_starts = [c.start for c in doc.chapters]

    def locate(starts: list[int], spans, offset: int) -> int | None:
        i = bisect_right(starts, offset) - 1
        return i if i >= 0 and offset < spans[i].end else None

    pieces: list[Piece] = []
    for pi, par in enumerate(doc.paragraphs):
        chapter = locate(chapter_starts, doc.chapters, par.start) if doc.chapters else None
        for start, end in _subtract(par.start, par.end, skipped):
            for s, e, is_title in _split(start, end, titles):
                if is_title:
                    s, e = _trim(text, s, e)
                    if _WORD.search(text, s, e):
                        pieces.append(Piece("title", s, e, pi, None, chapter))
                    continue
                for kind, qs, qe, quote in _quotes_and_narration(text, s, e, quotes, quote_ends):
                    scene = locate(scene_starts, doc.scenes, qs)
                    pieces.append(Piece(kind, qs, qe, pi, scene, chapter, quote))
    return pieces


def _subtract(start: int, end: int, spans: list[Span]) -> list[tuple[int, int]]:
    """The parts of start:end that no span covers."""
    out = []
    pos = start
    for s in spans:  # sorted by start
        if s.start >= end:
            break
        if s.end <= pos:
            continue
        if s.start > pos:
            out.append((pos, s.start))
        pos = max(pos, s.end)
    if pos < end:
        out.append((pos, end))
    return out


def _split(start: int, end: int, titles: list[Span]) -> list[tuple[int, int, bool]]:
    """start:end cut into title and story parts, in order."""
    out = []
    pos = start
    for t in titles:
        if t.end <= pos or t.start >= end:
            continue
        if t.start > pos:
            out.append((pos, t.start, False))
        out.append((max(t.start, pos), min(t.end, end), True))
        pos = min(t.end, end)
    if pos < end:
        out.append((pos, end, False))
    return out


def _quotes_and_narration(text: str, start: int, end: int, quotes: list[Quote], quote_ends: list[int]):
    """(kind, start, end, quote) for the quotations and narration in start:end."""
    lo = bisect_right(quote_ends, start)
    pos = start
    after_quote = False
    for q in quotes[lo:]:
        if q.start >= end:
            break
        qs, qe = max(q.start, start), min(q.end, end)
        if qs > pos:
            yield from _narration(text, pos, qs, after_quote, before_quote=qs == q.start)
        qs, qe = _trim(text, qs, qe, marks=qs > q.start)
        if qe > qs:
            yield "quote", qs, qe, q
        pos = min(q.end, end)
        after_quote = pos == q.end
    if pos < end:
        yield from _narration(text, pos, end, after_quote, before_quote=False)


def _narration(text: str, start: int, end: int, after_quote: bool, before_quote: bool):
    s, e = start, end
    if after_quote:
        s = _skip_marks(text, s, e)
    if before_quote:
        e = _skip_marks_back(text, s, e)
    s, e = _trim(text, s, e)
    if _WORD.search(text, s, e):
        yield "narration", s, e, None


def _skip_marks(text: str, s: int, e: int) -> int:
    for _ in range(2):  # a closing mark, and the outer one of a nested quotation
        if s < e and text[s] in QUOTE_MARKS:
            s += 1
    return s


def _skip_marks_back(text: str, s: int, e: int) -> int:
    for _ in range(2):
        if e > s and text[e - 1] in QUOTE_MARKS:
            e -= 1
    return e


def _trim(text: str, s: int, e: int, marks: bool = False) -> tuple[int, int]:
    """start:end without the space around it (and, with marks, without the
    opening mark a continuation paragraph starts with)."""
    while s < e and text[s].isspace():
        s += 1
    if marks:
        s = _skip_marks(text, s, e)
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
