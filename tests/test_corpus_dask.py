"""The same corpus run on a real Dask cluster (separate worker processes)
gives the same tables as the local run."""

import pytest

from corpus_helpers import add_broken_files, make_directory_corpus, read_tables, variant, write_jsonl
from fabula.corpus import run_corpus

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                  silence_logs=40) as cluster:
        yield cluster.scheduler_address


def test_directory_corpus_on_a_cluster_equals_the_local_run(cluster, tmp_path):
    corpus = make_directory_corpus(tmp_path / "corpus", 10)
    broken = add_broken_files(corpus)
    local = run_corpus(corpus, tmp_path / "local", workers=2, commit_every=4)
    remote = run_corpus(corpus, tmp_path / "dask", cluster=cluster, commit_every=3)
    assert (remote.done, remote.failed) == (local.done, local.failed) == (10 + len(broken), len(broken))
    assert read_tables(tmp_path / "dask") == read_tables(tmp_path / "local")
    again = run_corpus(corpus, tmp_path / "dask", cluster=cluster)
    assert (again.done, again.skipped) == (0, 10 + len(broken))


def test_table_corpus_on_a_cluster_equals_the_local_run(cluster, tmp_path):
    rows = [{"work_id": f"w{i}", "text": variant(i), "fandom": "Original"} for i in range(6)]
    path = write_jsonl(tmp_path / "works.jsonl", [*rows, "not json"])
    run_corpus(path, tmp_path / "local", workers=1)
    run_corpus(path, tmp_path / "dask", cluster=cluster)
    tables = read_tables(tmp_path / "dask")
    assert tables == read_tables(tmp_path / "local")
    assert len(tables["works"]) == 6 and len(tables["errors"]) == 1


def test_a_bad_cluster_address_is_an_error_before_anything_is_written(tmp_path):
    from fabula.errors import FabulaError

    corpus = make_directory_corpus(tmp_path / "corpus", 1)
    with pytest.raises(FabulaError, match="not a Dask scheduler address"):
        run_corpus(corpus, tmp_path / "out", cluster="nonsense://host:1")
    assert not (tmp_path / "out").exists()
