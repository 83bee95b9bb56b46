"""Painting cards and arrows with QPainter, shared by the scene's items and the legend's swatches.

User text is only ever drawn with ``QPainter.drawText`` on plain strings: never as HTML. The work
of wrapping and eliding is done once per card change (:func:`card_face`); painting only draws the
prepared lines, so it stays cheap while panning and zooming.
"""

from __future__ import annotations

import math
import sys
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QTextLayout,
    QTextOption,
    QTransform,
)

from .. import drawing_style, geometry
from ..model import Card, Source
from ..quotes import reading_time
from ..text_metrics import is_right_to_left
from .marked_quote import marked_layout, paint_marked_quote
from .theme import KIND_LABELS, SIDE_LABELS, Theme

STRIPE = drawing_style.STRIPE  # the side stripe down the card's left edge
TEXT_LEFT = geometry.PADDING + drawing_style.TEXT_INDENT  # leaves a gap after the stripe
QUOTE_INDENT = drawing_style.QUOTE_INDENT
TAB_HEIGHT = drawing_style.TAB_HEIGHT
LOW_DETAIL = 0.4  # below this zoom only the box and the tag are drawn
TINY_DETAIL = 0.12  # below this, only the box
ARROW_LENGTH = drawing_style.ARROW_LENGTH
ARROW_WIDTH = drawing_style.ARROW_WIDTH
BAR_LENGTH = drawing_style.BAR_LENGTH
BOUNDS_PAD = 12.0  # an arrow's head, bar and selection glow reach this far past its curve
# How far items reach outside the card's own rectangle (tabs, selection ring, badge, handle).
MARGIN_TOP = TAB_HEIGHT / 2 + 2
MARGIN = 6.0
MARGIN_BOTTOM = 10.0


@dataclass
class Line:
    text: str
    x: float
    baseline: float


class CardFace:
    """A card's prepared drawing: its size, and each section's lines wrapped and elided.

    The wrapping (the costly part) happens on first use of :attr:`sections` (the card's first paint
    at a readable zoom), not when the face is made, so a map of thousands of cards opens quickly.
    """

    __slots__ = ("card", "width", "height", "headline", "cite", "_sections", "_theme", "_quote_layout")

    def __init__(
        self,
        card: Card,
        width: float,
        height: float,
        sections: list[tuple[str, list[Line]]] | None = None,
        headline: str = "",
        cite: str = "",
        theme: Theme | None = None,
    ) -> None:
        self.card = card
        self.width = width
        self.height = height
        self.headline = headline
        self.cite = cite
        self._sections = sections
        self._theme = theme
        self._quote_layout = None

    def quote_layout(self, width: float):
        """The marked quote laid out (made on first paint, kept while the card is unchanged)."""
        if self._quote_layout is None and self._theme is not None:
            self._quote_layout = marked_layout(self.card, self._theme, width)
        return self._quote_layout

    @property
    def sections(self) -> list[tuple[str, list[Line]]]:
        if self._sections is None:
            self._sections = (
                _wrap_sections(self.card, self.cite, self._theme, self.width, self.height)
                if self._theme
                else []
            )
        return self._sections


def cite_text(card: Card, sources: dict[str, Source] | None, words_per_minute: int = 0) -> str:
    """The cite line as a debater reads it: "Oleksiy Danilov · Axios, 2022-03-18 · para 8"; with a
    speaking rate, led by how long the card takes to read aloud: "12 s, 58 words · ..."."""
    cite = geometry.cite_text(card, sources)
    timing = reading_label(card, words_per_minute) if card.cite is not None else ""
    return f"{timing} \u00b7 {cite}" if timing and cite else cite


def reading_label(card: Card, words_per_minute: int) -> str:
    """'12 s, 58 words': the read-aloud (highlighted) words of an evidence card and their time."""
    if words_per_minute <= 0 or card.kind != "evidence" or not card.quote:
        return ""
    words, seconds = reading_time(card.quote, card.marks, words_per_minute)
    return f"{seconds} s, {words} word{'s' if words != 1 else ''}"


