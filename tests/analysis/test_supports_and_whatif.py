"""Supports as necessary premises, and what-if assumptions, on small hand-built maps."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.analysis import AnalysisError, LabelChange, TooLargeToEnumerate, diff_labels, evaluate, framework
from argmap.model import Relation

from . import brute
from .maps import build


def labels(amap, **kw):
    return evaluate(amap, **kw).labels


def test_rebutting_a_supporting_card_rejects_what_it_holds_up():
    # the link holds up the disadvantage; "no link" beats the link and with it the disadvantage
    amap = build("plan:f da:a link:a no-link:f", "da>plan link+da no-link>link")
    assert labels(amap) == {"plan": "in", "da": "out", "link": "out", "no-link": "in"}


def test_attacks_travel_down_a_chain_of_supports():
    amap = build("claim:f warrant:f evidence:f indict:a", "warrant+claim evidence+warrant indict>evidence")
    result = evaluate(amap)
    assert result.labels == {"claim": "out", "warrant": "out", "evidence": "out", "indict": "in"}
    assert result.defeaters("claim") == [("indict", "evidence")]


def test_rebutting_a_claim_leaves_its_evidence_standing():
    amap = build("claim:f evidence:f answer:a", "evidence+claim answer>claim")
    assert labels(amap) == {"claim": "out", "evidence": "in", "answer": "in"}


def test_a_supporting_card_reinstated_reinstates_what_it_supports():
    amap = build("claim:f evidence:f indict:a answer:f", "evidence+claim indict>evidence answer>indict")
    assert labels(amap) == {"claim": "in", "evidence": "in", "indict": "out", "answer": "in"}


def test_ignoring_supports_evaluates_rebuttals_alone():
    amap = build("plan:f da:a link:a no-link:f", "da>plan link+da no-link>link")
    assert labels(amap, supports="ignored") == {"plan": "out", "da": "in", "link": "out", "no-link": "in"}


def test_a_card_rebutting_what_it_depends_on_defeats_itself():
    amap = build("claim:f premise:f x:f", "premise+claim x+premise claim>x")
    fw = framework(amap)
    assert "claim" in fw.attackers["claim"]  # claim rebuts x, which it depends on (x -> premise -> claim)
    assert labels(amap)["claim"] == "undec"


def test_a_supports_cycle_shares_its_attacks():
    amap = build("a:f b:f c:f d:a", "a+b b+c c+a d>b")
    assert labels(amap) == {"a": "out", "b": "out", "c": "out", "d": "in"}


def test_preferred_semantics_with_supports_matches_hand_result():
    # r2 rebuts e1, the evidence r1 rests on, so r1 and r2 attack each other (maps forbid direct 2-cycles)
    amap = build("r1:f r2:a e1:f", "r1>r2 r2>e1 e1+r1")
    assert framework(amap).attackers["r1"] == {"r2"}
    result = evaluate(amap, semantics="preferred")
    assert result.extensions == [("r1", "e1"), ("r2",)]
    assert result.labels == {"r1": "undec", "r2": "undec", "e1": "undec"}
    assert evaluate(amap, semantics="stable").extensions == [("r1", "e1"), ("r2",)]
    assert set(evaluate(amap).labels.values()) == {"undec"}


# ---- what-if ------------------------------------------------------------------------------------


def test_supposing_a_card_refuted_rejects_it_and_reinstates_what_it_attacked():
    amap = build("plan:f da:a link:a", "da>plan link+da")
    before = evaluate(amap)
    after = evaluate(amap, assumptions={"link": "refuted"})
    assert after.labels == {"plan": "in", "da": "out", "link": "out"}
    assert diff_labels(before, after) == {
        "plan": LabelChange("out", "in"),
        "da": LabelChange("in", "out"),
        "link": LabelChange("in", "out"),
    }
    assert after.defeaters("link") == [("refuted:link", "link")]
    assert "refuted:link" not in after.labels and all("refuted:link" not in e for e in after.extensions)


def test_supposing_a_card_conceded_accepts_it_whatever_attacks_it():
    amap = build("plan:f da:a link:a no-link:f", "da>plan link+da no-link>link")
    after = evaluate(amap, assumptions={"da": "conceded"})
    assert after.labels == {"plan": "out", "da": "in", "link": "out", "no-link": "in"}
    assert diff_labels(evaluate(amap), after) == {
        "plan": LabelChange("in", "out"),
        "da": LabelChange("out", "in"),
    }


def test_conceding_one_card_of_an_even_cycle_decides_it():
    amap = build("a:f b:a c:f d:a e:f", "a>b b>c c>d d>a b>e")
    assert set(labels(amap).values()) == {"undec"}
    assert labels(amap, assumptions={"a": "conceded"}) == {
        "a": "in",
        "b": "out",
        "c": "in",
        "d": "out",
        "e": "in",
    }
    assert labels(amap, assumptions={"b": "conceded"}) == {
        "a": "out",
        "b": "in",
        "c": "out",
        "d": "in",
        "e": "out",
    }


def test_assumptions_do_not_change_the_map():
    amap = build("a:f b:a", "b>a")
    before = amap.snapshot()
    evaluate(amap, assumptions={"a": "conceded", "b": "refuted"})
    assert amap.snapshot() == before


def test_unknown_card_or_assumption_is_refused():
    amap = build("a:f")
    with pytest.raises(AnalysisError, match="no such card"):
        evaluate(amap, assumptions={"zz": "refuted"})
    with pytest.raises(AnalysisError, match="refuted or conceded"):
        evaluate(amap, assumptions={"a": "doubted"})
    with pytest.raises(AnalysisError, match="unknown semantics"):
        evaluate(amap, semantics="ideal")


def test_diff_labels_reports_cards_only_on_one_side():
    assert diff_labels({"a": "in", "b": "out"}, {"a": "in", "c": "undec"}) == {
        "c": LabelChange(None, "undec"),
        "b": LabelChange("out", None),
    }


def test_evaluation_json_has_the_documented_shape():
    amap = build("a:f b:a", "b>a")
    assert evaluate(amap).to_json() == {
        "semantics": "grounded",
        "labels": {"a": "out", "b": "in"},
        "extensions": [["b"]],
    }


def test_stable_semantics_with_no_extension_leaves_every_card_undecided():
    amap = build("a:f b:a c:f", "a>b b>c c>a")
    result = evaluate(amap, semantics="stable")
    assert result.extensions == [] and set(result.labels.values()) == {"undec"}


def test_preferred_on_a_large_undecided_map_is_refused_with_the_limit():
    ids = " ".join(f"c{i}:f" for i in range(41))
    rels = " ".join(f"c{i}>c{(i + 1) % 41}" for i in range(41))
    with pytest.raises(TooLargeToEnumerate, match="at most 40"):
        evaluate(build(ids, rels), semantics="preferred")
    assert set(evaluate(build(ids, rels)).labels.values()) == {"undec"}


relations_specs = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 5), st.sampled_from("+>")), max_size=14
)


@settings(max_examples=200, deadline=None)
@given(relations_specs)
def test_derived_attacks_match_their_definition_on_random_maps(specs):
    amap = build(" ".join(f"c{i}:f" for i in range(6)))
    for i, j, kind in specs:
        if i != j and not amap.has_relation(f"c{i}", f"c{j}") and not amap.has_relation(f"c{j}", f"c{i}"):
            amap.insert_relation(Relation(f"c{i}", f"c{j}", "supports" if kind == "+" else "rebuts"))
    supports = nx.DiGraph([r.key for r in amap.relations() if r.type == "supports"])
    supports.add_nodes_from(amap.card_ids())
    expected = {
        (r.source, c)
        for r in amap.relations()
        if r.type == "rebuts"
        for c in {r.target} | nx.descendants(supports, r.target)
    }
    fw = framework(amap)
    assert fw.attacks() == expected
    result = evaluate(amap, semantics="preferred")
    assert {frozenset(e) for e in result.extensions} == brute.preferred(fw)
    assert frozenset(evaluate(amap).extensions[0]) == brute.grounded(fw)
