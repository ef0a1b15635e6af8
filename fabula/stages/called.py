"""Names the conversation ties to a person.

A pet name ("Angel, you can't"), a kinship name ("Hey, Mom"), a code name
used only in dialogue is found by the cast stage as a character of its own,
since nothing in the narration says whom it means. The conversation does:
the one called is the one who answers. After the speakers are known, a
character who never speaks and whom the text names only inside quotations,
at least twice as a call, becomes the person who answers those calls (the
nearest line by someone other than the caller), when one person answers
most of them and their gender does not clash. Its names become that
person's aliases, and its mentions and addressee roles theirs.

A speaker the text only describes ("the cadet", "the stranger") or names
in passing (a nickname said once or twice) who names themself in a tagged
or sure line ('"They call me Rex," the cadet said', "My name is Anakin")
is the person of that name: the description's lines, mentions and names
become theirs, unless their genders clash.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Sequence

from ..model import Character, Mention, Paragraph, Quote, SpanIndex
from ..typography import plain
from .name_evidence import introduces

_PASSING = 3  # mentions at most of a name said in passing ("Blondie")


def link_called_names(
    text: str,
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
    into = _self_named(text, quotes, characters, mentions)
    if into:
        quotes, characters, mentions = _merge(quotes, characters, mentions, into)
    if not only_called:
        return tuple(quotes), tuple(characters), tuple(mentions)
    par_starts = [p.start for p in paragraphs]

    def paragraph(offset: int) -> int:
        return bisect_right(par_starts, offset) - 1

    answers: dict[str, Counter] = defaultdict(Counter)
    calls: Counter = Counter()
    for n, q in enumerate(quotes):
        for called in set(q.addressees) & only_called:
            here = paragraph(q.start)
            calls[called] += 1
            # The one called is the one who answers, or the one being
            # answered ('"Nothing from you, Potter."' after Harry spoke):
            # the nearest other voice on each side may be them.
            answerers = []
            for side in ((n + 1, n + 2), (n - 1, n - 2)):
                for k in side:
                    other = quotes[k] if 0 <= k < len(quotes) else None
                    if other is not None and other.speaker not in (None, q.speaker, called) \
                            and abs(paragraph(other.start) - here) <= 2:
                        answerers.append(other.speaker)
                        break
            answers[called].update(list(dict.fromkeys(answerers)))
    gender = {c.id: c.gender for c in characters}
    into: dict[str, str] = {}
    for called, votes in answers.items():
        if not votes:
            continue
        (person, n), *rest = votes.most_common(2)
        ours, theirs = gender[called], gender.get(person, "unknown")
        clash = "unknown" not in (ours, theirs) and ours != theirs
        # Two calls at least, and one person beside most of them (two beside
        # as many calls leave it open).
        if n >= 2 and n * 3 >= 2 * calls[called] and not (rest and rest[0][1] == n) \
                and person not in only_called and not clash:
            into[called] = person
    if not into:
        return tuple(quotes), tuple(characters), tuple(mentions)
    return _merge(quotes, characters, mentions, into)


def _self_named(text: str, quotes: Sequence[Quote], characters: Sequence[Character],
                mentions: Sequence[Mention]) -> dict[str, str]:
    """Speakers known only by a description or a passing name -> the person
    they say they are."""
    named = Counter(m.character for m in mentions if m.kind in ("name", "alias"))
    size = {c.id: c.mentions for c in characters}
    gender = {c.id: c.gender for c in characters}
    starts = [m.start for m in mentions]
    flat = plain(text)
    into: dict[str, str] = {}
    for q in quotes:
        speaker = q.speaker
        if speaker is None or speaker in into or (q.evidence == "implicit" and q.confidence < 0.9) \
                or (named[speaker] and size.get(speaker, 0) > _PASSING):
            continue
        for m in mentions[bisect_right(starts, q.start - 1) : bisect_right(starts, q.end)]:
            if m.kind in ("name", "alias") and m.character != speaker and m.character in gender \
                    and introduces(flat, q.start, m.start) \
                    and ("unknown" in (gender.get(speaker, "unknown"), gender[m.character])
                         or gender.get(speaker) == gender[m.character]):
                into[speaker] = m.character
                break
    return {s: p for s, p in into.items() if p not in into}


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
                        mentions=c.mentions + sum(m.mentions for m in characters if into.get(m.id) == c.id),
                        lines=c.lines + sum(m.lines for m in characters if into.get(m.id) == c.id))
        cast.append(c)
    out_mentions = tuple(replace(m, character=into[m.character]) if m.character in into else m for m in mentions)
    out_quotes = []
    for q in quotes:
        speaker = into.get(q.speaker, q.speaker)
        if speaker != q.speaker or any(a in into for a in q.addressees):
            q = replace(q, speaker=speaker, addressees=tuple(dict.fromkeys(
                into.get(a, a) for a in q.addressees if into.get(a, a) != speaker)))
        out_quotes.append(q)
    return tuple(out_quotes), tuple(cast), out_mentions
