"""MapOverviewLayer: the whole map drawn by one item when the view is zoomed far out.

Below ``painting.TINY_DETAIL`` a card is only its box and an arrow only a thin line without a head;
yet Qt would still make one Python ``paint()`` call per visible item (thousands at fit-all on a big
map). While the scene is in low detail (:meth:`MapScene.set_low_detail`) the cards and relations
carry ``ItemHasNoContents`` and this single item draws them all instead: boxes batched with
``drawRects`` per kind and side, arrows as cosmetic polylines, only those in ``option.exposedRect``
(found through a coarse grid whose cells keep their batches ready). Selection, find highlights and marks are drawn as rings whose width
is in device pixels, so they stay visible however far out the view is.

The layer reads the items (their scene rectangles, visibility, kinds, arrow paths); the scene tells
it which card or relation changed (:meth:`card_changed`, :meth:`relation_changed`) and it refreshes
only those entries.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem

from .painting import LOW_DETAIL, STRIPE, _arrow_pens

CELL = 4096.0  # grid cell side, in scene px
FLATTEN = 0.1  # arrows flattened at 10 x Qt's tolerance: 5 scene px, a quarter pixel at 5 %
CHUNK = 2048.0  # a longer arrow is cut into pieces about this long, each found in the grid on its own


class MapOverviewLayer(QGraphicsItem):
    """Every visible card's box and every visible arrow, drawn at once for a far-out view."""

    def __init__(self, scene) -> None:
        super().__init__()
        self._scene = scene
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.setFlag(QGraphicsItem.ItemUsesExtendedStyleOption, True)
        self._cards: dict[str, tuple] = {}  # id -> (rect, kind, side)
        self._relations: dict[tuple, tuple] = {}  # key -> (type, [(bounds, polyline piece), ...])
        # Cards by the cell of their top-left corner, and per cell its boxes by kind and stripes by side.
        self._card_cells: dict[tuple[int, int], set] = {}
        self._card_batches: dict[tuple[int, int], tuple[dict, dict]] = {}
        self._card_reach = 0.0  # the largest card side seen: how far a card reaches past its cell
        # Arrow pieces by the grid cell holding their bounds' top-left corner, and per cell one path
        # per relation type (made when first drawn): a handful of drawPath calls per frame.
        self._cell_pieces: dict[tuple[int, int], set] = {}
        self._cell_paths: dict[tuple[int, int], dict] = {}
        self._dirty_cards: set[str] = set()
        self._dirty_relations: set[tuple] = set()
        self._bounds = QRectF(scene.sceneRect())
        self.rebuild()

    # -- what changed --------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Forget everything; every card and relation is read again at the next paint."""
        self._card_cells.clear()
        self._card_batches.clear()
        self._cell_pieces.clear()
        self._cell_paths.clear()
        self._cards.clear()
        self._relations.clear()
        self._dirty_cards = set(self._scene._cards)
        self._dirty_relations = set(self._scene._relations)
        self._changed()

    def card_changed(self, card_id: str) -> None:
        """A card was added, removed, moved, resized, hidden or shown (its arrows too, separately)."""
        self._dirty_cards.add(card_id)
        self._changed()

    def relation_changed(self, key) -> None:
        self._dirty_relations.add(tuple(key))
        self._changed()

    def _changed(self) -> None:
        self.update()

    def set_bounds(self, rect: QRectF) -> None:
        """Cover ``rect`` (the scene rect: every card with a margin; arrows stay between cards)."""
        if rect != self._bounds:
            self.prepareGeometryChange()
            self._bounds = QRectF(rect)

    def _refresh(self) -> None:
        scene = self._scene
        if self._dirty_cards:
            cells, batches = self._card_cells, self._card_batches
            for cid in self._dirty_cards:
                old = self._cards.pop(cid, None)
                if old is not None:
                    cell = _cell(old[0])
                    cells[cell].discard(cid)
                    batches.pop(cell, None)
                item = scene._cards.get(cid)
                if item is None or not item.isVisible():
                    continue
                rect = item.scene_rect()
                card = item.card
                self._cards[cid] = (rect, card.kind, card.side)
                self._card_reach = max(self._card_reach, rect.width(), rect.height())
                cell = _cell(rect)
                cells.setdefault(cell, set()).add(cid)
                batches.pop(cell, None)
            self._dirty_cards.clear()
        if self._dirty_relations:
            cells, paths = self._cell_pieces, self._cell_paths
            for key in self._dirty_relations:
                old = self._relations.pop(key, None)
                if old is not None:
                    for i, (bounds, _) in enumerate(old[1]):
                        cell = _cell(bounds)
                        cells[cell].discard((key, i))
                        paths.pop(cell, None)
                item = scene._relations.get(key)
                arrow = item._arrow if item is not None else None
                if arrow is None or not item.isVisible():
                    continue
                pieces = _pieces(_flatten(arrow.path))
                self._relations[key] = (item.rel_type, pieces)
                for i, (bounds, _) in enumerate(pieces):
                    cell = _cell(bounds)
                    cells.setdefault(cell, set()).add((key, i))
                    paths.pop(cell, None)
            self._dirty_relations.clear()

    # -- geometry ------------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never hit by clicks or rubber bands

    # -- painting ------------------------------------------------------------------------------

    def paint(self, painter: QPainter, option, widget=None) -> None:
        self._refresh()
        scene = self._scene
        theme = scene.theme
        exposed = option.exposedRect
        if exposed.isEmpty():
            exposed = self.boundingRect()
        transform = painter.worldTransform()
        lod = math.hypot(transform.m11(), transform.m12()) or 1.0
        pad = 4.0 / lod
        area = exposed.adjusted(-pad, -pad, pad, pad)

        # Arrows first, under the boxes: thin cosmetic lines, faded as paint_arrow fades them.
        painter.setRenderHint(QPainter.Antialiasing, False)
        painter.setBrush(Qt.NoBrush)
        fade = min(4, int((LOW_DETAIL - lod) / LOW_DETAIL * 5) + 1) if lod < LOW_DETAIL else 0
        relations = self._relations
        by_type: dict[str, list] = {}
        # A piece reaches at most about CHUNK past its cell's corner: look that much further back.
        x0, y0 = math.floor((area.left() - CHUNK) / CELL), math.floor((area.top() - CHUNK) / CELL)
        x1, y1 = math.floor(area.right() / CELL), math.floor(area.bottom() / CELL)
        for cell in self._cell_pieces if (x1 - x0 + 1) * (y1 - y0 + 1) > len(self._cell_pieces) else \
                [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]:
            if not (x0 <= cell[0] <= x1 and y0 <= cell[1] <= y1):
                continue
            cell_paths = self._cell_paths.get(cell)
            if cell_paths is None:
                cell_paths = self._cell_paths[cell] = {}
                for key, i in self._cell_pieces.get(cell, ()):
                    rel_type, pieces = relations[key]
                    path = cell_paths.get(rel_type)
                    if path is None:
                        path = cell_paths[rel_type] = QPainterPath()
                    path.addPolygon(pieces[i][1])
            for rel_type, path in cell_paths.items():
                by_type.setdefault(rel_type, []).append(path)
        for rel_type, cell_paths in by_type.items():
            style = theme.relations.get(rel_type)
            if style is None:
                continue
            painter.setPen(_line_pen(style, theme, fade))
            for path in cell_paths:
                painter.drawPath(path)

        # Boxes: fill and border per kind, then the side stripes. Far out a border is a fraction of a
        # pixel wide: drawn as a one-pixel line of the colour it would blend to (a stroked outline
        # costs several times more), without antialiasing.
        cards = self._cards
        by_kind: dict[str, list[QRectF]] = {}
        by_side: dict[str, list[QRectF]] = {}
        reach = self._card_reach
        x0, y0 = math.floor((area.left() - reach) / CELL), math.floor((area.top() - reach) / CELL)
        for cell in self._card_cells:
            if not (x0 <= cell[0] <= x1 and y0 <= cell[1] <= y1):
                continue
            batch = self._card_batches.get(cell)
            if batch is None:
                kinds: dict[str, list[QRectF]] = {}
                sides: dict[str, list[QRectF]] = {}
                for cid in self._card_cells[cell]:
                    rect, kind, side = cards[cid]
                    kinds.setdefault(kind, []).append(rect)
                    if side is not None:
                        sides.setdefault(side, []).append(QRectF(rect.left(), rect.top(), STRIPE, rect.height()))
                batch = self._card_batches[cell] = (kinds, sides)
            for kind, rects in batch[0].items():
                by_kind.setdefault(kind, []).extend(rects)
            for side, rects in batch[1].items():
                by_side.setdefault(side, []).extend(rects)
        for kind, rects in by_kind.items():
            style = theme.kinds[kind]
            fill = QColor(style.fill)
            pen = QPen(_mix(QColor(style.border), fill, min(1.0, style.border_width * lod)), 1.0, style.dash)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(fill)
            painter.drawRects(rects)
        painter.setPen(Qt.NoPen)
        painter.setRenderHint(QPainter.Antialiasing, True)  # a stripe is a fraction of a pixel wide
        for side, rects in by_side.items():
            side_style = theme.sides[side]
            painter.setBrush(QBrush(QColor(side_style.color),
                                    Qt.BDiagPattern if side_style.hatched else Qt.SolidPattern))
            painter.drawRects(rects)

        # Rings that must stay visible far out: marks, find highlights, the selection.
        painter.setBrush(Qt.NoBrush)
        rings: list[tuple[QColor, float, QRectF]] = []
        for cid, mark in scene._marks.items():
            if cid in cards:
                rings.append((mark.color, 1.5, cards[cid][0]))
        for cid in scene._highlights:
            if cid in cards and cid != scene._current_match:
                color = QColor(theme.highlight)
                rings.append((color, 2.5, cards[cid][0]))
        if scene._current_match in cards:
            rings.append((QColor(theme.current_match), 3.5, cards[scene._current_match][0]))
        for cid in scene._order:
            if cid in cards:
                rings.append((QColor(theme.selection), 2.5, cards[cid][0]))
        for color, width, rect in rings:
            if rect.intersects(area):
                pen = QPen(color, width)
                pen.setCosmetic(True)
                painter.setPen(pen)
                grow = width / lod
                painter.drawRect(rect.adjusted(-grow, -grow, grow, grow))
        painter.setRenderHint(QPainter.Antialiasing, False)
        for item in scene.selectedItems():
            key = getattr(item, "key", None)
            entry = relations.get(key) if key is not None and not hasattr(item, "card_id") else None
            if entry is not None:
                pens = _arrow_pens(theme.relations[entry[0]], theme, False, 0)
                painter.setPen(pens.glow)
                for bounds, polygon in entry[1]:
                    if bounds.intersects(area):
                        painter.drawPolyline(polygon)


