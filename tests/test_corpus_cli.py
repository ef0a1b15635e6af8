"""`fabula corpus run` and `fabula corpus stats` as a user runs them: summary,
progress bar on a terminal, exit codes, one-line errors, the duckdb CLI, and
a folder of saved pages and downloads as readers bring them."""

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from conftest import FIXTURES, zip_epub
from corpus_helpers import make_directory_corpus, read_tables
from test_cli import assert_one_line_error, run


def test_run_prints_a_summary_and_stats_the_headline_tables(tmp_path):
    corpus = make_directory_corpus(tmp_path / "corpus", 3)
    result = run("corpus", "run", corpus, tmp_path / "out", "--workers", "2")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "Analysed:  3 works (0 failed); 0 already done" in out and "words/s" in out
    assert result.stderr == b""  # no progress bar when stderr is not a terminal
    again = run("corpus", "run", corpus, tmp_path / "out")
    assert again.returncode == 0 and "0 works (0 failed); 3 already done" in again.stdout.decode()
    stats = run("corpus", "stats", tmp_path / "out")
    assert stats.returncode == 0
    text = stats.stdout.decode()
    assert "Works:       3 analysed, 0 failed" in text and "Top speakers" in text and "Dialogue by gender" in text
    assert run("corpus", "stats", tmp_path / "out", "--format", "json").stdout.startswith(b"{")


def test_timeout_option_and_pages_that_are_not_works(tmp_path):
    corpus = make_directory_corpus(tmp_path / "corpus", 1)
    (corpus / "gate.html").write_text("<html><body><p class='caution'>This work could have adult content.</p>"
                                      "<ul class='actions'><li><a href='/works/1?view_adult=true'>Yes, Continue</a>"
                                      "</li></ul></body></html>", encoding="utf-8")
    result = run("corpus", "run", corpus, tmp_path / "out", "--workers", "1", "--timeout", "120")
    assert result.returncode == 1
    assert "Failed:    gate.html: an AO3 adult-content gate for https://archiveofourown.org/works/1, not a work" in (
        result.stdout.decode())
    assert run("corpus", "run", corpus, tmp_path / "out2", "--timeout", "0").returncode == 2


def test_a_gate_page_a_webtoepub_epub_and_an_ao3_page(tmp_path):
    corpus = tmp_path / "saved"
    corpus.mkdir()
    (corpus / "gate.html").write_bytes((FIXTURES / "html" / "ao3_adult_gate.html").read_bytes())
    (corpus / "salt.html").write_bytes((FIXTURES / "html" / "ao3_page.html").read_bytes())
    zip_epub(FIXTURES / "epub" / "webtoepub_ffnet", corpus / "ferry.epub")
    result = run("corpus", "run", corpus, tmp_path / "out", "--workers", "1")
    assert result.returncode == 1
    assert_one_line_error(result, "1 work failed (see the errors table)")
    tables = read_tables(tmp_path / "out")
    assert tables["errors"] == [{"work_id": "gate.html", "path": "gate.html", "error": (
        "an AO3 adult-content gate for 'The Long Watch' (https://archiveofourown.org/works/4321), not a work "
        "(save the work's page after choosing to proceed)")}]
    assert {row["work_id"] for name in ("chapters", "characters", "quotes", "mentions")
            for row in tables[name]} == {"ferry.epub", "salt.html"}
    works = {row["work_id"]: row for row in tables["works"]}
    columns = ("title", "site", "url", "site_work_id", "authors", "fandoms", "rating", "character_tags",
               "additional_tags", "language", "site_words", "chapters_posted", "chapters_total", "status")
    assert {work_id: tuple(row[c] for c in columns) for work_id, row in works.items()} == {
        "ferry.epub": ("The Ferry Crossing", "ffnet", "https://www.fanfiction.net/s/5551212/", "5551212",
                       ["inkwell"], ["Harbour Tales"], "T", ["Hob", "Ada L."], ["Drama", "Hurt/Comfort"],
                       "English", 1204, 2, 2, "complete"),
        "salt.html": ("Salt and Signal", "ao3", "https://archiveofourown.org/works/4321", "4321", ["quill"],
                      ["Original Work"], "General Audiences", ["Wren | The Keeper", "Tobias"],
                      ["Slow Burn", "Letters"], "English", 1234, 2, None, "in-progress"),
    }
    assert (str(works["ferry.epub"]["published"]), str(works["ferry.epub"]["updated"])) == ("2018-01-02",
                                                                                            "2019-03-04")


def test_failed_works_make_the_exit_code_non_zero(tmp_path):
    corpus = make_directory_corpus(tmp_path / "corpus", 2)
    (corpus / "empty.txt").write_bytes(b"")
    result = run("corpus", "run", corpus, tmp_path / "out", "--workers", "1")
    assert result.returncode == 1
    assert "Failed:    empty.txt: file is empty" in result.stdout.decode()
    assert_one_line_error(result, "1 work failed (see the errors table)")
    assert run("corpus", "run", corpus, tmp_path / "out").returncode == 1  # still failed on a re-run


@pytest.mark.parametrize("make_input, needle", [
    (lambda d: d / "missing", "no such file or directory"),
    (lambda d: (d / "one.txt", (d / "one.txt").write_text("hi"))[0], "not a corpus"),
])
def test_bad_inputs_are_one_line_errors_and_leave_nothing(tmp_path, make_input, needle):
    result = run("corpus", "run", make_input(tmp_path), tmp_path / "out")
    assert_one_line_error(result, needle)
    assert not (tmp_path / "out").exists()


def test_output_dir_of_something_else_and_stats_of_a_non_corpus(tmp_path):
    corpus = make_directory_corpus(tmp_path / "corpus", 1)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("keep me")
    assert_one_line_error(run("corpus", "run", corpus, tmp_path / "notes"), "not a fabula corpus output")
    assert_one_line_error(run("corpus", "stats", tmp_path / "notes"), "not a fabula corpus output")


def test_progress_bar_on_a_terminal(tmp_path):
    corpus = make_directory_corpus(tmp_path / "corpus", 4)
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "fabula", "corpus", "run", str(corpus), str(tmp_path / "out"),
                                "--workers", "1", "--commit-every", "1"],
                               stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    process.wait(timeout=60)
    screen = b""
    try:
        while chunk := os.read(leader, 4096):
            screen += chunk
    except OSError:  # the terminal closed
        pass
    os.close(leader)
    text = screen.decode()
    assert process.returncode == 0
    assert "4/4" in text and "works" in text and "words/s" in text


def test_the_duckdb_command_line_reads_the_database(tmp_path):
    duckdb_cli = Path(sys.executable).with_name("duckdb")
    if not duckdb_cli.exists():
        pytest.skip("duckdb command-line tool not installed")
    corpus = make_directory_corpus(tmp_path / "corpus", 2)
    assert run("corpus", "run", corpus, tmp_path / "out").returncode == 0
    result = subprocess.run([str(duckdb_cli), "-csv", str(tmp_path / "out" / "fabula.duckdb"),
                             "SELECT count(DISTINCT work_id) AS works, count(*) > 0 AS has_quotes FROM quotes"],
                            capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["works,has_quotes", "2,true"]


def test_without_the_corpus_extra_a_one_line_error_names_it(tmp_path):
    # duckdb set to None in sys.modules is how Python shows a module that is not installed.
    code = ("import sys; sys.modules['duckdb'] = None; sys.argv = ['fabula', 'corpus', 'stats', 'out']; "
            "from fabula.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=tmp_path)
    assert_one_line_error(result, "needs duckdb", "pip install 'fabula[corpus]'")
