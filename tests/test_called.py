"""Names the conversation ties to a person (fabula/stages/called.py): a name
only ever called out is whoever answers it; a speaker known by a
description who names themself is that person. Both typographies."""

import json
import os
import subprocess
import sys

import pytest

import fabula
from typography import to_curly, to_straight

TYPOGRAPHIES = pytest.mark.parametrize("typed", [to_straight, to_curly], ids=["straight", "curly"])


def cast_and_speakers(text):
    doc = fabula.analyze(text)
    names = {c.id: c.name for c in doc.characters}
    return {c.name: set(c.aliases) for c in doc.characters}, [names.get(q.speaker) for q in doc.quotes]


@TYPOGRAPHIES
def test_a_name_only_called_is_whoever_answers_it(typed):
    cast, _ = cast_and_speakers(typed('Izuku sat on the bench. "Angel, you can\'t," Tomas said.\n\n'
                                      '"I can," Izuku said.\n\n"Angel, please," Tomas said.\n\n"No," Izuku answered.'))
    assert "Angel" in cast["Izuku"] and "Angel" not in cast


@TYPOGRAPHIES
def test_a_name_called_in_answer_is_the_one_answered(typed):
    """'"Nothing from you, Potter."' answers Harry, who spoke before it,
    whoever speaks after."""
    cast, speakers = cast_and_speakers(typed(
        'Harry and Hermione sat down. "Potter," Malfoy drawled.\n\n"What do you want, Malfoy?" Harry asked.\n\n'
        '"Nothing from you, Potter." Malfoy smirked.\n\nHermione glared at him. "Go away."'))
    assert "Potter" in cast["Harry"] and "Potter" not in cast
    assert speakers == ["Malfoy", "Harry", "Malfoy", "Hermione"]


@TYPOGRAPHIES
def test_one_call_is_not_enough_however_many_voices_stand_beside_it(typed):
    cast, _ = cast_and_speakers(typed(
        'Sieg sat by Martin. "Who do you have for lit?" Martin asked.\n\n"Angel, of course," Sieg said.\n\n'
        '"Oh. So do I," Martin said.\n\n"Angel would not mind if you read it," Sieg said.'))
    assert "Angel" in cast and "Angel" not in cast["Martin"]


@TYPOGRAPHIES
def test_a_described_speaker_who_names_themself_is_that_person(typed):
    text = typed('Anakin looked at the cadet. "What\'s your name?"\n\n'
                 '"They call me Rex," the cadet said. Rex stood straighter.\n\n"Good," Anakin said.')
    cast, speakers = cast_and_speakers(text)
    assert "the cadet" not in cast and "the cadet" in cast["Rex"]
    assert speakers == ["Anakin", "Rex", "Anakin"]


@TYPOGRAPHIES
def test_a_named_speaker_quoting_another_name_keeps_their_own(typed):
    text = typed('Harry grinned at Ron. "I\'m Ron," Harry said, in Ron\'s voice. Harry laughed.\n\n'
                 '"Very funny," Ron said. Ron threw a pillow at Harry. Harry ducked.')
    cast, speakers = cast_and_speakers(text)
    assert {"Harry", "Ron"} <= set(cast)
    assert speakers[0] == "Harry"


def test_a_call_two_people_answer_as_often_stays_its_own_whatever_the_hash_seed():
    """Between Mara before and Tomas after each call, neither is "Angel";
    and the answer may not hang on the order of a set of strings."""
    text = ('Mara and Tomas and Ines sat down.\n\n"Tea?" Mara asked.\n\n"Angel, pour it," Ines said.\n\n'
            '"Fine," Tomas said.\n\n"Milk?" Mara asked.\n\n"Angel, no milk," Ines said.\n\n"Fine," Tomas said.')
    script = ("import fabula, json, sys; d = fabula.analyze(sys.stdin.read()); "
              "print(json.dumps(sorted([c.name, *c.aliases] for c in d.characters)))")
    casts = {subprocess.run([sys.executable, "-c", script], input=text, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3, 4)}
    assert len(casts) == 1
    assert ["Angel"] in json.loads(casts.pop())
