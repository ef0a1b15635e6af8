"""HTML reader: story text plus the paratext and chapters that a site's markup gives away.

Five layouts are recognised, most specific first:

- "ao3-page": an Archive of Our Own work page saved from a browser;
- "ao3": the archive's own HTML download (also the source of its EPUBs, so
  `append_page` handles the Calibre-split EPUB pages with the same rules);
- "ffnet": a FanFiction.net chapter page;
- "fanficfare": FanFicFare's HTML output and its EPUB chapter pages;
- "generic": any other page, with the first `<h1>` as title and runs of
  "Chapter N" headings as chapters.

Each layout says which elements are site chrome (dropped), which are paratext
(title, summary, author's note, metadata) and where chapters start; the shared
walker in `markup` then builds the text in one pass. Layouts key on structure
and class names as the sites emit them. Label wording ("Summary", "Notes") is
only used to find the AO3 download's label paragraphs and to tell a summary
from a note; a FanFicFare notes div is paratext whatever its label says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..errors import InputError
from ..model import Chapter, Document
from .markup import (HEADING_TAGS, TextBuilder, TooDeep, declared_charset, parse_markup, plain,
                     span_over, walk)
from .text import decode_bytes


def _cls(name: str) -> str:
    """XPath test for one class token."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# Label paragraphs the AO3 download puts above a summary or notes blockquote.
_AO3_LABEL = re.compile(r"(?:chapter\s+)?(?:summary|notes|end\s*notes)\s*:?", re.IGNORECASE)
_SUMMARY_WORD = re.compile(r"summary|description", re.IGNORECASE)
_NUMBER = (r"(?:\d+|[ivxlcdm]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
           r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)")
_CHAPTER_HEADING = re.compile(
    rf"(?:(?:chapter|part|book|volume)\s+{_NUMBER}\b|(?:prologue|epilogue|interlude)\b|{_NUMBER}\s*(?:[.:)]|$))",
    re.IGNORECASE,
)
# Archive page furniture around the work itself.
_AO3_CHROME = (
    f".//*[{_cls('landmark')} or {_cls('notice')} or {_cls('jump')}] | .//ul[{_cls('actions')}]"
    f" | .//ul[{_cls('navigation')}] | .//form | .//*[@id='feedback' or @id='kudos'"
    " or @id='comments_placeholder' or @id='header' or @id='footer' or @id='dashboard' or @id='skiplinks']"
    f" | .//div[{_cls('preface')}]/div[{_cls('notes')}]/p"  # "(See the end of the chapter for notes.)"
)


@dataclass
class Page:
    """What one parsed page contributed besides text and spans."""

    title: str | None = None  # the work's title, when the page shows it
    heading: str | None = None  # the page's own heading, a chapter title for EPUB
    chapters: list[Chapter] = field(default_factory=list)


def read_html(data: bytes, name: str) -> Document:
    text = decode_bytes(data, name, declared_charset(data))
    try:
        root = parse_markup(text)
    except TooDeep as exc:
        raise InputError(name, str(exc)) from None
    except ValueError:
        raise InputError(name, "HTML has no body text") from None
    layout = detect_layout(root)
    builder = TextBuilder()
    page = append_page(builder, root, layout)
    if builder.length == 0:
        raise InputError(name, "HTML has no body text")
    if len(page.chapters) >= 2:
        builder.chapters.extend(page.chapters)
    title = page.title or _head_title(root)
    return builder.document(title, {"name": name, "format": "html", "layout": layout})


def detect_layout(root: etree._Element) -> str:
    if root.xpath(f"//*[@id='workskin'] | //*[@role='article' and {_cls('userstuff')}]"):
        return "ao3-page"
    if root.xpath("//*[@id='preface']") and root.xpath("//*[@id='chapters']"):
        return "ao3"
    if root.xpath("//*[@id='storytextp' or @id='storytext']"):
        return "ffnet"
    if root.xpath("//*[contains(@class, 'fff_chapter')] | //a[@name='TOCTOP' or starts-with(@name, 'section')]"):
        return "fanficfare"
    return "generic"


def append_page(builder: TextBuilder, root: etree._Element, layout: str, part: bool = False) -> Page:
    """Walk one parsed page into `builder` with the rules of `layout`.

    `part` says the page is one file of an EPUB rather than a whole work.
    """
    if layout == "fanficfare" or _has_class(_body(root), "fff_chapter"):
        return _fanficfare(builder, root)
    return _LAYOUT_FUNCTIONS[layout](builder, root, part)


