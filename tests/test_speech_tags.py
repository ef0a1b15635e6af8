"""Speech tags (fabula/stages/speakers/tags.py): the words beside a quotation
that say who speaks it, read as written and not yet resolved."""

import pytest

from fabula.lexicon import SPEECH_VERBS
from fabula.pipeline import find_structure_and_cast
from fabula.readers.text import document_from_string
from fabula.stages.speakers.tags import Tag, find_speech_tags
from typography import to_curly

# Mara is a "she" and Tomas a "he" to the cast stage, so pronoun tags can be resolved.
CAST = "Mara and Tomas sat by the river. Mara laughed. She was happy. Tomas nodded. He was not.\n\n"


def tags_of(text):
    doc = find_structure_and_cast(document_from_string(text))
    tags = find_speech_tags(doc.text, doc.paragraphs, doc.quotes, doc.mentions, doc.characters)
    assert len(tags) == len(doc.quotes)
    return doc, tags


def read(doc, tag: Tag) -> dict:
    """A tag as words: what its offsets index, and whom its ids name."""
    names = {c.id: c.name for c in doc.characters}
    return {
        "subject": doc.text[tag.subject_start : tag.subject_end],
        "verb": doc.text[tag.verb_start : tag.verb_end],
        "kind": tag.kind,
        "character": names.get(tag.character, tag.character),
        "gender": tag.gender,
        "before": tag.before,
        "listeners": tuple(names.get(c, c) for c in tag.listeners),
    }


def only_tag(text) -> dict:
    doc, tags = tags_of(text)
    assert len(tags) == 1, [doc.span_text(q) for q in doc.quotes]
    assert tags[0] is not None, doc.span_text(doc.quotes[0])
    return read(doc, tags[0])


# -- names -------------------------------------------------------------------

def test_name_after_the_verb():
    tag = only_tag(CAST + '"Hello," said Mara.')
    assert (tag["subject"], tag["verb"], tag["kind"], tag["character"]) == ("Mara", "said", "name", "Mara")
    assert tag["before"] is False


def test_name_before_the_verb():
    tag = only_tag(CAST + '"Hello," Tomas said.')
    assert (tag["subject"], tag["verb"], tag["kind"], tag["character"]) == ("Tomas", "said", "name", "Tomas")
    assert tag["before"] is False


def test_adverb_between_the_quote_and_the_verb():
    tag = only_tag(CAST + '"Hello," quietly said Mara.')
    assert (tag["subject"], tag["verb"], tag["character"]) == ("Mara", "said", "Mara")


# -- pronouns ------------------------------------------------------------------

@pytest.mark.parametrize("pronoun, gender, who", [("she", "female", "Mara"), ("he", "male", "Tomas")])
def test_pronoun_tag_carries_its_gender(pronoun, gender, who):
    tag = only_tag(CAST + f'"Hello," {pronoun} replied.')
    assert (tag["subject"], tag["verb"], tag["kind"], tag["gender"]) == (pronoun, "replied", "pronoun", gender)
    # The cast stage's reading of the pronoun is passed on, not decided here.
    assert tag["character"] == who


def test_inverted_pronoun_tag():
    tag = only_tag(CAST + '"Hello," said he.')
    assert (tag["subject"], tag["kind"], tag["gender"]) == ("he", "pronoun", "male")


def test_they_is_a_pronoun_of_unknown_gender():
    tag = only_tag(CAST + '"Hello," they said.')
    assert (tag["subject"], tag["kind"], tag["gender"]) == ("they", "pronoun", "unknown")


# -- epithets, narrator, relatives, unseen speakers ------------------------------

def test_coined_epithet_tag():
    text = ('Sakura walked in. She had pink hair. The pinkette sat down. Sakura smiled.\n\n'
            '"I am tired," the pinkette explained.')
    tag = only_tag(text)
    assert (tag["subject"], tag["verb"], tag["kind"]) == ("the pinkette", "explained", "epithet")
    assert tag["gender"] == "female"  # "-ette"


def test_person_noun_epithet_takes_the_noun_gender():
    tag = only_tag(CAST + '"I see," said the old man.')
    assert (tag["subject"], tag["kind"], tag["gender"]) == ("the old man", "epithet", "male")


@pytest.mark.parametrize("text, subject", [
    ('Mara came in. "Where were you?" she asked.\n\n"Out," I said.', "I"),
    ('We walked in.\n\n"Hello," we said.', "we"),
])
def test_first_person_tag_is_the_narrator(text, subject):
    doc, tags = tags_of(text)
    tag = read(doc, tags[-1])
    assert (tag["subject"], tag["verb"], tag["kind"]) == (subject, "said", "narrator")
    assert tag["character"] is None  # "I" is nobody of the cast


