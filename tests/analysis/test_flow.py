"""The flow: sheets, columns per speech, answers on the row of what they answer, dropped arguments."""

from __future__ import annotations

import pytest

from argmap.edits import UpdateCard
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
    flow_round,
    preset,
    speech_in_progress,
)
from argmap.model import with_fields

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
        kinds={"ev": "evidence", "plan": "position", "da": "position", "t": "position"},
    )


def cells(sheet):
    return {c: (cell.row, sheet.columns[cell.column].name) for c, cell in sheet.cells.items()}


def test_each_position_is_a_sheet_in_the_order_the_round_reaches_it():
    flow = flow_round(round_map(), POLICY)
    assert [s.root for s in flow.sheets] == ["plan", "da", "t"]
    assert [s.side for s in flow.sheets] == ["for", "against", "against"]
    assert set(flow.sheets[1].cells) == {"da", "no-link", "link-ext", "no-link-ans", "da-2nr"}
    assert cells(flow.sheets[2]) == {"t": (0, "1NC"), "perm": (0, "2AC"), "t-ext": (0, "2NC/1NR")}
    assert flow.sheet_of["ev"] == 0 and flow.sheet_of["da-2nr"] == 1


def test_a_block_of_answers_is_numbered_and_the_next_argument_starts_below_it():
    amap = build(
        "plan:f adv1:f adv2:f a1:a a2:a a3:a b1:f",
        "adv1+plan adv2+plan a1>adv1 a2>adv1 a3>adv2 b1>a2",
        speeches={"plan": "1AC", "adv1": "1AC", "adv2": "1AC", "a1": "1NC", "a2": "1NC", "a3": "1NC"}
        | {"b1": "2AC"},
        kinds={"plan": "position"},
    )
    sheet = flow_round(amap, POLICY).sheets[0]
    assert cells(sheet) == {
        "plan": (0, "1AC"),
        "adv1": (1, "1AC"),
        "adv2": (3, "1AC"),  # below the two rows the block against adv1 takes
        "a1": (1, "1NC"),
        "a2": (2, "1NC"),
        "a3": (3, "1NC"),
        "b1": (2, "2AC"),  # on the row of the answer it answers
    }
    assert [sheet.cells[c].number for c in ("a1", "a2", "a3", "b1")] == [1, 2, 0, 0]


def test_an_answer_to_the_top_card_sits_on_its_row_not_below_its_supports():
    amap = build(
        "plan:f adv:f ev:f inh:a",
        "adv+plan ev+adv inh>plan",
        speeches={"plan": "1AC", "adv": "1AC", "ev": "1AC", "inh": "1NC"},
        kinds={"plan": "position", "ev": "evidence"},
    )
    sheet = flow_round(amap, POLICY).sheets[0]
    assert sheet.cells["inh"].row == sheet.cells["plan"].row == 0
    assert sheet.cells["adv"].row == 1 and sheet.cells["ev"].row == 2


def test_rows_never_overlap_and_answers_never_rise_above_what_they_answer():
    flow = flow_round(round_map(), POLICY)
    for sheet in flow.sheets + [flow.whole]:
        for i in range(len(sheet.columns)):
            rows = [c.row for c in sheet.column(i)]
            assert len(rows) == len(set(rows))
        for cell in sheet.cells.values():
            if cell.across_from and cell.across_from in sheet.cells:
                assert cell.row >= sheet.cells[cell.across_from].row


def test_the_whole_round_stacks_the_sheets_under_headings():
    flow = flow_round(round_map(), POLICY)
    whole = flow.whole
    assert sorted(whole.headings.values()) == [0, 1, 2]
    assert set(whole.cells) == set(round_map().card_ids())
    first, end = whole.bands[1]
    assert whole.cells["da"].row == first and whole.cells["da-2nr"].row < end


def test_policy_dropped_arguments_follow_the_opponents_next_speech():
    drops = {d.card_id: d for d in dropped(round_map(), POLICY)}
    # the plan is answered by the positions against it; the advantage and t-ext by nobody
    assert set(drops) == {"adv", "t-ext", "da-2nr"}
    assert drops["t-ext"] == Drop("t-ext", 3, 4, False)  # the 1AR said nothing about the 1NR's answer
    assert drops["da-2nr"] == Drop("da-2nr", 5, 6, False)


