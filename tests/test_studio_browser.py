"""The studio in headless Chromium (the report's browser set-up: Debian's
chromium through Playwright, skipped only when no chromium is installed):
the review queue by keyboard, a line given to another speaker and the lines
the model moves with it, a merge, both kept over a reload and found in the
exported report and audiobook, requests without the token refused, and
hostile text shown, never run.

The work is ../shared's seed chapter, or the bundled example chapter without
../shared; the line fixed is the least sure one whose fix moves another line
(as the library finds it). What the model does with a fix is always asked of
the library, never written down here."""

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import EXAMPLE, SEED
from fabula.corrections import load_corrections
from fabula.studio.server import StudioServer
from fabula.studio.session import Session
from test_report import IMG, SCRIPT, browser, hand_document  # noqa: F401 - browser is a fixture

pytestmark = pytest.mark.browser


@pytest.fixture
def studio(tmp_path):
    """A server on a copy of the work; stopped after the test."""
    started = []

    def start(source=None, text=None):
        work = tmp_path / ("chapter.txt" if source is None else source.name)
        if text is not None:
            work.write_text(text, encoding="utf-8")
        else:
            shutil.copy(source, work)
        server = StudioServer(Session(work, output=tmp_path / "out"))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def open_page(browser, server):  # noqa: F811 - the fixture's value
    page = browser.new_page()
    events = {"dialogs": [], "errors": [], "requests": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.goto(server.url)
    page.wait_for_selector('#status[data-state="ready"]')
    return page, events


def wait_saved(page, revision):
    page.wait_for_selector(f'#status[data-state="saved"][data-revision="{revision}"]')


def current(page):
    return page.eval_on_selector("#text .q.current", "e => e.dataset.quote")


def wait_current(page, quote_id):
    page.wait_for_function("id => document.querySelector('#text .q.current')?.dataset.quote === id", arg=quote_id)


def queue(session):
    """The lines to review, least sure first, as the page orders them."""
    quotes = session.state()["quotes"]
    return [q["id"] for _, q in sorted(((q["confidence"] or 0, n), q) for n, q in enumerate(quotes) if not q["held"])]


def names_of(doc):
    names = {c.id: c.name for c in doc.characters}
    return {q.id: names.get(q.speaker, "Speaker unknown") for q in doc.quotes}


def the_fix(session):
    """(quote id, character name) to give by hand: the least sure line whose
    fix moves another."""
    doc = session.document
    for quote_id in queue(session):
        n = next(n for n, q in enumerate(doc.quotes) if q.id == quote_id)
        for cid, _ in session.analysis.ranked[n][1:]:
            if probe(session, quote_id, cid)[0]:
                return quote_id, doc.character(cid).name
    pytest.fail("no fix moves another line")


def probe(session, quote_id, character_id):
    """What the library makes of the fix: the lines it moves and every speaker after it."""
    fresh = session.corrections_path.with_name("probe.yaml")
    fresh.unlink(missing_ok=True)
    scratch = Session(session.work, fresh, output=session.output.with_name("probe"))
    update = scratch.set_speaker(quote_id, character_id)
    return update.changed, names_of(scratch.document)


def test_the_review_queue_by_keyboard(browser, studio):  # noqa: F811
    server = studio(SEED if SEED.exists() else EXAMPLE)
    page, events = open_page(browser, server)
    lines = queue(server.session)
    assert current(page) == lines[0]
    for key, expected in (("j", lines[1]), ("j", lines[2]), ("ArrowDown", lines[3]), ("k", lines[2]),
                          ("ArrowUp", lines[1]), ("k", lines[0])):
        page.keyboard.press(key)
        wait_current(page, expected)
    assert page.inner_text("#current-info").startswith(lines[0])
    # A digit gives the line to that likely speaker (1: the model's choice), holds it and goes on.
    choice = page.get_attribute('#choices button[data-choice="1"]', "data-character")
    page.keyboard.press("1")
    wait_saved(page, 1)
    assert server.session.document.quotes[[q.id for q in server.session.document.quotes].index(lines[0])].speaker \
        == choice
    assert "held" in page.get_attribute(f'#text [data-quote="{lines[0]}"]', "class")
    wait_current(page, queue(server.session)[0])
    # u undoes, by key as by button.
    page.keyboard.press("u")
    wait_saved(page, 2)
    assert "held" not in page.get_attribute(f'#text [data-quote="{lines[0]}"]', "class")
    assert load_corrections(server.session.corrections_path).speakers == ()
    assert not events["dialogs"] and not events["errors"]
    page.close()


def test_fix_a_line_merge_reload_and_export(browser, studio, tmp_path):  # noqa: F811
    server = studio(SEED if SEED.exists() else EXAMPLE)
    session = server.session
    quote_id, name = the_fix(session)
    target = next(c for c in session.document.characters if c.name == name)
    moved, expected = probe(session, quote_id, target.id)
    assert moved, "the model moves no other line with this fix"
    page, events = open_page(browser, server)

    # The mouse picks the line, the keyboard gives it to the speaker.
    page.click(f'#text [data-quote="{quote_id}"]')
    wait_current(page, quote_id)
    digit = page.get_attribute(f'#choices button[data-character="{target.id}"]', "data-choice")
    page.keyboard.press(digit)
    wait_saved(page, 1)
    line = page.locator(f'#text [data-quote="{quote_id}"]').first
    assert line.get_attribute("data-speaker") == name and "held" in line.get_attribute("class")
    for other in moved:
        span = page.locator(f'#text [data-quote="{other}"]').first
        assert "changed" in span.get_attribute("class")
        assert span.get_attribute("data-speaker") == expected[other]
    assert page.locator("#changed-list li").count() == len(moved)
    assert page.inner_text("#status").startswith("Saved")

    # Merge the two least prominent characters (the cast panel lists the most prominent first).
    cast = [c["id"] for c in session.state()["cast"]]
    gone, kept = cast[-1], cast[-2]
    gone_name = session.document.character(gone).name
    kept_name = session.document.character(kept).name
    page.select_option(f'#cast .character[data-character="{gone}"] select[data-action="merge"]', kept)
    wait_saved(page, 2)
    assert page.locator(f'#cast .character[data-character="{gone}"]').count() == 0
    assert gone_name in page.inner_text(f'#cast .character[data-character="{kept}"] .aliases')

    # Both are kept over a reload (the token stays with the tab).
    page.reload()
    page.wait_for_selector('#status[data-state="ready"]')
    line = page.locator(f'#text [data-quote="{quote_id}"]').first
    assert line.get_attribute("data-speaker") == name and "held" in line.get_attribute("class")
    assert page.locator(f'#cast .character[data-character="{gone}"]').count() == 0
    assert gone_name in page.inner_text(f'#cast .character[data-character="{kept}"] .aliases')
    fixes = load_corrections(session.corrections_path)
    assert [(f.id, f.speaker) for f in fixes.speakers] == [(quote_id, name)]
    assert fixes.merge == ((kept_name, gone_name),)

    # Export the report and the audiobook from the page; the fixes are there.
    for what in ("report", "audiobook"):
        page.click(f'#export-buttons button[data-export="{what}"]')
        page.wait_for_selector('#export-result[data-state="done"]')
        assert str(session.output) in page.inner_text("#export-result")
        page.evaluate("document.querySelector('#export-result').dataset.state = ''")
    report = session.output / f"{Path(session.work).stem}.html"
    assert f'data-quote="{quote_id}" data-speaker="{name}"' in report.read_text(encoding="utf-8")
    segments = [json.loads(s) for s in (session.output / "audiobook" / "segments.jsonl").read_text().splitlines()]
    assert {s["speaker"] for s in segments if s["quote_id"] == quote_id} == {name}
    assert gone_name not in {s["speaker"] for s in segments}
    final = names_of(session.document)
    assert all(s["speaker"] == final[s["quote_id"]] for s in segments if s["quote_id"] and s["speaker"])
    assert not events["dialogs"] and not events["errors"]
    assert all(url.startswith(f"http://127.0.0.1:{server.port}/") for url in events["requests"])
    page.screenshot(path=str(tmp_path / "studio.png"), full_page=False)
    page.close()


class _Elsewhere(BaseHTTPRequestHandler):
    """Another site, whose page tries to edit through the studio."""

    target = ""

    def do_GET(self):
        body = f"""<!DOCTYPE html><html><body><form id=f method=post enctype=text/plain
            action="{self.target}/api/edit"><input name='{{"op":"speaker","x":"' value='"}}'></form>
            <script>
              window.attempt = fetch("{self.target}/api/edit", {{method: "POST",
                  headers: {{"Content-Type": "application/json", "X-Fabula-Token": "guess"}},
                  body: JSON.stringify({{op: "speaker", quote: "q1", character: null}})}})
                .then(r => "answered " + r.status, e => "blocked");
            </script></body></html>""".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_requests_without_the_token_are_refused(browser, studio):  # noqa: F811
    server = studio(EXAMPLE)
    page, _ = open_page(browser, server)
    status = page.evaluate("""() => fetch('/api/edit', {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({op: 'speaker', quote: 'q1', character: null})}).then(r => r.status)""")
    assert status == 403
    page.close()
    # Another site in the same browser can neither read the token nor edit.
    _Elsewhere.target = f"http://127.0.0.1:{server.port}"
    elsewhere = ThreadingHTTPServer(("127.0.0.1", 0), _Elsewhere)
    threading.Thread(target=elsewhere.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://localhost:{elsewhere.server_address[1]}/")
        assert page.evaluate("window.attempt") == "blocked"
        with page.expect_navigation():
            page.evaluate("document.getElementById('f').submit()")
        assert "token" in page.inner_text("body")
        page.close()
    finally:
        elsewhere.shutdown()
        elsewhere.server_close()
    assert not server.session.corrections_path.exists()
    # Without the token in its address the page says what to do and edits nothing.
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{server.port}/")
    page.evaluate("sessionStorage.clear()")
    page.reload()
    page.wait_for_selector('#status[data-state="error"]')
    assert "address fabula studio printed" in page.inner_text("#status")
    page.close()


def test_hostile_text_runs_nothing(browser, studio):  # noqa: F811
    server = studio(text=hand_document().text)
    page, events = open_page(browser, server)
    body = page.inner_text("#text")
    assert SCRIPT in body and IMG in body
    # A hostile name typed into the page is shown as text too.
    character = page.get_attribute("#cast .character", "data-character")
    page.click(f'#cast .character[data-character="{character}"] [data-action="rename"]')
    page.fill(f'#cast .character[data-character="{character}"] form input', f"{IMG}{SCRIPT}")
    page.keyboard.press("Enter")
    wait_saved(page, 1)
    page.keyboard.press("n")
    page.fill("#new-name", "<img src=y onerror=alert(2)>")
    page.keyboard.press("Enter")
    wait_saved(page, 2)
    page.locator("#text .q").first.hover()
    assert f"{IMG}{SCRIPT}" in page.inner_text("#cast")
    assert "<img src=y onerror=alert(2)>" in page.inner_text("#cast")
    page.reload()
    page.wait_for_selector('#status[data-state="ready"]')
    assert page.eval_on_selector_all("img", "els => els.length") == 0
    assert page.eval_on_selector_all("script", "els => els.map(s => s.src)") == \
        [f"http://127.0.0.1:{server.port}/static/studio.js"]
    assert events["dialogs"] == [] and events["errors"] == []
    page.close()
