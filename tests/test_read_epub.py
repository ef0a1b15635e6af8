"""The EPUB reader: spine order, chapters, FanFicFare and AO3 books, and every
hostile archive we refuse (always with a one-line InputError naming the file).

EPUBs are built here with zipfile so each test shows exactly what it feeds in.
"""

from __future__ import annotations

import random
import struct
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES, zip_epub
from fabula.pipeline import analyze_document
from fabula.errors import InputError
from fabula.readers import epub
from fabula.readers.epub import read_epub
from test_read_html import assert_spans_valid, paratext

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

NAV = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>Contents</title></head>
<body><nav epub:type="toc"><h1>Contents</h1><ol>
<li><a href="ch1.xhtml">First Light</a></li><li><a href="ch2.xhtml#top">Second Light</a></li>
</ol></nav></body></html>"""

NCX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE ncx PUBLIC "-//NISO//DTD ncx 2005-1//EN" "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd">
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
<navPoint id="n1" playOrder="1"><navLabel><text>The Ferry</text></navLabel><content src="Text/chapter%201.xhtml"/></navPoint>
<navPoint id="n2" playOrder="2"><navLabel><text>The Letter</text></navLabel><content src="Text/chapter%202.xhtml"/></navPoint>
</navMap></ncx>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
"""


def page(body: str, title: str = "page", body_class: str = "") -> str:
    klass = f' class="{body_class}"' if body_class else ""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>{title}</title></head><body{klass}>{body}</body></html>")


def opf(items: list[tuple[str, str, str]], spine: list[str], *, title: str = "Harbour Lights",
        version: str = "3.0", metadata: str = "", toc: str = "") -> str:
    """items are (id, href, media-type[; properties]); spine entries are idrefs or 'idref linear=no'."""
    manifest = "".join(
        f'<item id="{i}" href="{href}" media-type="{kind.split(";")[0]}"'
        + (f' properties="{kind.split(";")[1]}"' if ";" in kind else "") + "/>"
        for i, href, kind in items)
    refs = "".join(f'<itemref idref="{ref.split()[0]}"' + (' linear="no"' if "linear=no" in ref else "") + "/>"
                   for ref in spine)
    toc_attr = f' toc="{toc}"' if toc else ""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="{version}"'
            f' unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:identifier id="id">urn:test</dc:identifier><dc:title>{title}</dc:title>{metadata}</metadata>'
            f"<manifest>{manifest}</manifest><spine{toc_attr}>{refs}</spine></package>")


def zip_bytes(tmp_path: Path, entries: dict[str, str | bytes], *, mimetype: bool = True) -> bytes:
    path = tmp_path / "book.epub"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype:
            archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, content in entries.items():
            archive.writestr(name, content)
    return path.read_bytes()


CHAPTER_1 = page('<h1>Chapter 1: First Light</h1><p>The lamp came on at dusk.</p>'
                 '<p>"Is it lit?" asked Tobias. <em>Of course it is</em>, Wren thought.</p>')
CHAPTER_2 = page("<h1>Chapter 2: Second Light</h1><p>Fog.</p><hr/><p>The bell rang twice.</p>")


def epub3(tmp_path: Path, **changes) -> bytes:
    entries = {
        "META-INF/container.xml": CONTAINER.format(opf="OEBPS/content.opf"),
        "OEBPS/content.opf": opf([("nav", "nav.xhtml", "application/xhtml+xml;nav"),
                                  ("c1", "ch1.xhtml", "application/xhtml+xml"),
                                  ("c2", "ch2.xhtml", "application/xhtml+xml")], ["nav", "c1", "c2"]),
        "OEBPS/nav.xhtml": NAV,
        "OEBPS/ch1.xhtml": CHAPTER_1,
        "OEBPS/ch2.xhtml": CHAPTER_2,
    }
    entries.update(changes)
    return zip_bytes(tmp_path, {k: v for k, v in entries.items() if v is not None})


def read(data: bytes, name: str = "book.epub"):
    doc = read_epub(data, name)
    assert_spans_valid(doc)
    return doc


