"""DOT and Markdown exports, and escaping of user text in every writer."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from argmap.interchange import FORMATS, aif, dot, graphml, outline

from .helpers import NASTY, nasty_map, shipped_map

DOT = shutil.which("dot")


def test_dot_has_every_card_and_relation_with_quoted_ids():
    amap = shipped_map()
    text, _ = dot.dumps(amap)
    for card in amap.cards():
        assert f'  "{card.id}" [label=' in text
    for rel in amap.relations():
        style = "dashed" if rel.type == "rebuts" else "solid"
        assert f'"{rel.source}" -> "{rel.target}" [' in text
        line = next(ln for ln in text.splitlines() if ln.startswith(f'  "{rel.source}" -> "{rel.target}"'))
        assert f"style={style}" in line


def test_write_dot_takes_a_stream_or_a_path(tmp_path):
    amap = shipped_map()
    stream = io.StringIO()
    dot.write_dot(amap, stream)
    dot.write_dot(amap, tmp_path / "m.dot")
    assert stream.getvalue() == (tmp_path / "m.dot").read_text(encoding="utf-8")


def test_dot_quote_escapes_quotes_backslashes_and_line_breaks():
    assert dot.quote('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'


@pytest.mark.skipif(DOT is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("make_map", [shipped_map, nasty_map], ids=["shipped", "nasty"])
def test_graphviz_lays_out_the_dot_export_with_every_card(make_map, tmp_path):
    amap = make_map()
    path = tmp_path / "m.dot"
    dot.write_dot(amap, path)
    done = subprocess.run([DOT, "-Tjson", str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not done.stderr, done.stderr
    laid = json.loads(done.stdout)
    nodes = {o["name"]: o for o in laid["objects"]}
    assert set(nodes) == set(amap.card_ids())
    assert all("pos" in o for o in nodes.values())
    assert len(laid.get("edges", [])) == sum(1 for _ in amap.relations())
    if make_map is nasty_map:
        assert nodes["claim"]["tooltip"] == dot.quote(NASTY)[1:-1].replace('\\"', '"')  # as Graphviz lexed it
        assert nodes["ev"]["label"].startswith("Evidence [1]")


def test_markdown_outline_reads_as_a_brief():
    amap = shipped_map()
    text, report = outline.dumps(amap)
    lines = text.splitlines()
    assert lines[0] == "# " + outline.escape(amap.info.title)
    positions = [c for c in amap.cards() if c.kind == "position"]
    for card in positions:
        assert any(ln.startswith("## " + outline.escape(card.headline)) for ln in lines)
    for card in amap.cards():  # every card is in the brief
        assert outline.escape(card.headline) in text
        if card.kind == "evidence":
            quote_line = next(ln for ln in lines if ln.strip() == "> " + outline.escape(card.quote))
            indent = quote_line[: len(quote_line) - len(quote_line.lstrip())]
            after = lines[lines.index(quote_line) + 2]
            assert after.startswith(indent + "> — ")  # the cite under its quote
    # A position's answers come right under it, supports first, nested by depth.
    first = positions[0]
    at = lines.index(next(ln for ln in lines if ln.startswith("## " + outline.escape(first.headline))))
    end = next(i for i in range(at + 1, len(lines)) if lines[i].startswith("## "))
    bullets = [ln for ln in lines[at + 1 : end] if ln.startswith("- ")]  # the position's direct answers
    answers = amap.answers_to(first.id)
    assert len(bullets) == len(answers)
    kinds = ["Supports" if amap.relation(a, first.id).type == "supports" else "Rebuts" for a in answers]
    assert [b.split("**")[1].rstrip(":") for b in bullets] == sorted(kinds, key=lambda k: k != "Supports")
    assert any(ln.startswith("  - ") for ln in lines[at + 1 : end])  # answers to answers are nested
    assert any("Markdown has no layout" in n or "ids" in n for n in report.notes)


def test_markdown_escapes_markup_and_keeps_lines_in_their_bullets():
    text, _ = outline.dumps(nasty_map())
    assert "<script>" not in text and "</script>" not in text and "<b>" not in text
    assert "\\<script\\>" in text
    for line in text.splitlines():
        assert not line.startswith(("===", "---", "* item", "<")), line
    assert "\\# heading" in text  # would be a heading at a line start


@pytest.mark.parametrize("fmt", ["aif", "graphml", "argdown"])
def test_writers_escape_user_text_so_it_reads_back_exactly(fmt, tmp_path):
    amap = nasty_map()
    path = tmp_path / f"m{FORMATS[fmt].extensions[0]}"
    FORMATS[fmt].write(amap, path)
    back = FORMATS[fmt].read(path).map
    assert back.card("claim").text == NASTY
    assert back.card("ev").quote == amap.card("ev").quote
    assert back.info == amap.info and back.sources == amap.sources


def test_graphml_is_well_formed_xml_that_networkx_reads_with_data_keys():
    amap = nasty_map()
    text, _ = graphml.dumps(amap)
    ET.fromstring(text.encode("utf-8"))  # well-formed despite <script>, quotes and &
    assert "<script>" not in text
    graph = nx.parse_graphml(text)
    assert graph.nodes["claim"]["text"] == NASTY
    assert graph.nodes["claim"]["kind"] == "position" and graph.nodes["reply"]["side"] == "against"
    assert graph.nodes["claim"]["label"] == amap.card("claim").headline  # yEd's label
    assert graph.edges["reply", "claim"]["type"] == "rebuts"


def test_aif_export_is_plain_aif_with_ra_and_ca_nodes():
    amap = shipped_map()
    data = aif.to_data(amap)
    types = [n["type"] for n in data["nodes"]]
    relations = list(amap.relations())
    assert types.count("I") == len(amap)
    assert types.count("RA") == sum(r.type == "supports" for r in relations)
    assert types.count("CA") == sum(r.type == "rebuts" for r in relations)
    ids = {n["nodeID"] for n in data["nodes"]}
    assert all(e["fromID"] in ids and e["toID"] in ids for e in data["edges"])
    assert len(data["edges"]) == 2 * len(relations)


def test_exports_report_what_they_drop():
    amap = shipped_map()
    _, dot_report = dot.dumps(amap)
    n_quotes = sum(1 for c in amap.cards() if c.quote)
    assert f"{n_quotes} cards' quotes dropped: DOT has no field for them" in dot_report.notes
    assert any("source" in n for n in dot_report.notes)
