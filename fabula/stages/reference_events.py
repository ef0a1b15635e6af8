"""The events the reference resolver reads: every mention in the narration
that may point at a character, in text order.

The names of the cast ("Shouto's mother" is a relative whose possessor is
named), pronouns, relatives ("her brother"), descriptions ("the blonde",
"the Uchiha boy"), roles ("the Hokage", "Sensei"), kinship names ("Mom"), a
voice from a crowd that speaks ("someone at the back muttered"), any "the X"
that speaks beside a quotation ("the dragon says"), and every screenplay cue
and chat sender. A capitalised thing after "the" ("the City", "the Spirit
World", "the Weasleys") is no one.

Reads `typography.plain(text)` over the story's paragraphs, so curly and
straight typography read alike; offsets are offsets of `text`. Each
reference is found by one cheap pass for the words it starts with.
`references.py` resolves the events to characters.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..lexicon import (EPITHET_ADJECTIVES, GENERIC_NOUNS, HONORIFICS, KIN_NAMES, KIN_NOUNS, MALE_PRONOUNS,
                       NOT_NAMES, ORGANISATION_HEADS, OWNED_SPEECH, PLACE_HEADS, ROLE_NOUNS, SPEECH_VERB_PATTERN,
                       SURNAME_PLACE_HEADS)
from ..model import SpanIndex
from .name_evidence import is_vocative
from .name_runs import common_words, run_key
from .names import Names
from .people import mood_prefix
from .references import Event

_ADJ = "|".join(sorted((re.escape(a) for a in EPITHET_ADJECTIVES), key=len, reverse=True))
_PERSON = {**GENERIC_NOUNS, **KIN_NOUNS, **ROLE_NOUNS}
_NOUN = "|".join(sorted((re.escape(n) for n in _PERSON), key=len, reverse=True))
_RELATIVE_NOUN = "|".join(sorted((re.escape(n) for n in (*KIN_NOUNS, *ROLE_NOUNS, "boy", "girl", "kid", "child")),
                                 key=len, reverse=True))
_KIN_NAME = "|".join(sorted((re.escape(k[0].upper() + k[1:]) for k in KIN_NAMES), key=len, reverse=True))
_HONORIFIC_WORD = "|".join(h.capitalize() for h in HONORIFICS if h not in ("baka", "teme", "nii", "nee"))
_NOT_EPITHET_ETTE = frozenset(["cigarette", "silhouette", "palette", "baguette", "roulette", "cassette",
                               "etiquette", "toilette", "omelette", "kitchenette", "gazette", "vignette",
                               "serviette", "marionette", "statuette", "pipette", "rosette-window", "launderette",
                               "maisonette", "dinette", "briquette", "cuvette", "vinaigrette", "cigarettes"])
# Voices from a crowd: "someone at the back muttered", "one of the guards
# called": a speaker of their own, never the nearest name.
_CROWD = r"[Ss]ome(?:one|body)|[Oo]ne\s+of\s+(?:the|them)(?:\s+[a-z]+)?|[Ss]everal\s+(?:voices|people)|[Ee]veryone"
_REFERENCE = re.compile(
    rf"(?P<relative>\b(?P<poss>[Hh]er|[Hh]is|[Tt]heir|[Mm]y)\s+(?P<radj>(?:(?:{_ADJ}|best|baby|dear|own)\s+)?)"
    rf"(?P<rnoun>{_RELATIVE_NOUN})\b)"
    rf"|(?P<epithet>\b[Tt]he\s+(?P<adj>(?:(?:{_ADJ})[\s,]+){{0,2}})"
    rf"(?P<head>[a-z]+ette|[a-z]+-haired(?:\s+(?:{_NOUN}))?|(?:{_NOUN})|(?P<pcap>[A-Z][\w-]*)\s+(?:{_NOUN})|"
    rf"(?P<cap>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?))\b)"
    rf"|(?P<kin>(?<![Hh]er )(?<![Hh]is )(?<![Mm]y )(?<![Yy]our )\b(?:{_KIN_NAME})\b(?!-\w))"
    rf"|(?P<role>\b(?:{_HONORIFIC_WORD})\b(?!-\w))"
    rf"|(?P<pronoun>\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]er|[Hh]is|[Hh]ers|[Hh]imself|[Hh]erself)\b)"
    rf"|(?P<crowd>\b(?:{_CROWD})\b)"
)
# The words every reference starts with, found in one cheap pass (the
# lookahead lets most positions fail at once); the full pattern is tried
# only where one stands.
_FIRST_LETTERS = "".join(sorted({"H", "h", "T", "t", "M", "m", "S", "s", "O", "o", "E", "e"}
                                | {k[0].upper() for k in KIN_NAMES} | {h[0].upper() for h in HONORIFICS}))
_TRIGGER = re.compile(rf"(?=[{_FIRST_LETTERS}])\b(?:[Hh]er|[Hh]is|[Tt]heir|[Mm]y|[Tt]he|[Hh]e|[Ss]he|[Hh]im|[Hh]ers|"
                      rf"[Hh]imself|[Hh]erself|{_KIN_NAME}|{_HONORIFIC_WORD}|[Ss]ome(?:one|body)|[Oo]ne|[Ss]everal|"
                      rf"[Ee]veryone)\b")
_POSSESSED = re.compile(rf"'s?\s+(?P<adj>(?:(?:{_ADJ}|best|baby|dear|own)\s+)?)(?P<noun>{_RELATIVE_NOUN})\b")
_PLACE_BEFORE = re.compile(r"\b(?:in|into|inside|within|throughout|across|on|onto|outside|through|at|to|from|of)"
                           r"\s+$", re.IGNORECASE)
# A verb after a description: past tense, or a present tense "-s" that is
# not a plural noun ("The Haruno spends the day", not "the Christmas holidays").
_ACTS_AFTER = re.compile(rf"\s+(?:\w+ly\s+)?(?:{SPEECH_VERB_PATTERN}|\w+ed|spent|went|took|gave|came|saw|felt|knew|"
                         r"thought|made|got|ran|sat|stood|left|found|told|kept|began|let|put|held|brought|smiled|nodded|"
                         r"frowned|grinned|sighed|looked|turned|shook|replied|asked|was|had|"
                         r"[a-z]+s(?=\s+(?:the|a|an|his|her|their|at|to|in|on|into|up|down|back|out|away|over|him|"
                         r"them|it|that|as|and|but|with|for)\b|[.,;!?]))\b")
_SPEECH_NEAR = re.compile(rf",?\s+(?:\w+ly\s+)?(?:{SPEECH_VERB_PATTERN})\b")
# "said the Dormouse", not "was called The Fall of Troy" (a name given).
_CROWD_SPEAKS = re.compile(rf"(?:\s+(?:else|at|in|from|near|by|behind|on|the|a|of|back|crowd|room|row|corner|door|"
                           rf"end|side|table|[a-z]+ly)){{0,5}}\s+(?:{SPEECH_VERB_PATTERN})\b")
_OWNS_WORDS = re.compile(rf"'s\s+(?:\w+\s+)?(?:{'|'.join(OWNED_SPEECH)})\b")  # "his father's maxim"
_SPEECH_BEFORE = re.compile(rf"(?<!\bwas )(?<!\bis )(?<!\bbe )(?<!\bbeen )\b(?:{SPEECH_VERB_PATTERN})\s+$",
                            re.IGNORECASE)
_PLACE_WORDS = PLACE_HEADS | SURNAME_PLACE_HEADS | ORGANISATION_HEADS
# Chat senders who are no one in particular: the phone's owner, a hidden number.
_OWNERS = frozenset({"me", "i", "you", "unknown", "unknown number", "no caller id", "private number"})
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_HANDLE_DIGITS = re.compile(r"[013457@$]")
# The capital first and the looks behind it after: far cheaper than looking
# behind at every offset.
_BARE_CAPITAL = re.compile(r"([A-Z](?<![\w'-][A-Z])(?<!\b[Tt]he [A-Z])[a-z]+)\b")
# "the older Draco" beside Draco: a second bearer of the name (a double, a
# father, a future self), a person of their own.
_ANOTHER_BEARER = re.compile(r"\b[Tt]he[ \t]+(?:older|younger|elder|other|adult|future)[ \t]+$")


def _compound(text: str, at: int) -> bool:
    """A hyphen (not a dash) joins the word before `at` to the next: "the
    doctor-patient talk" is no doctor; "her doctor— a soft orange" is."""
    return at + 1 < len(text) and text[at] in "-\u2010\u2011" and text[at + 1].isalpha()


