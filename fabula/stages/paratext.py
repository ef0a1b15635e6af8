"""Paratext: the title, summary, disclaimer, metadata and author's notes that
surround the story in a chapter.

Markup readers already mark what a site marks; this stage finds the rest in
the text itself, chapter by chapter:

- at the head, paragraphs that announce themselves ("A/N:", "Disclaimer: I
  don't own…", "Summary:", "Rated T", a short title line);
- anywhere, a paragraph that opens with an author's-note marker;
- at the tail, marked notes and unmarked ones: a run of closing paragraphs in
  which the author talks to readers (updates, reviews, "you guys", the
  fandom, emoticons).

The rule that matters most is that story text is never swallowed: an unmarked
paragraph becomes a note only on several independent signals, and the tail
run stops at the first paragraph that reads like story.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..model import Chapter, Paragraph, Paratext

_I = re.IGNORECASE
_AUTHOR_NOTE = re.compile(
    r"^[\W_]{0,4}(?:a\s?/\s?n\b|a\.\s?n\.|an\s*[:\-–—]|author'?s?'?\s+notes?\b|authors?\s+notes?\b"
    r"|notes?\s*[:\-–—]|end\s+notes?\b|ps\s*[:\-]|p\.\s?s\.|beta(?:'d|ed)?\s+(?:by|read)|thanks?\s+to\s+my\s+beta"
    r"|translator'?s\s+note)",
    _I,
)
_DISCLAIMER = re.compile(
    r"^[\W_]{0,4}(?:disclaimer\b|(?:i|we)\s+(?:do\s+not|don'?t|dont|will\s+never)\s+own\b)"
    r"|\b(?:i|we)\s+(?:do\s+not|don'?t|dont)\s+own\b.{0,80}\b(?:characters?|series|anime|manga|franchise|world)\b",
    _I,
)
_SUMMARY = re.compile(r"^[\W_]{0,4}(?:summary|synopsis|previously(?:\s+on)?)\s*[:\-–—.]", _I)
_METADATA = re.compile(
    r"^[\W_]{0,4}(?:rated\s+(?:[gtm]|pg(?:-?13)?|r|k\+?|ma|nc-?17|e)\b|(?:rating|warnings?|pairings?|ships?|genres?|fandoms?|tags?|"
    r"characters?|word\s*count|words|status|spoilers?|category|categories|timeline|setting)\s*[:\-–—])",
    _I,
)
_CHAPTER_TITLE = re.compile(r"^[\W_]{0,4}(?:chapter|ch\.|part|prologue|epilogue|interlude)\b", _I)
_SENTENCE_END = re.compile(r"[.!?\"”’)…]$")
_DIALOGUE = re.compile(r"[\"“”]")
_FIRST_SECOND = re.compile(r"\b(?:I|I'm|I've|I'll|I'd|me|my|we|we're|our|you|your|you're|u)\b")
_THIRD = re.compile(r"\b(?:he|she|him|her|his|hers|they|them|their)\b", _I)

# Independent signs of an author talking to readers. A paragraph needs several
# of them before it can be taken as an unmarked note.
_READER_TALK = [
    re.compile(p, _I)
    for p in (
        r"\b(?:hey|hi|hello|heya)\s+(?:everyone|everybody|guys|all|readers|y'?all|people|there)\b",
        r"\byou\s+guys\b|\by'?all\b|\bdear\s+readers?\b|\breaders?\b|\breviewers?\b",
        r"\b(?:reviews?|reviewing|reviewed|r\s?&\s?r|favs?|favou?rites?|followers?|kudos|comments?)\b",
        r"\b(?:updates?|updating|updated|upload(?:ed|ing)?|posted|posting)\b",
        r"\b(?:chapters?|fics?|fanfics?|fanfiction|one-?shots?|sequel|prequel|beta|writer'?s\s+block|plot\s?line)\b",
        r"\b(?:manga|anime|canon|canonically|AU|OOC|OCs?|episodes?|shippuden|fandom|spoilers?)\b",
        r"(?:^|\s)[:;x]-?[)(pPD3]|\bxD\b|<3|\blol\b|\bomg\b|\^[_.]?\^",
        r"\b(?:sorry|apologi[sz]e|apologies)\b[^.]{0,60}\b(?:late|long|wait|update|delay|short)\b",
        r"\b(?:thanks|thank\s+you)\b[^.]{0,40}\b(?:reading|reviewing|reviews?|support|patience|following|favou?riting)\b",
        r"\b(?:hope\s+(?:you|u)|hoped\s+you)\b[^.]{0,40}\b(?:enjoy|like|liked|enjoyed)\b|\benjoy(?:ed)?\s+(?:it|this|the\s+chapter)\b",
        r"\b(?:tell|let)\s+me\s+(?:what|know|how)\b",
        r"\b(?:classes|exams?|finals|semester|midterms)\b",
        r"^\W*(?:anyway|anywho|anyhow|so\s+yeah|well)\b",
        r"\b(?:next|last|this|previous|first)\s+(?:chapter|update|installment|part)\b",
        r"\b(?:italics|flashbacks?|pov)\b",
        r"\b(?:to\s+be\s+continued|tbc|the\s+end|fin)\W*$",
    )
]


def find_paratext(
    text: str,
    paragraphs: Sequence[Paragraph],
    chapters: Sequence[Chapter] = (),
    marked: Sequence[Paratext] = (),
) -> tuple[Paratext, ...]:
    """Return the marked paratext plus what the text itself shows, sorted."""
    regions = [(c.start, c.end) for c in chapters] or [(0, len(text))]
    taken = [(p.start, p.end) for p in marked]
    found: list[Paratext] = []
    for start, end in regions:
        pars = [p for p in paragraphs if start <= p.start < end and not _covered(p, taken)]
        found.extend(_region_paratext(text, pars))
    return tuple(sorted([*marked, *found], key=lambda p: p.start))


def _covered(p: Paragraph, taken: list[tuple[int, int]]) -> bool:
    return any(s <= p.start and p.end <= e for s, e in taken)


def _region_paratext(text: str, pars: list[Paragraph]) -> list[Paratext]:
    kinds: dict[int, str] = {}
    _head(text, pars, kinds)
    _tail(text, pars, kinds)
    for i, p in enumerate(pars):
        if i not in kinds and _AUTHOR_NOTE.match(text[p.start : p.end]):
            kinds[i] = "author_note"
    return [Paratext(pars[i].start, pars[i].end, kind) for i, kind in sorted(kinds.items())]


def _head(text: str, pars: list[Paragraph], kinds: dict[int, str]) -> None:
    previous = None
    for i, p in enumerate(pars[: max(1, len(pars) - 1)]):
        s = text[p.start : p.end]
        kind = _announced_kind(s)
        if kind is None and i == 0 and _looks_like_title(s):
            kind = "title"
        if kind is None and previous in ("author_note", "disclaimer", "summary") and (
            _reader_talk(s) >= 2 and not _DIALOGUE.search(s) and _speaks_to_reader(s)
        ):
            kind = previous
        if kind is None:
            return
        kinds[i] = kind
        previous = kind


def _tail(text: str, pars: list[Paragraph], kinds: dict[int, str]) -> None:
    # A note never takes more than the last third of a chapter's paragraphs.
    floor = max(1, len(pars) - max(1, len(pars) // 3))
    note_below = False
    for i in range(len(pars) - 1, floor - 1, -1):
        if i in kinds:
            return
        s = text[pars[i].start : pars[i].end]
        if _AUTHOR_NOTE.match(s) or _DISCLAIMER.match(s):
            kinds[i] = "disclaimer" if _DISCLAIMER.match(s) else "author_note"
            note_below = True
            continue
        talk = _reader_talk(s)
        dialogue = len(_DIALOGUE.findall(s))
        if dialogue >= 2 and talk < 4:
            return
        if not _speaks_to_reader(s):
            return
        if talk >= 2 or (note_below and talk >= 1 and dialogue == 0):
            kinds[i] = "author_note"
            note_below = True
            continue
        return


def _announced_kind(s: str) -> str | None:
    if _DISCLAIMER.search(s[:200]):
        return "disclaimer"
    if _SUMMARY.match(s):
        return "summary"
    if _AUTHOR_NOTE.match(s):
        return "author_note"
    if _METADATA.match(s):
        return "metadata"
    if _CHAPTER_TITLE.match(s) and len(s) <= 100 and "\n" not in s:
        return "title"
    return None


def _looks_like_title(s: str) -> bool:
    if len(s) > 80 or "\n" in s or _SENTENCE_END.search(s) or _DIALOGUE.search(s):
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", s)
    if not words or len(words) > 10:
        return False
    small = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "from", "by"}
    return all(w[0].isupper() or w.lower() in small for w in words)


def _speaks_to_reader(s: str) -> bool:
    """Notes are in the first and second person; narration mostly is not."""
    first_second = len(_FIRST_SECOND.findall(s)) + len(_READER_TALK[0].findall(s))
    return first_second > 0 and first_second >= len(_THIRD.findall(s))


def _reader_talk(s: str) -> int:
    return sum(1 for pattern in _READER_TALK if pattern.search(s))
