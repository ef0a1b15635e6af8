"""Runs fabula over the texts of a corpus and lays out the figures.

`run` analyses each text with `fabula.analyze` (on the gold text itself, so
offsets agree) and scores it; a text that fails to load or to analyse
becomes an error row instead of ending the run, and is left out of the
total. Several texts can run in worker processes; results keep the order
they were asked for.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from ..pipeline import analyze
from ..stages.speakers import trained_weights
from .scoring import CONFIDENT, ERROR_CAUSES, QUOTE_TYPES, CastCounts, Counts, GoldText, score, score_cast, total

Loader = Callable[[Path], GoldText]
HEADER = ["quotes", "recall", "accuracy", *QUOTE_TYPES, f"conf>={CONFIDENT}", "acc@conf"]

DEFINITION = (
    "Figures are fractions of gold quotations, micro-averaged over them: recall = share with at "
    "least half their characters inside fabula quotations (speech or thought); accuracy = share "
    "with at least half inside fabula quotations whose speaker maps to the gold speaker (a fabula "
    "character maps to the gold character sharing most normalised names; failing that, fabula's "
    "Narrator maps to the gold first-person narrator where the corpus marks one); explicit/anaphoric/"
    f"implicit = accuracy by gold quoteType; conf>={CONFIDENT} = share of gold quotations whose "
    "most-overlapping fabula quotation has that confidence, and accuracy among them."
)


@dataclass(frozen=True)
class TextResult:
    name: str
    counts: Counts | None
    seconds: float
    error: str | None = None
    cast: CastCounts | None = None

    def to_dict(self) -> dict:
        figures = self.counts.to_dict() if self.counts else None
        return {"name": self.name, "seconds": round(self.seconds, 3), "error": self.error,
                "figures": figures, "cast": self.cast.to_dict() if self.cast else None}


def evaluate_one(load: Loader, name: str, path: Path, fold: str | None = None) -> TextResult:
    started = time.perf_counter()
    try:
        gold = load(path)
        weights = trained_weights(fold) if fold else None
        doc = analyze(gold.text, title=gold.name, speaker_weights=weights)
        counts, cast = score(gold, doc), score_cast(gold, doc)
    except Exception as exc:  # noqa: BLE001 - one text must not end a corpus run
        return TextResult(name, None, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
    return TextResult(name, counts, time.perf_counter() - started, cast=cast)


def run(load: Loader, texts: Mapping[str, Path], workers: int = 1,
        folds: Mapping[str, str] | None = None) -> list[TextResult]:
    """Evaluate each named text; `load` must be a module-level function for
    workers. `folds` names, per text, the speaker weights to use: those
    trained on that fold (never the text's own)."""
    names, paths = list(texts), list(texts.values())
    chosen = [(folds or {}).get(n) for n in names]
    if workers <= 1 or len(texts) <= 1:
        return [evaluate_one(load, n, p, f) for n, p, f in zip(names, paths, chosen)]
    with ProcessPoolExecutor(max_workers=min(workers, len(texts))) as pool:
        return list(pool.map(evaluate_one, [load] * len(names), names, paths, chosen))


def combined(results: list[TextResult]) -> Counts:
    return total(r.counts for r in results if r.counts is not None)


def _fraction(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def figures_row(counts: Counts) -> list[str]:
    """The table's columns after the name, in HEADER order."""
    return [
        str(counts.quotes), _fraction(counts.recall), _fraction(counts.accuracy),
        *(_fraction(counts.type_accuracy(t)) for t in QUOTE_TYPES),
        _fraction(counts.confident_share), _fraction(counts.confident_accuracy),
    ]


def format_table(results: list[TextResult], label: str = "novel", definition: bool = True) -> str:
    """Plain text: a row per text, the micro-average row, the reliability
    table, then (unless told not to) the definition line."""
    rows = [[label, *HEADER]]
    for r in results:
        rows.append([r.name, *figures_row(r.counts)] if r.counts else [r.name, f"error: {r.error}"])
    scored = sum(r.counts is not None for r in results)
    failed = len(results) - scored
    plural = "" if scored == 1 else "s"
    name = f"micro-average ({scored} {label}{plural}" + (f", {failed} failed)" if failed else ")")
    rows.append([name, *figures_row(combined(results))])
    name_width = max(len(row[0]) for row in rows)
    full_rows = [row for row in rows if len(row) > 2]
    widths = [max(len(row[i]) for row in full_rows) for i in range(1, len(HEADER) + 1)]
    lines = []
    for row in rows:
        if len(row) == 2:  # an error row runs on instead of filling columns
            lines.append(f"{row[0]:<{name_width}}  {row[1]}")
        else:
            cells = "  ".join(f"{cell:>{w}}" for cell, w in zip(row[1:], widths))
            lines.append(f"{row[0]:<{name_width}}  {cells}")
    return "\n".join(lines) + "\n\n" + format_reliability(combined(results)) + "\n" + \
        ("\n" + DEFINITION + "\n" if definition else "")


def format_reliability(counts: Counts) -> str:
    """How often fabula is right at each level of confidence (found quotations)."""
    lines = ["confidence   quotes  accuracy"]
    for low, high, n, accuracy in counts.reliability():
        bracket = "]" if high == 1.0 else ")"
        lines.append(f"[{low:.1f}, {high:.1f}{bracket}  {n:>7}  {_fraction(accuracy):>8}")
    return "\n".join(lines)


CAST_HEADER = ["main", "main missing", "main split", "speaking", "found", "split", "entries", "not people",
               "wrong aliases", "gender right", "gender given"]


def cast_row(c: CastCounts) -> list[str]:
    """The cast table's columns after the name, in CAST_HEADER order."""
    return [str(c.main), str(c.main_missing), str(c.main_split), str(c.gold), str(c.found), str(c.split),
            str(c.characters), str(c.not_people), str(c.wrong_aliases), f"{c.gender_right}/{c.gendered}",
            f"{c.gendered}/{c.gender_known}"]


def combined_cast(results: list[TextResult]) -> CastCounts:
    return sum((r.cast for r in results if r.cast is not None), CastCounts())


def format_cast_table(results: list[TextResult], label: str, errors: bool) -> str:
    """The cast against the gold cast, a row per text, then (with `errors`)
    what went wrong."""
    rows = [[label, *CAST_HEADER]]
    problems = []
    for r in results:
        if r.cast is None:
            continue
        rows.append([r.name, *cast_row(r.cast)])
        problems += [f"  {r.name}: {p}" for p in r.cast.problems]
    if any(r.cast for r in results):
        rows.append(["total", *cast_row(combined_cast(results))])
    return _columns(rows) + ("\n\nProblems:\n" + "\n".join(problems) if errors and problems else "")


def format_causes(counts: Counts) -> str:
    """How many gold quotations are wrong, by cause."""
    return "Wrong quotations by cause: " + ", ".join(f"{cause} {counts.causes[cause]}" for cause in ERROR_CAUSES)


def format_splits(results: dict[str, list[TextResult]]) -> str:
    """One row per split: the speaker and cast figures side by side."""
    header = ["split", "chapters", "quotes", "recall", "accuracy", f"conf>={CONFIDENT}", "acc@conf",
              "main", "main missing", "main split", "entries", "not people", "wrong aliases", "gender right",
              "gender given"]
    rows = [header]
    for split, split_results in results.items():
        counts, cast = combined(split_results), combined_cast(split_results)
        scored = sum(r.counts is not None for r in split_results)
        rows.append([split, str(scored), str(counts.quotes), _fraction(counts.recall), _fraction(counts.accuracy),
                     _fraction(counts.confident_share), _fraction(counts.confident_accuracy),
                     str(cast.main), str(cast.main_missing), str(cast.main_split), str(cast.characters),
                     str(cast.not_people), str(cast.wrong_aliases), f"{cast.gender_right}/{cast.gendered}",
                     f"{cast.gendered}/{cast.gender_known}"])
    return _columns(rows)


def _columns(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(row[0].ljust(widths[0]) + "  " + "  ".join(cell.rjust(w) for cell, w in zip(row[1:], widths[1:]))
                     for row in rows)


def format_fanfic(results: dict[str, list[TextResult]], errors: bool = False) -> str:
    """The annotated fan fiction: with several splits, a row per split
    first; then, per split, the speaker table, the causes of wrong
    quotations and the cast table (its problems only with `errors`)."""
    parts = [f"Splits\n{format_splits(results)}\n"] if len(results) > 1 else []
    for split, split_results in results.items():
        heading = f"== {split} ==\n" if split else ""
        parts.append(heading + format_table(split_results, "chapter", definition=False) + "\n"
                     + format_causes(combined(split_results))
                     + "\n\nCast\n" + format_cast_table(split_results, "chapter", errors) + "\n")
    return "\n".join(parts) + "\n" + DEFINITION + "\n"


def format_fanfic_json(results: dict[str, list[TextResult]], errors: bool = False) -> str:
    """The JSON of `format_json` per split, cast problems only with `errors`."""
    splits = {}
    for split, split_results in results.items():
        figures = to_json_dict("fanfic", split_results)
        figures["cast"] = combined_cast(split_results).to_dict()
        for rows in (figures["texts"], [figures]):
            for row in rows:
                if row["cast"] is not None and not errors:
                    row["cast"]["problems"] = []
        splits[split] = figures
    if list(splits) == [""]:
        return json.dumps(splits[""], ensure_ascii=False, indent=2) + "\n"
    return json.dumps({"corpus": "fanfic", "splits": splits}, ensure_ascii=False, indent=2) + "\n"


def to_json_dict(corpus: str, results: list[TextResult]) -> dict:
    return {
        "corpus": corpus,
        "definition": DEFINITION,
        "texts": [r.to_dict() for r in results],
        "total": combined(results).to_dict(),
        "failed": [r.name for r in results if r.error],
    }


def format_json(corpus: str, results: list[TextResult]) -> str:
    return json.dumps(to_json_dict(corpus, results), ensure_ascii=False, indent=2) + "\n"
