"""The first-person narrator's name (fabula/stages/narrator.py).

Most tests give the quotations their speakers by hand, so that they check
the naming and not the speaker model; the end-to-end ones run the whole
pipeline with small hand-set weights, not the trained ones."""

from dataclasses import replace

import numpy as np
import pytest

import fabula
from fabula.model import Character, Mention
from fabula.pipeline import find_structure_and_cast
from fabula.readers.text import document_from_string
from fabula.stages.narrator import name_narrator
from fabula.stages.speakers.crf import TRANSITION_FEATURES, Weights
from fabula.stages.speakers.features import LOCAL_FEATURES, NARRATOR

N = "Narrator"


class Named:
    """A text through the stages before the speakers, with the quotations'
    speakers (and, optionally, addressees) given by name, then named."""

    def __init__(self, text, speakers, addressees=None, extra_mentions=()):
        doc = find_structure_and_cast(document_from_string(text))
        assert len(doc.quotes) == len(speakers), [doc.span_text(q) for q in doc.quotes]
        self.doc = doc
        ids = {c.name: c.id for c in doc.characters}
        ids[N] = NARRATOR
        addressees = addressees or [()] * len(speakers)
        quotes = tuple(replace(q, speaker=ids[s] if s else None, addressees=tuple(ids[a] for a in to))
                       for q, s, to in zip(doc.quotes, speakers, addressees))
        lines = {cid: sum(q.speaker == cid for q in quotes) for cid in ids.values()}
        characters = tuple(replace(c, lines=lines[c.id]) for c in doc.characters)
        characters += (Character(NARRATOR, N, lines=lines[NARRATOR]),)
        mentions = tuple(sorted((*doc.mentions, *extra_mentions), key=lambda m: m.start))
        self.before = (quotes, characters, mentions)
        self.quotes, self.characters, self.mentions = name_narrator(doc.text, doc.paragraphs, quotes, characters,
                                                                    mentions)
        self.names = {c.id: c.name for c in self.characters}

    def speakers(self):
        return [self.names.get(q.speaker) for q in self.quotes]

    def character(self, name):
        return next(c for c in self.characters if c.name == name)


def calls(name, times):
    """Mara calls `name` `times` times, the narrator answering each time."""
    lines = ["Mara stopped me at the gate."]
    openings = [f"{name}, you are late", f"Hurry up, {name}", f"Look at the boat, {name}", f"Well, {name}, here we are",
                f"{name}, wait", f"Come on, {name}"]
    for k in range(times):
        lines.append(f'"{openings[k]}," said Mara.')
        lines.append('"Yes," I said.')
    return "\n\n".join(lines), ["Mara", N] * times


# -- naming by vocatives ----------------------------------------------------------------

def test_narrator_called_by_name_near_their_lines_is_named():
    text, speakers = calls("Jake", 4)
    named = Named(text, speakers)
    assert named.speakers() == ["Mara", "Jake"] * 4
    assert not any(c.id == NARRATOR for c in named.characters)
    jake = named.character("Jake")
    assert N in jake.aliases
    assert jake.lines == 4  # the narrator's lines go to Jake


def test_named_narrator_keeps_the_cast_id_everywhere():
    text, speakers = calls("Jake", 4)
    addressees = [(N,), ("Mara",)] * 4
    # A mention the speaker stage pointed at the narrator ("I" of a tag, say).
    doc = find_structure_and_cast(document_from_string(text))
    at = doc.text.index("I said")
    named = Named(text, speakers, addressees, extra_mentions=(Mention(at, at + 1, NARRATOR, "pronoun"),))
    jake = named.character("Jake").id
    assert jake != NARRATOR
    assert all(NARRATOR not in q.addressees for q in named.quotes)
    assert named.quotes[0].addressees == (jake,)
    assert all(m.character != NARRATOR for m in named.mentions)
    assert next(m for m in named.mentions if m.start == at).character == jake


def test_a_few_calls_are_not_enough():
    text, speakers = calls("Jake", 3)
    named = Named(text, speakers)
    assert named.speakers() == ["Mara", N] * 3
    assert named.character(N).id == NARRATOR


def test_someone_the_narration_writes_of_is_not_the_narrator():
    """The narration says "I" of the narrator: a name it keeps writing is
    somebody else, however often they are called."""
    text, speakers = calls("Jake", 4)
    text = "Jake waved at me. Jake laughed. Jake ran off.\n\n" + text
    named = Named(text, speakers)
    assert N in named.names.values()
    assert "Jake" in named.names.values()
    assert named.speakers().count(N) == 4


def test_no_clear_winner_stays_unnamed():
    a, _ = calls("Jake", 4)
    b, _ = calls("Owen", 4)
    text = a + "\n\n" + b.split("\n\n", 1)[1]
    named = Named(text, ["Mara", N] * 8)
    assert N in named.names.values()
    assert {"Jake", "Owen"} <= set(named.names.values())


def test_calls_far_from_the_narrator_do_not_name_them():
    """Mara calls Jake, but the narrator speaks nowhere near."""
    lines = ["Mara stopped at the gate."]
    for opening in ["Jake, you are late", "Hurry up, Jake", "Look at the boat, Jake", "Well, Jake, stop"]:
        lines += [f'"{opening}," said Mara.', "The wind blew.", "The sea rose.", "The gulls cried.", "Night fell."]
    lines.append('"Hello," I said.')
    named = Named("\n\n".join(lines), ["Mara"] * 4 + [N])
    assert "Jake" in named.names.values()
    assert named.speakers()[-1] == N


