"""The flow sheet: columns per speech, answers across from what they answer, dropped arguments."""

from __future__ import annotations

import pytest

from argmap.flow import (
    LINCOLN_DOUGLAS,
    POLICY,
    PRESETS,
    PUBLIC_FORUM_CON_FIRST,
    PUBLIC_FORUM_PRO_FIRST,
    Column,
    Drop,
    FlowError,
    dropped,
    flow_sheet,
    preset,
)

from .maps import build

SPEECHES = {
    "plan": "1AC",
    "adv": "1AC",
    "ev": "1AC",
    "da": "1NC",
    "t": "1NC",
    "no-link": "2AC",
    "perm": "2AC",
    "link-ext": "2NC",
    "t-ext": "1NR",
    "no-link-ans": "1AR",
    "da-2nr": "2NR",
}


def round_map():
    return build(
        "plan:f adv:f ev:f da:a t:a no-link:f perm:f link-ext:a t-ext:a no-link-ans:f da-2nr:a",
        "adv+plan ev+adv da>plan t>plan no-link>da perm>t link-ext>no-link t-ext>perm "
        "no-link-ans>link-ext da-2nr>no-link-ans",
        speeches=SPEECHES,
        kinds={"ev": "evidence"},
    )


def test_each_card_sits_in_the_column_of_its_speech():
    sheet = flow_sheet(round_map(), POLICY)
    names = {c: sheet.columns[cell.column].name for c, cell in sheet.cells.items()}
    assert names == {
        "plan": "1AC",
        "adv": "1AC",
        "ev": "1AC",
        "da": "1NC",
        "t": "1NC",
        "no-link": "2AC",
        "perm": "2AC",
        "link-ext": "2NC/1NR",
        "t-ext": "2NC/1NR",
        "no-link-ans": "1AR",
        "da-2nr": "2NR",
    }
    assert not any(cell.inferred for cell in sheet.cells.values())
    assert sheet.cells["ev"].evidence and not sheet.cells["adv"].evidence


def test_answers_sit_across_from_what_they_answer_and_rows_never_overlap():
    sheet = flow_sheet(round_map(), POLICY)
    cells = sheet.cells
    assert cells["da"].row == cells["plan"].row  # the first answer is level with the plan
    assert cells["no-link"].row == cells["da"].row and cells["link-ext"].row == cells["no-link"].row
    assert cells["perm"].row == cells["t"].row and cells["t-ext"].row == cells["perm"].row
    for cell in cells.values():
        if cell.across_from:
            assert cell.row >= cells[cell.across_from].row
    for i in range(len(sheet.columns)):
        rows = [c.row for c in sheet.column(i)]
        assert len(rows) == len(set(rows))


def test_supporting_evidence_goes_below_its_claim_in_the_same_column():
    sheet = flow_sheet(round_map(), POLICY)
    assert sheet.cells["adv"].column == sheet.cells["ev"].column == 0
    assert sheet.cells["plan"].row < sheet.cells["adv"].row < sheet.cells["ev"].row


def test_policy_dropped_arguments_follow_the_opponents_next_speech():
    amap = round_map()
    drops = {d.card_id: d for d in dropped(amap, POLICY)}
    # every other card was answered in the opponent's next speech; the 2AR, last, can drop nothing
    assert set(drops) == {"t-ext", "da-2nr"}
    assert drops["t-ext"] == Drop("t-ext", 3, 4, False)  # the 1NR's answer to the perm: the 1AR said nothing
    assert drops["da-2nr"] == Drop("da-2nr", 5, 6, False)


def test_an_answer_in_either_half_of_the_block_covers_a_2ac_argument():
    amap = round_map()
    assert "perm" not in {d.card_id for d in dropped(amap, POLICY)}  # answered in the 1NR
    assert "no-link" not in {d.card_id for d in dropped(amap, POLICY)}  # answered in the 2NC


