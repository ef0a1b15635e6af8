"""Who says each quotation, to whom, and how sure we are.

Three steps, each its own module:

1. `tags.py` reads the speech tag beside each quotation, as written: a name
   (`"…," said Emma`), a pronoun (`she replied`), an epithet (`the pinkette
   explained`), "I", or a relative (`said her father`);
2. `features.py` gathers a handful of candidate speakers per turn (the
   quotations one person says at once, grouped by `turns.py`) and
   describes each: what the tag says of them, where the narration mentions
   them, whether the quotation calls them by name;
3. `crf.py` weighs that evidence across the whole conversation, turn-taking
   included, with weights learned from annotated novels
   (`scripts/train_speakers.py`), and gives each candidate a probability.

The most probable candidate speaks; its probability is the confidence.
Evidence says how the text marks the line: `explicit` (a tag with a name),
`anaphoric` (a tag with a pronoun, epithet or "I"), `implicit` (no tag).
Addressees are the people a quotation calls by name, else whom its tag
speaks to ("she said to Elizabeth"), else the other side of the exchange.
First-person tags ("I said") go to a `Narrator` character.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files
from typing import Mapping, Sequence

import numpy as np

from ...model import Character, Mention, Paragraph, Quote, Scene
from .crf import Weights, posteriors
from .features import NARRATOR, Candidates, gather_candidates
from .tags import Tag, find_speech_tags
from .turns import points_of_view

WEIGHTS_FILE = files("fabula.stages.speakers").joinpath("weights.json")
_EVIDENCE = {"name": "explicit", "pronoun": "anaphoric", "epithet": "anaphoric", "relative": "anaphoric",
             "role": "anaphoric",
             "narrator": "anaphoric", "unseen": "implicit"}


@lru_cache(maxsize=None)
def trained_weights(fold: str | None = None) -> Weights:
    """The weights trained on one PDNC fold, or (None) the average of both."""
    sets = json.loads(WEIGHTS_FILE.read_text())["weights"]
    if fold is not None:
        return Weights.from_dict(sets[fold])
    both = [Weights.from_dict(w).vector for w in sets.values()]
    return Weights.from_vector(np.mean(both, axis=0))


def fold_not_trained_on(novel: str) -> str | None:
    """The fold whose weights never saw this text (a PDNC novel, a LitBank text, a
    fan-fiction chapter), or None if neither did."""
    folds = json.loads(WEIGHTS_FILE.read_text())["folds"]
    for fold, novels in folds.items():
        if novel in novels:
            return next(other for other in folds if other != fold)
    return None


def speaker_inputs(
    text: str,
    paragraphs: Sequence[Paragraph],
    scenes: Sequence[Scene],
    quotes: Sequence[Quote],
    characters: Sequence[Character],
    mentions: Sequence[Mention],
    fixed: Mapping[int, str] | None = None,
) -> tuple[tuple[Tag | None, ...], list[Candidates]]:
    """The speech tags and the turns with their candidates and features
    (what the model reads; training reads the same)."""
    tags = find_speech_tags(text, paragraphs, quotes, mentions, characters)
    return tags, gather_candidates(text, paragraphs, scenes, quotes, tags, characters, mentions, fixed)


def _cued_speakers(text: str, scenes: Sequence[Scene], quotes: Sequence[Quote],
                   mentions: Sequence[Mention]) -> dict[int, str]:
    """Quotation index -> the character named at its cue, where the cast
    stage found one there; a chat line sent by "Me" is the phone's owner,
    the character whose point of view the scene is told from."""
    starts = [m.start for m in mentions]
    scene_starts = [s.start for s in scenes]
    pov = None
    cued = {}
    for n, q in enumerate(quotes):
        if q.cue is None:
            continue
        k = bisect_left(starts, q.cue.start)
        if k < len(mentions) and mentions[k].start < q.cue.end:
            cued[n] = mentions[k].character
        elif text[q.cue.start : q.cue.end].lower() in ("me", "i"):
            if pov is None:
                quote_ends = [x.end for x in quotes]
                quoted = [(j := bisect_left(quote_ends, m.start)) < len(quotes) and quotes[j].start <= m.start
                          for m in mentions]
                pov = points_of_view(text, scenes, mentions, quoted)
            owner = pov.get(bisect_right(scene_starts, q.start) - 1)
            if owner:
                cued[n] = owner
    return cued


@dataclass(frozen=True)
class SpeakerRanking:
    """What the model makes of each quotation before one speaker is chosen:
    its candidates with their probabilities, most probable first (empty when
    nobody is a candidate), whom its turn calls by name, its speech tag, the
    speakers held fixed (quotation index -> character id), and the cast as
    the model read it last (with the genders the tags taught it)."""

    ranked: tuple[tuple[tuple[str, float], ...], ...]
    vocatives: tuple[tuple[str, ...], ...]
    tags: tuple[Tag | None, ...]
    known: Mapping[int, str]
    characters: tuple[Character, ...]


def rank_speakers(
    text: str,
    paragraphs: Sequence[Paragraph],
    scenes: Sequence[Scene],
    quotes: Sequence[Quote],
    characters: Sequence[Character],
    mentions: Sequence[Mention],
    weights: Weights | None = None,
    fixed: Mapping[int, str] | None = None,
) -> SpeakerRanking:
    """Every quotation's candidate speakers and their probabilities (see
    `attribute_speakers` for `fixed`). A review tool offers these as the
    likely speakers of a line."""
    weights = weights or trained_weights()
    tags = find_speech_tags(text, paragraphs, quotes, mentions, characters)
    # Words the text says are someone's ("his father's maxim: …") are theirs,
    # as a cue's line is its speaker's.
    owned = {n: t.character for n, t in enumerate(tags) if t is not None and t.owned and t.character}
    known = {**owned, **_cued_speakers(text, scenes, quotes, mentions), **(fixed or {})}
    ranked, vocatives = _infer(text, paragraphs, scenes, quotes, tags, characters, mentions, known, weights)
    # Whom "she said" went to tells that character's gender when the
    # narration did not; with it, the pronoun tags are read again.
    learned = _genders_from_tags(tags, ranked, *_choose(ranked, known), characters)
    if learned:
        characters = [replace(c, gender=learned.get(c.id, c.gender)) for c in characters]
        ranked, vocatives = _infer(text, paragraphs, scenes, quotes, tags, characters, mentions, known, weights)
    return SpeakerRanking(ranked, vocatives, tuple(tags), known, tuple(characters))


def attribute_speakers(
    text: str,
    paragraphs: Sequence[Paragraph],
    scenes: Sequence[Scene],
    quotes: Sequence[Quote],
    characters: Sequence[Character],
    mentions: Sequence[Mention],
    weights: Weights | None = None,
    fixed: Mapping[int, str] | None = None,
    ranking: SpeakerRanking | None = None,
) -> tuple[tuple[Quote, ...], tuple[Character, ...], tuple[Mention, ...]]:
    """Return the quotes with speaker, addressees, confidence and evidence,
    the characters with their line counts (plus `Narrator` if needed), and
    the mentions with each tag's pronoun or epithet pointing at its speaker.

    `fixed` holds speakers known beforehand (quotation index -> character
    id, as a hand correction gives them); quotations whose cue names the
    speaker (a screenplay cue, a chat sender) are fixed too. Fixed lines
    are evidence: the rest of their conversation is inferred around them.
    A `ranking` already made by `rank_speakers` for the same input is used
    instead of ranking again."""
    if ranking is None:
        ranking = rank_speakers(text, paragraphs, scenes, quotes, characters, mentions, weights, fixed)
    tags, known, vocatives, characters = ranking.tags, ranking.known, ranking.vocatives, ranking.characters
    speakers, confidence = _choose(ranking.ranked, known)
    par_starts = [p.start for p in paragraphs]
    out = []
    for n, q in enumerate(quotes):
        speaker, tag = speakers[n], tags[n]
        addressees = _addressees(n, speaker, tag, vocatives[n], speakers, quotes, par_starts)
        evidence = "script" if q.cue is not None and n in known else \
            (_EVIDENCE[tag.kind] if tag is not None else "implicit") if speaker else None
        out.append(replace(q, speaker=speaker, addressees=addressees, confidence=confidence[n], evidence=evidence))
    # A tag's pronoun or epithet is whoever spoke: "the girl greeted her".
    retarget = {t.subject_start: s for t, s in zip(tags, speakers)
                if t is not None and s and t.kind in ("pronoun", "epithet")}
    mentions = tuple(replace(m, character=retarget[m.start]) if m.start in retarget and m.character != retarget[m.start]
                     else m for m in mentions)
    cast = list(characters)
    if NARRATOR in speakers:
        cast.append(Character(id=NARRATOR, name="Narrator"))
    lines = Counter(speakers)
    counts = Counter(m.character for m in mentions)
    cast = [replace(c, lines=lines.get(c.id, 0), mentions=counts.get(c.id, 0)) for c in cast]
    return tuple(out), tuple(cast), mentions


def _infer(text, paragraphs, scenes, quotes, tags, characters, mentions, known, weights):
    """Each quotation's candidates, most probable first, and vocatives."""
    turns = gather_candidates(text, paragraphs, scenes, quotes, tags, characters, mentions, known)
    turn_of = {n: i for i, turn in enumerate(turns) for n in turn.quotes}
    held = {turn_of[n]: cid for n, cid in known.items()}
    ranked: list[tuple[tuple[str, float], ...]] = [()] * len(quotes)
    vocatives: list[tuple[str, ...]] = [()] * len(quotes)
    for turn, p in zip(turns, posteriors(turns, weights, held)):
        # A stable sort keeps argmax's choice among equal probabilities first.
        choices = tuple((turn.ids[k], float(p[k])) for k in np.argsort(-p, kind="stable"))
        for n in turn.quotes:
            ranked[n] = choices
            vocatives[n] = turn.vocatives
    return tuple(ranked), tuple(vocatives)


