"""The JSON contract: every output validates against the shipped schema."""

import json
from importlib.resources import files

import jsonschema
import pytest

import fabula
from conftest import EXAMPLE, assert_offsets

SCHEMA = json.loads(files("fabula").joinpath("document.schema.json").read_text())


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("text", [
    EXAMPLE.read_text(encoding="utf-8"),
    "",
    "Chapter 1\n\nHi.\n\nChapter 2\n\n\"Bye,\" she said.\n\n* * *\n\nLater.",
])
def test_documents_validate(text):
    doc = fabula.analyze(text)
    jsonschema.validate(json.loads(doc.to_json()), SCHEMA)
    assert_offsets(doc)


def test_seed_chapter_validates(seed_text):
    doc = fabula.analyze(seed_text)
    jsonschema.validate(json.loads(doc.to_json()), SCHEMA)
    assert_offsets(doc)
