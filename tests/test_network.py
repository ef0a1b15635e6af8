"""The character network: nodes and edges from the Document, each file format
read back with networkx, and the `fabula network` command."""

import io
import json
from collections import Counter

import networkx as nx
import pytest

import fabula
from conftest import EXAMPLE
from fabula.model import Character, Document, Mention, Quote, Scene, Span
from fabula.writers.network import character_network, format_network
from test_cli import assert_one_line_error, run
from test_golden import check_golden

# A hand-made document, so the expected graph does not depend on the stages:
# scene 1 has Tomas, Mara and Ines; scene 2 Tomas and Mara.
TEXT = "x" * 200
HAND = Document(
    text=TEXT,
    scenes=(Scene(0, 100), Scene(110, 200, opened_by="explicit", marker=Span(102, 107))),
    characters=(
        Character("c1", "Tomas", aliases=("Tom", "Mr. Vale"), gender="male", mentions=2, lines=3),
        Character("c2", "Mara", gender="female", mentions=1, lines=1),
        Character("c3", "Ines", mentions=1),
        Character("c4", "Quiet"),
    ),
    quotes=(
        Quote(10, 20, id="q1", speaker="c1", addressees=("c2",)),
        Quote(30, 40, id="q2", speaker="c2", addressees=("c1",)),
        Quote(120, 130, id="q3", speaker="c1", addressees=("c2",)),
        Quote(140, 150, id="q4", kind="thought", speaker="c1", addressees=("c2",)),  # not said to anyone
        Quote(160, 170, id="q5", speaker=None),
    ),
    mentions=(Mention(50, 55, character="c3"), Mention(60, 65, character="c1"),
              Mention(180, 185, character="c2")),
)


def edges_by_kind(graph):
    out = {"conversation": {}, "co-presence": {}}
    for u, v, d in graph.edges(data=True):
        out[d["kind"]][(u, v)] = d["weight"]
    return out


def test_nodes_carry_the_cast_with_flat_attributes():
    graph = character_network(HAND)
    assert list(graph.nodes) == ["c1", "c2", "c3", "c4"]
    assert graph.nodes["c1"] == {"label": "Tomas", "name": "Tomas", "gender": "male", "lines": 3,
                                 "mentions": 2, "aliases": "Tom; Mr. Vale"}
    assert graph.nodes["c4"]["aliases"] == ""


def test_conversation_and_co_presence_edges():
    edges = edges_by_kind(character_network(HAND))
    assert edges["conversation"] == {("c1", "c2"): 2, ("c2", "c1"): 1}
    assert edges["co-presence"] == {("c1", "c2"): 2, ("c1", "c3"): 1, ("c2", "c3"): 1}


def test_no_scenes_means_one_scene():
    doc = Document(text=TEXT, characters=HAND.characters, mentions=HAND.mentions)
    assert edges_by_kind(character_network(doc))["co-presence"] == {
        ("c1", "c2"): 1, ("c1", "c3"): 1, ("c2", "c3"): 1}


def read_back(text, fmt):
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(text.encode()), force_multigraph=True, edge_key_type=str)
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(text.encode()))
    return nx.node_link_graph(json.loads(text), edges="edges")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_every_format_reads_back_the_same_graph(fmt):
    graph = character_network(HAND)
    back = read_back(format_network(HAND, fmt), fmt)
    assert back.is_directed() and back.is_multigraph()
    assert set(back.nodes) == set(graph.nodes)
    for n, data in graph.nodes(data=True):
        for key in ("name", "gender", "lines", "mentions", "aliases"):
            assert back.nodes[n][key] == data[key], (fmt, n, key)
    assert sorted((u, v, d["kind"], d["weight"]) for u, v, d in back.edges(data=True)) == \
        sorted((u, v, d["kind"], d["weight"]) for u, v, d in graph.edges(data=True))


def test_graphml_edge_ids_are_unique_and_keys_named():
    text = format_network(HAND, "graphml")
    ids = [line.split('id="')[1].split('"')[0] for line in text.splitlines() if "<edge " in line]
    assert len(ids) == len(set(ids)) == character_network(HAND).number_of_edges()
    assert '<key id="d' not in text  # generated ids d3/d7 would be taken for labels by Gephi


def test_example_chapter_edges_agree_with_its_quotations():
    doc = fabula.analyze_file(EXAMPLE)
    edges = edges_by_kind(character_network(doc))
    said = Counter((q.speaker, a) for q in doc.quotes if q.kind == "speech" and q.speaker
                   for a in q.addressees if a != q.speaker)
    assert edges["conversation"] == dict(said)
    speakers = {q.speaker for q in doc.quotes if q.speaker}
    for a in speakers:
        for b in speakers - {a}:
            assert (a, b) in edges["co-presence"] or (b, a) in edges["co-presence"]
    assert all(1 <= w <= len(doc.scenes) for w in edges["co-presence"].values())


def test_example_chapter_network_golden():
    check_golden("example-chapter.network.json", json.loads(format_network(fabula.analyze_file(EXAMPLE), "json")))


def test_seed_chapter_network(seed_text, tmp_path):
    doc = fabula.analyze(seed_text)
    graph = character_network(doc)
    assert graph.number_of_nodes() == len(doc.characters)
    lines = Counter(q.speaker for q in doc.quotes if q.speaker)
    for c in doc.characters:
        assert graph.nodes[c.id]["lines"] == c.lines == lines[c.id]
    assert any(d["kind"] == "conversation" for _, _, d in graph.edges(data=True))


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json"])
def test_cli_writes_the_format_of_the_suffix(tmp_path, suffix):
    out = tmp_path / f"cast{suffix}"
    result = run("network", EXAMPLE, "-o", out)
    assert result.returncode == 0, result.stderr
    back = read_back(out.read_text(encoding="utf-8"), suffix[1:])
    doc = fabula.analyze_file(EXAMPLE)
    assert {back.nodes[n]["name"] for n in back.nodes} == {c.name for c in doc.characters}
    assert not list(tmp_path.glob(".*.part"))


def test_cli_format_option_and_stdout():
    result = run("network", EXAMPLE, "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["multigraph"] is True
    assert run("network", EXAMPLE).stdout.startswith(b"<graphml")


def test_cli_applies_corrections(tmp_path):
    corrections = tmp_path / "fix.yaml"
    corrections.write_text("rename:\n  Hollis: Old Hollis\n", encoding="utf-8")
    result = run("network", EXAMPLE, "--format", "json", "--corrections", corrections)
    names = {n["name"] for n in json.loads(result.stdout)["nodes"]}
    assert "Old Hollis" in names and "Hollis" not in names


def test_cli_bad_input(tmp_path):
    assert_one_line_error(run("network", tmp_path / "missing.txt", "-o", tmp_path / "cast.graphml"), "missing.txt")
    assert_one_line_error(run("network", EXAMPLE, "-o", tmp_path / "cast.png"), "cast.png", "unknown network format")
    assert_one_line_error(run("network", EXAMPLE, "-o", tmp_path / "nowhere" / "cast.gexf"), "does not exist")
    assert not (tmp_path / "cast.png").exists()
