"""A dialog listing actions and their keyboard shortcuts, with a box to filter them."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..search import fold


def action_title(action: QAction) -> str:
    """An action's text as a person reads it: without mnemonic '&' (a doubled '&&' is a literal '&')."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.removesuffix("...").removesuffix("\u2026").strip()


def shortcut_text(action: QAction) -> str:
    """All of an action's shortcuts in the platform's own notation, separated by commas."""
    return ", ".join(seq.toString(QKeySequence.NativeText) for seq in action.shortcuts() if not seq.isEmpty())


class ShortcutsDialog(QDialog):
    """The given actions, one a row: what it does and its shortcut(s).

    Separators and untitled actions are left out."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by name or key")
        self.filter_edit.setClearButtonEnabled(True)
        rows = []
        seen: set[tuple[str, str]] = set()
        for action in actions:
            title = action_title(action)
            if action.isSeparator() or not title:
                continue
            row = (title, shortcut_text(action))
            if row not in seen:  # one action may be listed in several menus
                seen.add(row)
                rows.append(row)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels(["Action", "Shortcut"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        for r, (title, keys) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(title))
            self.table.setItem(r, 1, QTableWidgetItem(keys))
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.resize(520, 560)

    def apply_filter(self, text: str) -> None:
        """Show only the rows whose action or shortcut contains ``text`` (case- and accent-insensitive)."""
        needle = fold(text).strip()
        for r in range(self.table.rowCount()):
            words = fold(f"{self.table.item(r, 0).text()} {self.table.item(r, 1).text()}")
            self.table.setRowHidden(r, bool(needle) and needle not in words)

    def visible_rows(self) -> list[tuple[str, str]]:
        """(action, shortcut) of the rows shown now, top to bottom."""
        return [
            (self.table.item(r, 0).text(), self.table.item(r, 1).text())
            for r in range(self.table.rowCount())
            if not self.table.isRowHidden(r)
        ]


__all__ = ["ShortcutsDialog", "action_title", "shortcut_text"]
