"""Where the works of a corpus come from: a directory tree of files, or a
JSONL or Parquet table with one work per row.

Every work gets a work id that stays the same from run to run, which is what
makes a run resumable:

- a directory tree: the file's path relative to the directory, with `/`
  separators (`fandom/work-123.html`); files are taken in sorted order, hidden
  files and folders are skipped, and only suffixes fabula reads (`.txt`,
  `.text`, `.md`, `.html`, `.htm`, `.xhtml`, `.epub`) count;
- a table (`.jsonl`, `.ndjson`, either gzipped, or `.parquet`): the value of
  the id column (`--id-column`; by default `work_id`, else `id`, when the row
  has one), else the row's number counted from 1 (for JSONL, its line number).

A table row's text column (`--text-column`, default `text`) is the work; its
other columns are its metadata, carried through as one JSON object so that any
types, and rows that differ in their columns, fit one fixed table schema.
Sources are streamed: a directory is walked twice (once to count it for the
progress bar), a JSONL file is read line by line and a Parquet file in row
batches, so a corpus never has to fit in memory.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..readers import READ_SUFFIXES

DEFAULT_ID_COLUMNS = ("work_id", "id")
_PARQUET_BATCH_ROWS = 64


@dataclass(frozen=True, slots=True)
class Work:
    """One work to analyse: a file to read, or text from a table row.

    `problem` is set when a table row cannot be a work (a line that is not
    JSON, a row without text); it is recorded in `errors` without analysis.
    """

    work_id: str
    path: str  # what a person is shown: the relative path, or "FILE:ROW"
    file: str | None = None
    text: str | None = None
    metadata: str | None = None
    title: str | None = None
    problem: str | None = None


class Source:
    """A stream of works with a known size (None when it would cost a pass)."""

    kind = ""

    def __init__(self, path: Path, text_column: str = "text", id_column: str | None = None):
        self.path = path
        self.text_column = text_column
        self.id_column = id_column

    def count(self) -> int | None:
        raise NotImplementedError

    def __iter__(self) -> Iterator[Work]:
        raise NotImplementedError

    def identity(self) -> dict:
        """What must not change between a run and its resumption."""
        return {"input": str(self.path.resolve()), "kind": self.kind,
                "text_column": self.text_column, "id_column": self.id_column}


def open_source(path: str | os.PathLike, text_column: str = "text",
                id_column: str | None = None) -> Source:
    """The source for INPUT: a directory, a JSONL file or a Parquet file."""
    p = Path(path)
    name = p.name.lower()
    if not p.exists():
        raise InputError(str(path), "no such file or directory")
    if p.is_dir():
        return DirectorySource(p, text_column, id_column)
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        return JsonlSource(p, text_column, id_column)
    if name.endswith((".parquet", ".pq")):
        return ParquetSource(p, text_column, id_column)
    raise InputError(str(path), "not a corpus: give a directory of works, a .jsonl or a .parquet file "
                                "(use `fabula analyze` for a single work)")


class DirectorySource(Source):
    kind = "directory"

    def _files(self) -> Iterator[tuple[str, str]]:
        for folder, dirs, files in os.walk(self.path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and Path(name).suffix.lower() in READ_SUFFIXES:
                    full = os.path.join(folder, name)
                    yield full, Path(os.path.relpath(full, self.path)).as_posix()

    def count(self) -> int:
        return sum(1 for _ in self._files())

    def __iter__(self) -> Iterator[Work]:
        for full, relative in self._files():
            yield Work(work_id=relative, path=relative, file=full)


class _TableSource(Source):
    def _work(self, row_number: int, row: object) -> Work:
        where = f"{self.path.name}:{row_number}"
        if not isinstance(row, dict):
            return Work(str(row_number), where, problem="row is not an object with named columns")
        text = row.get(self.text_column)
        metadata = {k: v for k, v in row.items() if k != self.text_column}
        id_value = self._id_value(metadata)
        work_id = str(row_number) if id_value is None else str(id_value)
        encoded = json.dumps(metadata, ensure_ascii=False, default=_json_default)
        if not isinstance(text, str):
            problem = f"no text: column '{self.text_column}' is " + (
                "missing" if self.text_column not in row else f"not a string ({type(text).__name__})")
            return Work(work_id, where, metadata=encoded, problem=problem)
        title = metadata.get("title")
        return Work(work_id, where, text=text, metadata=encoded,
                    title=title if isinstance(title, str) else None)

    def _id_value(self, row: dict) -> object:
        if self.id_column is not None:
            return row.get(self.id_column)
        return next((row[c] for c in DEFAULT_ID_COLUMNS if row.get(c) is not None), None)


class JsonlSource(_TableSource):
    kind = "jsonl"

    def _lines(self) -> Iterator[tuple[int, bytes]]:
        """Non-blank lines with their line numbers."""
        try:
            with (gzip.open if self.path.name.lower().endswith(".gz") else open)(self.path, "rb") as fh:
                for number, line in enumerate(fh, start=1):
                    if line.strip():
                        yield number, line
        except (OSError, EOFError) as exc:
            raise InputError(str(self.path), f"cannot read ({exc})") from None

    def count(self) -> int:
        return sum(1 for _ in self._lines())

    def __iter__(self) -> Iterator[Work]:
        for number, line in self._lines():
            try:
                row = json.loads(line)
            except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError alike
                reason = str(exc).split(":")[0]
                yield Work(str(number), f"{self.path.name}:{number}", problem=f"line is not valid JSON ({reason})")
                continue
            yield self._work(number, row)


class ParquetSource(_TableSource):
    kind = "parquet"

    def _file(self):
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(self.path)
        except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a bad file
            raise InputError(str(self.path), f"not a readable Parquet file ({exc})") from None

    def count(self) -> int:
        return self._file().metadata.num_rows

    def __iter__(self) -> Iterator[Work]:
        table = self._file()
        columns = table.schema_arrow.names
        if self.text_column not in columns:
            raise InputError(str(self.path), f"no column '{self.text_column}' (columns: {', '.join(columns)});"
                                             " see --text-column")
        number = 0
        batches = table.iter_batches(batch_size=_PARQUET_BATCH_ROWS)
        while True:
            try:
                batch = next(batches, None)
            except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a damaged file
                raise InputError(str(self.path), f"cannot read the rows after row {number} ({exc})") from None
            if batch is None:
                return
            for row in batch.to_pylist():
                number += 1
                yield self._work(number, row)


def _json_default(value: object) -> object:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)  # Decimal, timedelta and the like
