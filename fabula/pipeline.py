"""The order of fabula's stages, in one place.

A reader gives a `Document` with the text and whatever markup showed
(emphasis, rules, chapters, marked paratext). Each stage then adds its spans;
later stages read what earlier ones found.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace

from .model import Document
from .readers import DEFAULT_MAX_BYTES, read_path
from .readers.text import document_from_string
from .stages.aliases import link_aliases
from .stages.called import link_called_names
from .stages.cast import find_cast
from .stages.flashbacks import find_flashbacks
from .stages.narrator import name_narrator
from .stages.paragraphs import find_paragraphs
from .stages.paratext import find_paratext
from .stages.quotes import find_quotes
from .stages.scenes import find_scene_breaks
from .stages.speakers import SpeakerRanking, attribute_speakers, rank_speakers
from .stages.speakers.crf import Weights


def analyze_document(doc: Document, speaker_weights: Weights | None = None,
                     cast: Sequence[str] = ()) -> Document:
    """Run every stage over a document that a reader produced.

    `cast` lists characters known beforehand, one string per person with
    their names separated by `|` ("Yamada Hizashi | Present Mic"), as a
    `--cast` file or a site's character tags give them; the reader's
    metadata characters are added to it. The speaker model's trained
    weights are used unless others are given (evaluation gives each PDNC
    novel the weights that were not trained on it)."""
    doc, _ = find_speakers(find_structure_and_cast(doc, cast), speaker_weights)
    return doc


def find_speakers(doc: Document, speaker_weights: Weights | None = None,
                  fixed: Mapping[int, str] | None = None) -> tuple[Document, SpeakerRanking]:
    """The speaker stage and the stages after it, over a document that
    `find_structure_and_cast` made (and hand corrections may have changed
    the cast of). `fixed` holds speakers known beforehand (quotation index
    -> character id): they are evidence the rest is inferred around. Also
    returns what the model ranked for each quotation (its ids are those of
    the speaker stage, before a first-person narrator takes a name)."""
    text, paragraphs = doc.text, doc.paragraphs
    ranking = rank_speakers(text, paragraphs, doc.scenes, doc.quotes, doc.characters, doc.mentions,
                            speaker_weights, fixed)
    quotes, characters, mentions = attribute_speakers(text, paragraphs, doc.scenes, doc.quotes, doc.characters,
                                                      doc.mentions, ranking=ranking)
    quotes, characters, mentions = name_narrator(text, paragraphs, quotes, characters, mentions)
    quotes, characters, mentions = link_called_names(text, paragraphs, quotes, characters, mentions)
    characters, mentions = link_aliases(text, quotes, characters, mentions)
    quotes = find_flashbacks(text, paragraphs, quotes)
    return replace(doc, quotes=quotes, characters=characters, mentions=mentions), ranking


def find_structure_and_cast(doc: Document, cast: Sequence[str] = ()) -> Document:
    """The stages before the speakers: what the speaker model reads (and is
    trained on, by scripts/train_speakers.py)."""
    text = doc.text
    paragraphs = find_paragraphs(text)
    paratext = find_paratext(text, paragraphs, doc.chapters, doc.paratext)
    scenes = find_scene_breaks(text, paragraphs, paratext, doc.chapters, doc.rules)
    quotes = find_quotes(text, paragraphs, paratext, doc.emphasis)
    known = tuple(dict.fromkeys((*cast, *doc.metadata.characters)))
    characters, mentions = find_cast(text, paragraphs, paratext, quotes, known, doc.emphasis)
    return replace(doc, paragraphs=paragraphs, paratext=paratext, scenes=scenes, quotes=quotes,
                   characters=characters, mentions=mentions)


def analyze(text: str, title: str | None = None, speaker_weights: Weights | None = None,
            cast: Sequence[str] = ()) -> Document:
    """Analyse a string of plain text (taken as is: offsets index into it)."""
    return analyze_document(document_from_string(text, title=title), speaker_weights, cast)


def analyze_file(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES,
                 cast: Sequence[str] = ()) -> Document:
    """Read a .txt, .html or .epub file (or "-" for stdin) and analyse it."""
    return analyze_document(read_path(path, max_bytes=max_bytes), cast=cast)
