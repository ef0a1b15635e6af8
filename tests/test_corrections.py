"""Hand corrections to the cast and speakers: the file format, each rule, and
that corrections survive re-analysis of an edited text. Documents are built by
hand so that the tests do not depend on the cast stage's output."""

import json
import os
import re
import subprocess
import sys
from collections import Counter

import pytest
import yaml

from conftest import EXAMPLE, assert_offsets
from fabula.corrections import apply_corrections, corrections_from_document, load_corrections
from fabula.errors import FabulaError
from fabula.model import Character, Document, Mention, Paragraph, Quote
from fabula.writers.casting import Voice

CHAPTER = (
    'Sakura found Naruto by the gate. "I want to talk about the mission," she said.\n\n'
    '"Later," Naruto said. "Ino-pig is waiting for us in Konoha."\n\n'
    '"Hey, Forehead!" Ino-pig shouted from the roof.\n\n'
    '"Later," said Mr. Hatake, and Kakashi waved.\n'
)
CAST = (
    Character("c1", "Sakura", gender="female"),
    Character("c2", "Naruto"),
    Character("c3", "Ino-pig", gender="female"),
    Character("c4", "Konoha"),
    Character("c5", "Mr. Hatake"),
    Character("c6", "Kakashi", gender="male"),
)
# q3 is wrongly given to the village, q4 has no speaker.
SPEAKERS = ("c1", "c2", "c4", None, "c5")


def make_doc(text=CHAPTER, speakers=SPEAKERS, cast=CAST):
    """Quotes are the "…" spans in order (ids q1, q2, …), mentions every name."""
    quotes = tuple(
        Quote(m.start(1), m.end(1), id=f"q{n}", speaker=who, confidence=0.6 if who else None,
              evidence="explicit" if who else None)
        for n, (m, who) in enumerate(zip(re.finditer(r'"([^"]*)"', text), speakers, strict=True), 1)
    )
    mentions = sorted(
        (Mention(m.start(), m.end(), c.id) for c in cast for name in (c.name, *c.aliases)
         for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)),
        key=lambda m: m.start,
    )
    lines = Counter(q.speaker for q in quotes)
    counts = Counter(m.character for m in mentions)
    characters = tuple(Character(c.id, c.name, c.aliases, c.gender, counts[c.id], lines[c.id]) for c in cast)
    paragraphs = tuple(Paragraph(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text))
    return Document(text=text, source={"name": "ch.txt", "format": "txt"}, paragraphs=paragraphs,
                    quotes=quotes, characters=characters, mentions=tuple(mentions))


