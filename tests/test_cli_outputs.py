"""`fabula script`, `fabula audiobook` and `analyze --format csv` through a
real subprocess: files, exit codes, one-line errors, corrections applied."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import wave

import pytest

from conftest import EXAMPLE
from test_cli import assert_one_line_error, make_bad_inputs, run

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None and not os.environ.get("CI"),
                                  reason="espeak-ng not installed (./scripts/setup --audio)")


def test_script_to_stdout_and_file(tmp_path):
    result = run("script", EXAMPLE)
    assert result.returncode == 0
    assert result.stdout.decode().startswith("Title: Chapter 4: Salt and Lantern Light\n\n.SCENE 1\n")
    out = tmp_path / "chapter.fountain"
    assert run("script", EXAMPLE, "-o", out).returncode == 0
    assert out.read_bytes() == result.stdout


def test_csv_from_the_command_line():
    result = run("analyze", EXAMPLE, "--format", "csv")
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode(), newline="")))
    text = json.loads(run("analyze", EXAMPLE, "--format", "json").stdout)["text"]
    assert rows and all(text[int(r["start"]) : int(r["end"])] == r["text"] for r in rows)


def test_audiobook_folder(tmp_path):
    book = tmp_path / "book"
    result = run("audiobook", EXAMPLE, "-o", book)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith(f"{book}: ")
    segments = [json.loads(line) for line in (book / "segments.jsonl").read_text().splitlines()]
    voices = json.loads((book / "voices.json").read_text())
    assert set(voices["characters"]) == {s["speaker"] for s in segments if s["character_id"]}
    assert (book / "audiobook.ssml").read_text().startswith("<?xml")


def test_corrections_reach_every_output(tmp_path):
    corrections = tmp_path / "fix.yaml"
    corrections.write_text("rename:\n  Aiko: Kiko Tanabe\n")
    script = run("script", EXAMPLE, "--corrections", corrections)
    assert "\nKIKO TANABE\n" in script.stdout.decode()
    assert run("audiobook", EXAMPLE, "-o", tmp_path / "book", "--corrections", corrections).returncode == 0
    assert "Kiko Tanabe" in json.loads((tmp_path / "book" / "voices.json").read_text())["characters"]
    table = run("analyze", EXAMPLE, "--format", "csv", "--corrections", corrections).stdout.decode()
    assert ",Kiko Tanabe," in table


def test_audiobook_needs_somewhere_to_write():
    result = run("audiobook", EXAMPLE)
    assert result.returncode == 2
    assert "give -o DIR" in result.stderr.decode() and "Traceback" not in result.stderr.decode()


def test_audiobook_folder_that_is_a_file(tmp_path):
    (tmp_path / "book").write_text("keep me")
    assert_one_line_error(run("audiobook", EXAMPLE, "-o", tmp_path / "book"), "book: not a folder")
    assert (tmp_path / "book").read_text() == "keep me"


def test_malformed_voices_file_names_it(tmp_path):
    (tmp_path / "voices.json").write_text('{"characters": {"Aiko": {"voice": "en-us+f3",\n "pitch": }}}')
    before = sorted(p.name for p in tmp_path.iterdir())
    assert_one_line_error(run("audiobook", EXAMPLE, "-o", tmp_path), "voices.json: not valid JSON: line 2")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("name, needle", [("missing.txt", "no such file"), ("empty.txt", "empty"),
                                          ("binary.txt", "binary"), ("notzip.epub", "zip")])
@pytest.mark.parametrize("command", ["script", "audiobook"])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, command, name, needle):
    make_bad_inputs(tmp_path)
    out = tmp_path / "out"
    assert_one_line_error(run(command, tmp_path / name, "-o", out), needle)
    assert not out.exists()


def test_unwritable_output_is_one_line(tmp_path):
    assert_one_line_error(run("script", EXAMPLE, "-o", "/proc/fabula.fountain"), "cannot write")
    assert_one_line_error(run("script", EXAMPLE, "-o", tmp_path / "no" / "x.fountain"), "does not exist")


@needs_espeak
def test_render_from_the_command_line(tmp_path):
    wav = tmp_path / "chapter.wav"
    result = run("audiobook", EXAMPLE, "--render", wav)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith(f"{wav}: ")
    with wave.open(str(wav)) as w:
        assert w.getnframes() / w.getframerate() > 60


def test_render_without_espeak_is_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "FABULA_DEBUG"}
    env["PATH"] = str(tmp_path)  # nothing on it, so no espeak-ng
    result = subprocess.run([sys.executable, "-m", "fabula", "audiobook", str(EXAMPLE), "--render",
                             str(tmp_path / "x.wav")], capture_output=True, env=env)
    assert_one_line_error(result, "x.wav: cannot render audio: espeak-ng is not installed")
    assert not (tmp_path / "x.wav").exists()


def test_audiobook_takes_the_voices_of_the_corrections(tmp_path):
    corrections = tmp_path / "fix.yaml"
    corrections.write_text("rename:\n  Aiko: Kiko\nvoices:\n  kiko: {voice: en+f4, pitch: -10, rate: 90}\n"
                           "  narrator: {voice: en-us+m5, pitch: 0, rate: 100}\n")
    assert run("audiobook", EXAMPLE, "-o", tmp_path / "book", "--corrections", corrections).returncode == 0
    voices = json.loads((tmp_path / "book" / "voices.json").read_text())
    assert voices["characters"]["kiko"] == {"voice": "en+f4", "pitch": -10, "rate": 90}
    assert voices["narrator"] == {"voice": "en-us+m5", "pitch": 0, "rate": 100}
    segments = [json.loads(line) for line in (tmp_path / "book" / "segments.jsonl").read_text().splitlines()]
    assert {(s["voice"], s["pitch"]) for s in segments if s["speaker"] == "Kiko"} == {("en+f4", -10)}
    bad = tmp_path / "bad.yaml"
    bad.write_text("voices:\n  Aiko: {voice: en+f4, pitch: loud}\n")
    assert_one_line_error(run("audiobook", EXAMPLE, "-o", tmp_path / "b2", "--corrections", bad),
                          f"{bad}: line 2: voices: 'Aiko': pitch must be a whole number")
