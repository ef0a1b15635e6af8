"""The chapter as one self-contained HTML page to read in a browser.

The text paragraph by paragraph, each quotation tinted by its speaker with a
tooltip (speaker, addressees, kind, confidence, evidence); lines whose
confidence is below `LOW_CONFIDENCE` outlined in dashed red, unattributed
ones grey; thoughts in italics, recalled lines (flashbacks) hatched and marked
↺; titles and author's notes in boxes; a marker where each scene begins. Beside
it: the cast, each speaker's share of the dialogue and the character network
(inline SVG, see report_figures.py), and a legend.

The page needs nothing else: the style sheet (report.css) is inlined, there
is no script and no external resource, and a Content-Security-Policy allows
only that one style sheet (by its hash), so nothing from the input can run or
load even if escaping failed. Every string from the input is escaped with
`html.escape(quote=True)`.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from html import escape
from importlib import resources

from .. import __version__
from ..model import Document, Paratext, Quote
from . import display_title
from .layout import Piece, chapter_layout, scene_label
from .report_figures import MAX_NODES, PALETTE, by_prominence, network_picture, plural, share_chart, speaker_colours

LOW_CONFIDENCE = 0.5

_PARATEXT_LABELS = {"title": "Title", "summary": "Summary", "author_note": "Author's note",
                    "disclaimer": "Disclaimer", "metadata": "Metadata"}


def format_report(doc: Document) -> str:
    colours = speaker_colours(doc)
    css = style_sheet()
    css_hash = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'sha256-{css_hash}'; base-uri 'none'; form-action 'none'"
    title = display_title(doc)
    kinds = Counter(q.kind for q in doc.quotes)
    facts = " · ".join([
        escape(doc.source.get("name") or "text"),
        f"{doc.story_words:,} words of story",
        plural(len(doc.scenes), "scene"),
        f"{plural(kinds['speech'], 'spoken line')}, {plural(kinds['thought'], 'thought')}",
        plural(sum(1 for c in doc.characters if c.lines), "speaker"),
    ])
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="fabula {escape(__version__)}">',
        f"<title>{escape(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        f'<header><h1>{escape(title)}</h1><p class="facts">{facts}</p></header>',
        '<div class="layout">',
        f'<main class="chapter">\n{_chapter(doc, colours)}\n</main>',
        '<aside class="panels">',
        _cast_panel(doc, colours),
        f'<section class="panel" id="share"><h2>Share of dialogue</h2>{share_chart(doc, colours)}'
        f"{_unattributed_note(doc)}</section>",
        f'<section class="panel" id="network"><h2>Character network</h2>{network_picture(doc, colours)}'
        f'<p class="note">Arrows: who speaks to whom, thicker for more lines. Grey lines: '
        f"characters who share scenes. Circles grow with lines spoken. At most the {MAX_NODES} "
        "most present characters and, in a long work, their strongest ties "
        "(<code>fabula network</code> writes them all).</p></section>",
        _legend(),
        "</aside>",
        "</div>",
        f"<footer>Made by fabula {escape(__version__)}. Speakers and the cast are found "
        "automatically; hover over a quotation to see how sure fabula is.</footer>",
        "</body>",
        "</html>",
        "",
    ])


def style_sheet() -> str:
    """The report's style sheet with a class per palette slot (.sp0 …)."""
    css = resources.files("fabula.writers").joinpath("report.css").read_text(encoding="utf-8")
    return css + "".join(f".sp{i} {{ --tint: {tint}; --mark: {mark}; }}\n" for i, (mark, tint) in enumerate(PALETTE))


def _chapter(doc: Document, colours: dict[str, int]) -> str:
    names = {c.id: c.name for c in doc.characters}
    out: list[str] = []
    open_paratext: Paratext | None = None
    for block in chapter_layout(doc):
        if open_paratext is not None and block.box is not open_paratext:
            out.append("</aside>")
            open_paratext = None
        out += (f'<div class="scene-marker" id="scene-{number}" role="separator">'
                f"{escape(scene_label(doc, number, scene))}</div>" for number, scene in block.scenes)
        if block.marker:
            continue
        if block.box is not None and block.box is not open_paratext:
            out.append(f'<aside class="paratext {escape(block.box.kind)}"><span class="label">'
                       f"{_PARATEXT_LABELS.get(block.box.kind, escape(block.box.kind))}</span>")
            open_paratext = block.box
        out.append(f"<p>{''.join(_piece(doc, piece, names, colours) for piece in block.pieces)}</p>")
    if open_paratext is not None:
        out.append("</aside>")
    return "\n".join(out)


