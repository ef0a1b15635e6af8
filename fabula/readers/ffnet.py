"""FanFiction.net chapter pages, as saved from a browser, in the site's
current layout (`#profile_top`) and its older one (a table above the text).

Both put the work's header above `#storytext`: the title in bold, the
author's profile link (`/u/…`), the summary, and the stats line ("Rated:
Fiction M - English - Drama/Angst - Harry P. & Draco M. - Chapters: 78 - …
- id: 2790804"), whose element is found by its form rather than by the
layout's class names; the fandom is the last link of the breadcrumb above
(`#pre_story_links`) and the chapter's name the selected option of the
chapter menu. Each becomes paratext (title, metadata, summary) and the work's
metadata; the rest of the site's page is left out. A downloader's page that
copies the header and breadcrumb (WebToEpub's information page) gives the
same metadata (`copied_header_fields`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from lxml import etree

from .markup import TextBuilder, plain, walk
from .metadata import Fields, ffnet_stats
from .pages import Page, first, span_of, walk_as

_STORY = ("//*[@id='storytextp']", "//*[@id='storytext']")


@dataclass
class _HeaderParts:
    """The work's header above the story: its elements, any of them missing."""

    title: etree._Element | None
    author: etree._Element | None
    summary: etree._Element | None
    stats: etree._Element | None


def page(builder: TextBuilder, root: etree._Element, part: bool) -> Page:
    story = first(root, *_STORY)
    header = _header_parts(root)
    for element, kind in ((header.title, "title"), (header.author, "metadata"), (header.summary, "summary"),
                          (header.stats, "metadata")):
        if element is not None:
            walk_as(builder, element, kind)
    chapter = first(root, "//select[@id='chap_select']/option[@selected]")
    if chapter is not None:  # an <option>, which the walker treats as a form control
        builder.paragraph_break()
        region = builder.open_region()
        builder.text(chapter.text_content())
        builder.add_paratext(span_of(builder.close_region(region)), "title")
        builder.paragraph_break()
    walk(builder, story)
    fields = Fields()
    _header_fields(root, header, fields)
    return Page(title=plain(header.title) if header.title is not None else None,
                heading=plain(chapter) if chapter is not None else None, fields=fields, site="ffnet")


def copied_header_fields(root: etree._Element, fields: Fields) -> bool:
    """The work's metadata from a copy of the site's header and breadcrumb on
    a downloader's page (WebToEpub's information page copies
    `#pre_story_links` and `#profile_top`); False when the page has none."""
    if not root.xpath("//*[@id='profile_top']"):
        return False
    _header_fields(root, _header_parts(root), fields)
    return True


def _header_fields(root: etree._Element, header: _HeaderParts, fields: Fields) -> None:
    """The stats line, title, author, the breadcrumb's fandom and the story's URL."""
    if header.stats is not None:
        ffnet_stats(_stats_text(header.stats), fields, page=True)
    fields.set("title", plain(header.title) if header.title is not None else None)
    fields.set("authors", plain(header.author) if header.author is not None else None)
    crumbs = root.xpath("//*[@id='pre_story_links']//a")
    if crumbs:
        fields.set("fandoms", plain(crumbs[-1]))
    canonical = first(root, "//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content")
    if canonical:
        fields.add_url(canonical if canonical.startswith("http") else "https:" + canonical)
    elif "work_id" in fields.values:
        fields.add_url(f"https://www.fanfiction.net/s/{fields.values['work_id']}/")


def _header_parts(root: etree._Element) -> _HeaderParts:
    stats = _stats_line(root)
    block = _header_block(stats)
    return _HeaderParts(title=first(block, ".//b") if block is not None else None,
                        author=first(block, ".//a[contains(@href, '/u/')]") if block is not None else None,
                        summary=_summary(stats), stats=stats)


def _stats_line(root: etree._Element) -> etree._Element | None:
    """The innermost element whose text is the stats line."""
    found = None
    for element in root.xpath("//*[self::span or self::div][starts-with(normalize-space(.), 'Rated:')]"):
        if " - " in element.text_content() and not element.xpath(".//*[@id='storytext' or @id='storytextp']"):
            found = element  # document order: later matches lie inside earlier ones
    return found


def _header_block(stats: etree._Element | None) -> etree._Element | None:
    """The nearest ancestor of the stats line that also holds the title and author."""
    node = stats.getparent() if stats is not None else None
    while node is not None:
        if node.find(".//b") is not None and node.xpath(".//a[contains(@href, '/u/')]"):
            return node
        node = node.getparent()
    return None


def _summary(stats: etree._Element | None) -> etree._Element | None:
    previous = stats.getprevious() if stats is not None else None
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is not None and previous.tag == "div" and plain(previous):
        return previous
    return None


def _stats_text(stats: etree._Element) -> str:
    """The stats line, with dates the page gives as Unix times written as ISO dates."""
    text = plain(stats)
    for span in stats.xpath(".//*[@data-xutime]"):
        try:
            day = datetime.datetime.fromtimestamp(int(span.get("data-xutime")), datetime.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            continue
        text = re.sub(re.escape(plain(span)), day.isoformat(), text, count=1)
    return text
