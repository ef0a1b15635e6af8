"""A second-order linear-chain model of who speaks each quotation.

Each quotation's candidates get a local score (weights times the features of
`features.py`); consecutive quotations add a turn-taking score that depends
on how they stand to each other (same paragraph, next paragraph, narration
between): the same person going on, the person of two lines ago answering
back (the A-B-A-B of a conversation), or a third person coming in. A
conversation is scored as a whole, so a tag at its end fixes the lines
before it as much as a tag at its start fixes those after.

`posteriors` runs forward-backward over each conversation and gives, for
every quotation, the probability of each candidate; the speaker is the most
probable one and that probability is its confidence. The weights are
trained by maximising the likelihood of the annotated speakers
(`scripts/train_speakers.py`), which is what makes those probabilities
meaningful.

Everything is numpy on tensors of at most 7x7x7 per quotation, in
probability space with a scale per step (the scaled forward-backward).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from .features import LOCAL_FEATURES, Candidates
from .turns import GAP, NEXT, RESET, SAME

_RELATIONS = (SAME, NEXT, GAP)
TRANSITION_FEATURES = (
    tuple(f"same_{r}" for r in _RELATIONS)
    + tuple(f"answer_{r1}_{r2}" for r1 in _RELATIONS for r2 in _RELATIONS)
    + tuple(f"third_{r}" for r in _RELATIONS)
    + ("same_continued",)
)
_SAME = {r: i for i, r in enumerate(_RELATIONS)}
_ANSWER = {(r1, r2): len(_RELATIONS) + 3 * i + j for i, r1 in enumerate(_RELATIONS) for j, r2 in enumerate(_RELATIONS)}
_THIRD = {r: len(_RELATIONS) + 9 + i for i, r in enumerate(_RELATIONS)}
_CONTINUED = len(_RELATIONS) + 12  # the same voice taking up a line it broke off


@dataclass(frozen=True)
class Weights:
    local: np.ndarray  # (len(LOCAL_FEATURES),)
    transition: np.ndarray  # (len(TRANSITION_FEATURES),)

    @property
    def vector(self) -> np.ndarray:
        return np.concatenate([self.local, self.transition])

    @classmethod
    def from_vector(cls, v: np.ndarray) -> Weights:
        return cls(v[: len(LOCAL_FEATURES)].copy(), v[len(LOCAL_FEATURES) :].copy())

    def to_dict(self) -> dict:
        return {"local": dict(zip(LOCAL_FEATURES, map(float, self.local))),
                "transition": dict(zip(TRANSITION_FEATURES, map(float, self.transition)))}

    @classmethod
    def from_dict(cls, data: dict) -> Weights:
        local, transition = data["local"], data["transition"]
        missing = (set(LOCAL_FEATURES) - set(local)) | (set(TRANSITION_FEATURES) - set(transition))
        if missing:
            raise ValueError(f"weights lack features {sorted(missing)}: retrain with scripts/train_speakers.py")
        return cls(np.array([local[f] for f in LOCAL_FEATURES]), np.array([transition[f] for f in TRANSITION_FEATURES]))

    @classmethod
    def load(cls, path: str | Path) -> Weights:
        return cls.from_dict(json.loads(Path(path).read_text()))


@dataclass(frozen=True)
class Chain:
    """A conversation ready for scoring: its quotations' candidates and, per
    position after the first, which transition feature fires for each
    (two back, previous, current) triple of candidates."""

    start: int
    cands: tuple[Candidates, ...]
    fired: tuple[tuple[tuple[int, np.ndarray], ...], ...]  # position -> ((feature, indicator), ...)


def chains(candidates: Sequence[Candidates]) -> list[Chain]:
    """The conversations of a document: runs of quotations joined by
    turn-taking (a RESET, or a quotation with no candidates, ends one)."""
    codes = _codes(candidates)
    out, start = [], 0
    for n in range(1, len(candidates) + 1):
        if n == len(candidates) or candidates[n].relation == RESET or not candidates[n].ids \
                or not candidates[n - 1].ids:
            if candidates[start].ids:
                fired = tuple(_transitions(candidates, codes, t, start) for t in range(start + 1, n))
                out.append(Chain(start, tuple(candidates[start:n]), ((),) + fired))
            start = n
    return out


def _transitions(cands: Sequence[Candidates], codes: Sequence[np.ndarray], t: int, start: int):
    """Indicator tensors (a, b, c) -> which transition feature fires, for
    position t of a run beginning at `start`. `a` is the quotation two back
    (size 1 and never equal when there is none)."""
    r1 = cands[t].relation
    b_ids = codes[t - 1]
    a_ids = codes[t - 2] if t - 2 >= start else np.array([-1])
    c_ids = codes[t]
    same_bc = b_ids[:, None] == c_ids[None, :]  # (B, C)
    same_ac = a_ids[:, None] == c_ids[None, :]  # (A, C)
    same = np.broadcast_to(same_bc[None, :, :], (len(a_ids), len(b_ids), len(c_ids)))
    third = ~same_ac[:, None, :] & ~same_bc[None, :, :]
    fired = [(_SAME[r1], same), (_THIRD[r1], third)]
    if cands[t].continues:
        fired.append((_CONTINUED, same))
    if t - 2 >= start:
        fired.append((_ANSWER[(r1, cands[t - 1].relation)], same_ac[:, None, :] & ~same_bc[None, :, :]))
    return tuple((k, indicator.astype(float)) for k, indicator in fired)


def _codes(cands: Sequence[Candidates]) -> list[np.ndarray]:
    table: dict[str, int] = {}
    return [np.array([table.setdefault(c, len(table)) for c in q.ids], dtype=np.int64) for q in cands]


def _potentials(chain: Chain, weights: Weights, mask=None):
    """Per position, exp(local score) shifted by its maximum (the shifts are
    kept for log Z) and exp(transition score) tensors."""
    local, shifts = [], []
    for t, c in enumerate(chain.cands):
        s = c.features @ weights.local
        allowed = mask[t] if mask is not None and mask[t] is not None else None
        top = s[allowed].max() if allowed is not None else s.max()
        e = np.exp(s - top)
        local.append(e * allowed if allowed is not None else e)
        shifts.append(top)
    trans = [None] + [np.exp(sum(weights.transition[k] * indicator for k, indicator in fired))
                      for fired in chain.fired[1:]]
    return local, trans, float(sum(shifts))


def _forward_backward(local, trans, shift):
    """Scaled forward-backward over states (previous candidate, candidate):
    alpha[t] * beta[t] is the marginal of the state at t."""
    n = len(local)
    alpha = [local[0][None, :] / local[0].sum()]
    scale = [local[0].sum()]
    for t in range(1, n):
        a = (alpha[t - 1][:, :, None] * trans[t]).sum(axis=0) * local[t][None, :]
        scale.append(a.sum())
        alpha.append(a / scale[t])
    beta = [None] * n
    beta[n - 1] = np.ones_like(alpha[n - 1])
    for t in range(n - 1, 0, -1):
        beta[t - 1] = (trans[t] * (local[t] * beta[t])[None, :, :]).sum(axis=2) / scale[t]
    log_z = float(np.log(scale).sum()) + shift
    return alpha, beta, scale, log_z


def posteriors(cands: Sequence[Candidates], weights: Weights,
               fixed: Mapping[int, str] | None = None) -> list[np.ndarray]:
    """For each turn, the probability of each of its candidates. `fixed`
    holds turns whose speaker is known (turn index -> character id, which
    must be among its candidates): they are held to it, and the rest of the
    conversation is inferred around them."""
    out: list[np.ndarray] = [np.zeros(0) for _ in cands]
    for chain in chains(cands):
        mask = None
        if fixed:
            # A held speaker missing from its turn's candidates holds nothing
            # (better a guess than no answer).
            mask = [m if m is not None and m.any() else None
                    for m in (np.array([cid == fixed[chain.start + t] for cid in c.ids])
                              if chain.start + t in fixed else None for t, c in enumerate(chain.cands))]
        local, trans, shift = _potentials(chain, weights, mask)
        if len(local) == 1:
            out[chain.start] = local[0] / local[0].sum()
            continue
        alpha, beta, _, _ = _forward_backward(local, trans, shift)
        for t in range(len(local)):
            out[chain.start + t] = (alpha[t] * beta[t]).sum(axis=0)
    return out


def log_likelihood(examples: Sequence[tuple[Chain, Sequence[np.ndarray | None]]], weights: Weights):
    """Log-likelihood of the gold speakers and its gradient (for training).

    Each example is a conversation and, per quotation, a mask of the
    candidates that are the annotated speaker (several when fabula splits one
    person in two), or None where none is: that quotation constrains nothing."""
    total = 0.0
    grad = np.zeros(len(LOCAL_FEATURES) + len(TRANSITION_FEATURES))
    for chain, gold in examples:
        sums = []
        for mask in (None, gold):
            local, trans, shift = _potentials(chain, weights, mask)
            alpha, beta, scale, log_z = _forward_backward(local, trans, shift)
            sums.append((log_z, _expected_features(chain, local, trans, alpha, beta, scale)))
        (z_all, e_all), (z_gold, e_gold) = sums
        total += z_gold - z_all
        grad += e_gold - e_all
    return total, grad


def _expected_features(chain, local, trans, alpha, beta, scale) -> np.ndarray:
    e_local = np.zeros(len(LOCAL_FEATURES))
    e_trans = np.zeros(len(TRANSITION_FEATURES))
    for t in range(len(local)):
        e_local += (alpha[t] * beta[t]).sum(axis=0) @ chain.cands[t].features
        if t:
            joint = alpha[t - 1][:, :, None] * trans[t] * (local[t] * beta[t])[None, :, :] / scale[t]
            for k, indicator in chain.fired[t]:
                e_trans[k] += float((joint * indicator).sum())
    return np.concatenate([e_local, e_trans])