def _piece(doc: Document, piece: Piece, names: dict[str, str], colours: dict[str, int]) -> str:
    """Escaped text of a piece, italics as <em>, a quotation in its span."""
    text = "".join(f"<em>{escape(doc.text[a:b])}</em>" if italic else escape(doc.text[a:b])
                   for a, b, italic in piece.runs)
    return text if piece.quote is None else f"{_quote_open(piece.quote, piece.first, names, colours)}{text}</span>"


def _quote_open(q: Quote, first: bool, names: dict[str, str], colours: dict[str, int]) -> str:
    """The opening tag of a quotation, or of its part in one paragraph (only
    the first part carries the id; every part names it in data-quote)."""
    classes = ["q", q.kind]
    slot = colours.get(q.speaker) if q.speaker else None
    classes.append("unattributed" if slot is None else f"sp{slot}")
    low = q.confidence is None or q.confidence < LOW_CONFIDENCE
    if low:
        classes.append("low")
    if q.flashback:
        classes.append("flashback")
    speaker = names.get(q.speaker, q.speaker) if q.speaker else "Speaker unknown"
    to = ", ".join(names.get(a, a) for a in q.addressees)
    tip = [f"{speaker} → {to}" if to else speaker,
           ("thought" if q.kind == "thought" else "speech") + (" · recalled (flashback)" if q.flashback else "")]
    if q.speaker:
        confidence = "?" if q.confidence is None else f"{q.confidence:.2f}"
        tip.append(f"confidence {confidence}{' (low)' if low else ''} · {q.evidence or 'no'} evidence")
    tip.append(q.id)
    anchor = f' id="{escape(q.id)}"' if first else ""
    return (f'<span class="{" ".join(classes)}"{anchor} data-quote="{escape(q.id)}" data-speaker="{escape(speaker)}" '
            f'data-tip="{escape(chr(10).join(tip))}">')


def _cast_panel(doc: Document, colours: dict[str, int]) -> str:
    cast = [c for c in by_prominence(doc) if c.lines or c.mentions]
    if not cast:
        return '<section class="panel" id="cast"><h2>Cast</h2><p class="note">No characters found.</p></section>'
    rows = []
    for c in cast:
        slot = colours.get(c.id)
        swatch = f'<span class="swatch{"" if slot is None else f" sp{slot}"}"></span>'
        aliases = f'<span class="aliases">{escape(", ".join(c.aliases))}</span>' if c.aliases else ""
        rows.append(f'<tr><td>{swatch}<span class="name">{escape(c.name)}</span>{aliases}</td>'
                    f'<td>{escape(c.gender)}</td><td class="num">{c.lines}</td><td class="num">{c.mentions}</td></tr>')
    return ('<section class="panel" id="cast"><h2>Cast</h2><table class="cast">'
            '<thead><tr><th>Name, other names</th><th>Gender</th><th class="num">Lines</th>'
            '<th class="num">Mentions</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></section>")


def _unattributed_note(doc: Document) -> str:
    unattributed = sum(1 for q in doc.quotes if not q.speaker)
    if not unattributed:
        return ""
    return f'<p class="note">{plural(unattributed, "quotation")} without a speaker.</p>'


def _legend() -> str:
    return (
        '<section class="panel" id="legend"><h2>How to read it</h2><ul class="legend">'
        '<li><span class="q sp0">Tinted</span>: a quotation, in its speaker’s colour; hover for details.</li>'
        f'<li><span class="q sp0 low">Dashed red</span>: confidence below {LOW_CONFIDENCE:.1f}.</li>'
        '<li><span class="q unattributed low">Grey</span>: no speaker found.</li>'
        '<li><span class="q sp0 thought">Italic</span>: a thought.</li>'
        '<li><span class="q sp0 flashback">Hatched</span>: a line recalled from the past.</li>'
        '<li><span class="swatch"></span>Boxes: titles and author’s notes.</li>'
        "</ul></section>"
    )
