"""Lines whose speaker is named instead of marked: screenplay cues and chat
senders. `quotes.find_quotes` takes them before it pairs any mark.

- screenplay form: a cue line, a name alone in capitals (`MARTIN`, `THE
  PLAYERS`, optionally with a parenthetical such as `(V.O.)`), a name
  and a colon (`Martin:`) or a name in Markdown bold (`**Martin**`), then the
  speech, in the rest of the cue's paragraph or in the next paragraph (after
  a parenthetical paragraph, if any). A cue counts only in a text that has at
  least three, and only for a name that is cued at least twice, so a heading
  in capitals ("DRAMATIS PERSONAE") or a shout on its own line is not one;
- chat form: lines `Name: message` (or `Name - message`, or a play's
  `NAME. Speech`), optionally behind a timestamp
  (`[8:04 PM] saki: hey`) or a list's bullet, with the name in Markdown
  emphasis (`**Ren:** hi`, `**Ren**:hi`, `*Ren*: hi`) or in angle
  brackets as chat logs write it (`<Ren> hi`, `[Ren] hi`), or with a parenthetical after
  the name as scripts write them (`Kirk (sighing): Report.`), or the whole
  line in brackets as texts are set in prose (`[Ren: where are you]`). A line
  with a timestamp, a bold name or brackets is a message on its own; plain `Name:`
  lines need a run of two or more in which a sender writes twice (a cast
  list of `NAME: role` lines is not a chat), or a text full of them: one
  with runs enough (where a later run of two or more lines, most of them by
  the script's speakers, is the script too), or where two or more senders
  come back ten times in all (a script with narration between its lines).

Their quotations carry a `cue`: the span of the name as written (without
parenthetical, timestamp or asterisks), which the speaker stage reads as
the speaker. Chat lines are of kind "message".

Each line comes as (claim start, claim end, start, end, kind, cue): the
stretch of text it claims from mark pairing, the speech itself (quotation
marks around the whole of it left out) and the cue's span.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from ..model import Paragraph, Span
from ..typography import DOUBLE_QUOTES

_QUOTE_MARK = re.compile(f"[{DOUBLE_QUOTES}]")

# A cue: a name in capitals alone on its line, maybe with a parenthetical, a
# name in any case that a colon ends ("Kirk:"), or one in Markdown bold
# ("**Kirk**").
_CUE = re.compile(r"[ \t]*(?:(?P<name>[A-Z][A-Z0-9'’.&\- ]{0,38}[A-Z0-9.])[ \t]*(?:\([^()\n]{1,40}\))?[ \t]*:?"
                  r"|(?P<titled>[A-Z][\w'’.\-]*(?:[ \t][A-Z][\w'’.\-]*){0,3})[ \t]*(?:\([^()\n]{1,40}\))?[ \t]*:"
                  r"|(?P<em>\*\*|__)(?P<bold>[A-Z][\w'’.\-]*(?:[ \t][A-Z][\w'’.\-]*){0,3})[ \t]*:?(?P=em)"
                  r"[ \t]*(?:\([^()\n]{1,40}\))?[ \t]*:?)[ \t]*")
_PRONOUNS = {"I", "ME", "YOU", "HE", "SHE", "IT", "WE", "THEY", "HIM", "HER", "US", "THEM"}
_NOT_A_CUE = re.compile(r"(?:INT|EXT|I/E|INT\./EXT)\b|(?:CHAPTER|PART|BOOK|ACT|SCENE|THE END|FADE|CUT TO|END)\b")
_PARENTHETICAL = re.compile(r"[ \t]*\([^\n]*\)[ \t]*")
_LINE = re.compile(r"[^\n]+")
# A line of stage direction, which a script sets between its lines.
_STAGE_DIRECTION = re.compile(r"[ \t]*(?:\([^\n]*\)|\[[^\n]*\]|\*[^*\n]+\*|_[^_\n]+_)[ \t]*")
# So many cued lines make the text a script or a chat log.
_SCRIPT = 5
_TIMESTAMP = r"(?:\[[^\]\n]{0,24}\d{1,2}:\d{2}[^\]\n]{0,12}\]|\(\d{1,2}:\d{2}[^)\n]{0,12}\)|\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?)"
# [bullet] [label] [timestamp] sender: message, the sender in Markdown emphasis
# (**Name:**, **Name**:, *Name*:, __Name__:), in brackets or plain; after a
# colon the message may follow without a space ("**Kirk**:Report.", or
# "Kirk:Report." where a reader dropped the bold).
_CHAT = re.compile(
    r"[ \t]*(?:[-•][ \t]+)?"
    rf"(?:(?P<label>[A-Z][a-z]{{1,10}}[ \t]+)?(?P<stamp>{_TIMESTAMP})[ \t]*[-–—]?[ \t]*)?"
    r"(?:(?:(?P<em>\*\*?|__?)(?P<bold>[^*\n:]{1,30}?)[ \t]*(?::(?P=em)|(?P=em)[ \t]*:)"
    r"|<(?P<angle>[\w+@][\w+@.'’\-]{0,29})>|\[(?P<bracket>[^\W\d_][\w.'’\-]{0,29})\])[ \t]*"
    r"|(?:(?P<caps>[A-Z][A-Z'’\-]+(?:[ \t][A-Z][A-Z'’\-]+){0,2})\."
    r"|(?P<name>[\w+@][\w+@.'’\-]*(?:[ \t][\w+@.'’\-]+){0,3})(?:[ \t]*\([^()\n]{1,40}\))?"
    r"(?::(?=[^\W\d_\"“‘'(])|(?::|[ \t]+[-–—])[ \t]+))[ \t]*)"
    r"(?P<message>\S[^\n]*)"
)

# What every chat line holds somewhere (a sender's colon, brackets, a spaced
# dash) or opens with (a play's "NAME."), which most prose lines lack.
_MAYBE_CHAT = re.compile(r"[:<\[]|[ \t][-–—][ \t]")
_CAPS_FIRST = re.compile(r"[ \t]*(?:[-•][ \t]+)?[A-Z][A-Z'’\-]")
# A text message set in brackets as a whole: "[Ron: where are you]".
_BOXED = re.compile(r"[ \t]*[\[{]([^\[\]{}\n]+)[\]}][ \t]*")


def screenplay_lines(text: str, story: Sequence[Paragraph]) -> list[tuple]:
    """(claim start, claim end, start, end, kind, cue) for each cued speech."""
    found = []
    for n, p in enumerate(story):
        first = _LINE.search(text, p.start, p.end)
        cue = _CUE.fullmatch(text, first.start(), first.end())
        if cue is None or not _is_cue_name(_cue_name(cue)):
            continue
        if first.end() < p.end:
            speech = _speech_lines(text, first.end(), p.end)
            claim_end = p.end
        else:
            nxt = story[n + 1] if n + 1 < len(story) else None
            if nxt is not None and _PARENTHETICAL.fullmatch(text, nxt.start, nxt.end):
                nxt = story[n + 2] if n + 2 < len(story) else None
            if nxt is None or _is_cue_paragraph(text, nxt):
                continue
            speech = _speech_lines(text, nxt.start, nxt.end)
            claim_end = nxt.end
        if speech is not None:
            group = next(g for g in ("name", "titled", "bold") if cue.group(g))
            name = Span(cue.start(group), cue.end(group))
            found.append((p.start, claim_end, speech[0], speech[1], "speech", name))
    names = Counter(text[c[5].start : c[5].end] for c in found)
    kept = [c for c in found if names[text[c[5].start : c[5].end]] >= 2]
    if len(kept) >= _SCRIPT:
        # A script: a character with one line is cued like the rest, unless
        # what follows names the cued in capitals, as a stage direction does
        # ("THE AUDIENCE" / "One man rises from THE AUDIENCE to leave.").
        cued = re.compile("|".join(re.escape(name) for name in names))
        return [c for c in found if names[text[c[5].start : c[5].end]] >= 2
                or not cued.search(text, c[2], c[3])]
    return kept if len(kept) >= 3 else []


def _is_cue_name(name: str) -> bool:
    words = name.split()
    # "SHE RAN." is a shout on its line, "DR. HOLT" and "SMITH JR." are cues.
    sentence = name.endswith(".") and len(words[-1]) > 4 or any(w.upper() in _PRONOUNS for w in words)
    return (sum(ch.isalpha() for ch in name) >= 2 and len(words) <= 4
            and not _NOT_A_CUE.match(name) and not sentence)


def _is_cue_paragraph(text: str, p: Paragraph) -> bool:
    first = _LINE.search(text, p.start, p.end)
    cue = _CUE.fullmatch(text, first.start(), first.end())
    return cue is not None and _is_cue_name(_cue_name(cue))


def _cue_name(cue: re.Match) -> str:
    return cue.group("name") or cue.group("titled") or cue.group("bold")


def _speech_lines(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The speech between two offsets: parenthetical lines at its head left
    out, quotation marks around the whole of it too."""
    for line in _LINE.finditer(text, start, end):
        if not _PARENTHETICAL.fullmatch(text, line.start(), line.end()) and line.group().strip():
            start = line.start() + len(line.group()) - len(line.group().lstrip())
            break
    else:
        return None
    return _unquoted(text, start, end)


