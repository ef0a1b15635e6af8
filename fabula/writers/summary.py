"""A short human summary of a document, for the terminal."""

from __future__ import annotations

from collections import Counter

from ..model import Document


def format_summary(doc: Document) -> str:
    lines = []
    if doc.title:
        lines.append(f"Title:      {doc.title}")
    lines.append(f"Source:     {doc.source.get('name', '?')} ({doc.source.get('format', '?')})")
    lines.append(f"Words:      {doc.words:,} ({doc.story_words:,} of story)")
    lines.append(f"Paragraphs: {len(doc.paragraphs):,}")
    if doc.chapters:
        lines.append(f"Chapters:   {len(doc.chapters)}")
    openings = Counter(s.opened_by for s in doc.scenes)
    breaks = ", ".join(f"{openings[k]} {k}" for k in ("explicit", "implicit") if openings[k])
    lines.append(f"Scenes:     {len(doc.scenes)}" + (f" (breaks: {breaks})" if breaks else ""))
    kinds = Counter(q.kind for q in doc.quotes)
    lines.append(
        f"Quotations: {len(doc.quotes)} ({kinds['speech']} speech, {kinds['thought']} thought)"
    )
    if doc.paratext:
        lines.append(f"Paratext:   {len(doc.paratext)}")
        for p in doc.paratext:
            snippet = " ".join(doc.span_text(p).split())
            if len(snippet) > 60:
                snippet = snippet[:59] + "…"
            lines.append(f"  {p.kind:<12} {snippet}")
    else:
        lines.append("Paratext:   none found")
    return "\n".join(lines) + "\n"
