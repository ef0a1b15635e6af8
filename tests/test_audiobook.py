"""The audiobook script: segments that cover the story exactly once, in
order, with the document's own speakers; SSML that parses; a casting sheet
that keeps a user's edits and never gives two characters one voice."""

import json
import re
from dataclasses import replace
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fabula
from conftest import EXAMPLE, SEED, check_golden_text
from fabula.errors import InputError
from fabula.model import Character, Document, Paragraph, Quote
from fabula.writers.audiobook import (SEGMENTS_FILE, SSML_FILE, VOICES_FILE, audiobook_segments, format_segments,
                                      format_ssml, write_audiobook)
from fabula.writers.casting import NARRATOR, PALETTE, Casting, Voice, cast_voices, load_casting

SSML_NS = "{http://www.w3.org/2001/10/synthesis}"


def story_words(doc):
    """Offsets of the words an audiobook must read: all but the paratext
    (chapter titles excepted) and scene-break lines."""
    skipped = [(p.start, p.end) for p in doc.paratext if p.kind != "title"]
    skipped += [(s.marker.start, s.marker.end) for s in doc.scenes if s.marker]
    return [m.start() for m in re.finditer(r"\w+", doc.text)
            if not any(a <= m.start() < b for a, b in skipped)]


def assert_segments_cover_the_story(doc, segments):
    names = {c.id: c.name for c in doc.characters}
    assert [s.index for s in segments] == list(range(len(segments)))
    for a, b in zip(segments, segments[1:]):
        assert a.end <= b.start
    for s in segments:
        assert doc.text[s.start : s.end] == s.text
        if s.quote_id is None:
            assert s.speaker == "Narrator" and s.kind in ("title", "narration")
        else:
            q = next(q for q in doc.quotes if q.id == s.quote_id)
            assert q.start <= s.start and s.end <= q.end
            assert (s.kind, s.character_id, s.speaker) == (q.kind, q.speaker, names.get(q.speaker))
    starts = [s.start for s in segments]
    for w in story_words(doc):
        holders = [s for s in segments if s.start <= w < s.end]
        assert len(holders) == 1, (w, doc.text[w : w + 20])
    words = set(story_words(doc))
    for s in segments:
        for m in re.finditer(r"\w+", s.text):
            assert s.start + m.start() in words
    assert starts == sorted(starts)


def test_example_chapter_segments():
    doc = fabula.analyze_file(EXAMPLE)
    casting = cast_voices(doc)
    segments = audiobook_segments(doc, casting)
    assert_segments_cover_the_story(doc, segments)
    assert segments[0].kind == "title" and segments[0].text == "Chapter 4: Salt and Lantern Light"
    assert not any("review" in s.text for s in segments)
    for s in segments:
        expected = casting.narrator if s.quote_id is None else casting.voice_for(doc, s.character_id)
        assert s.voice == expected
    check_golden_text("example-chapter.segments.jsonl", format_segments(segments))


def test_seed_chapter_segments(seed_text):
    doc = fabula.analyze_file(SEED)
    assert_segments_cover_the_story(doc, audiobook_segments(doc, cast_voices(doc)))


def test_pauses_grow_with_the_break():
    doc = fabula.analyze('"Go," said Tomas. "Now."\n\nMara ran.\n\n* * *\n\nNight fell.\n')
    segments = audiobook_segments(doc, cast_voices(doc))
    assert [s.pause_ms for s in segments] == [0, 300, 300, 700, 1500]


def test_ssml_has_one_voice_per_segment():
    doc = fabula.analyze_file(EXAMPLE)
    segments = audiobook_segments(doc, cast_voices(doc))
    root = ElementTree.fromstring(format_ssml(segments).encode())
    voices = root.findall(f"{SSML_NS}voice")
    assert len(voices) == len(segments)
    for element, s in zip(voices, segments):
        prosody = element.find(f"{SSML_NS}prosody")
        assert element.get("name") == s.voice.voice
        assert prosody.text == " ".join(s.text.split())
        assert prosody.get("pitch") == f"{s.voice.pitch:+d}%" and prosody.get("rate") == f"{s.voice.rate}%"
    assert len(root.findall(f"{SSML_NS}break")) == sum(1 for s in segments if s.pause_ms)


