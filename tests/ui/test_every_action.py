"""Every action of the window, triggered as a user triggers it, in four states of the map: nothing
selected, one card, every card, and a read-only map. Any dialog is dismissed; any exception fails."""

from __future__ import annotations

import sys
import traceback

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QColorDialog,
    QDialog,
    QFileDialog,
    QFontDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
)
from reliability.map_strategies import valid_maps

# Actions that end the test's own window or application, walked last by a test of their own.
ENDS_THE_WINDOW = {"Quit"}


def every_action(window) -> dict[tuple[str, ...], QAction]:
    """The window's actions, the map's single-key ones and every item of every menu, submenus too,
    each under its menu path ("Edit", "Add Position"). Looked up afresh before each trigger: opening a
    map makes new Undo and Redo actions, and Open Recent refills itself."""
    found: dict[tuple[str, ...], QAction] = {}
    menus = []

    def add(action: QAction, path: tuple[str, ...]) -> None:
        if action.isSeparator() or action in found.values() or action.menu() in menus:
            return
        text = action.text().replace("&", "")
        if action.menu() is not None:
            menus.append(action.menu())  # each menu filled once: filling again deletes what was found
            action.menu().aboutToShow.emit()  # menus filled when shown (Open Recent) fill now
            for sub in action.menu().actions():
                add(sub, (*path, text))
            return
        if text:
            found[(*path, text)] = action

    for action in window.menuBar().actions():
        add(action, ())
    for action in [*window.all_actions(), *window.card_context_actions]:
        add(action, ("(no menu)",))
    return found


@pytest.fixture
def dismissed(monkeypatch):
    """Every dialog answers Cancel at once; every file dialog is cancelled."""
    shown = []

    def cancel(self, *args, **kwargs):
        shown.append(type(self).__name__)
        return 0

    for cls in (QMessageBox, QDialog, QMenu):
        monkeypatch.setattr(cls, "exec", cancel)
    monkeypatch.setattr(QMenu, "popup", lambda self, *a, **k: shown.append("QMenu"))
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.Cancel))
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (0, False)))
    monkeypatch.setattr(QInputDialog, "getDouble", staticmethod(lambda *a, **k: (0.0, False)))
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a, **k: None))
    monkeypatch.setattr(QFontDialog, "getFont", staticmethod(lambda *a, **k: (None, False)))
    return shown


def close_strays(window) -> None:
    """Close windows and dialogs an action left open (a new window, a modeless preview)."""
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible() and widget.isWindow() and not widget.inherits("QMenu"):
            if hasattr(widget, "ask_unsaved_changes"):
                widget.ask_unsaved_changes = lambda: QMessageBox.Discard
            widget.close()


STATES = ("nothing selected", "one card", "everything", "read-only")


def enter_state(window, state: str, map_path, broken_path) -> None:
    """Put the window in ``state`` (reopening the map when an action replaced it)."""
    wanted = broken_path if state == "read-only" else map_path
    if window.document.path != wanted:
        window.open_path(wanted, guard=False)
    if window.scene.is_editing():
        window.scene.cancel_inline_edit()
    amap = window.document.amap
    if state == "one card":
        window.selection.set([next(c.id for c in amap.cards() if c.kind == "position")])
    elif state in ("everything", "read-only"):
        window.selection.set(list(amap.card_ids()))
    else:
        window.selection.set([])
    window.view.setFocus(Qt.OtherFocusReason)


