"""argmap diff: what changed between two versions of a map, in cards, relations, sources and layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.diff import diff_data, diff_maps, map_data, show_word_diff, word_diff
from argmap.edits import (
    AddCard,
    RemoveCard,
    SetMapInfo,
    SetPositions,
    UpdateCard,
    UpdateRelation,
    UpdateSource,
)
from argmap.format import load, save
from argmap.model import Card, Relation, with_fields

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "maps" / "ukraine-resistance.yaml"


@pytest.fixture
def shipped():
    return load(SHIPPED).map


def edited(amap):
    """The shipped map with one of every kind of change a partner makes."""
    new = amap.copy()
    card = new.card("neg-no-irregulars")
    new.apply(UpdateCard(with_fields(card, text=card.text.replace("fund, train or arm", "finance or arm"))))
    new.apply(UpdateCard(with_fields(new.card("ukraine-asked"), speech="2AC")))
    new.apply(AddCard(Card("escalation", "rebuttal", "against", "Arming partisans invites escalation.")))
    new.apply(UpdateRelation(Relation("training-not-troops", "new-threshold", "supports")))
    new.apply(RemoveCard("danilov-letter"))
    source = next(iter(new.sources.values()))
    new.apply(UpdateSource(with_fields(source, title="A new title")))
    new.apply(SetPositions((("aff-support", (900.0, 40.0)),)))
    new.apply(SetMapInfo(with_fields(new.info, title="Fund a Ukrainian resistance?")))
    return new


def test_each_kind_of_change_is_named_in_debate_words(shipped):
    d = diff_maps(shipped, edited(shipped))
    assert not d.equal
    assert [c["id"] for c in d.cards_added] == ["escalation"]
    assert [c["id"] for c in d.cards_removed] == ["danilov-letter"]
    changed = {c.id: [f.field for f in c.fields] for c in d.cards_changed}
    assert changed == {"neg-no-irregulars": ["text"], "ukraine-asked": ["speech"]}
    assert [(r.source, r.target, r.old, r.new) for r in d.relations_retyped] == [
        ("training-not-troops", "new-threshold", "rebuts", "supports")
    ]
    assert {r["from"] for r in d.relations_removed} == {"danilov-letter"}
    assert [c.id for c in d.sources_changed] == [next(iter(shipped.sources))]
    assert d.placed == ["aff-support"] or d.moved == ["aff-support"]
    assert [f.field for f in d.info] == ["title"]


def test_a_text_change_is_shown_word_by_word():
    assert show_word_diff("should not fund, train or arm", "should not finance or arm") == (
        "should not [-fund, train-]{+finance+} or arm"
    )
    assert word_diff("a b", "a b") == [("=", "a b")]
    # A text rewritten from end to end is one removal and one addition, not a confetti of words.
    assert word_diff("Arming guerrillas risks war.", "Totally new claim here") == [
        ("-", "Arming guerrillas risks war."),
        ("+", "Totally new claim here"),
    ]


def test_card_text_cannot_break_the_listing_or_drive_the_terminal():
    shown = show_word_diff("plain", "plain\x1b[2J\nnext \u202eevil")
    assert "\x1b" not in shown and "\n" not in shown and "\u202e" not in shown
    assert "\\u001b[2J⏎next \\u202eevil" in shown


def test_a_field_the_model_gains_later_is_compared_without_special_code(shipped):
    old = map_data(shipped)
    new = map_data(shipped)
    new["cards"][0]["flow_column"] = "2AC"  # a field the flow sheet might add
    d = diff_data(old, new)
    assert [(c.id, [f.field for f in c.fields]) for c in d.cards_changed] == [
        (old["cards"][0]["id"], ["flow_column"])
    ]


def test_cli_says_equal_and_exits_0(capsys):
    assert main(["diff", str(SHIPPED), str(SHIPPED)]) == 0
    assert "hold the same map" in capsys.readouterr().out


def test_cli_lists_changes_and_exits_1(shipped, tmp_path, capsys):
    new = tmp_path / "new.yaml"
    save(edited(shipped), new)
    assert main(["diff", str(SHIPPED), str(new)]) == 1
    out = capsys.readouterr().out
    assert (
        "cards added (1):\n  + escalation (rebuttal, against): 'Arming partisans invites escalation.'" in out
    )
    assert "  - danilov-letter (evidence, for)" in out
    assert "      text: The U.S. should not [-fund, train-]{+finance+} or arm" in out
    assert "  ~ training-not-troops -> new-threshold: rebuts became supports" in out
    assert "layout: 1 card" in out and "(aff-support)" in out
    assert "map title:" in out


def test_cli_json_carries_the_word_diff(shipped, tmp_path, capsys):
    new = tmp_path / "new.yaml"
    save(edited(shipped), new)
    assert main(["diff", "--json", str(SHIPPED), str(new)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["equal"] is False
    text = next(c for c in report["cards"]["changed"] if c["id"] == "neg-no-irregulars")["fields"][0]
    assert ["-", "fund, train"] in text["words"] and ["+", "finance"] in text["words"]
    assert report["relations"]["retyped"][0]["new"] == "supports"


def test_cli_broken_input_is_located_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("argmap: 1\ntitle: [unclosed\n", encoding="utf-8")
    assert main(["diff", str(SHIPPED), str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3:1: error:" in err or f"{bad}:2:" in err
    assert "Traceback" not in err
    assert main(["diff", str(SHIPPED)]) == 2
    assert main(["diff", str(SHIPPED), str(tmp_path / "missing.yaml")]) == 2
