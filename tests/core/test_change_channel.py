"""One change channel: an edit is complete before any observer hears of it, each observer on its own."""

from __future__ import annotations

import pytest

from argmap.edits import AddCard, AddRelation, Batch, RemoveCard, ReplaceMap, SetPositions, UpdateCard
from argmap.model import ArgumentMap, Card, MapError, MapInfo, ObserverError, Relation, with_fields


def small_map() -> ArgumentMap:
    amap = ArgumentMap(MapInfo("Resolved"))
    amap.insert_card(Card("plan", "position", "for", text="The plan"))
    amap.insert_card(Card("risk", "argument", "against", text="A risk"))
    amap.insert_relation(Relation("risk", "plan", "rebuts"))
    return amap


def test_an_observer_that_raises_leaves_the_whole_edit_made_and_the_others_told():
    amap = small_map()
    before = amap.snapshot()
    heard = []

    def broken(change):
        raise RuntimeError("a view with a bug")

    amap.subscribe(broken)
    amap.subscribe(heard.append)
    edit = AddCard(Card("answer", "rebuttal", "for", text="No risk"), (Relation("answer", "risk", "rebuts"),))
    with pytest.raises(ObserverError) as caught:
        amap.apply(edit)
    # The card and its relation are both in: nothing is half done, and the other observer heard both.
    assert "answer" in amap and amap.has_relation("answer", "risk")
    assert [c.what for c in heard] == ["card-added", "relation-added"]
    assert isinstance(caught.value.__cause__, RuntimeError) and len(caught.value.errors) == 2
    # The error carries the exact inverse, so an undo step can still be recorded.
    amap.unsubscribe(broken)
    amap.apply(caught.value.inverse)
    assert amap.snapshot() == before


def test_an_observer_reads_the_finished_map_at_every_notice():
    amap = small_map()
    seen = []
    amap.subscribe(
        lambda change: seen.append((change.what, "answer" in amap, amap.has_relation("risk", "plan")))
    )
    amap.apply(
        Batch(
            (
                RemoveCard("risk"),
                AddCard(Card("answer", "rebuttal", "for", text="x")),
                AddRelation(Relation("answer", "plan", "supports")),
            )
        )
    )
    assert all(present and not old for _, present, old in seen)
    assert [what for what, _, _ in seen][-1] == "batch-ended"


def test_a_card_added_and_removed_within_one_edit_is_not_announced():
    amap = small_map()
    seen = []
    amap.subscribe(seen.append)
    amap.apply(
        Batch(
            (
                AddCard(Card("tmp", "argument", "for", text="x")),
                SetPositions((("tmp", (1.0, 2.0)),)),
                RemoveCard("tmp"),
            )
        )
    )
    assert [c.what for c in seen] == ["batch-ended"]


def test_a_refused_batch_changes_nothing_and_announces_nothing():
    amap = small_map()
    before = amap.snapshot()
    seen = []
    amap.subscribe(seen.append)
    with pytest.raises(MapError):
        amap.apply(Batch((RemoveCard("risk"), RemoveCard("no-such-card"))))
    assert amap.snapshot() == before and seen == []


def test_observers_still_see_a_batch_as_batching_until_it_ends():
    amap = small_map()
    states = []
    amap.subscribe(lambda change: states.append((change.what, amap.batching)))
    amap.apply(Batch((UpdateCard(with_fields(amap.card("plan"), text="New")), RemoveCard("risk"))))
    assert states[-1] == ("batch-ended", False) and all(batching for _, batching in states[:-1])


def test_replacing_the_map_sends_one_reset_and_undoes_exactly():
    amap = small_map()
    amap.layout.positions["plan"] = (10.0, 20.0)
    amap.layout.collapsed.add("plan")
    before = amap.snapshot()
    other = ArgumentMap(MapInfo("Reloaded"))
    other.insert_card(Card("cp", "position", "against", text="Counterplan"))
    other.layout.positions["cp"] = (5.0, 5.0)
    seen = []
    amap.subscribe(seen.append)
    inverse = amap.apply(ReplaceMap.of(other))
    assert [c.what for c in seen] == ["reset"]
    assert amap.snapshot() == other.snapshot()
    amap.apply(inverse)
    assert amap.snapshot() == before
    assert [c.what for c in seen] == ["reset", "reset"]


def test_a_replacement_that_does_not_fit_changes_nothing():
    amap = small_map()
    before = amap.snapshot()
    bad = ReplaceMap(
        MapInfo("x"), (Card("a", "argument", "for", text="x"),), (Relation("a", "ghost", "rebuts"),)
    )
    with pytest.raises(MapError):
        amap.apply(bad)
    assert amap.snapshot() == before
