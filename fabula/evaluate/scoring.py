"""The end-to-end speaker measure, shared by every corpus.

fabula finds the quotations and the characters itself; nothing from the gold
annotation is given to it. A corpus loader turns its annotation into a
`GoldText` (the text, the gold characters with all their names, and the gold
quotations as character spans), and `score` compares one fabula `Document`
of that same text with it:

- each fabula character is mapped to the gold character with which it shares
  the most names (its name and aliases against the gold main name and
  aliases, compared after `normalize_name`); ties go to the gold character
  whose main name it shares, then to the one with more gold quotations, then
  to the one listed first; no shared name leaves it unmapped, except that
  fabula's `Narrator` (the "I" of a first-person text) then maps to the gold
  narrator, when the corpus marks one (`GoldText.narrator`);
- a gold quotation (its length is the sum of its sub-span lengths) is *found*
  when the fabula quotations (speech and thought) overlap at least half of
  it, and *right* when those of them whose speaker maps to the gold speaker
  overlap at least half of it. Summing by speaker is what lets a quotation
  interrupted by "he said", which fabula reports as two spans, count as one;
- a found gold quotation takes the confidence of the fabula quotation that
  overlaps it most; those at 0.9 or above make the calibration bucket.

`Counts` add up, so a corpus total is the micro average over gold quotations.
It assumes offsets in the gold and in the Document index the same string.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from typing import Iterable, Mapping

from ..model import Character, Document, Quote
from ..stages.speakers.features import NARRATOR

COUNTED_KINDS = ("speech", "thought", "message")
QUOTE_TYPES = ("explicit", "anaphoric", "implicit")
CONFIDENT = 0.9
# Why a gold quotation is not right: fabula did not find it; found it, but
# no fabula character is its speaker; gave it to a fabula character who is
# no gold character; or gave it to another gold character, the cast right.
ERROR_CAUSES = ("not found", "speaker missing from cast", "given to no gold person", "given to another person")
RELIABILITY_BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.0))


@dataclass(frozen=True)
class GoldCharacter:
    id: str
    name: str
    # Every name the annotation gives the character, its main name included.
    names: frozenset[str]
    gender: str | None = None  # when the corpus says
    speaks: bool = True
    main: bool = False  # at the centre of the text, when the corpus says


@dataclass(frozen=True)
class GoldQuote:
    id: str
    spans: tuple[tuple[int, int], ...]
    speaker: str | None  # a GoldCharacter id
    type: str | None = None  # one of QUOTE_TYPES, when the corpus says

    @property
    def length(self) -> int:
        return sum(end - start for start, end in self.spans)


@dataclass(frozen=True)
class GoldText:
    name: str
    text: str
    characters: tuple[GoldCharacter, ...]
    quotes: tuple[GoldQuote, ...]
    # The GoldCharacter id of the first-person narrator, when the corpus marks one.
    narrator: str | None = None
    # Capitalised words of the text that are not people, when the corpus lists them.
    not_characters: frozenset[str] = frozenset()
    # Whether `characters` is every person of the text, so that a fabula
    # character matching none of them is no person.
    complete_cast: bool = False


@dataclass(frozen=True)
class Counts:
    quotes: int = 0
    found: int = 0
    right: int = 0
    confident: int = 0
    confident_right: int = 0
    typed: Counter = field(default_factory=Counter)
    typed_right: Counter = field(default_factory=Counter)
    # Found quotations by confidence bin (an index into RELIABILITY_BINS).
    binned: Counter = field(default_factory=Counter)
    binned_right: Counter = field(default_factory=Counter)
    # Why quotations are wrong, a count per cause in ERROR_CAUSES.
    causes: Counter = field(default_factory=Counter)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.quotes + other.quotes, self.found + other.found, self.right + other.right,
            self.confident + other.confident, self.confident_right + other.confident_right,
            self.typed + other.typed, self.typed_right + other.typed_right,
            self.binned + other.binned, self.binned_right + other.binned_right, self.causes + other.causes,
        )

    def reliability(self) -> list[tuple[float, float, int, float | None]]:
        """(low, high, found quotations, accuracy) per confidence bin."""
        return [(low, high, self.binned[i], _ratio(self.binned_right[i], self.binned[i]))
                for i, (low, high) in enumerate(RELIABILITY_BINS)]

    @property
    def recall(self) -> float | None:
        return _ratio(self.found, self.quotes)

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.right, self.quotes)

    def type_accuracy(self, quote_type: str) -> float | None:
        return _ratio(self.typed_right[quote_type], self.typed[quote_type])

    @property
    def confident_share(self) -> float | None:
        return _ratio(self.confident, self.quotes)

    @property
    def confident_accuracy(self) -> float | None:
        return _ratio(self.confident_right, self.confident)

    def to_dict(self) -> dict:
        return {
            "quotes": self.quotes,
            "found": self.found,
            "right": self.right,
            "recall": self.recall,
            "accuracy": self.accuracy,
            "by_type": {
                t: {"quotes": self.typed[t], "right": self.typed_right[t],
                    "accuracy": self.type_accuracy(t)}
                for t in QUOTE_TYPES
            },
            "confident": {"threshold": CONFIDENT, "quotes": self.confident,
                          "right": self.confident_right, "share": self.confident_share,
                          "accuracy": self.confident_accuracy},
            "reliability": [{"low": low, "high": high, "quotes": n, "accuracy": accuracy}
                            for low, high, n, accuracy in self.reliability()],
            "errors": {cause: self.causes[cause] for cause in ERROR_CAUSES},
        }


@dataclass(frozen=True)
class CastCounts:
    """How fabula's cast compares with a gold cast (`score_cast`)."""

    gold: int = 0  # gold characters who speak
    found: int = 0  # of those, mapped by some fabula character
    split: int = 0  # gold characters mapped by two or more fabula characters
    characters: int = 0  # fabula characters
    # Fabula characters that are no person: named by a listed non-person, or,
    # where the gold lists the whole cast, matching no gold character.
    not_people: int = 0
    wrong_aliases: int = 0  # fabula aliases that are another gold character's names
    gendered: int = 0  # mapped fabula characters given a gender, where the gold has one
    gender_right: int = 0
    gender_known: int = 0  # mapped fabula characters whose gold gender is male or female
    main: int = 0  # gold main characters
    main_missing: int = 0  # of those, mapped by no fabula character
    main_split: int = 0  # of those, mapped by two or more
    problems: tuple[str, ...] = ()  # what was wrong, for reading

    def __add__(self, other: CastCounts) -> CastCounts:
        return CastCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def to_dict(self) -> dict:
        return {"gold_speaking": self.gold, "found": self.found, "split": self.split,
                "characters": self.characters, "not_people": self.not_people,
                "wrong_aliases": self.wrong_aliases, "gendered": self.gendered,
                "gender_right": self.gender_right, "gender_known": self.gender_known, "main": self.main,
                "main_missing": self.main_missing, "main_split": self.main_split, "problems": list(self.problems)}


