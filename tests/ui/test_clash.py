"""Clash in the editor: dragging a rebuttal back from the card it rebuts makes the two rebut each other."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def test_alt_drag_back_onto_a_rebutting_position_makes_them_rebut_each_other(shipped_window, monkeypatch):
    window = shipped_window
    window.view.fit_all()
    amap = window.document.amap
    aff = next(c.id for c in amap.cards() if c.kind == "position" and c.side == "for")
    neg = next(
        r.source for r in amap.relations() if r.target == aff and amap.card(r.source).kind == "position"
    )

    def not_asked(*_args):
        raise AssertionError("only a rebuttal can run back: nothing to choose")

    monkeypatch.setattr(window, "choose_relation_type", not_asked)
    before = amap.snapshot()
    viewport = window.view.viewport()
    start = window.view.mapFromScene(window.scene.card_rect(aff).center())
    end = window.view.mapFromScene(window.scene.card_rect(neg).center())
    QTest.mousePress(viewport, Qt.LeftButton, Qt.AltModifier, start)
    for i in range(1, 8):
        QTest.mouseMove(viewport, start + (end - start) * (i / 8))
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.AltModifier, end)
    assert amap.relation(aff, neg).type == "rebuts" and amap.relation(neg, aff).type == "rebuts"
    assert window.document.undo_stack.undoText() == "Connect (rebut each other)"
    window.document.undo_stack.undo()
    assert amap.snapshot() == before
