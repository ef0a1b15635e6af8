"""The studio's exports: the outputs `fabula` commands write, from the
corrected document, into one folder. Each goes through the same writer as
its command, so an export equals what the command writes with the same
`--corrections` file:

| export    | file(s)                         | same as                                              |
|-----------|---------------------------------|------------------------------------------------------|
| json      | STEM.json                       | fabula analyze PATH --format json -o STEM.json       |
| csv       | STEM.csv                        | fabula analyze PATH --format csv -o STEM.csv         |
| fountain  | STEM.fountain                   | fabula script PATH -o STEM.fountain                  |
| report    | STEM.html                       | fabula report PATH -o STEM.html                      |
| network   | STEM.graphml                    | fabula network PATH -o STEM.graphml                  |
| audiobook | audiobook/ (segments, SSML, voices.json) | fabula audiobook PATH -o audiobook           |
| audio     | audiobook/ and STEM.wav         | fabula audiobook PATH -o audiobook --render STEM.wav |
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import FabulaError
from ..model import Document
from ..writers import write_atomic
from ..writers.audiobook import SEGMENTS_FILE, SSML_FILE, VOICES_FILE, write_audiobook
from ..writers.casting import Voice
from ..writers.fountain import format_fountain
from ..writers.table import format_csv

AUDIOBOOK_FOLDER = "audiobook"


def _report(doc: Document) -> str:
    from ..writers.report import format_report  # networkx, only when asked for

    return format_report(doc)


def _network(doc: Document) -> str:
    from ..writers.network import format_network

    return format_network(doc, "graphml")


FILES: dict[str, tuple[str, Callable[[Document], str]]] = {
    "json": ("json", lambda doc: doc.to_json() + "\n"),
    "csv": ("csv", format_csv),
    "fountain": ("fountain", format_fountain),
    "report": ("html", _report),
    "network": ("graphml", _network),
}
EXPORTS = (*FILES, "audiobook", "audio")


def export(doc: Document, what: str, folder: str | Path, stem: str,
           voices: Mapping[str, Voice] | None = None) -> list[Path]:
    """Write one export into `folder` (made if need be) and return the
    files written. `voices` are the corrections' chosen voices."""
    if what not in EXPORTS:
        raise ValueError(f"unknown export {what!r} (expected {', '.join(EXPORTS)})")
    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FabulaError(f"{out}: cannot create the folder ({exc.strerror or exc})") from None
    if what in FILES:
        suffix, render = FILES[what]
        path = out / f"{stem}.{suffix}"
        write_atomic(path, render(doc))
        return [path]
    audiobook = out / AUDIOBOOK_FOLDER
    segments, _ = write_audiobook(doc, audiobook, voices)
    written = [audiobook / name for name in (SEGMENTS_FILE, SSML_FILE, VOICES_FILE)]
    if what == "audio":
        from ..writers.speech import render_audiobook  # espeak-ng, only when asked for

        render_audiobook(segments, out / f"{stem}.wav")
        written.append(out / f"{stem}.wav")
    return written
