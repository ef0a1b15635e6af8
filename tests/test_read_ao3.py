"""Pages of the Archive of Our Own that hold no work: the adult-content gate
in front of a work, in each layout its templates have had since 2009, and
its lists of works, bookmarks and series. Each is refused with one line
saying what it is, instead of its menus and blurbs being read as a story.

The pages are small hand-written imitations of the archive's markup
(app/views/works/_adult.html.erb, _work_blurb.html.erb and the index pages)
around an invented work; tests/fixtures/html/ao3_adult_gate.html is a whole
saved gate, with a page-speed script in its head.
"""

from __future__ import annotations

import pytest

from fabula.errors import InputError
from fabula.readers.html import read_html
from test_read_html import FIXTURES, INJECTED


def ao3_site_page(main: str, title: str = "Archive of Our Own") -> bytes:
    """An archive page around `main`, with the site's menus, as a browser saves it."""
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><div id='outer'>"
            "<header id='header'><h1 class='heading'><a href='/'>Archive of Our Own</a></h1>"
            "<p class='user actions'><a href='/users/login'>Log In</a></p>"
            "<h3 class='landmark heading'>Site Navigation</h3><ul class='primary navigation actions'>"
            "<li><a href='/menu/fandoms'>Fandoms</a><ul class='menu'><li><a href='/media'>All Fandoms</a></li></ul>"
            f"</li></ul></header><div id='main' role='main'>{main}</div></div></body></html>").encode()


def blurb(number: int = 4321, title: str = "The Long Watch", tag: str = "work") -> str:
    """A work's blurb, as gates and lists show it: header, tags, summary, stats."""
    return (f"<li id='{tag}_{number}' class='{tag} blurb group' role='article'><div class='header module'>"
            f"<h4 class='heading'><a href='/works/{number}'>{title}</a> by <a rel='author' href='/users/quill'>quill"
            "</a></h4><h5 class='fandoms heading'><a class='tag' href='/tags/L'>Lighthouses</a></h5></div>"
            "<ul class='tags commas'><li class='warnings'><a class='tag'>Major Character Death</a></li>"
            "<li class='characters'><a class='tag'>Wren</a></li></ul>"
            "<blockquote class='userstuff summary'><p>The lamp has to be lit every night.</p></blockquote>"
            "<dl class='stats'><dt class='words'>Words:</dt><dd class='words'>4,247</dd>"
            "<dt class='chapters'>Chapters:</dt><dd class='chapters'>2/40</dd></dl></li>")


GATE_TITLE = "The Long Watch - quill - Lighthouses [Archive of Our Own]"
POTENTIALLY = "This work potentially has adult content. If you proceed you have agreed that you are willing to see such content."
PROCEED = "This work could have adult content. If you proceed you have agreed that you are willing to see such content."
CONTINUE = "This work could have adult content. If you continue, you have agreed that you are willing to see such content."
NAMED = "an AO3 adult-content gate for 'The Long Watch' (https://archiveofourown.org/works/4321), not a work"
URL_ONLY = "an AO3 adult-content gate for https://archiveofourown.org/works/4321, not a work"


