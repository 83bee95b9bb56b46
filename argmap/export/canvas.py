"""What the map's drawing asks of an output format: the few shapes and texts a sheet is made of.

``export/sheet.py`` decides where everything goes and how it looks, once; a *canvas* turns those
decisions into one file format. The SVG writer (``export/svg.py``) and the PDF writer
(``export/pdf.py``) are canvases, so both files show the same picture and neither repeats the
drawing. Coordinates are sheet px, y down, relative to the innermost open group. No Qt here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..text_metrics import Face

# A path as segments: ("M", x, y), ("L", x, y), ("H", x), ("V", y), ("Q", cx, cy, x, y),
# ("A", r, x, y) (a clockwise arc of radius r, under half a circle, to (x, y)) and ("Z",).
Segment = tuple[str, *tuple[float, ...]]
PathData = Sequence[Segment]
HATCH = "hatch"  # a fill: the print theme's backward diagonal hatching in the sides' colour
# A line of text in runs: (text, face, colour, underlined).
Run = tuple[str, Face, str, bool]


@dataclass(frozen=True)
class Paint:
    """How a shape is filled and stroked: a colour ("#rrggbb" or HATCH) or None for each, the
    stroke's width and dashes (on, off), square line ends, round corners."""

    fill: str | None = None
    stroke: str | None = None
    width: float = 1.0
    dash: tuple[float, float] | None = None
    square_caps: bool = False
    round_joins: bool = False


class Canvas(Protocol):
    """One output format's drawing surface (see the module's docstring)."""

    def region(self, *boxes: tuple[float, float, float, float]) -> None:
        """What is drawn next lies within ``boxes`` (sheet px: left, top, right, bottom), or
        anywhere (no boxes), until the next call: a writer may keep apart what lies apart (the
        PDF's poster pages each draw only what reaches them). Called between groups, never inside."""

    def group(self, dx: float, dy: float) -> None:
        """Open a group drawn ``(dx, dy)`` further on; closed by :meth:`end_group`."""

    def end_group(self) -> None: ...

    def reuse(self, key: Hashable, draw: Callable[[Canvas], None]) -> None:
        """Draw what ``draw`` draws, made once for each ``key``: a large map has thousands of
        cards but few different frames."""

    def rect(self, x: float, y: float, w: float, h: float, paint: Paint, radius: float = 0.0) -> None:
        """A box, its corners rounded by ``radius``."""

    def path(self, data: PathData, paint: Paint) -> None: ...

    def text(self, x: float, y: float, text: str, face: Face, colour: str, anchor: str = "start") -> None:
        """One line at baseline ``y``; ``anchor`` "start", "middle" or "end" (right to left: x is its
        right end)."""

    def lines(self, face: Face, colour: str, lines: Sequence[tuple[float, float, str, bool]]) -> None:
        """Lines of one face and colour: (x, baseline, text, right to left). A right-to-left
        line's x is its right end."""

    def runs(self, x: float, y: float, runs: Sequence[Run], rtl: bool) -> None:
        """One line of styled runs from ``x`` (its right end when ``rtl``) at baseline ``y``."""


def outline(data: PathData) -> list[Segment]:
    """The path in absolute moves, lines and cubic Béziers only, for formats that draw no arcs or
    quadratics (PDF, Qt's painter): ("M", x, y), ("L", x, y), ("C", c1x, c1y, c2x, c2y, x, y), ("Z",)."""
    out: list[Segment] = []
    cx = cy = sx = sy = 0.0
    for op, *v in data:
        if op == "M":
            cx, cy = sx, sy = v[0], v[1]
            out.append(("M", cx, cy))
        elif op in "LHV":
            if op == "L":
                cx, cy = v[0], v[1]
            elif op == "H":
                cx = v[0]
            else:
                cy = v[0]
            out.append(("L", cx, cy))
        elif op == "Q":
            qx, qy, x, y = v
            c1x, c1y = cx + 2 / 3 * (qx - cx), cy + 2 / 3 * (qy - cy)
            c2x, c2y = x + 2 / 3 * (qx - x), y + 2 / 3 * (qy - y)
            out.append(("C", c1x, c1y, c2x, c2y, x, y))
            cx, cy = x, y
        elif op == "A":
            out += _arc(cx, cy, *v)
            cx, cy = v[1], v[2]
        else:
            out.append(("Z",))
            cx, cy = sx, sy
    return out


def _arc(x0: float, y0: float, r: float, x1: float, y1: float) -> list[Segment]:
    """SVG's "A r,r 0 0 1 x1,y1" (the short way round, clockwise on a y-down sheet) as Béziers."""
    mx, my = (x0 - x1) / 2, (y0 - y1) / 2
    d2 = mx * mx + my * my
    if d2 == 0 or r <= 0:
        return [("L", x1, y1)]
    coef = math.sqrt(max(0.0, (r * r - d2) / d2))  # SVG F.6.5: + when large-arc differs from sweep
    ccx, ccy = coef * my + (x0 + x1) / 2, -coef * mx + (y0 + y1) / 2
    r = max(r, math.sqrt(d2))
    a0 = math.atan2(y0 - ccy, x0 - ccx)
    a1 = math.atan2(y1 - ccy, x1 - ccx)
    sweep = a1 - a0
    while sweep <= 0:
        sweep += 2 * math.pi
    parts = max(1, math.ceil(sweep / (math.pi / 2) - 1e-9))
    step = sweep / parts
    k = 4 / 3 * math.tan(step / 4)
    out: list[Segment] = []
    a = a0
    for _ in range(parts):
        b = a + step
        p0 = (ccx + r * math.cos(a), ccy + r * math.sin(a))
        p3 = (ccx + r * math.cos(b), ccy + r * math.sin(b))
        c1 = (p0[0] - k * r * math.sin(a), p0[1] + k * r * math.cos(a))
        c2 = (p3[0] + k * r * math.sin(b), p3[1] - k * r * math.cos(b))
        out.append(("C", *c1, *c2, *p3))
        a = b
    return out
