"""One typography for the rules (fabula/typography.py), and the promise it
keeps: every cast and speaker fixture reads the same in straight and in
curly typography."""

from pathlib import Path

import pytest

import fabula
from conftest import EXAMPLE, ROOT, SEED
from fabula.typography import plain
from typography import to_curly, to_straight

SCENES = sorted((ROOT / "tests" / "fixtures" / "speakers").glob("*.txt"))


def test_plain_keeps_every_offset():
    text = "\u201cHey\u2014you\u2019re late\u2026\u201d she said.\u00a0\u2018Fine\u2019 \u2013 \u00abOui\u00bb"
    flat = plain(text)
    assert len(flat) == len(text)
    assert flat == "\"Hey-you're late.\" she said. 'Fine' - \"Oui\""


def test_straight_text_is_left_as_it_is():
    text = 'She said, "It\'s late -- and I\'m tired..."'
    assert plain(text) == text


def test_the_helpers_convert_both_ways():
    curly = to_curly('"I\'m late," she said -- and \'em... \'Fine.\'')
    assert curly == "\u201cI\u2019m late,\u201d she said \u2014 and \u2019em\u2026 \u2018Fine.\u2019"
    assert to_straight(curly) == '"I\'m late," she said -- and \'em... \'Fine.\''


def reading(text: str):
    doc = fabula.analyze(text)
    names = {c.id: c.name.replace("\u2019", "'") for c in doc.characters}
    cast = sorted((c.name.replace("\u2019", "'"), c.gender) for c in doc.characters)
    speakers = [(q.kind, names.get(q.speaker)) for q in doc.quotes]
    return cast, speakers


@pytest.mark.parametrize("path", [*SCENES, EXAMPLE, SEED], ids=lambda p: Path(p).stem)
def test_cast_and_speakers_read_alike_in_both_typographies(path):
    if not Path(path).exists():
        pytest.skip("../shared/samples not present")
    text = Path(path).read_text(encoding="utf-8")
    straight, curly = reading(to_straight(text)), reading(to_curly(text))
    assert straight[0] == curly[0]
    assert straight[1] == curly[1]