# The archive's gate as its templates wrote it over the years (app/views/works/_adult.html.erb).
@pytest.mark.parametrize("page, what", [
    pytest.param(ao3_site_page(  # 2009: no blurb, the archive's name as the page title
        f"<p class='message warning'>{POTENTIALLY}</p><ul class='navigation'><li><a href='/works/4321?view_adult=true'>"
        "Proceed</a></li><li><a href='/'>Go Back</a></li></ul><p class='message footnote'>If you accept cookies…</p>"),
        URL_ONLY, id="2009"),
    pytest.param(ao3_site_page(  # 2011: the caution paragraph, still no blurb
        f"<p class='caution'>{PROCEED}</p><ul class='navigation actions' role='navigation'><li>"
        "<a href='/works/4321/chapters/88?view_adult=true'>Proceed</a></li><li><a href='/'>Go Back</a></li></ul>"),
        URL_ONLY, id="2011"),
    pytest.param(ao3_site_page(  # 2013: the work's blurb under the gate, outside any list
        f"<p class='caution'>{PROCEED}</p><ul class='navigation actions'><li><a href='/works/4321?view_adult=true'>"
        f"Proceed</a></li><li><a href='/'>Go Back</a></li></ul><div class='clear'></div>{blurb()}", GATE_TITLE),
        NAMED, id="2013"),
    pytest.param(ao3_site_page(  # 2015: the blurb in a list of one
        f"<p class='caution'>{PROCEED}</p><ul class='actions' role='navigation'><li><a href='/works/4321?view_adult="
        f"true'>Proceed</a></li></ul><ol class='works index group'>{blurb()}</ol>", GATE_TITLE),
        NAMED, id="2015"),
    pytest.param((FIXTURES / "ao3_adult_gate.html").read_bytes(), NAMED, id="2017-saved-page"),
    pytest.param(ao3_site_page(  # 2023: "Yes, Continue", a landmark heading; a browser made the links absolute
        f"<h2 class='landmark heading'>Adult Content Warning</h2><p class='caution'>{CONTINUE}</p>"
        "<ul class='actions' role='navigation'><li><a href='https://archiveofourown.org/works/4321?view_adult=true'>"
        "Yes, Continue</a></li><li><a href='https://archiveofourown.org/'>No, Go Back</a></li><li>"
        "<a href='https://archiveofourown.org/users/x/preferences'>Set your preferences now</a></li></ul>"
        f"<p class='message footnote'>If you accept cookies…</p><ol class='work index group'>{blurb()}</ol>",
        GATE_TITLE), NAMED, id="2023"),
    pytest.param(ao3_site_page(  # 2025: a chapter's gate, the caution also a notice
        f"<h2 class='landmark heading'>Adult Content Warning</h2><p class='caution notice'>{CONTINUE}</p>"
        "<ul class='actions'><li><a href='/works/4321/chapters/88?view_adult=true'>Yes, Continue</a></li></ul>"
        f"<ol class='work index group'>{blurb()}</ol>", "The Long Watch - Chapter 2 - quill - Lighthouses "
        "[Archive of Our Own]"), NAMED, id="2025"),
    pytest.param(ao3_site_page(  # its links gone (saved as text and markup only): the sentence says it
        f"<p class='caution'>{CONTINUE}</p><ul class='actions'><li>Yes, Continue</li></ul>", INJECTED + GATE_TITLE),
        "an AO3 adult-content gate for 'The Long Watch', not a work", id="no-links"),
])
def test_ao3_adult_content_gates_are_not_works(page, what):
    with pytest.raises(InputError) as caught:
        read_html(page, "gate.html")
    assert caught.value.problem == what + " (save the work's page after choosing to proceed)"


@pytest.mark.parametrize("page, what", [
    pytest.param(ao3_site_page(f"<ol class='work index'>{blurb(1)}{blurb(2)}</ol>"), "works", id="works-2011"),
    pytest.param(ao3_site_page(f"<h2 class='heading'>1 - 2 of 2 Works in Lighthouses</h2>"
                               f"<ol class='work index group'>{blurb(1)}{blurb(2)}</ol>"), "works", id="works"),
    pytest.param(ao3_site_page(f"<h3 class='heading'>2 Found</h3><ol class='work index group'>{blurb(1)}{blurb(2)}"
                               "</ol>", "Search Works | Archive of Our Own"), "works", id="search-results"),
    pytest.param(ao3_site_page(f"<ul class='series work index group'>{blurb(1)}</ul>"), "works", id="series-works"),
    pytest.param(ao3_site_page(f"<ol class='bookmark index group'>{blurb(1, tag='bookmark')}</ol>"), "bookmarks",
                 id="bookmarks"),
    pytest.param(ao3_site_page("<ul class='series index group'><li class='series blurb group'><h4 class='heading'>"
                               "<a href='/series/9'>Lamps</a></h4><blockquote class='userstuff summary'><p>Three "
                               "works.</p></blockquote></li></ul>"), "series", id="series-list"),
])
def test_ao3_lists_are_not_works(page, what):
    with pytest.raises(InputError) as caught:
        read_html(page, "list.html")
    assert caught.value.problem == f"an AO3 list of {what}, not a work (open one work and save its page)"


def test_a_work_page_linking_past_the_gate_is_a_work():
    page = (FIXTURES / "ao3_page.html").read_text(encoding="utf-8").replace(
        'href="/bookmark"', 'href="/works/4321?view_adult=true&amp;view_full_work=true"')
    assert "view_adult=true" in page
    assert read_html(page.encode(), "page.html").title == "Salt and Signal"
