"""`fabula corpus run` killed mid-way, by SIGKILL or Ctrl-C, then resumed: the
tables equal an uninterrupted run's, with no row twice."""

import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from corpus_helpers import add_broken_files, make_directory_corpus, read_tables

WORKS = 100


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = make_directory_corpus(tmp_path_factory.mktemp("corpus"), WORKS, repeats=4)
    add_broken_files(root)
    return root


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("reference") / "out"
    assert corpus_run(corpus, out).wait() == 1  # the broken files failed
    return read_tables(out)


def corpus_run(corpus, out):
    env = {k: v for k, v in os.environ.items() if k != "FABULA_DEBUG"}
    return subprocess.Popen([sys.executable, "-m", "fabula", "corpus", "run", str(corpus), str(out),
                             "--workers", "2", "--commit-every", "5", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def committed_batches(out):
    ledger = out / "_fabula" / "ledger.jsonl"
    if not ledger.exists():
        return 0
    return sum(1 for line in ledger.read_text().splitlines() if line.startswith('{"batch"'))


def wait_for_batches(process, out, batches):
    deadline = time.monotonic() + 60
    while committed_batches(out) < batches:
        assert process.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.02)


def interrupt_when_committed(process, out, sig, batches=3):
    wait_for_batches(process, out, batches)
    process.send_signal(sig)
    return process.wait(timeout=60)


def assert_no_duplicates(tables):
    for name, rows in tables.items():
        keys = [json.dumps(r, sort_keys=True, default=str) for r in rows]
        assert len(keys) == len(set(keys)), name
    assert len({w["work_id"] for w in tables["works"]}) == len(tables["works"])


def test_sigkill_then_resume_equals_an_uninterrupted_run(corpus, reference, tmp_path):
    out = tmp_path / "out"
    killed = corpus_run(corpus, out)
    wait_for_batches(killed, out, 1)
    helpers = psutil.Process(killed.pid).children(recursive=True)  # forkserver, workers, resource tracker
    assert interrupt_when_committed(killed, out, signal.SIGKILL) == -signal.SIGKILL
    _, alive = psutil.wait_procs(helpers, timeout=10)
    assert not alive, "worker processes outlived the killed run"
    partial = read_tables(out)
    assert 0 < len(partial["works"]) < WORKS  # a part-way state, and readable as it is
    assert_no_duplicates(partial)
    resumed = corpus_run(corpus, out)
    stdout, _ = resumed.communicate(timeout=120)
    assert resumed.returncode == 1
    assert f"{len(partial['works']) + len(partial['errors']):,} already done" in stdout.decode()
    final = read_tables(out)
    assert final == reference
    assert_no_duplicates(final)


def test_ctrl_c_commits_what_finished_and_resumes(corpus, reference, tmp_path):
    out = tmp_path / "out"
    interrupted = corpus_run(corpus, out)
    code = interrupt_when_committed(interrupted, out, signal.SIGINT)
    stderr = interrupted.stderr.read().decode()
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted" in stderr and "run the same command again to resume" in stderr
    assert 0 < len(read_tables(out)["works"]) < WORKS
    assert corpus_run(corpus, out).wait(timeout=120) == 1
    assert read_tables(out) == reference
