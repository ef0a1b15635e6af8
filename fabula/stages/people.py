"""Which names are one person.

Name keys (from `names.py`) are clustered, fullest first:

- a cast list (`--cast`, a site's character tags) seeds people with all
  their names: "Yamada Hizashi | Present Mic" is one person, and so are
  "Yamada", "Hizashi" and "Present Mic" wherever the text uses them;
  "Hermione G." is Hermione and the G-surname written beside her;
- a full name gathers its parts, whichever order it is written in
  ("Sakura Haruno", "Uzumaki Naruto"), so a bare "Naruto" or "Uzumaki"
  joins it; a part shared by several full names (a family name) goes to
  its best-known bearer, or stays apart when none stands out;
- a titled name joins a full name its title fits: "Mr. Frank Churchill"
  is Frank Churchill, "Madame Olenska" Ellen Olenska, but "Mrs. Todoroki"
  is not Todoroki Shouto ("he"), and in a family of one surname "Mrs.
  Archer" is only someone the text also calls "Mrs."; a "Mr. John
  Knightley" beside "Mr. Knightley" says the bare titled name is another;
- a short form of a first name ("Sieg" for Siegfried) joins it when no one
  else's name begins so.

Gender comes from titles, then from he/she following the name as subject
(`names.following_pronoun`), and only on clear evidence: unknown is better
than a wrong guess. The cast stage adds the pronouns it resolves.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from nicknames import NickNamer

from ..lexicon import HONORIFICS, NOT_NAMES, TITLES
from .name_runs import common_words, run_key
from .names import Names

_PARENTHESIS = re.compile(r"\s*\([^)]*\)")
_INITIAL = re.compile(r"^[a-z]\.?$")
_CAMEL_PART = re.compile(r"[A-Z][a-z]+")
# Tags for groups rather than persons: "Konoha 12", "Rookie Nine", "Team 7",
# "The Argents", "The Hale Pack", "Original Female Character(s)", "Everyone",
# "Weasley Family".
_GROUP_TAG = re.compile(r"\d|^the\s|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|team|squad|"
                        r"family|clan|pack|coven|order|gang|crew|council|everyone|ensemble|characters?|cast|others|"
                        r"group)\b", re.I)
# Titles that a family shares out: "Mrs. Archer" may be anyone's mother.
_FAMILY_TITLES = frozenset({"mr", "mrs", "miss", "ms", "master", "mister", "missus"})


@dataclass
class Person:
    """One person: the name keys the text uses for them and their forms."""

    keys: set[str] = field(default_factory=set)
    forms: Counter = field(default_factory=Counter)  # display form -> occurrences
    written: Counter = field(default_factory=Counter)  # as written, honorifics kept
    votes: Counter = field(default_factory=Counter)
    gender: str = "unknown"
    known: bool = False

    @property
    def name(self) -> str:
        # The fullest name the text uses often enough ("Archer" beats the
        # "Archer Madeira" of two mentions; "Frank Churchill" beats "Frank").
        top = max(self.forms.values())
        usual = [f for f, n in self.forms.items() if n >= max(2, top / 4)] or list(self.forms)
        return max(usual, key=lambda f: (len(f.split()), self.forms[f], f))

    @property
    def size(self) -> int:
        return sum(self.forms.values())

    def aliases(self) -> tuple[str, ...]:
        """Every other form, and the forms with an honorific as written."""
        name = self.name
        out = [f for f, _ in self.forms.most_common() if f != name]
        for form, _ in self.written.most_common():
            bare = re.sub(r"'s?$", "", form.replace("\u2019", "'"))
            if "-" in bare and bare.rpartition("-")[2].lower() in HONORIFICS and bare not in out:
                out.append(bare)
        return tuple(out)


def find_people(names: Names, known: Sequence[str] = ()) -> list[Person]:
    """Cluster the accepted name keys into people, most mentioned first."""
    counts = Counter(o.key for o in names.occurrences)
    at: dict[str, list[int]] = {}  # each key's offsets, in text order
    for o in names.occurrences:
        at.setdefault(o.key, []).append(o.start)
    people: list[Person] = []
    owner: dict[str, Person] = {}
    # token -> people with a name of several words holding it (after any title)
    by_token: dict[str, dict[int, Person]] = {}

    def add(key: str, person: Person) -> None:
        e = names.evidence[key]
        person.keys.add(key)
        person.forms[names.display[key]] += counts[key]
        person.written.update(e.written)
        person.votes.update(e.votes)
        owner[key] = person
        person.gender = _gender(person)
        tokens = key.split()
        if len(tokens) > 1:
            for token in tokens[_titled(key):]:
                by_token.setdefault(token, {})[id(person)] = person

    for entry in known:
        person = None
        for key in _known_keys(entry, counts):
            if key not in owner:
                if person is None:
                    person = Person(known=True)
                    people.append(person)
                add(key, person)

    def bearers(token: str) -> list[Person]:
        return list(by_token.get(token, {}).values())

    # Full names first, then titled names, then single words, so that a bare
    # "Knightley" can go to Mr. Knightley rather than to John Knightley.
    for key in sorted(counts, key=lambda k: (not (len(k.split()) > 1 and not _titled(k)), not _titled(k),
                                             -len(k.split()), -counts[k], k)):
        if key in owner:
            continue
        tokens = key.split()
        gender = _key_gender(key, names)
        home = None
        if len(tokens) > 1 and not _titled(key):
            # "Siegfried von Kircheis" already holds "Siegfried Kircheis": a
            # fuller name with the same first and last word.
            # So does "Anthony Edward Stark" hold "Tony Stark": a given name
            # and its diminutive.
            home = next((owner[k] for k in owner if len(k.split()) >= len(tokens) and k != key and not _titled(k)
                         and k.split()[-1] == tokens[-1] and _same_given_name(k.split()[0], tokens[0])
                         and (len(k.split()) > len(tokens) or k.split()[0] != tokens[0])), None)
        elif _titled(key) and len(tokens) > 2:
            same = owner.get(_bare(key))
            if same is not None and not (_compatible(same.gender, gender)
                                         and _compatible(_key_gender(_bare(key), names), gender)):
                continue  # "Mrs. Gojo Satoru" for someone else than Gojo Satoru: a joke, not a person
            home = same
        elif _titled(key):
            home = _titled_home(key, gender, bearers(tokens[1]), owner, counts, at)
        else:
            home = _bare_home(tokens[0], gender, bearers(tokens[0]), owner, people)
        if home is None:
            home = Person()
            people.append(home)
        add(key, home)
    return sorted(_join_moods(_join_short_forms(people, at), names), key=lambda p: -p.size)


def _join_short_forms(people: list[Person], at: dict[str, list[int]]) -> list[Person]:
    """"Sieg" is Siegfried when no one else's name begins so, and the two
    are not seen side by side (Tom and Tomas talking are two people); `at`
    gives each name key's offsets."""
    by_prefix: dict[str, dict[int, Person]] = {}
    for p in people:
        for key in p.keys:
            for token in key.split()[_titled(key):]:
                for n in range(3, len(token) - 1):
                    by_prefix.setdefault(token[:n], {})[id(p)] = p
    gone: set[int] = set()
    for p in people:
        if len(p.keys) != 1:
            continue
        (key,) = p.keys
        tokens = key.split()
        if len(tokens) == 2 and _titled(key):
            # "Emperor Sky" beside Emperor Skywalker: the same title, shortened.
            longer = {i: q for i, q in by_prefix.get(tokens[1], {}).items() if q is not p and i not in gone
                      and any(k.split()[0] == tokens[0] and _titled(k) for k in q.keys)}
        else:
            longer = {i: q for i, q in by_prefix.get(key, {}).items() if q is not p and i not in gone}
        if (len(tokens) == 1 or _titled(key)) and len(longer) == 1:
            (q,) = longer.values()
            if _compatible(p.gender, q.gender) and _side_by_side(at.get(key, []), sorted(
                    i for k in q.keys for i in at.get(k, []))) < 2:
                _fold(p, q)
                gone.add(id(p))
    return [p for p in people if id(p) not in gone]


