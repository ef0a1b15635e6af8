"""Aliases that only the whole chapter shows: distinctive epithets and
nicknames.

Runs after the speakers, when every epithet is resolved (those standing as a
speech tag's subject by the speaker stage, which knows the conversation).

- A distinctive epithet ("the pinkette", "the raven-haired boy", "the
  Haruno") that points at one character in most of its uses becomes that
  character's alias; generic ones ("the girl", "the older ninja") stay
  mention by mention, since they change hands.
- A nickname is a lower-case word a quotation uses to call its one addressee
  ("Hey forehead," the girl greeted her), when it is no ordinary form of
  address ("guys", "honey", "mummy"), a greeting opens the call (after
  "oh" or "well" a word is an exclamation: "Oh, bother!") and the text
  seldom uses the word otherwise: "It went well" makes "well" no name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Sequence

from ..lexicon import NOT_NAMES
from ..model import Character, Mention, Quote

_COLOURS = frozenset("blonde blond brunette redhead".split())
_NICKNAME = re.compile(r"^(?:(?:hey|hi|hello|oi|yo|morning|night|bye|thanks)\s*,?\s+)([a-z][a-z'-]{2,20})\s*[,!.?]")
_ADDRESS_WORDS = frozenset("""
guys guy man dude bro babe baby honey sweetie sweetheart darling dear love kid kiddo buddy pal mate sir ma'am
maam miss mister there everyone everybody all you y'all folks girls boys ladies gentlemen friend friends
son boss captain doc again then now mum mummy mumsy mom mommy mama mamma mother papa pa dad daddy father
granny grandma grandpa gran nanny auntie aunty uncle sis brother sister child children dearest
hush shush stop wait come look listen shut please sorry god lord christ jesus yes no right sure fine okay
whatever honestly seriously really darn damn hell crap shit fuck wow
""".split())
_NICKNAME_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)?")


def link_aliases(
    text: str,
    quotes: Sequence[Quote],
    characters: Sequence[Character],
    mentions: Sequence[Mention],
) -> tuple[tuple[Character, ...], tuple[Mention, ...]]:
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if m.kind == "epithet":
            phrase = text[m.start : m.end]
            if _distinctive(phrase):
                votes[_key(phrase)][m.character] += 1
    aliases: dict[str, set[str]] = defaultdict(set)
    for key, counter in votes.items():
        cid, n = counter.most_common(1)[0]
        if n >= 0.6 * sum(counter.values()):
            aliases[cid].add(key)
    nicknames = _nicknames(text, quotes, {c.id for c in characters})
    for cid, words in nicknames.items():
        aliases[cid] |= words
    if not aliases:
        return tuple(characters), tuple(mentions)
    out_mentions = tuple(
        replace(m, kind="alias") if m.kind == "epithet" and _key(text[m.start : m.end]) in aliases.get(m.character, ())
        else m
        for m in mentions
    )
    out_characters = tuple(
        replace(c, aliases=c.aliases + tuple(sorted(aliases[c.id] - set(c.aliases)))) if c.id in aliases else c
        for c in characters
    )
    return out_characters, out_mentions


def _distinctive(phrase: str) -> bool:
    words = phrase.split()
    head = words[-1].lower()
    return (len(words) == 2 and words[1][:1].isupper()) or head.endswith(("ette", "-haired")) \
        or head in _COLOURS or "-haired" in phrase


def _key(phrase: str) -> str:
    words = phrase.split()
    return " ".join(["the", *words[1:]]) if words[0].lower() == "the" else " ".join(words)


def _nicknames(text: str, quotes: Sequence[Quote], known: set[str]) -> dict[str, set[str]]:
    found: dict[str, Counter] = defaultdict(Counter)
    for q in quotes:
        if len(q.addressees) != 1 or q.addressees[0] not in known:
            continue
        m = _NICKNAME.match(text[q.start : q.end].lower())
        if m and _NICKNAME_WORD.fullmatch(m.group(1)) and m.group(1) not in _ADDRESS_WORDS \
                and m.group(1) not in NOT_NAMES \
                and text[q.start + m.start(1)].islower():
            found[q.addressees[0]][m.group(1)] += 1
    # A word the text uses freely is an ordinary word ("yes", "well"), not a name.
    uses = _uses(text, {w for words in found.values() for w in words})
    return {cid: {w for w, calls in words.items() if uses[w] <= max(3, 2 * calls)}
            for cid, words in found.items()}


def _uses(text: str, words: set[str]) -> Counter:
    """How often the text writes each of `words`, in one pass."""
    if not words:
        return Counter()
    pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(words, key=len, reverse=True)))})\b", re.I)
    return Counter(m.group().lower() for m in pattern.finditer(text))
