"""One typography for the rules: curly quotes and apostrophes, dashes and
ellipses read as their plain-keyboard forms.

Fan fiction is mostly typed in word processors, so `’`, `“”`, `—` and `…`
are the normal case, while rules are easiest to write with `'`, `"` and
`-`. `plain` maps each such character to one plain character, so the result
has exactly the length of the text and every offset found in it is an
offset into the text itself: stages search `plain(text)` and report spans
of `text`. An ellipsis character becomes a single `.`, which ends a
sentence where `...` would; `--` stays two characters, and rules that look
for a dash accept one or two.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'", "\uff07": "'",
    "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\uff02": '"',
    "\u00ab": '"', "\u00bb": '"', "\u301d": '"', "\u301e": '"', "\u301f": '"',
    "\u2039": "'", "\u203a": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": ".",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
})


# Every mark that opens or closes a double-quoted line, as typed anywhere:
# straight, curly, low-high, guillemets, corner brackets, double primes,
# full-width and East Asian double marks.
DOUBLE_QUOTES = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u300c\u300d\u300e\u300f\u2033\uff02\u301d\u301e\u301f"
_ELLIPSIS = re.compile("\u2026")
_DASH = re.compile("[\u2013\u2014\u2015]")


@lru_cache(maxsize=4)
def plain(text: str) -> str:
    """`text` with curly quotes, apostrophes, dashes, the ellipsis character
    and no-break spaces replaced one for one by their plain forms."""
    return text.translate(_PLAIN)


@lru_cache(maxsize=4)
def typed_offsets(text: str) -> Callable[[int], int]:
    """Offset -> where it would stand had the text been typed on a plain
    keyboard (an ellipsis character as "...", a dash as "--"). Rules that
    weigh distance ("mentioned in the last 2,000 characters") measure with
    it, so a word processor's typography moves no boundary."""
    ellipses = [m.start() for m in _ELLIPSIS.finditer(text)]
    dashes = [m.start() for m in _DASH.finditer(text)]
    if not ellipses and not dashes:
        return _same
    return lambda i: i + 2 * bisect_left(ellipses, i) + bisect_left(dashes, i)


def _same(i: int) -> int:
    return i
