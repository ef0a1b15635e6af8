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
