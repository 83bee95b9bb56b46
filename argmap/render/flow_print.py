"""The flow drawn on pages: each sheet on its own page (continued on the next when long), the speeches
across the top, every card on its row. The PDF export and the editor's print share :func:`paint_flow`.

The words come from :func:`argmap.flow_export.sheet_table`, so the PDF, the workbook and the Markdown
say the same thing in the same cells. Text is drawn with ``drawText``: plain text, never markup.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from ..flow import FlowRound, Preset, flow_round
from ..flow_export import SheetTable, tables, write_flow
from ..model import ArgumentMap
from .qt_environment import prepare_qt_environment

TINT = {"for": QColor("#eef4fb"), "against": QColor("#fbeff0")}
DROP = QColor("#c62828")
EXTENSION = QColor("#2e7d32")
PAD_PT = 3.0


def page_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.Letter), QPageLayout.Landscape, QMarginsF(10, 10, 10, 10), QPageLayout.Millimeter
    )


def paint_flow(painter: QPainter, device, amap: ArgumentMap, flow: FlowRound) -> int:
    """Draw every sheet of ``flow`` on ``device`` (a QPdfWriter or QPrinter), a new page per sheet;
    return the number of pages."""
    pages = 0
    all_tables = tables(amap, flow)
    for i, table in enumerate(all_tables, start=1):
        pages += _paint_sheet(painter, device, amap, table, f"Sheet {i} of {len(all_tables)}", pages > 0)
    return pages


def _fonts(dpi: float) -> tuple[QFont, QFont, QFont]:
    body = QFont("Noto Sans")
    body.setPointSizeF(8.5)
    bold = QFont(body)
    bold.setBold(True)
    title = QFont(body)
    title.setPointSizeF(12)
    title.setBold(True)
    return body, bold, title


def _paint_sheet(
    painter: QPainter, device, amap: ArgumentMap, table: SheetTable, label: str, new_page: bool
) -> int:
    dpi = device.resolution()
    pt = dpi / 72.0
    page = QRectF(device.pageLayout().paintRectPixels(int(dpi)))
    page.moveTo(0, 0)
    body, bold, title_font = _fonts(dpi)
    n = len(table.headers)
    width = page.width() / n
    pad = PAD_PT * pt
    pages = 0

    def start_page() -> float:
        nonlocal pages
        if new_page or pages:
            device.newPage()
        pages += 1
        painter.setFont(title_font)
        painter.setPen(QColor("#1d1d1d"))
        heading = f"{table.title} ({table.side})" + (" \u2014 continued" if pages > 1 else "")
        fm = QFontMetricsF(painter.font(), device)
        painter.drawText(
            QRectF(0, 0, page.width(), fm.height() * 1.2), Qt.AlignLeft | Qt.AlignVCenter, heading
        )
        painter.setFont(body)
        painter.setPen(QColor("#666666"))
        painter.drawText(
            QRectF(0, 0, page.width(), fm.height() * 1.2),
            Qt.AlignRight | Qt.AlignVCenter,
            f"{amap.info.title} \u00b7 {label}",
        )
        y = fm.height() * 1.4
        painter.setFont(bold)
        header_h = QFontMetricsF(bold, device).height() + 2 * pad
        for c, name in enumerate(table.headers):
            rect = QRectF(c * width, y, width, header_h)
            side = table.rows[0][c].side if table.rows else ("for" if c % 2 == 0 else "against")
            painter.fillRect(rect, TINT[side].darker(108))
            painter.setPen(QColor("#1d1d1d"))
            painter.drawText(rect.adjusted(pad, 0, -pad, 0), Qt.AlignLeft | Qt.AlignVCenter, name)
        return y + header_h

    y = top = start_page()
    bottoms: list[float] = []
    fm = QFontMetricsF(body, device)

    def font_for(cell) -> QFont:
        font = QFont(body)
        font.setItalic(cell.evidence or cell.pointer)
        font.setBold(cell.dropped)
        return font

    for row in table.rows:
        # measured in the font each cell is drawn in: a bold drop mark wraps sooner than plain text
        heights = [
            QFontMetricsF(font_for(c), device)
            .boundingRect(QRectF(0, 0, width - 2 * pad, 1e6), Qt.TextWordWrap, c.text)
            .height()
            if c.text
            else 0
            for c in row
        ]
        h = max(heights + [fm.height()]) + 2 * pad
        if y + h > page.height() and y > page.height() * 0.2:
            _grid_lines(painter, n, width, top, y, pt, bottoms)
            y = top = start_page()
            bottoms = []
        for c, cell in enumerate(row):
            rect = QRectF(c * width, y, width, h)
            painter.fillRect(rect, TINT[cell.side])
            if not cell.text:
                continue
            painter.setFont(font_for(cell))
            ink = QColor("#6a6a6a") if cell.pointer else QColor("#1d1d1d")
            painter.setPen(DROP if cell.dropped else EXTENSION if cell.extension else ink)
            painter.drawText(
                rect.adjusted(pad, pad, -pad, -pad), Qt.TextWordWrap | Qt.AlignLeft | Qt.AlignTop, cell.text
            )
        y += h
        bottoms.append(y)
    _grid_lines(painter, n, width, top, y, pt, bottoms)
    return pages


def _grid_lines(
    painter: QPainter, n: int, width: float, top: float, bottom: float, pt: float, rows: list[float]
) -> None:
    """The rules between speeches and rows, drawn over the tints so none is hidden."""
    painter.setPen(QPen(QColor("#c8c8c8"), 0.5 * pt))
    for c in range(1, n):
        painter.drawLine(c * width, top, c * width, bottom)
    for y in rows:
        painter.drawLine(0, y, n * width, y)


def write_pdf(amap: ArgumentMap, flow: FlowRound, path: str | Path) -> int:
    """Write the flow as a PDF, a sheet per page (Letter, landscape); return the page count."""
    prepare_qt_environment()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # fonts need a GUI application, offscreen is enough
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(page_layout())
    writer.setTitle(f"Flow: {amap.info.title}")
    painter = QPainter(writer)
    try:
        pages = paint_flow(painter, writer, amap, flow)
    finally:
        painter.end()
    del app
    return pages


def export_flow(
    amap: ArgumentMap, flow_preset: Preset, path: str | Path, now: int | str | None = None
) -> None:
    """Write the flow to ``path`` by its extension: .pdf drawn here, .md and .xlsx by the Qt-free
    :func:`argmap.flow_export.write_flow` (which refuses any other extension)."""
    if Path(path).suffix.lower() == ".pdf":
        write_pdf(amap, flow_round(amap, flow_preset, now), path)
    else:
        write_flow(amap, flow_preset, path, now)
