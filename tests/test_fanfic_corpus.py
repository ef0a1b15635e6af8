"""The annotated fan fiction of bench/fanfic: every gold file loads and fits
its cast, the splits hold what the corpus promises (counts, works never in
two splits), and every chapter's source is recorded and allowed."""

import json
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import ROOT
from fabula.evaluate import fanfic

CORPUS = ROOT / "bench" / "fanfic"
SPLITS = fanfic.select_splits(CORPUS)
CHAPTERS = [(split, name, path) for split, chapters in SPLITS.items() for name, path in chapters.items()]
RESERVED = {"michaelmilleryoder/fanfiction-nlp", "ambtus/mobile-pages", "wordsandpics/Ao3-epub-metadata"}
ALLOWED_SERIES = ("chiefaccelerators/horseradish-road", "series-In the Shadow of Heaven/")


def source(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + fanfic.GOLD_SUFFIX).read_text(encoding="utf-8"))["source"]


def test_the_splits_hold_what_the_corpus_promises():
    assert list(SPLITS) == ["train", "dev", "blind"]
    counts = {split: len(chapters) for split, chapters in SPLITS.items()}
    assert counts["train"] >= 25 and counts["dev"] >= 8 and counts["blind"] >= 7
    works = {(s["repository"], s["work"]) for s in (source(p) for _, _, p in CHAPTERS)}
    fandoms = {source(p)["fandom"] for _, _, p in CHAPTERS}
    assert len(CHAPTERS) >= 40 and len(works) >= 25 and len(fandoms) >= 12


def test_no_work_is_in_two_splits():
    splits_of = defaultdict(set)
    for split, _, path in CHAPTERS:
        s = source(path)
        splits_of[(s["repository"], s["work"])].add(split)
    assert {work: splits for work, splits in splits_of.items() if len(splits) > 1} == {}


@pytest.mark.parametrize("split, name, path", CHAPTERS, ids=[f"{s}/{n}" for s, n, _ in CHAPTERS])
def test_every_chapter_loads_with_its_cast_and_a_recorded_allowed_source(split, name, path):
    gold = fanfic.load_chapter(path)
    assert gold.quotes and gold.complete_cast and any(c.main for c in gold.characters)
    s = source(path)
    assert len(s["commit"]) == 40 and s["path"] and s["fandom"] and s["work"]
    assert s["repository"] not in RESERVED
    if s["repository"] == ALLOWED_SERIES[0]:
        assert s["path"].startswith(ALLOWED_SERIES[1])
    assert f"`{name}`" in (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
