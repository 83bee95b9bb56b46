"""An unexpected error (a bug) shows a dialog saying what to report, writes a log, and leaves the open
map and its autosave alone; the app keeps running."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from argmap.ui import errors

from .conftest import add_card


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    path = tmp_path / "logs" / "argmap.log"
    monkeypatch.setattr(errors, "log_path", lambda: path)
    return path


@pytest.fixture
def shown(monkeypatch):
    boxes = []

    def exec_(box):
        boxes.append({"text": box.text(), "details": box.detailedText(), "title": box.windowTitle()})
        return QMessageBox.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return boxes


def _raise_bug():
    raise ZeroDivisionError("a bug in a slot")


def test_report_unexpected_logs_and_shows_what_to_report(qtbot, log_file, shown):
    try:
        _raise_bug()
    except ZeroDivisionError:
        errors.report_unexpected(*sys.exc_info())
    log = log_file.read_text(encoding="utf-8")
    assert "ZeroDivisionError: a bug in a slot" in log and "_raise_bug" in log
    assert len(shown) == 1
    assert "ZeroDivisionError: a bug in a slot" in shown[0]["text"]
    assert str(log_file) in shown[0]["text"]
    assert "_raise_bug" in shown[0]["details"]


class _Emitter(QObject):
    fired = Signal()


@pytest.mark.qt_no_exception_capture
def test_bug_in_a_slot_leaves_the_map_and_its_autosave_intact_and_the_app_running(
    qtbot, make_window, map_file, store, log_file, shown, monkeypatch
):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    errors.install_excepthook()
    assert sys.excepthook is errors.report_unexpected
    window = make_window(map_file)
    add_card(window.document, "kept", "Survives the bug")
    with qtbot.waitSignal(window.reliability.autosaved, timeout=3000):
        pass
    recovery = store.file_for(window.reliability.key()).read_bytes()
    before = window.document.amap.snapshot()
    emitter = _Emitter()
    emitter.fired.connect(_raise_bug)
    emitter.fired.emit()  # PySide hands the slot's exception to sys.excepthook and carries on
    assert len(shown) == 1 and "ZeroDivisionError" in shown[0]["text"]
    assert "ZeroDivisionError: a bug in a slot" in log_file.read_text(encoding="utf-8")
    assert window.document.amap.snapshot() == before and window.document.modified
    assert store.file_for(window.reliability.key()).read_bytes() == recovery
    add_card(window.document, "after", "Editing goes on")  # still running and autosaving
    with qtbot.waitSignal(window.reliability.autosaved, timeout=3000):
        pass
    assert "Editing goes on" in store.file_for(window.reliability.key()).read_text(encoding="utf-8")
