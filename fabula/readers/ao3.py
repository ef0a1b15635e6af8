"""Archive of Our Own: its HTML download (and the EPUBs Calibre makes of it)
and its work pages as saved from a browser (and EPUBs assembled from them).

The download (`download`): `div#preface` holds the tags as `dl.tags`, the
title, the byline and the work's summary and notes, each a blockquote under
a label paragraph; `div#chapters` holds a `div.meta` per chapter (heading,
chapter summary and notes) and the text; `div#afterword` the end notes.
Calibre drops classes it has no style for, so an EPUB page may keep only the
labels and blockquotes (`_bare`). Label wording ("Summary", "Notes") is used
only to find those label paragraphs and to tell a summary from a note.

The work page (`work_page`): `dl.work.meta` with a class per tag type and a
nested stats list, `div.preface` with the title, byline, summary and notes
modules, `div.chapter` blocks, end notes and the series module in the
afterword. A notes module that only points to the end notes ("See the end of
the chapter for notes") holds no words of the author's and is dropped; one
that holds only associations (a gift, "Inspired by") is metadata.

Both fill the work's metadata from that markup: the tag lists by their
classes or labels, the stats, title, authors and the work's URL.

Pages of the archive that hold no work (`not_a_work`): the adult-content
gate in front of a work, in each of its layouts since 2009 (a paragraph with
the gate's sentence and a `view_adult=true` link past it, and since 2013 the
work's blurb, `li.work.blurb`, under it), and lists of blurbs (works index,
search results, bookmarks, series).
"""

from __future__ import annotations

import re

from lxml import etree

from .markup import HEADING_TAGS, TextBuilder, plain
from .metadata import Fields
from .pages import (Page, body_of, classes, cls, finish, first, has_class, head_title, in_ids, inside,
                    walk_as)

_LABEL = re.compile(r"(?:chapter\s+)?(?:summary|notes|end\s*notes)\s*:?", re.IGNORECASE)
# Archive page furniture around the work itself.
_CHROME = (
    f".//*[{cls('landmark')} or {cls('notice')} or {cls('jump')}] | .//ul[{cls('actions')}]"
    f" | .//ul[{cls('navigation')}] | .//form | .//*[@id='feedback' or @id='kudos'"
    " or @id='comments_placeholder' or @id='header' or @id='footer' or @id='dashboard' or @id='skiplinks']"
    f" | .//div[{cls('notes')}]/p"  # "(See the end of the chapter for notes.)"
    f" | .//div[{cls('notes')} and {cls('module')} and not(.//blockquote) and not(.//ul)]"
)
# dd classes of the work page's tag list, and the labels of the download's.
_TAG_CLASSES = {"rating": "rating", "warning": "warnings", "category": "categories", "fandom": "fandoms",
                "relationship": "relationships", "character": "characters", "freeform": "additional_tags"}
_STATS = re.compile(r"([A-Z][a-z]+(?: [A-Z][a-z]+)?):\s*(\S+)")
_WORK_LINK = re.compile(r"/works/\d+")
# The gate's sentence, in its wordings since 2009 ("… potentially has adult
# content", "… could have adult content").
_ADULT_GATE = re.compile(r"this work (?:could have|potentially has) adult content", re.IGNORECASE)


def download(builder: TextBuilder, root: etree._Element, part: bool) -> Page:
    body = body_of(root)
    drop: set = set()
    groups: list[tuple[str, list]] = []
    chapter_heads: list[tuple[etree._Element, str]] = []
    found_meta = False
    fields = Fields()
    for element in _skeleton(body):
        element_classes = classes(element)
        if "toc-heading" in element_classes:
            # "Preface"/"Afterword" are the download's own section labels.
            if in_ids(element, "preface", "afterword") or plain(element).lower() in ("preface", "afterword"):
                drop.add(element)
            else:
                groups.append(("title", [element]))
        elif "message" in element_classes:
            if in_ids(element, "afterword"):
                drop.add(element)  # the archive's plea to leave a comment
            else:
                groups.append(("metadata", [element]))
                _links(element, fields)
        elif "meta" in element_classes:
            found_meta = True
            heading = _meta(element, groups, drop)
            if heading is not None:
                chapter_heads.append((element, plain(heading)))
    bare_heading = None if found_meta else _bare(body, groups)
    h1 = body.find(".//h1")
    for dl in body.iter("dl"):
        _download_tags(dl, fields)
    byline = first(body, f".//*[{cls('byline')}]")
    if byline is not None:
        fields.set("authors", tuple(plain(a) for a in byline.iter("a")))
    page, _ = finish(builder, body, drop=drop, groups=groups, chapter_heads=chapter_heads)
    page.title = plain(h1) if h1 is not None else None
    page.heading = page.heading or bare_heading
    fields.set("title", page.title)
    page.fields, page.site = fields, "ao3"
    return page


