"""The gender of each person, from the evidence about that person.

In order of trust:

1. a title ("Mrs. Todoroki", "Mr. Bennet");
2. what their own clauses say (`names.subject_gender_votes`: "Kenji shook
   his head", "Mara hurt herself", "Mara frowned. She…");
3. which pronouns keep them company: in the sentences of the narration
   that name only them, the share of "she" against "he", compared with the
   whole text's share. In close third person the point-of-view character's
   pronoun is everywhere, so only the excess counts: a woman in a man's
   point of view has more "she" in her sentences than the chapter has.

The two kinds of evidence must agree, and a weak signal gives "unknown":
a wrong gender sends pronoun-tagged lines to the wrong person, an unknown
one only leaves them to the rest of the evidence.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

from ..lexicon import TITLES
from .names import NameOccurrence

_SENTENCE = re.compile(r'[^.!?]+(?:[.!?]+"?|$)')
_PRONOUN = re.compile(r"\b(?:([Hh]e|[Hh]im|[Hh]is|[Hh]imself)|([Ss]he|[Hh]er|[Hh]ers|[Hh]erself))\b")
_CONFIDENT = 2.33  # one-sided 99%: the company of pronouns is a weak witness


def infer_genders(
    plain: str,
    story: Sequence[tuple[int, int]],
    quoted: Sequence[tuple[int, int]],
    occurrences: Sequence[NameOccurrence],
    person_of: dict[str, int],
    keys: Sequence[set[str]],
    votes: Sequence[Counter],
) -> list[str]:
    """A gender per person (index into `keys`/`votes`); `person_of` maps a
    name key to its person."""
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
    return [_decide(k, v, c, share) for k, v, c in zip(keys, votes, company)]


def _decide(keys: set[str], votes: Counter, company: Counter, share: float) -> str:
    titled = {TITLES[k.split()[0]] for k in keys if len(k.split()) > 1 and k.split()[0] in TITLES} - {"unknown"}
    if len(titled) == 1:
        return titled.pop()
    female, male = company["female"], company["male"]
    n = female + male
    z = (female - n * share) / math.sqrt(n * share * (1 - share)) if n else 0.0
    by_company = "female" if z > _CONFIDENT and female >= 3 else "male" if z < -_CONFIDENT and male >= 3 else "unknown"
    own_f, own_m = votes["female"], votes["male"]
    by_votes = "unknown"
    if max(own_f, own_m) > 0 and max(own_f, own_m) >= 3 * min(own_f, own_m):
        by_votes = "female" if own_f > own_m else "male"
    strong = max(own_f, own_m) >= 2
    if by_votes != "unknown" and by_company in ("unknown", by_votes):
        # Clear votes stand unless the company disagrees; one weak vote
        # needs the company's leaning too.
        if strong or (z > 0.5 if by_votes == "female" else z < -0.5):
            return by_votes
        return by_company
    if by_votes == "unknown":
        return by_company
    return "unknown"  # the two disagree
