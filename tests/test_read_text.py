import codecs

import pytest

from fabula import analyze_document
from fabula.errors import InputError
from fabula.readers import read_bytes, read_path
from fabula.readers.text import find_chapter_headings, read_text

STORY = "“Wait,” she said. ‘Don’t go.’\nHe stayed — café au lait.\n"


def test_utf8_file_is_returned_unchanged():
    data = STORY.encode("utf-8")
    assert read_text(data, "x.txt").text == STORY


def test_utf8_bom_is_dropped():
    assert read_text(codecs.BOM_UTF8 + STORY.encode(), "x").text == STORY


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(encoding):
    assert read_text(STORY.encode(encoding), "x").text == STORY


def test_cp1252_smart_quotes():
    assert read_text(STORY.encode("cp1252"), "x").text == STORY


def test_latin1_accents():
    text = "Le café était fermé, dit Noémie à Hélène près de la fenêtre.\n"
    assert read_text(text.encode("latin-1"), "x").text == text


def test_mojibake_is_repaired():
    clean = "The café was shut — ‘Don’t,’ said Noémie.\n"
    garbled = clean.encode("utf-8").decode("cp1252")
    assert "Ã©" in garbled
    assert read_text(garbled.encode("utf-8"), "x").text == clean


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_become_newlines(newline):
    assert read_text(STORY.replace("\n", newline).encode(), "x").text == STORY


def test_binary_file_is_refused():
    with pytest.raises(InputError, match="binary"):
        read_text(bytes(range(256)) * 20, "blob.bin")


def test_truncated_utf8_is_refused():
    with pytest.raises(InputError, match="truncated"):
        read_text("Hello “world”".encode()[:-2], "cut.txt")


def test_empty_and_blank_input_is_refused(tmp_path):
    with pytest.raises(InputError, match="empty"):
        read_bytes(b"", "e.txt")
    with pytest.raises(InputError, match="empty"):
        read_bytes(b"  \n\n ", "e.txt")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_path(tmp_path)


def test_size_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    with pytest.raises(InputError, match="limit"):
        read_path(big, max_bytes=1000)
    assert read_path(big, max_bytes=10_000).text.startswith("word")


def test_format_is_sniffed_from_content():
    from fabula.readers import sniff_format

    assert sniff_format(b"<!DOCTYPE html><html><body><p>Hi</p>") == "html"
    assert sniff_format(b"PK\x03\x04rest") == "epub"
    assert sniff_format("“Hi,” she said.".encode()) == "txt"


def test_chapter_headings_cut_chapters():
    text = "CHAPTER I.\n\nIt began.\n\nCHAPTER II. The Storm\n\nIt rained.\n"
    chapters, titles = find_chapter_headings(text)
    assert [c.title for c in chapters] == ["CHAPTER I.", "CHAPTER II. The Storm"]
    assert [text[t.start : t.end] for t in titles] == ["CHAPTER I.", "CHAPTER II. The Storm"]
    assert chapters[1].end == len(text.rstrip())


def test_single_heading_is_a_title_not_a_chapter_list():
    chapters, titles = find_chapter_headings("Chapter 3: Rain\n\nIt rained.")
    assert chapters == () and len(titles) == 1


def test_heading_words_inside_a_sentence_are_not_headings():
    chapters, titles = find_chapter_headings("She read chapter one of the book.\n\nThen part two.")
    assert chapters == () and titles == ()


def test_asterisk_emphasis():
    doc = read_text("He was *so* tired. _Why me?_ she thought.\n\n***\n".encode(), "x")
    assert [doc.text[e.start : e.end] for e in doc.emphasis] == ["so", "Why me?"]


FFNET_HEADER = (
    "Potter Club\n\nRazamataz22\n\nSeven years is a long time. Especially when you have to do it twice.\n\n"
    "Rated: Fiction T - English - Adventure - Harry P., Hermione G. - Chapters: 66 - Words: 219,452 - "
    "Status: Complete - id: 11987060\n\n"
)


def test_a_fanfiction_net_header_is_paratext_and_metadata():
    story = '"At least you don\'t have to fix my glasses again, Hermione," said Harry.\n'
    doc = read_text((FFNET_HEADER + story).encode(), "club.txt")
    kinds = [(p.kind, doc.text[p.start : p.end]) for p in doc.paratext]
    assert [k for k, _ in kinds] == ["title", "metadata", "summary", "metadata"]
    assert kinds[0][1] == "Potter Club" and kinds[1][1] == "Razamataz22"
    assert kinds[3][1].startswith("Rated:") and kinds[3][1].endswith("id: 11987060")
    assert doc.title == "Potter Club"
    meta = doc.metadata
    assert meta.characters == ("Harry P.", "Hermione G.") and meta.authors == ("Razamataz22",)
    assert (meta.rating, meta.words, meta.site) == ("T", 219452, "ffnet")
    cast = {c.name for c in analyze_document(doc).characters}
    assert "Harry P" not in cast and {"Harry", "Hermione"} <= cast


def test_a_rated_line_inside_the_story_is_story():
    text = "Mara opened the letter.\n\nRated: Fiction T - English - the words on the card made no sense.\n\nShe sighed.\n"
    doc = read_text(text.encode(), "story.txt")
    assert doc.paratext == () and doc.metadata.characters == ()


def test_a_copied_work_header_gives_the_metadata_in_either_layout():
    inline = ("Rating: Mature\nArchive Warning: Major Character Death\nFandom: Naruto\n"
              "Characters: Hatake Kakashi, Umino Iruka\nAdditional Tags: Master Uzumaki Naruto, Angst\n\n"
              "Kakashi sat by the window.")
    stacked = ("Rating:\nMature\nArchive Warning:\nMajor Character Death\nFandom:\nNaruto\nCharacters:\n"
               "Hatake Kakashi\nUmino Iruka\nAdditional Tags:\nMaster Uzumaki Naruto\nAngst\nStats:\n"
               "Published: 2020-01-01\n\nKakashi sat by the window.")
    for text in (inline, stacked):
        meta = read_text(text.encode(), "work.txt").metadata
        assert meta.characters == ("Hatake Kakashi", "Umino Iruka")
        assert meta.additional_tags == ("Master Uzumaki Naruto", "Angst")
        assert meta.warnings == ("Major Character Death",) and meta.rating == "Mature"


def test_a_chat_or_a_note_at_the_top_is_no_work_header():
    text = "Note: this is fiction.\n\nMara: Hello.\nTomas: Hi.\nMara: Bye.\n\nThe end."
    assert read_text(text.encode(), "chat.txt").metadata.characters == ()


def test_the_characters_of_a_copied_header_join_the_names_the_text_splits():
    text = ("Rating: Teen\nFandom: Harry Potter\nCharacters: Hermione Granger, Ron Weasley\n\n"
            "Hermione was in the library. \"Ron, this is important,\" Hermione said.\n\n"
            "Ron groaned. \"Everything is important to you.\"\n\nGranger snapped the book shut. \"Because it is.\"")
    doc = analyze_document(read_text(text.encode(), "work.txt"))
    assert {c.name: set(c.aliases) for c in doc.characters}["Hermione"] == {"Granger"}


def test_tags_copied_without_their_commas_are_left_out():
    text = ("Rating: Teen And Up Audiences\nFandom: Marvel Cinematic Universe\n"
            "Characters: Tony Stark Steve Rogers Natasha Romanov (Marvel) Clint Barton\nLanguage: English\n\n"
            "Tony sat down.")
    meta = read_text(text.encode(), "work.txt").metadata
    assert meta.characters == () and meta.fandoms == ("Marvel Cinematic Universe",)
