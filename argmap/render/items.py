"""The scene's items: one CardItem per card and one RelationItem per relation.

Items never own the map's data: a CardItem holds its card's id and a prepared drawing of the
card (a :class:`~argmap.render.painting.CardFace`) that the scene replaces when the card changes.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from .painting import (
    BOUNDS_PAD,
    LOW_DETAIL,
    MARGIN,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    CardFace,
    arrow_geometry,
    arrow_outline,
    paint_arrow,
    paint_badge,
    paint_card,
    paint_tabs,
)
from .theme import Theme

CARD_TYPE = QGraphicsItem.UserType + 1
RELATION_TYPE = QGraphicsItem.UserType + 2
HANDLE_RADIUS = 6.0


# Combined once: or-ing Qt flags in Python costs more than the rest of making an item.
_CARD_FLAGS = (
    QGraphicsItem.ItemIsSelectable
    | QGraphicsItem.ItemIsMovable
    | QGraphicsItem.ItemSendsGeometryChanges
    | QGraphicsItem.ItemIsFocusable
)
_CARD_CACHE = QGraphicsItem.DeviceCoordinateCache
_RELATION_FLAGS = QGraphicsItem.ItemIsSelectable | QGraphicsItem.ItemUsesExtendedStyleOption


class Mark:
    """An overlay on a card (e.g. an evaluation label): a ring colour and an optional short label."""

    def __init__(self, color: QColor | str, label: str = "") -> None:
        self.color = QColor(color)
        self.label = label


class CardItem(QGraphicsItem):
    """A card's box at its top-left position; its size is exactly ``geometry.card_size(card)``."""

    Type = CARD_TYPE

    def __init__(self, card_id: str, face: CardFace, theme: Theme) -> None:
        super().__init__()
        self.card_id = card_id
        self._face = face
        self._theme = theme
        self._hover = False
        self.badge = 0
        self.highlighted = False
        self.current_match = False
        self.mark: Mark | None = None
        self.setFlags(_CARD_FLAGS)
        self.setAcceptHoverEvents(True)
        self.setCacheMode(_CARD_CACHE)
        self.setZValue(1)
        self.setToolTip("")  # no HTML tooltips from user text

    def type(self) -> int:
        return CARD_TYPE

    # -- data from the scene -----------------------------------------------------------------

    @property
    def card(self):
        return self._face.card

    @property
    def face(self) -> CardFace:
        return self._face

    def set_face(self, face: CardFace) -> None:
        """Show a changed card; its height may change, so the geometry is announced first."""
        if (face.width, face.height) != (self._face.width, self._face.height):
            self.prepareGeometryChange()
        self._face = face
        self.update()

    def set_theme(self, theme: Theme, face: CardFace) -> None:
        self._theme = theme
        self.set_face(face)

    def set_decoration(
        self,
        *,
        badge: int | None = None,
        highlighted: bool | None = None,
        current_match: bool | None = None,
        mark: Mark | None | bool = False,
    ) -> None:
        """Change the badge, find highlight, current match or mark; repaints only when changed."""
        before = (self.badge, self.highlighted, self.current_match, self.mark)
        if badge is not None:
            self.badge = badge
        if highlighted is not None:
            self.highlighted = highlighted
        if current_match is not None:
            self.current_match = current_match
        if mark is not False:
            self.mark = mark  # type: ignore[assignment]
        if (self.badge, self.highlighted, self.current_match, self.mark) != before:
            self.update()

    # -- geometry ----------------------------------------------------------------------------

    def rect(self) -> QRectF:
        """The card's box in item coordinates."""
        return QRectF(0, 0, self._face.width, self._face.height)

    def scene_rect(self) -> QRectF:
        return self.rect().translated(self.pos())

    def handle_center(self) -> QPointF:
        """The connector handle: a small circle on the middle of the card's bottom edge."""
        return QPointF(self._face.width / 2, self._face.height)

    def on_handle(self, item_pos: QPointF) -> bool:
        d = item_pos - self.handle_center()
        return d.x() ** 2 + d.y() ** 2 <= (HANDLE_RADIUS + 3) ** 2

    def boundingRect(self) -> QRectF:
        return QRectF(
            -MARGIN,
            -MARGIN_TOP,
            self._face.width + 2 * MARGIN,
            self._face.height + MARGIN_TOP + MARGIN_BOTTOM,
        )

    def shape(self) -> QPainterPath:
        # Winding fill: the dot's upper half overlaps the card, and the default odd-even rule would cut
        # that overlap out of the shape (a press there would miss both the card and its handle).
        path = QPainterPath()
        path.setFillRule(Qt.WindingFill)
        path.addRect(self.rect())
        path.addEllipse(self.handle_center(), HANDLE_RADIUS + 3, HANDLE_RADIUS + 3)
        return path

    # -- painting ----------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        theme = self._theme
        if theme.full_detail:  # an export draws its labels at any scale
            lod = max(lod, LOW_DETAIL)
        rect = self.rect()
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setRenderHint(QPainter.TextAntialiasing, True)
        if self.highlighted or self.current_match:
            color = QColor(theme.current_match if self.current_match else theme.highlight)
            color.setAlpha(230 if self.current_match else 170)
            painter.setPen(QPen(color, 5 if self.current_match else 4))
            painter.setBrush(Qt.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), 9, 9)
        paint_card(painter, self._face, theme, lod, tabs=False)
        if self.mark is not None:
            painter.setPen(QPen(self.mark.color, 2.5))
            painter.setBrush(Qt.NoBrush)
            painter.drawRoundedRect(rect.adjusted(2.5, 2.5, -2.5, -2.5), 5, 5)
            if self.mark.label and lod >= LOW_DETAIL:
                painter.setFont(theme.font("label"))
                painter.setBrush(self.mark.color)
                label = QRectF(rect.left() + 12, rect.bottom() - 7, 14 + 6 * len(self.mark.label), 14)
                painter.setPen(Qt.NoPen)
                painter.drawRoundedRect(label, 3, 3)
                painter.setPen(QColor("#ffffff"))
                painter.drawText(label, Qt.AlignCenter, self.mark.label)
        if lod >= LOW_DETAIL:
            paint_tabs(painter, rect, self.card, theme)
        if self.badge:
            paint_badge(painter, rect, self.badge, theme)
        if self.isSelected():
            painter.setPen(QPen(QColor(theme.selection), 2.5))
            painter.setBrush(Qt.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-4, -4, 4, 4), 10, 10)
        if (self._hover or self.isSelected()) and lod >= LOW_DETAIL:
            painter.setPen(QPen(QColor(theme.background), 2))
            painter.setBrush(QColor(theme.handle))
            painter.drawEllipse(self.handle_center(), HANDLE_RADIUS, HANDLE_RADIUS)

    # -- events ------------------------------------------------------------------------------

    def hoverEnterEvent(self, event) -> None:
        self._hover = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverMoveEvent(self, event) -> None:
        self.setCursor(Qt.CrossCursor if self.on_handle(event.pos()) else Qt.ArrowCursor)
        super().hoverMoveEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.unsetCursor()
        self.update()
        super().hoverLeaveEvent(event)

    def itemChange(self, change, value):
        if change == QGraphicsItem.ItemPositionHasChanged:
            scene = self.scene()
            if scene is not None and hasattr(scene, "card_item_moved"):
                scene.card_item_moved(self.card_id)
        elif change == QGraphicsItem.ItemSelectedHasChanged:
            self.update()
        return super().itemChange(change, value)


