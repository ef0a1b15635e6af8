"""Straight and curly versions of a text, for tests that every rule reads
both alike: what a word processor types (“ ” ‘ ’ — …) and what a plain
keyboard types (" ' -- ...)."""

from __future__ import annotations

import re

_ELISION = re.compile(r"'(?=(?:em|cause|cos|til|till|tis|twas|bout|round|n|s)\b)", re.I)


def to_straight(text: str) -> str:
    return (text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
            .replace("\u2014", "--").replace("\u2013", "--").replace("\u2026", "..."))


def to_curly(text: str) -> str:
    text = to_straight(text).replace("...", "\u2026").replace("--", "\u2014")
    out = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch == '"':
            # A mark closes after a word or punctuation when a space,
            # punctuation or the end follows it ('late," she', 'You—" He').
            closing = not before.isspace() and before not in "([{" and (after.isspace() or after in ".,;:!?)]}\u2014-")
            out.append("\u201d" if closing else "\u201c")
        elif ch == "'":
            opening = (before.isspace() or before in "([{\u2014\u201c") and after.isalpha() \
                and not _ELISION.match(text, i)
            out.append("\u2018" if opening else "\u2019")
        else:
            out.append(ch)
    return "".join(out)
