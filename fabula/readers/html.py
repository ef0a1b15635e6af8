"""HTML reader: story text plus the paratext, chapters and work metadata that
a site's markup gives away.

Layouts are recognised by structure, most specific first, and each lives in
the module of its site family:

- "ao3-page": an Archive of Our Own work page saved from a browser (`ao3`);
- "ao3": the archive's own HTML download, also the source of its EPUBs (`ao3`);
- "ffnet": a FanFiction.net chapter page (`ffnet`);
- "fanficfare": FanFicFare's HTML output and its EPUB chapter pages (`fanficfare`);
- "generic": any other page, with the first `<h1>` as title and runs of
  "Chapter N" headings as chapters.

A page that is not a work at all (AO3's adult-content gate, a login page,
a list of works or stories, a site's error page) is refused with a sentence
saying what it is, since reading its menus as a story gives nonsense. A
page holding a work's text outside a list's blurbs is a work, whatever it
links to. The title is the layout's, else the page's `<title>`, as one line
without the site's name (see `metadata.work_title`).
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import InputError
from ..model import Document
from . import ao3, fanficfare, ffnet
from .markup import HEADING_TAGS, TextBuilder, TooDeep, declared_charset, parse_markup, plain
from .metadata import work_title
from .pages import Page, body_of, cls, finish, has_class, head_title, span_of, top_blocks
from .text import decode_bytes

_NUMBER = (r"(?:\d+|[ivxlcdm]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
           r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)")
_CHAPTER_HEADING = re.compile(
    rf"(?:(?:chapter|part|book|volume)\s+{_NUMBER}\b|(?:prologue|epilogue|interlude)\b|{_NUMBER}\s*(?:[.:)]|$))",
    re.IGNORECASE,
)
_STORY = (f"//*[@id='workskin' or @id='chapters' or @id='storytext' or @id='storytextp']"
          f" | //*[{cls('userstuff')}] | //*[{cls('fff_chapter')}]")


def read_html(data: bytes, name: str) -> Document:
    text = decode_bytes(data, name, declared_charset(data))
    try:
        root = parse_markup(text)
    except TooDeep as exc:
        raise InputError(name, str(exc)) from None
    except ValueError:
        raise InputError(name, "HTML has no body text") from None
    problem = not_a_work(root)
    if problem:
        raise InputError(name, problem)
    layout = detect_layout(root)
    builder = TextBuilder()
    page = append_page(builder, root, layout)
    if builder.length == 0:
        raise InputError(name, "HTML has no body text")
    if len(page.chapters) >= 2:
        builder.chapters.extend(page.chapters)
    title = work_title(page.title) or head_title(root)
    return builder.document(title, {"name": name, "format": "html", "layout": layout},
                            page.fields.build(page.site))


def not_a_work(root: etree._Element) -> str | None:
    """What the page is, when it is a site's page that holds no work."""
    # A work's blurb on a gate or a list has its summary in `userstuff` too.
    if any(not element.xpath(f"ancestor::li[{cls('blurb')}]") for element in root.xpath(_STORY)):
        return None
    if root.xpath("//input[@type='password']"):
        return "a login page, not a work (log in, open the work, then save its page)"
    problem = ao3.not_a_work(root)
    if problem:
        return problem
    if root.xpath(f"//div[{cls('z-list')}]"):
        return "a FanFiction.net list of stories, not a work (open one story and save its page)"
    warning = root.xpath("//span[@class='gui_warning']")
    if warning:
        return f"a FanFiction.net error page, not a work ({plain(warning[0])})"
    return None


def detect_layout(root: etree._Element) -> str:
    if root.xpath("//*[@id='preface']") and root.xpath("//*[@id='chapters']"):
        return "ao3"
    if root.xpath("//*[contains(@class, 'fff_chapter')] | //a[@name='TOCTOP' or starts-with(@name, 'section')]"):
        return "fanficfare"
    if ao3.looks_like_work_page(root):
        return "ao3-page"
    if root.xpath("//*[@id='storytextp' or @id='storytext']"):
        return "ffnet"
    return "generic"


def append_page(builder: TextBuilder, root: etree._Element, layout: str, part: bool = False) -> Page:
    """Walk one parsed page into `builder` with the rules of `layout`.

    `part` says the page is one file of an EPUB rather than a whole work.
    """
    if layout == "fanficfare" or has_class(body_of(root), "fff_chapter"):
        return fanficfare.chapters(builder, root)
    return _LAYOUT_FUNCTIONS[layout](builder, root, part)


def _generic(builder: TextBuilder, root: etree._Element, part: bool) -> Page:
    body = body_of(root)
    by_tag = {tag: [h for h in body.iter(tag) if _is_chapter_heading(h)] for tag in ("h1", "h2", "h3")}
    chapter_headings = max(by_tag.values(), key=len)
    if len(chapter_headings) < 2:
        chapter_headings = []
    if part:  # an EPUB file: its opening heading names it
        title_element = next(body.iter(*HEADING_TAGS), None)
    else:
        title_element = next((h for h in body.iter("h1") if h not in chapter_headings), None)
    blocks = top_blocks(chapter_headings, body)
    heads = [(block, plain(h)) for block, h in zip(blocks, chapter_headings)]
    groups = [("title", [h]) for h in chapter_headings]
    watch = {body} | ({title_element} if title_element is not None else set())
    page, regions = finish(builder, body, groups=groups, chapter_heads=heads, watch=watch)
    if title_element is not None and title_element in regions:
        at_start = regions[title_element].before == regions[body].before
        if not part or at_start:
            if title_element not in chapter_headings:
                builder.add_paratext(span_of(regions[title_element]), "title")
            page.heading = plain(title_element)
            page.title = None if part else page.heading
    return page


_LAYOUT_FUNCTIONS = {"ao3": ao3.download, "ao3-page": ao3.work_page, "ffnet": ffnet.page, "generic": _generic}


def _is_chapter_heading(heading: etree._Element) -> bool:
    text = plain(heading)
    return 0 < len(text) <= 120 and _CHAPTER_HEADING.match(text) is not None
