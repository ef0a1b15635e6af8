"""A starting point for annotating a chapter: every stretch between quotation
marks, with its paragraph number, as a gold file with no speakers yet.

    .venv/bin/python bench/fanfic/draft.py NAME.txt > NAME.draft.json

It reads the marks alone (curly and straight double quotes, and single
quotes that open after a space and close before one), and the lines of
screenplay and chat form ("KIRK: What is it?", "**Tony**: hi") whose words
have no marks, not fabula's quotation stage, so that the gold does not
inherit fabula's mistakes. A
quotation left open at the end of a paragraph runs to its end (the next
paragraph then opens again). The annotator reads the whole chapter and
checks every entry: drops what is not a quotation, splits what is two, adds
what the marks missed (chat and screenplay lines), fills in speaker,
addressees and kind, and writes the cast.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_DOUBLE = re.compile(r"[\"\u201c\u201d\u201e]")
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[\u2014-]))[\u2018'](?=\S)")
_SINGLE_CLOSE = re.compile(r"(?<=\S)[\u2019'](?=[\s.,;:!?\u2014)\]-]|$)")
# A cue: a short capitalised name (markup around it allowed), a colon, the words.
_CUE_LINE = re.compile(r"^[*_\s]*[A-Z][\w.'\- ]{0,30}?[*_]*\s*:\s*(?P<words>\S.*)$", re.MULTILINE)


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for sep in _BLANK_LINE.finditer(text):
        if text[start : sep.start()].strip():
            spans.append((start, sep.start()))
        start = sep.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def quoted(paragraph: str) -> list[str]:
    """The stretches between marks in one paragraph, in order, or the words
    of its cue lines."""
    cued = [m.group("words").strip() for m in _CUE_LINE.finditer(paragraph)]
    if cued and not _DOUBLE.search(paragraph):
        return cued
    marks = [m.start() for m in _DOUBLE.finditer(paragraph)]
    found = []
    if marks:
        for opening, closing in zip(marks[0::2], marks[1::2] + [len(paragraph)]):
            found.append((opening, paragraph[opening + 1 : closing]))
    else:
        for m in _SINGLE_OPEN.finditer(paragraph):
            close = _SINGLE_CLOSE.search(paragraph, m.end())
            found.append((m.start(), paragraph[m.end() : close.start() if close else len(paragraph)]))
    return [words.strip() for _, words in sorted(found) if words.strip()]


def draft(text: str) -> dict:
    quotes = []
    for number, (start, end) in enumerate(paragraphs(text), 1):
        for words in quoted(text[start:end]):
            quotes.append({"n": len(quotes) + 1, "paragraph": number, "text": words, "speaker": None,
                           "addressees": [], "kind": "speech"})
    return {"source": {}, "narrator": None, "characters": {}, "not_characters": [], "quotes": quotes}


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: draft.py NAME.txt", file=sys.stderr)
        return 2
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    print(dumps(draft(text)))
    return 0


def dumps(gold: dict) -> str:
    """JSON with one quotation a line, easy to read and to edit by hand."""
    head = {k: v for k, v in gold.items() if k != "quotes"}
    lines = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "quotes": [\n'
    lines += ",\n".join("  " + json.dumps(q, ensure_ascii=False) for q in gold["quotes"])
    return lines + "\n ]\n}"


if __name__ == "__main__":
    sys.exit(main())
