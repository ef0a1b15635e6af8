"""EPUB reader: the spine's documents, in order, through the HTML reader's layouts.

Everything happens in memory and treats the archive as hostile: entry names
that would escape the archive, zip bombs (by entry count, total declared size,
compression ratio, and bounded reads that never trust declared sizes) and XML
entity tricks in container.xml or the package document (parsed with defusedxml)
are refused with a one-line `InputError`; a table of contents that cannot be
read safely is ignored. Chapter files are parsed leniently with lxml.html so
that broken XHTML still reads.

Each spine document that holds story text becomes a `Chapter`, titled by its
heading or the table of contents. Pages before the first chapter that are a
downloader's front matter (FicHub's information page, FanFicFare's title page,
WebToEpub's information page, other tools' "Label: value" pages; see
`frontmatter`) become paratext and metadata. FanFicFare's contents and log
pages and the EPUB 3 navigation document are skipped; FanFicFare and Archive
of Our Own books, and books whose pages keep AO3's work-page markup, get the
same paratext rules as their HTML (see `html`). The package's title is the
work's title (a downloader's page heading may name only the page); its
creators, language and source URL fill what the pages leave unsaid.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from ..errors import InputError
from ..model import Chapter, Document
from . import ao3
from .frontmatter import front_matter, is_front_matter
from .html import append_page
from .markup import TextBuilder, TooDeep, declared_charset, parse_markup, plain
from .metadata import Fields, work_title
from .pages import body_of, has_class
from .text import decode_bytes

MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_ENTRY_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024 * 1024  # small files may compress well without being bombs

_CONTAINER = "META-INF/container.xml"
_PAGE_TYPES = ("application/xhtml+xml", "text/html", "application/html")
_NCX_TYPE = "application/x-dtbncx+xml"
_FANFICFARE_PAGES = ("toc_page.xhtml", "log_page.xhtml")
_FANFICFARE_TITLE = "title_page.xhtml"
_SEPARATORS = re.compile(r"[/\\]")


def read_epub(data: bytes, name: str) -> Document:
    archive = _Archive(data, name)
    package = archive.package()
    layout = _layout(package)
    labels = archive.toc_labels(package)
    builder = TextBuilder()
    # The book's own title names the work; a downloader's page heading may
    # only name the page ("Information").
    title = work_title(package["title"])
    fields, site = Fields(), None
    fields.set("title", title)
    for path in archive.spine_pages(package, skip_fanficfare=layout == "fanficfare"):
        raw = archive.read(path)
        try:
            root = parse_markup(_decode(raw, name, path))
        except TooDeep as exc:
            raise InputError(name, f"{path}: {exc}") from None
        except ValueError:
            continue  # an empty page
        builder.paragraph_break()
        first_paratext = len(builder.paratext)
        region = builder.open_region()
        fanficfare_title = layout == "fanficfare" and (posixpath.basename(path) == _FANFICFARE_TITLE
                                                       or has_class(body_of(root), "fff_titlepage"))
        if fanficfare_title or (layout != "ao3" and not builder.chapters and is_front_matter(root)):
            page = front_matter(builder, root)
        else:
            page_layout = "ao3-page" if layout == "generic" and ao3.looks_like_work_page(root) else layout
            page = append_page(builder, root, page_layout, part=True)
        builder.close_region(region)
        if page.chapters:
            builder.chapters.extend(page.chapters)
        elif region.start is not None and _has_story(builder, region, first_paratext):
            builder.chapters.append(Chapter(region.start, region.end, page.heading or labels.get(path)))
        title = title or work_title(page.title)
        for key, value in page.fields.values.items():
            fields.set(key, value)
        site = site or page.site
    if builder.length == 0:
        raise InputError(name, "EPUB has no readable text")
    fields.set("title", title)
    fields.set("authors", package["creators"])
    fields.set("language", package["language"])
    if package["source"]:
        fields.add_url(package["source"])
    return builder.document(title, {"name": name, "format": "epub", "layout": layout}, fields.build(site))


class _Archive:
    """A zip archive checked for hostile structure, read with a byte budget."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
            problem = "corrupt or truncated zip archive" if data[:4] == b"PK\x03\x04" else "not a zip archive"
            raise InputError(name, f"not a valid EPUB ({problem})") from None
        if len(infos) > MAX_ENTRIES:
            raise InputError(name, f"EPUB has {len(infos)} entries, over the limit of {MAX_ENTRIES}")
        declared = 0
        for info in infos:
            if _escapes(info.filename):
                raise InputError(name, f"unsafe EPUB: entry path {_quote(info.filename)} escapes the archive")
            declared += info.file_size
            if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError(name, f"EPUB entry {_quote(info.filename)} expands more than "
                                       f"{MAX_RATIO}:1 (zip bomb?)")
        if declared > MAX_TOTAL_BYTES:
            raise InputError(name, f"EPUB expands to over {MAX_TOTAL_BYTES // (1024 * 1024)} MB (zip bomb?)")
        self.entries = {info.filename: info for info in infos}
        self.budget = MAX_TOTAL_BYTES

    def read(self, path: str) -> bytes:
        info = self.entries.get(path)
        if info is None:
            raise InputError(self.name, f"not a valid EPUB (missing {_quote(path)})")
        limit = min(MAX_ENTRY_BYTES, self.budget)
        try:
            with self.zip.open(info) as entry:
                data = entry.read(limit + 1)  # declared sizes can lie
        except RuntimeError:
            raise InputError(self.name, f"EPUB entry {_quote(path)} is encrypted") from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise InputError(self.name, f"corrupt EPUB entry {_quote(path)} ({_one_line(exc)})") from None
        if len(data) > limit:
            raise InputError(self.name, f"EPUB entry {_quote(path)} is too large when uncompressed (zip bomb?)")
        self.budget -= len(data)
        return data

    def xml(self, path: str) -> Element:
        data = self.read(path)
        try:
            return SafeElementTree.fromstring(data)
        except DefusedXmlException:
            raise InputError(self.name, f"unsafe XML in {_quote(path)} (entity or DTD tricks are refused)") from None
        except (ParseError, ValueError, LookupError) as exc:
            raise InputError(self.name, f"invalid XML in {_quote(path)} ({_one_line(exc)})") from None

    def package(self) -> dict:
        """The package document: title, metadata text, manifest and spine."""
        if _CONTAINER not in self.entries:
            raise InputError(self.name, f"not a valid EPUB (no {_CONTAINER})")
        rootfiles = [e.get("full-path") for e in self.xml(_CONTAINER).iter() if _local(e.tag) == "rootfile"]
        opf_path = next((p for p in rootfiles if p), None)
        if opf_path is None:
            raise InputError(self.name, f"not a valid EPUB ({_CONTAINER} names no package document)")
        opf_path = self.resolve("", opf_path)
        if opf_path not in self.entries:
            raise InputError(self.name, f"not a valid EPUB (package document {_quote(opf_path)} is missing)")
        opf = self.xml(opf_path)
        if _local(opf.tag) != "package":
            raise InputError(self.name, f"not a valid EPUB ({_quote(opf_path)} is not a package document)")
        sections = {_local(child.tag): child for child in opf}
        metadata = sections.get("metadata")
        spine = sections.get("spine")
        if spine is None:
            raise InputError(self.name, "not a valid EPUB (package document has no spine)")
        base = posixpath.dirname(opf_path)
        manifest = {}
        for item in sections.get("manifest", ()):
            if _local(item.tag) == "item" and item.get("id") and item.get("href"):
                manifest[item.get("id")] = (self.resolve(base, item.get("href")), item.get("media-type") or "",
                                            (item.get("properties") or "").split())
        fields = list(metadata) if metadata is not None else []
        first = {_local(e.tag): (e.text or "").strip() for e in reversed(fields)}
        sources = [(e.text or "").strip() for e in fields if _local(e.tag) in ("source", "identifier")]
        return {
            "title": first.get("title") or None,
            "creators": tuple((e.text or "").strip() for e in fields if _local(e.tag) == "creator" and e.text),
            "language": first.get("language") or None,
            "source": next((u for u in sources if u.startswith(("http://", "https://"))), None),
            "publisher": first.get("publisher", ""),
            "metadata_text": " ".join(e.text or "" for e in fields),
            "manifest": manifest,
            "spine": [ref for ref in spine if _local(ref.tag) == "itemref"],
            "toc": spine.get("toc"),
        }

    def spine_pages(self, package: dict, skip_fanficfare: bool) -> list[str]:
        """Paths of the spine's readable documents, in reading order."""
        if not package["spine"]:
            raise InputError(self.name, "not a valid EPUB (spine is empty)")
        pages = []
        for ref in package["spine"]:
            item = package["manifest"].get(ref.get("idref"))
            if item is None:
                raise InputError(self.name, f"not a valid EPUB (spine item {_quote(ref.get('idref'))} "
                                            "is not in the manifest)")
            path, media_type, properties = item
            if path not in self.entries:
                raise InputError(self.name, f"not a valid EPUB (spine item {_quote(ref.get('idref'))} "
                                            f"points to missing file {_quote(path)})")
            if (ref.get("linear") == "no" or "nav" in properties or media_type not in _PAGE_TYPES
                    or (skip_fanficfare and posixpath.basename(path) in _FANFICFARE_PAGES)):
                continue
            pages.append(path)
        return pages

    def toc_labels(self, package: dict) -> dict[str, str]:
        """Chapter names from the EPUB 3 nav document or the NCX, by page path.

        The table of contents is optional: one that cannot be read is ignored.
        """
        labels: dict[str, str] = {}
        for item_id, (path, media_type, properties) in package["manifest"].items():
            if path not in self.entries:
                continue
            try:
                if "nav" in properties:
                    entries = self._nav_entries(path)
                elif item_id == package["toc"] or media_type == _NCX_TYPE:
                    entries = self._ncx_entries(path)
                else:
                    continue
            except (InputError, ValueError):
                continue
            for href, label in entries:
                target = self.resolve(posixpath.dirname(path), href, strict=False)
                if target and label:
                    labels.setdefault(target, label)
        return labels

    def _nav_entries(self, path: str) -> list[tuple[str, str]]:
        nav = parse_markup(_decode(self.read(path), self.name, path))
        return [(link.get("href") or "", plain(link)) for link in nav.iter("a")]

    def _ncx_entries(self, path: str) -> list[tuple[str, str]]:
        entries = []
        for point in self.xml(path).iter():
            if _local(point.tag) == "navPoint":
                text = next((e.text for e in point.iter() if _local(e.tag) == "text" and e.text), "")
                content = next((e for e in point if _local(e.tag) == "content"), None)
                if content is not None:
                    entries.append((content.get("src") or "", " ".join(text.split())))
        return entries

    def resolve(self, base: str, href: str, strict: bool = True) -> str | None:
        """An href from a document in `base`, as an archive path."""
        path = unquote(href.split("#", 1)[0])
        joined = posixpath.normpath(posixpath.join(base, path)) if path else ""
        if not joined or _escapes(joined):
            if strict:
                raise InputError(self.name, f"unsafe EPUB: path {_quote(href)} escapes the archive")
            return None
        return joined


def _layout(package: dict) -> str:
    if "fanficfare" in package["metadata_text"].lower():
        return "fanficfare"
    if "archive of our own" in package["publisher"].lower():
        return "ao3"
    return "generic"


def _has_story(builder: TextBuilder, region, first_paratext: int) -> bool:
    """Whether the page wrote any text outside the paratext it marked."""
    text = builder.slice(region.start, region.end)
    position = region.start
    for span in sorted(builder.paratext[first_paratext:], key=lambda p: p.start):
        if text[position - region.start : span.start - region.start].strip():
            return True
        position = max(position, span.end)
    return bool(text[position - region.start :].strip())


def _decode(raw: bytes, name: str, path: str) -> str:
    try:
        return decode_bytes(raw, name, declared_charset(raw))
    except InputError as exc:
        raise InputError(name, f"{path}: {exc.problem}") from None


def _escapes(path: str) -> bool:
    parts = _SEPARATORS.split(path)
    return path.startswith(("/", "\\")) or bool(re.match(r"[A-Za-z]:", path)) or ".." in parts


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _quote(text: str | None) -> str:
    return "'" + _one_line(text or "")[:200] + "'"


def _one_line(value) -> str:
    return " ".join(str(value).split())
