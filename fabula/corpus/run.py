"""`run_corpus`: analyse every work of a corpus into the tables of OUT_DIR.

The works stream from the source; those already committed (see store.py) are
skipped; the rest go to worker processes, or to a Dask cluster, and this
process commits their rows in batches: every `commit_every` works,
`COMMIT_ROWS` rows or `commit_seconds` seconds, whichever comes first, and at
the end. Ctrl-C
commits what has finished and stops (`KeyboardInterrupt` goes on to the
caller); the run can then be resumed with the same call.

A work id met twice in one input (two table rows with one id) is analysed
once; the later row is recorded in `errors` under the id `ID (row N)`, a key
of its own, so a resumed run neither repeats nor loses that error.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Iterator

from ..readers import DEFAULT_MAX_BYTES
from .database import ensure_database
from .executors import connect_dask, run_dask, run_local
from .sources import Work, open_source
from .store import Store
from .tables import DEFAULT_TIMEOUT, WorkResult, analyze_work, arrow_tables

COMMIT_EVERY = 500
COMMIT_SECONDS = 10.0
COMMIT_ROWS = 200_000  # rows held before a commit, whatever the works' count: long novels fill memory fast


@dataclass
class RunSummary:
    out_dir: Path
    done: int = 0  # works analysed and committed by this run
    failed: int = 0  # of which failed
    skipped: int = 0  # already finished by an earlier run
    words: int = 0
    seconds: float = 0.0
    peak_worker_rss: int = 0
    failed_total: int = 0  # failed works in the whole output, this run's and earlier ones
    errors: list[tuple[str, str]] = field(default_factory=list)  # this run's first few (path, error)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_corpus(input: str | os.PathLike, out_dir: str | os.PathLike, *, workers: int | None = None,
               cluster: str | None = None, text_column: str = "text", id_column: str | None = None,
               with_text: bool = False, retry_failed: bool = False, max_bytes: int = DEFAULT_MAX_BYTES,
               commit_every: int = COMMIT_EVERY, commit_seconds: float = COMMIT_SECONDS,
               progress: bool = False, timeout: float | None = DEFAULT_TIMEOUT) -> RunSummary:
    """Analyse every work of INPUT not yet in OUT_DIR and commit its rows there.

    INPUT is a directory tree of .txt/.html/.epub files, or a JSONL or Parquet
    file with a work per row. `workers` defaults to every core; `cluster` is
    a Dask scheduler address (tcp://HOST:PORT) to run on instead. A work
    that takes longer than `timeout` seconds is recorded as failed (None: no limit).
    """
    source = open_source(input, text_column, id_column)
    total = source.count()  # before OUT_DIR is made: an unreadable input leaves nothing behind
    started = time.perf_counter()
    summary = RunSummary(Path(out_dir))
    with ExitStack() as stack:
        # Connect first: an unreachable cluster must not leave an OUT_DIR behind.
        client = stack.enter_context(connect_dask(cluster)) if cluster else None
        store = stack.enter_context(Store(out_dir, {**source.identity(), "with_text": with_text}))
        if retry_failed:
            store.release_failed()
        ensure_database(out_dir)
        bar = _progress_bar(total, len(store.finished), progress)
        task = partial(analyze_work, max_bytes=max_bytes, with_text=with_text, timeout=timeout)
        todo = _unfinished(source, store, summary)
        if client is not None:
            results = run_dask(task, todo, client)
        else:
            results = run_local(task, todo, workers or default_workers())
        batch: list[WorkResult] = []
        rows = 0
        last_commit = time.monotonic()
        try:
            for result in results:
                batch.append(result)
                rows += sum(map(len, result.rows.values()))
                summary.words += result.words
                summary.peak_worker_rss = max(summary.peak_worker_rss, result.peak_rss)
                if bar is not None:
                    bar.update(1)
                    elapsed = time.perf_counter() - started
                    bar.set_postfix_str(f"{summary.words / elapsed:,.0f} words/s", refresh=False)
                if (len(batch) >= commit_every or rows >= COMMIT_ROWS
                        or time.monotonic() - last_commit >= commit_seconds):
                    ready, batch, rows = batch, [], 0  # a Ctrl-C inside the commit must not commit it twice
                    _commit(store, ready, summary)
                    last_commit = time.monotonic()
        finally:
            # Also on Ctrl-C: what finished is kept, so a resumed run starts after it.
            results.close()
            _commit(store, batch, summary)
            if bar is not None:
                bar.close()
            summary.seconds = time.perf_counter() - started
            summary.failed_total = sum(not ok for ok in store.finished.values())
    return summary


def _unfinished(source, store: Store, summary: RunSummary) -> Iterator[Work]:
    """The source's works not yet committed, each id once."""
    seen: set[str] = set()
    for work in source:
        key = work.work_id
        if key in seen:
            row = work.path.rsplit(":", 1)[-1]
            key = f"{key} (row {row})"
            work = Work(key, work.path, problem=f"duplicate work id '{work.work_id}'")
        seen.add(key)
        if key in store.finished:
            summary.skipped += 1
            continue
        yield work


def _commit(store: Store, batch: list[WorkResult], summary: RunSummary) -> None:
    if not batch:
        return
    ok = [r.work_id for r in batch if r.error is None]
    failed = [r for r in batch if r.error is not None]
    store.commit(arrow_tables(batch), ok, [r.work_id for r in failed])
    summary.done += len(batch)
    summary.failed += len(failed)
    summary.errors.extend((r.path, r.error) for r in failed[: max(0, 10 - len(summary.errors))])


def _progress_bar(total: int | None, finished: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    remaining = None if total is None else max(0, total - finished)
    return tqdm(total=remaining, unit=" works", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def format_run_summary(summary: RunSummary, input: str | os.PathLike, cluster: str | None = None,
                       workers: int | None = None) -> str:
    s = summary
    where = f"Dask cluster {cluster}" if cluster else f"{workers or default_workers()} local worker processes"
    memory = f", peak memory {s.peak_worker_rss / 2**20:,.0f} MB per worker" if s.peak_worker_rss else ""
    lines = [
        f"Corpus:    {input} -> {s.out_dir}",
        f"Analysed:  {s.done:,} work{'s' * (s.done != 1)} ({s.failed:,} failed); {s.skipped:,} already done",
        f"Words:     {s.words:,} in {s.seconds:,.1f} s ({s.words_per_second:,.0f} words/s)",
        f"Ran on:    {where}{memory}",
    ]
    for path, error in s.errors:
        lines.append(f"Failed:    {path}: {error}")
    if s.failed > len(s.errors):
        lines.append(f"           … and {s.failed - len(s.errors):,} more (see the errors table)")
    lines.append(f"Tables:    {s.out_dir}/{{works,chapters,characters,quotes,mentions,errors}}/*.parquet")
    lines.append(f"Database:  {s.out_dir / 'fabula.duckdb'}")
    return "\n".join(lines) + "\n"