def _fold(person: Person, into: Person) -> None:
    """Make `person`'s names `into`'s."""
    into.keys |= person.keys
    into.forms.update(person.forms)
    into.written.update(person.written)
    into.votes.update(person.votes)
    into.gender = _gender(into)


def mood_prefix(written: str) -> str | None:
    """The name in a script's mood-tagged speaker ("magma" of "MagmaAnnoyed",
    "ghostpast" of "GhostPastSad"): CamelCase ending in an everyday word."""
    parts = _CAMEL_PART.findall(written)
    if len(parts) < 2 or "".join(parts) != written or parts[-1].lower() not in common_words():
        return None
    return "".join(parts[:-1]).lower()


def _join_moods(people: list[Person], names: Names) -> list[Person]:
    """Script-form works tag a speaker's mood onto the name: "MagmaAnnoyed:",
    "HornetGlare:" and "GhostPastSad:" are Magma, Hornet Man and GhostPast,
    when the name before the everyday word is one the text uses."""
    owner = {key: p for p in people for key in p.keys}
    holders: dict[str, set[int]] = {}
    for p in people:
        for key in p.keys:
            for token in key.split():
                holders.setdefault(token, set()).add(id(p))
    gone: set[int] = set()
    moods: dict[str, Person] = {}
    for p in people:
        if len(p.keys) != 1:
            continue
        (key,) = p.keys
        prefix = mood_prefix(names.display[key])
        if prefix is None:
            continue
        home = owner.get(prefix)
        if home is None and len(holders.get(prefix, ())) == 1:
            home = next(q for q in people if id(q) in holders[prefix])
        # "JewelHappy" and "JewelShocked" are one person even where "Jewel"
        # is no name of its own.
        home = home or moods.setdefault(prefix, p)
        if home is not p and id(home) not in gone:
            _fold(p, home)
            gone.add(id(p))
    return [p for p in people if id(p) not in gone]


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


