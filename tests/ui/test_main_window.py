"""The editor window driven as a debater would: keys and mouse on the canvas, undo to the exact map."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from argmap.format import dumps, load
from argmap.resources import DEFAULT_MAP
from argmap.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(shipped_window):
    shipped_window.view.fit_all()
    return shipped_window


def press(window, key, modifier=Qt.NoModifier) -> None:
    window.view.setFocus()
    QTest.keyClick(window.view.viewport(), key, modifier)


def view_point(window, card_id: str) -> QPoint:
    return window.view.mapFromScene(window.scene.card_rect(card_id).center())


def first_position(window) -> str:
    return next(c.id for c in window.document.amap.cards() if c.kind == "position")


def test_opening_the_default_map_draws_every_card_and_names_the_file(window):
    amap = window.document.amap
    assert len(amap) >= 25
    assert all(window.scene.card_item(cid) is not None for cid in amap.card_ids())
    assert "ukraine-resistance.yaml" in window.windowTitle()
    assert not window.document.read_only


def test_supporting_answer_added_with_s_typed_inline_then_undone_and_redone_exactly(window, qtbot):
    amap = window.document.amap
    before = amap.snapshot()
    parent = first_position(window)
    window.selection.set([parent])
    press(window, Qt.Key_S)
    new = window.selection.current
    assert new != parent and amap.relation(new, parent).type == "supports"
    assert amap.card(new).side == amap.card(parent).side
    assert window.scene.is_editing()
    editor_target = window.view.viewport()
    QTest.keyClicks(window.view.viewport(), "Arming <b>guerrillas</b> works")
    QTest.keyClick(editor_target, Qt.Key_Return)
    assert amap.card(new).text == "Arming <b>guerrillas</b> works"  # typed markup stays plain text
    after = amap.snapshot()
    assert window.act_undo.text().replace("&", "").startswith("Undo Edit")
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert amap.snapshot() == before
    window.document.undo_stack.redo()
    window.document.undo_stack.redo()
    assert amap.snapshot() == after


def test_rebutting_answer_with_r_is_on_the_other_side(window):
    amap = window.document.amap
    parent = first_position(window)
    window.selection.set([parent])
    press(window, Qt.Key_R)
    window.scene.cancel_inline_edit()
    new = window.selection.current
    assert amap.relation(new, parent).type == "rebuts"
    assert amap.card(new).side != amap.card(parent).side
    assert amap.card(new).kind == "rebuttal"


def test_new_card_does_not_move_any_other_card(window):
    before = window.scene.positions()
    window.selection.set([first_position(window)])
    press(window, Qt.Key_S)
    window.scene.cancel_inline_edit()
    after = window.scene.positions()
    assert {cid: after[cid] for cid in before} == before
    new = window.selection.current
    new_rect = window.scene.card_rect(new)
    assert not any(new_rect.intersects(window.scene.card_rect(cid)) for cid in before)


def test_delete_key_removes_cards_with_their_relations_and_undo_restores_them(window):
    amap = window.document.amap
    before = amap.snapshot()
    victims = [cid for cid in amap.card_ids() if amap.relations_of(cid)][:3]
    window.selection.set(victims)
    press(window, Qt.Key_Delete)
    assert not any(cid in amap for cid in victims)
    assert window.act_undo.text().replace("&", "") == "Undo Delete 3 cards"
    window.document.undo_stack.undo()
    assert amap.snapshot() == before


def test_dragging_a_card_moves_it_in_one_undo_step(window, qtbot):
    amap = window.document.amap
    card = first_position(window)
    window.view.zoom_actual()
    window.view.center_on_card(card)
    start = view_point(window, card)
    before_pos = window.scene.positions()[card]
    before = amap.snapshot()
    viewport = window.view.viewport()
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + QPoint(12 * step, 8 * step))
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, start + QPoint(60, 40))
    assert amap.layout.positions[card] != before_pos
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert amap.snapshot() == before


def test_alt_drag_from_one_card_onto_another_connects_them_with_the_chosen_type(window, monkeypatch):
    amap = window.document.amap
    a, b = [cid for cid in amap.card_ids() if not amap.answered_by(cid)][:1] + [
        cid for cid in amap.card_ids() if amap.card(cid).kind == "evidence"
    ][:1]
    if amap.has_relation(b, a) or amap.has_relation(a, b):
        pytest.skip("sample cards already related")
    monkeypatch.setattr(window, "choose_relation_type", lambda s, t: "rebuts")
    window.view.fit_all()
    before = amap.snapshot()
    viewport = window.view.viewport()
    start, end = view_point(window, b), view_point(window, a)
    QTest.mousePress(viewport, Qt.LeftButton, Qt.AltModifier, start)
    for i in range(1, 8):
        QTest.mouseMove(viewport, start + (end - start) * (i / 8))
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.AltModifier, end)
    assert amap.relation(b, a).type == "rebuts"
    window.document.undo_stack.undo()
    assert amap.snapshot() == before


def test_copy_and_paste_brings_cards_and_the_relations_among_them(window):
    amap = window.document.amap
    rel = next(r for r in amap.relations())
    window.selection.set([rel.source, rel.target])
    before_ids = set(amap.card_ids())
    press(window, Qt.Key_C, Qt.ControlModifier)
    window.paste()
    new = set(amap.card_ids()) - before_ids
    assert len(new) == 2
    new_rels = [r for r in amap.relations() if r.source in new and r.target in new]
    assert len(new_rels) == 1 and new_rels[0].type == rel.type
    window.document.undo_stack.undo()
    assert set(amap.card_ids()) == before_ids


def test_paste_into_another_window_of_the_app(window, qtbot, tmp_path, monkeypatch):
    amap = window.document.amap
    card = first_position(window)
    window.selection.set([card])
    window.copy()
    other = MainWindow(settings=QSettings(str(tmp_path / "other.ini"), QSettings.IniFormat))
    qtbot.addWidget(other)
    other.paste()
    pasted = other.document.amap.card(card)
    assert pasted.text == amap.card(card).text
    monkeypatch.setattr(other, "ask_unsaved_changes", lambda: QMessageBox.Discard)


def test_toggle_relation_type_with_t(window):
    amap = window.document.amap
    rel = next(r for r in amap.relations())
    window.selection.set([], relation=rel.key)
    press(window, Qt.Key_T)
    assert amap.relation(*rel.key).type != rel.type
    window.document.undo_stack.undo()
    assert amap.relation(*rel.key).type == rel.type


def test_collapse_hides_the_subtree_and_is_saved(window, tmp_path):
    amap = window.document.amap
    card = max(amap.card_ids(), key=lambda cid: len(amap.subtree(cid)))
    hidden = amap.subtree(card)
    window.selection.set([card])
    press(window, Qt.Key_Space)
    window._refresh_visibility()
    assert card in amap.layout.collapsed
    assert all(window.scene.is_hidden(cid) for cid in hidden)
    out = tmp_path / "saved.yaml"
    window.document.save_as(out)
    assert card in load(out).map.layout.collapsed


def test_unsaved_changes_guard_cancel_keeps_the_window_and_discard_lets_it_close(window, monkeypatch):
    window.selection.set([first_position(window)])
    press(window, Qt.Key_Delete)
    assert window.document.modified and window.isWindowModified()
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: QMessageBox.Cancel)
    assert not window.close()
    assert window.isVisible()
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    assert window.close()


def test_guard_save_writes_the_file_before_opening_another(window, monkeypatch, map_copy):
    window.selection.set([first_position(window)])
    press(window, Qt.Key_Delete)
    expected = dumps(window.document.amap)
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: QMessageBox.Save)
    window.new_map()
    assert map_copy.read_text(encoding="utf-8") == expected
    assert len(window.document.amap) == 0


def test_a_file_with_errors_opens_read_only_and_is_never_overwritten(qtbot, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "argmap: 1\ntitle: t\ncards:\n  - id: a\n    kind: argument\n    side: for\n    text: x\n"
        "relations:\n  - {from: a, to: nowhere, type: rebuts}\n",
        encoding="utf-8",
    )
    original = broken.read_bytes()
    win = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    assert win.open_path(broken, guard=False)
    assert win.document.read_only
    assert not win.read_only_banner.isHidden()
    assert any("broken.yaml:9:" in str(p) for p in win.document.problems)
    assert not win.act_save.isEnabled()
    win.selection.set(["a"])
    win.delete_selection()
    assert "a" in win.document.amap
    assert win.save() is False
    assert broken.read_bytes() == original


def test_an_unreadable_file_is_reported_and_the_open_map_stays(window, tmp_path, monkeypatch):
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(b"\x00\x01\x02binary")
    shown = []
    monkeypatch.setattr(
        window, "show_error", lambda title, text, details: shown.append((title, text, details))
    )
    before = window.document
    assert not window.open_path(garbage)
    assert window.document is before
    assert shown and "garbage.yaml" in shown[0][2]


def test_save_keeps_manual_placement(window, tmp_path):
    card = first_position(window)
    window.document.push(
        __import__("argmap.edits", fromlist=["SetPositions"]).SetPositions(((card, (1234, 567)),))
    )
    out = tmp_path / "placed.yaml"
    window.document.save_as(out)
    assert load(out).map.layout.positions[card] == (1234.0, 567.0)
    assert not window.document.modified


def test_every_action_is_reachable_and_listed_with_its_shortcut(window):
    texts = {a.text().replace("&", "") for a in window.all_actions()}
    for name in (
        "Undo",
        "Redo",
        "Add Supporting Answer",
        "Add Rebutting Answer",
        "Add Sibling",
        "Find…",
        "Re-layout",
        "Fit All",
        "Save",
    ):
        assert any(t.startswith(name) for t in texts), name
    assert DEFAULT_MAP.exists()


def test_context_menu_on_a_card_offers_answers_and_on_empty_canvas_adds_a_position_there(window):
    amap = window.document.amap
    card = first_position(window)
    window.view.zoom_actual()
    window.view.center_on_card(card)
    menu = window.context_menu_for(view_point(window, card))
    texts = [a.text().replace("&", "") for a in menu.actions() if a.text()]
    assert "Add Supporting Answer" in texts and "Delete" in texts
    assert window.selection.card_ids == [card]
    empty = view_point(window, card) + QPoint(0, -int(window.scene.card_rect(card).height()) - 60)
    menu = window.context_menu_for(empty)
    add_here = next(a for a in menu.actions() if a.text() == "Add Position Here")
    before = len(amap)
    add_here.trigger()
    window.scene.cancel_inline_edit()
    assert len(amap) == before + 1
    new = window.selection.current
    expected = window.view.mapToScene(empty)
    x, y = amap.layout.positions[new]
    assert abs(x + 130 - expected.x()) < 2 and abs(y + 30 - expected.y()) < 2


def test_saving_over_a_file_with_comments_asks_first_and_cancel_keeps_it(window, monkeypatch, tmp_path):
    commented = tmp_path / "commented.yaml"
    commented.write_text(
        "# my notes on this round\nargmap: 1\ntitle: t\ncards:\n  - id: a\n    kind: position\n"
        "    side: for\n    text: x\n",
        encoding="utf-8",
    )
    original = commented.read_bytes()
    assert window.open_path(commented, guard=False)
    window.selection.set(["a"])
    press(window, Qt.Key_S)
    window.scene.cancel_inline_edit()
    asked = []
    monkeypatch.setattr(window, "confirm_drop_comments", lambda: asked.append(True) or False)
    assert window.save() is False
    assert asked and commented.read_bytes() == original
    monkeypatch.setattr(window, "confirm_drop_comments", lambda: True)
    assert window.save() is True
    assert "#" not in commented.read_text(encoding="utf-8") and len(load(commented).map) == 2


def test_in_left_to_right_layout_a_new_answer_goes_right_of_its_parent(window):
    window.act_dir_lr.trigger()
    parent = first_position(window)
    window.selection.set([parent])
    press(window, Qt.Key_S)
    window.scene.cancel_inline_edit()
    new = window.selection.current
    assert window.scene.card_rect(new).left() >= window.scene.card_rect(parent).right()


def test_select_all_delete_and_undo_on_a_large_map_follow_in_one_step_each(window, tmp_path):
    from argmap.generate import generate_yaml

    path = tmp_path / "season.yaml"
    path.write_text(generate_yaml(600, seed=2), encoding="utf-8")
    assert window.open_path(path, guard=False)
    amap = window.document.amap
    before, n_relations = amap.snapshot(), amap.graph.number_of_edges()
    press(window, Qt.Key_A, Qt.ControlModifier)
    assert len(window.selection.card_ids) == 600
    changes = []
    window.selection.changed.connect(lambda: changes.append(list(window.selection.card_ids)))
    press(window, Qt.Key_Delete)
    # One selection change for the whole deletion (not one per card), and every view is empty.
    assert changes == [[]] and len(amap) == 0
    assert window.act_undo.text().replace("&", "") == "Undo Delete 600 cards"
    assert window.outline.model.rowCount() == 0
    assert window.inspector.map_stats.text().startswith("0 cards, 0 relations")
    assert window.scene.content_rect().isNull()
    window.document.undo_stack.undo()
    assert amap.snapshot() == before
    assert window.outline.model.rowCount() == len([c for c in amap.card_ids() if not amap.answered_by(c)])
    assert window.inspector.map_stats.text().startswith(f"600 cards, {n_relations} relations")
    assert all(not window.scene.card_rect(cid).isNull() for cid in amap.card_ids())
