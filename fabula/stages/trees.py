"""Boosted decision trees as fabula ships them: plain lists in a JSON file
of fabula/data, trained by a script of scripts/ (scikit-learn's gradient
boosting, exported by `export`) and walked here without scikit-learn.

A model file holds the feature names it was trained on, the trees (per
node: the feature tested, its threshold, the left and right child, the
leaf value), the starting log-odds and the learning rate, and whatever
thresholds its training chose (`settings`)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Sequence


@dataclass(frozen=True)
class BoostedTrees:
    base: float
    rate: float
    trees: tuple[tuple[list[int], list[float], list[int], list[int], list[float]], ...]
    settings: dict

    def probability(self, x: Sequence[float]) -> float:
        """The probability of the positive class for one feature vector,
        each tree walked from its root to a leaf."""
        score = self.base
        for feature, threshold, left, right, value in self.trees:
            node = 0
            while left[node] >= 0:
                node = left[node] if x[feature[node]] <= threshold[node] else right[node]
            score += self.rate * value[node]
        return 1 / (1 + math.exp(-score))


@lru_cache(maxsize=None)
def load_trees(name: str, features: tuple[str, ...]) -> BoostedTrees:
    """The model in fabula/data/`name`; it must have been trained on `features`."""
    model = json.loads(files("fabula").joinpath("data", name).read_text(encoding="utf-8"))
    if model["features"] != list(features):
        raise RuntimeError(f"{name} was trained on other features: run its training script again")
    trees = tuple((t["feature"], t["threshold"], t["left"], t["right"], t["value"]) for t in model["trees"])
    return BoostedTrees(model["base"], model["rate"], trees, model.get("settings", {}))


def export(model, features: Sequence[str], settings: dict, about: str, trained_on) -> str:
    """A fitted scikit-learn GradientBoostingClassifier as a model file's text."""
    trees = []
    for (estimator,) in model.estimators_:
        t = estimator.tree_
        trees.append({"feature": t.feature.tolist(), "threshold": [round(float(v), 6) for v in t.threshold],
                      "left": t.children_left.tolist(), "right": t.children_right.tolist(),
                      "value": [round(float(v), 6) for v in t.value[:, 0, 0]]})
    prior = float(model.init_.class_prior_[1])
    return json.dumps({"about": about, "trained_on": trained_on, "features": list(features), "settings": settings,
                       "base": round(math.log(prior / (1 - prior)), 6), "rate": model.learning_rate,
                       "trees": trees}, separators=(",", ":")) + "\n"
