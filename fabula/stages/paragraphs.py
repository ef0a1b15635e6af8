"""Paragraphs: blocks separated by blank lines, or by single line breaks in
texts that never leave a blank line (a common way fan fiction is pasted).

Hard-wrapped texts (Project Gutenberg) keep their internal line breaks inside
a paragraph. Spans are trimmed of surrounding whitespace.
"""

from __future__ import annotations

import re

from ..model import Paragraph

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_BLOCK = re.compile(r"\S(?:.*\S)?", re.DOTALL)
_LINE = re.compile(r"[^\n]*\S[^\n]*")


def find_paragraphs(text: str) -> tuple[Paragraph, ...]:
    lines = text.count("\n")
    blank = len(_BLANK_LINE.findall(text))
    if lines >= 4 and blank * 8 < lines and not _hard_wrapped(text):
        return tuple(_trimmed(m.start(), m.end(), text) for m in _LINE.finditer(text))
    out = []
    start = 0
    for sep in _BLANK_LINE.finditer(text):
        out.extend(_block(text, start, sep.start()))
        start = sep.end()
    out.extend(_block(text, start, len(text)))
    return tuple(out)


def _hard_wrapped(text: str) -> bool:
    # Gutenberg-style texts wrap every line near 70 characters; one-line-per-
    # paragraph texts have long, uneven lines.
    sample = [len(line) for line in text[:20000].split("\n") if line.strip()]
    if len(sample) < 10:
        return False
    return sum(1 for n in sample if n <= 80) > 0.9 * len(sample)


def _block(text: str, start: int, end: int) -> list[Paragraph]:
    m = _BLOCK.search(text, start, end)
    return [Paragraph(m.start(), m.end())] if m else []


def _trimmed(start: int, end: int, text: str) -> Paragraph:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk) - len(chunk.rstrip())
    return Paragraph(start + lead, end - trail)
