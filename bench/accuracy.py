"""Speaker accuracy of fabula on PDNC, LitBank and fan fiction, written as a Markdown table.

How the figures are obtained (the measure is `fabula.evaluate.scoring`; the
`fabula eval pdnc|litbank` commands print the same figures):

- fabula analyses each text itself (`fabula.analyze` on the corpus text, read
  as is): it finds the quotations and the characters; nothing gold is given;
- each fabula character maps to the gold character sharing most of its names
  (name + aliases against gold main name + aliases, case-folded, punctuation
  deleted, whitespace collapsed); ties go to the gold main name, then to the
  character with more gold quotations; failing any shared name, fabula's
  `Narrator` maps to the gold first-person narrator where the corpus marks
  one (LitBank: the chain saying "I" in the narration);
- a gold quotation is *found* when fabula quotations (speech or thought)
  cover at least half its characters, and *right* when those whose speaker
  maps to the gold speaker do; recall = found / gold, accuracy = right / gold,
  also split by PDNC's quoteType (LitBank has none: n/a);
- conf>=0.9: share of gold quotations whose most-overlapping fabula quotation
  has confidence >= 0.9, and the accuracy among those (target >= 0.90);
- every figure is micro-averaged over gold quotations.

PDNC is analysed once, novel by novel; the "fold A" and "fold B" rows total
the novels of each fold (`pdnc_folds`: sorted folder names, A at even
positions, B at odd), "all" totals every novel. LitBank uses the ~2,000-word
excerpts that have quotations: fabula reads the passage of the original text
they cover, the gold carried over from the tokenized copy. Wall time is the
whole corpus run (loading the gold, analysing, scoring) with --workers
processes. A text that fails is listed and left out of the totals.

LitBank "fold B" totals the texts the person model was not trained on
(`scripts/train_person.py` trains it on fold A). Fan fiction: the project's
own annotated scenes (tests/fixtures/speakers, each scored with the speaker
weights of the fold that did not see it) and the development chapters of
../shared/samples/fanfic/speakers (never trained on).

    .venv/bin/python bench/accuracy.py                 # writes bench/results/accuracy.md
    .venv/bin/python bench/accuracy.py --workers 8 --output /tmp/accuracy.md
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

import fabula
from fabula.errors import FabulaError
from fabula.stages.speakers import fold_not_trained_on
from fabula.evaluate import fanfic, litbank, pdnc, report
from fabula.evaluate.scoring import Counts

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "speakers"
PERSON_MODEL = ROOT / "fabula" / "data" / "person_model.json"
OUTPUT = ROOT / "bench" / "results" / "accuracy.md"
COLUMNS = ["corpus", "texts", *report.HEADER, "wall time"]


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def summary_row(label: str, results: list[report.TextResult], seconds: float | None) -> list[str]:
    counts: Counts = report.combined(results)
    scored = sum(r.counts is not None for r in results)
    wall = "" if seconds is None else f"{seconds:.1f} s"
    return [label, str(scored), *report.figures_row(counts), wall]


def failures(results: list[report.TextResult]) -> list[str]:
    return [f"- {r.name}: {r.error}" for r in results if r.error]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DATA), help="folder holding pdnc/ and litbank/")
    parser.add_argument("--workers", type=int, default=4, help="texts analysed at once")
    parser.add_argument("--output", default=str(OUTPUT), help="Markdown file to write")
    args = parser.parse_args()
    data = Path(args.data)

    try:
        novels = pdnc.select_novels(data / "pdnc")
        folds = pdnc.pdnc_folds(data / "pdnc")
        excerpts = litbank.select_texts(data / "litbank")
    except FabulaError as exc:
        print(f"accuracy: {exc}", file=sys.stderr)
        return 1

    started = time.perf_counter()
    pdnc_results = report.run(pdnc.load_novel, novels, args.workers,
                              {name: fold_not_trained_on(name) for name in novels})
    pdnc_seconds = time.perf_counter() - started
    started = time.perf_counter()
    litbank_results = report.run(litbank.load_text, excerpts, args.workers)
    litbank_seconds = time.perf_counter() - started
    person_trained = set(json.loads(PERSON_MODEL.read_text(encoding="utf-8"))["trained_on"])
    scenes = fanfic.select_chapters(FIXTURES)
    started = time.perf_counter()
    scene_results = report.run(fanfic.load_chapter, scenes, args.workers,
                               {name: fold_not_trained_on(name) for name in scenes})
    scene_seconds = time.perf_counter() - started
    dev = data.parent / "samples" / "fanfic" / "speakers"
    dev_results, dev_seconds = [], None
    if dev.is_dir():
        started = time.perf_counter()
        dev_results = report.run(fanfic.load_chapter, fanfic.select_chapters(dev), args.workers)
        dev_seconds = time.perf_counter() - started

    fold_of = {name: fold for fold, names in folds.items() for name in names}
    summary = [
        COLUMNS,
        *(summary_row(f"PDNC fold {fold}", [r for r in pdnc_results if fold_of[r.name] == fold], None)
          for fold in ("A", "B")),
        summary_row("PDNC all", pdnc_results, pdnc_seconds),
        summary_row("LitBank all", litbank_results, litbank_seconds),
        summary_row("LitBank fold B (person model not trained on it)",
                    [r for r in litbank_results if r.name not in person_trained], None),
        summary_row("fan-fiction scenes (tests/fixtures, held out by fold)", scene_results, scene_seconds),
        *([summary_row("fan-fiction dev chapters (samples/fanfic/speakers)", dev_results, dev_seconds)]
          if dev_results else []),
    ]
    per_novel = [["novel", "fold", *report.HEADER, "time"]]
    for r in pdnc_results:
        figures = report.figures_row(r.counts) if r.counts else ["error"] + [""] * (len(report.HEADER) - 1)
        per_novel.append([r.name, fold_of[r.name], *figures, f"{r.seconds:.2f} s"])

    parts = [
        "# fabula speaker accuracy",
        f"fabula {fabula.__version__}, {date.today().isoformat()}, {args.workers} worker(s). "
        "Produced by `bench/accuracy.py`; see its docstring for how the figures are obtained.",
        markdown_table(summary),
        "## PDNC by novel",
        markdown_table(per_novel),
        report.DEFINITION,
    ]
    failed = failures(pdnc_results) + failures(litbank_results) + failures(scene_results) + failures(dev_results)
    if failed:
        parts += ["## Failed texts (left out of the totals)", "\n".join(failed)]
    rendered = "\n\n".join(parts) + "\n"

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(rendered, encoding="utf-8")
    print(rendered, end="")
    print(f"(written to {output})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
