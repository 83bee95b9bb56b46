"""A Batch told as ONE notice to an observer that hears batches, and as its parts to one that does not.

Deleting 10,000 cards is one edit; an editor view that heard it as 20,951 notices did 20,951 times
what it needs to do once. These tests hold the one "batch" notice to the guarantees of the single
ones: the edit is whole first, the map is read as it is at the end, each observer on its own.
"""

from __future__ import annotations

import pytest

from argmap.edits import AddCard, Batch, RemoveCard, SetPositions, UpdateCard, remove_cards
from argmap.generate import generate_map
from argmap.model import ArgumentMap, Card, Change, MapError, MapInfo, ObserverError, Relation, with_fields
from argmap.spatial import GridIndex


def small_map() -> ArgumentMap:
    amap = ArgumentMap(MapInfo("Resolved"))
    amap.insert_card(Card("plan", "position", "for", text="The plan"))
    amap.insert_card(Card("risk", "argument", "against", text="A risk"))
    amap.insert_card(Card("answer", "rebuttal", "for", text="No risk"))
    amap.insert_relation(Relation("risk", "plan", "rebuts"))
    amap.insert_relation(Relation("answer", "risk", "rebuts"))
    return amap


def both_kinds(amap: ArgumentMap) -> tuple[list[Change], list[Change]]:
    """(what an observer hearing batches hears, what one hearing single notices hears)."""
    whole: list[Change] = []
    single: list[Change] = []
    amap.subscribe(whole.append, batches=True)
    amap.subscribe(single.append)
    return whole, single


def test_a_batch_is_one_notice_holding_every_single_one_in_order():
    amap = small_map()
    whole, single = both_kinds(amap)
    amap.apply(remove_cards(amap, ["risk", "answer"]))
    assert [c.what for c in whole] == ["batch"]
    (batch,) = whole
    assert single[-1] == Change("batch-ended")
    assert list(batch.parts) == single[:-1]  # the same notices, in the same order, less the end mark
    assert batch.each() == batch.parts
    assert set(batch.keys("card-removed")) == {"risk", "answer"}
    assert set(batch.keys("relation-removed")) == {("risk", "plan"), ("answer", "risk")}
    assert batch.keys("card-added") == ()
    assert batch.has("card-removed") and not batch.has("card-added", "reset")


def test_a_single_edit_is_told_as_single_notices_even_to_an_observer_of_batches():
    amap = small_map()
    whole, single = both_kinds(amap)
    amap.apply(RemoveCard("risk"))
    assert whole == single and "batch" not in [c.what for c in whole]
    change = whole[-1]
    assert change.each() == (change,) and change.keys("card-removed") == ("risk",)
    assert change.has("card-removed") and not change.has("card-added")


def test_the_batch_notice_reads_the_map_as_it_is_at_the_end():
    amap = small_map()
    seen = []
    amap.subscribe(lambda change: seen.append((change.what, len(amap), amap.batching)), batches=True)
    undo = amap.apply(remove_cards(amap, ["plan", "risk", "answer"]))
    amap.apply(undo)
    # Nothing more is coming while a batch notice is heard: batching is False for it.
    assert seen == [("batch", 0, False), ("batch", 3, False)]


def test_a_card_added_then_removed_in_one_batch_is_not_told_and_one_put_back_is_told_both_ways():
    amap = small_map()
    whole, single = both_kinds(amap)
    ghost = Card("ghost", "argument", "for", text="Gone again")
    plan = amap.card("plan")
    amap.apply(Batch((AddCard(ghost), RemoveCard("ghost"), RemoveCard("plan"), AddCard(plan))))
    (batch,) = whole
    assert "ghost" not in batch.keys("card-added") + batch.keys("card-removed")
    assert batch.keys("card-removed") == ("plan",) and batch.keys("card-added") == ("plan",)
    assert list(batch.parts) == single[:-1]


