import pytest

from fabula.model import Emphasis, Paratext
from fabula.stages.paragraphs import find_paragraphs
from fabula.stages.quotes import dialogue_style, find_quotes


def quotes(text, **kw):
    found = find_quotes(text, find_paragraphs(text), **kw)
    return [(text[q.start : q.end], q.kind) for q in found]


def said(text, **kw):
    return [t for t, _ in quotes(text, **kw)]


def test_straight_double_quotes_and_interruptions():
    assert said('"Wait," she said, "for me."') == ["Wait,", "for me."]


def test_curly_double_quotes():
    assert said("“Wait,” she said. “Don’t go.”") == ["Wait,", "Don’t go."]


def test_quote_glued_to_a_comma():
    assert said('She looked at him,"I knew it." Then she left.') == ["I knew it."]


def test_single_quote_dialogue_texts():
    text = "‘Wait,’ she said. ‘Don’t go to the girls’ school.’\n\n‘Why not?’ he asked. 'Tis late.\n\n'Because,' she said."
    assert dialogue_style(text, find_paragraphs(text)) == "single"
    assert said(text) == ["Wait,", "Don’t go to the girls’ school.", "Why not?", "Because,"]


def test_a_double_quoted_line_in_a_single_quote_text_is_speech_too():
    text = ("\"Hello,\" said Mara. 'Are you there?' she asked.\n\n'Yes,' Tomas said. 'I am.'\n\n"
            "'Good,' said Mara. 'Then come.'\n\n'Fine,' he said. '\"Fine,\" he says.'")
    assert dialogue_style(text, find_paragraphs(text)) == "single"
    assert said(text) == ["Hello,", "Are you there?", "Yes,", "I am.", "Good,", "Then come.", "Fine,",
                          '"Fine," he says.']


def test_a_tagged_single_quoted_line_in_a_double_quote_text_is_speech():
    text = ("\"Hello,\" said Mara. \"Are you there?\"\n\n\"Yes,\" Tomas said. \"I am.\"\n\n"
            "'Good,' said Mara. 'Then come.'\n\n'Fine,' he said. They called it 'the Burrow' and laughed.")
    assert dialogue_style(text, find_paragraphs(text)) == "double"
    assert quotes(text)[4:] == [("Good,", "speech"), ("Then come.", "speech"), ("Fine,", "speech")]


@pytest.mark.parametrize("o, c, so, sc", [('"', '"', "'", "'"), ("“", "”", "‘", "’")])
def test_a_single_quoted_line_a_speech_verb_brings_in_is_speech(o, c, so, sc):
    text = (f"{o}Hello,{c} said Mara. {o}Are you there?{c}\n\n{o}Yes,{c} Tomas said.\n\n"
            f"What Jo called {so}the Burrow{sc} was quiet. Mara said {so}Erb was here.\n\n"
            f"Lisbon pointed to the street and said, {so}Stay.{sc} Jane opened his mouth to say, {so}No, I don't,{sc} "
            "but did not.")
    assert quotes(text)[3:] == [("Stay.", "speech"), ("No, I don't,", "speech")]


def test_doubled_apostrophes_mark_speech():
    text = "Mara waited. ''Hello,'' said Mara. ''Are you there?''\n\nTomas looked up. ''Yes. Don't go.''"
    assert dialogue_style(text, find_paragraphs(text)) == "doubled"
    assert said(text) == ["Hello,", "Are you there?", "Yes. Don't go."]


def test_apostrophes_do_not_make_single_quote_style():
    text = "He didn't know. She'd gone. They'd all gone, 'cause it was late. \"Fine,\" he said."
    assert dialogue_style(text, find_paragraphs(text)) == "double"


def test_opening_marks_turned_the_wrong_way_still_close():
    assert said("Mara waited. “Hello,“ said Mara. ”Are you there?”\n\nTomas looked up. “Yes.“") == [
        "Hello,", "Are you there?", "Yes."]
    assert said("Mara wartete. „Hallo,“ sagte Mara. „Bist du da?“") == ["Hallo,", "Bist du da?"]


def test_corner_brackets_mark_speech():
    assert said("Mara waited. 「Hello,」 said Mara. 「Are you there?」\n\n『Yes.』") == [
        "Hello,", "Are you there?", "Yes."]


def test_dash_dialogue_texts():
    text = ("Mara waited by the door.\n\n— Hello, — said Mara. — Are you there?\n\nTomas looked up.\n\n"
            "— Yes. I am here.\n\n—Good —Mara said—. Don't move.")
    assert dialogue_style(text, find_paragraphs(text)) == "dash"
    assert said(text) == ["Hello,", "Are you there?", "Yes. I am here.", "Good", "Don't move."]


