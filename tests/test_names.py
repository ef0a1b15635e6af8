"""Names on evidence (fabula/stages/names.py): which capitalised words name
people, and how a name as written becomes its key. Each rule in straight
and curly typography."""

import re

import pytest

from fabula.stages.name_evidence import read_names
from fabula.stages.name_runs import run_key
from fabula.stages.names import find_names
from fabula.typography import plain
from typography import to_curly, to_straight


def keys(text, cues=()):
    """The accepted name keys of a text (quotations found by their marks)."""
    flat = plain(text)
    quoted = [(m.start() + 1, m.end() - 1) for m in re.finditer(r'"[^"\n]*"', flat)]
    return set(find_names(read_names(text, flat, [(0, len(text))], quoted, cues)).evidence)


def both(text):
    """The keys in straight and in curly typography, which must agree."""
    straight, curly = keys(to_straight(text)), keys(to_curly(text))
    assert straight == curly
    return straight


CAST = "Mara walked in. Tomas looked up from his book. Mara smiled at Tomas. "


def test_people_who_act_and_speak_are_names():
    assert both(CAST + '"Late again," Mara said. Tomas shrugged.') == {"mara", "tomas"}


@pytest.mark.parametrize("word", ["Brilliant", "Space", "Song", "Wait"])
def test_everyday_words_opening_lines_are_not_names(word):
    text = CAST + f'"{word}," Tomas said. "{word}!" Mara answered. The {word.lower()} was gone.'
    assert word.lower() not in both(text)


@pytest.mark.parametrize("sentence", ["Rumor has it that they hid.", "Surveillance is dull work.",
                                      "Psychology is just complicated."])
def test_a_word_written_once_opening_a_sentence_that_only_is_is_no_name(sentence):
    assert both(CAST + sentence) == {"mara", "tomas"}
    # Someone named once who does something is someone.
    assert "hestia" in both(CAST + "Hestia smiled at Mara. " + sentence)


@pytest.mark.parametrize("word", ["Dunno", "Goodnight", "Aha", "C'mon"])
def test_interjections_are_no_vocative(word):
    assert word.lower() not in both(CAST + f'"{word}, Tomas," Mara said.\n\n"{word}," Tomas said. "{word}!"')


def test_an_everyday_word_alone_in_its_quotation_is_no_vocative():
    assert "true" not in both(CAST + '"True," Tomas said.\n\n"True," Mara agreed.')


def test_contractions_in_either_typography_are_not_names():
    text = CAST + '"I\'m late. They\'d gone. I\'ll go," Mara said. "We\'re fine," said Tomas.'
    assert both(text) == {"mara", "tomas"}


def test_a_stutter_is_the_name_and_a_false_start_is_nothing():
    text = CAST + '"C-Cody, wait," Mara said. Cody turned. "I-fuck, I didn\'t think," Cody said.'
    found = both(text)
    assert "cody" in found and not any("fuck" in k or "-" in k for k in found)


def test_an_oath_that_never_acts_is_not_a_name():
    text = CAST + '"Merlin!" Mara gasped. "Thank Merlin," said Tomas. "For Merlin\'s sake," Mara said.'
    assert "merlin" not in both(text)


def test_an_oath_name_that_acts_is_a_person():
    text = CAST + 'Merlin walked in. "Merlin!" Mara gasped. Merlin laughed and sat down.'
    assert "merlin" in both(text)


def test_timestamps_are_not_people():
    text = CAST + "[8:04 PM] Mara: where are you\n\n[8:05 PM] Tomas: here\n\n[8:06 PM] Mara: ok"
    senders = [m.span(1) for m in re.finditer(r"\] (\w+):", text)]
    found = keys(text, cues=senders)
    assert "pm" not in found and {"mara", "tomas"} <= found


def test_places_are_not_people():
    text = CAST + "Mara went to Coruscant. In Coruscant it rained. Tomas flew to Coruscant and Mara stayed in Coruscant."
    assert "coruscant" not in both(text)


def test_a_kind_of_person_is_not_a_name():
    text = CAST + "An Anbu came. Mara saw an Anbu. Another Anbu waited while Tomas slept."
    assert "anbu" not in both(text)


def test_a_title_after_a_kind_word_is_a_kind_not_a_name():
    text = CAST + "Tomas would never become a Master Herbologist, his dream for years now."
    assert "master herbologist" not in both(text)
    assert "professor okafor" in both(CAST + "Tomas went to Professor Okafor. Professor Okafor nodded.")


def test_shouted_and_honorific_forms_share_the_name_key():
    assert run_key("NARUTO")[0] == run_key("Naruto-kun's")[0] == run_key("Naruto")[0] == "naruto"
    assert run_key("Aizawa-sensei") == ("aizawa", True)
    assert run_key("C-Cody")[0] == "cody"


def test_a_dash_separates_names_a_hyphen_joins_them():
    found = keys(CAST + "Obi-Wan nodded. Asuka\u2014Satoru's sister\u2014waved. Obi-Wan smiled and Asuka laughed.")
    assert "obi-wan" in found and "asuka" in found and not any("satoru" in k and "asuka" in k for k in found)