def _ao3_download(builder: TextBuilder, root: etree._Element, part: bool) -> Page:
    body = _body(root)
    drop: set = set()
    groups: list[tuple[str, list]] = []
    chapter_heads: list[tuple[etree._Element, str]] = []
    found_meta = False
    for element in _ao3_skeleton(body):
        classes = _classes(element)
        if "toc-heading" in classes:
            # "Preface"/"Afterword" are the download's own section labels.
            if _in_ids(element, "preface", "afterword") or plain(element).lower() in ("preface", "afterword"):
                drop.add(element)
            else:
                groups.append(("title", [element]))
        elif "message" in classes:
            if _in_ids(element, "afterword"):
                drop.add(element)  # the archive's plea to leave a comment
            else:
                groups.append(("metadata", [element]))
        elif "meta" in classes:
            found_meta = True
            heading = _ao3_meta(element, groups, drop)
            if heading is not None:
                chapter_heads.append((element, plain(heading)))
    bare_heading = None if found_meta else _ao3_bare(body, groups)
    h1 = body.find(".//h1")
    page, _ = _finish(builder, body, drop=drop, groups=groups, chapter_heads=chapter_heads)
    page.title = plain(h1) if h1 is not None else None
    page.heading = page.heading or bare_heading
    return page


def _ao3_skeleton(body: etree._Element):
    """The download's own elements, not descending into meta blocks, quoted
    notes or chapter text, where the author's markup could look like ours."""
    stack = list(body.iterchildren(etree.Element))[::-1]
    while stack:
        element = stack.pop()
        yield element
        classes = _classes(element)
        if element.tag == "blockquote" or "meta" in classes:
            continue
        children = list(element.iterchildren(etree.Element))
        if "userstuff" in classes and not any(_classes(c) & {"meta", "toc-heading"} for c in children):
            continue
        stack.extend(reversed(children))


def _ao3_meta(container: etree._Element, groups: list, drop: set) -> etree._Element | None:
    """Sort a meta block's children into paratext; returns its chapter heading, if any."""
    heading = None
    label = None
    for child in container.iterchildren(etree.Element):
        if _has_class(child, "endnote-link"):
            drop.add(child)  # "See the end of the chapter for more notes"
            continue
        kind = _label_kind(child)
        if kind is not None:
            if label is not None:
                drop.add(label[0])
            label = (child, kind)
            continue
        if child.tag == "blockquote":
            groups.append((label[1], [label[0], child]) if label else ("author_note", [child]))
            label = None
            continue
        if label is not None:
            drop.add(label[0])  # a label whose text went elsewhere
            label = None
        if child.tag in HEADING_TAGS:
            groups.append(("title", [child]))
            if child.tag == "h2" and heading is None:
                heading = child
        elif child.tag == "div" and child.find(".//blockquote") is not None:
            _ao3_meta(child, groups, drop)  # the afterword's end-notes wrapper
        else:
            groups.append(("metadata", [child]))
    if label is not None:
        drop.add(label[0])
    return heading


def _ao3_bare(body: etree._Element, groups: list) -> str | None:
    """Paratext by label structure alone; returns the chapter heading, if any.

    Calibre drops a class when no style applies to it, so an archive EPUB page
    may have lost its meta blocks; the labels and blockquotes survive.
    """
    for element in body.iter("p", "h3", "h4"):
        kind = _label_kind(element)
        following = element.getnext()
        if kind and following is not None and following.tag == "blockquote":
            groups.append((kind, [element, following]))
    groups.extend(("title", [h]) for h in body.iter("h1", "h2"))
    groups.extend(("metadata", [dl]) for dl in body.iter("dl"))
    heading = body.find(".//h2")
    return plain(heading) if heading is not None else None


def _ao3_page(builder: TextBuilder, root: etree._Element, part: bool) -> Page:
    scope = _first(root, "//*[@id='workskin']", "//*[@id='main']")
    scope = scope if scope is not None else _body(root)
    tags = _first(root, f"//dl[{_cls('work')} and {_cls('meta')}]")
    if tags is not None and not _inside(tags, scope):
        _walk_as(builder, tags, "metadata")
    drop = set(scope.xpath(_AO3_CHROME))
    preface = f"div[{_cls('preface')}]"
    groups = [("title", [e]) for e in scope.xpath(f".//{preface}/*[self::h2 or self::h3][{_cls('title')}]")]
    groups += [("metadata", [e]) for e in scope.xpath(f".//{preface}/*[{_cls('byline')}]")]
    groups += [("summary", [e]) for e in scope.xpath(f".//{preface}/div[{_cls('summary')}]")]
    groups += [("author_note", [e]) for e in scope.xpath(f".//{preface}/div[{_cls('notes')}]")]
    groups += [("metadata", [e]) for e in scope.xpath(".//*[@id='children']")]
    if tags is not None and _inside(tags, scope):
        groups.append(("metadata", [tags]))
    chapter_heads = []
    for block in scope.xpath(f".//div[@id='chapters']/div[{_cls('chapter')} and starts-with(@id, 'chapter-')]"):
        title = _first(block, f".//{preface}/h3[{_cls('title')}]")
        chapter_heads.append((block, plain(title) if title is not None else None))
    page, _ = _finish(builder, scope, drop=drop, groups=groups, chapter_heads=chapter_heads)
    work_title = _first(scope, f".//{preface}/h2[{_cls('title')}]")
    page.title = plain(work_title) if work_title is not None else None
    return page


