"""The quotations as CSV, one row each, for spreadsheets.

Columns: id, chapter (1-based, empty for a one-chapter text), start, end
(character offsets into the document text, so `text` is exactly
`doc.text[start:end]`, line breaks and quotation marks included), kind,
speaker (canonical name, empty when unattributed), addressees (names joined
with "; "), confidence, evidence, flashback (true/false), text. Written by
the csv module with its defaults (RFC 4180 quoting, CRLF line ends), in
UTF-8 without a byte-order mark.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_right

from ..model import Document

COLUMNS = ("id", "chapter", "start", "end", "kind", "speaker", "addressees", "confidence", "evidence",
           "flashback", "text")


def format_csv(doc: Document) -> str:
    names = {c.id: c.name for c in doc.characters}
    chapter_starts = [c.start for c in doc.chapters]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for q in sorted(doc.quotes, key=lambda q: q.start):
        chapter = bisect_right(chapter_starts, q.start) if doc.chapters else None
        writer.writerow([
            q.id,
            "" if not chapter else chapter,
            q.start,
            q.end,
            q.kind,
            names.get(q.speaker, q.speaker) if q.speaker else "",
            "; ".join(names.get(a, a) for a in q.addressees),
            "" if q.confidence is None else q.confidence,
            q.evidence or "",
            "true" if q.flashback else "false",
            doc.span_text(q),
        ])
    return out.getvalue()
