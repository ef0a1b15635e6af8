"""Plain-text reader: decoding, line endings, chapter headings, *emphasis*,
and the work header that FanFiction.net's pages carry into a copied or
exported text (title, author, summary, then the stats line "Rated: Fiction T
- English - Adventure - Harry P., Hermione G. - Words: 4,308 - … - id: N"),
which becomes paratext and the work's metadata, or the labelled lines of an
AO3 work page copied into one ("Characters: …"), which become its metadata.

A file that is valid UTF-8 with `\\n` line endings and no mojibake comes back
unchanged, so offsets from other tools line up with fabula's. Anything else is
decoded (BOMs, UTF-16, cp1252/latin-1 by detection), mojibake is repaired and
line endings are made `\\n`.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import ftfy
from ftfy.badness import is_bad

from ..errors import InputError
from ..model import Chapter, Document, Emphasis, Paratext, WorkMetadata
from .metadata import Fields, ffnet_stats, is_known_label, is_list_label, label_line

_MOJIBAKE_HINT = re.compile("[ÃÂâÅÄÐÑÎÏ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A heading alone on its line: "CHAPTER I.", "Chapter 3: The Return", "PART ONE",
# "VOLUME II", or a bare Roman numeral as some novels use.
_NUMBER = r"(?:[IVXLCDM]+|\d+|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve)"
_HEADING = re.compile(
    rf"^[ \t]*(?:(?:CHAPTER|Chapter|BOOK|Book|PART|Part|VOLUME|Volume)[ \t]+{_NUMBER}\b\.?"
    rf"(?:[ \t]*[:.\-–—]?[ \t]*[^\n]{{0,80}})?|[IVXLC]+\.?)[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
# FanFiction.net's stats line, alone on its line near the top.
_FFNET_STATS = re.compile(r"^Rated:[ \t]*[^\n]*? - [^\n]*?\b(?:Words|id):[^\n]*$", re.MULTILINE)
_HEADER_REACH = 3000  # characters: the header is the title, the author and the summary
_HEADER_LINES = 60
_PARAGRAPH = re.compile(r"\S[^\n]*(?:\n(?!\s*\n)[^\n]*)*")
# The mark first and the look behind it after: a pattern that opens on a
# literal is searched for by that character, not tried at every offset.
_STAR_EMPHASIS = re.compile(r"\*(?<![\w*]\*)(?=[^\s*])([^*\n]{1,400}?)(?<=[^\s*])\*(?![\w*])")
_UNDERSCORE_EMPHASIS = re.compile(r"_(?<![\w_]_)(?=[^\s_])([^_\n]{1,400}?)(?<=[^\s_])_(?![\w_])")


def read_text(data: bytes, name: str) -> Document:
    text = decode_bytes(data, name)
    if not text.strip():
        raise InputError(name, "file has no text")
    return document_from_string(text, name)


def document_from_string(text: str, name: str = "<string>", title: str | None = None) -> Document:
    """A Document of plain text taken as is, with what plain text marks:
    chapter headings and *emphasis*."""
    chapters, headings = find_chapter_headings(text)
    header, metadata = find_site_header(text)
    if header:
        headings = tuple(h for h in headings if h.start >= header[-1].end)
    else:
        metadata = labelled_header(text)
    return Document(
        text=text,
        title=title or metadata.title,
        source={"name": name, "format": "txt"},
        metadata=metadata,
        chapters=chapters,
        paratext=(*header, *headings),
        emphasis=find_marked_emphasis(text),
    )


def find_site_header(text: str) -> tuple[tuple[Paratext, ...], WorkMetadata]:
    """FanFiction.net's work header at the top of a text: the paragraphs
    above its stats line (the title first, a short line that is the author,
    the rest summary) and the stats line itself, which gives the metadata
    (characters, rating, words…). Nothing when the text does not open so."""
    stats = _FFNET_STATS.search(text, 0, _HEADER_REACH)
    if stats is None:
        return (), WorkMetadata()
    above = [m.span() for m in _PARAGRAPH.finditer(text, 0, stats.start())]
    if not above or len(above) > 4:
        return (), WorkMetadata()
    fields = Fields()
    ffnet_stats(stats.group().strip(), fields)
    spans = []
    for i, (start, end) in enumerate(above):
        line = text[start:end].strip()
        if i == 0:
            kind = "title"
            fields.set("title", line)
        elif len(line.split()) <= 4 and "\n" not in line and not line.endswith((".", "!", "?")):
            kind = "metadata"
            fields.set("authors", line)
        else:
            kind = "summary"
        spans.append(Paratext(start, start + len(text[start:end].rstrip()), kind))
    stats_end = stats.start() + len(stats.group().rstrip())
    spans.append(Paratext(stats.start(), stats_end, "metadata"))
    return tuple(spans), fields.build(site="ffnet")


def labelled_header(text: str) -> WorkMetadata:
    """The metadata of a work page copied into a text: `Label: value` lines
    at the top (AO3's "Rating:", "Characters:", "Additional Tags:"…), the
    value on the label's line or on the lines under it. Three known labels
    at least, else nothing; the paratext stage marks the lines themselves."""
    fields, label, known = Fields(), None, 0
    for line in text[:_HEADER_REACH].split("\n")[:_HEADER_LINES]:
        line = line.strip()
        labelled = label_line(line)
        if labelled and is_known_label(labelled[0]):
            # A page copied without its commas runs the tags together ("Tony
            # Stark Steve Rogers Natasha Romanov"): no telling them apart.
            if not (is_list_label(labelled[0]) and "," not in labelled[1] and len(labelled[1].split()) > 3):
                fields.add_labelled(*labelled)
            label, known = None, known + 1
        elif line.endswith(":") and len(line) <= 30:
            label = line if is_known_label(line) else None  # "Stats:" ends the tags above it
            known += label is not None
        elif label and line:
            fields.add_labelled(label, line)  # AO3's copied page: the value under its label
        elif known and not line:
            label = None
        elif line and not known:
            continue  # a title or a byline above the labels
        elif line:
            break  # the story
    return fields.build() if known >= 3 else WorkMetadata()


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> str:
    """Bytes to text with `\\n` line endings, repairing mojibake."""
    text = _decode(data, name, declared)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # ftfy's check reads every character; ASCII text and text without the
    # lead characters of UTF-8-read-as-cp1252 cannot be mojibake.
    if not text.isascii() and _MOJIBAKE_HINT.search(text) and is_bad(text):
        text = ftfy.fix_encoding(text)
    bad = len(_CONTROL.findall(text[:65536]))
    if bad > 8 and bad > len(text[:65536]) // 200:
        raise InputError(name, "not a text file (binary data)")
    return text


def _decode(data: bytes, name: str, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(name, f"invalid {encoding.upper()} text (truncated?)") from None
    if _looks_utf16(data):
        sample = data[:4096]
        little_endian = sample[1::2].count(0) > sample[0::2].count(0)
        try:
            return data.decode("utf-16-le" if little_endian else "utf-16-be")
        except UnicodeDecodeError:
            raise InputError(name, "invalid UTF-16 text (truncated?)") from None
    if b"\x00" in data[:8192]:
        raise InputError(name, "not a text file (binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            raise InputError(name, "file is truncated in the middle of a UTF-8 character") from None
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    best = charset_normalizer.from_bytes(data[:262144]).best()
    encoding = best.encoding if best is not None else "cp1252"
    for candidate in (encoding, "cp1252", "latin-1"):
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    raise InputError(name, "cannot decode text")  # unreachable: latin-1 decodes any bytes


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return False
    even_zero = sample[0::2].count(0)
    odd_zero = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even_zero, odd_zero) > half * 0.4 and min(even_zero, odd_zero) < half * 0.05


def find_chapter_headings(text: str) -> tuple[tuple[Chapter, ...], tuple[Paratext, ...]]:
    """Chapter headings alone on a line, set off by blank lines.

    A single heading only becomes a title; two or more cut the text into chapters.
    """
    heads = []
    for m in _HEADING.finditer(text):
        before = text[max(0, m.start() - 2) : m.start()]
        after = text[m.end() : m.end() + 2]
        if (m.start() == 0 or before.endswith("\n\n") or before == "\n") and (
            m.end() == len(text) or after.startswith("\n\n") or after == "\n"
        ):
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            heads.append((start, m.end() - (len(m.group()) - len(m.group().rstrip()))))
    bare_roman = [h for h in heads if re.fullmatch(r"[IVXLC]+\.?", text[h[0] : h[1]])]
    if len(bare_roman) < 2:
        heads = [h for h in heads if h not in bare_roman]
    titles = tuple(Paratext(s, e, "title") for s, e in heads)
    if len(heads) < 2:
        return (), titles
    chapters = []
    for i, (s, e) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text.rstrip())
        chapters.append(Chapter(s, max(end, e), text[s:e]))
    if heads[0][0] > 0 and text[: heads[0][0]].strip():
        first = len(text) - len(text.lstrip())
        chapters.insert(0, Chapter(first, heads[0][0], None))
    return tuple(chapters), titles


def find_marked_emphasis(text: str) -> tuple[Emphasis, ...]:
    """*Asterisk* and _underscore_ emphasis, the plain-text stand-ins for italics."""
    found = [Emphasis(m.start(1), m.end(1)) for m in _STAR_EMPHASIS.finditer(text)]
    found += [Emphasis(m.start(1), m.end(1)) for m in _UNDERSCORE_EMPHASIS.finditer(text)]
    return tuple(sorted(found, key=lambda e: e.start))
