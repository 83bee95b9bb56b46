"""The drawn layout as data: each card's box and each relation's path, as argmap draws them.

``layout_data(amap)`` is what ``argmap export MAP -o FILE.layout.json`` writes (the schema is in
docs/export.md), so anyone can check or reuse a layout; the HTML export and the benchmark read it.
No Qt: boxes come from ``geometry.card_size``, places from the map's saved positions and the
automatic layout, paths from ``routing`` — the same functions the editor and the image exports use.
"""

from __future__ import annotations

import math

from . import layout, routing
from .geometry import card_size
from .model import ArgumentMap
from .spatial import GridIndex

SCHEMA = 1
GRID = 1024.0


def card_boxes(amap: ArgumentMap, direction: str = "TB") -> dict[str, routing.Rect]:
    """Every card's box ``(left, top, right, bottom)``: saved positions kept, the rest laid out."""
    sizes = {c.id: card_size(c, amap.sources) for c in amap.cards()}
    positions = layout.layout_positions(amap, direction=direction, sizes=sizes)
    return {cid: (x, y, x + sizes[cid][0], y + sizes[cid][1]) for cid, (x, y) in positions.items()}


QUERY_CELL = 512.0  # about two cards wide: a router's slice of the plane touches a few cells


def box_query(boxes: dict[str, routing.Rect]):
    """A function giving the boxes that overlap an area (edges touching count).

    The router asks this some seven times per relation, so the boxes are filed straight into grid
    cells and each question looks only at the cells it covers: at 10,000 cards routing took 11 s of
    profiled time through GridIndex's keys, 4 s this way.
    """
    size = QUERY_CELL
    cells: dict[tuple[int, int], list[routing.Rect]] = {}
    for box in boxes.values():
        for x in range(math.floor(box[0] / size), math.floor(box[2] / size) + 1):
            for y in range(math.floor(box[1] / size), math.floor(box[3] / size) + 1):
                bucket = cells.get((x, y))
                if bucket is None:
                    cells[(x, y)] = [box]
                else:
                    bucket.append(box)

    def query(area: routing.Rect) -> list[routing.Rect]:
        left, top, right, bottom = area
        x0, x1 = math.floor(left / size), math.floor(right / size)
        y0, y1 = math.floor(top / size), math.floor(bottom / size)
        if (x1 - x0 + 1) * (y1 - y0 + 1) > len(cells):  # a huge area: walk the filled cells instead
            keys = [c for c in cells if x0 <= c[0] <= x1 and y0 <= c[1] <= y1]
        else:
            keys = [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
        found: set[routing.Rect] = set()
        for key in keys:
            bucket = cells.get(key)
            if bucket:
                found.update(
                    b for b in bucket if b[0] <= right and left <= b[2] and b[1] <= bottom and top <= b[3]
                )
        return list(found)

    return query


def relation_paths(
    amap: ArgumentMap, boxes: dict[str, routing.Rect], direction: str = "TB"
) -> dict[tuple[str, str], list[routing.Point]]:
    """Every relation's drawn path between the given boxes."""
    relations = [(r.source, r.target, r.type) for r in amap.relations()]
    return routing.route_all(boxes, relations, box_query(boxes), direction)


def layout_data(amap: ArgumentMap, direction: str = "TB") -> dict:
    """The map's drawn layout: ``{"argmap_layout": 1, "direction", "bounds", "cards", "relations"}``.

    Cards carry ``id``, ``kind``, ``side`` and their box (``x``, ``y``, ``w``, ``h``: top-left corner
    and size in px); relations carry ``from``, ``to``, ``type`` and ``points``, the drawn polyline
    from the answering card's edge to the answered card's edge (where the arrowhead or T-bar sits).
    """
    boxes = card_boxes(amap, direction)
    paths = relation_paths(amap, boxes, direction)
    cards = []
    for card in amap.cards():
        x0, y0, x1, y1 = boxes[card.id]
        cards.append(
            {
                "id": card.id,
                "kind": card.kind,
                "side": card.side,
                "x": x0,
                "y": y0,
                "w": x1 - x0,
                "h": y1 - y0,
            }
        )
    relations = [
        {
            "from": r.source,
            "to": r.target,
            "type": r.type,
            "points": [[round(x, 2), round(y, 2)] for x, y in paths[(r.source, r.target)]],
        }
        for r in amap.relations()
    ]
    if boxes:
        bounds = [min(b[0] for b in boxes.values()), min(b[1] for b in boxes.values())]
        bounds += [max(b[2] for b in boxes.values()), max(b[3] for b in boxes.values())]
    else:
        bounds = [0, 0, 0, 0]
    return {
        "argmap_layout": SCHEMA,
        "title": amap.info.title,
        "direction": direction,
        "units": "px",
        "bounds": bounds,
        "cards": cards,
        "relations": relations,
    }


def edges_through_cards(data: dict) -> list[tuple[str, str, str]]:
    """Relations whose drawn path passes through a card that is neither of its ends:
    ``(from, to, the card passed)``, from layout data (argmap's, or another tool's in the same form)."""
    boxes = {c["id"]: (c["x"], c["y"], c["x"] + c["w"], c["y"] + c["h"]) for c in data["cards"]}
    inner = {cid: (b[0] + 1, b[1] + 1, b[2] - 1, b[3] - 1) for cid, b in boxes.items()}
    index = GridIndex(GRID)
    for cid, box in inner.items():
        index.insert(cid, box)
    found = []
    for rel in data["relations"]:
        points = [tuple(p) for p in rel["points"]]
        for a, b in zip(points, points[1:], strict=False):
            area = (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))
            hit = next(
                (
                    cid
                    for cid in sorted(index.query(area))
                    if cid not in (rel["from"], rel["to"]) and routing.segment_hits_rect(a, b, inner[cid])
                ),
                None,
            )
            if hit is not None:
                found.append((rel["from"], rel["to"], hit))
                break
    return found
