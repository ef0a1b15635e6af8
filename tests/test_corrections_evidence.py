"""Corrections as evidence: the cast corrected before the speaker stage, the
corrected lines held fixed while the rest is inferred, and the entries that
can only apply to the finished document. Expectations about speakers are
taken from the model itself (the speaker model changes), except that a
fixed line keeps its speaker."""

import json
from dataclasses import replace

import fabula
from conftest import EXAMPLE, assert_offsets
from fabula.corrections import analyze_with_corrections, apply_corrections, correct_analysis, parse_corrections
from fabula.pipeline import find_speakers, find_structure_and_cast
from fabula.readers import read_path
from fabula.readers.text import document_from_string

EXCHANGE = """Mara and Tomas sat by the fire in the old house. Mara looked at Tomas, and Tomas said
nothing for a long time. Mara sighed.

"Is it late?"

"Not yet."

"Then stay a while."

"I will, if you want me to."

"I do."
"""

FIRST_PERSON = """Tom waited at the gate when I came back from the river.

"Where have you been?" Tom asked.

"My name is Jake," I said. "And I have been fishing."

"Nobody asked your name."

"Then why did you look at me like that?"

Tom shrugged and walked away.
"""


def structure_of(text):
    return find_structure_and_cast(document_from_string(text))


def corrected(structure, yaml_text):
    result = correct_analysis(structure, parse_corrections(yaml_text, "fix.yaml"))
    assert_offsets(result.document)
    return result


def speakers(doc):
    names = {c.id: c.name for c in doc.characters}
    return [names.get(q.speaker) for q in doc.quotes]


def test_a_fixed_line_holds_and_the_exchange_follows_it():
    structure = structure_of(EXCHANGE)
    plain, _ = find_speakers(structure)
    first = plain.quotes[0].speaker
    other = next(c for c in plain.characters if c.id != first and c.name in ("Mara", "Tomas"))
    result = corrected(structure, f'speakers:\n  - {{quote: "Is it late", speaker: {other.name}}}\n')
    doc = result.document
    assert doc.quotes[0].speaker == other.id and doc.quotes[0].confidence == 1.0
    assert result.held == {0}
    # Exactly what the speaker stage infers with that line held fixed, and
    # in a two-person exchange, turn-taking moves other lines with it.
    held, _ = find_speakers(structure, fixed={0: other.id})
    assert [q.speaker for q in doc.quotes] == [q.speaker for q in held.quotes]
    assert [q.speaker for q in doc.quotes[1:]] != [q.speaker for q in plain.quotes[1:]]
    assert doc.source["corrections"] == {"file": "fix.yaml", "applied": 1, "warnings": []}


def test_likely_speakers_are_ranked_in_the_documents_ids():
    result = corrected(structure_of(EXCHANGE), "")
    ids = {c.id for c in result.document.characters}
    for q, ranked in zip(result.document.quotes, result.ranked):
        assert ranked and ranked[0][0] == q.speaker
        assert all(cid in ids for cid, _ in ranked)
        assert [p for _, p in ranked] == sorted((p for _, p in ranked), reverse=True)
        assert abs(sum(p for _, p in ranked) - 1) < 1e-6


def test_no_corrections_change_nothing():
    structure = find_structure_and_cast(read_path(EXAMPLE))
    doc = corrected(structure, "").document
    assert {**doc.to_dict(), "source": {}} == {**fabula.analyze_file(EXAMPLE).to_dict(), "source": {}}


def test_the_cast_is_corrected_before_the_speakers():
    structure = find_structure_and_cast(read_path(EXAMPLE))
    plain = fabula.analyze_file(EXAMPLE)
    hollis = next(c for c in plain.characters if c.name == "Hollis")
    assert hollis.lines
    # Not a character: the model gives its lines to someone else, where the
    # finished document would only lose their speaker.
    doc = corrected(structure, "not_characters: [Hollis]\n").document
    assert "Hollis" not in speakers(doc) and None not in speakers(doc)
    assert None in speakers(apply_corrections(plain, parse_corrections("not_characters: [Hollis]\n")))
    # A gender is evidence: pronoun tags now fit or misfit differently.
    doc = corrected(structure, "gender: {Hollis: female}\n").document
    assert doc.character(hollis.id).gender == "female"
    fixed_cast = replace(structure, characters=tuple(replace(c, gender="female") if c.id == hollis.id else c
                                                    for c in structure.characters))
    assert [q.speaker for q in doc.quotes] == [q.speaker for q in find_speakers(fixed_cast)[0].quotes]


