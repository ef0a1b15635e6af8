"""Who says each quotation, to whom, and how sure we are.

Rules, strongest first; the first that applies decides:

1. a speech tag next to the quotation: `"…," Sakura replied`, `"…," said
   Emma`, `Naruto yelled out, "…"`, `"…," she quickly assured him`. A named
   subject is `explicit` evidence; a pronoun or epithet is `anaphoric`, and a
   pronoun is resolved among the people in the conversation, preferring (in
   a new paragraph) someone other than the last speaker;
2. an action beat in the same paragraph: `Her features darkened. "…"` or
   `Sakura smiled. "…"` (the subject of the narration speaks);
3. the same paragraph as an attributed quotation: the speaker goes on;
4. a reply to a vocative: after `"Yes, Hoshi?"`, Hoshi is the one who speaks;
5. turn-taking: in a run of paragraphs that alternate between two people,
   the one who did not speak last.

Rules 2-5 are `implicit` evidence. Addressees are the people a quotation
calls by name (`"Hinata, I'm going out"`), else the other side of the
exchange. First-person tags (`"Wait," I said`) go to a `Narrator` character.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace
from importlib.resources import files
from typing import Sequence

from ...lexicon import PERSON_NOUNS, SPEECH_VERBS
from ...model import Character, Mention, Paragraph, Quote

NARRATOR = "narrator"
_VERB = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
_ADVERB = r"(?:\w+ly|then|now|again|also|still|softly|at\s+last|at\s+once|suddenly|quickly)"
_PARTICLE = r"(?:\s+(?:out|back|up|on|in|again|loudly|softly))?"
_VERB_WORD = re.compile(rf"\b(?:{_VERB})\b{_PARTICLE}", re.I)
_ADVERB_ONLY = re.compile(rf"\s*(?:{_ADVERB}\s*)+", re.I)
_CLAUSE_END = re.compile(r"[.!?;\"“”]")
_NOT_SUBJECT = frozenset({"him", "her", "his", "hers", "them", "their", "himself", "herself", "themselves"})
_KIN = re.compile(
    r"\s+(?:\w+\s+)?(father|mother|husband|wife|brother|sister|aunt|uncle|son|daughter|cousin|friend|"
    r"companion|hostess|host|guest|lover|master|mistress|maid|servant|girl|boy|man|woman)\b"
)
_FIRST_PERSON_BEFORE = re.compile(r"\bI\s+(?:\w+ly\s+)?$")
_FIRST_PERSON = re.compile(r"\s*(?:I|me)\b")
_SENTENCE = re.compile(r"[^.!?]*[.!?]?")
_VOCATIVE_BEFORE = re.compile(r"(?:^|[,!?]\s*|\b(?:hey|hi|oh|dear|well|yes|no|please)\s*,?\s*)$", re.I)
_VOCATIVE_AFTER = re.compile(r"^\s*(?:[,!?.…]|$)")

# How often each rule is right, measured on PDNC fold A by
# scripts/calibrate_confidence.py (fold B is never used to set these).
CONFIDENCE = json.loads(files("fabula").joinpath("confidence.json").read_text())["confidence"]
EVIDENCE = {
    "tag-name": "explicit", "tag-pronoun": "anaphoric", "tag-epithet": "anaphoric", "narrator": "explicit",
    "beat": "implicit", "continued": "implicit", "reply": "implicit", "turn": "implicit", "guess": "implicit",
}


def attribute_speakers(
    text: str,
    paragraphs: Sequence[Paragraph],
    scenes,
    quotes: Sequence[Quote],
    characters: Sequence[Character],
    mentions: Sequence[Mention],
) -> tuple[tuple[Quote, ...], tuple[Character, ...], tuple[Mention, ...]]:
    """Return the quotes with speaker, addressees, confidence and evidence,
    the characters with their line counts (plus `Narrator` if needed), and
    the mentions with each tag's pronoun or epithet pointing at its speaker."""
    genders = {c.id: c.gender for c in characters}
    starts = [m.start for m in mentions]
    par_starts = [p.start for p in paragraphs]
    out: list[Quote] = []
    rules: list[str] = []
    history: list[tuple[int, str | None]] = []  # (paragraph index, speaker) of earlier quotes
    narrator_used = False
    retargeted: dict[int, str] = {}  # tag subjects (pronouns, epithets) -> who spoke
    for n, q in enumerate(quotes):
        pi = max(0, bisect_right(par_starts, q.start) - 1)
        par = paragraphs[pi] if paragraphs else Paragraph(0, len(text))
        prev_end = quotes[n - 1].end + 1 if n and quotes[n - 1].end >= par.start else par.start
        next_start = quotes[n + 1].start - 1 if n + 1 < len(quotes) and quotes[n + 1].start < par.end else par.end
        after_at = min(q.end + 1, next_start)
        before = text[prev_end : max(prev_end, q.start - 1)]
        if not before.strip() and pi > 0 and prev_end == par.start:
            # Gutenberg's way: the tag ends the paragraph before ("Mrs. Hurst
            # thought the same, and added,") and the speech stands alone.
            lead = paragraphs[pi - 1]
            tail = text[lead.start : lead.end]
            if tail.rstrip().endswith((",", ":", "—", "-")) and not (n and quotes[n - 1].end >= lead.end - 2):
                prev_end, before = lead.start, tail
        after = text[after_at:next_start]

        def mention_in(lo: int, hi: int, last: bool = False) -> Mention | None:
            k = bisect_left(starts, lo)
            if last:
                j = bisect_left(starts, hi) - 1
                return mentions[j] if j >= k else None
            return mentions[k] if k < len(mentions) and mentions[k].start < hi else None

        addressees = _vocatives(text, q, mention_in)
        named_here = _names_between(mentions, starts, par.start, q.start)
        if pi > 0 and not (n and quotes[n - 1].end >= paragraphs[pi - 1].start):
            # A narration paragraph just before often names who speaks next.
            named_before = _names_between(mentions, starts, paragraphs[pi - 1].start, paragraphs[pi - 1].end)
        else:
            named_before = {}
        local = (named_here, named_before)
        speaker, rule, subject = _tagged(after, after_at, before, prev_end, mention_in, genders, history, pi, local)
        if subject is not None and rule in ("tag-pronoun", "tag-epithet"):
            # "she said very stiffly to Elizabeth", "the girl greeted her":
            # whoever the tag's clause names after its subject is spoken to.
            clause_end = after_at + _clause_length(after) if subject.start >= after_at else q.start
            listeners = _listeners(text, mentions, starts, subject.end, clause_end)
            if speaker in listeners:
                speaker = _other_speaker(speaker, genders, history, pi, set(listeners), {**named_before, **named_here})
            listeners.pop(speaker, None)
            if not addressees and listeners:
                addressees = tuple(listeners)
        if speaker is not None and speaker in addressees and rule != "tag-name":
            # Nobody calls themselves by name: "Oh Sakura," is said to Sakura.
            speaker = _other_speaker(speaker, genders, history, pi, set(addressees), named_here)
        if rule == "narrator":
            narrator_used = True
        if speaker is None:
            speaker, rule = _untagged(text, par, q, history, pi, mention_in, out, quotes, n)
        if speaker in addressees:
            addressees = tuple(a for a in addressees if a != speaker)
        if subject is not None and subject.kind != "name" and speaker:
            retargeted[subject.start] = speaker
        history.append((pi, speaker))
        rules.append(rule)
        out.append(replace(q, speaker=speaker, addressees=addressees,
                           confidence=CONFIDENCE[rule] if speaker else 0.0,
                           evidence=EVIDENCE[rule] if speaker else None, rule=rule if speaker else None))
    out = _align_turns(out, rules, history)
    out = _fill_addressees(out, history)
    cast = list(characters)
    if narrator_used:
        cast.append(Character(id=NARRATOR, name="Narrator"))
    lines = {}
    for q in out:
        lines[q.speaker] = lines.get(q.speaker, 0) + 1
    mentions = tuple(replace(m, character=retargeted[m.start]) if m.start in retargeted else m for m in mentions)
    counts = Counter(m.character for m in mentions)
    cast = [replace(c, lines=lines.get(c.id, 0), mentions=counts.get(c.id, 0)) for c in cast]
    return tuple(out), tuple(cast), mentions


