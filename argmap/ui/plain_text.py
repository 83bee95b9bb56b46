"""User text shown by Qt as exactly what it says.

Qt reads text as markup in more places than it seems. A tooltip, a QLabel and a QMessageBox left in
their default "auto" format become rich text whenever the text merely looks like HTML
(Qt::mightBeRichText), so a card saying ``<img src=file:...>`` would load an image; an action's,
a tab's or a button's text treats ``&`` as a keyboard mnemonic; a window title hides ``[*]``. Text from
a map, a file name or a setting reaches those places only through the helpers here.
"""

from __future__ import annotations

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def tooltip(text: str) -> str:
    """``text`` as a tooltip Qt never interprets: markup escaped, line breaks kept, long lines wrapped."""
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceNormal) if text else ""


def menu_text(text: str) -> str:
    """``text`` for an action, a tab or a button: every ``&`` shown, none taken as a mnemonic."""
    return text.replace("&", "&&")


def window_title(text: str) -> str:
    """``text`` inside a window title: a literal ``[*]`` kept (Qt hides one as the modified mark)."""
    return text.replace("[*]", "[*][*]")


def label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that shows ``text`` (and whatever is set later) as plain text."""
    widget = QLabel(parent)
    widget.setTextFormat(Qt.PlainText)
    widget.setText(text)
    return widget


def message(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Warning,
    details: str = "",
) -> QMessageBox:
    """A message box, not yet shown, whose text and informative text are plain text (the static
    ``QMessageBox.warning`` and friends read them as markup when they look like it)."""
    box = QMessageBox(icon, title, text, QMessageBox.Ok, parent)
    box.setTextFormat(Qt.PlainText)
    if details:
        box.setInformativeText(details)
    return box


def show_message(
    parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Warning
) -> None:
    """Show :func:`message` and wait for OK."""
    message(parent, title, text, icon).exec()
