"""The crash-safe output directory of a corpus run.

Layout of OUT_DIR:

    works/part-000000.parquet       an empty part holding the table's schema
    works/part-000001.parquet       batch 1's works, and so on for every table:
    chapters/ characters/ quotes/ mentions/ errors/
    _fabula/run.json                what the run reads (input, columns), checked on resume
    _fabula/ledger.jsonl            one line per committed batch: its parts and work ids
    _fabula/lock                    held while a run writes
    fabula.duckdb                   views over the parts (see database.py)

Parts are immutable: a batch of finished works is committed by

1. writing each table's rows to a hidden temporary part
   (`quotes/.part-000007.parquet.tmp`) and fsyncing it;
2. appending the batch's line to the ledger and fsyncing it: this is the
   commit point;
3. renaming each temporary part to its final name (`part-000007.parquet`)
   and fsyncing the folders.

On opening, the ledger is read up to its last complete line (a line torn by a
crash is cut off: that batch never committed), temporary parts of committed
batches are renamed into place (a crash between steps 2 and 3 rolls forward)
and any other temporary part is deleted (a crash before step 2 rolls back).
So a killed run loses at most the batch it was committing and the works in
flight; it never leaves a corrupt part visible, since only whole files are
renamed into place, and never duplicates rows, since a work id is committed in
exactly one ledger line and a resumed run skips every committed id. Any part
a reader can see belongs to a committed batch; only in the instant of step 3
can a reader see one table's part of a batch before another's.

A work that failed is committed like one that succeeded (its row goes to
`errors`) and so is not tried again on a re-run; a re-run with `retry_failed`
first appends a ledger line releasing the failed ids, then rewrites the
`errors` parts without them, and redoes that rewrite on the next open if a
crash interrupted it, so an id is never in `errors` twice.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import FabulaError
from .tables import SCHEMAS, TABLES

FORMAT = 1
_PART = re.compile(r"part-(\d{6,})\.parquet")
_TEMP_PART = re.compile(r"\.part-(\d{6,})\.parquet\.tmp")


def part_name(batch: int) -> str:
    return f"part-{batch:06d}.parquet"


def is_corpus_output(out_dir: str | os.PathLike) -> bool:
    return (Path(out_dir) / "_fabula" / "run.json").is_file()


class Store:
    """An open output directory: `finished` maps every committed work id to
    whether it succeeded; `commit` adds a batch."""

    def __init__(self, out_dir: str | os.PathLike, identity: dict):
        self.root = Path(out_dir)
        self.meta = self.root / "_fabula"
        self.ledger = self.meta / "ledger.jsonl"
        self.finished: dict[str, bool] = {}
        self.next_batch = 1
        self._lock_fd: int | None = None
        try:
            self._open(identity)
        except BaseException:
            self.close()
            raise

    def _open(self, identity: dict) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise FabulaError(f"{self.root}: output is a file, not a directory")
        # Only `_fabula/` there: a first run stopped before it wrote run.json.
        if (self.root.is_dir() and any(p.name != "_fabula" for p in self.root.iterdir())
                and not is_corpus_output(self.root)):
            raise FabulaError(f"{self.root}: not empty and not a fabula corpus output; give a new directory")
        try:
            self.meta.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FabulaError(f"{self.root}: cannot create output directory ({exc.strerror or exc})") from None
        self._lock()
        run_file = self.meta / "run.json"
        recorded = {"format": FORMAT, **identity}
        if run_file.exists():
            previous = json.loads(run_file.read_text(encoding="utf-8"))
            if previous != recorded:
                changed = ", ".join(k for k in recorded if previous.get(k) != recorded[k])
                raise FabulaError(f"{self.root}: holds the output of a run with other settings ({changed}); "
                                  "resume it with the same input and options, or give a new directory")
        else:
            _write_atomic(run_file, json.dumps(recorded, indent=2).encode() + b"\n")
        for name in TABLES:
            folder = self.root / name
            folder.mkdir(exist_ok=True)
            if not (folder / part_name(0)).exists():
                _replace_part(folder / part_name(0), SCHEMAS[name].empty_table())
        self._recover()

    def _lock(self) -> None:
        fd = os.open(self.meta / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise FabulaError(f"{self.root}: another fabula corpus run is writing here") from None
        self._lock_fd = fd

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _recover(self) -> None:
        records = self._read_ledger()
        committed = {r["batch"]: set(r["parts"]) for r in records if "batch" in r}
        for name in TABLES:
            folder = self.root / name
            for entry in os.listdir(folder):
                if not entry.startswith("."):
                    continue
                temp = _TEMP_PART.fullmatch(entry)
                if temp and name in committed.get(int(temp.group(1)), ()):
                    os.replace(folder / entry, folder / part_name(int(temp.group(1))))
                else:  # an uncommitted batch's part, or an interrupted rewrite
                    (folder / entry).unlink()
            _fsync_dir(folder)
        released_since_cleanup: set[str] = set()
        for record in records:
            if "batch" in record:
                self.finished.update(dict.fromkeys(record["ok"], True))
                self.finished.update(dict.fromkeys(record["failed"], False))
                self.next_batch = max(self.next_batch, record["batch"] + 1)
            elif "retry" in record:
                for work_id in record["retry"]:
                    self.finished.pop(work_id, None)
                released_since_cleanup = set(record["retry"])
            elif "retry_done" in record:
                released_since_cleanup = set()
        if released_since_cleanup:
            self._drop_errors(released_since_cleanup)

    def _read_ledger(self) -> list[dict]:
        if not self.ledger.exists():
            return []
        data = self.ledger.read_bytes()
        records, good = [], 0
        for line in data.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                break
            try:
                records.append(json.loads(line))
            except ValueError:
                break
            good += len(line)
        if good < len(data):  # a line torn by a crash: that batch never committed
            with open(self.ledger, "r+b") as fh:
                fh.truncate(good)
                os.fsync(fh.fileno())
        return records

    def _append_ledger(self, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        with open(self.ledger, "ab") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())

    def commit(self, tables: dict[str, pa.Table], ok: list[str], failed: list[str]) -> int:
        """Commit one batch: the rows of every table and the work ids they finish."""
        batch = self.next_batch
        temps = {}
        for name, table in tables.items():
            temp = self.root / name / f".{part_name(batch)}.tmp"
            _write_parquet(temp, table)
            temps[name] = temp
        self._append_ledger({"batch": batch, "parts": sorted(temps), "ok": ok, "failed": failed})
        for name, temp in temps.items():
            os.replace(temp, self.root / name / part_name(batch))
        for name in temps:
            _fsync_dir(self.root / name)
        self.next_batch = batch + 1
        self.finished.update(dict.fromkeys(ok, True))
        self.finished.update(dict.fromkeys(failed, False))
        return batch

    def release_failed(self) -> int:
        """Make the failed works unfinished, so this run tries them again."""
        failed = sorted(work_id for work_id, ok in self.finished.items() if not ok)
        if failed:
            self._append_ledger({"retry": failed})
            for work_id in failed:
                del self.finished[work_id]
            self._drop_errors(set(failed))
        return len(failed)

    def _drop_errors(self, work_ids: set[str]) -> None:
        folder = self.root / "errors"
        for entry in sorted(os.listdir(folder)):
            if not _PART.fullmatch(entry):
                continue
            table = pq.read_table(folder / entry)
            keep = [w not in work_ids for w in table.column("work_id").to_pylist()]
            if not all(keep):
                _replace_part(folder / entry, table.filter(pa.array(keep, pa.bool_())))
        _fsync_dir(folder)
        self._append_ledger({"retry_done": len(work_ids)})


def _write_parquet(path: Path, table: pa.Table) -> None:
    with open(path, "wb") as fh:
        pq.write_table(table, fh, compression="zstd")
        fh.flush()
        os.fsync(fh.fileno())


def _replace_part(path: Path, table: pa.Table) -> None:
    """Write a part through a temporary name, so readers see the old file or the new one."""
    temp = path.with_name(f".{path.name}.new")
    _write_parquet(temp, table)
    os.replace(temp, path)


def _write_atomic(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    with open(temp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temp, path)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
