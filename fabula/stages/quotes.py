"""Quotations and thoughts in the story text.

A text's dialogue mark is found first: double quotes (straight or curly,
guillemets, corner brackets 「」) in most fiction, single quotes in texts
that use them for dialogue, doubled marks (`''Hello,''`, ``` ``Hello,'' ```,
`<<Hello,>>`), or opening
dashes ("— Hello, — said Mara. — Are you there?", where every other stretch
between dashes is speech). Marks are paired paragraph by paragraph:

- a mark's neighbours say whether it opens (`␣"Word`) or closes (`word,"␣`),
  a curly mark's direction too, except where a closing mark would stand
  (`Hello,“␣said`, autocorrect's turn or German `„Hallo,“`);
  an opening-looking mark while a quotation is open means the earlier one was
  never closed, so it ends there instead of swallowing what follows;
- a quotation still open at the end of a paragraph continues only when the
  next paragraph opens with a mark (the convention for long speeches) and
  the paragraph does not end in a dash or an ellipsis (a line cut off, and
  the next paragraph another speaker's); otherwise it ends with its paragraph;
- in single-quote texts, double-quoted lines outside the single-quoted
  ones are speech too (a writer who switched marks);
- in single-quote texts, apostrophes (`don't`, `'em`) are not marks, and a
  closing mark after punctuation is preferred over one after a letter
  (`the girls' room`).

Thoughts are quotations whose tag is a verb of thinking (`'Here we go again'
the pinkette thought`), single-quoted spans next to such a verb in a
double-quote text (next to a speech tag they are speech, `'Good,' said
Mara`), and italic spans outside quotations that read like inner
speech (a first- or second-person clause, or one tagged with a thinking verb).

Voices not heard aloud (telepathy, a snake's tongue) are speech between the
marks fan fiction gives them: `::Can you hear me?::`, `:Whysad?:`, `§Hello§`,
`//Here.//`, `<Yes,>`, where the text uses one of them for two lines or more.

Screenplay cues and chat senders name the speaker instead of marking the
speech (`cued_lines.py`); their lines are taken before any mark is paired,
and carry a `cue`, which the speaker stage reads as the speaker.

Spans exclude the quotation marks themselves.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Sequence

from ..lexicon import SPEECH_VERB_PATTERN
from ..model import Emphasis, Paragraph, Paratext, Quote, SpanIndex
from ..typography import DOUBLE_QUOTES
from .cued_lines import chat_lines, screenplay_lines

_DOUBLE = re.compile(f"[{DOUBLE_QUOTES}]")
_SINGLE = re.compile(r"['‘’‚‛`‹›′]")
# Two characters typed for one double quote: apostrophes (''Hello,'', curly
# or straight), TeX's backticks (``Hello,''), angle brackets for guillemets
# (<<Hello,>>), or two commas for a low mark (,,Hallo'').
_DOUBLED = re.compile(r"(['‘’`<>])\1|,(?<!,,),(?=\w)")  # the same mark twice; two commas, not three
_OPENERS = "“„‟«‘‚‛「『〝‹"
_CLOSERS = "”»’」』〞〟›"
# Dash dialogue: a paragraph that opens with a dash is speech ("— Are you
# there? — said Mara. — Answer me."); dashes inside it with a space on one
# side turn narration on and off.
_DASH_OPENING = re.compile(r"[—―–]\s*(?=\S)")
_DASH_TURN = re.compile(r"(?<=\s)[—―–]|[—―–][.,;:]?(?=\s|$)")
# A mark at a paragraph's start or after a space, a bracket or a dash (the
# look behind after the mark: a look behind first is tried at every offset).
_SINGLE_OPEN_HINT = re.compile(r"['‘`‹](?=[A-Za-z])(?<![^\s(\[—–-]['‘`‹])")
_ELISIONS = re.compile(r"['‘’](?:em|cause|cos|til|till|tis|twas|bout|round|n|s|re|ll|ve|d|t)\b", re.IGNORECASE)
_THOUGHT_VERB = re.compile(
    r"\b(?:thought|thinks|think|thinking|wondered|wonders|mused|muses|pondered|ponders|reflected|"
    r"realized|realised|prayed|told\s+(?:her|him|them|my)sel(?:f|ves)|said\s+to\s+(?:her|him|them|my)self|"
    r"mentally\s+\w+)\b",
    re.IGNORECASE,
)
# Someone thinking, right before the mark: "he just thought 'Screw it.'"
# (not "after a moment's thought, 'we were…'").
_THOUGHT_VERB_LAST = re.compile(r"(?:\b(?:I|[Hh]e|[Ss]he|[Tt]hey|[Ww]e)|\b[A-Z][\w'’-]+)(?:\s+\w+ly|\s+just|\s+then|\s+only)?"
                                r"\s+(?:thought|thinks|wondered|wonders|mused|muses|pondered|ponders|prayed)[ \t]*[,:]?[ \t]*$")
# Nothing but a tag between two quotations of one speaker: "' said Mara. '".
_TAG_BETWEEN = re.compile(rf"[^.!?\n]*\b(?:{SPEECH_VERB_PATTERN})\b[^.!?\n]*[.,:;]?[ \t]*")
# A speech tag right after a closing mark: "' she asked", "' Tomas said", "' said Mara".
_SPEECH_TAG_AFTER = re.compile(
    rf"[ \t]*,?[ \t]*(?:(?:[Hh]e|[Ss]he|[Tt]hey|I|[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)?)[ \t]+(?:\w+ly[ \t]+)?"
    rf"(?:{SPEECH_VERB_PATTERN})\b|(?:{SPEECH_VERB_PATTERN})[ \t]+[A-Z\w])")
# A speech verb, a comma or colon, then an opening mark and a capital: "and
# said, 'Stay.'" (not "what Jo called 'prim and poky'", nor "said 'Erb").
_SPEECH_VERB_BEFORE = re.compile(rf"\b(?!called\b|calls\b|call\b)(?:{SPEECH_VERB_PATTERN})[ \t]*[,:][ \t]*\n?[ \t]*$")
_PERSONAL = re.compile(r"\b(?:I|I'm|I'll|I've|I'd|me|my|we|us|our|you|your|you're)\b")
_WORDS = re.compile(r"\w+")
_PUNCT_BEFORE_CLOSE = set(".,!?;:…—–-")
# A paragraph that ends with its quotation open on one of these was cut off.
_CUT_OFF = ("-", "–", "—", "…", "...")


def find_quotes(
    text: str,
    paragraphs: Sequence[Paragraph],
    paratext: Sequence[Paratext] = (),
    emphasis: Sequence[Emphasis] = (),
) -> tuple[Quote, ...]:
    """Return every quotation and thought in story text, in text order."""
    skip = SpanIndex(paratext)
    story = [p for p in paragraphs if not skip.covers(p.start, p.end)]
    cued = screenplay_lines(text, story) + chat_lines(text, story)
    cued.sort(key=lambda c: c[0])
    claimed = [(c[0], c[1]) for c in cued]
    starts = [c[0] for c in claimed]
    marked = [p for p in story if not _fully_claimed(p, claimed, starts)]
    style = dialogue_style(text, marked)
    if style == "dash":
        spans = _dash_spans(text, marked)
    elif style == "doubled":
        # The opening pair's second apostrophe stands just inside the span.
        spans = [(s + 1, e) for s, e in _paired_spans(text, marked, _DOUBLED, single=False, claimed=claimed)
                 if e - s > 1]
    else:
        marks = _DOUBLE if style == "double" else _SINGLE
        spans = _paired_spans(text, marked, marks, single=style == "single", claimed=claimed)
    if style == "single":
        spans = sorted(spans + _double_quoted_outside(text, marked, spans, claimed))
    quotes = [(s, e, "thought" if _tagged_as_thought(text, s, e) else "speech", None) for s, e in spans]
    if style == "double":
        quotes += _single_quoted_lines(text, marked, spans, claimed)
    quotes += _marked_voices(text, marked, spans + claimed)
    quotes += _italic_thoughts(text, emphasis, spans + claimed, skip)
    quotes += [(start, end, kind, cue) for _, _, start, end, kind, cue in cued]
    quotes.sort(key=lambda q: q[0])
    return tuple(Quote(s, e, id=f"q{i}", kind=k, cue=c) for i, (s, e, k, c) in enumerate(quotes, 1))


def dialogue_style(text: str, story: Sequence[Paragraph]) -> str:
    """"double" unless single quotes, opening dashes or doubled apostrophes
    (`''Hello,'' she said`) clearly carry the dialogue ("single", "dash",
    "doubled")."""
    doubles = singles = dashes = doubled = 0
    for p in story[:400]:
        chunk = text[p.start : p.end]
        doubles += len(_DOUBLE.findall(chunk))
        doubled += len(_DOUBLED.findall(chunk))
        singles += len(_SINGLE_OPEN_HINT.findall(chunk)) - len(_ELISIONS.findall(chunk))
        dashes += _DASH_OPENING.match(chunk) is not None
    if dashes >= 3 and 2 * dashes > doubles and dashes > singles:
        return "dash"
    if doubled >= 3 and doubled > doubles:
        return "doubled"
    return "single" if singles >= 3 and singles > doubles else "double"


def _dash_spans(text: str, story: Sequence[Paragraph]) -> list[tuple[int, int]]:
    """The speech of paragraphs that open with a dash: every other stretch
    between the dashes that turn speech and narration."""
    spans: list[tuple[int, int]] = []
    for p in story:
        opening = _DASH_OPENING.match(text, p.start, p.end)
        if opening is None:
            continue
        start, speaking = opening.end(), True
        for turn in _DASH_TURN.finditer(text, opening.end(), p.end):
            if speaking:
                _add(spans, text, start, turn.start())
            start, speaking = turn.end(), not speaking
        if speaking:
            _add(spans, text, start, p.end)
    return spans


def _paired_spans(text: str, story: Sequence[Paragraph], marks: re.Pattern, single: bool,
                  claimed: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None  # offset just after the opening mark
    claimed_starts = [c[0] for c in claimed]
    for n, p in enumerate(story):
        positions = [m.start() for m in marks.finditer(text, p.start, p.end)]
        if claimed:
            positions = [i for i in positions if not _in_claimed(i, claimed, claimed_starts)]
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
                and not text[p.start : p.end].rstrip().endswith(_CUT_OFF)
            )
            if not continues:
                _add(spans, text, open_at, p.end)
                open_at = None
    return spans


def _role(text: str, i: int, lo: int, hi: int) -> str:
    ch = text[i]
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    opening = (before.isspace() or before in "([{—–-") and not after.isspace()
    closing = not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-…" or i + 1 >= hi)
    # An opening mark opens, unless it stands where a closing one would, after
    # the line's last punctuation ('Hello,“ said Mara': autocorrect's turn,
    # or German marks).
    if ch in _OPENERS and ch not in "‘" and not (closing and before in _PUNCT_BEFORE_CLOSE):
        return "open"
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
    return bool(_THOUGHT_VERB.search(after) or (before.rstrip().endswith(":") and _THOUGHT_VERB.search(before))
                or _THOUGHT_VERB_LAST.search(before))


def _single_quoted_lines(text: str, story: Sequence[Paragraph], speech: list[tuple[int, int]],
                         claimed: Sequence[tuple[int, int]]) -> list:
    """In a double-quote text, single-quoted spans outside its quotations
    that a thinking verb tags are thoughts, and those a speech tag follows
    ("'Are you there?' she asked") or a speech verb brings in ("and said,
    'Stay.'") speech; the rest are titles or scare quotes."""
    found = []
    inside_speech = SpanIndex(speech)
    for s, e in _paired_spans(text, story, _SINGLE, single=True, claimed=claimed):
        if inside_speech.meets(s, e):
            continue  # a quotation nested inside speech
        if _tagged_as_thought(text, s, e):
            found.append((s, e, "thought", None))
        elif _SPEECH_TAG_AFTER.match(text, e + 1, e + 60) \
                or (text[s].isupper() and _SPEECH_VERB_BEFORE.search(text, max(0, s - 40), s - 1)) \
                or (found and found[-1][2] == "speech" and _TAG_BETWEEN.fullmatch(text, found[-1][1] + 1, s - 1)):
            found.append((s, e, "speech", None))  # tagged, or going on after its tag ("'Good,' said Mara. 'Come.'")
    return found


def _double_quoted_outside(text: str, story: Sequence[Paragraph], speech: list[tuple[int, int]],
                           claimed: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """In a single-quote text, double-quoted lines outside its quotations:
    a writer who switched marks ("Hello," she said. 'Are you there?'). The
    double marks nested inside single-quoted speech stay part of it."""
    inside = sorted([*claimed, *speech])
    return [(s, e) for s, e in _paired_spans(text, story, _DOUBLE, single=False, claimed=inside)]


# Marks fan fiction gives a voice that is not heard aloud (telepathy, a
# snake's tongue, a bond): ::Can you hear me?::, :Whysad?:, §Hello§, //Here.//,
# <Yes,>.
# Each opens before a word and closes after one, within a paragraph; between
# angle brackets, more than a word or one ending in punctuation (`<ul>`, a
# tag left in the text, is none); between single colons, words opening on a
# capital (`:date: 2021` heads a file's fields).
_VOICE_MARKS = re.compile(r"(?<![^\s(\[\"“—–-])(?:(::|§|//)(?=[^\W\d_])([^\n]{0,400}?[^\s:§/])\1"
                          r"|<(?=[^\W\d_])([^<>=/\n]{0,400}?(?:\s[^<>=/\n]*|[.,!?…-]))>(?!>)"
                          r"|:(?=[A-Z])([^:\n]{0,400}?[^\s:]):)"
                          r"(?![^\s.,;:!?)\]\"”—–-])")

_VOICE_MARK = re.compile(r":|§|//|<")


def _marked_voices(text: str, story: Sequence[Paragraph], taken: list) -> list:
    """Speech between the marks fan fiction gives telepathy and the like,
    where the text uses one such mark for at least two lines."""
    found: dict[str, list] = {}
    inside = SpanIndex(taken)
    for p in story:
        if not _VOICE_MARK.search(text, p.start, p.end):
            continue  # most paragraphs have none: skip the costly pattern
        for m in _VOICE_MARKS.finditer(text, p.start, p.end):
            group = 2 if m.group(1) else 3 if m.group(3) is not None else 4
            if not inside.meets(m.start(), m.end()):
                found.setdefault(m.group(1) or m.group()[0], []).append((m.start(group), m.end(group), "speech", None))
    return [q for lines in found.values() if len(lines) >= 2 for q in lines]


def _italic_thoughts(text: str, emphasis: Sequence[Emphasis], quotes: list, skip: SpanIndex) -> list:
    found = []
    quoted = SpanIndex((s, e) for s, e, *_ in quotes)
    for em in emphasis:
        if quoted.meets(em.start, em.end) or skip.meets(em.start, em.end):
            continue
        inner = text[em.start : em.end]
        if len(_WORDS.findall(inner)) < 2:
            continue
        if _PERSONAL.search(inner) or _tagged_as_thought(text, em.start, em.end) or inner.rstrip().endswith(("?", "!")):
            found.append((em.start, em.end, "thought", None))
    return found


def _in_claimed(i: int, claimed: Sequence[tuple[int, int]], starts: list[int]) -> bool:
    k = bisect_right(starts, i) - 1
    return k >= 0 and claimed[k][0] <= i < claimed[k][1]


def _fully_claimed(p: Paragraph, claimed: Sequence[tuple[int, int]], starts: list[int]) -> bool:
    k = bisect_right(starts, p.start) - 1
    return k >= 0 and claimed[k][0] <= p.start and p.end <= claimed[k][1]
