"""The model: every edit returns an exact inverse, observers hear one change per thing touched,
and an edit that does not fit the map raises MapError and changes nothing."""

from __future__ import annotations

import pytest

from argmap.edits import (
    AddCard,
    AddRelation,
    AddSource,
    Batch,
    RemoveCard,
    RemoveRelation,
    RemoveSource,
    SetCollapsed,
    SetMapInfo,
    SetPositions,
    UpdateCard,
    UpdateRelation,
    UpdateSource,
    remove_cards,
    summarize,
)
from argmap.generate import generate_map
from argmap.model import ArgumentMap, Card, Change, Cite, MapError, MapInfo, Relation, Source, with_fields


def sample_map() -> ArgumentMap:
    """Five cards in a known order, four relations, two sources, a position and a collapsed card."""
    amap = ArgumentMap(MapInfo("Fund the resistance?", "from one article"))
    amap.sources["axios"] = Source("axios", "Ukraine asks U.S.", author="Axios", date="2022-03-18")
    amap.sources["nyt"] = Source("nyt", "Another article")
    for card in (
        Card("plan", "position", "for", text="The U.S. should fund the resistance", speech="1AC"),
        Card("risk", "rebuttal", "against", text="Co-combatant risk", speech="1NC"),
        Card(
            "letter",
            "evidence",
            "for",
            tag="Ukraine asked",
            quote="allocate additional funds",
            cite=Cite("axios", "Danilov", "para 8"),
        ),
        Card("answer", "rebuttal", "for", text="No risk: training only"),
        Card("why", "argument", "for", text="Deterrence"),
    ):
        amap.insert_card(card)
    for rel in (
        Relation("risk", "plan", "rebuts"),
        Relation("letter", "plan", "supports"),
        Relation("answer", "risk", "rebuts"),
        Relation("why", "plan", "supports"),
    ):
        amap.insert_relation(rel)
    amap.layout.positions["plan"] = (10.0, 20.0)
    amap.layout.positions["risk"] = (300.0, 20.0)
    amap.layout.collapsed.add("risk")
    return amap


def recording(amap: ArgumentMap) -> list[Change]:
    seen: list[Change] = []
    amap.subscribe(seen.append)
    return seen