def test_ssml_escapes_markup_in_the_text():
    doc = fabula.analyze('"Fish & <chips>," said Tomas.\n')
    ssml = format_ssml(audiobook_segments(doc, cast_voices(doc)))
    texts = [p.text for p in ElementTree.fromstring(ssml.encode()).iter(f"{SSML_NS}prosody")]
    assert "Fish & <chips>," in texts


def make_doc(*cast):
    """A document in which each (name, gender) says one line."""
    lines = [f'"Hello," said {name}.' for name, _ in cast]
    text = "\n\n".join(lines) + "\n"
    characters, quotes, paragraphs, pos = [], [], [], 0
    for n, ((name, gender), line) in enumerate(zip(cast, lines)):
        characters.append(Character(id=f"c{n}", name=name, gender=gender, lines=1))
        quotes.append(Quote(pos + 1, pos + 7, id=f"q{n}", speaker=f"c{n}"))
        paragraphs.append(Paragraph(pos, pos + len(line)))
        pos += len(line) + 2
    return Document(text=text, characters=tuple(characters), quotes=tuple(quotes), paragraphs=tuple(paragraphs))


def sounds(casting):
    return [v.sound() for v in (casting.narrator, casting.unattributed, *casting.characters.values())]


def test_default_voices_follow_gender_and_never_repeat():
    cast = [(f"Woman{i}", "female") for i in range(30)] + [(f"Man{i}", "male") for i in range(30)] \
        + [(f"Person{i}", "unknown") for i in range(10)]
    casting = cast_voices(make_doc(*cast))
    assert len(set(sounds(casting))) == len(sounds(casting)) == 72
    assert casting.characters["Woman0"].voice == PALETTE["female"][0].voice
    assert casting.characters["Man0"].voice == PALETTE["male"][0].voice
    female = {v.voice for v in PALETTE["female"]}
    assert all(casting.characters[f"Woman{i}"].voice in female for i in range(30))
    assert casting.characters["Woman0"].gender == "female"


def test_rerun_keeps_edited_casting_and_gives_newcomers_free_voices(tmp_path):
    doc = make_doc(("Aiko", "female"), ("Ren", "male"))
    write_audiobook(doc, tmp_path)
    sheet = json.loads((tmp_path / VOICES_FILE).read_text())
    sheet["characters"]["Aiko"] = {"voice": PALETTE["female"][1].voice, "pitch": 7, "rate": 110}
    sheet["narrator"] = {"voice": "en-us+m5", "pitch": 0, "rate": 90}
    (tmp_path / VOICES_FILE).write_text(json.dumps(sheet))

    later = make_doc(("Aiko", "female"), ("Ren", "male"), ("Mei", "female"))
    segments, casting = write_audiobook(later, tmp_path)
    assert casting.characters["Aiko"] == Voice(PALETTE["female"][1].voice, 7, 110)
    assert casting.narrator.voice == "en-us+m5"
    mei = casting.characters["Mei"]
    others = [v for name, v in casting.characters.items() if name != "Mei"] + [casting.narrator]
    assert mei.voice not in {v.voice for v in others}
    # Aiko's edit took the second female voice, so Mei gets the first, now free.
    assert mei.voice == PALETTE["female"][0].voice
    assert [s.voice for s in segments if s.speaker == "Aiko"] == [casting.characters["Aiko"]]
    assert json.loads((tmp_path / VOICES_FILE).read_text())["characters"]["Aiko"]["pitch"] == 7
    assert (tmp_path / SEGMENTS_FILE).read_text().count("\n") == len(segments)
    assert (tmp_path / SSML_FILE).exists()


def test_casting_by_alias_and_for_absent_characters_is_kept(tmp_path):
    doc = fabula.analyze_file(EXAMPLE)
    aiko = next(c for c in doc.characters if c.name == "Aiko")
    alias = next(a for a in aiko.aliases if a != aiko.name)
    casting = Casting(characters={alias.upper(): Voice("en-029+f5", 5), "Somebody Else": Voice("en-us+f3", 0)})
    result = cast_voices(doc, casting)
    assert "Aiko" not in result.characters and result.characters[alias.upper()].voice == "en-029+f5"
    assert result.characters["Somebody Else"] == Voice("en-us+f3", 0)
    assert all(v.sound() != ("en-us+f3", 0, 100) for k, v in result.characters.items() if k != "Somebody Else")


