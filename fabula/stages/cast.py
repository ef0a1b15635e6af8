"""The cast: every character once, with all the names the text uses for them,
their gender, and every mention of them.

Three steps, in their own modules:

1. `names.py` finds the capitalised names that name people (runs of
   capitalised words, cleaned into keys by `name_runs.py`), on the evidence
   `name_evidence.py` reads around them (they act, speak, are called, take
   he/she; they are not ordinary words, oaths, places or timestamps);
2. `people.py` clusters them into people (full names and their parts,
   titles, honorifics, short forms, a cast list given beforehand);
3. `reference_events.py` finds what else may point at people in the
   narration: pronouns, descriptions, roles, relatives, kinship names,
   screenplay cues and chat senders; `references.py` resolves them
   (`roles.py` the roles, relatives and kinship names), creating unnamed
   characters ("the doctor", "Mrs. Todoroki's son") where no named one fits.

Gender comes from titles and the pronouns after a name (`people.py`), else
from the pronouns that resolved to the character. Every rule reads
`typography.plain(text)`, so curly and straight typography read alike; all
offsets are offsets of `text`. Unnamed characters mentioned once and never
beside a speech verb are left out, since nobody can cast them.

Cost is linear in the text: names are found by one regex pass and looked
up, and the salience table forgets characters out of view.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..lexicon import NOT_NAMES, TITLES
from ..model import Character, Emphasis, Mention, Paragraph, Paratext, Quote, SpanIndex
from ..typography import plain as plain_text
from ..typography import typed_offsets
from .gender import carried_gender, infer_genders
from .name_evidence import read_names
from .name_runs import run_key
from .names import find_names
from .people import Person, find_people, listed_names
from .reference_events import find_events, speaks_beside
from .references import ROLE_TITLES, Event, Resolver

_SENTENCE_BREAK = re.compile(r"[.!?]\s")


def find_cast(
    text: str,
    paragraphs: Sequence[Paragraph],
    paratext: Sequence[Paratext] = (),
    quotes: Sequence[Quote] = (),
    known: Sequence[str] = (),
    emphasis: Sequence[Emphasis] = (),
) -> tuple[tuple[Character, ...], tuple[Mention, ...]]:
    """Return the characters (most mentioned first) and all their mentions.
    `known` lists characters known beforehand ("Yamada Hizashi | Present
    Mic": one person's names separated by `|`); `emphasis` the italics,
    where titles of books and plays stand."""
    plain = plain_text(text)
    skip = SpanIndex(paratext)
    story = [(p.start, p.end) for p in paragraphs if not skip.covers(p.start, p.end)]
    quoted = sorted((q.start, q.end) for q in quotes)
    cues = sorted((q.cue.start, q.cue.end) for q in quotes if q.cue is not None)
    known_keys = _known_keys(known)
    reading = read_names(text, plain, story, quoted, cues, known_keys, sorted((e.start, e.end) for e in emphasis))
    names = find_names(reading, known_keys)
    people = find_people(names, known)
    ids = {id(p): f"c{i}" for i, p in enumerate(people, 1)}
    owner = {key: ids[id(p)] for p in people for key in p.keys}
    person_of = {key: i for i, p in enumerate(people) for key in p.keys}
    inferred, female_share = infer_genders(plain, story, quoted, names.occurrences, person_of,
                                           [p.keys for p in people], [p.votes for p in people])
    genders = {ids[id(p)]: g for p, g in zip(people, inferred)}
    events = find_events(text, plain, story, quoted, cues, names, owner)
    if not events:
        return (), ()
    resolver = _resolver(plain, people, ids, genders, events, len(people) + 1, typed_offsets(text))
    raw = resolver.resolve(events)
    leaning = {ids[id(p)]: p.votes for p in people}
    learned = {cid: g for cid, votes in resolver.carried.items()
               if (g := carried_gender(votes, female_share)) != "unknown" and not _against(leaning.get(cid), g)}
    for unnamed, person in resolver.merged.items():
        # "Mrs. Todoroki's son" turned out to be Shouto: he is a he.
        g = resolver.unnamed[unnamed].gender
        if g != "unknown" and genders.get(person) == "unknown" and not _against(leaning.get(person), g):
            learned.setdefault(person, g)
    relations = resolver.named_relations()
    if learned or relations:
        genders.update(learned)
        resolver = _resolver(plain, people, ids, genders, events, len(people) + 1, typed_offsets(text))
        resolver.learn_relations(relations)
        raw = resolver.resolve(events)
    raw = _known_epithets(plain, raw, resolver.unresolved)
    if resolver.merged:
        raw = [(start, end, resolver.merged.get(cid, cid), kind) for start, end, cid, kind in raw]
        for cid, person in resolver.merged.items():
            _absorb(resolver, cid, person, people, ids, genders)
    return _characters(plain, people, ids, genders, resolver, raw, {start for start, _ in cues})

def _resolver(plain: str, people: list[Person], ids: dict[int, str], genders: dict[str, str],
              events: list[Event], next_id: int, typed) -> Resolver:
    names = {ids[id(p)]: p.name for p in people}
    surnames: dict[str, set[str]] = defaultdict(set)
    titled: dict[tuple[str, str], str] = {}
    roles: dict[str, set[str]] = defaultdict(set)
    bearers: dict[str, set[str]] = defaultdict(set)
    for p in people:
        cid = ids[id(p)]
        for key in p.keys:
            tokens = key.split()
            is_titled = len(tokens) > 1 and tokens[0] in TITLES
            if is_titled:
                titled.setdefault((tokens[0], tokens[-1]), cid)
                if tokens[0] in ROLE_TITLES:
                    roles[ROLE_TITLES[tokens[0]]].add(cid)
            body = tokens[is_titled:]
            if len(body) > 1 or is_titled:
                surnames[cid].update(body)  # "Mr. Bennet" is a Bennet, as is "Elizabeth Bennet"
            for token in body:
                bearers[token].add(cid)
        for form in p.written:
            tail = form.replace("\u2019", "'").split("'")[0].rpartition("-")[2].lower()
            if tail in ROLE_TITLES:
                roles[ROLE_TITLES[tail]].add(cid)  # "Kakashi-sensei" is the sensei
    named = Counter(e.value for e in events if e.kind == "name")
    most = max(named.values(), default=1)
    # The most named characters (a chapter's point of view) keep a little
    # salience even when another name was the last one used.
    prior = {cid: 0.3 * n / most for cid, n in named.items()}
    sentence_ends = [m.end() for m in _SENTENCE_BREAK.finditer(plain)]
    return Resolver(plain, dict(genders), names, surnames, titled, roles, bearers, prior, sentence_ends, next_id,
                    typed)


def _absorb(resolver: Resolver, unnamed: str, person: str, people: list[Person], ids: dict[int, str],
            genders: dict[str, str]) -> None:
    """An unnamed relative who turned out to be a named person: their forms
    ("her son") become that person's aliases, and their gender theirs."""
    gone = resolver.unnamed.pop(unnamed)
    if genders.get(person, "unknown") == "unknown":
        genders[person] = gone.gender
    for p in people:
        if ids[id(p)] == person:
            p.forms.update({form: 0 for form in gone.forms if form not in p.forms})
            return


def _known_epithets(plain: str, raw: list, unresolved: list[Event]) -> list:
    """A coined epithet met before anyone it could mean ("'Not again,' the
    bluenette thought" opening a chapter) is whoever it means elsewhere."""
    if not unresolved:
        return raw
    votes: dict[str, Counter] = defaultdict(Counter)
    for start, end, cid, kind in raw:
        if kind == "epithet":
            votes[_phrase_key(plain[start:end])][cid] += 1
    added = []
    for ev in unresolved:
        counter = votes.get(_phrase_key(plain[ev.start : ev.end]))
        if counter:
            (cid, n), *_ = counter.most_common(1)
            if n >= 0.6 * sum(counter.values()):
                added.append((ev.start, ev.end, cid, "epithet"))
    return sorted(raw + added) if added else raw


def _phrase_key(phrase: str) -> str:
    return " ".join(phrase.lower().split()[1:])


def _against(votes: Counter | None, gender: str) -> bool:
    """Whether a name's own clauses lean the other way (too weakly to decide)."""
    if not votes:
        return False
    other = "male" if gender == "female" else "female"
    return votes[other] > votes[gender]


def _characters(plain, people, ids, genders, resolver: Resolver, raw, cue_starts: set[int]):
    counts = Counter(cid for _, _, cid, _ in raw)
    speaking = set()
    for start, end, cid, _ in raw:
        if cid in resolver.unnamed and (start in cue_starts or speaks_beside(plain, start, end)):
            speaking.add(cid)
    kept = {cid for cid in resolver.unnamed if counts[cid] >= 2 or cid in speaking}
    # What the family calls them ("Mother", "Kaa-san") is a name of theirs too.
    kin_names: dict[str, Counter] = defaultdict(Counter)
    for start, end, cid, kind in raw:
        if kind == "kin" and cid not in resolver.unnamed:
            kin_names[cid][plain[start:end]] += 1
    characters = []
    for p in people:
        cid = ids[id(p)]
        aliases = p.aliases()
        aliases += tuple(k for k, _ in kin_names[cid].most_common() if k not in aliases and k != p.name)
        characters.append(Character(id=cid, name=p.name, aliases=aliases, gender=genders[cid], mentions=counts[cid]))
    for cid, u in resolver.unnamed.items():
        if cid in kept:
            forms = [f for f, _ in u.forms.most_common() if f != u.name]
            characters.append(Character(id=cid, name=u.name, aliases=tuple(forms), gender=resolver.genders[cid],
                                        mentions=counts[cid]))
    characters.sort(key=lambda c: -c.mentions)
    mentions = tuple(Mention(start, end, cid, _MENTION_KIND[kind]) for start, end, cid, kind in raw
                     if cid not in resolver.unnamed or cid in kept)
    return tuple(characters), mentions


_MENTION_KIND = {"name": "name", "pronoun": "pronoun", "epithet": "epithet", "role": "role",
                 "relative": "relative", "kin": "kin"}


def _known_keys(known: Sequence[str]) -> frozenset[str]:
    keys = set()
    for entry in known:
        for name in listed_names(entry):
            key = run_key(name)[0]
            tokens = key.split()
            keys.add(key)
            keys.update(t for t in tokens if len(t) > 2 and t not in TITLES and t not in NOT_NAMES)
    return frozenset(k for k in keys if k)