@pytest.mark.parametrize("state", STATES)
def test_every_action_in_every_state_runs_without_an_exception(
    shipped_window, map_copy, tmp_path, monkeypatch, dismissed, state
):
    window = shipped_window
    broken = tmp_path / "broken.yaml"
    broken.write_text(map_copy.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    failures: list[str] = []
    current = {"action": "(setup)"}

    def record(kind, value, tb):
        failures.append(
            f"{state} / {current['action']}: " + "".join(traceback.format_exception(kind, value, tb))
        )

    monkeypatch.setattr(sys, "excepthook", record)
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    monkeypatch.setattr(window, "confirm_unfinished", lambda found: False)
    window.setUpdatesEnabled(False)  # the walk is about exceptions, not pictures: skip 400 repaints
    keys = list(every_action(window))
    assert len(keys) > 60
    walked = 0
    for key in keys:
        text = " \u25b8 ".join(key)
        if key[-1] in ENDS_THE_WINDOW:
            continue
        enter_state(window, state, map_copy, broken)
        action = every_action(window).get(key)
        if action is None:  # an Open Recent entry of another state's file
            continue
        current["action"] = text
        try:
            action.trigger()
            if window.scene.is_editing():  # an add starts an in-place edit: end it as a user would
                window.scene.commit_inline_edit()
            QApplication.processEvents()
        except Exception:  # a failure here is the test's finding, with the action that caused it
            failures.append(f"{state} / {text}: {traceback.format_exc()}")
        close_strays(window)
        walked += 1
    assert not failures, "\n".join(failures)
    assert walked >= len(keys) - len(ENDS_THE_WINDOW) - 3
    if state == "read-only":
        assert window.document.read_only and window.document.path == broken  # nothing wrote over it
        assert "titel:" in broken.read_text(encoding="utf-8")


def test_quit_closes_the_window_without_an_exception(shipped_window, monkeypatch, dismissed):
    failures = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: failures.append(exc))
    quit_action = next(a for key, a in every_action(shipped_window).items() if key[-1] == "Quit")
    quit_action.trigger()
    QApplication.processEvents()
    assert not failures and not shipped_window.isVisible()


@settings(
    max_examples=2,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # a failure names its map; shrinking a window walk takes hours
    suppress_health_check=list(HealthCheck),
)
@given(amap=valid_maps(max_cards=8), everything=st.booleans())
def test_every_action_runs_on_any_map_that_validates(qtbot, tmp_path_factory, dismissed, amap, everything):
    """What validate passes the editor handles: every action, on hostile text in any script, cards
    placed far out, collapsed and cross-linked, with nothing or everything selected."""
    from argmap.format import dumps, loads
    from argmap.ui.main_window import MainWindow

    folder = tmp_path_factory.mktemp("valid")
    path = folder / "m.yaml"
    path.write_text(dumps(amap), encoding="utf-8")
    assert not [p for p in loads(path.read_bytes(), "m.yaml").problems if p.severity == "error"]
    window = MainWindow(settings=QSettings(str(folder / "settings.ini"), QSettings.IniFormat))
    window.ask_unsaved_changes = lambda: QMessageBox.Discard
    window.confirm_delete = lambda question: True
    window.confirm_unfinished = lambda found: False
    qtbot.addWidget(window)
    failures: list[str] = []
    current = {"action": "(open)"}
    hook = sys.excepthook
    sys.excepthook = lambda kind, value, tb: failures.append(
        f"{current['action']}: " + "".join(traceback.format_exception(kind, value, tb))
    )
    try:
        assert window.open_path(path, guard=False)
        window.resize(1000, 700)
        window.show()
        QApplication.processEvents()
        for key in every_action(window):
            if key[-1] in ENDS_THE_WINDOW:
                continue
            if window.document.path != path:
                window.open_path(path, guard=False)
            window.selection.set(list(window.document.amap.card_ids()) if everything else [])
            action = every_action(window).get(key)
            if action is None:
                continue
            current["action"] = " \u25b8 ".join(key)
            try:
                action.trigger()
                if window.scene.is_editing():
                    window.scene.commit_inline_edit()
                QApplication.processEvents()
            except Exception:  # the finding, with the action that caused it
                failures.append(f"{current['action']}: {traceback.format_exc()}")
            close_strays(window)
    finally:
        sys.excepthook = hook
    assert not failures, f"map:\n{dumps(amap)}\n" + "\n".join(failures)
