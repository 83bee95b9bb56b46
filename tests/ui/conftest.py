"""Editor tests: a modal dialog nobody expected fails the test instead of hanging the run."""

import pytest
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox


@pytest.fixture(autouse=True)
def no_unexpected_modal_dialogs(monkeypatch):
    def refuse(self, *args, **kwargs):
        text = self.text() if isinstance(self, QMessageBox) else self.windowTitle()
        raise AssertionError(f"unexpected modal {type(self).__name__}: {text!r}")

    for cls in (QMessageBox, QDialog, QMenu):
        monkeypatch.setattr(cls, "exec", refuse)
