import pytest

from fabula.model import Paratext, Rule
from fabula.stages.paragraphs import find_paragraphs
from fabula.stages.scenes import find_scene_breaks, is_break_line

PART = ["Mara walked to the river.", "The water was high.", "She sat on a rock and waited."]


def scenes(paragraphs, **kw):
    text = "\n\n".join(paragraphs)
    return text, find_scene_breaks(text, find_paragraphs(text), **kw)


@pytest.mark.parametrize("line", [
    "***", "* * *", "~~~", "~~~~~~~", "xXx", "XxXxX", "oOo", "oOoOoOo", "-o-o-", "-break-",
    "Line Break", "---", "#", "§", "=====", "~*~*~", "+++", "Scene Break", "◇◆◇",
    "oooooooooooo", ".:O:.", "  .:O:.:O:.:O:.  ", "-x-x-", "x-x-x", "o0o0o", "~*~", "— ⋆ ✧ ⋆ —", "– – –",
    ". . . . . . .", "0o0o0", "+ + +", ".:O:." * 15,
])
def test_break_lines(line):
    assert is_break_line(line)


@pytest.mark.parametrize("line", [
    "Oh.", "No", "xx", "-", "—", "...", "Ooh", "XO", "She broke the line.", '"***"', "I",
    "xxx", "OOO", "…", ". . .", "?!", "--", "——", "“…”", "(...)", "!!!!!", "o", "x-ray",
])
def test_not_break_lines(line):
    assert not is_break_line(line)


def test_explicit_break_cuts_scene_and_is_outside_both():
    text, found = scenes([*PART, "* * *", *PART])
    assert [s.opened_by for s in found] == ["start", "explicit"]
    assert text[found[1].marker.start : found[1].marker.end] == "* * *"
    assert "* * *" not in text[found[0].start : found[0].end]
    assert text[found[1].start :].startswith("Mara")


@pytest.mark.parametrize("line", ["oooooooooooo", ".:O:.", "~*~", "-x-x-", "§", "o0o0o", "+++"])
@pytest.mark.parametrize("centred", [False, True])
def test_each_break_style_cuts_the_scene(line, centred):
    marker = line.center(40) if centred else line
    text, found = scenes([*PART, marker, *PART])
    assert [s.opened_by for s in found] == ["start", "explicit"]
    assert text[found[1].marker.start : found[1].marker.end] == line


def test_break_before_any_story_opens_nothing():
    text, found = scenes(["~*~", *PART, "~*~", *PART])
    assert [s.opened_by for s in found] == ["start", "explicit"]
    assert text[found[0].start :].startswith("Mara walked")


def test_markup_rule_is_a_break():
    text = "\n\n".join([*PART, "* * *", *PART])
    rule = text.index("* * *")
    found = find_scene_breaks(text, find_paragraphs(text), rules=[Rule(rule, rule + 5)])
    assert len(found) == 2


def test_time_jump_opens_implicit_scene():
    text, found = scenes([*PART, "Three days later, the river had gone down.", *PART])
    assert [s.opened_by for s in found] == ["start", "implicit"]
    assert text[found[1].start :].startswith("Three days later")


def test_new_place_with_time_opens_implicit_scene():
    text, found = scenes([*PART, "She went to the hospital that afternoon, tired and cold.", *PART])
    assert [s.opened_by for s in found] == ["start", "implicit"]


def test_place_mentioned_in_conversation_is_not_a_break():
    _, found = scenes([*PART, '"Come to the hospital," he said.', "She went to the hospital that day, worried.", *PART])
    assert len(found) == 1


def test_paratext_is_outside_scenes():
    text = "\n\n".join(["A/N: hi", *PART])
    found = find_scene_breaks(text, find_paragraphs(text), paratext=[Paratext(0, 7, "author_note")])
    assert found[0].start == text.index("Mara")


def test_seed_chapter_scenes(seed_text):
    found = find_scene_breaks(seed_text, find_paragraphs(seed_text))
    starts = [seed_text[s.start : s.start + 40] for s in found]
    assert any(s.startswith("For once in a long time") for s in starts)
    assert any(s.startswith("Twenty minutes later") for s in starts)
