"""The one export: a map drawn to PNG, SVG, PDF or a Word brief, for the CLI and the editor alike.

SVG and PDF are written without Qt (``export/svg.py``, ``export/pdf.py``); ``export_map`` hands them
over, so the editor and the CLI still call one function.

Every picture is the one sheet of ``export/sheet.py`` (:class:`~argmap.export.sheet.MapSheet`): a
title block above the map's region, which holds the visible cards and the legend beside them or in
a free corner. The PNG (in bands), printed pages, the Word brief's picture, the clipboard image and
Qt's PDF (used only when the PDF writer's font is missing) draw it on a QPainter through
:class:`~argmap.render.painter_canvas.PainterCanvas`, so they show what the SVG and PDF show, with
the editor's positions and hidden cards when the editor asks. User text is only drawn as plain
strings (``drawText``), never as HTML.
"""

from __future__ import annotations

import io
import math
import mmap
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PySide6.QtCore import (
    QBuffer,
    QFile,
    QFileDevice,
    QIODevice,
    QLineF,
    QMarginsF,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QRawFont,
)

from ..collector import collector_paused
from ..export.options import (
    ExportError,
    ExportOptions,
    TitleBlock,
    format_from_path,
)
from ..export.pages import FOOTER_MM, MIN_TEXT_PT, PAGE_MARGIN_MM, fitted_footer, page_grid, tile_zoom
from ..export.pages import plan_pages as plan_paper
from ..export.result import ExportResult
from ..export.sheet import MapSheet
from ..export.target import ready_to_write, write_export
from ..exportable import exportable
from ..model import ArgumentMap
from .painter_canvas import MEASURED_FAMILIES, paint_sheet
from .png_bands import banded_png
from .theme import plain_font

Point = tuple[float, float]

MAX_PIXELS = 160_000_000  # a PNG larger than this would need gigabytes of memory
MAX_SIDE = 32_000
PDF_RESOLUTION = 1200  # device units per inch: fine enough that nothing snaps visibly
PAGE_IDS = {"letter": QPageSize.Letter, "a4": QPageSize.A4, "a3": QPageSize.A3, "tabloid": QPageSize.Tabloid}


def make_sheet(
    amap: ArgumentMap,
    options: ExportOptions,
    *,
    positions: dict[str, Point] | None = None,
    direction: str = "TB",
) -> MapSheet:
    """The sheet every image of ``amap`` draws, once ``options`` are checked against it (a map never
    validated, an import, made exportable)."""
    options.check(amap)
    return MapSheet(exportable(amap), options, positions=positions, direction=direction)


# -- the formats --------------------------------------------------------------------------------


def export_map(
    amap: ArgumentMap,
    path: str | Path,
    options: ExportOptions,
    *,
    positions: dict[str, Point] | None = None,
    direction: str = "TB",
) -> ExportResult:
    """Export ``amap`` to ``path`` in ``options.format``; raise ExportError with a sentence on failure.

    ``positions`` and ``direction`` come from the editor's scene, so the export matches the screen;
    without them cards stand where the file and the automatic layout put them.
    """
    amap, path = ready_to_write(amap, path, options)
    if options.format == "html":  # drawn by the reader's browser: no scene needed
        from ..export.html import export_html

        size, cards = export_html(amap, path, options, positions=positions, direction=direction)
        return ExportResult(path, "html", size, cards)
    if options.format == "svg":  # written straight from the layout, without Qt (export/svg.py)
        from ..export.svg import export_svg

        return export_svg(amap, path, options, positions=positions, direction=direction)
    if options.format == "pdf":  # written from the layout without Qt (export/pdf.py) when it can
        from ..export.pdf import FontsMissing, export_pdf

        try:
            return export_pdf(amap, path, options, positions=positions, direction=direction)
        except FontsMissing:
            pass  # DejaVu Sans is not installed: Qt draws it with the fonts it has
    with collector_paused():  # a big map's boxes, routes and faces: many objects, none of them cycles
        return _export(amap, path, options, positions, direction)