def test_an_argument_answered_only_later_is_still_dropped():
    amap = build(
        "plan:f t:a perm:f late:a",
        "t>plan perm>t late>perm",
        speeches={"plan": "1AC", "t": "1NC", "perm": "2AC", "late": "2NR"},
    )
    drops = dropped(amap, POLICY)
    assert Drop("perm", 2, 3, False) in drops  # the block said nothing; the 2NR's answer comes too late


def test_indicting_the_evidence_answers_the_claim_it_holds_up_and_the_other_way_round():
    amap = build(
        "plan:f claim:f ev:f ev2:f indict:a",
        "claim+plan ev+claim ev2+claim indict>ev",
        speeches={"plan": "1AC", "claim": "1AC", "ev": "1AC", "ev2": "1AC", "indict": "1NC"},
    )
    ids = {d.card_id for d in dropped(amap, POLICY)}
    # the claim and the plan rest on ev, so they are answered; ev2 was not touched: dropped
    assert "claim" not in ids and "ev" not in ids and "plan" not in ids
    assert "ev2" in ids and "indict" in ids  # and the 2AC never answered the indictment


def test_an_extended_drop_is_flagged_and_the_extension_must_be_answered_again():
    amap = build("plan:f t:a perm:f", "t>plan perm>t", speeches={"plan": "1AC", "t": "1NC", "perm": "2AC"})
    sheet = flow_sheet(amap, POLICY, extended={"perm": ["1AR", "2AR"]})
    assert [(m.card_id, sheet.columns[m.column].name) for m in sheet.extensions] == [
        ("perm", "1AR"),
        ("perm", "2AR"),
    ]
    assert all(m.row == sheet.cells["perm"].row for m in sheet.extensions)
    drops = [d for d in sheet.drops if d.card_id == "perm"]
    assert drops == [Drop("perm", 2, 3, True), Drop("perm", 4, 5, True)]


def test_cards_without_a_speech_are_placed_where_their_answers_come():
    amap = build("plan:f da:a answer:f ev:f", "da>plan answer>da ev+answer")
    sheet = flow_sheet(amap, POLICY)
    names = {c: sheet.columns[cell.column].name for c, cell in sheet.cells.items()}
    assert names == {"plan": "1AC", "da": "1NC", "answer": "2AC", "ev": "2AC"}
    assert all(cell.inferred for cell in sheet.cells.values())


def test_lincoln_douglas_and_public_forum_presets():
    assert [c.name for c in LINCOLN_DOUGLAS.columns] == ["AC", "NC", "1AR", "NR", "2AR"]
    assert [c.name for c in PUBLIC_FORUM_PRO_FIRST.columns] == [
        "Pro Constructive",
        "Con Constructive",
        "Pro Rebuttal",
        "Con Rebuttal",
        "Pro Summary",
        "Con Summary",
        "Pro Final Focus",
        "Con Final Focus",
    ]
    assert PUBLIC_FORUM_CON_FIRST.columns[0].name == "Con Constructive"
    assert PUBLIC_FORUM_CON_FIRST.column_of("team a constructive") == 0
    amap = build("case:f nc:a", "nc>case", speeches={"case": "AC", "nc": "NC"})
    assert [d.card_id for d in dropped(amap, LINCOLN_DOUGLAS)] == ["nc"]  # the 1AR never answered the NC
    assert set(PRESETS) == {"policy", "ld", "pf-pro-first", "pf-con-first"}


def test_columns_are_editable():
    custom = POLICY.with_columns([c for c in POLICY.columns if c.name != "2NR"] + [Column("3AR", "for")])
    assert [c.name for c in custom.columns][-2:] == ["2AR", "3AR"]
    assert custom.opponents_next("for", 4) is None  # no negative speech after the 1AR any more


def test_bad_presets_and_extensions_are_refused():
    with pytest.raises(FlowError, match="no flow preset"):
        preset("british-parliamentary")
    with pytest.raises(FlowError, match="no columns"):
        POLICY.with_columns([])
    amap = build("plan:f")
    with pytest.raises(FlowError, match="no such speech"):
        flow_sheet(amap, POLICY, extended={"plan": ["3NR"]})
