"""The quotations as CSV: read back with the csv module, every row's text is
exactly its span of the document."""

import csv
import io

import fabula
from conftest import EXAMPLE, SEED
from fabula.writers.table import COLUMNS, format_csv


def rows(doc):
    reader = csv.DictReader(io.StringIO(format_csv(doc), newline=""))
    assert tuple(reader.fieldnames) == COLUMNS
    return list(reader)


def assert_rows_match(doc):
    names = {c.id: c.name for c in doc.characters}
    table = rows(doc)
    assert len(table) == len(doc.quotes)
    for row, q in zip(table, sorted(doc.quotes, key=lambda q: q.start)):
        start, end = int(row["start"]), int(row["end"])
        assert doc.text[start:end] == row["text"] == doc.span_text(q)
        assert row["id"] == q.id and row["kind"] == q.kind
        assert row["speaker"] == (names[q.speaker] if q.speaker else "")
        assert row["addressees"] == "; ".join(names[a] for a in q.addressees)
        assert row["confidence"] == ("" if q.confidence is None else str(q.confidence))
        assert row["flashback"] == ("true" if q.flashback else "false")


def test_example_chapter_rows_are_the_quotations():
    assert_rows_match(fabula.analyze_file(EXAMPLE))


def test_seed_chapter_rows_are_the_quotations(seed_text):
    assert_rows_match(fabula.analyze_file(SEED))


def test_line_breaks_commas_and_quote_marks_round_trip():
    text = ('"She said \'no, never\', and that was that,\n\n"and then ""more"" came," said Tomas.\n\n'
            '"One; two," Mara replied.\n')
    doc = fabula.analyze(text)
    assert "\n" in doc.span_text(doc.quotes[0])
    assert_rows_match(doc)


def test_chapter_column_counts_from_one():
    doc = fabula.analyze('Chapter 1\n\n"Hi," said Tomas.\n\nChapter 2\n\n"Bye," said Mara.\n')
    assert [row["chapter"] for row in rows(doc)] == ["1", "2"]
    assert [row["chapter"] for row in rows(fabula.analyze('"Hi," said Tomas.\n'))] == [""]
