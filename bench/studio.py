"""How long the studio takes to answer an edit on a chapter of ~10,000 words.

Opens a studio session (fabula.studio.session.Session) on the first N words
of a PDNC novel, written to a scratch folder, then gives the least sure
lines, one after another, to their second most likely speaker, as a
reviewer pressing 2 would. It prints, in milliseconds:

- re-inference alone: the speaker stage and after, with the corrections as
  evidence (`correct_analysis` over the cached structure);
- a whole edit as the server runs it: the corrections changed, inferred
  again, written atomically (with fsync) and the changed lines found.

Target: under 200 ms for a 10,000-word chapter.

    .venv/bin/python bench/studio.py                       # Pride and Prejudice, first 10,000 words
    .venv/bin/python bench/studio.py --words 0 PATH.txt    # a whole file
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import fabula
from fabula.corrections import correct_analysis
from fabula.studio.session import Session

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "pdnc" / "PrideAndPrejudice" / "novel_text.txt"
sys.path.insert(0, str(ROOT / "bench"))
from speed import WORD, cut_to_words  # noqa: E402 - the sibling script's helpers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--words", type=int, default=10000, help="the first N words (0: the whole text)")
    parser.add_argument("--edits", type=int, default=40)
    args = parser.parse_args()

    path = Path(args.path)
    if not path.exists():
        print(f"studio: {path}: no such file (is ../shared beside the repo?)", file=sys.stderr)
        return 1
    text = cut_to_words(fabula.analyze_file(path).text, args.words)
    with tempfile.TemporaryDirectory(prefix="fabula-bench-") as scratch:
        work = Path(scratch) / "chapter.txt"
        work.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        session = Session(work)
        opened = time.perf_counter() - t0
        doc = session.document
        print(f"text: {path.parent.name}/{path.name}, {len(WORD.findall(text)):,} words, {len(doc.quotes)} quotations, "
              f"{len(doc.characters)} characters; session opened in {opened * 1000:.0f} ms")

        order = sorted(range(len(doc.quotes)), key=lambda n: doc.quotes[n].confidence or 0)
        inference, edits = [], []
        for n in order:
            if len(edits) == args.edits:
                break
            ranked = session.analysis.ranked[n]
            if len(ranked) < 2:
                continue
            t0 = time.perf_counter()
            session.set_speaker(doc.quotes[n].id, ranked[1][0])
            edits.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            correct_analysis(session.structure, session.corrections)
            inference.append(time.perf_counter() - t0)
    if not edits:
        print("studio: no line has a second likely speaker to give it to", file=sys.stderr)
        return 1
    for name, times in (("re-inference", inference), ("whole edit, saved", edits)):
        ms = sorted(t * 1000 for t in times)
        p90 = ms[int(0.9 * (len(ms) - 1))]
        print(f"{name:<18} median {statistics.median(ms):6.1f} ms   90th percentile {p90:6.1f} ms"
              f"   over {len(ms)} edits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
