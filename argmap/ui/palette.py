"""Light or dark widgets for the whole application (the map's own colours follow in each window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory


def apply_palette(app: QApplication, scheme: str = "system") -> None:
    """Light or dark widgets: "system" follows the desktop's colour scheme; "dark"/"light" force one."""
    if scheme == "system":
        scheme = "dark" if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark else "light"
    app.setStyle(QStyleFactory.create("Fusion"))
    if scheme == "dark":
        palette = QPalette()
        for role, colour in (
            (QPalette.Window, "#2b2d30"),
            (QPalette.WindowText, "#e6e6e6"),
            (QPalette.Base, "#1f2023"),
            (QPalette.AlternateBase, "#2b2d30"),
            (QPalette.Text, "#e6e6e6"),
            (QPalette.Button, "#3a3c40"),
            (QPalette.ButtonText, "#e6e6e6"),
            (QPalette.Highlight, "#3d7bd9"),
            (QPalette.HighlightedText, "#ffffff"),
            (QPalette.ToolTipBase, "#3a3c40"),
            (QPalette.ToolTipText, "#e6e6e6"),
            (QPalette.PlaceholderText, "#8a8a8a"),
        ):
            palette.setColor(role, QColor(colour))
        palette.setColor(QPalette.Disabled, QPalette.Text, QColor("#7a7a7a"))
        palette.setColor(QPalette.Disabled, QPalette.ButtonText, QColor("#7a7a7a"))
        app.setPalette(palette)
    else:
        app.setPalette(app.style().standardPalette())
