"""A work's table rows: the Document's own figures and attributions, offsets
into its text, chapter indexes, errors instead of exceptions, and the
work's metadata as every site and downloader wrapper states it."""

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, FIXTURES, zip_epub
from corpus_helpers import variant
from fabula import analyze, analyze_file
from fabula.corpus.sources import Work
from fabula.corpus.tables import SCHEMAS, WorkResult, analyze_work, arrow_tables, work_rows

MAX = 20 * 2**20


def test_rows_repeat_the_documents_json():
    doc = analyze_file(EXAMPLE)
    rows = work_rows(Work("w1", "chapter.txt", metadata='{"fandom": "x"}'), doc)
    data = doc.to_dict()
    (work,) = rows["works"]
    assert work["work_id"] == "w1" and work["metadata"] == '{"fandom": "x"}' and work["text"] is None
    assert (work["words"], work["story_words"], work["quotes"], work["characters"]) == (
        doc.words, doc.story_words, len(doc.quotes), len(doc.characters))
    assert [(q["quote_id"], q["speaker"], q["speaker_id"], q["addressees"], q["confidence"], q["evidence"])
            for q in rows["quotes"]] == [(q["id"], q["speaker"], q["speaker_id"], q["addressees"],
                                          q["confidence"], q["evidence"]) for q in data["quotes"]]
    assert [(c["character_id"], c["name"], c["aliases"], c["gender"], c["lines"]) for c in rows["characters"]] == [
        (c["id"], c["name"], c["aliases"], c["gender"], c["lines"]) for c in data["characters"]]
    assert len(rows["mentions"]) == len(doc.mentions)
    for name in ("quotes", "mentions"):
        for row in rows[name]:
            assert row["work_id"] == "w1" and row["chapter"] == 0
            assert doc.text[row["start"]:row["end"]] == row["text"]
    assert rows["chapters"] == [{"work_id": "w1", "chapter": 0, "title": doc.title, "start": 0,
                                 "end": len(doc.text), "words": doc.words}]


def test_chapter_index_of_each_span():
    text = "Front matter.\n\n" + "\n\n".join(
        f"Chapter {n}\n\n" + variant(n).partition("\n\n")[2] for n in (1, 2, 3))
    doc = analyze(text)
    assert len(doc.chapters) == 4  # the front matter, then one per heading
    rows = work_rows(Work("w", "w"), doc)
    assert [c["chapter"] for c in rows["chapters"]] == [0, 1, 2, 3]
    assert rows["works"][0]["chapters"] == 4
    assert sum(c["words"] for c in rows["chapters"]) == doc.words
    for quote in rows["quotes"]:
        chapter = doc.chapters[quote["chapter"]]
        assert chapter.start <= quote["start"] < chapter.end
    assert {q["chapter"] for q in rows["quotes"]} == {1, 2, 3}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["Chapter 1", "Chapter 2", '"Hi," Ann said.', "Bob nodded.",
                                 "'Run,' he thought.", "* * *"]), min_size=1, max_size=12))
def test_offsets_and_chapters_hold_for_any_text(paragraphs):
    text = "\n\n".join(paragraphs)
    doc = analyze(text)
    rows = work_rows(Work("w", "w"), doc)
    starts = [c.start for c in doc.chapters]
    for name in ("quotes", "mentions"):
        for row in rows[name]:
            assert text[row["start"]:row["end"]] == row["text"]
            assert row["chapter"] == max([i for i, s in enumerate(starts) if s <= row["start"]], default=0)
    arrow_tables([WorkResult("w", "w", rows=rows)])  # every row fits its schema


def test_analyze_work_from_text_and_from_file(tmp_path):
    from_text = analyze_work(Work("t", "t.jsonl:1", text=variant(0), title="Lamp"), MAX, with_text=True)
    assert from_text.error is None and from_text.words == analyze(variant(0)).words
    assert from_text.rows["works"][0]["title"] == "Lamp" and from_text.rows["works"][0]["text"] == variant(0)
    assert from_text.peak_rss > 0
    from_file = analyze_work(Work("chapter.txt", "chapter.txt", file=str(EXAMPLE)), MAX)
    assert from_file.rows["works"][0]["format"] == "txt"


