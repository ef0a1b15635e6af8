"""Reads annotated fan-fiction chapters as gold for `scoring`.

A directory holds, per chapter, `NAME.txt` (the chapter as plain text,
paragraphs separated by blank lines) and `NAME.gold.json`:

    {"narrator": null,
     "characters": {"Canonical Name": {"aliases": [...], "gender": "...", "role": "main", "speaks": true}},
     "not_characters": ["capitalised words that are not people"],
     "quotes": [{"n": 1, "paragraph": 5, "text": "words inside the marks",
                 "speaker": "Canonical Name", "addressees": [], "kind": "speech"}]}

(bench/fanfic/README.md gives the whole format.) A corpus may instead hold
one such directory per split (`train/`, `dev/`, `blind/`): `select_splits`
finds them.

Paragraphs are numbered from 1. A quotation is placed at the first
occurrence of its text in its paragraph after the previous quotation of that
paragraph; one that cannot be placed, or whose speaker or addressee is not
in the cast, is an error naming the file and the quotation, never a silent
skip. A speaker starting with `_` (`_group`, `_unknown`) is not scored, so
those quotations are left out. A gold file whose characters all have a
`role` lists the whole cast, so a fabula character matching none of them is
no person of the chapter. The text is read as UTF-8 and analysed exactly as
it is, so the spans index it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable

from ..errors import InputError
from .scoring import GoldCharacter, GoldQuote, GoldText

GOLD_SUFFIX = ".gold.json"
_SPLIT_ORDER = {"train": 0, "dev": 1, "blind": 2}
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


def select_splits(directory: str | Path, names: Iterable[str] = ()) -> dict[str, dict[str, Path]]:
    """Split name -> its chapters: the sub-directories of `directory` that
    hold annotated chapters (train, dev, blind, then any other by name), or `directory` itself (split
    "") when it holds them directly. `names` narrows every split to those
    chapters and must each be found in one of them."""
    root = Path(directory)
    if not root.is_dir():
        raise InputError(str(directory), "not a directory")
    if _holds_chapters(root):
        return {"": select_chapters(root, names)}
    found = [sub for sub in root.iterdir() if sub.is_dir() and _holds_chapters(sub)]
    splits = {sub.name: sub for sub in sorted(found, key=lambda sub: (_SPLIT_ORDER.get(sub.name, 3), sub.name))}
    if not splits:
        raise InputError(str(directory), f"no annotated chapters (NAME.txt beside NAME{GOLD_SUFFIX})")
    wanted = list(dict.fromkeys(names))
    chosen = {}
    for split, sub in splits.items():
        chapters = select_chapters(sub)
        chosen[split] = {n: p for n, p in chapters.items() if not wanted or n in wanted}
    for name in wanted:
        if not any(name in chapters for chapters in chosen.values()):
            raise InputError(str(directory), f"no chapter named {name!r} here")
    return {split: chapters for split, chapters in chosen.items() if chapters}


def _holds_chapters(directory: Path) -> bool:
    """Whether a gold file there has its text beside it (a folder of gold
    files alone, such as second readings, holds no chapters)."""
    return any(g.with_name(g.name[: -len(GOLD_SUFFIX)] + ".txt").is_file() for g in directory.glob(f"*{GOLD_SUFFIX}"))


def load_chapter(path: str | Path) -> GoldText:
    path = Path(path)
    gold_path = path.with_name(path.stem + GOLD_SUFFIX)
    text = path.read_text(encoding="utf-8")
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(str(gold_path), f"not valid JSON ({exc.msg}, line {exc.lineno})") from None
    try:
        return _gold_text(path.stem, text, gold, str(gold_path))
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError(str(gold_path), f"not a gold file of this format ({type(exc).__name__}: {exc})") from None


def _gold_text(chapter: str, text: str, gold: dict, where: str) -> GoldText:
    cast = gold.get("characters", {})
    characters = tuple(
        GoldCharacter(id=name, name=name, names=frozenset({name, *info.get("aliases", ())}),
                      gender=info.get("gender"), speaks=bool(info.get("speaks", True)),
                      main=info.get("role") == "main")
        for name, info in cast.items()
    )
    paragraphs = _paragraphs(text)
    quotes = []
    placed_up_to: dict[int, int] = {}
    for q in gold.get("quotes", []):
        number, words = q["paragraph"], q["text"].strip()
        if not 1 <= number <= len(paragraphs):
            raise InputError(where, f"quotation {q['n']}: no paragraph {number}")
        start, end = paragraphs[number - 1]
        at = text.find(words, placed_up_to.get(number, start), end)
        if at < 0 or not words:
            raise InputError(where, f"quotation {q['n']}: {words[:40]!r} is not in paragraph {number}")
        placed_up_to[number] = at + len(words)
        for who in (q["speaker"], *q.get("addressees", ())):
            if not who.startswith("_") and who not in cast:
                raise InputError(where, f"quotation {q['n']}: {who!r} is not in the cast")
        if q["speaker"].startswith("_"):
            continue
        quotes.append(GoldQuote(id=str(q["n"]), spans=((at, at + len(words)),), speaker=q["speaker"]))
    narrator = gold.get("narrator")
    if narrator is not None and narrator not in cast:
        raise InputError(where, f"the narrator {narrator!r} is not in the cast")
    return GoldText(name=chapter, text=text, characters=characters, quotes=tuple(quotes), narrator=narrator,
                    not_characters=frozenset(gold.get("not_characters", ())),
                    complete_cast=bool(cast) and all("role" in info for info in cast.values()))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for sep in _BLANK_LINE.finditer(text):
        if text[start : sep.start()].strip():
            spans.append((start, sep.start()))
        start = sep.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
