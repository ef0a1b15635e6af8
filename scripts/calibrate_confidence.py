"""Derive fabula's confidence table from PDNC fold A.

For every attribution rule in `fabula/stages/speakers.py`, the share of
quotations it attributes correctly on the fold A novels (PDNC split by novel:
folder names sorted, A the even positions) becomes that rule's confidence,
written to `fabula/confidence.json`. Fold B novels are never read, so the
calibration can be checked on them (`fabula eval pdnc DIR --fold B`, column
acc@conf). Deterministic: same data, same table.

    .venv/bin/python scripts/calibrate_confidence.py [../shared/data/pdnc]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import fabula
from fabula.evaluate.pdnc import load_novel, pdnc_folds
from fabula.evaluate.scoring import _Overlaps, map_characters

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "fabula" / "confidence.json"


def rule_outcomes(folder: Path) -> tuple[Counter, Counter]:
    gold = load_novel(folder)
    doc = fabula.analyze(gold.text)
    mapped = map_characters(doc.characters, gold.characters, Counter(q.speaker for q in gold.quotes))
    overlaps = _Overlaps(doc.quotes)
    seen, right = Counter(), Counter()
    for quote in gold.quotes:
        found = overlaps.within(quote.spans)
        if not found:
            continue
        fq = overlaps.quotes[max(found, key=found.get)]
        if fq.rule:
            seen[fq.rule] += 1
            right[fq.rule] += mapped.get(fq.speaker) == quote.speaker
    return seen, right


def main() -> int:
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "pdnc")
    if not directory.is_dir():
        print(f"calibrate: {directory}: no such folder", file=sys.stderr)
        return 1
    seen, right = Counter(), Counter()
    for name in pdnc_folds(directory)["A"]:
        s, r = rule_outcomes(directory / name)
        seen.update(s)
        right.update(r)
    table = json.loads(TABLE.read_text())
    for rule in table["confidence"]:
        # PDNC names a first-person narrator, fabula calls it Narrator: its
        # lines cannot be scored, so that rule keeps its hand-set value.
        if seen[rule] >= 20 and rule != "narrator":
            # Rounded down to two places, so a rule is never shown surer than it was.
            table["confidence"][rule] = int(100 * right[rule] / seen[rule]) / 100
        print(f"{rule:<12} {seen[rule]:>6} quotes  {right[rule] / seen[rule] if seen[rule] else 0:.3f}")
    table["about"] = ("Share of quotations each attribution rule got right on PDNC fold A "
                      "(scripts/calibrate_confidence.py); fold B is held out.")
    TABLE.write_text(json.dumps(table, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
