"""Cut one chapter's text out of a published fan-fiction file, as fabula's
readers read it, for the annotated corpus.

    .venv/bin/python bench/fanfic/extract.py SOURCE [--chapter N] -o NAME.txt

SOURCE is any file fabula reads (.txt, .md, .html, .epub). Without
--chapter the whole text is written; with it, chapter N (from 1) of those
the reader found. Paragraphs are separated by blank lines, as in every
reader's output, and the text is otherwise exactly the reader's, so the
gold written against NAME.txt reads what fabula reads.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fabula.errors import FabulaError
from fabula.readers import read_path


def chapter_text(source: Path, chapter: int | None) -> str:
    doc = read_path(source)
    if chapter is None:
        return doc.text
    if not 1 <= chapter <= len(doc.chapters):
        raise SystemExit(f"extract: {source}: no chapter {chapter} (the reader found {len(doc.chapters)})")
    span = doc.chapters[chapter - 1]
    return doc.text[span.start : span.end]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--chapter", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    try:
        text = chapter_text(args.source, args.chapter)
    except FabulaError as exc:
        print(f"extract: {exc}", file=sys.stderr)
        return 1
    args.output.write_text(text.strip() + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
