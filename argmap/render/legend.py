"""The legend: what the kinds, sides and arrows mean, drawn with the cards' own painting code."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from .. import drawing_style
from .painting import ArrowGeometry, paint_arrow, paint_card_box
from .theme import KIND_LABELS, SIDE_LABELS, Theme

ROW = drawing_style.LEGEND_ROW
SWATCH_W, SWATCH_H = drawing_style.LEGEND_SWATCH
PAD = drawing_style.LEGEND_PAD
TITLE = drawing_style.LEGEND_TITLE
ROWS = drawing_style.LEGEND_ROWS
LEGEND_GAP = drawing_style.LEGEND_GAP


def legend_size(theme: Theme) -> tuple[float, float]:
    """The legend box's (width, height) in scene px: the widest label decides the width."""
    label_w = QFontMetricsF(theme.font("legend")).horizontalAdvance(max((r[2] for r in ROWS), key=len))
    return (PAD * 3 + SWATCH_W + label_w + 8, PAD * 2 + 24 + ROW * len(ROWS))


def paint_legend(painter: QPainter, theme: Theme, size: tuple[float, float]) -> None:
    """The legend box of ``size`` (see :func:`legend_size`) with its top-left corner at the origin."""
    painter.setRenderHint(QPainter.Antialiasing, True)
    box = QRectF(0, 0, *size).adjusted(0.5, 0.5, -0.5, -0.5)
    painter.setPen(QPen(QColor(theme.legend_border), 1))
    painter.setBrush(QColor(theme.legend_fill))
    painter.drawRoundedRect(box, 6, 6)
    painter.setFont(theme.font("legend-title"))
    painter.setPen(QColor(theme.text))
    painter.drawText(QRectF(PAD, PAD, box.width() - 2 * PAD, 20), Qt.AlignLeft | Qt.AlignVCenter, TITLE)
    y = PAD + 24
    for group, key, label in ROWS:
        swatch = QRectF(PAD, y + (ROW - SWATCH_H) / 2, SWATCH_W, SWATCH_H)
        if group == "kind":
            paint_card_box(painter, swatch, key, None, theme)
            painter.setFont(theme.font("label"))
            painter.setPen(QColor(theme.kinds[key].border))
            painter.drawText(swatch, Qt.AlignCenter, KIND_LABELS[key][:3])
        elif group == "side":
            paint_card_box(painter, swatch, "argument", key, theme)
            painter.setFont(theme.font("label"))
            painter.setPen(QColor(theme.text))
            painter.drawText(swatch.adjusted(5, 0, 0, 0), Qt.AlignCenter, SIDE_LABELS[key])
        else:
            mid = swatch.center().y()
            path = QPainterPath(QPointF(swatch.left(), mid))
            path.lineTo(QPointF(swatch.right() - 12, mid))
            paint_arrow(painter, ArrowGeometry(path, QPointF(swatch.right(), mid), 0.0), key, theme)
        painter.setFont(theme.font("legend"))
        painter.setPen(QColor(theme.text))
        painter.drawText(
            QRectF(swatch.right() + PAD, y, box.width(), ROW), Qt.AlignLeft | Qt.AlignVCenter, label
        )
        y += ROW


class LegendItem(QGraphicsItem):
    """The legend as an item of the editor's scene (exports paint it with :func:`paint_legend`)."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self.setZValue(-1)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self._size = legend_size(theme)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, *self._size)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        paint_legend(painter, self._theme, self._size)
