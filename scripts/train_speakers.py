"""Train the speaker model (fabula/stages/speakers/crf.py) on PDNC and on the
project's own annotated fan-fiction scenes, split by text.

PDNC's novels are split into two folds by `fabula.evaluate.pdnc.pdnc_folds`
(folder names sorted; fold A the even positions, fold B the odd), and so are
the fan-fiction scenes of tests/fixtures/speakers (written for the project
in the styles novels lack: action beats, close third person, role speakers).
One set of weights is trained on each fold; each is only ever evaluated on
the other fold's texts, and `fabula eval pdnc` and `fabula eval fanfic`
score every text with the weights that did not see it. `fabula analyze`
uses the average of the two. The fan-fiction scenes weigh FANFIC_WEIGHT
times a novel's quotations, since fan fiction is what fabula reads most.
The development chapters in ../shared/samples/fanfic/speakers are never
trained on.

For every novel, fabula finds the quotations and the cast itself (the stages
before the speakers, `pipeline.find_structure_and_cast`); a fabula quotation
takes the gold speaker of the gold quotation it overlaps, and a candidate is
right when it maps to that speaker (`scoring.map_characters`; the narrator of
a first-person novel maps to the gold character who speaks most of the
"I said" lines). The weights maximise the likelihood of the gold speakers
with an L2 penalty (L-BFGS). Deterministic: same data, same weights.

Confidence is calibrated inside each fold: its novels are halved, a model
trained on each half scores the other, and the temperature that best fits
those held-out scores (a single factor on the weights) is applied to the
fold's weights. The other fold plays no part in it.

    .venv/bin/pip install scipy          # training only, not a fabula dependency
    .venv/bin/python scripts/train_speakers.py [../shared/data/pdnc]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fabula.evaluate.fanfic import load_chapter, select_chapters
from fabula.evaluate.pdnc import load_novel, pdnc_folds
from fabula.evaluate.scoring import _Overlaps, map_characters
from fabula.pipeline import find_structure_and_cast
from fabula.readers.text import document_from_string
from fabula.stages.speakers import WEIGHTS_FILE, speaker_inputs
from fabula.stages.speakers.crf import TRANSITION_FEATURES, Weights, chains, log_likelihood, posteriors
from fabula.stages.speakers.features import LOCAL_FEATURES, NARRATOR

ROOT = Path(__file__).resolve().parent.parent
FANFIC = ROOT / "tests" / "fixtures" / "speakers"
FANFIC_WEIGHT = 8
L2 = 1.0


def text_examples(source: tuple[str, Path]):
    """The candidates of every fabula quotation and which of them are right."""
    kind, path = source
    gold = load_novel(path) if kind == "pdnc" else load_chapter(path)
    doc = find_structure_and_cast(document_from_string(gold.text))
    tags, cands = speaker_inputs(doc.text, doc.paragraphs, doc.scenes, doc.quotes, doc.characters, doc.mentions)
    mapped = map_characters(doc.characters, gold.characters, Counter(q.speaker for q in gold.quotes))
    overlaps = _Overlaps(doc.quotes)
    speaker_of: dict[int, str] = {}
    for gq in gold.quotes:
        for i, chars in overlaps.within(gq.spans).items():
            fq = overlaps.quotes[i]
            if gq.speaker and 2 * chars >= min(fq.end - fq.start, gq.length):
                speaker_of[fq.start] = gq.speaker
    narrated = Counter(speaker_of.get(q.start) for q, t in zip(doc.quotes, tags)
                       if t is not None and t.kind == "narrator")
    narrated.pop(None, None)
    if narrated:
        mapped[NARRATOR] = narrated.most_common(1)[0][0]
    labels = []
    for turn in cands:
        # Right for every labelled quotation of the turn.
        said = {speaker_of.get(doc.quotes[n].start) for n in turn.quotes} - {None}
        right = np.array([mapped.get(cid) in said and len(said) == 1 for cid in turn.ids], dtype=bool)
        labels.append(right if right.any() else None)
    weight = [sum(1 for n in turn.quotes if speaker_of.get(doc.quotes[n].start)) for turn in cands]
    return Novel(gold.name, cands, labels, weight, sum(weight), FANFIC_WEIGHT if kind == "fanfic" else 1)


@dataclass
class Novel:
    name: str
    cands: list  # per turn
    labels: list  # per turn: mask of the right candidates, or None
    quotes: list  # per turn: how many of its quotations have a gold speaker
    labelled: int  # fabula quotations that have a gold speaker
    weight: int = 1  # how many times its conversations count in training

    def examples(self):
        """Conversations with at least one labelled quotation, with their masks."""
        for chain in chains(self.cands):
            masks = self.labels[chain.start : chain.start + len(chain.cands)]
            if any(m is not None for m in masks):
                for _ in range(self.weight):
                    yield chain, masks


def train(novels: list[Novel]) -> Weights:
    from scipy.optimize import minimize

    examples = [example for novel in novels for example in novel.examples()]

    def objective(v):
        total, grad = log_likelihood(examples, Weights.from_vector(v))
        return -total + 0.5 * L2 * v @ v, -grad + L2 * v

    size = len(LOCAL_FEATURES) + len(TRANSITION_FEATURES)
    result = minimize(objective, np.zeros(size), jac=True, method="L-BFGS-B", options={"maxiter": 400})
    return Weights.from_vector(result.x)


def temper(novels: list[Novel]) -> float:
    """The factor on the weights that makes held-out probabilities honest,
    found by cross-validation inside the given novels."""
    halves = novels[0::2], novels[1::2]
    models = [train(list(half)) for half in halves]
    held_out = [[ex for novel in half for ex in novel.examples()] for half in halves]
    factors = np.round(np.arange(0.3, 1.31, 0.05), 2)
    fit = [sum(log_likelihood(held_out[1 - k], Weights.from_vector(models[k].vector * f))[0] for k in (0, 1))
           for f in factors]
    return float(factors[int(np.argmax(fit))])


def accuracy(novels: list[Novel], weights: Weights) -> tuple[int, int, int, int]:
    """(right, labelled quotations, confident, confident right) over fabula quotations."""
    right = total = confident = confident_right = 0
    for novel in novels:
        total += novel.labelled
        for p, right_ones, size in zip(posteriors(novel.cands, weights), novel.labels, novel.quotes):
            if not len(p):
                continue
            best = int(np.argmax(p))
            ok = right_ones is not None and bool(right_ones[best])
            right += ok * size
            if p[best] >= 0.9:
                confident += size
                confident_right += ok * size
    return right, total, confident, confident_right


def main() -> int:
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "pdnc")
    if not directory.is_dir():
        print(f"train: {directory}: no such folder", file=sys.stderr)
        return 1
    novels = pdnc_folds(directory)
    chapters = sorted(select_chapters(FANFIC))
    scenes = {"A": chapters[0::2], "B": chapters[1::2]}
    folds = {f: novels[f] + scenes[f] for f in "AB"}
    sources = [("pdnc", directory / n) for f in "AB" for n in novels[f]] + \
              [("fanfic", FANFIC / f"{n}.txt") for f in "AB" for n in scenes[f]]
    with ProcessPoolExecutor(2) as pool:
        data = {novel.name: novel for novel in pool.map(text_examples, sources)}
    weights = {}
    for fold, other in (("A", "B"), ("B", "A")):
        trained = train([data[n] for n in folds[fold]])
        factor = temper([data[n] for n in folds[fold]])
        weights[fold] = Weights.from_vector(trained.vector * factor)
        print(f"fold {fold}: confidence temperature factor {factor}")
        for label, names in (("novels", novels[other]), ("fan-fiction scenes", scenes[other])):
            r, t, c, cr = accuracy([data[n] for n in names], weights[fold])
            print(f"trained on fold {fold}, tested on fold {other}'s {label}: {r / t:.3f} of {t} quotations; "
                  f"confidence >= 0.9 on {c / t:.3f}, right {cr / max(c, 1):.3f}")
    WEIGHTS_FILE.write_text(json.dumps({
        "about": "Speaker model weights trained by scripts/train_speakers.py on PDNC and the project's "
                 "fan-fiction scenes, one set per fold (folds split by text; each set is evaluated only "
                 "on the other fold).",
        "folds": folds,
        "weights": {fold: w.to_dict() for fold, w in weights.items()},
    }, indent=1) + "\n")
    for i, name in enumerate(LOCAL_FEATURES):
        print(f"{name:32s} {weights['A'].local[i]:+.2f} {weights['B'].local[i]:+.2f}")
    for name, a, b in zip(TRANSITION_FEATURES, weights["A"].transition, weights["B"].transition):
        print(f"{name:32s} {a:+.2f} {b:+.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