def wrap(text: str, font, width: float, max_lines: int | None = None) -> list[str]:
    """``text`` wrapped to ``width`` with real font metrics and Unicode's line breaking rules.

    Each line of the text is a paragraph of its own and a blank line stays a blank line. Lines break
    where Unicode allows (between words, between CJK characters, at Thai word boundaries, as
    QTextLayout finds them), else anywhere. With ``max_lines`` the last line is elided (for short
    summaries on a far-out view); by default nothing is cut.
    """
    if (max_lines is not None and max_lines <= 0) or not text.strip():
        return []
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
    lines: list[str] = []
    paragraphs = [part.strip() for part in text.strip("\n").splitlines()]
    while paragraphs and not paragraphs[-1]:
        paragraphs.pop()
    for p, paragraph in enumerate(paragraphs):
        if not paragraph:
            lines.append("")
            continue
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            if max_lines is not None and len(lines) == max_lines - 1:
                rest = " ".join([paragraph[start:], *paragraphs[p + 1 :]])
                lines.append(_font_metrics(font).elidedText(rest, Qt.ElideRight, width))
                layout.endLayout()
                return lines
            lines.append(paragraph[start : start + length].rstrip())
        layout.endLayout()
    return lines


def card_face(
    card: Card,
    sources: dict[str, Source] | None,
    theme: Theme,
    size: tuple[float, float] | None = None,
    words_per_minute: int = 300,
) -> CardFace:
    """A card laid out inside exactly ``geometry.card_size(card, sources)`` (``size`` when known)."""
    width, height = size or geometry.card_size(card, sources)
    return CardFace(
        card, float(width), float(height), headline=card.headline, cite=cite_text(card, sources), theme=theme
    )


_metrics: dict[tuple, QFontMetricsF] = {}


def _font_metrics(font) -> QFontMetricsF:
    key = (font.key(), font.pixelSize(), font.pointSizeF())
    metrics = _metrics.get(key)
    if metrics is None:
        metrics = _metrics[key] = QFontMetricsF(font)
    return metrics


def _wrap_sections(
    card: Card, cite: str, theme: Theme, width: float, height: float
) -> list[tuple[str, list[Line]]]:
    """Each section's lines, every word of it, placed inside the card's ``height``.

    The height comes from ``geometry``'s estimate; when the real fonts need more lines than it
    counted, the lines are set a little closer (never cut).
    """
    inner = width - TEXT_LEFT - geometry.PADDING
    wrapped_sections = []
    for role, source_text in geometry.section_texts(card):
        if role == "cite":
            source_text = cite
        x, w = TEXT_LEFT, inner
        if role == "quote":
            x, w = TEXT_LEFT + QUOTE_INDENT, inner - QUOTE_INDENT
        font = theme.font(role)
        if role == "quote" and card.marks:
            # Drawn by paint_marked_quote from a layout of its own: here only the room it takes.
            wrapped_sections.append((role, font, x, w, geometry.marked_quote_lines(card.quote, card.marks)))
            continue
        wrapped_sections.append((role, font, x, w, wrap(source_text, font, w)))
    room = height - 2 * geometry.PADDING - geometry.SECTION_GAP * max(0, len(wrapped_sections) - 1)
    need = sum(geometry.LINE_HEIGHTS[role] * len(lines) for role, _, _, _, lines in wrapped_sections)
    squeeze = min(1.0, room / need) if need > 0 else 1.0
    sections: list[tuple[str, list[Line]]] = []
    y = float(geometry.PADDING)
    for role, font, x, w, wrapped in wrapped_sections:
        line_height = geometry.LINE_HEIGHTS[role] * squeeze
        metrics = _font_metrics(font)
        offset = (line_height - metrics.height()) / 2 + metrics.ascent()
        lines = []
        rtl = False
        for i, t in enumerate(wrapped):
            if i == 0 or not wrapped[i - 1]:  # a paragraph starts: its first strong letter sets its side
                rtl = is_right_to_left(t)
            left = x + w - metrics.horizontalAdvance(t) if rtl else x
            lines.append(Line(t, left, y + i * line_height + offset))
        sections.append((role, lines))
        y += line_height * len(wrapped) + geometry.SECTION_GAP
    return sections


def card_path(rect: QRectF, radius: float) -> QPainterPath:
    path = QPainterPath()
    path.addRoundedRect(rect, radius, radius)
    return path


