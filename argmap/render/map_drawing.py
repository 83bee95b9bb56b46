"""The map's cards, arrows and legend painted straight from their geometry, one region at a time.

Exports (PDF pages, PNG bands, print, the clipboard image) draw the whole map at full detail but
never interact with it, so they need none of the editor's items: the boxes come from the layout
(``layout_data.card_boxes`` or the editor's positions), the arrows from ``routing`` (routed around
the cards shown, as the editor routes them), and each card is painted by the same functions the
editor's CardItem uses (``painting.paint_card``, ``paint_tabs``, ``paint_badge``). A region asks a
grid index for the cards and arrows that reach into it, so a page of a 6,000-page poster costs its
own cards, not the map's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from .. import layout_data, routing
from ..geometry import card_size, section_texts
from ..model import ArgumentMap
from ..spatial import GridIndex
from .legend import LEGEND_GAP, legend_size, paint_legend
from .painting import (
    BOUNDS_PAD,
    LONG_ARROW,
    MARGIN,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    ArrowCourse,
    ArrowGeometry,
    CardFace,
    arrow_outline,
    card_face,
    cite_text,
    paint_arrow,
    paint_badge,
    paint_card,
    paint_tabs,
)
from .theme import Theme

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, right, bottom
GRID = 1024.0  # the index's cell side, in map px: a tile of a poster spans one or two
# How far a card's painting reaches outside its box (its tabs above, its badge below).
REACH = max(MARGIN, MARGIN_TOP, MARGIN_BOTTOM)
# A stretch of a long arrow is cut this far outside the area drawn: past its rounded corners, its
# stroke, and the 20 px around the area in which paint_arrow draws a head (so the curve it drew
# reaches the head's own start).
STRETCH_PAD = 40.0
LEGEND_CLEARANCE = 30.0  # free space kept between the legend and any card or arrow


class MapDrawing:
    """The visible part of a map, laid out and routed, ready to paint any region of it."""

    def __init__(
        self,
        amap: ArgumentMap,
        theme: Theme,
        shown: Iterable[str],
        *,
        positions: Mapping[str, Point] | None = None,
        direction: str = "TB",
        badges: Mapping[str, int] | None = None,
        legend: bool = True,
    ) -> None:
        self.amap = amap
        self.theme = theme
        positions = positions or {}
        shown = set(shown)
        if all(cid in positions for cid in shown):  # the editor's places: no layout needed
            boxes = {}
            for cid in shown:
                w, h = card_size(amap.card(cid), amap.sources)
                x, y = positions[cid]
                boxes[cid] = (x, y, x + w, y + h)
        else:  # the layout places every card (hidden ones too, so the shown ones stand where they would)
            boxes = layout_data.card_boxes(amap, direction)
            for cid, (x, y) in positions.items():
                if cid in boxes:
                    b = boxes[cid]
                    boxes[cid] = (x, y, x + b[2] - b[0], y + b[3] - b[1])
        # In the map's order: the order cards (and arrows) are painted in where they overlap.
        self._order = {cid: i for i, cid in enumerate(c for c in amap.card_ids() if c in shown)}
        self.boxes: dict[str, Rect] = {cid: boxes[cid] for cid in self._order}
        self.badges = {cid: n for cid, n in (badges or {}).items() if cid in self.boxes and n}
        self._cards = GridIndex(GRID)
        for cid, box in self.boxes.items():
            self._cards.insert(cid, box)
        self.paths = self._route(direction)
        self._relations = GridIndex(GRID)
        for key, points in self.paths.items():
            self._relations.insert_path(key, points, BOUNDS_PAD)
        self._faces: dict[str, CardFace] = {}
        self._courses: dict[tuple[str, str], ArrowCourse] = {}  # kept while pages still cross them
        self._faces_from = float("-inf")  # faces of cards wholly above this line have been let go
        self.legend_size = legend_size(theme) if legend else None
        self.legend_at: Point | None = self._place_legend() if legend else None

    # -- geometry --------------------------------------------------------------------------------

    def _route(self, direction: str) -> dict[tuple[str, str], list[Point]]:
        """Every shown relation's polyline, around the shown cards (hidden ones leave room, as in the
        editor), its end among the other shown arrows into the same card."""
        boxes, cards = self.boxes, self._cards
        types: dict[tuple[str, str], str] = {}
        arriving: dict[str, list[tuple[object, Rect, str]]] = {}
        for r in self.amap.relations():
            if r.source in boxes and r.target in boxes:
                types[(r.source, r.target)] = r.type
                arriving.setdefault(r.target, []).append(((r.source, r.target), boxes[r.source], r.type))
        self.types = types
        ends: dict[object, float] = {}
        for target, arrivals in arriving.items():
            if len(arrivals) > 1:
                ends.update(routing.end_slots(boxes[target], arrivals, direction))

        def query(area: Rect) -> list[Rect]:
            return [boxes[c] for c in cards.query(area)]

        return {
            key: routing.route(boxes[key[0]], boxes[key[1]], query, direction=direction, end_at=ends.get(key))
            for key in types
        }

    def content_rect(self) -> QRectF:
        """The bounding box of the shown cards (cards only: no legend, no arrows' overhang)."""
        if not self.boxes:
            return QRectF()
        boxes = self.boxes.values()
        left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
        return QRectF(left, top, max(b[2] for b in boxes) - left, max(b[3] for b in boxes) - top)

    def legend_rect(self) -> QRectF | None:
        if self.legend_at is None or self.legend_size is None:
            return None
        return QRectF(*self.legend_at, *self.legend_size)

    def _place_legend(self) -> Point:
        """Beside the cards on their left (covering nothing), or better, in a corner of the cards'
        box where it touches no card and no arrow: that keeps the picture narrower."""
        assert self.legend_size is not None
        content = self.content_rect()
        w, h = self.legend_size
        beside = (content.left() - LEGEND_GAP - w, content.top())
        if content.isNull() or w > content.width() or h > content.height():
            return beside
        corners = [
            (content.left(), content.top()),
            (content.right() - w, content.top()),
            (content.left(), content.bottom() - h),
            (content.right() - w, content.bottom() - h),
        ]
        for x, y in corners:
            clear = (
                x - LEGEND_CLEARANCE,
                y - LEGEND_CLEARANCE,
                x + w + LEGEND_CLEARANCE,
                y + h + LEGEND_CLEARANCE,
            )
            if not self._touches(clear):
                return (x, y)
        return beside

    def _touches(self, area: Rect) -> bool:
        """Whether a card (with its tabs and badge) or an arrow's outline reaches into ``area``."""
        if any(_reaches(self.boxes[cid], area) for cid in self._cards.query(_padded(area, REACH))):
            return True
        rect = QRectF(area[0], area[1], area[2] - area[0], area[3] - area[1])
        return any(
            arrow_outline(self.course(key).whole()).intersects(rect) for key in self._relations.query(area)
        )

    # -- text ------------------------------------------------------------------------------------

    def face(self, card_id: str) -> CardFace:
        """The card's prepared drawing (its text wrapped with the export theme's fonts)."""
        face = self._faces.get(card_id)
        if face is None:
            box = self.boxes[card_id]
            face = self._faces[card_id] = card_face(
                self.amap.card(card_id), self.amap.sources, self.theme, (box[2] - box[0], box[3] - box[1])
            )
        return face

    def drawn_characters(self) -> set[str]:
        """Every character the cards draw (a superset: spaces and line ends included)."""
        chars: set[str] = set()
        for cid in self.boxes:
            card = self.amap.card(cid)
            for role, text in section_texts(card):
                chars.update(cite_text(card, self.amap.sources) if role == "cite" else text)
        return chars

    def course(self, key: tuple[str, str]) -> ArrowCourse:
        """The relation's drawn curve along its routed polyline."""
        course = self._courses.get(key)
        if course is None:
            course = self._courses[key] = ArrowCourse(self.paths[key])
        return course

    def _arrow_in(self, key: tuple[str, str], area: QRectF) -> ArrowGeometry | None:
        """The arrow to draw for ``area``: the whole arrow, or for one many times longer than the area
        is large, only its stretch across it (a cross-map rebuttal crosses a hundred pages of a
        10,000-card poster; drawn whole on each, it made their pages four times as large)."""
        course = self.course(key)
        bounds = self._relations.rect(key)
        assert bounds is not None
        if max(bounds[2] - bounds[0], bounds[3] - bounds[1]) <= LONG_ARROW * max(area.width(), area.height()):
            return course.whole()
        pad = STRETCH_PAD
        return course.stretch((area.left() - pad, area.top() - pad, area.right() + pad, area.bottom() + pad))

    def _let_go_above(self, top: float) -> None:
        """Drop the prepared faces and arrows of cards and relations wholly above ``top``: pages and
        bands are painted from the top of the map down, so they are not needed again (and a huge
        map's never all stay in memory). Painted again, one is simply prepared again."""
        if top <= self._faces_from:
            return
        self._faces_from = top
        boxes = self.boxes
        for cid in [cid for cid in self._faces if boxes[cid][3] + REACH < top]:
            del self._faces[cid]
        rects = self._relations.rect
        for key in [key for key in self._courses if rects(key)[3] < top]:  # type: ignore[index]
            del self._courses[key]

    # -- painting --------------------------------------------------------------------------------

    def paint(self, painter: QPainter, area: QRectF) -> None:
        """Paint whatever reaches into ``area`` (map coordinates): the legend, then the arrows, then
        the cards over them, as the editor stacks them."""
        theme = self.theme
        region = (area.left(), area.top(), area.right(), area.bottom())
        self._let_go_above(area.top())
        legend = self.legend_rect()
        if legend is not None and legend.intersects(area):
            painter.save()
            painter.translate(legend.topLeft())
            paint_legend(painter, theme, self.legend_size)  # type: ignore[arg-type]
            painter.restore()
        order = self._order
        keys = sorted(self._relations.query(region), key=lambda k: (order[k[0]], order[k[1]]))
        for key in keys:
            arrow = self._arrow_in(key, area)
            if arrow is not None:
                paint_arrow(painter, arrow, self.types[key], theme, False, area)
        # A card is painted where its tabs, badge or box reach into the area.
        ids = sorted(
            (cid for cid in self._cards.query(_padded(region, REACH)) if _reaches(self.boxes[cid], region)),
            key=order.__getitem__,
        )
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setRenderHint(QPainter.TextAntialiasing, True)
        for cid in ids:
            box = self.boxes[cid]
            face = self.face(cid)
            painter.save()
            painter.translate(box[0], box[1])
            paint_card(painter, face, theme, tabs=False, rows=(region[1] - box[1], region[3] - box[1]))
            rect = QRectF(0, 0, face.width, face.height)
            if region[1] <= box[1] + MARGIN_TOP and box[1] - MARGIN_TOP <= region[3]:  # its top edge shows
                paint_tabs(painter, rect, face.card, theme)
            if cid in self.badges:
                paint_badge(painter, rect, self.badges[cid], theme)
            painter.restore()


def _reaches(box: Rect, area: Rect) -> bool:
    """Whether a card's painting (its box, tabs above and badge below) meets ``area``."""
    return (
        box[0] - MARGIN <= area[2]
        and area[0] <= box[2] + MARGIN
        and box[1] - MARGIN_TOP <= area[3]
        and area[1] <= box[3] + MARGIN_BOTTOM
    )


def _padded(rect: Rect, pad: float) -> Rect:
    return (rect[0] - pad, rect[1] - pad, rect[2] + pad, rect[3] + pad)
