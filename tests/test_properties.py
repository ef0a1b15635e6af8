"""Invariants over arbitrary text: offsets index into the text, and spans of
one kind never overlap."""

from hypothesis import given, settings
from hypothesis import strategies as st

import fabula
from conftest import assert_offsets

FRAGMENTS = [
    '"', "“", "”", "'", "‘", "’", " ", "\n", "\n\n", "* * *", "xXx", "A/N: ", "Chapter 2",
    "she said", " he thought", "Hello", ",", ".", "?", "*", "_", "Three days later",
    "to the hospital that day", "Disclaimer: I don't own it", "you guys", ":)", "\r\n", "\t",
]

texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_offsets_hold_on_any_text(text):
    assert_offsets(fabula.analyze(text))
