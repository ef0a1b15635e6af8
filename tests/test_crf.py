"""The chain model of who speaks (fabula/stages/speakers/crf.py), checked on
small hand-made and random conversations against brute-force enumeration."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fabula.stages.speakers.crf import TRANSITION_FEATURES, Weights, chains, log_likelihood, posteriors
from fabula.stages.speakers.features import LOCAL_FEATURES, Candidates
from fabula.stages.speakers.turns import GAP, NEXT, RESET, SAME

L, T = len(LOCAL_FEATURES), len(TRANSITION_FEATURES)


def turn(ids, features, relation, n=0):
    features = np.asarray(features, dtype=float)
    assert features.shape == (len(ids), L)
    return Candidates((n,), tuple(ids), features, relation, ())


def random_chain(rng, length, pool="abcd", relations=(SAME, NEXT, GAP), spread=0.2, least=1):
    """A conversation of `length` turns, each with `least` to 3 candidates
    drawn from `pool`; features small enough that turn-taking matters."""
    out = []
    for n in range(length):
        k = int(rng.integers(least, 4))
        ids = [str(x) for x in rng.choice(list(pool), size=k, replace=False)]
        relation = RESET if n == 0 else int(rng.choice(relations))
        out.append(turn(ids, rng.normal(scale=spread, size=(k, L)), relation, n))
    return out


def random_weights(rng, scale=1.0):
    return Weights(rng.normal(scale=scale, size=L), rng.normal(scale=scale, size=T))


def softmax(x):
    e = np.exp(x - x.max())
    return e / e.sum()


def path_score(cands, path, weights):
    """The score of one choice of candidates for a conversation (no RESET
    inside), written from what the features mean: the same person going on,
    the person of two lines ago answering back, or a third person."""
    score = 0.0
    for t, (c, k) in enumerate(zip(cands, path)):
        score += c.features[k] @ weights.local
        if t == 0:
            continue
        r = c.relation
        now, prev = c.ids[k], cands[t - 1].ids[path[t - 1]]
        before = cands[t - 2].ids[path[t - 2]] if t >= 2 else None
        if now == prev:
            score += weights.transition[TRANSITION_FEATURES.index(f"same_{r}")]
        elif now == before:
            score += weights.transition[TRANSITION_FEATURES.index(f"answer_{r}_{cands[t - 1].relation}")]
        else:
            score += weights.transition[TRANSITION_FEATURES.index(f"third_{r}")]
    return score


def brute_force(cands, weights):
    """Marginals and log Z by enumerating every path."""
    paths = list(itertools.product(*(range(len(c.ids)) for c in cands)))
    scores = np.array([path_score(cands, p, weights) for p in paths])
    log_z = float(np.logaddexp.reduce(scores))
    probs = np.exp(scores - log_z)
    marginals = [np.zeros(len(c.ids)) for c in cands]
    for p, prob in zip(paths, probs):
        for t, k in enumerate(p):
            marginals[t][k] += prob
    return marginals, log_z, dict(zip(paths, scores))


# -- Weights --------------------------------------------------------------------------

def test_weights_vector_round_trip():
    w = random_weights(np.random.default_rng(0))
    back = Weights.from_vector(w.vector)
    assert np.array_equal(back.local, w.local) and np.array_equal(back.transition, w.transition)
    again = Weights.from_dict(w.to_dict())
    assert np.allclose(again.vector, w.vector)
    assert list(w.to_dict()["local"]) == list(LOCAL_FEATURES)
    assert len(TRANSITION_FEATURES) == len(set(TRANSITION_FEATURES)) == 3 + 9 + 3 + 1


def test_weights_missing_a_feature_are_refused():
    data = random_weights(np.random.default_rng(1)).to_dict()
    del data["local"]["tag_name"]
    with pytest.raises(ValueError, match="tag_name"):
        Weights.from_dict(data)


# -- chains ---------------------------------------------------------------------------

def test_reset_splits_chains():
    rng = np.random.default_rng(2)
    cands = random_chain(rng, 5)
    cands[3] = turn(cands[3].ids, cands[3].features, RESET, 3)
    found = chains(cands)
    assert [(c.start, len(c.cands)) for c in found] == [(0, 3), (3, 2)]
    # The first position of a chain has no transition; the others have some.
    for c in found:
        assert c.fired[0] == ()
        assert all(len(f) >= 2 for f in c.fired[1:])


def test_turn_without_candidates_ends_a_chain():
    rng = np.random.default_rng(3)
    cands = random_chain(rng, 5)
    cands[2] = turn((), np.zeros((0, L)), SAME, 2)
    found = chains(cands)
    assert [(c.start, len(c.cands)) for c in found] == [(0, 2), (3, 2)]
    p = posteriors(cands, random_weights(rng))
    assert p[2].shape == (0,)
    assert all(abs(p[n].sum() - 1) < 1e-9 for n in (0, 1, 3, 4))


def test_no_turns_no_chains():
    assert chains([]) == []
    assert posteriors([], random_weights(np.random.default_rng(4))) == []


def test_answer_fires_only_with_two_turns_before():
    rng = np.random.default_rng(5)
    (chain,) = chains(random_chain(rng, 3))
    answers = {i for i, name in enumerate(TRANSITION_FEATURES) if name.startswith("answer_")}
    assert not answers & {k for k, _ in chain.fired[1]}
    assert answers & {k for k, _ in chain.fired[2]}


# -- posteriors -------------------------------------------------------------------------

def test_posteriors_sum_to_one_per_turn():
    rng = np.random.default_rng(6)
    cands = random_chain(rng, 8)
    cands[5] = turn(cands[5].ids, cands[5].features, RESET, 5)
    for p, c in zip(posteriors(cands, random_weights(rng)), cands):
        assert p.shape == (len(c.ids),)
        assert (p >= 0).all()
        assert p.sum() == pytest.approx(1.0)


def test_a_held_speaker_among_the_candidates_holds_and_one_missing_holds_nothing():
    rng = np.random.default_rng(12)
    cands = random_chain(rng, 5, least=2)
    w = random_weights(rng)
    held = posteriors(cands, w, {2: cands[2].ids[1]})
    assert held[2][1] == pytest.approx(1.0)
    free = posteriors(cands, w)
    missing = posteriors(cands, w, {2: "nobody"})
    assert all(np.allclose(a, b) for a, b in zip(missing, free))


def test_single_turn_is_the_softmax_of_local_scores():
    rng = np.random.default_rng(7)
    c = turn("abc", rng.normal(size=(3, L)), RESET)
    w = random_weights(rng)
    (p,) = posteriors([c], w)
    assert np.allclose(p, softmax(c.features @ w.local))


def test_separate_chains_do_not_influence_each_other():
    """Across a RESET the turns are independent: the second conversation's
    posteriors are what it gets on its own."""
    rng = np.random.default_rng(8)
    first, second = random_chain(rng, 3), random_chain(rng, 3)
    second = [turn(c.ids, c.features, c.relation, n + 3) for n, c in enumerate(second)]
    w = random_weights(rng)
    together = posteriors(first + second, w)
    alone = posteriors(second, w)
    for a, b in zip(together[3:], alone):
        assert np.allclose(a, b)


def test_posteriors_match_brute_force():
    rng = np.random.default_rng(9)
    for _ in range(5):
        cands = random_chain(rng, 4)
        w = random_weights(rng)
        expected, _, _ = brute_force(cands, w)
        for got, want in zip(posteriors(cands, w), expected):
            assert np.allclose(got, want)


def test_a_tag_at_the_end_fixes_the_lines_before():
    """With answer-back favoured, a strong tag on the last of an A-B-A-B
    exchange decides the untagged lines before it."""
    ids = ("mara", "tomas")
    tagged = LOCAL_FEATURES.index("tag_name")
    rows = [np.zeros((2, L)) for _ in range(4)]
    rows[3][1, tagged] = 1  # "...," said Tomas, on the fourth line
    cands = [turn(ids, rows[n], RESET if n == 0 else NEXT, n) for n in range(4)]
    local = np.zeros(L)
    local[tagged] = 8
    transition = np.zeros(T)
    transition[TRANSITION_FEATURES.index(f"same_{NEXT}")] = -3
    transition[TRANSITION_FEATURES.index(f"answer_{NEXT}_{NEXT}")] = 3
    p = posteriors(cands, Weights(local, transition))
    assert [ids[int(np.argmax(x))] for x in p] == ["mara", "tomas", "mara", "tomas"]
    assert all(x.max() > 0.9 for x in p)


# -- log_likelihood --------------------------------------------------------------------

def gold_masks(rng, cands, unconstrained=(), several=()):
    """Per turn, the candidates that are the annotated speaker: one, or (at
    `several`) two, or (at `unconstrained`) None."""
    masks = []
    for t, c in enumerate(cands):
        if t in unconstrained:
            masks.append(None)
            continue
        m = np.zeros(len(c.ids), dtype=bool)
        m[rng.choice(len(c.ids), size=min(2 if t in several else 1, len(c.ids)), replace=False)] = True
        masks.append(m)
    return masks


def test_log_likelihood_is_the_log_probability_of_the_gold_path():
    rng = np.random.default_rng(10)
    cands = random_chain(rng, 4)
    w = random_weights(rng)
    (chain,) = chains(cands)
    gold = gold_masks(rng, cands)
    path = tuple(int(np.flatnonzero(m)[0]) for m in gold)
    _, log_z, scores = brute_force(cands, w)
    total, _ = log_likelihood([(chain, gold)], w)
    assert total == pytest.approx(scores[path] - log_z)
    assert total < 0


def test_log_likelihood_with_no_constraint_is_zero():
    rng = np.random.default_rng(11)
    cands = random_chain(rng, 3)
    (chain,) = chains(cands)
    total, grad = log_likelihood([(chain, [None] * 3)], random_weights(rng))
    assert total == pytest.approx(0.0, abs=1e-9)
    assert np.allclose(grad, 0.0)


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(12)
    cands = random_chain(rng, 8, least=2)
    cands[5] = turn(cands[5].ids, cands[5].features, RESET, 5)  # two conversations
    examples = []
    for chain in chains(cands):
        # One quotation with no annotated speaker, one with two acceptable candidates.
        gold = gold_masks(rng, chain.cands, unconstrained={1} if len(chain.cands) > 2 else (), several={0})
        examples.append((chain, gold))
    w = random_weights(rng, scale=0.5)
    _, grad = log_likelihood(examples, w)
    assert grad.shape == (L + T,)
    v, eps = w.vector, 1e-5
    numeric = np.zeros_like(v)
    for i in range(len(v)):
        up, down = v.copy(), v.copy()
        up[i] += eps
        down[i] -= eps
        numeric[i] = (log_likelihood(examples, Weights.from_vector(up))[0]
                      - log_likelihood(examples, Weights.from_vector(down))[0]) / (2 * eps)
    assert np.allclose(grad, numeric, atol=1e-6, rtol=1e-4)
    # The check is not vacuous: local and transition weights all matter here.
    assert np.abs(grad[:L]).max() > 1e-2
    assert np.count_nonzero(np.abs(grad[L:]) > 1e-3) >= 4


def test_gradient_step_raises_the_likelihood():
    rng = np.random.default_rng(13)
    cands = random_chain(rng, 4)
    (chain,) = chains(cands)
    gold = gold_masks(rng, cands)
    w = random_weights(rng, scale=0.3)
    before, grad = log_likelihood([(chain, gold)], w)
    after, _ = log_likelihood([(chain, gold)], Weights.from_vector(w.vector + 1e-3 * grad))
    assert after > before


# -- invariants over random conversations ----------------------------------------------

@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), length=st.integers(1, 6), scale=st.sampled_from([0.1, 1.0, 10.0, 60.0]))
def test_posteriors_are_distributions_for_any_weights(seed, length, scale):
    rng = np.random.default_rng(seed)
    cands = random_chain(rng, length)
    p = posteriors(cands, random_weights(rng, scale=scale))
    for x, c in zip(p, cands):
        assert x.shape == (len(c.ids),)
        assert np.isfinite(x).all() and (x >= -1e-12).all()
        assert math.isclose(float(x.sum()), 1.0, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), length=st.integers(2, 4))
def test_posteriors_equal_brute_force_marginals(seed, length):
    rng = np.random.default_rng(seed)
    cands = random_chain(rng, length, pool="abc")
    w = random_weights(rng)
    expected, _, _ = brute_force(cands, w)
    for got, want in zip(posteriors(cands, w), expected):
        assert np.allclose(got, want, atol=1e-9)
