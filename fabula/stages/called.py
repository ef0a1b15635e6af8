"""Names the text only ever calls out: whoever answers to them.

A pet name ("Angel, you can't"), a kinship name ("Hey, Mom"), a code name
used only in dialogue is found by the cast stage as a character of its own,
since nothing in the narration says whom it means. The conversation does:
the one called is the one who answers. After the speakers are known, a
character who never speaks and whom the text names only inside quotations,
at least twice as a call, becomes the person who answers those calls (the
nearest line by someone other than the caller), when one person answers
most of them and their gender does not clash. Its names become that
person's aliases, and its mentions and addressee roles theirs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Sequence

from ..model import Character, Mention, Paragraph, Quote, SpanIndex


def link_called_names(
    paragraphs: Sequence[Paragraph],
    quotes: Sequence[Quote],
    characters: Sequence[Character],
    mentions: Sequence[Mention],
) -> tuple[tuple[Quote, ...], tuple[Character, ...], tuple[Mention, ...]]:
    """The quotes, cast and mentions with each only-called name merged into
    the person who answers it."""
    quoted = SpanIndex(quotes)
    outside: Counter = Counter()
    inside: Counter = Counter()
    for m in mentions:
        (inside if quoted.holds(m.start) else outside)[m.character] += 1
    speaking = {q.speaker for q in quotes}
    only_called = {c.id for c in characters if c.id not in speaking and not outside[c.id] and inside[c.id] >= 2}
    if not only_called:
        return tuple(quotes), tuple(characters), tuple(mentions)
    par_starts = [p.start for p in paragraphs]

    def paragraph(offset: int) -> int:
        return bisect_right(par_starts, offset) - 1

    answers: dict[str, Counter] = defaultdict(Counter)
    for n, q in enumerate(quotes):
        for called in set(q.addressees) & only_called:
            here = paragraph(q.start)
            for k in (n + 1, n - 1, n + 2, n - 2):
                other = quotes[k] if 0 <= k < len(quotes) else None
                if other is not None and other.speaker not in (None, q.speaker, called) \
                        and abs(paragraph(other.start) - here) <= 2:
                    answers[called][other.speaker] += 1
                    break
    gender = {c.id: c.gender for c in characters}
    into: dict[str, str] = {}
    for called, votes in answers.items():
        (person, n), *_ = votes.most_common(1)
        ours, theirs = gender[called], gender.get(person, "unknown")
        clash = "unknown" not in (ours, theirs) and ours != theirs
        if n >= 2 and n * 3 >= 2 * sum(votes.values()) and person not in only_called and not clash:
            into[called] = person
    if not into:
        return tuple(quotes), tuple(characters), tuple(mentions)
    return _merge(quotes, characters, mentions, into)


def _merge(quotes, characters, mentions, into: dict[str, str]):
    names: dict[str, list[str]] = defaultdict(list)
    for c in characters:
        if c.id in into:
            names[into[c.id]] += [c.name, *c.aliases]
    cast = []
    for c in characters:
        if c.id in into:
            continue
        if c.id in names:
            extra = tuple(n for n in dict.fromkeys(names[c.id]) if n != c.name and n not in c.aliases)
            c = replace(c, aliases=c.aliases + extra,
                        mentions=c.mentions + sum(m.mentions for m in characters if into.get(m.id) == c.id))
        cast.append(c)
    out_mentions = tuple(replace(m, character=into[m.character]) if m.character in into else m for m in mentions)
    out_quotes = tuple(
        replace(q, addressees=tuple(dict.fromkeys(into.get(a, a) for a in q.addressees if into.get(a, a) != q.speaker)))
        if any(a in into for a in q.addressees) else q
        for q in quotes
    )
    return out_quotes, tuple(cast), out_mentions
