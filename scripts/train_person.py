"""Train the person model (`fabula.stages.names.person_probability`): is a
capitalised name a person, from what its occurrences show?

The labels are LitBank's entity annotations (../shared/data/litbank/entities):
a name annotated as PER is a person; one annotated as a place, facility,
organisation or vehicle (GPE, LOC, FAC, ORG, VEH) is not. Only annotations
that are proper names count ("Lincoln's Inn", "Mr. Jaggers", not "the
streets"); a name labelled both ways takes its commoner label. The evidence
is read from the whole original text of the novel (`name_evidence.read_names`,
as `fabula analyze` reads it), so the model sees what fabula will see.

A name is taken for no person below the probability under which at most
one name in ten of the training fold is a person (`not_a_person_below`).

Split by novel: LitBank's texts sorted by name, fold A the even positions,
fold B the odd (`litbank_folds`). The novels PDNC also holds are left out of
both. The model is trained on fold A only; fold B measures it (printed
below), and `bench/accuracy.py` reports LitBank's speaker figures for fold B
apart, as the texts no learned part of fabula has seen. Deterministic:
logistic regression with an L2 penalty, fitted by L-BFGS.

    .venv/bin/pip install scipy          # training only, not a fabula dependency
    .venv/bin/python scripts/train_person.py [../shared/data/litbank]
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from fabula.evaluate.litbank import litbank_folds
from fabula.model import SpanIndex
from fabula.stages.name_evidence import read_names, run_key
from fabula.stages.names import PERSON_FEATURES, person_features
from fabula.stages.paragraphs import find_paragraphs
from fabula.stages.paratext import find_paratext
from fabula.stages.quotes import find_quotes
from fabula.typography import plain

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "fabula" / "data" / "person_model.json"
L2 = 1.0
NOT_PEOPLE = {"GPE", "LOC", "FAC", "ORG", "VEH"}
_LEADING = re.compile(r"^(?:(?:the|a|an|his|her|my|our|their|your|its|this|that|old|young|poor|little|dear|good)\s+)+",
                      re.I)
_NAME = re.compile(r"^[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*$")


def pdnc_titles(data: Path) -> set[str]:
    return {_squash(p.name) for p in (data / "pdnc").iterdir() if p.is_dir()} if (data / "pdnc").is_dir() else set()


def _squash(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def in_pdnc(name: str, titles: set[str]) -> bool:
    title = _squash(name.split("_", 1)[1].removesuffix("_brat"))
    return any(title.startswith(t) or t.startswith(title) for t in titles)


def labels(annotation: Path) -> dict[str, bool]:
    """Name key -> whether LitBank calls it a person, from one .ann file."""
    votes: dict[str, Counter] = {}
    for line in annotation.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0].startswith("T"):
            continue
        label = parts[1].split()[0]
        form = re.sub(r" (?=['\u2019]s?\b|[.,;:!?])", "", parts[2])
        form = _LEADING.sub("", form).strip()
        if label not in NOT_PEOPLE | {"PER"} or not _NAME.match(form):
            continue
        key, _ = run_key(form)
        if key:
            votes.setdefault(key, Counter())[label == "PER"] += 1
    return {key: v[True] >= v[False] for key, v in votes.items()}


def examples(job: tuple[Path, Path]) -> list[tuple[list[float], bool, str]]:
    """(features, is a person, key) of every labelled name the novel's evidence holds."""
    original, annotation = job
    gold = labels(annotation)
    text = original.read_text(encoding="utf-8", errors="replace")
    paragraphs = find_paragraphs(text)
    paratext = find_paratext(text, paragraphs)
    skip = SpanIndex(paratext)
    story = [(p.start, p.end) for p in paragraphs if not skip.covers(p.start, p.end)]
    quoted = sorted((q.start, q.end) for q in find_quotes(text, paragraphs, paratext))
    reading = read_names(text, plain(text), story, quoted)
    return [(person_features(key, reading.evidence[key], reading.lower, reading.caps_mid), person, key)
            for key, person in sorted(gold.items()) if key in reading.evidence]


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    def loss(w):
        z = x @ w
        p = 1 / (1 + np.exp(-z))
        nll = np.sum(np.logaddexp(0, z) - y * z) + L2 / 2 * np.sum(w[1:] ** 2)
        grad = x.T @ (p - y) + L2 * np.concatenate([[0.0], w[1:]])
        return nll, grad
    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x


def below(scores: np.ndarray, people: np.ndarray) -> float:
    """The highest probability, in steps of 0.05 up to 0.5, under which at
    most one name in ten is a person, on the training fold."""
    p = 1 / (1 + np.exp(-scores))
    best = 0.05
    for step in range(1, 11):
        t = round(0.05 * step, 2)
        rejected = p < t
        if rejected.any() and (rejected & people).sum() <= 0.1 * rejected.sum():
            best = t
    return best


def collect(novels: list[str], data: Path) -> list[tuple[list[float], bool, str]]:
    litbank = data / "litbank"
    jobs = [(litbank / "original" / f"{n}.txt", litbank / "entities" / "brat" / f"{n}_brat.ann") for n in novels]
    with ProcessPoolExecutor(2) as pool:
        return [row for rows in pool.map(examples, jobs) for row in rows]


def main() -> int:
    data = Path(sys.argv[1]).parent if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    if not (data / "litbank" / "entities").is_dir():
        print(f"train: {data / 'litbank'}: no LitBank entities there", file=sys.stderr)
        return 1
    titles = pdnc_titles(data)
    folds = {f: [n for n in names if not in_pdnc(n, titles)] for f, names in litbank_folds(data / "litbank").items()}
    train, test = collect(folds["A"], data), collect(folds["B"], data)
    x, y = np.array([r[0] for r in train]), np.array([float(r[1]) for r in train])
    weights = fit(x, y)
    print(f"trained on {len(folds['A'])} novels of fold A: {len(train)} names, {int(y.sum())} people")
    threshold = below(x @ weights, y.astype(bool))
    xt, yt = np.array([r[0] for r in test]), np.array([r[1] for r in test])
    p = 1 / (1 + np.exp(-(xt @ weights)))
    rejected = p < threshold
    print(f"fold B ({len(folds['B'])} novels, {len(test)} names, {int(yt.sum())} people): "
          f"accuracy at 0.5 {np.mean((p >= 0.5) == yt):.3f}; below {threshold}: {int(rejected.sum())} "
          f"names, of which people {int((rejected & yt).sum())}; non-people rejected {int((rejected & ~yt).sum())} "
          f"of {int((~yt).sum())}")
    OUTPUT.write_text(json.dumps({
        "about": "Person model trained by scripts/train_person.py on LitBank's entity labels, fold A only "
                 "(novels PDNC also holds left out).",
        "trained_on": folds["A"],
        "not_a_person_below": threshold,
        "weights": {name: round(float(w), 4) for name, w in zip(PERSON_FEATURES, weights)},
    }, indent=1) + "\n")
    for name, w in zip(PERSON_FEATURES, weights):
        print(f"{name:16s} {w:+.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
