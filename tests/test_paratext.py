import pytest

from fabula.model import Chapter, Paratext
from fabula.stages.paragraphs import find_paragraphs
from fabula.stages.paratext import find_paratext

STORY = [
    '"Where are you going?" Mara asked.',
    "Tomas shrugged and kept walking toward the river.",
    '"Nowhere you need to follow," he said.',
    "She followed anyway, because she always did.",
    "The water was high that spring, and cold enough to ache.",
]


def kinds(paragraphs):
    text = "\n\n".join(paragraphs)
    found = find_paratext(text, find_paragraphs(text))
    return text, [(p.kind, text[p.start : p.end]) for p in found]


def test_story_alone_has_no_paratext():
    assert kinds(STORY)[1] == []


def test_marked_head_notes():
    _, found = kinds([
        "The River",
        "Disclaimer: I don't own these characters.",
        "A/N: Sorry this took so long!",
        "Summary: Mara follows Tomas.",
        "Rated T for language.",
        *STORY,
    ])
    assert [k for k, _ in found] == ["title", "disclaimer", "author_note", "summary", "metadata"]


def test_chapter_heading_is_a_title():
    _, found = kinds(["Chapter 12: Floodwater", *STORY])
    assert found == [("title", "Chapter 12: Floodwater")]


def test_first_story_line_is_not_a_title():
    _, found = kinds(["The rain had not stopped for a week.", *STORY])
    assert found == []


def test_marked_end_note_and_inline_note():
    _, found = kinds([*STORY[:2], "(A/N: Tomas is older here.)", *STORY[2:], "A/N: Thanks for reading!"])
    assert [k for k, _ in found] == ["author_note", "author_note"]


def test_unmarked_end_notes_to_readers():
    notes = [
        "Hey everyone. So sorry for the late update, exams have been brutal.",
        "I hope you guys enjoyed this chapter! Please review :)",
    ]
    _, found = kinds([*STORY, *notes])
    assert [t for _, t in found] == notes


def test_story_ending_is_never_swallowed():
    endings = [
        "She read the next chapter of her book while her exams loomed.",
        '"I hope you enjoyed the river," he said. "Tell me what you think."',
        "I walked home alone. My mother was waiting, and she did not ask.",
    ]
    for ending in endings:
        assert kinds([*STORY, ending])[1] == [], ending


def test_notes_are_found_per_chapter_and_marked_spans_are_kept():
    text = "\n\n".join(["Chapter 1", *STORY, "A/N: more soon", "Chapter 2", *STORY])
    paragraphs = find_paragraphs(text)
    second = text.index("Chapter 2")
    chapters = [Chapter(0, second - 2), Chapter(second, len(text))]
    marked = [Paratext(0, 9, "title")]
    found = find_paratext(text, paragraphs, chapters, marked)
    assert [(p.kind, text[p.start : p.end]) for p in found] == [
        ("title", "Chapter 1"), ("author_note", "A/N: more soon"), ("title", "Chapter 2"),
    ]


def test_seed_chapter_closing_notes(seed_text):
    found = find_paratext(seed_text, find_paragraphs(seed_text))
    assert [p.kind for p in found] == ["author_note"] * 3
    assert seed_text[found[0].start :].startswith("Hey everyone.")
    assert seed_text[found[-1].end :].strip() == ""


def kinds_of(text):
    found = find_paratext(text, find_paragraphs(text))
    return [(text[p.start : p.end], p.kind) for p in found]


STORY = ["Mara walked down to the harbour before dawn.", "The boats were already out.",
         "She counted them twice and went home.", "Nobody had seen her go."]


@pytest.mark.parametrize("frame", [".:O:.:O:.:O:.", "~*~*~*~", "oOoOoOo"])
def test_framing_lines_around_a_heading_and_a_plea_are_paratext(frame):
    text = "\n\n".join([frame, "Chapter Nine", frame, *STORY, frame, "Please Review!", frame])
    assert kinds_of(text) == [(frame, "title"), ("Chapter Nine", "title"), (frame, "title"),
                              (frame, "author_note"), ("Please Review!", "author_note"), (frame, "author_note")]


