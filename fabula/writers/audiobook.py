"""A multi-voice audiobook script: the story in reading order, each stretch
read by the narrator or by the character who says it.

`audiobook_segments` cuts the story as `reading.py` does (chapter titles
and narration to the narrator, quotations to their speaker, author's notes
and scene-break lines left out) and gives each segment its voice from the
casting (`casting.py`) and the pause before it: short within a paragraph,
longer at a new paragraph, longest at a new scene or around a title.
`write_audiobook` writes a folder of:

- `segments.jsonl`: one JSON object a line, in reading order: `index`,
  `kind` (title, narration, speech, thought), `speaker` (a character's
  canonical name, `Narrator`, or null for a quotation nobody is known to
  say), `character_id`, `quote_id`, `voice`, `pitch`, `rate`, `pause_ms`,
  `start`, `end` and `text`, which is exactly `doc.text[start:end]` (it may
  hold line breaks; the SSML and the renderer read it with its whitespace
  collapsed);
- `audiobook.ssml`: the same as SSML 1.1, one `<voice>` (with `<prosody>`
  for pitch and rate) per segment and a `<break>` before each;
- `voices.json`: the casting sheet. An existing one in the folder is read
  first, so a user's edits survive; new characters get free voices.

Each file is written atomically.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..errors import FabulaError, InputError
from ..model import Document
from . import write_atomic
from .casting import Casting, Voice, cast_voices, load_casting
from .reading import reading_order

SEGMENTS_FILE = "segments.jsonl"
SSML_FILE = "audiobook.ssml"
VOICES_FILE = "voices.json"
PAUSE_MS = {"sentence": 300, "paragraph": 700, "scene": 1500}
_NOT_XML = re.compile(r"[\x00-\x08\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Segment:
    index: int
    kind: str  # title, narration, speech, thought
    speaker: str | None
    character_id: str | None
    quote_id: str | None
    voice: Voice
    pause_ms: int
    start: int
    end: int
    text: str

    @property
    def spoken(self) -> str:
        """The text as it is read: whitespace collapsed, no characters XML forbids."""
        return " ".join(_NOT_XML.sub("", self.text).split())

    def to_dict(self) -> dict:
        return {
            "index": self.index, "kind": self.kind, "speaker": self.speaker,
            "character_id": self.character_id, "quote_id": self.quote_id, "voice": self.voice.voice,
            "pitch": self.voice.pitch, "rate": self.voice.rate, "pause_ms": self.pause_ms,
            "start": self.start, "end": self.end, "text": self.text,
        }


def audiobook_segments(doc: Document, casting: Casting) -> list[Segment]:
    names = {c.id: c.name for c in doc.characters}
    segments: list[Segment] = []
    previous = None
    for piece in reading_order(doc):
        q = piece.quote
        if q is None:
            kind, speaker, character_id, voice = piece.kind, "Narrator", None, casting.narrator
        else:
            kind, character_id = q.kind, q.speaker
            speaker = names.get(q.speaker) if q.speaker else None
            voice = casting.voice_for(doc, q.speaker)
        if previous is None:
            pause = 0
        elif "title" in (piece.kind, previous.kind) or piece.scene != previous.scene:
            pause = PAUSE_MS["scene"]
        elif piece.paragraph != previous.paragraph:
            pause = PAUSE_MS["paragraph"]
        else:
            pause = PAUSE_MS["sentence"]
        segments.append(Segment(len(segments), kind, speaker, character_id, q.id if q else None, voice, pause,
                                piece.start, piece.end, doc.span_text(piece)))
        previous = piece
    return segments


def format_segments(segments: list[Segment]) -> str:
    return "".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n" for s in segments)


def format_ssml(segments: list[Segment]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<speak version="1.1" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en">']
    for s in segments:
        if s.pause_ms:
            lines.append(f'<break time="{s.pause_ms}ms"/>')
        lines.append(ssml_voice(s.voice, s.spoken))
    lines.append("</speak>")
    return "\n".join(lines) + "\n"


def ssml_voice(voice: Voice, text: str) -> str:
    return (f"<voice name={quoteattr(voice.voice)}><prosody pitch=\"{voice.pitch:+d}%\" rate=\"{voice.rate}%\">"
            f"{escape(text)}</prosody></voice>")


def write_audiobook(doc: Document, directory: str | os.PathLike,
                    chosen: Mapping[str, Voice] | None = None) -> tuple[list[Segment], Casting]:
    """Write segments.jsonl, audiobook.ssml and voices.json into `directory`
    (created if need be), keeping the casting of a voices.json already there
    except where `chosen` (a corrections file's voices) picks otherwise."""
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise InputError(str(folder), "not a folder")
    sheet = folder / VOICES_FILE
    casting = cast_voices(doc, load_casting(sheet) if sheet.exists() else None, chosen)
    segments = audiobook_segments(doc, casting)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FabulaError(f"{folder}: cannot create the folder ({exc.strerror or exc})") from None
    write_atomic(folder / SEGMENTS_FILE, format_segments(segments))
    write_atomic(folder / SSML_FILE, format_ssml(segments))
    write_atomic(sheet, casting.to_json())
    return segments, casting