def _skeleton(body: etree._Element):
    """The download's own elements, not descending into meta blocks, quoted
    notes or chapter text, where the author's markup could look like ours."""
    stack = list(body.iterchildren(etree.Element))[::-1]
    while stack:
        element = stack.pop()
        yield element
        element_classes = classes(element)
        if element.tag == "blockquote" or "meta" in element_classes:
            continue
        children = list(element.iterchildren(etree.Element))
        if "userstuff" in element_classes and not any(classes(c) & {"meta", "toc-heading"} for c in children):
            continue
        stack.extend(reversed(children))


def _meta(container: etree._Element, groups: list, drop: set) -> etree._Element | None:
    """Sort a meta block's children into paratext; returns its chapter heading, if any."""
    heading = None
    label = None
    for child in container.iterchildren(etree.Element):
        if has_class(child, "endnote-link"):
            drop.add(child)  # "See the end of the chapter for more notes"
            continue
        kind = label_kind(child)
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
            _meta(child, groups, drop)  # the afterword's end-notes wrapper
        else:
            groups.append(("metadata", [child]))
    if label is not None:
        drop.add(label[0])
    return heading


def _bare(body: etree._Element, groups: list) -> str | None:
    """Paratext by label structure alone; returns the chapter heading, if any.

    Calibre drops a class when no style applies to it, so an archive EPUB page
    may have lost its meta blocks; the labels and blockquotes survive.
    """
    for element in body.iter("p", "h3", "h4"):
        kind = label_kind(element)
        following = element.getnext()
        if kind and following is not None and following.tag == "blockquote":
            groups.append((kind, [element, following]))
    groups.extend(("title", [h]) for h in body.iter("h1", "h2"))
    groups.extend(("metadata", [dl]) for dl in body.iter("dl"))
    heading = body.find(".//h2")
    return plain(heading) if heading is not None else None


def _download_tags(dl: etree._Element, fields: Fields) -> None:
    """The download's `dl.tags`: a label per dt, links (or text) per dd."""
    for dt in dl.iter("dt"):
        dd = dt.getnext()
        if dd is None or dd.tag != "dd":
            continue
        label = plain(dt).rstrip(":")
        if label.lower() == "stats":
            for key, value in _STATS.findall(plain(dd)):
                fields.add_labelled(key, value)
            continue
        links = [plain(a) for a in dd.iter("a")]
        for value in links or [plain(dd)]:  # the archive's tags never hold a comma
            fields.add_labelled(label, value)


def work_page(builder: TextBuilder, root: etree._Element, part: bool) -> Page:
    scope = first(root, "//*[@id='workskin']", "//*[@id='main']")
    scope = scope if scope is not None else body_of(root)
    tags = first(root, f"//dl[{cls('work')} and {cls('meta')}]")
    if tags is not None and not inside(tags, scope):
        walk_as(builder, tags, "metadata")
    drop = set(scope.xpath(_CHROME))
    preface = f"div[{cls('preface')}]"
    groups = [("title", [e]) for e in scope.xpath(f".//{preface}/*[self::h2 or self::h3][{cls('title')}]")]
    groups += [("metadata", [e]) for e in scope.xpath(f".//{preface}/*[{cls('byline')}]")]
    groups += [("summary", [e]) for e in scope.xpath(f".//div[{cls('summary')} and {cls('module')}]")]
    # A notes module holds the author's notes, or only the work's associations
    # (a gift, "Inspired by"), which are metadata.
    groups += [("author_note" if e.find(".//blockquote") is not None else "metadata", [e])
               for e in scope.xpath(f".//div[{cls('notes')} and {cls('module')}]") if e not in drop]
    groups += [("metadata", [e]) for e in scope.xpath(
        f".//*[@id='children'] | .//div[{cls('series')} and {cls('module')}]")]
    if tags is not None and inside(tags, scope):
        groups.append(("metadata", [tags]))
    chapter_heads = []
    for block in scope.xpath(f".//div[{cls('chapter')} and starts-with(@id, 'chapter-')]"):
        title = first(block, f".//{preface}/h3[{cls('title')}]")
        chapter_heads.append((block, plain(title) if title is not None else None))
    page, _ = finish(builder, scope, drop=drop, groups=groups, chapter_heads=chapter_heads)
    work_title = first(scope, f".//{preface}/h2[{cls('title')}]")
    page.title = plain(work_title) if work_title is not None else None
    page.fields, page.site = Fields(), "ao3"
    _page_fields(root, tags, page.title, page.fields)
    return page


def copied_meta_fields(root: etree._Element, fields: Fields) -> bool:
    """The work's metadata from a copy of the work page's tag list
    (`dl.work.meta`) on a downloader's page (WebToEpub's information page);
    False when the page has none. The list's classes say what each tag is,
    and its commas are the site's style sheet's, not text."""
    tags = first(root, f"//dl[{cls('work')} and {cls('meta')}]")
    if tags is None:
        return False
    _page_fields(root, tags, None, fields)
    return True


