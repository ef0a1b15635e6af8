"""Quotations that cannot belong to the scene's present.

Fiction inserts recalled lines into a scene, usually in italics; when the
italics are lost (a plain-text copy, as in the seed chapter's ending), what
remains is a line set into a paragraph that already belongs to someone:

- two quotations back to back in one paragraph, nothing between them, the
  second carrying a speech tag of its own (`"…now." "Get out of here," he
  told her.`): in present dialogue one speaker would have gone on in one
  quotation;
- a quotation tagged with a different speaker right after a tagged quotation
  in the same paragraph (`"…," Sasuke insisted. "…," she cried out.`),
  where present dialogue would have started a new paragraph.

Both need the second quotation's own tag after it. Flags never change a
speaker: the line is still theirs, only not said now.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Sequence

from ..model import Paragraph, Quote

_TAGGED = frozenset({"explicit", "anaphoric"})


def find_flashbacks(text: str, paragraphs: Sequence[Paragraph], quotes: Sequence[Quote]) -> tuple[Quote, ...]:
    """Return the quotes with `flashback` set where the evidence allows."""
    out = list(quotes)
    starts = [p.start for p in paragraphs]
    ends = [p.end for p in paragraphs]
    for i in range(1, len(quotes)):
        a, b = quotes[i - 1], quotes[i]
        k = bisect_right(starts, b.start) - 1
        if k < 0 or a.start < starts[k] or b.evidence not in _TAGGED or not _tag_follows(text, b, ends[k]):
            continue
        between = text[a.end + 1 : b.start - 1]
        back_to_back = not between.strip()
        other_voice = a.evidence in _TAGGED and a.speaker != b.speaker and len(between) < 80
        if back_to_back or other_voice:
            out[i] = replace(b, flashback=True)
    return tuple(out)


def _tag_follows(text: str, q: Quote, paragraph_end: int) -> bool:
    """Narration follows the quotation's closing mark, beginning lower case
    or with a name: `," he told her`, `," Sasuke insisted`."""
    after = text[q.end + 1 : min(paragraph_end, q.end + 40)].lstrip(" ,")
    return bool(after) and after[0].isalpha()
