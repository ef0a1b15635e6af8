"""Scenes: the story cut at marked breaks, chapter starts, and unmarked jumps.

Marked breaks are lines made only of symbols, or of symbols with the
letters o, x and 0 (`***`, `* * *`, `~*~`, `+++`, `§`, `.:O:.`, `-x-x-`,
`— ⋆ —`), runs of those letters alone (`xXx`, `o0o0o`, `oooooo`), the words
sites leave when they strip symbols ("Line Break", "-break-", "Scene Break"),
and horizontal rules from markup (which readers put in the text as `* * *`).
A line of punctuation that reads as speech or silence (`...`, `?!`, `--`) is
not a break, nor are quotation marks or a lone "xxx" (kisses at a sign-off).
A break line before any story in a chapter opens nothing: the chapter's
first scene still opens with the chapter.

Unmarked breaks need clear evidence: a paragraph that opens with a jump in
time ("Twenty minutes later", "The next morning", "Meanwhile"), or one whose
first sentence moves to a place the scene has not been and names a time
("…go to the hospital that day"), after narration rather than mid-dialogue.

Scenes cover story text only: paratext at a chapter's head or tail and the
break paragraphs themselves lie outside every scene.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from typing import Sequence

from ..model import Chapter, Paragraph, Paratext, Rule, Scene, Span, SpanIndex

_I = re.IGNORECASE
# Marks that are speech, not decoration, and punctuation that alone reads as
# a pause or a cry rather than a break.
_QUOTE_MARKS = frozenset("\"'“”‘’«»„‟‚‛")
_WEAK = frozenset(".,:;!?…-–—()[]{}")
_DASHES = frozenset("-–—")
_LONG_RULE = frozenset(".-–—_:")
_DECOR_LETTERS = frozenset("oOxX0")
_WORD_BREAK = re.compile(
    r"^[\W_]*(?:line\s?break|scene\s?break|page\s?break|time\s?skip|break|pov\s+(?:change|switch)"
    r"|change\s+of\s+scene)[\W_]*$",
    _I,
)
_NUMBER = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|a\s+few|several|some|many|\d+)"
_UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|nights?|mornings?)"
_TIME_JUMP = re.compile(
    rf"^[\W_]*(?:{_NUMBER}\s+(?:long\s+)?{_UNIT}\s+(?:later|after|passed|went\s+by|had\s+passed)"
    rf"|(?:the\s+)?(?:next|following)\s+(?:morning|day|evening|night|afternoon|week|month|year)"
    rf"|later\s+(?:that|in\s+the|the\s+same)\s+(?:day|night|evening|morning|afternoon|week)"
    rf"|(?:that|this)\s+(?:night|evening|afternoon)"
    rf"|(?:meanwhile|elsewhere)\b"
    rf"|(?:early|late)\s+(?:the\s+next|that|the\s+following)\s+(?:morning|day|evening|night)"
    rf"|by\s+(?:nightfall|morning|dawn|sunset|the\s+next\s+(?:morning|day))"
    rf"|(?:hours|days|weeks|months|years)\s+(?:later|passed|went\s+by)"
    rf"|(?:on|that)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)",
    _I,
)
_PLACE = re.compile(
    # The lookahead lets the engine pass over most characters without trying the words.
    r"(?=[tiareTIARE])\b(?:to|at|in|into|inside|reached|entered)\s+(?:the|her|his|their|my|our)\s+"
    r"((?:[\w'-]+\s+)?(?:hospital|house|home|office|school|academy|classroom|library|kitchen|bedroom|apartment|"
    r"flat|castle|palace|tower|station|market|shop|store|bar|pub|inn|tavern|restaurant|cafe|park|garden|"
    r"forest|woods|beach|church|temple|village|city|town|camp|base|headquarters|hall|gym|arena|"
    r"training\s+grounds?|compound|estate|manor|hotel|court|prison|ship|train|airport|hideout|clinic|lab|laboratory))\b",
    _I,
)
_TIME_WORD = re.compile(
    r"\b(?:that\s+(?:day|night|morning|afternoon|evening)|the\s+next\s+(?:day|morning)|later|tonight|"
    r"the\s+following|this\s+morning|that\s+week|the\s+day\s+after)\b",
    _I,
)
_DIALOGUE = re.compile(r"[\"“”]")
_FIRST_SENTENCE = re.compile(r"^.*?(?:[.!?…](?=\s|$)|$)", re.DOTALL)


def find_scene_breaks(
    text: str,
    paragraphs: Sequence[Paragraph],
    paratext: Sequence[Paratext] = (),
    chapters: Sequence[Chapter] = (),
    rules: Sequence[Rule] = (),
) -> tuple[Scene, ...]:
    """Return the scenes of the story, each with how it was opened."""
    regions = [(c.start, c.end) for c in chapters] or [(0, len(text))]
    skip = SpanIndex(paratext)
    starts = [p.start for p in paragraphs]
    rule_starts = {r.start for r in rules}
    scenes: list[Scene] = []
    for n, (start, end) in enumerate(regions):
        story = [p for p in paragraphs[bisect_left(starts, start) : bisect_left(starts, end)]
                 if not skip.covers(p.start, p.end)]
        scenes.extend(_region_scenes(text, story, rule_starts, "chapter" if n else "start"))
    return tuple(scenes)


def is_break_line(s: str) -> bool:
    s = s.strip()
    if not s or len(s) > 200 or "\n" in s:
        return False
    if len(s) <= 60 and _WORD_BREAK.match(s):
        return True
    letters = marks = 0
    kinds: set[str] = set()
    for ch in s:
        if ch.isspace():
            continue
        if ch in _DECOR_LETTERS:
            letters += 1
        elif ch in _QUOTE_MARKS or unicodedata.category(ch)[0] not in "PS":
            return False
        else:
            marks += 1
        kinds.add(ch)
    if not marks:
        # "xXx", "o0o", "oooooo" mark breaks; a lone "o", "XX" or "xxx" is ambiguous.
        return letters >= 3 and (len(kinds) >= 2 or letters >= 5)
    if letters or not kinds <= _WEAK:
        return True
    if kinds <= _DASHES:
        return marks >= 3
    return marks >= 5 and kinds <= _LONG_RULE


def _region_scenes(text: str, story: list[Paragraph], rule_starts: set[int], opening: str) -> list[Scene]:
    scenes: list[Scene] = []
    current: list[Paragraph] = []
    opened_by, marker = opening, None
    places: set[str] = set()
    after_dialogue = False

    def close() -> None:
        if current:
            scenes.append(Scene(current[0].start, current[-1].end, opened_by, marker))

    for p in story:
        s = text[p.start : p.end]
        if p.start in rule_starts or is_break_line(s):
            if scenes or current:
                close()
                current, opened_by, marker, places = [], "explicit", Span(p.start, p.end), set()
            continue
        if current and len(current) >= 3 and _jumps(s, places, after_dialogue):
            close()
            current, opened_by, marker, places = [], "implicit", None, set()
        current.append(p)
        places.update(m.group(1).lower().split()[-1] for m in _PLACE.finditer(s))
        after_dialogue = bool(_DIALOGUE.search(s))
    close()
    return scenes


def _jumps(s: str, places: set[str], after_dialogue: bool) -> bool:
    if _TIME_JUMP.match(s):
        return True
    if after_dialogue:
        # A new place named mid-conversation is usually talk about a place.
        return False
    first = _FIRST_SENTENCE.match(s).group()
    new_places = {m.group(1).lower().split()[-1] for m in _PLACE.finditer(first)} - places
    return bool(new_places) and bool(_TIME_WORD.search(first)) and not _DIALOGUE.search(first)
