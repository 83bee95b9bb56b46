"""AIF JSON, as AIFdb and OVA use it, and OVA's own save file (AIF plus node positions).

Export: each card is an I-node whose ``text`` is the card's text; each relation is an S-node between
the two cards, ``RA`` ("Default Inference") for supports and ``CA`` ("Default Conflict") for rebuts,
joined by edges answering-card -> S-node -> answered card. AIF has no card kinds, sides, tags,
speeches or cites, so each I-node also carries an ``argmap`` object with them; AIF tools ignore it.
The map's title, description and sources go in a top-level ``argmap`` object.

Import reads plain AIF (``nodes``, ``edges``) and OVA saves (``AIF`` and ``OVA`` parts): I-nodes become
cards; each premise of an RA supports its conclusion, each attacker of a CA rebuts what it attacks;
rephrases (MA) become supports. Dialogue nodes (L, TA, YA), preferences (PA) and attacks on
inferences are dropped and counted in the notes. Kinds and sides come from ``argmap`` objects where
present, else are inferred. OVA's node positions become the map's layout.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import IO

from ..exportable import exportable
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
    read_text,
    write_output,
)

NAME = "AIF"
_SCHEMES = {"supports": ("RA", "Default Inference"), "rebuts": ("CA", "Default Conflict")}


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


def _card_extra(card: Card, amap: ArgumentMap) -> dict:
    extra: dict = {"id": card.id, "kind": card.kind, "side": card.side}
    for name in ("tag", "speech", "notes", "quote"):
        if getattr(card, name):
            extra[name] = getattr(card, name)
    if card.marks:
        extra["marked"] = marked_field(card.quote, card.marks)
    if card.cite is not None:
        extra["cite"] = {k: v for k, v in vars(card.cite).items() if v}
    if card.id in amap.layout.positions:
        extra["x"], extra["y"] = amap.layout.positions[card.id]
    if card.id in amap.layout.collapsed:
        extra["collapsed"] = True
    return extra


def to_data(amap: ArgumentMap) -> dict:
    """The map as AIF JSON data (with argmap's extra keys)."""
    amap = exportable(amap)  # half a surrogate pair has no UTF-8 form; 1e308 is no position
    nodes: list[dict] = []
    edges: list[dict] = []
    node_of: dict[str, str] = {}
    for card in amap.cards():
        node_id = str(len(nodes) + 1)
        node_of[card.id] = node_id
        text = card.text or card.quote or card.tag
        extra = _card_extra(card, amap)
        if text != card.text:
            extra["text"] = card.text
        nodes.append({"nodeID": node_id, "text": text, "type": "I", "timestamp": "", "argmap": extra})
    for rel in sorted(amap.relations(), key=lambda r: r.key):
        node_type, scheme = _SCHEMES[rel.type]
        s_id = str(len(nodes) + 1)
        nodes.append({"nodeID": s_id, "text": scheme, "type": node_type, "scheme": scheme, "timestamp": ""})
        for from_id, to_id in ((node_of[rel.source], s_id), (s_id, node_of[rel.target])):
            edges.append(
                {"edgeID": str(len(edges) + 1), "fromID": from_id, "toID": to_id, "formEdgeID": None}
            )
    info: dict = {"title": amap.info.title}
    if amap.info.description:
        info["description"] = amap.info.description
    if amap.sources:
        info["sources"] = [{k: v for k, v in vars(s).items() if v} for s in amap.sources.values()]
    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": [],
        "participants": [],
        "schemefulfillments": [],
        "argmap": info,
    }


def dumps(amap: ArgumentMap) -> tuple[str, ExportReport]:
    """The map as AIF JSON text; nothing the map holds is lost (argmap keys carry the rest)."""
    return json.dumps(to_data(amap), ensure_ascii=False, indent=2) + "\n", ExportReport([])


def write(amap: ArgumentMap, path_or_stream: str | Path | IO) -> ExportReport:
    """Write the map as an AIF JSON file."""
    text, report = dumps(amap)
    write_output(path_or_stream, text)
    return report


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------


def _locate(raw: str, key: str, value: object) -> tuple[int, int]:
    """Where ``"key": value`` first appears in the JSON text (1, 1 when not found)."""
    pattern = re.compile(rf'"{re.escape(key)}"\s*:\s*"?{re.escape(str(value))}"?\s*[,}}\n]')
    match = pattern.search(raw)
    if not match:
        return (1, 1)
    line = raw.count("\n", 0, match.start()) + 1
    return line, match.start() - (raw.rfind("\n", 0, match.start()) + 1) + 1


def loads(raw: str, name: str = "<aif>") -> ImportResult:
    """Read AIF JSON (or an OVA save) text into a map."""
    try:
        return _loads(raw, name)
    except InterchangeError as exc:
        return ImportResult(None, exc.problems)


