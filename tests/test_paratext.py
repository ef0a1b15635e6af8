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