def chat_lines(text: str, story: Sequence[Paragraph]) -> list[tuple]:
    """(claim start, claim end, start, end, "message", sender) for each chat line."""
    found = []
    doubtful = []  # lines of runs too short to show a chat or script by themselves
    doubtful_runs: list[list[tuple]] = []
    run: list[tuple] = []

    def close_run() -> None:
        if not run:
            return
        senders = Counter(text[r[5].start : r[5].end] for r in run if not r[6])
        repeated = len(run) >= 2 and any(v >= 2 for v in senders.values())
        # Bracketed lines of one label are captions ("[Picture: Haworth]"), not texts.
        if any(r[7] for r in run) and len(senders) < 2:
            run[:] = [r for r in run if not r[7]]
        for r in run:
            (found if r[6] or repeated else doubtful).append(r[:6])
        if not repeated:
            doubtful_runs.append([r[:6] for r in run if not r[6]])
        run.clear()

    for p in story:
        for line in _LINE.finditer(text, p.start, p.end):
            if not (_CAPS_FIRST.match(text, line.start(), line.end()) or _MAYBE_CHAT.search(text, line.start(), line.end())):
                m = None  # most lines of prose: no colon, bracket, spaced dash or capitals first
            else:
                m = _CHAT.fullmatch(text, line.start(), line.end())
            end, boxed = line.end(), None
            if m is None and (boxed := _BOXED.fullmatch(text, line.start(), line.end())):
                m, end = _CHAT.fullmatch(text, boxed.start(1), boxed.end(1)), boxed.end(1)
            if m is None:
                if not _STAGE_DIRECTION.fullmatch(text, line.start(), line.end()):
                    close_run()
                continue
            sender = next(g for g in ("bold", "angle", "bracket", "caps", "name") if m.group(g))
            cue = Span(m.start(sender), m.start(sender) + len(m.group(sender).rstrip()))
            start, end = _unquoted(text, m.start("message"), end)
            marked = bool(m.group("stamp") or m.group("bold") or m.group("angle") or m.group("bracket"))
            run.append((line.start(), line.end(), start, end, "message", cue, marked, boxed is not None))
    close_run()
    # In a script, narration between lines breaks the runs: a sender the runs
    # have shown needs no run of their own, and where narration comes between
    # every line, senders who come back again and again make it a script.
    if len(found) >= _SCRIPT:
        known = {text[c[5].start : c[5].end] for c in found}
        # A run after the script has begun whose senders are mostly its
        # speakers is more of it, one who speaks only there included ("Magma:"
        # among MagmaShocked and Hornet). A cast list comes before the lines.
        first = min(c[0] for c in found)
        for lines in doubtful_runs:
            senders = [text[c[5].start : c[5].end] for c in lines]
            if len(lines) >= 2 and lines[0][0] > first and 2 * sum(name in known for name in senders) > len(senders):
                known.update(senders)
    else:
        senders = Counter(text[c[5].start : c[5].end] for c in doubtful)
        known = {name for name, n in senders.items() if n >= 2}
        if len(known) < 2 or sum(senders[name] for name in known) < 2 * _SCRIPT:
            known = set()
    found += [c for c in doubtful if text[c[5].start : c[5].end] in known]
    found.sort(key=lambda c: c[0])
    return found


def _unquoted(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2 and _QUOTE_MARK.match(text, start) and _QUOTE_MARK.match(text, end - 1):
        return start + 1, end - 1
    return start, end