def paint_card_box(painter: QPainter, rect: QRectF, kind: str, side: str | None, theme: Theme) -> None:
    """The card's box: fill, side stripe (hatched on PRINT for NEG) and the kind's border.

    ``side`` None draws no stripe (the legend's kind swatches).
    """
    style = theme.kinds[kind]
    path = card_path(rect, style.radius)
    painter.setPen(Qt.NoPen)
    painter.setBrush(QColor(style.fill))
    painter.drawPath(path)
    pen = QPen(QColor(style.border), style.border_width, style.dash)
    pen.setJoinStyle(Qt.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.NoBrush)
    half = style.border_width / 2
    painter.drawPath(card_path(rect.adjusted(half, half, -half, -half), style.radius))
    if style.double_border:  # evidence: a thin inner rule, like a clipped card
        painter.setPen(QPen(QColor(style.border), 0.8))
        painter.drawPath(card_path(rect.adjusted(3, 3, -3, -3), max(0.0, style.radius - 1)))
    if side is not None:  # over the border, so the side reads even on a heavy position border
        _paint_stripe(painter, rect, path, theme.sides[side])


def _paint_stripe(painter: QPainter, rect: QRectF, path: QPainterPath, side_style) -> None:
    painter.save()
    painter.setClipPath(path)
    stripe = QRectF(rect.left(), rect.top(), STRIPE, rect.height())
    if side_style.hatched:
        painter.setBrush(QBrush(QColor(side_style.color), Qt.BDiagPattern))
        painter.drawRect(stripe.adjusted(0, 0, 2, 0))
        painter.setPen(QPen(QColor(side_style.color), 1))
        painter.drawLine(QLineF(stripe.topRight() + QPointF(2, 0), stripe.bottomRight() + QPointF(2, 0)))
    else:
        painter.setBrush(QColor(side_style.color))
        painter.drawRect(stripe)
    painter.restore()


def paint_tabs(painter: QPainter, rect: QRectF, card: Card, theme: Theme) -> None:
    """The labels on the card's top edge: the kind on the left, the side (and speech) on the right."""
    style = theme.kinds[card.kind]
    font = theme.font("label")
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    top = rect.top() - TAB_HEIGHT / 2
    kind_text = KIND_LABELS[card.kind]
    kind_w = metrics.horizontalAdvance(kind_text) + 10
    kind_rect = QRectF(rect.left() + 12, top, kind_w, TAB_HEIGHT)
    painter.setPen(QPen(QColor(style.border), 1))
    painter.setBrush(QColor(style.fill))
    painter.drawRoundedRect(kind_rect, 3, 3)
    painter.setPen(QColor(style.border))
    painter.drawText(kind_rect, Qt.AlignCenter, kind_text)

    side_text = SIDE_LABELS[card.side] + (f" \u00b7 {card.speech}" if card.speech else "")
    side_text = metrics.elidedText(side_text, Qt.ElideRight, rect.width() / 2 - 30)
    side_w = metrics.horizontalAdvance(side_text) + 10
    side_rect = QRectF(rect.right() - 12 - side_w, top, side_w, TAB_HEIGHT)
    side_style = theme.sides[card.side]
    painter.setPen(QPen(QColor(side_style.color), 1))
    if side_style.hatched:  # PRINT's NEG: outlined, so it differs from AFF's solid label
        painter.setBrush(QColor(theme.background))
        painter.drawRoundedRect(side_rect, 3, 3)
        painter.setPen(QColor(side_style.color))
    else:
        painter.setBrush(QColor(side_style.color))
        painter.drawRoundedRect(side_rect, 3, 3)
        painter.setPen(QColor(theme.label_text))
    painter.drawText(side_rect, Qt.AlignCenter, side_text)


