"""The CLI through a real subprocess: what a user sees, exit codes, files."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import EXAMPLE, FIXTURES


def run(*args, stdin=None):
    env = {k: v for k, v in os.environ.items() if k != "FABULA_DEBUG"}
    return subprocess.run([sys.executable, "-m", "fabula", *map(str, args)], input=stdin,
                          capture_output=True, env=env)


def assert_one_line_error(result, *needles):
    assert result.returncode != 0
    err = result.stderr.decode()
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("fabula: error: "), err
    for needle in needles:
        assert needle in err, err


def test_summary_of_the_example_chapter():
    result = run("analyze", EXAMPLE)
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "Quotations:" in out and "author_note" in out and "Scenes:" in out


def test_json_to_file_and_stdin(tmp_path):
    out = tmp_path / "doc.json"
    assert run("analyze", EXAMPLE, "--format", "json", "-o", out).returncode == 0
    data = json.loads(out.read_text())
    assert data["schema"] == "fabula/1"
    piped = run("analyze", "-", "--format", "json", stdin=EXAMPLE.read_bytes())
    assert json.loads(piped.stdout)["text"] == data["text"]


def make_bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "cut.txt").write_bytes("Hello “world”".encode()[:-2])
    (tmp_path / "nobody.html").write_bytes(b"<html><head><title>x</title></head></html>")
    (tmp_path / "gate.html").write_bytes((FIXTURES / "html" / "ao3_adult_gate.html").read_bytes())
    (tmp_path / "notzip.epub").write_bytes(b"this is not a zip file at all")
    with zipfile.ZipFile(tmp_path / "escape.epub", "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("../../etc/evil.xhtml", "<html/>")
    with zipfile.ZipFile(tmp_path / "nospine.epub", "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml",
                   '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                   '<rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>'
                   "</rootfiles></container>")
        z.writestr("content.opf", '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata/><manifest/></package>')
    (tmp_path / "big.txt").write_text("word " * 300_000)


@pytest.mark.parametrize("name, needle", [
    ("missing.txt", "no such file"),
    (".", "directory"),
    ("empty.txt", "empty"),
    ("binary.txt", "binary"),
    ("cut.txt", "truncated"),
    ("nobody.html", "no body"),
    ("gate.html", "an AO3 adult-content gate for 'The Long Watch' (https://archiveofourown.org/works/4321), not a work"),
    ("notzip.epub", "zip"),
    ("escape.epub", "unsafe"),
    ("nospine.epub", "spine"),
    ("big.txt", "limit"),
])
def test_bad_input_is_one_line_and_leaves_no_output(tmp_path, name, needle):
    make_bad_inputs(tmp_path)
    out = tmp_path / "out.json"
    out.write_text("previous")
    result = run("analyze", tmp_path / name, "--format", "json", "-o", out, "--max-size", "1")
    assert_one_line_error(result, needle)
    assert out.read_text() == "previous"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_missing_output_folder_is_a_clean_error(tmp_path):
    result = run("analyze", EXAMPLE, "-o", tmp_path / "nowhere" / "x.json")
    assert_one_line_error(result, "does not exist")


def test_usage_errors_are_one_line():
    result = run("analyze")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode()
