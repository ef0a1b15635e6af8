"""Peak memory of fabula's whole pipeline on a book of a million words.

Joins PDNC novels from ../shared/data/pdnc (in folder order, separated by a
scene break) until the text holds at least a million words, analyses it once
in this process and prints the words, the time and the process's peak
resident memory. Target: under 1 GB.

    .venv/bin/python bench/memory.py [--words 1000000] [PDNC_DIR]
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from pathlib import Path

import fabula

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"\w+(?:['’]\w+)*")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdnc", nargs="?", default=str(ROOT.parent / "shared" / "data" / "pdnc"))
    parser.add_argument("--words", type=int, default=1_000_000)
    args = parser.parse_args()

    novels = sorted(Path(args.pdnc).glob("*/novel_text.txt"))
    if not novels:
        print(f"memory: {args.pdnc}: no PDNC novels found (is ../shared beside the repo?)", file=sys.stderr)
        return 1
    parts, words = [], 0
    for path in novels:
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        words += len(WORD.findall(text))
        if words >= args.words:
            break
    book = "\n\n* * *\n\n".join(parts)
    before = peak_rss_mb()
    t0 = time.perf_counter()
    doc = fabula.analyze(book)
    seconds = time.perf_counter() - t0
    peak = peak_rss_mb()
    print(f"text: {len(parts)} PDNC novels joined, {words:,} words, {len(book):,} characters")
    print(f"analysed in {seconds:.1f} s ({words / seconds:,.0f} words/s): {len(doc.quotes):,} quotations, "
          f"{len(doc.characters):,} characters, {len(doc.mentions):,} mentions")
    print(f"peak memory: {peak:,.0f} MB (before analysis {before:,.0f} MB; target: under 1,024 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