def _tagged(after, after_at, before, before_at, mention_in, genders, history, pi, local):
    """A speech tag after the quotation, else one that introduces it."""
    args = (mention_in, genders, history, pi, local)
    window = after[:120]
    lead = len(window) - len(window.lstrip(" \t\n,.!?;:—–-"))
    verb = _VERB_WORD.search(window, lead, lead + 60)
    if verb and not _CLAUSE_END.search(window, lead, verb.start()):
        if window[lead : verb.start()].strip() and not _ADVERB_ONLY.fullmatch(window[lead : verb.start()]):
            found = _subject_at(window, lead, after_at, *args, end=verb.start())  # "Sakura replied"
        else:
            found = _subject_at(window, verb.end(), after_at, *args)  # "said Emma"
        if found[0]:
            return found
    tail = before[-160:]
    offset = len(before) - len(tail)
    for verb in reversed(list(_VERB_WORD.finditer(tail))):
        rest = tail[verb.end() :]
        if len(rest.split()) > 5 or _CLAUSE_END.search(rest.rstrip(" ,:—–-")):
            break
        start = max(0, verb.start() - 60)
        found = _subject_at(before, offset + start, before_at, *args, end=offset + verb.start())
        if found[0]:
            return found
        break
    return None, None, None


def _subject_at(segment, i, base, mention_in, genders, history, pi, local, end=None):
    if (_FIRST_PERSON.match(segment, i) if end is None else _FIRST_PERSON_BEFORE.search(segment, i, end)):
        return NARRATOR, "narrator", None
    # The subject before a verb is the mention nearest the verb that can be a
    # subject ("Rather than answer her, he said"; not "took him by the collar
    # and cried"); after a verb, the first one ("said the girl").
    if end is not None:
        hi, mention = base + end, None
        while (m := mention_in(base + i, hi, last=True)) is not None:
            if segment[m.start - base : m.end - base].lower() not in _NOT_SUBJECT:
                mention = m
                break
            hi = m.start
    else:
        mention = mention_in(base + i, base + i + 40)
        kin = mention and segment[mention.start - base : mention.end - base].lower() in ("her", "his") \
            and _KIN.match(segment, mention.end - base)
        if kin:
            # "said her father": someone of the noun's gender, not "her".
            return _relative(PERSON_NOUNS.get(kin.group(1), "unknown"), mention.character, genders, history, pi, local)
    if mention is None:
        return None, None, None
    if mention.kind in ("name", "alias"):
        return mention.character, "tag-name", mention
    rule = "tag-epithet" if mention.kind == "epithet" else "tag-pronoun"
    gender = genders.get(mention.character, "unknown")
    named_here, named_before = local
    for named in (named_here, named_before):
        # One person of that gender named just now is who "she" is.
        fits = [c for c in named if genders.get(c) == gender]
        if fits and gender != "unknown":
            if len(fits) == 1:
                return fits[0], rule, mention
            break
    if mention.character in named_here:
        # "Ino was silent. Then she looked down and said": named in this
        # paragraph, the pronoun's own resolution is the best evidence.
        return mention.character, rule, mention
    return _pronoun_speaker(mention, genders, history, pi), rule, mention


