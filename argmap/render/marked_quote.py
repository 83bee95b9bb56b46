"""A quote as debaters read it off a card: highlighted words at full size on a highlighter's colour,
everything else small (Verbatim's shrink), underlined and emphasized words marked, nothing cut off.

Kept apart from painting.py so the card painter calls one function for a marked quote.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QPainter, QTextCharFormat, QTextLayout, QTextOption

from .. import drawing_style
from ..model import Card
from ..quotes import styles_at
from .theme import Theme

SHRINK = 0.62  # unread words at this share of the quote's size, as Verbatim's shrink does


def highlighter(theme: Theme, dark: bool) -> QColor:
    """The highlighter's colour from the theme's own (so the print theme stays grey), pale enough to read
    black text on (dark enough for light text in a dark theme)."""
    return QColor(drawing_style.highlighter(theme.highlight, dark))


def _runs(card: Card) -> list[tuple[int, int, frozenset]]:
    """Maximal stretches of the quote with one set of marks."""
    cuts = sorted({0, len(card.quote), *(m.start for m in card.marks), *(m.end for m in card.marks)})
    return [(a, b, styles_at(card.marks, a)) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def marked_layout(card: Card, theme: Theme, width: float) -> QTextLayout:
    """The quote laid out in ``width`` px with its marks: call ``.draw`` to paint it."""
    base: QFont = theme.font("quote")
    base.setItalic(False)  # marks carry the emphasis; an italic shrink is hard to read
    layout = QTextLayout(card.quote, base)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    small = QFont(base)
    small.setPixelSize(max(7, round(base.pixelSize() * SHRINK)) if base.pixelSize() > 0 else 7)
    if base.pixelSize() <= 0:
        small.setPointSizeF(max(5.0, base.pointSizeF() * SHRINK))
    reads_some = any(m.style == "highlight" for m in card.marks)
    dark = QColor(theme.background).lightness() < 128
    formats = []
    for start, end, styles in _runs(card):
        fmt = QTextCharFormat()
        read = "highlight" in styles or not reads_some
        fmt.setFont(base if read else small)
        if "highlight" in styles:
            fmt.setBackground(highlighter(theme, dark))
        if "underline" in styles or "emphasis" in styles:
            fmt.setFontUnderline(True)
        if "emphasis" in styles:
            fmt.setFontWeight(QFont.Bold)
        fmt.setForeground(QColor(theme.text if read else theme.muted_text))
        r = QTextLayout.FormatRange()
        r.start, r.length, r.format = start, end - start, fmt
        formats.append(r)
    layout.setFormats(formats)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


def paint_marked_quote(painter: QPainter, layout: QTextLayout, top_left: QPointF) -> float:
    """Draw a laid-out marked quote; returns the height it took."""
    layout.draw(painter, top_left)
    return layout.boundingRect().height()