def test_relative_tag_finds_the_father_by_family_name():
    text = 'Elizabeth Bennet sat down. Mr. Bennet read. Elizabeth sighed.\n\n"You are late," said her father.'
    tag = only_tag(text)
    assert (tag["subject"], tag["verb"], tag["kind"], tag["gender"]) == ("her father", "said", "relative", "male")
    assert tag["character"] == "Mr. Bennet"


def test_relative_tag_without_a_family_name_is_a_relative_of_their_own():
    tag = only_tag(CAST + '"It is late," said his wife.')
    assert (tag["subject"], tag["kind"], tag["gender"]) == ("his wife", "relative", "female")
    assert tag["character"] == "Tomas's wife"


def test_relative_before_the_verb():
    text = 'Elizabeth Bennet sat down. Mr. Bennet read. Elizabeth sighed.\n\n"You are late," her father muttered.'
    tag = only_tag(text)
    assert (tag["subject"], tag["verb"], tag["kind"]) == ("her father", "muttered", "relative")
    assert tag["character"] == "Mr. Bennet"


@pytest.mark.parametrize("tail, subject, verb, gender", [
    ("said a voice from the door.", "a voice", "said", "unknown"),
    ("said a woman by the fire.", "a woman", "said", "female"),
])
def test_unseen_speaker(tail, subject, verb, gender):
    tag = only_tag(CAST + '"Who is there?" ' + tail)
    assert (tag["subject"], tag["verb"], tag["kind"], tag["gender"]) == (subject, verb, "unseen", gender)
    assert tag["character"] is None


@pytest.mark.parametrize("tail, subject, verb", [
    ("someone called.", "someone", "called"),
    ("somebody shouted.", "somebody", "shouted"),
    ("someone at the back muttered.", "someone", "muttered"),
    ("one of the guards called.", "one of the guards", "called"),
])
def test_a_voice_from_the_crowd_is_someone(tail, subject, verb):
    """A voice nobody names is a speaker of its own, "someone", never the
    nearest named person; "a voice" is left to the model, since the next
    lines often show whose it was."""
    tag = only_tag(CAST + '"Who is there?" ' + tail)
    assert (tag["subject"], tag["verb"], tag["kind"], tag["character"]) == (subject, verb, "role", "someone")


# -- tags that introduce the quotation ------------------------------------------

def test_tag_introducing_the_quote():
    tag = only_tag('Naruto ran in. He was loud. Naruto yelled out, "Ramen time!"')
    assert (tag["subject"], tag["kind"], tag["character"]) == ("Naruto", "name", "Naruto")
    assert tag["verb"] == "yelled out"
    assert tag["before"] is True


@pytest.mark.parametrize("curly", [False, True])
def test_the_tag_that_brings_in_a_whole_sentence_beats_the_beat_after_it(curly):
    text = CAST + '"So, uh," Mara said, "you are wet." Tomas started hopping up and down.'
    doc, tags = tags_of(to_curly(text) if curly else text)
    assert [read(doc, t)["subject"] for t in tags] == ["Mara", "Mara"]


@pytest.mark.parametrize("curly", [False, True])
def test_the_object_of_a_preposition_is_not_the_subject(curly):
    text = CAST + 'She turned to Tomas and asked, "Are you wet?"'
    tag = only_tag(to_curly(text) if curly else text)
    assert (tag["subject"], tag["kind"], tag["character"]) == ("She", "pronoun", "Mara")


def test_gutenberg_tag_ends_the_paragraph_before():
    text = CAST + 'Tomas thought the same, and added,\n\n"Go home."'
    tag = only_tag(text)
    assert (tag["subject"], tag["verb"], tag["character"], tag["before"]) == ("Tomas", "added", "Tomas", True)


def test_gutenberg_tag_needs_an_open_paragraph():
    # The paragraph before ends with a full stop: it does not introduce the speech.
    _, tags = tags_of(CAST + 'Tomas stood, and added.\n\n"Go home."')
    assert tags == (None,)


def test_paragraph_before_without_a_verb_is_no_tag():
    _, tags = tags_of(CAST + 'Mara looked up.\n\n"Hello."')
    assert tags == (None,)


# -- listeners -------------------------------------------------------------------