def test_a_dash_opening_narration_in_a_quoted_text_is_no_dialogue():
    text = ('"Hello," she said.\n\n— and then he left.\n\n"Wait!" he said. "Come back."\n\n'
            '— or so she thought.\n\n— later, much later.\n\n"Fine," she said.')
    assert dialogue_style(text, find_paragraphs(text)) == "double"


def test_nested_quotes_stay_inside_the_outer_quotation():
    text = "“He told me ‘never again,’ and I believed him,” she said."
    assert said(text) == ["He told me ‘never again,’ and I believed him,"]


def test_multi_paragraph_quotation_is_one_quote():
    text = '"The first part of a long speech.\n\n"The second part of it."\n\nShe nodded.'
    found = said(text)
    assert found == ['The first part of a long speech.\n\n"The second part of it.']


def test_unclosed_quote_ends_with_its_paragraph():
    text = '"Never closed, she said.\n\nThe rest of the chapter goes on.\n\n"Hi," he said.'
    assert said(text) == ["Never closed, she said.", "Hi,"]


def test_unclosed_quote_before_a_new_one_in_the_same_paragraph():
    text = '"Wait, she said. "Come back here."'
    assert said(text) == ["Wait, she said.", "Come back here."]


def test_stray_closing_mark_opens_nothing():
    text = 'It was a so-called" holiday. Nothing happened.\n\n"Hello," he said.'
    assert said(text) == ["Hello,"]


def test_marked_thought_in_single_quotes():
    text = "'Here we go again' the pinkette thought as she walked. \"Hi,\" she said."
    assert quotes(text) == [("Here we go again", "thought"), ("Hi,", "speech")]


@pytest.mark.parametrize("o, c, so, sc", [('"', '"', "'", "'"), ("“", "”", "‘", "’")])
def test_someone_thinking_right_before_the_mark_makes_a_thought(o, c, so, sc):
    text = (f"{o}Hello,{c} said Mara.\n\nAnd then he just thought {so}Screw it, let's go.{sc}\n\n"
            f"{o}Perhaps,{c} he thought, {o}my body is growing stronger.{c}\n\n"
            f"After a moment's thought, {o}We were speaking of money,{c} Tomas added.")
    assert quotes(text) == [("Hello,", "speech"), ("Screw it, let's go.", "thought"), ("Perhaps,", "thought"),
                            ("my body is growing stronger.", "thought"), ("We were speaking of money,", "speech")]


def test_speech_with_a_thinking_verb_tag_is_a_thought():
    assert quotes('"Why now?" she wondered.') == [("Why now?", "thought")]


def test_italic_thoughts_from_markup():
    text = 'Why does he always do this? She frowned. "Stop," she said. The Dark Tower was closed.'
    first = text.index("Why")
    tower = text.index("The Dark")
    emphasis = [Emphasis(first, text.index("?") + 1), Emphasis(tower, tower + 14)]
    assert quotes(text, emphasis=emphasis) == [
        ("Why does he always do this?", "thought"), ("Stop,", "speech"),
    ]


def test_quotes_in_paratext_are_not_story_quotes():
    text = 'A/N: "Thanks," I say to my beta.\n\n"Hello," he said.'
    assert said(text, paratext=[Paratext(0, 32, "author_note")]) == ["Hello,"]


def test_quote_ids_follow_text_order():
    text = "'Odd' she thought. \"Hi,\" he said."
    found = find_quotes(text, find_paragraphs(text))
    assert [q.id for q in found] == ["q1", "q2"]


def test_seed_chapter_quotes(seed_text):
    found = find_quotes(seed_text, find_paragraphs(seed_text))
    texts = [seed_text[q.start : q.end] for q in found]
    assert texts[0] == "Here we go again" and found[0].kind == "thought"
    assert "Hinata, I'm going to go out for a few minutes." in texts
    assert texts[-1] == "Stay."
    assert len(found) >= 90


def found(text, **kw):
    doc = find_quotes(text, find_paragraphs(text), **kw)
    return [(text[q.start : q.end], q.kind, text[q.cue.start : q.cue.end] if q.cue else None) for q in doc]


@pytest.mark.parametrize("cut, open_, close", [("--", '"', '"'), ("-", '"', '"'), ("...", '"', '"'),
                                               ("—", "“", "”"), ("–", "“", "”"), ("…", "“", "”")])
def test_a_line_cut_off_at_the_end_of_a_paragraph_ends_there(cut, open_, close):
    text = f"{open_}If I were you{cut}\n\n{open_}You are not,{close} Ren said."
    assert said(text) == [f"If I were you{cut}", "You are not,"]


