"""The legend panel never covers a card in the view a map opens with: it sits in a free corner, and
when cards fill every corner the first view slides the map down just enough to free an upper one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from argmap.format import save
from argmap.model import ArgumentMap, Card

ROOT = Path(__file__).resolve().parents[2]


def open_window(qtbot, path: Path, tmp_path: Path, monkeypatch, size=(1400, 900)):
    from argmap.ui.main_window import MainWindow

    win = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(path, guard=False)
    QApplication.processEvents()  # the first view comes on the next turn of the loop
    return win


def covered(win) -> list[str]:
    """The shown cards whose on-screen boxes meet the legend panel's, as painted now."""
    view = win.view
    panel = win.legend_panel.geometry().translated(-view.viewport().pos())
    return [
        cid
        for cid, box in win.scene.card_boxes().items()
        if not win.scene.is_hidden(cid) and view.mapFromScene(box).boundingRect().intersects(panel)
    ]


def cards_in_every_corner(path: Path, rows: int = 14, columns: int = 14) -> None:
    """A grid of placed cards: at a readable zoom every corner of the view has a card."""
    amap = ArgumentMap()
    lines = []
    for row in range(rows):
        for col in range(columns):
            cid = f"c{row}-{col}"
            amap.insert_card(Card(cid, "position" if row == 0 else "argument", "for", text=f"Card {cid}"))
            lines.append((cid, col * 280, row * 170))
    save(amap, path)
    text = path.read_text(encoding="utf-8")
    text += "layout:\n  positions:\n" + "".join(f"    {c}: [{x}, {y}]\n" for c, x, y in lines)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("size", [(1400, 900), (1000, 700)])
def test_the_shipped_map_opens_with_the_legend_over_no_card(qtbot, tmp_path, monkeypatch, size):
    win = open_window(qtbot, ROOT / "maps" / "ukraine-resistance.yaml", tmp_path, monkeypatch, size)
    assert win.legend_panel.isVisible()
    assert covered(win) == []


def test_cards_in_every_corner_slide_down_to_free_an_upper_corner(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "grid.yaml"
    cards_in_every_corner(path)
    win = open_window(qtbot, path, tmp_path, monkeypatch)
    view, panel = win.view, win.legend_panel
    assert view.zoom_factor() > 0.5  # the top of the map at a readable size, not all of it
    assert covered(win) == []
    assert panel.corner.startswith("top")
    top_row = [view.mapFromScene(win.scene.card_rect(f"c0-{c}")).boundingRect() for c in range(14)]
    assert any(view.viewport().rect().contains(r) for r in top_row)  # the first row still shows
    # Hidden and shown again from the keyboard: it comes back into a corner where no card is.
    QTest.keyClick(win, Qt.Key_L, Qt.ControlModifier | Qt.ShiftModifier)
    assert not panel.isVisible()
    QTest.keyClick(win, Qt.Key_L, Qt.ControlModifier | Qt.ShiftModifier)
    assert panel.isVisible() and covered(win) == []


def test_fit_all_keeps_the_side_the_legend_sits_on_clear(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "grid.yaml"
    cards_in_every_corner(path, rows=6, columns=5)
    win = open_window(qtbot, path, tmp_path, monkeypatch)
    win.legend_panel.set_corner("bottom-right")
    QTest.keyClick(win.view, Qt.Key_0, Qt.ControlModifier)  # fit all
    assert covered(win) == []
    assert win.view.reserved_right > 0 and win.view.reserved_left == 0


def test_fit_all_far_out_keeps_the_legend_clear_too(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "grid.yaml"
    cards_in_every_corner(path)  # 14 x 14: the fit is far out, and the scene narrower than the view
    win = open_window(qtbot, path, tmp_path, monkeypatch)
    for corner in ("bottom-left", "bottom-right"):
        win.legend_panel.set_corner(corner)
        QTest.keyClick(win.view, Qt.Key_0, Qt.ControlModifier)  # fit all
        assert win.view.zoom_factor() < 0.2
        assert covered(win) == [], corner
        shown = win.view.mapToScene(win.view.viewport().rect()).boundingRect()
        assert shown.contains(win.scene.content_rect())  # all of it


def test_a_fit_uses_the_whole_view_when_the_legend_then_has_a_free_corner(qtbot, tmp_path, monkeypatch):
    from argmap.generate import generate_yaml

    path = tmp_path / "g.yaml"
    path.write_text(generate_yaml(200), encoding="utf-8")
    win = open_window(qtbot, path, tmp_path, monkeypatch)
    amap = win.document.amap
    hub = max(amap.card_ids(), key=lambda c: len(amap.answers_to(c)) + len(amap.answered_by(c)))
    win.selection.set([hub])
    win.view.setFocus()
    QTest.keyClick(win.view, Qt.Key_F, Qt.ControlModifier | Qt.ShiftModifier)  # focus fits what it shows
    content = win.scene.content_rect().adjusted(-40, -40, 40, 40)
    viewport = win.view.viewport().rect()
    whole = min(viewport.width() / content.width(), viewport.height() / content.height(), 1.0)
    assert win.view.zoom_factor() == pytest.approx(whole)  # no column kept for the legend
    assert covered(win) == []
