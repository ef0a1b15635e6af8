"""The gender of each person, from the evidence about that person.

In order of trust:

1. a title ("Mrs. Todoroki", "Mr. Bennet");
2. what their own clauses say (`clause_gender.subject_gender_votes`: "Kenji shook
   his head", "Mara hurt herself", "Mara frowned. She…");
3. which pronouns keep them company: in the sentences of the narration
   that name only them, the share of "she" against "he", compared with the
   whole text's share. In close third person the point-of-view character's
   pronoun is everywhere, so only the excess counts, and the company
   decides alone only when it is all one way and far from the chapter's
   mix: a boy at his mother's bedside keeps company with "she".

A weak or mixed signal gives "unknown": a wrong gender sends pronoun-tagged
lines to the wrong person, an unknown one only leaves them to the rest of
the evidence (the cast stage and the speaker stage learn more genders
later, from pronouns carried over from a subject and from pronoun tags).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

from ..lexicon import TITLES
from .name_evidence import NameOccurrence

_SENTENCE = re.compile(r'[^.!?]+(?:[.!?]+"?|$)')
_PRONOUN = re.compile(r"\b(?:([Hh]e|[Hh]im|[Hh]is|[Hh]imself)|([Ss]he|[Hh]er|[Hh]ers|[Hh]erself))\b")


def infer_genders(
    plain: str,
    story: Sequence[tuple[int, int]],
    quoted: Sequence[tuple[int, int]],
    occurrences: Sequence[NameOccurrence],
    person_of: dict[str, int],
    keys: Sequence[set[str]],
    votes: Sequence[Counter],
) -> tuple[list[str], float]:
    """A gender per person (index into `keys`/`votes`), and the share of
    "she" among the narration's pronouns; `person_of` maps a name key to its
    person."""
    quote_starts = [s for s, _ in quoted]
    quote_ends = [e for _, e in quoted]
    starts = [o.start for o in occurrences]

    def in_quote(i: int) -> bool:
        k = bisect_right(quote_starts, i) - 1
        return k >= 0 and i < quote_ends[k]

    company: list[Counter] = [Counter() for _ in keys]
    overall: Counter = Counter()
    for start, end in story:
        for sentence in _SENTENCE.finditer(plain, start, end):
            lo, hi = sentence.span()
            female = male = 0
            for p in _PRONOUN.finditer(plain, lo, hi):
                if not in_quote(p.start()):
                    male += bool(p.group(1))
                    female += bool(p.group(2))
            if not female and not male:
                continue
            overall["female"] += female
            overall["male"] += male
            named = {person_of[occurrences[k].key] for k in range(bisect_left(starts, lo), bisect_left(starts, hi))
                     if not in_quote(occurrences[k].start) and occurrences[k].key in person_of}
            if len(named) == 1:
                (only,) = named
                company[only]["female"] += female
                company[only]["male"] += male
    share = (overall["female"] + 1) / (overall["female"] + overall["male"] + 2)
    return [_decide(k, v, c, share) for k, v, c in zip(keys, votes, company)], share


def carried_gender(votes: Counter, female_share: float) -> str:
    """The gender that pronouns carried over from a subject show, when they
    agree three to one and are more than the chapter's own mix gives by
    chance: in a man's point of view a "He" after a woman's sentence is most
    often his, so where nine pronouns in ten are "he" a carried "he" needs
    two votes, a "she" one. (The factor 0.2 keeps the most genders right
    on the fan-fiction train split.)"""
    (gender, n), *rest = votes.most_common()
    if n < 3 * (rest[0][1] if rest else 0):
        return "unknown"
    common = female_share if gender == "female" else 1 - female_share
    return gender if n * (1 - common) >= 0.2 else "unknown"


def _decide(keys: set[str], votes: Counter, company: Counter, share: float) -> str:
    titled = {TITLES[k.split()[0]] for k in keys if len(k.split()) > 1 and k.split()[0] in TITLES} - {"unknown"}
    if len(titled) == 1:
        return titled.pop()
    female, male = company["female"], company["male"]
    n = female + male
    z = (female - n * share) / math.sqrt(n * share * (1 - share)) if n else 0.0
    # The company decides only when it is all one way and far from the
    # chapter's own mix: a boy at his mother's bedside keeps company with
    # "she", and so does everyone in a woman's point of view.
    pure = "female" if female >= 5 and male * 6 <= female and z >= 2 else \
        "male" if male >= 5 and female * 6 <= male and z <= -2 else "unknown"
    own_f, own_m = votes["female"], votes["male"]
    if own_f == own_m:
        return pure
    lean = "female" if own_f > own_m else "male"
    agrees = z > 0.5 if lean == "female" else z < -0.5
    if max(own_f, own_m) >= 3 * min(own_f, own_m) and (max(own_f, own_m) >= 1 or agrees):
        return lean if pure in ("unknown", lean) else "unknown"
    if max(own_f, own_m) >= 1.5 * min(own_f, own_m) and pure == lean:
        return lean  # the votes lean, and the company says so clearly
    return "unknown"
