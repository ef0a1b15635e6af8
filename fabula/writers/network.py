"""The cast as a network: who speaks to whom, and who shares a scene with whom.

A `networkx.MultiDiGraph` with one node per character (keyed by character
id) and two kinds of edge, told apart by the edge attribute `kind`:

- `conversation`: speaker -> addressee, `weight` = the speeches (thoughts are
  not said to anyone) that speaker addresses to that addressee;
- `co-presence`: one edge per pair of characters present in the same scenes,
  `weight` = the scenes they share. Present means named or referred to in
  the scene's narration, speaking in it or spoken to. The relation has no
  direction; the edge runs from the character the cast lists first.

Every edge key is unique in the whole graph (`conversation:c1:c2`), because
GraphML and GEXF readers such as Gephi take it as the edge id and drop
duplicates. Attributes are only strings and numbers (the formats hold no
None or lists): aliases are joined with "; ", `label` repeats the name so
that Gephi shows it. GraphML keys are named after their attributes
(`named_key_ids`) so that no generated id collides with the ids Gephi
reserves for yEd labels (`d3`, `d7`).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from itertools import combinations

import networkx as nx

from ..model import Document, Span
from . import display_title

# What `fabula network -o FILE` writes for each suffix.
FORMATS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json"}


def character_network(doc: Document) -> nx.MultiDiGraph:
    # `title`, not networkx's `name`: in GraphML a graph key `name` would share
    # its id with the node key `name`.
    graph = nx.MultiDiGraph(title=display_title(doc))
    for c in doc.characters:
        graph.add_node(c.id, label=c.name, name=c.name, gender=c.gender, lines=c.lines,
                       mentions=c.mentions, aliases="; ".join(c.aliases))

    talk = Counter(
        (q.speaker, a)
        for q in doc.quotes
        if q.kind == "speech" and q.speaker in graph
        for a in q.addressees
        if a != q.speaker and a in graph
    )
    for (speaker, addressee), lines in talk.items():
        graph.add_edge(speaker, addressee, key=f"conversation:{speaker}:{addressee}",
                       kind="conversation", weight=lines)

    order = {c.id: i for i, c in enumerate(doc.characters)}
    shared = Counter()
    for present in _present_by_scene(doc):
        ids = sorted((c for c in present if c in graph), key=order.__getitem__)
        shared.update(combinations(ids, 2))
    for (a, b), scenes in shared.items():
        graph.add_edge(a, b, key=f"co-presence:{a}:{b}", kind="co-presence", weight=scenes)
    return graph


def format_network(doc: Document, fmt: str) -> str:
    """The network as GraphML, GEXF 1.2 or node-link JSON (networkx's `edges` layout)."""
    graph = character_network(doc)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(graph, named_key_ids=True)) + "\n"
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(graph)) + "\n"
    if fmt == "json":
        return json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=1) + "\n"
    raise ValueError(f"unknown network format {fmt!r}")


def _present_by_scene(doc: Document) -> list[set[str]]:
    """For each scene (the whole text when there are none), the ids of the
    characters present in it."""
    scenes = sorted(doc.scenes, key=lambda s: s.start) or [Span(0, len(doc.text))]
    starts = [s.start for s in scenes]
    present: list[set[str]] = [set() for _ in scenes]

    def add(offset: int, ids) -> None:
        i = bisect_right(starts, offset) - 1
        if i >= 0 and offset < scenes[i].end:
            present[i].update(x for x in ids if x)

    for m in doc.mentions:
        add(m.start, (m.character,))
    for q in doc.quotes:
        add(q.start, (q.speaker, *q.addressees))
    return present