# -- naming by themselves --------------------------------------------------------------

GATE = 'Mara stopped me at the gate. "Jake, is it?" she asked.\n\n'
@pytest.mark.parametrize("text, speakers, name", [
    (GATE + '"Yes. I am Jake," I said.\n\n"Go on," she said.', ["Mara", N, "Mara"], "Jake"),
    (GATE + '"Yes, and my name is Jake," I said.\n\n"Go on," she said.', ["Mara", N, "Mara"], "Jake"),
    (GATE + '"Yes, but friends call me Jake," I said.\n\n"Go on," she said.', ["Mara", N, "Mara"], "Jake"),
    pytest.param(GATE + '"My name is Jake," I said.\n\n"Go on," she said.', ["Mara", N, "Mara"], "Jake"),
    pytest.param('Mara stopped me at the gate. She asked who I was.\n\n"Call me Ishmael," I said.\n\n'
                 'Mara nodded. Ishmael was an odd name.\n\n"Go on," she said.', [N, "Mara"], "Ishmael"),
])
def test_narrator_who_says_their_name_is_named(text, speakers, name):
    named = Named(text, speakers)
    assert named.speakers()[-2:] == [name, "Mara"]
    assert not any(c.id == NARRATOR for c in named.characters)
    assert N in named.character(name).aliases


def test_someone_else_saying_their_name_does_not_name_the_narrator():
    text = ('Jake met me at the gate.\n\n"My name is Jake," said Jake.\n\n"Hello," I said.')
    named = Named(text, ["Jake", N])
    assert named.speakers() == ["Jake", N]


def test_self_named_narrator_outside_the_cast_is_renamed():
    # "Hope", an everyday word said once, is no name to the cast stage; the
    # narrator who says it is their own is named so.
    text = ('Mara stopped me at the gate. "Who are you?" she asked.\n\n'
            '"Well, my name is Hope," I said.\n\n"Go on," she said.')
    named = Named(text, ["Mara", N, "Mara"])
    assert "Hope" not in {c.name for c in named.before[1]}
    assert named.speakers() == ["Mara", "Hope", "Mara"]


def test_a_narrator_who_names_themself_is_that_person():
    text = ('Mara stopped me at the gate. "Who are you?" she asked.\n\n'
            '"Well, my name is Jake," I said.\n\n"Go on," she said.')
    named = Named(text, ["Mara", N, "Mara"])
    assert named.speakers() == ["Mara", "Jake", "Mara"]
    assert N in named.character("Jake").aliases


# -- unnamed, and no narrator ----------------------------------------------------------

def test_unnamed_narrator_stays_narrator():
    text = 'Mara stopped me at the gate. "Where were you?" she asked.\n\n"Out," I said.\n\n"Fine," she said.'
    named = Named(text, ["Mara", N, "Mara"])
    assert (named.quotes, named.characters, named.mentions) == named.before
    assert named.character(N).id == NARRATOR


def test_third_person_text_is_left_alone():
    doc = find_structure_and_cast(document_from_string(
        'Mara stopped Tomas at the gate.\n\n"Jake, is it?" she asked.\n\n"My name is Jake," he said.'))
    got = name_narrator(doc.text, doc.paragraphs, doc.quotes, doc.characters, doc.mentions)
    assert got == (doc.quotes, doc.characters, doc.mentions)


# -- end to end -----------------------------------------------------------------------

def plain_weights() -> Weights:
    """Trust the tags, and little else: enough for these small texts."""
    local = np.zeros(len(LOCAL_FEATURES))
    for name, value in {"tag_name": 6, "tag_narrator": 6, "tag_pronoun_fits": 3, "tag_pronoun_misfits": -3,
                        "tag_pronoun_cast": 1, "calls": -3, "narrator": -1, "beat_first": 1}.items():
        local[LOCAL_FEATURES.index(name)] = value
    return Weights(local, np.zeros(len(TRANSITION_FEATURES)))


def test_first_person_tags_give_a_narrator():
    text = 'Mara came in. "Where were you?" she asked.\n\n"Out," I said.'
    doc = fabula.analyze(text, speaker_weights=plain_weights())
    names = {c.id: c.name for c in doc.characters}
    assert [names.get(q.speaker) for q in doc.quotes] == ["Mara", N]
    assert doc.character(NARRATOR).lines == 1


def test_first_person_text_named_end_to_end():
    text, _ = calls("Jake", 4)
    doc = fabula.analyze(text, speaker_weights=plain_weights())
    names = {c.id: c.name for c in doc.characters}
    assert [names.get(q.speaker) for q in doc.quotes] == ["Mara", "Jake"] * 4
    assert doc.character(NARRATOR) is None


@pytest.mark.parametrize("text", [
    'Mara came in. "Where were you?" she asked.\n\n"Out," I said.\n\nI sat down. I was tired.',
    calls("Jake", 4)[0] + "\n\nI went home. I slept.",
])
def test_i_is_never_a_character(text):
    doc = fabula.analyze(text, speaker_weights=plain_weights())
    assert not any(c.name.lower() in ("i", "me", "my") or "i" in (a.lower() for a in c.aliases)
                   for c in doc.characters)
    assert not any(doc.span_text(m) == "I" and m.kind in ("name", "alias") for m in doc.mentions)
    # Whoever says "I said" is the narrator, named or not.
    i_said = [q for q in doc.quotes if doc.text.startswith('" I said', q.end)]
    assert i_said and len({q.speaker for q in i_said}) == 1
    assert i_said[0].speaker is not None
