"""Cut one chapter's text out of a published fan-fiction file, as fabula's
readers read it, for the annotated corpus.

    .venv/bin/python bench/fanfic/extract.py SOURCE [--chapter N] [--lines A-B] -o NAME.txt

SOURCE is any file fabula reads (.txt, .md, .html, .epub). Without
--chapter the whole text is written; with it, chapter N (from 1) of those
the reader found. --lines keeps only lines A to B (from 1, inclusive) of a
text or Markdown source before it is read: the story of a saved forum post
without the readers' comments under it. --line-paragraphs puts a blank line
between the lines of a text written one line a paragraph (a plain-text
export), since the gold numbers paragraphs by blank lines. Paragraphs are separated by blank lines, as in every
reader's output, and the text is otherwise exactly the reader's, so the
gold written against NAME.txt reads what fabula reads.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fabula.errors import FabulaError
from fabula.readers import read_bytes, read_path


def chapter_text(source: Path, chapter: int | None, lines: str | None = None) -> str:
    if lines:
        first, last = (int(n) for n in lines.split("-"))
        kept = source.read_text(encoding="utf-8").splitlines(keepends=True)[first - 1 : last]
        fmt = "md" if source.suffix.lower() in (".md", ".markdown") else "txt"
        doc = read_bytes("".join(kept).encode("utf-8"), str(source), fmt=fmt)
    else:
        doc = read_path(source)
    if chapter is None:
        return doc.text
    if not 1 <= chapter <= len(doc.chapters):
        raise SystemExit(f"extract: {source}: no chapter {chapter} (the reader found {len(doc.chapters)})")
    span = doc.chapters[chapter - 1]
    return doc.text[span.start : span.end]


def blank_line_paragraphs(text: str) -> str:
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--chapter", type=int)
    parser.add_argument("--lines", help="A-B: only these lines of the source")
    parser.add_argument("--line-paragraphs", action="store_true", help="each line of the source is a paragraph")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    try:
        text = chapter_text(args.source, args.chapter, args.lines)
        if args.line_paragraphs:
            text = blank_line_paragraphs(text)
    except FabulaError as exc:
        print(f"extract: {exc}", file=sys.stderr)
        return 1
    args.output.write_text(text.strip() + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