def test_nothing_is_dropped_before_the_opponents_speech_has_passed():
    amap = round_map()
    assert dropped(amap, POLICY, "1NC") == []  # the 1NC is in progress: the 1AC is not dropped yet
    assert [d.card_id for d in dropped(amap, POLICY, "2AC")] == ["adv"]  # the 1NC has passed
    assert speech_in_progress(amap, POLICY) == 5  # the latest card is in the 2NR
    assert {d.card_id for d in dropped(amap, POLICY, speech_in_progress(amap, POLICY))} == {"adv", "t-ext"}


def test_a_rebuttal_answers_only_what_it_targets():
    amap = build(
        "plan:f adv1:f adv2:f ev:f ev2:f top:a indict:a",
        "adv1+plan adv2+plan ev+adv1 ev2+adv2 top>plan indict>ev",
        speeches={c: "1AC" for c in ("plan", "adv1", "adv2", "ev", "ev2")} | {"top": "1NC", "indict": "1NC"},
        kinds={"plan": "position", "ev": "evidence", "ev2": "evidence"},
    )
    ids = {d.card_id for d in dropped(amap, POLICY)}
    assert "plan" not in ids  # rebutted at the top
    assert "adv1" not in ids  # indicting its card answers the claim the card was read for
    assert "adv2" in ids  # rebutting the plan does not answer the advantage under it
    assert not {"ev", "ev2"} & ids  # evidence stands or falls with its claim, never listed apart


def test_taking_out_a_link_answers_the_disadvantage_it_holds_up():
    amap = build(
        "plan:f da:a link:a impact:a no-link:f",
        "da>plan link+da impact+da no-link>link",
        speeches={"plan": "1AC", "da": "1NC", "link": "1NC", "impact": "1NC", "no-link": "2AC"},
        kinds={"plan": "position", "da": "position"},
    )
    ids = {d.card_id for d in dropped(amap, POLICY)}
    assert "da" not in ids  # the 2AC answered it through its link
    assert "impact" in ids  # but not the impact: conceded


def test_an_argument_answered_only_later_is_still_dropped():
    amap = build(
        "plan:f t:a perm:f late:a",
        "t>plan perm>t late>perm",
        speeches={"plan": "1AC", "t": "1NC", "perm": "2AC", "late": "2NR"},
    )
    assert Drop("perm", 2, 3, False) in dropped(amap, POLICY)


def test_card_extended_is_read_from_the_card_and_never_pushes_an_answer_down():
    amap = build(
        "plan:f t:a perm:f a:a",
        "t>plan perm>t a>plan",
        speeches={"plan": "1AC", "t": "1NC", "perm": "2AC", "a": "1NC"},
        kinds={"plan": "position"},
    )
    amap.apply(UpdateCard(with_fields(amap.card("perm"), extended=("1AR", "2AR"))))
    amap.apply(UpdateCard(with_fields(amap.card("plan"), extended=("2AC",))))
    flow = flow_round(amap, POLICY)
    sheet = flow.sheets[0]
    marks = [(m.card_id, sheet.columns[m.column].name, m.row) for m in sheet.extensions]
    assert ("perm", "1AR", sheet.cells["perm"].row) in marks and (
        "perm",
        "2AR",
        sheet.cells["perm"].row,
    ) in marks
    assert sheet.cells["a"].row == 1  # the plan's extension mark took no row of the 1NC's answers
    assert [d for d in flow.drops if d.card_id == "perm"] == [
        Drop("perm", 2, 3, True),
        Drop("perm", 4, 5, True),
    ]


def test_cards_without_a_speech_are_placed_where_their_answers_come():
    amap = build("plan:f da:a answer:f ev:f", "da>plan answer>da ev+answer")
    sheet = flow_round(amap, POLICY).sheets[0]
    names = {c: sheet.columns[cell.column].name for c, cell in sheet.cells.items()}
    assert names == {"plan": "1AC", "da": "1NC", "answer": "2AC", "ev": "2AC"}
    assert all(cell.inferred for cell in sheet.cells.values())


