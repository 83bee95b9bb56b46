"""The exported sheet (``export/sheet.py``) drawn with a QPainter: PNG bands, printed pages, the Word
brief's picture, the clipboard image and Qt's PDF (when the Qt-free PDF writer lacks its font).

:class:`PainterCanvas` is a :class:`~argmap.export.canvas.Canvas`, so these images show the very
sheet the SVG and PDF files show: the same title block, line breaks and legend. Text is drawn in the
fonts the sheet measured it in (``text_metrics``: DejaVu Sans, and the Noto family Qt falls back to
for the scripts DejaVu does not draw as the editor does), without kerning (which the measures leave
out), so each line fits the box it was broken for. User text is drawn as plain strings only.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from ..drawing_style import FONT_FAMILIES
from ..export.canvas import HATCH, Canvas, Paint, PathData, Run, outline
from ..export.sheet import MapSheet
from ..text_metrics import Face, is_right_to_left
from .theme import plain_font

# The families text_metrics measured (font_widths: DejaVu Sans, then the Noto fallbacks), without
# the editor's preferred ones before them (Inter, Segoe UI ...), which would draw other widths.
MEASURED_FAMILIES = FONT_FAMILIES[FONT_FAMILIES.index("DejaVu Sans") :]
Rect = tuple[float, float, float, float]


class PainterCanvas:
    """A :class:`~argmap.export.canvas.Canvas` drawing on a QPainter, one sheet px to one painter unit."""

    def __init__(self, painter: QPainter, hatch: str) -> None:
        """``hatch``: the colour of the print theme's hatching (its hatched side's colour)."""
        self.painter = painter
        self._hatch = hatch
        self._moves: list[tuple[float, float]] = []
        self._pens: dict[Paint, tuple[QPen | None, QBrush | None]] = {}
        self._fonts: dict[tuple[float, bool, bool, float], tuple[QFont, QFontMetricsF]] = {}
        self._colours: dict[str, QColor] = {}
        self._widths: dict[tuple[tuple[float, bool, bool, float], str], float] = {}

    def region(self, *boxes: Rect) -> None:
        """The sheet draws only what reaches the painted area (``MapSheet.draw``'s ``area``)."""

    def group(self, dx: float, dy: float) -> None:
        self._moves.append((dx, dy))
        self.painter.translate(dx, dy)

    def end_group(self) -> None:
        dx, dy = self._moves.pop()
        self.painter.translate(-dx, -dy)

    def reuse(self, key: Hashable, draw: Callable[[Canvas], None]) -> None:
        draw(self)  # a painter draws a frame as fast as it would replay one

    # -- shapes --

    def _colour(self, colour: str) -> QColor:
        made = self._colours.get(colour)
        if made is None:
            made = self._colours[colour] = QColor(colour)
        return made

    def _paint(self, paint: Paint) -> None:
        made = self._pens.get(paint)
        if made is None:
            pen = brush = None
            if paint.stroke:
                pen = QPen(self._colour(paint.stroke), paint.width)
                pen.setCapStyle(Qt.SquareCap if paint.square_caps else Qt.FlatCap)
                pen.setJoinStyle(Qt.RoundJoin if paint.round_joins else Qt.MiterJoin)
                if paint.dash:  # Qt counts dashes in pen widths
                    pen.setDashPattern([paint.dash[0] / paint.width, paint.dash[1] / paint.width])
            if paint.fill == HATCH:
                brush = QBrush(self._colour(self._hatch), Qt.BDiagPattern)
            elif paint.fill:
                brush = QBrush(self._colour(paint.fill))
            made = self._pens[paint] = (pen, brush)
        pen, brush = made
        self.painter.setPen(pen if pen is not None else Qt.NoPen)
        self.painter.setBrush(brush if brush is not None else Qt.NoBrush)

    def rect(self, x: float, y: float, w: float, h: float, paint: Paint, radius: float = 0.0) -> None:
        self._paint(paint)
        r = min(radius, w / 2, h / 2)
        if r > 0:
            self.painter.drawRoundedRect(QRectF(x, y, w, h), r, r)
        else:
            self.painter.drawRect(QRectF(x, y, w, h))

    def path(self, data: PathData, paint: Paint) -> None:
        self._paint(paint)
        path = QPainterPath()
        for op, *v in outline(data):
            if op == "M":
                path.moveTo(v[0], v[1])
            elif op == "L":
                path.lineTo(v[0], v[1])
            elif op == "C":
                path.cubicTo(v[0], v[1], v[2], v[3], v[4], v[5])
            else:
                path.closeSubpath()
        self.painter.drawPath(path)

    # -- text --

    def _font(self, face: Face) -> tuple[QFont, QFontMetricsF]:
        key = (face.size, face.bold, face.italic, face.letter_spacing)  # a marked quote makes faces anew
        made = self._fonts.get(key)
        if made is None:
            font = plain_font(
                MEASURED_FAMILIES,
                max(1, round(face.size)),
                QFont.Bold if face.bold else QFont.Normal,
                face.italic,
            )
            font.setKerning(False)  # the measures leave kerning out: a kerned line would end elsewhere
            if face.letter_spacing:
                # A share of the letters' width: Qt's PDF and print engines apply absolute spacing in
                # device units, which spreads a label across the card when the painter is scaled.
                font.setLetterSpacing(QFont.PercentageSpacing, 100 + 100 * face.letter_spacing / face.size)
            made = self._fonts[key] = (font, QFontMetricsF(font))
        return made

    def drawn_width(self, text: str, face: Face) -> float:
        """The text's drawn width (Qt's shaping: an Arabic word's joined letters, not their measures)."""
        key = ((face.size, face.bold, face.italic, face.letter_spacing), text)
        w = self._widths.get(key)
        if w is None:
            w = self._font(face)[1].horizontalAdvance(text)
            if len(text) <= 32:
                self._widths[key] = w
        return w

    def _draw(self, x: float, y: float, text: str, face: Face, colour: str, rtl: bool) -> None:
        """``text`` from ``x`` (its left end) at baseline ``y``, its words in ``rtl``'s order."""
        painter = self.painter
        painter.setFont(self._font(face)[0])
        painter.setPen(self._colour(colour))
        painter.setLayoutDirection(Qt.RightToLeft if rtl else Qt.LeftToRight)
        painter.drawText(QPointF(x, y), text)

    def text(self, x: float, y: float, text: str, face: Face, colour: str, anchor: str = "start") -> None:
        rtl = not text.isascii() and is_right_to_left(text)
        if anchor != "start" or rtl:
            w = self.drawn_width(text, face)
            x -= w / 2 if anchor == "middle" else w if anchor == "end" or rtl else 0
        self._draw(x, y, text, face, colour, rtl)

    def lines(self, face: Face, colour: str, lines: Sequence[tuple[float, float, str, bool]]) -> None:
        painter = self.painter
        painter.setFont(self._font(face)[0])
        painter.setPen(self._colour(colour))
        painter.setLayoutDirection(Qt.LeftToRight)
        for x, y, text, rtl in lines:
            if rtl:
                self._draw(x - self.drawn_width(text, face), y, text, face, colour, True)
                painter.setLayoutDirection(Qt.LeftToRight)
            else:
                painter.drawText(QPointF(x, y), text)

    def runs(self, x: float, y: float, runs: Sequence[Run], rtl: bool) -> None:
        widths = [self.drawn_width(text, face) for text, face, _, _ in runs]
        placed = list(zip(runs, widths, strict=True))
        if rtl:  # the runs stand right to left: the first one at the right end
            placed.reverse()
            x -= sum(widths)
        for (text, face, colour, underline), w in placed:
            if underline and w:
                self.rect(x, y + face.size * 0.1, w, max(0.6, face.size / 16), Paint(fill=colour))
            self._draw(x, y, text, face, colour, rtl)
            x += w


def hatch_colour(sheet: MapSheet) -> str:
    """The colour the print theme hatches its negative side in (as the SVG's hatch pattern)."""
    return next((c for c, hatched in sheet.palette.sides.values() if hatched), sheet.palette.text)


def paint_sheet(
    painter: QPainter, sheet: MapSheet, *, transparent: bool = False, visible: QRectF | None = None
) -> None:
    """Draw ``sheet`` at the painter's origin, one sheet px to one painter unit; given ``visible``
    (sheet px), only what reaches into it (a PNG band, a printed tile), at the cost of what is there."""
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setRenderHint(QPainter.TextAntialiasing, True)
    area = None
    if visible is not None:
        area = (visible.left(), visible.top(), visible.right(), visible.bottom())
    canvas = PainterCanvas(painter, hatch_colour(sheet))
    painter.save()
    sheet.draw(canvas, background=not transparent, area=area)
    painter.restore()
