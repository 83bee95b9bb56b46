"""MapOverviewLayer: the whole map drawn by one item when the view is zoomed far out.

Below ``painting.TINY_DETAIL`` a card is only its box and an arrow only a thin line without a head;
yet Qt would still make one Python ``paint()`` call per visible item (thousands at fit-all on a big
map). While the scene is in low detail (:meth:`MapScene.set_low_detail`) the cards and relations
carry ``ItemHasNoContents`` and this single item draws them all instead: boxes batched with
``drawRects`` per kind and side, arrows as cosmetic polylines, only those in ``option.exposedRect``
(found through a coarse grid whose cells keep their batches ready). Selection, find highlights and marks
are drawn as rings whose width is in device pixels, so they stay visible however far out the view is.

The layer reads the scene's boxes and the model, never the items (far out, most cards have none:
see :meth:`MapScene.materialize`). The scene tells it which card or relation changed
(:meth:`card_changed`, :meth:`relation_changed`) and it refreshes only those entries. Arrows are
routed and flattened a grid cell at a time, the first time a cell is painted: the first fit-all paint
of a big map pays only for what it shows.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem

from .painting import LOW_DETAIL, STRIPE, _arrow_pens, arrow_geometry

CELL = 4096.0  # grid cell side, in scene px
FLATTEN = 0.1  # arrows flattened at 10 x Qt's tolerance: 5 scene px, a quarter pixel at 5 %
REROUTE_LAZILY = 1000  # more changed arrows than this: forget them all and route only what is painted
RING_REACH = 400.0  # scene px: a ring or a line a few device pixels wide, at 1 % zoom, around a box
IMAGE_MARGIN = 320  # device px of arrows drawn ahead around the view, for the pans that follow
CHUNK = 4096.0  # a longer arrow is cut into pieces about this long, each found in the grid on its own


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
        self._routed_cells: set[tuple[int, int]] = set()  # cells whose arrows have all been routed
        self._map_version = 0  # counts changes to cards and arrows: a cached image of an older one is stale
        self._images: dict[tuple, tuple] = {}  # scale -> (key, image, its translation, its device rect)
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
        self._routed_cells.clear()
        self._map_version += 1
        self._dirty_cards = set(self._scene._boxes)
        self._dirty_relations = set()  # routed cell by cell as they are first painted
        self._changed()

    def card_changed(self, card_id: str) -> None:
        """A card was added, removed, moved, resized, hidden or shown (its arrows too, separately)."""
        self._dirty_cards.add(card_id)
        # Repaint where it was and where it is now, not the whole view (an edit costs one small paint).
        old = self._cards.get(card_id)
        self._changed(old[0] if old is not None else None, self._scene._boxes.get(card_id))

    def relation_changed(self, key) -> None:
        key = tuple(key)
        self._dirty_relations.add(key)
        old = self._relations.get(key)
        boxes = self._scene._boxes
        now = boxes[key[0]].united(boxes[key[1]]) if key[0] in boxes and key[1] in boxes else None
        if old is None:
            self._changed(None, now)
        else:
            for bounds, _ in old[1]:
                self._changed(bounds, None)
            self._changed(None, now)

    def _changed(self, *rects: QRectF | None) -> None:
        if not self.isVisible():
            return  # painted in full when it is shown again
        if not rects:
            self.update()
        for rect in rects:
            if rect is not None:
                self.update(rect.adjusted(-RING_REACH, -RING_REACH, RING_REACH, RING_REACH))

    def set_bounds(self, rect: QRectF) -> None:
        """Cover ``rect`` (the scene rect: every card with a margin; arrows stay between cards)."""
        if rect != self._bounds:
            self.prepareGeometryChange()
            self._bounds = QRectF(rect)

    def _refresh(self, area: QRectF | None = None) -> None:
        """Bring the entries of changed cards and relations up to date, and route the arrows in
        ``area`` (the whole layer when None) that have not been routed yet."""
        if area is None:
            area = self._bounds
        scene = self._scene
        boxes, hidden, amap = scene._boxes, scene._hidden, scene.amap
        if self._dirty_cards:
            self._map_version += 1
            cells, batches = self._card_cells, self._card_batches
            for cid in self._dirty_cards:
                old = self._cards.pop(cid, None)
                if old is not None:
                    cell = _cell(old[0])
                    cells[cell].discard(cid)
                    batches.pop(cell, None)
                rect = boxes.get(cid)
                if rect is None or cid in hidden:
                    continue
                card = amap.card(cid)
                self._cards[cid] = (rect, card.kind, card.side)
                self._card_reach = max(self._card_reach, rect.width(), rect.height())
                cell = _cell(rect)
                cells.setdefault(cell, set()).add(cid)
                batches.pop(cell, None)
            self._dirty_cards.clear()
        if len(self._dirty_relations) > REROUTE_LAZILY:  # a re-layout: route again cell by cell, as at open
            self._relations.clear()
            self._cell_pieces.clear()
            self._cell_paths.clear()
            self._routed_cells.clear()
            self._dirty_relations.clear()
            self._map_version += 1
        if self._dirty_relations:
            for key in self._dirty_relations:
                self._forget_relation(key)
                self._route(key)
            self._dirty_relations.clear()
        # Arrows in cells painted for the first time: found through the scene's index of relations.
        x0, y0 = math.floor(area.left() / CELL), math.floor(area.top() / CELL)
        x1, y1 = math.floor(area.right() / CELL), math.floor(area.bottom() / CELL)
        fresh = {(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)} - self._routed_cells
        if fresh:
            self._routed_cells |= fresh
            left, top = min(c[0] for c in fresh) * CELL, min(c[1] for c in fresh) * CELL
            right, bottom = (max(c[0] for c in fresh) + 1) * CELL, (max(c[1] for c in fresh) + 1) * CELL
            for key in scene._relation_index.query((left, top, right, bottom)):
                if key not in self._relations:
                    self._route(key)

    def _forget_relation(self, key) -> None:
        self._map_version += 1
        old = self._relations.pop(key, None)
        if old is not None:
            for i, (bounds, _) in enumerate(old[1]):
                cell = _cell(bounds)
                self._cell_pieces[cell].discard((key, i))
                self._cell_paths.pop(cell, None)

    def _route(self, key) -> None:
        """Flatten one visible relation's arrow into pieces filed by grid cell."""
        scene = self._scene
        source, target = key
        boxes = scene._boxes
        if source not in boxes or target not in boxes or source in scene._hidden or target in scene._hidden:
            return
        if not scene.amap.has_relation(source, target):  # gone by the time the layer paints
            return
        relation = scene.amap.relation(source, target)
        self._map_version += 1
        pieces = _pieces(arrow_geometry(boxes[source], boxes[target]).path)
        self._relations[key] = (relation.type, pieces)
        cells, paths = self._cell_pieces, self._cell_paths
        for i, (bounds, _) in enumerate(pieces):
            cell = _cell(bounds)
            cells.setdefault(cell, set()).add((key, i))
            paths.pop(cell, None)

    # -- geometry ------------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never hit by clicks or rubber bands

    # -- painting ------------------------------------------------------------------------------

    def _paint_cached(self, painter: QPainter, area: QRectF, theme, lod: float) -> bool:
        """Draw the arrows and boxes from an image of them in device pixels, drawn again only when the
        zoom, the theme, a card or an arrow changed or the view left the image: a pan far out copies
        pixels instead of stroking thousands of arrows and boxes again. A pan moves the view by whole
        pixels, so the copy is pixel for pixel what drawing them would give. One image per zoom, for
        the last two zooms. False: draw them directly."""
        device = painter.device()
        transform = painter.worldTransform()
        if device is None or device.devicePixelRatioF() != 1.0 or transform.isRotating():
            return False
        bounds = transform.mapRect(self._bounds).toAlignedRect()
        need = transform.mapRect(area).toAlignedRect() & bounds  # nothing is drawn outside the bounds
        scale = (transform.m11(), transform.m22())
        key = (id(theme), theme.background, self._map_version)
        margin = 0  # a new zoom: draw what is shown; at a zoom seen before, a margin to pan into
        cached = self._images.get(scale)
        if cached is not None:
            margin = IMAGE_MARGIN
            old_key, image, dx, dy, covered = cached
            sx, sy = transform.dx() - dx, transform.dy() - dy
            if old_key == key and abs(sx - round(sx)) < 1e-6 and abs(sy - round(sy)) < 1e-6:
                covered = covered.translated(round(sx), round(sy))
                if covered.contains(need):
                    _draw_image(painter, covered, image)
                    return True
        rect = need.adjusted(-margin, -margin, margin, margin)
        rect &= bounds
        if rect.isEmpty():
            return True
        inverse, _ = transform.inverted()
        scene_area = inverse.mapRect(QRectF(rect))
        self._refresh(scene_area)  # may route the margin's arrows: before the version is read
        image = QImage(rect.size(), QImage.Format_ARGB32_Premultiplied)
        image.fill(Qt.transparent)
        offscreen = QPainter(image)
        try:
            offscreen.setTransform(transform * QTransform.fromTranslate(-rect.x(), -rect.y()))
            self._paint_map(offscreen, scene_area, theme, lod)
        finally:
            offscreen.end()  # a painter left open on a dropped image would crash Qt
        self._images.pop(scale, None)
        while len(self._images) >= 2:
            self._images.pop(next(iter(self._images)))
        self._images[scale] = (
            (id(theme), theme.background, self._map_version),
            image,
            transform.dx(),
            transform.dy(),
            rect,
        )
        _draw_image(painter, rect, image)
        return True

    def _paint_map(self, painter: QPainter, area: QRectF, theme, lod: float) -> None:
        """The arrows and the boxes over them, without the rings."""
        # Arrows first, under the boxes: thin cosmetic lines, faded as paint_arrow fades them.
        fade = min(4, int((LOW_DETAIL - lod) / LOW_DETAIL * 5) + 1) if lod < LOW_DETAIL else 0
        self._paint_arrows(painter, area, theme, fade)
        self._paint_boxes(painter, area, theme, lod)

    def _paint_boxes(self, painter: QPainter, area: QRectF, theme, lod: float) -> None:
        # Boxes: fill and border per kind, then the side stripes. Far out a border is a fraction of a
        # pixel wide: drawn as a one-pixel line of the colour it would blend to (a stroked outline
        # costs several times more), without antialiasing.
        cards = self._cards
        by_kind: dict[str, list[QRectF]] = {}
        by_side: dict[str, list[QRectF]] = {}
        reach = self._card_reach
        x0, y0 = math.floor((area.left() - reach) / CELL), math.floor((area.top() - reach) / CELL)
        x1, y1 = math.floor(area.right() / CELL), math.floor(area.bottom() / CELL)
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
                        sides.setdefault(side, []).append(
                            QRectF(rect.left(), rect.top(), STRIPE, rect.height())
                        )
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
            painter.setBrush(
                QBrush(QColor(side_style.color), Qt.BDiagPattern if side_style.hatched else Qt.SolidPattern)
            )
            painter.drawRects(rects)

    def _paint_arrows(self, painter: QPainter, area: QRectF, theme, fade: int) -> None:
        """Every arrow piece filed in the cells that can reach ``area``: one path per cell and type."""
        painter.setRenderHint(QPainter.Antialiasing, False)
        painter.setBrush(Qt.NoBrush)
        relations = self._relations
        by_type: dict[str, list] = {}
        # A piece reaches at most about CHUNK past its cell's corner: look that much further back.
        x0, y0 = math.floor((area.left() - CHUNK) / CELL), math.floor((area.top() - CHUNK) / CELL)
        x1, y1 = math.floor(area.right() / CELL), math.floor(area.bottom() / CELL)
        for cell in (
            self._cell_pieces
            if (x1 - x0 + 1) * (y1 - y0 + 1) > len(self._cell_pieces)
            else [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
        ):
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

    def paint(self, painter: QPainter, option, widget=None) -> None:
        scene = self._scene
        theme = scene.theme
        exposed = option.exposedRect
        if exposed.isEmpty():
            exposed = self.boundingRect()
        transform = painter.worldTransform()
        lod = math.hypot(transform.m11(), transform.m12()) or 1.0
        pad = 4.0 / lod
        area = exposed.adjusted(-pad, -pad, pad, pad)
        self._refresh(area)

        # Arrows, then the boxes over them: from the image of them when painting the view.
        if widget is None or not self._paint_cached(painter, area, theme, lod):
            self._paint_map(painter, area, theme, lod)
        relations = self._relations
        x1, y1 = math.floor(area.right() / CELL), math.floor(area.bottom() / CELL)

        cards = self._cards
        reach = self._card_reach
        x0, y0 = math.floor((area.left() - reach) / CELL), math.floor((area.top() - reach) / CELL)
        painted = [cell for cell in self._card_cells if x0 <= cell[0] <= x1 and y0 <= cell[1] <= y1]

        # Rings that must stay visible far out: marks, find highlights, the selection; one drawRects
        # per colour. A long list of ids (select all) is matched against the cards of the cells in
        # view instead of being walked whole.
        painter.setBrush(Qt.NoBrush)
        shown: list[str] | None = None

        def boxes_of(ids) -> list[QRectF]:
            nonlocal shown
            if len(ids) > 256:
                if shown is None:
                    shown = [cid for cell in painted for cid in self._card_cells[cell]]
                return [cards[cid][0] for cid in shown if cid in ids]
            return [cards[cid][0] for cid in ids if cid in cards and cards[cid][0].intersects(area)]

        rings: list[tuple[QColor, float, list[QRectF]]] = []
        marked: dict[int, tuple[QColor, set[str]]] = {}
        for cid, mark in scene._marks.items():
            marked.setdefault(mark.color.rgba(), (mark.color, set()))[1].add(cid)
        for color, ids in marked.values():
            rings.append((color, 1.5, boxes_of(ids)))
        current = scene._current_match
        highlights = scene._highlights - {current} if current in scene._highlights else scene._highlights
        rings.append((QColor(theme.highlight), 2.5, boxes_of(highlights)))
        if current in cards:
            rings.append((QColor(theme.current_match), 3.5, boxes_of([current])))
        rings.append((QColor(theme.selection), 2.5, boxes_of(scene._order)))
        for color, width, rects in rings:
            if rects:
                pen = QPen(color, width)
                pen.setCosmetic(True)
                painter.setPen(pen)
                grow = width / lod
                painter.drawRects([rect.adjusted(-grow, -grow, grow, grow) for rect in rects])
        painter.setRenderHint(QPainter.Antialiasing, False)
        if scene._selected_relation is not None:
            entry = relations.get(scene._selected_relation)
            if entry is not None:
                pens = _arrow_pens(theme.relations[entry[0]], theme, False, 0)
                painter.setPen(pens.glow)
                for bounds, polygon in entry[1]:
                    if bounds.intersects(area):
                        painter.drawPolyline(polygon)


_UP = QTransform.fromScale(1 / FLATTEN, 1 / FLATTEN)
_DOWN = QTransform.fromScale(FLATTEN, FLATTEN)


def _draw_image(painter: QPainter, at: QRect, image: QImage) -> None:
    painter.save()
    painter.resetTransform()
    painter.drawImage(at.topLeft(), image)
    painter.restore()


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
    return QColor.fromRgbF(
        color.redF() * a + under.redF() * (1 - a),
        color.greenF() * a + under.greenF() * (1 - a),
        color.blueF() * a + under.blueF() * (1 - a),
    )


def _cell(bounds: QRectF) -> tuple[int, int]:
    return (math.floor(bounds.left() / CELL), math.floor(bounds.top() / CELL))


def _pieces(path: QPainterPath) -> list[tuple[QRectF, QPolygonF]]:
    """The arrow's curve flattened, in runs no larger than CHUNK each way (sharing their end points).

    A long curve is split first (de Casteljau, on its four control points) and each part flattened
    by Qt; a part still too large is halved again. No Python loop walks the flattened points."""
    polygon = _flatten(path)
    bounds = polygon.boundingRect()
    if max(bounds.width(), bounds.height()) <= CHUNK:
        return [(bounds.adjusted(-1, -1, 1, 1), polygon)]
    ends = [path.elementAt(i) for i in range(path.elementCount())]
    points = [(e.x, e.y) for e in ends]
    if len(points) == 2:  # a straight arrow: a cubic whose control points are on the line
        (ax, ay), (bx, by) = points
        points = [
            (ax, ay),
            (ax + (bx - ax) / 3, ay + (by - ay) / 3),
            (ax + 2 * (bx - ax) / 3, ay + 2 * (by - ay) / 3),
            (bx, by),
        ]
    elif len(points) != 4:
        return [(bounds.adjusted(-1, -1, 1, 1), polygon)]
    count = math.ceil(2 * max(bounds.width(), bounds.height()) / CHUNK)
    parts = [(points, count)]
    pieces = []
    while parts:
        curve, n = parts.pop()
        if n > 1:  # cut off the first 1/n of the curve and go on with the rest
            head, rest = _split(curve, 1.0 / n)
            parts += [(rest, n - 1), (head, 1)]
            continue
        sub = QPainterPath()
        sub.moveTo(*curve[0])
        sub.cubicTo(*curve[1], *curve[2], *curve[3])
        piece = _flatten(sub)
        box = piece.boundingRect()
        if max(box.width(), box.height()) > CHUNK and max(box.width(), box.height()) > 1:
            parts.append((curve, 2))
        else:
            pieces.append((box.adjusted(-1, -1, 1, 1), piece))
    return pieces


def _split(curve, t: float):
    """De Casteljau: the cubic ``curve`` (four points) cut at ``t`` into two cubics."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    ax, ay = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
    bx, by = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
    cx, cy = x2 + (x3 - x2) * t, y2 + (y3 - y2) * t
    dx, dy = ax + (bx - ax) * t, ay + (by - ay) * t
    ex, ey = bx + (cx - bx) * t, by + (cy - by) * t
    fx, fy = dx + (ex - dx) * t, dy + (ey - dy) * t
    return [(x0, y0), (ax, ay), (dx, dy), (fx, fy)], [(fx, fy), (ex, ey), (cx, cy), (x3, y3)]