def test_chosen_voices_win_over_the_sheet(tmp_path):
    doc = fabula.analyze_file(EXAMPLE)
    aiko = next(c for c in doc.characters if c.name == "Aiko")
    alias = next(a for a in aiko.aliases if a != aiko.name)
    sheet = Casting(characters={"Aiko": Voice("en-029+f5", 5), "Somebody Else": Voice("en-us+f3", 0)})
    chosen = {alias: Voice("en+f4", -10, 90), "Narrator": Voice("en-us+m5"), "UNATTRIBUTED": Voice("en+m1")}
    result = cast_voices(doc, sheet, chosen)
    assert "Aiko" not in result.characters and result.voice_for(doc, aiko.id) == Voice("en+f4", -10, 90)
    assert result.narrator == Voice("en-us+m5") and result.unattributed == Voice("en+m1")
    assert result.characters["Somebody Else"] == Voice("en-us+f3", 0)
    segments, casting = write_audiobook(doc, tmp_path, chosen)
    assert json.loads((tmp_path / VOICES_FILE).read_text())["characters"][alias] == \
        {"voice": "en+f4", "pitch": -10, "rate": 90}
    assert {s.voice for s in segments if s.character_id == aiko.id} == {Voice("en+f4", -10, 90)}


def test_first_person_narrator_lines_take_the_narrator_voice():
    doc = fabula.analyze('"Wait," I said.\n\n"No," said Tomas.\n')
    narrator_line = next(q for q in doc.quotes if q.speaker == "narrator")
    segments = audiobook_segments(doc, cast_voices(doc))
    seg = next(s for s in segments if s.quote_id == narrator_line.id)
    assert seg.voice == NARRATOR and seg.speaker == "Narrator"


def test_unattributed_lines_have_their_own_voice():
    doc = fabula.analyze('"Who goes there?"\n')
    doc = replace(doc, quotes=tuple(replace(q, speaker=None) for q in doc.quotes))
    casting = cast_voices(doc)
    (seg,) = [s for s in audiobook_segments(doc, casting) if s.quote_id]
    assert seg.speaker is None and seg.voice == casting.unattributed != casting.narrator


@pytest.mark.parametrize("content, needle", [
    ("{not json", "not valid JSON: line 1"),
    ("[]", "expected an object"),
    ('{"narator": {}}', "unknown key 'narator'"),
    ('{"characters": []}', "characters: expected an object"),
    ('{"characters": {"Aiko": "en-us+f3"}}', "'Aiko': expected an object"),
    ('{"characters": {"Aiko": {"voice": "en us"}}}', "voice must be an espeak-ng voice name"),
    ('{"characters": {"Aiko": {"voice": "en-us+f3", "pitch": "high"}}}', "pitch must be a whole number"),
    ('{"characters": {"Aiko": {"voice": "en-us+f3", "rate": 1000}}}', "rate must be a whole number"),
    ('{"characters": {"Aiko": {"voice": "en-us+f3", "pich": 3}}}', "unknown key 'pich'"),
])
def test_malformed_voices_file_names_the_file_and_problem(tmp_path, content, needle):
    sheet = tmp_path / VOICES_FILE
    sheet.write_text(content)
    with pytest.raises(InputError) as err:
        load_casting(sheet)
    assert str(err.value).startswith(str(sheet)) and needle in str(err.value)


def test_output_folder_that_is_a_file_is_an_error(tmp_path):
    (tmp_path / "book").write_text("x")
    with pytest.raises(InputError, match="not a folder"):
        write_audiobook(fabula.analyze('"Hi," said Tomas.\n'), tmp_path / "book")


PARAGRAPHS = st.sampled_from([
    '"Go," said Tomas.', '"I want to talk," Mara replied, "to you."', "The rain kept on.", "* * *",
    "A/N: thanks for reading!", 'Mara sat. "Why?" she asked. "Tell me."', "'Not again,' she thought.",
    '"It was long ago,\n\n"and cold."', "Chapter 2: Night", "… —",
])


@settings(max_examples=80, deadline=None)
@given(st.lists(PARAGRAPHS, min_size=1, max_size=10))
def test_generated_texts_are_read_once_in_order(paragraphs):
    doc = fabula.analyze("\n\n".join(paragraphs) + "\n")
    segments = audiobook_segments(doc, cast_voices(doc))
    assert_segments_cover_the_story(doc, segments)
    ElementTree.fromstring(format_ssml(segments).encode())
