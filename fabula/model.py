"""The document model at the centre of fabula.

A `Document` is the text of a chapter or work plus typed spans over it.
Every span is a pair of character offsets into `Document.text`, so
`doc.text[span.start:span.end]` is exactly the thing the span reports; nothing
copies the text into spans except the JSON output, where it is a convenience
for readers of the file.

Documents are frozen: a stage never edits one, it returns new spans and the
pipeline builds the next document with `dataclasses.replace`.
"""

from __future__ import annotations

import datetime
import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field, fields
from typing import Iterable

SCHEMA = "fabula/1"

PARATEXT_KINDS = ("title", "summary", "author_note", "disclaimer", "metadata")
QUOTE_KINDS = ("speech", "thought", "message")
# How a quotation's speaker is known: a tag naming them, a tag with a pronoun
# or description, context alone, or the form of the text (a screenplay cue, a
# chat sender's name).
EVIDENCE = ("explicit", "anaphoric", "implicit", "script")
SCENE_OPENINGS = ("start", "chapter", "explicit", "implicit")

_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end}")


@dataclass(frozen=True, slots=True)
class Paragraph(Span):
    pass


@dataclass(frozen=True, slots=True)
class Emphasis(Span):
    """Italic or emphasised text from markup (or *asterisks* in plain text)."""


@dataclass(frozen=True, slots=True)
class Rule(Span):
    """A horizontal rule from markup, standing in the text as a marker line."""


@dataclass(frozen=True, slots=True)
class Paratext(Span):
    kind: str = "author_note"


@dataclass(frozen=True, slots=True)
class Chapter(Span):
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Scene(Span):
    # How the scene begins: at the start of the story, a chapter, a marked
    # break, or an unmarked jump in time or place.
    opened_by: str = "start"
    marker: Span | None = None


@dataclass(frozen=True, slots=True)
class Quote(Span):
    """A quotation, thought or chat message; `start:end` excludes the
    quotation marks. `cue` is where the form of the text names the speaker
    (a screenplay's cue line, a chat line's sender), which then speaks it."""

    id: str = ""
    kind: str = "speech"
    speaker: str | None = None
    addressees: tuple[str, ...] = ()
    confidence: float | None = None
    evidence: str | None = None
    flashback: bool = False
    cue: Span | None = None


@dataclass(frozen=True, slots=True)
class Mention(Span):
    character: str = ""
    kind: str = "name"


@dataclass(frozen=True, slots=True)
class Character:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    gender: str = "unknown"
    mentions: int = 0
    lines: int = 0