def refused(data: bytes, name: str = "bad.epub") -> str:
    with pytest.raises(InputError) as caught:
        read_epub(data, name)
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and "\n" not in message
    return message


# --- Reading -------------------------------------------------------------------------------------------


def test_epub3_chapters_in_spine_order(tmp_path):
    doc = read(epub3(tmp_path))
    assert doc.title == "Harbour Lights"
    assert doc.source == {"name": "book.epub", "format": "epub", "layout": "generic"}
    assert [c.title for c in doc.chapters] == ["Chapter 1: First Light", "Chapter 2: Second Light"]
    assert doc.span_text(doc.chapters[0]).startswith("Chapter 1: First Light\n\nThe lamp came on")
    assert doc.span_text(doc.chapters[1]).endswith("The bell rang twice.")
    assert paratext(doc, "title") == ["Chapter 1: First Light", "Chapter 2: Second Light"]


def test_epub3_nav_document_is_not_text(tmp_path):
    doc = read(epub3(tmp_path))
    assert "Contents" not in doc.text and "page" not in doc.text


def test_epub_markup_rules_apply(tmp_path):
    doc = read(epub3(tmp_path))
    assert [doc.span_text(e) for e in doc.emphasis] == ["Of course it is"]
    assert [doc.span_text(r) for r in doc.rules] == ["* * *"]
    assert "\n\nFog.\n\n* * *\n\nThe bell rang twice." in doc.text


def test_epub2_with_ncx_labels_encoded_hrefs_and_linear_no(tmp_path):
    items = [("ncx", "toc.ncx", "application/x-dtbncx+xml"), ("cover", "Text/cover.xhtml", "application/xhtml+xml"),
             ("c1", "Text/chapter%201.xhtml", "application/xhtml+xml"),
             ("c2", "Text/chapter%202.xhtml", "application/xhtml+xml"), ("img", "cover.jpg", "image/jpeg")]
    data = zip_bytes(tmp_path, {
        "META-INF/container.xml": CONTAINER.format(opf="OEBPS/content.opf"),
        "OEBPS/content.opf": opf(items, ["cover linear=no", "c1", "c2"], version="2.0", toc="ncx"),
        "OEBPS/toc.ncx": NCX,
        "OEBPS/Text/cover.xhtml": page("<p>COVER PAGE</p>"),
        "OEBPS/Text/chapter 1.xhtml": page("<p>The ferry was late.</p>"),
        "OEBPS/Text/chapter 2.xhtml": page("<p>The letter had no stamp.</p>"),
        "OEBPS/cover.jpg": b"\xff\xd8\xff",
    })
    doc = read(data)
    assert doc.text == "The ferry was late.\n\nThe letter had no stamp."
    assert [c.title for c in doc.chapters] == ["The Ferry", "The Letter"]


def test_nav_labels_name_chapters_without_headings(tmp_path):
    doc = read(epub3(tmp_path, **{"OEBPS/ch1.xhtml": page("<p>No heading here.</p>")}))
    assert doc.chapters[0].title == "First Light"


def test_declared_encoding_and_broken_xhtml(tmp_path):
    latin = ('<?xml version="1.0" encoding="iso-8859-1"?><html><head><title>t</title></head>'
             "<body><p>Caf\xe9 <i>cr\xe8me<p>unclosed").encode("latin-1")
    doc = read(epub3(tmp_path, **{"OEBPS/ch2.xhtml": latin}))
    assert doc.text.endswith("Café crème\n\nunclosed")


def test_entity_declarations_in_a_page_are_not_expanded(tmp_path):
    hostile = BILLION_LAUGHS + '<html><body><p>&lol3; plain</p></body></html>'
    doc = read(epub3(tmp_path, **{"OEBPS/ch2.xhtml": hostile}))
    assert "lollollol" not in doc.text and "]>" not in doc.text
    assert doc.text.endswith("plain")


