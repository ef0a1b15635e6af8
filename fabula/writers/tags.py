"""Speech tags read the way a screenwriter reads them.

`read_tag` takes the clause of narration next to a quotation ("Aiko said",
"she quickly assured him", "said the old man", "Ren said quietly once Hollis
had gone out") and tells whether it is only a tag, which a screenplay leaves
out because the character cue says who speaks, and how the line is spoken:
a verb of manner becomes its -ing form ("she whispered" -> "whispering"), an
adverb next to the verb is kept as it is ("he said quietly" -> "quietly").
Neutral verbs (said, asked, replied) give no manner.

A tag is a subject of at most four words (or a pronoun), adverbs, the speech
verb, a particle ("out", "back"), an object ("him", "to Emma", "at her"),
in the order English puts them, subject first or verb first. Anything more
("… once Hollis had gone out") makes the clause narration that keeps a
manner but stays in the script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import SPEECH_VERBS

# -ing form: the other forms of the verb that name how a line is spoken.
_MANNER_FORMS = {
    "whispering": "whisper whispered whispers",
    "muttering": "mutter muttered mutters",
    "murmuring": "murmur murmured murmurs",
    "mumbling": "mumble mumbled mumbles",
    "yelling": "yell yelled yells",
    "shouting": "shout shouted shouts",
    "screaming": "scream screamed screams",
    "shrieking": "shriek shrieked shrieks",
    "squealing": "squeal squealed squeals",
    "hissing": "hiss hissed hisses",
    "snapping": "snap snapped snaps",
    "growling": "growl growled growls",
    "snarling": "snarl snarled snarls",
    "bellowing": "bellow bellowed bellows",
    "hollering": "holler hollered hollers",
    "roaring": "roar roared roars",
    "barking": "bark barked barks",
    "sobbing": "sob sobbed sobs",
    "laughing": "laugh laughed laughs",
    "giggling": "giggle giggled giggles",
    "chuckling": "chuckle chuckled chuckles",
    "sighing": "sigh sighed sighs",
    "groaning": "groan groaned groans",
    "moaning": "moan moaned moans",
    "gasping": "gasp gasped gasps",
    "breathing": "breathe breathed breathes",
    "stammering": "stammer stammered stammers",
    "stuttering": "stutter stuttered stutters",
    "sneering": "sneer sneered sneers",
    "scoffing": "scoff scoffed scoffs",
    "whining": "whine whined whines",
    "grumbling": "grumble grumbled grumbles",
    "pleading": "plead pleaded pleads",
    "begging": "beg begged begs",
    "drawling": "drawl drawled drawls",
    "spitting": "spit spat spits",
    "teasing": "tease teased teases",
    "mocking": "mock mocked mocks",
    "mouthing": "mouth mouthed mouths",
}
MANNER = {form: ing for ing, forms in _MANNER_FORMS.items() for form in forms.split()}
_VERBS = SPEECH_VERBS | MANNER.keys()

_SUBJECT_PRONOUNS = frozenset("he she they i we you it".split())
_OBJECTS = frozenset("him her them me us you it everyone everybody".split())
_PARTICLES = frozenset("out back up on in again aloud".split())
_PREPOSITIONS = frozenset("to at with".split())
# Speech verbs that also move people about: "she returned to the kitchen" is
# narration, so after these a phrase with to/at/with is not part of a tag.
_ALSO_MOTION = frozenset("went put cut returned started began pursued finished resumed persisted turned".split())
_ADVERBS = frozenset("softly quietly loudly again then now still".split())
# -ly words that say when or whether, not how a line is spoken.
_NOT_MANNER = frozenset(
    "only early really actually finally eventually immediately suddenly simply apparently "
    "obviously clearly probably certainly basically literally usually nearly barely hardly "
    "likely family lonely ugly silly holy".split()
)
# Words that start a new clause: a subject or an object phrase never holds them.
_CLAUSE_WORDS = frozenset(
    "and but or as when while once because before after though although if until since so "
    "who which that where then".split()
)
_TOKEN = re.compile(r"[\w'’.-]+")


@dataclass(frozen=True, slots=True)
class Tag:
    bare: bool  # the clause is only the tag
    manner: str | None  # "whispering", "quietly", "muttering softly"


def read_tag(clause: str) -> Tag | None:
    """The tag in a clause of narration, or None if the clause is not one."""
    words = [w.rstrip(".").lower() for w in _TOKEN.findall(clause)]
    words = [w for w in words if w]
    verb_at = next((i for i, w in enumerate(words) if w in _VERBS), None)
    if verb_at is None:
        return None
    before, verb, after = words[:verb_at], words[verb_at], words[verb_at + 1 :]
    adverbs: list[str] = []
    while before and _is_adverb(before[-1]):
        adverbs.insert(0, before.pop())
    if before:
        if not _is_subject(before):
            return None
    else:  # verb first: "said Emma", "replied the old man quietly"
        subject = _leading_subject(after)
        if not subject:
            return None
        after = after[len(subject) :]
    used = _tail(after, adverbs, phrase_allowed=verb not in _ALSO_MOTION)
    return Tag(bare=used == len(after), manner=_manner(verb, adverbs))


def _is_adverb(word: str) -> bool:
    return word in _ADVERBS or (word.endswith("ly") and len(word) > 4 and word not in _NOT_MANNER)


def _is_subject(words: list[str]) -> bool:
    if len(words) == 1 and words[0] in _SUBJECT_PRONOUNS:
        return True
    return 1 <= len(words) <= 4 and not any(w in _CLAUSE_WORDS or w in _VERBS for w in words) \
        and words[0] not in _OBJECTS


def _leading_subject(words: list[str]) -> list[str]:
    subject: list[str] = []
    for w in words:
        if w in _PREPOSITIONS or w in _CLAUSE_WORDS or _is_adverb(w) or w in _VERBS:
            break
        subject.append(w)
    return subject if _is_subject(subject) else []


def _tail(words: list[str], adverbs: list[str], phrase_allowed: bool) -> int:
    """How many words after the verb (or the verb and its subject) still
    belong to the tag: a particle, adverbs, an object or a short phrase
    with to/at/with, adverbs again. Adverbs found are added to `adverbs`."""
    i = 0
    if i < len(words) and words[i] in _PARTICLES:
        i += 1
    while i < len(words) and _is_adverb(words[i]):
        adverbs.append(words[i])
        i += 1
    if i < len(words) and words[i] in _OBJECTS:
        i += 1
    elif phrase_allowed and i < len(words) and words[i] in _PREPOSITIONS:
        phrase = 1
        while i + phrase < len(words) and phrase <= 3 and words[i + phrase] not in _CLAUSE_WORDS \
                and not _is_adverb(words[i + phrase]):
            phrase += 1
        if phrase > 1:
            i += phrase
    while i < len(words) and _is_adverb(words[i]):
        adverbs.append(words[i])
        i += 1
    return i


def _manner(verb: str, adverbs: list[str]) -> str | None:
    how = [a for a in adverbs if a.endswith("ly")][:1]
    words = ([MANNER[verb]] if verb in MANNER else []) + how
    return " ".join(words) or None
