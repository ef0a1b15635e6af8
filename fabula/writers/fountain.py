"""The document as a Fountain screenplay (https://fountain.io).

- Title page: the work's title, else the chapter title of a one-chapter
  text, else the file's name. Each chapter of a longer work opens with a
  section (`# Chapter 2: …`).
- Each scene opens with a forced heading, `.SCENE 1`, `.SCENE 2`, …,
  numbered through the whole work: fabula knows where scenes break, not yet
  where they are set, and a guessed INT./EXT. would be wrong more often than
  right.
- Narration becomes action, a paragraph a line. Quotations become dialogue
  under a cue with the speaker's canonical name in capitals; unattributed
  ones go under `UNKNOWN`. Thoughts are `(V.O.)`, flashback lines
  `(FLASHBACK)`. Quotations of one speaker in one paragraph joined only by
  bare tags ("Aiko said.") are one block, and a speech over several
  paragraphs keeps its paragraph breaks (a line of two spaces).
- Speech tags: a bare tag is left out (the cue says who speaks); a tag's
  manner becomes a parenthetical, `(whispering)`, `(quietly)` (see
  tags.py). A comma that ended a line before its tag becomes a full stop.
- Author's notes, summaries, disclaimers and scene-break lines are left out.
- Anything in narration that Fountain would read as markup is escaped or
  forced: `*` and `_` get a backslash, `[[` (a note) is split, and an action
  line that looks like a heading, cue, transition, section, synopsis, lyric
  or centred text is forced with `!`. Italics (`doc.emphasis`) become
  Fountain italics.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import PurePath

from ..model import Document
from .reading import Piece, reading_order
from .tags import read_tag

UNATTRIBUTED = "UNKNOWN"
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)]*(?=\s|$)")
_HEADING_LIKE = re.compile(r"^(?:INT|EXT|EST|INT\.?/EXT|I/E)[ .]", re.I)
_FORCE_FIRST = tuple(".!@~>=#[")
_NO_TITLE_NAMES = ("", "-", "<string>", "<stdin>")


@dataclass
class _Dialogue:
    cue: str
    quote_id: str
    paragraph: int
    parts: list[tuple[str, str]] = field(default_factory=list)  # ("text" | "paren" | "break", str)


def format_fountain(doc: Document) -> str:
    pieces = reading_order(doc)
    manners, dropped = _read_tags(doc, pieces)
    names = {c.id: c.name for c in doc.characters}
    markup = _Markup(doc)
    out: list[str] = []

    title = doc.title
    title_piece = None
    if title is None and not doc.chapters:
        title_piece = next((p for p in pieces if p.kind == "title"), None)
        title = doc.span_text(title_piece) if title_piece else None
    if title is None:
        name = str(doc.source.get("name", ""))
        title = PurePath(name).stem if name not in _NO_TITLE_NAMES else "Untitled"
    out.append(f"Title: {_escape(' '.join(title.split()))}")

    scene = chapter = None
    block: _Dialogue | None = None

    def flush() -> None:
        nonlocal block
        if block is not None:
            out.append(_render_dialogue(block))
            block = None

    for i, piece in enumerate(pieces):
        if doc.chapters and piece.chapter is not None and piece.chapter != chapter:
            flush()
            chapter = piece.chapter
            out.append(f"# {_escape(_chapter_title(doc, pieces, chapter))}")
        if piece.kind == "title":
            if not doc.chapters and piece is not title_piece:
                flush()
                out.append(f"# {_escape(' '.join(doc.span_text(piece).split()))}")
            continue
        # Story outside every scene (a text with no scenes found) belongs to the one before.
        in_scene = piece.scene if piece.scene is not None else (scene if scene is not None else 0)
        if in_scene != scene:
            flush()
            scene = in_scene
            out.append(f".SCENE {scene + 1}")
        if piece.kind == "narration":
            nxt = pieces[i + 1] if i + 1 < len(pieces) else None
            before_quote = nxt is not None and nxt.kind == "quote" and nxt.paragraph == piece.paragraph
            action = _action_text(markup, piece, dropped.get(i), before_quote)
            if action:
                flush()
                out.append(action)
            continue
        q = piece.quote
        cue = names.get(q.speaker, q.speaker).upper() if q.speaker else UNATTRIBUTED
        cue = _cue(cue, q.kind == "thought", q.flashback)
        continuing = block is not None and block.cue == cue and (
            block.paragraph == piece.paragraph or block.quote_id == q.id)
        if not continuing:
            flush()
            block = _Dialogue(cue, q.id, piece.paragraph)
        elif block.paragraph != piece.paragraph:
            block.parts.append(("break", ""))
        if i in manners:
            block.parts.append(("paren", f"({manners[i]})"))
        block.parts.append(("text", markup(piece.start, piece.end)))
        block.quote_id, block.paragraph = q.id, piece.paragraph
    flush()
    return "\n\n".join(out) + "\n"


def _read_tags(doc: Document, pieces: list[Piece]) -> tuple[dict[int, str], dict[int, tuple[int, int]]]:
    """Manner of speaking by quotation piece, and for narration pieces the
    part (start, end) that is a bare tag, to be left out."""
    manners: dict[int, str] = {}
    dropped: dict[int, tuple[int, int]] = {}
    for i, piece in enumerate(pieces):
        if piece.kind != "narration":
            continue
        text = doc.span_text(piece)
        prev = pieces[i - 1] if i and pieces[i - 1].paragraph == piece.paragraph else None
        nxt = pieces[i + 1] if i + 1 < len(pieces) and pieces[i + 1].paragraph == piece.paragraph else None
        if prev is not None and prev.kind == "quote" and _leads_into_tag(doc.span_text(prev)):
            end = _SENTENCE_END.search(text)
            cut = end.end() if end else len(text)
            tag, target, span = read_tag(text[:cut]), i - 1, (0, cut)
        elif nxt is not None and nxt.kind == "quote" and text.rstrip().endswith((",", ":")):
            starts = [m.end() for m in _SENTENCE_END.finditer(text)]
            cut = starts[-1] if starts else 0
            tag, target, span = read_tag(text[cut:]), i + 1, (cut, len(text))
        else:
            continue
        if tag is None:
            continue
        if tag.manner and target not in manners:
            manners[target] = tag.manner
        if tag.bare:
            dropped[i] = span
    return manners, dropped


def _leads_into_tag(quoted: str) -> bool:
    """A quotation that ends in a full stop closes its sentence, so what
    follows is narration, not its tag ("Fine." She returned to the kitchen.)."""
    return not quoted.rstrip("\"'”’ ").endswith(".") or quoted.rstrip().endswith("...")


def _action_text(markup: _Markup, piece: Piece, dropped: tuple[int, int] | None, before_quote: bool) -> str:
    start, end = piece.start, piece.end
    if dropped:
        a, b = dropped
        if a == 0:
            start = piece.start + b
        else:
            end = piece.start + a
    line = markup(start, end)
    if not re.search(r"\w", line):
        return ""
    if line.endswith(","):
        # "He called out," before the line he calls out, or what a tag left
        line = line[:-1] + (":" if before_quote else ".")
    if line[0].islower():
        line = line[0].upper() + line[1:]
    if line.startswith(_FORCE_FIRST) or _HEADING_LIKE.match(line) or (line.isupper() and len(line) > 1):
        line = "!" + line
    return line


def _cue(name: str, thought: bool, flashback: bool) -> str:
    if not name.isupper() or "(" in name:
        name = "@" + name  # forced: Fountain would not take it for a cue
    return name + (" (V.O.)" if thought else "") + (" (FLASHBACK)" if flashback else "")


def _render_dialogue(block: _Dialogue) -> str:
    lines = [block.cue]
    parts = block.parts
    for k, (kind, value) in enumerate(parts):
        if kind == "text":
            following = next((p for p in parts[k + 1 :] if p[0] != "paren"), None)
            if value.endswith(",") and (following is None or following[0] == "break"
                                        or following[1][:1].isupper()):
                value = value[:-1] + "."
            if k and parts[k - 1][0] == "text":
                lines[-1] += " " + value
                continue
            lines.append(value)
        elif kind == "paren":
            lines.append(value)
        else:
            lines.append("  ")  # Fountain's blank line inside dialogue
    return "\n".join(lines)


def _chapter_title(doc: Document, pieces: list[Piece], chapter: int) -> str:
    heading = next((p for p in pieces if p.kind == "title" and p.chapter == chapter), None)
    if heading is not None:
        return " ".join(doc.span_text(heading).split())
    return doc.chapters[chapter].title or f"Chapter {chapter + 1}"


class _Markup:
    """Stretches of the text on one line, escaped for Fountain, italics as *…*."""

    def __init__(self, doc: Document):
        self.text = doc.text
        self.emphasis = sorted(doc.emphasis, key=lambda e: e.start)
        self.ends = [e.end for e in self.emphasis]

    def __call__(self, start: int, end: int) -> str:
        text = self.text
        out: list[str] = []
        pos = start
        for em in self.emphasis[bisect_right(self.ends, start) :]:
            if em.start >= end:
                break
            s, e = max(em.start, start), min(em.end, end)
            if s < pos or (s == start and e == end):
                continue  # the whole piece in italics (an italic thought) needs no mark
            before = text[pos:s]
            marker = before[-1:] if before[-1:] in ("*", "_") and text[e : e + 1] == before[-1:] else ""
            out.append(_escape(before[: len(before) - len(marker)]))
            inner = " ".join(text[s:e].split())
            if inner:
                out.append(f"*{_escape(inner)}*")
            pos = e + len(marker)
        out.append(_escape(text[pos:end]))
        return " ".join("".join(out).split())


def _escape(text: str) -> str:
    return text.replace("*", "\\*").replace("_", "\\_").replace("[[", "[ [")
