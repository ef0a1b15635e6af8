"""Train the person model (`fabula.stages.names.person_probability`): is a
capitalised name a person, from what its occurrences show and its shape?

The labels come from three annotated corpora, each read as `fabula analyze`
reads it (`name_evidence.read_names` over the story, quotations found by
fabula), so the model sees what fabula will see:

- LitBank's entity annotations (../shared/data/litbank/entities): a proper
  name annotated PER is a person; one annotated as a place, facility,
  organisation or vehicle is not; a name labelled both ways takes its
  commoner label;
- PDNC's character lists (../shared/data/pdnc): a name that is one of a
  character's aliases, or a word of one, is a person (PDNC lists only
  people, so it gives no names that are not);
- the annotated fan fiction of bench/fanfic/train: a name that is one of a
  gold character's names, or a word of one, is a person; a listed
  not-person is not, and neither is any name sharing no word with the cast,
  since the gold lists every person of the chapter.

Split by text, and no evaluation text is ever used: LitBank's and PDNC's
texts are each sorted by name and halved (fold A the even positions, fold B
the odd), the novels PDNC and LitBank share are left out of LitBank, and
only fold A of each is used, with the fan fiction's train split. LitBank
fold B, PDNC fold B and the fan fiction's dev and blind splits are never
seen. Fan fiction weighs FANFIC_WEIGHT times a novel's name, since it is
what fabula reads most.

The model is gradient-boosted trees of depth DEPTH (scikit-learn), so that
evidence can weigh differently beside other evidence; the hand-written
rules' verdict is one of its features. It turns away a name the rules let
through where it is sure the name is no person (at or below a probability,
or below even odds for a name the text only talks about, as the rules'
own model did before);
what the rules reject only a speech tag or a cue takes in. The number of
trees and that probability are those with the best score in five-fold
cross-validation by text on the training data (the share of people kept
plus JUNK_COST times the share of non-people left out: an entry that is no
person costs more than a minor name missed). Deterministic (a fixed random
state). The trees ship as plain lists in fabula/data/person_model.json.

    .venv/bin/pip install scikit-learn   # training only, not a fabula dependency
    .venv/bin/python scripts/train_person.py
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier

from fabula.evaluate.fanfic import GOLD_SUFFIX, select_chapters
from fabula.evaluate.litbank import also_in_pdnc, litbank_folds
from fabula.evaluate.pdnc import load_novel, pdnc_folds
from fabula.lexicon import TITLES
from fabula.model import SpanIndex
from fabula.stages.name_evidence import read_names
from fabula.stages.name_runs import run_key
from fabula.stages.names import PERSON_FEATURES, NameContext, person_features
from fabula.stages.paragraphs import find_paragraphs
from fabula.stages.paratext import find_paratext
from fabula.stages.trees import export
from fabula.stages.quotes import find_quotes
from fabula.typography import plain

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
FANFIC = ROOT / "bench" / "fanfic"
OUTPUT = ROOT / "fabula" / "data" / "person_model.json"
FANFIC_WEIGHT = 3
DEPTH, RATE, TREES = 3, 0.05, (100, 200)
# A name taken for a person that is none costs more than a person missed: it
# shows in the cast and takes lines; a missed name is most often a minor one.
JUNK_COST = 2.0
NOT_PEOPLE = {"GPE", "LOC", "FAC", "ORG", "VEH"}
_LEADING = re.compile(r"^(?:(?:the|a|an|his|her|my|our|their|your|its|this|that|old|young|poor|little|dear|good)\s+)+",
                      re.I)
_NAME = re.compile(r"^[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*$")

Example = tuple[list[float], bool, str, str]  # features, is a person, name key, text


def litbank_labels(annotation: Path) -> dict[str, bool]:
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


def cast_labels(keys: set[str], people: list[set[str]], not_people: set[str], complete: bool) -> dict[str, bool]:
    """Which name keys of a text are people, given the keys of each person's
    names: a key that is one of them or a word of one is; a listed
    not-person is not, and, where the cast is complete, so is a key sharing
    no word with it."""
    names = {k for person in people for k in person}
    words = {t for k in names for t in k.split() if t not in TITLES}
    labels = {}
    for key in keys:
        tokens = set(key.split())
        if key in not_people and key not in names:
            labels[key] = False
        elif key in names or (len(tokens) == 1 and tokens <= words):
            labels[key] = True
        elif complete and not tokens & words:
            labels[key] = False
    return labels


def read(text: str):
    """The name evidence of a text, read as the cast stage reads it."""
    paragraphs = find_paragraphs(text)
    paratext = find_paratext(text, paragraphs)
    skip = SpanIndex(paratext)
    story = [(p.start, p.end) for p in paragraphs if not skip.covers(p.start, p.end)]
    quotes = find_quotes(text, paragraphs, paratext)
    quoted = sorted((q.start, q.end) for q in quotes)
    cues = sorted((q.cue.start, q.cue.end) for q in quotes if q.cue is not None)
    return read_names(text, plain(text), story, quoted, cues)


def examples(job: tuple[str, Path]) -> list[Example]:
    kind, path = job
    if kind == "litbank":
        gold = litbank_labels(path.parent.parent / "entities" / "brat" / f"{path.stem}_brat.ann")
        reading = read(path.read_text(encoding="utf-8", errors="replace"))
    elif kind == "pdnc":
        novel = load_novel(path)
        reading = read(novel.text)
        people = [{run_key(n)[0] for n in c.names} - {""} for c in novel.characters]
        gold = cast_labels(set(reading.evidence), people, set(), complete=False)
    else:
        text = path.read_text(encoding="utf-8")
        cast = json.loads(path.with_name(path.stem + GOLD_SUFFIX).read_text(encoding="utf-8"))
        reading = read(text)
        people = [{run_key(n)[0] for n in (name, *info["aliases"])} - {""}
                  for name, info in cast["characters"].items()]
        not_people = {run_key(n)[0] for n in cast["not_characters"]}
        gold = cast_labels(set(reading.evidence), people, not_people, complete=True)
    context = NameContext.of(reading)
    return [(person_features(key, reading.evidence[key], context), person, key, f"{kind}:{path.stem}")
            for key, person in sorted(gold.items()) if key in reading.evidence]


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray, trees: int) -> GradientBoostingClassifier:
    return GradientBoostingClassifier(max_depth=DEPTH, n_estimators=trees, learning_rate=RATE, subsample=0.8,
                                      random_state=0).fit(x, y, sample_weight=weight)


def cross_validate(rows: list[Example], weight_of) -> tuple[int, float]:
    """The number of trees and the probability at or below which the model
    overrules the rules' yes (`names._weighed`), with the best score over
    five folds of texts: the share of people kept and JUNK_COST times the
    share of non-people left out."""
    texts = sorted({r[3] for r in rows})
    fold_of = {t: i % 5 for i, t in enumerate(texts)}
    x, y = np.array([r[0] for r in rows]), np.array([r[1] for r in rows])
    w = np.array([weight_of(r) for r in rows])
    folds = np.array([fold_of[r[3]] for r in rows])
    rules = _rules(x)
    best = (-1.0, 0, 0.0)
    for trees in TREES:
        p = np.zeros(len(rows))
        for k in range(5):
            held = folds == k
            p[held] = fit(x[~held], y[~held], w[~held], trees).predict_proba(x[held])[:, 1]
        for low in (0.05, 0.1, 0.15, 0.2, 0.25):
            said = _weigh(x, p, low)
            score = (np.mean(said[y]) + JUNK_COST * np.mean(~said[~y])) / (1 + JUNK_COST)
            best = max(best, (score, trees, low))
    print(f"cross-validated score {best[0]:.3f} ({best[1]} trees, the rules' yes overruled at or below {best[2]})")
    return best[1], best[2]


def _rules(x: np.ndarray) -> np.ndarray:
    return x[:, PERSON_FEATURES.index("rules_say_person")] > 0.5


def _weigh(x: np.ndarray, p: np.ndarray, low: float) -> np.ndarray:
    """`names._weighed` over arrays."""
    quiet = x[:, PERSON_FEATURES.index("no_deed")] > 0.5
    return _rules(x) & np.where(quiet, p >= 0.5, p > low)


def collect(jobs: list[tuple[str, Path]]) -> list[Example]:
    with ProcessPoolExecutor(2) as pool:
        return [row for rows in pool.map(examples, jobs) for row in rows]


def report(label: str, rows: list[Example], model: GradientBoostingClassifier, low: float) -> None:
    if not rows:
        return
    x, y = np.array([r[0] for r in rows]), np.array([r[1] for r in rows])
    rules = _rules(x)
    for name, said in (("the rules alone", rules), ("weighed", _weigh(x, model.predict_proba(x)[:, 1], low))):
        print(f"{label}, {name}: {len(rows)} names ({int(y.sum())} people): people missed "
              f"{int((~said & y).sum())}, non-people taken {int((said & ~y).sum())}")


def main() -> int:
    if not (DATA / "litbank" / "entities").is_dir() or not (DATA / "pdnc").is_dir():
        print(f"train: {DATA}: LitBank and PDNC are needed there", file=sys.stderr)
        return 1
    litbank = {f: [n for n in names if n not in also_in_pdnc(names, DATA / "pdnc")]
               for f, names in litbank_folds(DATA / "litbank").items()}
    pdnc = pdnc_folds(DATA / "pdnc")
    original = DATA / "litbank" / "original"
    jobs = {f: [("litbank", original / f"{n}.txt") for n in litbank[f]] + [("pdnc", DATA / "pdnc" / n) for n in pdnc[f]]
            for f in "AB"}
    train = collect(jobs["A"] + [("fanfic", p) for p in select_chapters(FANFIC / "train").values()])
    held_out = collect(jobs["B"])
    dev = collect([("fanfic", p) for p in select_chapters(FANFIC / "dev").values()])

    def weight_of(row: Example) -> float:
        return FANFIC_WEIGHT if row[3].startswith("fanfic") else 1.0

    trees, low = cross_validate(train, weight_of)
    x, y = np.array([r[0] for r in train]), np.array([r[1] for r in train])
    model = fit(x, y, np.array([weight_of(r) for r in train]), trees)
    for kind in ("litbank", "pdnc", "fanfic"):
        report(f"trained on, {kind}", [r for r in train if r[3].startswith(kind)], model, low)
    for kind in ("litbank", "pdnc"):
        report(f"fold B, never seen, {kind}", [r for r in held_out if r[3].startswith(kind)], model, low)
    report("fan fiction dev, never trained on", dev, model, low)
    OUTPUT.write_text(export(
        model, PERSON_FEATURES, {"rules_overruled_below": low},
        "Person model trained by scripts/train_person.py on LitBank's entity labels and PDNC's character lists "
        "(fold A of each; novels PDNC also holds left out of LitBank) and the annotated fan fiction of "
        "bench/fanfic/train.",
        {"litbank": litbank["A"], "pdnc": pdnc["A"], "fanfic": sorted(select_chapters(FANFIC / "train"))}))
    for name, importance in sorted(zip(PERSON_FEATURES, model.feature_importances_), key=lambda fi: -fi[1])[:15]:
        print(f"{name:20s} {importance:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
