"""The Source panel: the text of a source beside the map, with the passages the map already quotes.

The text is shown as plain text (never HTML from the file). Quoted passages are tinted; the selected
card's passage is tinted darker and scrolled into view. A click on a passage selects its card. Selecting
words and pressing the Cut Card key (F7) makes an evidence card of them (see evidence_actions.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..evidence import QuotedPassage, quoted_passages, read_source_text, share_used
from ..model import Change

QUOTED = QColor(255, 236, 150)  # a highlighter's yellow, as debaters know it
CURRENT = QColor(255, 196, 60)


class SourcePanel(QDockWidget):
    """Shows one source's text; follows the map, the selection and the chosen source."""

    cardClicked = Signal(str)

    def __init__(self, window) -> None:
        super().__init__("Source", window)
        self.setObjectName("SourceDock")
        self.window_ = window
        self.document = None
        self.source_id: str | None = None
        self.source_text: str = ""
        self.passages: list[QuotedPassage] = []
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        self.combo = QComboBox(box)
        self.combo.setAccessibleName("Source shown")
        self.usage = QLabel(box)
        self.usage.setTextFormat(Qt.PlainText)
        self.usage.setWordWrap(True)
        self.text = QPlainTextEdit(box)
        self.text.setReadOnly(True)
        # Read-only, yet the keyboard moves a cursor and selects words: cutting is keyboard work.
        self.text.setTextInteractionFlags(Qt.TextSelectableByKeyboard | Qt.TextSelectableByMouse)
        self.text.setAccessibleName("Source text")
        self.text.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.text.viewport().installEventFilter(self)
        layout.addWidget(self.combo)
        layout.addWidget(self.usage)
        layout.addWidget(self.text, 1)
        self.setWidget(box)
        self.combo.activated.connect(lambda _i: self.show_source(self.combo.currentData()))
        window.selection.changed.connect(self._follow_selection)
        # A panel behind a tab cannot scroll: bring the selected card's passage into view when shown.
        self.visibilityChanged.connect(lambda visible: visible and self._follow_selection())

    # -- following the document ----------------------------------------------------------------

    def set_document(self, document) -> None:
        if self.document is not None:
            self.document.amap.unsubscribe(self._on_change)
        self.document = document
        document.amap.subscribe(self._on_change, batches=True)
        document.pathChanged.connect(self._refill)
        self._refill()

    @property
    def amap(self):
        return self.document.amap

    def _on_change(self, change: Change) -> None:
        if change.has("sources-changed", "reset"):
            self._refill()
        elif change.has("card-added", "card-removed", "card-changed", "batch-ended"):
            if not self.amap.batching:
                self._mark_passages()

    def sources_with_text(self) -> list[str]:
        return [sid for sid, s in self.amap.sources.items() if s.file]

    def _refill(self) -> None:
        ids = self.sources_with_text()
        self.combo.blockSignals(True)
        self.combo.clear()
        for sid in ids:
            source = self.amap.sources[sid]
            self.combo.addItem(f"{source.title or sid} ({sid})", sid)
        self.combo.blockSignals(False)
        keep = self.source_id if self.source_id in ids else (ids[0] if ids else None)
        self.show_source(keep, force=True)

    def show_source(self, source_id: str | None, *, force: bool = False) -> None:
        """Show the text of ``source_id`` (None: nothing to show)."""
        if source_id == self.source_id and not force:
            return
        self.source_id = source_id
        self.combo.setCurrentIndex(max(0, self.combo.findData(source_id)))
        text = None
        if source_id is not None and self.document is not None:
            text = read_source_text(self.document.path, self.amap.sources[source_id].file)
        if text is None:
            self.source_text = ""
            self.text.setPlainText("")
            if source_id is None:
                self.text.setPlaceholderText(
                    "No source with a text file yet. Evidence ▸ Sources… adds one from a .txt, web page, "
                    ".pdf or .docx file."
                )
            else:
                self.text.setPlaceholderText(
                    f"The text of '{source_id}' cannot be read (save the map beside its source file)."
                )
        else:
            self.source_text = text
            self.text.setPlainText(text)  # plain text: nothing in the file is read as markup
        self._mark_passages()

    # -- passages ------------------------------------------------------------------------------

    def _mark_passages(self) -> None:
        if self.source_id is None or not self.source_text:
            self.passages = []
            self.text.setExtraSelections([])
            self.usage.setText("")
            return
        self.passages = quoted_passages(self.amap, self.source_id, self.source_text)
        current = self.window_.selection.current
        selections = []
        for passage in self.passages:
            fmt = QTextCharFormat()
            fmt.setBackground(CURRENT if passage.card_id == current else QUOTED)
            for start, end in passage.spans:
                sel = QTextEdit.ExtraSelection()
                sel.cursor = self._cursor(start, end)
                sel.format = fmt
                selections.append(sel)
        self.text.setExtraSelections(selections)
        used, total = share_used(self.source_text, self.passages)
        n = len(self.passages)
        share = round(100 * used / total) if total else 0
        self.usage.setText(
            f"The map quotes {share} % of this source ({used:,} of {total:,} words) in "
            f"{n} card{'s' if n != 1 else ''}."
        )

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        return cursor

    def passage_of(self, card_id: str) -> QuotedPassage | None:
        return next((p for p in self.passages if p.card_id == card_id), None)

    def _follow_selection(self) -> None:
        """The selected card's passage: tinted darker and scrolled to (switching source if need be)."""
        if self.document is None:
            return
        card_id = self.window_.selection.current
        if card_id is None or card_id not in self.amap:
            self._mark_passages()
            return
        card = self.amap.card(card_id)
        if (
            card.cite is not None
            and card.cite.source != self.source_id
            and card.cite.source in self.sources_with_text()
        ):
            self.show_source(card.cite.source)
        self._mark_passages()
        passage = self.passage_of(card_id)
        if passage is not None and not self.text.hasFocus():
            cursor = self._cursor(*passage.spans[0])
            cursor.setPosition(passage.spans[0][0])
            self.text.setTextCursor(cursor)
            self.text.centerCursor()

    def selected_range(self) -> tuple[int, int] | None:
        """The selected stretch of the source's text, as offsets; None without a selection."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            return None
        return cursor.selectionStart(), cursor.selectionEnd()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A click (not a drag that selects words) on a quoted passage selects the card quoting it.
        if watched is self.text.viewport() and event.type() == QEvent.MouseButtonRelease:
            if not self.text.textCursor().hasSelection():
                offset = self.text.cursorForPosition(event.position().toPoint()).position()
                for passage in self.passages:
                    if any(start <= offset < end for start, end in passage.spans):
                        self.cardClicked.emit(passage.card_id)
                        break
        return False
