"""Relations are drawn around cards, ends spread along edges, and the layout is data anyone can
read: argmap's own layout_data, checked with the geometry of the drawn paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from argmap.generate import generate_map
from argmap.layout_data import edges_through_cards, layout_data
from argmap.model import ArgumentMap, Card, MapInfo, Relation
from argmap.routing import SLOT, end_slots, path_hits_rect, route

ROOT = Path(__file__).resolve().parents[2]


def query_of(rects):
    return lambda area: [
        r for r in rects if r[0] < area[2] and area[0] < r[2] and r[1] < area[3] and area[1] < r[3]
    ]


def test_a_relation_goes_around_a_card_in_its_way():
    src, dst = (0, 400, 260, 480), (0, 0, 260, 80)
    wall = (-100, 200, 200, 280)  # right across the straight line, with a gap on its right
    wall_left = (-400, 200, -140, 280)
    wall_right = (240, 200, 500, 280)
    points = route(src, dst, query_of([src, dst, wall, wall_left, wall_right]))
    assert points[0][1] == 400 and points[-1][1] == 80  # from the top edge to the bottom edge
    assert not any(path_hits_rect(points, w) for w in (wall, wall_left, wall_right))


def test_a_clear_relation_stays_short_and_straight_across_the_edges():
    src, dst = (0, 200, 260, 280), (0, 0, 260, 80)
    points = route(src, dst, query_of([src, dst]))
    assert points[0][0] == points[1][0] and points[-1][0] == points[-2][0]  # leaves and enters square
    assert len(points) <= 4


def test_cards_side_by_side_are_joined_over_the_top_of_their_band():
    a, b, between = (0, 0, 260, 80), (600, 0, 860, 100), (300, -20, 560, 120)
    points = route(a, b, query_of([a, b, between]))
    assert not path_hits_rect(points, between)
    assert min(y for _, y in points) < -20


def test_left_to_right_routes_swap_the_axes():
    src, dst = (400, 0, 480, 260), (0, 0, 80, 260)
    wall = (200, -100, 280, 200)
    wall2 = (200, -400, 280, -140)
    points = route(src, dst, query_of([src, dst, wall, wall2]), direction="LR")
    assert points[0][0] == 400 and points[-1][0] == 80
    assert not path_hits_rect(points, wall) and not path_hits_rect(points, wall2)


def test_ends_on_one_edge_never_overlap_and_many_share_one_per_type():
    card = (0, 0, 260, 80)
    few = [((i, 0), (i * 300.0, 200, i * 300.0 + 260, 280), "rebuts") for i in range(3)]
    slots = sorted(end_slots(card, few).values())
    assert all(b - a >= SLOT for a, b in zip(slots, slots[1:], strict=False))
    many = [
        ((i, 0), (i * 300.0, 200, i * 300.0 + 260, 280), "supports" if i % 2 else "rebuts") for i in range(40)
    ]
    slots = end_slots(card, many)
    assert len(set(slots.values())) == 2
    assert abs(slots[(0, 0)] - slots[(1, 0)]) >= SLOT


def star(n: int) -> ArgumentMap:
    amap = ArgumentMap(MapInfo("star", ""))
    amap.insert_card(Card("hub", "position", "for", text="hub"))
    for i in range(n):
        amap.insert_card(Card(f"a{i}", "argument", "for", text=f"answer {i}"))
        amap.insert_relation(Relation(f"a{i}", "hub", "supports"))
    return amap


def test_a_hub_with_hundreds_of_answers_wraps_into_a_compact_block():
    data = layout_data(star(300))
    x0, y0, x1, y1 = data["bounds"]
    assert 0.4 < (x1 - x0) / (y1 - y0) < 3.5  # not a strip: about screen-shaped
    assert edges_through_cards(data) == []


def test_generated_map_has_at_most_one_percent_of_edges_through_cards():
    data = layout_data(generate_map(1000, seed=3))
    through = edges_through_cards(data)
    assert len(through) <= 0.01 * len(data["relations"]), through[:5]


def test_edges_through_cards_finds_a_path_through_a_card():
    data = {
        "cards": [
            {"id": "a", "x": 0, "y": 0, "w": 10, "h": 10},
            {"id": "b", "x": 0, "y": 100, "w": 10, "h": 10},
            {"id": "c", "x": 0, "y": 50, "w": 10, "h": 10},
        ],
        "relations": [{"from": "b", "to": "a", "type": "rebuts", "points": [[5, 100], [5, 10]]}],
    }
    assert edges_through_cards(data) == [("b", "a", "c")]


def test_cli_writes_the_layout_as_json_without_qt(tmp_path):
    out = tmp_path / "map.layout.json"
    code = (
        "import sys; from argmap.cli import main; rc = main(['export', 'maps/ukraine-resistance.yaml', '-o', "
        f"{str(out)!r}]); assert 'PySide6' not in sys.modules; sys.exit(rc)"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["argmap_layout"] == 1 and len(data["cards"]) == 39 and len(data["relations"]) == 38
    card = data["cards"][0]
    assert set(card) == {"id", "kind", "side", "x", "y", "w", "h"}
    rel = data["relations"][0]
    assert rel["type"] in ("supports", "rebuts") and len(rel["points"]) >= 2
    assert edges_through_cards(data) == []


def test_opposing_positions_face_each_other_so_clash_lines_stay_short():
    from argmap.format import read_map

    amap = read_map(ROOT / "maps" / "ukraine-resistance.yaml")
    data = layout_data(amap)
    cards = {c["id"]: c for c in data["cards"]}
    clashes = [
        r for r in data["relations"] if cards[r["from"]]["kind"] == cards[r["to"]]["kind"] == "position"
    ]
    assert len(clashes) == 2
    for rel in clashes:
        length = sum(
            abs(b[0] - a[0]) + abs(b[1] - a[1])
            for a, b in zip(rel["points"], rel["points"][1:], strict=False)
        )
        # one layer apart, side by side: not a line from the bottom of the map to its top (1,800 px)
        assert abs(cards[rel["from"]]["y"] - cards[rel["to"]]["y"]) < 250
        assert length < 1600, (rel["from"], length)
