"""Shared test helpers: the offset invariant, checked on every output, the
location of the shared evaluation data (tests that need it skip without it),
and EPUBs zipped from the fixture folders."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

import fabula
from fabula.model import Character, Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "samples" / "seed-chapter.txt"
EXAMPLE = ROOT / "examples" / "chapter.txt"
FIXTURES = ROOT / "tests" / "fixtures"


def assert_offsets(doc: Document) -> None:
    """Every span indexes into doc.text, and the JSON's `text` fields agree."""
    n = len(doc.text)
    groups = {
        "paragraphs": doc.paragraphs, "paratext": doc.paratext, "chapters": doc.chapters,
        "scenes": doc.scenes, "emphasis": doc.emphasis, "rules": doc.rules,
        "quotes": doc.quotes, "mentions": doc.mentions,
    }
    for name, spans in groups.items():
        for s in spans:
            assert 0 <= s.start <= s.end <= n, (name, s)
            if name != "chapters":
                assert s.end > s.start, (name, s)
    data = doc.to_dict()
    assert data["text"] == doc.text
    for name in ("paratext", "emphasis", "rules", "quotes", "mentions"):
        for item in data[name]:
            assert doc.text[item["start"] : item["end"]] == item["text"], (name, item)
    for scene in data["scenes"]:
        if scene["marker"]:
            m = scene["marker"]
            assert doc.text[m["start"] : m["end"]] == m["text"]
    for name in ("paragraphs", "quotes", "scenes"):
        spans = sorted(groups[name], key=lambda s: s.start)
        for a, b in zip(spans, spans[1:]):
            assert a.end <= b.start, (name, a, b)


def zip_epub(folder: Path, out: Path) -> Path:
    """An EPUB of a fixture folder (tests/fixtures/epub/NAME): its files
    zipped as they lie, the mimetype first and stored, as the format wants."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(folder / "mimetype", "mimetype", compress_type=zipfile.ZIP_STORED)
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != "mimetype":
                archive.write(path, path.relative_to(folder).as_posix())
    return out


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/samples not present")
    return SEED.read_text(encoding="utf-8")


def check_golden_text(name: str, rendered: str) -> None:
    """Compare an output with tests/golden/NAME; FABULA_UPDATE_GOLDEN=1 rewrites it
    (review the diff by eye before committing)."""
    path = Path(__file__).parent / "golden" / name
    if os.environ.get("FABULA_UPDATE_GOLDEN"):
        path.write_bytes(rendered.encode("utf-8"))
    assert path.exists(), f"missing golden file {path}; run with FABULA_UPDATE_GOLDEN=1"
    assert path.read_bytes().decode("utf-8") == rendered


def attributed(text: str, *speakers: str | None, genders: dict[str, str] | None = None) -> Document:
    """The text analysed, its quotations' speakers (None for nobody) and the
    cast's genders set by hand, so that tests of an output check the output,
    whoever the speaker stage picks."""
    from dataclasses import replace

    doc = fabula.analyze(text)
    assert len(doc.quotes) == len(speakers), [doc.span_text(q) for q in doc.quotes]
    cast: dict[str, Character] = {}
    for name in filter(None, speakers):
        gender = (genders or {}).get(name, "unknown")
        cast.setdefault(name, Character(id=f"t{len(cast) + 1}", name=name, gender=gender))
    quotes = tuple(replace(q, speaker=cast[s].id if s else None) for q, s in zip(doc.quotes, speakers))
    return replace(doc, quotes=quotes, characters=tuple(cast.values()))
