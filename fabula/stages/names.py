"""Proper names of people, and which of them are one person.

Capitalised words are names when the text capitalises them mid-sentence more
often than it writes them in lower case, and they are not function words,
interjections ("Shit", "Anywho") or calendar words. A name is a person rather
than a place or group when the text treats it as one: followed by a verb of
speech or action, preceded by a title, called in a vocative ("Hinata, I'm
going"), given a possessive; and not mostly after "in", "to", "from" or "an".

Each name form also collects gender votes: the he/she/his that follows it
when it stands as a sentence's subject ("Archer felt that he…"), before
another name or a quotation intervenes.

Name forms are then clustered into people: a full name ("Sakura Haruno")
gathers its first name and surname, a titled name ("Mr. Knightley") the
surname, with gender from titles and votes keeping "Mr. Weston" apart from
"Mrs. Weston" and sending a bare "Archer" who is a "he" to Newland Archer
rather than to Mrs. Archer. Works for any script that has capital letters,
so Japanese, Korean and invented names come out like English ones.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..lexicon import HONORIFICS, NOT_NAMES, SPEECH_VERBS, TITLES

_TITLE = r"(?:Mr|Mrs|Ms|Dr|St|Mme|Mlle|Rev|M)\.|(?:" + "|".join(
    sorted({t.rstrip(".").capitalize() for t in TITLES if not t.endswith(".")}, key=len, reverse=True)
) + r")\b"
_WORD = r"[A-Z](?:[^\W_]|['’](?=[^\W_]))*(?:-[A-Za-z]+)*"
# A run of capitalised words (with an optional title) separated by single spaces.
_NAME_RUN = re.compile(rf"(?:(?:{_TITLE})[ \t]*\n?[ \t]*)?{_WORD}(?:[ \t]*\n?[ \t]*{_WORD})*")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’]+\b")
_POSSESSIVE = re.compile(r"['’]s?$")
_PLACE_BEFORE = re.compile(
    r"\b(?:(?:in|at|into|toward|towards|near|across|visit|visited|entered|inside|outside"
    r"|(?:back|went|go|going|gone|return|returned|returning|travel(?:l?ed)?|moved|headed)\s+to)(?:\s+the)?|the|an|a)\s*$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r"^['’]s\b|^,?\s+(?:\w+ly\s+)?(?:" + "|".join(sorted(SPEECH_VERBS)) + r"|smiled|nodded|looked|frowned|"
    r"laughed|sighed|turned|shook|stood|sat|walked|ran|grinned|glanced|stared|shrugged|felt|knew|thought|"
    r"was|had|did|could|would|took|gave|came|watched|seemed|wanted|opened|closed|reached|raised|"
    r"stopped|paused|hesitated|blinked|moved|stepped|leaned|smirked|rolled|bit|whispered|[a-z]{2,}ed)\b"
)
_ARTICLE_BEFORE = re.compile(r"\b(?:an?|another|every|each|some|any|no|one)\s+$", re.IGNORECASE)
_SPEECH_AFTER = re.compile(r"^,?\s+(?:\w+ly\s+)?(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b")
_SPEECH_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\s+(?:the\s+)?$", re.IGNORECASE)
_VOCATIVE = re.compile(r"^[\"“‘']\s*$|^,\s*$")
# A name followed by a verb stands as a subject, so the next he/she is probably it.
SUBJECT_VERB = re.compile(
    r"\s+(?:\w+ly\s+)?(?:\w+ed|was|had|could|would|did|said|saw|felt|knew|thought|made|got|ran|sat|stood|"
    r"left|found|told|kept|began|took|gave|came|went|spoke|shook|stuck|held|heard|let|put|hoped|smiled|"
    r"sent|spent|meant|lent|built|slept|wept|swept|crept|knelt|dealt|drew|threw|wore|bore|rose|fell|"
    r"[a-z]+s)\b(?!['’])"
)
# Words that follow an object "her" ("came back to her and"), not a possessive one ("her knee").
_AFTER_OBJECT = frozenset("""
to and as with at in on for that the a an from by into up down off out back again away so but or too when
while if than then now once before after about over around through is was had would could will
""".split())
_NEXT_PRONOUN = re.compile(r"\b([Hh]e|[Ss]he|[Hh]is|[Hh]er)\b|[\"“”]|(?<=[a-z,;] )[A-Z][a-z]+")
_CLAUSE_BREAK = re.compile(r"[.!?;]")
_SENTENCE_OPENER = re.compile(r"[.!?][\"”’']?\s+([A-Z])")
_FOLLOWING_WORD = re.compile(r"[ \t\n]+([a-z]+)")


@dataclass
class Person:
    """A cluster of name forms that the text uses for one person."""

    forms: Counter = field(default_factory=Counter)
    gender: str = "unknown"
    definite: bool = False  # known as "the Dormouse", "the King"
    votes: Counter = field(default_factory=Counter)  # pronoun votes: "male"/"female" -> count

    @property
    def name(self) -> str:
        if self.definite:
            return "the " + max(self.forms, key=self.forms.get)
        # The fullest name the text uses often enough ("Archer" beats the
        # "Archer Madeira" of two mentions; "Frank Churchill" beats "Frank").
        top = max(self.forms.values())
        usual = [f for f, n in self.forms.items() if n >= max(2, top / 4)] or list(self.forms)
        return max(usual, key=lambda f: (len(f.split()), self.forms[f], f))

    def first_name_weight(self, token: str) -> int:
        return sum(n for f, n in self.forms.items() if len(_bare(f).split()) > 1 and _bare(f).split()[0] == token)


def find_people(text: str, story: list[tuple[int, int]]) -> list[Person]:
    """Return the people the story names, most mentioned first."""
    forms: Counter = Counter()
    mid_caps: Counter = Counter()
    person_votes: Counter = Counter()
    place_votes: Counter = Counter()
    lower: Counter = Counter()
    definite: Counter = Counter()
    common: Counter = Counter()  # "an Anbu", "a Hokage": a rank or kind, not a name
    speaking: Counter = Counter()
    votes: dict[str, Counter] = defaultdict(Counter)
    for start, end in story:
        chunk = text[start:end]
        lower.update(_LOWER_WORD.findall(chunk))  # lower case already
        for m in _NAME_RUN.finditer(chunk):
            before = chunk[max(0, m.start() - 20) : m.start()]
            after = chunk[m.end() : m.end() + 40]
            the = m.group().startswith("The ") or before.endswith(("the ", "the\n"))
            form = _clean(m.group(), definite=the)
            if the and form and _titled(form):
                the = False  # "the Countess Olenska" is Countess Olenska
            if not form:
                continue
            opener = m.group()[: m.group().find(form.split()[0])] if form.split()[0] in m.group() else ""
            if opener.strip():
                before += " " + opener.strip().lower() + " "  # "In Mist": the opener is context
            forms[form] += 1
            definite[form] += the
            if _SPEECH_AFTER.match(after) or _SPEECH_BEFORE.search(before):
                speaking[form] += 1
            if not _sentence_initial(chunk, m.start()) or len(form.split()) > 1:
                for token in _bare(form).split():
                    mid_caps[token] += 1
            if _titled(form) or _PERSON_AFTER.match(after) or (
                _VOCATIVE.match(before[-2:].strip() or " ") and after[:1] in ",!?." and after[1:2] not in "\"”’'"
            ):
                person_votes[form] += 1
            if _PLACE_BEFORE.search(before):
                place_votes[form] += 1
            if SUBJECT_VERB.match(chunk, m.end()):
                gender = _following_pronoun(chunk, m.end())
                if gender:
                    votes[form][gender] += 1
            if _ARTICLE_BEFORE.search(before):
                common[form] += 1
    accepted = {}
    the_names = set()
    for form, n in forms.items():
        if definite[form] >= 0.6 * n and n >= 2:
            # "the Dormouse", "the Mock Turtle", "the King": a person only if
            # the text lets it speak.
            if speaking[form] and form.lower() not in NOT_NAMES:
                accepted[form] = n
                the_names.add(form)
            continue
        tokens = _bare(form).split()
        if common[form] * 2 >= n:
            continue
        if not tokens or any(t.lower() in NOT_NAMES for t in tokens):
            continue
        # Capitalised mid-sentence more than written in lower case; or, for a
        # name that only ever opens sentences, never lower case and acting.
        if not all(mid_caps[t] > lower[t.lower()] for t in tokens) and not (
            person_votes[form] and not any(lower[t.lower()] for t in tokens)
        ):
            continue
        if place_votes[form] > 2 * person_votes[form] + 1 or (person_votes[form] == 0 and n < 2):
            continue
        accepted[form] = n
    for form in list(accepted):
        # "the Eltons", "the Coles": a family, not a person.
        if form.endswith("s") and " " not in form and form[:-1] in accepted:
            del accepted[form]
    the_names &= set(accepted)
    people = _cluster({f: n for f, n in accepted.items() if f not in the_names}, votes)
    people += [Person(forms=Counter({f: accepted[f]}), gender=TITLES.get(f.lower(), "unknown"), definite=True,
                      votes=votes[f])
               for f in the_names]
    return sorted(people, key=lambda p: -sum(p.forms.values()))


def _following_pronoun(chunk: str, at: int) -> str | None:
    """The gender of the first he/she/his/her after a subject name, unless a
    quotation or another name comes first. In the subject's own clause an
    object "her" is someone else ("Naruto came back to her"); a possessive
    one ("climbed with the can against her knee") is the subject's."""
    m = _NEXT_PRONOUN.search(chunk, at, at + 200)
    if not m or not m.group(1):
        return None
    # A later sentence that opens with someone else ("Mara frowned. She…")
    # hands the pronoun to them.
    opener = _SENTENCE_OPENER.search(chunk, at, m.start())
    if opener and opener.start(1) != m.start():
        return None
    word = m.group(1).lower()
    if word == "her" and not _CLAUSE_BREAK.search(chunk, at, m.start()):
        following = _FOLLOWING_WORD.match(chunk, m.end())
        if not following or following.group(1) in _AFTER_OBJECT:
            return None  # an object "her" in the subject's clause is someone else
    return "female" if word in ("she", "her") else "male"


