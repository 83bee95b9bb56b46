"""The inline card editor: a plain-text QGraphicsTextItem laid over a card.

Enter commits, Shift+Enter starts a new line, Escape cancels; losing focus to another part of the
window commits too. The editor only ever holds plain text (``setPlainText``/``toPlainText``).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QTextCursor
from PySide6.QtWidgets import QGraphicsTextItem, QStyle

from .theme import Theme

PAD = 4.0


class InlineEditor(QGraphicsTextItem):
    """Edits one field of one card; says ``finished(True)`` to commit, ``finished(False)`` to cancel."""

    finished = Signal(bool)

    def __init__(self, card_id: str, field: str, text: str, rect: QRectF, theme: Theme) -> None:
        super().__init__()
        self.card_id = card_id
        self.field = field
        self.original = text
        self._theme = theme
        self._done = False
        self.escaped = False
        self.setTextInteractionFlags(Qt.TextEditorInteraction)
        self.setFont(theme.font("tag" if field == "tag" else "text"))
        self.setDefaultTextColor(QColor(theme.text))
        self.setPlainText(text)
        self.setTextWidth(rect.width() - 2 * PAD)
        self.setPos(rect.topLeft() + QRectF(0, 0, PAD, PAD).bottomRight())
        self._min_height = rect.height() - 2 * PAD
        self.setZValue(100)
        cursor = self.textCursor()
        cursor.select(QTextCursor.Document)
        self.setTextCursor(cursor)

    def text(self) -> str:
        return self.toPlainText()

    def boundingRect(self) -> QRectF:
        rect = super().boundingRect()
        rect.setHeight(max(rect.height(), self._min_height))
        return rect.adjusted(-PAD, -PAD, PAD, PAD)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        box = self.boundingRect().adjusted(1, 1, -1, -1)
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setPen(QPen(QColor(self._theme.selection), 1.5))
        painter.setBrush(QColor(self._theme.editor_fill))
        painter.drawRoundedRect(box, 4, 4)
        # Without this, QGraphicsTextItem draws a dashed focus frame inside our own.
        option.state &= ~(QStyle.State_HasFocus | QStyle.State_Selected)
        super().paint(painter, option, widget)

    def finish(self, commit: bool) -> None:
        if self._done:
            return
        self._done = True
        self.finished.emit(commit)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            if event.modifiers() & Qt.ShiftModifier:
                self.textCursor().insertText("\n")
            else:
                self.finish(True)
            event.accept()
            return
        if event.key() == Qt.Key_Escape:
            self.escaped = True  # the user's own cancel (a brand-new card then goes away)
            self.finish(False)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        # Switching windows or opening a menu is not the end of the edit.
        if event.reason() not in (Qt.ActiveWindowFocusReason, Qt.PopupFocusReason, Qt.MenuBarFocusReason):
            self.finish(True)
