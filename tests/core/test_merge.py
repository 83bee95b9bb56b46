"""argmap merge: partners' changes to different cards or fields merge; the same field changed both ways
is a conflict that keeps ours, records theirs and is reported until resolved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.diff import map_data
from argmap.edits import (
    AddCard,
    AddRelation,
    RemoveCard,
    RemoveRelation,
    SetCollapsed,
    SetPositions,
    UpdateCard,
    UpdateRelation,
)
from argmap.format import dumps, load, loads, save
from argmap.merge import merge_data, merge_maps
from argmap.model import Card, Conflict, Relation, with_fields
from argmap.resolve import resolve, resolve_all
from argmap.transition import edit_between

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "maps" / "ukraine-resistance.yaml"


@pytest.fixture
def base():
    return load(SHIPPED).map


def changed(amap, card_id, **fields):
    new = amap.copy()
    new.apply(UpdateCard(with_fields(new.card(card_id), **fields)))
    return new


def edit(amap, *edits):
    new = amap.copy()
    for e in edits:
        new.apply(e)
    return new


def check_clean_canonical(amap):
    """The merged map writes canonically and validates with no problem but the recorded conflicts."""
    text = dumps(amap)
    again = loads(text, "merged.yaml", SHIPPED.parent)
    assert dumps(again.map) == text
    return [p for p in again.problems if p.severity == "error"]


def test_changes_to_different_cards_merge_without_conflict(base):
    ours = changed(base, "neg-no-irregulars", text="Ours: no irregulars.")
    theirs = edit(
        changed(base, "neg-defensive-aid", tag="Theirs: defensive aid"),
        AddCard(
            Card("escalation", "rebuttal", "against", "Escalation risk."),
            (Relation("escalation", "aff-support", "rebuts"),),
        ),
    )
    result = merge_maps(base, ours, theirs)
    assert result.map.conflicts == () and result.new_conflicts == []
    assert result.map.card("neg-no-irregulars").text == "Ours: no irregulars."
    assert result.map.card("neg-defensive-aid").tag == "Theirs: defensive aid"
    assert result.map.relation("escalation", "aff-support").type == "rebuts"
    assert check_clean_canonical(result.map) == []


def test_different_fields_of_one_card_merge_without_conflict(base):
    ours = changed(base, "ukraine-asked", tag="Ours tag")
    theirs = changed(base, "ukraine-asked", notes="Theirs note", speech="2AC")
    merged = merge_maps(base, ours, theirs).map
    card = merged.card("ukraine-asked")
    assert (card.tag, card.notes, card.speech) == ("Ours tag", "Theirs note", "2AC")
    assert merged.conflicts == ()


def test_same_field_both_ways_keeps_ours_records_theirs_and_validate_reports_it(base, tmp_path):
    ours = changed(base, "ukraine-asked", text="Ours says this.")
    theirs = changed(base, "ukraine-asked", text="Theirs says that.")
    merged = merge_maps(base, ours, theirs).map
    assert merged.card("ukraine-asked").text == "Ours says this."
    assert merged.conflicts == (
        Conflict("card", "ukraine-asked", "text", "Ours says this.", "Theirs says that."),
    )
    out = tmp_path / "merged.yaml"
    save(merged, out)
    text = out.read_text(encoding="utf-8")
    assert (
        "conflicts:\n- card: ukraine-asked\n  field: text\n"
        "  ours: Ours says this.\n  theirs: Theirs says that.\n" in text
    )
    result = load(out, check_quotes=False)
    (problem,) = [p for p in result.problems if p.severity == "error"]
    assert problem.code == "conflict" and problem.card_id == "ukraine-asked"
    assert problem.line == text[: text.index("- card: ukraine-asked")].count("\n") + 1
    assert "Theirs says that." in problem.message
    assert not result.blocks_editing  # the editor opens it to resolve
    assert main(["validate", str(out)]) == 1
    fixed = resolve(merged, merged.conflicts[0], "theirs")
    assert fixed.card("ukraine-asked").text == "Theirs says that." and fixed.conflicts == ()
    assert check_clean_canonical(fixed) == []


def test_delete_against_modify_keeps_the_card_with_its_relations(base):
    related = [r.key for r in base.relations_of("danilov-request")]
    ours = edit(base, RemoveCard("danilov-request"))
    theirs = changed(base, "danilov-request", notes="Check the date.")
    merged = merge_maps(base, ours, theirs).map
    assert merged.card("danilov-request").notes == "Check the date."
    assert sorted(r.key for r in merged.relations_of("danilov-request")) == sorted(related)
    assert merged.conflicts == (Conflict("card", "danilov-request", removed_by="ours"),)
    assert [p.code for p in check_clean_canonical(merged)] == ["conflict"]
    assert "danilov-request" not in resolve(merged, merged.conflicts[0], "ours")
    assert "danilov-request" in resolve(merged, merged.conflicts[0], "theirs")


def test_a_card_one_side_removed_and_the_other_answered_is_kept(base):
    ours = edit(base, RemoveCard("danilov-letter"))
    theirs = edit(
        base,
        AddCard(
            Card("doubt", "rebuttal", "against", "The letter is unverified."),
            (Relation("doubt", "danilov-letter", "rebuts"),),
        ),
    )
    merged = merge_maps(base, ours, theirs).map
    assert merged.has_relation("doubt", "danilov-letter")
    assert merged.conflicts == (Conflict("card", "danilov-letter", removed_by="ours"),)
    removed = resolve(merged, merged.conflicts[0], "ours")
    assert "danilov-letter" not in removed and "doubt" in removed


def test_a_card_removed_on_one_side_and_untouched_on_the_other_is_removed(base):
    ours = changed(base, "ukraine-asked", tag="Ours")
    theirs = edit(base, RemoveCard("danilov-letter"))
    merged = merge_maps(base, ours, theirs).map
    assert "danilov-letter" not in merged and merged.conflicts == ()


def test_relations_merge_by_their_ends(base):
    rel = next(iter(base.relations()))
    other = "rebuts" if rel.type == "supports" else "supports"
    # One side retypes, the other adds a relation elsewhere: both kept.
    ours = edit(base, UpdateRelation(Relation(rel.source, rel.target, other)))
    theirs = edit(
        base,
        AddCard(Card("x", "argument", "for", "X")),
        AddRelation(Relation("x", "aff-support", "supports")),
    )
    merged = merge_maps(base, ours, theirs).map
    assert merged.relation(rel.source, rel.target).type == other and merged.has_relation("x", "aff-support")
    # Removed by one, retyped by the other: kept, and a conflict.
    ours = edit(base, RemoveRelation(rel.source, rel.target))
    theirs = edit(base, UpdateRelation(Relation(rel.source, rel.target, other)))
    merged = merge_maps(base, ours, theirs).map
    assert merged.relation(rel.source, rel.target).type == other
    assert merged.conflicts == (Conflict("relation", rel.key, "", None, other, "ours"),)
    # Both drew a new relation between the same two cards, in opposite directions: ours kept.
    ours = edit(
        base,
        AddCard(Card("y", "argument", "for", "Y")),
        AddRelation(Relation("y", "aff-support", "supports")),
    )
    theirs = edit(
        base, AddCard(Card("y", "argument", "for", "Y")), AddRelation(Relation("aff-support", "y", "rebuts"))
    )
    merged = merge_maps(base, ours, theirs).map
    assert merged.has_relation("y", "aff-support") and not merged.has_relation("aff-support", "y")
    assert merged.conflicts == (Conflict("relation", ("aff-support", "y"), "type", None, "rebuts"),)
    flipped = resolve(merged, merged.conflicts[0], "theirs")
    assert flipped.has_relation("aff-support", "y") and not flipped.has_relation("y", "aff-support")


def test_positions_and_collapse_state_merge_per_card(base):
    a, b = base.card_ids()[:2]
    ours = edit(base, SetPositions(((a, (10.0, 20.0)),)), SetCollapsed(a, True))
    theirs = edit(base, SetPositions(((b, (300.0, 400.0)),)))
    merged = merge_maps(base, ours, theirs).map
    assert merged.layout.positions[a] == (10.0, 20.0) and merged.layout.positions[b] == (300.0, 400.0)
    assert a in merged.layout.collapsed and merged.conflicts == ()
    theirs = edit(base, SetPositions(((a, (99.0, 99.0)),)))
    merged = merge_maps(base, ours, theirs).map
    assert merged.layout.positions[a] == (10.0, 20.0)
    assert merged.conflicts == (Conflict("card", a, "position", [10, 20], [99, 99]),)
    assert resolve(merged, merged.conflicts[0], "theirs").layout.positions[a] == (99.0, 99.0)


def test_flow_fields_and_fields_added_later_merge_generically(base):
    ours = changed(base, "aff-support", extended=("2AC",))
    theirs = changed(base, "aff-support", speech="1AC", tag="Theirs")
    card = merge_maps(base, ours, theirs).map.card("aff-support")
    assert card.extended == ("2AC",) and card.tag == "Theirs"
    # A field this code has never heard of merges the same way, and conflicts the same way.
    b, o, t = map_data(base), map_data(base), map_data(base)
    o["cards"][0]["flow_column"] = "2AC"
    t["cards"][0]["flow_column"] = "1AR"
    t["cards"][1]["flow_column"] = "1NC"
    data, conflicts = merge_data(b, o, t)
    assert data["cards"][0]["flow_column"] == "2AC" and data["cards"][1]["flow_column"] == "1NC"
    assert conflicts == [Conflict("card", o["cards"][0]["id"], "flow_column", "2AC", "1AR")]


def test_their_new_cards_take_their_place_in_the_order(base):
    ids = base.card_ids()
    theirs = edit(base, AddCard(Card("new-one", "argument", "for", "N"), index=3))
    ours = edit(base, AddCard(Card("ours-last", "argument", "for", "O")))
    merged = merge_maps(base, ours, theirs).map.card_ids()
    assert merged[:5] == ids[:3] + ["new-one", ids[3]] and merged[-1] == "ours-last"


def test_without_a_base_nothing_is_deleted_and_differences_are_choices(base):
    ours = edit(changed(base, "ukraine-asked", text="Ours."), RemoveCard("danilov-letter"))
    theirs = edit(base, AddCard(Card("t", "argument", "for", "T")))
    merged = merge_maps(None, ours, theirs).map
    assert "danilov-letter" in merged and "t" in merged
    assert merged.conflicts == (
        Conflict("card", "ukraine-asked", "text", "Ours.", base.card("ukraine-asked").text),
    )


def test_one_edit_turns_ours_into_the_merge_and_undoes_exactly(base):
    ours = changed(base, "ukraine-asked", text="Ours.")
    theirs = edit(
        changed(base, "ukraine-asked", text="Theirs."),
        RemoveCard("danilov-letter"),
        AddCard(Card("t", "argument", "for", "T"), (Relation("t", "aff-support", "supports"),)),
    )
    merged = merge_maps(base, ours, theirs).map
    final = resolve_all(merged, [(c, "theirs") for c in merged.conflicts])
    working = ours.copy()
    before = working.snapshot()
    inverse = working.apply(edit_between(ours, final))
    assert working.snapshot() == final.snapshot()
    working.apply(inverse)
    assert working.snapshot() == before


def test_cli_merge_exit_codes_and_located_conflicts(base, tmp_path, capsys):
    paths = {name: tmp_path / f"{name}.yaml" for name in ("base", "ours", "theirs", "same")}
    save(base, paths["base"])
    save(changed(base, "ukraine-asked", text="Ours."), paths["ours"])
    save(changed(base, "ukraine-asked", text="Theirs."), paths["theirs"])
    save(changed(base, "aff-support", tag="Other"), paths["same"])
    out = tmp_path / "out.yaml"
    assert main(["merge", str(paths["base"]), str(paths["ours"]), str(paths["same"]), "-o", str(out)]) == 0
    assert "merged without conflicts" in capsys.readouterr().err
    shutil.copy(SHIPPED.with_suffix(".source.txt"), tmp_path)  # quotes are checked against their source
    assert main(["validate", str(out)]) == 0
    assert main(["merge", str(paths["base"]), str(paths["ours"]), str(paths["theirs"]), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{out}:" in err and "conflict: card 'ukraine-asked', text: ours 'Ours.', theirs 'Theirs.'" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("argmap: 1\ncards: {\n", encoding="utf-8")
    before = out.read_bytes()
    assert main(["merge", str(paths["base"]), str(bad), str(paths["theirs"]), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "nothing written" in err and "Traceback" not in err
    assert out.read_bytes() == before
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert main(["merge", str(empty), str(paths["ours"]), str(paths["same"]), "-o", str(out)]) == 1
    assert "no common version" in capsys.readouterr().err
