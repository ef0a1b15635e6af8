"""Local corpus runs: tables equal to single-document analysis, resuming,
broken inputs, table inputs with metadata, worker crashes and the DuckDB file."""

import json
import os
import shutil
import subprocess
import sys
import time

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from corpus_helpers import add_broken_files, make_directory_corpus, read_tables, variant, write_jsonl
from fabula import analyze, analyze_file
from fabula.corpus import run_corpus
from fabula.corpus.executors import WORKER_DIED, run_local
from fabula.corpus.sources import Work
from fabula.corpus.tables import SCHEMAS, TABLES, analyze_work, work_rows


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_directory_corpus(tmp_path_factory.mktemp("corpus"), 12)


@pytest.fixture(scope="module")
def out(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "run"
    summary = run_corpus(corpus, out, workers=2, commit_every=5)
    assert (summary.done, summary.failed, summary.skipped) == (12, 0, 0)
    return out


def test_tables_hold_what_each_document_says(corpus, out):
    tables = read_tables(out)
    expected = {name: [] for name in TABLES}
    for path in sorted(corpus.rglob("*.txt")):
        relative = path.relative_to(corpus).as_posix()
        rows = work_rows(Work(relative, relative), analyze_file(path))
        for name, items in rows.items():
            expected[name].extend(items)
    assert tables == read_tables_like(expected)
    assert len(tables["works"]) == 12 and tables["errors"] == []
    assert len(list((out / "works").glob("part-*.parquet"))) == 1 + 3  # the empty part, then 5 + 5 + 2


def read_tables_like(rows_by_table):
    return {name: sorted(pa.Table.from_pylist(rows, schema=SCHEMAS[name]).to_pylist(),
                         key=lambda r: json.dumps(r, sort_keys=True, default=str))
            for name, rows in rows_by_table.items()}


def test_rerun_skips_finished_works_and_adds_new_ones(tmp_path):
    corpus = make_directory_corpus(tmp_path / "corpus", 4)
    run_corpus(corpus, tmp_path / "out", workers=2)
    before = read_tables(tmp_path / "out")
    again = run_corpus(corpus, tmp_path / "out", workers=2)
    assert (again.done, again.skipped) == (0, 4)
    assert read_tables(tmp_path / "out") == before
    (corpus / "new.txt").write_text(variant(3))
    more = run_corpus(corpus, tmp_path / "out", workers=1)
    assert (more.done, more.skipped) == (1, 4)
    assert sorted(r["work_id"] for r in read_tables(tmp_path / "out")["works"]) == sorted(
        [r["work_id"] for r in before["works"]] + ["new.txt"])


def test_broken_files_are_recorded_and_the_rest_analysed(tmp_path):
    corpus = make_directory_corpus(tmp_path / "corpus", 4)
    broken = add_broken_files(corpus)
    summary = run_corpus(corpus, tmp_path / "out", workers=2)
    assert (summary.done, summary.failed, summary.failed_total) == (4 + len(broken), len(broken), len(broken))
    tables = read_tables(tmp_path / "out")
    errors = {r["work_id"]: r for r in tables["errors"]}
    assert set(errors) == set(broken)
    for work_id, word in broken.items():
        assert errors[work_id]["path"] == work_id and word in errors[work_id]["error"]
    assert len(tables["works"]) == 4
    assert run_corpus(corpus, tmp_path / "out", workers=1).failed_total == len(broken)  # not retried
    assert len(read_tables(tmp_path / "out")["errors"]) == len(broken)


def test_jsonl_input_with_metadata_and_bad_rows(tmp_path):
    path = write_jsonl(tmp_path / "works.jsonl", [
        {"work_id": "ao3-1", "text": variant(0), "fandom": "Original", "tags": ["Fluff"], "title": "Lamp"},
        {"work_id": "ao3-2", "text": variant(1), "fandom": "Naruto", "kudos": 12},
        '{"work_id": "ao3-3", "text": "cut off',
        {"work_id": "ao3-4", "summary": "text column missing"},
        {"work_id": "ao3-1", "text": "the same id again"},
        {"work_id": "ao3-5", "text": ""},
    ])
    summary = run_corpus(path, tmp_path / "out", workers=2)
    assert (summary.done, summary.failed) == (6, 4)
    tables = read_tables(tmp_path / "out")
    works = {w["work_id"]: w for w in tables["works"]}
    assert set(works) == {"ao3-1", "ao3-2"}
    assert json.loads(works["ao3-1"]["metadata"]) == {"work_id": "ao3-1", "fandom": "Original",
                                                      "tags": ["Fluff"], "title": "Lamp"}
    assert works["ao3-1"]["title"] == "Lamp" and works["ao3-1"]["path"] == "works.jsonl:1"
    assert works["ao3-1"]["words"] == analyze(variant(0)).words
    errors = {e["work_id"]: e["error"] for e in tables["errors"]}
    assert set(errors) == {"3", "ao3-4", "ao3-1 (row 5)", "ao3-5"}
    assert "not valid JSON" in errors["3"] and "duplicate work id 'ao3-1'" in errors["ao3-1 (row 5)"]
    again = run_corpus(path, tmp_path / "out", workers=1)
    assert (again.done, again.skipped) == (0, 6)
    assert read_tables(tmp_path / "out") == tables
    with duckdb.connect(str(tmp_path / "out" / "fabula.duckdb"), read_only=True) as con:
        fandoms = con.execute("SELECT metadata->>'fandom' AS fandom, sum(words) FROM works "
                              "GROUP BY fandom ORDER BY fandom").fetchall()
    assert [f for f, _ in fandoms] == ["Naruto", "Original"]


def test_parquet_input_equals_the_same_rows_as_jsonl(tmp_path):
    rows = [{"id": i, "text": variant(i), "rating": "T"} for i in range(6)]
    write_jsonl(tmp_path / "works.jsonl", rows)
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "works.parquet")
    run_corpus(tmp_path / "works.jsonl", tmp_path / "from-jsonl", workers=2, with_text=True)
    run_corpus(tmp_path / "works.parquet", tmp_path / "from-parquet", workers=2, with_text=True)
    jsonl, parquet = read_tables(tmp_path / "from-jsonl"), read_tables(tmp_path / "from-parquet")
    for rows_ in (jsonl["works"], parquet["works"]):
        for row in rows_:
            row["path"] = row["path"].split(":")[1]
    assert jsonl == parquet
    work = {w["work_id"]: w for w in parquet["works"]}["4"]
    assert work["text"] == variant(4)
    for quote in (q for q in parquet["quotes"] if q["work_id"] == "4"):
        assert work["text"][quote["start"]:quote["end"]] == quote["text"]


