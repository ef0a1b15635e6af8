"""Boosted trees as shipped (fabula/stages/trees.py): walked without
scikit-learn, checked against the features they were trained on."""

import math

import pytest

from fabula.stages.names import PERSON_FEATURES
from fabula.stages.trees import BoostedTrees, load_trees


def test_a_stump_walks_to_the_leaf_its_threshold_picks():
    # One tree: feature 1 <= 0.5 goes left (leaf -2), else right (leaf +2).
    stump = ([1, -2, -2], [0.5, 0.0, 0.0], [1, -1, -1], [2, -1, -1], [0.0, -2.0, 2.0])
    model = BoostedTrees(base=0.0, rate=0.5, trees=(stump,), settings={})
    assert model.probability([9.0, 0.0]) == pytest.approx(1 / (1 + math.exp(1.0)))
    assert model.probability([9.0, 1.0]) == pytest.approx(1 / (1 + math.exp(-1.0)))


def test_the_shipped_person_model_loads_with_its_features():
    model = load_trees("person_model.json", tuple(PERSON_FEATURES))
    assert model.trees and 0 < model.settings["rules_overruled_below"] < 1
    assert 0.0 <= model.probability([0.0] * len(PERSON_FEATURES)) <= 1.0


def test_a_model_trained_on_other_features_is_refused():
    with pytest.raises(RuntimeError, match="trained on other features"):
        load_trees("person_model.json", ("count", "speaks"))