def test_fanficfare_epub(tmp_path):
    def fff(title: str, body: str) -> str:
        return page(f'<h3 class="fff_chapter_title">{title}</h3>{body}', title=title, body_class="fff_chapter")

    items = [("title_page", "OEBPS/title_page.xhtml", "application/xhtml+xml"),
             ("toc_page", "OEBPS/toc_page.xhtml", "application/xhtml+xml"),
             ("log_page", "OEBPS/log_page.xhtml", "application/xhtml+xml"),
             ("file0001", "OEBPS/file0001.xhtml", "application/xhtml+xml"),
             ("file0002", "OEBPS/file0002.xhtml", "application/xhtml+xml")]
    metadata = "<dc:contributor>FanFicFare [https://github.com/JimmXinu/FanFicFare]</dc:contributor>"
    data = zip_bytes(tmp_path, {
        "META-INF/container.xml": CONTAINER.format(opf="content.opf"),
        "content.opf": opf(items, [i for i, _, _ in items], title="Salt and Signal", metadata=metadata),
        "OEBPS/title_page.xhtml": page("<h3>Salt and Signal by quill</h3><b>Status:</b> Completed<br/>"),
        "OEBPS/toc_page.xhtml": page("<h3>Table of Contents</h3><a href='file0001.xhtml'>The Ferry</a>"),
        "OEBPS/log_page.xhtml": page("<h3>Update Log</h3><p class='log_entry'>Updated today</p>", body_class="fff_logpage"),
        "OEBPS/file0001.xhtml": fff("The Ferry",
                                    '<div class="fff_chapter_notes fff_head_notes"><b>Author\'s Note:</b>'
                                    "<blockquote><p>Thanks to my beta.</p></blockquote>"
                                    "<b>Summary for the Chapter:</b><blockquote><p>Tobias arrives.</p></blockquote></div>"
                                    '<div class="userstuff"><p>The ferry was late.</p></div>'
                                    '<div class="fff_chapter_notes fff_foot_notes"><b>Notes for the Chapter:</b>'
                                    "<blockquote><p>More soon.</p></blockquote></div>"),
        "OEBPS/file0002.xhtml": fff("The Letter", "<p>The letter had no stamp.</p>"),
    })
    doc = read(data)
    assert doc.source["layout"] == "fanficfare" and doc.title == "Salt and Signal"
    for skipped in ("Table of Contents", "Update Log", "Updated today"):
        assert skipped not in doc.text
    assert [c.title for c in doc.chapters] == ["The Ferry", "The Letter"]
    assert paratext(doc, "title") == ["Salt and Signal by quill", "The Ferry", "The Letter"]
    assert paratext(doc, "metadata") == ["Status: Completed"]
    assert (doc.metadata.title, doc.metadata.authors, doc.metadata.status) == ("Salt and Signal", ("quill",), "complete")
    assert paratext(doc, "author_note") == ["Author's Note:\n\nThanks to my beta.", "Notes for the Chapter:\n\nMore soon."]
    assert paratext(doc, "summary") == ["Summary for the Chapter:\n\nTobias arrives."]
    assert not doc.in_paratext(doc.text.index("The ferry was late."))


AO3_PREFACE = page(
    '<div id="preface"><h2 class="toc-heading">Preface</h2>'
    '<p class="message"><b>Salt and Signal</b><br/>Posted originally on the Archive of Our Own.</p>'
    '<div class="meta1"><dl class="tags"><dt>Rating:</dt><dd>General Audiences</dd></dl>'
    "<h1>Salt and Signal</h1><div class=\"byline\">by quill</div>"
    "<p>Summary</p><blockquote class=\"userstuff1\"><p>Two keepers, one island.</p></blockquote></div></div>")
AO3_CHAPTER = page(
    '<div class="userstuff"><div class="meta">'
    '<h2 class="heading">Chapter {n}</h2><p>Chapter Notes</p><blockquote class="userstuff1"><p>Note {n}.</p></blockquote>'
    '<div class="endnote-link">See the end of the chapter for more notes</div></div>'
    '<div class="userstuff1"><p>Story text {n}.</p></div>'
    '<div class="meta" id="endnotes{n}"><p>Chapter End Notes</p><blockquote class="userstuff1"><p>End {n}.</p>'
    "</blockquote></div></div>")
