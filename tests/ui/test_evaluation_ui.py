"""The evaluation overlay and what-if, driven from the keyboard on the real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from argmap.analysis import evaluate
from argmap.format import dumps
from argmap.model import ArgumentMap, Card, Relation
from argmap.ui.document import MapDocument

ROOT = Path(__file__).resolve().parents[2]
WORD = {"in": "IN", "out": "OUT", "undec": "UNDEC"}


@pytest.fixture
def window(shipped_window):
    return shipped_window


def mark_of(window, card_id):
    item = window.scene.card_item(card_id)
    return item.mark.label if item is not None and item.mark is not None else None


def press_on_map(window, key, modifier=Qt.NoModifier):
    window.view.setFocus()
    QTest.keyClick(window.view.viewport(), key, modifier)


def overlay_on(window, qtbot):
    press_on_map(window, Qt.Key_E, Qt.ControlModifier)
    assert window.evaluation_overlay.act_overlay.isChecked()
    qtbot.waitUntil(lambda: all(mark_of(window, c) for c in window.document.amap.card_ids()))


def test_ctrl_e_marks_every_card_with_its_grounded_label_in_words_and_colour(window, qtbot):
    overlay_on(window, qtbot)
    labels = evaluate(window.document.amap).labels
    for card_id, label in labels.items():
        item = window.scene.card_item(card_id)
        assert item.mark.label == WORD[label]
        assert item.mark.color.name() == {"in": "#2e7d32", "out": "#7b1fa2", "undec": "#e69500"}[label]
    assert "Grounded" in window.evaluation_overlay.status_label.text()
    press_on_map(window, Qt.Key_E, Qt.ControlModifier)
    qtbot.waitUntil(lambda: all(mark_of(window, c) is None for c in labels))


def test_adding_a_rebuttal_from_the_keyboard_flips_the_card_to_out_and_undo_flips_it_back(window, qtbot):
    overlay_on(window, qtbot)
    amap = window.document.amap
    target = next(c for c, lab in evaluate(amap).labels.items() if lab == "in")
    window.selection.set([target])
    press_on_map(window, Qt.Key_R)  # Add Rebutting Answer
    QTest.keyClick(window.view.viewport(), Qt.Key_Return)  # keep its first words (Escape discards it)
    new = window.selection.current
    assert new != target and amap.relation(new, target).type == "rebuts"
    qtbot.waitUntil(lambda: mark_of(window, target) == "OUT")
    assert mark_of(window, new) == "IN"
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: mark_of(window, target) == "IN")


def test_suppose_refuted_changes_labels_rings_the_changed_cards_and_undo_restores(window, qtbot):
    amap = window.document.amap
    saved = dumps(amap)
    before = evaluate(amap).labels
    overlay = window.evaluation_overlay
    window.selection.set(["reliable-source"])
    press_on_map(window, Qt.Key_R, Qt.ControlModifier | Qt.AltModifier)  # Suppose Refuted
    assert overlay.suppositions == {"reliable-source": "refuted"}
    assert overlay.act_overlay.isChecked()  # supposing turns the overlay on
    expected = evaluate(amap, assumptions={"reliable-source": "refuted"}).labels
    changed = {c for c in expected if expected[c] != before[c]} - {"reliable-source"}
    assert len(changed) >= 3
    qtbot.waitUntil(lambda: all(mark_of(window, c).startswith(WORD[expected[c]]) for c in expected))
    assert mark_of(window, "reliable-source") == "OUT (supposed)"
    for card_id in changed:
        assert window.scene.card_item(card_id).highlighted
        assert f"(was {WORD[before[card_id]]})" in mark_of(window, card_id)
    unchanged = next(c for c in expected if c not in changed and c != "reliable-source")
    assert not window.scene.card_item(unchanged).highlighted
    assert window.statusBar().currentMessage().startswith(f"{len(changed)} cards change: ")
    assert overlay.dock.isVisible() and overlay.list.count() == len(changed) + 1
    assert dumps(amap) == saved  # a supposition is never part of the map
    # exploring is not editing: no undo step, no "modified" (issue #12)
    assert window.document.undo_stack.count() == 0 and not window.isWindowModified()

    press_on_map(window, Qt.Key_X, Qt.ControlModifier | Qt.AltModifier)  # Clear Supposition
    assert overlay.suppositions == {}
    qtbot.waitUntil(lambda: all(mark_of(window, c) == WORD[before[c]] for c in before))
    assert not any(window.scene.card_item(c).highlighted for c in changed)
    assert dumps(amap) == saved


def test_suppose_conceded_then_clear_supposition_leave_the_undo_stack_and_the_file_alone(window, qtbot):
    amap = window.document.amap
    overlay = window.evaluation_overlay
    target = next(c for c, lab in evaluate(amap).labels.items() if lab == "out")
    window.selection.set([target])
    steps = window.document.undo_stack.count()
    press_on_map(window, Qt.Key_C, Qt.ControlModifier | Qt.AltModifier)
    qtbot.waitUntil(lambda: mark_of(window, target) == "IN (supposed)")
    press_on_map(window, Qt.Key_X, Qt.ControlModifier | Qt.AltModifier)  # Clear Supposition
    qtbot.waitUntil(lambda: mark_of(window, target) == "OUT")
    assert overlay.suppositions == {}
    assert window.document.undo_stack.count() == steps and not window.document.modified


def test_preferred_semantics_on_a_map_too_large_to_enumerate_says_so_and_shows_grounded(window, qtbot):
    amap = ArgumentMap()
    for i in range(15):  # 15 cycles of three rebuttals: 45 undecided cards
        for x in "abc":
            amap.insert_card(Card(f"{x}{i}", "argument", "for", text=f"{x}{i}"))
        for x, y in ("ab", "bc", "ca"):
            amap.insert_relation(Relation(f"{x}{i}", f"{y}{i}", "rebuts"))
    window.set_document(MapDocument(amap))
    overlay = window.evaluation_overlay
    overlay.set_semantics("preferred")
    overlay_on(window, qtbot)
    assert mark_of(window, "a0") == "UNDEC"
    assert "showing grounded" in window.statusBar().currentMessage()
    assert overlay.message.startswith("Grounded")


def test_suppositions_belong_to_the_map_shown_and_go_with_it(window, qtbot):
    overlay = window.evaluation_overlay
    window.selection.set(["reliable-source"])
    overlay.suppose("refuted")
    assert overlay.suppositions
    amap = ArgumentMap()
    amap.insert_card(Card("x", "position", "for", text="X"))
    window.set_document(MapDocument(amap))
    assert overlay.suppositions == {}
    qtbot.waitUntil(lambda: mark_of(window, "x") == "IN")


def test_preferred_on_forty_cards_of_even_cycles_falls_back_at_once_and_edits_do_not_search_again(
    window, qtbot, monkeypatch
):
    # 10 rings of four rebuttals: 2**10 preferred extensions. The editor once froze for 99 s on such
    # a map, again after every edit and at every start.
    from argmap import analysis

    amap = ArgumentMap()
    for i in range(10):
        ring = [f"r{i}{x}" for x in "abcd"]
        for card_id in ring:
            amap.insert_card(Card(card_id, "argument", "for", text=card_id))
        for n, card_id in enumerate(ring):
            amap.insert_relation(Relation(card_id, ring[(n + 1) % 4], "rebuts"))
    searches = []
    real = analysis.preferred_extensions
    monkeypatch.setattr(analysis, "preferred_extensions", lambda *a, **k: searches.append(1) or real(*a, **k))
    window.set_document(MapDocument(amap))
    overlay = window.evaluation_overlay
    overlay.set_semantics("preferred")
    overlay_on(window, qtbot)
    assert "too large to enumerate" in window.statusBar().currentMessage()
    assert "more than 64 preferred extensions" in window.statusBar().currentMessage()
    assert overlay.message.startswith("Grounded") and mark_of(window, "r0a") == "UNDEC"
    searched = len(searches)
    window.selection.set(["r0a"])
    press_on_map(window, Qt.Key_F2)
    QTest.keyClicks(window.view.viewport().focusWidget() or window.view.viewport(), " edited")
    with qtbot.waitSignal(overlay.updated, timeout=5000):
        QTest.keyClick(window.view.viewport().focusWidget() or window.view.viewport(), Qt.Key_Return)
    assert window.document.amap.card("r0a").text.endswith("edited")
    assert overlay.message.startswith("Grounded")
    assert len(searches) == searched  # the rebuttals are unchanged: no second search