def _export(
    amap: ArgumentMap, path: Path, options: ExportOptions, positions: dict[str, Point] | None, direction: str
) -> ExportResult:
    sheet = MapSheet(amap, options, positions=positions, direction=direction)
    data: bytes | None = None  # a Word brief is made whole, then written; PDF and PNG as they are drawn
    fmt = options.format
    pixels = pages = grid = None
    notes: list[str] = []
    if fmt == "png":
        scale = fitting_scale(sheet, options.scale)
        if scale < options.scale:
            notes.append(
                f"the map is too large for a PNG at scale {options.scale:g}; drawn at scale {scale:.3g} "
                f"instead, the largest within {MAX_PIXELS // 1_000_000} million pixels "
                f"(PDF and SVG stay sharp at any size)"
            )
        texts = _png_texts(sheet.block)
        pixels = write_export(
            path, lambda out: banded_png(sheet, scale, texts, out, transparent=options.transparent)
        )
    elif fmt == "pdf":
        pages, grid = write_export(path, lambda out: write_pdf(sheet, options, out))
        if options.tile is None and pages > 1:
            notes.append(
                f"on one {options.page} page the cards' text would print under {MIN_TEXT_PT:g} pt; "
                f"tiled over {pages} pages instead (--one-page to fit it anyway)"
            )
    else:
        data = docx_bytes(amap, sheet, options)
    if data is not None:
        whole = data
        write_export(path, lambda out: out.write(whole))
    return ExportResult(path, fmt, path.stat().st_size, len(sheet.shown), pixels, pages, grid, tuple(notes))


def fitting_scale(sheet: MapSheet, scale: float) -> float:
    """``scale``, or the largest scale below it whose image stays within the pixel limits."""
    w, h = sheet.width * scale, sheet.height * scale
    if math.ceil(w) <= MAX_SIDE and math.ceil(h) <= MAX_SIDE and math.ceil(w) * math.ceil(h) <= MAX_PIXELS:
        return scale
    fit = min(MAX_SIDE / w, MAX_SIDE / h, math.sqrt(MAX_PIXELS / (w * h))) * scale
    # Rounded down to three significant digits, so ceil() of the sides stays inside. Not to three
    # decimals: a sheet 20 million px tall fits at 0.0008, which three decimals made 0 (an empty image).
    unit = 10.0 ** (math.floor(math.log10(fit)) - 2)
    return math.floor(fit / unit) * unit * 0.999