def find_events(text: str, plain: str, story, quoted, cues: list[tuple[int, int]], names: Names,
                owner: dict[str, str]) -> list[Event]:
    """Every mention in the story's paragraphs (`story`) that may point at a
    character, in text order: the cast's names (`owner` gives each key's
    character id), references, and the screenplay cues and chat senders
    (`cues`); `quoted` are the quotations' spans (sorted)."""
    in_quote = SpanIndex(quoted)
    paragraph_starts = [s for s, _ in story]
    events: list[Event] = []
    taken: list[tuple[int, int]] = []
    for o in names.occurrences:
        if o.key not in owner:
            continue
        paragraph = paragraph_starts[bisect_right(paragraph_starts, o.start) - 1]
        possessed = _POSSESSED.match(plain, o.end)
        if possessed and not in_quote.holds(o.start) and not _compound(text, possessed.end()):
            # "Shouto's mother": a relative whose possessor is named.
            events.append(Event(o.start, possessed.end(), "relative", possessed.group("noun").lower(), paragraph,
                                possessor=owner[o.key], adjective=bool(possessed.group("adj"))))
        elif (another := _ANOTHER_BEARER.search(plain, max(0, o.start - 20), o.start)) and not in_quote.holds(o.start):
            role = " ".join(plain[another.start() : o.end].lower().split()[1:])  # "older draco"
            events.append(Event(another.start(), o.end, "role", role, paragraph, capitalised=True))
        else:
            quoted_here = in_quote.holds(o.start)
            events.append(Event(o.start, o.end, "name", owner[o.key], paragraph, quoted_here,
                                called=quoted_here and is_vocative(plain, o.start, o.end)))
        taken.append((events[-1].start, events[-1].end))
    # Name tokens ("the Uchiha" is an Uchiha) and capitalised words the text
    # writes without "the" ("Hogwarts": a place, never "the Haruno").
    bearers = {t for key in owner for t in key.split()}
    bare = _Lazy(lambda: {w.lower() for s, e in story for w in _BARE_CAPITAL.findall(plain, s, e)})
    taken_starts = [s for s, _ in taken]
    taken_ends = [e for _, e in taken]
    for start, end in story:
        reached = start
        for trigger in _TRIGGER.finditer(plain, start, end):
            m = _REFERENCE.match(plain, trigger.start(), end) if trigger.start() >= reached else None
            if m is None:
                continue
            reached = m.end()
            k = bisect_right(taken_starts, m.end() - 1) - 1
            if k >= 0 and taken_ends[k] > m.start():
                continue  # part of a name: "the Haruno" where "Haruno" is a name
            if not m.group("pronoun") and _compound(text, m.end()):
                continue
            event = _reference(plain, m, start, in_quote.holds(m.start()), names, bearers, bare)
            if event is not None:
                events.append(event)
    events.extend(_described_speakers(plain, story, events, in_quote))
    events.sort(key=lambda e: e.start)
    return _with_cues(plain, events, cues, owner)


