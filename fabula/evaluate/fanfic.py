"""Reads annotated fan-fiction chapters as gold for `scoring`.

A directory holds, per chapter, `NAME.txt` (the chapter as plain text,
paragraphs separated by blank lines) and `NAME.gold.json`:

    {"characters": {"Canonical Name": {"aliases": [...], "gender": "...", "speaks": true}},
     "not_characters": ["capitalised words that are not people"],
     "quotes": [{"n": 1, "paragraph": 5, "text": "words inside the marks",
                 "speaker": "Canonical Name", "kind": "speech"}]}

Paragraphs are numbered from 1. A quotation is placed at the first
occurrence of its text in its paragraph after the previous quotation of that
paragraph; one that cannot be placed is an error naming the file and the
quotation, never a silent skip. A speaker starting with `_` (`_group`,
`_unknown`) is not scored, so those quotations are left out. The text is
read as UTF-8 and analysed exactly as it is, so the spans index it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable

from ..errors import InputError
from .scoring import GoldCharacter, GoldQuote, GoldText

GOLD_SUFFIX = ".gold.json"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def select_chapters(directory: str | Path, names: Iterable[str] = ()) -> dict[str, Path]:
    """Name -> text file of the annotated chapters in `directory`, narrowed to `names`."""
    root = Path(directory)
    if not root.is_dir():
        raise InputError(str(directory), "not a directory")
    found = {p.name[: -len(GOLD_SUFFIX)]: p for p in sorted(root.glob(f"*{GOLD_SUFFIX}"))}
    chapters = {name: root / f"{name}.txt" for name in found if (root / f"{name}.txt").is_file()}
    if not chapters:
        raise InputError(str(directory), f"no annotated chapters (NAME.txt beside NAME{GOLD_SUFFIX})")
    chosen = list(dict.fromkeys(names)) or list(chapters)
    for name in chosen:
        if name not in chapters:
            raise InputError(str(directory), f"no chapter named {name!r} here")
    return {name: chapters[name] for name in chosen}


def load_chapter(path: str | Path) -> GoldText:
    path = Path(path)
    gold_path = path.with_name(path.stem + GOLD_SUFFIX)
    text = path.read_text(encoding="utf-8")
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(str(gold_path), f"not valid JSON ({exc.msg}, line {exc.lineno})") from None
    characters = tuple(
        GoldCharacter(id=name, name=name, names=frozenset({name, *info.get("aliases", ())}),
                      gender=info.get("gender"), speaks=bool(info.get("speaks", True)))
        for name, info in gold.get("characters", {}).items()
    )
    paragraphs = _paragraphs(text)
    quotes = []
    placed_up_to: dict[int, int] = {}
    for q in gold.get("quotes", []):
        number, words = q["paragraph"], q["text"].strip()
        if not 1 <= number <= len(paragraphs):
            raise InputError(str(gold_path), f"quotation {q['n']}: no paragraph {number}")
        start, end = paragraphs[number - 1]
        at = text.find(words, placed_up_to.get(number, start), end)
        if at < 0 or not words:
            raise InputError(str(gold_path), f"quotation {q['n']}: {words[:40]!r} is not in paragraph {number}")
        placed_up_to[number] = at + len(words)
        if q["speaker"].startswith("_"):
            continue
        quotes.append(GoldQuote(id=str(q["n"]), spans=((at, at + len(words)),), speaker=q["speaker"]))
    return GoldText(name=path.stem, text=text, characters=characters, quotes=tuple(quotes),
                    not_characters=frozenset(gold.get("not_characters", ())))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for sep in _BLANK_LINE.finditer(text):
        if text[start : sep.start()].strip():
            spans.append((start, sep.start()))
        start = sep.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
