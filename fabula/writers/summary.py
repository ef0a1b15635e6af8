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
    messages = f", {kinds['message']} message" if kinds["message"] else ""  # chat and script lines
    lines.append(
        f"Quotations: {len(doc.quotes)} ({kinds['speech']} speech, {kinds['thought']} thought{messages})"
    )
    lines.extend(_cast(doc))
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


def _cast(doc: Document) -> list[str]:
    speaking = [c for c in doc.characters if c.lines or c.mentions]
    if not speaking:
        return ["Cast:       none found"]
    total = sum(c.lines for c in doc.characters) or 1
    out = [f"Cast:       {len(speaking)} characters (name, gender, lines, share of dialogue, aliases)"]
    for c in sorted(speaking, key=lambda c: (-c.lines, -c.mentions))[:25]:
        aliases = ", ".join(a for a in c.aliases[:6])
        out.append(f"  {c.name:<22} {c.gender:<8} {c.lines:>4} {c.lines / total:>5.0%}  {aliases}")
    return out
