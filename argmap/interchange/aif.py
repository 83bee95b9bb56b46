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
    Budget,
    DraftCard,
    ExportReport,
    IdMaker,
    ImportResult,
    InterchangeError,
    MapBuilder,
    guarded_read,
    load_json,
    read_text,
    usable_position,
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


class _Locator:
    """Where ``"key": value`` first appears in the JSON text, found in one pass on first use."""

    _PAIR = re.compile(r'"(nodeID|fromID|toID|edgeID)"\s*:\s*"?([^",}\s]*)"?')

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.index: dict[tuple[str, str], tuple[int, int]] | None = None

    def __call__(self, key: str, value: object) -> tuple[int, int]:
        if self.index is None:
            self.index = {}
            line, line_start, counted = 1, 0, 0
            for match in self._PAIR.finditer(self.raw):
                pair = (match.group(1), match.group(2))
                if pair in self.index:
                    continue
                line += self.raw.count("\n", counted, match.start())
                counted = match.start()
                line_start = self.raw.rfind("\n", 0, match.start()) + 1
                self.index[pair] = (line, match.start() - line_start + 1)
        return self.index.get((key, str(value)), (1, 1))


def loads(raw: str, name: str = "<aif>", budget: Budget | None = None) -> ImportResult:
    """Read AIF JSON (or an OVA save) text into a map."""
    try:
        return _loads(raw, name, budget)
    except InterchangeError as exc:
        return ImportResult(None, exc.problems)


_SCHEME_TYPES = ("RA", "CA", "MA", "PA")
_DIALOGUE_TYPES = ("L", "TA", "YA")


def _aif_part(data: dict) -> dict | None:
    """The object holding the nodes and edges: an "AIF"/"aif" part, or the top level itself."""
    for candidate in (data.get("AIF"), data.get("aif"), data):
        if isinstance(candidate, dict) and isinstance(candidate.get("nodes"), list):
            if isinstance(candidate.get("edges"), list):
                return candidate
    return None


