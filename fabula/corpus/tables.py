"""One work in, its rows for every corpus table out.

`analyze_work` is what a worker process (local or on a Dask cluster) runs:
it reads and analyses one work and turns the `Document` into plain rows for
the tables below, taking every figure from `Document.to_dict()` (the same
data as `fabula analyze --format json`), so the tables never disagree with a
single-document analysis. It never raises: a work that cannot be read or
analysed comes back as an error.

The `works` table carries the work's metadata (`Document.metadata`, what
the site or downloader says) as typed columns: lists as list columns, dates
as dates, counts as integers. Where a name is taken by fabula's own figure,
the site's is prefixed: `site_work_id`, `site_words`, and `character_tags`
(the characters as tagged, not the cast fabula found). For table input, the
row's own columns stay in `metadata` as JSON, and those named as a site
labels them (`fandom`, `rating`, `kudos`, …) fill the typed columns too.

A work gets `timeout` seconds (in a local worker process; a Dask worker runs
works in threads, which cannot be interrupted, so there the limit does not
apply); one that takes longer is recorded as failed.

The schemas are fixed, so part files written by any run concatenate. Offsets
(`start`, `end`) index into the work's text as fabula read it (the table
row's text exactly as given; a file's decoded text), and `chapter` is the
index of the chapter in `doc.chapters` that holds the span's start: 0 for a
single-chapter work and for anything before the first chapter heading.
"""

from __future__ import annotations

import json
import resource
import signal
import threading
import time
from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import dataclass, field, fields

import pyarrow as pa

from ..errors import InputError
from ..model import Document, WorkMetadata, count_words
from ..pipeline import analyze, analyze_file
from ..readers.metadata import Fields
from .sources import Work

_STRINGS = pa.list_(pa.string())
DEFAULT_TIMEOUT = 600.0
# WorkMetadata field -> works column, where the field's own name is taken.
_RENAMED = {"work_id": "site_work_id", "words": "site_words", "characters": "character_tags"}
_METADATA_COLUMNS = [
    ("site", pa.string()), ("url", pa.string()), ("site_work_id", pa.string()), ("authors", _STRINGS),
    ("fandoms", _STRINGS), ("rating", pa.string()), ("warnings", _STRINGS), ("categories", _STRINGS),
    ("relationships", _STRINGS), ("character_tags", _STRINGS), ("additional_tags", _STRINGS),
    ("language", pa.string()), ("published", pa.date32()), ("updated", pa.date32()),
    ("site_words", pa.int64()), ("chapters_posted", pa.int32()), ("chapters_total", pa.int32()),
    ("status", pa.string()), ("kudos", pa.int64()), ("hits", pa.int64()), ("comments", pa.int64()),
    ("bookmarks", pa.int64()), ("reviews", pa.int64()), ("favs", pa.int64()), ("follows", pa.int64()),
]
_METADATA_NAMES = frozenset(name for name, _ in _METADATA_COLUMNS)  # WorkMetadata.title is works.title's

