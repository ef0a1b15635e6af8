"""Who a role, a relative or a kinship name in the narration means: people
called by their place, in the world or in a family, whom the text may never
name.

- roles ("the doctor", "her nurse", "the Mediwitch") are the character the
  text gives that title ("Dr. Kemp") when they are in view, else one
  unnamed character per role, never the nearest named person;
- relatives ("her son", "Shouto's mother", "my father") are the person the
  text has shown in that relation: "Mrs. Bennet" for a Bennet's mother, or
  a named character once "X's mother" resolved to them; else an unnamed
  relative of their own ("Mrs. Todoroki's son");
- kinship names ("Mom", "Kaa-san") are one unnamed character per relation
  (the one unnamed relative of that relation, "Midoriya's mother", when
  there is only one) until a later stage links them to a named one.

A relation found is kept both ways (Narcissa is Draco's mother, so "her
son" is Draco), and an unnamed relative who turns out to be a named person
is merged into them (`merged`), which a second pass learns from the first
(`named_relations`, `learn_relations`).

`Roles` is mixed into `references.Resolver`, whose pass in text order finds
each possessor and who is in view. It reads the Resolver's tables of the
cast (genders, names, surnames, titled, role holders, bearers, prior) and
keeps its tables of what it has found (`_by_role`, `_by_relation`,
`merged`, `unnamed`). Assumes `plain` text (`typography.plain`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..lexicon import FAMILY_RELATIONS, PERSON_NOUNS, RELATIONS, ROLE_NOUNS

if TYPE_CHECKING:  # references.py imports this module, so Event only as a type
    from .references import Event

# Titles a parent is called by ("Mrs. Todoroki"), not an aunt or a doctor.
_PARENT_TITLES = frozenset("mr mrs ms lady lord madam madame mme frau herr monsieur senora señora signora sir "
                           "mother father".split())
# "her father" is Mr. Bennet when "her" is a Bennet; "his wife" Mrs. Bennet.
_KIN_TITLES = {"father": "mr", "husband": "mr", "dad": "mr", "mother": "mrs", "wife": "mrs", "mom": "mrs",
               "mum": "mrs"}


@dataclass
class Unnamed:
    """A character the text never names: a role, a relative, a description."""

    id: str
    name: str
    gender: str
    forms: Counter = field(default_factory=Counter)


class Roles:
    """Roles, relatives and kinship names, and the unnamed characters they
    make, for `references.Resolver`."""

    def _role(self, ev: Event, exclude: set[str], visible: Callable[[str, int], bool], at: int):
        role = ev.value
        holders = [c for c in self.role_holders.get(role, ()) if c not in exclude]
        present = [c for c in holders if visible(c, at)]
        if len(present) == 1:
            return present[0]
        cid = self._by_role.get(role)
        if cid is None:
            name = self._phrase(ev) if ev.capitalised else role if role == "someone" else f"the {role}"
            cid = self._new_unnamed(ev, ROLE_NOUNS.get(role, noun_gender(role.split()[-1])), name=name)
            self._by_role[role] = cid
        else:
            self.unnamed[cid].forms[self._phrase(ev)] += 1
        return cid

    def _relative(self, ev: Event, at: int, initial: bool, subject, exclude: set[str], best,
                  visible: Callable[[str, int], bool], lately: set[str]):
        owner = ev.possessor
        if owner == "their":
            # "His parents would be mortified if they knew their son…": the
            # owners are a couple, and the son is as often the one in view.
            return None
        if owner in ("her", "his"):
            # "his" is a named person in view: "his father's mother" is not a thing people say.
            gender = "female" if owner == "her" else "male"
            owner = subject if initial and subject and subject not in self.unnamed \
                and self.genders.get(subject) == gender else best(at, gender, set(self.unnamed))
        if owner is None or owner == "my":
            return None
        relation = RELATIONS.get(ev.value, ev.value)
        gender = PERSON_NOUNS.get(ev.value, "unknown")
        if relation in ("mother", "father") and ev.possessor in ("her", "his") \
                and owner in self._parents() and self.genders.get(owner) == gender:
            # "said her mother" with Mrs. Bennet the woman in view: she is the
            # mother, of whichever daughter "her" is.
            return owner
        if relation not in FAMILY_RELATIONS:
            # "his friend", "her partner": someone the paragraph or the last
            # sentence has shown ("Draco came in with Blaise. … His friend
            # laughed"), else a person of their own.
            found = best(at, gender, exclude | {owner} | set(self.unnamed))
            if found and found in lately:
                return found
        known = self._by_relation.get((owner, relation))
        if known:
            if known in self.unnamed:
                person = self.unnamed[known]
                person.forms[self._phrase(ev)] += 1
                if person.gender == "unknown" and gender != "unknown":
                    # "her baby", then "her son": now we know.
                    person.gender = self.genders[known] = gender
                    person.name = _relative_name(person.name, relation, gender)
            return known
        family = self._family(owner, relation, gender)
        if family is None and relation in ("mother", "father") and gender != "unknown":
            family = self._in_view(owner, gender, visible, at)
        if family:
            self._by_relation[(owner, relation)] = family
            self._inverse(owner, relation, family)
            kin = self._by_relation.get(("*", relation))
            if kin in self.unnamed and self._only_named(relation) == family:
                self.merged[kin] = family  # "Mother", met before "his mother" was Narcissa
            return family
        owner_name = self.names.get(owner) or (self.unnamed[owner].name if owner in self.unnamed else None)
        if owner_name is None:
            return None
        kin = self._by_relation.get(("*", relation))
        if kin in self.unnamed and self._one_unnamed(relation) == kin:
            # "Mom", then "Midoriya's mother": one unnamed mother, now with an owner.
            self.unnamed[kin].forms[self._phrase(ev)] += 1
            self._by_relation[(owner, relation)] = kin
            return kin
        cid = self._new_unnamed(ev, gender, name=_relative_name(f"{owner_name}'s {relation}", relation, gender))
        self._by_relation[(owner, relation)] = cid
        return cid

    def _one_unnamed(self, relation: str) -> str | None:
        """The one unnamed character who is someone's `relation` (or is
        called by it), if only one is."""
        found = {c for (_, r), c in self._by_relation.items() if r == relation and c in self.unnamed}
        return found.pop() if len(found) == 1 else None

    def named_relations(self) -> dict[tuple[str, str], str]:
        """The relations that turned out to be named people ("Mrs.
        Todoroki's son" is Shouto), for a second pass to know from its first
        use ("her baby" before "her son")."""
        return {key: self.merged[cid] for key, cid in self._by_relation.items() if cid in self.merged}

    def learn_relations(self, relations: dict[tuple[str, str], str]) -> None:
        self._by_relation.update(relations)

    def _only_named(self, relation: str) -> str | None:
        """The one named person who is someone's `relation`, if only one is."""
        named = {c for (owner, r), c in self._by_relation.items() if r == relation and owner != "*"
                 and c not in self.unnamed}
        return named.pop() if len(named) == 1 else None

    def _inverse(self, owner: str, relation: str, relative: str) -> None:
        """Narcissa is Draco's mother, so "her son" is Draco. A relation met
        before as an unnamed character ("Mrs. Todoroki's son") is that
        person after all (`merges`)."""
        if relation in ("mother", "father"):
            key = (relative, "child")
        elif relation == "child" and self.genders.get(relative) in ("female", "male"):
            key = (relative, "mother" if self.genders[relative] == "female" else "father")
        elif relation in ("wife", "husband"):
            key = (relative, "husband" if relation == "wife" else "wife")
        else:
            return
        earlier = self._by_relation.setdefault(key, owner)
        if earlier != owner and earlier in self.unnamed and owner not in self.unnamed:
            self.merged[earlier] = owner

    def _parents(self) -> set[str]:
        """Characters titled as parents are ("Mrs. Todoroki", "Mr. Bennet")."""
        return {c for (title, _), c in self.titled.items() if title.rstrip(".") in _PARENT_TITLES}

    def _in_view(self, owner: str, gender: str, visible: Callable[[str, int], bool], at: int) -> str | None:
        """The one titled person of `gender` in view besides `owner`: "they
        came and went for Shouto's mother" in a scene with Mrs. Todoroki
        (a peer in view, untitled, is as likely a friend as a parent)."""
        here = [c for c in self._parents() if c != owner and visible(c, at) and self.genders.get(c) == gender]
        return here[0] if len(here) == 1 else None

    def _family(self, owner: str, relation: str, gender: str) -> str | None:
        """The one person the family name gives: "her father" is Mr. Bennet
        when "her" is a Bennet; "his mother" is Narcissa Malfoy for Draco
        Malfoy when she is the only woman of that name."""
        title = _KIN_TITLES.get(relation)
        names = self.surnames.get(owner, set())
        if title:
            titled = {self.titled.get((title, s)) for s in names} - {None, owner}
            if len(titled) == 1:
                return titled.pop()
        # "his aunt" is Aunt Alice when the text has one aunt so titled.
        kin = {c for (t, _), c in self.titled.items() if t == relation} - {owner}
        if len(kin) == 1:
            return kin.pop()
        if relation not in ("mother", "father", "wife", "husband", "grandmother", "grandfather") or gender == "unknown":
            return None
        kin = sorted({c for s in names for c in self.bearers.get(s, ())
                      if c != owner and self.genders.get(c) == gender}, key=lambda c: -self.prior.get(c, 0.0))
        # The one woman (man) of the family, or the one the text names far more.
        if len(kin) == 1 or (len(kin) > 1 and self.prior.get(kin[0], 0) >= 3 * self.prior.get(kin[1], 0)):
            return kin[0]
        return None

    def _kin(self, ev: Event):
        key = ("*", ev.value)
        cid = self._by_relation.get(key)
        if cid is None:
            # "Mother" is Narcissa when the text has made her someone's mother
            # and no one else has one.
            cid = self._only_named(ev.value)
            if cid is not None:
                self._by_relation[key] = cid
                return cid
            # "Mom" is "Midoriya's mother" when she is the one unnamed mother.
            cid = self._one_unnamed(ev.value)
            if cid is not None:
                self.unnamed[cid].forms[self._phrase(ev)] += 1
                self._by_relation[key] = cid
                return cid
            gender = "female" if ev.value in ("mother", "grandmother", "sister") else "male"
            cid = self._new_unnamed(ev, gender, name=self.plain[ev.start : ev.end])
            self._by_relation[key] = cid
        elif cid in self.unnamed:
            self.unnamed[cid].forms[self._phrase(ev)] += 1
        return cid

    def _new_unnamed(self, ev: Event, gender: str, name: str | None = None) -> str:
        cid = f"c{self.next_id}"
        self.next_id += 1
        phrase = self._phrase(ev)
        person = Unnamed(cid, name or _lowered(phrase), gender)
        person.forms[phrase] += 1
        self.unnamed[cid] = person
        self.genders[cid] = gender
        return cid

    def _phrase(self, ev: Event) -> str:
        phrase = " ".join(self.plain[ev.start : ev.end].split())
        return _lowered(phrase.title() if phrase.isupper() else phrase)  # "THE PLAYERS" cue: "the Players"


def _relative_name(name: str, relation: str, gender: str) -> str:
    """"Mrs. Todoroki's son": a child is named as son or daughter once the
    text says which."""
    if relation != "child":
        return name
    owner = name.rsplit("'s ", 1)[0]
    return f"{owner}'s {'son' if gender == 'male' else 'daughter' if gender == 'female' else 'child'}"


def _lowered(phrase: str) -> str:
    """"The doctor" opening a sentence is "the doctor"."""
    return "the" + phrase[3:] if phrase.startswith("The ") else phrase


def noun_gender(head: str) -> str:
    """The gender a head noun gives: "the girl" and "the pinkette" are a she."""
    head = head.lower()
    if head.endswith("ette"):
        return "female"
    return PERSON_NOUNS.get(head, "unknown")
