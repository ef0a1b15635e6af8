"""Who could speak each turn, and what the text says for each of them.

For every turn (what one person says at once, as `turns.py` groups the
quotations) this gathers a handful of candidate characters (those its tags
name, those the narration around it mentions, those recent turns were
tagged to or called by name, the narrator of a first-person text) and
describes each with local features: what the speech tags say of them, where
the narration mentions them, whether the turn calls them by name, how
present they are. It also records how the turn stands to the one before,
which the chain model (`crf.py`) uses for turn-taking.

Nothing here decides; the trained weights do. Feature names are part of the
weights file, so adding one means retraining (`scripts/train_speakers.py`).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from ...lexicon import PERSON_NOUNS, SELF_NAMING_WORDS
from ...model import Character, Mention, Paragraph, Quote, Scene
from ...typography import plain, typed_offsets
from .tags import Tag
from .turns import (NEXT, RESET, SAME, disagree, group_turns, opens_sentence, points_of_view, relation_to_previous,
                    scene_cast, takes_up)
from .vocatives import find_vocatives

NARRATOR = "narrator"
MAX_CANDIDATES = 7

LOCAL_FEATURES = (
    # the speech tags
    "tag_name", "tag_pronoun_fits", "tag_pronoun_unknown_gender", "tag_pronoun_misfits", "tag_pronoun_cast",
    "tag_epithet_cast", "tag_epithet_coined_cast", "tag_epithet_fits", "tag_epithet_misfits", "tag_epithet_usual",
    "tag_epithet_last_named",
    "tag_pronoun_last_named",
    "tag_relative_fits", "tag_relative_kin", "tag_role", "tag_narrator", "tag_listener", "untagged",
    "tag_unseen_present", "tag_unseen_next_first", "tag_unseen_misfits",
    "tag_epithet_cast_other_listener",
    # the narration of the turn's own paragraph
    "beat_first", "beat_before", "beat_before_name", "beat_before_last", "beat_after_first", "beat_after",
    "untagged_beat_first", "untagged_beat_after_first", "beat_subject", "beat_subject_last", "after_adjacent",
    "after_subject",
    # neighbouring paragraphs
    "previous_narration_first", "previous_narration_last", "previous_narration_any", "previous_speech_narration",
    "previous_subject_last",
    "next_narration_first", "next_narration_any",
    # the turn itself and its neighbours
    "calls", "mentioned_inside", "introduces", "called_before", "called_after", "listener_before",
    # presence
    "recent", "recent_zero", "rank_first", "rank_top3", "rank_top10", "narrator", "thought_recent",
    # the scene
    "pov", "pov_untagged", "tag_pronoun_only_fit", "in_scene",
)
_INDEX = {name: i for i, name in enumerate(LOCAL_FEATURES)}
_INTRODUCTION = re.compile(rf"(?:{SELF_NAMING_WORDS}|\bit's me,?)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Candidates:
    """One turn: its quotations, its candidates and their local features."""

    quotes: tuple[int, ...]  # indices of the turn's quotations
    ids: tuple[str, ...]
    features: np.ndarray  # (len(ids), len(LOCAL_FEATURES))
    relation: int  # to the previous turn: SAME, NEXT, GAP or RESET
    vocatives: tuple[str, ...]  # whom the turn calls by name
    continues: bool = False  # takes up the previous turn's broken-off line ("…water-" "-so I…")


def gather_candidates(
    text: str,
    paragraphs: Sequence[Paragraph],
    scenes: Sequence[Scene],
    quotes: Sequence[Quote],
    tags: Sequence[Tag | None],
    characters: Sequence[Character],
    mentions: Sequence[Mention],
    fixed: Mapping[int, str] | None = None,
) -> list[Candidates]:
    """The turns of a document, in order, with their candidates. A turn
    holding a quotation of `fixed` (index -> character id) always has that
    character among its candidates."""
    source, text = text, plain(text)  # one typography for every rule; offsets are unchanged
    starts = [m.start for m in mentions]
    typed = typed_offsets(source)
    typed_starts = [typed(i) for i in starts]  # distances as typed: curly and straight texts count alike
    par_starts = [p.start for p in paragraphs]
    quote_starts = [q.start for q in quotes]
    quote_ends = [q.end for q in quotes]
    gender = {c.id: c.gender for c in characters}
    gender[NARRATOR] = "unknown"
    rank = {cid: i for i, (cid, _) in enumerate(Counter(m.character for m in mentions).most_common())}
    has_narrator = any(t is not None and t.kind == "narrator" for t in tags)
    usual = _usual_epithets(text, mentions)
    scene_starts = sorted(s.start for s in scenes)

    def inside_quote(i: int) -> bool:
        k = bisect_right(quote_starts, i) - 1
        return k >= 0 and i < quote_ends[k]

    quoted = [inside_quote(m.start) for m in mentions]

    def narration(lo: int, hi: int) -> list[Mention]:
        a, b = bisect_left(starts, lo), bisect_left(starts, hi)
        return [mentions[k] for k in range(a, b) if not quoted[k]]

    par_of = [max(0, bisect_right(par_starts, q.start) - 1) for q in quotes]
    quoted_pars = set(par_of)
    turns = group_turns(text, par_of, quotes, tags, gender)
    quote_vocatives = [find_vocatives(text, q, mentions, starts) for q in quotes]
    vocatives = [tuple(dict.fromkeys(c for n in turn for c in quote_vocatives[n])) for turn in turns]
    listeners = [tuple(c for n in turn if tags[n] is not None for c in tags[n].listeners) for turn in turns]
    turn_par = [par_of[turn[0]] for turn in turns]
    out: list[Candidates] = []
    turn_starts = [quotes[t[0]].start for t in turns]
    # The character last named before a pronoun or epithet tag, of its gender.
    last_named = {}
    for t in tags:
        if t is not None and t.kind in ("pronoun", "epithet"):
            k = bisect_left(starts, t.subject_start) - 1
            while k >= 0 and typed(t.subject_start) - typed_starts[k] < 1500:
                m = mentions[k]
                if m.kind in ("name", "alias") and gender.get(m.character, "unknown") in (t.gender, "unknown") \
                        and not inside_quote(m.start):
                    last_named[t.subject_start] = m.character
                    break
                k -= 1
    present = scene_cast(turn_starts, scene_starts, mentions, quoted)
    pov = points_of_view(text, scenes, mentions, quoted)
    for i, turn in enumerate(turns):
        first = quotes[turn[0]]
        relation = relation_to_previous(i, turn_par, scene_starts, turn_starts)
        if relation == SAME and any(disagree(tags[k], tags[n], gender) for k in turns[i - 1] for n in turn):
            relation = NEXT  # a second voice in the paragraph, as its tag says: turn-taking as across paragraphs
        in_scene = present[i]
        scene_pov = pov.get(bisect_right(scene_starts, first.start) - 1)
        pi = turn_par[i]
        par = paragraphs[pi] if paragraphs else Paragraph(0, len(text))
        turn_tags = [tags[n] for n in turn if tags[n] is not None]
        pronoun_genders = {t.gender for t in turn_tags if t.kind == "pronoun" and t.gender != "unknown"}
        fitting = {g: [c for c in in_scene if gender.get(c, "unknown") == g] for g in pronoun_genders}
        unknown_present = any(gender.get(c, "unknown") == "unknown" for c in in_scene)
        same_before = i > 0 and turn_par[i - 1] == pi
        same_after = i + 1 < len(turns) and turn_par[i + 1] == pi
        # Narration after the turn before, in the same paragraph, that holds
        # its tag ("…," Tomas insisted. "…") is not a beat for this one.
        lead = quotes[turns[i - 1][-1]].end if same_before else par.start
        if same_before and tags[turns[i - 1][-1]] is not None and not tags[turns[i - 1][-1]].before:
            lead = max(lead, tags[turns[i - 1][-1]].subject_end, tags[turns[i - 1][-1]].verb_end)
        before = narration(lead, first.start)
        after = narration(first.end, quotes[turns[i + 1][0]].start if same_after else par.end)
        subjects_before = [m.character for m in before if opens_sentence(text, m.start, par.start)]
        subjects_after = {m.character for m in after if opens_sentence(text, m.start, par.start)}
        adjacent = after[0].character if after and after[0].start - first.end <= 4 else None
        previous = narration(paragraphs[pi - 1].start, paragraphs[pi - 1].end) if pi > 0 else []
        previous_subject = next((m.character for m in reversed(previous)
                                 if opens_sentence(text, m.start, paragraphs[pi - 1].start)), None)
        following = narration(paragraphs[pi + 1].start, paragraphs[pi + 1].end) if pi + 1 < len(paragraphs) else []
        inside = [m for n in turn
                  for m in mentions[bisect_left(starts, quotes[n].start) : bisect_left(starts, quotes[n].end)]]
        # "I'm Merlin", "My name is Anakin": the speaker names themself.
        introduced = {m.character for m in inside if m.kind in ("name", "alias")
                      and _INTRODUCTION.search(text, max(0, m.start - 20), m.start)}
        recent = Counter(m.character for m in mentions[bisect_left(typed_starts, typed(first.start) - 2000) :
                                                        bisect_left(starts, first.start)])
        near_before = i > 0 and pi - turn_par[i - 1] <= 2
        near_after = i + 1 < len(turns) and turn_par[i + 1] - pi <= 2
        called_before = vocatives[i - 1] if near_before else ()
        called_after = vocatives[i + 1] if near_after else ()
        listener_before = listeners[i - 1] if near_before else ()

        pool: Counter = Counter()
        for t in turn_tags:
            if t.character:
                pool[t.character] += 100
        for group, weight in ((before, 5), (after, 5), (previous, 3), (following, 2), (called_before, 4),
                              (called_after, 4), (listener_before, 3)):
            for item in group:
                pool[item.character if isinstance(item, Mention) else item] += weight
        for k in range(max(0, i - 3), min(len(turns), i + 4)):
            for n in turns[k]:
                t = tags[n]
                if t is not None and t.character and abs(turn_par[k] - pi) <= 6:
                    pool[t.character] += 3
        for cid, count in recent.most_common(6):
            pool[cid] += 1 + count / 10
        for cid in sorted(in_scene):  # sorted: ties in the pool break the same way every run
            pool[cid] += 1  # whoever the scene has shown may speak
        # The people of the conversation so far stay in it.
        if relation != RESET:
            for k in (i - 1, i - 2):
                if k >= 0 and (k == i - 1 or out[i - 1].relation != RESET):
                    for place, cid in enumerate(out[k].ids[:4]):
                        pool[cid] += 3 - 0.5 * place
        if has_narrator:
            pool[NARRATOR] += 2
        for cid in vocatives[i]:
            pool[cid] += 0.5  # kept as a candidate so the model learns they do not speak
        for n in turn:
            if fixed and n in fixed:
                pool[fixed[n]] += 10_000
        ids = tuple(cid for cid, _ in pool.most_common(MAX_CANDIDATES))

        rows = [[0.0] * len(LOCAL_FEATURES) for _ in ids]  # lists: far cheaper to fill than an array
        thought = any(quotes[n].kind == "thought" for n in turn)
        for k, cid in enumerate(ids):
            f = rows[k]
            g = gender.get(cid, "unknown")
            if not turn_tags:
                f[_INDEX["untagged"]] = 1
            for tag in turn_tags:
                _tag_features(f, tag, cid, g, usual, text)
                if tag.kind in ("pronoun", "epithet") and last_named.get(tag.subject_start) == cid:
                    f[_INDEX[f"tag_{tag.kind}_last_named"]] = 1
            if before and before[0].character == cid:
                f[_INDEX["beat_first"]] = 1
                if not turn_tags:
                    f[_INDEX["untagged_beat_first"]] = 1
            mine = [m for m in before if m.character == cid]
            if mine:
                f[_INDEX["beat_before"]] = 1
                f[_INDEX["beat_before_name"]] = any(m.kind in ("name", "alias") for m in mine)
                f[_INDEX["beat_before_last"]] = before[-1].character == cid
            if after and after[0].character == cid:
                f[_INDEX["beat_after_first"]] = 1
                if not turn_tags:
                    f[_INDEX["untagged_beat_after_first"]] = 1
            f[_INDEX["beat_after"]] = any(m.character == cid for m in after)
            f[_INDEX["beat_subject"]] = cid in subjects_before
            f[_INDEX["beat_subject_last"]] = bool(subjects_before) and subjects_before[-1] == cid
            f[_INDEX["after_adjacent"]] = adjacent == cid
            f[_INDEX["after_subject"]] = cid in subjects_after
            if previous:
                key = "previous_speech_narration" if pi - 1 in quoted_pars else "previous_narration_any"
                f[_INDEX[key]] = any(m.character == cid for m in previous)
                if pi - 1 not in quoted_pars:
                    f[_INDEX["previous_narration_first"]] = previous[0].character == cid
                    f[_INDEX["previous_narration_last"]] = previous[-1].character == cid
                    f[_INDEX["previous_subject_last"]] = previous_subject == cid
            if following and pi + 1 not in quoted_pars:
                f[_INDEX["next_narration_first"]] = following[0].character == cid
                f[_INDEX["next_narration_any"]] = any(m.character == cid for m in following)
            if any(t.kind == "unseen" for t in turn_tags):
                f[_INDEX["tag_unseen_present"]] = any(m.character == cid for m in (*before, *previous))
                f[_INDEX["tag_unseen_next_first"]] = bool(following) and following[0].character == cid
            f[_INDEX["calls"]] = cid in vocatives[i]
            f[_INDEX["introduces"]] = cid in introduced
            f[_INDEX["mentioned_inside"]] = any(m.character == cid for m in inside) and cid not in vocatives[i] \
                and cid not in introduced
            f[_INDEX["called_before"]] = cid in called_before
            f[_INDEX["called_after"]] = cid in called_after
            f[_INDEX["listener_before"]] = cid in listener_before
            count = recent.get(cid, 0)
            f[_INDEX["recent"]] = math.log1p(count)
            f[_INDEX["recent_zero"]] = count == 0
            r = rank.get(cid, 99)
            f[_INDEX["rank_first"]] = r == 0
            f[_INDEX["rank_top3"]] = 0 < r < 3
            f[_INDEX["rank_top10"]] = 3 <= r < 10
            f[_INDEX["narrator"]] = cid == NARRATOR
            if thought:
                f[_INDEX["thought_recent"]] = math.log1p(count)
            f[_INDEX["in_scene"]] = cid in in_scene
            if cid == scene_pov:
                f[_INDEX["pov"]] = 1
                f[_INDEX["pov_untagged"]] = not turn_tags
            # "she said" with one woman in the scene, and no one of unknown gender.
            f[_INDEX["tag_pronoun_only_fit"]] = any(fitting[g] == [cid] for g in fitting) and not unknown_present
        # "he says" never goes to a woman the cast knows (nor "she" or "the
        # pinkette" to a man), while someone else could say it.
        misfits = [_INDEX["tag_pronoun_misfits"], _INDEX["tag_epithet_misfits"]]
        # Nor is the one a tag speaks to its speaker when the tag's subject is
        # someone else ('"Hey forehead," the girl greeted her'); who a pronoun
        # subject is, is the model's to decide.
        addressed = {c for t in turn_tags if t.character and t.kind != "pronoun"
                     for c in t.listeners if c != t.character}
        keep = [k for k, cid in enumerate(ids) if not (any(rows[k][m] for m in misfits) or cid in addressed)
                or (fixed and any(fixed.get(n) == cid for n in turn))]
        if keep and len(keep) < len(ids):
            ids, rows = tuple(ids[k] for k in keep), [rows[k] for k in keep]
        continues = i > 0 and relation != RESET and takes_up(source, quotes[turns[i - 1][-1]], first)
        out.append(Candidates(tuple(turn), ids, np.array(rows, dtype=float).reshape(len(ids), len(LOCAL_FEATURES)),
                              relation, vocatives[i], continues))
    return out


def _tag_features(f: list, tag: Tag, cid: str, g: str, usual: dict[str, str], text: str) -> None:
    if cid in tag.listeners:
        f[_INDEX["tag_listener"]] = 1
    if tag.kind == "name":
        if tag.character == cid:
            f[_INDEX["tag_name"]] = 1
    elif tag.kind == "pronoun":
        if tag.gender == "unknown" or g == "unknown":
            f[_INDEX["tag_pronoun_unknown_gender"]] = 1
        elif g == tag.gender:
            f[_INDEX["tag_pronoun_fits"]] = 1
        else:
            f[_INDEX["tag_pronoun_misfits"]] = 1
        if tag.character == cid:
            f[_INDEX["tag_pronoun_cast"]] = 1
    elif tag.kind == "epithet":
        if tag.character == cid:
            # A coined epithet ("the pinkette", "the Haruno") keeps its
            # referent; "the girl" is whichever girl the sentence means.
            f[_INDEX["tag_epithet_coined_cast" if _coined(text[tag.subject_start : tag.subject_end])
                     else "tag_epithet_cast"]] = 1
            # "the girl greeted her": the cast stage chose the epithet's
            # referent knowing whom the verb addresses.
            if tag.listeners and cid not in tag.listeners:
                f[_INDEX["tag_epithet_cast_other_listener"]] = 1
        if tag.gender != "unknown" and g != "unknown":
            f[_INDEX["tag_epithet_fits" if g == tag.gender else "tag_epithet_misfits"]] = 1
        if usual.get(_epithet_key(text[tag.subject_start : tag.subject_end])) == cid:
            f[_INDEX["tag_epithet_usual"]] = 1
    elif tag.kind == "relative":
        if cid == tag.character:
            f[_INDEX["tag_relative_kin"]] = 1
        elif tag.gender != "unknown" and g == tag.gender:
            f[_INDEX["tag_relative_fits"]] = 1
    elif tag.kind == "role":
        if cid == tag.character:
            f[_INDEX["tag_role"]] = 1
    elif tag.kind == "unseen":
        if tag.gender != "unknown" and g != "unknown" and g != tag.gender:
            f[_INDEX["tag_unseen_misfits"]] = 1
    elif tag.kind == "narrator" and cid == NARRATOR:
        f[_INDEX["tag_narrator"]] = 1


def _coined(phrase: str) -> bool:
    words = phrase.split()
    return len(words) > 1 and (words[-1][:1].isupper() or words[-1].lower() not in PERSON_NOUNS)


def _epithet_key(phrase: str) -> str:
    words = phrase.lower().split()
    return " ".join(words[1:] if words and words[0] == "the" else words)


def _usual_epithets(text: str, mentions: Sequence[Mention]) -> dict[str, str]:
    """An epithet phrase -> the character most of its resolved uses mean."""
    votes: dict[str, Counter] = {}
    for m in mentions:
        phrase = text[m.start : m.end]
        key = _epithet_key(phrase)
        # Only a coined epithet ("the pinkette") keeps its referent; "the
        # girl" is whichever girl the sentence means.
        if m.kind in ("epithet", "alias") and phrase.lower().startswith("the ") \
                and key.split()[-1] not in PERSON_NOUNS:
            votes.setdefault(key, Counter())[m.character] += 1
    usual = {}
    for phrase, counter in votes.items():
        cid, n = counter.most_common(1)[0]
        if n >= 0.6 * sum(counter.values()):
            usual[phrase] = cid
    return usual
