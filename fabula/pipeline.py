"""The order of fabula's stages, in one place.

A reader gives a `Document` with the text and whatever markup showed
(emphasis, rules, chapters, marked paratext). Each stage then adds its spans;
later stages read what earlier ones found.
"""

from __future__ import annotations

import os
from dataclasses import replace

from .model import Document
from .readers import DEFAULT_MAX_BYTES, read_path
from .stages.aliases import link_aliases
from .stages.cast import find_cast
from .stages.flashbacks import find_flashbacks
from .stages.paragraphs import find_paragraphs
from .stages.paratext import find_paratext
from .stages.quotes import find_quotes
from .stages.scenes import find_scene_breaks
from .stages.speakers import attribute_speakers


def analyze_document(doc: Document) -> Document:
    """Run every stage over a document that a reader produced."""
    text = doc.text
    paragraphs = find_paragraphs(text)
    paratext = find_paratext(text, paragraphs, doc.chapters, doc.paratext)
    scenes = find_scene_breaks(text, paragraphs, paratext, doc.chapters, doc.rules)
    quotes = find_quotes(text, paragraphs, paratext, doc.emphasis)
    characters, mentions = find_cast(text, paragraphs, paratext, quotes)
    quotes, characters, mentions = attribute_speakers(text, paragraphs, quotes, characters, mentions)
    characters, mentions = link_aliases(text, quotes, characters, mentions)
    quotes = find_flashbacks(text, paragraphs, quotes)
    return replace(doc, paragraphs=paragraphs, paratext=paratext, scenes=scenes, quotes=quotes,
                   characters=characters, mentions=mentions)


def analyze(text: str, title: str | None = None) -> Document:
    """Analyse a string of plain text (taken as is: offsets index into it)."""
    from .readers.text import find_chapter_headings, find_marked_emphasis

    chapters, headings = find_chapter_headings(text)
    doc = Document(
        text=text,
        title=title,
        source={"name": "<string>", "format": "txt"},
        chapters=chapters,
        paratext=headings,
        emphasis=find_marked_emphasis(text),
    )
    return analyze_document(doc)


def analyze_file(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a .txt, .html or .epub file (or "-" for stdin) and analyse it."""
    return analyze_document(read_path(path, max_bytes=max_bytes))