def test_split_detaches_a_name_form_with_its_mentions():
    structure = find_structure_and_cast(read_path(EXAMPLE))
    doc = corrected(structure, "split: [Ren Sato]\n").document
    ren = next(c for c in doc.characters if c.name == "Ren")
    sato = next(c for c in doc.characters if c.name == "Ren Sato")
    assert "Ren Sato" not in ren.aliases and sato.aliases == ()
    assert [doc.span_text(m) for m in doc.mentions if m.character == sato.id] == ["Ren Sato"]
    assert sato.mentions == 1


def test_new_characters_and_split_in_a_finished_document():
    plain = fabula.analyze_file(EXAMPLE)
    doc = apply_corrections(plain, parse_corrections("new_characters: [Mei, aiko]\nsplit: [Ren Sato, Hollis]\n"))
    assert {"Mei", "Ren Sato"} <= {c.name for c in doc.characters}
    assert sum(c.name.casefold() == "aiko" for c in doc.characters) == 1  # already there
    assert doc.source["corrections"]["warnings"] == ["split: 'Hollis' is the only name of its character"]


def test_entries_for_names_only_the_finished_document_has_still_apply():
    structure = structure_of(FIRST_PERSON)
    plain, _ = find_speakers(structure)
    narrator = next(c for c in plain.characters if "Narrator" in (c.name, *c.aliases))
    doc = corrected(structure, f"rename: {{{narrator.name}: Jacob}}\n"
                               'speakers:\n  - {quote: "Then why", speaker: Narrator}\n').document
    jacob = next(c for c in doc.characters if c.name == "Jacob")
    assert "Narrator" in jacob.aliases and doc.quotes[-1].speaker == jacob.id
    assert doc.source["corrections"]["warnings"] == [] and doc.source["corrections"]["applied"] == 2


def test_a_speaker_named_only_later_is_one_character():
    # "Jake" names himself in the text; a line given to "Jake" before the
    # speaker stage knows it must not leave two Jakes.
    doc = corrected(structure_of(FIRST_PERSON), 'speakers:\n  - {quote: "Then why", speaker: Jake}\n').document
    assert sum(c.name == "Jake" for c in doc.characters) == 1
    assert speakers(doc)[-1] == "Jake"


def test_nobody_addressees_and_warnings():
    structure = find_structure_and_cast(read_path(EXAMPLE))
    result = corrected(structure, "gender: {Nobody Here: male}\n"
                                  "speakers:\n  - {quote: \"You're late\", speaker: null}\n"
                                  "  - {quote: \"Fine\", speaker: Aiko, addressees: [Hollis]}\n"
                                  "  - {quote: \"Nothing of the kind\", speaker: Ren}\n")
    doc = result.document
    late = next(q for q in doc.quotes if doc.span_text(q).startswith("You're late"))
    fine = next(i for i, q in enumerate(doc.quotes) if doc.span_text(q).startswith("Fine"))
    assert (late.speaker, late.confidence, late.evidence) == (None, None, None)
    assert [doc.character(a).name for a in doc.quotes[fine].addressees] == ["Hollis"]
    assert doc.quotes.index(late) in result.held and fine in result.held
    assert doc.source["corrections"] == {"file": "fix.yaml", "applied": 2, "warnings": [
        "gender: no character named 'Nobody Here'",
        "speakers (line 5): no quotation starts with 'Nothing of the kind'",
    ]}


def test_analyze_with_corrections_is_correct_analysis_of_the_file(tmp_path):
    fix = tmp_path / "fix.yaml"
    fix.write_text("merge: [[Ren, Hollis]]\nspeakers:\n  - {quote: \"Eleven minutes\", speaker: Aiko}\n")
    doc = analyze_with_corrections(EXAMPLE, fix)
    from fabula.corrections import load_corrections
    expected = correct_analysis(find_structure_and_cast(read_path(EXAMPLE)), load_corrections(fix)).document
    assert doc.to_json() == expected.to_json()
    assert json.loads(doc.to_json())["source"]["corrections"]["applied"] == 2