def _loads(raw: str, name: str) -> ImportResult:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            [Problem(name, exc.lineno, exc.colno, "error", f"not valid JSON: {exc.msg}")]
        ) from None
    if not isinstance(data, dict):
        raise InterchangeError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "error",
                    'the file holds no AIF object: expected {"nodes": [...], "edges": [...]}',
                )
            ]
        )
    aif = data.get("AIF") or data.get("aif") or data
    ova = data.get("OVA") or data.get("ova")
    if (
        not isinstance(aif, dict)
        or not isinstance(aif.get("nodes"), list)
        or not isinstance(aif.get("edges"), list)
    ):
        raise InterchangeError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "error",
                    "this is not AIF: it needs a 'nodes' list and an "
                    "'edges' list (or an 'AIF' part holding them)",
                )
            ]
        )
    b = MapBuilder(name, NAME)
    info = data.get("argmap") if isinstance(data.get("argmap"), dict) else {}
    title = info.get("title") or data.get("title")
    b.title = title if isinstance(title, str) else ""
    b.description = str(info.get("description") or "")
    for item in info.get("sources") or []:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item.get("title"):
            b.sources[item["id"]] = Source(
                item["id"],
                **{
                    k: str(item.get(k) or "") for k in ("title", "author", "publisher", "date", "url", "file")
                },
            )
    nodes: dict[str, dict] = {}
    for i, node in enumerate(aif["nodes"]):
        if not isinstance(node, dict) or "nodeID" not in node or not isinstance(node.get("type"), str):
            b.problem(
                _locate(raw, "nodeID", node.get("nodeID")) if isinstance(node, dict) else (1, 1),
                "error",
                f"node {i + 1} needs a 'nodeID' and a 'type'",
            )
            continue
        node_id = str(node["nodeID"])
        if node_id in nodes:
            b.problem(_locate(raw, "nodeID", node_id), "error", f"node id {node_id} is used twice")
            continue
        nodes[node_id] = node
    into: dict[str, list[str]] = {}
    out_of: dict[str, list[str]] = {}
    for i, edge in enumerate(aif["edges"]):
        if not isinstance(edge, dict) or "fromID" not in edge or "toID" not in edge:
            b.problem((1, 1), "error", f"edge {i + 1} needs a 'fromID' and a 'toID'")
            continue
        for end in ("fromID", "toID"):
            if str(edge[end]) not in nodes:
                b.problem(
                    _locate(raw, end, edge[end]),
                    "error",
                    f"edge {edge.get('edgeID', i + 1)}: {end} {edge[end]} names no node",
                )
                break
        else:
            into.setdefault(str(edge["toID"]), []).append(str(edge["fromID"]))
            out_of.setdefault(str(edge["fromID"]), []).append(str(edge["toID"]))
    if b.problems:
        raise InterchangeError(b.problems)

    positions = _ova_positions(ova)
    ids = IdMaker()
    card_of: dict[str, str] = {}
    for node_id, node in nodes.items():
        if node["type"] != "I":
            continue
        extra = node.get("argmap") if isinstance(node.get("argmap"), dict) else {}
        text = str(node.get("text") or "")
        card_id = ids.make(str(extra.get("id") or ""), text, f"node-{node_id}")
        card_of[node_id] = card_id
        cite = extra.get("cite")
        draft = DraftCard(
            card_id,
            text=str(extra["text"]) if "text" in extra else text,
            tag=str(extra.get("tag") or ""),
            kind=extra.get("kind"),
            side=extra.get("side"),
            speech=str(extra.get("speech") or ""),
            notes=str(extra.get("notes") or ""),
            quote=str(extra.get("quote") or ""),
            marks=marks_from_field(str(extra.get("quote") or ""), extra.get("marked")),
            cite=Cite(str(cite["source"]), str(cite.get("by") or ""), str(cite.get("at") or ""))
            if isinstance(cite, dict) and cite.get("source")
            else None,
            collapsed=extra.get("collapsed") is True,
        )
        if isinstance(extra.get("x"), (int, float)) and isinstance(extra.get("y"), (int, float)):
            draft.position = (float(extra["x"]), float(extra["y"]))
        elif node_id in positions:
            draft.position = positions[node_id]
        b.add_card(draft)
    if positions:
        b.notes.append(f"layout taken from OVA: {sum(1 for n in positions if n in card_of)} card position(s)")

    dropped: Counter = Counter()
    for node_id, node in nodes.items():
        kind = node["type"]
        if kind == "I":
            continue
        if kind in ("RA", "CA", "MA"):
            rel_type = "rebuts" if kind == "CA" else "supports"
            if kind == "MA":
                dropped["rephrases (MA) read as supports"] += 1
            premises = into.get(node_id, [])
            conclusions = out_of.get(node_id, [])
            where = _locate(raw, "nodeID", node["nodeID"])
            if any(c not in card_of for c in conclusions) or any(p not in card_of for p in premises):
                dropped[f"{kind} nodes that join other scheme nodes (attacks on inferences)"] += 1
            for conclusion in conclusions:
                for premise in premises:
                    if premise in card_of and conclusion in card_of:
                        b.relate(card_of[premise], card_of[conclusion], rel_type, where)
            if not premises or not conclusions:
                b.problem(
                    where,
                    "warning",
                    f"{kind} node {node['nodeID']} has no "
                    f"{'premise' if not premises else 'conclusion'}; dropped",
                )
        elif kind in ("L", "TA", "YA"):
            dropped["dialogue nodes (L, TA, YA)"] += 1
        elif kind == "PA":
            dropped["preference nodes (PA)"] += 1
        else:
            dropped[f"nodes of unknown type '{kind}'"] += 1
    for what, n in sorted(dropped.items()):
        if what.startswith("rephrases"):
            b.notes.append(f"{n} {what}")
        else:
            b.notes.append(f"{n} {what} dropped: argmap maps claims and their relations only")
    return ImportResult(b.build(), b.problems, b.notes)


def _ova_positions(ova: object) -> dict[str, tuple[float, float]]:
    positions: dict[str, tuple[float, float]] = {}
    if not isinstance(ova, dict) or not isinstance(ova.get("nodes"), list):
        return positions
    for node in ova["nodes"]:
        if isinstance(node, dict) and "nodeID" in node:
            x, y = node.get("x"), node.get("y")
            try:
                positions[str(node["nodeID"])] = (float(x), float(y))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
    return positions


@guarded_read
def read(path: Path) -> ImportResult:
    """Read an AIF JSON file or an OVA save into a map."""
    return _loads(read_text(path), str(path))
