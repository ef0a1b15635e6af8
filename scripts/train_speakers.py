"""Train the speaker model (fabula/stages/speakers/crf.py) on PDNC, LitBank's
quotations and the annotated fan fiction of bench/fanfic/train, split by work.

Every text is a work of one of two folds: PDNC's novels and LitBank's texts
by `pdnc_folds` and `litbank_folds` (names sorted, A the even positions, B
the odd; LitBank's texts whose novel PDNC holds are left out), the fan
fiction by work (its works sorted, A the even positions, B the odd; every
chapter of a work in its work's fold). One set of weights is trained on each
fold and only ever evaluated on the other's texts: `fabula eval pdnc`,
`fabula eval litbank` and `fabula eval fanfic` score every text with the
weights that did not see it. `fabula analyze` uses the average of the two.
The fan fiction's dev and blind splits are never trained on, and neither are
the project's own scenes (tests/fixtures/speakers), which stay tests.

The settings (the L2 penalty, and how many times a fan-fiction quotation
weighs against a novel's) are chosen inside each fold, by cross-validation
grouped by work: the fold's works are dealt into GROUPS groups, a model
trained on the others scores each group, and the settings with the best
mean of the held-out accuracy on novels and on fan fiction win. The
confidence is calibrated on those same held-out scores: the temperature (a
single factor on the weights) that gives them the highest likelihood. The
other fold plays no part in either.

For every text, fabula finds the quotations and the cast itself (the stages
before the speakers, `pipeline.find_structure_and_cast`); a fabula quotation
takes the gold speaker of the gold quotation it overlaps, and a candidate is
right when it maps to that speaker (`scoring.map_characters`; the narrator of
a first-person text maps to the gold character who speaks most of the "I
said" lines). The weights maximise the likelihood of the gold speakers with
an L2 penalty (L-BFGS). Deterministic: same data, same weights.

    .venv/bin/pip install scipy          # training only, not a fabula dependency
    .venv/bin/python scripts/train_speakers.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from fabula.evaluate.fanfic import load_chapter, select_chapters
from fabula.evaluate.litbank import also_in_pdnc, litbank_folds, litbank_texts, load_text, select_texts
from fabula.evaluate.pdnc import load_novel, pdnc_folds
from fabula.evaluate.scoring import _Overlaps, map_characters
from fabula.pipeline import find_structure_and_cast
from fabula.readers.text import document_from_string
from fabula.stages.speakers import WEIGHTS_FILE, speaker_inputs
from fabula.stages.speakers.crf import TRANSITION_FEATURES, Weights, chains, log_likelihood, posteriors
from fabula.stages.speakers.features import LOCAL_FEATURES, NARRATOR

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
FANFIC = ROOT / "bench" / "fanfic" / "train"
PENALTIES = (1.0,)
FANFIC_WEIGHTS = (1, 4)
GROUPS = 3
LOADERS = {"pdnc": load_novel, "litbank": load_text, "fanfic": load_chapter}


@dataclass
class Text:
    name: str
    kind: str  # pdnc, litbank or fanfic
    work: str
    cands: list  # per turn
    labels: list  # per turn: mask of the right candidates, or None
    quotes: list  # per turn: how many of its quotations have a gold speaker
    labelled: int  # fabula quotations that have a gold speaker

    def examples(self):
        """Conversations with at least one labelled quotation, with their masks."""
        for chain in chains(self.cands):
            masks = self.labels[chain.start : chain.start + len(chain.cands)]
            if any(m is not None for m in masks):
                yield chain, masks


def text_examples(source: tuple[str, str, str, Path]) -> Text:
    """The candidates of every fabula quotation of a text and which of them are right."""
    kind, name, work, path = source
    gold = LOADERS[kind](path)
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
    return Text(name, kind, work, cands, labels, weight, sum(weight))


# The training data lives in the worker processes, which sum the likelihood
# over their share of it; only weight vectors travel.
_SHARE: list = []


def _load_share(share: list) -> None:
    _SHARE[:] = share


def _share_likelihood(v: np.ndarray):
    return log_likelihood(_SHARE, Weights.from_vector(v))


def train(texts: list[Text], penalty: float, fanfic_weight: int, start: np.ndarray | None = None) -> Weights:
    from scipy.optimize import minimize

    examples = [ex for text in texts for ex in text.examples()
                for _ in range(fanfic_weight if text.kind == "fanfic" else 1)]
    shares = [examples[0::2], examples[1::2]]
    with Pool(1, initializer=_load_share, initargs=(shares[0],)) as first, \
            Pool(1, initializer=_load_share, initargs=(shares[1],)) as second:
        def objective(v):
            a = first.apply_async(_share_likelihood, (v,))
            total, grad = second.apply(_share_likelihood, (v,))
            other_total, other_grad = a.get()
            return -(total + other_total) + 0.5 * penalty * v @ v, -(grad + other_grad) + penalty * v

        size = len(LOCAL_FEATURES) + len(TRANSITION_FEATURES)
        result = minimize(objective, np.zeros(size) if start is None else start, jac=True, method="L-BFGS-B",
                          options={"maxiter": 400})
    return Weights.from_vector(result.x)


def accuracy(texts: list[Text], weights: Weights) -> tuple[int, int, int, int]:
    """(right, labelled quotations, confident, confident right) over fabula quotations."""
    right = total = confident = confident_right = 0
    for text in texts:
        total += text.labelled
        for p, right_ones, size in zip(posteriors(text.cands, weights), text.labels, text.quotes):
            if not len(p):
                continue
            best = int(np.argmax(p))
            ok = right_ones is not None and bool(right_ones[best])
            right += ok * size
            if p[best] >= 0.9:
                confident += size
                confident_right += ok * size
    return right, total, confident, confident_right


def held_out_score(texts: list[Text], models: list[tuple[list[Text], Weights]]) -> float:
    """The mean of the held-out accuracy on novels and on fan fiction."""
    parts = []
    for kinds in (("pdnc", "litbank"), ("fanfic",)):
        right = total = 0
        for held, weights in models:
            r, t, _, _ = accuracy([x for x in held if x.kind in kinds], weights)
            right, total = right + r, total + t
        if total:
            parts.append(right / total)
    return float(np.mean(parts))


def choose_settings(texts: list[Text]) -> tuple[float, int, float]:
    """The penalty and fan-fiction weight with the best held-out score over
    GROUPS groups of works, and the temperature that fits those held-out
    scores best."""
    works = sorted({t.work for t in texts})
    group_of = {w: i % GROUPS for i, w in enumerate(works)}
    groups = [[t for t in texts if group_of[t.work] == g] for g in range(GROUPS)]
    best = None
    for penalty in PENALTIES:
        for fanfic_weight in FANFIC_WEIGHTS:
            models = [(groups[g], train([t for k in range(GROUPS) if k != g for t in groups[k]], penalty,
                                        fanfic_weight)) for g in range(GROUPS)]
            score = held_out_score(texts, models)
            print(f"  penalty {penalty}, fan fiction x{fanfic_weight}: held-out score {score:.3f}", flush=True)
            if best is None or score > best[0]:
                best = (score, penalty, fanfic_weight, models)
    _, penalty, fanfic_weight, models = best
    factors = np.round(np.arange(0.3, 1.31, 0.05), 2)
    fit = [sum(log_likelihood([ex for t in held for ex in t.examples()], Weights.from_vector(w.vector * f))[0]
               for held, w in models) for f in factors]
    return penalty, fanfic_weight, float(factors[int(np.argmax(fit))])


def sources() -> dict[str, list[tuple[str, str, str, Path]]]:
    """Per fold, (kind, name, work, path) of every training text."""
    pdnc = pdnc_folds(DATA / "pdnc")
    quoted = set(litbank_texts(DATA / "litbank"))
    lb_folds = litbank_folds(DATA / "litbank")
    overlap = also_in_pdnc(quoted, DATA / "pdnc")
    litbank = {f: [n for n in names if n in quoted and n not in overlap] for f, names in lb_folds.items()}
    lb_paths = select_texts(DATA / "litbank", sorted(quoted - overlap))
    chapters = select_chapters(FANFIC)
    work_of = {name: json.loads(path.with_name(name + ".gold.json").read_text(encoding="utf-8"))["source"]["work"]
               for name, path in chapters.items()}
    works = sorted(set(work_of.values()))
    fanfic = {f: [n for n in chapters if works.index(work_of[n]) % 2 == (f == "B")] for f in "AB"}
    return {f: [("pdnc", n, n, DATA / "pdnc" / n) for n in pdnc[f]]
            + [("litbank", n, n, lb_paths[n]) for n in litbank[f]]
            + [("fanfic", n, work_of[n], chapters[n]) for n in fanfic[f]] for f in "AB"}


def main() -> int:
    if not (DATA / "pdnc").is_dir() or not (DATA / "litbank").is_dir():
        print(f"train: {DATA}: PDNC and LitBank are needed there", file=sys.stderr)
        return 1
    folds = sources()
    with ProcessPoolExecutor(2) as pool:
        data = {f: list(pool.map(text_examples, folds[f])) for f in "AB"}
    weights, chosen = {}, {}
    for fold, other in (("A", "B"), ("B", "A")):
        print(f"fold {fold}: choosing settings by {GROUPS}-group cross-validation by work", flush=True)
        penalty, fanfic_weight, factor = choose_settings(data[fold])
        trained = train(data[fold], penalty, fanfic_weight)
        weights[fold] = Weights.from_vector(trained.vector * factor)
        chosen[fold] = {"penalty": penalty, "fanfic_weight": fanfic_weight, "temperature": factor}
        print(f"fold {fold}: penalty {penalty}, fan fiction x{fanfic_weight}, temperature factor {factor}")
        for label, kinds in (("novels", ("pdnc", "litbank")), ("fan fiction", ("fanfic",))):
            r, t, c, cr = accuracy([x for x in data[other] if x.kind in kinds], weights[fold])
            print(f"trained on fold {fold}, tested on fold {other}'s {label}: {r / t:.3f} of {t} quotations; "
                  f"confidence >= 0.9 on {c / t:.3f}, right {cr / max(c, 1):.3f}")
    WEIGHTS_FILE.write_text(json.dumps({
        "about": "Speaker model weights trained by scripts/train_speakers.py on PDNC, LitBank's quotations and "
                 "the annotated fan fiction of bench/fanfic/train, one set per fold (folds split by work; "
                 "each set is evaluated only on the other fold).",
        "folds": {f: [name for _, name, _, _ in folds[f]] for f in "AB"},
        "settings": chosen,
        "weights": {fold: w.to_dict() for fold, w in weights.items()},
    }, indent=1) + "\n")
    for i, name in enumerate(LOCAL_FEATURES):
        print(f"{name:32s} {weights['A'].local[i]:+.2f} {weights['B'].local[i]:+.2f}")
    for name, a, b in zip(TRANSITION_FEATURES, weights["A"].transition, weights["B"].transition):
        print(f"{name:32s} {a:+.2f} {b:+.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
