"""A debate built from nothing with the keyboard and the mouse only: two positions, answers by S, R and
Enter, evidence whose missing source is flagged and asked about, a connection dragged from a card's
handle, undo and redo, save, reopen (positions kept, not read-only), and an image export.

Only the operating system's dialogs (file names, the final "Save anyway?") are answered by the test.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu, QMessageBox

from argmap.format import load

REAL_MENU_EXEC = QMenu.exec  # the editor tests refuse menus by default; this test clicks in one


def type_card(window, words: str) -> str:
    assert window.scene.is_editing(), (len(window.document.amap), window.statusBar().currentMessage())
    QTest.keyClicks(window.view.viewport(), words)
    QTest.keyClick(window.view.viewport(), Qt.Key_Return)
    return window.selection.current


def click_card(window, card_id: str) -> None:
    window.view.ensure_visible(card_id)
    point = window.view.mapFromScene(window.scene.card_rect(card_id).center())
    QTest.mouseClick(window.view.viewport(), Qt.LeftButton, Qt.NoModifier, point)
    assert window.selection.current == card_id


def keys(window, key, modifiers=Qt.NoModifier) -> None:
    if QApplication.activeWindow() is not window:  # offscreen, a closed popup leaves no active window
        window.activateWindow()
        QApplication.processEvents()
    window.view.setFocus()
    QTest.keyClick(window.view.viewport(), key, modifiers)


def test_a_debate_built_from_nothing_with_keys_and_the_mouse(qtbot, tmp_path, monkeypatch):
    from argmap.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts go to the active window
    QApplication.processEvents()
    amap = window.document.amap
    assert len(amap) == 0

    # a position per side
    keys(window, Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)
    aff = type_card(window, "Fund the Ukrainian resistance")
    keys(window, Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)
    neg = type_card(window, "Stay within defensive aid")
    assert (amap.card(aff).side, amap.card(neg).side) == ("for", "against")
    assert not window.scene.card_rect(aff).intersects(window.scene.card_rect(neg))  # side by side

    # S, R and Enter answers
    click_card(window, aff)
    keys(window, Qt.Key_S)
    asked = type_card(window, "Ukraine asked for it")
    keys(window, Qt.Key_R)
    unconfirmed = type_card(window, "The request was never confirmed")
    keys(window, Qt.Key_Return)
    sibling = type_card(window, "The letter is unverified")
    assert amap.relation(asked, aff).type == "supports"
    assert amap.relation(unconfirmed, asked).type == "rebuts"
    assert amap.relation(sibling, asked).type == "rebuts"

    # evidence: a supporting answer turned into evidence in the Inspector, its source not yet chosen
    click_card(window, asked)
    keys(window, Qt.Key_S)
    evidence = type_card(window, "Danilov's letter of March 6")
    window.inspector.show()
    window.inspector.kind_combo.setFocus()
    QTest.keyClicks(window.inspector.kind_combo, "evidence")
    quote = window.inspector.quote_edit
    quote.setFocus()
    QTest.keyClicks(quote, "We ask the United States to fund the resistance.")
    window.view.setFocus()  # leaving the box keeps the quote
    assert amap.card(evidence).kind == "evidence" and amap.card(evidence).quote
    assert "no source yet" in window.scene.card_item(evidence).face.cite

    # a connection dragged from the negative position's handle onto the affirmative one: Rebuts
    monkeypatch.setattr(QMenu, "exec", REAL_MENU_EXEC)

    def choose_rebuts():
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        rebuts = next(a for a in menu.actions() if a.text() == "Rebuts")
        menu.setActiveAction(rebuts)
        QTest.keyClick(menu, Qt.Key_Return)

    QTimer.singleShot(50, choose_rebuts)
    window.view.zoom_actual()
    item = window.scene.card_item(neg)
    window.view.centerOn((window.scene.card_rect(neg).center() + window.scene.card_rect(aff).center()) / 2)
    start = window.view.mapFromScene(item.mapToScene(item.handle_center()))
    end = window.view.mapFromScene(window.scene.card_rect(aff).center())
    viewport = window.view.viewport()
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, start)
    for i in range(1, 7):
        QTest.mouseMove(viewport, start + (end - start) * (i / 6))
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, end)
    assert amap.has_relation(neg, aff) and amap.relation(neg, aff).type == "rebuts"

    # undo and redo, from the keyboard
    stack = window.document.undo_stack
    assert stack.undoText() == "Connect (rebuts)", [stack.text(i) for i in range(stack.count())]
    keys(window, Qt.Key_Z, Qt.ControlModifier)
    assert not amap.has_relation(neg, aff), [stack.text(i) for i in range(stack.count())] + [stack.index()]
    keys(window, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert amap.relation(neg, aff).type == "rebuts"

    # save: a name for the file, and the question about the unfinished evidence
    path = tmp_path / "round-one.yaml"
    offered = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: offered.append(a[2]) or (str(path), ""))
    )
    asked_before_saving = []
    monkeypatch.setattr(window, "confirm_unfinished", lambda found: asked_before_saving.append(found) or True)
    keys(window, Qt.Key_S, Qt.ControlModifier)
    assert path.exists() and asked_before_saving and asked_before_saving[0][0][0] == evidence
    assert not window.isWindowModified()
    where = window.scene.positions()

    # reopen: the same cards where they were, editable
    result = load(path)
    assert not result.has_errors, [str(p) for p in result.problems]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    keys(window, Qt.Key_O, Qt.ControlModifier)
    assert window.document.path == path and not window.document.read_only
    reopened = window.document.amap
    assert set(reopened.card_ids()) == set(where)
    assert {cid: reopened.layout.positions[cid] for cid in where} == where
    assert reopened.relation(neg, aff).type == "rebuts"

    # export an image of it
    picture = tmp_path / "round-one.png"
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.Accepted)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(picture), "PNG image (*.png)"))
    )
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.Ok)
    keys(window, Qt.Key_E, Qt.ControlModifier | Qt.ShiftModifier)
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    window.close()
