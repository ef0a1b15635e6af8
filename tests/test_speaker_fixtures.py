"""Consistency checks for the annotated fan-fiction speaker fixtures.

Each scene ``NAME.txt`` in tests/fixtures/speakers has a ``NAME.gold.json``
listing its characters, the capitalised words that are not people, and every
quotation in reading order with its paragraph, exact text, speaker and kind.
These tests check that the annotations agree with the text they describe.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

SPEAKERS = Path(__file__).resolve().parent / "fixtures" / "speakers"
GOLDS = sorted(SPEAKERS.glob("*.gold.json"))
KINDS = {"speech", "thought", "message"}
GENDERS = {"female", "male", "nonbinary", "unknown"}


def _load(gold_path: Path) -> tuple[dict, str, list[str]]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (SPEAKERS / gold["source"]).read_text(encoding="utf-8")
    paragraphs = re.split(r"\n[ \t]*\n", text)
    return gold, text, paragraphs


def _occurs(needle: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text) is not None


def test_fixture_set_size() -> None:
    assert len(GOLDS) >= 24
    total = sum(len(json.loads(p.read_text(encoding="utf-8"))["quotes"]) for p in GOLDS)
    assert total >= 900


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name)
def test_gold_shape(gold_path: Path) -> None:
    gold, _, _ = _load(gold_path)
    assert gold["source"] == gold_path.name[: -len(".gold.json")] + ".txt"
    assert isinstance(gold["characters"], dict) and gold["characters"]
    for name, info in gold["characters"].items():
        assert isinstance(info["aliases"], list), name
        assert info["gender"] in GENDERS, name
        assert isinstance(info["speaks"], bool), name
    assert isinstance(gold["not_characters"], list)
    assert isinstance(gold["quotes"], list) and gold["quotes"]


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name)
def test_quotes_match_text(gold_path: Path) -> None:
    gold, _, paragraphs = _load(gold_path)
    characters = gold["characters"]
    ends: dict[int, int] = {}
    speakers = set()
    for i, q in enumerate(gold["quotes"], start=1):
        label = f"{gold_path.name} quote {q.get('n')}"
        assert q["n"] == i, label
        assert 1 <= q["paragraph"] <= len(paragraphs), label
        para = paragraphs[q["paragraph"] - 1]
        assert q["text"], label
        start = para.find(q["text"], ends.get(q["paragraph"], 0))
        assert start >= 0, f"{label}: {q['text']!r} not found in order in paragraph {q['paragraph']}"
        ends[q["paragraph"]] = start + len(q["text"])
        assert q["kind"] in KINDS, label
        speaker = q["speaker"]
        assert speaker in characters or speaker.startswith("_"), label
        speakers.add(speaker)
    for name, info in characters.items():
        assert info["speaks"] == (name in speakers), f"{gold_path.name}: speaks flag of {name}"


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name)
def test_aliases_occur(gold_path: Path) -> None:
    gold, text, _ = _load(gold_path)
    for name, info in gold["characters"].items():
        for alias in info["aliases"]:
            found = _occurs(alias, text)
            if not found and alias[:1].islower():
                found = _occurs(alias[0].upper() + alias[1:], text)
            assert found, f"{gold_path.name}: alias {alias!r} of {name} not in text"


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name)
def test_not_characters_are_not_names(gold_path: Path) -> None:
    gold, text, _ = _load(gold_path)
    names: set[str] = set()
    for name, info in gold["characters"].items():
        for form in [name, *info["aliases"]]:
            names.add(form)
            names.update(w for w in form.split() if w[:1].isupper())
    for word in gold["not_characters"]:
        assert word not in names, f"{gold_path.name}: {word!r} is both a name and a non-character"
        assert _occurs(word, text), f"{gold_path.name}: non-character {word!r} not in text"
