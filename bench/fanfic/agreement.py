"""How far two independent readings of the same chapters agree.

    .venv/bin/python bench/fanfic/agreement.py bench/fanfic/second

For every `NAME.gold.json` in the given folder (the second reading), the
first reading is the chapter's gold in bench/fanfic/{train,dev,blind}, as it
stood before settling: `git show FIRST:path` is read when --first names a
commit, else the file as it is now. Printed per chapter and in total:

- quotations: entries of both readings at the same paragraph whose texts
  overlap, as a share of the entries of either (F1);
- speaker: of the quotations both have, the share given to the same person
  (each reading's characters are matched by the names they share), and
  Cohen's kappa over those labels; `_group` and `_unknown` count as labels;
- addressees: the share of shared quotations with the same set of addressees;
- cast: people of both readings matched by a shared name, F1 over people;
  of the matched, the share with the same gender and the same role.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLITS = ("train", "dev", "blind")


def normal(name: str) -> str:
    kept = "".join(ch for ch in name if not unicodedata.category(ch).startswith("P"))
    return " ".join(kept.casefold().split())


def match_people(a: dict, b: dict) -> dict[str, str]:
    """Key of a -> key of b, greedily by most shared names."""
    names_a = {k: {normal(n) for n in (k, *v.get("aliases", ()))} for k, v in a.items()}
    names_b = {k: {normal(n) for n in (k, *v.get("aliases", ()))} for k, v in b.items()}
    pairs = sorted(((len(na & nb), ka, kb) for ka, na in names_a.items() for kb, nb in names_b.items() if na & nb),
                   reverse=True)
    mapping, used = {}, set()
    for _, ka, kb in pairs:
        if ka not in mapping and kb not in used:
            mapping[ka] = kb
            used.add(kb)
    return mapping


def match_quotes(qa: list[dict], qb: list[dict]) -> list[tuple[dict, dict]]:
    by_paragraph: dict[int, list[dict]] = {}
    for q in qb:
        by_paragraph.setdefault(q["paragraph"], []).append(q)
    pairs, used = [], set()
    for q in qa:
        for other in by_paragraph.get(q["paragraph"], []):
            if id(other) not in used and (q["text"] in other["text"] or other["text"] in q["text"]):
                pairs.append((q, other))
                used.add(id(other))
                break
    return pairs


def kappa(labels: list[tuple[str, str]]) -> float | None:
    if not labels:
        return None
    observed = sum(a == b for a, b in labels) / len(labels)
    first, second = Counter(a for a, _ in labels), Counter(b for _, b in labels)
    expected = sum(first[k] * second[k] for k in first) / len(labels) ** 2
    return None if expected == 1 else (observed - expected) / (1 - expected)


def compare(a: dict, b: dict) -> dict:
    people = match_people(a["characters"], b["characters"])
    pairs = match_quotes(a["quotes"], b["quotes"])
    labels = [(people.get(x["speaker"], x["speaker"]), y["speaker"]) for x, y in pairs]
    same_addressees = sum({people.get(n, n) for n in x.get("addressees", ())} == set(y.get("addressees", ()))
                          for x, y in pairs)
    matched = [(a["characters"][ka], b["characters"][kb]) for ka, kb in people.items()]
    return {
        "quotes_a": len(a["quotes"]), "quotes_b": len(b["quotes"]), "quotes_both": len(pairs),
        "speaker_same": sum(x == y for x, y in labels), "labels": labels,
        "addressees_same": same_addressees,
        "people_a": len(a["characters"]), "people_b": len(b["characters"]), "people_both": len(matched),
        "gender_same": sum(x.get("gender") == y.get("gender") for x, y in matched),
        "role_same": sum(x.get("role") == y.get("role") for x, y in matched),
    }


def first_reading(name: str, commit: str | None) -> dict:
    for split in SPLITS:
        path = HERE / split / f"{name}.gold.json"
        if commit:
            shown = subprocess.run(["git", "show", f"{commit}:{path.relative_to(HERE.parent.parent)}"],
                                   capture_output=True, text=True, cwd=HERE)
            if shown.returncode == 0:
                return json.loads(shown.stdout)
        elif path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    raise SystemExit(f"agreement: no first reading of {name} in {', '.join(SPLITS)}")


def share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "n/a"


def f1(both: int, a: int, b: int) -> str:
    return share(2 * both, a + b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("second", type=Path, help="folder of the second readings")
    parser.add_argument("--first", help="commit holding the first readings before settling")
    args = parser.parse_args()
    rows = [("chapter", "quotes F1", "speaker", "kappa", "addressees", "cast F1", "gender", "role")]
    total: Counter = Counter()
    all_labels = []
    for path in sorted(args.second.glob("*.gold.json")):
        name = path.name[: -len(".gold.json")]
        c = compare(first_reading(name, args.first), json.loads(path.read_text(encoding="utf-8")))
        all_labels += c.pop("labels")
        total.update(c)
        k = kappa([(a, b) for a, b in all_labels[-c["quotes_both"]:]]) if c["quotes_both"] else None
        rows.append(_row(name, c, k))
    rows.append(_row("total", total, kappa(all_labels)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print(r[0].ljust(widths[0]) + "  " + "  ".join(cell.rjust(w) for cell, w in zip(r[1:], widths[1:])))
    return 0


def _row(name: str, c, k: float | None) -> tuple[str, ...]:
    return (name, f1(c["quotes_both"], c["quotes_a"], c["quotes_b"]), share(c["speaker_same"], c["quotes_both"]),
            "n/a" if k is None else f"{k:.3f}", share(c["addressees_same"], c["quotes_both"]),
            f1(c["people_both"], c["people_a"], c["people_b"]), share(c["gender_same"], c["people_both"]),
            share(c["role_same"], c["people_both"]))


if __name__ == "__main__":
    sys.exit(main())