_UP = QTransform.fromScale(1 / FLATTEN, 1 / FLATTEN)
_DOWN = QTransform.fromScale(FLATTEN, FLATTEN)


def _flatten(path: QPainterPath) -> QPolygonF:
    polygons = path.toSubpathPolygons(_DOWN)
    return _UP.map(polygons[0]) if polygons else QPolygonF()


_line_pens: dict[tuple, QPen] = {}


def _line_pen(style, theme, fade: int) -> QPen:
    """paint_arrow's thin far-out pen, its fading mixed into the background beforehand: an opaque
    line costs a fraction of a translucent one (only where arrows cross does it look different)."""
    key = (style, theme.background, fade)
    pen = _line_pens.get(key)
    if pen is None:
        line = _arrow_pens(style, theme, False, fade).line
        color = line.color()
        pen = _line_pens[key] = QPen(line)
        pen.setColor(_mix(color, QColor(theme.background), color.alphaF()))
    return pen


def _mix(color: QColor, under: QColor, a: float) -> QColor:
    """``color`` at opacity ``a`` over ``under``, as one opaque colour."""
    return QColor.fromRgbF(color.redF() * a + under.redF() * (1 - a), color.greenF() * a + under.greenF() * (1 - a),
                           color.blueF() * a + under.blueF() * (1 - a))


def _cell(bounds: QRectF) -> tuple[int, int]:
    return (math.floor(bounds.left() / CELL), math.floor(bounds.top() / CELL))


def _pieces(polygon: QPolygonF) -> list[tuple[QRectF, QPolygonF]]:
    """The polyline cut into runs no larger than about CHUNK each way (sharing their end points)."""
    bounds = polygon.boundingRect()
    if max(bounds.width(), bounds.height()) <= CHUNK or len(polygon) < 3:
        return [(bounds.adjusted(-1, -1, 1, 1), polygon)]
    points = list(polygon)
    pieces = []
    start = 0
    x0 = x1 = points[0].x()
    y0 = y1 = points[0].y()
    for i in range(1, len(points)):
        p = points[i]
        x, y = p.x(), p.y()
        x0, x1, y0, y1 = min(x0, x), max(x1, x), min(y0, y), max(y1, y)
        if (x1 - x0 > CHUNK or y1 - y0 > CHUNK) and i - start >= 1 or i == len(points) - 1:
            piece = QPolygonF(points[start:i + 1])
            pieces.append((piece.boundingRect().adjusted(-1, -1, 1, 1), piece))
            start = i
            x0 = x1 = x
            y0 = y1 = y
    return pieces
