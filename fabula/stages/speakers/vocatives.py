"""Vocatives: the people a quotation calls by name ("Hinata, I'm going
out", "You see, Mr. Bennet,"). Who is called is spoken to, and is almost
never the one speaking."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Sequence

from ...model import Mention, Quote

# A sentence's first word after a full stop, but not the name of "Mr. Bennet".
_BEFORE = re.compile(r"(?:^|[,!?—–]\s*|(?<!Mr)(?<!Mrs)(?<!Ms)(?<!Dr)(?<!St)\.\s+|\b(?:hey|hi|oh|dear|my\s+dear|well|yes|no|please|sir|madam)\s*,?\s*)$", re.I)
_AFTER = re.compile(r"\s*(?:[,!?.…—–]|$)")


def find_vocatives(text: str, quote: Quote, mentions: Sequence[Mention], starts: Sequence[int]) -> tuple[str, ...]:
    """Characters a quotation calls by name or alias, in order."""
    found = []
    for m in mentions[bisect_left(starts, quote.start) : bisect_left(starts, quote.end)]:
        if m.kind not in ("name", "alias", "kin") or m.end > quote.end:
            continue
        before = text[max(quote.start, m.start - 12) : m.start]
        if (m.start == quote.start or _BEFORE.search(before)) and _AFTER.match(text, m.end, min(quote.end, m.end + 3)):
            found.append(m.character)
    return tuple(dict.fromkeys(found))
