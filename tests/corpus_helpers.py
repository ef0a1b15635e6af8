"""Small corpora for the corpus tests, made from the example chapter, a work
a run cannot finish until a test lets it, and a way to read a corpus
output's tables in an order that does not depend on how works were batched."""

from __future__ import annotations

import io
import json
import os
import threading
import zipfile
from pathlib import Path

import pyarrow.parquet as pq

from conftest import EXAMPLE
from fabula.corpus.tables import TABLES

CAST = [("Aiko", "Ren", "Hollis"), ("Mina", "Jun", "Carver"), ("Sakura", "Naruto", "Kakashi"),
        ("Elinor", "Edward", "Brandon"), ("Hermione", "Ron", "Snape")]
_NAMES = ("Aiko", "Ren", "Hollis")


def variant(i: int, repeats: int = 1) -> str:
    """The example chapter with the i-th cast and `repeats` copies of its story."""
    text = EXAMPLE.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    for old, new in zip(_NAMES, CAST[i % len(CAST)]):
        text = text.replace(old, new)
        body = body.replace(old, new)
    extra = (i // len(CAST)) % 3 + repeats - 1
    return text + "".join("\n\n" + body for _ in range(extra))


def make_directory_corpus(root: Path, n: int, repeats: int = 1) -> Path:
    """n chapter files in a small tree: some at the top, some in fandom folders."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        folder = root / ("" if i % 3 == 0 else f"fandom-{i % 3}")
        folder.mkdir(exist_ok=True)
        (folder / f"work-{i:04d}.txt").write_text(variant(i, repeats), encoding="utf-8")
    return root


def add_broken_files(root: Path) -> dict[str, str]:
    """Files fabula cannot read, by relative path, with a word their error names."""
    (root / "broken").mkdir(exist_ok=True)
    (root / "broken" / "empty.txt").write_bytes(b"")
    (root / "broken" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "broken" / "truncated.epub").write_bytes(_epub()[:300])
    (root / "broken" / "not-a-zip.epub").write_bytes(b"this was never an epub")
    (root / "broken" / "bad-encoding.txt").write_bytes(b"\xef\xbb\xbf\xff\xfe\xfa not UTF-8 after a UTF-8 BOM")
    return {"broken/empty.txt": "empty", "broken/binary.txt": "binary", "broken/truncated.epub": "EPUB",
            "broken/not-a-zip.epub": "EPUB", "broken/bad-encoding.txt": "UTF-8"}


def _epub() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", "<container>" + "x" * 2000 + "</container>")
    return buffer.getvalue()


class HeldWork:
    """A work no run can finish until the test lets it be read: a named pipe
    in the corpus, read like any file, whose text is written once for each
    `let_read()`, to the next reader (until then a reader waits). A test that
    interrupts a run part-way holds it, so the run cannot end first, however
    fast the machine; a run's worker must be gone before the next run reads,
    or the two would share the pipe."""

    def __init__(self, path: Path, text: str):
        os.mkfifo(path)
        self.path, self.text = path, text
        self._reads = threading.Semaphore(0)
        threading.Thread(target=self._serve, daemon=True).start()

    def let_read(self) -> None:
        self._reads.release()

    def _serve(self) -> None:
        while True:
            self._reads.acquire()
            while True:
                try:
                    with open(self.path, "w", encoding="utf-8") as pipe:  # opens once a reader does
                        pipe.write(self.text)
                    break
                except BrokenPipeError:  # that reader was killed first: the next one gets it
                    continue


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    """Rows as JSON lines; a str is written as the raw line (for broken lines)."""
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write((row if isinstance(row, str) else json.dumps(row)) + "\n")
    return path


def read_tables(out_dir: Path) -> dict[str, list[dict]]:
    """Every table's rows, in a canonical order."""
    tables = {}
    for name in TABLES:
        rows = pq.read_table(out_dir / name).to_pylist()
        tables[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return tables