def _ffnet(builder: TextBuilder, root: etree._Element, part: bool) -> Page:
    title = _first(root, f"//*[@id='profile_top']//b[{_cls('xcontrast_txt')}]")
    if title is not None:
        _walk_as(builder, title, "title")
    chapter = _first(root, "//select[@id='chap_select']/option[@selected]")
    if chapter is not None:  # an <option>, which the walker treats as a form control
        builder.paragraph_break()
        region = builder.open_region()
        builder.text(chapter.text_content())
        builder.add_paratext(_span(builder.close_region(region)), "title")
        builder.paragraph_break()
    story = _first(root, "//*[@id='storytextp']", "//*[@id='storytext']")
    walk(builder, story)
    return Page(title=plain(title) if title is not None else None,
                heading=plain(chapter) if chapter is not None else None)


def _fanficfare(builder: TextBuilder, root: etree._Element) -> Page:
    body = _body(root)
    headings = []
    for element in body.iter(etree.Element):
        if _has_class(element, "fff_chapter_title"):
            headings.append(element)
        elif element.tag == "a" and (element.get("name") or "").startswith("section"):
            heading = element.find(".//h2")  # FanFicFare's HTML wraps each chapter heading in an anchor
            headings.append(heading if heading is not None else element)
    blocks = _top_blocks(headings, body)
    groups = [("title", [h]) for h in headings]
    drop: set = set()
    h1 = body.find(".//h1")
    # Everything FanFicFare writes before the first chapter is its own front matter.
    for child in body.iterchildren(etree.Element) if blocks else ():
        if child is blocks[0]:
            break
        if child.tag == "a" and child.get("name") == "TOCTOP":
            drop.add(child)
            contents = child.getnext()
            if contents is not None and contents.tag == "p":
                drop.add(contents)
        elif child not in drop:
            groups.append(("title" if child is h1 else "metadata", [child]))
    handlers = {div: _fff_notes for div in body.iter("div") if _has_class(div, "fff_chapter_notes")}
    heads = [(block, plain(h)) for block, h in zip(blocks, headings)]
    page, _ = _finish(builder, body, drop=drop, groups=groups, chapter_heads=heads, handlers=handlers)
    if h1 is not None:
        link = h1.find(".//a")
        page.title = plain(link) if link is not None and plain(link) else plain(h1)
    page.heading = heads[0][1] if heads else None
    return page


def _fff_notes(builder: TextBuilder, notes: etree._Element) -> None:
    """One FanFicFare notes div: each bold label starts a summary or note of its own."""
    builder.paragraph_break()
    kind = "author_note"
    region = builder.open_region()
    builder.text(notes.text)
    for child in notes.iterchildren():
        is_rule = child.tag == "hr"
        if is_rule or child.tag in ("b", "strong"):
            builder.add_paratext(_span(builder.close_region(region)), kind)
            if is_rule:
                walk(builder, child)  # a separator, part of neither note
            else:
                kind = "summary" if _SUMMARY_WORD.search(plain(child)) else "author_note"
            region = builder.open_region()
        if not is_rule:
            walk(builder, child)
        builder.text(child.tail)
    builder.add_paratext(_span(builder.close_region(region)), kind)
    builder.paragraph_break()


def _generic(builder: TextBuilder, root: etree._Element, part: bool) -> Page:
    body = _body(root)
    by_tag = {tag: [h for h in body.iter(tag) if _is_chapter_heading(h)] for tag in ("h1", "h2", "h3")}
    chapter_headings = max(by_tag.values(), key=len)
    if len(chapter_headings) < 2:
        chapter_headings = []
    if part:  # an EPUB file: its opening heading names it
        title_element = next(body.iter(*HEADING_TAGS), None)
    else:
        title_element = next((h for h in body.iter("h1") if h not in chapter_headings), None)
    blocks = _top_blocks(chapter_headings, body)
    heads = [(block, plain(h)) for block, h in zip(blocks, chapter_headings)]
    groups = [("title", [h]) for h in chapter_headings]
    watch = {body} | ({title_element} if title_element is not None else set())
    page, regions = _finish(builder, body, groups=groups, chapter_heads=heads, watch=watch)
    if title_element is not None and title_element in regions:
        at_start = regions[title_element].before == regions[body].before
        if not part or at_start:
            if title_element not in chapter_headings:
                builder.add_paratext(_span(regions[title_element]), "title")
            page.heading = plain(title_element)
            page.title = None if part else page.heading
    return page


