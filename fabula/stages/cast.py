"""The cast: every character once, with all the names the text uses for them,
their gender, and every mention of them.

Builds on `names.find_people` (proper names, clustered into people) and adds
what a reader resolves from context, in one pass over the narration:

- pronouns (he, she, his, her…) outside quotations go to the most salient
  character of that gender; salience grows with each mention and fades with
  distance, so a chapter's point-of-view character keeps "she" through a
  paragraph that names someone else once;
- epithets ("the pinkette", "the raven-haired boy", "the older ninja", "the
  Haruno") go to the most salient compatible character not named in the same
  sentence ("Sakura looked at the girl": the girl is someone else); which of
  them become aliases is decided after the speakers (`stages/aliases.py`);
- gender comes from titles and the pronouns that follow a character's name
  (`names.py`), else from the pronouns that resolved to the character.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..lexicon import (
    EPITHET_ADJECTIVES,
    HONORIFICS,
    MALE_PRONOUNS,
    PERSON_NOUNS,
)
from ..model import Character, Mention, Paragraph, Paratext, Quote
from .names import Person, find_people

_NOT_EPITHET_ETTE = frozenset(
    ["cigarette", "silhouette", "palette", "baguette", "roulette", "cassette", "etiquette", "toilette", "omelette", "kitchenette", "gazette", "vignette", "serviette", "marionette", "statuette", "pipette", "rosette-window"]
)
_ADJ = "|".join(sorted((re.escape(a) for a in EPITHET_ADJECTIVES), key=len, reverse=True))
_NOUN = "|".join(sorted((re.escape(n) for n in PERSON_NOUNS), key=len, reverse=True))
_EPITHET = (
    rf"\b[Tt]he\s+(?P<epithet>(?:(?:{_ADJ})[\s,]+){{0,2}}"
    rf"(?:[a-z]+ette|[a-z]+-haired(?:\s+(?:{_NOUN}))?|(?:{_NOUN})|(?P<cap>[A-Z][a-z]*[a-rt-z])))\b"
)
_PRONOUN = r"\b(?P<pronoun>[Hh]e|[Ss]he|[Hh]im|[Hh]er|[Hh]is|[Hh]ers|[Hh]imself|[Hh]erself)\b"
_PLACE_BEFORE = re.compile(r"\b(?:in|into|inside|within|throughout|across|on|onto|outside|through)\s+(?:the\s+)?$",
                           re.IGNORECASE)
_PREPOSITION_BEFORE = re.compile(r"\b(?:at|in|to|from|of|into|on|by|with|for|near|across|toward|towards)\s+$", re.IGNORECASE)
# "The Haruno spent…": a capitalised epithet is a person only as a subject.
_VERB_AFTER = re.compile(
    r"\s+(?:\w+ly\s+)?(?:\w+ed|said|spent|went|took|gave|came|saw|felt|knew|thought|made|got|ran|sat|stood|"
    r"left|found|told|kept|began|let|put|held|brought|smiled|nodded|frowned|grinned|"
    r"sighed|looked|turned|shook|replied|asked)\b"
)
# "the girl greeted her", not "the girl looked back to see Sasuke behind her",
# where another name comes between and "her" is the girl herself.
_OBJECT_AFTER = re.compile(
    r"(?:(?![A-Z])[^.!?;\"“”]){0,40}?(?<!behind )(?<!beside )(?<!around )\b([Hh]im|[Hh]er)\b(?=\s*[.,!?;\"”]|\s+(?:to|and|as|with|at|in|on|for|from|by|into|"
    r"up|down|off|out|back|again|away|so|but|or|too|when|while)\b)"
)
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
_DECAY = 400.0  # characters over which salience falls by a factor of e


def find_cast(
    text: str,
    paragraphs: Sequence[Paragraph],
    paratext: Sequence[Paratext] = (),
    quotes: Sequence[Quote] = (),
    known: Sequence[str] = (),
) -> tuple[tuple[Character, ...], tuple[Mention, ...]]:
    """Return the characters (most mentioned first) and all their mentions.
    `known` lists characters known beforehand ("Yamada Hizashi | Present
    Mic": one person's names separated by `|`)."""
    skip = [(p.start, p.end) for p in paratext]
    story = [(p.start, p.end) for p in paragraphs if not any(s <= p.start and p.end <= e for s, e in skip)]
    people = find_people(text, story)
    if not people:
        return (), ()
    ids = {id(p): f"c{i}" for i, p in enumerate(people, 1)}
    by_form = {form.lower(): ids[id(p)] for p in people for form in p.forms}
    scanner = _scanner(people)
    events = [(m, s) for s, e in story for m in scanner.finditer(text, s, e)]
    quote_starts = [q.start for q in quotes]
    quote_ends = [q.end for q in quotes]

    def in_quote(i: int) -> bool:
        k = bisect_right(quote_starts, i) - 1
        return k >= 0 and i < quote_ends[k]

    # Titles and the pronouns after a name as subject (names.py) first.
    genders = {ids[id(p)]: p.gender for p in people}
    not_people = _not_people(text, events)
    sentence_ends = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    mentions = _resolve(text, events, by_form, genders, in_quote, scanner, not_people, sentence_ends)
    # Characters the text never sets beside a pronoun as a subject get their
    # gender from the pronouns that resolved to them anyway; then resolve again.
    learned = _genders_from_pronouns(text, mentions, genders)
    if learned:
        genders.update(learned)
        mentions = _resolve(text, events, by_form, genders, in_quote, scanner, not_people, sentence_ends)
    counts = Counter(m.character for m in mentions)
    characters = []
    for p in people:
        cid = ids[id(p)]
        names = sorted(p.forms, key=lambda f: (-p.forms[f], f))
        characters.append(Character(
            id=cid, name=p.name, aliases=tuple(n for n in names if n != p.name),
            gender=genders[cid], mentions=counts[cid],
        ))
    return tuple(characters), tuple(mentions)


def _scanner(people: list[Person]) -> re.Pattern:
    forms = sorted({f for p in people for f in p.forms}, key=len, reverse=True)
    names = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    honorific = "|".join(HONORIFICS)
    return re.compile(
        rf"(?P<name>\b(?:{names}))(?:-(?:{honorific}))?(?:['’]s?)?\b(?!-\w)|{_EPITHET}|{_PRONOUN}"
    )


def _genders_from_pronouns(text, mentions, genders) -> dict[str, str]:
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if m.kind == "pronoun" and genders[m.character] == "unknown":
            word = text[m.start : m.end].lower()
            votes[m.character]["male" if word in MALE_PRONOUNS else "female"] += 1
    learned = {}
    for cid, v in votes.items():
        (gender, n), = v.most_common(1)
        if n >= 3 and n >= 2 * (sum(v.values()) - n):
            learned[cid] = gender
    return learned


def _not_people(text: str, events) -> set[str]:
    """Coined epithets that turn out to be places or things. "the Haruno" is
    a person: "Haruno" is never written in lower case; "the City" is not
    ("the walls of the city"). "the pinkette" acts somewhere in the text
    ("the pinkette thought"); "the maisonette" never does, and is lived "in"."""
    acts: Counter = Counter()
    placed: set[str] = set()
    caps: set[str] = set()
    for m, _ in events:
        phrase = m.group("epithet")
        if not phrase or (not m.group("cap") and _epithet_is_common(phrase)):
            continue
        key = _key(phrase)
        if m.group("cap"):
            caps.add(key)
        acts[key] += bool(_VERB_AFTER.match(text, m.end()))
        if _PLACE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            placed.add(key)
    # One pass over the text for all of them.
    heads = {key.split()[-1] for key in caps}
    written = set(re.findall(rf"\b(?:{'|'.join(map(re.escape, heads))})\b", text)) if heads else set()
    lower_case = {key for key in caps if key.split()[-1] in written}
    return placed | lower_case | {key for key, n in acts.items() if not n}


def _epithet_is_common(phrase: str) -> bool:
    """"the girl", "the old man": a person noun, as opposed to a coined epithet."""
    head = phrase.lower().split()[-1]
    return head in PERSON_NOUNS


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _resolve(text, events, by_form, genders, in_quote, scanner, not_people, sentence_ends):
    unresolved: list[tuple[int, int, str]] = []  # coined epithets with nobody salient to be
    # The most named characters (a chapter's point of view) keep a little
    # salience even when another name was the last one used.
    named = Counter(by_form.get(_norm(m.group("name"))) for m, _ in events if m.group("name"))
    most = max(named.values(), default=1)
    prior = {cid: 0.3 * n / most for cid, n in named.items() if cid}
    salience: dict[str, tuple[float, int]] = {}  # character -> (score, offset of last update)
    mentions: list[Mention] = []
    sentence_names: list[tuple[int, str]] = []
    subject: str | None = None  # who the last sentence was about

    def bump(cid: str, at: int, weight: float) -> None:
        score, last = salience.get(cid, (0.0, at))
        salience[cid] = (score * math.exp(-(at - last) / _DECAY) + weight, at)

    def best(at: int, gender: str, exclude: set[str]) -> str | None:
        top, top_score = None, 0.05
        for cid, (score, last) in salience.items():
            if cid in exclude or at - last > 4 * _DECAY:
                continue
            g = genders[cid]
            if gender != "unknown" and g not in (gender, "unknown"):
                continue
            value = (score * math.exp(-(at - last) / _DECAY) + prior.get(cid, 0.0)) * (1.0 if g == gender else 0.3)
            if value > top_score:
                top, top_score = cid, value
        return top

    seen_sentence = -1
    for m, paragraph_start in events:
        at = m.start()
        sentence_start = _sentence_start(sentence_ends, at, paragraph_start)
        sentence_names = [(i, c) for i, c in sentence_names if i >= sentence_start]
        quoted = in_quote(at)
        # The first mention of a sentence, even after an opener ("This time
        # Sakura…", "While there, she…"), is usually its subject.
        initial = not quoted and sentence_start != seen_sentence
        if initial:
            seen_sentence = sentence_start
        if m.group("name"):
            cid = by_form.get(_norm(m.group("name")))
            if cid:
                mentions.append(Mention(at, m.end(), cid, "name"))
                bump(cid, at, 0.1 if quoted else 1.5 if initial else 1.0)
                sentence_names.append((at, cid))
                if initial and not quoted:
                    subject = cid
        elif m.group("epithet"):
            phrase = m.group("epithet")
            if m.group("cap") and _norm(phrase) in by_form:
                # "the Dormouse", "the Haruno": a known name after all.
                cid = by_form[_norm(phrase)]
                mentions.append(Mention(m.start("epithet"), m.end(), cid, "name"))
                bump(cid, at, 0.1 if quoted else 1.5 if initial else 1.0)
                sentence_names.append((at, cid))
                continue
            if m.group("cap") and (
                _PREPOSITION_BEFORE.search(text[max(0, at - 12) : at]) or not _VERB_AFTER.match(text, m.end())
            ):
                continue
            if _key(phrase) in not_people:
                continue
            gender = _epithet_gender(phrase)
            if gender is None:
                continue
            # Names anywhere in the sentence are other people: "the pinkette
            # smiled at Ino's enthusiasm" is not Ino.
            later = {
                by_form.get(_norm(n.group("name")))
                for n in scanner.finditer(text, m.end(), _sentence_end(text, m.end()))
                if n.group("name")
            }
            exclude = {c for _, c in sentence_names} | later
            if _object_follows(text, m.end(), gender):
                # "the girl greeted her": the pronoun keeps the one in view,
                # so the epithet is the other girl.
                top = best(at, gender, exclude)
                cid = best(at, gender, exclude | {top}) or top if top else None
            elif initial and subject and subject not in exclude and gender in ("unknown", genders[subject]):
                cid = subject  # "…she had people waiting for her. The Haruno spent…"
            else:
                cid = best(at, gender, exclude)
            if initial and cid:
                subject = cid
            if cid:
                mentions.append(Mention(at, m.end(), cid, "epithet"))
                bump(cid, at, 1.0)
                sentence_names.append((at, cid))
            elif not _epithet_is_common(phrase):
                unresolved.append((at, m.end(), _key(phrase)))
        elif not quoted:
            word = m.group("pronoun").lower()
            gender = "male" if word in MALE_PRONOUNS else "female"
            if initial and subject and genders[subject] == gender:
                cid = subject  # "Sakura sighed. She…": the subject carries on
            else:
                cid = best(at, gender, set())
            if initial and cid:
                subject = cid
            if cid:
                mentions.append(Mention(at, m.end(), cid, "pronoun"))
                bump(cid, at, 0.3)
    if unresolved:
        mentions = _known_epithets(text, mentions, unresolved)
    return mentions


def _object_follows(text: str, at: int, gender: str) -> bool:
    """An object him/her of the epithet's gender later in its clause."""
    m = _OBJECT_AFTER.match(text, at, at + 60)
    if not m:
        return False
    word = m.group(1).lower()
    return gender == "unknown" or (word == "him") == (gender == "male")


def _known_epithets(text, mentions, unresolved):
    """A coined epithet met before anyone it could mean ("'Not again,' the
    bluenette thought" opening a chapter) is whoever it means elsewhere."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if m.kind == "epithet":
            votes[_key(text[m.start : m.end]).removeprefix("the ")][m.character] += 1
    added = []
    for start, end, key in unresolved:
        if votes[key]:
            (cid, n), = votes[key].most_common(1)
            if n >= 0.6 * sum(votes[key].values()):
                added.append(Mention(start, end, cid, "epithet"))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def _sentence_start(sentence_ends: list[int], at: int, floor: int) -> int:
    """Where the sentence holding `at` begins, looking back at most 300
    characters and never before `floor`."""
    lo = max(floor, at - 300)
    k = bisect_right(sentence_ends, at) - 1
    return sentence_ends[k] if k >= 0 and sentence_ends[k] - 2 >= lo else lo


def _sentence_end(text: str, at: int) -> int:
    m = _SENTENCE_BREAK.search(text, at, at + 300)
    return m.start() if m else min(len(text), at + 300)


def _epithet_gender(phrase: str) -> str | None:
    words = phrase.lower().replace(",", " ").split()
    head = words[-1]
    if head.endswith("ette"):
        return None if head in _NOT_EPITHET_ETTE else "female"
    if head.endswith("-haired"):
        return "unknown"
    if phrase[:1].isupper():
        return "unknown"
    return PERSON_NOUNS.get(head, PERSON_NOUNS.get(" ".join(words[-2:]), "unknown"))


def _norm(form: str) -> str:
    form = re.sub(r"['’]s?$", "", form)
    head, _, tail = form.rpartition("-")
    if head and tail.lower() in HONORIFICS:
        form = head
    return " ".join(form.split()).lower()
