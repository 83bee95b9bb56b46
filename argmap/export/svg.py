"""The SVG export: the sheet (``sheet.py``) drawn on an SVG canvas, written to the file as it is drawn.

Nothing is held whole: each element is written as it is made, in chunks, to a temporary file that
replaces the target only when complete. User text is plain text: it is escaped into text content,
never into markup or attributes it could leave.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import BinaryIO, cast

from ..model import ArgumentMap
from ..text_metrics import Face
from .canvas import HATCH, Canvas, Paint, PathData, Run
from .options import ExportOptions
from .result import ExportResult
from .sheet import MapSheet
from .target import ready_to_write, write_export

# Families metrically close to each other first, so an SVG opened elsewhere keeps its line widths,
# then the Noto families that draw the other scripts a map may be written in.
SVG_FONT_FAMILIES = (
    "'Liberation Sans', Arimo, Arial, Helvetica, 'DejaVu Sans', 'Noto Sans', 'Noto Sans Arabic', "
    "'Noto Sans Hebrew', 'Noto Sans CJK SC', 'Noto Sans CJK JP', 'Noto Sans Thai', sans-serif"
)
CHUNK = 1 << 16  # characters gathered before a write
_ANCHORS = {"start": "", "middle": ' text-anchor="middle"', "end": ' text-anchor="end"'}

_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def esc(text: str) -> str:
    """User text as XML text content or attribute value: nothing in it can become markup."""
    if "&" in text or "<" in text or ">" in text or '"' in text:  # most lines hold none of them
        return text.translate(_ESCAPE)
    return text


def num(v: float) -> str:
    """A length or coordinate, short: at most two decimals, no trailing zeros."""
    return f"{v:.2f}".rstrip("0").rstrip(".")


def font_attrs(face: Face) -> str:
    attrs = f' font-size="{num(face.size)}"'
    if face.bold:
        attrs += ' font-weight="bold"'
    if face.italic:
        attrs += ' font-style="italic"'
    if face.letter_spacing:
        attrs += f' letter-spacing="{num(face.letter_spacing)}"'
    return attrs


def path_data(data: PathData) -> str:
    """A canvas path as SVG path data."""
    d = []
    for op, *v in data:
        if op == "A":
            r = num(v[0])
            d.append(f"A{r},{r} 0 0 1 {num(v[1])},{num(v[2])}")
        elif op == "Q":
            d.append(f"Q{num(v[0])},{num(v[1])} {num(v[2])},{num(v[3])}")
        else:
            d.append(op + ",".join(num(n) for n in v))
    return "".join(d)


class SvgCanvas:
    """A :class:`~argmap.export.canvas.Canvas` writing SVG elements to ``out`` as they are drawn."""

    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out
        self._made: dict[Hashable, str] = {}
        self._paints: dict[Paint, str] = {}

    def region(self, *boxes: tuple[float, float, float, float]) -> None:
        """An SVG is one picture: where things lie changes nothing."""

    def group(self, dx: float, dy: float) -> None:
        self.out(f'<g transform="translate({num(dx)},{num(dy)})">')

    def end_group(self) -> None:
        self.out("</g>\n")

    def reuse(self, key: Hashable, draw: Callable[[Canvas], None]) -> None:
        made = self._made.get(key)
        if made is None:
            parts: list[str] = []
            draw(SvgCanvas(parts.append))
            made = self._made[key] = "".join(parts)
        self.out(made)

    def _paint(self, paint: Paint) -> str:
        made = self._paints.get(paint)
        if made is None:
            fill = paint.fill
            made = f' fill="{"url(#hatch)" if fill == HATCH else fill or "none"}"'
            if paint.stroke:
                made += f' stroke="{paint.stroke}"'
                if paint.width != 1:
                    made += f' stroke-width="{num(paint.width)}"'
                if paint.dash:
                    made += f' stroke-dasharray="{num(paint.dash[0])},{num(paint.dash[1])}"'
                if paint.square_caps:
                    made += ' stroke-linecap="square"'
                if paint.round_joins:
                    made += ' stroke-linejoin="round"'
            self._paints[paint] = made
        return made

    def rect(self, x: float, y: float, w: float, h: float, paint: Paint, radius: float = 0.0) -> None:
        at = f'x="{num(x)}" y="{num(y)}" ' if x or y else ""
        rx = f' rx="{num(radius)}"' if radius else ""
        self.out(f'<rect {at}width="{num(w)}" height="{num(h)}"{rx}{self._paint(paint)}/>')

    def path(self, data: PathData, paint: Paint) -> None:
        if data[-1][0] == "Z" and all(op in "ML" for op, *_ in data[:-1]):  # an arrowhead
            corners = [cast(tuple[str, float, float], seg) for seg in data[:-1]]
            points = " ".join(f"{num(x)},{num(y)}" for _, x, y in corners)
            self.out(f'<polygon points="{points}"{self._paint(paint)}/>\n')
        else:
            self.out(f'<path d="{path_data(data)}"{self._paint(paint)}/>')

    def text(self, x: float, y: float, text: str, face: Face, colour: str, anchor: str = "start") -> None:
        self.out(
            f'<text x="{num(x)}" y="{num(y)}"{font_attrs(face)} fill="{colour}"{_ANCHORS[anchor]}>'
            f"{esc(text)}</text>"
        )

    def lines(self, face: Face, colour: str, lines: Sequence[tuple[float, float, str, bool]]) -> None:
        out = self.out
        out(f'<g{font_attrs(face)} fill="{colour}">')
        for x, y, text, rtl in lines:
            rtl_attr = ' direction="rtl"' if rtl else ""
            out(f'<text x="{x:.1f}" y="{y:.1f}"{rtl_attr}>{esc(text)}</text>')
        out("</g>")

    def runs(self, x: float, y: float, runs: Sequence[Run], rtl: bool) -> None:
        base_face, base_colour = runs[0][1], runs[0][2]
        rtl_attr = ' direction="rtl"' if rtl else ""
        out = self.out
        out(f'<text x="{num(x)}" y="{num(y)}"{rtl_attr}{font_attrs(base_face)} fill="{base_colour}">')
        for text, face, colour, underline in runs:
            attrs = ""
            if face.size != base_face.size:
                attrs += f' font-size="{num(face.size)}"'
            if face.bold != base_face.bold:
                attrs += f' font-weight="{"bold" if face.bold else "normal"}"'
            if underline:
                attrs += ' text-decoration="underline"'
            if colour != base_colour:
                attrs += f' fill="{colour}"'
            out(f"<tspan{attrs}>{esc(text)}</tspan>" if attrs else esc(text))
        out("</text>")


class _Writer:
    """Collects the SVG's text and writes it out in chunks as UTF-8, counting the bytes."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._parts: list[str] = []
        self._size = 0
        self.bytes = 0

    def __call__(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size > CHUNK:
            self.flush()

    def flush(self) -> None:
        data = "".join(self._parts).encode("utf-8", "replace")
        self._fh.write(data)
        self.bytes += len(data)
        self._parts.clear()
        self._size = 0


def _hatch_pattern(sheet: MapSheet) -> str:
    """The hatching of a negative card's stripe on the print theme (Qt's backward diagonal pattern)."""
    colour = next((c for c, hatched in sheet.palette.sides.values() if hatched), sheet.palette.text)
    return (
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<path d="M-1,1L1,-1M0,6L6,0M5,7L7,5" stroke="{colour}" stroke-width="1"/></pattern></defs>\n'
    )


def write_svg(sheet: MapSheet, fh: BinaryIO, *, transparent: bool = False) -> int:
    """Write the whole sheet as SVG to ``fh``; returns the bytes written."""
    out = _Writer(fh)
    w, h = math.ceil(sheet.width), math.ceil(sheet.height)
    out(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="{esc(SVG_FONT_FAMILIES)}" xml:space="preserve">\n'
        f"<title>{esc(sheet.block.title)}</title>\n<desc>{esc(sheet.block.made)}</desc>\n"
    )
    if sheet.hatched:
        out(_hatch_pattern(sheet))
    sheet.draw(SvgCanvas(out), background=not transparent)
    out("</svg>\n")
    out.flush()
    return out.bytes


def export_svg(
    amap: ArgumentMap,
    path: str | Path,
    options: ExportOptions,
    *,
    positions: dict[str, tuple[float, float]] | None = None,
    direction: str = "TB",
) -> ExportResult:
    """Write ``amap`` as SVG to ``path`` (atomically, streamed); ExportError with a sentence on failure."""
    amap, path = ready_to_write(amap, path, options)
    sheet = MapSheet(amap, options, positions=positions, direction=direction)
    written = write_export(path, lambda fh: write_svg(sheet, fh, transparent=options.transparent))
    return ExportResult(path, "svg", written, len(sheet.shown))