def render_image(sheet: MapSheet, scale: float, *, transparent: bool = False) -> QImage:
    """The sheet as an image, ``scale`` device pixels to each sheet px (see :func:`fitting_scale`)."""
    w, h = math.ceil(sheet.width * scale), math.ceil(sheet.height * scale)
    if w > MAX_SIDE or h > MAX_SIDE or w * h > MAX_PIXELS:
        raise ExportError(
            f"the image would be {w} \u00d7 {h} px, too large to make; use a smaller --scale "
            f"(or PDF or SVG, which stay sharp at any size)"
        )
    # An opaque sheet needs no alpha channel: PNG then compresses three channels, not four (at 10,000
    # cards 4.4 s instead of 5.6 s, and a file 8 % smaller).
    image = QImage(w, h, QImage.Format_ARGB32_Premultiplied if transparent else QImage.Format_RGB32)
    image.fill(Qt.transparent if transparent else QColor("#ffffff"))
    dpm = round(96 * scale / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
    painter.scale(w / sheet.width, h / sheet.height)
    paint_sheet(painter, sheet, transparent=transparent)
    painter.end()
    return image


def map_image(
    amap: ArgumentMap,
    options: ExportOptions,
    *,
    positions: dict[str, Point] | None = None,
    direction: str = "TB",
) -> QImage:
    """The map as an image (for the clipboard): the same sheet a PNG export writes."""
    sheet = make_sheet(amap, options, positions=positions, direction=direction)
    return render_image(sheet, fitting_scale(sheet, options.scale), transparent=options.transparent)


def _png_texts(block: TitleBlock) -> dict[str, str]:
    """The PNG's text fields: what the title block says."""
    return {"Title": block.title, "Description": block.subtitle, "Comment": block.made, "Software": "argmap"}


def png_bytes(image: QImage, block: TitleBlock) -> bytes:
    for key, value in _png_texts(block).items():
        if value:
            image.setText(key, value)
    buffer = QBuffer()
    buffer.open(QIODevice.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError("Qt could not encode the PNG image")
    return bytes(buffer.data())


# -- pages: PDF and print ------------------------------------------------------------------------


@dataclass(frozen=True)
class PagePlan:
    """How a sheet goes onto pages: one page fitted, or a grid of tiles at a fixed zoom."""

    orientation: QPageLayout.Orientation
    rows: int = 1
    columns: int = 1

    @property
    def pages(self) -> int:
        return self.rows * self.columns


def page_layout(options: ExportOptions, orientation: QPageLayout.Orientation) -> QPageLayout:
    margins = QMarginsF(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM)
    return QPageLayout(QPageSize(PAGE_IDS[options.page]), orientation, margins, QPageLayout.Millimeter)


def plan_pages(sheet: MapSheet, options: ExportOptions) -> PagePlan:
    """Choose the orientation (when "auto") and, when tiling, the grid of pages (``export/pages.py``,
    which the Qt-free PDF writer plans with too)."""
    plan = plan_paper(sheet.width, sheet.height, options)
    orientation = QPageLayout.Landscape if plan.landscape else QPageLayout.Portrait
    return PagePlan(orientation, plan.rows, plan.columns)


def paint_pages(
    painter: QPainter, device: QPagedPaintDevice, sheet: MapSheet, options: ExportOptions, plan: PagePlan
) -> PagePlan:
    """Draw the sheet on ``device``'s pages (its page layout already set from ``plan``); return the pages."""
    res = device.resolution()
    mm = res / 25.4
    pw, ph = device.width(), device.height()  # the paintable area, in device units
    footer = FOOTER_MM * mm
    grid = page_grid(sheet.width, sheet.height, options, pw / mm, ph / mm)
    if grid is None:
        k = min(pw / sheet.width, (ph - footer) / sheet.height)
        painter.save()
        painter.translate((pw - sheet.width * k) / 2, (ph - footer - sheet.height * k) / 2)
        painter.scale(k, k)
        paint_sheet(painter, sheet)
        painter.restore()
        _footer(
            painter,
            sheet,
            pw,
            ph,
            footer,
            mm,
            fitted_footer(sheet.block.title, k * 96 / res),
        )
        return PagePlan(plan.orientation)
    k = res / 96 * tile_zoom(options)
    tw, th = pw / k, (ph - footer) / k
    ov = options.overlap_mm * mm / k
    # A printer may enlarge the margins it was given: the grid follows the paper it really has.
    plan = PagePlan(plan.orientation, *grid)
    for r in range(plan.rows):
        for c in range(plan.columns):
            if r or c:
                device.newPage()
            x0, y0 = c * (tw - ov), r * (th - ov)
            painter.save()
            painter.setClipRect(QRectF(0, 0, pw, ph - footer))
            painter.scale(k, k)
            painter.translate(-x0, -y0)
            paint_sheet(painter, sheet, visible=QRectF(x0, y0, tw, th).adjusted(-2, -2, 2, 2))
            painter.restore()
            _overlap_marks(painter, pw, ph - footer, ov * k, r, c, plan)
            n = r * plan.columns + c + 1
            _footer(
                painter,
                sheet,
                pw,
                ph,
                footer,
                mm,
                f"page {n} of {plan.pages} \u00b7 row {r + 1} of {plan.rows}, column {c + 1} of "
                f"{plan.columns} \u00b7 {sheet.block.title} \u00b7 "
                f"pages overlap by {options.overlap_mm:g} mm: trim at the marks and tape",
                plan=plan,
                here=(r, c),
            )
    return plan


def _overlap_marks(
    painter: QPainter, pw: float, ph: float, ov: float, r: int, c: int, plan: PagePlan
) -> None:
    """Short ticks at the page's edges where the next page's tile starts, to trim and align."""
    painter.save()
    pen = QPen(QColor("#000000"), 0)
    painter.setPen(pen)
    tick = ov * 0.6
    if c + 1 < plan.columns:
        x = pw - ov
        painter.drawLine(QPointF(x, 0), QPointF(x, tick))
        painter.drawLine(QPointF(x, ph - tick), QPointF(x, ph))
    if r + 1 < plan.rows:
        y = ph - ov
        painter.drawLine(QPointF(0, y), QPointF(tick, y))
        painter.drawLine(QPointF(pw - tick, y), QPointF(pw, y))
    painter.restore()


def _footer(
    painter: QPainter,
    sheet: MapSheet,
    pw: float,
    ph: float,
    footer: float,
    mm: float,
    text: str,
    plan: PagePlan | None = None,
    here: tuple[int, int] | None = None,
) -> None:
    painter.save()
    font = plain_font(MEASURED_FAMILIES, 12)
    font.setPixelSize(max(1, round(2.6 * mm)))  # about 7.5 pt
    painter.setFont(font)
    painter.setPen(QColor("#333333"))
    metrics = QFontMetricsF(font)
    map_w = 0.0
    if plan is not None and here is not None and plan.pages > 1:
        cell = min(3.2 * mm, (footer - 2 * mm) / plan.rows)
        map_w = cell * plan.columns
        top = ph - footer + (footer - cell * plan.rows) / 2
        left = pw - map_w
        # The grid as its lines, not a box per page: a 400-page poster drew 160,000 boxes in all.
        painter.setPen(QPen(QColor("#555555"), 0))
        painter.drawLines(
            [
                QLineF(left + c * cell, top, left + c * cell, top + plan.rows * cell)
                for c in range(plan.columns + 1)
            ]
            + [QLineF(left, top + r * cell, pw, top + r * cell) for r in range(plan.rows + 1)]
        )
        painter.setBrush(QColor("#000000"))
        painter.drawRect(QRectF(left + here[1] * cell, top + here[0] * cell, cell, cell))
        painter.setPen(QColor("#333333"))
    width = pw - map_w - (2 * mm if map_w else 0)
    line = metrics.elidedText(text, Qt.ElideRight, width)  # the page number comes first and stays
    painter.drawText(QPointF(0, ph - footer / 2 + metrics.ascent() / 2 - 1), line)
    painter.restore()


def write_pdf(sheet: MapSheet, options: ExportOptions, out: BinaryIO) -> tuple[int, tuple[int, int]]:
    """The sheet as a vector PDF, one fitted page or tiles, written to ``out`` (a file open for reading
    and writing) page by page as they are drawn; returns the pages and the grid."""
    plan = plan_pages(sheet, options)
    file = QFile()
    if not file.open(out.fileno(), QIODevice.ReadWrite, QFileDevice.DontCloseHandle):
        raise ExportError(f"cannot write the PDF: {file.errorString()}")
    writer = QPdfWriter(file)
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(sheet.block.title)
    writer.setCreator("argmap")
    writer.setPageLayout(page_layout(options, plan.orientation))
    painter = QPainter(writer)
    plan = paint_pages(painter, writer, sheet, options, plan)
    painter.end()
    file.close()
    with mmap.mmap(out.fileno(), 0) as pdf:
        _true_cjk_text(pdf, sheet.drawn_characters)
    return plan.pages, (plan.rows, plan.columns)


# A ToUnicode entry naming a CJK radical (U+2E80-U+2FDF): Qt's PDF writer names each glyph by the
# lowest code point a font maps to it, and CJK fonts draw a radical and its ideograph alike, so
# "长" came out of pdftotext as the radical "⻓". Four hex digits, so fixed in place.
_RADICAL_ENTRY = re.compile(rb"<(2E[89A-F][0-9A-F]|2F[0-9A-D][0-9A-F])>")
_CMAP = re.compile(rb"begincmap.*?endcmap", re.S)


def _true_cjk_text(pdf: mmap.mmap | bytearray, drawn: Callable[[], set[str]]) -> None:
    """Make the PDF's text layer name the ideographs the map holds, not look-alike radicals.

    A radical becomes the drawn ideograph that the CJK font draws with the same glyph. The ToUnicode
    maps are plain text and each entry keeps its length, so the file is changed in place and no
    offset in it moves. A radical the map itself holds is left alone. ``drawn`` gives every
    character the sheet draws; it is asked only when a radical turns up.
    """
    if not _RADICAL_ENTRY.search(pdf):
        return
    chars = drawn()
    ideographs = [c for c in chars if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"]
    fonts = [QRawFont.fromFont(QFont(family)) for family in ("Noto Sans CJK SC", "Noto Sans CJK JP")]
    fonts = [f for f in fonts if f.isValid()]
    glyphs: dict[tuple[int, int], str] = {}
    for k, font in enumerate(fonts):
        for c in ideographs:
            glyphs.setdefault((k, font.glyphIndexesForString(c)[0]), c)
    cache: dict[bytes, bytes] = {}

    def ideograph(code: bytes) -> bytes:
        if code not in cache:
            radical = chr(int(code, 16))
            same = unicodedata.normalize("NFKC", radical)
            if same == radical and radical not in chars:
                for k, font in enumerate(fonts):
                    same = glyphs.get((k, font.glyphIndexesForString(radical)[0]), same)
                    if same != radical:
                        break
            if radical in chars or len(same) != 1 or ord(same) > 0xFFFF:
                same = radical
            cache[code] = b"%04X" % ord(same)
        return cache[code]

    for cmap in _CMAP.finditer(pdf):
        for entry in _RADICAL_ENTRY.finditer(pdf, cmap.start(), cmap.end()):
            pdf[entry.start(1) : entry.end(1)] = ideograph(entry.group(1))


def set_up_printer(
    amap: ArgumentMap,
    printer,
    options: ExportOptions,
    *,
    positions: dict[str, Point] | None = None,
    direction: str = "TB",
) -> None:
    """Give ``printer`` the page size and orientation a PDF export of these options would have."""
    sheet = make_sheet(amap, options, positions=positions, direction=direction)
    printer.setPageLayout(page_layout(options, plan_pages(sheet, options).orientation))


def print_map(
    amap: ArgumentMap,
    printer,
    options: ExportOptions,
    *,
    positions: dict[str, Point] | None = None,
    direction: str = "TB",
) -> int:
    """Print (or draw a preview) on a QPrinter set up by :func:`set_up_printer`; returns the page count.

    The pages are the PDF export's: fitted, or tiled over the paper the printer really has.
    """
    sheet = make_sheet(amap, options, positions=positions, direction=direction)
    orientation = printer.pageLayout().orientation()
    painter = QPainter(printer)
    if not painter.isActive():
        raise ExportError("the printer could not be opened")
    try:
        plan = paint_pages(painter, printer, sheet, options, PagePlan(orientation))
    finally:  # a poster over the page limit raises before its first page: close the job all the same
        painter.end()
    return plan.pages


# -- the Word brief -----------------------------------------------------------------------------


def docx_bytes(amap: ArgumentMap, sheet: MapSheet, options: ExportOptions) -> bytes:
    from ..export.brief import write_brief  # python-docx is needed only here

    scale = min(2.0, 3600 / sheet.width)
    image = render_image(sheet, fitting_scale(sheet, max(scale, 0.5)))
    # Word divides by the image's resolution; a tiny scale rounds it to 0 dpi.
    image.setDotsPerMeterX(max(image.dotsPerMeterX(), 3780))
    image.setDotsPerMeterY(max(image.dotsPerMeterY(), 3780))
    png = png_bytes(image, sheet.block)
    out = io.BytesIO()
    write_brief(amap, out, options, sheet.block, png, image.width() / image.height())
    return out.getvalue()


__all__ = [
    "ExportError",
    "ExportOptions",
    "ExportResult",
    "make_sheet",
    "export_map",
    "format_from_path",
    "map_image",
    "print_map",
    "plan_pages",
    "render_image",
    "set_up_printer",
]