def paint_card(
    painter: QPainter,
    face: CardFace,
    theme: Theme,
    lod: float = 1.0,
    tabs: bool = True,
    rows: tuple[float, float] | None = None,
) -> None:
    """Draw a prepared card at the origin; below ``LOW_DETAIL`` only the box and a large tag.

    ``tabs`` False leaves out the labels on the top edge, for a caller that draws over the box
    first (an overlay ring) and then the labels with :func:`paint_tabs`. ``rows`` (top, bottom in
    the card's own coordinates): only the lines of text that reach between them are drawn, for a
    page that shows part of the card (a PDF keeps every line drawn, seen or not, in its text).
    """
    rect = QRectF(0, 0, face.width, face.height)
    card = face.card
    paint_card_box(painter, rect, card.kind, card.side, theme)
    if theme.full_detail:  # an export: every word at any scale (PDF and SVG keep them as text)
        lod = 1.0
    if lod < TINY_DETAIL:  # the minimap: text would only be noise
        return
    if lod < LOW_DETAIL:
        font = theme.font("tag")
        font.setPixelSize(min(34, max(13, int(7 / max(lod, 0.05)))))
        painter.setFont(font)
        painter.setPen(QColor(theme.text))
        box = rect.adjusted(TEXT_LEFT, 4, -geometry.PADDING, -4)
        metrics = QFontMetricsF(font)
        n = max(1, int(box.height() // metrics.lineSpacing()))
        lines = wrap(face.headline, font, box.width(), n)
        y = box.top() + (box.height() - len(lines) * metrics.lineSpacing()) / 2 + metrics.ascent()
        for text in lines:
            painter.drawText(QPointF(box.left(), y), text)
            y += metrics.lineSpacing()
        return
    if tabs:
        paint_tabs(painter, rect, card, theme)
    for role, lines in face.sections:
        if role == "quote" and card.marks and lines:
            inner = face.width - TEXT_LEFT - geometry.PADDING - QUOTE_INDENT
            height = paint_marked_quote(
                painter, face.quote_layout(inner), QPointF(lines[0].x, lines[0].baseline)
            )
            painter.setPen(QPen(QColor(theme.kinds[card.kind].border), 2))
            x = TEXT_LEFT + 2
            painter.drawLine(QLineF(x, lines[0].baseline + 2, x, lines[0].baseline + height - 2))
            continue
        if role == "quote":
            paint_quote(painter, card, lines, theme, rows)
            continue
        painter.setFont(theme.font(role))
        painter.setPen(QColor(theme.muted_text if role == "cite" else theme.text))
        for line in _within(lines, rows):
            painter.drawText(QPointF(line.x, line.baseline), line.text)


def _within(lines: list[Line], rows: tuple[float, float] | None) -> list[Line]:
    """The lines whose glyphs can reach between ``rows`` (top, bottom); all of them when None."""
    if rows is None:
        return lines
    top, bottom = rows
    # A line's glyphs reach a little below its baseline and about a line above it.
    return [
        line for line in lines if line.baseline + LINE_BELOW >= top and line.baseline - LINE_ABOVE <= bottom
    ]


LINE_BELOW = 8.0  # px a line's descenders (and underlines) reach below its baseline, at most
LINE_ABOVE = 20.0  # px its accents and tall scripts reach above it, at most


def paint_quote(
    painter: QPainter, card: Card, lines: list[Line], theme: Theme, rows: tuple[float, float] | None = None
) -> None:
    """An evidence card's quote: its prepared lines, every word, and the rule down its left side.

    The one place a quote is drawn (the editor's cards and every export alike), so marks on the
    quote's words are added here. ``rows``: as for :func:`paint_card`.
    """
    painter.setFont(theme.font("quote"))
    painter.setPen(QColor(theme.text))
    for line in _within(lines, rows):
        painter.drawText(QPointF(line.x, line.baseline), line.text)
    if lines:
        top = lines[0].baseline - 11
        bottom = lines[-1].baseline + 4
        painter.setPen(QPen(QColor(theme.kinds[card.kind].border), 2))
        x = TEXT_LEFT + 2
        painter.drawLine(QLineF(x, top, x, bottom))


def paint_badge(painter: QPainter, rect: QRectF, count: int, theme: Theme) -> QRectF:
    """The "+7" pill on a collapsed card's bottom-right corner; returns where it was drawn."""
    font = theme.font("badge")
    text = f"+{count}"
    metrics = QFontMetricsF(font)
    w = max(22.0, metrics.horizontalAdvance(text) + 12)
    badge = QRectF(rect.right() - w - 8, rect.bottom() - 9, w, 18)
    painter.setPen(QPen(QColor(theme.background), 1.5))
    painter.setBrush(QColor(theme.badge_fill))
    painter.drawRoundedRect(badge, 9, 9)
    painter.setFont(font)
    painter.setPen(QColor(theme.badge_text))
    painter.drawText(badge, Qt.AlignCenter, text)
    return badge


# -- arrows ------------------------------------------------------------------------------------


@dataclass
class ArrowGeometry:
    """A relation's drawn curve (ending where the head begins), its end point and direction."""

    path: QPainterPath
    tip: QPointF
    angle: float  # radians, the direction the curve travels at the tip
    _traces: dict[bool, ArrowTrace] | None = None

    def trace(self, fine: bool = True) -> ArrowTrace:
        """The curve as a polyline, made once (for drawing only the part of a long arrow in view)."""
        if self._traces is None:
            self._traces = {}
        trace = self._traces.get(fine)
        if trace is None:
            trace = self._traces[fine] = ArrowTrace(self.path, FLATTEN_SCALE if fine else 1.0)
        return trace


def _coordinates(polygon: QPolygonF, scale: float) -> tuple[list[float], list[float]]:
    """The polygon's x and y coordinates divided by ``scale``. Read from its bytes in one go: a long
    arrow flattens to thousands of points, and asking each QPointF for x() and y() took most of the
    first paint of a region crossed by long arrows (undoing the deletion of 10,000 cards)."""
    data = QByteArray()
    stream = QDataStream(data, QIODevice.WriteOnly)
    stream.setByteOrder(QDataStream.LittleEndian)
    stream.setFloatingPointPrecision(QDataStream.DoublePrecision)
    stream << polygon
    values = array("d")
    values.frombytes(data.data()[4:])  # after the point count (a quint32)
    if sys.byteorder != "little":
        values.byteswap()
    if len(values) != 2 * len(polygon):  # a stream format this reading does not know: point by point
        return [p.x() / scale for p in polygon], [p.y() / scale for p in polygon]
    return [v / scale for v in values[0::2]], [v / scale for v in values[1::2]]


# A curve is flattened at 1/FLATTEN_SCALE of Qt's own tolerance (0.5): within 0.1 px even at 500 %.
# Below LOW_DETAIL Qt's own tolerance is already below a fifth of a pixel.
FLATTEN_SCALE = 8.0


class ArrowTrace:
    """A long arrow's curve as points, with the length run so far at each, to draw a window of it."""

    __slots__ = ("xs", "ys", "lengths", "x_keys", "y_keys")

    def __init__(self, path: QPainterPath, scale: float = FLATTEN_SCALE) -> None:
        polygons = path.toSubpathPolygons(QTransform.fromScale(scale, scale))
        self.xs, self.ys = _coordinates(polygons[0], scale) if polygons else ([], [])
        points = list(zip(self.xs, self.ys, strict=True))
        self.lengths = [0.0]
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            self.lengths.append(self.lengths[-1] + math.hypot(x1 - x0, y1 - y0))
        # For a coordinate that only grows (or only shrinks) along the curve: an ascending list of
        # it (negated when it shrinks) and the sign, so the window is found by bisection.
        self.x_keys = _monotone_keys(self.xs)
        self.y_keys = _monotone_keys(self.ys)

    def window(self, rect: QRectF) -> tuple[list[QLineF], float]:
        """The segments that may cross ``rect``, and the length of the curve before the first one."""
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        lo, hi = 0, len(self.xs) - 1
        for keys, low, high in ((self.x_keys, left, right), (self.y_keys, top, bottom)):
            if keys is not None:
                sign, values = keys
                if sign < 0:
                    low, high = -high, -low
                lo = max(lo, bisect_left(values, low) - 1)
                hi = min(hi, bisect_right(values, high))
        if lo >= hi:
            return [], 0.0
        xs, ys = self.xs, self.ys
        lines = []
        first = None
        last = None
        for i in range(lo, hi):
            x0, y0, x1, y1 = xs[i], ys[i], xs[i + 1], ys[i + 1]
            if (
                (x0 < left and x1 < left)
                or (x0 > right and x1 > right)
                or (y0 < top and y1 < top)
                or (y0 > bottom and y1 > bottom)
            ):
                continue
            if first is None:
                first = i
            last = i
        if first is None:
            return [], 0.0
        # One unbroken run, so the dashes stay in step along it.
        lines = [QLineF(xs[i], ys[i], xs[i + 1], ys[i + 1]) for i in range(first, last + 1)]
        return lines, self.lengths[first]


def _monotone_keys(values: list[float]) -> tuple[int, list[float]] | None:
    pairs = list(zip(values, values[1:], strict=False))
    if all(a <= b for a, b in pairs):
        return (1, values)
    if all(a >= b for a, b in pairs):
        return (-1, [-v for v in values])
    return None


def _spread(offset: float, half: float) -> float:
    return max(-half, min(half, offset))


def arrow_geometry(src: QRectF, dst: QRectF, head: float = ARROW_LENGTH) -> ArrowGeometry:
    """A curve from the answering card's edge to the answered card's edge, clipped at both boxes.

    When one card is clearly above the other the curve leaves and enters through the top and
    bottom edges (a tree reads best so); side by side it uses the left and right edges. The end
    points spread along the edge towards the other card, so arrows into one card do not pile up.
    """
    sc, dc = src.center(), dst.center()
    if src.top() >= dst.bottom() + 4 or dst.top() >= src.bottom() + 4:
        down = dc.y() > sc.y()  # travelling down the page
        sy = src.bottom() if down else src.top()
        ty = dst.top() if down else dst.bottom()
        sx = sc.x() + _spread((dc.x() - sc.x()) * 0.15, src.width() / 2 - 24)
        tx = dc.x() + _spread((sc.x() - dc.x()) * 0.3, dst.width() / 2 - 24)
        start, tip = QPointF(sx, sy), QPointF(tx, ty)
        sign = 1 if down else -1
        bend = max(24.0, abs(ty - sy) * 0.45)
        c1, c2 = QPointF(sx, sy + sign * bend), QPointF(tx, ty - sign * bend)
        before_tip = QPointF(tx, ty - sign * head)
    elif src.left() >= dst.right() + 4 or dst.left() >= src.right() + 4:
        right = dc.x() > sc.x()
        sx = src.right() if right else src.left()
        tx = dst.left() if right else dst.right()
        sy = sc.y() + _spread((dc.y() - sc.y()) * 0.15, src.height() / 2 - 8)
        ty = dc.y() + _spread((sc.y() - dc.y()) * 0.3, dst.height() / 2 - 8)
        start, tip = QPointF(sx, sy), QPointF(tx, ty)
        sign = 1 if right else -1
        bend = max(24.0, abs(tx - sx) * 0.45)
        c1, c2 = QPointF(sx + sign * bend, sy), QPointF(tx - sign * bend, ty)
        before_tip = QPointF(tx - sign * head, ty)
    else:  # overlapping boxes: a straight line between the centres, clipped at the edges
        start, tip = _clip(dc, sc, src), _clip(sc, dc, dst)
        line = QLineF(start, tip)
        angle = math.atan2(line.dy(), line.dx())
        before_tip = tip - QPointF(math.cos(angle) * head, math.sin(angle) * head)
        path = QPainterPath(start)
        path.lineTo(before_tip)
        return ArrowGeometry(path, tip, angle)
    path = QPainterPath(start)
    path.cubicTo(c1, c2, before_tip)
    angle = math.atan2(tip.y() - before_tip.y(), tip.x() - before_tip.x())
    return ArrowGeometry(path, tip, angle)


CORNER = drawing_style.ARROW_CORNER  # the largest radius of a routed arrow's rounded corners


def arrow_along(points: list[tuple[float, float]], head: float = ARROW_LENGTH) -> ArrowGeometry:
    """An arrow drawn along a routed polyline (see ``argmap.routing``), its corners rounded, its
    head (or bar) on the last point, pointing along the last segment."""
    pts = list(points)
    (px, py), (tx, ty) = pts[-2], pts[-1]
    angle = math.atan2(ty - py, tx - px)
    back = min(head, math.hypot(tx - px, ty - py))
    pts[-1] = (tx - math.cos(angle) * back, ty - math.sin(angle) * back)  # the curve stops at the head
    path = QPainterPath(QPointF(*pts[0]))
    for i in range(1, len(pts) - 1):
        (ax, ay), (cx, cy), (bx, by) = pts[i - 1], pts[i], pts[i + 1]
        la, lb = math.hypot(ax - cx, ay - cy), math.hypot(bx - cx, by - cy)
        r = min(CORNER, la / 2, lb / 2)
        if r < 0.5:
            path.lineTo(cx, cy)
            continue
        path.lineTo(cx + (ax - cx) * r / la, cy + (ay - cy) * r / la)
        path.quadTo(QPointF(cx, cy), QPointF(cx + (bx - cx) * r / lb, cy + (by - cy) * r / lb))
    path.lineTo(*pts[-1])
    return ArrowGeometry(path, QPointF(tx, ty), angle)


def _clip(outside: QPointF, centre: QPointF, rect: QRectF) -> QPointF:
    """Where the segment from ``outside`` to the centre of ``rect`` crosses the rectangle's edge."""
    dx, dy = outside.x() - centre.x(), outside.y() - centre.y()
    if dx == 0 and dy == 0:
        return centre
    sx = (rect.width() / 2) / abs(dx) if dx else math.inf
    sy = (rect.height() / 2) / abs(dy) if dy else math.inf
    s = min(sx, sy, 1.0)
    return QPointF(centre.x() + dx * s, centre.y() + dy * s)


def head_polygon(
    tip: QPointF, angle: float, length: float = ARROW_LENGTH, width: float = ARROW_WIDTH
) -> QPolygonF:
    back = QPointF(tip.x() - math.cos(angle) * length, tip.y() - math.sin(angle) * length)
    nx, ny = -math.sin(angle) * width / 2, math.cos(angle) * width / 2
    return QPolygonF([tip, QPointF(back.x() + nx, back.y() + ny), QPointF(back.x() - nx, back.y() - ny)])


def arrow_outline(arrow: ArrowGeometry, width: float = 10.0) -> QPainterPath:
    """The area ``width`` px wide around the arrow's curve, head and bar: where a click hits it, and
    what an export keeps its legend clear of."""
    ends = QPainterPath(arrow.path)
    ends.addPolygon(head_polygon(arrow.tip, arrow.angle))
    bar = bar_line(arrow.tip, arrow.angle)
    ends.moveTo(bar.p1())
    ends.lineTo(bar.p2())
    stroker = QPainterPathStroker()
    stroker.setWidth(width)
    return stroker.createStroke(ends)


def bar_line(tip: QPointF, angle: float, length: float = BAR_LENGTH) -> QLineF:
    """The flat bar (⊣) across the end of a rebuttal, just short of the card's edge."""
    cx, cy = tip.x() - math.cos(angle) * 2.5, tip.y() - math.sin(angle) * 2.5
    nx, ny = -math.sin(angle) * length / 2, math.cos(angle) * length / 2
    return QLineF(cx + nx, cy + ny, cx - nx, cy - ny)


@dataclass
class _ArrowPens:
    line: QPen
    glow: QPen
    head: QPen
    stub: QPen
    bar: QPen
    color: QColor
    dashed: bool


_pens: dict[tuple, tuple] = {}


def _arrow_pens(style, theme: Theme, fine: bool, fade: int = 0) -> _ArrowPens:
    """The pens for one relation style, made once: below ``LOW_DETAIL`` thin cosmetic lines.

    ``fade`` (0-4) makes them more transparent: a one-pixel line stands for a much thinner stroke
    when zoomed far out, and at full strength the arrows would hide the cards.
    """
    key = (id(style), id(theme), fine, fade)
    cached = _pens.get(key)
    if cached is not None and cached[0] is style and cached[1] is theme:
        return cached[2]
    color = QColor(style.color)
    dashed = style.dash == Qt.DashLine
    if fade:
        color.setAlphaF(1.0 - 0.2 * fade)
    if fine:
        line = QPen(color, style.width, style.dash, Qt.FlatCap, Qt.RoundJoin)
        if dashed:
            line.setDashPattern(list(drawing_style.REBUTTAL_DASH))
    else:  # one device pixel whatever the zoom; Qt draws these without stroking a polygon
        line = QPen(color, 1.0, style.dash, Qt.FlatCap, Qt.RoundJoin)
        line.setCosmetic(True)
        if dashed:
            line.setDashPattern([4.0, 3.0])
    glow_color = QColor(theme.selection)
    glow_color.setAlpha(90)
    glow = QPen(glow_color, style.width + 6, Qt.SolidLine, Qt.RoundCap)
    if not fine:
        glow.setWidthF(4.0)
        glow.setCosmetic(True)
    pens = _ArrowPens(
        line,
        glow,
        QPen(color, 1, Qt.SolidLine, Qt.RoundCap, Qt.MiterJoin),
        QPen(color, style.width, Qt.SolidLine, Qt.FlatCap),
        QPen(color, 3.5, Qt.SolidLine, Qt.FlatCap),
        color,
        dashed,
    )
    _pens[key] = (style, theme, pens)
    return pens


# An arrow longer than this many times the exposed area's larger side is drawn only where it is seen.
LONG_ARROW = 3.0


def paint_arrow(
    painter: QPainter,
    arrow: ArrowGeometry,
    rel_type: str,
    theme: Theme,
    selected: bool = False,
    exposed: QRectF | None = None,
) -> None:
    """supports: solid line into a filled arrowhead; rebuts: dashed line ending in a flat bar.

    ``exposed`` (the part of the scene being painted) lets a long arrow draw only the segments
    that cross it, as straight lines of its finely flattened curve, without antialiasing (Qt then
    skips stroking the whole curve, which is what made long arrows slow). Below ``LOW_DETAIL`` the
    line is a thin cosmetic one without antialiasing, and below ``TINY_DETAIL`` the head is left out.
    """
    transform = painter.worldTransform()
    lod = math.hypot(transform.m11(), transform.m12())
    fine = lod >= LOW_DETAIL
    fade = 0 if fine else min(4, int((LOW_DETAIL - lod) / LOW_DETAIL * 5) + 1)
    pens = _arrow_pens(theme.relations[rel_type], theme, fine, fade)
    painter.setRenderHint(QPainter.Antialiasing, fine)
    painter.setBrush(Qt.NoBrush)
    lines = None
    if exposed is not None:
        bounds = arrow.path.controlPointRect()
        reach = LONG_ARROW * max(exposed.width(), exposed.height())
        if max(bounds.width(), bounds.height()) > reach:
            pad = 12.0 / lod
            lines, before = arrow.trace(fine).window(exposed.adjusted(-pad, -pad, pad, pad))
    if lines is None:
        if selected:
            painter.setPen(pens.glow)
            painter.drawPath(arrow.path)
        painter.setPen(pens.line)
        painter.drawPath(arrow.path)
    elif lines:
        # Antialiasing costs ~50 us per screen-wide line, and hundreds of long arrows can cross one
        # view: those (only those) are drawn aliased.
        painter.setRenderHint(QPainter.Antialiasing, False)
        if selected:
            painter.setPen(pens.glow)
            painter.drawLines(lines)
        pen = pens.line
        if pens.dashed:  # start the dashes where they would be on the whole curve
            pen = QPen(pen)
            pen.setDashOffset(before * lod if not fine else before / pen.widthF())
        painter.setPen(pen)
        painter.drawLines(lines)
    if lod < TINY_DETAIL:
        return
    if exposed is not None and not exposed.adjusted(-20, -20, 20, 20).contains(arrow.tip):
        return
    painter.setRenderHint(QPainter.Antialiasing, fine)
    if rel_type == "supports":
        painter.setPen(pens.head)
        painter.setBrush(pens.color)
        painter.drawPolygon(head_polygon(arrow.tip, arrow.angle))
    else:
        # The dashed line stops a head's length short; close the gap with a solid stub to the bar.
        painter.setPen(pens.stub)
        end = arrow.path.currentPosition()
        bar = bar_line(arrow.tip, arrow.angle)
        painter.drawLine(QLineF(end, bar.center()))
        painter.setPen(pens.bar)
        painter.drawLine(bar)
