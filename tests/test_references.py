"""What else in the narration points at people (fabula/stages/references.py
and roles.py, through the cast stage): pronouns, descriptions, roles,
relatives and kinship names, with unnamed characters where no named one
fits."""

import pytest

from fabula.pipeline import find_structure_and_cast
from fabula.readers.text import document_from_string
from typography import to_curly, to_straight


def mentions(text):
    """(phrase, character name, kind) for every mention of the cast stage."""
    doc = find_structure_and_cast(document_from_string(text))
    names = {c.id: c.name for c in doc.characters}
    return [(doc.span_text(m), names[m.character], m.kind) for m in doc.mentions], doc


def who(text, phrase, nth=0):
    found, _ = mentions(text)
    return [name for span, name, _ in found if span == phrase][nth]


TYPOGRAPHIES = pytest.mark.parametrize("typography", [to_straight, to_curly])


@TYPOGRAPHIES
def test_a_role_is_its_own_character_not_the_named_one_in_view(typography):
    text = typography('Mrs. Todoroki sat by the window. She waited.\n\n"Mrs. Todoroki?" The doctor pressed '
                      'a hand to her shoulder. "You have visitors."\n\n"Visitors?" the doctor repeated.')
    assert who(text, "The doctor") == who(text, "the doctor") == "the doctor"


@TYPOGRAPHIES
def test_a_role_after_a_possessive_and_before_a_dash(typography):
    text = typography("Mrs. Todoroki sat by the window. Her doctor\u2014a soft orange\u2014pressed a hand to "
                      "her shoulder. The doctor smiled.")
    found, _ = mentions(text)
    assert ("Her doctor", "the doctor", "relative") in found


def test_a_title_makes_a_named_character_the_role():
    text = ("Dr. Kemp came in. Kemp sat down. Marvel waited. The doctor looked at Marvel. "
            "Kemp frowned and the doctor sighed.")
    assert who(text, "The doctor") == "Kemp"


def test_a_relative_is_found_by_family_name():
    text = "Elizabeth Bennet sat down. Mr. Bennet read. Elizabeth sighed. Her father looked up."
    assert who(text, "Her father") == "Mr. Bennet"


def test_a_mother_is_the_one_woman_of_the_family_name():
    text = ("Draco Malfoy walked in. Narcissa Malfoy waited, and she smiled. Lucius Malfoy frowned, and he left. "
            "Draco sat down. His mother poured the tea.")
    assert who(text, "His mother") == "Narcissa Malfoy"


@TYPOGRAPHIES
def test_an_unknown_relative_is_a_person_of_their_own(typography):
    text = typography("Mrs. Todoroki sat by the window. She waited. Her son came in. Her son smiled at her.")
    found, doc = mentions(text)
    son = [name for span, name, kind in found if span == "Her son"]
    assert son == ["Mrs. Todoroki's son"] * 2
    assert next(c for c in doc.characters if c.name == "Mrs. Todoroki's son").gender == "male"


def test_friends_are_whoever_is_in_view():
    text = "Draco walked in with Blaise. Blaise laughed. Draco sighed. His friend shook his head."
    assert who(text, "His friend") == "Blaise"


@TYPOGRAPHIES
def test_a_kinship_name_is_one_character(typography):
    text = typography('Shouto sat down. "Hey, Mom," Shouto said. Mom smiled. "Mom, look."')
    found, _ = mentions(text)
    moms = {name for span, name, kind in found if kind == "kin"}
    assert moms == {"Mom"}


def test_the_other_boy_passes_over_the_boy_in_view():
    text = "Kenji walked in. Ryo followed him. Kenji sat down. The other boy stayed by the door."
    assert who(text, "The other boy") == "Ryo"


def test_a_capitalised_title_is_a_character_of_its_own():
    text = ('Kemp looked up. "Who are you?" said Kemp.\n\n"Nobody," said the Invisible Man. '
            "Kemp stared. The Invisible Man laughed.")
    assert who(text, "the Invisible Man") == who(text, "The Invisible Man") == "the Invisible Man"


@pytest.mark.parametrize("phrase", ["the Weasleys", "the Christmas", "the Ministry"])
def test_capitalised_families_and_things_are_nobody(phrase):
    text = ("Harry Potter ran. Harry laughed at the Weasleys. The Christmas holidays came. "
            "Harry went to the Ministry. At Christmas Ron slept, and the Ministry was closed.")
    found, _ = mentions(text)
    assert phrase not in {span for span, _, _ in found}


def test_a_coined_epithet_before_anyone_is_whoever_it_means_later():
    text = ("'Not again,' the bluenette thought.\n\nAiko climbed the stairs. She was tired. "
            "The bluenette sighed. Ren waved at her. The bluenette smiled.")
    assert who(text, "the bluenette") == "Aiko"


def test_the_object_of_the_tag_is_someone_else():
    text = 'Sakura walked home. Ino was waiting. Sakura sighed. "Hey forehead," the girl greeted her.'
    assert who(text, "the girl") == "Ino"


def test_a_description_set_apart_from_the_subject_stays_someone_else():
    text = "Obi-Wan looked down at the boy in the sand. He frowned. The boy lifted his chin."
    found, _ = mentions(text)
    assert ("The boy", "Obi-Wan", "epithet") not in found


@TYPOGRAPHIES
def test_the_he_after_a_line_that_names_its_speaker_is_that_speaker(typography):
    text = typography('Obi-Wan knelt. "Who are you?"\n\n"My name is Anakin," he says.')
    assert who(text, "he") == "Anakin"


@TYPOGRAPHIES
def test_a_people_name_before_a_role_tells_it_apart(typography):
    text = typography('Anakin watched the cadets. "Again," the Mandalorian trainer barked.')
    assert who(text, "the Mandalorian trainer") == "the trainer"


@TYPOGRAPHIES
def test_a_rank_is_the_one_the_text_titles_so_in_view(typography):
    text = typography('Chancellor Palpatine smiled at Anakin. "Sit down," the chancellor said.')
    assert who(text, "the chancellor") == "Chancellor Palpatine"


@TYPOGRAPHIES
def test_a_kinship_name_is_the_one_unnamed_relative_of_that_relation(typography):
    text = typography("Izuku came home late. Midoriya's mother was waiting in the kitchen.\n\n"
                      '"Sorry, Mom," Izuku said.\n\nMom sighed and hugged him. Midoriya waved.')
    assert who(text, "Mom") == who(text, typography("Midoriya's mother"))
    later = typography('Mom was asleep. Izuku crept in. "Night, Mom."\n\nMidoriya\'s mother smiled. Midoriya waved.')
    assert who(later, "Mom") == who(later, typography("Midoriya's mother"))
