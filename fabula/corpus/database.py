"""The DuckDB side of a corpus output: a view per table over its part files.

`OUT_DIR/fabula.duckdb` holds only views (`works`, `chapters`, `characters`,
`quotes`, `mentions`, `errors`), each `read_parquet` over the table's
`part-*.parquet` glob, so a query sees every batch committed so far, even
while a run is still going. DuckDB resolves a view's path against the working
directory of whoever queries it, so the views hold absolute paths; the file
records the directory it was made for, and `fabula corpus run` and `fabula
corpus stats` write it again when OUT_DIR has moved. Every table has an empty
`part-000000.parquet`, so a view works, with the right columns, before any
work is committed.

The file is built under a temporary name and renamed into place, and written
in DuckDB's v1.0 storage format so that older DuckDB command-line tools open it.
"""

from __future__ import annotations

import os
from pathlib import Path

from .tables import TABLES

DATABASE = "fabula.duckdb"
_STORAGE_VERSION = "v1.0.0"


def create_views(con, out_dir: str | os.PathLike) -> None:
    """Create (or replace) a view per corpus table on an open DuckDB connection."""
    root = Path(out_dir).resolve()
    for name in TABLES:
        pattern = _sql_string(str(root / name / "part-*.parquet"))
        con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet({pattern})")


def database_is_current(out_dir: str | os.PathLike) -> bool:
    import duckdb

    path = Path(out_dir) / DATABASE
    if not path.exists():
        return False
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            (root,) = con.execute("SELECT root FROM fabula_corpus").fetchone()
    except duckdb.Error:
        return False
    return root == str(Path(out_dir).resolve())


def write_database(out_dir: str | os.PathLike) -> Path:
    """Write OUT_DIR/fabula.duckdb afresh, atomically."""
    import duckdb

    root = Path(out_dir).resolve()
    target = root / DATABASE
    temp = root / f".{DATABASE}.tmp"
    for leftover in (temp, temp.with_name(temp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    with duckdb.connect(str(temp), config={"storage_compatibility_version": _STORAGE_VERSION}) as con:
        create_views(con, root)
        con.execute("CREATE TABLE fabula_corpus AS SELECT ? AS root", [str(root)])
        con.execute("CHECKPOINT")
    os.replace(temp, target)
    return target


def ensure_database(out_dir: str | os.PathLike) -> None:
    if not database_is_current(out_dir):
        write_database(out_dir)


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