@pytest.mark.parametrize("open_, close", [('"', '"'), ("“", "”")])
def test_a_speech_over_paragraphs_stays_one_quotation(open_, close):
    text = f"{open_}It was long ago. I remember the river.\n\n{open_}And the boat, too,{close} Mara said."
    assert said(text) == ["It was long ago. I remember the river.\n\n" + open_ + "And the boat, too,"]


SCREENPLAY = """MARTA

Where were you?

TOBIAS

(Shrugging.)

Out. {o}Walking,{c} if you must know.

The lamp flickers. MARTA crosses to the window.

MARTA (V.O.)
She never believed him.

TOBIAS:
Goodnight, then.

THE END"""


@pytest.mark.parametrize("o, c", [('"', '"'), ("“", "”")])
def test_screenplay_cues_give_the_speech_and_its_speaker(o, c):
    text = SCREENPLAY.format(o=o, c=c)
    assert found(text) == [
        ("Where were you?", "speech", "MARTA"),
        (f"Out. {o}Walking,{c} if you must know.", "speech", "TOBIAS"),
        ("She never believed him.", "speech", "MARTA"),
        ("Goodnight, then.", "speech", "TOBIAS"),
    ]


def test_capitals_alone_are_not_a_screenplay():
    text = "DRAMATIS PERSONAE\n\nA list of people.\n\nBOOM\n\nThe door gave way.\n\nSILENCE\n\nThen nothing."
    assert found(text) == []


@pytest.mark.parametrize("o, c, apostrophe", [('"', '"', "'"), ("“", "”", "’")])
def test_chat_lines_are_messages_from_their_senders(o, c, apostrophe):
    text = (f"She read the screen.\n\n[8:04 PM] mara_k: you up{apostrophe}\n[8:05 PM] mara_k: {o}hello?{c}\n\n"
            f"Draft [Yesterday, 9:12 AM] +44 20 7946: ok\n\n**Tobias:** on my way\n\n"
            f"Ren: fine\nAiko: really\nRen: really\n\nHe put it away.")
    assert found(text) == [
        (f"you up{apostrophe}", "message", "mara_k"),
        ("hello?", "message", "mara_k"),
        ("ok", "message", "+44 20 7946"),
        ("on my way", "message", "Tobias"),
        ("fine", "message", "Ren"),
        ("really", "message", "Aiko"),
        ("really", "message", "Ren"),
    ]


def test_a_cast_list_is_not_a_chat():
    text = "MARTA VOSS: The Widow\nTOBIAS: Her Son\n\nNote: all of this is invented.\n\nThe play begins."
    assert found(text) == []


LINES = [("KIRK", "Report."), ("SPOCK", "Sensors show nothing."), ("KIRK", "Nothing at all?"),
         ("MCCOY", "Nothing, Jim."), ("KIRK", "Fine. Uhura?"), ("UHURA", "Hailing them."), ("SPOCK", "Fascinating.")]


@pytest.mark.parametrize("line", [
    "{n} (sighing): {t}",  # a parenthetical after the name
    "{n} - {t}",  # a dash after the name
    "{n}. {t}",  # a play's cue
    "<{n}> {t}",  # a chat log
    "[{n}] {t}",
    "**{n}**:{t}",  # Markdown emphasis around the name: no space needed
    "**{n}:** {t}",
    "*{n}*: {t}",
    "__{n}__:{t}",
    "- **{n}**: {t}",  # a list's bullet
    "<{n}>{t}",
])
@pytest.mark.parametrize("o, c", [('"', '"'), ("“", "”")])
def test_script_and_chat_lines_in_their_many_forms(line, o, c):
    text = "\n\n".join(line.format(n=n.title() if "." not in line else n, t=t) for n, t in LINES)
    text = text.replace("Report.", f"{o}Report.{c}")
    assert [(t, s.upper()) for t, _, s in found(text)] == [(t, n) for n, t in LINES]


@pytest.mark.parametrize("o, c", [('"', '"'), ("“", "”")])
def test_a_script_with_narration_between_its_lines(o, c):
    """Stage directions in brackets or in prose break no run, and a
    character with one line is cued like the rest."""
    text = "\n\n".join(f"{n}: {t}\n\nThe ship shakes." for n, t in LINES * 2).replace("Report.", f"{o}Report.{c}")
    assert [s for _, _, s in found(text)] == [n for n, _ in LINES * 2]
    text = "\n".join(f"{n}: {t}" + ("\n(The ship shakes.)" if i % 2 else "") for i, (n, t) in enumerate(LINES))
    assert [s for _, _, s in found(text)] == [n for n, _ in LINES]


