"""Turns, candidates and local features (fabula/stages/speakers/turns.py and
features.py): what the speaker model reads, checked without any trained
weights."""

import numpy as np
import pytest

from fabula.pipeline import find_structure_and_cast
from fabula.readers.text import document_from_string
from fabula.stages.speakers.features import LOCAL_FEATURES, MAX_CANDIDATES, NARRATOR, gather_candidates
from fabula.stages.speakers.tags import find_speech_tags
from fabula.stages.speakers.turns import GAP, NEXT, RESET, SAME, group_turns

CAST = "Mara and Tomas sat by the river. Mara laughed. She was happy. Tomas nodded. He was not.\n\n"


class Read:
    """A text through the stages before the speakers, its tags and turns."""

    def __init__(self, text):
        doc = find_structure_and_cast(document_from_string(text))
        self.doc = doc
        self.tags = find_speech_tags(doc.text, doc.paragraphs, doc.quotes, doc.mentions, doc.characters)
        self.turns = gather_candidates(doc.text, doc.paragraphs, doc.scenes, doc.quotes, self.tags,
                                       doc.characters, doc.mentions)
        self.ids = {c.name: c.id for c in doc.characters}
        self.ids["Narrator"] = NARRATOR

    def quotes(self, turn):
        return [self.doc.span_text(self.doc.quotes[n]) for n in turn.quotes]

    def names(self, turn):
        names = {v: k for k, v in self.ids.items()}
        return [names[c] for c in turn.ids]

    def features(self, turn, name) -> dict[str, float]:
        row = turn.features[turn.ids.index(self.ids[name])]
        return {LOCAL_FEATURES[i]: float(row[i]) for i in np.flatnonzero(row)}


# -- turns -----------------------------------------------------------------------

def test_quotes_of_one_paragraph_are_one_turn():
    read = Read(CAST + '"I want to talk," Mara said, "to you."')
    assert len(read.turns) == 1
    assert read.quotes(read.turns[0]) == ["I want to talk,", "to you."]


def test_quotes_in_separate_paragraphs_are_separate_turns():
    read = Read(CAST + '"One," said Mara.\n\n"Two," said Mara.')
    assert [read.quotes(t) for t in read.turns] == [["One,"], ["Two,"]]


def test_back_to_back_quotes_split():
    read = Read(CAST + '"Leave now." "Get out," he told her.')
    assert [read.quotes(t) for t in read.turns] == [["Leave now."], ["Get out,"]]


@pytest.mark.parametrize("second, split", [
    ('"No," she cried out.', True),  # Tomas is male, "she" is not
    ('"Go," Mara said.', True),  # two names
    ('"Now," he added.', False),  # agrees with Tomas
    ('"Now," Tomas added.', False),  # the same name
    ('"Now," they added.', False),  # "they" says nothing of gender
    ('"Now," someone added.', False),  # an unseen speaker never disagrees
])
def test_tags_that_disagree_split_a_paragraph(second, split):
    read = Read(CAST + '"Stay," Tomas insisted. ' + second)
    assert len(read.doc.quotes) == 2
    assert len(read.turns) == (2 if split else 1)


def test_narrator_and_someone_else_split():
    read = Read('Mara came in.\n\n"Stay," I said. "Go," she said.')
    assert len(read.turns) == 2


def test_group_turns_directly():
    """group_turns on its own: the paragraph index decides, then the text
    between two quotations of a paragraph."""
    read = Read(CAST + '"A," said Mara. "B," said Mara.\n\n"C." "D."')
    doc = read.doc
    par_starts = [p.start for p in doc.paragraphs]
    par_of = [max(i for i, s in enumerate(par_starts) if s <= q.start) for q in doc.quotes]
    gender = {c.id: c.gender for c in doc.characters}
    assert group_turns(doc.text, par_of, doc.quotes, read.tags, gender) == [[0, 1], [2], [3]]
    # Every quotation in exactly one turn, in order.
    flat = [n for t in group_turns(doc.text, par_of, doc.quotes, read.tags, gender) for n in t]
    assert flat == list(range(len(doc.quotes)))


# -- candidates --------------------------------------------------------------------

def test_candidates_include_the_tagged_character():
    read = Read(CAST + '"Hello," said Tomas.')
    (turn,) = read.turns
    assert turn.ids[0] == read.ids["Tomas"]  # a tag outweighs everything else
    assert "Mara" in read.names(turn)


def test_candidates_are_capped():
    names = ["Ann", "Beth", "Cora", "Dina", "Emil", "Finn", "Gus", "Hugo", "Ivo"]
    text = (", ".join(names[:-1]) + " and Ivo sat down. " + " ".join(f"{n} smiled." for n in names)
            + '\n\n"Hello," said Ivo.')
    read = Read(text)
    assert len(read.doc.characters) == len(names) > MAX_CANDIDATES
    (turn,) = read.turns
    assert len(turn.ids) == MAX_CANDIDATES
    assert len(set(turn.ids)) == len(turn.ids)
    assert read.ids["Ivo"] in turn.ids


def test_feature_rows_have_one_column_per_feature():
    read = Read(CAST + '"Hello," said Mara.\n\n"Hi."\n\nTomas frowned. "Why?"\n\n"Go," she said to Tomas.')
    assert len(read.turns) == 4
    for turn in read.turns:
        assert turn.features.shape == (len(turn.ids), len(LOCAL_FEATURES))
        assert np.isfinite(turn.features).all()
    assert len(set(LOCAL_FEATURES)) == len(LOCAL_FEATURES)


