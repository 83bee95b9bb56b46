"""A selection of many cards is state of the scene, not of items: Ctrl+A on a large map makes no card
item, yet every gesture on the selection (Delete, Ctrl+C, a drag, a click, Ctrl+click, a band, the
inspector) reaches every selected card, and undo restores the map exactly. Driven by real keys and mice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from argmap.generate import generate_yaml
from argmap.render.items import CardItem

SIZE = 600


@pytest.fixture
def big(shipped_window, tmp_path):
    """The window on a 600-card map, at 100 % on a card in the middle (most cards have no item)."""
    path = tmp_path / "season.yaml"
    path.write_text(generate_yaml(SIZE, seed=2), encoding="utf-8")
    window = shipped_window
    assert window.open_path(path, guard=False)
    QApplication.processEvents()  # the first view, deferred by the open
    middle = window.document.amap.card_ids()[SIZE // 2]
    window.view.set_zoom(1.0)
    window.view.center_on_card(middle)
    window.view.viewport().repaint()
    return window


def made(window) -> set[str]:
    return {item.card_id for item in window.scene.items() if isinstance(item, CardItem)}


def press(window, key, modifier=Qt.NoModifier) -> None:
    window.view.setFocus()
    QTest.keyClick(window.view.viewport(), key, modifier)


def point_of(window, card_id: str) -> QPoint:
    return window.view.mapFromScene(window.scene.card_rect(card_id).center())


def shown_card(window) -> str:
    """A card wholly in view."""
    view = window.view
    shown = view.mapToScene(view.viewport().rect().adjusted(60, 60, -60, -60)).boundingRect()
    return next(cid for cid, box in window.scene.card_boxes().items() if shown.contains(box))


def test_ctrl_a_makes_no_item_and_delete_then_undo_restores_the_map_exactly(big):
    amap = big.document.amap
    before, items_before = amap.snapshot(), made(big)
    assert 0 < len(items_before) < SIZE // 2
    press(big, Qt.Key_A, Qt.ControlModifier)  # the real shortcut of Edit ▸ Select All
    assert set(big.selection.card_ids) == set(amap.card_ids())
    assert made(big) == items_before  # selecting made no item
    assert all(big.scene.card_item(cid).isSelected() for cid in items_before)
    assert big.inspector.heading.text() == f"{SIZE} cards selected; showing the last one"
    press(big, Qt.Key_Delete)
    assert len(amap) == 0 and big.selection.card_ids == []
    big.act_undo.trigger()
    assert amap.snapshot() == before
    big.act_redo.trigger()
    assert len(amap) == 0
    big.act_undo.trigger()
    assert amap.snapshot() == before
    big.act_select_all.trigger()  # the menu's action does the same
    assert set(big.selection.card_ids) == set(amap.card_ids())


def test_after_select_all_ctrl_c_copies_every_card(big):
    press(big, Qt.Key_A, Qt.ControlModifier)
    press(big, Qt.Key_C, Qt.ControlModifier)
    text = QGuiApplication.clipboard().text()
    assert all(f"id: {cid}" in text for cid in big.document.amap.card_ids())


def test_after_select_all_a_click_selects_only_that_card_and_ctrl_click_leaves_the_rest(big):
    card = shown_card(big)
    viewport = big.view.viewport()
    press(big, Qt.Key_A, Qt.ControlModifier)
    QTest.mouseClick(viewport, Qt.LeftButton, Qt.ControlModifier, point_of(big, card))
    everyone_else = [cid for cid in big.document.amap.card_ids() if cid != card]
    assert set(big.selection.card_ids) == set(everyone_else)  # cards without items stayed selected
    QTest.mouseClick(viewport, Qt.LeftButton, Qt.ControlModifier, point_of(big, card))
    assert len(big.selection.card_ids) == SIZE and big.selection.current == card
    QTest.mouseClick(viewport, Qt.LeftButton, Qt.NoModifier, point_of(big, card))
    assert big.selection.card_ids == [card]
    assert [item.card_id for item in big.scene.selectedItems()] == [card]


def test_after_select_all_a_shift_band_selects_only_the_cards_inside_it(big):
    press(big, Qt.Key_A, Qt.ControlModifier)
    view = big.view
    corner = QPoint(5, 5)
    end = QPoint(view.viewport().width() - 5, view.viewport().height() - 5)
    QTest.mousePress(view.viewport(), Qt.LeftButton, Qt.ShiftModifier, corner)
    for step in range(1, 6):
        QTest.mouseMove(view.viewport(), corner + (end - corner) * step / 5)
    QTest.mouseRelease(view.viewport(), Qt.LeftButton, Qt.ShiftModifier, end)
    band = QRectF(view.mapToScene(corner), view.mapToScene(end)).normalized()
    meeting = {cid for cid, box in big.scene.card_boxes().items() if box.intersects(band)}
    assert meeting and set(big.selection.card_ids) == meeting


def test_after_select_all_dragging_one_card_moves_every_card_in_one_undo_step(big):
    amap = big.document.amap
    before = amap.snapshot()
    old = big.scene.positions()
    card = shown_card(big)
    press(big, Qt.Key_A, Qt.ControlModifier)
    viewport = big.view.viewport()
    start = point_of(big, card)
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + QPoint(12 * step, 8 * step))
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, start + QPoint(60, 40))
    new = big.scene.positions()
    shift = big.view.mapToScene(start + QPoint(60, 40)) - big.view.mapToScene(start)
    moved = [(new[cid][0] - old[cid][0], new[cid][1] - old[cid][1]) for cid in amap.card_ids()]
    # every card moved with the dragged one (positions are saved in whole pixels, hence the half pixel)
    assert all(abs(x - shift.x()) <= 0.5 and abs(y - shift.y()) <= 0.5 for x, y in moved)
    assert big.document.undo_stack.count() == 1
    big.document.undo_stack.undo()
    assert amap.snapshot() == before


def test_far_out_every_selected_card_is_ringed_without_items(big):
    big.view.fit_all()
    big.view.viewport().repaint()
    items_before = made(big)
    ring = QColor(big.scene.theme.selection).rgb()

    def ringed_pixels() -> int:
        image = big.view.viewport().grab().toImage()
        return sum(
            1
            for y in range(0, image.height(), 2)
            for x in range(0, image.width(), 2)
            if image.pixel(x, y) == ring
        )

    assert ringed_pixels() == 0
    press(big, Qt.Key_A, Qt.ControlModifier)
    assert made(big) == items_before
    assert ringed_pixels() > 200


def test_hiding_selected_cards_without_items_takes_them_out_of_the_selection(big):
    amap = big.document.amap
    press(big, Qt.Key_A, Qt.ControlModifier)
    far = amap.card_ids()[-1]
    assert far not in made(big)
    big.scene.set_hidden({far})
    assert far not in big.selection.card_ids and len(big.selection.card_ids) == SIZE - 1
