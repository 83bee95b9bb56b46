"""The overlay's words: why a card stands or falls, naming cards by their tags."""

from argmap.analysis import evaluate
from argmap.explain import explain
from argmap.model import ArgumentMap, Card, Relation


def small_round() -> ArgumentMap:
    amap = ArgumentMap()
    for cid, kind, side, tag in (
        ("plan", "position", "for", "Fund the resistance"),
        ("asked", "argument", "for", "Ukraine asked for it"),
        ("unconfirmed", "rebuttal", "against", "The request was never confirmed"),
        ("letter", "rebuttal", "for", "The letter is genuine"),
        ("spin", "rebuttal", "against", "Spin A"),
        ("spun", "rebuttal", "for", "Spin B"),
        ("spot", "rebuttal", "against", "Spin C"),
    ):
        amap.insert_card(Card(cid, kind, side, text=tag, tag=tag))
    for src, dst, rtype in (
        ("asked", "plan", "supports"),
        ("unconfirmed", "asked", "rebuts"),
        ("spin", "spun", "rebuts"),
        ("spun", "spot", "rebuts"),
        ("spot", "spin", "rebuts"),
    ):
        amap.insert_relation(Relation(src, dst, rtype))
    return amap


def test_a_rebutted_card_falls_naming_the_rebuttal_and_why_it_stands():
    amap = small_round()
    ev = evaluate(amap)
    assert explain(amap, ev, "asked") == (
        "\u201cUkraine asked for it\u201d falls: \u201cThe request was never confirmed\u201d rebuts it "
        "and stands, because nothing rebuts it."
    )


def test_a_card_resting_on_a_fallen_card_names_the_card_it_rests_on():
    amap = small_round()
    text = explain(amap, evaluate(amap), "plan")
    assert text.startswith(
        "\u201cFund the resistance\u201d falls: it rests on \u201cUkraine asked for it\u201d"
    )
    assert "\u201cThe request was never confirmed\u201d rebuts" in text


def test_an_answered_rebuttal_falls_and_what_it_rebutted_stands_again():
    amap = small_round()
    amap.insert_relation(Relation("letter", "unconfirmed", "rebuts"))
    ev = evaluate(amap)
    assert explain(amap, ev, "asked") == (
        "\u201cUkraine asked for it\u201d stands: its one rebuttal, "
        "\u201cThe request was never confirmed\u201d, falls."
    )
    assert explain(amap, ev, "letter").endswith("stands: nothing rebuts it.")


def test_rebuttals_in_a_circle_are_undecided_and_say_so():
    amap = small_round()
    assert "undecided" in explain(amap, evaluate(amap), "spin")
    assert "circle" in explain(amap, evaluate(amap), "spin")


def test_a_supposition_is_named_as_a_what_if():
    amap = small_round()
    ev = evaluate(amap, assumptions={"letter": "refuted"})
    assert explain(amap, ev, "letter").endswith("falls: it is supposed refuted (what-if).")
