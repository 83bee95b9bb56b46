"""Automatic placement without a display: saved places first, new answers beside what they answer."""

from __future__ import annotations

from argmap.edits import AddCard
from argmap.geometry import card_size
from argmap.model import ArgumentMap, Card, MapInfo, Relation
from argmap.placement import Placement


def debate() -> ArgumentMap:
    amap = ArgumentMap(MapInfo("Resolved"))
    amap.insert_card(Card("plan", "position", "for", text="The plan"))
    amap.insert_card(Card("da", "argument", "against", text="A disadvantage"))
    amap.insert_relation(Relation("da", "plan", "rebuts"))
    amap.layout.positions["plan"] = (100.0, 50.0)
    return amap


def boxes(placement: Placement) -> dict[str, tuple[float, float, float, float]]:
    return {cid: (*p, *card_size(placement.amap.card(cid))) for cid, p in placement.positions().items()}


def overlaps(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def test_saved_places_win_and_every_other_card_gets_an_automatic_one():
    placement = Placement(debate())
    positions = placement.positions()
    assert positions["plan"] == (100.0, 50.0)
    assert set(positions) == {"plan", "da"}
    assert placement.has_place("da") and "da" not in placement.amap.layout.positions  # not saved


def test_a_new_answer_goes_below_its_card_and_overlaps_none():
    amap = debate()
    placement = Placement(amap)
    before = boxes(placement)
    amap.apply(AddCard(Card("ans", "rebuttal", "for", text="No link"), (Relation("ans", "da", "rebuts"),)))
    spot = placement.place_near("ans", "da", before)
    new = (*spot, *card_size(amap.card("ans")))
    assert spot[1] > before["da"][1]  # answers go below what they answer (top to bottom)
    assert not any(overlaps(new, box) for box in before.values())
    assert placement.positions()["ans"] == spot


def test_left_to_right_puts_answers_to_the_right():
    amap = debate()
    amap.layout.positions.clear()
    placement = Placement(amap, "LR")
    positions = placement.positions()
    assert positions["da"][0] > positions["plan"][0]
