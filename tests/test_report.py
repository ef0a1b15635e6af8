"""The HTML report: its markup checked against the Document, escaping of
hostile text, the `fabula report` command, and the page opened in headless
Chromium (skipped only when no chromium is installed; `scripts/setup --test`
installs Debian's)."""

import base64
import hashlib
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

import fabula
from conftest import EXAMPLE, SEED
from fabula.model import Character, Document, Emphasis, Paragraph, Paratext, Quote, Scene, Span
from fabula.writers.report import LOW_CONFIDENCE, format_report
from fabula.writers.report_figures import network_picture, speaker_colours
from test_cli import assert_one_line_error, run

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def hand_document() -> Document:
    """A chapter whose spans are set by hand: hostile text in the title, the
    narration, a quotation and a character's name, and one quotation of each
    kind the page styles differently."""
    parts = [
        f"Chapter 1: {SCRIPT}",
        f"Mara walked in. {SCRIPT} and {IMG} were written on the wall, in red.",
        f"“Go {SCRIPT} now,” said Tomas. “Run {IMG} home.”",
        "“Who?” someone asked. ‘Not again,’ Mara thought.",
        "* * *",
        "“I remember,” Tomas said. “Leave,” she had told him.",
    ]
    text = "\n\n".join(parts) + "\n"
    offsets, pos = [], 0
    for part in parts:
        offsets.append((pos, pos + len(part)))
        pos += len(part) + 2

    def span(word, para, cls=Span, **kw):
        start = text.index(word, offsets[para][0])
        return cls(start, start + len(word), **kw)

    quotes = [
        span(f"Go {SCRIPT} now,", 2, Quote, id="q1", speaker="c1", addressees=("c2",), confidence=0.9,
             evidence="explicit"),
        span(f"Run {IMG} home.", 2, Quote, id="q2", speaker="c1", addressees=("c2",), confidence=0.73,
             evidence="implicit"),
        span("Who?", 3, Quote, id="q3"),
        span("Not again,", 3, Quote, id="q4", kind="thought", speaker="c2", confidence=0.54,
             evidence="explicit"),
        span("I remember,", 5, Quote, id="q5", speaker="c1", confidence=0.9, evidence="explicit"),
        span("Leave,", 5, Quote, id="q6", speaker="c2", addressees=("c1",), confidence=0.14,
             evidence="implicit", flashback=True),
    ]
    marker = span("* * *", 4)
    return Document(
        text=text,
        title=f"{SCRIPT}{IMG}",
        source={"name": "hand.txt", "format": "txt"},
        paragraphs=tuple(Paragraph(a, b) for a, b in offsets),
        paratext=(Paratext(*offsets[0], kind="title"),),
        scenes=(Scene(offsets[1][0], offsets[3][1]),
                Scene(offsets[5][0], offsets[5][1], opened_by="explicit", marker=marker)),
        emphasis=(span("in red", 1, Emphasis),),
        quotes=tuple(quotes),
        characters=(Character("c1", f"Tomas {IMG}{SCRIPT}", aliases=(SCRIPT,), gender="male", mentions=2, lines=3),
                    Character("c2", "Mara", gender="female", mentions=2, lines=2)),
    )


def parse(html: str):
    return lxml.html.document_fromstring(html)


def quote_parts(page, q):
    return page.xpath(f'//span[@data-quote="{q.id}"]')


def test_quotations_carry_speaker_kind_and_confidence():
    doc = hand_document()
    page = parse(format_report(doc))
    names = {c.id: c.name for c in doc.characters}
    for q in doc.quotes:
        (part,) = quote_parts(page, q)
        classes = part.get("class").split()
        assert part.text_content() == doc.span_text(q)
        assert part.get("data-speaker") == names.get(q.speaker, "Speaker unknown")
        assert q.kind in classes
        assert ("low" in classes) == (q.confidence is None or q.confidence < LOW_CONFIDENCE)
        assert ("flashback" in classes) == q.flashback
        assert ("unattributed" in classes) == (q.speaker is None)
        tip = part.get("data-tip")
        assert tip.startswith(names.get(q.speaker, "Speaker unknown"))
        for a in q.addressees:
            assert names[a] in tip
        if q.speaker:
            assert f"confidence {q.confidence:.2f}" in tip and q.evidence in tip
    speaker_classes = {quote_parts(page, q)[0].get("class").split()[2] for q in doc.quotes if q.speaker}
    assert len(speaker_classes) == 2  # one tint per speaker


