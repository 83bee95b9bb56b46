"""Which cards a view hides: collapse, filters and focus."""

from argmap.edits import AddRelation, SetCollapsed
from argmap.model import ArgumentMap, Card, Relation
from argmap.visibility import ViewFilter, collapsed_counts, hidden_by_collapse, hidden_cards, neighbourhood


def make_map(cards, relations, collapsed=()):
    amap = ArgumentMap()
    for spec in cards:
        cid, kind, side, *rest = spec
        amap.insert_card(Card(cid, kind, side, text=f"text of {cid}", speech=rest[0] if rest else ""))
    for src, dst, typ in relations:
        amap.insert_relation(Relation(src, dst, typ))
    amap.layout.collapsed = set(collapsed)
    return amap


def debate(collapsed=()):
    #        plan
    #       /    \
    #    harm    solv            (answers of plan)
    #    /  \      \
    #  ev1  dt1    ev2
    #        |
    #       ev3
    return make_map(
        [
            ("plan", "position", "for", "1AC"),
            ("harm", "rebuttal", "against", "1NC"),
            ("solv", "argument", "for", "1AC"),
            ("ev1", "evidence", "against", "1NC"),
            ("dt1", "rebuttal", "for", "2AC"),
            ("ev2", "evidence", "for"),
            ("ev3", "evidence", "for", "2AC"),
        ],
        [
            ("harm", "plan", "rebuts"),
            ("solv", "plan", "supports"),
            ("ev1", "harm", "supports"),
            ("dt1", "harm", "rebuts"),
            ("ev2", "solv", "supports"),
            ("ev3", "dt1", "supports"),
        ],
        collapsed,
    )


def test_nothing_is_hidden_by_default():
    assert hidden_cards(debate(), ViewFilter()) == set()
    assert collapsed_counts(debate()) == {}


def test_collapsing_a_card_hides_its_whole_subtree_but_not_the_card():
    amap = debate(collapsed={"harm"})
    assert hidden_cards(amap, ViewFilter()) == {"ev1", "dt1", "ev3"}
    assert collapsed_counts(amap) == {"harm": 3}


def test_collapsing_the_position_hides_everything_under_it():
    amap = debate(collapsed={"plan"})
    assert hidden_cards(amap, ViewFilter()) == set(amap.card_ids()) - {"plan"}
    assert collapsed_counts(amap) == {"plan": 6}


def test_nested_collapse_counts_only_on_the_visible_collapsed_card():
    amap = debate(collapsed={"plan", "harm"})
    assert hidden_cards(amap) == set(amap.card_ids()) - {"plan"}
    assert collapsed_counts(amap) == {"plan": 6}  # harm is hidden itself: no badge


def test_card_answering_a_visible_card_outside_the_collapsed_subtree_stays_visible():
    amap = debate(collapsed={"harm"})
    amap.apply(AddRelation(Relation("ev1", "solv", "supports")))  # ev1 also answers solv, not collapsed
    assert hidden_cards(amap) == {"dt1", "ev3"}
    assert collapsed_counts(amap) == {"harm": 2}


def test_card_answering_two_collapsed_cards_is_hidden_and_counted_under_each():
    amap = debate(collapsed={"harm", "solv"})
    amap.apply(AddRelation(Relation("ev1", "solv", "supports")))
    assert hidden_cards(amap) == {"ev1", "dt1", "ev3", "ev2"}
    assert collapsed_counts(amap) == {"harm": 3, "solv": 2}


def test_collapse_follows_edits():
    amap = debate()
    amap.apply(SetCollapsed("dt1", True))
    assert hidden_cards(amap) == {"ev3"}
    amap.apply(SetCollapsed("dt1", False))
    assert hidden_cards(amap) == set()


def test_collapse_on_a_cycle_terminates_and_keeps_the_way_out_visible():
    # c answers the root r; a -> c, b -> a and c -> b close a cycle under c.
    amap = make_map(
        [
            ("r", "position", "for"),
            ("a", "argument", "for"),
            ("b", "argument", "for"),
            ("c", "argument", "for"),
        ],
        [("c", "r", "supports"), ("a", "c", "supports"), ("b", "a", "supports"), ("c", "b", "supports")],
        collapsed={"c"},
    )
    assert hidden_by_collapse(amap) == {"a", "b"}
    assert collapsed_counts(amap) == {"c": 2}


def test_filter_by_kind_side_and_speech():
    amap = debate()
    assert hidden_cards(amap, ViewFilter(kinds={"evidence"})) == {"plan", "harm", "solv", "dt1"}
    assert hidden_cards(amap, ViewFilter(sides={"against"})) == {"plan", "solv", "dt1", "ev2", "ev3"}
    assert hidden_cards(amap, ViewFilter(speeches={"1AC"})) == {"harm", "ev1", "dt1", "ev2", "ev3"}
    # "" stands for cards without a speech
    assert hidden_cards(amap, ViewFilter(speeches={""})) == set(amap.card_ids()) - {"ev2"}
    both = ViewFilter(kinds={"evidence", "rebuttal"}, sides={"for"})
    assert hidden_cards(amap, both) == {"plan", "harm", "solv", "ev1"}


def test_filters_and_collapse_combine():
    amap = debate(collapsed={"harm"})
    assert hidden_cards(amap, ViewFilter(sides={"for"})) == {"ev1", "dt1", "ev3", "harm"}


def test_focus_depth_counts_hops_in_either_direction():
    amap = debate()
    assert hidden_cards(amap, ViewFilter(focus="harm", focus_depth=1)) == {"solv", "ev2", "ev3"}
    assert hidden_cards(amap, ViewFilter(focus="harm", focus_depth=2)) == {"ev2"}
    assert hidden_cards(amap, ViewFilter(focus="harm", focus_depth=0)) == set(amap.card_ids()) - {"harm"}
    assert neighbourhood(amap, "ev3", 3) == {"ev3", "dt1", "harm", "plan", "ev1"}


def test_focus_on_a_missing_card_is_ignored():
    assert hidden_cards(debate(), ViewFilter(focus="gone")) == set()


def test_view_filter_is_a_comparable_value():
    assert ViewFilter(kinds={"evidence"}) == ViewFilter(kinds=["evidence"])
    assert hash(ViewFilter(sides={"for"})) == hash(ViewFilter(sides=frozenset({"for"})))
    assert ViewFilter().is_default and not ViewFilter(focus="x").is_default


def test_ten_thousand_cards_deep_in_collapsed_branches_are_all_hidden():
    # No clock here (a busy machine must not fail it); a quadratic walk would show as a suite that hangs.
    amap = ArgumentMap()
    amap.insert_card(Card("root", "position", "for", text="root"))
    for i in range(10_000):
        amap.insert_card(Card(f"c{i}", "argument", "for", text="x"))
        parent = "root" if i < 10 else f"c{i // 10 - 1}"
        amap.insert_relation(Relation(f"c{i}", parent, "supports"))
    amap.layout.collapsed = {f"c{i}" for i in range(0, 10_000, 7)} | {"root"}
    hidden = hidden_cards(amap, ViewFilter(kinds={"argument"}, focus="c5", focus_depth=3))
    counts = collapsed_counts(amap)
    assert len(hidden) == 10_001  # everything but the root is collapsed away; the root is no argument
    assert counts == {"root": 10_000}