def _choose(ranked, known) -> tuple[list[str | None], list[float]]:
    """Each quotation's speaker (the most probable candidate, or the one held
    fixed) and its confidence."""
    speakers: list[str | None] = [r[0][0] if r else None for r in ranked]
    confidence: list[float] = [round(r[0][1], 2) if r else 0.0 for r in ranked]
    for n, cid in known.items():
        speakers[n], confidence[n] = cid, 1.0
    return speakers, confidence


def _genders_from_tags(tags, ranked, speakers, confidence, characters) -> dict[str, str]:
    """Unknown genders that the pronoun tags of a character's sure lines show
    clearly (two at least, three to one). A "she said" line counts only when
    no other candidate for it is known to be a woman: else the line may
    well be hers, and teaches nothing."""
    gender = {c.id: c.gender for c in characters}
    votes: dict[str, Counter] = {}
    for tag, candidates, speaker, sure in zip(tags, ranked, speakers, confidence):
        if tag is None or tag.kind != "pronoun" or tag.gender == "unknown" or gender.get(speaker) != "unknown" \
                or sure < 0.6 or any(gender.get(cid) == tag.gender for cid, _ in candidates if cid != speaker):
            continue
        votes.setdefault(speaker, Counter())[tag.gender] += 1
    learned = {}
    for cid, v in votes.items():
        (gender, n), *rest = v.most_common()
        if n >= 2 and n >= 3 * (rest[0][1] if rest else 0):
            learned[cid] = gender
    return learned


def _addressees(n, speaker, tag, vocatives, speakers, quotes, par_starts) -> tuple[str, ...]:
    if speaker is None:
        return ()
    called = tuple(c for c in vocatives if c != speaker)
    if called:
        return called
    if tag is not None:
        listeners = tuple(c for c in tag.listeners if c != speaker)
        if listeners:
            return listeners
    # The other side of the exchange: the nearest line by someone else.
    here = _paragraph(par_starts, quotes[n].start)
    for k in (n - 1, n + 1, n - 2, n + 2):
        if 0 <= k < len(quotes) and speakers[k] and speakers[k] != speaker \
                and abs(_paragraph(par_starts, quotes[k].start) - here) <= 2:
            return (speakers[k],)
    return ()


def _paragraph(par_starts, offset: int) -> int:
    return bisect_right(par_starts, offset) - 1
