"""What a name's own clause says of its gender, where the name stands as a
subject: a reflexive ("Mara hurt herself"), a possessive after a verb one
does to oneself ("Kenji shook his head", "Mara bites her lip"), a
that-clause of thought or speech ("Naruto knew he…"), and, more weakly, the
clause's first possessive after a preposition ("climbed the stairs with the
can against her knee") or he/she in a clause joined to it ("Archer smiled,
and he sat down"). The pronoun opening the next sentence says nothing: in
close third person it is mostly the point-of-view character's.

Read by `name_evidence` for every name that acts; assumes text in one
typography (`fabula/typography.py`).
"""

from __future__ import annotations

import re

from ..lexicon import PERSON_NOUNS, SPEECH_VERBS
from .name_runs import LOWER_WORD

_SPEECH_NEXT = re.compile(r"\s+(?:\w+ly\s+)?([a-z]+)\b(?!'\w|-\w)")

_CLAUSE_END = re.compile(r'[.!?;"]')
_FIRST_PRONOUN = re.compile(r"\b(?:([Hh]is|[Hh]er)|([Hh]e|[Ss]he)|[Hh]im)\b|(?<=[a-z,;] )[A-Z][a-z]+")
# "with the can against her knee": a possessive after such a preposition is
# the subject's; after a verb ("took her hand") or "at" it is anyone's.
_OWN_PLACE = re.compile(r"\b(?:with|against|in|into|on|onto|under|over|behind|beside|around|across|through|"
                        r"from|by|between|inside|down|up)\s+$", re.I)
_COORDINATED = re.compile(r"(?:,\s*|\s)(?:and|but|so|then|and\s+then)\s+$")
_FOLLOWING_WORD = re.compile(r"[ \t\n]+([a-z]+)")
# Words that follow an object "her" ("came back to her and"), not a possessive one ("her knee").
_AFTER_OBJECT = frozenset("""
to and as with at in on for that the a an from by into up down off out back again away so but or too when
while if than then now once before after about over around through is was had would could will
""".split())
_REFLEXIVE = re.compile(r"\b([Hh]imself|[Hh]erself)\b")
# A new subject ("and she threw herself"), or an object that a "to" clause
# is about ("told her to hide herself"), before the reflexive.
_OTHER_SUBJECT = re.compile(r"\b(?:[Hh]e|[Ss]he|I|[Tt]hey|[Ww]e)\b|\b(?:him|her|them|me|us)\s+to\s+")
_SELF_VERB = (r"(?:shak|shook|nodd|roll|bit|bite|scratch|rubb?|ran|run|rais|cross|narrow|furrow|tilt|lower|clear|"
              r"shrug|clench|purs|lick|wip|fold|squar|tuck|toss|flip|hung|hang|clos|open|puff|stuff|shov|dropp?|avert|"
              r"dug|dig|steel|hugg?|cover|press|pinch|drumm?|tapp?|wrung|wring|crack|stretch|straighten|brush|"
              r"push|pull|cock|quirk|arch|twist|bow|duck|hid|hide|lift|turn|swip|kick|throw|threw|flick|curl)"
              r"[a-z]*")
_OWN_POSSESSIVE = re.compile(
    rf",?\s+(?:\w+ly\s+)?{_SELF_VERB}(?:\s+(?:up|down|back|out|off|away|over|into|in))?\s+(his|her)\s+(?!own\b)[a-z]+"
)
_THAT_CLAUSE = re.compile(
    r",?\s+(?:\w+ly\s+)?(?:knew|knows|thought|thinks|felt|feels|hoped|hopes|wished|wishes|decided|decides|"
    r"realized|realizes|realised|realises|figured|figures|wondered|wonders|said|says|insisted|admitted|promised|"
    r"swore|guessed|believed|remembered|noticed|doubted|supposed|was\s+sure|is\s+sure)\s+(?:that\s+)?(he|she)\b"
)


def subject_gender_votes(plain: str, at: int) -> list[tuple[str, float]]:
    """Weighted gender votes for a name standing as a subject that ends at `at`."""
    end = _CLAUSE_END.search(plain, at, at + 200)
    clause_end = end.start() if end else min(len(plain), at + 200)
    votes = []
    reflexive = _REFLEXIVE.search(plain, at, clause_end)
    if reflexive and not _OTHER_SUBJECT.search(plain, at, reflexive.start()):
        # "Mara hurt herself", "Satoru grins at him, pleased with himself";
        # not "Thorpe was in view, and she gave herself up".
        votes.append(("male" if reflexive.group(1).lower() == "himself" else "female", 2.0))
    for pattern in (_OWN_POSSESSIVE, _THAT_CLAUSE):
        own = pattern.match(plain, at, clause_end + 1)
        if own:
            votes.append(("male" if own.group(1) in ("his", "he") else "female", 1.0))
            return votes
    first = None if _speech_follows(plain[at : at + 40]) else _FIRST_PRONOUN.search(plain, at, clause_end)
    if first and first.group(1) and (_OWN_PLACE.search(plain, max(at, first.start() - 12), first.start())
                                     or _absolute(plain, at, first.start())) \
            and (first.group(1).lower() == "his" or _possessive_her(plain, first.end())):
        votes.append(("male" if first.group(1).lower() == "his" else "female", 0.5))
    elif first and first.group(2) and _COORDINATED.search(plain, max(at, first.start() - 12), first.start()):
        votes.append(("male" if first.group(2).lower() == "he" else "female", 0.5))  # "Archer smiled, and he…"
    return votes


def _absolute(plain: str, at: int, pronoun: int) -> bool:
    """"Ren leaned on the frame, his hair soaked": after a comma, a possessive
    is the subject's, unless someone else was named on the way ("hugged the
    girl, her hair…")."""
    return plain[pronoun - 2 : pronoun] == ", " and \
        not any(word in PERSON_NOUNS for word in LOWER_WORD.findall(plain, at, pronoun))


def _possessive_her(plain: str, at: int) -> bool:
    """"her knee", not "to her and", "answered her softly"."""
    following = _FOLLOWING_WORD.match(plain, at)
    return bool(following) and following.group(1) not in _AFTER_OBJECT and not following.group(1).endswith("ly")


def _speech_follows(after: str) -> bool:
    """"Mara said, her voice…": the possessive after a speech verb is the tag's."""
    m = _SPEECH_NEXT.match(after)
    return bool(m) and m.group(1) in SPEECH_VERBS