AO3_AFTERWORD = page('<div id="afterword"><h2 class="toc-heading">Afterword</h2>'
                     '<p class="message">Please drop by the archive and comment!</p></div>')


def ao3_epub(tmp_path: Path, chapter_2: str | None = None) -> bytes:
    names = ["split_000", "split_001", "split_002", "split_003"]
    items = [(n, f"{n}.xhtml", "application/xhtml+xml") for n in names]
    return zip_bytes(tmp_path, {
        "META-INF/container.xml": CONTAINER.format(opf="content.opf"),
        "content.opf": opf(items, names, title="Salt and Signal", version="2.0",
                           metadata="<dc:publisher>Archive of Our Own</dc:publisher>"),
        "split_000.xhtml": AO3_PREFACE,
        "split_001.xhtml": AO3_CHAPTER.format(n=1),
        "split_002.xhtml": chapter_2 or AO3_CHAPTER.format(n=2),
        "split_003.xhtml": AO3_AFTERWORD,
    })


def test_ao3_epub_maps_paratext_like_the_html_download(tmp_path):
    doc = read(ao3_epub(tmp_path))
    assert doc.source["layout"] == "ao3" and doc.title == "Salt and Signal"
    assert paratext(doc, "summary") == ["Summary\n\nTwo keepers, one island."]
    assert paratext(doc, "author_note") == ["Chapter Notes\n\nNote 1.", "Chapter End Notes\n\nEnd 1.",
                                            "Chapter Notes\n\nNote 2.", "Chapter End Notes\n\nEnd 2."]
    assert "Rating: General Audiences" in paratext(doc, "metadata")
    for chrome in ("Preface", "Afterword", "drop by the archive", "See the end"):
        assert chrome not in doc.text


def test_ao3_epub_chapters_skip_preface_and_afterword(tmp_path):
    doc = read(ao3_epub(tmp_path))
    assert [c.title for c in doc.chapters] == ["Chapter 1", "Chapter 2"]
    assert [doc.span_text(c) for c in doc.chapters] == [
        f"Chapter {n}\n\nChapter Notes\n\nNote {n}.\n\nStory text {n}.\n\nChapter End Notes\n\nEnd {n}." for n in (1, 2)]


def test_ao3_epub_labels_work_without_calibre_classes(tmp_path):
    bare = page("<div><div><h2>Chapter 2</h2><p>Chapter Summary</p><blockquote><p>Plot.</p></blockquote></div>"
                "<div><p>Story text 2.</p></div></div>")
    doc = read(ao3_epub(tmp_path, chapter_2=bare))
    assert "Chapter Summary\n\nPlot." in paratext(doc, "summary")
    assert doc.chapters[-1].title == "Chapter 2"


# --- Hostile and broken archives ---------------------------------------------------------------------------


def test_not_a_zip():
    assert refused(b"This is plain text, not an EPUB at all.") == "bad.epub: not a valid EPUB (not a zip archive)"