def _same_given_name(a: str, b: str) -> bool:
    """"Anthony" and "Tony", "Ronald" and "Ron": one given name, one short for it."""
    return a == b or b in _nicknamer().nicknames_of(a) or a in _nicknamer().nicknames_of(b)


def _goes_by_given_name(person: Person, counts) -> bool:
    """Whether the text calls the person by a given name alone ("George")."""
    return any(k.split()[0] in counts for k in person.keys if len(k.split()) > 1 and not _titled(k))


def _given_names(person: Person) -> set[str]:
    return {k.split()[0] for k in person.keys if len(k.split()) > 1 and not _titled(k)}


def _titled_so(person: Person, title: str) -> bool:
    return any(_titled(k) and k.split()[0] == title for k in person.keys)


def _titled_home(key: str, gender: str, bearers: list[Person], owner: dict[str, Person], counts,
                 at: dict[str, list[int]]) -> Person | None:
    """Where "Mr. Weston", "Madame Olenska", "Mrs. Todoroki" belong."""
    title, surname = key.split()
    fits = [p for p in bearers if _compatible(p.gender, gender)]
    if TITLES.get(title) == "unknown":
        # A bearer whose given name stands again and again right beside a
        # rank (a title that says nothing of sex or family) is someone else
        # of the family ("Dr Buttersby said, pointing back at Liam": Liam
        # Buttersby's father). ("Miss Woodhouse" and "Madame Olenska" beside
        # "Emma" and "Ellen" are how people speak of them.)
        fits = [p for p in fits if not any(_side_by_side(at.get(key, []), at.get(given, []), 60) >= 2
                                           for given in _given_names(p))]
    if title in _FAMILY_TITLES:
        # Only a bearer the text also titles alike: "Mrs. Archer" is not Janey
        # Archer. A man is his family's only "Mr." though: "Mr. Scrimgeour"
        # is Rufus Scrimgeour when no other Scrimgeour is a man.
        # "Master Windu" is Mace Windu, the one Windu: "Master" before a
        # surname is a rank ("Master Tom", a boy's title, comes before a
        # given name). So is "Miss Bones" Susan Bones, the one bearer of the
        # name, a woman as far as the text says; and "Mr Crowley" Anthony
        # Crowley, whom the text never calls "Anthony" (a George whom it
        # calls George is Mr. Emerson's son).
        alike = [p for p in fits if _titled_so(p, title)]
        men = [p for p in bearers if p.gender == "male"]
        fits = alike or (men if title in ("mr", "mister") and len(men) == 1
                         and all(p.gender == "female" for p in bearers if p is not men[0]) else
                         fits if title in ("master", "miss", "ms") and len(bearers) == 1 else
                         fits if title in ("mr", "mister") and len(fits) == len(bearers) == 1
                         and not _goes_by_given_name(fits[0], counts)
                         else [])
    elif len(fits) > 1:
        # "Captain BarCarran" beside Captain Pellon BarCarran and Maxes
        # BarCarran: the one the text titles alike.
        fits = [p for p in fits if _titled_so(p, title)] or fits
    # "Mr. John Knightley" beside "Mr. Knightley": the bare titled name is someone else.
    fits = [p for p in fits if not any(_titled(k) and len(k.split()) > 2 and _key_title_gender(k) == gender
                                       and k.split()[-1] == surname for k in p.keys) or title not in _FAMILY_TITLES]
    if len(fits) == 1:
        return fits[0]
    if not fits:
        # "Lady Brenda": a title before a first name nobody else bears.
        alone = owner.get(surname)
        return alone if alone is not None and _compatible(alone.gender, gender) else None
    return None


