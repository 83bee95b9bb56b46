"""compact_places: a part of a map laid out by itself, one card kept where it was, the map untouched."""

from __future__ import annotations

from argmap.compact import compact_places
from argmap.format import loads
from argmap.generate import generate_yaml


def test_a_part_is_laid_out_without_overlaps_around_the_kept_card_and_the_map_is_unchanged():
    amap = loads(generate_yaml(60)).map
    hub = max(amap.card_ids(), key=lambda c: len(amap.answers_to(c)))
    part = [hub, *amap.answers_to(hub), *amap.answered_by(hub)]
    sizes = {cid: (260.0, 120.0) for cid in part}
    before = dict(amap.layout.positions)
    places = compact_places(amap, part, sizes, keep=hub, at=(5000.0, -300.0))
    assert set(places) == set(part) and places[hub] == (5000.0, -300.0)
    boxes = [(x, y, x + 260.0, y + 120.0) for x, y in places.values()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    assert amap.layout.positions == before
