"""The Fountain screenplay, read back with a real Fountain parser
(screenplain): every quotation under its own speaker's cue, narration as
action, tags as parentheticals, nothing misread as markup."""

import io
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from screenplain.parsers import fountain
from screenplain.types import Action, Dialog, Section, Slug

import fabula
from conftest import EXAMPLE, SEED, attributed, check_golden_text
from fabula.writers.fountain import UNATTRIBUTED, format_fountain
from fabula.writers.reading import reading_order


def parse(doc):
    return fountain.parse(io.StringIO(format_fountain(doc)))


def plain(rich) -> str:
    return "".join(segment.text for segment in rich.segments)


def cue_name(dialog: Dialog) -> str:
    name = plain(dialog.character)
    for extension in (" (FLASHBACK)", " (V.O.)"):
        name = name.removesuffix(extension)
    return name


def spoken(dialog: Dialog) -> str:
    return " ".join(plain(line) for is_paren, line in dialog.blocks if not is_paren)


def assert_quotes_under_their_cues(doc):
    """Walk the script and the quotations together: each quotation (each
    paragraph of a long one) is found, in order, in a dialogue block whose
    cue is its speaker's name."""
    names = {c.id: c.name.upper() for c in doc.characters}
    dialogs = [p for p in parse(doc) if isinstance(p, Dialog)]
    k, at = 0, 0  # the dialogue block and the place in it where the last quotation was found
    for piece in reading_order(doc):
        if piece.kind != "quote":
            continue
        q = piece.quote
        words = " ".join(doc.span_text(piece).split()).removesuffix(",")
        while k < len(dialogs) and spoken(dialogs[k]).find(words, at) < 0:
            k, at = k + 1, 0
        assert k < len(dialogs), f"{q.id} {words!r} not found in order"
        at = spoken(dialogs[k]).find(words, at) + len(words)
        assert cue_name(dialogs[k]) == names.get(q.speaker, UNATTRIBUTED), (q.id, words)
        assert plain(dialogs[k].character).endswith(" (V.O.)") == (q.kind == "thought")
        assert plain(dialogs[k].character).endswith(" (FLASHBACK)") == q.flashback


def test_example_chapter_quotes_sit_under_their_speakers():
    doc = fabula.analyze_file(EXAMPLE)
    assert_quotes_under_their_cues(doc)
    script = parse(doc)
    assert script.title_page["Title"] == ["Chapter 4: Salt and Lantern Light"]
    assert sum(isinstance(p, Slug) for p in script) == len(doc.scenes)
    actions = " ".join(" ".join(plain(line) for line in p.lines) for p in script if isinstance(p, Action))
    assert "Aiko Tanabe climbed the last turn" in actions and "The next morning" in actions
    assert "review" not in format_fountain(doc) and "A/N" not in format_fountain(doc)


def test_seed_chapter_quotes_sit_under_their_speakers(seed_text):
    doc = fabula.analyze_file(SEED)
    assert_quotes_under_their_cues(doc)
    assert sum(isinstance(p, Slug) for p in parse(doc)) == len(doc.scenes)


def test_example_chapter_golden():
    check_golden_text("example-chapter.fountain", format_fountain(fabula.analyze_file(EXAMPLE)))


def dialogs_of(doc):
    return [(cue_name(d), [(paren, plain(line)) for paren, line in d.blocks])
            for d in parse(doc) if isinstance(d, Dialog)]


def test_interrupted_quotation_is_one_block_without_its_tag():
    dialogs = dialogs_of(attributed('Sakura stood up.\n\n"I want to talk," Sakura replied, "to you."\n',
                                    "Sakura", "Sakura"))
    assert dialogs == [("SAKURA", [(False, "I want to talk, to you.")])]


def test_manner_of_speaking_becomes_a_parenthetical():
    text = ('"Go away," Tomas whispered.\n\n"Not yet," Mara said quietly.\n\n'
            '"Fine," he said. "Stay, then."\n')
    assert dialogs_of(attributed(text, "Tomas", "Mara", "Tomas", "Tomas")) == [
        ("TOMAS", [(True, "(whispering)"), (False, "Go away.")]),
        ("MARA", [(True, "(quietly)"), (False, "Not yet.")]),
        ("TOMAS", [(False, "Fine. Stay, then.")]),
    ]


def test_action_beat_between_lines_stays_as_action():
    script = parse(attributed('"Wait," said Tomas. He took her hand. "Please."\n', "Tomas", "Tomas"))
    kinds = [type(p).__name__ for p in script if not isinstance(p, Slug)]
    assert kinds == ["Dialog", "Action", "Dialog"]
    assert plain(script.paragraphs[2].lines[0]) == "He took her hand."


