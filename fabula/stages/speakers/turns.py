"""Turns, how each stands to the one before, and what a scene holds.

A turn is what one person says at once: the quotations of one paragraph,
read together (`"I want to talk," Sakura replied, "to you."`), unless two
of them stand back to back (`"…now." "Get out," he told her.`) or their tags
disagree (`"…," Sasuke insisted. "…," she cried out.`), which is how fiction
sets a second voice or a remembered line into a paragraph.

How a turn stands to the one before (same paragraph, next paragraph, a
little narration between, or a new conversation) is what the chain model
(`crf.py`) reads for turn-taking; a line broken off and taken up by the
next turn ("…water-" "-so I…") is the same voice going on. A scene's
narration shows who is in it so far and, in close third person, whose point
of view it is; a mention opening a sentence is most likely its subject.

Assumes quotations, mentions and scenes in text order, and `plain` text
(`typography.plain`) except where the typography is the evidence
(`takes_up` reads the text as typed).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from typing import Sequence

from ...model import Mention, Quote, Scene
from .tags import Tag

_BROKEN_OFF = ("-", "\u2014", "\u2013", "\u2026", "...")
# How a turn stands to the one before: 0 same paragraph, 1 the next
# paragraph, 2 one or two paragraphs of narration between, 3 a new
# conversation (further apart, or across a scene break).
SAME, NEXT, GAP, RESET = 0, 1, 2, 3


def group_turns(text: str, par_of: Sequence[int], quotes: Sequence[Quote], tags: Sequence[Tag | None],
                gender: dict[str, str]) -> list[list[int]]:
    """Consecutive quotations of a paragraph form one turn, unless they stand
    back to back or their tags disagree. A cued line (a script's, a chat's)
    is a turn of its own: its cue names its speaker, whoever spoke before."""
    turns: list[list[int]] = []
    for n, q in enumerate(quotes):
        turn = turns[-1] if turns else None
        if turn and q.cue is None and quotes[turn[-1]].cue is None and par_of[turn[-1]] == par_of[n] \
                and text[quotes[turn[-1]].end + 1 : q.start - 1].strip() \
                and not any(disagree(tags[k], tags[n], gender) for k in turn):
            turn.append(n)
        else:
            turns.append([n])
    return turns


def disagree(a: Tag | None, b: Tag | None, gender: dict[str, str]) -> bool:
    """Whether two tags give two speakers: two names, the narrator and
    someone else, or two genders."""
    if a is None or b is None or "unseen" in (a.kind, b.kind):
        return False
    if (a.kind == "narrator") != (b.kind == "narrator"):
        return True
    if a.kind == "name" and b.kind == "name":
        return a.character != b.character
    ga = gender.get(a.character, "unknown") if a.kind == "name" else a.gender
    gb = gender.get(b.character, "unknown") if b.kind == "name" else b.gender
    return "unknown" not in (ga, gb) and ga != gb


def relation_to_previous(i: int, turn_par: list[int], scene_starts: list[int], turn_starts: list[int]) -> int:
    """How turn `i` stands to the one before: SAME, NEXT, GAP or RESET."""
    if i == 0:
        return RESET
    gap = turn_par[i] - turn_par[i - 1]
    if gap == 0:
        return SAME
    if bisect_right(scene_starts, turn_starts[i]) != bisect_right(scene_starts, turn_starts[i - 1]):
        return RESET
    return NEXT if gap == 1 else GAP if gap <= 3 else RESET


def takes_up(source: str, previous: Quote, quote: Quote) -> bool:
    """A line broken off with a dash or an ellipsis and taken up again:
    "…no more clean water-" … "-so I used it", "…" … "…when all I"."""
    ended = source[previous.start : previous.end].rstrip()
    opened = source[quote.start : quote.end].lstrip()
    return ended.endswith(_BROKEN_OFF) and (opened.startswith(_BROKEN_OFF) or opened[:1].islower())


def scene_cast(turn_starts: list[int], scene_starts: list[int], mentions: Sequence[Mention],
               quoted: list[bool]) -> list[set[str]]:
    """For each turn, who the narration has shown in its scene so far."""
    out: list[set[str]] = []
    seen: set[str] = set()
    scene, k = -1, 0
    for at in turn_starts:
        here = bisect_right(scene_starts, at) - 1
        if here != scene:
            scene, seen = here, set()
            while k < len(mentions) and here >= 0 and mentions[k].start < scene_starts[here]:
                k += 1
        while k < len(mentions) and mentions[k].start < at:
            if not quoted[k]:
                seen.add(mentions[k].character)
            k += 1
        out.append(set(seen))
    return out


def points_of_view(text: str, scenes: Sequence[Scene], mentions: Sequence[Mention],
                    quoted: list[bool]) -> dict[int, str]:
    """Scene index -> the character whose pronouns fill its narration (close
    third person), when one clearly does."""
    starts = [s.start for s in scenes]
    counts: dict[int, Counter] = {}
    for m, q in zip(mentions, quoted):
        if m.kind == "pronoun" and not q:
            counts.setdefault(bisect_right(starts, m.start) - 1, Counter())[m.character] += 1
    pov = {}
    for scene, c in counts.items():
        (cid, n), *rest = c.most_common()
        if n >= 5 and n >= 0.5 * sum(c.values()):
            pov[scene] = cid
    return pov


_CONNECTIVE = re.compile(r"\b(?:So|Then|But|And|Now|Still|Instead|Finally|Suddenly|Yet),?$")


def opens_sentence(text: str, at: int, floor: int) -> bool:
    """A mention at the start of a sentence is usually its subject, after
    a connective too ("So she filled in the blanks", "Then, he left")."""
    j = at - 1
    while j >= floor and text[j] in " \t\n\"“”‘’'(":
        j -= 1
    if j < floor or text[j] in ".!?…:;":
        return True
    connective = _CONNECTIVE.search(text, max(floor, j - 12), j + 1)
    if connective is None:
        return False
    k = connective.start() - 1
    while k >= floor and text[k] in " \t\n\"“”‘’'(":
        k -= 1
    return k < floor or text[k] in ".!?…:;"
