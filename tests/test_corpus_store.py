"""The output directory's crash safety: commits, recovery from a crash at each
step of a commit, the lock, settings checks and retrying failed works."""

import json
import os

import pyarrow.parquet as pq
import pytest

from fabula.corpus.sources import Work
from fabula.corpus.store import Store, part_name
from fabula.corpus.tables import TABLES, WorkResult, analyze_work, arrow_tables
from fabula.errors import FabulaError

IDENTITY = {"input": "/corpus", "kind": "directory", "text_column": "text", "id_column": None}


def results(*ids, failed=()):
    out = [analyze_work(Work(i, f"{i}.jsonl:1", text=f'"Hello, {i}," Ann said.'), 2**20) for i in ids]
    out += [WorkResult(i, f"{i}.txt", error="file is empty") for i in failed]
    return out


def commit(store, batch):
    ok = [r.work_id for r in batch if r.error is None]
    return store.commit(arrow_tables(batch), ok, [r.work_id for r in batch if r.error])


def table(root, name):
    return pq.read_table(root / name).to_pylist()


def test_commit_then_reopen(tmp_path):
    with Store(tmp_path, IDENTITY) as store:
        assert store.finished == {}
        for name in TABLES:  # an empty part with the schema, before any work
            assert pq.read_table(tmp_path / name / part_name(0)).num_rows == 0
        assert commit(store, results("a", "b", failed=["c"])) == 1
        assert commit(store, results("d")) == 2
    with Store(tmp_path, IDENTITY) as store:
        assert store.finished == {"a": True, "b": True, "c": False, "d": True}
        assert store.next_batch == 3
    assert sorted(r["work_id"] for r in table(tmp_path, "works")) == ["a", "b", "d"]
    assert table(tmp_path, "errors") == [{"work_id": "c", "path": "c.txt", "error": "file is empty"}]
    assert not (tmp_path / "errors" / part_name(2)).exists()  # a batch writes only tables with rows


def crash_during_commit(store, batch, stop_after):
    """Run a commit's steps up to `stop_after` ("parts", "ledger" or "torn"), as a kill would leave it."""
    tables = arrow_tables(batch)
    number = store.next_batch
    for name, t in tables.items():
        pq.write_table(t, store.root / name / f".{part_name(number)}.tmp")
    line = json.dumps({"batch": number, "parts": sorted(tables), "ok": [r.work_id for r in batch],
                       "failed": []}) + "\n"
    with open(store.ledger, "a") as fh:
        fh.write({"parts": "", "ledger": line, "torn": line[: len(line) // 2]}[stop_after])
    store.close()


@pytest.mark.parametrize("stop_after, kept", [("parts", False), ("torn", False), ("ledger", True)])
def test_recovery_rolls_back_or_forward(tmp_path, stop_after, kept):
    with Store(tmp_path, IDENTITY) as store:
        commit(store, results("a"))
    crash_during_commit(Store(tmp_path, IDENTITY), results("b"), stop_after)
    # Before recovery a reader already sees only committed parts:
    assert sorted(r["work_id"] for r in table(tmp_path, "works")) == ["a"]
    with Store(tmp_path, IDENTITY) as store:
        assert ("b" in store.finished) == kept
        commit(store, results("c"))
        assert store.ledger.read_text().count("\n") == (3 if kept else 2)
    assert sorted(r["work_id"] for r in table(tmp_path, "works")) == (["a", "b", "c"] if kept else ["a", "c"])
    assert not [f for name in TABLES for f in os.listdir(tmp_path / name) if f.startswith(".")]


def test_one_run_at_a_time(tmp_path):
    with Store(tmp_path, IDENTITY):
        with pytest.raises(FabulaError, match="another fabula corpus run is writing here"):
            Store(tmp_path, IDENTITY)
    Store(tmp_path, IDENTITY).close()  # free again once the first is closed


def test_settings_must_match_to_resume(tmp_path):
    Store(tmp_path, IDENTITY).close()
    with pytest.raises(FabulaError, match=r"other settings \(text_column\)"):
        Store(tmp_path, {**IDENTITY, "text_column": "body"})
    Store(tmp_path, IDENTITY).close()  # the refused open let go of the lock


def test_a_first_run_killed_before_it_recorded_its_settings_can_start_again(tmp_path):
    (tmp_path / "_fabula").mkdir()
    (tmp_path / "_fabula" / "lock").write_bytes(b"")
    with Store(tmp_path, IDENTITY) as store:
        assert store.finished == {}


def test_refuses_a_directory_that_is_not_its_own(tmp_path):
    (tmp_path / "thesis.tex").write_text("precious")
    with pytest.raises(FabulaError, match="not empty and not a fabula corpus output"):
        Store(tmp_path, IDENTITY)
    (tmp_path / "file").write_text("x")
    with pytest.raises(FabulaError, match="is a file"):
        Store(tmp_path / "file", IDENTITY)


def test_retrying_failed_works_leaves_no_stale_error_rows(tmp_path):
    with Store(tmp_path, IDENTITY) as store:
        commit(store, results("a", failed=["b", "c"]))
        commit(store, results(failed=["d"]))
    with Store(tmp_path, IDENTITY) as store:
        assert store.release_failed() == 3
        assert store.finished == {"a": True}
        assert table(tmp_path, "errors") == []
        commit(store, results("b", failed=["c", "d"]))
    with Store(tmp_path, IDENTITY) as store:
        assert store.finished == {"a": True, "b": True, "c": False, "d": False}
    assert sorted(r["work_id"] for r in table(tmp_path, "errors")) == ["c", "d"]


def test_an_interrupted_retry_is_finished_on_the_next_open(tmp_path):
    with Store(tmp_path, IDENTITY) as store:
        commit(store, results("a", failed=["b"]))
    with open(tmp_path / "_fabula" / "ledger.jsonl", "a") as fh:
        fh.write(json.dumps({"retry": ["b"]}) + "\n")  # killed before the errors parts were rewritten
    with Store(tmp_path, IDENTITY) as store:
        assert store.finished == {"a": True}
    assert table(tmp_path, "errors") == []