def crash_on_poison(work):
    # Runs in a worker process: a work whose text says so kills it outright.
    if work.text and "POISON" in work.text:
        os._exit(3)
    return analyze_work(work, 2**20)


def slow_on_marker(work):
    # Runs in a worker process: a work whose text says so never finishes its
    # analysis. Only it has a time limit, so a loaded machine fails no other.
    from fabula.corpus import tables

    original = tables.analyze
    slow = bool(work.text and "SLOW" in work.text)
    if slow:
        tables.analyze = lambda *args, **kwargs: time.sleep(3600)
    try:
        return tables.analyze_work(work, 2**20, timeout=0.5 if slow else None)
    finally:
        tables.analyze = original


def test_a_slow_work_is_recorded_and_the_run_goes_on():
    works = [Work(str(i), str(i), text=variant(i)) for i in range(4)]
    works[1] = Work("1", "1", text="SLOW " + variant(1))
    results = {r.work_id: r for r in run_local(slow_on_marker, works, workers=2, window=4)}
    assert results["1"].error == "took longer than 0.5 s (see --timeout)"
    assert all(r.error is None for k, r in results.items() if k != "1")


def test_a_worker_that_dies_fails_only_its_own_work():
    works = [Work(str(i), str(i), text=variant(i)) for i in range(8)]
    works[5] = Work("5", "5", text="POISON " + variant(5))
    results = {r.work_id: r for r in run_local(crash_on_poison, works, workers=2, window=4)}
    assert set(results) == {str(i) for i in range(8)}
    assert results["5"].error == WORKER_DIED
    assert all(r.error is None for k, r in results.items() if k != "5")


def test_database_views_from_anywhere_and_after_a_move(out, tmp_path):
    query = 'SELECT count(*), min("end" - start) >= 1 FROM quotes'
    elsewhere = subprocess.run([sys.executable, "-c", f"import duckdb; print(duckdb.connect("
                                f"{str(out / 'fabula.duckdb')!r}, read_only=True).execute({query!r}).fetchall())"],
                               cwd=tmp_path, capture_output=True, text=True, check=True)
    quotes = len(read_tables(out)["quotes"])
    assert elsewhere.stdout.strip() == f"[({quotes}, True)]"
    moved = tmp_path / "moved"
    shutil.copytree(out, moved)
    from fabula.corpus import corpus_stats
    corpus_stats(moved)  # repoints the views at the new place
    with duckdb.connect(str(moved / "fabula.duckdb"), read_only=True) as con:
        assert con.execute(query).fetchone() == (quotes, True)
        assert str(moved) in con.execute("SELECT sql FROM duckdb_views() WHERE view_name = 'quotes'").fetchone()[0]


def test_views_of_empty_tables_have_their_columns(tmp_path):
    write_jsonl(tmp_path / "works.jsonl", ['{"broken'])
    run_corpus(tmp_path / "works.jsonl", tmp_path / "out", workers=1)
    with duckdb.connect(str(tmp_path / "out" / "fabula.duckdb"), read_only=True) as con:
        for name in TABLES:
            columns = [d[0] for d in con.execute(f"SELECT * FROM {name}").description]
            assert columns == SCHEMAS[name].names
        assert con.execute("SELECT count(*) FROM quotes").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM errors").fetchone() == (1,)
