import json

import pytest

from fabula.model import Document, Paragraph, Quote, Span, count_words


def test_span_rejects_negative_or_reversed():
    with pytest.raises(ValueError):
        Span(5, 2)
    with pytest.raises(ValueError):
        Span(-1, 2)


def test_document_is_frozen():
    doc = Document(text="abc")
    with pytest.raises(AttributeError):
        doc.text = "x"


def test_to_dict_carries_span_text_and_schema():
    text = 'He said "hi" to her.'
    doc = Document(text=text, paragraphs=(Paragraph(0, len(text)),),
                   quotes=(Quote(9, 11, id="q1"),))
    data = json.loads(doc.to_json())
    assert data["schema"] == "fabula/1"
    assert data["quotes"][0]["text"] == "hi"
    assert data["quotes"][0]["speaker"] is None
    assert data["stats"]["words"] == 5


def test_count_words_keeps_contractions_whole():
    assert count_words("Don't stop—it's fine.") == 4