def _relative(gender, possessor, genders, history, pi, local):
    named_here, named_before = local
    for named in (named_here, named_before):
        fits = [c for c in named if c != possessor and genders.get(c) == gender]
        if len(fits) == 1:
            return fits[0], "tag-epithet", None
    recent = [s for p, s in reversed(history[-8:]) if s and s != possessor and pi - p <= 6
              and genders.get(s) == gender and gender != "unknown"]
    return (recent[0], "tag-epithet", None) if recent else (None, None, None)


def _pronoun_speaker(mention, genders, history, pi):
    """he/she in a tag: prefer a recent speaker of that gender who did not
    speak the paragraph before, else the narration's own resolution."""
    gender = genders.get(mention.character, "unknown")
    recent = [s for p, s in history[-8:] if s and s != NARRATOR and pi - p <= 6]
    last = next((s for p, s in reversed(history) if s and p < pi), None)
    same = [s for s in dict.fromkeys(reversed(recent)) if genders.get(s) == gender and gender != "unknown"]
    others = [s for s in same if s != last]
    if mention.character not in same and others:
        return others[0]
    if mention.character == last and others:
        return others[0]
    return mention.character


def _untagged(text, par, q, history, pi, mention_in, out, quotes, n):
    # An action beat: the narration of the same paragraph names who acts.
    narration = text[par.start : q.start] if not any(o.end >= par.start for o in out[-1:]) else ""
    if not narration.strip():
        later = text[q.end + 1 : quotes[n + 1].start if n + 1 < len(quotes) and quotes[n + 1].start < par.end else par.end]
        narration_at = q.end + 1
        narration = later
    else:
        narration_at = par.start
    if out and out[-1].speaker and out[-1].end >= par.start:
        return out[-1].speaker, "continued"
    sentence = _SENTENCE.match(narration.lstrip(" \t\n\"“”,.—-"))
    if sentence and sentence.group().strip():
        lead = len(narration) - len(narration.lstrip(" \t\n\"“”,.—-"))
        m = mention_in(narration_at + lead, narration_at + lead + 12)
        if m is not None:
            return m.character, "beat"
    # A reply to the last quotation's vocative.
    if out and out[-1].addressees and out[-1].speaker and history and history[-1][0] == pi - 1:
        return out[-1].addressees[0], "reply"
    # Turn-taking: the last speaker's partner in the conversation answers.
    last = next((s for p, s in reversed(history) if p < pi), None) if history and history[-1][0] >= pi - 2 else None
    if last:
        partner = next((s for p, s in reversed(history) if s and s != last and pi - p <= 12), None)
        if partner:
            return partner, "turn"
    recent = [s for p, s in history[-4:] if s and pi - p <= 3]
    return (recent[-1], "guess") if recent else (None, "guess")


_ANCHORS = frozenset({"tag-name", "tag-pronoun", "tag-epithet", "narrator", "beat"})