_LAYOUT_FUNCTIONS = {"ao3": _ao3_download, "ao3-page": _ao3_page, "ffnet": _ffnet, "generic": _generic}


def _finish(builder, body, *, drop=frozenset(), groups=(), chapter_heads=(), handlers=None,
            watch=frozenset()) -> tuple[Page, dict]:
    """Walk the page once, then turn the recorded regions into paratext and chapters.

    `groups` are (kind, elements) paratext spans; `chapter_heads` are
    (block, title) pairs, each chapter running to the next block or to the end
    of the last block's parent.
    """
    blocks = [block for block, _ in chapter_heads]
    container = blocks[-1].getparent() if blocks else None
    watched = set(watch).union(blocks, *(elements for _, elements in groups))
    if container is not None:
        watched.add(container)
    regions = walk(builder, body, drop=drop, watch=watched, handlers=handlers)
    for kind, elements in groups:
        builder.add_paratext(span_over(regions, elements), kind)
    chapters = []
    for i, (block, title) in enumerate(chapter_heads):
        region = regions.get(block)
        if region is None or region.start is None:
            continue
        following = regions.get(blocks[i + 1]) if i + 1 < len(blocks) else None
        end = following.before if following is not None else regions[container].end
        if end > region.start:
            chapters.append(Chapter(region.start, end, title))
    heading = next((title for _, title in chapter_heads if title), None)
    return Page(heading=heading, chapters=chapters), regions


def _walk_as(builder: TextBuilder, element: etree._Element, kind: str) -> None:
    builder.paragraph_break()
    regions = walk(builder, element, watch={element})
    builder.add_paratext(span_over(regions, [element]), kind)
    builder.paragraph_break()


def _top_blocks(headings: list, root: etree._Element) -> list:
    """The ancestors of the headings that are siblings under their nearest
    common ancestor (`root` for a lone heading): a chapter runs from one of
    them to the next."""
    if not headings:
        return []
    common = headings[0].getparent() if len(headings) > 1 else root
    while common is not None and not all(_inside(h, common) for h in headings):
        common = common.getparent()
    blocks = []
    for heading in headings:
        block = heading
        while block.getparent() is not common:
            block = block.getparent()
        blocks.append(block)
    return blocks


def _label_kind(element: etree._Element) -> str | None:
    if element.tag not in ("p", "h3", "h4", "h5", "h6", "div", "b", "strong") or len(element) > 1:
        return None
    text = plain(element)
    if len(text) > 30 or not _AO3_LABEL.fullmatch(text):
        return None
    return "summary" if "summary" in text.lower() else "author_note"


def _is_chapter_heading(heading: etree._Element) -> bool:
    text = plain(heading)
    return 0 < len(text) <= 120 and _CHAPTER_HEADING.match(text) is not None


def _classes(element: etree._Element) -> set[str]:
    # Calibre keeps only an element's first class and numbers it ("meta group"
    # becomes "meta1"), so trailing digits are not part of the name.
    return {c.rstrip("0123456789") for c in (element.get("class") or "").split()}


def _has_class(element: etree._Element | None, name: str) -> bool:
    return element is not None and name in _classes(element)


def _in_ids(element: etree._Element, *ids: str) -> bool:
    return any(a.get("id") in ids for a in element.iterancestors())


def _inside(element: etree._Element, ancestor: etree._Element) -> bool:
    return element is ancestor or any(a is ancestor for a in element.iterancestors())


def _first(root: etree._Element, *xpaths: str) -> etree._Element | None:
    """The first match of the first XPath that matches anything."""
    for xpath in xpaths:
        found = root.xpath(xpath)
        if found:
            return found[0]
    return None


def _body(root: etree._Element) -> etree._Element:
    body = root.find("body")
    return body if body is not None else root


def _head_title(root: etree._Element) -> str | None:
    title = root.find(".//title")
    return (plain(title) or None) if title is not None else None


def _span(region) -> tuple[int, int] | None:
    return (region.start, region.end) if region.start is not None else None
