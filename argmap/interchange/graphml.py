"""GraphML: cards as nodes with data keys, relations as edges; readable by yEd and networkx.

Export writes, with xml.etree (so all text is escaped by the XML writer), one ``<node>`` per card with
the data keys ``kind``, ``side``, ``text``, ``tag``, ``speech``, ``notes``, ``quote``, ``cite_source``,
``cite_by``, ``cite_at`` and ``collapsed``, and one ``<edge>`` per relation with the key ``type``
(supports or rebuts). The graph has ``title``, ``description`` and ``sources`` (JSON) keys. Each node and
edge also carries yEd's graphics (a labelled shape, coloured by side, at the card's position; rebuts
drawn dashed), so yEd shows the map as drawn.

Import reads ours, yEd drawings (the Argdown CLI's among them) and plain GraphML: every node label
becomes plain text (yEd's HTML labels lose their markup; a short title label above a text label becomes
the tag), an edge is supports or rebuts by what the file says (a data key, its label, its colour: red
attacks and green supports, or a tee arrow), yEd groups are not cards (each card keeps its group's name
in its notes), note nodes join the notes of the card they point to. What is missing is inferred and
said in the notes.
"""

from __future__ import annotations

import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import IO
from xml.parsers import expat

from ..exportable import exportable
from ..model import ArgumentMap, Card, Cite, Source
from ..problems import Problem
from ..quotes import marked_field, marks_from_field
from .base import (
    Budget,
    DraftCard,
    ExportReport,
    IdMaker,
    ImportResult,
    InterchangeError,
    MapBuilder,
    guarded_read,
    read_bytes,
    usable_position,
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
    amap = exportable(amap)  # XML cannot hold control characters, not even escaped
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
#
# Read with expat directly (not networkx): every element keeps its line and column for messages, keys
# may be declared anywhere, nested graphs (yEd groups) are walked without recursion, and a document type
# declaration (the door to entity expansion) is refused.

_G = "{" + NS + "}"
_Y = "{" + NS_Y + "}"
MAX_XML_DEPTH = 256  # yEd nests each group two levels deeper; no drawing comes near this
_HTML_TAG = re.compile(r"<[^>]*>")
_HTML_WRAP = re.compile(r"<\s*br\s*/?\s*>", re.I)
_HTML_BREAK = re.compile(r"<\s*(/p|/div|/li|/tr|/h\d)\b[^>]*>", re.I)  # <br> only wraps: a space
_SUPPORT_WORDS = {"supports", "support", "supporting", "pro", "+", "for", "reason", "inference", "ra"}
_ATTACK_WORDS = {
    "rebuts", "rebut", "rebuttal", "attack", "attacks", "attacking", "con", "-", "against", "conflict",
    "objection", "undercut", "undercuts", "undermines", "contradiction", "contradictory", "ca",
}  # fmt: skip
_TYPE_KEYS = ("type", "relation", "relationtype", "relation_type", "kind", "polarity", "label", "sign")
_NOTE_SHAPES = ("UMLNoteNode",)


class _El:
    """An XML element with where it starts: the tree expat builds for us, iteratively."""

    __slots__ = ("tag", "attrib", "children", "text", "line", "col")

    def __init__(self, tag: str, attrib: dict, line: int, col: int) -> None:
        self.tag, self.attrib, self.line, self.col = tag, attrib, line, col
        self.children: list[_El] = []
        self.text: list[str] = []

    def iter(self, tag: str):
        stack = [self]
        while stack:
            el = stack.pop()
            if el.tag == tag:
                yield el
            stack.extend(reversed(el.children))

    def find(self, tag: str):
        return next(self.iter(tag), None)

    @property
    def content(self) -> str:
        return "".join(self.text)


def _parse_xml(raw: bytes, name: str) -> _El:
    parser = expat.ParserCreate(namespace_separator="}")
    root = _El("", {}, 1, 1)
    stack = [root]

    def start(tag: str, attrib: dict) -> None:
        tag = "{" + tag if "}" in tag else _G + tag  # GraphML written without its namespace is still GraphML
        el = _El(tag, attrib, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        stack[-1].children.append(el)
        stack.append(el)
        if len(stack) > MAX_XML_DEPTH:
            raise _Refused(el.line, el.col, f"the file nests deeper than {MAX_XML_DEPTH} elements")

    def end(_tag: str) -> None:
        stack.pop()

    def data(text: str) -> None:
        stack[-1].text.append(text)

    def doctype(*_args) -> None:
        line = parser.CurrentLineNumber
        text = raw.split(b"\n", line)[line - 1] if line >= 1 else b""
        col = text.find(b"<!DOCTYPE") + 1 or parser.CurrentColumnNumber + 1
        raise _Refused(
            line,
            col,
            "a document type declaration (<!DOCTYPE>) is not allowed: GraphML needs none, and it could "
            "define entities that expand without end",
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = lambda *a: doctype()
    try:
        parser.Parse(raw, True)
    except expat.ExpatError as exc:
        message = expat.errors.messages.get(exc.code, str(exc)) if hasattr(exc, "code") else str(exc)
        raise InterchangeError(
            [Problem(name, exc.lineno, exc.offset + 1, "error", f"not well-formed XML: {message}")]
        ) from None
    except _Refused as exc:
        raise InterchangeError([Problem(name, exc.line, exc.col, "error", exc.message)]) from None
    graphml = next((el for el in root.children), None)
    if graphml is None or graphml.tag.rsplit("}", 1)[-1] != "graphml":
        where = (graphml.line, graphml.col) if graphml else (1, 1)
        raise InterchangeError([Problem(name, *where, "error", "this is XML but not GraphML (no <graphml>)")])
    return graphml


class _Refused(Exception):
    def __init__(self, line: int, col: int, message: str) -> None:
        self.line, self.col, self.message = line, col, message


def _plain_label(text: str) -> str:
    """A yEd label as plain text: HTML labels (``<html>...``) lose their markup, entities are decoded."""
    if (
        "<" in text
        and ">" in text
        and re.search(r"<\s*/?\s*(html|br|b|i|div|p|span|font|center)\b", text, re.I)
    ):
        text = _HTML_BREAK.sub("\n", _HTML_WRAP.sub(" ", text))
        text = html.unescape(_HTML_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


def _colour_type(colour: str) -> str | None:
    """Red edges attack, green ones support (as the Argdown CLI, argmap and most drawings colour them)."""
    match = re.fullmatch(r"#?([0-9a-fA-F]{6})([0-9a-fA-F]{2})?", colour.strip())
    if not match:
        return None
    r, g, b_ = (int(match.group(1)[i : i + 2], 16) for i in (0, 2, 4))
    if r >= 150 and r > 1.6 * g and r > 1.6 * b_:
        return "rebuts"
    if g >= 120 and g > 1.4 * r and g > 1.2 * b_:
        return "supports"
    return None


class _GraphmlReader:
    def __init__(self, root: _El, name: str, budget: Budget) -> None:
        self.root, self.name, self.budget = root, name, budget
        self.b = MapBuilder(name, NAME)
        self.keys: dict[str, tuple[str, str, str]] = {}  # id -> (for, attr.name, yfiles.type)
        self.defaults: dict[str, str] = {}
        self.counts: Counter = Counter()
        self.undeclared: dict[str, tuple[int, int]] = {}
        self.group_ids: set[str] = set()  # nodes that hold a nested graph: groups, not cards

    def values(self, el: _El, kind: str) -> dict[str, str]:
        """An element's data by attribute name (defaults first), and its graphics element if any."""
        out = {
            self.keys[k][1]: v
            for k, v in self.defaults.items()
            if self.keys[k][0] in (kind, "all") and self.keys[k][1]
        }
        for child in el.children:
            if child.tag != _G + "data":
                continue
            key = child.attrib.get("key", "")
            declared = self.keys.get(key)
            if declared is None:
                self.undeclared.setdefault(key, (child.line, child.col))
                out[key] = child.content
            elif declared[1]:
                out[declared[1]] = child.content
        return out

    def graphics(self, el: _El) -> _El | None:
        for child in el.children:
            if child.tag == _G + "data":
                for shape in child.children:
                    if shape.tag.startswith(_Y):
                        return shape
        return None

    def run(self) -> ImportResult:
        b = self.b
        for key in self.root.iter(_G + "key"):  # declared anywhere, as GraphML allows
            key_id = key.attrib.get("id", "")
            self.keys[key_id] = (
                key.attrib.get("for", "all"),
                key.attrib.get("attr.name", "") or ("" if key.attrib.get("yfiles.type") else key_id),
                key.attrib.get("yfiles.type", ""),
            )
            default = key.find(_G + "default")
            if default is not None:
                self.defaults[key_id] = default.content
        top = next((c for c in self.root.children if c.tag == _G + "graph"), None)
        if top is None:
            raise InterchangeError(
                [Problem(self.name, self.root.line, self.root.col, "error", "the GraphML holds no <graph>")]
            )
        info = self.values(top, "graph")
        b.title = _s(info.get("title") or info.get("name") or info.get("Title"))
        desc = next((c.content for c in top.children if c.tag == _G + "desc"), "")
        b.description = _s(info.get("description") or info.get("Description") or desc)
        self.read_sources(info)
        card_of: dict[str, str] = {}
        notes_for: list[tuple[str, str]] = []  # (note text, node id of the note)
        ids = IdMaker()
        nodes: list[tuple[_El, list[str]]] = []  # each card node with the groups around it
        stack: list[tuple[_El, list[str]]] = [(top, [])]
        while stack:  # every node, in nested graphs too, without recursion
            graph, groups = stack.pop()
            for el in reversed(graph.children):
                if el.tag != _G + "node":
                    continue
                inner = next((c for c in el.children if c.tag == _G + "graph"), None)
                if inner is not None:  # a group (yEd) or nested graph: its nodes are the cards
                    self.counts["groups"] += 1
                    stack.append((inner, groups + [self.group_name(el)]))
                    self.group_ids.add(el.attrib.get("id", ""))
                    continue
                nodes.append((el, groups))
        nodes.sort(key=lambda item: (item[0].line, item[0].col))
        for index, (el, groups) in enumerate(nodes):
            self.budget.check((el.line, el.col), len(card_of), index / len(nodes))
            node_id = el.attrib.get("id", "")
            shape = self.graphics(el)
            if shape is not None and shape.tag.rsplit("}", 1)[-1] in _NOTE_SHAPES:
                notes_for.append(
                    (_plain_label(" ".join(x.content for x in shape.iter(_Y + "NodeLabel"))), node_id)
                )
                continue
            if node_id in card_of:
                b.problem(
                    (el.line, el.col),
                    "warning",
                    f"node id '{node_id}' is used twice; the second node is dropped",
                )
                continue
            card_of[node_id] = self.card(el, groups, ids)
        self.edges(top, card_of, notes_for)
        placed = [d.position for d in b.cards.values() if d.position is not None]
        # Every node at one spot: never laid out (argmap's own files keep their positions as they are).
        ours = any(name == "kind" for _for, name, _y in self.keys.values())
        if len(placed) > 1 and len(set(placed)) == 1 and not ours:
            for draft in b.cards.values():
                draft.position = None
            self.counts["unplaced"] = len(b.cards)
        self.note_losses(notes_for)
        return ImportResult(b.build(), b.problems, b.notes)

    def group_name(self, el: _El) -> str:
        shape = self.graphics(el)
        label = shape.find(_Y + "NodeLabel") if shape is not None else None
        data = self.values(el, "node")
        return _plain_label(
            label.content if label is not None else _s(data.get("label") or data.get("name"))
        ) or el.attrib.get("id", "")

    def read_sources(self, info: dict) -> None:
        if not info.get("sources"):
            return
        try:
            sources = json.loads(info["sources"])
        except (json.JSONDecodeError, RecursionError, ValueError):
            sources = []
            self.b.problem((1, 1), "warning", "the graph's 'sources' is not JSON; sources dropped")
        for item in sources if isinstance(sources, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item.get("title"):
                fields = {k: _s(item.get(k)) for k in ("title", "author", "publisher", "date", "url", "file")}
                self.b.sources[item["id"]] = Source(item["id"], **fields)

    def card(self, el: _El, groups: list[str], ids: IdMaker) -> str:
        b = self.b
        node_id = el.attrib.get("id", "")
        data = self.values(el, "node")
        ours = "kind" in data
        shape = self.graphics(el)
        labels = [
            _plain_label(label.content)
            for label in (shape.iter(_Y + "NodeLabel") if shape is not None else ())
        ]
        labels = [label for label in labels if label]
        text, tag = _s(data.get("text")), _s(data.get("tag"))
        notes = _s(data.get("notes"))
        if not ours:
            self.counts["foreign_yed"] += shape is not None
            desc = next((c.content for c in el.children if c.tag == _G + "desc"), "")
            described = _s(data.get("description") or desc).strip()
            if not labels:
                labels = [
                    x
                    for x in (_plain_label(_s(data.get("label") or data.get("name") or data.get("text"))),)
                    if x
                ]
            if len(labels) == 2 and "\n" not in labels[0] and len(labels[0]) <= 80:
                tag, text = labels  # a title label above a text label, as the Argdown CLI draws them
            elif labels:
                text = "\n".join(labels)
                if len(labels) > 2:
                    self.counts["multi_label"] += 1
            if described:
                if text:
                    notes = "\n".join(x for x in (notes, described) if x)
                    self.counts["described"] += 1
                else:
                    text = described
            if not text and not tag:
                text = node_id or "node"
                self.counts["unlabelled"] += 1
                b.problem(
                    (el.line, el.col), "warning", f"node '{node_id}' has no label; its id became its text"
                )
            if groups:
                notes = "\n".join(x for x in (notes, "Group: " + " / ".join(groups)) if x)
        card_id = ids.make(node_id if ours else "", tag or text, "card")
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
            notes=notes,
            quote=_s(data.get("quote")),
            marks=marks_from_field(_s(data.get("quote")), data.get("marked")),
            cite=cite,
            collapsed=_s(data.get("collapsed")).lower() == "true",
        )
        if not ours or _s(data.get("placed")).lower() == "true":
            geometry = shape.find(_Y + "Geometry") if shape is not None else None
            x = geometry.attrib.get("x") if geometry is not None else data.get("x")
            y = geometry.attrib.get("y") if geometry is not None else data.get("y")
            if x is not None and y is not None:
                draft.position = usable_position(x, y)
                if draft.position is None:
                    b.problem(
                        (el.line, el.col), "warning", f"node '{node_id}' has an unusable position; dropped"
                    )
        b.add_card(draft)
        return card_id

    def edges(self, top: _El, card_of: dict[str, str], notes_for: list[tuple[str, str]]) -> None:
        b = self.b
        note_ids = {node_id for _, node_id in notes_for}
        note_text = {node_id: text for text, node_id in notes_for}
        directed_default = top.attrib.get("edgedefault", "directed") == "directed"
        for el in self.root.iter(_G + "edge"):
            source, target = el.attrib.get("source", ""), el.attrib.get("target", "")
            where = (el.line, el.col)
            if source in note_ids or target in note_ids:  # a note pinned to a card: into its notes
                note, other = (source, target) if source in note_ids else (target, source)
                if other in card_of:
                    card = b.cards[card_of[other]]
                    card.notes = "\n".join(x for x in (card.notes, note_text[note]) if x)
                    self.counts["pinned_notes"] += 1
                continue
            if source in self.group_ids or target in self.group_ids:
                self.counts["group_edges"] += 1
                continue
            if source not in card_of or target not in card_of:
                missing = source if source not in card_of else target
                b.problem(where, "warning", f"edge to or from '{missing}', which is no node; dropped")
                continue
            if not directed_default and el.attrib.get("directed") != "true":
                self.counts["undirected"] += 1
            rel_type, how = self.edge_type(el)
            self.counts[how] += 1
            b.relate(card_of[source], card_of[target], rel_type or "supports", where)

    def edge_type(self, el: _El) -> tuple[str | None, str]:
        """supports or rebuts, and what said so: a data key, the label, the colour, the arrow, or nothing."""
        data = {k.lower(): v for k, v in self.values(el, "edge").items()}
        for key in _TYPE_KEYS:
            word = _s(data.get(key)).strip().lower()
            if word in _SUPPORT_WORDS:
                return "supports", "by_key"
            if word in _ATTACK_WORDS:
                return "rebuts", "by_key"
        shape = self.graphics(el)
        if shape is not None:
            label = " ".join(_plain_label(x.content) for x in shape.iter(_Y + "EdgeLabel")).strip().lower()
            if label in _SUPPORT_WORDS:
                return "supports", "by_label"
            if label in _ATTACK_WORDS:
                return "rebuts", "by_label"
            if label:
                self.counts["edge_labels"] += 1  # words such as "because": not kept (named in a note)
            line = shape.find(_Y + "LineStyle")
            colour = _colour_type(line.attrib.get("color", "")) if line is not None else None
            if colour:
                return colour, "by_colour"
            arrows = shape.find(_Y + "Arrows")
            if arrows is not None and arrows.attrib.get("target", "") in ("t_shape", "cross", "skewed_dash"):
                return "rebuts", "by_arrow"
        return None, "guessed"

    def note_losses(self, notes_for: list[tuple[str, str]]) -> None:
        notes, c = self.b.notes, self.counts
        said = [
            f"{c[k]} by {w}"
            for k, w in (
                ("by_key", "a data key"),
                ("by_label", "their label"),
                ("by_colour", "their colour (red attacks, green supports)"),
                ("by_arrow", "their arrow (a tee attacks)"),
            )
            if c[k] and k != "by_key"
        ]
        if said:
            notes.append("edges read as supports or rebuts " + ", ".join(said))
        if c["guessed"]:
            notes.append(
                f"{c['guessed']} edge(s) did not say supports or rebuts (no type, label or red/green "
                "colour): read as supports"
            )
        if c["groups"]:
            notes.append(
                f"{c['groups']} group(s) are not cards (argmap has no groups): each card keeps its group's "
                "name in its notes"
            )
        if c["group_edges"]:
            notes.append(f"{c['group_edges']} edge(s) to or from a group dropped: a group is not a card")
        unpinned = len(notes_for) - c["pinned_notes"]
        if notes_for:
            notes.append(
                f"{len(notes_for)} note node(s) are not cards: {c['pinned_notes']} joined the notes of "
                "the card they point to"
            )
            if unpinned:
                texts = [t for t, node in notes_for if t][:unpinned]
                self.b.description = "\n\n".join(x for x in (self.b.description, *texts) if x)
                notes.append(f"{unpinned} note(s) pointing at no card went into the map's description")
        if c["described"]:
            notes.append(f"{c['described']} node description(s) kept in the card's notes")
        if c["multi_label"]:
            notes.append(f"{c['multi_label']} node(s) had several labels: joined into the card's text")
        if c["unlabelled"]:
            notes.append(f"{c['unlabelled']} node(s) had no label: named by their id")
        if c["undirected"]:
            notes.append(
                "the graph is undirected: each edge was read as answering from its source to its target"
            )
        if self.undeclared:
            key, where = next(iter(self.undeclared.items()))
            self.b.problem(
                where,
                "warning",
                f"data key '{key}' is not declared by a <key>; its value was read under that name",
            )
        if c["edge_labels"]:
            notes.append(f"{c['edge_labels']} edge label(s) other than support or attack words not kept")
        if c["unplaced"]:
            notes.append(
                "every node stood at the same spot (the file was never laid out): argmap lays them out"
            )
        if c["foreign_yed"]:
            notes.append("yEd styling (fills, fonts, shapes, bends) is not kept; positions are")


def _s(value: object) -> str:
    return "" if value is None else str(value)


def loads(raw: bytes | str, name: str = "<graphml>", budget: Budget | None = None) -> ImportResult:
    """Read GraphML text into a map."""
    try:
        return _loads(raw.encode("utf-8") if isinstance(raw, str) else raw, name, budget)
    except InterchangeError as exc:
        return ImportResult(None, exc.problems)


def _loads(raw: bytes, name: str, budget: Budget | None = None) -> ImportResult:
    return _GraphmlReader(_parse_xml(raw, name), name, budget or Budget(name)).run()


@guarded_read
def read(path: Path) -> ImportResult:
    """Read a GraphML file into a map."""
    return _loads(read_bytes(path), str(path))