def test_two_positions_that_rebut_each_other_share_a_sheet_the_later_answering_the_earlier():
    amap = build("ac:f nc:a", "nc>ac ac>nc", speeches={"ac": "AC", "nc": "NC"})
    flow = flow_round(amap, LINCOLN_DOUGLAS)
    assert [s.root for s in flow.sheets] == ["ac"]
    assert flow.sheets[0].cells["nc"].across_from == "ac"
    # the AC's rebuttal of the NC came before the NC was read: the 1AR still had to answer it
    assert [d.card_id for d in flow.drops] == ["nc"]


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
    assert sum(t.minutes for t in POLICY.times) == 8 * 4 + 3 * 4 + 5 * 4 and POLICY.prep_minutes == 8
    assert [t.name for t in PUBLIC_FORUM_PRO_FIRST.times][:3] == [
        "Pro Constructive",
        "Con Constructive",
        "Crossfire",
    ]


def test_columns_are_editable():
    custom = POLICY.with_columns([c for c in POLICY.columns if c.name != "2NR"] + [Column("3AR", "for")])
    assert [c.name for c in custom.columns][-2:] == ["2AR", "3AR"]
    assert custom.opponents_next("for", 4) is None  # no negative speech after the 1AR any more


def test_bad_presets_and_speeches_are_refused():
    with pytest.raises(FlowError, match="no flow preset"):
        preset("british-parliamentary")
    with pytest.raises(FlowError, match="no columns"):
        POLICY.with_columns([])
    with pytest.raises(FlowError, match="no speech"):
        flow_round(build("plan:f"), POLICY, "3NR")


def test_cycles_of_rebuttals_still_lay_out_every_card():
    amap = build("a:f b:a c:f", "a>b b>c c>a")
    flow = flow_round(amap, POLICY)
    assert set(flow.whole.cells) == {"a", "b", "c"}


def test_evidence_sits_right_under_its_tag_and_the_answers_stay_on_the_tags_row():
    amap = build(
        "plan:f adv:f ev1:f ev2:f a1:a a2:a a3:a",
        "adv+plan ev1+adv ev2+adv a1>adv a2>adv a3>adv",
        speeches={
            "plan": "1AC",
            "adv": "1AC",
            "ev1": "1AC",
            "ev2": "1AC",
            "a1": "1NC",
            "a2": "1NC",
            "a3": "1NC",
        },
        kinds={"plan": "position", "ev1": "evidence", "ev2": "evidence"},
    )
    cells = flow_round(amap, POLICY).sheets[0].cells
    assert [cells[c].row for c in ("adv", "ev1", "ev2")] == [1, 2, 3]
    assert [cells[c].row for c in ("a1", "a2", "a3")] == [1, 2, 3]


def test_a_chain_of_thousands_of_answers_lays_out_without_recursion():
    from argmap.model import ArgumentMap, Card, Relation

    amap = ArgumentMap()
    for i in range(1500):  # deeper than Python's recursion limit
        amap.insert_card(Card(f"c{i}", "argument", "for" if i % 2 == 0 else "against", text=f"c{i}"))
        if i:
            amap.insert_relation(Relation(f"c{i}", f"c{i - 1}", "rebuts"))
    flow = flow_round(amap, POLICY)
    assert len(flow.whole.cells) == 1500 and len(flow.sheets) == 1


def test_the_case_sheet_points_to_the_sheets_of_the_positions_answering_it_without_taking_a_row():
    flow = flow_round(round_map(), POLICY)
    case = flow.sheets[0]
    assert [(r.card_id, r.row, r.column, r.refers_to) for r in case.references] == [
        ("plan", 0, 1, ("da", "t"))
    ]
    assert case.rows == 3  # plan, adv, ev: the pointer sits beside the plan
    whole = flow.whole
    assert [(r.row, r.column) for r in whole.references] == [(case.cells["plan"].row + 1, 1)]