def test_a_batch_of_many_kinds_groups_its_keys_by_kind():
    amap = small_map()
    whole, _ = both_kinds(amap)
    amap.apply(
        Batch(
            (
                UpdateCard(with_fields(amap.card("plan"), text="A new plan")),
                SetPositions((("risk", (10.0, 20.0)),)),
                RemoveCard("answer"),
            )
        )
    )
    (batch,) = whole
    assert batch.keys("card-changed") == ("plan",)
    assert batch.keys("position-changed") == ("risk",)
    assert batch.keys("card-removed") == ("answer",)
    assert batch.keys("relation-removed") == (("answer", "risk"),)


def test_an_observer_of_batches_that_raises_leaves_the_edit_whole_and_the_others_told():
    amap = small_map()
    before = amap.snapshot()

    def broken(change):
        raise RuntimeError("a view with a bug")

    amap.subscribe(broken, batches=True)
    whole, single = both_kinds(amap)
    with pytest.raises(ObserverError) as caught:
        amap.apply(remove_cards(amap, ["risk", "answer"]))
    assert "risk" not in amap and "answer" not in amap  # the whole edit is in
    assert [c.what for c in whole] == ["batch"] and single[-1].what == "batch-ended"
    amap.unsubscribe(broken)
    amap.apply(caught.value.inverse)
    assert amap.snapshot() == before


def test_a_refused_batch_tells_no_one():
    amap = small_map()
    before = amap.snapshot()
    whole, single = both_kinds(amap)
    with pytest.raises(MapError):
        amap.apply(Batch((RemoveCard("risk"), RemoveCard("no-such-card"))))
    assert amap.snapshot() == before and whole == [] and single == []


def test_unsubscribing_an_observer_of_batches_stops_it_hearing():
    amap = small_map()
    heard = []
    amap.subscribe(heard.append, batches=True)
    amap.unsubscribe(heard.append)
    amap.apply(remove_cards(amap, ["risk"]))
    assert heard == []


def test_a_batch_notice_made_by_hand_groups_its_parts_too():
    change = Change("batch", parts=(Change("card-added", "a"), Change("relation-added", ("a", "b"))))
    assert change.keys("card-added") == ("a",) and change.has("relation-added")


def test_deleting_and_restoring_every_card_of_a_big_map_is_exact_and_told_once_each_way():
    amap = generate_map(400)
    before = amap.snapshot()
    whole, single = both_kinds(amap)
    undo = amap.apply(remove_cards(amap, amap.card_ids()))
    assert len(amap) == 0 and [c.what for c in whole] == ["batch"]
    assert len(whole[0].keys("card-removed")) == 400
    redo = amap.apply(undo)
    assert amap.snapshot() == before and [c.what for c in whole] == ["batch", "batch"]
    assert len(whole[1].keys("card-added")) == 400
    assert list(whole[1].parts) == single[len(whole[0].parts) + 1 : -1]
    amap.apply(redo)
    assert len(amap) == 0


def test_grid_index_removes_many_keys_as_removing_them_one_by_one_does():
    rects = {f"k{i}": (i * 300.0, (i % 7) * 500.0, i * 300.0 + 250, (i % 7) * 500.0 + 120) for i in range(60)}
    rects["long"] = (0.0, 0.0, 20000.0, 100.0)
    for gone in (["k1", "k5"], [k for k in rects if k != "k3"], list(rects)):
        one, many = GridIndex(1024.0), GridIndex(1024.0)
        for index in (one, many):
            for key, rect in rects.items():
                index.insert(key, rect)
            index.insert_path("path", [(0.0, 0.0), (9000.0, 3000.0)], pad=10.0)
        for key in gone:
            one.remove(key)
        many.remove_many(gone + ["not-filed"])
        assert set(many.keys()) == set(one.keys())
        for area in ((0.0, 0.0, 30000.0, 4000.0), (900.0, 400.0, 1900.0, 900.0), (0.0, 0.0, 10.0, 10.0)):
            assert many.query(area) == one.query(area)
        assert many._cells == one._cells and many._long == one._long
