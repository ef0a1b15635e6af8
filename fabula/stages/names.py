"""Proper names of people: which of the story's capitalised names
(`name_evidence.read_names`) name a person.

Some evidence is sure, whatever the name's shape: the name is the subject
of a speech tag beside a quotation ("JC said", "said Taun We"), has a title
or an honorific ("Dr. Kravitz", "Naruto-kun"), is a screenplay cue or chat
sender, or is on a cast list (`--cast`, a site's character tags).

Every other name is weighed by the person model, boosted decision trees
over what its occurrences show and what it looks like:

- for: it acts or speaks in the narration ("Mara shrugs"), is called in
  dialogue ("Hinata, I'm going"), he/she follows it as a subject, "X's
  eyes", it is part of a sure name or holds one;
- against: it is an ordinary word the text also writes in lower case
  ("Brilliant", "Space"), an oath ("thank Merlin"), a place ("in Mist",
  "Malfoy Manor"), a kind of thing ("an Anbu"), a company, a word after a
  number ("8:04 PM"), a title of a work in italics, an acronym used with
  "the".

Nothing of a name's shape (capitals, a function word inside, digits) rules
it out on its own: "All Might", "AJ", "CT-7567" are people when the text
treats them as people. `find_names` returns the accepted keys with their
occurrences and evidence; `people.py` clusters them into people.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ..lexicon import NOT_NAMES, ORGANISATION_HEADS, PLACE_HEADS, SURNAME_PLACE_HEADS, TITLES, dictionary
from .name_evidence import NameEvidence, NameOccurrence, Reading
from .name_runs import common_words, display_form
from .trees import BoostedTrees, load_trees

# The last word of a company's or a body's name.
_ADJECTIVE_SUFFIX = re.compile(r"-(?:themed|like|style|based|shaped|colou?red|sized|esque|ish|looking|worthy|proof|"
                               r"free)$")
_KIND_COMPOUND = re.compile(r"-(?:borns?|bloods|breeds?|folks?|mates|people)$")
_INITIALS = re.compile(r"[A-Z]{2,3}(?:-\w+)?")
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")
# The last word of a place's name: "Malfoy Manor", "Baker Street". Some are
# surnames too (Mrs. Hall, Tony Hill): those need the text to use the name as
# a place; the rest never end a person's name.

@dataclass
class Names:
    """The accepted name keys: their occurrences (in text order), evidence,
    and a display form for each (the commonest form as written, shouting
    and honorifics aside)."""

    occurrences: list[NameOccurrence]
    evidence: dict[str, NameEvidence]
    display: dict[str, str]
    lower: Counter  # lower-case words of the story, for ordinary-word tests elsewhere


def find_names(reading: Reading, known_keys: frozenset[str] = frozenset()) -> Names:
    """The name keys of `reading` (`name_evidence.read_names`) that name a
    person; `known_keys` are the keys of a cast list, people wherever they
    occur."""
    evidence = reading.evidence
    context = NameContext.of(reading, known_keys)
    lower, caps_mid, surnames = reading.lower, reading.caps_mid, reading.surnames
    in_longer = {t for key in evidence if " " in key for t in key.split()}
    accepted = {key for key, e in evidence.items()
                if key in known_keys or e.certain
                or (not _epithet(e) and not _once_opening(key, e, in_longer)
                    and _rules_verdict(key, e, lower, caps_mid) and _weighed(key, e, context))}
    # A full name seldom written but made of a name the text uses ("marry Mike
    # Campbell", "Uraraka Ochako, sitting with her back to him") is that
    # person's, unless it holds an everyday word or reads like a verb
    # ("Poirot Investigates", a chapter title).
    accepted |= {key for key, e in evidence.items() if key not in accepted and len(key.split()) > 1
                 and any(t in accepted for t in key.split())
                 and not any(t in NOT_NAMES or (t in common_words() and t not in surnames) or lower[t] > caps_mid[t]
                             for t in key.split() if t not in TITLES)
                 and e.place <= e.for_person and not _vetoed(key, e)
                 and (e.count >= 2 or e.for_person > 0
                      or not any(t.endswith(("s", "ed", "ing")) for t in key.split() if t not in accepted))}
    # And the parts of an accepted full name are names where they stand alone
    # ("Hatake Kakashi sighed. … Naruto laughed at Kakashi").
    parts = {t for key in accepted if len(key.split()) > 1 and key.split()[0] not in TITLES for t in key.split()}
    accepted |= {key for key, e in evidence.items() if key in parts and key not in NOT_NAMES
                 and not (lower[key] > 0 and lower[key] >= caps_mid[key]) and not _vetoed(key, e)}
    # "the Argents", "two Weasleys": the plural of a name is a family (or a
    # possessive typed without its apostrophe).
    accepted -= {key for key in accepted if key.endswith("s") and key[:-1] in accepted and key not in known_keys
                 and not evidence[key].certain and (evidence[key].definite or evidence[key].kind
                                                    or 3 * evidence[key].count <= evidence[key[:-1]].count)}
    occurrences = [o for o in reading.occurrences if o.key in accepted]
    display = {key: display_form(evidence[key].written) for key in accepted}
    return Names(occurrences, {k: evidence[k] for k in accepted}, display, reading.lower)


def _rules_verdict(key: str, e: NameEvidence, lower: Counter, caps_mid: Counter) -> bool:
    """What the hand-written rules say of a name: one feature of the person
    model among the others, no longer the decision."""
    if _vetoed(key, e):
        return False
    tokens = key.split()
    if tokens[-1] in NOT_NAMES and e.speaks < 2:
        return False  # "Will" speaks as a name, "will" never does
    common = any(lower[t] > 0 and 2 * lower[t] >= caps_mid[t] for t in tokens if t not in TITLES)
    if common and not (e.titled or e.honorific or (e.speaks >= 2 and e.for_person >= 3)):
        return False  # written in lower case a third of the time or more: "Brilliant", "Space", "Genin"
    if all(t in common_words() for t in tokens) and not (e.titled or e.honorific) \
            and e.acts + e.speaks + e.called < 2:
        return False  # an everyday word the text never shows acting: "True", "Blood"
    if e.strong:
        return True
    if e.for_person == 0:
        # A name talked about but never seen to act: only if the text uses it
        # often, away from sentence starts, never in lower case nor after
        # "the", and mostly in dialogue or as an owner ("Luna's"), as people
        # are talked about (brands, planets and places are narrated).
        return e.count >= 3 and e.mid >= 2 and e.place == 0 and e.definite == 0 \
            and (2 * e.quoted >= e.count or e.possessive >= 2)
    if len(tokens) == 1 and e.mid == 0 and (e.acts + e.called + e.possessed == 0 or tokens[-1].endswith("ing")):
        return False  # only ever opens sentences: "Yawning, he…" (but "Merlin's hand flicks")"
    return True


def _once_opening(key: str, e: NameEvidence, in_longer: set[str]) -> bool:
    """A dictionary word written once, opening a sentence, that does nothing
    but be: "Rumor has it", "Psychology is just complicated". ("Hestia
    smiled at me" and "Kingsley was next in line" are someone; so is a word
    of a longer name the text writes, "Dumbledore" of "Albus Dumbledore".)"""
    return " " not in key and key not in in_longer and e.count == 1 and e.mid == 0 and e.acts <= e.states \
        and not (e.called or e.possessed or e.strong or sum(e.votes.values())) and _only_a_word(key)


def _only_a_word(key: str) -> bool:
    return key in dictionary() and key.capitalize() not in dictionary()


def _vetoed(key: str, e: NameEvidence) -> bool:
    """What shows a capitalised word is no person, however it is used."""
    tokens = key.split()
    written = e.written.most_common(1)[0][0] if e.written else key
    return (
        (e.mid == 0 and e.shouted and not e.strong)  # only ever shouted
        or (_ACRONYM.match(written.split()[-1]) is not None and not e.mid)
        or e.number * 2 >= e.count  # "8:04 PM"
        or (not e.whole and not e.titled)  # "Omens" of "Good Omens": a phrase, not a name
        or ((e.italic + e.thing) * 2 >= e.count and e.speaks + e.called == 0)  # "Frühlings Erwachen", the play
        or (e.oath > 0 and e.oath >= 2 * e.acts and not e.titled)  # "thank Merlin", "Merlin knows"
        # "Muggle", "Slytherin": said of things more than doing anything
        or (e.modifies >= max(2, 0.25 * e.count) and e.modifies > e.acts + e.speaks and not e.strong)
        # "Malfoy Manor", "Baker Street" (not Mrs. Hall, nor a Tony Hill never found "in" anywhere)
        or (len(tokens) > 1 and tokens[-1] in PLACE_HEADS and not e.titled)
        or (len(tokens) > 1 and tokens[-1] in SURNAME_PLACE_HEADS and not e.titled and e.place + e.definite > 0)
        or (len(tokens) > 1 and tokens[-1] in ORGANISATION_HEADS and not e.titled)  # "Gojo Aerospace"
        or any(_ADJECTIVE_SUFFIX.search(t) for t in tokens)  # "Sanrio-themed", "Code-worthy"
        or _KIND_COMPOUND.search(tokens[-1]) is not None  # "Muggle-borns", "Half-bloods": kinds of people
        # "an Anbu", "this Jedi", "a Mudblood", "the word Mudblood"
        or ((e.kind + e.definite + e.thing + e.owned) * 2 >= e.count and e.kind > 0 and not e.titled)
        or e.definite >= 0.6 * e.count  # "the Ministry", "the Haruno": the cast stage reads "the X"
        # "the Argents", "the Trojans": a family or a people
        or (len(tokens) == 1 and key.endswith("s") and not key.endswith("ss") and 3 * e.definite >= e.count)
        or (e.owned * 2 >= e.count and not e.strong)  # "his Alpha", "her Majesty": a title
        # Never doing or saying anything, called once at most, and found
        # where things and places are ("the Sith lord", "in Hogwarts")
        or (len(tokens) == 1 and e.for_person - e.states - e.called <= 0 and e.called <= 1 and not e.strong
            and e.definite + e.kind + e.place > 0)
        # "in Mist", "went to Coruscant" (and "Konoha was at peace" is no deed)
        or e.place > 2 * (e.for_person - e.states) + 1
        or (e.place >= 10 and e.place >= 0.25 * e.count and e.speaks < 2)  # "in New York"
    )


def _weighed(key: str, e: NameEvidence, context: NameContext) -> bool:
    """Whether the rules' yes stands: the model turns away what the rules let
    through when it is sure the name is no person ("Hogwarts", "Ahem"). It
    never takes in what they rejected on their own (only a speech tag or a
    cue, which decide before, can do that), so it is asked only after a yes."""
    probability = person_probability(key, e, context)
    if e.for_person == 0:
        return probability >= 0.5  # only talked about: "landed on Venus"
    return probability > _person_model().settings["rules_overruled_below"]


def _used_as_thing(e: NameEvidence) -> bool:
    return e.kind + e.definite + e.place + e.thing + e.number > 0


def _epithet(e: NameEvidence) -> bool:
    """A name written after "the" half the time or more ("the Hatter", "the
    Doctor", "the TV") is a thing, or a description of someone that the
    cast stage reads as such, not a name; so is one never written without
    "a" or another word for a kind before it ("become a Master Herbologist",
    "an Anbu"), whatever title it holds."""
    return 2 * e.definite >= e.count or e.kind >= e.count


@dataclass(frozen=True)
class NameContext:
    """What the features of one name read from the rest of the story: its
    word counts, and the names that are surely people (whose parts, and
    the longer names holding them, are likely people too)."""

    lower: Counter
    caps_mid: Counter
    surnames: frozenset[str]
    sure: frozenset[str]  # keys known beforehand or with certain evidence
    sure_parts: frozenset[str]  # the words of sure names of several words

    @classmethod
    def of(cls, reading: Reading, known_keys: frozenset[str] = frozenset()) -> NameContext:
        sure = frozenset(k for k, e in reading.evidence.items() if k in known_keys or e.certain)
        parts = frozenset(t for k in sure if len(k.split()) > 1 and k.split()[0] not in TITLES for t in k.split())
        return cls(reading.lower, reading.caps_mid, frozenset(reading.surnames), sure, parts)


# The person model: boosted trees over what a name's occurrences show and
# what its shape is, trained by scripts/train_person.py on
# LitBank's entity labels, PDNC's character lists and the annotated fan
# fiction of bench/fanfic/train. The rules that once vetoed a name are its
# features, so that each only weighs; evidence no shape overrules (a speech
# tag, a title, an honorific, a cue, a cast list) decides before it.
PERSON_FEATURES = (
    "bias", "log_count", "mid", "acts", "states", "speaks", "tagged", "called", "addressed", "possessed",
    "possessive",
    "votes", "place", "preposition", "definite", "kind", "thing", "modifies", "oath", "quoted", "shouted",
    "italic", "cut", "owned", "number",
    "several_words", "everyday_word", "lower_case_too", "lower_case_mostly", "initials", "designation",
    "function_word", "place_head", "surname_place_head", "organisation_head", "adjective_suffix",
    "kind_compound", "plural", "never_mid", "no_deed", "only_states", "holds_sure_name", "part_of_sure_name",
    "after_title", "rules_say_person", "used_as_thing",
)


def person_features(key: str, e: NameEvidence, context: NameContext) -> list[float]:
    n = e.count
    tokens = key.split()
    lower, caps_mid = context.lower, context.caps_mid
    shares = [lower[t] / (lower[t] + caps_mid[t]) if lower[t] + caps_mid[t] else 0.0
              for t in tokens if t not in TITLES] or [0.0]
    written = e.written.most_common(1)[0][0] if e.written else key
    last = tokens[-1]
    return [
        1.0, math.log1p(n), e.mid / n, e.acts / n, e.states / n, e.speaks / n, e.tagged / n, e.called / n,
        e.addressed / n, e.possessed / n, e.possessive / n, sum(e.votes.values()) / n, e.place / n, e.preposition / n,
        e.definite / n, e.kind / n, e.thing / n, e.modifies / n, e.oath / n, e.quoted / n, e.shouted / n,
        e.italic / n, 1 - e.whole / n, e.owned / n, e.number / n,
        float(len(tokens) > 1),
        float(all(t in common_words() for t in tokens)),
        max(shares),
        float(min(shares) >= 0.5),
        float(_INITIALS.fullmatch(written.split()[-1]) is not None),
        float(any(ch.isdigit() for ch in key)),
        float(any(t in NOT_NAMES for t in tokens)),
        float(len(tokens) > 1 and last in PLACE_HEADS),
        float(len(tokens) > 1 and last in SURNAME_PLACE_HEADS),
        float(len(tokens) > 1 and last in ORGANISATION_HEADS),
        float(any(_ADJECTIVE_SUFFIX.search(t) for t in tokens)),
        float(_KIND_COMPOUND.search(last) is not None),
        float(len(tokens) == 1 and key.endswith("s") and not key.endswith("ss")),
        float(e.mid == 0),
        float(e.for_person == 0),
        float(e.for_person - e.states - e.called <= 0),
        float(len(tokens) > 1 and any(t in context.sure for t in tokens)),
        float(key in context.sure_parts),
        float(key in context.surnames),
        float(_rules_verdict(key, e, lower, caps_mid)),
        float(_used_as_thing(e)),
    ]


def _person_model() -> BoostedTrees:
    return load_trees("person_model.json", PERSON_FEATURES)


def person_probability(key: str, e: NameEvidence, context: NameContext) -> float:
    """The model's probability that `key` names a person."""
    return _person_model().probability(person_features(key, e, context))
