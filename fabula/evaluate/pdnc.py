"""Reads the Project Dialogism Novel Corpus (PDNC) as gold for `scoring`.

A PDNC directory holds one folder per novel with `novel_text.txt`,
`quotation_info.csv` (`quoteID`, `quoteByteSpans` as a list of [start, end)
character spans that exclude the quote marks, `speaker` as a name,
`quoteType` Explicit/Anaphoric/Implicit) and `character_info.csv`
(`Character ID`, `Main Name`, `Aliases` as a Python set literal). The text is
read as UTF-8 without newline translation so the spans index it exactly.

A `speaker` is usually a `Main Name`, but the annotation sometimes uses an
alias ("Lucy" for "Miss Honeychurch") or leaves a stray space, so speakers
are looked up by normalised main name first and alias second; a speaker
found nowhere becomes a gold character of its own.

Anything learned or tuned on PDNC is split by novel: `pdnc_folds` sorts the
folder names (plain code-point order) and puts even positions in fold "A",
odd ones in fold "B".
"""

from __future__ import annotations

import ast
import csv
from pathlib import Path
from typing import Iterable

from ..errors import InputError
from .scoring import GoldCharacter, GoldQuote, GoldText, normalize_name

QUOTATIONS = "quotation_info.csv"
CHARACTERS = "character_info.csv"
TEXT = "novel_text.txt"
QUOTE_TYPES = {"Explicit": "explicit", "Anaphoric": "anaphoric", "Implicit": "implicit"}


def pdnc_novels(directory: str | Path) -> list[str]:
    """The novel folder names under `directory`, sorted; an error if there are none."""
    root = Path(directory)
    if not root.is_dir():
        raise InputError(str(directory), "not a directory")
    novels = sorted(p.name for p in root.iterdir() if (p / QUOTATIONS).is_file())
    if not novels:
        raise InputError(str(directory), f"no PDNC novels (folders with {QUOTATIONS})")
    return novels


def pdnc_folds(directory: str | Path) -> dict[str, list[str]]:
    novels = pdnc_novels(directory)
    return {"A": novels[0::2], "B": novels[1::2]}


def select_novels(directory: str | Path, fold: str | None = None,
                  names: Iterable[str] = ()) -> dict[str, Path]:
    """Name -> folder of the novels to evaluate: a fold's, or all, narrowed to `names`."""
    pool = pdnc_folds(directory)[fold] if fold else pdnc_novels(directory)
    chosen = list(dict.fromkeys(names)) or pool
    for name in chosen:
        if name not in pool:
            where = f"in fold {fold}" if fold else "here"
            raise InputError(str(directory), f"no novel named {name!r} {where}")
    return {name: Path(directory) / name for name in chosen}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_novel(folder: str | Path) -> GoldText:
    folder = Path(folder)
    with open(folder / TEXT, encoding="utf-8", newline="") as f:
        text = f.read()
    characters = []
    for row in _rows(folder / CHARACTERS):
        aliases = ast.literal_eval(row["Aliases"]) if row["Aliases"].strip() else set()
        characters.append(GoldCharacter(
            id=row["Character ID"], name=row["Main Name"],
            names=frozenset({row["Main Name"], *aliases}),
        ))
    by_main: dict[str, str] = {}
    by_alias: dict[str, str] = {}
    for c in characters:
        by_main.setdefault(normalize_name(c.name), c.id)
        for name in c.names:
            by_alias.setdefault(normalize_name(name), c.id)

    def speaker_id(name: str) -> str | None:
        key = normalize_name(name)
        if not key:
            return None
        if key not in by_main and key not in by_alias:
            unlisted = GoldCharacter(id=f"speaker:{name.strip()}", name=name.strip(),
                                     names=frozenset({name.strip()}))
            characters.append(unlisted)
            by_main[key] = unlisted.id
        return by_main.get(key) or by_alias[key]

    quotes = tuple(
        GoldQuote(
            id=row["quoteID"],
            spans=tuple((int(s), int(e)) for s, e in ast.literal_eval(row["quoteByteSpans"])),
            speaker=speaker_id(row["speaker"]),
            type=QUOTE_TYPES.get(row["quoteType"]),
        )
        for row in _rows(folder / QUOTATIONS)
    )
    return GoldText(name=folder.name, text=text, characters=tuple(characters), quotes=quotes)
