"""The PDF export, written without Qt: the sheet (``sheet.py``) drawn once, placed on every page.

The sheet is drawn on a PDF canvas in sheet px with y down, into Form XObjects. A fitted page holds
the whole sheet as one Form, streamed to the file as it is drawn. A poster cuts the sheet into
blocks (at most MAX_BLOCKS Forms, each holding what reaches into it, plus an overlay for the
background and the long arrows): each tile places the overlay and the few blocks under its window,
clipped (``q … re W n cm /B0 Do … Q``), beside its footer and page map. So a 374-page poster costs
the map about once and a few hundred bytes a page, and a viewer or a printer draws a page from the
blocks under it, not from the whole map.

Text is drawn in the fonts the cards are measured in (``pdf_fonts``), embedded as subsets with a
ToUnicode map. Objects are written as they are made (content streams compressed as they are
drawn) to a temporary file that replaces the target only when complete. User text only ever
becomes glyph ids (hex strings) and, in the document's title, an escaped UTF-16 string: nothing in
it can become PDF syntax.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import zlib
from collections.abc import Callable, Hashable, Sequence
from functools import cache
from pathlib import Path
from typing import BinaryIO

from ..model import ArgumentMap
from ..text_metrics import ELLIPSIS, Face
from .canvas import HATCH, Canvas, Paint, PathData, Run, outline
from .options import PAGE_SIZES_MM, ExportOptions
from .pages import (
    FOOTER_MM,
    MAX_POSTER_PAGES,
    MIN_TEXT_PT,
    PAGE_MARGIN_MM,
    Plan,
    fitted_footer,
    page_grid,
    plan_pages,
    tile_footer,
    tile_zoom,
)
from .pdf_fonts import EmbeddedFont, FontSet, FontsMissing, Glyphs
from .result import ExportResult
from .sheet import MapSheet
from .target import ready_to_write, write_export

MM = 72 / 25.4  # points to the mm
PX = 72 / 96  # points to the sheet px at 100 %
CHUNK = 1 << 16
MAX_BLOCKS = 64  # a poster's map is cut into at most this many Forms (see Blocks)
LONG = 4  # what reaches more blocks than this is drawn once, in the overlay under them all
KAPPA = 0.5523  # a quarter circle's Bézier handles, as a share of its radius

__all__ = ["FontsMissing", "export_pdf"]


def n(v: float, digits: int = 2) -> str:
    """A number as PDF writes it, to ``digits`` decimals."""
    return f"{v:.{digits}f}"


def scale_number(k: float) -> str:
    """A scale factor with five significant digits, in the plain decimals PDF reads (no exponent):
    a map millions of px wide fits a page at 0.00005, which four decimals would round to 0.0001."""
    digits = 4 if k >= 1 else 4 - math.floor(math.log10(k)) if k > 0 else 4
    return f"{k:.{digits}f}"


_COLOURS: dict[str, str] = {}


def rgb(colour: str) -> str:
    """ "#rrggbb" as PDF's three components."""
    made = _COLOURS.get(colour)
    if made is None:
        made = _COLOURS[colour] = " ".join(n(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return made


class Sink:
    """One content stream a canvas draws into, with the graphics state it has set there."""

    __slots__ = ("out", "state", "saved")

    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out
        self.state: dict[str, str] = {}
        self.saved: list[dict[str, str]] = []


class _Packed:
    """A content stream compressed as it comes and kept (compressed) until the file takes it."""

    def __init__(self) -> None:
        # A small window: a poster holds up to MAX_BLOCKS of these open at once.
        self._packer = zlib.compressobj(3, zlib.DEFLATED, 14, 7)
        self._parts: list[str] = []
        self._size = 0
        self._packed: list[bytes] = []

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size > CHUNK // 4:
            self._pack()

    def _pack(self) -> None:
        self._packed.append(self._packer.compress("".join(self._parts).encode("latin-1")))
        self._parts.clear()
        self._size = 0

    def finish(self) -> bytes:
        self._pack()
        self._packed.append(self._packer.flush())
        return b"".join(self._packed)


class Blocks:
    """The sheet cut into a grid of blocks, each a Form of its own holding what reaches into it, so
    a poster's page draws the few blocks under its window, not the whole map (a viewer or printer
    then renders a page of a 10,000-card poster in a moment)."""

    def __init__(self, width: float, height: float, cell_w: float, cell_h: float) -> None:
        self.cell_w, self.cell_h = cell_w, cell_h
        self.columns = max(1, math.ceil(width / cell_w))
        self.rows = max(1, math.ceil(height / cell_h))
        # The overlay first: the page's background and what reaches far (long arrows), under the rest.
        self.streams = [_Packed() for _ in range(self.rows * self.columns + 1)]
        self.sinks = [Sink(stream.write) for stream in self.streams]
        self.overlay = self.sinks[-1]
        self._reached: dict[tuple[int, int, int, int], list[Sink]] = {}

    def cells(self, box: tuple[float, float, float, float]) -> list[int]:
        """The blocks ``box`` (sheet px) reaches into, by index."""
        c0 = min(self.columns - 1, max(0, int(box[0] // self.cell_w)))
        c1 = min(self.columns - 1, max(0, int(box[2] // self.cell_w)))
        r0 = min(self.rows - 1, max(0, int(box[1] // self.cell_h)))
        r1 = min(self.rows - 1, max(0, int(box[3] // self.cell_h)))
        return [r * self.columns + c for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]

    def shown(self, box: tuple[float, float, float, float]) -> list[int]:
        """The Forms a page showing ``box`` draws: the overlay, then its blocks."""
        return [len(self.streams) - 1, *self.cells(box)]

    def reached(self, box: tuple[float, float, float, float]) -> list[Sink]:
        c0 = int(box[0] // self.cell_w)
        r0 = int(box[1] // self.cell_h)
        c1 = int(box[2] // self.cell_w)
        r1 = int(box[3] // self.cell_h)
        key = (c0, r0, c1, r1)
        sinks = self._reached.get(key)
        if sinks is None:
            sinks = self._reached[key] = [self.sinks[i] for i in self.cells(box)]
        return sinks


class PdfCanvas:
    """A :class:`~argmap.export.canvas.Canvas` writing PDF content operators to ``out``, or, given
    ``blocks`` (a grid of the sheet, see :class:`Blocks`), to the blocks each region reaches."""

    def __init__(
        self, fonts: FontSet | None, out: Callable[[str], None] | None = None, blocks: Blocks | None = None
    ) -> None:
        """``fonts``: those text is drawn in (None for a canvas that draws only shapes)."""
        self.fonts = fonts
        self.blocks = blocks
        self._all = blocks.sinks if blocks is not None else [Sink(out or (lambda text: None))]
        self._to = self._all  # where what is drawn now goes
        self._groups_to = self._all  # where a group opened now opens
        self._groups: list[list[Sink]] = []
        self.hatched = False
        self._made: dict[Hashable, str] = {}

    def out(self, text: str) -> None:
        for sink in self._to:
            sink.out(text)

    def region(self, *boxes: tuple[float, float, float, float]) -> None:
        blocks = self.blocks
        if blocks is None:
            return
        if (
            not boxes
        ):  # the background and what holds everything: the overlay draws it, groups open everywhere
            self._to, self._groups_to = [blocks.overlay], self._all
            return
        if len(boxes) == 1:
            reached = blocks.reached(boxes[0])
        else:  # each block once, in the order drawn
            reached = list({id(s): s for box in boxes for s in blocks.reached(box)}.values())
        if len(reached) > LONG:  # a long arrow: in the overlay every page draws, not in each block
            reached = [blocks.overlay]
        self._to = self._groups_to = reached

    # -- the graphics state, set only where it changes --

    def _set(self, key: str, value: str) -> None:
        for sink in self._to:
            if sink.state.get(key) != value:
                sink.state[key] = value
                sink.out(value)

    def _fill(self, colour: str) -> None:
        if colour == HATCH:
            self.hatched = True
            self._set("fill", "/Pattern cs /Hatch scn\n")
        else:
            self._set("fill", f"{rgb(colour)} rg\n")

    def group(self, dx: float, dy: float) -> None:
        self._groups.append(self._groups_to)
        op = f"q 1 0 0 1 {n(dx)} {n(dy)} cm\n"
        for sink in self._groups_to:
            sink.saved.append(dict(sink.state))
            sink.out(op)

    def end_group(self) -> None:
        for sink in self._groups.pop():  # the sinks it was opened in, so each stays balanced
            sink.state = sink.saved.pop()
            sink.out("Q\n")

    def reuse(self, key: Hashable, draw: Callable[[Canvas], None]) -> None:
        made = self._made.get(key)
        if made is None:
            parts: list[str] = []
            inner = PdfCanvas(self.fonts, parts.append)
            draw(inner)
            self.hatched |= inner.hatched
            made = self._made[key] = "q\n" + "".join(parts) + "Q\n"
        self.out(made)

    # -- shapes --

    def _paint(self, shape: str, paint: Paint) -> None:
        fill, stroke = paint.fill, paint.stroke
        if fill:
            self._fill(fill)
        if stroke:
            self._set("stroke", f"{rgb(stroke)} RG\n")
            self._set("width", f"{n(paint.width)} w\n")
            dash = paint.dash
            self._set("dash", f"[{n(dash[0])} {n(dash[1])}] 0 d\n" if dash else "[] 0 d\n")
            self._set("cap", "2 J\n" if paint.square_caps else "0 J\n")
            self._set("join", "1 j\n" if paint.round_joins else "0 j\n")
        op = "B" if fill and stroke else "f" if fill else "S" if stroke else "n"
        self.out(f"{shape} {op}\n")

    def rect(self, x: float, y: float, w: float, h: float, paint: Paint, radius: float = 0.0) -> None:
        r = min(radius, w / 2, h / 2)
        if r <= 0:
            shape = f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re"
        else:
            k = r * (1 - KAPPA)
            x1, y1 = x + w, y + h
            xr, xk, x1r, x1k = x + r, x + k, x1 - r, x1 - k
            yr, yk, y1r, y1k = y + r, y + k, y1 - r, y1 - k
            shape = (
                f"{xr:.2f} {y:.2f} m {x1r:.2f} {y:.2f} l "
                f"{x1k:.2f} {y:.2f} {x1:.2f} {yk:.2f} {x1:.2f} {yr:.2f} c "
                f"{x1:.2f} {y1r:.2f} l {x1:.2f} {y1k:.2f} {x1k:.2f} {y1:.2f} {x1r:.2f} {y1:.2f} c "
                f"{xr:.2f} {y1:.2f} l {xk:.2f} {y1:.2f} {x:.2f} {y1k:.2f} {x:.2f} {y1r:.2f} c "
                f"{x:.2f} {yr:.2f} l {x:.2f} {yk:.2f} {xk:.2f} {y:.2f} {xr:.2f} {y:.2f} c h"
            )
        self._paint(shape, paint)

    def path(self, data: PathData, paint: Paint) -> None:
        self._paint(_path_ops(data), paint)

    # -- text --

    def _glyphs(self, x: float, y: float, pieces: Sequence[Glyphs], face: Face, colour: str) -> float:
        """Draw pieces from ``x`` at baseline ``y``; returns where they end."""
        self._fill(colour)
        size = face.size
        spacing = face.letter_spacing
        if any(g.placed is None for g in pieces):
            self._set("spacing", f"{n(spacing)} Tc\n")  # part of the graphics state: groups restore it
        ops = ["BT\n"]
        for g in pieces:
            font = g.font
            scale = size / font.upem
            ops.append(f"/{font.name} {n(size)} Tf\n")
            if g.placed is not None:  # each glyph where HarfBuzz put it (marks above and below letters)
                for gid, advance, dx, dy in g.placed:
                    ops.append(f"1 0 0 -1 {x + dx * scale:.2f} {y - dy * scale:.2f} Tm <{gid:04X}> Tj\n")
                    x += advance * scale
                continue
            ops.append(f"1 0 0 -1 {x:.2f} {y:.2f} Tm <{g.hexes}> Tj\n")
            x += g.width(size, spacing)
        ops.append("ET\n")
        self.out("".join(ops))
        return x

    def _shape(self, text: str, face: Face) -> tuple[list[Glyphs], float]:
        assert self.fonts is not None, "a canvas for shapes only"
        pieces = self.fonts.line(text, face.bold, face.italic)
        return pieces, sum(g.width(face.size, face.letter_spacing) for g in pieces)

    def text(self, x: float, y: float, text: str, face: Face, colour: str, anchor: str = "start") -> None:
        pieces, width = self._shape(text, face)
        if anchor == "middle":
            x -= width / 2
        elif anchor == "end":
            x -= width
        self._glyphs(x, y, pieces, face, colour)

    def lines(self, face: Face, colour: str, lines: Sequence[tuple[float, float, str, bool]]) -> None:
        for x, y, text, rtl in lines:
            pieces, width = self._shape(text, face)
            self._glyphs(x - width if rtl else x, y, pieces, face, colour)

    def runs(self, x: float, y: float, runs: Sequence[Run], rtl: bool) -> None:
        shaped = [(self._shape(text, face), face, colour, under) for text, face, colour, under in runs]
        if rtl:  # the runs stand right to left: the first one at the right end
            shaped.reverse()
            x -= sum(width for (_, width), *_ in shaped)
        for (pieces, width), face, colour, underline in shaped:
            if underline and width:
                self.rect(x, y + face.size * 0.1, width, max(0.6, face.size / 16), Paint(fill=colour))
            x = self._glyphs(x, y, pieces, face, colour)


def _path_ops(data: PathData) -> str:
    """A canvas path as PDF path operators (arcs and quadratics as cubic Béziers)."""
    ops: list[str] = []
    for op, *v in outline(data):
        if op == "M":
            ops.append(f"{v[0]:.2f} {v[1]:.2f} m")
        elif op == "L":
            ops.append(f"{v[0]:.2f} {v[1]:.2f} l")
        elif op == "C":
            ops.append(" ".join(f"{c:.2f}" for c in v) + " c")
        else:
            ops.append("h")
    return " ".join(ops)


# -- the file ------------------------------------------------------------------------------------


class PdfFile:
    """Numbered objects written as they are made, and the cross-reference table at the end."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.pos = 0
        self.offsets: dict[int, int] = {}
        self.count = 0
        self._write(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self.fh.write(data)
        self.pos += len(data)

    def reserve(self) -> int:
        self.count += 1
        return self.count

    def obj(self, num: int, body: str | bytes) -> None:
        self.offsets[num] = self.pos
        data = body.encode("latin-1") if isinstance(body, str) else body
        self._write(b"%d 0 obj\n" % num + data + b"\nendobj\n")

    def stream(self, num: int, entries: str, data: bytes) -> None:
        packed = zlib.compress(data, 3)
        self.obj(
            num,
            f"<< {entries} /Length {len(packed)} /Filter /FlateDecode >>\nstream\n".encode("latin-1")
            + packed
            + b"\nendstream",
        )

    def open_stream(self, num: int, entries: str) -> Callable[[str], None]:
        """A stream whose content is compressed and written as it comes; :meth:`close_stream` ends
        it. Its length, unknown until then, is an object of its own."""
        self.offsets[num] = self.pos
        self._length = self.reserve()
        self._packer = zlib.compressobj(3)  # level 6 took 3 times as long for a file a third smaller
        self._packed = 0
        self._parts: list[str] = []
        self._size = 0
        head = f"{num} 0 obj\n<< {entries} /Length {self._length} 0 R /Filter /FlateDecode >>\nstream\n"
        self._write(head.encode("latin-1"))

        def add(text: str) -> None:
            self._parts.append(text)
            self._size += len(text)
            if self._size > CHUNK:
                self._pack()

        return add

    def _pack(self) -> None:
        data = self._packer.compress("".join(self._parts).encode("latin-1"))
        self._parts.clear()
        self._size = 0
        self._packed += len(data)
        self._write(data)

    def close_stream(self) -> None:
        self._pack()
        tail = self._packer.flush()
        self._packed += len(tail)
        self._write(tail + b"\nendstream\nendobj\n")
        self.obj(self._length, str(self._packed))

    def finish(self, root: int, info: int) -> None:
        start = self.pos
        size = self.count + 1
        rows = ["xref", f"0 {size}", "0000000000 65535 f "]
        rows += [f"{self.offsets[i]:010d} 00000 n " for i in range(1, size)]
        rows += ["trailer", f"<< /Size {size} /Root {root} 0 R /Info {info} 0 R >>", "startxref", str(start)]
        self._write(("\n".join(rows) + "\n%%EOF\n").encode("latin-1"))


def pdf_string(text: str) -> str:
    """User text as a PDF text string: UTF-16 in hex, so no character of it is PDF syntax."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _to_unicode(font: EmbeddedFont) -> bytes:
    entries = [(g, t) for g, t in sorted(font.used.items()) if t]
    rows = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for i in range(0, len(entries), 100):
        chunk = entries[i : i + 100]
        rows.append(f"{len(chunk)} beginbfchar")
        rows += [f"<{g:04X}> <{t.encode('utf-16-be').hex().upper()}>" for g, t in chunk]
        rows.append("endbfchar")
    rows.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(rows).encode("latin-1")


def _write_font(pdf: PdfFile, font: EmbeddedFont, num: int) -> None:
    """A font as Type0 over a CID font of its used glyphs, with widths and a ToUnicode map."""
    program = font.subset()
    name = f"{font.tag()}+{font.postscript_name()}"
    descendant, descriptor, file, cmap = (pdf.reserve() for _ in range(4))
    scale = 1000 / font.upem
    advance = font.font.get_glyph_h_advance
    widths = " ".join(f"{g} [{round(advance(g) * scale)}]" for g in sorted(font.used))
    extents = font.font.get_font_extents("ltr")
    ascent, descent = round(extents.ascender * scale), round(extents.descender * scale)
    kind, file_key, file_entries = (
        ("CIDFontType0", "FontFile3", "/Subtype /CIDFontType0C")
        if font.cff
        else ("CIDFontType2", "FontFile2", f"/Length1 {len(program)}")
    )
    pdf.obj(
        num,
        f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
        f"/DescendantFonts [{descendant} 0 R] /ToUnicode {cmap} 0 R >>",
    )
    to_gid = "" if font.cff else " /CIDToGIDMap /Identity"
    pdf.obj(
        descendant,
        f"<< /Type /Font /Subtype /{kind} /BaseFont /{name} "
        f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor {descriptor} 0 R /W [{widths}]{to_gid} >>",
    )
    italic = -12 if "Oblique" in name or "Italic" in name else 0
    pdf.obj(
        descriptor,
        f"<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [-1100 {descent} 2000 {ascent}] "
        f"/ItalicAngle {italic} /Ascent {ascent} /Descent {descent} /CapHeight {ascent} /StemV 80 "
        f"/{file_key} {file} 0 R >>",
    )
    pdf.stream(file, file_entries, program)
    pdf.stream(cmap, "", _to_unicode(font))


def _hatch(pdf: PdfFile, num: int, colour: str) -> None:
    """Qt's backward diagonal hatching, as the SVG's pattern: a 6 px tile, in the sheet's px."""
    lines = f"{rgb(colour)} RG 1 w -1 1 m 1 -1 l S 0 6 m 6 0 l S 5 7 m 7 5 l S"
    pdf.stream(
        num,
        "/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 6 6] /XStep 6 /YStep 6 "
        "/Resources << >>",
        lines.encode("latin-1"),
    )


# -- pages ---------------------------------------------------------------------------------------


def _page_map(plan: Plan, pw: float, ph: float) -> tuple[float, float, float, str]:
    """The poster's page map in the footer's right end (pt, y down): its cell, left, top, and its
    grid as drawing operators, made once and placed on every page as the Form /Grid."""
    footer, mm = FOOTER_MM * MM, MM
    cell = min(3.2 * mm, (footer - 2 * mm) / plan.rows)
    left = pw - cell * plan.columns
    top = ph - footer + (footer - cell * plan.rows) / 2
    # The grid as its lines, not a box per page: a 400-page poster drew 160,000 boxes in all.
    grid: list[tuple[str, float, float]] = []
    for c in range(plan.columns + 1):
        grid += [("M", left + c * cell, top), ("L", left + c * cell, top + plan.rows * cell)]
    for r in range(plan.rows + 1):
        grid += [("M", left, top + r * cell), ("L", pw, top + r * cell)]
    parts: list[str] = []
    PdfCanvas(None, parts.append).path(grid, Paint(stroke="#555555", width=0))
    return cell, left, top, "".join(parts)


def _footer(
    canvas: PdfCanvas,
    pw: float,
    ph: float,
    text: str,
    grid: tuple[float, float, float] | None,
    here: tuple[int, int],
) -> None:
    """The page's footer line and, on a poster, the page map (``grid``: its cell, left and top) with
    this page filled in (pt, y down)."""
    footer, mm = FOOTER_MM * MM, MM
    face = _footer_face()
    map_w = 0.0
    if grid is not None:
        cell, left, top = grid
        map_w = pw - left
        canvas.out("/Grid Do\n")
        r, c = here
        canvas.rect(
            left + c * cell, top + r * cell, cell, cell, Paint(fill="#000000", stroke="#555555", width=0)
        )
    width = pw - map_w - (2 * mm if map_w else 0)
    line = _elided(face, text, width)  # the page number comes first and stays
    canvas.text(0, ph - footer / 2 + face.ascent / 2 - 1, line, face, "#333333")


@cache
def _footer_face() -> Face:
    return Face(2.6 * MM)  # about 7.5 pt; one for all pages, so its widths are measured once


def _elided(face: Face, text: str, width: float) -> str:
    """``face.elided`` for a footer a poster writes thousands of times: one pass, then a search."""
    ends = list(itertools.accumulate(map(face.width, text)))
    if not ends or ends[-1] <= width:
        return text
    return text[: bisect.bisect_right(ends, width - face.width(ELLIPSIS))] + ELLIPSIS


def _overlap_marks(canvas: PdfCanvas, pw: float, ph: float, ov: float, r: int, c: int, plan: Plan) -> None:
    """Short ticks at the page's edges where the next page's tile starts, to trim and align."""
    tick = ov * 0.6
    marks: list[tuple[str, float, float]] = []
    if c + 1 < plan.columns:
        x = pw - ov
        marks += [("M", x, 0), ("L", x, tick), ("M", x, ph - tick), ("L", x, ph)]
    if r + 1 < plan.rows:
        y = ph - ov
        marks += [("M", 0, y), ("L", tick, y), ("M", pw - tick, y), ("L", pw, y)]
    if marks:
        canvas.path(marks, Paint(stroke="#000000", width=0))


def write_pdf(sheet: MapSheet, options: ExportOptions, fh: BinaryIO) -> tuple[Plan, list[str]]:
    """The sheet as a vector PDF, fitted on one page or tiled, written to ``fh`` as it is made.
    Returns the pages' plan and the families a letter needed but that are not installed."""
    fonts = FontSet()
    plan = plan_pages(sheet.width, sheet.height, options)
    page_w, page_h = PAGE_SIZES_MM[options.page]
    if plan.landscape:
        page_w, page_h = page_h, page_w
    page_w, page_h = round(page_w * MM), round(page_h * MM)  # whole points, as Qt's page sizes
    margin = PAGE_MARGIN_MM * MM
    pw, ph = page_w - 2 * margin, page_h - 2 * margin
    footer = FOOTER_MM * MM

    pdf = PdfFile(fh)
    catalog, tree, info, form_resources, page_resources, hatch, grid_form = (pdf.reserve() for _ in range(7))
    w, h = math.ceil(sheet.width), math.ceil(sheet.height)
    form_entries = f"/Type /XObject /Subtype /Form /BBox [0 0 {w} {h}] /Resources {form_resources} 0 R"
    forms: list[int] = []  # the map's Forms: /B0, /B1 ...
    pages: list[int] = []
    grid: tuple[float, float, float] | None = None

    def page(place: str, footer_text: str, here: tuple[int, int], marks: Callable[[PdfCanvas], None]) -> None:
        parts = [f"1 0 0 -1 {n(margin)} {n(page_h - margin)} cm\n", place]
        page_canvas = PdfCanvas(fonts, parts.append)
        marks(page_canvas)
        _footer(page_canvas, pw, ph, footer_text, grid, here)
        content, num = pdf.reserve(), pdf.reserve()
        pdf.stream(content, "", "".join(parts).encode("latin-1"))
        pdf.obj(
            num,
            f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {n(page_w)} {n(page_h)}] "
            f"/Resources {page_resources} 0 R /Contents {content} 0 R >>",
        )
        pages.append(num)

    grid_here = page_grid(sheet.width, sheet.height, options, pw / MM, ph / MM)
    if grid_here is None:  # the map as one Form, streamed to the file as it is drawn
        forms.append(pdf.reserve())
        canvas = PdfCanvas(fonts, pdf.open_stream(forms[0], form_entries))
        sheet.draw(canvas)
        pdf.close_stream()
        k = min(pw / sheet.width, (ph - footer) / sheet.height)
        dx, dy = (pw - sheet.width * k) / 2, (ph - footer - sheet.height * k) / 2
        place = f"q {scale_number(k)} 0 0 {scale_number(k)} {n(dx)} {n(dy)} cm /B0 Do Q\n"
        page(place, fitted_footer(sheet.block.title, k / PX), (0, 0), lambda c: None)
    else:
        k = PX * tile_zoom(options)
        tw, th = pw / k, (ph - footer) / k
        ov = options.overlap_mm * MM / k
        rows, columns = grid_here
        plan = Plan(plan.landscape, rows, columns)
        span = max(1, math.ceil(math.sqrt(plan.pages / MAX_BLOCKS)))  # pages a block spans each way
        blocks = Blocks(sheet.width, sheet.height, span * (tw - ov), span * (th - ov))
        canvas = PdfCanvas(fonts, blocks=blocks)
        sheet.draw(canvas)
        for stream in blocks.streams:
            forms.append(pdf.reserve())
            data = stream.finish()
            pdf.obj(
                forms[-1],
                f"<< {form_entries} /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode("latin-1")
                + data
                + b"\nendstream",
            )
        if plan.pages > 1:
            cell, left, top, ops = _page_map(plan, pw, ph)
            grid = (cell, left, top)
            bbox = f"[{n(left - 1)} {n(top - 1)} {n(pw + 1)} {n(top + rows * cell + 1)}]"
            pdf.stream(grid_form, f"/Type /XObject /Subtype /Form /BBox {bbox}", ops.encode("latin-1"))
        for r in range(rows):
            for c in range(columns):
                x0, y0 = c * (tw - ov), r * (th - ov)
                window = (x0 + 0.01, y0 + 0.01, x0 + tw - 0.01, y0 + th - 0.01)  # no block it only touches
                shown = " ".join(f"/B{i} Do" for i in blocks.shown(window))
                place = (
                    f"q 0 0 {n(pw)} {n(ph - footer)} re W n "
                    f"{n(k, 4)} 0 0 {n(k, 4)} {n(-x0 * k)} {n(-y0 * k)} cm {shown} Q\n"
                )
                text = tile_footer(sheet.block.title, options, plan, r, c)
                page(
                    place,
                    text,
                    (r, c),
                    functools.partial(_overlap_marks, pw=pw, ph=ph - footer, ov=ov * k, r=r, c=c, plan=plan),
                )

    font_refs = {font.name: pdf.reserve() for font in fonts.fonts if font.used}
    for font in fonts.fonts:
        if font.used:
            _write_font(pdf, font, font_refs[font.name])
    font_dict = "/Font << " + " ".join(f"/{name} {num} 0 R" for name, num in font_refs.items()) + " >>"
    hatch_dict = ""
    if canvas.hatched:
        colour = next((c for c, hatched in sheet.palette.sides.values() if hatched), sheet.palette.text)
        _hatch(pdf, hatch, colour)
        hatch_dict = f" /Pattern << /Hatch {hatch} 0 R >>"
    else:
        pdf.obj(hatch, "null")
    pdf.obj(form_resources, f"<< {font_dict}{hatch_dict} >>")
    if grid is None:
        pdf.obj(grid_form, "null")
    maps = " ".join(f"/B{i} {num} 0 R" for i, num in enumerate(forms))
    pdf.obj(page_resources, f"<< {font_dict} /XObject << {maps} /Grid {grid_form} 0 R >> >>")
    kids = " ".join(f"{p} 0 R" for p in pages)
    pdf.obj(tree, f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>")
    pdf.obj(catalog, f"<< /Type /Catalog /Pages {tree} 0 R >>")
    pdf.obj(info, f"<< /Title {pdf_string(sheet.block.title)} /Creator (argmap) /Producer (argmap) >>")
    pdf.finish(catalog, info)
    return plan, sorted(fonts.missing)


def export_pdf(
    amap: ArgumentMap,
    path: str | Path,
    options: ExportOptions,
    *,
    positions: dict[str, tuple[float, float]] | None = None,
    direction: str = "TB",
) -> ExportResult:
    """Write ``amap`` as PDF to ``path`` (atomically, streamed); ExportError with a sentence on
    failure, FontsMissing (an ExportError) when DejaVu Sans is not installed."""
    amap, path = ready_to_write(amap, path, options)
    sheet = MapSheet(amap, options, positions=positions, direction=direction)
    plan, missing = write_export(path, lambda fh: write_pdf(sheet, options, fh))
    notes = []
    if plan.declined:
        notes.append(
            f"tiled so that the cards' text prints at {MIN_TEXT_PT:g} pt this map would take "
            f"{plan.declined:,} pages (the most is {MAX_POSTER_PAGES:,}); fitted on one page instead"
        )
    if options.tile is None and plan.pages > 1:
        notes.append(
            f"on one {options.page} page the cards' text would print under {MIN_TEXT_PT:g} pt; "
            f"tiled over {plan.pages} pages instead (--one-page to fit it anyway)"
        )
    if missing:
        notes.append(
            f"no font for some letters is installed ({', '.join(missing)}); they print as empty boxes "
            "(Debian: fonts-noto-core, fonts-noto-cjk)"
        )
    grid = (plan.rows, plan.columns)
    return ExportResult(
        path, "pdf", path.stat().st_size, len(sheet.shown), None, plan.pages, grid, tuple(notes)
    )
