"""Corpus sources: which works a directory, JSONL or Parquet input holds, their
stable ids, text and metadata, and rows that cannot be works."""

import datetime
import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from corpus_helpers import write_jsonl
from fabula.corpus.sources import open_source
from fabula.errors import InputError


def test_directory_ids_are_sorted_relative_paths_of_readable_files(tmp_path):
    for name in ["b.txt", "a/c.html", "a/b.epub", "z.md", "notes.json", ".hidden.txt", ".git/x.txt", "A.TXT"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("text")
    source = open_source(tmp_path)
    works = list(source)
    assert [w.work_id for w in works] == ["A.TXT", "b.txt", "z.md", "a/b.epub", "a/c.html"]
    assert source.count() == len(works)
    assert all(w.path == w.work_id and w.file.endswith(w.work_id) for w in works)
    assert works == list(open_source(tmp_path))  # the same ids in the same order every time


def test_jsonl_ids_text_and_metadata(tmp_path):
    path = write_jsonl(tmp_path / "works.jsonl", [
        {"work_id": 17, "text": "One.", "fandom": "Naruto", "tags": ["angst"], "title": "First"},
        {"id": "ao3-2", "text": "Two."},
        {"text": "Three.", "kudos": 4},
    ])
    works = list(open_source(path))
    assert [w.work_id for w in works] == ["17", "ao3-2", "3"]
    assert [w.text for w in works] == ["One.", "Two.", "Three."]
    assert json.loads(works[0].metadata) == {"work_id": 17, "fandom": "Naruto", "tags": ["angst"],
                                              "title": "First"}
    assert works[0].title == "First" and works[1].title is None
    assert [w.path for w in works] == ["works.jsonl:1", "works.jsonl:2", "works.jsonl:3"]
    assert open_source(path).count() == 3


def test_jsonl_chosen_columns_and_gzip(tmp_path):
    path = tmp_path / "works.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"key": "k1", "body": "Hello.", "work_id": "ignored"}) + "\n\n")
        fh.write(json.dumps({"key": "k2", "body": "Bye."}))  # no newline at the end
    source = open_source(path, text_column="body", id_column="key")
    assert [(w.work_id, w.text) for w in source] == [("k1", "Hello."), ("k2", "Bye.")]
    assert source.count() == 2


def test_jsonl_rows_that_are_not_works_become_problems(tmp_path):
    path = tmp_path / "works.jsonl"
    path.write_bytes(b'{"text": "fine"}\n{not json\n[1, 2]\n{"text": null}\n{"title": "no text"}\n'
                     b'{"text": "caf\xe9"}\n')
    works = list(open_source(path))
    assert [w.work_id for w in works] == ["1", "2", "3", "4", "5", "6"]
    assert works[0].problem is None
    assert "not valid JSON" in works[1].problem
    assert "not an object" in works[2].problem
    assert "not a string" in works[3].problem
    assert "'text' is missing" in works[4].problem
    assert "not valid JSON" in works[5].problem  # not UTF-8


def test_parquet_rows_in_batches_with_typed_metadata(tmp_path):
    n = 150  # more than one read batch
    table = pa.table({
        "work_id": list(range(n)),
        "text": [f"Work {i}." for i in range(n)],
        "published": [datetime.date(2020, 1, 1 + i % 28) for i in range(n)],
        "tags": [["a", "b"]] * n,
    })
    path = tmp_path / "works.parquet"
    pq.write_table(table, path)
    source = open_source(path)
    works = list(source)
    assert source.count() == n and len(works) == n
    assert works[149].work_id == "149" and works[149].text == "Work 149."
    assert json.loads(works[3].metadata) == {"work_id": 3, "published": "2020-01-04", "tags": ["a", "b"]}


def test_parquet_without_the_text_column(tmp_path):
    path = tmp_path / "works.parquet"
    pq.write_table(pa.table({"body": ["x"]}), path)
    with pytest.raises(InputError, match="no column 'text'.*--text-column"):
        list(open_source(path))


@pytest.mark.parametrize("name, problem", [("missing", "no such file"), ("one.txt", "not a corpus"),
                                           ("bad.parquet", "not a readable Parquet file")])
def test_inputs_that_are_not_corpora(tmp_path, name, problem):
    if name != "missing":
        (tmp_path / name).write_text("hello")
    with pytest.raises(InputError, match=problem):
        list(open_source(tmp_path / name))


def test_a_damaged_parquet_file_fails_at_the_damage(tmp_path):
    path = tmp_path / "works.parquet"
    pq.write_table(pa.table({"text": [f"{'x' * 1000} {i}" for i in range(500)]}), path,
                   row_group_size=100, compression="none")
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 2000] = b"\xff" * 2000
    path.write_bytes(bytes(data))
    works = []
    with pytest.raises(InputError, match=r"cannot read the rows after row \d+"):
        for work in open_source(path):
            works.append(work)
    assert 0 < len(works) < 500
