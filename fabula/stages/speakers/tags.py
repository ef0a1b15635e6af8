"""Speech tags: the words beside a quotation that say who speaks it.

For each quotation, the tag after it (`"…," Sakura replied`, `"…," said
Emma`, `"…," she quickly assured him`, `"…," said her father`) or the one
that introduces it (`Naruto yelled out, "…"`, and the Gutenberg way, a
paragraph ending `…and added,` before a speech that stands alone), or the
sound before it that says whose it is (`A snort from Jirou. "…"`). A tag is
only read, not resolved: its subject is reported as written (a name, an
epithet, a pronoun, "I", a relative such as "her father") with whatever the
cast stage made of it, and deciding who "she" is belongs to the speaker
model, which knows the conversation.

Assumes quotations are in text order and do not overlap, and that mentions
are sorted by offset.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from typing import Sequence

from ...lexicon import ACTION_VERBS, OWNED_SPEECH, PERSON_NOUNS, SPEECH_VERB_PATTERN, SPEECH_VERBS
from ...model import Character, Mention, Paragraph, Quote
from ...typography import plain

_ADVERB = r"(?:\w+ly|then|now|again|also|still|softly|at\s+last|at\s+once|suddenly|quickly)"
_PARTICLE = r"(?:\s+(?:out|back|up|on|in|again|loudly|softly))?"
_VERB_WORD = re.compile(rf"\b(?:{SPEECH_VERB_PATTERN})\b{_PARTICLE}", re.I)
_WORD = re.compile(r"\w+")
_ADVERB_ONLY = re.compile(rf"\s*(?:{_ADVERB}\s*)+", re.I)
_CLAUSE_END = re.compile(r"[.!?;\"“”]")
_SKIP = " \t\n,.!?;:-"
_OBJECT_PRONOUNS = frozenset({"him", "her", "his", "hers", "them", "their", "himself", "herself", "themselves",
                              "me", "my", "us", "our"})
_SUBJECT_PRONOUN_AFTER = re.compile(rf"\s*(?:{_ADVERB}\s+)?(he|she|I|they|we)\b(?!['’])")
_SUBJECT_PRONOUN = re.compile(r"\b(he|she|I|they|we)\b", re.I)
_NOUNS = "|".join(sorted((re.escape(n) for n in PERSON_NOUNS), key=len, reverse=True))
_RELATIVE = re.compile(rf"\s*(?:{_ADVERB}\s+)?(her|his|their|my)\s+(?:\w+\s+)?({_NOUNS})\b", re.I)
_RELATIVE_BEFORE = re.compile(rf"\b(her|his|their|my)\s+(?:\w+\s+)?({_NOUNS})\s+(?:{_ADVERB}\s+)?$", re.I)
_TO_LISTENER = re.compile(r"[\s,]*(?:(?:out|back|up|again|aloud|\w+ly)\s+)*(?:(?:to|at|toward|towards)\s+)?(?:the\s+)?")
_PRONOUN_GENDER = {"he": "male", "she": "female"}
_PREPOSITION_BEFORE = re.compile(r"\b(?:to|at|toward|towards|with|for|from|behind|beside|by|after|of|on)\s+$",
                                 re.IGNORECASE)
# A verb of the inverted tag's shape that the word list lacks.
_UNLISTED_VERB = re.compile(r"[a-z]{2,}(?:-[a-z]+)*(?:ed|[^s\W]s)\b(?!['-])")  # "ventured", "sing-songs"
# Where the words came from: "comes from", "came from", and "That's" naming
# the speaker; then at most an article and two describing words.
_SOURCE = re.compile(r"(?:(?:comes?|came)\s+(?:\w+ly\s+)?from|(?P<that>[Tt]hat(?:'s|\s+was|\s+is|\s+would\s+be)))(?=\s)")
# A sound someone makes, then their words: 'A snort from Jirou. "Pretty sure…"'.
_SOUND_FROM = re.compile(r"\b(?:snort|sigh|laugh|scoff|huff|groan|chuckle|giggle|grunt|snicker|cough|gasp|hum|"
                         r"squeak|shriek|scream|shout|yell|cry|whisper|murmur|mumble|growl|hiss|voice|call|reply|"
                         r"answer|response|question|comment|remark)\s+(?:comes\s+|came\s+)?from(?=\s)")
_SENTENCE_END = re.compile(r"\s*[.:,!]?\s*")
_VOICE = re.compile(r"'s?\s+(?:[a-z]+\s+)?voice\b")
_DESCRIBED = re.compile(r"\s+(?:(?:an?|the)\s+)?(?:[a-z][\w-]*\s+){0,2}")
# "his father's maxim:", "Sakura's words were": words someone owns, introducing them.
_OWNED_WORDS = re.compile(rf"'s\s+(?:\w+\s+)?(?P<noun>{'|'.join(OWNED_SPEECH)})\b(?:\s+(?:was|were|had\s+been|"
                          r"rang|echoed|came))?\s*[:,-]?\s*$")
# "the pinkette", "the old man": an epithet the cast stage may have left unresolved.
_EPITHET = re.compile(rf"\b[Tt]he\s+(?:[\w-]+\s+){{0,2}}?(?:{_NOUNS}|[a-z]+ette|[a-z]+-haired)\b")
# "said a voice from the door", "someone called": a speaker the text has not
# yet shown, which is seldom whoever the narration was just following.
_UNSEEN = re.compile(rf"\b(?:[Aa]n?\s+(?:[\w-]+\s+){{0,2}}?(?:voice|{_NOUNS})|[Ss]ome(?:one|body))\b")


@dataclass(frozen=True, slots=True)
class Tag:
    """A speech tag. `kind` is how its subject is written: `name` (a name or
    alias), `epithet` ("the pinkette", "the old man"), `pronoun` (he, she,
    they), `narrator` (I, we), `unseen` ("a voice", "someone"), `role` ("the
    doctor", "Mom") or `relative` ("her father"). `character` is whom the
    cast stage took the subject to be: for a role or relative, the named or
    unnamed character it resolved them to; `gender` what the word says."""

    verb_start: int
    verb_end: int
    subject_start: int
    subject_end: int
    kind: str
    character: str | None  # who the cast stage took the subject to be
    gender: str  # what a pronoun, epithet or relative says of the speaker
    before: bool  # the tag introduces the quotation
    listeners: tuple[str, ...] = ()  # named or pronoun objects in the tag's clause
    owned: bool = False  # "his father's maxim:": the words are said to be the subject's


def find_speech_tags(
    text: str,
    paragraphs: Sequence[Paragraph],
    quotes: Sequence[Quote],
    mentions: Sequence[Mention],
    characters: Sequence[Character] = (),
) -> tuple[Tag | None, ...]:
    """One entry per quotation: its speech tag, or None."""
    text = plain(text)  # one typography for every rule; offsets are unchanged
    starts = [m.start for m in mentions]
    par_starts = [p.start for p in paragraphs]
    tags: list[Tag | None] = []
    for n, q in enumerate(quotes):
        pi = max(0, bisect_right(par_starts, q.start) - 1)
        par = paragraphs[pi] if paragraphs else Paragraph(0, len(text))
        lo = quotes[n - 1].end + 1 if n and quotes[n - 1].end >= par.start else par.start
        hi = quotes[n + 1].start - 1 if n + 1 < len(quotes) and quotes[n + 1].start < par.end else par.end
        after_at = min(q.end + 1, hi)
        # A comma ends the quotation inside its mark or just outside it ('"Nah", goes Sero').
        continues = text[q.end - 1 : q.end] == "," or text[q.end + 1 : q.end + 2] == ","
        tag = _tag_after(text, after_at, hi, mentions, starts, continues=continues)
        lead_in = text[lo : max(lo, q.start - 1)].rstrip()
        if tag is not None and text[q.end - 1 : q.end] in ".!?" and lead_in.endswith((",", ":")):
            # '"So," Wilson said, "you're a zombie." House started hopping':
            # the tag that brings in a whole sentence is its, not the beat after.
            tag = _tag_before(text, lo, max(lo, q.start - 1), mentions, starts) or tag
        if tag is None:
            before_at = lo
            if not text[lo : max(lo, q.start - 1)].strip() and pi > 0 and lo == par.start:
                # Gutenberg's way: the tag ends the paragraph before ("Mrs. Hurst
                # thought the same, and added,") and the speech stands alone.
                lead = paragraphs[pi - 1]
                ends_open = text[lead.start : lead.end].rstrip().endswith((",", ":", "-"))
                if ends_open and not (n and quotes[n - 1].end >= lead.end - 2):
                    before_at = lead.start
            tag = _tag_before(text, before_at, max(before_at, q.start - 1), mentions, starts)
        if tag is None:
            tag = _clause_before(text, lo, max(lo, q.start - 1), mentions, starts)
        tags.append(tag)
    return tuple(tags)


def _tag_after(text, lo, hi, mentions, starts, continues: bool = False) -> Tag | None:
    window_end = min(hi, lo + 120)
    lead = lo
    while lead < window_end and text[lead] in _SKIP:
        lead += 1
    source = _source_tag(text, lead, window_end, mentions, starts)
    if source is not None:
        return source
    verb = next(_speech_verbs(text, lead, min(window_end, lead + 60)), None)
    if not verb or _CLAUSE_END.search(text, lead, verb.start()):
        verb = _unlisted_verb(text, lead, window_end, mentions, starts)
        if verb is None and continues:
            verb = _verb_after_subject(text, lead, window_end, mentions, starts)
        if verb is None:
            return None
    between = text[lead : verb.start()]
    if between.strip() and not _ADVERB_ONLY.fullmatch(between):
        return _subject_before(text, lead, verb, mentions, starts, before=False)  # "Sakura replied"
    return _subject_after(text, verb, window_end, mentions, starts)  # "said Emma"


def _source_tag(text, lead, hi, mentions, starts) -> Tag | None:
    """Words after a quotation that name where it came from rather than
    saying who said it: '"…", comes from a pensive Jirou', '"Huh." That's
    Jirou.', '"Hermione," Harry's voice broke her thoughts'."""
    k = bisect_left(starts, lead)
    if k < len(mentions) and mentions[k].start == lead and mentions[k].kind in ("name", "alias", "role"):
        voice = _VOICE.match(text, mentions[k].end, hi)
        if voice is not None:  # '"Hermione," Harry's voice broke her thoughts'
            m = mentions[k]
            return _make_tag(text, voice, (m.start, m.end, m.kind, m), mentions, starts, False)
    source = _SOURCE.match(text, lead, hi)
    if source is None:
        return None
    k = bisect_left(starts, source.end())
    if k == len(mentions) or mentions[k].kind not in ("name", "alias", "role") \
            or not _DESCRIBED.fullmatch(text, source.end(), mentions[k].start):
        return None
    m = mentions[k]
    if source.group("that") and not _CLAUSE_END.match(text, m.end):
        return None  # "That's Jirou's idea": not who spoke
    return _make_tag(text, source, (m.start, m.end, m.kind, m), mentions, starts, False)


def _speech_verbs(text: str, lo: int, hi: int):
    """The speech verbs between `lo` and `hi`, as `_VERB_WORD` finds them,
    found by looking each word up: an alternation of hundreds of verbs costs
    a try per verb at every character."""
    end = lo
    for word in _WORD.finditer(text, lo, hi):
        if word.start() >= end and word.group().lower() in SPEECH_VERBS:
            verb = _VERB_WORD.match(text, word.start(), hi)
            if verb:
                end = verb.end()
                yield verb


def _unlisted_verb(text, lead, hi, mentions, starts) -> re.Match | None:
    """A speech verb the word list lacks, known by the inverted tag's shape
    right after the quotation: a verb, then its subject ("corroborated Flora
    Jane", "ventured Mrs. Vandeleur", "echoed she"). A subject first and a
    verb after it ("Mara smiled.") is an action beat, which the speaker
    model weighs as such."""
    inverted = _UNLISTED_VERB.match(text, lead, hi)
    if not inverted:
        return None
    k = bisect_left(starts, inverted.end())
    named = k < len(mentions) and mentions[k].start <= inverted.end() + 1 and mentions[k].kind in ("name", "role")
    return inverted if named or _SUBJECT_PRONOUN_AFTER.match(text, inverted.end(), hi) else None


def _verb_after_subject(text, lead, hi, mentions, starts) -> re.Match | None:
    """The verb of a subject that opens the words after a quotation ended by
    a comma: '"…," the doctor reassured', '"…," Mara smiled': the comma
    leaves the sentence open, so the clause that finishes it is its tag,
    whatever its verb."""
    k = bisect_left(starts, lead)
    if k < len(mentions) and mentions[k].start == lead and mentions[k].kind != "pronoun":
        subject_end = mentions[k].end
    else:
        pronoun = _SUBJECT_PRONOUN.match(text, lead, hi)
        if pronoun is None:
            return None
        subject_end = pronoun.end()
    adverbs = _ADVERB_ONLY.match(text, subject_end, hi)
    at = adverbs.end() if adverbs else subject_end
    if at == subject_end and not text.startswith(" ", at):
        return None
    return _UNLISTED_VERB.match(text, at if adverbs else at + 1, hi)


def _tag_before(text, lo, hi, mentions, starts) -> Tag | None:
    tail_at = max(lo, hi - 160)
    owned = _OWNED_WORDS.search(text, tail_at, hi)
    if owned:
        return _owner_tag(text, owned, mentions, starts)
    sound = _SOUND_FROM.search(text, tail_at, hi)
    if sound:
        k = bisect_left(starts, sound.end())
        if k < len(mentions) and mentions[k].kind in ("name", "alias", "role") \
                and _DESCRIBED.fullmatch(text, sound.end(), mentions[k].start) \
                and _SENTENCE_END.fullmatch(text, mentions[k].end, hi):
            m = mentions[k]
            return _make_tag(text, sound, (m.start, m.end, m.kind, m), mentions, starts, True)
    verbs = list(_speech_verbs(text, tail_at, hi))
    if not verbs:
        return None
    verb = verbs[-1]
    rest = text[verb.end() : hi]
    if len(rest.split()) > 5 or _CLAUSE_END.search(rest.rstrip(" ,:-")):
        return None
    tag = _subject_before(text, max(tail_at, verb.start() - 60), verb, mentions, starts, before=True)
    return tag


_BEAT_VERB = re.compile(r"[a-z]+(?:-[a-z]+)*\b(?!['’])")
_SENTENCE_STARTS = re.compile(r"[.!?…][\"'”’)]*\s+(?=\S)")


def _clause_before(text, lo, hi, mentions, starts) -> Tag | None:
    """A sentence a comma leaves open before a quotation brings it in,
    whatever its verb ('Jirou pats Kirishima's shoulder, "Sleep tight"'):
    its subject, at the sentence's start and right before the verb, speaks."""
    lead = text[lo:hi].rstrip()
    if not lead.endswith(","):
        return None
    start = lo + max((m.end() for m in _SENTENCE_STARTS.finditer(lead)), default=len(lead) - len(lead.lstrip()))
    if len(text[start:hi].split()) > 15:
        return None
    k = bisect_left(starts, start)
    if k < len(mentions) and mentions[k].start == start and mentions[k].kind in ("name", "alias", "role", "pronoun"):
        m = mentions[k]
        subject = (m.start, m.end, m.kind, m)
    elif pronoun := _SUBJECT_PRONOUN.match(text, start, hi):
        subject = (pronoun.start(), pronoun.end(), "pronoun", _mention_at(mentions, starts, pronoun.start()))
    else:
        return None
    at = subject[1]
    while at < hi and text[at].isspace():
        at += 1
    adverbs = _ADVERB_ONLY.match(text, at, hi)
    verb = _BEAT_VERB.match(text, adverbs.end() if adverbs else at, hi)
    if verb is None or (verb.group() not in ACTION_VERBS and verb.group() not in SPEECH_VERBS
                          and not _UNLISTED_VERB.fullmatch(verb.group())):
        return None
    return _make_tag(text, verb, subject, mentions, starts, True)


def _owner_tag(text, owned: re.Match, mentions, starts) -> Tag | None:
    """"his father's maxim: "…"", "Sakura's words:": whose words they are
    speaks them (the noun stands for the verb)."""
    k = bisect_left(starts, owned.start()) - 1
    while k >= 0 and mentions[k].end > owned.start():
        k -= 1
    if k < 0 or mentions[k].end != owned.start():
        return None
    m = mentions[k]
    noun = re.search(r"\w+", text[owned.start("noun") :])
    verb = re.compile(re.escape(noun.group())).search(text, owned.start("noun"))
    return replace(_make_tag(text, verb, (m.start, m.end, m.kind, m), mentions, starts, True), owned=True)


def _subject_before(text, lo, verb, mentions, starts, before: bool) -> Tag | None:
    """The subject nearest the verb before it ("Rather than answer her, he
    said"; not the "him" of "took him by the collar and cried", nor the
    Rarity of "She turned to Rarity and asked")."""
    best: tuple[int, int, str, Mention | None] | None = None
    k = bisect_left(starts, verb.start()) - 1
    while k >= 0 and mentions[k].start >= lo:
        m = mentions[k]
        if text[m.start : m.end].lower() not in _OBJECT_PRONOUNS and m.end <= verb.start() \
                and not _PREPOSITION_BEFORE.search(text, max(lo, m.start - 12), m.start):
            best = (m.start, m.end, m.kind, m)
            break
        k -= 1
    for p in _SUBJECT_PRONOUN.finditer(text, best[1] if best else lo, verb.start()):
        # A pronoun the cast stage left unresolved still says who speaks.
        best = (p.start(), p.end(), "pronoun", None)
    for e in _EPITHET.finditer(text, best[1] if best else lo, verb.start()):
        best = (e.start(), e.end(), "epithet", None)
    for u in _UNSEEN.finditer(text, best[1] if best else lo, verb.start()):
        best = (u.start(), u.end(), "unseen", None)
    relative = _RELATIVE_BEFORE.search(text, best[1] if best else lo, verb.start())
    if relative:  # "her father continued,"
        return _relative_tag(text, verb, relative, mentions, starts, before, verb.end())
    if best is None:
        return None
    return _make_tag(text, verb, best, mentions, starts, before)


def _relative_tag(text, verb, relative, mentions, starts, before: bool, listeners_from: int) -> Tag:
    """"said her father": the relative the cast stage resolved, if it did."""
    noun = relative.group(2).lower()
    resolved = _mention_at(mentions, starts, relative.start(1))
    character = resolved.character if resolved is not None and resolved.kind == "relative" else None
    clause_end = _clause_end(text, listeners_from)
    return Tag(verb.start(), verb.end(), relative.start(1), relative.end(2), "relative", character,
               PERSON_NOUNS.get(noun, "unknown"), before, _listeners(text, mentions, starts, listeners_from, clause_end))


def _subject_after(text, verb, hi, mentions, starts) -> Tag | None:
    at = verb.end()
    relative = _RELATIVE.match(text, at, hi)
    if relative:
        return _relative_tag(text, verb, relative, mentions, starts, False, relative.end())
    pronoun = _SUBJECT_PRONOUN_AFTER.match(text, at, hi)
    k = bisect_left(starts, at)
    mention = mentions[k] if k < len(mentions) and mentions[k].start < min(hi, at + 40) else None
    if pronoun and (mention is None or mention.start >= pronoun.end() or mention.start == pronoun.start(1)):
        m = _mention_at(mentions, starts, pronoun.start(1))
        return _make_tag(text, verb, (pronoun.start(1), pronoun.end(1), "pronoun", m), mentions, starts, False)
    word_at = at + len(text[at:hi]) - len(text[at:hi].lstrip())
    for pattern, kind in ((_EPITHET, "epithet"), (_UNSEEN, "unseen")):
        found = pattern.match(text, word_at, hi)
        if found and (mention is None or mention.start > found.start()):
            return _make_tag(text, verb, (found.start(), found.end(), kind, None), mentions, starts, False)
    if mention is None or text[mention.start : mention.end].lower() in _OBJECT_PRONOUNS:
        return None
    return _make_tag(text, verb, (mention.start, mention.end, mention.kind, mention), mentions, starts, False)


def _make_tag(text, verb, subject, mentions, starts, before: bool) -> Tag:
    start, end, kind, mention = subject
    word = text[start:end].lower()
    if word in ("i", "we"):
        kind, gender = "narrator", "unknown"
    elif kind == "unseen":
        gender = _noun_gender(word)
    elif kind == "pronoun" or word in ("he", "she", "they"):
        kind, gender = "pronoun", _PRONOUN_GENDER.get(word, "unknown")
    elif kind == "alias" and not text[start:end][:1].isupper():
        kind, gender = "epithet", _noun_gender(word)
    elif kind in ("name", "alias"):
        kind, gender = "name", "unknown"
    elif kind in ("role", "kin", "relative"):
        # "the doctor", "Mom", "her son": the cast stage's own character for them.
        kind, gender = ("relative" if kind == "relative" else "role"), _noun_gender(word)
    else:
        kind, gender = "epithet", _noun_gender(word)
    clause_end = _clause_end(text, max(end, verb.end()))
    listeners = _listeners(text, mentions, starts, max(end, verb.end()), clause_end)
    character = mention.character if mention is not None else None
    # A named subject is not its own listener; an epithet or pronoun may have
    # been resolved to the listener ("the girl greeted her"), so keep them all.
    if kind == "name":
        listeners = tuple(c for c in listeners if c != character)
    return Tag(verb.start(), verb.end(), start, end, kind, character, gender, before, listeners)


def _noun_gender(phrase: str) -> str:
    words = phrase.replace(",", " ").split()
    head = words[-1] if words else ""
    if head.endswith("ette"):
        return "female"
    return PERSON_NOUNS.get(head, PERSON_NOUNS.get(" ".join(words[-2:]), "unknown"))


def _mention_at(mentions, starts, at) -> Mention | None:
    k = bisect_left(starts, at)
    return mentions[k] if k < len(mentions) and mentions[k].start == at else None


def _clause_end(text: str, at: int) -> int:
    m = _CLAUSE_END.search(text, at, at + 120)
    return m.start() if m else min(len(text), at + 120)


def _listeners(text, mentions, starts, lo, hi) -> tuple[str, ...]:
    """Whom the tag's verb addresses, right after it: "greeted her", "said
    to Elizabeth", "replied, turning to Mr. Darcy" is too far; "cut him off"
    in a later clause is not the tag's."""
    k = bisect_left(starts, lo)
    if k == len(mentions) or mentions[k].start >= min(hi, lo + 40):
        return ()
    m = mentions[k]
    if not _TO_LISTENER.fullmatch(text, lo, m.start):
        return ()
    if m.kind in ("name", "alias") or text[m.start : m.end].lower() in ("her", "him", "them"):
        return (m.character,)
    return ()
