"""Check annotated chapters against the gold format, without running fabula.

    .venv/bin/python bench/fanfic/check.py NAME.txt [NAME.txt ...]

Each chapter's gold must load as `fabula eval fanfic` loads it (every
quotation found in its paragraph, speakers and addressees in the cast), and
beyond that: every character has a gender of the four, a role of the two and
`speaks` true exactly when a quotation is theirs; every alias is written
somewhere in the text; every quotation has a kind of the three; a not-person
is no character's alias. Prints one line per chapter, then each problem;
exits 1 if any.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from fabula.errors import FabulaError
from fabula.evaluate.fanfic import GOLD_SUFFIX, load_chapter

GENDERS = {"male", "female", "nonbinary", "unknown"}
ROLES = {"main", "minor"}
KINDS = {"speech", "thought", "message"}


def problems(path: Path) -> tuple[str, list[str]]:
    try:
        load_chapter(path)
    except FabulaError as exc:
        return "", [str(exc)]
    text = path.read_text(encoding="utf-8")
    gold = json.loads(path.with_name(path.stem + GOLD_SUFFIX).read_text(encoding="utf-8"))
    found = []
    cast = gold.get("characters", {})
    lines = Counter(q["speaker"] for q in gold.get("quotes", ()))
    folded = text.casefold()
    for name, info in cast.items():
        if info.get("gender") not in GENDERS:
            found.append(f"{name}: gender {info.get('gender')!r} is not one of {sorted(GENDERS)}")
        if info.get("role") not in ROLES:
            found.append(f"{name}: role {info.get('role')!r} is not one of {sorted(ROLES)}")
        if bool(info.get("speaks")) != bool(lines[name]):
            found.append(f"{name}: speaks is {info.get('speaks')}, but {lines[name]} quotations are theirs")
        for alias in {name, *info.get("aliases", ())}:
            if alias != name and alias.casefold() not in folded:
                found.append(f"{name}: alias {alias!r} is nowhere in the text")
    owners = {a.casefold() for info in cast.values() for a in info.get("aliases", ())} | {n.casefold() for n in cast}
    found += [f"not a character, yet an alias: {w!r}" for w in gold.get("not_characters", ()) if w.casefold() in owners]
    found += [f"quotation {q['n']}: kind {q.get('kind')!r}" for q in gold.get("quotes", ()) if q.get("kind") not in KINDS]
    numbers = [q["n"] for q in gold.get("quotes", ())]
    if numbers != list(range(1, len(numbers) + 1)):
        found.append("quotations are not numbered 1, 2, 3… in order")
    summary = (f"{len(cast)} characters ({sum(i.get('role') == 'main' for i in cast.values())} main), "
               f"{len(numbers)} quotations, {len(gold.get('not_characters', ()))} not-people")
    return summary, found


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: check.py NAME.txt [NAME.txt ...]", file=sys.stderr)
        return 2
    failed = False
    for arg in sys.argv[1:]:
        path = Path(arg)
        summary, found = problems(path)
        print(f"{path.stem}: {summary or 'does not load'}" + (f", {len(found)} problems" if found else ""))
        for problem in found:
            print(f"  {problem}")
        failed |= bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
