"""The text as a quick-read script: narration as is, each quotation on its
own line as `NAME: words`, author's notes left out."""

from __future__ import annotations

from ..model import Document


def format_script(doc: Document) -> str:
    names = {c.id: c.name.upper() for c in doc.characters}
    quotes = sorted(doc.quotes, key=lambda q: q.start)
    out: list[str] = []
    k = 0
    spoken_to = 0  # end of the last quotation printed: its later paragraphs are already out
    for p in doc.paragraphs:
        if doc.in_paratext(p.start):
            continue
        # What a quotation from an earlier paragraph left of this one.
        rest = doc.text[max(p.start, spoken_to) : p.end].strip(" \t\n\"”’'")
        lines = []
        while k < len(quotes) and quotes[k].start < p.end:
            q = quotes[k]
            k += 1
            if q.start < p.start:
                continue  # a speech that began in an earlier paragraph
            who = names.get(q.speaker, "UNKNOWN")
            mark = " (thinking)" if q.kind == "thought" else ""
            lines.append(f"{who}{mark}: {' '.join(doc.span_text(q).split())}")
            spoken_to = max(spoken_to, q.end)
        if lines or rest:
            out.append("\n".join(lines) if lines else " ".join(rest.split()))
    return "\n\n".join(out) + "\n"