def test_truncated_zip(tmp_path):
    data = epub3(tmp_path)
    assert "corrupt or truncated" in refused(data[: len(data) // 2])


def test_zip_bomb_by_compression_ratio(tmp_path):
    data = epub3(tmp_path, **{"OEBPS/ch2.xhtml": b"<p>" + b"\0" * (8 * 1024 * 1024)})
    assert "zip bomb" in refused(data)


def test_zip_bomb_by_declared_size(tmp_path):
    data = bytearray(epub3(tmp_path))
    central = data.index(b"PK\x01\x02")  # first central directory record: uncompressed size at +24
    data[central + 24 : central + 28] = struct.pack("<I", 0xFFFFFFF0)
    assert "zip bomb" in refused(bytes(data))


def test_entries_are_read_with_a_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(epub, "MAX_ENTRY_BYTES", 200)
    assert "too large when uncompressed" in refused(epub3(tmp_path))


def test_too_many_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(epub, "MAX_ENTRIES", 3)
    assert "entries" in refused(epub3(tmp_path))


@pytest.mark.parametrize("entry", ["../escape.xhtml", "OEBPS/../../escape.xhtml", "/etc/passwd",
                                   "C:\\Windows\\evil.xhtml", "OEBPS\\..\\..\\evil.xhtml"])
def test_path_traversal_entry(tmp_path, entry):
    message = refused(epub3(tmp_path, **{entry: "x"}))
    assert message == f"bad.epub: unsafe EPUB: entry path '{entry}' escapes the archive"


def test_manifest_href_escaping_the_archive(tmp_path):
    bad_opf = opf([("c1", "../../../etc/passwd", "application/xhtml+xml")], ["c1"])
    assert "escapes the archive" in refused(epub3(tmp_path, **{"OEBPS/content.opf": bad_opf}))


def test_missing_container(tmp_path):
    assert "META-INF/container.xml" in refused(epub3(tmp_path, **{"META-INF/container.xml": None}))


def test_container_without_rootfile(tmp_path):
    container = '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles/></container>'
    assert "names no package document" in refused(epub3(tmp_path, **{"META-INF/container.xml": container}))


def test_missing_package_document(tmp_path):
    assert "package document 'OEBPS/content.opf' is missing" in refused(epub3(tmp_path, **{"OEBPS/content.opf": None}))


def test_invalid_package_xml(tmp_path):
    assert "invalid XML in 'OEBPS/content.opf'" in refused(epub3(tmp_path, **{"OEBPS/content.opf": "<package><oops"}))


def test_missing_spine(tmp_path):
    no_spine = opf([("c1", "ch1.xhtml", "application/xhtml+xml")], []).replace("<spine></spine>", "")
    assert "no spine" in refused(epub3(tmp_path, **{"OEBPS/content.opf": no_spine}))


def test_empty_spine(tmp_path):
    empty = opf([("c1", "ch1.xhtml", "application/xhtml+xml")], [])
    assert "spine is empty" in refused(epub3(tmp_path, **{"OEBPS/content.opf": empty}))


def test_spine_item_not_in_manifest(tmp_path):
    dangling = opf([("c1", "ch1.xhtml", "application/xhtml+xml")], ["c1", "ghost"])
    assert "spine item 'ghost' is not in the manifest" in refused(epub3(tmp_path, **{"OEBPS/content.opf": dangling}))


def test_spine_pointing_at_missing_file(tmp_path):
    message = refused(epub3(tmp_path, **{"OEBPS/ch2.xhtml": None}))
    assert "spine item 'c2' points to missing file 'OEBPS/ch2.xhtml'" in message


@pytest.mark.parametrize("target", ["OEBPS/content.opf", "META-INF/container.xml"])
def test_entity_expansion_in_package_xml(tmp_path, target):
    hostile = BILLION_LAUGHS + "<package><metadata><title>&lol3;</title></metadata></package>"
    assert "unsafe XML" in refused(epub3(tmp_path, **{target: hostile}))


def test_external_entity_in_package_xml(tmp_path):
    xxe = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           "<package><metadata><title>&e;</title></metadata></package>")
    assert "unsafe XML" in refused(epub3(tmp_path, **{"OEBPS/content.opf": xxe}))


def test_hostile_table_of_contents_is_ignored(tmp_path):
    items = [("ncx", "toc.ncx", "application/x-dtbncx+xml"), ("c1", "ch1.xhtml", "application/xhtml+xml")]
    data = epub3(tmp_path, **{"OEBPS/content.opf": opf(items, ["c1"], toc="ncx"),
                              "OEBPS/toc.ncx": BILLION_LAUGHS + "<ncx>&lol3;</ncx>"})
    assert read(data).chapters[0].title == "Chapter 1: First Light"


def test_unsupported_zip_version(tmp_path):
    data = bytearray(epub3(tmp_path))
    central = data.index(b"PK\x01\x02")  # "version needed to extract" at +6
    data[central + 6 : central + 8] = struct.pack("<H", 99)
    assert "not a valid EPUB" in refused(bytes(data))


def test_page_nested_too_deeply(tmp_path):
    deep = page("<div>" * 3000 + "lost" + "</div>" * 3000)
    assert "OEBPS/ch2.xhtml: markup nests too deeply" in refused(epub3(tmp_path, **{"OEBPS/ch2.xhtml": deep}))


def test_spine_without_text(tmp_path):
    blank = page("<p> </p><img src='x.png'/>")
    message = refused(epub3(tmp_path, **{"OEBPS/ch1.xhtml": blank, "OEBPS/ch2.xhtml": blank}))
    assert message == "bad.epub: EPUB has no readable text"


def test_corrupted_bytes_never_raise_anything_but_input_error(tmp_path):
    original = epub3(tmp_path)
    rng = random.Random(7)
    for _ in range(60):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            doc = read_epub(bytes(data), "fuzz.epub")
        except InputError as exc:
            assert "\n" not in str(exc) and str(exc).startswith("fuzz.epub: ")
        else:
            assert_spans_valid(doc)


# --- downloaders' front matter -------------------------------------------------------------------

INFO_PAGE = page(
    "<h1>The Salt Road</h1><p><b>By: inkwell</b></p><p/>"
    "<p>Two carters, one road, and a river that will not wait for either of them.</p>"
    "<p>Status: complete</p><p>Published: 2008-02-01</p><p>Updated: 2009-11-30</p><p>Words: 9876</p>"
    "<p>Chapters: 2</p><p>Rated: Fiction K+ - Language: English - Genre: Adventure/Hurt/Comfort - "
    "Characters: Hob, Ada L. - Reviews: 21 - Favs: 5 - Follows: 6</p>"
    "<p>Original source: <a href='https://www.fanfiction.net/s/1357/1/The-Salt-Road'>"
    "https://www.fanfiction.net/s/1357/1/The-Salt-Road</a></p>"
    "<p>Exported with the assistance of <a href='https://example.net'>a downloader</a></p>")
TITLE_PAGE = page(
    "<h3><a href='https://archiveofourown.org/works/2468'>Salt and Signal</a> by quill</h3>"
    "<p>Fandoms: Lighthouses (Original Work)</p><p>Status: In-Progress</p><p>Chapters: 2/?</p>"
    "<p>Relationships: Wren/Tobias</p><p>Rating: Mature</p>"
    "<div>Summary: <blockquote><p>Two keepers. One lamp.</p></blockquote><p>And a winter of letters.</p></div>")
ONE_PAGE = page(
    "<p>Fandoms: Lighthouses</p><p>Rating: General Audiences</p><p>Words: 120</p><p>Summary:</p>"
    "<p>Two keepers.</p><p>Notes:</p><p>For my sister.</p><p>Work Text:</p>"
    "<p>The lamp came on at dusk.</p><p>\"Is it lit?\" asked Tobias.</p><p>The bell rang twice.</p>"
    "<p>Wren went home.</p><p>Tobias stayed.</p><p>Notes:</p><p>thank you for reading, see you soon</p>")


@pytest.mark.parametrize("front, kinds", [
    (INFO_PAGE, ["title", "metadata", "summary", "metadata"]),
    (TITLE_PAGE, ["title", "metadata", "summary"]),
])
def test_a_downloaders_information_page_is_front_matter(tmp_path, front, kinds):
    data = epub3(tmp_path, **{"OEBPS/content.opf": opf(
        [("info", "info.xhtml", "application/xhtml+xml"), ("c1", "ch1.xhtml", "application/xhtml+xml"),
         ("c2", "ch2.xhtml", "application/xhtml+xml")], ["info", "c1", "c2"]), "OEBPS/info.xhtml": front})
    doc = read(data)
    before = [p for p in doc.paratext if p.end <= doc.chapters[0].start]
    assert [p.kind for p in before] == kinds
    assert [c.title for c in doc.chapters] == ["Chapter 1: First Light", "Chapter 2: Second Light"]
    assert doc.text.index("The lamp came on at dusk.") >= before[-1].end


def test_information_page_metadata(tmp_path):
    data = epub3(tmp_path, **{"OEBPS/content.opf": opf(
        [("info", "info.xhtml", "application/xhtml+xml"), ("c1", "ch1.xhtml", "application/xhtml+xml")],
        ["info", "c1"]), "OEBPS/info.xhtml": INFO_PAGE})
    meta = read(data).metadata
    assert (meta.site, meta.work_id, meta.authors, meta.rating) == ("ffnet", "1357", ("inkwell",), "K+")
    assert meta.title == "Harbour Lights"  # the book's own title, as doc.title, before a page's heading
    assert (meta.characters, meta.additional_tags) == (("Hob", "Ada L."), ("Adventure", "Hurt/Comfort"))
    assert (meta.status, meta.chapters_posted, meta.chapters_total, meta.words, meta.reviews) == (
        "complete", 2, 2, 9876, 21)


def test_a_title_page_with_the_work_text_after_it(tmp_path):
    data = epub3(tmp_path, **{"OEBPS/content.opf": opf([("w", "work.xhtml", "application/xhtml+xml")], ["w"]),
                              "OEBPS/work.xhtml": ONE_PAGE})
    doc = analyze_document(read(data))
    kinds = [(doc.span_text(p), p.kind) for p in doc.paratext]
    assert kinds[:4] == [("Fandoms: Lighthouses\n\nRating: General Audiences\n\nWords: 120", "metadata"),
                         ("Summary:\n\nTwo keepers.", "summary"), ("Notes:\n\nFor my sister.", "author_note"),
                         ("Work Text:", "metadata")]
    assert kinds[-2:] == [("Notes:", "author_note"), ("thank you for reading, see you soon", "author_note")]
    assert doc.text[doc.scenes[0].start :].startswith("The lamp came on at dusk.")
    assert doc.metadata.fandoms == ("Lighthouses",)


# --- WebToEpub: an information page copying the site's own header -----------------------------


def test_webtoepub_fanfiction_net_information_page(tmp_path):
    doc = read(zip_epub(FIXTURES / "epub" / "webtoepub_ffnet", tmp_path / "w.epub").read_bytes())
    meta = doc.metadata
    assert doc.title == meta.title == "The Ferry Crossing"  # not the page's "Information"
    assert meta.fandoms == ("Harbour Tales",)  # the breadcrumb "Books > Harbour Tales"
    assert (meta.site, meta.work_id, meta.authors, meta.rating, meta.characters) == (
        "ffnet", "5551212", ("inkwell",), "T", ("Hob", "Ada L."))
    assert (meta.words, meta.chapters_posted, meta.chapters_total, meta.status) == (1204, 2, 2, "complete")
    assert (str(meta.published), str(meta.updated)) == ("2018-01-02", "2019-03-04")
    assert [c.title for c in doc.chapters] == ["1. The Ice", "2. The Thaw"]
    front = [(doc.span_text(p), p.kind) for p in doc.paratext if p.end <= doc.chapters[0].start]
    assert ("Two ferrymen, one winter, and a river that will not freeze.", "summary") in front
    assert doc.text[: doc.chapters[0].start].strip() == "\n\n".join(text for text, _ in front)


def test_webtoepub_ao3_information_page(tmp_path):
    doc = read(zip_epub(FIXTURES / "epub" / "webtoepub_ao3", tmp_path / "w.epub").read_bytes())
    meta = doc.metadata
    assert doc.title == meta.title == "Salt and Signal"
    # The tag lists read by their classes: commas between tags are the site's style sheet's.
    assert (meta.fandoms, meta.rating, meta.characters, meta.additional_tags) == (
        ("Original Work",), "General Audiences", ("Wren | The Keeper", "Tobias"), ("Letters",))
    assert (meta.words, meta.chapters_posted, meta.chapters_total, meta.status, meta.kudos) == (
        1234, 1, 1, "complete", 67)
    assert paratext(doc, "summary") == ["Summary:\n\nTwo keepers, one island, a winter of letters."]
    assert paratext(doc, "author_note") == ["Notes:\n\nThanks to my beta reader."]
    assert [c.title for c in doc.chapters] == ["Chapter 1: The Lamp"]
