"""Rendering with espeak-ng, checked by ear's stand-in: the WAV is decoded,
its length fits the words, and two characters' lines differ in pitch."""

import os
import shutil
import wave

import numpy as np
import pytest

from conftest import attributed
from fabula.errors import FabulaError
from fabula.writers import speech
from fabula.writers.audiobook import audiobook_segments
from fabula.writers.casting import Voice, cast_voices
from fabula.writers.speech import render_audiobook

# CI installs espeak-ng (scripts/setup --test); elsewhere these tests skip without it.
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None and not os.environ.get("CI"),
                                  reason="espeak-ng not installed (./scripts/setup --audio)")

CHAPTER = (
    'Mara climbed the stairs to the top of the lighthouse.\n\n'
    '"The lamp is out again, and the boats are coming home," said Mara.\n\n'
    '"Then we light it with our own hands, before the storm arrives," said Ines.\n\n'
    '"We always do," said Mara.\n\n'
    '"Hand me the matches, and hold the glass steady while I work," said Ines.\n\n'
    '"Whatever you say, captain," said Tomas from the doorway.\n'
)


def cast_doc():
    return attributed(CHAPTER, "Mara", "Ines", "Mara", "Ines", "Tomas",
                      genders={"Mara": "female", "Ines": "female", "Tomas": "male"})


def median_f0(samples: np.ndarray, rate: int) -> float:
    """Median fundamental frequency of the voiced frames, by autocorrelation."""
    frame, found = int(rate * 0.04), []
    for i in range(0, len(samples) - frame, frame // 2):
        f = samples[i : i + frame] - samples[i : i + frame].mean()
        if np.sqrt((f ** 2).mean()) < 300:
            continue
        ac = np.correlate(f, f, "full")[frame - 1 :]
        lo, hi = rate // 400, rate // 60
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.3 * ac[0]:
            found.append(rate / lag)
    return float(np.median(found))


@needs_espeak
def test_rendered_chapter_is_audio_of_plausible_length_with_distinct_voices(tmp_path):
    doc = cast_doc()
    casting = cast_voices(doc)
    segments = audiobook_segments(doc, casting)
    out = tmp_path / "chapter.wav"
    rendered = render_audiobook(segments, out)

    with wave.open(str(out)) as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        rate = w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(float)
    seconds = len(samples) / rate
    assert seconds == pytest.approx(rendered.seconds)
    words = doc.words
    # espeak-ng's normal speed is about 175 words a minute; pauses add a few seconds.
    assert words / 175 * 60 * 0.5 < seconds < words / 175 * 60 * 2 + sum(s.pause_ms for s in segments) / 1000
    assert np.abs(samples).max() > 1000  # not silence

    def pitch_of(name):
        spans = [rendered.timings[s.index] for s in segments if s.speaker == name]
        audio = np.concatenate([samples[int(a * rate) : int(b * rate)] for a, b in spans])
        return median_f0(audio, rate)

    mara, ines, tomas = pitch_of("Mara"), pitch_of("Ines"), pitch_of("Tomas")
    assert casting.characters["Mara"].voice != casting.characters["Ines"].voice
    assert abs(mara - ines) / min(mara, ines) > 0.1, (mara, ines)
    assert min(mara, ines) > 1.3 * tomas, (mara, ines, tomas)
    for (a, b), (c, d) in zip(rendered.timings, rendered.timings[1:]):
        assert a < b <= c < d <= seconds + 1e-6


@needs_espeak
def test_unknown_voice_is_refused_before_anything_is_written(tmp_path):
    doc = cast_doc()
    casting = cast_voices(doc)
    casting.characters["Mara"] = Voice("xx-nowhere+f3")
    out = tmp_path / "chapter.wav"
    out.write_bytes(b"previous")
    with pytest.raises(FabulaError, match="no voice 'xx-nowhere\\+f3' \\(cast for Mara\\)"):
        render_audiobook(audiobook_segments(doc, casting), out)
    assert out.read_bytes() == b"previous"


@needs_espeak
def test_a_failure_midway_leaves_the_old_file_and_no_part_file(tmp_path, monkeypatch):
    doc = cast_doc()
    segments = audiobook_segments(doc, cast_voices(doc))
    real_speak = speech._speak

    def failing_speak(espeak, segment, scratch, target):
        if segment.index == 3:
            raise FabulaError(f"{target}: espeak-ng failed on segment 3")
        return real_speak(espeak, segment, scratch, target)

    monkeypatch.setattr(speech, "_speak", failing_speak)
    out = tmp_path / "chapter.wav"
    out.write_bytes(b"previous")
    with pytest.raises(FabulaError, match="segment 3"):
        render_audiobook(segments, out)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["chapter.wav"]


def test_missing_espeak_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    doc = cast_doc()
    with pytest.raises(FabulaError, match="espeak-ng is not installed \\(apt-get install espeak-ng"):
        render_audiobook(audiobook_segments(doc, cast_voices(doc)), tmp_path / "x.wav")
    assert not (tmp_path / "x.wav").exists()