def vote_gender(votes: Counter) -> str:
    """The gender the pronouns show clearly, else unknown."""
    male, female = votes["male"], votes["female"]
    if max(male, female) >= 1.5 * min(male, female) + 1:
        return "male" if male > female else "female"
    return "unknown"


def _sentence_initial(chunk: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and chunk[j] in " \t\n\"“”‘'(":
        if chunk[j] in "\"”" and j > 0 and chunk[j - 1] in ",!?—–-…":
            return False  # after a closing mark: "No," Mara replied
        if chunk[j] in "\"“‘" or (chunk[j] == "\n" and j > 0 and chunk[j - 1] == "\n"):
            return True
        j -= 1
    return j < 0 or chunk[j] in ".!?…:;-—"


def _clean(form: str, definite: bool = False) -> str:
    """Strip openers ("Then Sakura"), possessives and honorifics from a run."""
    words = form.split()
    while words and (words[0].lower().rstrip(".") in NOT_NAMES or words[0].endswith("ly")) \
            and words[0].lower() not in TITLES:
        words = words[1:]
    while words and words[-1].lower() in NOT_NAMES:
        words = words[:-1]
    if not words:
        return ""
    words[-1] = _POSSESSIVE.sub("", words[-1])
    words = [_strip_honorific(w) for w in words]
    if len(words) == 1 and words[0].lower() in TITLES and not definite:
        return ""
    return " ".join(w for w in words if w)


def _strip_honorific(word: str) -> str:
    head, _, tail = word.rpartition("-")
    return head if head and tail.lower() in HONORIFICS else word


def _titled(form: str) -> bool:
    first = form.split()[0].lower()
    return first in TITLES and len(form.split()) > 1


def _bare(form: str) -> str:
    words = form.split()
    if len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    return " ".join(words)


def _title_gender(form: str) -> str:
    first = form.split()[0].lower()
    return TITLES.get(first, "unknown") if len(form.split()) > 1 else "unknown"


def _cluster(forms: dict[str, int], votes: dict[str, Counter]) -> list[Person]:
    people: list[Person] = []
    by_bare: dict[str, list[Person]] = defaultdict(list)

    def form_gender(form: str) -> str:
        return _title_gender(form) if _title_gender(form) != "unknown" else vote_gender(votes.get(form, Counter()))

    def compatible(person: Person, gender: str) -> bool:
        return "unknown" in (person.gender, gender) or person.gender == gender

    def add(form: str, person: Person) -> None:
        person.forms[form] += forms[form]
        person.votes.update(votes.get(form, Counter()))
        titled = [_title_gender(f) for f in person.forms if _title_gender(f) != "unknown"]
        person.gender = titled[0] if titled else vote_gender(person.votes)

    def size(person: Person) -> int:
        return sum(person.forms.values())

    # Longest forms first: full names found the clusters that shorter forms join.
    for form in sorted(forms, key=lambda f: (-len(_bare(f).split()), not _titled(f), -forms[f])):
        bare = _bare(form)
        gender = form_gender(form)
        tokens = bare.split()
        home = None
        if len(tokens) > 1:
            # "Newland Archer" is not "Mrs. Newland Archer": a wife who goes by
            # her husband's full name shares it only with him.
            same = {id(p): p for p in by_bare[bare] if compatible(p, gender)
                    and not (gender == "unknown" and any(f.lower().startswith("mrs") and _bare(f) == bare for f in p.forms))}
            if same:
                # "John Knightley" beside "Mr." and "Mrs. John Knightley": the
                # wife goes by her husband's name, so the bare name is his.
                home = max(same.values(), key=lambda p: (size(p), p.gender == "male"))
        else:
            token = tokens[0]
            firsts = sorted((p for p in people if p.first_name_weight(token) and compatible(p, gender)),
                            key=lambda p: -p.first_name_weight(token))
            named = [(p, p.name) for p in people]
            ending = [(p, name) for p, name in named if _bare(name).split()[-1] == token]
            lasts = [p for p, name in ending if len(_bare(name).split()) > 1 and compatible(p, gender)]
            titled = [p for p, name in ending if _titled(name) and compatible(p, gender)]
            if _titled(form):
                # "Mr. Woodhouse" joins a full name only if the text also
                # titles that full name alike ("Mr. Frank Churchill").
                # A titled surname used more often than the full name is
                # another person ("Mr. Knightley" beside "Mr. John Knightley").
                alike = [p for p in lasts if any(_titled(f) and _title_gender(f) == gender for f in p.forms)]
                if len(alike) == 1 and forms[form] <= 2 * size(alike[0]):
                    home = alike[0]
            elif firsts and (len(firsts) == 1 or firsts[0].first_name_weight(token) >= 2 * firsts[1].first_name_weight(token)):
                home = firsts[0]
            elif not firsts:
                # A bare surname is its best-known bearer of the right gender:
                # "Knightley" is Mr. Knightley beside John Knightley, "Archer"
                # (a "he") Newland Archer beside Mrs. and Mr. Archer.
                bearers = sorted({id(p): p for p in lasts + titled}.values(), key=size, reverse=True)
                if len(bearers) == 1 or (len(bearers) > 1 and size(bearers[0]) >= 2 * size(bearers[1])):
                    home = bearers[0]
        if home is None:
            home = Person()
            people.append(home)
        add(form, home)
        by_bare[bare].append(home)
    return sorted(people, key=lambda p: -sum(p.forms.values()))