def test_narrator_is_a_candidate_of_a_first_person_text():
    read = Read('Mara came in. "Where were you?" she asked.\n\n"Out," I said.')
    for turn in read.turns:
        assert NARRATOR in turn.ids
    assert read.features(read.turns[1], "Narrator")["tag_narrator"] == 1
    assert read.features(read.turns[1], "Narrator")["narrator"] == 1
    assert "tag_narrator" not in read.features(read.turns[1], "Mara")


def test_no_narrator_candidate_without_first_person_tags():
    read = Read(CAST + '"Hello," said Mara.')
    assert NARRATOR not in read.turns[0].ids


# -- features ------------------------------------------------------------------------

def test_tagged_name_sets_tag_name():
    read = Read(CAST + '"Hello," said Tomas.')
    (turn,) = read.turns
    assert read.features(turn, "Tomas").get("tag_name") == 1
    assert "tag_name" not in read.features(turn, "Mara")
    assert "untagged" not in read.features(turn, "Tomas")


def test_untagged_turn():
    read = Read(CAST + '"Hello."')
    (turn,) = read.turns
    for name in read.names(turn):
        assert read.features(turn, name).get("untagged") == 1
        assert "tag_name" not in read.features(turn, name)


def test_pronoun_tag_fits_by_gender():
    read = Read(CAST + '"Hello," she replied.')
    (turn,) = read.turns
    assert read.features(turn, "Mara").get("tag_pronoun_fits") == 1
    # A pronoun tag never goes to someone of the other known gender.
    assert "Tomas" not in read.names(turn)


def test_vocative_marks_calls():
    read = Read(CAST + '"Tomas, look at the water!" Mara cried.')
    (turn,) = read.turns
    assert turn.vocatives == (read.ids["Tomas"],)
    assert read.features(turn, "Tomas").get("calls") == 1
    assert "calls" not in read.features(turn, "Mara")
    # Called by name is not "mentioned inside".
    assert "mentioned_inside" not in read.features(turn, "Tomas")


def test_called_before_reaches_the_next_turn():
    read = Read(CAST + '"Tomas, come here," said Mara.\n\n"Why?"')
    first, second = read.turns
    assert read.features(first, "Tomas").get("calls") == 1
    assert read.features(second, "Tomas").get("called_before") == 1
    assert "called_before" not in read.features(second, "Mara")


def test_tag_listener_and_listener_before():
    read = Read(CAST + '"Good morning," Mara said to Tomas.\n\n"Morning."')
    first, second = read.turns
    # The one a tag speaks to is no candidate of its own line...
    assert "Tomas" not in read.names(first)
    assert "tag_listener" not in read.features(first, "Mara")
    # ...and likely the next speaker.
    assert read.features(second, "Tomas").get("listener_before") == 1


def test_action_beat_before_the_quote():
    read = Read(CAST + 'Tomas frowned. "Why?"')
    (turn,) = read.turns
    f = read.features(turn, "Tomas")
    assert f.get("beat_first") == 1 and f.get("untagged_beat_first") == 1 and f.get("beat_subject") == 1
    assert "beat_first" not in read.features(turn, "Mara")


def test_mentioned_inside_a_quote():
    read = Read(CAST + '"I saw Tomas at the market," said Mara.')
    (turn,) = read.turns
    assert read.features(turn, "Tomas").get("mentioned_inside") == 1
    assert "calls" not in read.features(turn, "Tomas")


# -- relations ----------------------------------------------------------------------

def test_relations_to_the_turn_before():
    text = (CAST + '"One," said Mara. "Two." "Three."\n\n'  # RESET (first), SAME
            '"Four," said Tomas. "Five," said Mara.\n\n'  # NEXT, NEXT
            'The wind rose.\n\n"Six," said Tomas.\n\n'  # GAP
            'The wind fell.\n\nThe sun set.\n\nThe birds sang.\n\nThe night came.\n\n"Seven," said Mara.')  # RESET
    read = Read(text)
    assert [read.quotes(t) for t in read.turns] == [["One,", "Two."], ["Three."], ["Four,"], ["Five,"], ["Six,"],
                                                    ["Seven,"]]
    # Back to back in one paragraph is SAME; a second voice whose tag
    # disagrees takes its turn as in a new paragraph (NEXT).
    assert [t.relation for t in read.turns] == [RESET, SAME, NEXT, NEXT, GAP, RESET]


def test_scene_break_resets_the_conversation():
    read = Read(CAST + '"One," said Mara.\n\n* * *\n\n"Two," said Tomas.')
    assert len(read.doc.scenes) == 2
    assert [t.relation for t in read.turns] == [RESET, RESET]


@pytest.mark.parametrize("line", ['"Hello. My name is Tomas."', '"Hi, I\'m Tomas."', '"Call me Tomas."'])
def test_a_quotation_naming_its_speaker_introduces_them(line):
    read = Read(CAST + "Mara waved at the stranger.\n\n" + line)
    (turn,) = read.turns
    assert read.features(turn, "Tomas").get("introduces") == 1
    assert "mentioned_inside" not in read.features(turn, "Tomas")
    assert "introduces" not in read.features(turn, "Mara")


def test_a_gendered_epithet_tag_never_goes_to_the_other_gender():
    read = Read(CAST + "'Here we go again,' the pinkette thought as she walked to Tomas's door.")
    (turn,) = read.turns
    assert "Mara" in read.names(turn) and "Tomas" not in read.names(turn)


def test_whom_a_tag_speaks_to_is_not_its_speaker():
    read = Read(CAST + 'Mara was on the road when Tomas stopped her. "Hey," Tomas greeted her. "How did it go?"')
    (turn,) = read.turns
    assert "Tomas" in read.names(turn) and "Mara" not in read.names(turn)
