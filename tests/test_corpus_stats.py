"""`corpus_stats`: the headline figures agree with the tables they sum up."""

from collections import Counter

import pytest

from corpus_helpers import add_broken_files, make_directory_corpus, read_tables
from fabula.corpus import corpus_stats, run_corpus
from fabula.corpus.stats import format_stats
from fabula.errors import FabulaError
from fabula.model import count_words


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("stats")
    corpus = make_directory_corpus(root / "corpus", 6)
    add_broken_files(corpus)
    run_corpus(corpus, root / "out", workers=2)
    return root / "out"


def test_totals_and_top_speakers_match_the_tables(out):
    stats = corpus_stats(out, top=3)
    tables = read_tables(out)
    totals = stats["totals"]
    assert totals["works"] == len(tables["works"]) == 6
    assert totals["failed"] == len(tables["errors"]) == 5
    assert totals["words"] == sum(w["words"] for w in tables["works"])
    assert totals["characters"] == len(tables["characters"])
    assert totals["quotes"] == len(tables["quotes"])
    assert totals["attributed"] == sum(q["speaker"] is not None for q in tables["quotes"])
    lines = Counter(q["speaker"] for q in tables["quotes"] if q["speaker"])
    assert [s["lines"] for s in stats["top_speakers"]] == sorted(lines.values(), reverse=True)[:3]
    for speaker in stats["top_speakers"]:
        assert speaker["lines"] == lines[speaker["name"]]
        assert speaker["works"] == len({q["work_id"] for q in tables["quotes"] if q["speaker"] == speaker["name"]})


def test_dialogue_by_gender_matches_the_tables(out):
    stats = corpus_stats(out)
    tables = read_tables(out)
    gender = {(c["work_id"], c["character_id"]): c["gender"] for c in tables["characters"]}
    expected_lines, expected_words = Counter(), Counter()
    for q in tables["quotes"]:
        if q["kind"] == "speech":
            key = "(no speaker)" if q["speaker_id"] is None else gender.get((q["work_id"], q["speaker_id"]), "unknown")
            expected_lines[key] += 1
            expected_words[key] += count_words(q["text"])
    rows = {g["gender"]: g for g in stats["dialogue_by_gender"]}
    assert {k: r["lines"] for k, r in rows.items()} == dict(expected_lines)
    assert {k: r["words"] for k, r in rows.items()} == dict(expected_words)
    assert sum(r["line_share"] for r in rows.values()) == pytest.approx(1.0)
    assert sum(r["word_share"] for r in rows.values()) == pytest.approx(1.0)


def test_formatted_figures(out):
    text = format_stats(corpus_stats(out))
    assert "Works:       6 analysed, 5 failed" in text
    assert "Top speakers" in text and "Dialogue by gender" in text and "file is empty" in text


def test_not_a_corpus_output(tmp_path):
    with pytest.raises(FabulaError, match="not a fabula corpus output"):
        corpus_stats(tmp_path)
