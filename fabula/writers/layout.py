"""The chapter laid out for reading on a page, shared by the HTML report
and the studio: paragraph by paragraph, each cut into narration and
quotations with their italics, titles and author's notes in boxes, and a
marker where each scene begins. Nothing here is markup; the report turns
it into HTML, the studio into JSON its page builds from.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Document, Emphasis, Paragraph, Paratext, Quote, Scene

_OPENINGS = {"explicit": "after a break", "implicit": "a jump in time or place", "chapter": "a new chapter"}


@dataclass(frozen=True, slots=True)
class Piece:
    """Narration (`quote` None) or a quotation's part in one paragraph
    (`first`: it is the part the quotation opens with), as runs of text
    (start, end, italic)."""

    quote: Quote | None
    first: bool
    runs: tuple[tuple[int, int, bool], ...]


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of `doc.paragraphs` (`index`) in the paratext `box` that
    holds it, if any, with the scenes whose marker comes before it. A
    scene-break line (`marker`) is shown by the marker alone: no pieces."""

    index: int
    paragraph: Paragraph
    box: Paratext | None
    scenes: tuple[tuple[int, Scene], ...]
    marker: bool
    pieces: tuple[Piece, ...]


def chapter_layout(doc: Document) -> list[Block]:
    """Every paragraph of the document as a Block, in order. Scenes are
    numbered from 1; the one the story starts with has no marker."""
    quotes = sorted(doc.quotes, key=lambda q: q.start)
    emphasis = sorted(doc.emphasis, key=lambda e: e.start)
    scene_starts = {}
    marker_paragraphs = set()
    for number, scene in enumerate(sorted(doc.scenes, key=lambda s: s.start), 1):
        scene_starts[scene.start] = (number, scene)
        if scene.marker is not None:
            marker_paragraphs.update(p for p in doc.paragraphs
                                     if p.start < scene.marker.end and scene.marker.start < p.end)
    pending_scenes = sorted(scene_starts)
    blocks: list[Block] = []
    q_index = e_index = 0
    for index, p in enumerate(doc.paragraphs):
        box = next((t for t in doc.paratext if t.start <= p.start < t.end), None)
        scenes = []
        while pending_scenes and pending_scenes[0] <= p.start:
            number, scene = scene_starts[pending_scenes.pop(0)]
            if scene.opened_by != "start":
                scenes.append((number, scene))
        if p in marker_paragraphs:
            blocks.append(Block(index, p, box, tuple(scenes), True, ()))
            continue
        while q_index < len(quotes) and quotes[q_index].end <= p.start:
            q_index += 1
        while e_index < len(emphasis) and emphasis[e_index].end <= p.start:
            e_index += 1
        pieces = _pieces(p, _upto(quotes, q_index, p.end), _upto(emphasis, e_index, p.end))
        blocks.append(Block(index, p, box, tuple(scenes), False, pieces))
    return blocks


def scene_label(doc: Document, number: int, scene: Scene) -> str:
    """What a scene's marker says: "Scene 2 · after a break (* * *)"."""
    marker = "" if scene.marker is None else f" ({' '.join(doc.span_text(scene.marker).split())})"
    return f"Scene {number} · {_OPENINGS.get(scene.opened_by, scene.opened_by)}{marker}"


def _upto(spans: list, first: int, end: int) -> list:
    """The spans from index `first` on that start before `end`."""
    last = first
    while last < len(spans) and spans[last].start < end:
        last += 1
    return spans[first:last]


def _pieces(p: Paragraph, quotes: list[Quote], emphasis: list[Emphasis]) -> tuple[Piece, ...]:
    out = []
    pos = p.start
    for q in quotes:
        start, end = max(q.start, p.start), min(q.end, p.end)
        if start > pos:
            out.append(Piece(None, False, _runs(pos, start, emphasis)))
        out.append(Piece(q, start == q.start, _runs(start, end, emphasis)))
        pos = end
    if p.end > pos:
        out.append(Piece(None, False, _runs(pos, p.end, emphasis)))
    return tuple(out)


def _runs(start: int, end: int, emphasis: list[Emphasis]) -> tuple[tuple[int, int, bool], ...]:
    """start:end as plain and italic runs (italics clipped to the piece)."""
    out = []
    pos = start
    for e in emphasis:
        a, b = max(e.start, pos), min(e.end, end)
        if a >= b:
            continue
        if a > pos:
            out.append((pos, a, False))
        out.append((a, b, True))
        pos = b
    if end > pos:
        out.append((pos, end, False))
    return tuple(out)