# A description of no person the word lists know, as a speech tag's subject
# right beside a quotation: '"…," the dragon says', '"…," whimpers the
# loudspeaker'. Whatever speaks in a story is someone.
_DESCRIBED_TAG = re.compile(
    rf"[\"”],?[ \t]+(?:[Tt]he[ \t]+(?:[a-z-]+[ \t]+){{0,2}}?(?P<subject>[a-z]+)[ \t]+(?:\w+ly[ \t]+)?"
    rf"(?:{SPEECH_VERB_PATTERN})\b"
    rf"|(?:{SPEECH_VERB_PATTERN})[ \t]+the[ \t]+(?:[a-z-]+[ \t]+){{0,2}}?(?P<inverted>[a-z]+)(?=[ \t]*[,.;:!?\"”]))")
# Words after "the" that are no one of their own: "said the latter", "the two said".
_NOT_DESCRIBED = frozenset("latter former other others same first second last one two three both".split())


def _described_speakers(plain: str, story, events: list[Event], in_quote: SpanIndex) -> list[Event]:
    """Every "the X" of a noun that speaks somewhere in the story ("the
    dragon says") is a role of its own (one unnamed character, or whoever
    the text gives that title), wherever the story uses it."""
    nouns = set()
    for start, end in story:
        for m in _DESCRIBED_TAG.finditer(plain, start, end):
            noun = m.group("subject") or m.group("inverted")
            plural = noun.endswith("s") and not noun.endswith(("ss", "us", "is"))
            if noun not in _PERSON and noun not in _NOT_DESCRIBED and noun not in NOT_NAMES and not plural \
                    and not noun.endswith(("ette", "ly")):
                nouns.add(noun)
    if not nouns:
        return []
    pattern = re.compile(rf"\b[Tt]he\s+(?:[a-z-]+\s+){{0,2}}?({'|'.join(sorted(map(re.escape, nouns)))})\b(?!-\w)")
    taken = SpanIndex(sorted((e.start, e.end) for e in events))
    paragraph_starts = [s for s, _ in story]
    found = []
    for start, end in story:
        for m in pattern.finditer(plain, start, end):
            if not taken.meets(m.start(), m.end()):
                found.append(Event(m.start(), m.end(), "role", m.group(1), start, in_quote.holds(m.start())))
    return found


