"""`fabula corpus run` killed mid-way, by SIGKILL or Ctrl-C, then resumed: the
tables equal an uninterrupted run's, with no row twice.

Nothing here waits on time: one work of the corpus is held (see `HeldWork`)
until the run has been interrupted, so every run is interrupted part-way;
the tests wait for committed batches in the ledger and for the run's
processes to end, not for seconds.
"""

import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from corpus_helpers import HeldWork, add_broken_files, make_directory_corpus, read_tables, variant

WORKS = 100
BROKEN = 5
# A Ctrl-C from a terminal reaches fabula with SIGINT at its default. A test
# suite started in the background (by a shell script, a CI runner) has SIGINT
# ignored, which a child inherits, so the run is started with Python's handler.
FABULA = ("import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
          "runpy.run_module('fabula', run_name='__main__', alter_sys=True)")
HANG_GUARD = 600  # seconds; only a hung run comes near it


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = make_directory_corpus(tmp_path_factory.mktemp("corpus"), WORKS, repeats=4)
    add_broken_files(root)
    held = HeldWork(root / "held.txt", variant(WORKS, repeats=4))
    return root, held


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    root, held = corpus
    held.let_read()
    out = tmp_path_factory.mktemp("reference") / "out"
    run = corpus_run(root, out)
    stdout, stderr = run.communicate(timeout=HANG_GUARD)
    assert run.returncode == 1, stderr  # the broken files failed
    assert f"Analysed:  {WORKS + 1 + BROKEN} works ({BROKEN} failed)" in stdout.decode(), stdout
    return read_tables(out)


def corpus_run(root, out):
    env = {k: v for k, v in os.environ.items() if k != "FABULA_DEBUG"}
    return subprocess.Popen([sys.executable, "-c", FABULA, "corpus", "run", str(root), str(out),
                             "--workers", "2", "--commit-every", "5", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def ledger_records(out):
    """The ledger's committed batches: its complete lines, as a resumed run reads them."""
    ledger = out / "_fabula" / "ledger.jsonl"
    records = []
    for line in (ledger.read_bytes().splitlines(keepends=True) if ledger.exists() else ()):
        if not line.endswith(b"\n"):
            break
        records.append(json.loads(line))
    return [r for r in records if "batch" in r]


def run_processes(process):
    """The run and the processes it started (forkserver, workers, resource tracker)."""
    return [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]


def wait_until_gone(processes):
    _, alive = psutil.wait_procs(processes, timeout=HANG_GUARD)
    assert not alive, "processes outlived the run"


def wait_for_batches(process, out, batches):
    """Until `batches` batches are committed; the held work keeps the run from ending first."""
    while len(ledger_records(out)) < batches:
        assert process.poll() is None, process.stderr.read().decode()
        time.sleep(0.02)


def assert_no_duplicates(tables):
    for name, rows in tables.items():
        keys = [json.dumps(r, sort_keys=True, default=str) for r in rows]
        assert len(keys) == len(set(keys)), name
    assert len({w["work_id"] for w in tables["works"]}) == len(tables["works"])


def test_sigkill_then_resume_equals_an_uninterrupted_run(corpus, reference, tmp_path):
    root, held = corpus
    out = tmp_path / "out"
    killed = corpus_run(root, out)
    # A batch's parts are renamed into place before the next batch commits:
    # with two batches in the ledger, the first is visible.
    wait_for_batches(killed, out, 2)
    processes = run_processes(killed)
    killed.send_signal(signal.SIGKILL)
    assert killed.wait(timeout=HANG_GUARD) == -signal.SIGKILL
    wait_until_gone(processes)  # workers end with the run that started them
    partial = read_tables(out)
    assert 0 < len(partial["works"]) < WORKS + 1  # a part-way state, and readable as it is
    assert_no_duplicates(partial)
    # Done is what the ledger committed, parts renamed or not: a resumed run rolls them forward.
    committed = sum(len(r["ok"]) + len(r["failed"]) for r in ledger_records(out))
    held.let_read()
    resumed = corpus_run(root, out)
    stdout, _ = resumed.communicate(timeout=HANG_GUARD)
    assert resumed.returncode == 1
    assert f"{committed:,} already done" in stdout.decode()
    final = read_tables(out)
    assert final == reference
    assert_no_duplicates(final)


def test_ctrl_c_commits_what_finished_and_resumes(corpus, reference, tmp_path):
    root, held = corpus
    out = tmp_path / "out"
    interrupted = corpus_run(root, out)
    wait_for_batches(interrupted, out, 1)
    processes = run_processes(interrupted)
    interrupted.send_signal(signal.SIGINT)
    held.let_read()  # stopping, the run waits for the works in flight, the held one among them
    _, stderr = interrupted.communicate(timeout=HANG_GUARD)
    wait_until_gone(processes)
    stderr = stderr.decode()
    assert interrupted.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted" in stderr and "run the same command again to resume" in stderr
    assert 0 < len(read_tables(out)["works"]) < WORKS + 1
    held.let_read()
    assert corpus_run(root, out).wait(timeout=HANG_GUARD) == 1
    assert read_tables(out) == reference
