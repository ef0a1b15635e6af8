"""The name of a first-person narrator.

"I" is never a character of its own: the speaker stage gives "I said" and
the narrator's untagged turns to a `Narrator` character. The text usually
names them in the end, in one of two ways:

- they say so: "my name is Jake", "I am Hastings", "call me Ishmael";
- the people they talk with call them by name: one name keeps coming back
  as a vocative ("Well, Hastings, what do you make of it?"), in lines near
  the narrator's own among others, and the narration, which says "I", hardly
  ever writes it.

When one name clearly wins, `Narrator` becomes that character: if the cast
already holds them (others mention them by name), the two merge and keep
the cast's id; otherwise `Narrator` is simply renamed, but only on "my name
is" or "call me" ("I am English" names nobody).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace
from typing import Sequence

from ..model import Character, Mention, Paragraph, Quote
from .speakers.features import NARRATOR
from .speakers.vocatives import find_vocatives

_SELF_NAMING = re.compile(
    r"\b(?i:my name(?:'s| is)|I am|I'm|call me)\s+((?:(?:Mr|Mrs|Miss|Dr|Captain)\.?\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
)


def name_narrator(
    text: str,
    paragraphs: Sequence[Paragraph],
    quotes: Sequence[Quote],
    characters: Sequence[Character],
    mentions: Sequence[Mention],
) -> tuple[tuple[Quote, ...], tuple[Character, ...], tuple[Mention, ...]]:
    if not any(c.id == NARRATOR for c in characters):
        return tuple(quotes), tuple(characters), tuple(mentions)
    near, called = _vocatives(text, paragraphs, quotes, mentions)
    narrated = _named_in_narration(quotes, mentions)
    # The narrator's name is called often, near the narrator's own lines, and
    # hardly ever written in the narration, which says "I".
    fits = sorted(((n, cid) for cid, n in called.items()
                   if cid != NARRATOR and near[cid] >= 1 and narrated[cid] <= max(2, n // 2)), reverse=True)
    chosen = None
    if fits and fits[0][0] >= 4 and (len(fits) == 1 or fits[0][0] >= 1.5 * fits[1][0]):
        chosen = fits[0][1]
    if chosen is None:
        chosen, name = _self_named(text, quotes, characters)
        if chosen is None and name is not None:
            return tuple(quotes), tuple(replace(c, name=name, aliases=(*c.aliases, "Narrator")) if c.id == NARRATOR
                                        else c for c in characters), tuple(mentions)
    if chosen is None:
        return tuple(quotes), tuple(characters), tuple(mentions)
    return _merge(quotes, characters, mentions, chosen)


def _named_in_narration(quotes, mentions) -> Counter:
    starts = [q.start for q in quotes]
    ends = [q.end for q in quotes]
    named: Counter = Counter()
    for m in mentions:
        k = bisect_right(starts, m.start) - 1
        if m.kind in ("name", "alias") and not (k >= 0 and m.start < ends[k]):
            named[m.character] += 1
    return named


def _vocatives(text, paragraphs, quotes, mentions) -> tuple[Counter, Counter]:
    """Per character, how often lines by others call them by name: near the
    narrator's own lines, and anywhere."""
    starts = [m.start for m in mentions]
    par_starts = [p.start for p in paragraphs]
    par = [bisect_right(par_starts, q.start) for q in quotes]
    near: Counter = Counter()
    anywhere: Counter = Counter()
    for n, q in enumerate(quotes):
        if q.speaker == NARRATOR:
            continue
        called = [c for c in find_vocatives(text, q, mentions, starts) if c != q.speaker]
        anywhere.update(called)
        beside = [k for k in (n - 2, n - 1, n + 1, n + 2) if 0 <= k < len(quotes) and abs(par[k] - par[n]) <= 3]
        if any(quotes[k].speaker == NARRATOR for k in beside):
            near.update(called)
    return near, anywhere


def _self_named(text, quotes, characters) -> tuple[str | None, str | None]:
    """The cast member the narrator says they are, else a name they give
    themselves that the cast does not hold."""
    by_name = {n.lower(): c.id for c in characters for n in (c.name, *c.aliases) if c.id != NARRATOR}
    found: Counter = Counter()
    new: Counter = Counter()
    for q in quotes:
        if q.speaker == NARRATOR:
            for m in _SELF_NAMING.finditer(text, q.start, q.end):
                cid = by_name.get(m.group(1).lower())
                if cid:
                    found[cid] += 1
                elif not m.group(0).lower().startswith(("i am", "i'm")):
                    new[m.group(1)] += 1
    if found:
        return found.most_common(1)[0][0], None
    return None, (new.most_common(1)[0][0] if new else None)


def _merge(quotes, characters, mentions, chosen: str):
    narrator = next(c for c in characters if c.id == NARRATOR)
    target = next(c for c in characters if c.id == chosen)
    merged = replace(target, aliases=tuple(dict.fromkeys((*target.aliases, "Narrator"))),
                     lines=target.lines + narrator.lines, mentions=target.mentions + narrator.mentions)
    characters = tuple(merged if c.id == chosen else c for c in characters if c.id != NARRATOR)

    def swap(cid):
        return chosen if cid == NARRATOR else cid

    quotes = tuple(replace(q, speaker=swap(q.speaker), addressees=tuple(dict.fromkeys(map(swap, q.addressees))))
                   for q in quotes)
    mentions = tuple(replace(m, character=chosen) if m.character == NARRATOR else m for m in mentions)
    return quotes, characters, mentions
