"""The audiobook rendered to a WAV file with the espeak-ng engine.

Each segment is spoken by its own `espeak-ng -m` run on the segment's SSML
(its voice, pitch and rate), a few at a time in parallel; the results are
joined in reading order with each segment's pause of silence before it, by
the standard library's `wave`, into a temporary file beside the target that
replaces it only when the whole book is done (`atomic_file`).

espeak-ng is a Debian package (`apt-get install espeak-ng`, or
`./scripts/setup --audio`); without it rendering stops with one line saying
so. Voice names are checked against the engine's own lists first, because
espeak-ng quietly falls back to its default voice for a name it does not
know, which would leave two characters sounding alike.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import wave
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from ..errors import FabulaError
from . import atomic_file
from .audiobook import Segment, ssml_voice

ESPEAK = "espeak-ng"
INSTALL_HINT = "apt-get install espeak-ng, or ./scripts/setup --audio"
_WAV_LIMIT = 2**32 - 1 - 44  # a RIFF size field is 32 bits
_BATCH = 32  # segments in memory at once


@dataclass(frozen=True, slots=True)
class Rendered:
    seconds: float
    timings: tuple[tuple[float, float], ...]  # (start, end) in seconds of each segment's speech


def find_espeak(target: str | os.PathLike) -> str:
    """The espeak-ng executable, or a FabulaError naming the target and how to install it."""
    found = shutil.which(ESPEAK)
    if found is None:
        raise FabulaError(f"{target}: cannot render audio: espeak-ng is not installed ({INSTALL_HINT})")
    return found


def render_audiobook(segments: list[Segment], path: str | os.PathLike) -> Rendered:
    target = Path(path)
    espeak = find_espeak(target)
    _check_voices(espeak, segments, target)
    with atomic_file(target) as fh:
        return _render_into(espeak, segments, fh, target)


def _render_into(espeak: str, segments: list[Segment], fh, target: Path) -> Rendered:
    out = wave.open(fh, "wb")
    try:
        rendered = _join_speech(espeak, segments, out, target)
        out.close()  # writes the final sizes into the header
    except BaseException:
        with suppress(Exception):  # close while the file is open; it is about to be discarded
            out.close()
        raise
    return rendered


def _join_speech(espeak: str, segments: list[Segment], out: wave.Wave_write, target: Path) -> Rendered:
    timings: list[tuple[float, float]] = []
    params = None
    frames = 0
    with tempfile.TemporaryDirectory(prefix="fabula-speech-") as scratch, \
            ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        for first in range(0, len(segments), _BATCH):
            batch = segments[first : first + _BATCH]
            spoken = pool.map(lambda s: _speak(espeak, s, Path(scratch), target), batch)
            for segment, (seg_params, audio) in zip(batch, spoken):
                if params is None:
                    params = seg_params
                    out.setnchannels(params.nchannels)
                    out.setsampwidth(params.sampwidth)
                    out.setframerate(params.framerate)
                elif seg_params[:3] != params[:3]:
                    raise FabulaError(f"{target}: espeak-ng gave voice {segment.voice.voice!r} a different "
                                      f"audio format ({seg_params.framerate} Hz); use an espeak-ng voice, not mbrola")
                frame_size = params.nchannels * params.sampwidth
                silence = round(params.framerate * segment.pause_ms / 1000)
                if (frames + silence) * frame_size + len(audio) > _WAV_LIMIT:
                    raise FabulaError(f"{target}: too long for one WAV file (over 4 GB); render a chapter at a time")
                out.writeframesraw(b"\0" * (silence * frame_size))
                start = frames + silence
                frames = start + len(audio) // frame_size
                out.writeframesraw(audio)
                timings.append((start / params.framerate, frames / params.framerate))
    if params is None:
        raise FabulaError(f"{target}: nothing to read aloud (no story text)")
    return Rendered(frames / params.framerate, tuple(timings))


def _speak(espeak: str, segment: Segment, scratch: Path, target: Path):
    wav = scratch / f"{segment.index}.wav"
    ssml = f"<speak>{ssml_voice(segment.voice, segment.spoken)}</speak>"
    result = subprocess.run([espeak, "-m", "-b", "1", "-w", str(wav)], input=ssml.encode("utf-8"),
                            capture_output=True)
    if result.returncode != 0 or not wav.exists():
        problem = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise FabulaError(f"{target}: espeak-ng failed on segment {segment.index}"
                          + (f": {problem[-1]}" if problem else ""))
    with wave.open(str(wav), "rb") as w:
        params = w.getparams()
        audio = w.readframes(w.getnframes())
    wav.unlink()
    return params, audio


def _check_voices(espeak: str, segments: list[Segment], target: Path) -> None:
    languages, variants = _voice_lists(espeak)
    for s in segments:
        base, _, variant = s.voice.voice.partition("+")
        if base.lower() not in languages or (variant and variant.lower() not in variants):
            who = s.speaker or "unattributed lines"
            raise FabulaError(f"{target}: espeak-ng has no voice {s.voice.voice!r} (cast for {who}); "
                              "espeak-ng --voices and --voices=variant list them")


def _voice_lists(espeak: str) -> tuple[set[str], set[str]]:
    """Language codes and voice names espeak-ng answers to, and its variant
    names (the file names after `!v/`)."""
    def listing(arg: str) -> list[list[str]]:
        result = subprocess.run([espeak, arg], capture_output=True, text=True)
        return [line.split() for line in result.stdout.splitlines()[1:] if line.strip()]

    languages = set()
    for cols in listing("--voices"):
        if len(cols) >= 5:
            languages.update({cols[1].lower(), cols[3].lower(), cols[4].rsplit("/", 1)[-1].lower()})
    variants = {cols[4].removeprefix("!v/").lower() for cols in listing("--voices=variant") if len(cols) >= 5}
    return languages, variants
