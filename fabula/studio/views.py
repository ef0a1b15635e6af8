"""What the studio's page is sent, as JSON-ready values: the text cut into
pages laid out as the report lays it out (`writers/layout.py`), each
quotation's speaker and likely speakers, and the cast with its voices.

Text goes out as plain strings; the page puts it into the document with
`textContent`, never as markup.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..model import Document
from ..writers.casting import PALETTE as VOICE_PALETTE
from ..writers.casting import Casting
from ..writers.layout import Block, scene_label
from ..writers.report import LOW_CONFIDENCE
from ..writers.report_figures import PALETTE, by_prominence, speaker_colours

MAX_PAGE_PARAGRAPHS = 400  # a long chapter is cut into parts of at most this many paragraphs
LIKELY = 5  # likely speakers sent per quotation
SNIPPET = 90  # characters of a quotation shown in lists
PARATEXT_LABELS = {"title": "Title", "summary": "Summary", "author_note": "Author's note",
                   "disclaimer": "Disclaimer", "metadata": "Metadata"}


@dataclass(frozen=True)
class Page:
    title: str
    first: int  # index of its first paragraph
    end: int  # index after its last paragraph


def pages(doc: Document) -> list[Page]:
    """The text cut at its chapters, and a long chapter into parts."""
    starts = [p.start for p in doc.paragraphs]
    chapters = [(0, len(starts), "The text")]
    if len(doc.chapters) > 1:
        firsts = [0, *(bisect_left(starts, c.start) for c in doc.chapters[1:])]
        chapters = [(first, end, " ".join((c.title or "").split()) or f"Chapter {n}")
                    for n, (c, first, end) in enumerate(zip(doc.chapters, firsts, [*firsts[1:], len(starts)]), 1)
                    if end > first]
    out = []
    for first, end, title in chapters:
        parts = range(first, end, MAX_PAGE_PARAGRAPHS)
        for k, part in enumerate(parts, 1):
            out.append(Page(f"{title} (part {k} of {len(parts)})" if len(parts) > 1 else title,
                            part, min(part + MAX_PAGE_PARAGRAPHS, end)))
    return out or [Page("The text", 0, 0)]


def page_view(doc: Document, blocks: list[Block], page: Page) -> list[dict]:
    """A page's paragraphs: the box (paratext) each stands in, the scene
    markers before it, and its pieces of narration and quotation as runs of
    (text, italic)."""
    boxes = {id(t): n for n, t in enumerate(doc.paratext)}
    out = []
    for block in blocks[page.first:page.end]:
        out.append({
            "box": None if block.box is None else {"id": boxes[id(block.box)], "kind": block.box.kind,
                                                   "label": PARATEXT_LABELS.get(block.box.kind, block.box.kind)},
            "scenes": [{"number": number, "label": scene_label(doc, number, scene)} for number, scene in block.scenes],
            "marker": block.marker,
            "pieces": [{"quote": piece.quote.id if piece.quote else None, "first": piece.first,
                        "runs": [[doc.text[a:b], italic] for a, b, italic in piece.runs]}
                       for piece in block.pieces],
        })
    return out


def quote_places(doc: Document, page_list: list[Page]) -> list[dict]:
    """What never changes about each quotation: id, kind, page, opening words."""
    starts = [p.start for p in doc.paragraphs]
    firsts = [page.first for page in page_list]
    out = []
    for q in doc.quotes:
        paragraph = max(0, bisect_right(starts, q.start) - 1)
        words = " ".join(doc.span_text(q).split())
        out.append({"id": q.id, "kind": q.kind, "page": max(0, bisect_right(firsts, paragraph) - 1),
                    "snippet": words if len(words) <= SNIPPET else words[:SNIPPET - 1].rstrip() + "…"})
    return out


def quote_state(doc: Document, ranked, held) -> list[dict]:
    """What an edit may change about each quotation."""
    return [{
        "speaker": q.speaker,
        "addressees": list(q.addressees),
        "confidence": q.confidence,
        "low": q.confidence is None or q.confidence < LOW_CONFIDENCE,
        "evidence": q.evidence,
        "flashback": q.flashback,
        "held": n in held,
        "likely": [[cid, round(p, 2)] for cid, p in ranked[n][:LIKELY] if p >= 0.005],
    } for n, q in enumerate(doc.quotes)]


def cast_view(doc: Document, colours: dict[str, int], casting: Casting) -> list[dict]:
    """The cast, the most lines first, with palette slot and voice."""
    return [{
        "id": c.id, "name": c.name, "aliases": list(c.aliases), "gender": c.gender, "lines": c.lines,
        "mentions": c.mentions, "slot": colours.get(c.id),
        "voice": _voice(casting.voice_for(doc, c.id)) if c.lines else None,
    } for c in by_prominence(doc)]


def voices_view(casting: Casting) -> dict:
    """The narration's voices and the voices a person can pick from."""
    names = sorted({v.voice for palette in VOICE_PALETTE.values() for v in palette}
                   | {casting.narrator.voice, casting.unattributed.voice}
                   | {v.voice for v in casting.characters.values()})
    return {"narrator": _voice(casting.narrator), "unattributed": _voice(casting.unattributed), "choices": names}


def keep_colours(doc: Document, colours: dict[str, int]) -> dict[str, int]:
    """Palette slots that stay put while a person edits: the report's order
    at first, then each new speaker takes a free slot."""
    if not colours:
        return speaker_colours(doc)
    speaking = [c.id for c in by_prominence(doc) if c.lines]
    kept = {cid: colours[cid] for cid in speaking if cid in colours}
    for cid in speaking:
        if cid not in kept:
            free = [slot for slot in range(len(PALETTE)) if slot not in kept.values()]
            kept[cid] = free[0] if free else len(kept) % len(PALETTE)
    return kept


def _voice(v) -> dict:
    return {"voice": v.voice, "pitch": v.pitch, "rate": v.rate}
