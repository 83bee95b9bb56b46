"""Focus mode (Ctrl+Shift+F) lays the focused cards out together, with no gaps where hidden cards are,
and takes nothing from the map: when focus ends every card is back at its place, and saving writes the
same bytes. A card moved while focused moves by as much in the map (one undo step)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from argmap.compact import compact_places

ROOT = Path(__file__).resolve().parents[2]
FOCUSED = "ukraine-asked"  # an argument with its position above and three answers below


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    """The shipped map, with one card placed by hand (a saved position), open in an editor."""
    from argmap.ui.main_window import MainWindow

    for name in ("ukraine-resistance.yaml", "ukraine-resistance.source.txt"):
        shutil.copy(ROOT / "maps" / name, tmp_path / name)
    path = tmp_path / "ukraine-resistance.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nlayout:" not in text
    path.write_text(text + "layout:\n  positions:\n    danilov-letter: [3000, 1500]\n", encoding="utf-8")
    win = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    qtbot.addWidget(win)
    assert win.open_path(path, guard=False)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def focus(window) -> None:
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key_F, Qt.ControlModifier | Qt.ShiftModifier)


def shown_boxes(window) -> dict:
    scene = window.scene
    return {cid: scene.card_rect(cid) for cid in scene.card_boxes() if not scene.is_hidden(cid)}


def bounds(boxes) -> tuple[float, float]:
    rects = list(boxes.values())
    left, right = min(r.left() for r in rects), max(r.right() for r in rects)
    top, bottom = min(r.top() for r in rects), max(r.bottom() for r in rects)
    return right - left, bottom - top


def test_focus_lays_its_cards_out_together_and_gives_every_place_back(qtbot, window):
    scene, path = window.scene, window.document.path
    saved = path.read_bytes()
    before = {cid: scene.card_rect(cid) for cid in scene.card_boxes()}
    window.selection.set([FOCUSED])
    focus(window)
    assert window.act_focus.isChecked()
    shown = shown_boxes(window)
    assert set(shown) == {FOCUSED, "aff-support", "danilov-request", "danilov-letter", "letter-unconfirmed"}
    # Together: the laid-out part, the focused card where it was; no two overlap.
    assert shown[FOCUSED] == before[FOCUSED]
    expected = compact_places(
        window.document.amap,
        list(shown),
        {cid: (r.width(), r.height()) for cid, r in shown.items()},
        keep=FOCUSED,
        at=(before[FOCUSED].x(), before[FOCUSED].y()),
    )
    assert {cid: (r.x(), r.y()) for cid, r in shown.items()} == expected
    assert not any(a.intersects(b) for x, a in shown.items() for y, b in shown.items() if x < y)
    spread = bounds({cid: before[cid] for cid in shown})
    compact = bounds(shown)
    assert compact[0] * compact[1] < spread[0] * spread[1] / 2  # the hand-placed card is far away
    # Looking is not editing.
    assert not window.document.modified and window.document.undo_stack.count() == 0
    focus(window)  # Ctrl+Shift+F again: focus ends
    assert not window.act_focus.isChecked()
    assert {cid: scene.card_rect(cid) for cid in scene.card_boxes()} == before
    QTest.keyClick(window.view, Qt.Key_S, Qt.ControlModifier)
    assert path.read_bytes() == saved  # the hand placement and everything else, byte for byte


def test_a_card_moved_while_focused_moves_as_far_in_the_map_and_undo_takes_it_back(qtbot, window):
    scene, view, amap = window.scene, window.view, window.document.amap
    own = scene.own_position("danilov-request")
    window.selection.set([FOCUSED])
    focus(window)
    shown = scene.card_rect("danilov-request")
    start = view.mapFromScene(shown.center())
    end = start + QPoint(60, 40)
    vp = view.viewport()
    QTest.mousePress(vp, Qt.LeftButton, Qt.NoModifier, start)
    for i in range(1, 7):
        QTest.mouseMove(vp, start + (end - start) * (i / 6))
    QTest.mouseRelease(vp, Qt.LeftButton, Qt.NoModifier, end)
    moved = scene.card_rect("danilov-request")
    dx, dy = moved.x() - shown.x(), moved.y() - shown.y()
    assert (dx, dy) != (0, 0)
    assert amap.layout.positions["danilov-request"] == (own[0] + dx, own[1] + dy)  # in the map
    assert window.document.undo_stack.count() == 1
    focus(window)  # off: at its own place, moved by the drag
    assert (scene.card_rect("danilov-request").x(), scene.card_rect("danilov-request").y()) == (
        own[0] + dx,
        own[1] + dy,
    )
    QTest.keyClick(window.view, Qt.Key_Z, Qt.ControlModifier)
    assert "danilov-request" not in amap.layout.positions
    assert (scene.card_rect("danilov-request").x(), scene.card_rect("danilov-request").y()) == own


def test_an_answer_added_while_focused_is_placed_in_the_map_and_joins_the_compact_view(qtbot, window):
    scene, amap = window.scene, window.document.amap
    own_parent = scene.own_position(FOCUSED)
    window.selection.set([FOCUSED])
    focus(window)
    QTest.keyClick(window.view, Qt.Key_R)  # a rebutting answer to the focused card
    new = window.selection.current
    assert new != FOCUSED and amap.relation(new, FOCUSED).type == "rebuts"
    QTest.keyClicks(QApplication.focusWidget(), "It was never asked")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    # Its place in the map is beside the focused card's own place (not where focus shows it).
    x, y = amap.layout.positions.get(new) or scene.own_position(new)
    assert abs(x - own_parent[0]) < 1500 and 0 < y - own_parent[1] < 800

    # In the view it joins the compact arrangement once the view has caught up with the edit.
    def arranged() -> bool:
        shown = shown_boxes(window)
        expected = compact_places(
            amap,
            list(shown),
            {cid: (r.width(), r.height()) for cid, r in shown.items()},
            keep=FOCUSED,
            at=(shown[FOCUSED].x(), shown[FOCUSED].y()),
        )
        return new in shown and {cid: (r.x(), r.y()) for cid, r in shown.items()} == expected

    qtbot.waitUntil(arranged)
    focus(window)
    assert (scene.card_rect(new).x(), scene.card_rect(new).y()) == (x, y)


def expected_arrangement(window, keep=FOCUSED) -> dict:
    shown = shown_boxes(window)
    return compact_places(
        window.document.amap,
        list(shown),
        {cid: (r.width(), r.height()) for cid, r in shown.items()},
        keep=keep,
        at=(shown[keep].x(), shown[keep].y()),
    )


def test_a_re_layout_while_focused_keeps_the_focus_laid_out_together(qtbot, window):
    window.selection.set([FOCUSED])
    focus(window)
    QTest.keyClick(window.view, Qt.Key_L, Qt.ControlModifier)  # Re-layout: every card's place changes
    assert window.document.undo_stack.count() == 1

    def together() -> bool:
        return {c: (r.x(), r.y()) for c, r in shown_boxes(window).items()} == expected_arrangement(window)

    qtbot.waitUntil(together)


def test_exporting_what_is_shown_while_focused_draws_the_focus_laid_out_together(
    qtbot, window, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QDialog, QFileDialog

    from argmap.ui.export_actions import ExportDialog

    window.selection.set([FOCUSED])
    focus(window)
    shown = shown_boxes(window)
    state = window.export_actions.view_state()
    assert {cid: state["positions"][cid] for cid in shown} == {c: (r.x(), r.y()) for c, r in shown.items()}

    def choose(dialog):
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("svg"))
        dialog.accept()
        return QDialog.Accepted

    path = tmp_path / "focus.svg"
    monkeypatch.setattr(ExportDialog, "exec", choose)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.export_actions.act_export.trigger()  # File ▸ Export…, everything shown
    assert window.statusBar().currentMessage().startswith(f"Exported {path}: 5 cards")
    width, height = bounds(shown)
    own = {c: window.scene.own_position(c) for c in shown}
    spread_height = max(y + shown[c].height() for c, (_x, y) in own.items()) - min(
        y for _x, y in own.values()
    )
    assert spread_height > height + 800  # at their own places the five are far apart (the placed card)
    svg = path.read_text(encoding="utf-8")
    svg_height = float(svg.split('height="', 1)[1].split('"', 1)[0].rstrip("ptx"))
    assert svg_height < height + 400  # drawn together, as on screen
