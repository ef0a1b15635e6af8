"""Vocatives (fabula/stages/speakers/vocatives.py): the people a quotation
calls by name. A name counts when it opens the quotation or follows a comma,
"!", "?", a dash or a greeting ("hey", "oh", "dear", "well"...), and is
followed by punctuation or the end of the quotation."""

import pytest

from fabula.model import Mention, Quote
from fabula.pipeline import find_structure_and_cast
from fabula.readers.text import document_from_string
from fabula.stages.speakers.vocatives import find_vocatives

CAST = "Hinata and Kiba sat by the gate. Hinata smiled. Kiba yawned.\n\n"


def called(speech: str) -> list[str]:
    """Whom `speech`, said in a tagged paragraph after CAST, calls by name."""
    doc = find_structure_and_cast(document_from_string(CAST + f'"{speech}" she said.'))
    (quote,) = doc.quotes
    assert doc.span_text(quote) == speech
    names = {c.id: c.name for c in doc.characters}
    starts = [m.start for m in doc.mentions]
    return [names[c] for c in find_vocatives(doc.text, quote, doc.mentions, starts)]


@pytest.mark.parametrize("speech", [
    "Hinata, I'm going out",
    "I'm going out, Hinata.",
    "Well, Hinata, what now?",
    "Oh, Hinata!",
    "Dear Hinata, hello.",
    "Is that you, Hinata?",
    "Wait — Hinata — come back!",
    "Hinata... wait.",
    "Hinata",
])
def test_name_in_vocative_position_is_called(speech):
    assert called(speech) == ["Hinata"]


@pytest.mark.parametrize("speech", [
    "I saw Hinata at the market.",  # an object
    "Hinata is late.",  # a subject
    "Go home. Hinata will wait.",  # a subject after a full stop
    "Hinata's bag is here.",  # a possessive
])
def test_name_elsewhere_is_not_called(speech):
    assert called(speech) == []


def test_vocative_opening_a_later_sentence():
    assert called("Go home. Hinata, wait for me.") == ["Hinata"]


def test_vocative_opening_a_sentence_after_an_exclamation():
    assert called("Stop it! Hinata, wait.") == ["Hinata"]


def test_only_the_name_in_vocative_position_counts():
    assert called("Hey Kiba, Hinata is here.") == ["Kiba"]


def test_several_vocatives_in_order():
    assert called("Kiba! Hinata!") == ["Kiba", "Hinata"]


@pytest.mark.xfail(reason="limitation: a vocative of two coordinated names ('Hinata and Kiba, come') "
                          "is not recognised; the first name needs punctuation right after it")
def test_two_people_called_together():
    assert called("Hinata and Kiba, come here.") == ["Hinata", "Kiba"]


# -- on hand-made spans, without the cast stage -----------------------------------------

TEXT = '"Hinata, look! Hinata, come. I told him," said Kiba to Hinata.'


def spans(*words_kinds):
    """Mentions at each occurrence of a word, in text order."""
    out, at = [], 0
    for word, character, kind in words_kinds:
        at = TEXT.index(word, at)
        out.append(Mention(at, at + len(word), character, kind))
        at += len(word)
    return out


QUOTE = Quote(1, TEXT.index('"', 1))


def vocatives(mentions):
    return find_vocatives(TEXT, QUOTE, mentions, [m.start for m in mentions])


def test_repeated_vocative_is_reported_once():
    mentions = spans(("Hinata", "h", "name"), ("Hinata", "h", "name"))
    assert vocatives(mentions) == ("h",)
    # Each of the two is a vocative on its own.
    assert vocatives(mentions[:1]) == vocatives(mentions[1:]) == ("h",)


def test_pronoun_inside_the_quote_is_never_a_vocative():
    mentions = spans(("Hinata", "h", "name"), ("him", "k", "pronoun"))
    assert vocatives(mentions) == ("h",)


def test_mentions_outside_the_quote_are_ignored():
    mentions = spans(("Kiba", "k", "name"), ("Hinata", "h", "name"))  # both in the tag
    assert vocatives(mentions) == ()


def test_alias_counts_like_a_name():
    mentions = spans(("Hinata", "h", "alias"))
    assert vocatives(mentions) == ("h",)


def test_epithet_is_not_a_vocative():
    mentions = spans(("Hinata", "h", "epithet"))
    assert vocatives(mentions) == ()


def test_quote_without_mentions():
    assert vocatives([]) == ()