def test_failures_come_back_as_results(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    cases = [Work("a", "a.txt", file=str(tmp_path / "empty.txt")), Work("b", "b.txt", file=str(tmp_path / "no")),
             Work("c", "x.jsonl:3", text="  \n"), Work("d", "x.jsonl:4", problem="line is not valid JSON")]
    results = [analyze_work(w, MAX) for w in cases]
    assert [r.error for r in results] == ["file is empty", "no such file", "text is empty",
                                          "line is not valid JSON"]
    tables = arrow_tables(results)
    assert list(tables) == ["errors"]
    assert tables["errors"].to_pylist()[1] == {"work_id": "b", "path": "b.txt", "error": "no such file"}


def test_every_table_has_its_fixed_schema_even_when_empty():
    doc = analyze("No dialogue here at all.")
    tables = arrow_tables([WorkResult("w", "w", rows=work_rows(Work("w", "w"), doc))])
    for name, table in tables.items():
        assert table.schema == SCHEMAS[name]
    assert all(s.field("work_id").type == pa.string() for s in SCHEMAS.values())


def test_works_rows_carry_typed_metadata_columns(tmp_path):
    from pathlib import Path
    page = Path(__file__).parent / "fixtures" / "html" / "ao3_page.html"
    result = analyze_work(Work("a", "ao3_page.html", file=str(page)), MAX)
    table = arrow_tables([result])["works"]
    row = table.to_pylist()[0]
    assert table.schema.field("fandoms").type == pa.list_(pa.string())
    assert table.schema.field("published").type == pa.date32()
    assert table.schema.field("kudos").type == pa.int64()
    assert (row["site"], row["site_work_id"], row["rating"], row["fandoms"]) == (
        "ao3", "4321", "General Audiences", ["Original Work"])
    assert row["character_tags"] == ["Wren | The Keeper", "Tobias"]
    assert (str(row["published"]), row["site_words"], row["chapters_posted"], row["kudos"]) == (
        "2020-01-02", 1234, 2, 67)
    assert '"fandoms": ["Original Work"]' in row["metadata"]


def _file(folder: str, name: str):
    return lambda tmp_path: FIXTURES / folder / name


def _webtoepub(name: str):
    return lambda tmp_path: zip_epub(FIXTURES / "epub" / name, tmp_path / f"{name}.epub")


def _epub(*pages: str, metadata: str = ""):
    """A one-book EPUB of these pages, in this order."""
    def make(tmp_path):
        from test_read_epub import CONTAINER, opf, zip_bytes

        items = [(f"p{i}", f"p{i}.xhtml", "application/xhtml+xml") for i in range(len(pages))]
        entries = {"META-INF/container.xml": CONTAINER.format(opf="content.opf"),
                   "content.opf": opf(items, [i for i, _, _ in items], title="Salt and Signal", metadata=metadata),
                   **{f"p{i}.xhtml": page for i, page in enumerate(pages)}}
        path = tmp_path / "book.epub"
        path.write_bytes(zip_bytes(tmp_path, entries))
        return path
    return make


def _fanficfare_epub(tmp_path):
    from test_read_epub import page

    title_page = page("<h3>Salt and Signal by quill</h3><b>Category:</b> Original Work<br/><b>Rating:</b> Mature<br/>"
                      "<b>Characters:</b> Wren, Tobias<br/><b>Status:</b> Completed<br/><b>Chapters:</b> 1<br/>"
                      "<b>Words:</b> 840<br/>", title="Title Page")
    chapter = page("<h3 class='fff_chapter_title'>The Ferry</h3><p>The ferry was late.</p>", body_class="fff_chapter")
    return _epub(title_page, chapter, metadata="<dc:contributor>FanFicFare</dc:contributor>")(tmp_path)


def _ao3_calibre_epub(tmp_path):
    download = (FIXTURES / "html" / "ao3_download_oneshot.html").read_text(encoding="utf-8")
    return _epub(download, metadata="<dc:publisher>Archive of Our Own</dc:publisher>")(tmp_path)


def _fichub_epub(tmp_path):
    from test_read_epub import CHAPTER_1, INFO_PAGE

    return _epub(INFO_PAGE, CHAPTER_1)(tmp_path)


def _ao3_to_epub_tool(tmp_path):
    from test_read_epub import ONE_PAGE

    return _epub(ONE_PAGE)(tmp_path)


OW, GENERAL = ["Original Work"], "General Audiences"


# Each wrapper's works row holds what its pages state: fandom, rating, characters, words,
# chapters and status (None or [] where the wrapper says nothing of one).
@pytest.mark.parametrize("make, expected", [
    pytest.param(_file("html", "ao3_download_oneshot.html"),
                 (OW, "Teen And Up Audiences", ["Wren", "Tobias | The Ferryman"], 1180, 1, 1, "complete"),
                 id="ao3-download"),
    pytest.param(_ao3_calibre_epub, (OW, "Teen And Up Audiences", ["Wren", "Tobias | The Ferryman"], 1180, 1, 1,
                                     "complete"), id="ao3-calibre-epub"),
    pytest.param(_file("html", "ao3_page.html"), (OW, GENERAL, ["Wren | The Keeper", "Tobias"], 1234, 2, None,
                                                  "in-progress"), id="ao3-page"),
    pytest.param(_file("html", "ffnet.html"), (["Lighthouses"], "T", ["Wren L.", "Tobias K.", "Old Sam"], 1234, 2,
                                               None, "in-progress"), id="ffnet-page"),
    pytest.param(_file("html", "ffnet_old.html"), (["Old Roads"], "K+", ["Hob", "Ada L."], 9876, 3, 3, "complete"),
                 id="ffnet-page-old"),
    pytest.param(_file("html", "fanficfare.html"), (OW, None, [], 1234, None, None, "in-progress"),
                 id="fanficfare-html"),
    pytest.param(_fanficfare_epub, (OW, "Mature", ["Wren", "Tobias"], 840, 1, 1, "complete"), id="fanficfare-epub"),
    pytest.param(_fichub_epub, ([], "K+", ["Hob", "Ada L."], 9876, 2, 2, "complete"), id="fichub-epub"),
    pytest.param(_webtoepub("webtoepub_ffnet"), (["Harbour Tales"], "T", ["Hob", "Ada L."], 1204, 2, 2, "complete"),
                 id="webtoepub-ffnet"),
    pytest.param(_webtoepub("webtoepub_ao3"), (OW, GENERAL, ["Wren | The Keeper", "Tobias"], 1234, 1, 1, "complete"),
                 id="webtoepub-ao3"),
    pytest.param(_ao3_to_epub_tool, (["Lighthouses"], GENERAL, [], 120, None, None, None), id="ao3-to-epub-tool"),
    pytest.param(_file("markdown", "chapter.md"), (["Lighthouse Keepers (Original Work)"], GENERAL,
                                                   ["Wren", "Tobias"], None, None, None, None), id="markdown"),
])
def test_works_rows_hold_what_each_wrapper_states(tmp_path, make, expected):
    path = make(tmp_path)
    result = analyze_work(Work(path.name, path.name, file=str(path)), MAX)
    assert result.error is None, result.error
    row = arrow_tables([result])["works"].to_pylist()[0]
    columns = ("fandoms", "rating", "character_tags", "site_words", "chapters_posted", "chapters_total", "status")
    assert tuple(row[c] for c in columns) == expected


def test_table_rows_named_as_sites_label_them_fill_the_columns():
    work = Work("r", "t.jsonl:1", text=variant(0), metadata='{"fandom": "Lighthouses", "rating": "Mature", '
                                                           '"kudos": 12, "published": "2020-05-06", "tags": ["a", "b"]}')
    row = arrow_tables([analyze_work(work, MAX)])["works"].to_pylist()[0]
    assert (row["fandoms"], row["rating"], row["kudos"], str(row["published"]), row["additional_tags"]) == (
        ["Lighthouses"], "Mature", 12, "2020-05-06", ["a", "b"])


def forever(*args, **kwargs):
    while True:
        pass


def test_a_work_over_its_time_limit_is_an_error(monkeypatch):
    import fabula.corpus.tables as tables
    monkeypatch.setattr(tables, "analyze", forever)
    result = analyze_work(Work("slow", "slow.jsonl:1", text=variant(0)), MAX, timeout=0.2)
    assert result.error == "took longer than 0.2 s (see --timeout)"