def _bare_home(token: str, gender: str, bearers: list[Person], owner: dict[str, Person],
               people: list[Person]) -> Person | None:
    """Where a one-word name belongs: the full name it is part of, its best
    known bearer, the titled name it is the surname of, the first name it
    shortens."""
    fits = sorted((p for p in bearers if _compatible(p.gender, gender)), key=lambda p: -p.size)
    if not fits:
        titled = [p for k, p in owner.items() if _titled(k) and k.split()[-1] == token and _compatible(p.gender, gender)]
        fits = sorted({id(p): p for p in titled}.values(), key=lambda p: -p.size)
    if len(fits) == 1 or (len(fits) > 1 and fits[0].size >= 2 * fits[1].size):
        return fits[0]
    # "Scrimgeour" between Rufus Scrimgeour and a "Mr. Scrimgeour" only
    # titled: the one the text names in full.
    named = [p for p in fits if any(len(k.split()) > 1 and not _titled(k) for k in p.keys)]
    if len(named) == 1:
        return named[0]
    if fits:
        return None
    if len(token) >= 3:
        longer = {id(p): p for k, p in owner.items() for t in k.split()
                  if t.startswith(token) and len(t) >= len(token) + 2 and not _titled(t)}
        if len(longer) == 1:
            (person,) = longer.values()
            if _compatible(person.gender, gender):
                return person
    return None


def _side_by_side(a: list[int], b: list[int], window: int = 200) -> int:
    """How many offsets of `a` have one of `b` within `window` characters."""
    return sum(1 for i in a if (k := bisect_left(b, i - window)) < len(b) and b[k] <= i + window)


def listed_names(entry: str) -> list[str]:
    """The names of one cast-list entry ("Yamada Hizashi | Present Mic",
    "Rookie Nine (Naruto)"), without fandom notes, and none for a group."""
    names = [_PARENTHESIS.sub("", name).strip() for name in entry.split("|")]
    return [name for name in names if name and not _GROUP_TAG.search(name)]


def _known_keys(entry: str, counts: Counter) -> list[str]:
    """The keys the text uses of one cast-list entry ("Yamada Hizashi |
    Present Mic", "Hermione G."): each name, its parts, and for a surname
    given as an initial the full name the text writes with it."""
    keys = []
    for name in listed_names(entry):
        key, _ = run_key(name)
        tokens = key.split()
        if not tokens:
            continue
        if len(tokens) == 2 and _INITIAL.match(tokens[1]):
            first, initial = tokens[0], tokens[1][0]
            keys.append(first)
            keys += [k for k in counts if len(k.split()) == 2 and k.split()[0] == first and k.split()[1][0] == initial]
            keys += [k.split()[1] for k in keys[1:]]
            continue
        keys.append(key)
        if len(tokens) > 1:
            keys += [t for t in tokens if t not in TITLES and t not in NOT_NAMES]
    return [k for k in dict.fromkeys(keys) if k in counts]


def _gender(person: Person) -> str:
    titled = {_key_title_gender(k) for k in person.keys} - {"unknown"}
    if len(titled) == 1:
        return titled.pop()
    return vote_gender(person.votes)


def vote_gender(votes: Counter) -> str:
    """The gender the pronouns show clearly, else unknown: never from one
    sentence, and never against a real minority."""
    male, female = votes["male"], votes["female"]
    if max(male, female) >= 2 and max(male, female) >= 3 * min(male, female):
        return "male" if male > female else "female"
    return "unknown"


def _key_gender(key: str, names: Names) -> str:
    """A name's gender for telling bearers apart: its title, else the way its
    pronouns lean, however few ("Archer smiled, and he sat down")."""
    title = _key_title_gender(key)
    if title != "unknown":
        return title
    votes = names.evidence[key].votes
    male, female = votes["male"], votes["female"]
    return "male" if male > 3 * female else "female" if female > 3 * male else "unknown"


def _key_title_gender(key: str) -> str:
    first = key.split()[0]
    return TITLES.get(first, "unknown") if _titled(key) else "unknown"


def _compatible(a: str, b: str) -> bool:
    return "unknown" in (a, b) or a == b


def _titled(key: str) -> bool:
    tokens = key.split()
    return len(tokens) > 1 and tokens[0] in TITLES


def _bare(key: str) -> str:
    tokens = key.split()
    return " ".join(tokens[1:]) if _titled(key) else key
