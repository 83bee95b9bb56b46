"""The editor's canvas draws each arrow along its routed path: behind no card it does not touch,
and with the ends of arrows into one card apart from each other."""

from __future__ import annotations

from PySide6.QtGui import QTransform

from argmap.format import read_map
from argmap.render.scene import MapScene
from argmap.resources import DEFAULT_MAP
from argmap.routing import SLOT, segment_hits_rect


def drawn_points(item):
    polygons = item._arrow.path.toSubpathPolygons(QTransform())
    return [(p.x(), p.y()) for poly in polygons for p in poly] + [(item._arrow.tip.x(), item._arrow.tip.y())]


def test_every_arrow_of_the_default_map_passes_behind_no_card(qapp):
    amap = read_map(DEFAULT_MAP)
    scene = MapScene(amap)
    try:
        scene.materialize(None)
        boxes = {cid: scene.card_rect(cid).adjusted(2, 2, -2, -2) for cid in amap.card_ids()}
        rects = {cid: (b.left(), b.top(), b.right(), b.bottom()) for cid, b in boxes.items()}
        through = []
        for rel in amap.relations():
            points = drawn_points(scene.relation_item(rel.source, rel.target))
            for a, b in zip(points, points[1:], strict=False):
                hit = [
                    c
                    for c, r in rects.items()
                    if c not in (rel.source, rel.target) and segment_hits_rect(a, b, r)
                ]
                if hit:
                    through.append((rel.source, rel.target, hit))
                    break
        assert through == []
    finally:
        scene.detach()


def test_arrows_into_one_card_end_apart_and_follow_a_moved_card(qapp):
    amap = read_map(DEFAULT_MAP)
    scene = MapScene(amap)
    try:
        scene.materialize(None)
        target = max(amap.card_ids(), key=lambda cid: len(amap.answers_to(cid)))
        tips = sorted(scene.relation_item(s, target)._arrow.tip.x() for s in amap.answers_to(target))
        assert len(tips) >= 3
        assert all(b - a >= SLOT - 0.01 for a, b in zip(tips, tips[1:], strict=False))
        # Dragging an answer far away re-routes its arrow: it still ends on the card's edge.
        source = amap.answers_to(target)[0]
        scene.card_item(source).setPos(-3000, 4000)
        tip = scene.relation_item(source, target)._arrow.tip
        assert scene.card_rect(target).adjusted(-1, -1, 1, 1).contains(tip)
    finally:
        scene.detach()
