"""The legend as a corner panel of the map view: always the same readable size, whatever the zoom.

On screen the legend is part of the view, not of the map (a scene item at the map's far left was
unreadable at the zoom that shows the map, and lost when scrolling). Exports keep their own legend,
which the export scene places beside the cards. View ▸ Show Legend (Ctrl+Shift+L) toggles the panel.

The panel sits in the lower-left corner unless a card is there: a map opens with the panel in the
first free corner (lower left, lower right, upper left, upper right), and when every corner has a card
the first view slides the map down just far enough to free an upper one. A fit (Ctrl+0, focus) uses the
whole view when the panel then finds a free corner, else it keeps the panel's side of the view clear.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView, QStyleOptionGraphicsItem, QWidget

from ..render.legend import LegendItem
from ..render.theme import Theme

SCALE = 0.75  # the legend's own labels at 75 %: still readable, and small enough for a corner
MARGIN = 10
GAP = 6  # view pixels kept between the panel and the nearest card
# In the order they are tried: the lower left is where readers look for a legend.
CORNERS = ("bottom-left", "bottom-right", "top-left", "top-right")
MAX_SLIDES = 8  # a slide can bring another card under the panel: try again, a few times


class LegendPanel(QWidget):
    """Paints the legend in a corner of the view clear of the cards; clicks go through to the map."""

    def __init__(self, view: QGraphicsView, theme: Theme) -> None:
        super().__init__(view)  # a child of the view, not of its viewport: scrolling does not move it
        self._view = view
        self._legend = LegendItem(theme)
        self.corner = CORNERS[0]
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        rect = self._legend.boundingRect()
        self.resize(int(rect.width() * SCALE) + 2, int(rect.height() * SCALE) + 2)
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)  # the viewport settles its size after the view does
        view.corner_panel = self  # fits ask it for a free corner before they leave room for it
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

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._view.reserved_left = self._view.reserved_right = 0

    # -- where it sits -------------------------------------------------------------------------

    def rect_in_viewport(self, corner: str | None = None) -> QRect:
        """The panel's rectangle in viewport pixels when it sits in ``corner`` (its own by default)."""
        area = self._viewport.rect()
        corner = corner or self.corner
        x = area.left() + MARGIN if corner.endswith("left") else area.right() - self.width() - MARGIN + 1
        y = area.top() + MARGIN if corner.startswith("top") else area.bottom() - self.height() - MARGIN + 1
        return QRect(QPoint(x, y), self.size())

    def _place(self) -> None:
        self.move(self.rect_in_viewport().topLeft() + self._viewport.geometry().topLeft())
        self.raise_()
        reserved = self.width() + 2 * MARGIN if self.isVisible() else 0
        left = self.corner.endswith("left")
        self._view.reserved_left = reserved if left else 0
        self._view.reserved_right = 0 if left else reserved

    def set_corner(self, corner: str) -> None:
        self.corner = corner
        self._place()

    def covered_cards(self, corner: str | None = None) -> list[str]:
        """The shown cards the panel would cover (with a small gap) in ``corner``, as the view is now."""
        scene = self._view.scene()
        if scene is None:
            return []
        panel = self.rect_in_viewport(corner).adjusted(-GAP, -GAP, GAP, GAP)
        area = self._view.mapToScene(panel).boundingRect()
        return [
            cid
            for cid in scene.card_ids_in(area)
            if not scene.is_hidden(cid)
            and self._view.mapFromScene(scene.card_rect(cid)).boundingRect().intersects(panel)
        ]

    def move_to_free_corner(self) -> bool:
        """Sit in the first corner with no card under it; False (and stay put) when there is none."""
        for corner in CORNERS:
            if not self.covered_cards(corner):
                self.set_corner(corner)
                return True
        return False

    def keep_clear(self) -> None:
        """For a map's first view: a free corner, or, when every corner has a card, the smallest
        slide of the map down the view that frees an upper corner (the first view shows the map's top,
        so the room above it is empty canvas)."""
        if not self.isVisible() or self.move_to_free_corner():
            return
        bars = self._view.horizontalScrollBar(), self._view.verticalScrollBar()
        start = tuple(bar.value() for bar in bars)
        best: tuple[int, str, tuple[int, int]] | None = None
        for corner in ("top-left", "top-right"):  # the map slides down: its top row stays in view
            slid = self._slide_clear(corner)
            if slid is not None:
                distance = abs(slid[0] - start[0]) + abs(slid[1] - start[1])
                if best is None or distance < best[0]:
                    best = (distance, corner, slid)
            for bar, value in zip(bars, start, strict=True):
                bar.setValue(value)
        if best is not None:
            for bar, value in zip(bars, best[2], strict=True):
                bar.setValue(value)
            self.set_corner(best[1])

    def _slide_clear(self, corner: str) -> tuple[int, int] | None:
        """Scroll the view until no card is under ``corner``: the scroll bars' values then, or None."""
        scene = self._view.scene()
        bars = self._view.horizontalScrollBar(), self._view.verticalScrollBar()
        panel = self.rect_in_viewport(corner).adjusted(-GAP, -GAP, GAP, GAP)
        vertical = bars[1]
        for _ in range(MAX_SLIDES):
            covered = self.covered_cards(corner)
            if not covered:
                return bars[0].value(), bars[1].value()
            rects = [self._view.mapFromScene(scene.card_rect(c)).boundingRect() for c in covered]
            if corner.startswith("top"):
                step = -max(panel.bottom() + 1 - r.top() for r in rects)  # show more above the cards
            else:
                step = max(r.bottom() + 1 - panel.top() for r in rects)  # show more below the cards
            before = vertical.value()
            vertical.setValue(before + step)
            if vertical.value() == before:
                return None  # the scene ends there
        return None

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.scale(SCALE, SCALE)
        self._legend.paint(painter, QStyleOptionGraphicsItem(), None)
        painter.end()


__all__ = ["LegendPanel"]