def _with_cues(plain: str, events: list[Event], cues: list[tuple[int, int]], owner: dict[str, str]) -> list[Event]:
    """Every screenplay cue and chat sender speaks, so each names someone: a
    name the cast knows, a handle that spells one ("sh0ko" for Shoko), or a
    speaker of their own ("THE PLAYERS", "stargazer", a phone number). The
    phone's owner ("Me") and an unknown sender are left to the speaker stage."""
    if not cues:
        return events
    starts = [e.start for e in events]
    added = []
    for start, end in cues:
        k = bisect_right(starts, end - 1) - 1
        if k >= 0 and events[k].end > start:
            continue  # a name the cast already found there
        written = " ".join(plain[start:end].split())
        key = mood_prefix(written) or written.lower()
        if key in _OWNERS or not key:
            continue
        person = owner.get(_HANDLE_DIGITS.sub(lambda d: _LEET[d.group()], key).strip("_-."))
        if person:
            added.append(Event(start, end, "name", person, start))
        else:
            added.append(Event(start, end, "role", key, start, capitalised=True))
    return sorted(events + added, key=lambda e: e.start) if added else events


def _reference(plain: str, m: re.Match, paragraph: int, quoted: bool, names: Names, bearers: set[str],
               bare: _Lazy) -> Event | None:
    if m.group("pronoun"):
        gender = "male" if m.group("pronoun").lower() in MALE_PRONOUNS else "female"
        return Event(m.start(), m.end(), "pronoun", gender, paragraph, quoted)
    if m.group("relative"):
        return Event(m.start(), m.end(), "relative", m.group("rnoun").lower(), paragraph, quoted,
                     possessor=m.group("poss").lower(), adjective=bool(m.group("radj")))
    if m.group("kin"):
        return Event(m.start(), m.end(), "kin", KIN_NAMES[m.group("kin").lower()], paragraph, quoted)
    if m.group("role"):
        return Event(m.start(), m.end(), "role", m.group("role").lower(), paragraph, quoted)
    if m.group("crowd"):
        # Only as a speech tag's subject ("someone at the back muttered",
        # "called one of the guards"); elsewhere "someone" is no one.
        if _CROWD_SPEAKS.match(plain, m.end(), m.end() + 50) or \
                _SPEECH_BEFORE.search(plain, max(0, m.start() - 30), m.start()):
            return Event(m.start(), m.end(), "role", "someone", paragraph, quoted)
        return None
    head = m.group("head")
    adjectives = m.group("adj").lower().replace(",", " ").split()
    other = "other" in adjectives
    described = any(a not in ("other", "same") for a in adjectives)
    if m.group("pcap") and run_key(m.group("pcap"))[0] in bearers:
        # "the Uchiha boy": the bearer of that name in view, as "the Uchiha".
        return Event(m.start(), m.end("pcap"), "epithet", run_key(m.group("pcap"))[0], paragraph, quoted,
                     capitalised=True)
    if m.group("cap"):
        words = head.split()
        key = run_key(head)[0]
        if words[0].lower() in GENERIC_NOUNS and words[0].lower() not in ROLE_NOUNS:
            # "The Blonde smiled": a description however capitalised.
            return Event(m.start(), m.start("cap") + len(words[0]), "epithet", words[0].lower(), paragraph, quoted,
                         adjective=described, other=other)
        if words[0].lower() in ROLE_NOUNS:
            # "the Mediwitch", "the Hokage": capitals make a title of it ("the
            # Hokage Protects all": the next word is none of it).
            return Event(m.start(), m.start("cap") + len(words[0]), "role", words[0].lower(), paragraph, quoted,
                         capitalised=True)
        if len(words) > 1:
            if key.split()[-1] in _PLACE_WORDS and not _speaks_near(plain, m):
                return None  # "the Spirit World", "the Jedi Order": a place or a body of people
            return Event(m.start(), m.end(), "role", key, paragraph, quoted, capitalised=True)  # "the Invisible Man"
        if key.endswith("s") and (key[:-1] in bearers or key[:-2] in bearers):
            return None  # "the Weasleys": a family
        if key in bearers:
            return Event(m.start(), m.end(), "epithet", key, paragraph, quoted, capitalised=True)  # "the Uchiha"
        if _speaks_near(plain, m):
            return Event(m.start(), m.end(), "role", key, paragraph, quoted, capitalised=True)  # "said the Dormouse"
        if key in names.lower or key in common_words() or key in bare.value \
                or _PLACE_BEFORE.search(plain, max(0, m.start() - 12), m.start()) \
                or not _ACTS_AFTER.match(plain, m.end()):
            return None  # "the City", "in the Ministry", "the Christmas holidays": a capitalised thing
        # "The Haruno spent the day": a family name standing for the one in view.
        return Event(m.start(), m.end(), "epithet", key, paragraph, quoted, capitalised=True, adjective=described)
    noun = head.lower().split()[-1]
    if noun.endswith("ette") and noun in _NOT_EPITHET_ETTE:
        return None
    kind = "role" if noun in ROLE_NOUNS else "epithet"
    if kind == "role" and _PLACE_BEFORE.search(plain, max(0, m.start() - 12), m.start()) and noun in ("king", "queen"):
        return None
    # "the Mandalorian trainer": told apart by the capitalised word too.
    return Event(m.start(), m.end(), kind, noun if noun in _PERSON else head.lower(), paragraph, quoted,
                 other=other,
                 adjective=described or "-haired" in head or noun.endswith("ette") or bool(m.group("pcap")))


def _speaks_near(plain: str, m: re.Match) -> bool:
    """Whether a speech verb stands next to the match: "said the Dormouse"."""
    return bool(_SPEECH_NEAR.match(plain, m.end(), m.end() + 40)
                or _SPEECH_BEFORE.search(plain, max(0, m.start() - 30), m.start()))


def speaks_beside(plain: str, start: int, end: int) -> bool:
    """Whether the mention at start:end speaks: a speech verb beside it
    ("said the guard", "someone at the back muttered") or words of its own
    after it ("his father's maxim")."""
    return bool(_SPEECH_NEAR.match(plain, end, end + 40) or _OWNS_WORDS.match(plain, end, end + 40)
                or _CROWD_SPEAKS.match(plain, end, end + 50)
                or _SPEECH_BEFORE.search(plain, max(0, start - 30), start))


class _Lazy:
    """A value computed the first time it is asked for (most texts never ask)."""

    def __init__(self, compute):
        self._compute = compute
        self._value = None

    @property
    def value(self):
        if self._value is None:
            self._value = self._compute()
        return self._value