def _page_fields(root: etree._Element, tags: etree._Element | None, title: str | None, fields: Fields) -> None:
    fields.set("title", title)
    byline = first(root, f"//*[{cls('preface')}]/*[{cls('byline')}]")
    if byline is not None:
        fields.set("authors", tuple(plain(a) for a in byline.iter("a")))
    if tags is not None:
        for dd in tags.iter("dd"):
            kind = next((_TAG_CLASSES[c] for c in classes(dd) if c in _TAG_CLASSES), None)
            if kind == "rating":
                fields.set("rating", ", ".join(plain(a) for a in dd.iter("a")) or plain(dd))
            elif kind in ("categories", "additional_tags"):
                fields.add_tags([plain(a) for a in dd.iter("a")], kind)
            elif kind is not None:
                fields.set(kind, tuple(plain(a) for a in dd.iter("a")))
            elif has_class(dd, "language"):
                fields.set("language", plain(dd))
        for dt in tags.xpath(f".//dl[{cls('stats')}]/dt"):
            dd = dt.getnext()
            if dd is not None:
                fields.add_labelled(plain(dt).rstrip(":"), plain(dd))
                if has_class(dt, "status"):
                    fields.set("status", "complete" if plain(dt).lower().startswith("completed") else "in-progress")
    _links(root, fields)


def _links(root: etree._Element, fields: Fields) -> None:
    """The work's own URL, from the links the page makes to it."""
    url = _work_url(root.xpath(f"//dd[{cls('bookmarks')}]//a/@href"
                               f" | //ul[{cls('work')} and {cls('navigation')}]//a/@href"
                               " | //link[@rel='canonical']/@href | //meta[@property='og:url']/@content"
                               f" | //p[{cls('message')}]//a/@href"))
    if url:
        fields.add_url(url)


def _work_url(hrefs: list[str]) -> str | None:
    """The work URL the first link to a work points at, without its chapter or query."""
    for href in hrefs:
        m = _WORK_LINK.search(href)
        if m:
            base = href[: m.end()]
            return base if base.startswith("http") else "https://archiveofourown.org" + base
    return None


def not_a_work(root: etree._Element) -> str | None:
    """What a page of the archive that holds no work's text is, if it is one
    fabula knows: the adult-content gate in front of a work, or a list of
    works, bookmarks or series. Reading either as a story would make its
    menus and blurbs the text and its tags the cast."""
    proceed = root.xpath("//a[contains(@href, 'view_adult=true')]/@href")
    if proceed or any(_ADULT_GATE.search(plain(p)) for p in root.iter("p")):
        return _gate(root, proceed)
    blurb = first(root, f"//li[{cls('blurb')}]")
    if blurb is None:
        return None
    what = "bookmarks" if has_class(blurb, "bookmark") else "series" if has_class(blurb, "series") else "works"
    return f"an AO3 list of {what}, not a work (open one work and save its page)"


def _gate(root: etree._Element, proceed: list[str]) -> str:
    """The gate's error, naming the work it stands in front of when the page does."""
    link = first(root, f"//li[{cls('blurb')}]//h4//a[contains(@href, '/works/')]")
    title = plain(link) if link is not None else _head_work_title(root)
    url = _work_url(proceed + ([link.get("href", "")] if link is not None else [])
                    + root.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content"))
    named = f"'{title}' ({url})" if title and url else f"'{title}'" if title else url
    return (f"an AO3 adult-content gate{f' for {named}' if named else ''}, not a work "
            "(save the work's page after choosing to proceed)")


def _head_work_title(root: etree._Element) -> str | None:
    """The work's title from the page's <title>, when the archive wrote it as
    "TITLE - AUTHOR - FANDOM [Archive of Our Own]" (older gates had the
    archive's name alone)."""
    parts = (head_title(root) or "").split(" - ")
    return " - ".join(parts[:-2]) if len(parts) >= 3 else None


def label_kind(element: etree._Element) -> str | None:
    """"summary" or "author_note" for an AO3 label paragraph, else None."""
    if element.tag not in ("p", "h3", "h4", "h5", "h6", "div", "b", "strong") or len(element) > 1:
        return None
    text = plain(element)
    if len(text) > 30 or not _LABEL.fullmatch(text):
        return None
    return "summary" if "summary" in text.lower() else "author_note"


def looks_like_work_page(root: etree._Element) -> bool:
    """AO3 work-page markup: the workskin, or its preface and chapter text
    blocks (as EPUBs built from saved pages keep them)."""
    return bool(root.xpath(f"//*[@id='workskin'] | //*[@role='article' and {cls('userstuff')}]"
                           f" | //div[{cls('chapter')} and {cls('preface')}]"
                           f" | //div[{cls('userstuff')} and {cls('module')}]"
                           f" | //div[{cls('notes')} and {cls('module')}]//blockquote[{cls('userstuff')}]"))
