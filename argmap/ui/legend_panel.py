"""The legend as a corner panel of the map view: always the same readable size, whatever the zoom.

On screen the legend is part of the view, not of the map (a scene item at the map's far left was
unreadable at the zoom that shows the map, and lost when scrolling). Exports keep their own legend,
which the export scene places beside the cards. View ▸ Show Legend (Ctrl+Shift+L) toggles the panel.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView, QStyleOptionGraphicsItem, QWidget

from ..render.legend import LegendItem
from ..render.theme import Theme

SCALE = 0.75  # the legend's own labels at 75 %: still readable, and small enough for a corner
MARGIN = 10


class LegendPanel(QWidget):
    """Paints the legend in the view's lower-left corner; clicks go through to the map."""

    def __init__(self, view: QGraphicsView, theme: Theme) -> None:
        super().__init__(view)  # a child of the view, not of its viewport: scrolling does not move it
        self._view = view
        self._legend = LegendItem(theme)
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        rect = self._legend.boundingRect()
        self.resize(int(rect.width() * SCALE) + 2, int(rect.height() * SCALE) + 2)
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)  # the viewport settles its size after the view does
        self._place()

    def set_theme(self, theme: Theme) -> None:
        self._legend.set_theme(theme)
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Resize:
            self._place()
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._place()

    def _place(self) -> None:
        area = self._viewport.geometry()
        self.move(area.left() + MARGIN, area.bottom() - self.height() - MARGIN)
        self.raise_()
        self._view.reserved_left = self.width() + 2 * MARGIN if self.isVisible() else 0

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._view.reserved_left = 0

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.scale(SCALE, SCALE)
        self._legend.paint(painter, QStyleOptionGraphicsItem(), None)
        painter.end()


__all__ = ["LegendPanel"]