def total(counts: Iterable[Counts]) -> Counts:
    return sum(counts, Counts())


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def normalize_name(name: str) -> str:
    """Case-folded, punctuation deleted, whitespace collapsed: "Mr. Knightley" -> "mr knightley"."""
    kept = "".join(ch for ch in name if not unicodedata.category(ch).startswith("P"))
    return " ".join(kept.casefold().split())


def _names(names: Iterable[str]) -> set[str]:
    return {n for n in map(normalize_name, names) if n}


def map_characters(characters: Iterable[Character], gold: Iterable[GoldCharacter],
                   gold_lines: Mapping[str, int], narrator: str | None = None) -> dict[str, str]:
    """fabula character id -> gold character id, for those sharing a name with
    one, and fabula's narrator -> `narrator` failing that."""
    candidates = [(g.id, _names(g.names), normalize_name(g.name)) for g in gold]
    mapping: dict[str, str] = {}
    for character in characters:
        names = _names((character.name, *character.aliases))
        # max() keeps the first of equal keys, so the gold order breaks the last tie.
        shared, _, _, gold_id = max(
            ((len(names & gold_names), main in names, gold_lines.get(gid, 0), gid)
             for gid, gold_names, main in candidates),
            key=lambda key: key[:3], default=(0, False, 0, None),
        )
        if shared:
            mapping[character.id] = gold_id
        elif character.id == NARRATOR and narrator:
            mapping[character.id] = narrator
    return mapping


class _Overlaps:
    """Characters of each fabula quotation inside given spans, found by bisection."""

    def __init__(self, quotes: Iterable[Quote]):
        self.quotes = sorted(quotes, key=lambda q: (q.start, q.end))
        self.starts = [q.start for q in self.quotes]
        # The running maximum of ends tells how far back a quotation can still
        # reach, so the search stays correct even if fabula quotations overlap.
        self.reach: list[int] = []
        for q in self.quotes:
            self.reach.append(max(q.end, self.reach[-1] if self.reach else 0))

    def within(self, spans: Iterable[tuple[int, int]]) -> dict[int, int]:
        """Index of a fabula quotation -> its overlap, in characters, with `spans`."""
        overlap: dict[int, int] = defaultdict(int)
        for start, end in spans:
            i = bisect.bisect_left(self.starts, end) - 1
            while i >= 0 and self.reach[i] > start:
                q = self.quotes[i]
                shared = min(end, q.end) - max(start, q.start)
                if shared > 0:
                    overlap[i] += shared
                i -= 1
        return overlap


