"""The conflict walk: each conflict of a merge in turn, our version beside theirs, one choice each.

Nothing changes while the dialog is open; its choices are applied by whoever opened it, as one undo
step, when the user finishes. Every value is shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from ..conflicts import where
from ..diff import map_data
from ..model import ArgumentMap, Conflict
from ..resolve import Choice
from .plain_text import window_title


class MergeDialog(QDialog):
    """Walks ``conflicts`` one by one; ``choices`` holds "ours", "theirs" or None for each."""

    def __init__(
        self, conflicts: list[Conflict], merged: ArgumentMap, their_name: str, title: str, parent=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            f"{window_title(title)}: {len(conflicts)} conflict{'s' if len(conflicts) != 1 else ''}"
        )
        self.conflicts = list(conflicts)
        self.choices: list[Choice | None] = [None] * len(conflicts)
        self.index = 0
        self._cards = {c["id"]: c for c in map_data(merged).get("cards", [])}
        outer = QVBoxLayout(self)
        self.progress = QLabel(self)
        self.what = QLabel(self)
        for label in (self.progress, self.what):
            label.setTextFormat(Qt.PlainText)
            label.setWordWrap(True)
            outer.addWidget(label)
        grid = QGridLayout()
        self.heading_ours = QLabel("Ours: this map", self)
        self.heading_theirs = QLabel(f"Theirs: {their_name}", self)
        self.text_ours = QPlainTextEdit(self)
        self.text_theirs = QPlainTextEdit(self)
        self.use_ours = QPushButton("Use &Ours", self)
        self.use_theirs = QPushButton("Use &Theirs", self)
        for column, (heading, text, button) in enumerate(
            (
                (self.heading_ours, self.text_ours, self.use_ours),
                (self.heading_theirs, self.text_theirs, self.use_theirs),
            )
        ):
            heading.setTextFormat(Qt.PlainText)
            text.setReadOnly(True)
            text.setMinimumSize(320, 160)
            grid.addWidget(heading, 0, column)
            grid.addWidget(text, 1, column)
            grid.addWidget(button, 2, column)
        outer.addLayout(grid, 1)
        self.use_ours.clicked.connect(lambda: self.choose("ours"))
        self.use_theirs.clicked.connect(lambda: self.choose("theirs"))
        row = QHBoxLayout()
        self.back = QPushButton("&Back", self)
        self.back.clicked.connect(self.go_back)
        self.rest_ours = QPushButton("Ours for All the &Rest", self)
        self.rest_ours.clicked.connect(lambda: self.choose_rest("ours"))
        self.rest_theirs = QPushButton("Theirs for All the Re&st", self)
        self.rest_theirs.clicked.connect(lambda: self.choose_rest("theirs"))
        self.cancel = QPushButton("Cancel", self)
        self.cancel.clicked.connect(self.reject)
        self.finish = QPushButton("&Finish", self)
        self.finish.clicked.connect(self.accept)
        for button in (self.back, self.rest_ours, self.rest_theirs):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.cancel)
        row.addWidget(self.finish)
        outer.addLayout(row)
        self.resize(760, 420)
        self._show()

    # -- choosing ----------------------------------------------------------------------------

    def choose(self, choice: Choice) -> None:
        """Record ``choice`` for the conflict shown and move to the next one still open."""
        if not self.conflicts:
            return
        self.choices[self.index] = choice
        open_ones = [i for i, c in enumerate(self.choices) if c is None]
        later = [i for i in open_ones if i > self.index]
        self.index = later[0] if later else open_ones[0] if open_ones else self.index
        self._show()

    def choose_rest(self, choice: Choice) -> None:
        self.choices = [c if c is not None else choice for c in self.choices]
        self._show()

    def go_back(self) -> None:
        if self.index > 0:
            self.index -= 1
            self._show()

    def decided(self) -> list[tuple[Conflict, Choice]]:
        return [(c, ch) for c, ch in zip(self.conflicts, self.choices, strict=True) if ch is not None]

    def event(self, event) -> bool:
        # The window's own single-key shortcuts (T switches an arrow's type) must not take O and T
        # from this dialog: claim them, and they arrive as key presses here.
        if (
            event.type() == QEvent.ShortcutOverride
            and event.key() in (Qt.Key_O, Qt.Key_T)
            and not event.modifiers()
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        # O and T choose without reaching for the mouse; Enter finishes once every conflict is chosen.
        if event.key() == Qt.Key_O and not event.modifiers():
            self.choose("ours")
        elif event.key() == Qt.Key_T and not event.modifiers():
            self.choose("theirs")
        elif event.key() in (Qt.Key_Return, Qt.Key_Enter) and not self.finish.isEnabled():
            event.accept()
        else:
            super().keyPressEvent(event)

    # -- showing -----------------------------------------------------------------------------

    def _show(self) -> None:
        n = len(self.conflicts)
        done = sum(c is not None for c in self.choices)
        self.finish.setEnabled(done == n)
        self.finish.setDefault(done == n)
        self.back.setEnabled(self.index > 0)
        if not n:
            self.progress.setText("No conflicts left.")
            return
        conflict = self.conflicts[self.index]
        chosen = self.choices[self.index]
        self.progress.setText(
            f"Conflict {self.index + 1} of {n} ({done} chosen"
            + (f", this one: {chosen}" if chosen else "")
            + ")"
            + (". All chosen: Finish applies them as one step (Undo takes it back)." if done == n else "")
        )
        self.what.setText(self._what(conflict))
        self.text_ours.setPlainText(self._side(conflict, "ours"))
        self.text_theirs.setPlainText(self._side(conflict, "theirs"))

    def _what(self, conflict: Conflict) -> str:
        headline = ""
        if conflict.item == "card" and conflict.key in self._cards:
            card = self._cards[conflict.key]
            headline = " (" + str(card.get("tag") or card.get("text") or card.get("quote") or "") + ")"
        if conflict.removed_by:
            other = "theirs" if conflict.removed_by == "ours" else "ours"
            return (
                f"{where(conflict)}{headline} was removed in {conflict.removed_by} and changed in {other}. "
                "Use the side whose decision stands."
            )
        return f"Both changed {conflict.field} of {where(conflict)}{headline}."

    def _side(self, conflict: Conflict, side: str) -> str:
        if conflict.removed_by == side:
            return f"(removed the {conflict.item})"
        if conflict.removed_by:
            if conflict.item == "card" and conflict.key in self._cards:
                card = self._cards[conflict.key]
                return "\n".join(f"{k}: {_plain(v)}" for k, v in card.items())
            return f"(keeps the {conflict.item})"
        value = conflict.ours if side == "ours" else conflict.theirs
        return _plain(value)


def _plain(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)
