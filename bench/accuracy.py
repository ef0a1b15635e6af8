"""Speaker accuracy of fabula on PDNC, LitBank and fan fiction, written as a
Markdown table that says, for every figure, whether its texts were seen
while fabula was built.

How the figures are obtained (the measure is `fabula.evaluate.scoring`; the
`fabula eval pdnc|litbank|fanfic` commands print the same figures):

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
  also split by PDNC's quoteType (the others have none: n/a);
- conf>=0.9: share of gold quotations whose most-overlapping fabula quotation
  has confidence >= 0.9, and the accuracy among those (target >= 0.92 on the
  blind split);
- every figure is micro-averaged over gold quotations.

Every text is scored by the speaker weights that were not trained on it
(`scripts/train_speakers.py`: PDNC, LitBank and the fan fiction's train split
in two folds by work). The "seen" column says what the building of fabula
knew of the texts: "trained on" (a learned part of fabula was fitted to
them, though never the speaker weights that score them), "read" (their
errors were read while building, but nothing was trained on them), "held
out" (a fold no learned part saw, its errors unread) and "blind" (never
trained on, errors never read: bench/fanfic/blind). A gain on the seen sets
that the blind ones do not show is tuning, not progress.

PDNC is analysed novel by novel; fold A and fold B are the folds of
`pdnc_folds` (sorted folder names, A at even positions). LitBank uses the
~2,000-word excerpts that have quotations: fabula reads the passage of the
original text they cover, the gold carried over from the tokenized copy.
Wall time is the whole corpus run (loading the gold, analysing, scoring) with
--workers processes. A text that fails is listed and left out of the totals.

    .venv/bin/python bench/accuracy.py                 # writes bench/results/accuracy.md
    .venv/bin/python bench/accuracy.py --workers 2 --output /tmp/accuracy.md
"""

from __future__ import annotations

import argparse
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
OUTPUT = ROOT / "bench" / "results" / "accuracy.md"
FANFIC = ROOT / "bench" / "fanfic"
COLUMNS = ["texts", "seen", "count", *report.HEADER, "wall time"]


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def summary_row(label: str, seen: str, results: list[report.TextResult], seconds: float | None) -> list[str]:
    counts: Counts = report.combined(results)
    scored = sum(r.counts is not None for r in results)
    wall = "" if seconds is None else f"{seconds:.1f} s"
    return [label, seen, str(scored), *report.figures_row(counts), wall]


def timed_run(load, texts, workers: int) -> tuple[list[report.TextResult], float]:
    """Each text scored by the speaker weights that did not see it."""
    started = time.perf_counter()
    results = report.run(load, texts, workers, {name: fold_not_trained_on(name) for name in texts})
    return results, time.perf_counter() - started


def failures(results: list[report.TextResult]) -> list[str]:
    return [f"- {r.name}: {r.error}" for r in results if r.error]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DATA), help="folder holding pdnc/ and litbank/")
    parser.add_argument("--workers", type=int, default=2, help="texts analysed at once")
    parser.add_argument("--output", default=str(OUTPUT), help="Markdown file to write")
    args = parser.parse_args()
    data = Path(args.data)

    try:
        novels = pdnc.select_novels(data / "pdnc")
        folds = pdnc.pdnc_folds(data / "pdnc")
        excerpts = litbank.select_texts(data / "litbank")
        splits = fanfic.select_splits(FANFIC)
    except FabulaError as exc:
        print(f"accuracy: {exc}", file=sys.stderr)
        return 1

    pdnc_results, pdnc_seconds = timed_run(pdnc.load_novel, novels, args.workers)
    litbank_results, litbank_seconds = timed_run(litbank.load_text, excerpts, args.workers)
    fanfic_results = {split: timed_run(fanfic.load_chapter, texts, args.workers) for split, texts in splits.items()}
    scene_results, scene_seconds = timed_run(fanfic.load_chapter, fanfic.select_chapters(FIXTURES), args.workers)
    earlier = data.parent / "samples" / "fanfic" / "speakers"
    earlier_results, earlier_seconds = (timed_run(fanfic.load_chapter, fanfic.select_chapters(earlier), args.workers)
                                        if earlier.is_dir() else ([], None))

    fold_of = {name: fold for fold, names in folds.items() for name in names}
    lb_fold_of = {name: fold for fold, names in litbank.litbank_folds(data / "litbank").items() for name in names}
    summary = [
        COLUMNS,
        summary_row("PDNC fold A", "held out (the person model trained on this fold)",
                    [r for r in pdnc_results if fold_of[r.name] == "A"], None),
        summary_row("PDNC fold B", "held out", [r for r in pdnc_results if fold_of[r.name] == "B"], None),
        summary_row("PDNC all", "held out by fold", pdnc_results, pdnc_seconds),
        summary_row("LitBank fold A", "held out (the person model trained on this fold)",
                    [r for r in litbank_results if lb_fold_of.get(r.name) == "A"], None),
        summary_row("LitBank fold B", "held out", [r for r in litbank_results if lb_fold_of.get(r.name) == "B"], None),
        summary_row("LitBank all", "held out by fold", litbank_results, litbank_seconds),
        *(summary_row(f"fan fiction, {split} (bench/fanfic/{split})", _SEEN[split], *fanfic_results[split])
          for split in splits),
        summary_row("fan-fiction scenes written for fabula (tests/fixtures/speakers)", "read (tests)",
                    scene_results, scene_seconds),
        *([summary_row("real fan-fiction chapters of an earlier round (samples/fanfic/speakers)", "read",
                       earlier_results, earlier_seconds)] if earlier_results else []),
    ]
    per_novel = [["novel", "fold", *report.HEADER, "time"]]
    for r in pdnc_results:
        figures = report.figures_row(r.counts) if r.counts else ["error"] + [""] * (len(report.HEADER) - 1)
        per_novel.append([r.name, fold_of[r.name], *figures, f"{r.seconds:.2f} s"])

    parts = [
        "# fabula speaker accuracy",
        f"fabula {fabula.__version__}, {date.today().isoformat()}, {args.workers} worker(s). "
        "Produced by `bench/accuracy.py`; see its docstring for how the figures are obtained and what "
        "\"seen\" means.",
        markdown_table(summary),
        "## PDNC by novel",
        markdown_table(per_novel),
        report.DEFINITION,
    ]
    everything = [pdnc_results, litbank_results, *(r for r, _ in fanfic_results.values()), scene_results,
                  earlier_results]
    failed = [line for results in everything for line in failures(results)]
    if failed:
        parts += ["## Failed texts (left out of the totals)", "\n".join(failed)]
    rendered = "\n\n".join(parts) + "\n"

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(rendered, encoding="utf-8")
    print(rendered, end="")
    print(f"(written to {output})", file=sys.stderr)
    return 0


_SEEN = {"train": "trained on (scored by the other fold's weights)", "dev": "read, never trained on",
         "blind": "blind"}


if __name__ == "__main__":
    sys.exit(main())
