"""The evidence about capitalised names: what the words around each
occurrence of a name key (`name_runs.py`: "Naruto-kun's" is `naruto`) show.

Each occurrence counts towards its key's `NameEvidence`: whether it acts or
speaks in the narration, is called in dialogue, has a title or honorific,
stands where a place, an oath, a kind of thing or a title of a work stands,
and which gender the pronouns of its own clause show.

Works on `typography.plain` text, so curly and straight typography read
alike, and for any script with capital letters. `names.find_names` decides
from this evidence which keys are people.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from ..lexicon import (ACTION_VERBS, KIN_NAMES, NOT_NAMES, PHRASE_WORDS, NAMELESS_SUBJECTS, SELF_NAMING_WORDS,
                       SPEECH_VERBS, TITLES)
from ..model import SpanIndex
from .clause_gender import subject_gender_votes
from .name_runs import common_words, find_runs, never_a_name, run_key, shouted, token_key

# A name as a subject: a verb follows it ("Mara shrugged", "Mara sets down
# her cup"), read as one word looked up in a set, since an alternation of
# hundreds of verbs costs a try per verb at every name.
_VERBS = SPEECH_VERBS | ACTION_VERBS
# The word after a name, past an adverb ("Mara slowly turned"); not past a
# comma ("from Highbury, was a frequent visitor" is someone else's verb).
_NEXT_WORD = re.compile(r"\s+(?:\w+ly\s+)?([a-z]+)\b(?!'\w|-\w)")
_PRESENT_AFTER = re.compile(
    r"\s+(?:the|a|an|his|her|their|my|your|its|at|to|in|on|into|up|down|back|out|away|over|him|them|it|that|as|"
    r"with|for|off|around|through|across)\b|[.,;!?]")
_PRESENT = re.compile(r"(?![a-z]*ings$)[a-z]{2,}[^s\W]e?s")  # "sets", not "meetings"


def _acts(after: str) -> bool:
    """Whether a verb follows: a known one, a past tense in -ed, or a present
    tense in -s that is no plural noun ("sets down", not "the Muggle groups")."""
    m = _NEXT_WORD.match(after)
    if not m:
        return False
    word = m.group(1)
    if word in _VERBS or (len(word) > 4 and word.endswith("ed")):
        return True
    return bool(_PRESENT.fullmatch(word)) and _PRESENT_AFTER.match(after, m.end()) is not None


def _states(after: str) -> bool:
    """Whether the verb after a name only says how things are ("Konoha was
    at peace", "Konoha has two jinchuriki"): places do that much, not more."""
    m = _NEXT_WORD.match(after)
    return bool(m) and m.group(1) in _STATE_VERBS


_STATE_VERBS = frozenset("is was were are has had have seems seemed remains remained".split())
_EVENT_VERBS = frozenset("happens happened occurs occurred begins began ends ended".split())


def _happens(after: str) -> bool:
    m = _NEXT_WORD.match(after)
    return bool(m) and m.group(1) in _EVENT_VERBS
_OWNERS = frozenset("his her their my your our".split())


def _speaks_after(after: str) -> bool:
    m = _NEXT_WORD.match(after)
    return bool(m) and m.group(1) in SPEECH_VERBS


# A quotation mark just before a tag's subject ('"Hi," JC said'), before its
# verb ('"Hi," said Taun We') or just after it ('All Might said, "Really."').
# "the" never stands between ('"Off!" the Queen said' is a description).
_CLOSED_BEFORE = re.compile(r'"[ \t]*$')
_CLOSED_BEFORE_VERB = re.compile(r'"[ \t]*[a-z]+[ \t]+$')
_OPENS_AFTER = re.compile(r"\s+(?:\w+ly\s+)?[a-z]+\s*[,:]?\s*\"")


def _tags_a_quotation(plain: str, start: int, end: int) -> bool:
    """Whether the name at start:end is the subject of a speech tag beside a
    quotation: the surest sign of a person, whatever the name's shape."""
    verb = _NEXT_WORD.match(plain, end, end + 60)
    if verb is not None and verb.group(1) in SPEECH_VERBS:
        return bool(_CLOSED_BEFORE.search(plain, max(0, start - 40), start) or _OPENS_AFTER.match(plain, end, end + 60))
    return bool(_CLOSED_BEFORE_VERB.search(plain, max(0, start - 40), start))


def _introduced(plain: str, quoted: Sequence[tuple[int, int]], start: int) -> bool:
    k = bisect_right(quoted, (start, len(plain))) - 1
    return k >= 0 and quoted[k][0] <= start < quoted[k][1] and introduces(plain, quoted[k][0], start)


def _speaks_before(before: str) -> bool:
    words = before.split()
    return bool(words) and before[-1:].isspace() and (words[-1].lower() in SPEECH_VERBS
                                                      or bool(_SOURCE_OF_WORDS.search(before)))


# "My name is Anakin", "I'm Merlin": a quotation's speaker naming themself.
SELF_NAMING = re.compile(rf"(?:{SELF_NAMING_WORDS})\s+$", re.IGNORECASE)
# The same at a sentence's start, where it is an introduction rather than
# play ("you can pretend I'm Rainbow"): "Hello, my name is Balance Trick".
_INTRODUCTION = re.compile(rf"(?:^|[.!?]\s+|^(?:hello|hi|hey|greetings|well|oh)[,!.]?\s+)"
                           rf"(?:(?:they|people|everyone|everybody|my\s+friends)\s+calls?\s+me|{SELF_NAMING_WORDS})\s+$",
                           re.IGNORECASE)


def introduces(plain: str, quote_start: int, name_start: int) -> bool:
    """Whether the name at `name_start`, inside the quotation opening at
    `quote_start`, is the speaker introducing themself."""
    return _INTRODUCTION.search(plain[quote_start:name_start]) is not None


# '"…," comes from a pensive Jirou': where the words came from is who spoke.
_SOURCE_OF_WORDS = re.compile(r"[\"\u201d]\s*,?\s+(?:comes?|came)\s+(?:\w+ly\s+)?from\s+(?:(?:an?|the)\s+)?"
                              r"(?:[a-z][\w-]*\s+){0,2}$")


# A lower-case word right after a name that is no verb, adverb or function
# word is the noun it describes ("the Muggle world").
_MODIFIES = re.compile(r"^ (?!\w+ly\b)([a-z]{3,})\b(?![-'])")
_AND_NAME = re.compile(r"^\s+and\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?")
_PERSON_POSSESSION = re.compile(
    r"^'s?\s+(?:\w+\s+)?(?:eyes?|face|hands?|arms?|voice|hair|head|lips|mouth|shoulders?|gaze|smile|"
    r"expression|fingers?|mother|father|mom|mum|dad|brother|sister|son|daughter|wife|husband|friends?|"
    r"heart|mind|body|chest|back|cheeks?|neck|legs?|feet|side|room|bed|name)\b"
)
# What stands just before a name, read off its last few words (set lookups:
# these run at every name).
# A place: "in Mist", "went to Coruscant", "arrived at Hogwarts" (not
# "looked at Naruto", "a gift from Ino").
_PLACE_WORDS = frozenset("in into inside outside within throughout across through near around visit visited visiting "
                         "entered left leaving reached".split())
_MOTION = frozenset("back went go goes going gone return returns returned returning travel travels travelled traveled "
                    "moved headed fly flew come came coming sent drove walked ran arrived arrive arriving way road "
                    "trip".split())
# Any other preposition: people stand there too ("said to Ino"), but less
# often than places and things do ("on Earth", "the people of Konoha").
_PREPOSITIONS = frozenset("on onto of at to from for with by about toward towards against beyond behind under over "
                          "upon among".split())
_STAY = frozenset("live lives lived living stay stays stayed staying work works worked working born home study "
                  "studied studying school".split())
# What one does only to people: "told Ino", "write to Mei Terumi", "people like Hayden".
_TOLD = frozenset("told tell tells telling asked ask asks asking thanked thank thanks hugged hug hugs kissed kiss "
                  "kisses married marry texted emailed messaged warned warn reassured promised promise "
                  "introduced".split())
_TALK_TO = frozenset("write wrote written writing talk talked talking talks speak spoke speaking speaks said say says "
                     "saying whispered whispers replied replies lied lie lies apologized apologised apologize "
                     "apologise married engaged introduced".split())
_PEOPLE = frozenset("people someone somebody friends friend guys girls boys men women folks".split())
# A kind of person: "an Anbu", "this Jedi".
_KIND_WORDS = frozenset("a an another every each some any no one all many few those these other this that such which "
                        "what fellow".split())
# A name set beside a thing it is the name of: "the title, Frühlings Erwachen".
_THING_WORDS = frozenset("title masterpiece book novel play song film movie album opera poem ship planet city town "
                         "village restaurant bar cafe shop store school academy series show magazine newspaper street "
                         "hotel station titled entitled word term".split())
# Oaths and exclamations: "thank Merlin", "oh God", "for Christ's sake", "Kami knows".
_OATH_WORDS = frozenset("thank oh my sweet".split())
_OATH_PAIRS = frozenset({("thanks", "to"), ("swear", "to"), ("oh", "my"), ("dear", "sweet"), ("honest", "to")})
_OATH_OPENERS = frozenset("by good great dear".split())


@dataclass(frozen=True, slots=True)
class _Before:
    """The last words before a name, lower case, punctuation kept apart."""

    last: str
    second: str
    third: str
    opens: bool  # nothing or a sentence's end comes before the last word
    number: bool  # a number stands right before ("8:04 PM")

    @classmethod
    def read(cls, before: str) -> _Before:
        words = before.lower().split()[-3:]
        words = [""] * (3 - len(words)) + words
        # A word counts only when nothing stands between it and the next
        # ('"No," Mara' has no "no" before Mara); only a thing may take a
        # comma ("the title, Frühlings Erwachen").
        third, second, last = (w if w.isalpha() or not w else "" for w in words)
        if not last and words[2].endswith(",") and words[2][:-1].isalpha():
            last = words[2][:-1] if words[2][:-1] in _THING_WORDS else ""
        opens = not words[1] or words[1][-1] in '.!?,"'
        stripped = before.rstrip()
        return cls(last, second, third, opens, bool(stripped) and stripped[-1].isdigit())

    def definite(self) -> bool:
        return self.last == "the"

    def kind(self) -> bool:
        return self.last in _KIND_WORDS

    def thing(self) -> bool:
        return self.last in _THING_WORDS

    def oath(self) -> bool:
        return self.last in _OATH_WORDS or (self.second, self.last) in _OATH_PAIRS \
            or (self.last in _OATH_OPENERS and self.opens)

    def preposition(self) -> bool:
        return self.last in _PREPOSITIONS

    def addressed(self) -> bool:
        return self.last in _TOLD or (self.last == "to" and self.second in _TALK_TO) \
            or (self.last == "like" and self.second in _PEOPLE)

    def place(self) -> bool:
        last, second = (self.second, self.third) if self.last == "the" else (self.last, self.second)
        return last in _PLACE_WORDS or (last in ("to", "from", "at", "in", "into") and second in _MOTION) \
            or (last in ("at", "in") and second in _STAY)


_OATH_AFTER = re.compile(
    r"^(?:'s?\s+(?:sake|beard|balls|pants|name|teeth|knickers|saggy)|"
    r"\s+(?:(?:knows|knew)\s+(?:what|how|why|when|where|who|whether|if)|forbid|help\s+(?:me|us|him|her)|"
    r"damn|dammit|almighty|above|willing|bless))\b|^-damn",
    re.I,
)
# A vocative: "Hinata, I'm going", "I'm going, Hinata.", "Hey, Hinata!". A
# word alone in its quotation ("True," he said) is an answer, not a call.
_VOCATIVE_OPENING = re.compile(r'"\s*$')
_VOCATIVE_OPENING_AFTER = re.compile(r"^\s*[,!?.]+\s+[A-Za-z]")
_VOCATIVE_BEFORE = re.compile(r'(?:[,!?]\s+|\b(?:hey|hi|hello|oh|yes|no|please|thanks|bye)\s*,?\s+)$', re.I)
_CALLED_AFTER = re.compile(r"^\s*,\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s*(?:[.!?]|,?\s*\")")
_VOCATIVE_AFTER = re.compile(r"^\s*(?:[,!?]|\.(?!\w))")


@dataclass
class NameEvidence:
    """What the occurrences of one name key show."""

    count: int = 0
    mid: int = 0  # capitalised away from a sentence start (shouted forms aside)
    shouted: int = 0  # all in capitals
    acts: int = 0  # in the narration, as a subject
    states: int = 0  # of those, with "was", "has" and the like
    speaks: int = 0  # beside a speech verb
    tagged: int = 0  # of those, the subject of a speech tag beside a quotation
    called: int = 0  # in a vocative
    addressed: int = 0  # what people are: "write to Mei Terumi", "told Ino", "people like Hayden"
    possessed: int = 0  # "X's eyes", "X's mother"
    titled: int = 0
    honorific: int = 0
    cued: int = 0
    place: int = 0
    kind: int = 0  # "an Anbu"
    number: int = 0  # "8:04 PM"
    oath: int = 0
    definite: int = 0  # "the Haruno", "the Dormouse"
    italic: int = 0  # the whole of an italic span: a title
    whole: int = 0  # not cut out of a longer capitalised phrase by an everyday word
    modifies: int = 0  # before a noun, as an adjective: "the Muggle world"
    thing: int = 0  # "the play, Frühlings Erwachen", "the ship Hyperion"
    quoted: int = 0
    owned: int = 0  # "his Alpha", "my Lord": a title after a possessive
    preposition: int = 0  # after "on", "of", "to"…: where places and things stand, people less often
    possessive: int = 0  # "X's"
    votes: Counter = field(default_factory=Counter)  # he/she after it as a subject
    written: Counter = field(default_factory=Counter)  # the forms as written, honorifics kept

    @property
    def for_person(self) -> float:
        return self.acts + self.speaks + self.called + self.addressed + 0.5 * self.possessed + sum(self.votes.values())

    @property
    def strong(self) -> int:
        return self.titled + self.honorific + self.cued + self.speaks

    @property
    def certain(self) -> int:
        """Evidence no shape of the name overrules: a speech tag beside a
        quotation, a cue. (A title or an honorific weighs heavily, but
        "Aunt Sally" can be a fairground game.)"""
        return self.tagged + self.cued


@dataclass(frozen=True)
class NameOccurrence:
    start: int
    end: int
    key: str

@dataclass
class Reading:
    """Every name key of a story, with its occurrences (in text order) and
    evidence, and the word counts the decisions about them need."""

    evidence: dict[str, NameEvidence]
    occurrences: list[NameOccurrence]
    lower: Counter  # lower-case words of the story
    caps_mid: Counter  # capitalised words away from sentence starts
    surnames: set[str]  # words the text puts after a title ("Mr Last")


def read_names(
    text: str,
    plain: str,
    story: Sequence[tuple[int, int]],
    quoted: Sequence[tuple[int, int]] = (),
    cues: Sequence[tuple[int, int]] = (),
    known_keys: frozenset[str] = frozenset(),
    italics: Sequence[tuple[int, int]] = (),
) -> Reading:
    """Every capitalised name key of the story and what its occurrences
    show, from `plain` (the text in plain typography); `quoted` are the
    quotations' spans (sorted), `cues` where screenplay cues and chat senders
    stand, `known_keys` the keys of a cast list, `italics` the emphasis
    spans."""
    runs = find_runs(text, plain, story)
    in_quote = SpanIndex(quoted)
    in_cue = SpanIndex(cues)
    italic = dict(italics)
    evidence: dict[str, NameEvidence] = defaultdict(NameEvidence)
    occurrences: list[NameOccurrence] = []
    # The subject of a speech tag is a name wherever else it stands, even
    # when it looks like the plural of a word ('"Helpful," Stiles mutters')
    # or ends in one ("Hat Kid"). A lone everyday word is one too ("West",
    # "May") when the narration also writes it capitalised away from
    # sentence starts ("and West, the owner,"); a pronoun never is ('"What?"
    # She said', '"I can't-" Another stuttered breath'), nor an interjection
    # ('"Stop." No, he thought').
    # The whole of a run that tags one is a name too, however ordinary its
    # first words ('"Hi," Present Mic says'), unless it opens with a word
    # that is none ("Then Sakura", "Finally Sakura"); so is a run the speaker
    # gives as their name ("My name is Balance Trick").
    tag_subjects = set()
    ordinary_tags = set()
    named_in_narration: Counter = Counter()  # lone words capitalised mid-sentence outside quotations
    for words, _ in runs.pieces:
        tags = _tags_a_quotation(plain, words[0][1], words[-1][2])
        key = token_key(words[-1][0])[0]
        if tags and key and key not in NOT_NAMES and (len(words) > 1 or key not in common_words()):
            tag_subjects.add(key)
        elif tags and key and len(words) == 1 and key not in TITLES and key not in NAMELESS_SUBJECTS:
            ordinary_tags.add(key)
        elif len(words) == 1 and not runs.opening[words[0][1]] and not in_quote.holds(words[0][1]):
            named_in_narration[key] += 1
        if len(words) > 1 and (tags or _introduced(plain, quoted, words[0][1])) \
                and token_key(words[0][0])[0] not in NOT_NAMES and not words[0][0].lower().endswith("ly"):
            tag_subjects.add(run_key(" ".join(w for w, _, _ in words))[0])
    tag_subjects |= {key for key in ordinary_tags if named_in_narration[key]}
    names_anywhere = known_keys | tag_subjects
    for words, initial in runs.pieces:
        run_start = words[0][1]
        whole = words
        words = runs.trim(words, names_anywhere)
        if not words:
            continue
        # Cut out of a longer capitalised phrase by an everyday word ("Good
        # Omens"), rather than by a function word ("Then Sakura")?
        kept = {w[1] for w in words}
        cut = [token_key(w)[0] for w, at, _ in whole if at not in kept]
        start, end = words[0][1], words[-1][2]
        if words[-1][0].endswith(("'s", "'")):
            end -= 2 if words[-1][0].endswith("'s") else 1
        written = " ".join(w for w, _, _ in words)
        if written.lower() in KIN_NAMES:
            continue  # "Mom", "Kaa-san": kinship, which the cast stage resolves
        key, honorific = run_key(written)
        if not key or never_a_name(key, written, names_anywhere):
            continue
        e = evidence[key]
        before = plain[max(0, start - 40) : start]
        after = plain[end : end + 60]
        preceding = _Before.read(before)
        quoted_here = in_quote.holds(start)
        first_initial = initial and words[0][1] == run_start
        e.count += 1
        e.whole += not any((k not in NOT_NAMES or k in PHRASE_WORDS) and not k.endswith("ly") for k in cut)
        e.quoted += quoted_here
        all_caps = shouted(words)
        e.shouted += all_caps
        e.mid += not first_initial and not all_caps
        titled = words[0][0].lower().rstrip(".") in TITLES and len(words) > 1
        e.titled += titled
        e.honorific += honorific
        e.cued += in_cue.holds(start)
        # A name that is all of its italics is a title: a play, a book, a ship.
        e.italic += italic.get(start) == end or italic.get(start) == words[-1][2]
        e.written[text[start:end]] += 1
        e.definite += preceding.definite()
        oath = preceding.oath() or bool(_OATH_AFTER.match(after))
        e.oath += oath
        if quoted_here:
            # Called by it, or naming oneself by it ("My name is Anakin").
            e.called += is_vocative(plain, start, end) or SELF_NAMING.search(before) is not None
        elif oath:
            pass  # "Merlin knows" is no act of Merlin's
        elif _happens(after):
            pass  # "when Rattatak happens": an event
        elif _acts(after):
            e.acts += 1
            e.states += _states(after)
            for gender, weight in subject_gender_votes(plain, end):
                e.votes[gender] += weight
        elif (joined := _AND_NAME.match(after)) and _acts(after[joined.end() :]):
            e.acts += 1  # "Jun and Ama met at the gate"
        elif (noun := _MODIFIES.match(after)) and noun.group(1) in common_words() and noun.group(1) not in NOT_NAMES:
            e.modifies += 1  # "the Muggle world", "a Slytherin prefect": a word, not a name
        if _speaks_after(after) or _speaks_before(before):
            e.speaks += 1
            e.tagged += not quoted_here and not preceding.definite() and not preceding.kind() \
                and _tags_a_quotation(plain, start, end)
        if not quoted_here and _PERSON_POSSESSION.match(plain[end : end + 40]):
            e.possessed += 1
        if preceding.place() and not _acts(after) and not titled and not _SOURCE_OF_WORDS.search(before):
            e.place += 1  # "went to Professor Okafor" is a visit to a person
        e.kind += preceding.kind()
        e.addressed += not quoted_here and preceding.addressed()
        e.owned += preceding.last in _OWNERS
        e.preposition += preceding.preposition()
        e.possessive += after.startswith("'")
        e.thing += preceding.thing()
        e.number += preceding.number
        occurrences.append(NameOccurrence(start, end, key))
    return Reading(dict(evidence), occurrences, runs.lower, runs.caps_mid, runs.surnames)


def is_vocative(plain: str, start: int, end: int) -> bool:
    """Whether the name at start:end, inside a quotation, calls someone."""
    before = plain[max(0, start - 40) : start]
    after = plain[end : end + 60]
    preceding = _Before.read(before)
    if preceding.oath() or preceding.thing():
        return False
    if _VOCATIVE_OPENING.search(before):
        # "Goodnight, Izuku.", "C'mon, Master!": the name after the comma is
        # the one called, the word before it a greeting.
        return bool(_VOCATIVE_OPENING_AFTER.match(after)) and not _CALLED_AFTER.match(after)
    return bool(_VOCATIVE_BEFORE.search(before) and _VOCATIVE_AFTER.match(after))
