"""Whole archives: `run_corpus` analyses a corpus of works into Parquet tables
and a DuckDB database, resumably, on local cores or a Dask cluster;
`corpus_stats` gives its headline figures.

The modules: `sources` (where works come from and their ids), `tables` (a
work's rows and the table schemas), `store` (the crash-safe output
directory), `database` (the DuckDB views), `executors` (local processes and
Dask), `run` (the run itself), `stats`.

It needs the `corpus` extra (pyarrow, duckdb, tqdm, dask[distributed]);
without it, importing this package raises a `FabulaError` saying so.
"""

from importlib.util import find_spec

from ..errors import FabulaError

_missing = [name for name in ("pyarrow", "duckdb", "tqdm") if find_spec(name) is None]
if _missing:
    raise FabulaError(f"fabula corpus needs {', '.join(_missing)}: pip install 'fabula[corpus]' "
                      "(or ./scripts/setup --corpus)")

from .run import RunSummary, run_corpus  # noqa: E402 - only once the dependencies are known present
from .stats import corpus_stats  # noqa: E402

__all__ = ["run_corpus", "corpus_stats", "RunSummary"]
