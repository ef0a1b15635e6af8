"""Lines whose speaker is named instead of marked: screenplay cues and chat
senders. `quotes.find_quotes` takes them before it pairs any mark.

- screenplay form: a cue line, a name alone in capitals (`MARTIN`, `THE
  PLAYERS`, optionally with a parenthetical such as `(V.O.)`), then the
  speech, in the rest of the cue's paragraph or in the next paragraph (after
  a parenthetical paragraph, if any). A cue counts only in a text that has at
  least three, and only for a name that is cued at least twice, so a heading
  in capitals ("DRAMATIS PERSONAE") or a shout on its own line is not one;
- chat form: lines `Name: message`, optionally behind a timestamp
  (`[8:04 PM] saki: hey`) or with the name in bold (`**Ren:** hi`). A line
  with a timestamp or a bold name is a message on its own; plain `Name:`
  lines need a run of two or more in which a sender writes twice (a cast
  list of `NAME: role` lines is not a chat).

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

# A cue: a name in capitals alone on its line, maybe with a parenthetical.
_CUE = re.compile(r"[ \t]*(?P<name>[A-Z][A-Z0-9'’.&\- ]{0,38}[A-Z0-9.])[ \t]*(?:\([^()\n]{1,40}\))?[ \t]*:?[ \t]*")
_NOT_A_CUE = re.compile(r"(?:INT|EXT|I/E|INT\./EXT)\b|(?:CHAPTER|PART|BOOK|ACT|SCENE|THE END|FADE|CUT TO|END)\b")
_PARENTHETICAL = re.compile(r"[ \t]*\([^\n]*\)[ \t]*")
_LINE = re.compile(r"[^\n]+")
_TIMESTAMP = r"(?:\[[^\]\n]{0,24}\d{1,2}:\d{2}[^\]\n]{0,12}\]|\(\d{1,2}:\d{2}[^)\n]{0,12}\)|\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?)"
# [label] [timestamp] sender: message, the sender bold (**Name:** or **Name**:) or plain.
_CHAT = re.compile(
    rf"[ \t]*(?:(?P<label>[A-Z][a-z]{{1,10}}[ \t]+)?(?P<stamp>{_TIMESTAMP})[ \t]*[-–—]?[ \t]*)?"
    r"(?:\*\*(?P<bold>[^*\n:]{1,30}?)[ \t]*(?::\*\*|\*\*[ \t]*:)"
    r"|(?P<name>[\w+@][\w+@.'’\-]*(?:[ \t][\w+@.'’\-]+){0,3}):)"
    r"[ \t]+(?P<message>\S[^\n]*)"
)


def screenplay_lines(text: str, story: Sequence[Paragraph]) -> list[tuple]:
    """(claim start, claim end, start, end, kind, cue) for each cued speech."""
    found = []
    for n, p in enumerate(story):
        first = _LINE.search(text, p.start, p.end)
        cue = _CUE.fullmatch(text, first.start(), first.end())
        if cue is None or not _is_cue_name(cue.group("name")):
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
            name = Span(cue.start("name"), cue.end("name"))
            found.append((p.start, claim_end, speech[0], speech[1], "speech", name))
    names = Counter(text[c[5].start : c[5].end] for c in found)
    kept = [c for c in found if names[text[c[5].start : c[5].end]] >= 2]
    return kept if len(kept) >= 3 else []


def _is_cue_name(name: str) -> bool:
    return (sum(ch.isalpha() for ch in name) >= 2 and len(name.split()) <= 4
            and not _NOT_A_CUE.match(name))


def _is_cue_paragraph(text: str, p: Paragraph) -> bool:
    first = _LINE.search(text, p.start, p.end)
    cue = _CUE.fullmatch(text, first.start(), first.end())
    return cue is not None and _is_cue_name(cue.group("name"))


def _speech_lines(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The speech between two offsets: parenthetical lines at its head left
    out, quotation marks around the whole of it too."""
    for line in _LINE.finditer(text, start, end):
        if not _PARENTHETICAL.fullmatch(text, line.start(), line.end()) and line.group().strip():
            start = line.start()
            break
    else:
        return None
    return _unquoted(text, start, end)


def chat_lines(text: str, story: Sequence[Paragraph]) -> list[tuple]:
    """(claim start, claim end, start, end, "message", sender) for each chat line."""
    found = []
    run: list[tuple] = []

    def close_run() -> None:
        if not run:
            return
        senders = Counter(text[r[5].start : r[5].end] for r in run if not r[6])
        repeated = len(run) >= 2 and any(v >= 2 for v in senders.values())
        found.extend(r[:6] for r in run if r[6] or repeated)
        run.clear()

    for p in story:
        for line in _LINE.finditer(text, p.start, p.end):
            m = _CHAT.fullmatch(text, line.start(), line.end())
            if m is None:
                close_run()
                continue
            sender = "bold" if m.group("bold") else "name"
            cue = Span(m.start(sender), m.start(sender) + len(m.group(sender).rstrip()))
            start, end = _unquoted(text, m.start("message"), line.end())
            marked = bool(m.group("stamp") or m.group("bold"))
            run.append((line.start(), line.end(), start, end, "message", cue, marked))
    close_run()
    return found


def _unquoted(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2 and _QUOTE_MARK.match(text, start) and _QUOTE_MARK.match(text, end - 1):
        return start + 1, end - 1
    return start, end