def score(gold: GoldText, doc: Document) -> Counts:
    """Compare fabula's reading of `gold.text` with the annotation (see the module doc)."""
    gold_lines = Counter(q.speaker for q in gold.quotes if q.speaker)
    mapped = map_characters(doc.characters, gold.characters, gold_lines, gold.narrator)
    overlaps = _Overlaps(q for q in doc.quotes if q.kind in COUNTED_KINDS)
    found = right = confident = confident_right = 0
    typed: Counter = Counter()
    typed_right: Counter = Counter()
    binned: Counter = Counter()
    binned_right: Counter = Counter()
    causes: Counter = Counter()
    cast = set(mapped.values())
    for quote in gold.quotes:
        overlap = overlaps.within(quote.spans)
        half = quote.length / 2
        by_speaker: dict[str | None, int] = defaultdict(int)
        for i, chars in overlap.items():
            by_speaker[mapped.get(overlaps.quotes[i].speaker)] += chars
        is_found = bool(overlap) and sum(overlap.values()) >= half
        is_right = is_found and quote.speaker is not None and by_speaker[quote.speaker] >= half
        found += is_found
        right += is_right
        if quote.type:
            typed[quote.type] += 1
            typed_right[quote.type] += is_right
        if not is_found:
            causes["not found"] += 1
        elif not is_right:
            given = max(by_speaker, key=by_speaker.get)
            causes["speaker missing from cast" if quote.speaker not in cast
                   else "given to no gold person" if given is None else "given to another person"] += 1
        if is_found:
            main = overlaps.quotes[max(overlap, key=overlap.get)]
            if main.confidence is not None and main.confidence >= CONFIDENT:
                confident += 1
                confident_right += is_right
            k = _bin(main.confidence or 0.0)
            binned[k] += 1
            binned_right[k] += is_right
    return Counts(len(gold.quotes), found, right, confident, confident_right, typed, typed_right,
                  binned, binned_right, causes)


def _bin(confidence: float) -> int:
    return next(i for i, (_, high) in enumerate(RELIABILITY_BINS) if confidence < high or high == 1.0)


def score_cast(gold: GoldText, doc: Document) -> CastCounts:
    """Compare fabula's cast with the gold one: speaking and main characters
    found, people split into several entries, entries that are not people,
    aliases that belong to someone else, and genders."""
    gold_lines = Counter(q.speaker for q in gold.quotes if q.speaker)
    mapped = map_characters(doc.characters, gold.characters, gold_lines, gold.narrator)
    by_id = {g.id: g for g in gold.characters}
    not_people = {normalize_name(w) for w in gold.not_characters}
    owners: dict[str, set[str]] = defaultdict(set)
    for g in gold.characters:
        for name in _names(g.names):
            owners[name].add(g.id)
    problems = []
    entries = Counter(mapped.values())
    speaking = [g for g in gold.characters if g.speaks]
    found = [g for g in speaking if entries[g.id]]
    main = [g for g in gold.characters if g.main]
    main_missing = [g for g in main if not entries[g.id]]
    problems += [f"missing: {g.name}" + (" (main)" if g.main else "")
                 for g in gold.characters if (g.speaks or g.main) and not entries[g.id]]
    split = [gid for gid, n in entries.items() if n > 1]
    problems += [f"split: {by_id[gid].name} in {entries[gid]} entries" for gid in split]
    wrong_aliases = gendered = gender_right = gender_known = 0
    junk = []
    for c in doc.characters:
        gid = mapped.get(c.id)
        if gid is None and (gold.complete_cast or normalize_name(c.name) in not_people):
            junk.append(c.name)
        for alias in c.aliases:
            others = owners.get(normalize_name(alias), set()) - {gid}
            if others and (gid is None or gid not in owners.get(normalize_name(alias), set())):
                wrong_aliases += 1
                problems.append(f"wrong alias: {alias!r} on {c.name}")
        gold_gender = by_id[gid].gender if gid else None
        if gold_gender in ("male", "female"):
            gender_known += 1
            if c.gender != "unknown":
                gendered += 1
                gender_right += c.gender == gold_gender
                if c.gender != gold_gender:
                    problems.append(f"gender: {c.name} {c.gender}, not {gold_gender}")
    problems += [f"not a person: {name}" for name in junk]
    return CastCounts(gold=len(speaking), found=len(found), split=len(split), characters=len(doc.characters),
                      not_people=len(junk), wrong_aliases=wrong_aliases, gendered=gendered,
                      gender_right=gender_right, gender_known=gender_known, main=len(main),
                      main_missing=len(main_missing), main_split=sum(1 for g in main if entries[g.id] > 1),
                      problems=tuple(problems))
