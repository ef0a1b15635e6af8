"""The evaluation against annotated fiction: the measure, the corpus readers, the CLI.

The measure is checked on hand-built documents; the readers and the CLI on
tiny invented corpora in tests/fixtures/eval (same file formats as PDNC and
LitBank). The tests on real PDNC and LitBank texts skip without ../shared/data.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

import pytest
from click.testing import CliRunner

from conftest import ROOT, SHARED
from fabula.cli import cli
from fabula.errors import InputError
from fabula.evaluate import fanfic, litbank, pdnc, report
from fabula.evaluate.scoring import (Counts, GoldCharacter, GoldQuote, GoldText, map_characters,
                                     normalize_name, score, score_cast, total)
from fabula.model import Character, Document, Quote

FIXTURES = ROOT / "tests" / "fixtures" / "eval"
PDNC_DATA = SHARED / "data" / "pdnc"
LITBANK_DATA = SHARED / "data" / "litbank"
LITBANK = FIXTURES / "litbank"


def gold_character(gid, name, *aliases):
    return GoldCharacter(id=gid, name=name, names=frozenset({name, *aliases}))


def character(cid, name, *aliases):
    return Character(id=cid, name=name, aliases=aliases)


def run(*args):
    env = {k: v for k, v in os.environ.items() if k != "FABULA_DEBUG"}
    return subprocess.run([sys.executable, "-m", "fabula", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=ROOT)


# Names and the character mapping

def test_names_compare_case_folded_without_punctuation():
    assert normalize_name("Mr. Knightley") == normalize_name("mr knightley") == "mr knightley"
    assert normalize_name("  Mrs.\n Weston ") == "mrs weston"
    assert normalize_name("O'Brien") == normalize_name("OBrien")
    assert normalize_name("...") == ""


def test_character_maps_to_the_gold_character_sharing_most_names():
    gold = [gold_character("emma", "Emma", "Miss Woodhouse", "Emma Woodhouse"),
            gold_character("isabella", "Isabella", "Miss Woodhouse")]
    found = [character("c1", "Emma Woodhouse", "miss woodhouse"),
             character("c2", "Isabella"),
             character("c3", "Mr. Elton")]
    assert map_characters(found, gold, {}) == {"c1": "emma", "c2": "isabella"}


def test_name_ties_go_to_the_main_name_then_to_more_quotes():
    gold = [gold_character("john", "John Knightley", "Mr. Knightley"),
            gold_character("george", "Mr. Knightley", "George")]
    assert map_characters([character("c", "Mr Knightley")], gold, {"john": 50}) == {"c": "george"}
    twins = [gold_character("h1", "Harriet Smith", "Harriet"), gold_character("h2", "Harriet Jones", "Harriet")]
    assert map_characters([character("c", "Harriet")], twins, {"h1": 2, "h2": 9}) == {"c": "h2"}


def test_fabulas_narrator_maps_to_the_gold_narrator_unless_a_name_maps_it():
    gold = [gold_character("n", "my"), gold_character("tom", "Tom")]
    unnamed = [character("narrator", "Narrator"), character("c1", "Mr. Lee")]
    assert map_characters(unnamed, gold, {}) == {}
    assert map_characters(unnamed, gold, {}, narrator="n") == {"narrator": "n"}
    assert map_characters([character("narrator", "Tom")], gold, {}, narrator="n") == {"narrator": "tom"}


# The overlap rule

TEXT = "x" * 200
GOLD_CHARACTERS = (gold_character("anna", "Anna"), gold_character("brook", "Mr. Brook"))
FOUND_CHARACTERS = (character("f-anna", "Anna"), character("f-brook", "Brook", "Mr. Brook"))


def scored(gold_quotes, found_quotes):
    gold = GoldText("t", TEXT, GOLD_CHARACTERS, tuple(gold_quotes))
    return score(gold, Document(text=TEXT, quotes=tuple(found_quotes), characters=FOUND_CHARACTERS))


def test_interrupted_quotation_reported_as_two_spans_is_right():
    gold = [GoldQuote("q", ((10, 30), (45, 70)), "brook", "explicit")]
    found = [Quote(10, 30, "a", speaker="f-brook"), Quote(45, 70, "b", speaker="f-brook")]
    counts = scored(gold, found)
    assert (counts.found, counts.right, counts.typed_right["explicit"]) == (1, 1, 1)


def test_speakers_are_summed_over_the_spans_covering_a_quotation():
    gold = [GoldQuote("q", ((0, 100),), "anna")]
    halves = [Quote(0, 30, "a", speaker="f-anna"), Quote(30, 60, "b", speaker="f-anna"),
              Quote(60, 100, "c", speaker="f-brook")]
    assert scored(gold, halves).right == 1
    split = [Quote(0, 40, "a", speaker="f-anna"), Quote(40, 100, "b", speaker="f-brook")]
    counts = scored(gold, split)
    assert (counts.found, counts.right) == (1, 0)


def test_quotation_covered_less_than_half_is_not_found():
    gold = [GoldQuote("q", ((0, 100),), "anna")]
    counts = scored(gold, [Quote(60, 109, "a", speaker="f-anna")])
    assert (counts.found, counts.right, counts.recall) == (0, 0, 0.0)
    assert scored(gold, [Quote(50, 109, "a", speaker="f-anna")]).right == 1


def test_wrong_or_missing_speaker_is_found_but_not_right():
    gold = [GoldQuote("q1", ((0, 50),), "anna", "implicit"), GoldQuote("q2", ((60, 90),), "anna")]
    found = [Quote(0, 50, "a", speaker="f-brook"), Quote(60, 90, "b")]
    counts = scored(gold, found)
    assert (counts.quotes, counts.found, counts.right) == (2, 2, 0)
    assert counts.type_accuracy("implicit") == 0.0 and counts.type_accuracy("explicit") is None


def test_only_speech_and_thought_count():
    gold = [GoldQuote("q1", ((0, 50),), "anna"), GoldQuote("q2", ((60, 90),), "anna")]
    found = [Quote(0, 50, "a", kind="thought", speaker="f-anna"),
             Quote(60, 90, "b", kind="title", speaker="f-anna")]
    assert (scored(gold, found).found, scored(gold, found).right) == (1, 1)


def test_confidence_bucket_takes_the_most_overlapping_quotation():
    gold = [GoldQuote("q1", ((0, 50),), "anna"), GoldQuote("q2", ((60, 90),), "anna"),
            GoldQuote("q3", ((100, 140),), "brook"), GoldQuote("q4", ((150, 160),), "brook")]
    found = [Quote(0, 10, "a", speaker="f-anna", confidence=0.5),
             Quote(10, 50, "b", speaker="f-anna", confidence=0.95),
             Quote(60, 90, "c", speaker="f-brook", confidence=0.99),
             Quote(100, 140, "d", speaker="f-brook", confidence=0.6)]
    counts = scored(gold, found)
    assert (counts.confident, counts.confident_right) == (2, 1)
    assert counts.confident_share == 0.5 and counts.confident_accuracy == 0.5


def test_totals_are_micro_averages_over_quotations():
    big = Counts(quotes=9, found=9, right=9)
    small = Counts(quotes=1, found=1, right=0)
    assert total([big, small]).accuracy == 0.9  # a macro average would say 0.5
    results = [report.TextResult("Big", big, 0.0), report.TextResult("Small", small, 0.0),
               report.TextResult("Broken", None, 0.0, "ValueError: bad")]
    table = report.format_table(results)
    assert re.search(r"micro-average \(2 novels, 1 failed\)\s+10\s+1\.000\s+0\.900", table)
    assert re.search(r"\nBroken\s+error: ValueError: bad\n", table)


# The corpus readers

def test_pdnc_reader_gives_spans_speakers_and_types():
    gold = pdnc.load_novel(FIXTURES / "pdnc" / "Harbour")
    first, second = gold.quotes[:2]
    assert [gold.text[s:e] for s, e in first.spans] == ["Good morning, Anna,", "the sea is calm today."]
    names = {c.id: c.name for c in gold.characters}
    assert names[first.speaker] == "Mr. Brook" and first.type == "explicit"
    # The annotation names this speaker by an alias.
    assert names[second.speaker] == "Anna Hale" and second.type == "anaphoric"


def test_pdnc_folds_split_sorted_novels_by_position(tmp_path):
    for name in ("b", "D", "a", "c", "E"):
        (tmp_path / name).mkdir()
        (tmp_path / name / pdnc.QUOTATIONS).write_text("quoteID\n")
    (tmp_path / "notes").mkdir()
    assert pdnc.pdnc_folds(tmp_path) == {"A": ["D", "a", "c"], "B": ["E", "b"]}
    assert pdnc.pdnc_folds(FIXTURES / "pdnc") == {"A": ["Harbour", "Orchard"], "B": ["Lighthouse"]}


def test_litbank_reader_places_gold_quotations_in_the_original():
    assert litbank.litbank_texts(LITBANK) == ["1_harbour", "3_lantern"]  # no quotations in 2_empty
    gold = litbank.load_text(LITBANK / "quotations" / "tsv" / "1_harbour_brat.ann")
    # The passage the tokens come from: no title before it, no next chapter after it.
    assert gold.text.startswith("CHAPTER I\n\n\"Good morning") and gold.text.endswith('"Fair wind!"')
    assert [gold.text[s:e] for q in gold.quotes for s, e in q.spans] == [
        "Good morning, Anna,", "the sea is calm\ntoday.", "It isn’t ever calm for long,", "Fair wind!"]
    assert [q.speaker for q in gold.quotes] == ["Mr_Brook-1", "Mr_Brook-1", "Anna-0", "boatman-3"]
    people = {c.id: (c.name, c.names) for c in gold.characters}
    # "Old Tom" is in no chain; the apposition "The boatman, Old Tom" names boatman-3.
    assert people == {"Anna-0": ("Anna", {"Anna"}), "Mr_Brook-1": ("Mr. Brook", {"Mr. Brook"}),
                      "boatman-3": ("Old Tom", {"Old Tom"})}
    assert gold.narrator is None


def test_litbank_narrator_is_the_chain_saying_i_outside_quotations():
    gold = litbank.load_text(LITBANK / "quotations" / "tsv" / "3_lantern_brat.ann")
    assert gold.narrator == "narrator-0"
    assert [gold.text[s:e] for q in gold.quotes for s, e in q.spans] == ["Mind the seventh step,", "I see it,"]
    assert litbank._narrator(Counter({"a": 9})) is None  # too few
    assert litbank._narrator(Counter({"a": 12, "b": 7})) is None  # no clear narrator


def test_alignment_ignores_spacing_and_quote_mark_forms():
    original = "Title\n\n\u201cWell,\u201d said\nshe, \u2018don\u2019t!\u2019\n\nMore."
    tokenized = "`` Well , '' said she , ' do n't ! '"
    (tokens,), start, end = litbank.align(tokenized, original)
    assert original[start:end] == "\u201cWell,\u201d said\nshe, \u2018don\u2019t!\u2019"
    assert [original[s:e] for s, e in tokens] == [
        "\u201c", "Well", ",", "\u201d", "said", "she", ",", "\u2018", "do", "n\u2019t", "!", "\u2019"]


def test_alignment_matches_runs_when_the_text_departs_from_the_original(monkeypatch):
    monkeypatch.setattr(litbank, "ANCHOR", 8)
    original = "It was a grey day. The colour of the sea was lead."
    (tokens,), start, end = litbank.align("It was a grey day . The color of the sea ~ was lead .", original)
    assert original[start:end] == original
    placed = [original[s:e] if s is not None else None for s, e in (t or (None, None) for t in tokens)]
    assert placed[6:9] == ["The", "colour", "of"] and placed[11] is None and placed[12] == "was"
    with pytest.raises(ValueError, match="not in the original"):
        litbank.align("A grey day .", original)


def test_litbank_scores_fabulas_reading_of_the_original():
    gold = litbank.load_text(LITBANK / "quotations" / "tsv" / "3_lantern_brat.ann")
    (s1, e1), (s2, e2) = (q.spans[0] for q in gold.quotes)
    doc = Document(text=gold.text, characters=(character("narrator", "Narrator"),),
                   quotes=(Quote(s1, e1, "a"), Quote(s2, e2, "b", speaker="narrator")))
    counts = score(gold, doc)
    assert (counts.quotes, counts.found, counts.right) == (2, 2, 1)


# The CLI

def perfect_reading(text, title=None, speaker_weights=None):
    """What a flawless fabula would return for a fixture PDNC novel."""
    gold = pdnc.load_novel(FIXTURES / "pdnc" / title)
    if title == "Lighthouse":
        raise RuntimeError("cannot read the lamp")
    quotes = tuple(Quote(s, e, f"{q.id}-{i}", speaker=f"f{q.speaker}", confidence=0.95)
                   for q in gold.quotes for i, (s, e) in enumerate(q.spans))
    characters = tuple(Character(f"f{c.id}", c.name) for c in gold.characters)
    return Document(text=text, quotes=quotes, characters=characters)


def test_cli_table_reports_each_novel_and_an_error_row(monkeypatch):
    monkeypatch.setattr(report, "analyze", perfect_reading)
    result = CliRunner().invoke(cli, ["eval", "pdnc", str(FIXTURES / "pdnc")])
    assert result.exit_code == 1 and "1 of 3 novels failed (Lighthouse" in str(result.exception)
    lines = result.output.splitlines()
    assert re.fullmatch(r"Harbour\s+4(\s+1\.000){7}", lines[1])
    assert lines[2].startswith("Lighthouse") and "error: RuntimeError: cannot read the lamp" in lines[2]
    assert re.fullmatch(r"Orchard\s+3(\s+1\.000){2}\s+1\.000\s+n/a(\s+1\.000){3}", lines[3])
    assert re.fullmatch(r"micro-average \(2 novels, 1 failed\)\s+7(\s+1\.000){7}", lines[4])
    assert lines[-1].startswith("Figures are fractions of gold quotations")


def test_cli_fold_novel_and_json(monkeypatch):
    monkeypatch.setattr(report, "analyze", perfect_reading)
    result = CliRunner().invoke(cli, ["eval", "pdnc", str(FIXTURES / "pdnc"), "--fold", "A",
                                      "--novel", "Orchard", "--format", "json"])
    data = json.loads(result.output)
    assert [t["name"] for t in data["texts"]] == ["Orchard"]
    assert data["total"]["quotes"] == 3 and data["total"]["accuracy"] == 1.0


def test_cli_runs_fabula_on_both_fixture_corpora_with_workers():
    table = run("eval", "pdnc", FIXTURES / "pdnc", "--workers", "2")
    assert table.returncode == 0, table.stderr
    assert re.search(r"micro-average \(3 novels\)\s+10\s+1\.000", table.stdout)
    result = run("eval", "litbank", LITBANK, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"]["recall"] == 1.0


@pytest.mark.parametrize("args, needle", [
    (["pdnc", "no/such/dir"], "not a directory"),
    (["pdnc", LITBANK], "no PDNC novels"),
    (["pdnc", FIXTURES / "pdnc", "--fold", "B", "--novel", "Harbour"], "no novel named 'Harbour' in fold B"),
    (["litbank", FIXTURES / "pdnc"], "not a LitBank directory"),
])
def test_cli_bad_directory_is_a_one_line_error(args, needle):
    result = run("eval", *args)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("fabula: error: ")
    assert needle in result.stderr


def test_real_pdnc_novel():
    if not (PDNC_DATA / "DaisyMiller").is_dir():
        pytest.skip("../shared/data/pdnc not present")
    result = run("eval", "pdnc", PDNC_DATA, "--novel", "DaisyMiller")
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("DaisyMiller"))
    quotes, *figures = row.split()[1:]
    assert int(quotes) == 550
    values = [float(f) for f in figures if f != "n/a"]
    assert len(values) >= 6 and all(0 <= v <= 1 for v in values)
    assert values[0] > 0.9  # recall


def test_every_real_litbank_quotation_aligns():
    if not (LITBANK_DATA / "original").is_dir():
        pytest.skip("../shared/data/litbank not present")
    marks = str.maketrans("", "", "\"'`\u201c\u201d\u2018\u2019")

    def bare(text):  # no spaces, no quote marks
        return "".join(text.translate(marks).split())

    for name, path in litbank.select_texts(LITBANK_DATA).items():
        gold = litbank.load_text(path)
        annotated = {row.split("\t")[1]: row.rstrip("\n").split("\t")[6]
                     for row in path.read_text(encoding="utf-8").splitlines() if row.startswith("QUOTE")}
        assert len(gold.quotes) == len(annotated), name
        for q in gold.quotes:
            (s, e), = q.spans
            assert bare(gold.text[s:e]) in bare(annotated[q.id]), (name, q.id)


def test_litbank_texts_whose_novel_pdnc_holds(tmp_path):
    for novel in ("PrideAndPrejudice", "TheAgeOfInnocence"):
        (tmp_path / novel).mkdir()
    names = ["1342_pride_and_prejudice_brat", "541_the_age_of_innocence_brat", "84_frankenstein_brat"]
    assert litbank.also_in_pdnc(names, tmp_path) == {"1342_pride_and_prejudice_brat", "541_the_age_of_innocence_brat"}


def test_real_litbank_text():
    if not (LITBANK_DATA / "original").is_dir():
        pytest.skip("../shared/data/litbank not present")
    result = run("eval", "litbank", LITBANK_DATA, "--novel", "1342_pride_and_prejudice")
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("1342_pride"))
    quotes, recall, accuracy = row.split()[1:4]
    assert int(quotes) == 62 and float(recall) > 0.9 and float(accuracy) > 0.5


# Annotated fan-fiction chapters

FANFIC = FIXTURES / "fanfic"
FANFIC_DATA = SHARED / "samples" / "fanfic" / "speakers"


def test_fanfic_reader_places_quotations_in_order_and_skips_unscored_speakers():
    gold = fanfic.load_chapter(FANFIC / "harbour.txt")
    spans = [gold.text[s:e] for q in gold.quotes for s, e in q.spans]
    assert spans == ["You’re late,", "So?", "So the ferry left without us.", "Again.",
                     "Are you two going to argue all night?"]
    assert [q.speaker for q in gold.quotes] == ["Mara", "Kenji", "Mara", "Mara", "the harbourmaster"]
    assert {c.id: c.gender for c in gold.characters}["Kenji"] == "male"
    assert gold.not_characters == {"So", "No"}


def test_fanfic_quotation_outside_its_paragraph_is_an_error():
    with pytest.raises(InputError, match="quotation 1: 'Hello' is not in paragraph 9|quotation 1: no paragraph 9"):
        fanfic.load_chapter(FANFIC / "broken.txt")


def test_cast_score_counts_found_split_junk_aliases_and_gender():
    gold = GoldText("t", "", (GoldCharacter("mara", "Mara", frozenset({"Mara", "Mara Ito"}), "female"),
                              GoldCharacter("kenji", "Kenji", frozenset({"Kenji", "the boy"}), "male"),
                              GoldCharacter("lee", "Lee", frozenset({"Lee"}), "male", speaks=False)),
                    (), not_characters=frozenset({"Harbour"}))
    doc = Document(text="", characters=(
        character("c1", "Mara", "the boy"), character("c2", "Mara Ito"),
        Character(id="c3", name="Kenji", gender="female"), character("c4", "Harbour")))
    cast = score_cast(gold, doc)
    assert (cast.gold, cast.found, cast.split, cast.characters, cast.not_people, cast.wrong_aliases) == \
        (2, 2, 1, 4, 1, 1)
    assert (cast.gendered, cast.gender_right) == (1, 0)
    assert "split: Mara in 2 entries" in cast.problems and "not a person: Harbour" in cast.problems


def test_reliability_bins_count_found_quotations_by_confidence():
    text = '"Hi," said A. "Yo," said B.'
    gold = GoldText("t", text, (gold_character("a", "A"), gold_character("b", "B")),
                    (GoldQuote("1", ((1, 4),), "a"), GoldQuote("2", ((15, 18),), "b")))
    doc = Document(text=text, characters=(character("c1", "A"), character("c2", "B")),
                   quotes=(Quote(1, 4, id="q1", speaker="c1", confidence=0.95),
                           Quote(15, 18, id="q2", speaker="c1", confidence=0.6)))
    bins = {(low, high): (n, acc) for low, high, n, acc in score(gold, doc).reliability()}
    assert bins[(0.9, 1.0)] == (1, 1.0) and bins[(0.5, 0.7)] == (1, 0.0) and bins[(0.0, 0.5)] == (0, None)


def test_cli_fanfic_reports_speakers_cast_and_an_error_row():
    result = CliRunner().invoke(cli, ["eval", "fanfic", str(FANFIC)])
    assert result.exit_code == 1 and "1 of 2 chapters failed (broken" in str(result.exception)
    assert re.search(r"^harbour\s+5\s+1\.000", result.output, re.M)
    assert re.search(r"^broken\s+error: InputError", result.output, re.M)
    assert "confidence   quotes  accuracy" in result.output
    assert re.search(r"^Cast\nchapter\s+main\s+main missing\s+main split\s+speaking", result.output, re.M)
    assert "Wrong quotations by cause: not found 0" in result.output


SPLITS = FIXTURES / "fanfic_splits"


def test_fanfic_splits_come_train_dev_blind_then_by_name_and_narrow_to_chapters(tmp_path):
    for split in ("blind", "extra", "dev", "train"):
        (tmp_path / split).mkdir()
        for suffix in (".txt", ".gold.json"):
            shutil.copy(SPLITS / "dev" / f"lantern{suffix}", tmp_path / split / f"{split}_ch{suffix}")
    assert list(fanfic.select_splits(tmp_path)) == ["train", "dev", "blind", "extra"]
    assert {s: list(c) for s, c in fanfic.select_splits(tmp_path, ["dev_ch"]).items()} == {"dev": ["dev_ch"]}
    assert list(fanfic.select_splits(SPLITS / "dev")) == [""]
    with pytest.raises(InputError, match="no chapter named 'nowhere'"):
        fanfic.select_splits(tmp_path, ["nowhere"])


def test_fanfic_reader_takes_roles_addressees_and_a_complete_cast():
    gold = fanfic.load_chapter(SPLITS / "train" / "ferry.txt")
    assert gold.complete_cast and {c.id for c in gold.characters if c.main} == {"Mara Ito", "Kenji"}
    assert not fanfic.load_chapter(FANFIC / "harbour.txt").complete_cast  # no roles: the speakers only


@pytest.mark.parametrize("change, needle", [
    (lambda g: g["quotes"][0].update(speaker="Mara"), "quotation 1: 'Mara' is not in the cast"),
    (lambda g: g["quotes"][1].update(addressees=["Nobody"]), "quotation 2: 'Nobody' is not in the cast"),
    (lambda g: g.update(narrator="Nobody"), "the narrator 'Nobody' is not in the cast"),
    (lambda g: g["quotes"][0].update(speaker=None), "not a gold file of this format"),
    (lambda g: g["quotes"][0].pop("paragraph"), "not a gold file of this format"),
])
def test_fanfic_gold_that_does_not_fit_its_cast_or_format_is_an_error(tmp_path, change, needle):
    gold = json.loads((SPLITS / "train" / "ferry.gold.json").read_text(encoding="utf-8"))
    change(gold)
    shutil.copy(SPLITS / "train" / "ferry.txt", tmp_path / "ferry.txt")
    (tmp_path / "ferry.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(needle)):
        fanfic.load_chapter(tmp_path / "ferry.txt")


def test_complete_cast_counts_main_characters_and_entries_matching_nobody():
    gold = GoldText("t", "", (GoldCharacter("mara", "Mara", frozenset({"Mara"}), "female", main=True),
                              GoldCharacter("kenji", "Kenji", frozenset({"Kenji"}), "male", main=True),
                              GoldCharacter("lee", "Lee", frozenset({"Lee"}), "male", speaks=False, main=True)),
                    (), complete_cast=True)
    doc = Document(text="", characters=(character("c1", "Mara"), character("c2", "Mara"),
                                        character("c3", "Kenji"), character("c4", "Goodnight")))
    cast = score_cast(gold, doc)
    assert (cast.main, cast.main_missing, cast.main_split, cast.not_people) == (3, 1, 1, 1)
    assert "missing: Lee (main)" in cast.problems and "not a person: Goodnight" in cast.problems
    assert cast.gender_known == 3 and cast.gendered == 0  # fabula said "unknown" of all three


def test_wrong_quotations_are_counted_by_cause():
    text = '"One," A. "Two," B. "Three," C. "Four," D.'
    gold = GoldText("t", text, (gold_character("a", "A"), gold_character("b", "B"), gold_character("d", "D")),
                    (GoldQuote("1", ((1, 5),), "a"), GoldQuote("2", ((11, 15),), "b"),
                     GoldQuote("3", ((21, 27),), "a"), GoldQuote("4", ((33, 38),), "d")))
    doc = Document(text=text, characters=(character("c1", "A"), character("c2", "Zed"), character("c3", "B")),
                   quotes=(Quote(1, 5, id="q1", speaker="c1"), Quote(11, 15, id="q2", speaker="c2"),
                           Quote(33, 38, id="q4", speaker="c3")))
    causes = score(gold, doc).causes
    assert causes == {"given to no gold person": 1, "not found": 1, "speaker missing from cast": 1}


def test_cli_fanfic_compares_splits_and_lists_problems_only_when_asked():
    quiet = CliRunner().invoke(cli, ["eval", "fanfic", str(SPLITS)])
    assert quiet.exit_code == 0, quiet.output
    assert re.search(r"^Splits\nsplit\s+chapters\s+quotes.*\ntrain\s+1\s+5\s.*\ndev\s+1\s+2\s", quiet.output, re.M)
    assert "== train ==" in quiet.output and "== dev ==" in quiet.output and "Problems:" not in quiet.output
    loud = CliRunner().invoke(cli, ["eval", "fanfic", str(SPLITS), "--errors", "--format", "json"])
    figures = json.loads(loud.output)["splits"]
    assert set(figures) == {"train", "dev"} and figures["train"]["cast"]["main"] == 2


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_cli_exits_non_zero_when_a_gold_file_is_malformed(tmp_path, fmt):
    for name in ("harbour.txt", "harbour.gold.json"):
        (tmp_path / name).write_bytes((FANFIC / name).read_bytes())
    (tmp_path / "torn.txt").write_text("Wren waited.\n", encoding="utf-8")
    (tmp_path / "torn.gold.json").write_text('{"quotes": [{"n": 1,', encoding="utf-8")
    result = run("eval", "fanfic", tmp_path, "--format", fmt)
    assert result.returncode == 1
    assert result.stderr == f"fabula: error: {tmp_path}: 1 of 2 chapters failed (torn; see the error rows)\n"
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["failed"] == ["torn"] and data["total"]["quotes"] == 5
    else:
        assert re.search(r"^harbour\s+5\s+1\.000", result.stdout, re.M)
        assert re.search(r"^torn\s+error: InputError: .*torn\.gold\.json: not valid JSON", result.stdout, re.M)


def test_cli_fanfic_missing_chapter_is_a_one_line_error():
    result = run("eval", "fanfic", FANFIC, "--chapter", "nowhere")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "no chapter named 'nowhere'" in result.stderr


def test_every_real_fanfic_quotation_places():
    if not FANFIC_DATA.exists():
        pytest.skip("../shared/samples not present")
    for name, path in fanfic.select_chapters(FANFIC_DATA).items():
        gold = fanfic.load_chapter(path)
        assert gold.quotes, name
