"""Take the README's picture of the studio, docs/studio.png.

Opens `fabula studio` on the bundled example chapter (a copy, in a scratch
folder) in headless Chromium (Debian's `chromium`, as the browser tests
use), gives the least sure line whose fix moves another line to that other
likely speaker, the way a reviewer pressing a digit would, and photographs
the page with the fix held and the moved line marked.

    .venv/bin/python scripts/studio_screenshot.py [-o docs/studio.png]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from fabula.studio.server import StudioServer
from fabula.studio.session import Session

ROOT = Path(__file__).resolve().parent.parent


def a_telling_fix(session: Session, scratch: Path) -> tuple[str, str] | None:
    """(quote id, character id): the least sure line whose fix moves another."""
    doc = session.document
    for n in sorted(range(len(doc.quotes)), key=lambda n: doc.quotes[n].confidence or 0):
        for cid, _ in session.analysis.ranked[n][1:]:
            probe = scratch / "probe.yaml"
            probe.unlink(missing_ok=True)
            if Session(session.work, probe, output=scratch / "probe").set_speaker(doc.quotes[n].id, cid).changed:
                return doc.quotes[n].id, cid
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "studio.png"))
    args = parser.parse_args()
    args.output = os.path.abspath(args.output)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("studio_screenshot: chromium not found (scripts/setup --test installs Debian's)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="fabula-shot-") as folder:
        scratch = Path(folder)
        shutil.copy(ROOT / "examples" / "chapter.txt", scratch / "chapter.txt")
        os.chdir(scratch)  # so that the page names the files as a user would see them
        server = StudioServer(Session("chapter.txt"))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        fix = a_telling_fix(server.session, scratch)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                                     args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page(viewport={"width": 1440, "height": 900}, device_scale_factor=1)
                page.goto(server.url)
                page.wait_for_selector('#status[data-state="ready"]')
                if fix is not None:
                    quote_id, character_id = fix
                    page.click(f'#text [data-quote="{quote_id}"]')
                    digit = page.get_attribute(f'#choices button[data-character="{character_id}"]', "data-choice")
                    page.keyboard.press(digit)
                    page.wait_for_selector('#status[data-state="saved"]')
                    page.click(f'#text [data-quote="{quote_id}"]')
                page.mouse.move(0, 0)
                page.screenshot(path=args.output)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    print(f"{args.output}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
