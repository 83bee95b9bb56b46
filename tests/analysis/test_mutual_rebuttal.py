"""Clash in the format: two cards may rebut each other, and evaluation reads that as mutual attack."""

from __future__ import annotations

import pytest

from argmap.analysis import evaluate
from argmap.edits import AddCard, AddRelation, RemoveRelation
from argmap.format import dumps, loads
from argmap.model import ArgumentMap, Card, MapError, Relation

from .maps import build


def positions() -> ArgumentMap:
    return build("aff:f neg:a", "neg>aff", kinds={"aff": "position", "neg": "position"})


def test_the_two_positions_can_rebut_each_other_and_the_edit_undoes_exactly():
    amap = positions()
    before = amap.snapshot()
    undo = amap.apply(AddRelation(Relation("aff", "neg", "rebuts")))
    assert amap.relation("aff", "neg").type == "rebuts" and amap.relation("neg", "aff").type == "rebuts"
    assert undo == RemoveRelation("aff", "neg")
    amap.apply(undo)
    assert amap.snapshot() == before


def test_only_rebuttals_run_both_ways_and_a_card_never_answers_itself():
    amap = positions()
    with pytest.raises(MapError, match="only two rebuttals"):
        amap.apply(AddRelation(Relation("aff", "neg", "supports")))
    with pytest.raises(MapError, match="cannot answer itself"):
        amap.apply(AddRelation(Relation("aff", "aff", "rebuts")))
    amap.apply(AddRelation(Relation("aff", "neg", "rebuts")))
    with pytest.raises(MapError, match="already related"):
        amap.apply(AddRelation(Relation("aff", "neg", "rebuts")))
    card = Card("third", "argument", "for", text="x")
    with pytest.raises(MapError, match="already related"):
        amap.apply(AddCard(card, (Relation("third", "aff", "supports"), Relation("aff", "third", "rebuts"))))
    amap.apply(AddCard(card, (Relation("third", "neg", "rebuts"), Relation("neg", "third", "rebuts"))))


def test_mutual_rebuttal_survives_the_file_and_the_validator():
    amap = positions()
    amap.apply(AddRelation(Relation("aff", "neg", "rebuts")))
    result = loads(dumps(amap))
    assert not result.problems
    assert result.map.has_relation("aff", "neg") and result.map.has_relation("neg", "aff")


def test_evaluation_reads_it_as_mutual_attack():
    amap = positions()
    # one-way: the unanswered counter-position knocks the case out
    assert evaluate(amap).labels == {"aff": "out", "neg": "in"}
    amap.apply(AddRelation(Relation("aff", "neg", "rebuts")))
    assert evaluate(amap).labels == {"aff": "undec", "neg": "undec"}  # grounded: neither wins outright
    preferred = evaluate(amap, "preferred")
    assert sorted(preferred.extensions) == [("aff",), ("neg",)]  # each side's view of the round
    answer = build("x:f", "")  # an answer to the counter-position settles the clash for the case
    amap.apply(AddCard(answer.card("x"), (Relation("x", "neg", "rebuts"),)))
    assert evaluate(amap).labels == {"aff": "in", "neg": "out", "x": "in"}


@pytest.mark.parametrize("name", ["argdown", "aif", "graphml"])
def test_mutual_rebuttal_survives_every_format_that_reads_back(name, tmp_path):
    from argmap.interchange import FORMATS

    fmt = FORMATS[name]
    amap = positions()
    amap.apply(AddRelation(Relation("aff", "neg", "rebuts")))
    path = tmp_path / f"clash{fmt.extensions[0]}"
    fmt.write(amap, path)
    back = fmt.read(path).map
    assert back.has_relation("aff", "neg") and back.has_relation("neg", "aff")