def _loads(raw: str, name: str, budget: Budget | None = None) -> ImportResult:
    budget = budget or Budget(name)
    data = load_json(raw, name)
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
    aif = _aif_part(data)
    if aif is None:
        raise InterchangeError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "error",
                    "this is not AIF: it needs a 'nodes' list and an 'edges' list "
                    "(or an 'AIF' part holding them)",
                )
            ]
        )
    locate = _Locator(raw)
    ova = data.get("OVA") or data.get("ova")
    b = MapBuilder(name, NAME)
    info = data.get("argmap") if isinstance(data.get("argmap"), dict) else {}
    title = info.get("title") or data.get("title")
    b.title = title if isinstance(title, str) else ""
    b.description = _text(info.get("description"))
    for item in info.get("sources") if isinstance(info.get("sources"), list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item.get("title"):
            b.sources[item["id"]] = Source(
                item["id"],
                **{k: _text(item.get(k)) for k in ("title", "author", "publisher", "date", "url", "file")},
            )
    nodes: dict[str, dict] = {}
    budget.check((1, 1), len(aif["nodes"]) // 2)  # at most half the nodes of an AIF file are claims
    for i, node in enumerate(aif["nodes"]):
        if not isinstance(node, dict) or "nodeID" not in node or not isinstance(node.get("type"), str):
            b.problem(
                locate("nodeID", node.get("nodeID")) if isinstance(node, dict) else (1, 1),
                "error",
                f"node {i + 1} needs a 'nodeID' and a 'type'",
            )
            continue
        node_id = _text(node["nodeID"])
        if node_id in nodes:
            b.problem(locate("nodeID", node_id), "error", f"node id {node_id} is used twice")
            continue
        nodes[node_id] = node
    into: dict[str, list[str]] = {}
    out_of: dict[str, list[str]] = {}
    for i, edge in enumerate(aif["edges"]):
        if not isinstance(edge, dict) or "fromID" not in edge or "toID" not in edge:
            b.problem((1, 1), "error", f"edge {i + 1} needs a 'fromID' and a 'toID'")
            continue
        ends = (_text(edge["fromID"]), _text(edge["toID"]))
        for end, value in zip(("fromID", "toID"), ends, strict=True):
            if value not in nodes:
                b.problem(
                    locate(end, value),
                    "error",
                    f"edge {_text(edge.get('edgeID', i + 1))}: {end} {value} names no node",
                )
                break
        else:
            into.setdefault(ends[1], []).append(ends[0])
            out_of.setdefault(ends[0], []).append(ends[1])
    if b.problems:
        raise InterchangeError(b.problems)

    positions = _ova_positions(ova)
    ids = IdMaker()
    card_of: dict[str, str] = {}
    unplaced = 0
    for node_id, node in nodes.items():
        if node["type"] != "I":
            continue
        budget.check(
            locate("nodeID", node_id) if len(card_of) >= budget.max_cards else (1, 1),
            len(card_of) + 1,
            len(card_of) / len(nodes),
        )
        extra = node.get("argmap") if isinstance(node.get("argmap"), dict) else {}
        text = _text(node.get("text"))
        card_id = ids.make(_text(extra.get("id")), text, f"node-{node_id}")
        card_of[node_id] = card_id
        cite = extra.get("cite")
        draft = DraftCard(
            card_id,
            text=_text(extra["text"]) if "text" in extra else text,
            tag=_text(extra.get("tag")),
            kind=extra.get("kind") if isinstance(extra.get("kind"), str) else None,
            side=extra.get("side") if isinstance(extra.get("side"), str) else None,
            speech=_text(extra.get("speech")),
            notes=_text(extra.get("notes")),
            quote=_text(extra.get("quote")),
            marks=marks_from_field(_text(extra.get("quote")), extra.get("marked")),
            cite=Cite(_text(cite["source"]), _text(cite.get("by")), _text(cite.get("at")))
            if isinstance(cite, dict) and cite.get("source")
            else None,
            collapsed=extra.get("collapsed") is True,
        )
        if "x" in extra or "y" in extra:
            draft.position = usable_position(extra.get("x"), extra.get("y"))
            unplaced += draft.position is None
        elif node_id in positions:
            draft.position = positions[node_id]
        b.add_card(draft)
    if positions:
        b.notes.append(f"layout taken from OVA: {sum(1 for n in positions if n in card_of)} card position(s)")
    if unplaced or positions.bad:  # type: ignore[attr-defined]
        b.notes.append(f"{unplaced + positions.bad} position(s) were not finite numbers: dropped")  # type: ignore[attr-defined]

    counted: Counter = Counter()
    schemes: Counter = Counter()  # named schemes (Analogy, Expert Opinion) the relations cannot carry
    for node_id, node in nodes.items():
        kind = node["type"]
        if kind == "I":
            continue
        if kind in ("RA", "CA", "MA"):
            rel_type = "rebuts" if kind == "CA" else "supports"
            # Dialogue nodes (YA anchoring an inference in what was said) are not premises.
            premises = [p for p in into.get(node_id, []) if nodes[p]["type"] not in _DIALOGUE_TYPES]
            conclusions = [c for c in out_of.get(node_id, []) if nodes[c]["type"] not in _DIALOGUE_TYPES]
            where = locate("nodeID", node["nodeID"])
            if not premises or not conclusions:
                b.problem(
                    where,
                    "warning",
                    f"{kind} node {node['nodeID']} has no "
                    f"{'premise' if not premises else 'conclusion'}; dropped",
                )
                continue
            scheme = _text(node.get("scheme") or node.get("text")).strip()
            if scheme and scheme not in ("Default Inference", "Default Conflict", "Default Rephrase"):
                schemes[scheme] += 1
            made = 0
            for conclusion in conclusions:
                for premise in premises:
                    if premise in card_of and conclusion in card_of:
                        b.relate(card_of[premise], card_of[conclusion], rel_type, where)
                        made += 1
                    else:
                        counted[
                            f"{'attacks on' if kind == 'CA' else 'supports of'} inferences or conflicts "
                            f"(an {kind} node joined to another scheme node), dropped"
                        ] += 1
            if made and kind == "MA":
                counted["rephrases (MA) read as supports"] += made
        elif kind in _DIALOGUE_TYPES:
            counted["dialogue nodes (L, TA, YA) dropped: argmap maps claims, not who said them"] += 1
        elif kind == "PA":
            counted["preference nodes (PA) dropped: argmap has no preferences"] += 1
        else:
            counted[f"nodes of unknown type '{kind}' dropped"] += 1
    for what, n in sorted(counted.items()):
        b.notes.append(f"{n} {what}")
    if schemes:
        named = ", ".join(f"{name} ({n})" for name, n in schemes.most_common(6))
        b.notes.append(
            f"{sum(schemes.values())} argumentation scheme name(s) not kept ({named}"
            f"{', …' if len(schemes) > 6 else ''}): argmap relations are supports or rebuts only"
        )
    speakers = sum(
        len(aif.get(k) or []) for k in ("locutions", "participants") if isinstance(aif.get(k), list)
    )
    if speakers:
        b.notes.append(f"{speakers} locution(s) and participant(s) (who said what, and when) not kept")
    if isinstance(data.get("text"), (str, dict)) and data.get("text"):
        b.notes.append("the analysed source text is not kept: argmap keeps the claims drawn from it")
    return ImportResult(b.build(), b.problems, b.notes)


class _Positions(dict):
    bad = 0


def _ova_positions(ova: object) -> _Positions:
    positions = _Positions()
    if not isinstance(ova, dict) or not isinstance(ova.get("nodes"), list):
        return positions
    for node in ova["nodes"]:
        if isinstance(node, dict) and "nodeID" in node and "x" in node and "y" in node:
            point = usable_position(node.get("x"), node.get("y"))
            if point is None:
                positions.bad += 1
            else:
                positions[_text(node["nodeID"])] = point
    return positions


def _text(value: object) -> str:
    """A JSON value as text: strings as they are, numbers as written, nothing for null or true/false."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return value if isinstance(value, str) else str(value)


@guarded_read
def read(path: Path) -> ImportResult:
    """Read an AIF JSON file or an OVA save into a map."""
    return _loads(read_text(path), str(path))