def test_thoughts_flashbacks_and_unattributed_lines():
    doc = attributed("'Not again,' Mara thought.\n\n\"Who is there?\"\n\n\"Run,\" said Tomas.\n",
                     "Mara", None, "Tomas")
    doc = replace(doc, quotes=doc.quotes[:2] + (replace(doc.quotes[2], flashback=True),))
    cues = [plain(d.character) for d in parse(doc) if isinstance(d, Dialog)]
    assert cues == ["MARA (V.O.)", UNATTRIBUTED, "TOMAS (FLASHBACK)"]
    assert_quotes_under_their_cues(doc)


def test_speech_over_paragraphs_keeps_its_break():
    text = '"It was long ago," said Hollis, "and cold.\n\n"Nobody came."\n\nAiko nodded.\n'
    dialogs = dialogs_of(attributed(text, "Hollis", "Hollis"))
    assert dialogs[0][0] == "HOLLIS"
    lines = [line for paren, line in dialogs[0][1]]
    assert lines == ["It was long ago, and cold.", "", "Nobody came."]


@pytest.mark.parametrize("line", [
    "THE END OF ALL THINGS.",
    "INT. the hall was dark.",
    "EXT. nobody answered.",
    ".Dots lead the way.",
    "!Bang went the door.",
    "@home she rested.",
    "~la la la~ she sang.",
    ">He looked away<",
    "=Equal to nothing.",
    "#hashtag blessed.",
    "[[not a note]] she wrote.",
    "CUT TO:",
    "Stars *everywhere* tonight /* and more */ here.",
])
def test_narration_is_never_misread_as_markup(line):
    text = f'"Hello," said Tomas.\n\n{line}\n\n"Bye," said Mara.\n'
    script = parse(attributed(text, "Tomas", "Mara"))
    body = [p for p in script if not isinstance(p, Slug)]
    assert [type(p).__name__ for p in body] == ["Dialog", "Action", "Dialog"]
    got = plain(body[1].lines[0])
    assert " ".join(got.replace("[ [", "[[").split()) == " ".join(line.replace("*everywhere*", "everywhere").split())


def test_underscores_are_escaped_as_fountain_says():
    assert "snake\\_case" in format_fountain(fabula.analyze("She typed snake_case names.\n"))


def test_italics_become_fountain_emphasis():
    script = format_fountain(fabula.analyze("She had *never* seen the sea.\n"))
    assert "She had *never* seen the sea." in script


def test_author_notes_and_break_lines_are_left_out():
    text = "A/N: thanks for reading!\n\nTomas ran.\n\n* * *\n\nMara slept.\n"
    script = format_fountain(fabula.analyze(text))
    assert "thanks" not in script and "* * *" not in script and "\\* \\*" not in script
    assert script.count(".SCENE ") == 2


def test_chapters_become_sections():
    text = "Chapter 1: Dawn\n\nTomas woke.\n\nChapter 2: Dusk\n\n\"Night,\" said Mara.\n"
    doc = fabula.analyze(text)
    assert len(doc.chapters) == 2
    script = parse(doc)
    sections = [plain(p.text) for p in script if isinstance(p, Section)]
    assert sections == ["Chapter 1: Dawn", "Chapter 2: Dusk"]
    assert script.title_page["Title"] == ["Untitled"]


NAMES = st.sampled_from(["Tomas", "Mara", "Ines", "Kofi"])
NARRATION = st.sampled_from([
    "The rain kept on.", "SHE RAN.", "INT. was carved on the door.", "#1 was the best.", "... and so on.",
    "@night it was cold.", "Everyone waited.", "> nothing <", "=== stop ===", "He sighed *loudly* at last.",
])
LINE = st.sampled_from(["Go.", "Why not?", "Maybe, maybe not.", "Stop it!", "I know", "Wait, what?"])


@st.composite
def chapters(draw):
    paragraphs = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["narration", "tagged", "interrupted", "beat"]))
        name, line, other = draw(NAMES), draw(LINE), draw(LINE)
        if kind == "narration":
            paragraphs.append(draw(NARRATION))
        elif kind == "tagged":
            paragraphs.append(f'"{line}" said {name}.')
        elif kind == "interrupted":
            paragraphs.append(f'"{line.rstrip(".!?")}," {name} whispered, "{other.lower()}"')
        else:
            paragraphs.append(f'{name} stood. "{line}" {draw(NARRATION)}')
    return "\n\n".join(paragraphs) + "\n"


@settings(max_examples=60, deadline=None)
@given(chapters())
def test_generated_chapters_parse_with_every_quote_under_its_cue(text):
    doc = fabula.analyze(text)
    assert_quotes_under_their_cues(doc)
