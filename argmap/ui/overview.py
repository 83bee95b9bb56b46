"""OverviewWidget: a minimap of the whole map with the main view's rectangle on it.

The cards are drawn once into a cached pixmap, as plain boxes in their kind's colours (straight from
their rectangles: no item is asked to paint, so a map of 10,000 cards takes milliseconds), and redrawn
a moment after the scene changes; panning and zooming the main view only repaint the rectangle.
Clicking or dragging on the minimap recentres the main view there.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

REFRESH_MS = 150
MARGIN = 8.0


def _content_signal(scene):
    """What tells the minimap to redraw. Never QGraphicsScene.changed on a MapScene: while anything
    listens to ``changed``, Qt repaints every dirty item's whole bounding rectangle (its pre-4.5
    compatibility path), and the far-out layer's rectangle is the whole map."""
    return getattr(scene, "contentChanged", None) or scene.changed


class OverviewWidget(QWidget):
    """A scaled-down picture of a MapView's scene; click or drag to move the view."""

    def __init__(self, view=None, parent=None) -> None:
        super().__init__(parent)
        self._view = None
        self._scene = None
        self._pixmap: QPixmap | None = None
        self._source = QRectF()  # the scene rectangle the pixmap shows
        self._target = QRectF()  # where in the widget it is drawn
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.setMinimumSize(120, 90)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setCursor(Qt.PointingHandCursor)
        if view is not None:
            self.set_view(view)

    def sizeHint(self) -> QSize:
        return QSize(240, 180)

    def set_view(self, view) -> None:
        """Follow ``view`` and whatever scene it shows now."""
        if self._view is not view:
            if self._view is not None:
                self._disconnect_view(self._view)
            self._view = view
            view.horizontalScrollBar().valueChanged.connect(self.update)
            view.verticalScrollBar().valueChanged.connect(self.update)
            view.zoomChanged.connect(self.update)
        self._set_scene(view.scene())

    def _disconnect_view(self, view) -> None:
        for signal in (
            view.horizontalScrollBar().valueChanged,
            view.verticalScrollBar().valueChanged,
            view.zoomChanged,
        ):
            signal.disconnect(self.update)

    def _set_scene(self, scene) -> None:
        if scene is self._scene:
            self.schedule_refresh()
            return
        if self._scene is not None:
            try:
                _content_signal(self._scene).disconnect(self.schedule_refresh)
            except (RuntimeError, TypeError):  # the old scene is already gone
                pass
        self._scene = scene
        if scene is not None:
            _content_signal(scene).connect(self.schedule_refresh)
        self.schedule_refresh()  # once the new scene has been shown, not in the middle of opening it

    def schedule_refresh(self, *_args) -> None:
        """Redraw the cached picture once the scene has been still for a moment."""
        self._timer.start()

    def refresh(self) -> None:
        """Redraw the cached picture of the whole map now."""
        self._pixmap = None
        scene = self._scene
        if scene is None or self.width() < 4 or self.height() < 4:
            self.update()
            return
        source = scene.content_rect()
        legend = scene.legend_item() if hasattr(scene, "legend_item") else None
        if legend is not None and legend.isVisible():
            source = source.united(legend.sceneBoundingRect())
        if source.isNull():
            self.update()
            return
        self._source = source.adjusted(-20, -20, 20, 20)
        area = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        scale = min(area.width() / self._source.width(), area.height() / self._source.height())
        w, h = self._source.width() * scale, self._source.height() * scale
        self._target = QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(max(1, int(w * ratio)), max(1, int(h * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(scene.backgroundBrush().color())
        painter = QPainter(pixmap)
        painter.scale(scale, scale)
        painter.translate(-self._source.left(), -self._source.top())
        self._paint_boxes(painter, scene, scale)
        painter.end()
        self._pixmap = pixmap
        self.update()

    @staticmethod
    def _paint_boxes(painter: QPainter, scene, scale: float) -> None:
        """Every visible card as a box filled and edged in its kind's colours, one draw call per kind."""
        boxes = scene.card_boxes() if hasattr(scene, "card_boxes") else {}
        theme = getattr(scene, "theme", None)
        by_kind: dict[str, list[QRectF]] = {}
        for cid, box in boxes.items():
            if not scene.is_hidden(cid):
                by_kind.setdefault(scene.amap.card(cid).kind, []).append(box)
        for kind, rects in by_kind.items():
            style = theme.kinds.get(kind) if theme is not None else None
            pen = QPen(QColor(style.border if style else "#868e96"), 1.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(QColor(style.fill if style else "#f1f3f5"))
            painter.drawRects(rects)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.schedule_refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.schedule_refresh()

    # -- mapping between the widget and the scene ---------------------------------------------

    def to_scene(self, point: QPointF) -> QPointF:
        t, s = self._target, self._source
        return QPointF(
            s.left() + (point.x() - t.left()) * s.width() / t.width(),
            s.top() + (point.y() - t.top()) * s.height() / t.height(),
        )

    def to_widget(self, rect: QRectF) -> QRectF:
        t, s = self._target, self._source
        kx, ky = t.width() / s.width(), t.height() / s.height()
        return QRectF(
            t.left() + (rect.left() - s.left()) * kx,
            t.top() + (rect.top() - s.top()) * ky,
            rect.width() * kx,
            rect.height() * ky,
        )

    def viewport_rect(self) -> QRectF:
        """The part of the scene the main view shows, in scene coordinates."""
        view = self._view
        return view.mapToScene(view.viewport().rect()).boundingRect()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        if self._pixmap is None or self._view is None or self._source.isNull():
            return
        painter.drawPixmap(self._target.topLeft(), self._pixmap)
        painter.setRenderHint(QPainter.Antialiasing, True)
        frame = self.to_widget(self.viewport_rect()).intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        accent = QColor(self.palette().highlight().color())
        fill = QColor(accent)
        fill.setAlpha(40)
        painter.setPen(QPen(accent, 1.5))
        painter.setBrush(fill)
        painter.drawRect(frame)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.LeftButton:
            self._recentre(event.position())

    def mouseMoveEvent(self, event) -> None:
        if event.buttons() & Qt.LeftButton:
            self._recentre(event.position())

    def _recentre(self, point: QPointF) -> None:
        if self._view is None or self._source.isNull() or self._target.isEmpty():
            return
        self._view.centerOn(self.to_scene(point))
        self.update()
