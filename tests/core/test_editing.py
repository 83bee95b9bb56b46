"""The editing rules, without a display: each user edit built in the core, or refused with a reason."""

from __future__ import annotations

import pytest

from argmap import editing
from argmap.editing import NEEDS_TEXT, NOTHING, Proposal, Refusal
from argmap.model import ArgumentMap, Card, Cite, MapInfo, Relation, Source
from argmap.templates import list_templates


def debate() -> ArgumentMap:
    amap = ArgumentMap(MapInfo("Resolved"))
    amap.insert_card(Card("plan", "position", "for", text="The plan", speech="1AC"))
    amap.insert_card(Card("da", "argument", "against", text="A disadvantage", tag="DA"))
    amap.insert_card(Card("ev", "evidence", "against", quote="Quoted words", cite=Cite("s1")))
    amap.sources["s1"] = Source("s1", "A source")
    amap.insert_relation(Relation("da", "plan", "rebuts"))
    amap.insert_relation(Relation("ev", "da", "supports"))
    return amap


def applied(amap: ArgumentMap, outcome) -> Proposal:
    assert isinstance(outcome, Proposal), outcome
    before = amap.snapshot()
    inverse = amap.apply(outcome.edit)
    after = amap.snapshot()
    amap.apply(inverse)
    assert amap.snapshot() == before  # every edit built here undoes exactly
    amap.apply(outcome.edit)
    assert amap.snapshot() == after
    return outcome


def test_a_rebuttal_takes_the_other_side_and_a_support_the_same_side():
    amap = debate()
    rebuttal = applied(amap, editing.add_answer(amap, "da", "rebuts", (10.0, 20.0)))
    (new,) = rebuttal.new_ids
    assert rebuttal.label == "Add rebuttal"
    assert amap.card(new).side == "for" and amap.card(new).kind == "rebuttal"
    assert amap.relation(new, "da").type == "rebuts" and amap.layout.positions[new] == (10.0, 20.0)
    support = applied(amap, editing.add_answer(amap, "plan", "supports"))
    assert amap.card(support.new_ids[0]).side == "for" and amap.card(support.new_ids[0]).speech == "1AC"


def test_the_flow_sheet_answer_follows_the_same_rule_and_names_its_column():
    amap = debate()
    rtype = editing.answer_type(amap.card("da").side, "for")
    outcome = applied(amap, editing.add_answer(amap, "da", rtype, speech="2AC", where="2AC"))
    assert rtype == "rebuts" and outcome.label == "Add rebuttal in 2AC"
    assert amap.card(outcome.new_ids[0]).speech == "2AC"


def test_an_answer_without_a_card_to_answer_is_refused_with_a_reason():
    assert editing.add_answer(debate(), None, "rebuts") == Refusal("Select the card to answer first")


def test_a_sibling_answers_what_its_card_answers_and_can_go_right_after_it():
    amap = debate()
    outcome = applied(amap, editing.add_sibling(amap, "da", after=True, where="1NC"))
    (new,) = outcome.new_ids
    assert outcome.label == "Add card in 1NC"
    assert amap.relation(new, "plan").type == "rebuts"
    assert amap.card_ids().index(new) == amap.card_ids().index("da") + 1


@pytest.mark.parametrize(
    ("card_id", "field", "value"),
    [("plan", "text", "   "), ("ev", "quote", ""), ("da", "tag", "")],
    ids=["position without text", "evidence without quote", "tag of a card whose text is empty"],
)
def test_a_card_needs_some_text(card_id, field, value):
    amap = debate()
    if card_id == "da":
        amap.graph.add_node("da", Card("da", "argument", "against", text="", tag="DA"))
    assert editing.set_field(amap, card_id, field, value) == Refusal(NEEDS_TEXT)


def test_clearing_a_field_the_card_does_not_need_is_allowed_and_named():
    amap = debate()
    outcome = applied(amap, editing.set_field(amap, "da", "text", ""))  # the tag still says it
    assert outcome.label == "Edit text"
    assert editing.set_field(amap, "da", "text", "") == NOTHING  # unchanged: nothing to do


def test_typing_in_one_field_merges_into_one_step():
    outcome = editing.set_field(debate(), "plan", "notes", "n", merge=True)
    assert isinstance(outcome, Proposal) and outcome.merge_key == "plan:notes"


def test_evidence_made_from_an_argument_keeps_its_words_as_the_quote():
    amap = debate()
    applied(amap, editing.set_kind(amap, "da", "evidence"))
    card = amap.card("da")
    assert card.quote == "A disadvantage" and card.cite is not None and editing.has_text(card)


def test_connecting_refuses_a_card_and_itself_and_cards_already_related():
    amap = debate()
    assert editing.connect(amap, "plan", "plan", "rebuts") == Refusal(editing.ALREADY_RELATED)
    assert editing.connect(amap, "plan", "da", "supports") == Refusal(editing.ALREADY_RELATED)
    outcome = applied(amap, editing.connect(amap, "ev", "plan", "rebuts"))
    assert outcome.label == "Connect (rebuts)"


def test_retyping_toggles_without_a_type_and_needs_a_relation():
    amap = debate()
    assert applied(amap, editing.retype_relation(amap, ("da", "plan"))).label == "Change relation to supports"
    assert isinstance(editing.retype_relation(amap, None), Refusal)
    assert editing.retype_relation(amap, ("da", "plan"), "supports") == NOTHING


def test_labels_count_what_they_touch():
    amap = debate()
    assert applied(amap, editing.delete_cards(amap, ["da", "ev"])).label == "Delete 2 cards"
    amap = debate()
    assert applied(amap, editing.delete_cards(amap, ["ev"], verb="Cut")).label == "Cut card"
    assert isinstance(editing.delete_cards(amap, []), Refusal)
    assert editing.move_cards({"plan": (1.0, 2.0)}).label == "Move card"  # type: ignore[union-attr]
    assert editing.counted("Paste", 3) == "Paste 3 cards"


def test_collapsing_needs_a_card_with_answers():
    amap = debate()
    assert isinstance(editing.toggle_collapsed(amap, ["ev"]), Refusal)
    assert applied(amap, editing.toggle_collapsed(amap, ["plan"])).label == "Collapse"
    assert applied(amap, editing.toggle_collapsed(amap, ["plan"])).label == "Expand"


def test_a_map_keeps_a_title():
    amap = debate()
    assert isinstance(editing.set_map_field(amap, "title", " "), Refusal)
    assert applied(amap, editing.set_map_field(amap, "title", "New")).label == "Edit map title"


def test_a_rebutting_template_takes_the_other_side_of_its_parent():
    amap = debate()
    template = next(t for t in list_templates()[0] if t.attach == "rebuts")
    outcome = applied(amap, editing.insert_template(amap, template, "plan"))
    assert outcome.label == f"Insert {template.name}"
    assert amap.card(outcome.new_ids[0]).side == "against"