@pytest.mark.parametrize("byline", ["by quill", "By: Bex-chan", "Written by Ada Lark"])
def test_a_byline_under_the_title_is_metadata(byline):
    text = "\n\n".join(["The Salt Road", byline, *STORY])
    assert kinds_of(text) == [("The Salt Road", "title"), (byline, "metadata")]


@pytest.mark.parametrize("mark, quote", [("A/N:", '"'), ("a/n -", "“")])
def test_a_note_after_the_last_break_runs_to_the_end(mark, quote):
    replies = ["ladyofthelake: Thanks so much!", "Ferrywoman: Glad you liked it!", "quill"]
    text = "\n\n".join([*STORY, f"{quote}Home,{quote} she said.", "* * *", f"{mark} thank you all.", *replies])
    found = kinds_of(text)
    assert found[0] == ("* * *", "author_note")
    assert [t for t, k in found[1:]] == [f"{mark} thank you all.", *replies]
    assert {k for _, k in found} == {"author_note"}


@pytest.mark.parametrize("label", ["Notes:", "Chapter End Notes", "End Notes"])
def test_a_notes_label_alone_near_the_end_opens_a_closing_note(label):
    text = "\n\n".join([*STORY, *STORY, label, "thanks for reading, see you next week"])
    assert kinds_of(text) == [(label, "author_note"), ("thanks for reading, see you next week", "author_note")]


def test_labels_at_the_head_run_to_the_work_text_line():
    text = "\n\n".join(["Fandoms: Lighthouses", "Summary:", "Two keepers.", "One lamp.", "Notes:",
                        "For my sister.", "Work Text:", *STORY])
    assert kinds_of(text) == [("Fandoms: Lighthouses", "metadata"), ("Summary:", "summary"),
                              ("Two keepers.", "summary"), ("One lamp.", "summary"), ("Notes:", "author_note"),
                              ("For my sister.", "author_note"), ("Work Text:", "metadata")]


def test_a_story_that_ends_after_a_break_keeps_its_ending():
    text = "\n\n".join([*STORY, "* * *", '"We sail at noon," Mara said, and nobody answered her.'])
    assert kinds_of(text) == []


def test_an_empty_notes_label_above_the_story_does_not_swallow_it():
    scene = ["1.", "In the mornings they ring the bells, once, twice.", '"Where are you going?" Mara asked.',
             "Tomas shrugged and kept walking toward the river.", '"Nowhere you need to follow," he said.',
             "She followed anyway.", "---", "The next day it rained.", "The river rose.", "Nobody came."]
    _, found = kinds(["Chapter 1", "Chapter Summary", "Chapter Notes", *scene])
    assert ("author_note", "Chapter Notes") in found
    assert not any(text in scene for _, text in found)


@pytest.mark.parametrize("number", ["1.", "IV", "2"])
def test_a_section_number_below_an_empty_notes_label_starts_the_story(number):
    """Without a tagged line to show where the story starts, its section
    number does."""
    scene = [number, "In the mornings they ring the bells, once, twice.",
             '"One day, you will lead these people," his father likes to say. "I trust no one more."',
             "For now, Arthur helps lead the guards.", "---", "The next day it rained.", "The river rose.",
             "Nobody came.", "The bells rang again.", "Arthur climbed the tower."]
    _, found = kinds(["Chapter 1", "Chapter Summary", "Chapter Notes", *scene])
    assert ("author_note", "Chapter Notes") in found
    assert not any(text in scene for _, text in found)


def test_a_notes_label_keeps_the_notes_below_it():
    story = ['"Where are you going?" Mara asked.', "Tomas shrugged.", '"Nowhere," he said.', "---",
             "The next day it rained.", "The river rose.", "Nobody came."]
    _, found = kinds(["Notes:", "Thank you all so much for reading, you guys are the best!", *story])
    assert found[:2] == [("author_note", "Notes:"),
                         ("author_note", "Thank you all so much for reading, you guys are the best!")]
    assert not any(text in story for _, text in found)
