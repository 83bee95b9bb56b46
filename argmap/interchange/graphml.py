"""GraphML: cards as nodes with data keys, relations as edges; readable by yEd and networkx.

Export writes, with xml.etree (so all text is escaped by the XML writer), one ``<node>`` per card with
the data keys ``kind``, ``side``, ``text``, ``tag``, ``speech``, ``notes``, ``quote``, ``cite_source``,
``cite_by``, ``cite_at`` and ``collapsed``, and one ``<edge>`` per relation with the key ``type``
(supports or rebuts). The graph has ``title``, ``description`` and ``sources`` (JSON) keys. Each node and
edge also carries yEd's graphics (a labelled shape, coloured by side, at the card's position; rebuts
drawn dashed), so yEd shows the map as drawn.

Import reads GraphML with networkx: ours, or any other (yEd's node labels, ``label``, ``text`` or
``description`` keys become the card text; an edge's ``type``/``relation``/``label`` says supports or
rebuts when it can). What is missing is inferred and said in the notes.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import IO

import networkx as nx

from ..model import ArgumentMap, Card, Cite, Source
from ..problems import Problem
from ..quotes import marked_field, marks_from_field
from .base import (
    DraftCard,
    ExportReport,
    IdMaker,
    ImportResult,
    InterchangeError,
    MapBuilder,
    guarded_read,
    read_bytes,
    write_output,
)

NAME = "GraphML"
NS = "http://graphml.graphdrawing.org/xmlns"
NS_Y = "http://www.yworks.com/xml/graphml"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
ET.register_namespace("", NS)
ET.register_namespace("y", NS_Y)
ET.register_namespace("xsi", NS_XSI)

NODE_KEYS = (
    "kind",
    "side",
    "text",
    "tag",
    "speech",
    "notes",
    "quote",
    "marked",
    "cite_source",
    "cite_by",
    "cite_at",
    "collapsed",
    "placed",
)
GRAPH_KEYS = ("title", "description", "sources")
SIDE_COLOURS = {"for": "#DCE9F7", "against": "#F7DCDC"}
KIND_SHAPES = {
    "position": "rectangle",
    "argument": "roundrectangle",
    "rebuttal": "octagon",
    "evidence": "parallelogram",
}
CARD_SIZE = (220.0, 90.0)


def _el(parent: ET.Element, tag: str, ns: str = NS, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)


def _node_values(card: Card, amap: ArgumentMap) -> dict[str, str]:
    values = {
        "kind": card.kind,
        "side": card.side,
        "text": card.text,
        "tag": card.tag,
        "speech": card.speech,
        "notes": card.notes,
        "quote": card.quote,
        "marked": marked_field(card.quote, card.marks),
    }
    if card.cite is not None:
        values.update(cite_source=card.cite.source, cite_by=card.cite.by, cite_at=card.cite.at)
    if card.id in amap.layout.collapsed:
        values["collapsed"] = "true"
    if card.id in amap.layout.positions:
        values["placed"] = "true"  # yEd needs every node placed; only these positions were saved
    return {k: v for k, v in values.items() if v}


def to_xml(amap: ArgumentMap) -> ET.ElementTree:
    """The map as a GraphML document (with yEd graphics)."""
    root = ET.Element(
        f"{{{NS}}}graphml",
        {f"{{{NS_XSI}}}schemaLocation": f"{NS} http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"},
    )
    for key in GRAPH_KEYS:
        _el(root, "key", **{"id": f"g_{key}", "for": "graph", "attr.name": key, "attr.type": "string"})
    for key in NODE_KEYS:
        _el(root, "key", **{"id": f"n_{key}", "for": "node", "attr.name": key, "attr.type": "string"})
    _el(root, "key", **{"id": "n_graphics", "for": "node", "yfiles.type": "nodegraphics"})
    _el(root, "key", **{"id": "e_type", "for": "edge", "attr.name": "type", "attr.type": "string"})
    _el(root, "key", **{"id": "e_graphics", "for": "edge", "yfiles.type": "edgegraphics"})
    graph = _el(root, "graph", id="G", edgedefault="directed")
    info = {
        "title": amap.info.title,
        "description": amap.info.description,
        "sources": json.dumps(
            [{k: v for k, v in vars(s).items() if v} for s in amap.sources.values()], ensure_ascii=False
        )
        if amap.sources
        else "",
    }
    for key in GRAPH_KEYS:
        if info[key]:
            _el(graph, "data", key=f"g_{key}").text = info[key]
    for i, card in enumerate(amap.cards()):
        node = _el(graph, "node", id=card.id)
        for key, value in _node_values(card, amap).items():
            _el(node, "data", key=f"n_{key}").text = value
        x, y = amap.layout.positions.get(card.id, ((i % 6) * 260.0, (i // 6) * 130.0))
        shape = _el(_el(node, "data", key="n_graphics"), "ShapeNode", NS_Y)
        _el(shape, "Geometry", NS_Y, x=str(x), y=str(y), width=str(CARD_SIZE[0]), height=str(CARD_SIZE[1]))
        _el(shape, "Fill", NS_Y, color=SIDE_COLOURS[card.side], transparent="false")
        _el(
            shape,
            "BorderStyle",
            NS_Y,
            color="#000000",
            type="line",
            width="2.0" if card.kind == "position" else "1.0",
        )
        label = _el(
            shape,
            "NodeLabel",
            NS_Y,
            alignment="center",
            autoSizePolicy="content",
            modelName="internal",
            modelPosition="c",
        )
        label.text = card.headline
        _el(shape, "Shape", NS_Y, type=KIND_SHAPES[card.kind])
    for n, rel in enumerate(sorted(amap.relations(), key=lambda r: r.key)):
        edge = _el(graph, "edge", id=f"e{n + 1}", source=rel.source, target=rel.target)
        _el(edge, "data", key="e_type").text = rel.type
        line = _el(_el(edge, "data", key="e_graphics"), "PolyLineEdge", NS_Y)
        _el(
            line,
            "LineStyle",
            NS_Y,
            color="#2E7D32" if rel.type == "supports" else "#C62828",
            type="line" if rel.type == "supports" else "dashed",
            width="1.5",
        )
        _el(line, "Arrows", NS_Y, source="none", target="standard" if rel.type == "supports" else "t_shape")
        _el(line, "EdgeLabel", NS_Y).text = rel.type
    ET.indent(root)
    return ET.ElementTree(root)


def dumps(amap: ArgumentMap) -> tuple[str, ExportReport]:
    """The map as GraphML text; nothing the map holds is lost."""
    buffer = io.BytesIO()
    to_xml(amap).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue().decode("utf-8") + "\n", ExportReport([])


def write(amap: ArgumentMap, path_or_stream: str | Path | IO) -> ExportReport:
    """Write the map as a GraphML file."""
    text, report = dumps(amap)
    write_output(path_or_stream, text)
    return report


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------


def loads(raw: bytes | str, name: str = "<graphml>") -> ImportResult:
    """Read GraphML text into a map."""
    try:
        return _loads(raw.encode("utf-8") if isinstance(raw, str) else raw, name)
    except InterchangeError as exc:
        return ImportResult(None, exc.problems)


def _loads(raw: bytes, name: str) -> ImportResult:
    try:
        ET.fromstring(raw)  # for a located message; networkx reports parse errors without one
    except ET.ParseError as exc:
        line, col = exc.position
        raise InterchangeError(
            [Problem(name, line, col + 1, "error", f"not well-formed XML: {str(exc).split(':')[0]}")]
        ) from None
    try:
        graph = nx.parse_graphml(raw, force_multigraph=False)
    except (nx.NetworkXError, ValueError, KeyError, TypeError) as exc:
        raise InterchangeError([Problem(name, 1, 1, "error", f"not usable GraphML: {exc}")]) from None
    b = MapBuilder(name, NAME)
    b.title = str(graph.graph.get("title") or graph.graph.get("name") or "")
    b.description = str(graph.graph.get("description") or "")
    try:
        sources = json.loads(graph.graph.get("sources") or "[]")
    except json.JSONDecodeError:
        sources = []
        b.problem((1, 1), "warning", "the graph's 'sources' is not JSON; sources dropped")
    for item in sources if isinstance(sources, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item.get("title"):
            b.sources[item["id"]] = Source(
                item["id"],
                **{
                    k: str(item.get(k) or "") for k in ("title", "author", "publisher", "date", "url", "file")
                },
            )
    ids = IdMaker()
    card_of: dict[object, str] = {}
    labelled_only = 0
    for node, data in graph.nodes(data=True):
        text = _s(data.get("text"))
        tag = _s(data.get("tag"))
        if not text and not tag and not data.get("quote"):
            text = _s(data.get("label") or data.get("description") or data.get("name")) or str(node)
            labelled_only += 1
        # Our own ids are kept; other tools' ids ("n0") are replaced by readable ones from the text.
        card_id = ids.make(str(node) if "kind" in data else "", tag or text, "card")
        card_of[node] = card_id
        cite = (
            Cite(_s(data["cite_source"]), _s(data.get("cite_by")), _s(data.get("cite_at")))
            if data.get("cite_source")
            else None
        )
        draft = DraftCard(
            card_id,
            text=text,
            tag=tag,
            kind=data.get("kind"),
            side=data.get("side"),
            speech=_s(data.get("speech")),
            notes=_s(data.get("notes")),
            quote=_s(data.get("quote")),
            marks=marks_from_field(_s(data.get("quote")), data.get("marked")),
            cite=cite,
            collapsed=_s(data.get("collapsed")).lower() == "true",
        )
        if "kind" not in data or _s(data.get("placed")).lower() == "true":
            try:
                draft.position = (float(data["x"]), float(data["y"]))
            except (KeyError, TypeError, ValueError):
                pass
        b.add_card(draft)
    if labelled_only:
        b.notes.append(f"{labelled_only} node(s) had no argmap text: their label became the card text")
    guessed = 0
    for source, target, data in graph.edges(data=True):
        rel_type = _relation_type(data)
        if rel_type is None:
            guessed += 1
            rel_type = "supports"
        b.relate(card_of[source], card_of[target], rel_type)
    if guessed:
        b.notes.append(f"{guessed} edge(s) did not say supports or rebuts: read as supports")
    if not graph.is_directed():
        b.notes.append(
            "the graph is undirected: each edge was read as answering from its source to its target"
        )
    return ImportResult(b.build(), b.problems, b.notes)


def _s(value: object) -> str:
    return "" if value is None else str(value)


def _relation_type(data: dict) -> str | None:
    for key in ("type", "relation", "label"):
        word = _s(data.get(key)).strip().lower()
        if word in ("supports", "support", "pro", "+", "for"):
            return "supports"
        if word in ("rebuts", "rebut", "attack", "attacks", "con", "-", "against", "conflict"):
            return "rebuts"
    return None


@guarded_read
def read(path: Path) -> ImportResult:
    """Read a GraphML file into a map."""
    return _loads(read_bytes(path), str(path))
