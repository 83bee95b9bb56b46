"""The judge's decision in the editor: a window beside the flow with the reason for decision in words
(argmap.decision), kept up to date while it is open, copied or saved as text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from ..decision import Decision
from .plain_text import show_message


class DecisionView(QDialog):
    """Not modal: the flow stays in reach while the decision reads along."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("DecisionView")
        self.setWindowTitle("Decision")
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.PlainText)
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        self.text = QPlainTextEdit(readOnly=True)  # plain text: card words are never markup
        mono = QFont(self.text.font())
        mono.setPointSizeF(mono.pointSizeF() * 1.05)
        self.text.setFont(mono)
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.copy_button = QPushButton("Copy")
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton("Save as Text\u2026")
        self.save_button.clicked.connect(self.save)
        buttons.addButton(self.copy_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.decision: Decision | None = None

    def show_decision(self, decision: Decision) -> None:
        self.decision = decision
        self.summary.setText("Decision: " + decision.bottom_line)
        scroll = self.text.verticalScrollBar().value()
        self.text.setPlainText(decision.text())
        self.text.verticalScrollBar().setValue(scroll)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def ask_save_path(self) -> str:
        """Where to save the reason for decision (tests replace this method)."""
        path, _ = QFileDialog.getSaveFileName(
            self, "Save Reason for Decision", "decision.txt", "Text (*.txt)"
        )
        return path

    def save(self) -> bool:
        path = self.ask_save_path()
        if not path:
            return False
        try:
            Path(path).write_text(self.text.toPlainText(), encoding="utf-8")
        except OSError as exc:
            show_message(self, "Save Reason for Decision", f"Could not write {path}: {exc.strerror or exc}")
            return False
        return True
