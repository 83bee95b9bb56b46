"""The same wiring on the editor's real window (skipped while the window cannot be imported yet)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from argmap.ui import reliability

from .conftest import add_card


def test_real_window_autosaves_follows_open_and_close_removes_recovery(qtbot, map_file, store):
    main_window = pytest.importorskip("argmap.ui.main_window")
    window = main_window.MainWindow()
    qtbot.addWidget(window)
    guard = reliability.install(window, store, autosave_ms=50, settle_ms=20)
    assert window.open_path(map_file, guard=False)
    assert guard.document is window.document and guard.document.path == map_file
    add_card(window.document)
    with qtbot.waitSignal(guard.autosaved, timeout=3000):
        pass
    key = guard.key()
    assert store.file_for(key).exists()
    window.ask_unsaved_changes = lambda: QMessageBox.Discard
    assert window.close()
    assert not store.file_for(key).exists()
