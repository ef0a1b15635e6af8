import fabula


def cast(text):
    doc = fabula.analyze(text)
    names = {c.id: c for c in doc.characters}
    return doc, names


def mention_of(doc, names, phrase, nth=0):
    starts = [i for i in range(len(doc.text)) if doc.text.startswith(phrase, i)]
    at = starts[nth]
    m = next(m for m in doc.mentions if m.start == at)
    return names[m.character].name


def test_gender_from_pronouns_after_a_subject():
    doc, names = cast("Mara walked in. She sat down. Tomas waved. He smiled. Mara laughed. Her tea was cold.")
    genders = {c.name: c.gender for c in doc.characters}
    assert genders == {"Mara": "female", "Tomas": "male"}


def test_pronouns_follow_the_subject_of_the_last_sentence():
    doc, names = cast("Mara walked in. She sat down. Tomas waved. He smiled. Mara laughed. She drank her tea.")
    assert mention_of(doc, names, "She", 1) == "Mara"
    assert mention_of(doc, names, "He") == "Tomas"


def test_epithet_is_never_someone_named_in_the_same_sentence():
    text = ("Mara walked in. She sat down. Lina waved at her. Lina smiled. Mara frowned. "
            "Lina looked at the girl for a while.")
    doc, names = cast(text)
    assert mention_of(doc, names, "the girl") == "Mara"


def test_every_mention_indexes_its_text():
    doc, _ = cast("Mara walked in. She sat down.")
    for m in doc.mentions:
        assert doc.text[m.start : m.end] in ("Mara", "She")


def test_a_coined_epithet_that_is_a_place_is_nobody():
    text = ("Tony walked on. He thought of the City. The City lies beyond the river. "
            "Tony said that the walls of the city were gold. He smiled.")
    doc, names = cast(text)
    assert all("City" not in doc.span_text(m) for m in doc.mentions)
    assert all("City" not in a for c in doc.characters for a in c.aliases)


def test_a_coined_epithet_before_anyone_is_named_is_whoever_it_means_later():
    text = ("'Not again,' the bluenette thought.\n\nAiko climbed the stairs. She was tired. "
            "The bluenette sighed. Ren waved at her. The bluenette smiled.")
    doc, names = cast(text)
    assert mention_of(doc, names, "the bluenette") == "Aiko"


def test_ordinary_words_are_not_nicknames():
    text = ('Mara walked in. "Oh, well, Tomas," Mara said. Tomas laughed. He was well. '
            'It went well. "Hey forehead," Tomas greeted her. She frowned.')
    doc, names = cast(text)
    aliases = {a for c in doc.characters for a in c.aliases}
    assert "well" not in aliases


def test_an_exclamation_after_oh_is_no_nickname():
    text = ('Mara walked in with Tomas. "Oh, bother!" Mara said to him. Tomas laughed. '
            '"Hey, sunshine," Tomas said to her. She frowned.')
    doc, names = cast(text)
    aliases = {n: set(c.aliases) for c in doc.characters for n in [c.name]}
    assert "bother" not in aliases["Tomas"]


def test_names_only_talked_about_as_people_are_people():
    text = ("Sakura packed her bag. She could write to Mei Terumi and ask for leave, but it would take days. "
            "Her life was better in Mist, with people like Hayden waiting for her. She told Ino nothing.")
    names = {c.name for c in fabula.analyze(text).characters}
    assert {"Sakura", "Mei Terumi", "Hayden", "Ino"} <= names and "Mist" not in names


def test_places_and_bodies_of_people_after_the_are_nobody():
    text = ("Aang sat down. The Spirit World was close tonight. \"I can feel the Spirit World,\" Aang said.\n\n"
            "Katara frowned. \"The Jedi Order would say so.\" The Fire Nation attacked at dawn.\n\n"
            "\"The Fire Nation is coming,\" Sokka said.")
    doc, names = cast(text)
    assert {c.name for c in names.values()} == {"Aang", "Katara", "Sokka"}
