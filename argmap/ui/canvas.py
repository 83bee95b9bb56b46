"""MapView: the canvas on which a MapScene is shown, with zoom, pan, selection and keyboard moves.

Gestures that change the map (moving cards, connecting them, editing text) live in the scene and
come out as its signals; the view only changes what is seen and what is selected.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QTransform
from PySide6.QtWidgets import QFrame, QGraphicsView

from ..render.items import CardItem, RelationItem
from ..render.painting import TINY_DETAIL

MIN_ZOOM = 0.05
MAX_ZOOM = 8.0
STEP = 1.25
FIT_MARGIN = 40.0
DRAG_THRESHOLD = 3


class _Pan:
    """Dragging the canvas itself: left button on empty space, or the middle button anywhere."""

    def __init__(self, view: MapView, pos) -> None:
        self.view = view
        self.start = pos
        self.last = pos
        self.moved = False

    def move(self, pos) -> None:
        delta = pos - self.last
        self.last = pos
        if (pos - self.start).manhattanLength() > DRAG_THRESHOLD:
            self.moved = True
        h, v = self.view.horizontalScrollBar(), self.view.verticalScrollBar()
        h.setValue(h.value() - delta.x())
        v.setValue(v.value() - delta.y())


class MapView(QGraphicsView):
    """Shows a MapScene; zooms between 5 % and 800 %."""

    zoomChanged = Signal(float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRenderHints(
            QPainter.Antialiasing | QPainter.TextAntialiasing | QPainter.SmoothPixmapTransform
        )
        self.setViewportUpdateMode(QGraphicsView.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.DontAdjustForAntialiasing, True)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.AnchorViewCenter)
        self.setDragMode(QGraphicsView.NoDrag)
        self.setRubberBandSelectionMode(Qt.IntersectsItemShape)
        self.setFrameShape(QFrame.NoFrame)
        self.setFocusPolicy(Qt.StrongFocus)
        self.viewport().grabGesture(Qt.PinchGesture)
        self._pan: _Pan | None = None
        self._rubber_band = False
        # View pixels a corner panel (the legend) covers on the left or right: fits keep cards clear.
        self.reserved_left = 0
        self.reserved_right = 0
        self.corner_panel = None  # the LegendPanel, which moves to a corner free of cards after a fit
        self.zoomChanged.connect(self._tell_scene_detail)
        self.rubberBandChanged.connect(self._materialize_rubber_band)

    def setScene(self, scene) -> None:
        super().setScene(scene)
        self._tell_scene_detail(self.zoom_factor())

    def _tell_scene_detail(self, factor: float) -> None:
        """Far out (below TINY_DETAIL) the scene draws the whole map from one layer."""
        scene = self.scene()
        if scene is not None and hasattr(scene, "set_low_detail"):
            scene.set_low_detail(factor < TINY_DETAIL)

    # -- the scene makes items only where they are looked at ------------------------------------

    def _materialize(self, rect: QRectF) -> None:
        scene = self.scene()
        if scene is not None and hasattr(scene, "materialize"):
            scene.materialize(rect)

    def _materialize_view(self) -> None:
        """Before a paint close up: the items of what is in view (and a margin) must exist. Far out
        the scene's overview layer draws from the boxes, and nothing is made."""
        if self.zoom_factor() >= TINY_DETAIL:
            rect = self.mapToScene(self.viewport().rect()).boundingRect()
            margin = 200 / self.zoom_factor()
            self._materialize(rect.adjusted(-margin, -margin, margin, margin))

    def _materialize_at(self, pos) -> None:
        """Before Qt looks for items under a viewport point (a click, a hover far out)."""
        self._materialize(self.mapToScene(QRect(pos.x() - 4, pos.y() - 4, 8, 8)).boundingRect())

    def _materialize_rubber_band(self, rect, start, end) -> None:
        # rubberBandChanged comes before the view selects what the band covers: make those items now.
        if not rect.isNull():
            self._materialize(self.mapToScene(rect).boundingRect())

    # -- zoom ----------------------------------------------------------------------------------

    def zoom_factor(self) -> float:
        """The current scale: 1.0 is 100 %."""
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Scale to ``factor`` (clamped to 5 %–800 %), keeping the scene point under ``anchor`` still.

        ``anchor`` is in viewport coordinates; without it the view's centre stays put.
        """
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        current = self.zoom_factor()
        if math.isclose(factor, current, rel_tol=1e-9):
            return
        if anchor is None:
            anchor = QPointF(self.viewport().rect().center())
        point = anchor.toPoint()
        before = self.mapToScene(point)
        old_anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.NoAnchor)
        self.setTransform(QTransform.fromScale(factor, factor))
        self.setTransformationAnchor(old_anchor)
        drift = self.mapFromScene(before) - point  # keep the anchored scene point under the anchor
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() + drift.x())
        v.setValue(v.value() + drift.y())
        self.zoomChanged.emit(self.zoom_factor())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom_factor() * STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom_factor() / STEP)

    def zoom_actual(self) -> None:
        """100 %, around the selected card, else the centre of the view; never onto empty canvas
        (then the card nearest the centre comes into view)."""
        scene = self.scene()
        ids = scene.selected_card_ids() if scene is not None else []
        if ids and ids[-1] in scene.card_boxes():
            self.set_zoom(1.0, QPointF(self.mapFromScene(scene.card_rect(ids[-1]).center())))
            self.ensure_visible(ids[-1])
            return
        self.set_zoom(1.0)
        if scene is None:
            return
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        boxes = {cid: box for cid, box in scene.card_boxes().items() if not scene.is_hidden(cid)}
        if boxes and not any(box.intersects(shown) for box in boxes.values()):
            nearest = min(boxes, key=lambda cid: _dist2(boxes[cid].center(), shown.center()))
            self.centerOn(boxes[nearest].center())

    def first_view(self, readable_zoom: float) -> None:
        """The view a map opens with: all of it when its tags are readable that way (``readable_zoom``
        or more), else the top of the map at ``readable_zoom``, its first row of cards centred."""
        scene = self.scene()
        if scene is None:
            return
        rect = scene.content_rect()
        if rect.isNull() or rect.isEmpty():
            self.fit_all()
            return
        view = self.viewport().rect()
        padded = rect.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        if min(view.width() / padded.width(), view.height() / padded.height()) >= readable_zoom:
            self.fit_all()
            return
        factor = min(max(readable_zoom, MIN_ZOOM), 1.0)
        self.setTransform(QTransform.fromScale(factor, factor))
        width, height = view.width() / factor, view.height() / factor
        if getattr(scene, "direction", "TB") == "LR":
            first = QRectF(rect.left(), rect.top(), 1, 1)
        else:  # the positions: the cards on the top row
            first = QRectF()
            for cid, box in scene.card_boxes().items():
                if box.top() <= rect.top() + 40 and not scene.is_hidden(cid):
                    first = first.united(box)
        if first.width() + 2 * FIT_MARGIN <= width:
            x = first.center().x()
        else:
            x = first.left() - FIT_MARGIN + width / 2
        self.centerOn(QPointF(x, rect.top() - FIT_MARGIN + height / 2))
        self.zoomChanged.emit(self.zoom_factor())

    def fit_rect(self, rect: QRectF, max_zoom: float = 1.0) -> None:
        """Show ``rect`` (scene coordinates) whole and centred, never enlarged beyond ``max_zoom``.

        A corner panel (the legend) is kept off the cards: the fit that uses the whole view when the
        panel then finds a corner free of cards, else a fit beside the panel's side of the view."""
        if rect.isNull() or rect.isEmpty():
            return
        rect = rect.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        panel = self.corner_panel
        if panel is not None and panel.isVisible():
            self._fit(rect, max_zoom, 0, 0)
            if panel.move_to_free_corner():
                self.zoomChanged.emit(self.zoom_factor())
                return
        self._fit(rect, max_zoom, self.reserved_left, self.reserved_right)
        self.zoomChanged.emit(self.zoom_factor())

    def _fit(self, rect: QRectF, max_zoom: float, left: int, right: int) -> None:
        """Fit ``rect`` (padded) into the view less ``left`` and ``right`` pixels on those sides."""
        view = self.viewport().rect()
        width = max(view.width() - left - right, view.width() // 2)
        factor = min(width / rect.width(), view.height() / rect.height(), max_zoom)
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.setTransform(QTransform.fromScale(factor, factor))
        shift = (left - right) * (view.width() - width) / 2 / max(left + right, 1)
        self.centerOn(rect.center() - QPointF(shift / factor, 0))
        shown = self.mapFromScene(rect).boundingRect()
        if shown.left() < left or shown.right() > view.width() - right:
            # Far out the scene is narrower than the view and Qt centres it, so the fit cannot lean away
            # from the panel: keep the panel's width clear on both sides instead.
            reserved = max(left, right)
            width = max(view.width() - 2 * reserved, view.width() // 3)
            factor = min(width / rect.width(), view.height() / rect.height(), max_zoom)
            factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
            self.setTransform(QTransform.fromScale(factor, factor))
            self.centerOn(rect.center())

    def fit_all(self) -> None:
        """Show every visible card (and the legend when shown)."""
        scene = self.scene()
        if scene is None:
            return
        rect = scene.content_rect()
        legend = scene.legend_item()
        if legend is not None and legend.isVisible():
            rect = rect.united(legend.sceneBoundingRect())
        self.fit_rect(rect)

    def zoom_to_selection(self) -> None:
        scene = self.scene()
        if scene is None:
            return
        rect = QRectF()
        for cid in scene.selected_card_ids():
            rect = rect.united(scene.card_rect(cid))
        if rect.isNull():
            self.fit_all()
        else:
            self.fit_rect(rect, max_zoom=1.5)

    def ensure_visible(self, card_id: str) -> None:
        """Scroll just enough to show the card."""
        scene = self.scene()
        if scene is not None and card_id in scene.card_boxes():
            self.ensureVisible(scene.card_rect(card_id), 40, 40)

    def center_on_card(self, card_id: str) -> None:
        scene = self.scene()
        if scene is not None and card_id in scene.card_boxes():
            self.centerOn(scene.card_rect(card_id).center())

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.ControlModifier:
            delta = event.angleDelta().y() or event.pixelDelta().y()
            if delta:
                self.set_zoom(self.zoom_factor() * math.pow(STEP, delta / 120.0), event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Paint:
            self._materialize_view()
        elif event.type() in (
            QEvent.MouseButtonPress,
            QEvent.MouseButtonDblClick,
            QEvent.MouseMove,
            QEvent.ContextMenu,
        ):
            self._materialize_at(event.position().toPoint() if hasattr(event, "position") else event.pos())
        if event.type() == QEvent.NativeGesture and event.gestureType() == Qt.ZoomNativeGesture:
            self.set_zoom(self.zoom_factor() * (1.0 + event.value()), event.position())
            return True
        if event.type() == QEvent.Gesture:
            pinch = event.gesture(Qt.PinchGesture)
            if pinch is not None:
                anchor = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                self.set_zoom(self.zoom_factor() * pinch.scaleFactor(), QPointF(anchor))
                event.accept()
                return True
        return super().viewportEvent(event)

    # -- mouse: pan, rubber band, and the scene's own gestures ---------------------------------

    def _on_empty(self, pos) -> bool:
        """True when no card or arrow is under the viewport point (the legend counts as empty)."""
        return not any(
            isinstance(item, (CardItem, RelationItem)) and item.isVisible() for item in self.items(pos)
        ) and not self._on_editor(pos)

    def _on_editor(self, pos) -> bool:
        scene = self.scene()
        return (
            scene is not None
            and scene.is_editing()
            and any(item is scene._editor for item in self.items(pos))
        )

    def mousePressEvent(self, event) -> None:
        pos = event.position().toPoint()
        if event.button() == Qt.MiddleButton:
            self._pan = _Pan(self, pos)
            self.viewport().setCursor(Qt.ClosedHandCursor)
            event.accept()
            return
        if event.button() == Qt.LeftButton and self._on_empty(pos):
            if event.modifiers() & (Qt.ShiftModifier | Qt.ControlModifier):
                self._rubber_band = True
                self.setDragMode(QGraphicsView.RubberBandDrag)
                super().mousePressEvent(event)
                return
            scene = self.scene()
            if scene is not None and scene.is_editing():
                scene.commit_inline_edit()
            self._pan = _Pan(self, pos)
            self.viewport().setCursor(Qt.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan is not None:
            self._pan.move(event.position().toPoint())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._pan is not None and event.button() in (Qt.LeftButton, Qt.MiddleButton):
            pan, self._pan = self._pan, None
            self.viewport().unsetCursor()
            if not pan.moved and event.button() == Qt.LeftButton and self.scene() is not None:
                self.scene().select_cards([])  # a click on empty space clears the selection
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if self._rubber_band:
            self._rubber_band = False
            self.setDragMode(QGraphicsView.NoDrag)

    def mouseDoubleClickEvent(self, event) -> None:
        super().mouseDoubleClickEvent(event)

    # -- keyboard ----------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        scene = self.scene()
        if scene is None:
            super().keyPressEvent(event)
            return
        if scene.is_editing():
            super().keyPressEvent(event)  # the inline editor takes every key
            return
        key = event.key()
        if key == Qt.Key_Escape:
            scene.select_cards([])
            event.accept()
            return
        directions = {Qt.Key_Left: (-1, 0), Qt.Key_Right: (1, 0), Qt.Key_Up: (0, -1), Qt.Key_Down: (0, 1)}
        if key in directions and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            target = self.neighbour(directions[key])
            if target is not None:
                scene.select_cards([target])
                self.ensure_visible(target)
            event.accept()
            return
        super().keyPressEvent(event)

    def neighbour(self, direction: tuple[int, int]) -> str | None:
        """The nearest visible card in ``direction`` from the current card's centre.

        Cards within 60° of the direction count; the score favours distance along the direction and
        penalises sideways offset, so Down picks the card below rather than one far to the side.
        Without a current card, the card nearest the middle of the view is chosen.
        """
        scene = self.scene()
        visible = {cid: box for cid, box in scene.card_boxes().items() if not scene.is_hidden(cid)}
        if not visible:
            return None
        ids = scene.selected_card_ids()
        current = ids[-1] if ids else None
        if current is None or current not in visible:
            centre = self.mapToScene(self.viewport().rect().center())
            return min(visible, key=lambda cid: _dist2(visible[cid].center(), centre))
        origin = visible[current].center()
        dx, dy = direction
        best, best_score = None, math.inf
        for cid, box in visible.items():
            if cid == current:
                continue
            c = box.center()
            along = (c.x() - origin.x()) * dx + (c.y() - origin.y()) * dy
            across = abs((c.x() - origin.x()) * dy) + abs((c.y() - origin.y()) * dx)
            if along <= 0 or across > along * math.tan(math.radians(60)):
                continue
            score = along + 2.0 * across
            if score < best_score:
                best, best_score = cid, score
        return best


def _dist2(a: QPointF, b: QPointF) -> float:
    return (a.x() - b.x()) ** 2 + (a.y() - b.y()) ** 2
