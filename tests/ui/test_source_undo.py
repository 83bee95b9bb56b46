"""Undoing "add a source from a file" takes its text file away too; redo puts it back; a file that was
there before the add is never touched. Driven as a user does: Evidence ▸ Sources…, Add from File…, Ctrl+Z."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from argmap.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "evidence" / "samples"
PAGE = SAMPLES / "salon.com.emissions.html"  # becomes the source "johnson"

START = """argmap: 1
title: Emissions
cards:
- id: emissions-fall
  kind: position
  side: for
  text: U.S. emissions fell in 2019 as coal declined.
"""


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from argmap.ui.main_window import MainWindow

    path = tmp_path / "emissions.yaml"
    path.write_text(START, encoding="utf-8")
    win = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    qtbot.addWidget(win)
    assert win.open_path(path, guard=False)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def add_from_file(qtbot, window, file: Path) -> None:
    """Evidence ▸ Sources… (Ctrl+Alt+S), Add from File… (Ctrl+O), type the path, Enter, Escape."""
    QTest.keyClick(window, Qt.Key_S, Qt.ControlModifier | Qt.AltModifier)
    dialog = window.evidence_actions.dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.list)
    before = set(window.document.amap.sources)
    QTest.keyClick(dialog.list, Qt.Key_O, Qt.ControlModifier)
    chooser = dialog.file_chooser
    qtbot.waitUntil(lambda: chooser.isAncestorOf(QApplication.focusWidget()))
    QTest.keyClicks(QApplication.focusWidget(), str(file))
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    qtbot.waitUntil(lambda: set(window.document.amap.sources) != before)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.edits["title"])
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Escape)
    assert not dialog.isVisible()
    qtbot.waitUntil(window.isActiveWindow)  # back to the map: its keys work again


def undo(window):
    QTest.keyClick(window.view, Qt.Key_Z, Qt.ControlModifier)


def redo(window):
    QTest.keyClick(window.view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)


def test_undo_of_an_added_source_deletes_its_text_file_and_redo_brings_it_back(qtbot, window, tmp_path):
    add_from_file(qtbot, window, PAGE)
    text = tmp_path / "johnson.source.txt"
    written = text.read_bytes()
    assert window.document.amap.sources["johnson"].file == text.name
    undo(window)
    assert "johnson" not in window.document.amap.sources
    assert not text.exists()
    redo(window)
    assert window.document.amap.sources["johnson"].file == text.name
    assert text.read_bytes() == written
    undo(window)
    assert not text.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".txt") == []


def test_a_text_file_that_was_there_before_the_add_is_never_deleted(qtbot, window, tmp_path):
    mine = tmp_path / "johnson.source.txt"
    mine.write_text("my own notes, not the add's", encoding="utf-8")
    add_from_file(qtbot, window, PAGE)
    assert window.document.amap.sources["johnson"].file == "johnson-2.source.txt"  # a new name
    undo(window)
    assert not (tmp_path / "johnson-2.source.txt").exists()
    assert mine.read_text(encoding="utf-8") == "my own notes, not the add's"


def test_a_text_file_the_saved_map_names_or_the_user_changed_stays(qtbot, window, tmp_path):
    add_from_file(qtbot, window, PAGE)
    text = tmp_path / "johnson.source.txt"
    QTest.keyClick(window.view, Qt.Key_S, Qt.ControlModifier)  # saved: the file on disk names the text
    assert "johnson.source.txt" in window.document.path.read_text(encoding="utf-8")
    undo(window)
    assert text.exists()  # closing without saving again leaves the saved map whole
    redo(window)
    text.write_text("edited by hand after the add", encoding="utf-8")
    window.document.path.write_text(START, encoding="utf-8")  # (another program saved the map)
    undo(window)
    assert text.read_text(encoding="utf-8") == "edited by hand after the add"


def test_argmap_source_add_leaves_no_text_file_when_the_map_cannot_be_saved(tmp_path, monkeypatch, capsys):
    path = tmp_path / "emissions.yaml"
    path.write_text(START, encoding="utf-8")
    from argmap.atomic import SaveError
    from argmap.commands import source as source_command

    def refuse(*args, **kwargs):
        raise SaveError(28, "No space left on device", str(path))

    monkeypatch.setattr(source_command, "save", refuse)
    assert main(["source", "add", str(path), str(PAGE)]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["emissions.yaml"]
    assert "No space left" in capsys.readouterr().err