SCHEMAS: dict[str, pa.Schema] = {
    "works": pa.schema([
        ("work_id", pa.string()), ("path", pa.string()), ("format", pa.string()),
        ("title", pa.string()), ("words", pa.int64()), ("story_words", pa.int64()),
        ("chapters", pa.int32()), ("paragraphs", pa.int32()), ("scenes", pa.int32()),
        ("quotes", pa.int32()), ("characters", pa.int32()), *_METADATA_COLUMNS, ("metadata", pa.string()),
        ("text", pa.string()),
    ]),
    "chapters": pa.schema([
        ("work_id", pa.string()), ("chapter", pa.int32()), ("title", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("words", pa.int64()),
    ]),
    "characters": pa.schema([
        ("work_id", pa.string()), ("character_id", pa.string()), ("name", pa.string()),
        ("aliases", _STRINGS), ("gender", pa.string()), ("mentions", pa.int32()), ("lines", pa.int32()),
    ]),
    "quotes": pa.schema([
        ("work_id", pa.string()), ("chapter", pa.int32()), ("quote_id", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()), ("kind", pa.string()),
        ("speaker", pa.string()), ("speaker_id", pa.string()), ("addressees", _STRINGS),
        ("evidence", pa.string()), ("confidence", pa.float64()),
        ("flashback", pa.bool_()),
    ]),
    "mentions": pa.schema([
        ("work_id", pa.string()), ("chapter", pa.int32()), ("start", pa.int64()), ("end", pa.int64()),
        ("text", pa.string()), ("character_id", pa.string()), ("kind", pa.string()),
    ]),
    "errors": pa.schema([("work_id", pa.string()), ("path", pa.string()), ("error", pa.string())]),
}
TABLES = tuple(SCHEMAS)


@dataclass(slots=True)
class WorkResult:
    """A worker's answer: rows for every table, or the reason the work failed."""

    work_id: str
    path: str
    rows: dict[str, list[dict]] = field(default_factory=dict)
    error: str | None = None
    words: int = 0
    seconds: float = 0.0
    peak_rss: int = 0  # bytes, the worker process's high-water mark so far

    @classmethod
    def failure(cls, work: Work, error: str) -> WorkResult:
        return cls(work.work_id, work.path, error=error)

    def table_rows(self) -> dict[str, list[dict]]:
        if self.error is not None:
            return {"errors": [{"work_id": self.work_id, "path": self.path, "error": self.error}]}
        return self.rows


class WorkTimeout(Exception):
    pass


def analyze_work(work: Work, max_bytes: int, with_text: bool = False,
                 timeout: float | None = DEFAULT_TIMEOUT) -> WorkResult:
    """Read and analyse one work; never raises for a bad or slow work."""
    started = time.perf_counter()
    if work.problem is not None:
        return WorkResult.failure(work, work.problem)
    try:
        with _time_limit(timeout):
            if work.file is not None:
                doc = analyze_file(work.file, max_bytes=max_bytes)
            else:
                if not work.text.strip():
                    raise InputError(work.path, "text is empty")
                doc = analyze(work.text, title=work.title)
            rows = work_rows(work, doc, with_text)
    except InputError as exc:
        result = WorkResult.failure(work, exc.problem)
    except WorkTimeout:
        result = WorkResult.failure(work, f"took longer than {timeout:g} s (see --timeout)")
    except Exception as exc:  # noqa: BLE001 - one work must not end a corpus run
        result = WorkResult.failure(work, f"internal error: {type(exc).__name__}: {exc}")
    else:
        result = WorkResult(work.work_id, work.path, rows=rows, words=rows["works"][0]["words"])
    result.seconds = time.perf_counter() - started
    result.peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return result


@contextmanager
def _time_limit(seconds: float | None):
    """Raise WorkTimeout in this process after `seconds`; only the main thread
    can take a signal, so elsewhere (a Dask worker's thread) there is no limit."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise WorkTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def work_rows(work: Work, doc: Document, with_text: bool = False) -> dict[str, list[dict]]:
    """Rows for every table but `errors`, from the document's own JSON form."""
    data = doc.to_dict()
    stats = data["stats"]
    work_id = work.work_id
    chapter_starts = [c["start"] for c in data["chapters"]]

    def chapter_of(offset: int) -> int:
        return max(0, bisect_right(chapter_starts, offset) - 1)

    if data["chapters"]:
        chapters = [{"work_id": work_id, "chapter": i, "title": c["title"], "start": c["start"],
                     "end": c["end"], "words": count_words(doc.text[c["start"]:c["end"]])}
                    for i, c in enumerate(data["chapters"])]
    else:
        chapters = [{"work_id": work_id, "chapter": 0, "title": data["title"], "start": 0,
                     "end": len(doc.text), "words": stats["words"]}]
    metadata = _metadata(doc.metadata, work.metadata)
    works = [{
        "work_id": work_id, "path": work.path, "format": data["source"].get("format"),
        "title": data["title"], "words": stats["words"], "story_words": stats["story_words"],
        "chapters": len(chapters), "paragraphs": stats["paragraphs"], "scenes": stats["scenes"],
        "quotes": stats["quotes"], "characters": stats["characters"],
        **{_RENAMED.get(f.name, f.name): _column_value(getattr(metadata, f.name)) for f in fields(metadata)
           if _RENAMED.get(f.name, f.name) in _METADATA_NAMES},
        "metadata": work.metadata if work.metadata is not None else json.dumps(data["metadata"], ensure_ascii=False),
        "text": doc.text if with_text else None,
    }]
    characters = [{"work_id": work_id, "character_id": c["id"], "name": c["name"], "aliases": c["aliases"],
                   "gender": c["gender"], "mentions": c["mentions"], "lines": c["lines"]}
                  for c in data["characters"]]
    quotes = [{"work_id": work_id, "chapter": chapter_of(q["start"]), "quote_id": q["id"],
               "start": q["start"], "end": q["end"], "text": q["text"], "kind": q["kind"],
               "speaker": q["speaker"], "speaker_id": q["speaker_id"], "addressees": q["addressees"],
               "evidence": q["evidence"], "confidence": q["confidence"],
               "flashback": q["flashback"]}
              for q in data["quotes"]]
    mentions = [{"work_id": work_id, "chapter": chapter_of(m["start"]), "start": m["start"], "end": m["end"],
                 "text": m["text"], "character_id": m["character"], "kind": m["kind"]}
                for m in data["mentions"]]
    return {"works": works, "chapters": chapters, "characters": characters, "quotes": quotes,
            "mentions": mentions}


def _column_value(value):
    return list(value) if isinstance(value, tuple) else value


def _metadata(read: WorkMetadata, row_json: str | None) -> WorkMetadata:
    """The reader's metadata, or for a table row, its columns named as sites label them."""
    if row_json is None:
        return read
    fields = Fields()
    for key, value in json.loads(row_json).items():
        if isinstance(value, list):
            for item in value:
                fields.add_labelled(key, str(item))
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            fields.add_labelled(key, str(value))
    return fields.build()


def arrow_tables(results: list[WorkResult]) -> dict[str, pa.Table]:
    """The results' rows as one Arrow table per corpus table (empty ones left out)."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for result in results:
        for name, table_rows in result.table_rows().items():
            rows[name].extend(table_rows)
    return {name: pa.Table.from_pylist(items, schema=SCHEMAS[name]) for name, items in rows.items() if items}