def _align_turns(quotes: list[Quote], rules: list[str], history) -> list[Quote]:
    """Untagged lines in a run of alternating paragraphs take their turn from
    the nearest tagged line, before or after: two people talking alternate."""
    out = list(quotes)
    n = 0
    while n < len(quotes):
        # A conversation: quotations in consecutive paragraphs.
        end = n + 1
        while end < len(quotes) and history[end][0] - history[end - 1][0] <= 1:
            end += 1
        paragraphs = sorted({history[k][0] for k in range(n, end)})
        anchor: dict[int, str] = {}
        for k in range(n, end):
            if rules[k] in _ANCHORS and quotes[k].speaker and history[k][0] not in anchor:
                anchor[history[k][0]] = quotes[k].speaker
        pair = list(dict.fromkeys(anchor.values()))
        if len(pair) == 1:
            # One voice tagged: the other is whom it speaks to, or the last
            # person it spoke with.
            spoken_to = [a for k in range(n, end) for a in quotes[k].addressees if a != pair[0]]
            before = [s for p, s in reversed(history[max(0, n - 12) : n]) if s and s != pair[0]
                      and paragraphs[0] - p <= 12]
            partner = (spoken_to or before or [None])[0]
            if partner:
                pair.append(partner)
        if len(pair) == 2:
            position = {p: i for i, p in enumerate(paragraphs)}
            anchored = sorted(position[p] for p in anchor)
            for k in range(n, end):
                if rules[k] in _ANCHORS or rules[k] == "continued":
                    continue
                i = position[history[k][0]]
                nearest = min(anchored, key=lambda a: (abs(a - i), a < i))
                who = anchor[paragraphs[nearest]]
                speaker = who if (i - nearest) % 2 == 0 else next(x for x in pair if x != who)
                out[k] = replace(quotes[k], speaker=speaker, confidence=CONFIDENCE["turn"], evidence="implicit",
                                 rule="turn")
                history[k] = (history[k][0], speaker)
        n = end
    # Lines that continued a re-aligned line follow it.
    for k in range(1, len(out)):
        if rules[k] == "continued" and history[k][0] == history[k - 1][0]:
            out[k] = replace(out[k], speaker=out[k - 1].speaker)
    return out


def _clause_length(segment: str) -> int:
    lead = len(segment) - len(segment.lstrip(" \t\n,.!?;:—–-"))
    end = _CLAUSE_END.search(segment, lead)
    return end.start() if end else len(segment)


def _listeners(text, mentions, starts, lo, hi) -> dict[str, None]:
    """Names and object pronouns ("greeted her") in a tag's clause."""
    return dict.fromkeys(
        m.character for m in mentions[bisect_left(starts, lo) : bisect_left(starts, hi)]
        if m.kind in ("name", "alias") or text[m.start : m.end].lower() in ("her", "him", "them")
    )


def _names_between(mentions, starts, lo, hi) -> dict[str, None]:
    """Characters named (not pronouns) in [lo, hi), in order of first mention."""
    return dict.fromkeys(m.character for m in mentions[bisect_left(starts, lo) : bisect_left(starts, hi)]
                         if m.kind in ("name", "alias"))


def _other_speaker(speaker, genders, history, pi, exclude, named_here):
    gender = genders.get(speaker, "unknown")
    for s in named_here:
        if s not in exclude and s != speaker and genders.get(s, "unknown") in (gender, "unknown"):
            return s
    for p, s in reversed(history[-8:]):
        if s and s not in exclude and s != speaker and pi - p <= 6 and genders.get(s, "unknown") in (gender, "unknown"):
            return s
    return speaker


def _vocatives(text, q, mention_in) -> tuple[str, ...]:
    found = []
    at = q.start
    while True:
        m = mention_in(at, q.end)
        if m is None:
            break
        if m.kind in ("name", "alias"):
            before = text[max(q.start, m.start - 12) : m.start]
            after = text[m.end : min(q.end, m.end + 2)]
            if (m.start == q.start or _VOCATIVE_BEFORE.search(before)) and _VOCATIVE_AFTER.match(after):
                found.append(m.character)
        at = m.end
    return tuple(dict.fromkeys(found))


def _fill_addressees(quotes: list[Quote], history) -> list[Quote]:
    """Without a vocative, the listener is the other side of the exchange."""
    out = []
    for n, q in enumerate(quotes):
        if q.addressees or q.speaker is None:
            out.append(q)
            continue
        pi = history[n][0]
        listener = None
        for k in (n - 1, n + 1, n - 2):
            if 0 <= k < len(quotes) and abs(history[k][0] - pi) <= 2:
                other = quotes[k].speaker
                if other and other != q.speaker:
                    listener = other
                    break
        out.append(replace(q, addressees=(listener,)) if listener else q)
    return out
