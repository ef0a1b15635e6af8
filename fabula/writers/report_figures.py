"""The pictures in the HTML report, as inline SVG: each speaker's share of
the dialogue, and the character network.

Speakers get colours from a fixed palette in order of how much they say, so
the main voices get the most distinct colours and the same document always
gets the same colours. The network is laid out by networkx's spring layout
with a fixed seed (repeatable, no plotting library). Every string from the
input goes through `html.escape`.
"""

from __future__ import annotations

import math
from html import escape

import networkx as nx

from ..model import Character, Document
from .network import character_network

# (mark, tint): a strong colour for bars, arrows and outlines, and a light one
# behind the quoted words, dark text staying readable on it.
_MARKS = ("#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1",
          "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#6b6ecf")


def _tint(mark: str, strength: float = 0.3) -> str:
    """The colour mixed with white, `strength` parts colour."""
    channels = (int(mark[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02x}" for c in channels)


PALETTE = tuple((mark, _tint(mark)) for mark in _MARKS)
NEUTRAL = ("#8a877f", "#e9e7e2")

MAX_BARS = 15
MAX_NODES = 12
# The network picture draws an edge when its weight is at least this share of
# the heaviest edge of its kind, rounded down (so a chapter's single lines stay).
SHOWN = {"conversation": 0.15, "co-presence": 0.5}


def by_prominence(doc: Document) -> list[Character]:
    """The cast, the most lines first, then the most mentions: the order of
    the cast panel, the bars and the palette."""
    return sorted(doc.characters, key=lambda c: (-c.lines, -c.mentions))


def speaker_colours(doc: Document) -> dict[str, int]:
    """Palette slot of every character who speaks (past the palette's length
    the colours repeat)."""
    speakers = {q.speaker for q in doc.quotes if q.speaker}
    ranked = [c.id for c in by_prominence(doc) if c.id in speakers]
    return {c: i % len(PALETTE) for i, c in enumerate(ranked)}


def colour(colours: dict[str, int], character_id: str | None) -> tuple[str, str]:
    slot = colours.get(character_id) if character_id else None
    return NEUTRAL if slot is None else PALETTE[slot]


def share_chart(doc: Document, colours: dict[str, int]) -> str:
    """Horizontal bars: each speaker's lines as a share of the attributed lines."""
    ranked = [c for c in by_prominence(doc) if c.lines]
    if not ranked:
        return '<p class="note">No quotation has a speaker yet.</p>'
    total = sum(c.lines for c in ranked)
    rows = [(c.name, c.lines, colour(colours, c.id)) for c in ranked[:MAX_BARS]]
    rest = ranked[MAX_BARS:]
    if rest:
        rows.append((f"{len(rest)} others", sum(c.lines for c in rest), NEUTRAL))

    width, row, label_w, value_w = 320, 24, 112, 70
    bar_w = width - label_w - value_w
    peak = max(n for _, n, _ in rows)
    out = [f'<svg class="share" viewBox="0 0 {width} {row * len(rows)}" role="img" '
           f'aria-label="Share of dialogue by speaker" xmlns="http://www.w3.org/2000/svg">']
    for i, (name, n, (mark, tint)) in enumerate(rows):
        y = i * row
        length = max(2.0, bar_w * n / peak)
        share = f"{n} · {n / total:.0%}"
        out.append(
            f'<g><title>{escape(name)}: {n} lines, {n / total:.0%} of the attributed dialogue</title>'
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="12" fill="#22201c">'
            f'{escape(_clip(name, 14))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" rx="3" '
            f'fill="{tint}" stroke="{mark}" stroke-width="1.5"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + 16}" font-size="11" fill="#6d6a63">{share}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


def network_picture(doc: Document, colours: dict[str, int]) -> str:
    """The character network: arrows for who speaks to whom (width by lines, in
    the speaker's colour), grey lines for scenes shared, circles sized by lines."""
    graph = character_network(doc)
    keep = [c.id for c in by_prominence(doc) if c.lines or c.mentions][:MAX_NODES]
    if not keep:
        return '<p class="note">No characters found.</p>'
    kept = set(keep)
    edges = [(u, v, d) for u, v, d in graph.edges(data=True) if u in kept and v in kept]
    top = {kind: max((d["weight"] for _, _, d in edges if d["kind"] == kind), default=1) for kind in SHOWN}
    # In a novel nearly everyone talks to everyone: only the strongest ties are drawn.
    edges = [(u, v, d) for u, v, d in edges if d["weight"] >= int(SHOWN[d["kind"]] * top[d["kind"]])]
    top_talk, top_shared = top["conversation"], top["co-presence"]

    # Laid out by all ties, unweighted: weights would pull the main pair into
    # one blot (the strokes show them), and the weak ties drawn or not keep
    # loosely tied characters from being flung to a corner.
    layout_graph = nx.Graph(graph.subgraph(keep))
    positions = nx.spring_layout(layout_graph, seed=7, weight=None) if len(keep) > 1 else {keep[0]: (0, 0)}

    # The bottom margin leaves room for the largest circle's label beneath it.
    width, height, margin_x, margin_top, margin_bottom = 340, 290, 40, 20, 34
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]

    def place(n: str) -> tuple[float, float]:
        x, y = positions[n]
        sx = (x - min(xs)) / (max(xs) - min(xs)) if max(xs) > min(xs) else 0.5
        sy = (y - min(ys)) / (max(ys) - min(ys)) if max(ys) > min(ys) else 0.5
        return margin_x + sx * (width - 2 * margin_x), margin_top + sy * (height - margin_top - margin_bottom)

    at = {n: place(n) for n in keep}
    top_lines = max(graph.nodes[n]["lines"] for n in keep) or 1
    radius = {n: 5 + 9 * math.sqrt(graph.nodes[n]["lines"] / top_lines) for n in keep}
    name = {n: graph.nodes[n]["name"] for n in keep}

    out = [f'<svg class="network" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="Character network" xmlns="http://www.w3.org/2000/svg">']
    for u, v, d in edges:
        if d["kind"] == "co-presence":
            (x1, y1), (x2, y2) = at[u], at[v]
            out.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#dcd7cd" '
                f'stroke-width="{1 + 2 * d["weight"] / top_shared:.1f}" stroke-linecap="round">'
                f'<title>{escape(name[u])} and {escape(name[v])}: {plural(d["weight"], "scene")} together</title></line>'
            )
    for u, v, d in edges:
        if d["kind"] == "conversation":
            out.append(_arrow(at[u], at[v], radius[u], radius[v], colour(colours, u)[0],
                              1 + 3 * d["weight"] / top_talk,
                              f'{name[u]} to {name[v]}: {plural(d["weight"], "line")}'))
    for n in keep:
        x, y = at[n]
        mark, tint = colour(colours, n)
        node = graph.nodes[n]
        label = _clip(name[n], 16)
        label_y = y + radius[n] + 12
        # Keep the label inside the picture (about 6.5 units a character at this size).
        half = len(label) * 3.25
        label_x = min(max(x, half + 2), width - half - 2)
        out.append(
            f'<g><title>{escape(name[n])}: {plural(node["lines"], "line")}, '
            f'{plural(node["mentions"], "mention")}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius[n]:.1f}" fill="{tint}" stroke="{mark}" stroke-width="2"/>'
            f'<text x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="middle" font-size="11" font-weight="600" '
            f'fill="#22201c" stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(label)}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


def _arrow(start, end, r_start, r_end, stroke, width, tip) -> str:
    """A curved arrow between two circles; A->B and B->A bend to opposite sides."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    # The control point sits to the left of the direction of travel.
    cx, cy = (x1 + x2) / 2 + dy * 0.18, (y1 + y2) / 2 - dx * 0.18

    def towards(px, py, qx, qy, by):
        d = math.hypot(qx - px, qy - py) or 1.0
        return px + (qx - px) / d * by, py + (qy - py) / d * by

    sx, sy = towards(x1, y1, cx, cy, r_start + 2)
    head = 5 + width
    ex, ey = towards(x2, y2, cx, cy, r_end + 2)  # the arrow's tip, on the target's rim
    bx, by = towards(ex, ey, cx, cy, head)  # the base of the head
    nx_, ny_ = (ey - by) / head, -(ex - bx) / head
    half = head * 0.55
    points = f"{ex:.1f},{ey:.1f} {bx + nx_ * half:.1f},{by + ny_ * half:.1f} {bx - nx_ * half:.1f},{by - ny_ * half:.1f}"
    return (f'<g opacity="0.85"><title>{escape(tip)}</title>'
            f'<path d="M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {bx:.1f},{by:.1f}" fill="none" '
            f'stroke="{stroke}" stroke-width="{width:.1f}" stroke-linecap="round"/>'
            f'<polygon points="{points}" fill="{stroke}"/></g>')


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
