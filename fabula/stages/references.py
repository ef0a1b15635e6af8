"""Who each pronoun, description, role and relative in the narration means.

One pass over the story's mentions in text order, keeping how present each
character is (salience: it grows with each mention and fades with distance,
so a chapter's point-of-view character keeps "she" through a paragraph that
names someone else once):

- pronouns (he, she, his, her…) outside quotations go to the subject of the
  last sentence when the gender fits ("Sakura sighed. She…"), else to the
  most salient character of that gender;
- descriptions ("the pinkette", "the raven-haired boy", "the girl", "the
  Haruno") go to the most salient compatible character not named in the
  same sentence ("Sakura looked at the girl": the girl is someone else);
  "the other boy" passes over the boy in view; one that fits nobody and
  is told apart by an adjective ("the nameless boy") is a person of its own;
- roles ("the doctor"), relatives ("her son") and kinship names ("Mom")
  are `roles.py`'s to resolve (the `Roles` part of the Resolver), from the
  possessor and the characters in view this pass finds.

Assumes events sorted by offset and not overlapping, and `plain` text
(`typography.plain`).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ..lexicon import GENERIC_NOUNS, PERSON_NOUNS, ROLE_NOUNS
from .name_evidence import SELF_NAMING
from .roles import Roles, Unnamed, noun_gender

_DECAY = 400.0  # characters over which salience falls by a factor of e
_FORGET = 4 * _DECAY
# Titles that name a role: "Dr. Kemp" is "the doctor", "Kakashi-sensei" "the sensei".
ROLE_TITLES = {"dr": "doctor", "doctor": "doctor", "captain": "captain", "capt": "captain",
                "professor": "professor", "prof": "professor", "nurse": "nurse", "inspector": "inspector",
                "detective": "detective", "sergeant": "sergeant", "king": "king", "queen": "queen",
                "prince": "prince", "princess": "princess", "general": "general", "colonel": "colonel",
                "judge": "judge", "lord": "lord", "sensei": "sensei", "chancellor": "chancellor",
                "minister": "minister", "senator": "senator", "commander": "commander", "admiral": "admiral",
                "president": "president", "governor": "governor", "mayor": "mayor", "lieutenant": "lieutenant",
                "emperor": "emperor", "empress": "empress"}
# "the girl greeted her", not "the girl looked back to see Sasuke behind her",
# where another name comes between and "her" is the girl herself.
# A mention opens its clause unless a verb comes before it there ("Of course
# the old keeper had sent Ren"; not "For a little while Ino", "Later, Ren").
_VERB_BEFORE = re.compile(r"\b(?:[a-z]{3,}ed|had|has|have|was|were|is|are|did|does|sent|saw|took|gave|made|told|"
                          r"said|knew|thought|felt|got|let|kept|left|met|found|heard|brought|held|put|sees|sent)\b")
_FOLLOWING = re.compile(r"[ \t]+([a-z]+)")
_AFTER_OBJECT = frozenset("and to as in on at with for from up down off out back away again then that so but or "
                          "into onto over about like".split())
_BETWEEN_ACTOR = re.compile(r"[,;:.!?\"\n]")
_LINKS = frozenset("to with for at that and but who which of in on from by about behind beside around".split())
_AND_THEN = re.compile(r"(?:,|\band|\bthen|\bbut)\s+$")
_CLOSED_QUOTE = re.compile(r"""[,.!?…~-]['"]\s*$""")
_OBJECT_AFTER = re.compile(
    r"(?:(?![A-Z])[^.!?;\"]){0,40}?(?<!behind )(?<!beside )(?<!around )\b([Hh]im|[Hh]er)\b"
    r"(?=\s*[.,!?;\"]|\s+(?:to|and|as|with|at|in|on|for|from|by|into|up|down|off|out|back|again|away|so|but|or|too|"
    r"when|while)\b)"
)


@dataclass(frozen=True, slots=True)
class Event:
    """A mention waiting to be resolved. `kind`: name, pronoun, epithet,
    role, relative or kin; `value`: the character id of a name, the
    pronoun's gender, the description's head noun (lower case), the kin
    relation; `possessor`: for a relative, a character id or the pronoun
    ("her") that names its possessor."""

    start: int
    end: int
    kind: str
    value: str
    paragraph: int  # start of its paragraph
    quoted: bool = False
    possessor: str | None = None
    other: bool = False  # "the other boy"
    adjective: bool = False  # told apart by an adjective
    capitalised: bool = False  # "the Haruno", "the Mediwitch"
    called: bool = False  # a name in a vocative: "Yes, Hoshi?" puts Hoshi in the scene


class Resolver(Roles):
    def __init__(self, plain: str, genders: dict[str, str], names: dict[str, str], surnames: dict[str, set[str]],
                 titled: dict[tuple[str, str], str], role_holders: dict[str, set[str]],
                 bearers: dict[str, set[str]], prior: dict[str, float], sentence_ends: list[int], next_id: int,
                 typed: Callable[[int], int]):
        self.plain = plain
        self.genders = genders
        self.names = names  # id -> display name
        self.surnames = surnames  # id -> surname tokens (lower case)
        self.titled = titled  # (title, surname) -> id: "Mr. Bennet"
        self.role_holders = role_holders  # role noun -> ids titled so
        self.bearers = bearers  # name token -> ids: "the Haruno"
        self.prior = prior
        self.sentence_ends = sentence_ends
        self.typed = typed  # text offset -> offset as typed (typography.typed_offsets)
        self.next_id = next_id
        self.unnamed: dict[str, Unnamed] = {}
        # Pronouns carried over to a subject of unknown gender: what they show of it.
        self.carried: dict[str, Counter] = defaultdict(Counter)
        self._family_like: dict[str, bool] = {}  # capitalised "the X": whether its first use carried a subject
        self.unresolved: list[Event] = []  # coined epithets with nobody in view to be
        self.merged: dict[str, str] = {}  # unnamed relative -> the named person they turned out to be
        self._by_role: dict[str, str] = {}
        self._by_relation: dict[tuple[str, str], str] = {}

    def resolve(self, events: list[Event]) -> list[tuple[int, int, str, str]]:
        """(start, end, character id, mention kind) for every event resolved."""
        salience: dict[str, tuple[float, int]] = {}
        out: list[tuple[int, int, str, str]] = []
        sentence_people: list[tuple[int, str]] = []
        subject: str | None = None
        # The gender of the pronoun that made the subject, if one did: "His
        # expression changed. Was she…" carries nothing over to him.
        subject_pronoun: str | None = None
        lately: set[str] = set()
        paragraph, in_paragraph = -1, set()
        seen_sentence = -1
        last_prune = 0
        not_them: dict[str, tuple[set[str], int]] = {}  # description -> who the text set it apart from, and when
        self_named: tuple[str, int] | None = None  # who a quotation of this paragraph named as its speaker

        def bump(cid: str, at: int, weight: float) -> None:
            score, last = salience.get(cid, (0.0, at))
            salience[cid] = (score * math.exp(-(at - last) / _DECAY) + weight, at)

        def best(at: int, gender: str, exclude: set[str], ranked: bool = False, known: bool = False,
                 unnamed: bool = False):
            """The most salient character of `gender` in view (`known`: of
            that gender for sure, not merely of unknown gender; `unnamed`:
            an unnamed one of unknown gender too, as "the man" may be the
            coach where "he" would not be taken for him)."""
            scored = []
            for cid, (score, last) in salience.items():
                if cid in exclude or at - last > _FORGET:
                    continue
                g = self.genders.get(cid, "unknown")
                if gender != "unknown" and g not in (gender, "unknown") or (known and g != gender):
                    continue
                if gender != "unknown" and g == "unknown" and cid in self.unnamed and not unnamed:
                    continue  # "the doctor", of no gender yet, is no "she"
                value = (score * math.exp(-(at - last) / _DECAY) + self.prior.get(cid, 0.0)) * \
                    (1.0 if g == gender else 0.3)
                if value > 0.05:
                    scored.append((value, cid))
            scored.sort(reverse=True)
            if ranked:
                return [cid for _, cid in scored]
            return scored[0][1] if scored else None

        described = partial(best, unnamed=True)  # for "the man", who may be "the coach"

        def visible(cid: str, at: int) -> bool:  # for roles.py, which keeps no salience of its own
            return cid in salience and at - salience[cid][1] <= _FORGET

        for i, ev in enumerate(events):
            at = ev.start
            clock = self.typed(at)  # distances as typed: curly and straight texts fade alike
            if clock - last_prune > _FORGET:
                # Forgotten characters leave the table, so each lookup stays short.
                salience = {c: v for c, v in salience.items() if clock - v[1] <= _FORGET}
                last_prune = clock
            if ev.paragraph != paragraph:
                paragraph, in_paragraph = ev.paragraph, set()
            sentence_start = self._sentence_start(at, ev.paragraph)
            if sentence_start != seen_sentence:
                # Who the last sentence named, for pronouns opening this one.
                lately = {c for _, c in sentence_people}
            sentence_people = [(j, c) for j, c in sentence_people if j >= sentence_start]
            initial = not ev.quoted and sentence_start != seen_sentence
            if initial:
                seen_sentence = sentence_start
                if not (_opens_clause(self.plain, sentence_start, at)
                        or self.plain[ev.start : ev.end].lower() in ("he", "she")):
                    # "Of course the old keeper had sent Ren.": a first mention
                    # deep in the sentence is no subject to carry on ("Not to
                    # mention that she…" is).
                    initial, subject, subject_pronoun = False, None, None
            cid, kind = None, ev.kind
            if ev.kind == "name":
                cid = ev.value
                if ev.quoted and SELF_NAMING.search(self.plain, max(0, ev.start - 20), ev.start):
                    self_named = (cid, ev.paragraph)
                elif not ev.quoted:
                    self_named = None
                bump(cid, clock, 1.0 if ev.called else 0.1 if ev.quoted else 1.5 if initial else 1.0)
            elif ev.quoted and ev.kind != "kin":
                continue  # inside speech, descriptions and pronouns are the speaker's to mean
            elif ev.kind == "pronoun" and self_named and self_named[1] == ev.paragraph \
                    and self.genders.get(self_named[0], "unknown") in (ev.value, "unknown") \
                    and self.plain[ev.start : ev.end].lower() in ("he", "she") \
                    and _CLOSED_QUOTE.search(self.plain, max(0, at - 4), at):
                # '"My name is Anakin," he says': the tag's subject is who
                # the quotation named as its speaker.
                cid = self_named[0]
                if self.genders.get(cid, "unknown") == "unknown":
                    self.carried[cid][ev.value] += 1
                bump(cid, clock, 0.3)
            elif ev.kind == "pronoun":
                if subject and self.genders.get(subject) == ev.value and \
                        (initial or (any(c == subject for _, c in sentence_people) and not _object(self.plain, ev))):
                    # "Sakura sighed. She…", "Sakura was reminded how lucky
                    # she was": the subject carries on ("the girl greeted her"
                    # is someone else).
                    cid = subject
                else:
                    # A "she" is the woman in view, if one is known to be; only
                    # failing that someone whose gender the text has not shown.
                    # An object "her" is not whoever acts on her ("the girl
                    # greeted her", "Naruto hugged her").
                    actor = {sentence_people[-1][1]} if sentence_people and _object(self.plain, ev) \
                        and self.plain[ev.start : ev.end].lower() in ("him", "her") \
                        and _acts_on(self.plain[sentence_people[-1][0] : ev.start]) else set()
                    cid = best(clock, ev.value, actor, known=True)
                    if initial and subject and self.genders.get(subject) == "unknown" and \
                            cid not in lately and subject_pronoun in (None, ev.value) \
                            and not _CLOSED_QUOTE.search(self.plain, max(0, at - 4), at):
                        # "Dean looks away. He's good at this.": unless a known
                        # "he" was named in this sentence or the last, the
                        # subject carries on, and shows its gender ('"Hi," he
                        # said' and "'Odd,' she thought" are the speaker's, so
                        # not there).
                        cid = subject
                        self.carried[subject][ev.value] += 1
                    elif not initial and subject and self.genders.get(subject) == "unknown" \
                            and self.plain[ev.start : ev.end].lower() in ("he", "she") \
                            and any(c == subject for _, c in sentence_people) \
                            and not any(self.genders.get(c) == ev.value for _, c in sentence_people) \
                            and _AND_THEN.search(self.plain, max(0, at - 8), at):
                        # "the doctor reassured and he scooped up a vase": the
                        # clause joined on keeps its subject.
                        cid = subject
                        self.carried[subject][ev.value] += 1
                    elif cid is None:
                        cid = best(clock, ev.value, actor)
                if cid:
                    bump(cid, clock, 0.3)
            else:
                exclude = {c for _, c in sentence_people} | self._named_later(events, i)
                if ev.kind == "epithet":
                    # "Obi-Wan looked down at the boy. The boy lifted his
                    # chin.": the boy someone looked at stays someone else.
                    seen, when = not_them.get(ev.value, (set(), -_FORGET))
                    if clock - when <= _FORGET:
                        exclude |= seen
                    if sentence_people and not initial:
                        not_them[ev.value] = ({c for _, c in sentence_people}, clock)
                    cid = self._epithet(ev, clock, initial, subject, exclude, described)
                    gender = noun_gender(ev.value)
                    if cid and gender != "unknown" and self.genders.get(cid) == "unknown" and not ev.other \
                            and described(clock, gender, exclude, ranked=True) == [cid]:
                        # "the raven-haired boy", nobody else in view who could
                        # be one, shows Ren is a he.
                        self.carried[cid][gender] += 1
                elif ev.kind == "role" or (ev.kind == "relative" and ev.value in ROLE_NOUNS):
                    cid = self._role(ev, exclude, visible, clock)  # "her doctor" is the doctor
                elif ev.kind == "relative":
                    cid = self._relative(ev, clock, initial, subject, exclude, best, visible,
                                         lately | in_paragraph)
                    gender = PERSON_NOUNS.get(ev.value, "unknown")
                    if cid and cid not in self.unnamed and gender != "unknown" \
                            and self.genders.get(cid) == "unknown":
                        self.carried[cid][gender] += 1  # "her son" is a he
                else:
                    cid = self._kin(ev)
                if cid:
                    bump(cid, clock, 1.0)
            if cid is None:
                if ev.kind == "epithet" and ev.adjective and ev.value not in GENERIC_NOUNS:
                    self.unresolved.append(ev)
                continue
            if initial:
                subject, subject_pronoun = cid, (ev.value if ev.kind == "pronoun" else None)
            sentence_people.append((at, cid))
            in_paragraph.add(cid)
            out.append((ev.start, ev.end, cid, kind))
        return out

    def _epithet(self, ev: Event, at: int, initial: bool, subject, exclude: set[str], best):
        gender = noun_gender(ev.value)
        if ev.capitalised and ev.value in self.bearers:
            # "the Haruno", "the Uchiha": the bearer of that name in view.
            holders = self.bearers[ev.value] - exclude
            found = [c for c in best(at, "unknown", exclude, ranked=True) if c in holders]
            return found[0] if found else (next(iter(holders)) if len(holders) == 1 else None)
        if ev.capitalised:
            # A family name the text gives no one else: opening the sentence,
            # carrying on from the last ("…waiting for her. The Haruno spent
            # the day…"). Met first anywhere else ("wrote to the Raikage",
            # "and the Ministry was closed"), it is a title or a thing.
            opens = initial and \
                not self.plain[self._sentence_start(ev.start, ev.paragraph) : ev.start].strip(' \t\n"\'')
            # Not someone whose family name the text gives as another ("The
            # Sandaime stepped back" after Namikaze Arashi spoke).
            carries = self._family_like.setdefault(
                ev.value, opens and subject is not None and ev.value in self.surnames.get(subject, {ev.value}))
            return subject if carries and opens and subject and subject not in exclude else None
        if _object_follows(self.plain, ev.end, gender):
            # "Sakura was stopped by Ino. "Hey," the girl greeted her.": the
            # pronoun keeps the subject carried on, so the epithet is the other
            # girl, however recently she was named.
            ranked = best(at, gender, exclude, ranked=True)
            others = [c for c in ranked if c != subject] if initial and subject in ranked else ranked[1:]
            return others[0] if others else ranked[0] if ranked else None
        if ev.other:
            ranked = best(at, gender, exclude, ranked=True)
            return ranked[1] if len(ranked) > 1 else None
        if initial and subject and subject not in exclude and gender in ("unknown", self.genders.get(subject)):
            return subject  # "…she had people waiting for her. The Haruno spent…"
        return best(at, gender, exclude)

    def _named_later(self, events: list[Event], i: int) -> set[str]:
        """Names in the rest of the sentence are other people: "the pinkette
        smiled at Ino's enthusiasm" is not Ino."""
        end = self._sentence_end(events[i].end)
        found = set()
        for k in range(i + 1, len(events)):
            if events[k].start >= end:
                break
            if events[k].kind == "name":
                found.add(events[k].value)
        return found

    def _sentence_start(self, at: int, floor: int) -> int:
        """Where the sentence holding `at` begins, looking back at most 300
        characters and never before `floor`."""
        lo = max(floor, at - 300)
        k = bisect_right(self.sentence_ends, at) - 1
        return self.sentence_ends[k] if k >= 0 and self.sentence_ends[k] - 2 >= lo else lo

    def _sentence_end(self, at: int) -> int:
        k = bisect_right(self.sentence_ends, at)
        return self.sentence_ends[k] if k < len(self.sentence_ends) else len(self.plain)


def _object(plain: str, ev: Event) -> bool:
    """"him", or "her" not followed by what it owns ("greeted her.", "told
    her to go", not "her gaze")."""
    word = plain[ev.start : ev.end].lower()
    if word in ("him", "himself", "herself"):
        return True
    if word != "her":
        return False
    following = _FOLLOWING.match(plain, ev.end)
    return following is None or following.group(1) in _AFTER_OBJECT


def _acts_on(gap: str) -> bool:
    """Whether the words from a mention to an object pronoun are the
    mention and its verb alone ("the girl greeted ", "Naruto quickly hugged
    "), so the pronoun is someone else; not "she would need someone to be
    patient with ", where it may be herself."""
    words = gap.split()
    return 2 <= len(words) <= 4 and not _BETWEEN_ACTOR.search(gap) and not _LINKS.intersection(words[1:])


def _opens_clause(plain: str, sentence_start: int, at: int) -> bool:
    prefix = plain[sentence_start:at]
    return not _VERB_BEFORE.search(prefix, prefix.rfind(",") + 1)


def _object_follows(plain: str, at: int, gender: str) -> bool:
    """An object him/her of the epithet's gender later in its clause."""
    m = _OBJECT_AFTER.match(plain, at, at + 60)
    if not m:
        return False
    word = m.group(1).lower()
    return gender == "unknown" or (word == "him") == (gender == "male")