@pytest.mark.parametrize("tail, speaker, listener", [
    ("she said to Tomas.", "Mara", "Tomas"),
    ("said Mara to Tomas.", "Mara", "Tomas"),
    ("Mara told him.", "Mara", "Tomas"),
    ("she quickly assured him.", "Mara", "Tomas"),
    ("Tomas answered her softly.", "Tomas", "Mara"),
])
def test_listener_right_after_the_verb(tail, speaker, listener):
    tag = only_tag(CAST + '"Good morning," ' + tail)
    assert tag["character"] == speaker
    assert tag["listeners"] == (listener,)


def test_epithet_subject_greets_her():
    tag = only_tag(CAST + 'Tomas walked over to Mara. "Hey," the boy greeted her.')
    assert (tag["subject"], tag["verb"], tag["kind"], tag["gender"]) == ("the boy", "greeted", "epithet", "male")
    assert tag["listeners"] == ("Mara",)


@pytest.mark.parametrize("tail", [
    "she replied, turning to Tomas.",  # too far from the verb
    "she said. Tomas cut her off.",  # a later sentence
])
def test_no_listener_beyond_the_tag(tail):
    tag = only_tag(CAST + '"Hello," ' + tail)
    assert tag["subject"] == "she"
    assert tag["listeners"] == ()


def test_named_subject_is_not_its_own_listener():
    tag = only_tag(CAST + '"Hello," Mara said to herself.')
    assert tag["character"] == "Mara"
    assert "Mara" not in tag["listeners"]


@pytest.mark.parametrize("tail, speaker", [
    ('"Hello," Mara smiled. Tomas said nothing.', "Mara"),
    ('"I\'ll take these," the doctor reassured, and he left.', "the doctor"),
    ('"Fine," she shrugged.', "she"),
])
def test_a_clause_after_a_comma_is_the_tag_whatever_its_verb(tail, speaker):
    tag = only_tag(CAST + tail)
    assert speaker in (tag["character"], tag["subject"])


# -- no tag ------------------------------------------------------------------------

@pytest.mark.parametrize("tail", [
    '"Hello." Mara smiled. Then she said goodbye.',
    '"Hello!" Mara smiled. Tomas said nothing.',
    '"Hello!" Tomas waved; Mara said nothing back.',
])
def test_no_tag_when_the_verb_is_in_a_later_clause(tail):
    _, tags = tags_of(CAST + tail)
    assert tags == (None,)


def test_untagged_quote_has_no_tag():
    _, tags = tags_of(CAST + '"Hello."\n\n"Hi."')
    assert tags == (None, None)


def test_second_quote_after_a_finished_tag_is_untagged():
    doc, tags = tags_of(CAST + '"Go," Mara said. "Now." "Fine," he said.')
    assert [doc.span_text(q) for q in doc.quotes] == ["Go,", "Now.", "Fine,"]
    assert tags[1] is None
    assert read(doc, tags[0])["subject"] == "Mara"
    assert read(doc, tags[2])["subject"] == "he"


def test_interrupted_quote_shares_its_tag():
    doc, tags = tags_of(CAST + '"Go," Mara said, "and do not come back."')
    first, second = (read(doc, t) for t in tags)
    assert first["subject"] == second["subject"] == "Mara"
    assert first["before"] is False and second["before"] is True
    assert (tags[0].subject_start, tags[0].verb_start) == (tags[1].subject_start, tags[1].verb_start)


def test_no_quotes_no_tags():
    _, tags = tags_of(CAST)
    assert tags == ()


# -- offsets -------------------------------------------------------------------------

OFFSET_CASES = [
    (CAST + '"Hello," said Mara.', "Mara", "said"),
    (CAST + '"Hello," Mara said.', "Mara", "said"),
    (CAST + '"Hello," she replied.', "she", "replied"),
    (CAST + '"Hello," she quickly assured him.', "she", "assured"),
    (CAST + '"I see," said the old man.', "the old man", "said"),
    (CAST + '"It is late," said his wife.', "his wife", "said"),
    (CAST + '"Who is there?" said a voice from the door.', "a voice", "said"),
    (CAST + 'Tomas thought the same, and added,\n\n"Go home."', "Tomas", "added"),
    ('Naruto ran in. He was loud. Naruto yelled out, "Ramen time!"', "Naruto", "yelled out"),
    ('Mara came in.\n\n"Out," I said.', "I", "said"),
    ("Mara and Tomas sat.\n\n\u201cHello,\u201d Mara whispered.", "Mara", "whispered"),
]


