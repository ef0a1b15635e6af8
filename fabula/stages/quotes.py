"""Quotations and thoughts in the story text.

A text's dialogue mark is found first: double quotes (straight or curly) in
most fiction, single quotes in texts that use them for dialogue. Marks are
paired paragraph by paragraph:

- a mark's neighbours say whether it opens (`␣"Word`) or closes (`word,"␣`);
  an opening-looking mark while a quotation is open means the earlier one was
  never closed, so it ends there instead of swallowing what follows;
- a quotation still open at the end of a paragraph continues only when the
  next paragraph opens with a mark (the convention for long speeches);
  otherwise it ends with its paragraph;
- in single-quote texts, apostrophes (`don't`, `'em`) are not marks, and a
  closing mark after punctuation is preferred over one after a letter
  (`the girls' room`).

Thoughts are quotations whose tag is a verb of thinking (`'Here we go again'
the pinkette thought`), single-quoted spans next to such a verb in a
double-quote text, and italic spans outside quotations that read like inner
speech (a first- or second-person clause, or one tagged with a thinking verb).

Spans exclude the quotation marks themselves.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..model import Emphasis, Paragraph, Paratext, Quote

_DOUBLE = re.compile(r"[\"“”„‟«»]")
_SINGLE = re.compile(r"['‘’‚‛]")
_OPENERS = "“„‟«‘‚‛"
_CLOSERS = "”»’"
_SINGLE_OPEN_HINT = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘](?=[A-Za-z])")
_ELISIONS = re.compile(r"['‘’](?:em|cause|cos|til|till|tis|twas|bout|round|n|s|re|ll|ve|d|t)\b", re.IGNORECASE)
_THOUGHT_VERB = re.compile(
    r"\b(?:thought|thinks|think|thinking|wondered|wonders|mused|muses|pondered|ponders|reflected|"
    r"realized|realised|prayed|told\s+(?:her|him|them|my)sel(?:f|ves)|said\s+to\s+(?:her|him|them|my)self|"
    r"mentally\s+\w+)\b",
    re.IGNORECASE,
)
_PERSONAL = re.compile(r"\b(?:I|I'm|I'll|I've|I'd|me|my|we|us|our|you|your|you're)\b")
_WORDS = re.compile(r"\w+")
_PUNCT_BEFORE_CLOSE = set(".,!?;:…—–-")


def find_quotes(
    text: str,
    paragraphs: Sequence[Paragraph],
    paratext: Sequence[Paratext] = (),
    emphasis: Sequence[Emphasis] = (),
) -> tuple[Quote, ...]:
    """Return every quotation and thought in story text, in text order."""
    skip = [(p.start, p.end) for p in paratext]
    story = [p for p in paragraphs if not any(s <= p.start and p.end <= e for s, e in skip)]
    style = dialogue_style(text, story)
    marks = _DOUBLE if style == "double" else _SINGLE
    spans = _paired_spans(text, story, marks, single=style == "single")
    quotes = [(s, e, "thought" if _tagged_as_thought(text, s, e) else "speech") for s, e in spans]
    if style == "double":
        quotes += _single_quoted_thoughts(text, story, spans)
    quotes += _italic_thoughts(text, emphasis, spans, skip)
    quotes.sort()
    return tuple(Quote(s, e, id=f"q{i}", kind=k) for i, (s, e, k) in enumerate(quotes, 1))


def dialogue_style(text: str, story: Sequence[Paragraph]) -> str:
    """"double" unless single quotes clearly carry the dialogue."""
    doubles = singles = 0
    for p in story[:400]:
        chunk = text[p.start : p.end]
        doubles += len(_DOUBLE.findall(chunk))
        singles += len(_SINGLE_OPEN_HINT.findall(chunk)) - len(_ELISIONS.findall(chunk))
    return "single" if singles >= 3 and singles > doubles else "double"


def _paired_spans(text: str, story: Sequence[Paragraph], marks: re.Pattern, single: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None  # offset just after the opening mark
    for n, p in enumerate(story):
        positions = [m.start() for m in marks.finditer(text, p.start, p.end)]
        if single:
            positions = [i for i in positions if not _apostrophe(text, i, p.start, p.end)]
        first = True
        k = 0
        while k < len(positions):
            i = positions[k]
            role = _role(text, i, p.start, p.end)
            if open_at is not None and first and open_at < p.start:
                # The mark that reopens a continued speech is not a new quotation.
                first = False
                if role != "close":
                    k += 1
                    continue
            first = False
            if open_at is None:
                if role in ("open", "ambiguous"):
                    open_at = i + 1
            elif role == "open":
                _add(spans, text, open_at, i)
                open_at = i + 1
            elif single and role == "ambiguous-letter" and _better_close_ahead(text, positions[k + 1 :], p):
                pass  # "the girls' room": wait for a closing mark after punctuation
            else:
                _add(spans, text, open_at, i)
                open_at = None
            k += 1
        if open_at is not None:
            nxt = story[n + 1] if n + 1 < len(story) else None
            continues = (
                nxt is not None
                and marks.match(text, nxt.start)
                and _role(text, nxt.start, nxt.start, nxt.end) != "close"
            )
            if not continues:
                _add(spans, text, open_at, p.end)
                open_at = None
    return spans


def _role(text: str, i: int, lo: int, hi: int) -> str:
    ch = text[i]
    if ch in _OPENERS and ch not in "‘":
        return "open"
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    opening = (before.isspace() or before in "([{—–-") and not after.isspace()
    closing = not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-…" or i + 1 >= hi)
    if ch in _CLOSERS and not opening:
        return "close" if before in _PUNCT_BEFORE_CLOSE or not before.isalnum() else "ambiguous-letter"
    if opening and not closing:
        return "open"
    if closing and not opening:
        return "close" if before in _PUNCT_BEFORE_CLOSE or not before.isalnum() else "ambiguous-letter"
    return "ambiguous"


def _apostrophe(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if before.isalnum() and after.isalnum():
        return True
    return bool(_ELISIONS.match(text, i)) and (before.isspace() or i == lo)


def _better_close_ahead(text: str, later: list[int], p: Paragraph) -> bool:
    return any(_role(text, j, p.start, p.end) == "close" for j in later)


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _tagged_as_thought(text: str, start: int, end: int) -> bool:
    """The tag right after (or just before) the quotation is a thinking verb."""
    after = text[end + 1 : end + 50].split("\n", 1)[0]
    after = re.split(r"[\"“”.!?]", after, maxsplit=1)[0]
    before = text[max(0, start - 50) : start - 1].split("\n")[-1]
    before = re.split(r"[\"“”.!?]", before)[-1]
    return bool(_THOUGHT_VERB.search(after) or (before.rstrip().endswith(":") and _THOUGHT_VERB.search(before)))


def _single_quoted_thoughts(text: str, story: Sequence[Paragraph], speech: list[tuple[int, int]]) -> list:
    found = []
    for s, e in _paired_spans(text, story, _SINGLE, single=True):
        if _overlaps(s, e, speech):
            continue  # a quotation nested inside speech
        if _tagged_as_thought(text, s, e):
            found.append((s, e, "thought"))
    return found


def _italic_thoughts(text: str, emphasis: Sequence[Emphasis], quotes: list, skip: list) -> list:
    found = []
    for em in emphasis:
        if _overlaps(em.start, em.end, quotes) or _overlaps(em.start, em.end, skip):
            continue
        inner = text[em.start : em.end]
        if len(_WORDS.findall(inner)) < 2:
            continue
        if _PERSONAL.search(inner) or _tagged_as_thought(text, em.start, em.end) or inner.rstrip().endswith(("?", "!")):
            found.append((em.start, em.end, "thought"))
    return found


def _overlaps(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e, *_ in spans)
