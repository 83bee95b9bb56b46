"""Unexpected errors in the editor: a dialog saying what to report and a log file; the app keeps running."""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path

from platformdirs import user_log_dir
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox


def log_path() -> Path:
    return Path(user_log_dir("argmap", "argmap")) / "argmap.log"


def write_log(text: str) -> Path | None:
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{text}\n")
        return path
    except OSError:
        return None


def report_unexpected(exc_type, exc, tb) -> None:
    """Log the traceback and tell the user plainly; never let a slot's exception end the app."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    where = write_log(text)
    print(text, file=sys.stderr)
    if QApplication.instance() is None:
        return
    box = QMessageBox(
        QMessageBox.Critical,
        "argmap hit a bug",
        "Something went wrong inside argmap. Your map is still open. An edit is always made whole "
        "or not at all: if you had just made one, it is in the map and Edit \u25b8 Undo takes it "
        "back, though part of the window may not show it yet. Save to be safe.\n\n"
        f"Please report this with the log file{f' ({where})' if where else ''}:\n"
        f"{exc_type.__name__}: {exc}",
    )
    box.setTextFormat(Qt.PlainText)
    box.setDetailedText(text)
    box.exec()


def install_excepthook() -> None:
    sys.excepthook = report_unexpected
