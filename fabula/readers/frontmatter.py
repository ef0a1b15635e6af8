"""Front matter pages: what downloaders put before the story (FicHub's
information page, FanFicFare's title page, the "Fandoms: … Summary: … Work
Text:" pages of other AO3-to-EPUB tools).

A page is front matter by its form: at least three `Label: value` lines
(short labels, each with its value on its own line, however the tool names
them), making up a good share of its lines; a chapter page of FanFicFare's
is never front matter. Such a page is walked as usual and then read
line by line:

- a heading is the title (`Title by Author` gives both), unless it is a
  summary or notes label;
- a summary label ("Summary:", "Description:") starts the summary, a notes
  label ("Notes:", "Author's Note:") an author's note and "Disclaimer:" a
  disclaimer, each running over the unlabelled lines after it;
- any other labelled line, a byline ("By: Name") and a short unlabelled line
  ("Exported with the assistance of …", a URL) are metadata;
- an unlabelled paragraph of prose outside those blocks is the summary (FicHub
  writes it without a label);
- a "Work Text:" or "Chapter Text" line ends the front matter: what follows is
  story.

Labelled values fill the work's metadata where fabula knows the label (see
`metadata`); FanFiction.net's " - "-joined stats line is read as such. A
page that copies a site's own work header without the story (WebToEpub's
information page: FanFiction.net's `#profile_top` and breadcrumb, AO3's
`dl.work.meta`) is front matter whatever its lines, and its metadata is read
from that markup (see `ffnet`, `ao3`) rather than from its lines.
"""

from __future__ import annotations

import re

from lxml import etree

from . import ao3, ffnet
from .markup import HEADING_TAGS, TextBuilder, walk
from .metadata import ffnet_stats, is_known_label, label_line
from .pages import Page, body_of, cls, has_class

_LINE = re.compile(r"[^\n]+")
_LABEL_ONLY = re.compile(r"\s*([^\W\d][\w'’ ]{0,29}?)\s*:\s*")
_SUMMARY = re.compile(r"summary|description|blurb", re.IGNORECASE)
_NOTES = re.compile(r"(?:(?:chapter|work|end)\s+)?(?:author'?s?'?\s+)?notes?|a/n", re.IGNORECASE)
_DISCLAIMER = re.compile(r"disclaimer", re.IGNORECASE)
_STORY_STARTS = re.compile(r"(?:work|chapter|story)\s+text", re.IGNORECASE)
_BYLINE = re.compile(r"\s*by\s*:?\s+(\S.{0,80})", re.IGNORECASE)
_TITLE_BY = re.compile(r"(.+?)\s+by\s+(\S.{0,80})")
_PROSE = re.compile(r"[.!?…\"”)]\s*$")
_MAX_LABEL_WORDS = 4
_WORK_URL = re.compile(r"^https?://\S+/(?:works|s|story)/\d+")
# A site's own work header copied onto a downloader's page (WebToEpub's
# information page), and the story text that would make it a chapter instead.
_COPIED_HEADER = f"//*[@id='profile_top'] | //dl[{cls('work')} and {cls('meta')}]"
_STORY = (f"//*[@id='storytext' or @id='storytextp' or @id='chapters' or @id='workskin']"
          f" | //div[{cls('userstuff')} and {cls('module')}]")


def is_front_matter(root: etree._Element) -> bool:
    if has_class(body_of(root), "fff_chapter"):
        return False
    if root.xpath(_COPIED_HEADER) and not root.xpath(_STORY):
        return True
    scratch = TextBuilder()
    walk(scratch, body_of(root))
    text = scratch.slice(0, scratch.length)
    lines = [m.group() for m in _LINE.finditer(text)]
    head = _head_lines(lines)
    labelled = sum(1 for line in head if (_label(line) or ("", ""))[1])
    return labelled >= 3 and labelled >= 0.3 * len(head)


