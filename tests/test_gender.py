"""Gender from the evidence about each person (fabula/stages/gender.py,
clause_gender.subject_gender_votes): titles, what a subject's own clause says,
the pronouns that keep them company beyond the point of view's, and
"unknown" rather than a guess."""

import pytest

import fabula
from typography import to_curly


def genders(text):
    doc = fabula.analyze(text)
    return {c.name: c.gender for c in doc.characters}


@pytest.mark.parametrize("typography", [str, to_curly])
def test_titles_decide(typography):
    text = typography('Mr. Weston came in. Mrs. Weston looked up. "Hello," said Mr. Weston. Mrs. Weston smiled.')
    assert genders(text) == {"Mr. Weston": "male", "Mrs. Weston": "female"}


@pytest.mark.parametrize("clause, gender", [
    ("Kenji shook his head.", "male"),
    ("Kenji bit her lip.", "female"),
    ("Kenji hurt himself on the stove.", "male"),
    ("Kenji knew she was late.", "female"),
])
def test_a_subjects_own_clause_shows_its_gender(clause, gender):
    text = f"{clause} Mara waited. Kenji looked up. {clause} Mara sighed."
    assert genders(text)["Kenji"] == gender


@pytest.mark.parametrize("text, name", [
    # An object pronoun in the clause is someone else.
    ("Kenji answered her softly. Kenji smiled at her. Mara laughed. Kenji took her hand.", "Kenji"),
    # A reflexive after another pronoun is not the subject's.
    ("Mara waited by the cart. Kenji told her to hide herself. Kenji begged her to save herself. "
     "Kenji asked her to brace herself.", "Kenji"),
    # Conflicting evidence.
    ("Sam shook his head. Sam bit her lip. Sam waited. Sam shook his head. Sam bit her lip.", "Sam"),
], ids=["object pronoun", "reflexive after another pronoun", "conflicting evidence"])
def test_evidence_about_someone_else_or_split_leaves_gender_unknown(text, name):
    assert genders(text)[name] == "unknown"


def test_a_woman_in_a_mans_point_of_view():
    # Close third person: "he" is everywhere; her own sentences carry "she".
    text = ("He woke slowly. His head hurt. Uraraka sat by the fire with her back to him. He watched. "
            "Uraraka turned, and she frowned at him. He swallowed. Uraraka shook her head. "
            "He looked away. Uraraka rolled her eyes. He sighed. Bakugou shook his head. He waited.")
    assert genders(text) == {"Uraraka": "female", "Bakugou": "male"}


def test_a_pronoun_carried_from_the_subject():
    text = "Mara walked in. She sat down. Tomas waved. He smiled. Mara laughed. Her tea was cold."
    assert genders(text) == {"Mara": "female", "Tomas": "male"}


@pytest.mark.parametrize("typography", [str, to_curly])
def test_one_he_after_a_woman_in_a_mans_point_of_view_is_his(typography):
    # Nearly every pronoun is the point-of-view man's: one "He" after
    # Hermione's sentence is no evidence that she is a he.
    pov = "Harry woke. He sat up. He rubbed his eyes. He looked around. His head hurt. He stood. "
    text = typography(pov * 3 + 'Hermione sat by the window. He stared at the window. "Morning," said Harry.')
    assert genders(text)["Hermione"] == "unknown"
    # In a chapter with as many "she" as "he", the same carried "he" counts.
    text = typography("Mara walked in. She sat down. She smiled. Tomas waved. He smiled. Ama laughed. "
                      "She ate. Kenji sat. He waited.")
    assert genders(text)["Kenji"] == "male"


def test_pronoun_tags_of_sure_lines_show_a_gender():
    # Nothing in the narration says what Jun is; two "she said" lines do.
    text = ('Jun and Ama met at the gate. Ama shook his head at Jun.\n\n"Ama, you\'re late," she said.\n\n'
            '"Traffic."\n\n"Ama, again?" she said.\n\n"Again."')
    assert genders(text)["Jun"] == "female"
