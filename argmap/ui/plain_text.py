"""User text shown by Qt as exactly what it says.

Qt shows a tooltip as rich text whenever the text merely looks like HTML (Qt::mightBeRichText), so a
card saying ``<img src=file:...>`` would load an image. Text from a map reaches a tooltip only
through :func:`tooltip`, which escapes it into rich text that displays the characters themselves.
"""

from __future__ import annotations

from PySide6.QtGui import Qt


def tooltip(text: str) -> str:
    """``text`` as a tooltip Qt never interprets: markup escaped, line breaks kept, long lines wrapped."""
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceNormal) if text else ""
