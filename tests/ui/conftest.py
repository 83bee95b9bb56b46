"""Editor tests: the shipped map open in a window, and no modal dialog nobody expected (it would hang)."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def map_copy(tmp_path) -> Path:
    """The shipped map and its source text, copied where a test may change them."""
    for name in ("ukraine-resistance.yaml", "ukraine-resistance.source.txt"):
        shutil.copy(ROOT / "maps" / name, tmp_path / name)
    return tmp_path / "ukraine-resistance.yaml"


@pytest.fixture
def shipped_window(qtbot, map_copy, tmp_path, monkeypatch):
    """A shown editor window on a copy of the shipped map, with its own settings file."""
    from argmap.ui.main_window import MainWindow

    win = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    # pytest-qt closes widgets before fixtures tear down: let a modified map close without asking.
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    monkeypatch.setattr(win, "confirm_delete", lambda question: True)  # tests of the question patch it
    qtbot.addWidget(win)
    assert win.open_path(map_copy, guard=False)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture(autouse=True)
def no_unexpected_modal_dialogs(monkeypatch):
    def refuse(self, *args, **kwargs):
        text = self.text() if isinstance(self, QMessageBox) else self.windowTitle()
        raise AssertionError(f"unexpected modal {type(self).__name__}: {text!r}")

    for cls in (QMessageBox, QDialog, QMenu):
        monkeypatch.setattr(cls, "exec", refuse)