def corrections(tmp_path, text, name="corr.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_corrections(path)


def corrected(tmp_path, text, doc=None):
    doc = doc or make_doc()
    result = apply_corrections(doc, corrections(tmp_path, text))
    assert_offsets(result)
    return result


def speaker_of(doc, quote_id):
    q = next(q for q in doc.quotes if q.id == quote_id)
    return doc.character(q.speaker).name if q.speaker else None


def by_name(doc, name):
    return next(c for c in doc.characters if c.name == name)


def warnings(doc):
    return doc.source["corrections"]["warnings"]


def test_the_hand_built_document_is_sound():
    doc = make_doc()
    assert_offsets(doc)
    assert [doc.span_text(q) for q in doc.quotes][3] == "Hey, Forehead!"
    assert by_name(doc, "Naruto").mentions == 2


def test_merge_repoints_ids_unions_aliases_and_recounts(tmp_path):
    doc = corrected(tmp_path, "merge:\n  - [Kakashi, mr. hatake]\n")
    kakashi = by_name(doc, "Kakashi")
    assert kakashi.id == "c6" and kakashi.aliases == ("Mr. Hatake",)
    assert "c5" not in {c.id for c in doc.characters}
    assert speaker_of(doc, "q5") == "Kakashi"
    assert (kakashi.lines, kakashi.mentions) == (1, 2)
    assert all(m.character != "c5" for m in doc.mentions)
    assert doc.source["corrections"] == {"file": str(tmp_path / "corr.yaml"), "applied": 1, "warnings": []}


def test_merge_canonical_name_is_the_first_entry_even_when_it_is_an_alias(tmp_path):
    cast = CAST[:4] + (Character("c5", "Mr. Hatake", aliases=("Scarecrow",)), CAST[5])
    doc = corrected(tmp_path, "merge:\n  - [Scarecrow, Kakashi]\n", make_doc(cast=cast))
    merged = by_name(doc, "Scarecrow")
    assert merged.id == "c5" and merged.aliases == ("Mr. Hatake", "Kakashi")
    assert merged.gender == "male"  # the one gender known among the merged
    assert (merged.lines, merged.mentions) == (1, 2)


def test_merge_under_a_new_canonical_name(tmp_path):
    doc = corrected(tmp_path, "merge:\n  - [Kakashi Hatake, Mr. Hatake, Kakashi]\n")
    merged = by_name(doc, "Kakashi Hatake")
    assert merged.id == "c5" and merged.aliases == ("Mr. Hatake", "Kakashi")
    assert warnings(doc) == []


def test_rename_keeps_the_old_name_as_an_alias(tmp_path):
    doc = corrected(tmp_path, "rename:\n  Ino-pig: Ino Yamanaka\n")
    ino = by_name(doc, "Ino Yamanaka")
    assert ino.id == "c3" and ino.aliases == ("Ino-pig",)
    assert ino.mentions == 2


def test_not_characters_unattributes_their_lines_and_drops_mentions(tmp_path):
    doc = corrected(tmp_path, "not_characters:\n  - konoha\n")
    assert "Konoha" not in {c.name for c in doc.characters}
    q3 = doc.quotes[2]
    assert (q3.speaker, q3.confidence, q3.evidence) == (None, None, None)
    assert all(m.character != "c4" for m in doc.mentions)
    assert len(doc.mentions) == len(make_doc().mentions) - 1


def test_gender(tmp_path):
    doc = corrected(tmp_path, "gender:\n  naruto: male\n  Mr.   Hatake: nonbinary\n")
    assert by_name(doc, "Naruto").gender == "male"
    assert by_name(doc, "Mr. Hatake").gender == "nonbinary"


def test_speaker_by_opening_words(tmp_path):
    doc = corrected(tmp_path, 'speakers:\n  - quote: "hey,   FOREHEAD"\n    speaker: Ino-pig\n')
    q4 = doc.quotes[3]
    assert speaker_of(doc, "q4") == "Ino-pig"
    assert q4.confidence == 1.0 and q4.evidence is None  # evidence still says what the text shows
    assert by_name(doc, "Ino-pig").lines == 1


def test_speaker_by_id_with_addressees(tmp_path):
    doc = corrected(tmp_path, "speakers:\n  - id: q3\n    speaker: Naruto\n    addressees: [Sakura]\n")
    q3 = doc.quotes[2]
    assert speaker_of(doc, "q3") == "Naruto" and q3.addressees == ("c1",)
    assert by_name(doc, "Naruto").lines == 2 and by_name(doc, "Konoha").lines == 0
    assert "Konoha" in {c.name for c in doc.characters}  # not merged away nor removed: stays


def test_an_id_whose_words_no_longer_match_is_not_used(tmp_path):
    doc = corrected(tmp_path, 'speakers:\n  - id: q1\n    quote: "Hey, Forehead"\n    speaker: Ino-pig\n'
                              '  - id: q2\n    quote: "Nothing like this"\n    speaker: Kakashi\n')
    assert speaker_of(doc, "q1") == "Sakura"  # the id pointed here, the words did not
    assert speaker_of(doc, "q4") == "Ino-pig"  # the words did
    assert speaker_of(doc, "q2") == "Naruto"
    assert warnings(doc) == ["speakers (line 5): no quotation starts with 'Nothing like this'"]


def test_repeated_opening_words_go_in_order_or_to_all(tmp_path):
    doc = corrected(tmp_path, "speakers:\n  - {quote: Later, speaker: Sakura}\n  - {quote: Later, speaker: Ino-pig}\n")
    assert (speaker_of(doc, "q2"), speaker_of(doc, "q5")) == ("Sakura", "Ino-pig")
    doc = corrected(tmp_path, "speakers:\n  - {quote: Later, speaker: Sakura, all: true}\n")
    assert (speaker_of(doc, "q2"), speaker_of(doc, "q5")) == ("Sakura", "Sakura")
    # An entry naming one quotation wins over `all: true`, wherever it stands.
    doc = corrected(tmp_path, "speakers:\n  - {quote: Later, speaker: Sakura, all: true}\n"
                              "  - {id: q5, quote: Later, speaker: Kakashi}\n")
    assert (speaker_of(doc, "q2"), speaker_of(doc, "q5")) == ("Sakura", "Kakashi")


def test_opening_words_end_on_a_word_boundary(tmp_path):
    doc = corrected(tmp_path, "speakers:\n  - {quote: Lat, speaker: Sakura}\n")
    assert speaker_of(doc, "q2") == "Naruto" and len(warnings(doc)) == 1


def test_a_new_speaker_becomes_a_character_and_null_means_nobody(tmp_path):
    doc = corrected(tmp_path, "speakers:\n  - {quote: Hey, speaker: Hinata}\n  - {id: q1, speaker: null}\n")
    hinata = by_name(doc, "Hinata")
    assert hinata.id == "c7" and (hinata.lines, hinata.mentions) == (1, 0)
    assert doc.quotes[0].speaker is None and by_name(doc, "Sakura").lines == 0


def test_order_merge_then_rename_then_speakers(tmp_path):
    doc = corrected(tmp_path, "rename: {Kakashi: Kakashi Hatake}\nmerge: [[Kakashi, Mr. Hatake]]\n"
                              "speakers: [{quote: Hey, speaker: mr. hatake}]\n")
    kakashi = by_name(doc, "Kakashi Hatake")
    assert set(kakashi.aliases) == {"Kakashi", "Mr. Hatake"}
    assert speaker_of(doc, "q4") == "Kakashi Hatake" and kakashi.lines == 2


def test_unknown_names_give_warnings_not_errors(tmp_path):
    doc = corrected(tmp_path, "merge: [[Naruto, Sasuke], [Itachi, Kisame]]\nrename: {Orochimaru: Snake}\n"
                              "not_characters: [Suna]\ngender: {Gaara: male}\nspeakers: [{id: q99, speaker: Naruto}]\n")
    assert warnings(doc) == [
        "not_characters: no character named 'Suna'",
        "merge: no character named 'Sasuke'",
        "merge: no character named 'Itachi'",
        "merge: no character named 'Kisame'",
        "rename: no character named 'Orochimaru'",
        "gender: no character named 'Gaara'",
        "speakers (line 5): no quotation q99",
    ]
    assert by_name(doc, "Naruto").id == "c2"


def test_apply_never_mutates_and_empty_files_change_nothing(tmp_path):
    doc = make_doc()
    before = doc.to_dict()
    for text in ("", "# nothing yet\n", "merge:\nrename:\nspeakers: []\n"):
        result = corrected(tmp_path, text, doc)
        assert {**result.to_dict(), "source": before["source"]} == before
    corrected(tmp_path, "merge: [[Kakashi, Mr. Hatake]]\nnot_characters: [Konoha]\n", doc)
    assert doc.to_dict() == before


def test_json_files_are_corrections_too(tmp_path):
    c = corrections(tmp_path, json.dumps({"rename": {"Ino-pig": "Ino"}, "speakers": [{"id": "q4", "speaker": "Ino"}]}),
                    "corr.json")
    doc = apply_corrections(make_doc(), c)
    assert speaker_of(doc, "q4") == "Ino"


BAD_FILES = [
    ("merge: [[a, b]\n", "line 2: not valid YAML"),
    ("merge:\n  - [a, b]\nmerg:\n  - x\n", "line 3: unknown key 'merg'"),
    ("merge: Kakashi\n", "line 1: merge must be a list"),
    ("merge:\n  - [Kakashi]\n", "line 2: merge: each entry lists two or more names"),
    ("rename: [a, b]\n", "line 1: rename must be a mapping"),
    ("not_characters: [[a]]\n", "line 1: not_characters: expected a name"),
    ("gender:\n  Hoshi: boy\n", "line 2: gender of 'Hoshi' must be female, male, nonbinary, unknown"),
    ("gender: {Hoshi: male, hoshi: female}\n", "'hoshi' appears twice"),
    ("speakers:\n  - quote: Hey\n", "line 2: speakers: each entry needs 'speaker'"),
    ("speakers:\n  - speaker: Ino\n", "needs 'quote' or 'id'"),
    ("speakers:\n  - {id: 12, speaker: Ino}\n", "id: '12' is not a quotation id like q12"),
    ("speakers:\n  - {id: q1, quote: Hey, speaker: Ino, all: true}\n", "all: true goes with 'quote' alone"),
    ("speakers:\n  - {quote: Hey, speaker: Ino, all: maybe}\n", "all: expected true or false"),
    ("speakers:\n  - {quote: Hey, speaker: Ino, addresees: [Sakura]}\n", "unknown key 'addresees'"),
    ("- merge\n", "line 1: the file must be a mapping"),
    ("merge: []\n---\nmerge: []\n", "not valid YAML"),
    (b"\xff\xfe\x00bad", "not UTF-8 text"),
    ("split: Ino-pig\n", "line 1: split must be a list"),
    ("new_characters: [[Mei]]\n", "line 1: new_characters: expected a name"),
    ("voices:\n  Ino: en-us+f3\n", "line 2: voices: 'Ino' must be a mapping"),
    ("voices:\n  Ino: {voice: en-us+f3, pitch: high}\n", "line 2: voices: 'Ino': pitch must be a whole number "
                                                          "from -50 to 100, not 'high'"),
    ("voices:\n  Ino: {voice: en-us+f3, rate: 500}\n", "rate must be a whole number from 40 to 300, not 500"),
    ("voices:\n  Ino: {voice: 'en us', pitch: 0}\n", "voice must be an espeak-ng voice name"),
    ("voices:\n  Ino: {voice: en-us+f3, volume: 3}\n", "line 2: unknown key 'volume' (expected voice, pitch, rate"),
]


@pytest.mark.parametrize("content,needle", BAD_FILES)
def test_malformed_files_raise_one_line_naming_the_file(tmp_path, content, needle):
    path = tmp_path / "corr.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(FabulaError) as info:
        load_corrections(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message and needle in message, message


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(FabulaError, match="no such file"):
        load_corrections(tmp_path / "nope.yaml")


def test_starter_file_round_trip(tmp_path):
    doc = make_doc()
    starter = corrections_from_document(doc.to_dict())
    data = yaml.safe_load(starter)
    assert [c["name"] for c in data["characters"]] == [c.name for c in CAST]
    assert data["merge"] == [] and data["rename"] == {} and data["not_characters"] == [] and data["gender"] == {}
    assert data["speakers"][0] == {"quote": "I want to talk about the…", "id": "q1",
                                   "speaker": "Sakura", "found": "Sakura"}
    assert data["speakers"][3]["speaker"] is None
    assert "# " in starter and starter.count("\n  - quote: ") == len(doc.quotes)
    result = corrected(tmp_path, starter, doc)
    assert {**result.to_dict(), "source": doc.to_dict()["source"]} == doc.to_dict()
    assert result.source["corrections"]["warnings"] == []


def edited_starter(doc):
    """The starter file of `doc` with q3 and q4 corrected, the rest left alone."""
    starter = corrections_from_document(doc.to_dict())
    starter = starter.replace('id: q3\n    speaker: Konoha', "id: q3\n    speaker: Naruto")
    return starter.replace('id: q4\n    speaker: null', "id: q4\n    speaker: Ino-pig")


def test_corrections_survive_re_analysis_of_an_edited_text(tmp_path):
    path = tmp_path / "corr.yaml"
    path.write_text(edited_starter(make_doc()))
    fixes = load_corrections(path)
    # The author inserts a paragraph with two quotations, one of them another
    # "Later,": every offset and id shifts. The new analysis gives the last
    # "Later," to Kakashi, which the untouched entry (Mr. Hatake) must not undo.
    text = '"Later," Hinata said. "Hello there."\n\n' + CHAPTER
    cast = CAST + (Character("c7", "Hinata"),)
    later = make_doc(text, ("c7", "c7", "c1", "c2", "c4", None, "c6"), cast)
    doc = apply_corrections(later, fixes)
    assert_offsets(doc)
    assert [speaker_of(doc, f"q{n}") for n in range(1, 8)] == [
        "Hinata", "Hinata", "Sakura", "Naruto", "Naruto", "Ino-pig", "Kakashi"]
    assert doc.source["corrections"] == {"file": str(path), "applied": 2, "warnings": []}


def test_hand_written_entries_survive_re_analysis(tmp_path):
    fixes = corrections(tmp_path, "speakers:\n  - {id: q2, quote: Later, speaker: Sakura}\n"
                                  "  - {id: q5, quote: Later, speaker: Kakashi}\n  - {id: q4, quote: Hey, speaker: Ino-pig}\n")
    text = 'Hinata waited. "Hello," she said. "Is anyone here?"\n\n' + CHAPTER
    doc = apply_corrections(make_doc(text, (None, None) + SPEAKERS), fixes)
    assert_offsets(doc)
    # Old q2, q4, q5 are now q4, q6, q7.
    assert [speaker_of(doc, f"q{n}") for n in range(1, 8)] == [
        None, None, "Sakura", "Sakura", "Konoha", "Ino-pig", "Kakashi"]


def run(*args):
    env = {k: v for k, v in os.environ.items() if k != "FABULA_DEBUG"}
    return subprocess.run([sys.executable, "-m", "fabula", *map(str, args)], capture_output=True, env=env)


def assert_one_line_error(result, *needles):
    err = result.stderr.decode()
    assert result.returncode != 0 and err.count("\n") == 1 and err.startswith("fabula: error: "), err
    for needle in needles:
        assert needle in err, err


def test_cli_corrections_init(tmp_path):
    doc_json = tmp_path / "doc.json"
    doc_json.write_text(make_doc().to_json())
    result = run("corrections", "init", doc_json)
    assert result.returncode == 0 and result.stdout.decode() == corrections_from_document(make_doc().to_dict())
    out = tmp_path / "corr.yaml"
    assert run("corrections", "init", doc_json, "-o", out).returncode == 0
    assert load_corrections(out).speakers[0].quote == "I want to talk about the…"


def test_cli_corrections_init_rejects_what_is_not_fabula_json(tmp_path):
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "other.json").write_text('{"schema": "other/2"}')
    (tmp_path / "list.json").write_text("[1, 2]")
    assert_one_line_error(run("corrections", "init", tmp_path / "bad.json"), "bad.json: not a fabula JSON document")
    assert_one_line_error(run("corrections", "init", tmp_path / "other.json"), "schema 'other/2'")
    assert_one_line_error(run("corrections", "init", tmp_path / "list.json"), 'no "schema" field')
    assert_one_line_error(run("corrections", "init", tmp_path / "none.json"), "none.json: no such file")


def test_cli_analyze_with_corrections(tmp_path):
    corr = tmp_path / "corr.yaml"
    corr.write_text('rename: {Nobody At All: X}\nspeakers:\n  - quote: "you\'re late"\n    speaker: Ren Sato\n')
    result = run("analyze", EXAMPLE, "--corrections", corr, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode() == f"fabula: warning: {corr}: rename: no character named 'Nobody At All'\n"
    data = json.loads(result.stdout)
    late = next(q for q in data["quotes"] if q["text"].startswith("You're late"))
    ren = next(c for c in data["characters"] if c["id"] == late["speaker_id"])
    assert "Ren Sato" in (ren["name"], *ren["aliases"]) and late["confidence"] == 1.0
    assert data["source"]["corrections"]["applied"] == 1


def test_cli_analyze_with_a_bad_corrections_file(tmp_path):
    corr = tmp_path / "corr.yaml"
    corr.write_text("merge:\n  - [a, b]\nmerg: []\n")
    assert_one_line_error(run("analyze", EXAMPLE, "--corrections", corr), f"{corr}: line 3: unknown key 'merg'")
    assert_one_line_error(run("analyze", EXAMPLE, "--corrections", tmp_path / "none.yaml"), "no such file")


def test_new_sections_read_as_written(tmp_path):
    c = corrections(tmp_path, "new_characters: [Mei Terumi]\nsplit: [Mrs. Weston]\n"
                              "voices:\n  Ino: {voice: en-us+f3, pitch: -20, rate: 110, gender: female}\n"
                              "  narrator: {voice: en-gb-x-rp}\n")
    assert c.new_characters == ("Mei Terumi",) and c.split == ("Mrs. Weston",)
    assert c.voices == (("Ino", Voice("en-us+f3", -20, 110)), ("narrator", Voice("en-gb-x-rp", 0, 100)))
