"""Edits to corrections as a review tool makes them: the entries they write,
and that applying the result does what the person asked."""

from fabula.corrections import Corrections, SpeakerFix, apply_corrections, edit
from fabula.writers.casting import Voice
from test_corrections import make_doc, speaker_of

NONE = Corrections(source="fix.yaml")


def test_set_speaker_writes_one_entry_per_quotation_in_text_order():
    doc = make_doc()
    c = edit.set_speaker(NONE, doc, 3, "Ino-pig")
    assert c.speakers == (SpeakerFix("Ino-pig", "Hey, Forehead!", "q4"),)
    c = edit.set_speaker(c, doc, 0, "Naruto")
    c = edit.set_speaker(c, doc, 3, "Kakashi")  # replaces the first entry for q4
    c = edit.set_speaker(c, doc, 1, None)
    assert [(f.id, f.speaker) for f in c.speakers] == [("q1", "Naruto"), ("q2", None), ("q4", "Kakashi")]
    assert c.speakers[0].quote == "I want to talk about the…"
    fixed = apply_corrections(doc, c)
    assert [speaker_of(fixed, q) for q in ("q1", "q2", "q4")] == ["Naruto", None, "Kakashi"]


def test_set_speaker_keeps_entries_it_does_not_replace():
    doc = make_doc()
    stale = SpeakerFix("Sakura", "Words no longer there", "q9")
    every = SpeakerFix("Sakura", "Later", all=True)
    c = edit.set_speaker(Corrections(speakers=(stale, every)), doc, 4, "Kakashi")
    assert c.speakers[:2] == (stale, every) and c.speakers[2].id == "q5"
    assert [speaker_of(apply_corrections(doc, c), q) for q in ("q2", "q5")] == ["Sakura", "Kakashi"]


def test_rename_of_a_rename_and_back():
    c = edit.rename(NONE, "Ino-pig", "Ino")
    c = edit.rename(c, "Ino", "Ino Yamanaka")
    assert c.rename == (("Ino-pig", "Ino Yamanaka"),)
    assert edit.rename(c, "Ino Yamanaka", "ino-pig").rename == ()


def test_merge_and_split():
    c = edit.merge(NONE, "Kakashi", "Mr. Hatake")
    c = edit.merge(c, "Kakashi", "Konoha")
    assert c.merge == (("Kakashi", "Mr. Hatake"), ("Kakashi", "Konoha"))
    c = edit.split(c, "konoha")  # a merged name leaves its merge
    assert c.merge == (("Kakashi", "Mr. Hatake"),) and c.split == ()
    c = edit.split(edit.split(c, "Forehead"), "forehead")
    assert c.split == ("Forehead",)
    doc = apply_corrections(make_doc(), c)
    kakashi = next(ch for ch in doc.characters if ch.name == "Kakashi")
    assert kakashi.aliases == ("Mr. Hatake",) and speaker_of(doc, "q5") == "Kakashi"


def test_not_character_drops_what_would_name_it_again():
    c = Corrections(rename=(("Konoha", "The Village"),), gender=(("Konoha", "female"), ("Ino-pig", "female")),
                    voices=(("The Village", Voice("en+m1")),), merge=(("Konoha", "Leaf"), ("Kakashi", "Mr. Hatake")),
                    speakers=(SpeakerFix("Konoha", "Hey"), SpeakerFix("Sakura", "Later"), SpeakerFix(None, "Fine")))
    c = edit.not_character(c, ("Konoha", "Leaf"), ("The Village", "Konoha", "Leaf"))
    assert c.not_characters == ("Konoha", "Leaf") and c.rename == () and c.voices == ()
    assert c.gender == (("Ino-pig", "female"),) and c.merge == (("Kakashi", "Mr. Hatake"),)
    assert [f.speaker for f in c.speakers] == ["Sakura", None]
    doc = apply_corrections(make_doc(), c)
    assert "Konoha" not in {ch.name for ch in doc.characters}


def test_not_character_of_an_added_or_split_character():
    c = edit.add_character(Corrections(), "Mei")
    c = edit.set_speaker(c, make_doc(), 0, "Mei")
    assert edit.not_character(c, ("Mei",), ("Mei",)) == Corrections()
    # A name split off, then struck out: gone from both characters.
    c = edit.split(Corrections(), "Mr. Hatake")
    merged = Corrections(merge=(("Kakashi", "Mr. Hatake"),))
    doc = apply_corrections(make_doc(), merged)
    assert edit.members_before(doc, c, "not_characters", ("Mr. Hatake",)) == ("Mr. Hatake",)
    c = edit.not_character(c, ("Mr. Hatake",), ("Mr. Hatake",))
    result = apply_corrections(doc, c)
    kakashi = next(ch for ch in result.characters if ch.name == "Kakashi")
    assert kakashi.aliases == () and "Mr. Hatake" not in {ch.name for ch in result.characters}
    assert result.source["corrections"]["warnings"] == []


def test_gender_voice_and_new_characters_replace_their_entry():
    c = edit.set_gender(edit.set_gender(NONE, "Hoshi", "female"), "hoshi", "male")
    assert c.gender == (("hoshi", "male"),)
    c = edit.set_voice(edit.set_voice(c, "Ino", Voice("en+f4", 5, 90, "female")), "INO", Voice("en-us+f3"))
    assert c.voices == (("INO", Voice("en-us+f3")),)
    c = edit.add_character(edit.add_character(c, "Mei"), "mei")
    assert c.new_characters == ("Mei",)


def test_names_before_a_section():
    doc = make_doc()
    c = Corrections(merge=(("Kakashi Hatake", "Kakashi", "Mr. Hatake"),),
                    rename=(("Kakashi Hatake", "Kakashi-sensei"),), new_characters=("Mei",))
    assert edit.names_before(doc, c, "merge")["c6"] == "Kakashi"
    assert edit.names_before(doc, c, "rename")["c6"] == "Kakashi Hatake"
    after = edit.names_before(doc, c, "speakers")
    assert after["c6"] == "Kakashi-sensei" and "c5" not in after and "Mei" in after.values()
    assert edit.members_before(doc, c, "not_characters", ("Kakashi-sensei", "Kakashi", "Mr. Hatake")) == \
        ("Kakashi", "Mr. Hatake")
