"""Hostile files at every import door argmap's interchange owns (issue #18): each gives a map or a
located problem, never a traceback, and costs bounded time and memory. Linear readers are checked by
sizes a quadratic reader could not finish in the suite's time, not by timing them.
"""

from __future__ import annotations

import pytest

from argmap.interchange import FORMATS, aif, argdown, graphml, kialo
from argmap.interchange.base import Budget, InterchangeError, load_json
from argmap.model import ArgumentMap, Card, MapInfo, Relation

ALIAS_BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"
)


def test_argdown_yaml_alias_bomb_in_front_matter_and_data_is_refused_with_a_location():
    text = f"===\ntitle: t\n{ALIAS_BOMB}===\n\n[A]: a {{k: &x [1, 2], j: [*x, *x, *x]}}\n  + [B]: b\n"
    result = argdown.loads(text, "bomb.argdown")
    assert result.map is not None and len(result.map) == 2
    assert [(p.line, p.severity) for p in result.problems] == [(3, "warning"), (8, "warning")]
    assert all("aliases" in p.message for p in result.problems)


def test_argdown_data_nested_too_deep_is_a_warning_not_a_crash():
    result = argdown.loads("[A]: a {x: " + "[" * 5000 + "}\n  + [B]: b\n")
    assert result.map is not None and "nests deeper" in result.problems[0].message


def test_json_nested_too_deep_is_located_before_parsing():
    with pytest.raises(InterchangeError) as caught:
        load_json('{"nodes": ' + "[" * 100 + "]" * 100 + "}", "deep.json")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (1, 74) and "nests deeper than 64" in problem.message


def test_json_huge_integers_and_nan_are_values_not_exceptions():
    data = load_json('{"a": ' + "1" * 10000 + ', "b": NaN, "c": -Infinity}', "x.json")
    assert data["a"] == float("inf") and data["b"] != data["b"] and data["c"] == float("-inf")


def test_graphml_entity_expansion_is_refused_at_the_doctype():
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE g [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;">]>\n<graphml><graph><node id="&c;"/></graph></graphml>\n'
    )
    result = graphml.loads(bomb, "bomb.graphml")
    assert result.map is None and (result.problems[0].line, result.problems[0].column) == (2, 1)


def test_graphml_nested_too_deep_is_located():
    text = "<graphml>" + "<graph><node id='n'>" * 200 + "</node></graph>" * 200 + "</graphml>"
    result = graphml.loads(text, "deep.graphml")
    assert result.map is None and "nests deeper" in result.problems[0].message


def test_graphml_infinite_positions_are_dropped():
    text = (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">'
        '<key id="g" for="node" yfiles.type="nodegraphics"/><graph edgedefault="directed">'
        '<node id="a"><data key="g"><y:ShapeNode><y:Geometry x="1e400" y="NaN"/><y:NodeLabel>A</y:NodeLabel>'
        '</y:ShapeNode></data></node><node id="b"><data key="g"><y:ShapeNode><y:Geometry x="5" y="6"/>'
        "<y:NodeLabel>B</y:NodeLabel></y:ShapeNode></data></node></graph></graphml>"
    )
    result = graphml.loads(text)
    assert list(result.map.layout.positions.values()) == [(5, 6)]


@pytest.mark.parametrize("fmt", ["argdown", "aif", "graphml", "kialo"])
def test_too_many_cards_is_refused_with_a_location(fmt):
    texts = {
        "argdown": "".join(f"[S{i}]: s\n  + [T{i}]: t\n\n" for i in range(40)),
        "aif": '{"nodes": ['
        + ", ".join(f'{{"nodeID": {i}, "type": "I", "text": "c{i}"}}' for i in range(40))
        + '], "edges": []}',
        "graphml": "<graphml><graph>"
        + "".join(f"<node id='n{i}'/>" for i in range(40))
        + "</graph></graphml>",
        "kialo": "1. Thesis.\n" + "".join(f"1.{i}. Pro: claim {i}\n" for i in range(1, 40)),
    }
    module = {"argdown": argdown, "aif": aif, "graphml": graphml, "kialo": kialo}[fmt]
    result = module.loads(texts[fmt], f"many.{fmt}", Budget(f"many.{fmt}", max_cards=10))
    assert result.map is None
    assert "more than 10 cards" in result.problems[0].message


@pytest.mark.parametrize("fmt", ["argdown", "aif", "graphml", "kialo"])
def test_an_import_past_its_time_stops_with_a_location(fmt):
    texts = {
        "argdown": "[A]: a\n  + [B]: b\n",
        "aif": '{"nodes": [{"nodeID": 1, "type": "I", "text": "a"}], "edges": []}',
        "graphml": "<graphml><graph><node id='a'/></graph></graphml>",
        "kialo": "1. Thesis.\n",
    }
    module = {"argdown": argdown, "aif": aif, "graphml": graphml, "kialo": kialo}[fmt]
    result = module.loads(texts[fmt], "slow", Budget("slow", seconds=-1))
    assert result.map is None and "took longer than" in result.problems[0].message


def test_argmaps_own_large_aif_export_reads_back():
    amap = ArgumentMap(MapInfo("chain"))
    for i in range(5000):
        amap.insert_card(Card(f"c{i}", "argument" if i else "position", "for", text=f"claim {i}"))
        if i:
            amap.insert_relation(Relation(f"c{i}", f"c{i - 1}", "supports"))
    text, _ = aif.dumps(amap)
    result = aif.loads(text)
    assert len(result.map) == 5000 and sum(1 for _ in result.map.relations()) == 4999


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    import argmap.interchange.base as base

    monkeypatch.setattr(base, "MAX_INPUT_BYTES", 100)
    path = tmp_path / "big.argdown"
    path.write_text("[A]: a\n" * 50, encoding="utf-8")
    result = FORMATS["argdown"].read(path)
    assert result.map is None and "larger than" in result.problems[0].message


def test_a_docx_zip_bomb_is_refused_before_anything_is_decompressed(tmp_path):
    """A 300 MB document packed into a few hundred KB: refused with a sentence, in milliseconds."""
    import zipfile

    from argmap.interchange import verbatim

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z, z.open("word/document.xml", "w") as part:
        chunk = b" " * 1_000_000
        for _ in range(300):  # written in chunks: the test itself never holds the 300 MB
            part.write(chunk)
    result = verbatim.read(bomb)
    assert result.map is None
    assert "decompresses to" in result.problems[0].message and result.problems[0].line == 1