class RelationItem(QGraphicsItem):
    """An arrow from the answering card to the card it answers: supports or rebuts."""

    Type = RELATION_TYPE

    def __init__(self, source: str, target: str, rel_type: str, theme: Theme) -> None:
        super().__init__()
        self.source = source
        self.target = target
        self.rel_type = rel_type
        self._theme = theme
        self._arrow = None
        self._bounds = QRectF()
        self._shape: QPainterPath | None = None
        # exposedRect lets a long arrow draw only the part of it that is being painted.
        self.setFlags(_RELATION_FLAGS)
        self.setZValue(0)

    def type(self) -> int:
        return RELATION_TYPE

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)

    def set_type(self, rel_type: str) -> None:
        self.rel_type = rel_type
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def update_ends(self, source_rect: QRectF, target_rect: QRectF) -> None:
        """Draw the arrow straight between the two cards' boxes (no other card considered)."""
        self.set_arrow(arrow_geometry(source_rect, target_rect))

    def set_arrow(self, arrow) -> None:
        """Draw the arrow along ``arrow`` (a routed ArrowGeometry, scene coordinates)."""
        self.prepareGeometryChange()
        self._arrow = arrow
        self._shape = None  # made when first asked for (a click or a rubber band near the arrow)
        tip = arrow.tip
        self._bounds = (
            arrow.path.controlPointRect()
            .united(QRectF(tip.x(), tip.y(), 0.01, 0.01))
            .adjusted(-BOUNDS_PAD, -BOUNDS_PAD, BOUNDS_PAD, BOUNDS_PAD)
        )

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            arrow = self._arrow
            if arrow is None:
                return QPainterPath()
            self._shape = arrow_outline(arrow)
        return self._shape

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._arrow is not None:
            paint_arrow(
                painter, self._arrow, self.rel_type, self._theme, self.isSelected(), option.exposedRect
            )

    def itemChange(self, change, value):
        if change == QGraphicsItem.ItemSelectedHasChanged:
            self.update()
        return super().itemChange(change, value)
