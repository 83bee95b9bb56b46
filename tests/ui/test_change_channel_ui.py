"""The document is the views' one channel: a view that fails on a change cannot half-edit the map."""

from __future__ import annotations

import sys


def test_a_view_that_raises_leaves_the_edit_whole_undoable_and_the_other_views_current(
    shipped_window, monkeypatch
):
    window = shipped_window
    document = window.document
    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: reported.append(info[1]))

    def broken_view(change):
        raise RuntimeError("a view with a bug")

    document.changed.connect(broken_view)
    parent = document.amap.card_ids()[0]
    window.selection.set([parent])
    before = set(document.amap.card_ids())
    steps = document.undo_stack.count()
    window.act_add_rebuttal.trigger()
    added = set(document.amap.card_ids()) - before
    assert len(added) == 1 and reported  # the error was reported, and the edit is in the map whole
    (new,) = added
    assert document.amap.has_relation(new, parent)
    assert window.scene.card_item(new) is not None  # the other views heard of it
    assert document.undo_stack.count() == steps + 1
    document.changed.disconnect(broken_view)
    window.act_undo.trigger()
    assert set(document.amap.card_ids()) == before


def test_replacing_the_map_redraws_the_canvas_and_the_outline_from_one_reset(shipped_window):
    from argmap.edits import ReplaceMap
    from argmap.model import ArgumentMap, Card, MapInfo
    from argmap.ui.outline import CARD_ID_ROLE

    window = shipped_window
    other = ArgumentMap(MapInfo("Another map"))
    other.insert_card(Card("cp", "position", "against", text="A counterplan"))
    assert window.document.push(ReplaceMap.of(other), "Reload")
    assert window.scene.card_item("cp").card.text == "A counterplan"
    top = window.outline.model.top_level_ids()
    assert top == ["cp"] and window.outline.model.index(0, 0).data(CARD_ID_ROLE) == "cp"
    window.act_undo.trigger()
    assert window.scene.card_item("cp") is None
    rows = window.outline.model.rowCount()
    assert (
        [window.outline.model.index(r, 0).data(CARD_ID_ROLE) for r in range(rows)]
        == [cid for cid in window.outline.model.top_level_ids()]
        != ["cp"]
    )