@dataclass(frozen=True)
class WorkMetadata:
    """What a site or downloader says about the work as a whole. Every field
    is None (or empty) when the source does not say; counts are the source's
    own figures at the time it was saved."""

    site: str | None = None  # "ao3", "ffnet", …
    url: str | None = None
    work_id: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    fandoms: tuple[str, ...] = ()
    rating: str | None = None
    warnings: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    # As the source writes them: "Yamada Hizashi | Present Mic", "Hermione G."
    characters: tuple[str, ...] = ()
    additional_tags: tuple[str, ...] = ()
    language: str | None = None
    published: datetime.date | None = None
    updated: datetime.date | None = None
    words: int | None = None
    chapters_posted: int | None = None
    chapters_total: int | None = None
    status: str | None = None  # "complete" or "in-progress"
    kudos: int | None = None
    hits: int | None = None
    comments: int | None = None
    bookmarks: int | None = None
    reviews: int | None = None
    favs: int | None = None
    follows: int | None = None

    def to_dict(self) -> dict:
        """The fields the source gave, JSON-ready (dates as ISO strings)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or value == ():
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else \
                value.isoformat() if isinstance(value, datetime.date) else value
        return out


@dataclass(frozen=True)
class Document:
    text: str
    title: str | None = None
    source: dict = field(default_factory=dict)
    metadata: WorkMetadata = field(default_factory=WorkMetadata)
    paragraphs: tuple[Paragraph, ...] = ()
    paratext: tuple[Paratext, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    scenes: tuple[Scene, ...] = ()
    emphasis: tuple[Emphasis, ...] = ()
    rules: tuple[Rule, ...] = ()
    quotes: tuple[Quote, ...] = ()
    characters: tuple[Character, ...] = ()
    mentions: tuple[Mention, ...] = ()

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def in_paratext(self, offset: int) -> bool:
        return any(p.start <= offset < p.end for p in self.paratext)

    @property
    def words(self) -> int:
        return count_words(self.text)

    @property
    def story_words(self) -> int:
        return self.words - sum(count_words(self.span_text(p)) for p in self.paratext)

    def character(self, character_id: str) -> Character | None:
        return next((c for c in self.characters if c.id == character_id), None)

    def to_dict(self) -> dict:
        text = self.text
        names = {c.id: c.name for c in self.characters}

        def spans(items: Iterable[Span], with_text: bool = False, **extra) -> list[dict]:
            out = []
            for s in items:
                d = {"start": s.start, "end": s.end}
                for key, fn in extra.items():
                    d[key] = fn(s)
                if with_text:
                    d["text"] = text[s.start : s.end]
                out.append(d)
            return out

        return {
            "schema": SCHEMA,
            "title": self.title,
            "source": dict(self.source),
            "metadata": self.metadata.to_dict(),
            "stats": {
                "words": self.words,
                "story_words": self.story_words,
                "paragraphs": len(self.paragraphs),
                "scenes": len(self.scenes),
                "quotes": len(self.quotes),
                "characters": len(self.characters),
            },
            "text": text,
            "paragraphs": spans(self.paragraphs),
            "paratext": spans(self.paratext, True, kind=lambda p: p.kind),
            "chapters": spans(self.chapters, title=lambda c: c.title),
            "scenes": spans(
                self.scenes,
                opened_by=lambda s: s.opened_by,
                marker=lambda s: None
                if s.marker is None
                else {"start": s.marker.start, "end": s.marker.end,
                      "text": text[s.marker.start : s.marker.end]},
            ),
            "emphasis": spans(self.emphasis, True),
            "rules": spans(self.rules, True),
            "quotes": [
                {
                    "id": q.id,
                    "start": q.start,
                    "end": q.end,
                    "text": text[q.start : q.end],
                    "kind": q.kind,
                    "speaker": names.get(q.speaker, q.speaker),
                    "speaker_id": q.speaker,
                    "addressees": [names.get(a, a) for a in q.addressees],
                    "confidence": q.confidence,
                    "evidence": q.evidence,
                    "flashback": q.flashback,
                    "cue": None if q.cue is None else {"start": q.cue.start, "end": q.cue.end,
                                                        "text": text[q.cue.start : q.cue.end]},
                }
                for q in self.quotes
            ],
            "characters": [
                {
                    "id": c.id,
                    "name": c.name,
                    "aliases": list(c.aliases),
                    "gender": c.gender,
                    "mentions": c.mentions,
                    "lines": c.lines,
                }
                for c in self.characters
            ],
            "mentions": spans(
                self.mentions, True, character=lambda m: m.character, kind=lambda m: m.kind
            ),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


class SpanIndex:
    """A set of spans for asking, in O(log n), whether an offset or a span
    lies inside them or meets them (stages ask it of every paragraph or
    mention, so a scan per question would make long books slow).
    Overlapping spans are merged: the index answers for their union."""

    def __init__(self, spans: Iterable[Span | tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted((s.start, s.end) if isinstance(s, Span) else s for s in spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def holds(self, offset: int) -> bool:
        k = bisect_right(self._starts, offset) - 1
        return k >= 0 and offset < self._ends[k]

    def covers(self, start: int, end: int) -> bool:
        k = bisect_right(self._starts, start) - 1
        return k >= 0 and end <= self._ends[k]

    def meets(self, start: int, end: int) -> bool:
        k = bisect_right(self._starts, end - 1) - 1
        return k >= 0 and self._ends[k] > start


def count_words(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))