@pytest.mark.parametrize("text, subject, verb", OFFSET_CASES)
def test_offsets_index_the_subject_and_verb(text, subject, verb):
    doc, tags = tags_of(text)
    tag = tags[-1]
    assert tag is not None
    assert doc.text[tag.subject_start : tag.subject_end] == subject
    assert doc.text[tag.verb_start : tag.verb_end] == verb
    # Neither lies inside a quotation, and the verb is a speech verb.
    for q in doc.quotes:
        assert not (q.start <= tag.subject_start < q.end)
        assert not (q.start <= tag.verb_start < q.end)
    assert doc.text[tag.verb_start : tag.verb_end].split()[0].lower() in SPEECH_VERBS


def test_tagged_character_is_the_mention_at_the_subject():
    """When a tag names a character, a mention of that character starts at
    the subject: the id is the cast stage's, not a guess."""
    text = CAST + '"Hello," said Mara.\n\n"Hi," Tomas answered.\n\n"Well," she replied.'
    doc, tags = tags_of(text)
    by_start = {m.start: m for m in doc.mentions}
    for tag in tags:
        assert tag is not None
        assert by_start[tag.subject_start].character == tag.character


@pytest.mark.parametrize("written, verb", [('"Nah", goes Tomas.', "goes"), ('"Nah", Tomas smiles.', "smiles"),
                                           ('"Nah," sing-songs Tomas.', "sing-songs")])
def test_a_tag_after_a_comma_outside_the_marks_or_a_hyphenated_verb(written, verb):
    tag = only_tag(CAST + written)
    assert (tag["subject"], tag["verb"], tag["kind"]) == ("Tomas", verb, "name")


@pytest.mark.parametrize("typography", [str, to_curly])
@pytest.mark.parametrize("written, verb", [
    ('"April, wasn\'t it?", comes from a pensive Tomas, who sits up.', "comes from"),
    ('"April, wasn\'t it?" came from Tomas.', "came from"),
    ('"Huh." That\'s Tomas.', "That's"),
])
def test_words_that_say_where_a_quotation_came_from_tag_it(typography, written, verb):
    tag = only_tag(typography(CAST + written))
    assert (tag["subject"], tag["kind"], tag["character"]) == ("Tomas", "name", "Tomas")
    assert tag["verb"].replace("\u2019", "'") == verb


@pytest.mark.parametrize("typography", [str, to_curly])
@pytest.mark.parametrize("written, sound", [
    ('A snort from Tomas. "Pretty sure it is not."', "snort from"),
    ('A low chuckle came from the grumpy Tomas. "Pretty sure it is not."', "chuckle came from"),
])
def test_a_sound_before_a_quotation_says_whose_it_is(typography, written, sound):
    tag = only_tag(typography(CAST + written))
    assert (tag["subject"], tag["verb"], tag["kind"], tag["before"]) == ("Tomas", sound, "name", True)


def test_a_sound_from_someone_not_just_before_tags_nothing():
    doc, tags = tags_of(CAST + 'A snort from Tomas made Mara look up. "Pretty sure it is not."')
    assert tags == (None,)


@pytest.mark.parametrize("typography", [str, to_curly])
@pytest.mark.parametrize("written, subject, verb, kind", [
    ('Tomas pats her shoulder, "Sleep tight."', "Tomas", "pats", "name"),
    ('The river was cold. She shrugged, "Whatever."', "She", "shrugged", "pronoun"),
    ('Tomas slowly nodded, "Fine."', "Tomas", "nodded", "name"),
])
def test_a_sentence_a_comma_leaves_open_before_a_quotation_tags_it(typography, written, subject, verb, kind):
    tag = only_tag(typography(CAST + written))
    assert (tag["subject"], tag["verb"], tag["kind"], tag["before"]) == (subject, verb, kind, True)


def test_a_clause_before_a_comma_needs_a_subject_first_and_to_be_short():
    doc, tags = tags_of(CAST + 'The water, cold and grey and full of the leaves that the wind had blown down '
                                'from the trees all along the bank of the river, "Fine."')
    assert tags == (None,)
    doc, tags = tags_of(CAST + 'In the morning, "Fine."')
    assert tags == (None,)


def test_that_before_a_possessive_names_no_speaker():
    doc, tags = tags_of(CAST + '"Huh." That\'s Tomas\'s boat.')
    assert tags == (None,)


@pytest.mark.parametrize("typography", [str, to_curly])
def test_a_voice_owned_after_a_quotation_tags_it(typography):
    tag = only_tag(typography(CAST + '"Mara," Tomas\'s quiet voice broke her thoughts.'))
    assert (tag["subject"], tag["kind"], tag["character"]) == ("Tomas", "name", "Tomas")