def test_hostile_text_is_shown_not_run():
    doc = hand_document()
    html = format_report(doc)
    page = parse(html)
    assert not page.xpath("//img") and not page.xpath("//script")
    assert page.findtext(".//title") == f"{SCRIPT}{IMG}"
    body = page.body.text_content()
    assert body.count(SCRIPT) >= 4 and body.count(IMG) >= 3  # title, narration, quotation, name
    assert "onerror=alert(1)>" not in html.replace("onerror=alert(1)&gt;", "")


def test_page_is_self_contained_and_its_policy_allows_only_its_style():
    html = format_report(fabula.analyze_file(EXAMPLE))
    page = parse(html)
    policy = page.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert "default-src 'none'" in policy and "script-src" not in policy
    (style,) = page.xpath("//style")
    digest = base64.b64encode(hashlib.sha256(style.text.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert not page.xpath("//script | //link | //img | //iframe | //*[@src] | //*[@href]")
    assert "url(" not in style.text and "@import" not in style.text
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", html)  # only the SVG namespace name


def test_paratext_scenes_and_italics():
    doc = hand_document()
    page = parse(format_report(doc))
    (title_box,) = page.xpath('//aside[contains(@class, "paratext")]')
    assert "title" in title_box.get("class") and SCRIPT in title_box.text_content()
    (marker,) = page.xpath('//div[@class="scene-marker"]')
    assert "Scene 2" in marker.text_content() and "* * *" in marker.text_content()
    assert not [p for p in page.xpath("//main//p") if p.text_content() == "* * *"]
    assert [e.text for e in page.xpath("//main//em")] == ["in red"]


def test_example_chapter_page_follows_the_document():
    doc = fabula.analyze_file(EXAMPLE)
    page = parse(format_report(doc))
    names = {c.id: c.name for c in doc.characters}
    for q in doc.quotes:
        parts = quote_parts(page, q)
        assert parts and all(p.get("data-speaker") == names.get(q.speaker, "Speaker unknown") for p in parts)
        pieces = [doc.text[max(q.start, p.start):min(q.end, p.end)] for p in doc.paragraphs
                  if p.start < q.end and q.start < p.end]
        assert [p.text_content() for p in parts] == pieces
        assert len(page.xpath(f'//*[@id="{q.id}"]')) == 1
    assert len(page.xpath('//aside[contains(@class, "paratext")]')) == len(doc.paratext)
    assert len(page.xpath('//div[@class="scene-marker"]')) == sum(s.opened_by != "start" for s in doc.scenes)
    cast = [n.text for n in page.xpath('//section[@id="cast"]//span[@class="name"]')]
    assert set(cast) == {c.name for c in doc.characters if c.lines or c.mentions}
    speakers = {q.speaker for q in doc.quotes if q.speaker}
    assert len(page.xpath('//section[@id="share"]//svg/g')) == len(speakers)
    assert len(page.xpath('//section[@id="network"]//svg/g[circle]')) == len(cast)


def test_network_picture_draws_every_character_and_the_strongest_ties():
    # Tomas speaks to Mara 20 times, Mara once to Tomas and once to Ines.
    text = "x" * 400
    quotes = [Quote(i * 10, i * 10 + 5, id=f"q{i}", speaker="c1", addressees=("c2",)) for i in range(20)]
    quotes += [Quote(300, 305, id="q20", speaker="c2", addressees=("c1",)),
               Quote(310, 315, id="q21", speaker="c2", addressees=("c3",))]
    cast = (Character("c1", "Tomas", lines=20), Character("c2", "Mara", lines=2), Character("c3", "Ines", mentions=1))
    doc = Document(text=text, quotes=tuple(quotes), characters=cast)
    svg = lxml.html.fragment_fromstring(network_picture(doc, speaker_colours(doc)))
    assert sorted(svg.xpath("//text/text()")) == ["Ines", "Mara", "Tomas"]
    assert [t.text for t in svg.xpath("//path/../title")] == ["Tomas to Mara: 20 lines"]
    few = replace(doc, quotes=tuple(quotes[:1] + quotes[20:]),
                  characters=(replace(cast[0], lines=1), *cast[1:]))
    assert len(lxml.html.fragment_fromstring(network_picture(few, speaker_colours(few))).xpath("//path")) == 3


def test_cli_report(tmp_path):
    out = tmp_path / "chapter.html"
    corrections = tmp_path / "fix.yaml"
    corrections.write_text("rename:\n  Hollis: Old Hollis\n", encoding="utf-8")
    result = run("report", EXAMPLE, "--corrections", corrections, "-o", out)
    assert result.returncode == 0, result.stderr
    page = parse(out.read_text(encoding="utf-8"))
    assert "Old Hollis" in [n.text for n in page.xpath('//section[@id="cast"]//span[@class="name"]')]
    assert page.findtext(".//h1") == "Chapter 4: Salt and Lantern Light"


def test_cli_report_bad_input(tmp_path):
    assert_one_line_error(run("report", tmp_path / "missing.txt"), "missing.txt")
    assert_one_line_error(run("report", EXAMPLE, "-o", tmp_path / "nowhere" / "x.html"), "does not exist")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert_one_line_error(run("report", tmp_path / "empty.txt", "-o", tmp_path / "x.html"), "empty.txt")
    assert not list(tmp_path.glob("*.html")) and not list(tmp_path.glob(".*.part"))


# In the browser.

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    executable = shutil.which("chromium") or next(
        (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None)
    if executable is None:
        pytest.skip("chromium not found (scripts/setup --test installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=executable, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000})
        yield context
        context.close()


def open_report(browser, doc, path: Path):
    path.write_text(format_report(doc), encoding="utf-8")
    page = browser.new_page()
    events = {"dialogs": [], "requests": [], "console": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.on("console", lambda m: events["console"].append(m.text))
    page.goto(path.as_uri())
    return page, events


def check_page_in_browser(browser, doc, tmp_path, name):
    page, events = open_report(browser, doc, tmp_path / f"{name}.html")
    names = {c.id: c.name for c in doc.characters}
    cast = page.locator("#cast .name").all_inner_texts()
    assert {names[q.speaker] for q in doc.quotes if q.speaker} <= set(cast)

    tints = page.eval_on_selector_all(
        ".q[data-quote]", "els => els.map(e => [e.dataset.speaker, getComputedStyle(e).backgroundColor])")
    by_speaker = {}
    for speaker, tint in tints:
        by_speaker.setdefault(speaker, set()).add(tint)
    assert all(len(t) == 1 for t in by_speaker.values()), by_speaker
    distinct = {next(iter(t)) for t in by_speaker.values()}
    assert len(distinct) == len(by_speaker)  # casts here are smaller than the palette
    assert "rgba(0, 0, 0, 0)" not in distinct  # the style sheet applied under the page's policy

    quote = page.locator(".q:not(.unattributed)").first
    quote.hover()
    tip = quote.evaluate("e => getComputedStyle(e, '::after').content")
    assert quote.get_attribute("data-speaker") in tip and "confidence" in tip

    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    assert all(url.startswith(("file:", "data:", "about:")) for url in events["requests"]), events["requests"]
    assert not events["dialogs"] and not [m for m in events["console"] if "Content Security Policy" in m]
    page.close()


@pytest.mark.browser
def test_example_report_in_chromium(browser, tmp_path):
    check_page_in_browser(browser, fabula.analyze_file(EXAMPLE), tmp_path, "example")


@pytest.mark.browser
def test_seed_report_in_chromium(browser, tmp_path, seed_text):
    check_page_in_browser(browser, fabula.analyze_file(SEED), tmp_path, "seed")


@pytest.mark.browser
def test_hostile_text_runs_nothing_in_chromium(browser, tmp_path):
    # By hand, and through the whole pipeline with a hostile speaker name from a corrections file.
    source = tmp_path / "hostile.txt"
    source.write_text(hand_document().text, encoding="utf-8")
    corrections = tmp_path / "fix.yaml"
    corrections.write_text(f"speakers:\n  - quote: Who\n    speaker: '{IMG}{SCRIPT}'\n", encoding="utf-8")
    analysed = fabula.analyze(source.read_text(encoding="utf-8"), title=SCRIPT + IMG)
    from fabula.corrections import apply_corrections, load_corrections
    analysed = apply_corrections(analysed, load_corrections(corrections))
    assert any(c.name == IMG + SCRIPT for c in analysed.characters)
    for name, doc in (("hand", hand_document()), ("pipeline", analysed)):
        page, events = open_report(browser, doc, tmp_path / f"{name}.html")
        page.locator(".q").first.hover()
        assert events["dialogs"] == []
        assert page.eval_on_selector_all("img", "els => els.length") == 0
        assert page.eval_on_selector_all("script", "els => els.length") == 0
        assert page.title() == SCRIPT + IMG
        body = page.inner_text("body")
        assert SCRIPT in body and IMG in body
        page.screenshot(path=str(tmp_path / f"{name}.png"))
        page.close()