@pytest.mark.parametrize("o, c", [('"', '"'), ("“", "”")])
def test_a_later_run_of_the_scripts_speakers_is_the_script_too(o, c):
    """A run in which no one speaks twice is part of a script that has
    begun when most of its senders speak elsewhere in it, one who speaks
    only there included."""
    text = "The bridge.\n\n" + "\n\n".join(f"{n.title()}: {t}" for n, t in LINES).replace("Report.", f"{o}Report.{c}")
    text += "\n\n(The ship shakes.)\n\nThe lights go out.\n\nKirk: Status?\nGuest: I am new here.\nSpock: Stable."
    lines = [(t, s) for t, _, s in found(text)]
    assert lines[-3:] == [("Status?", "Kirk"), ("I am new here.", "Guest"), ("Stable.", "Spock")]


@pytest.mark.parametrize("o, c", [('"', '"'), ("“", "”")])
def test_cues_alone_on_their_line_in_capitals_or_with_a_colon(o, c):
    for cue in ("{n}", "{n}:", "{t}:"):
        text = "The bridge.\n\n" + "\n\n".join(
            cue.format(n=n, t=n.title()) + "\n    " + t for n, t in LINES).replace("Report.", f"{o}Report.{c}")
        assert [(t, s.upper()) for t, _, s in found(text)] == [(t, n) for n, t in LINES], cue


@pytest.mark.parametrize("text", [
    "``Hello,'' said Mara. ``Are you there?''\n\n``Yes.''\n\n``Good,'' she said.",
    "<<Hello,>> said Mara. <<Are you there?>>\n\n<<Yes.>>\n\n<<Good,>> she said.",
    "‘‘Hello,’’ said Mara. ‘‘Are you there?’’\n\n‘‘Yes.’’\n\n‘‘Good,’’ she said.",
    ",,Hello,'' said Mara. ,,Are you there?''\n\n,,Yes.''\n\n,,Good,'' she said.",
    "‹Hello,› said Mara. ‹Are you there?›\n\n‹Yes.›\n\n‹Good,› she said.",
    "〝Hello,〞 said Mara. 〝Are you there?〟\n\n＂Yes.＂\n\n″Good,″ she said.",
])
def test_doubled_and_rarer_marks(text):
    assert said(text) == ["Hello,", "Are you there?", "Yes.", "Good,"]


@pytest.mark.parametrize("o, c", [('"', '"'), ("“", "”")])
@pytest.mark.parametrize("open_, close", [("::", "::"), (":", ":"), ("§", "§"), ("//", "//"), ("<", ">")])
def test_voices_not_heard_aloud_between_their_marks(o, c, open_, close):
    """Telepathy and the like, marked as fan fiction marks them, where the
    text uses the mark for two lines or more."""
    text = (f"Harry looked at Ron. {open_}Can you hear me?{close} he asked.\n\n"
            f"{open_}Yes,{close} Ron answered. {open_}Loud and clear.{close}\n\n{o}Good,{c} Harry said aloud.")
    assert said(text) == ["Can you hear me?", "Yes,", "Loud and clear.", "Good,"]
    once = f"Harry looked at Ron. {open_}Can you hear me?{close} he asked.\n\n{o}Good,{c} Harry said."
    assert said(once) == ["Good,"]


def test_markup_left_in_a_text_is_no_voice():
    text = ("<!-- Epilogue --> <ul> and </div>\n\n<div class=x> and <br>\n\n//------------//\n\n"
            ":date: 2021-03-04\n:author: quill\n:status: published")
    assert said(text) == []


@pytest.mark.parametrize("o, c", [('"', '"'), ("“", "”")])
def test_a_cue_in_markdown_bold_alone_on_its_line(o, c):
    text = "\n\n".join(f"**{n.title()}**\n{t}" for n, t in LINES).replace("Report.", f"{o}Report.{c}")
    assert [(t, s.upper()) for t, _, s in found(text)] == [(t, n) for n, t in LINES]


@pytest.mark.parametrize("o, c", [('"', '"'), ("“", "”")])
def test_text_messages_in_brackets(o, c):
    text = (f"Harry checked his phone.\n\n[Ron: where are you]\n[Harry: library]\n[Ron: {o}again??{c}]\n\n"
            "He sighed.")
    assert found(text) == [("where are you", "message", "Ron"), ("library", "message", "Harry"),
                           ("again??", "message", "Ron")]


def test_captions_in_brackets_are_no_chat():
    text = "She walked on.\n\n[Picture: Moorland Scene, Haworth]\n\n[Picture: Blake Hall]\n\nThe hall was dark."
    assert found(text) == []