def test_name_particles_stay_in_the_name():
    text = 'Mr. van der Luyden sat down. "Yes," said Mr. van der Luyden. Mrs. van der Luyden smiled.'
    assert {"mr van der luyden", "mrs van der luyden"} <= both(text)


def test_a_title_starts_another_name():
    text = CAST + '"Good morning, Mr. Hastings Miss Howard," she said. Mr. Hastings bowed. Miss Howard nodded.'
    assert not any("hastings" in k and "howard" in k for k in both(text))


def test_a_name_does_not_run_on_across_a_line_break():
    text = ("It amused Newland Archer\nNew York society had come. Archer smiled. Archer said nothing.\n"
            "Newland Archer left.")
    assert not any("york" in k for k in keys(text))


def test_a_word_after_a_title_is_a_surname_wherever_it_stands():
    text = ('"Good evening, Mr Last," said the butler. Mr Last nodded. Tony Last went upstairs. '
            "Last of all came the dog. Tony Last smiled.")
    assert "tony last" in both(text)


def test_a_place_that_only_is_somewhere_is_no_person():
    """"Konoha was at peace" says how a place is; "ran through Konoha" and
    "lived in Konoha" say it is one."""
    text = "Konoha was quiet that spring. Naruto ran through Konoha at dawn. He lived in Konoha for years."
    assert "konoha" not in keys(text)


# Every shape of name: what decides is what the text does with it.

def test_initials_that_tag_speech_are_names():
    text = '"Hi," JC said. "Who are you?"\n\n"I am AJ," AJ said.'
    assert both(text) >= {"jc", "aj"}


@pytest.mark.parametrize("name", ["Taun We", "All Might", "Present Mic"])
def test_a_name_made_of_ordinary_words_is_one_name(name):
    text = (f'{name} turned to them. "Welcome," {name} said. "This way."\n\n'
            f'Mara bowed. "Thank you."\n\n"Follow me," said {name}.')
    assert " ".join(name.lower().split()) in both(text)


@pytest.mark.parametrize("name", ["All Might", "Present Mic"])
def test_ordinary_words_that_tag_speech_together_are_one_name(name):
    text = f'Izuku stared.\n\n"Young Midoriya," {name} says. "You can be a hero."\n\n"Really?" Izuku asked.'
    assert " ".join(name.lower().split()) in both(text)


def test_names_cut_short_to_an_initial_are_names_and_stammers_are_not():
    text = ('G- is unflappable. John looked at him. Either G- or M- would know.\n\n"N- no," John said. '
            '"I- I think so. My L- John."\n\n"Fine," G- said. M- laughed.\n\n"Come on," said M-.')
    assert both(text) == {"g-", "m-", "john"}


@pytest.mark.parametrize("name", ["CT-7567", "CC-2224", "Oh-Nine"])
def test_designations_are_names(name):
    text = f'"Sir," {name} said. "The droids are moving."\n\nCody nodded. "Move out, {name}."'
    assert name.lower() in both(text)


def test_a_name_that_looks_like_a_plural_word_is_a_name_where_it_tags_speech():
    text = ("Stiles rolls over. \"I can't sleep.\"\n\n\"Sleep, then.\" Derek tugs him in.\n\n"
            "\"Helpful,\" Stiles mutters.")
    assert both(text) >= {"stiles", "derek"}


@pytest.mark.parametrize("name", ["West", "May", "Will", "Four"])
def test_an_everyday_word_that_tags_speech_and_is_written_as_a_name_is_a_name(name):
    text = (f"Harry worked at the garage, and {name}, the owner, taught him. He liked {name} and "
            f"{name}'s wife.\n\n\"You're late,\" {name} snapped.\n\n\"Sorry,\" Harry said.")
    assert name.lower() in both(text)


@pytest.mark.parametrize("word", ["He", "She", "The", "Someone", "Everyone"])
def test_a_pronoun_capitalised_after_a_quotation_is_no_name(word):
    text = (f'"What?" {word} said. Harry shrugged. "Why?" {word} asked. Harry and {word} left. '
            f'Ron saw Harry and {word}.')
    assert word.lower() not in both(text)


def test_a_word_before_a_speech_verb_used_as_a_noun_is_no_name():
    text = CAST + "\"I can't-\" Another stuttered breath. \"I miss you,\" Mara said. Plus, Tomas was late."
    assert both(text) == {"mara", "tomas"}


def test_a_name_that_only_opens_sentences_is_a_person_by_their_body():
    text = "Morgana shivers. \"Cold,\" Morgana says.\n\nMerlin's hand flicks and his eyes flash."
    assert both(text) == {"morgana", "merlin"}


def test_a_greeting_before_the_name_it_calls_is_no_name():
    text = ('"Goodnight, Izuku," Inko said.\n\n"Goodnight, Mom." Izuku turned off the light.\n\n'
            '"C\'mon," Izuku said. "C\'mon, Mom!"\n\nGoodnight, he thought.')
    assert both(text) == {"izuku", "inko"}


def test_shouting_and_acronyms_used_as_things_are_no_names():
    text = (CAST + 'The TV was on. Mara turned the TV off. "STOP!" Tomas yelled. The FBI had called. '
            '"Turn off the TV," Mara said.')
    assert both(text) == {"mara", "tomas"}