def front_matter(builder: TextBuilder, root: etree._Element) -> Page:
    body = body_of(root)
    headings = set(body.iter(*HEADING_TAGS))
    builder.paragraph_break()
    start = builder.length
    regions = walk(builder, body, watch=headings)
    heading_spans = sorted((r.start, r.end) for r in regions.values() if r.start is not None)
    page = Page()
    # A copy of a site's own header is read by its markup, which says what
    # each value is (AO3's tag lists are comma-separated only by its style
    # sheet); the page's lines are then only sorted into paratext.
    copied = ao3.copied_meta_fields(root, page.fields) or ffnet.copied_header_fields(root, page.fields)
    lines_read = Page() if copied else page
    text = builder.slice(start, builder.length)
    pieces: list[tuple[int, int, str]] = []
    block = None
    for m in _LINE.finditer(text):
        line, line_start = m.group(), start + m.start()
        kind, block = _classify(line, line_start, block, heading_spans, lines_read)
        if kind == "end":
            pieces.append((line_start, line_start + len(line), "metadata"))
            break
        pieces.append((line_start, line_start + len(line), kind))
    for s, e, kind in _merged(pieces, builder):
        builder.add_paratext((s, e), kind)
    page.title = page.fields.values.get("title") or lines_read.title
    # The title usually links to the work; labelled URLs were read above.
    for href in body.xpath(".//a/@href"):
        if _WORK_URL.search(href):
            page.fields.add_url(href)
            break
    return page


def _classify(line: str, offset: int, block: str | None, headings: list, page: Page) -> tuple[str, str | None]:
    """(paratext kind, the block now open) for one line; kind "end" for the
    line after which the story begins."""
    fields = page.fields
    stripped = line.strip()
    label = _label(stripped)
    # A heading that is a lone "Summary:" or "Notes:" label opens that block.
    opens_block = label is not None and not label[1] and bool(
        _SUMMARY.fullmatch(label[0]) or _NOTES.fullmatch(label[0]) or _DISCLAIMER.fullmatch(label[0]))
    if not opens_block and any(s <= offset < e for s, e in headings):
        title_by = _TITLE_BY.fullmatch(stripped)
        title = title_by.group(1) if title_by else stripped
        page.title = page.title or title
        fields.set("title", title)
        if title_by:
            fields.set("authors", title_by.group(2).strip())
        return "title", None
    if _STORY_STARTS.fullmatch(stripped.rstrip(":")):
        return "end", None
    if label is not None:
        name, value = label
        if _SUMMARY.fullmatch(name):
            return "summary", "summary"
        if _NOTES.fullmatch(name):
            return "author_note", "author_note"
        if _DISCLAIMER.fullmatch(name):
            return "disclaimer", "disclaimer"
        if name.lower() == "rated" and " - " in value:
            ffnet_stats(stripped, fields)
        elif value:
            fields.add_labelled(name, value)
        return "metadata", None
    byline = _BYLINE.fullmatch(stripped)
    if byline and block is None:
        fields.set("authors", byline.group(1).strip())
        return "metadata", None
    if block is not None:
        return block, block
    if len(stripped.split()) >= 12 or _PROSE.search(stripped):
        return "summary", None
    if re.match(r"https?://", stripped):
        fields.add_url(stripped)
    return "metadata", None


def _label(line: str) -> tuple[str, str] | None:
    """(label, value) for a `Label: value` or lone `Label:` line."""
    labelled = label_line(line)
    if labelled is None:
        alone = _LABEL_ONLY.fullmatch(line)
        labelled = (alone.group(1), "") if alone else None
    if labelled is None or len(labelled[0].split()) > _MAX_LABEL_WORDS:
        return None
    name = labelled[0].strip()
    if not (is_known_label(name) or name[:1].isupper()):
        return None
    return name, labelled[1]


def _head_lines(lines: list[str]) -> list[str]:
    """The lines up to a "Work Text:" line, or all of them; the summary's
    and notes' own lines are left out of the count, since they can be long."""
    head, block = [], False
    for line in lines:
        if _STORY_STARTS.fullmatch(line.strip().rstrip(":")):
            break
        label = _label(line.strip())
        if label is not None:
            block = bool(_SUMMARY.fullmatch(label[0]) or _NOTES.fullmatch(label[0]))
            head.append(line)
        elif not block:
            head.append(line)
    return head


def _merged(pieces: list[tuple[int, int, str]], builder: TextBuilder) -> list[tuple[int, int, str]]:
    """Neighbouring lines of one kind as one span; a new summary or note
    label starts a span of its own."""
    out: list[list] = []
    for s, e, kind in pieces:
        starts_block = kind in ("summary", "author_note", "disclaimer") and _label(builder.slice(s, e).strip())
        if out and out[-1][2] == kind and not starts_block and kind != "title":
            out[-1][1] = e
        else:
            out.append([s, e, kind])
    return [tuple(p) for p in out]
