"""Paratext: the title, summary, disclaimer, metadata and author's notes that
surround the story in a chapter.

Markup readers already mark what a site marks; this stage finds the rest in
the text itself, chapter by chapter:

- at the head, paragraphs that announce themselves ("A/N:", "Disclaimer: I
  don't own…", "Summary:", "Rated T", a short title line);
- anywhere, a paragraph that opens with an author's-note marker;
- at the tail, marked notes and unmarked ones: a run of closing paragraphs in
  which the author talks to readers (updates, reviews, "you guys", the
  fandom, emoticons);
- blocks a label opens: a "Summary:" or "Notes:" line alone at the head runs
  to the break or "Work Text:" line that ends the front matter; a notes label
  alone near the end ("Notes:", "Chapter End Notes") or a marked note right
  after the chapter's last break line runs to the end of the chapter (replies
  to reviewers and a signature included), and so does a short plea after
  that break ("Please Review!");
- a byline under the title ("by quill", "By: Bex-chan") is metadata;
- framing lines: break lines at the head or tail of a chapter that stand next
  to paratext (`.:O:.` above and below a chapter heading, a rule between the
  notes and the story) are paratext of the kind they frame.

The rule that matters most is that story text is never swallowed: an unmarked
paragraph becomes a note only on several independent signals, and the tail
run stops at the first paragraph that reads like story.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Sequence

from ..model import Chapter, Paragraph, Paratext, SpanIndex
from .scenes import is_break_line

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
    r"characters?|word\s*count|words|status|spoilers?|category|categories|timeline|setting|relationships?|"
    r"additional\s+tags|language|published|updated|completed|chapters|series|collections?|kudos|hits|bookmarks|"
    r"comments|reviews|favs|follows|authors?|source|url|(?:work|chapter)\s+text)\s*[:\-–—])",
    _I,
)
# A label alone on its line, opening the block below it.
_LABEL_ALONE = re.compile(
    r"^[\W_]{0,4}(?:(?P<summary>(?:chapter\s+|work\s+)?summary)|(?P<disclaimer>disclaimer)"
    r"|(?P<note>(?:chapter\s+|work\s+)?(?:(?:beginning|end)\s+)?(?:author'?s?'?\s+)?notes?|a\s?/\s?n))[\W_]{0,4}$",
    _I,
)
# A section's number alone ("1.", "IV"): the story starts there.
_SECTION = re.compile(r"^\s*(?:\d{1,3}|[IVXLC]{1,7}|[ivxlc]{1,7})\s*[.):]?\s*$")
_STORY_TEXT = re.compile(r"^[\W_]{0,4}(?:work|chapter|story)\s+text\s*:?\s*$", _I)
_BYLINE = re.compile(r"^(?:(?:written\s+)?by\s*:\s*\S.{0,60}|(?:written\s+)?by\s+(?:\S+|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}))$", _I)
_SIGNATURE = re.compile(r"^[-–—~\s]*[\w@.'’-]+(?:\s[\w@.'’-]+){0,2}[\s!~<3]*$")
_CHAPTER_TITLE = re.compile(r"^[\W_]{0,4}(?:chapter|ch\.|part|prologue|epilogue|interlude)\b", _I)
_SENTENCE_END = re.compile(r"[.!?\"”’)…]$")
_DIALOGUE = re.compile(r"[\"“”]")
# A quotation and its speech tag: '"…," Merlin says', '"…," said Emma'.
_TAGGED_DIALOGUE = re.compile(
    r"[,!?][\"”]\s+(?:(?:[A-Z][\w'’-]*|he|she|they|I)\s+(?:[a-z]+ed|[a-z]+s|said|told|spoke)\b"
    r"|(?:[a-z]+ed|said|says|asks|replies)\s+(?:[A-Z]|he\b|she\b))")
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
    taken = SpanIndex(marked)
    starts = [p.start for p in paragraphs]
    found: list[Paratext] = []
    for start, end in regions:
        pars = [p for p in paragraphs[bisect_left(starts, start) : bisect_left(starts, end)]
                if not taken.covers(p.start, p.end)]
        found.extend(_region_paratext(text, pars))
    return tuple(sorted([*marked, *found], key=lambda p: p.start))


def _region_paratext(text: str, pars: list[Paragraph]) -> list[Paratext]:
    kinds: dict[int, str] = {}
    breaks = {i for i, p in enumerate(pars) if is_break_line(text[p.start : p.end])}
    _head(text, pars, kinds, breaks)
    _tail(text, pars, kinds)
    _closing(text, pars, kinds, breaks)
    for i, p in enumerate(pars):
        if i not in kinds and i not in breaks and _AUTHOR_NOTE.match(text[p.start : p.end]):
            kinds[i] = "author_note"
    _frames(pars, kinds, breaks)
    return [Paratext(pars[i].start, pars[i].end, kind) for i, kind in sorted(kinds.items())]


def _head(text: str, pars: list[Paragraph], kinds: dict[int, str], breaks: set[int]) -> None:
    previous = None
    limit = min(len(pars), max(1, len(pars) - 1))  # the last paragraph is never all head
    i = 0
    while i < limit:
        s = text[pars[i].start : pars[i].end]
        if i in breaks:
            i += 1
            continue
        kind = _announced_kind(s)
        if kind is None and i == 0 and _looks_like_title(s):
            kind = "title"
        if kind is None and previous in ("title", None) and _BYLINE.match(s):
            kind = "metadata"
        if kind is None and previous in ("author_note", "disclaimer", "summary") and (
            _reader_talk(s) >= 2 and not _DIALOGUE.search(s) and _speaks_to_reader(s)
        ):
            kind = previous
        label = _LABEL_ALONE.match(s)
        if label is not None:
            kind = next(k for k in ("summary", "disclaimer", "note") if label.group(k))
            kind = "author_note" if kind == "note" else kind
            end = _block_end(text, pars, i, breaks)
            for j in range(i, end):
                kinds[j] = kind
            previous, i = kind, end
            continue
        if kind is None:
            return
        kinds[i] = kind
        previous = kind
        i += 1


def _block_end(text: str, pars: list[Paragraph], i: int, breaks: set[int]) -> int:
    """Where a head block opened by a label alone ends: at the first break,
    label, section number ("1.") or "Work Text:" line within the first half
    of the chapter, or at
    the story's first tagged dialogue (an empty "Chapter Notes" label right
    above the story); with none there, the block is the label and the
    paragraph below it."""
    for j in range(i + 1, min(len(pars) - 1, max(i + 2, len(pars) // 2))):
        s = text[pars[j].start : pars[j].end]
        if j in breaks or _LABEL_ALONE.match(s) or _STORY_TEXT.match(s) or _announced_kind(s) or _SECTION.match(s):
            return j
        if _TAGGED_DIALOGUE.search(s):
            # The story has begun; the paragraphs above it since the label
            # are story too when they read as such (no reader talk).
            while j - 1 > i and not _reader_talk(text[pars[j - 1].start : pars[j - 1].end]):
                j -= 1
            return j
    return max(i + 1, min(i + 2, len(pars) - 1))


def _closing(text: str, pars: list[Paragraph], kinds: dict[int, str], breaks: set[int]) -> None:
    """Closing blocks: a notes label alone near the end, a marked note after
    the last break, a short plea after it; then a signature under a note."""
    floor = max(1, len(pars) - max(1, len(pars) // 3))
    start = None
    for i in range(len(pars) - 1, floor - 1, -1):
        if i in breaks:
            break
        s = text[pars[i].start : pars[i].end]
        label = _LABEL_ALONE.match(s)
        if label is not None and label.group("note"):
            start = i
    # The last break with words after it, in the second half of the chapter.
    half = len(pars) // 2
    words_after = [j for j in range(half, len(pars)) if j not in breaks]
    last_break = max((b for b in breaks if b >= half and words_after and b < words_after[-1]), default=None)
    if start is None and last_break is not None:
        after = [j for j in range(last_break + 1, len(pars)) if j not in breaks]
        first = text[pars[after[0]].start : pars[after[0]].end]
        plea = [text[pars[j].start : pars[j].end] for j in after]
        if _AUTHOR_NOTE.match(first) or (sum(len(p.split()) for p in plea) <= 40
                                          and not any(_DIALOGUE.search(p) for p in plea)
                                          and any(_reader_talk(p) for p in plea)):
            start = after[0]
    if start is not None:
        for j in range(start, len(pars)):
            if j not in breaks:
                kinds.setdefault(j, "author_note")
    last = len(pars) - 1
    if last > 0 and last not in kinds and kinds.get(last - 1) == "author_note" \
            and _SIGNATURE.match(text[pars[last].start : pars[last].end]):
        kinds[last] = "author_note"


def _frames(pars: list[Paragraph], kinds: dict[int, str], breaks: set[int]) -> None:
    """Break lines at the head or the tail of the chapter, next to paratext,
    take the kind of what they frame."""
    n = len(pars)
    head = 0
    while head < n and (head in kinds or head in breaks):
        head += 1
    tail = n - 1
    while tail >= 0 and (tail in kinds or tail in breaks):
        tail -= 1
    for i in sorted(breaks):
        if i < head:
            kind = _nearest(kinds, range(i - 1, -1, -1)) or _nearest(kinds, range(i + 1, head))
        elif i > tail:
            kind = _nearest(kinds, range(i + 1, n)) or _nearest(kinds, range(i - 1, tail, -1))
        else:
            continue
        if kind is not None:
            kinds[i] = kind


def _nearest(kinds: dict[int, str], indices) -> str | None:
    return next((kinds[j] for j in indices if j in kinds), None)


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
