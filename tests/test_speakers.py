import pytest

import fabula


def lines(text):
    doc = fabula.analyze(text)
    names = {c.id: c.name for c in doc.characters}
    return [(doc.span_text(q), names.get(q.speaker), tuple(names.get(a) for a in q.addressees), q.evidence)
            for q in doc.quotes]


CAST = "Mara and Tomas sat by the river. Mara laughed. She was happy. Tomas nodded. He was not.\n\n"


def test_named_tag_after_and_before_is_explicit():
    found = lines(CAST + '"Hello," said Mara.\n\nTomas replied, "Hello yourself."')
    assert found[0][1:2] == ("Mara",) and found[0][3] == "explicit"
    assert found[1][1] == "Tomas" and found[1][3] == "explicit"


def test_pronoun_tag_is_anaphoric_and_resolved_by_gender():
    found = lines(CAST + '"Hello," she said.\n\n"Hi," he answered.')
    assert [f[1] for f in found] == ["Mara", "Tomas"]
    assert {f[3] for f in found} == {"anaphoric"}


def test_action_beat_names_the_speaker():
    found = lines(CAST + 'Tomas frowned. "Why?"')
    assert found[0][1] == "Tomas" and found[0][3] == "implicit"


def test_quotation_continues_in_its_paragraph():
    found = lines(CAST + '"Wait," said Tomas. "I forgot my hat."')
    assert [f[1] for f in found] == ["Tomas", "Tomas"]


def test_turn_taking_alternates_from_the_nearest_tag():
    found = lines(CAST + '"Coming?" asked Mara.\n\n"No."\n\n"Why not?"\n\n"Tired," said Tomas.')
    assert [f[1] for f in found] == ["Mara", "Tomas", "Mara", "Tomas"]


def test_vocative_is_the_addressee_and_never_the_speaker():
    found = lines(CAST + '"Tomas, look!" she cried.')
    assert found[0][1] == "Mara" and found[0][2] == ("Tomas",)


def test_tag_object_is_not_the_speaker():
    text = CAST + 'Tomas walked over to Mara. "Hey," the boy greeted her.'
    found = lines(text)
    assert found[0][1] == "Tomas" and "Mara" in found[0][2]


def test_first_person_tags_go_to_the_narrator():
    found = lines('Mara came in. "Where were you?" she asked.\n\n"Out," I said.')
    assert found[1][1] == "Narrator"


def test_seed_chapter_speakers(seed_text):
    doc = fabula.analyze(seed_text)
    by_name = {c.name: c for c in doc.characters}
    assert {"Sakura", "Naruto", "Ino", "Sasuke", "Hoshi"} <= {n for n, c in by_name.items() if c.lines}
    assert {"the pinkette", "the rosette", "the Haruno"} <= set(by_name["Sakura"].aliases)
    assert not {"Konoha", "Mist", "Anbu", "Shit", "Anywho"} & set(by_name)
    notes = [p for p in doc.paratext if p.kind == "author_note"]
    assert not any(n.start <= q.start < n.end for n in notes for q in doc.quotes)


def test_seed_chapter_nickname_goes_to_the_one_it_calls(seed_text):
    """'"Hey forehead," the girl greeted her': Ino speaks, Sakura is called."""
    doc = fabula.analyze(seed_text)
    by_name = {c.name: c for c in doc.characters}
    assert "forehead" in by_name["Sakura"].aliases
    line = next(q for q in doc.quotes if doc.span_text(q).startswith("Hey forehead"))
    assert line.speaker == by_name["Ino"].id


@pytest.mark.parametrize("o, c", [('"', '"'), ("“", "”")])
def test_a_paragraph_of_script_lines_gives_each_line_to_its_cue(o, c):
    """Each cued line is a turn of its own, however many people one
    paragraph holds: no line goes to the sender before it."""
    names = ["Kirk", "Spock", "McCoy", "Uhura", "Sulu", "Chekov", "Scotty", "Chapel", "Rand"]
    text = "The bridge was quiet.\n\n" + "\n".join(f"**{n}**:{o}Ready, {n.lower()} here.{c}" for n in names * 2)
    assert [speaker for _, speaker, _, _ in lines(text)] == names * 2
