"""What the map's drawing asks of an output format: the few shapes and texts a sheet is made of.

``export/sheet.py`` decides where everything goes and how it looks, once; a *canvas* turns those
decisions into one file format. The SVG writer (``export/svg.py``) and the PDF writer
(``export/pdf.py``) are canvases, so both files show the same picture and neither repeats the
drawing. Coordinates are sheet px, y down, relative to the innermost open group. No Qt here.
"""

from __future__ import annotations

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