EDITS = {
    "add card": AddCard(Card("new", "argument", "against", text="A new point")),
    "add card with relations at index": AddCard(
        Card("new", "rebuttal", "against", text="x"),
        (Relation("new", "plan", "rebuts"), Relation("why", "new", "supports")),
        position=(5.0, 6.0),
        collapsed=True,
        index=1,
    ),
    "remove middle card": RemoveCard("letter"),
    "remove card with many relations": RemoveCard("plan"),
    "remove collapsed placed card": RemoveCard("risk"),
    "update card": UpdateCard(Card("plan", "position", "for", text="Changed", tag="New tag")),
    "add relation": AddRelation(Relation("answer", "plan", "supports")),
    "remove relation": RemoveRelation("risk", "plan"),
    "update relation": UpdateRelation(Relation("why", "plan", "rebuts")),
    "set positions": SetPositions((("plan", (1.0, 2.0)), ("why", (3.4, 4.6)), ("risk", None))),
    "collapse": SetCollapsed("plan", True),
    "expand": SetCollapsed("risk", False),
    "set map info": SetMapInfo(MapInfo("Other title", "")),
    "add source": AddSource(Source("wapo", "A third article"), index=0),
    "remove first source": RemoveSource("axios"),
    "update source": UpdateSource(Source("nyt", "Renamed", url="https://nytimes.com/")),
    "batch": Batch(
        (
            RemoveCard("why"),
            AddRelation(Relation("answer", "plan", "supports")),
            SetCollapsed("plan", True),
            SetMapInfo(MapInfo("T")),
        )
    ),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_each_edit_then_its_inverse_restores_the_map_exactly(name):
    amap = sample_map()
    before = amap.snapshot()
    inverse = amap.apply(EDITS[name])
    assert amap.snapshot() != before, "the edit should change something"
    redo = amap.apply(inverse)
    assert amap.snapshot() == before
    assert amap.card_ids() == ["plan", "risk", "letter", "answer", "why"]
    assert list(amap.sources) == ["axios", "nyt"]
    # The inverse of the inverse is the edit again: redo gives the same map as the first apply.
    after_first = amap.copy()
    after_first.apply(EDITS[name])
    amap.apply(redo)
    assert amap.snapshot() == after_first.snapshot()


def test_removing_a_middle_card_then_undoing_puts_it_back_at_the_same_index():
    amap = sample_map()
    undo = amap.apply(RemoveCard("letter"))
    assert amap.card_ids() == ["plan", "risk", "answer", "why"]
    amap.apply(undo)
    assert amap.card_ids() == ["plan", "risk", "letter", "answer", "why"]
    assert amap.has_relation("letter", "plan")


def test_removing_a_card_removes_its_relations_position_and_collapse_and_undo_brings_them_back():
    amap = sample_map()
    undo = amap.apply(RemoveCard("risk"))
    assert "risk" not in amap
    assert not amap.has_relation("risk", "plan") and not amap.has_relation("answer", "risk")
    assert "risk" not in amap.layout.positions and "risk" not in amap.layout.collapsed
    amap.apply(undo)
    assert amap.relation("answer", "risk").type == "rebuts"
    assert amap.layout.positions["risk"] == (300.0, 20.0)
    assert "risk" in amap.layout.collapsed


def test_removing_a_source_then_undoing_keeps_source_order():
    amap = sample_map()
    undo = amap.apply(RemoveSource("axios"))
    assert list(amap.sources) == ["nyt"]
    amap.apply(undo)
    assert list(amap.sources) == ["axios", "nyt"]


def test_batch_inverse_undoes_sub_edits_in_reverse_order():
    amap = sample_map()
    before = amap.snapshot()
    # The second edit depends on the first: undoing in the wrong order would fail.
    batch = Batch(
        (AddCard(Card("n1", "argument", "for", text="a")), AddRelation(Relation("n1", "plan", "supports")))
    )
    undo = amap.apply(batch)
    assert isinstance(undo, Batch) and isinstance(undo.edits[0], RemoveRelation)
    amap.apply(undo)
    assert amap.snapshot() == before


def test_many_scattered_cards_removed_in_one_batch_come_back_in_their_saved_order():
    amap = generate_map(400, seed=5)
    before, order = amap.snapshot(), amap.card_ids()
    # Every third card, in an order of its own, so each removal's index differs from its saved one.
    victims = order[::3][::-1] + order[1::7]
    undo = amap.apply(remove_cards(amap, dict.fromkeys(victims)))
    gone = set(victims)
    assert amap.card_ids() == [cid for cid in order if cid not in gone]
    amap.apply(undo)
    assert amap.card_ids() == order and amap.snapshot() == before
    assert list(amap.graph) == order  # the graph itself is in saved order again, not only card_ids


def test_observers_hear_of_a_batch_only_when_it_is_complete():
    amap = sample_map()
    order = amap.card_ids()
    undo = amap.apply(remove_cards(amap, ["why", "plan", "letter"]))
    orders = []
    amap.subscribe(lambda change: orders.append(amap.card_ids()) if change.what == "card-added" else None)
    amap.apply(undo)
    # Three cards go back, one at a time; every notice sees the map with all three back in place.
    assert orders == [order, order, order]
    assert [card.id for card in amap.cards()] == amap.card_ids()


def test_a_batch_tells_observers_when_it_ends_and_a_single_edit_does_not():
    amap = sample_map()
    seen = recording(amap)
    states = []
    amap.subscribe(lambda change: states.append((change.what, amap.batching)))
    amap.apply(Batch((Batch((RemoveCard("why"),)), SetCollapsed("plan", True))))
    assert [c.what for c in seen] == ["relation-removed", "card-removed", "collapsed-changed", "batch-ended"]
    assert states[-1] == ("batch-ended", False) and all(batching for _, batching in states[:-1])
    seen.clear()
    amap.apply(RemoveCard("letter"))
    assert "batch-ended" not in [c.what for c in seen]


# -- observers --------------------------------------------------------------------------------------


def test_removing_a_card_tells_observers_once_per_relation_and_once_for_the_card():
    amap = sample_map()
    seen = recording(amap)
    amap.apply(RemoveCard("plan"))
    removed_relations = sorted(c.key for c in seen if c.what == "relation-removed")
    assert removed_relations == [("letter", "plan"), ("risk", "plan"), ("why", "plan")]
    assert [c for c in seen if c.what == "card-removed"] == [Change("card-removed", "plan")]
    assert len(seen) == 4


def test_adding_a_card_with_relations_tells_observers_of_the_card_then_each_relation():
    amap = sample_map()
    seen = recording(amap)
    amap.apply(EDITS["add card with relations at index"])
    assert seen == [
        Change("card-added", "new"),
        Change("relation-added", ("new", "plan")),
        Change("relation-added", ("why", "new")),
    ]


@pytest.mark.parametrize(
    "edit, expected",
    [
        (UpdateCard(Card("plan", "position", "for", text="x")), [Change("card-changed", "plan")]),
        (AddRelation(Relation("answer", "plan", "supports")), [Change("relation-added", ("answer", "plan"))]),
        (RemoveRelation("risk", "plan"), [Change("relation-removed", ("risk", "plan"))]),
        (UpdateRelation(Relation("why", "plan", "rebuts")), [Change("relation-changed", ("why", "plan"))]),
        (
            SetPositions((("plan", (0.0, 0.0)), ("why", (1.0, 1.0)))),
            [Change("position-changed", "plan"), Change("position-changed", "why")],
        ),
        (SetCollapsed("plan", True), [Change("collapsed-changed", "plan")]),
        (SetMapInfo(MapInfo("x")), [Change("info-changed")]),
        (AddSource(Source("s", "t")), [Change("sources-changed", "s")]),
        (RemoveSource("nyt"), [Change("sources-changed", "nyt")]),
        (UpdateSource(Source("nyt", "t")), [Change("sources-changed", "nyt")]),
    ],
)
def test_each_edit_sends_one_change_per_card_or_relation_touched(edit, expected):
    amap = sample_map()
    seen = recording(amap)
    amap.apply(edit)
    assert seen == expected


def test_unsubscribed_observer_hears_nothing():
    amap = sample_map()
    seen = recording(amap)
    amap.unsubscribe(seen.append)
    amap.apply(SetCollapsed("plan", True))
    assert seen == []


# -- invalid edits ------------------------------------------------------------------------------------


INVALID = {
    "duplicate card id": AddCard(Card("plan", "argument", "for", text="x")),
    "relation to a missing card": AddCard(
        Card("n", "argument", "for"), (Relation("n", "ghost", "supports"),)
    ),
    "relation not touching the card": AddCard(
        Card("n", "argument", "for"), (Relation("why", "plan", "rebuts"),)
    ),
    "added card relates to itself": AddCard(Card("n", "argument", "for"), (Relation("n", "n", "supports"),)),
    "added card with unknown relation type": AddCard(
        Card("n", "argument", "for"), (Relation("n", "plan", "attacks"),)
    ),  # type: ignore
    "added card related twice to one card": AddCard(
        Card("n", "argument", "for"), (Relation("n", "plan", "supports"), Relation("plan", "n", "rebuts"))
    ),
    "added card with unknown kind": AddCard(Card("n", "claim", "for")),  # type: ignore[arg-type]
    "added card with unknown side": AddCard(Card("n", "argument", "aff")),  # type: ignore[arg-type]
    "added card at an infinite position": AddCard(Card("n", "argument", "for"), position=(float("inf"), 0)),
    "remove a missing card": RemoveCard("ghost"),
    "update a missing card": UpdateCard(Card("ghost", "argument", "for")),
    "update a card to an unknown kind": UpdateCard(Card("plan", "claim", "for")),  # type: ignore[arg-type]
    "relation to itself": AddRelation(Relation("plan", "plan", "supports")),
    "relation to a missing card ": AddRelation(Relation("plan", "ghost", "supports")),
    "second relation between two cards": AddRelation(Relation("risk", "plan", "supports")),
    "reverse support between two related cards": AddRelation(Relation("plan", "risk", "supports")),
    "a rebuttal made a support while it is rebutted back": UpdateRelation(
        Relation("risk", "answer", "supports")
    ),
    "unknown relation type": AddRelation(Relation("answer", "plan", "attacks")),  # type: ignore[arg-type]
    "remove a missing relation": RemoveRelation("plan", "why"),
    "update a missing relation": UpdateRelation(Relation("plan", "why", "rebuts")),
    "update to an unknown type": UpdateRelation(Relation("why", "plan", "attacks")),  # type: ignore
    "position of a missing card": SetPositions((("plan", (1.0, 1.0)), ("ghost", (0.0, 0.0)))),
    "infinite position after a good one": SetPositions((("plan", (1.0, 1.0)), ("why", (float("inf"), 0.0)))),
    "NaN position": SetPositions((("why", (float("nan"), 0.0)),)),
    "collapse a missing card": SetCollapsed("ghost", True),
    "duplicate source": AddSource(Source("axios", "again")),
    "remove a missing source": RemoveSource("ghost"),
    "update a missing source": UpdateSource(Source("ghost", "t")),
    "batch failing at its last step": Batch(
        (
            RemoveCard("letter"),
            SetPositions((("plan", (99.0, 99.0)),)),
            SetMapInfo(MapInfo("changed")),
            AddSource(Source("new", "t")),
            AddRelation(Relation("why", "ghost", "rebuts")),
        )
    ),
}


@pytest.mark.parametrize("name", list(INVALID))
def test_an_invalid_edit_raises_map_error_and_leaves_the_map_unchanged(name):
    amap = sample_map()
    before = amap.snapshot()
    order = amap.card_ids()
    with pytest.raises(MapError):
        amap.apply(INVALID[name])
    assert amap.snapshot() == before
    assert amap.card_ids() == order


def test_a_rolled_back_batch_announces_nothing():
    amap = sample_map()
    seen = recording(amap)
    with pytest.raises(MapError):
        amap.apply(INVALID["batch failing at its last step"])
    # The map is as it was, and observers hear of an edit only when it is complete: nothing to hear.
    assert seen == []


# -- reading helpers ------------------------------------------------------------------------------------


def test_reading_helpers_answer_in_the_debates_words():
    amap = sample_map()
    assert sorted(amap.answers_to("plan")) == ["letter", "risk", "why"]
    assert amap.answered_by("answer") == ["risk"]
    assert amap.subtree("plan") == {"risk", "letter", "answer", "why"}
    assert amap.card("letter").headline == "Ukraine asked"
    assert amap.new_id("plan") == "plan-2"
    assert amap.new_id("fresh") == "fresh"
    with pytest.raises(MapError):
        amap.card("ghost")
    with pytest.raises(MapError):
        amap.relation("plan", "risk")  # the relation runs risk -> plan


def test_copy_is_independent_of_the_original():
    amap = sample_map()
    other = amap.copy()
    other.apply(RemoveCard("plan"))
    other.apply(SetPositions((("why", (1.0, 1.0)),)))
    assert "plan" in amap and "why" not in amap.layout.positions


def test_positions_are_rounded_to_whole_pixels_and_undo_restores_the_rounded_value():
    amap = sample_map()
    amap.apply(SetPositions((("why", (3.4, 4.6)),)))
    assert amap.layout.positions["why"] == (3.0, 5.0)


def test_summaries_name_the_edit_for_the_edit_menu():
    amap = sample_map()
    assert summarize(remove_cards(amap, ["plan", "why", "ghost"])) == "Delete 2 cards"
    assert summarize(remove_cards(amap, ["plan"])) == "Delete card"
    assert summarize(AddRelation(Relation("a", "b", "rebuts"))) == "Connect cards"
    assert with_fields(amap.card("plan"), text="new").text == "new"
