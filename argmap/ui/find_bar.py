"""The find bar: search the cards' words as you type, step through the matches, highlight them.

Enter goes to the next match, Shift+Enter to the previous one, Escape closes the bar. The bar only
reports: ``matchesChanged`` for highlighting, ``currentMatchChanged`` for centring and selecting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from ..model import Change
from ..search import find_matches
from .document import MapDocument
from .selection import Selection


class FindBar(QWidget):
    """A query box with "2 of 7", previous/next and close buttons."""

    matchesChanged = Signal(list)  # card ids matching, in reading order ([] when closed or empty)
    currentMatchChanged = Signal(str)  # the match to show ("" when there is none)
    closed = Signal()

    def __init__(
        self,
        document: MapDocument,
        selection: Selection | QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        # Callers may pass (document, parent) too: a widget in the selection's place is the parent.
        if isinstance(selection, QWidget) and parent is None:
            selection, parent = None, selection
        super().__init__(parent)
        self.selection = selection
        self.document: MapDocument | None = None
        self.matches: list[str] = []
        self.current: int = -1
        self._reading_order: Callable[[], Iterable[str]] | None = None

        self.query_edit = QLineEdit(self)
        self.query_edit.setPlaceholderText("Find in tags, text, quotes and cites")
        self.query_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.PlainText)
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("No matches  "))
        self.previous_button = QToolButton(self)
        self.previous_button.setText("\u2191")
        self.previous_button.setToolTip("Previous match (Shift+Enter)")
        self.next_button = QToolButton(self)
        self.next_button.setText("\u2193")
        self.next_button.setToolTip("Next match (Enter)")
        self.close_button = QToolButton(self)
        self.close_button.setText("\u2715")
        self.close_button.setToolTip("Close (Escape)")
        self.close_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        label = QLabel("Find:", self)
        label.setTextFormat(Qt.PlainText)
        label.setBuddy(self.query_edit)
        layout.addWidget(label)
        layout.addWidget(self.query_edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.setFocusProxy(self.query_edit)

        self.query_edit.textChanged.connect(self._search)
        self.query_edit.installEventFilter(self)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)
        self.set_document(document)

    # -- binding -------------------------------------------------------------------------------

    def set_document(self, document: MapDocument) -> None:
        """Search another document's map (or the same one afresh)."""
        if self.document is not None:
            self.document.changed.disconnect(self._on_change)
        self.document = document
        document.changed.connect(self._on_change)
        self._search()

    def set_reading_order(self, order: Callable[[], Iterable[str]] | None) -> None:
        """How to order matches: a function giving card ids in reading order (default: card order)."""
        self._reading_order = order
        self._search()

    @property
    def query(self) -> str:
        return self.query_edit.text()

    @property
    def current_match(self) -> str:
        return self.matches[self.current] if 0 <= self.current < len(self.matches) else ""

    def focus_query(self) -> None:
        """Put the cursor in the query box with its text selected, ready to type over."""
        self.query_edit.setFocus(Qt.ShortcutFocusReason)
        self.query_edit.selectAll()

    def open_bar(self) -> None:
        """Show the bar, highlight the current query's matches, and focus the query box."""
        self.show()
        self.focus_query()

    def close_bar(self) -> None:
        """Hide the bar and clear the highlights."""
        self.hide()

    # -- searching -----------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if (
            change.has("card-added", "card-removed", "card-changed", "sources-changed", "reset")
            and not self.isHidden()
            and self.query
        ):
            self._search()

    def _search(self, *_args) -> None:
        before = self.current_match
        order = list(self._reading_order()) if self._reading_order else None
        matches = find_matches(self.document.amap, self.query, order=order) if not self.isHidden() else []
        changed = matches != self.matches
        self.matches = matches
        if before in matches:
            self.current = matches.index(before)  # keep our place while the query grows
        else:
            self.current = 0 if matches else -1
        self._show_count()
        if changed:
            self.matchesChanged.emit(list(matches))
        if self.current_match != before:
            self.currentMatchChanged.emit(self.current_match)

    def _show_count(self) -> None:
        if not self.query.strip():
            self.count_label.setText("")
        elif not self.matches:
            self.count_label.setText("No matches")
        else:
            self.count_label.setText(f"{self.current + 1} of {len(self.matches)}")
        self.previous_button.setEnabled(len(self.matches) > 1)
        self.next_button.setEnabled(len(self.matches) > 1)

    def find_next(self) -> None:
        """Go to the next match, wrapping round after the last."""
        self._step(1)

    def find_previous(self) -> None:
        """Go to the previous match, wrapping round before the first."""
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.matches:
            return
        self.current = (self.current + delta) % len(self.matches)
        self._show_count()
        self.currentMatchChanged.emit(self.current_match)

    # -- keys and visibility -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query_edit and event.type() == QEvent.KeyPress:
            key = event.key()
            if key in (Qt.Key_Return, Qt.Key_Enter):
                self.find_previous() if event.modifiers() & Qt.ShiftModifier else self.find_next()
                return True
            if key == Qt.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._search()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if self.isHidden():  # closed, not just its window minimised
            self._search()  # an empty result: the canvas drops its highlights
            self.closed.emit()


__all__ = ["FindBar"]
