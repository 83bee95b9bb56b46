"""The flow on paper, Qt-free: each sheet as a table of words, written as Markdown or an Excel workbook.

Every exporter starts from :func:`sheet_table`: one row per flow row, one column per speech, each card
in the cell of its row (an answer on the row of what it answers, a block numbered 1, 2, 3), marked as
a debater marks paper: ``[EV]`` evidence, ``[DROPPED]`` dropped (with the speech that dropped it),
``→`` an extension. The PDF and the editor's print draw the same tables (argmap/render/flow_print.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .decision import decide, side_words
from .flow import FlowCell, FlowRound, Preset, Sheet, flow_round
from .model import ArgumentMap

FLOW_SUFFIXES = (".md", ".xlsx", ".pdf")
TABLE_SUFFIXES = (".md", ".xlsx")  # written here; the PDF is drawn in argmap/render/flow_print.py


class FlowExportError(ValueError):
    """A flow that cannot be written where asked (an unknown extension)."""


@dataclass(frozen=True)
class TableCell:
    text: str
    side: str  # who gave the speech this cell sits in
    card_id: str = ""
    dropped: bool = False
    evidence: bool = False
    extension: bool = False
    pointer: bool = False  # "answered on sheet 2": a position answering this row, on its own sheet


@dataclass(frozen=True)
class SheetTable:
    title: str
    side: str
    headers: list[str]
    rows: list[list[TableCell]]


def cell_text(amap: ArgumentMap, flow: FlowRound, cell: FlowCell) -> tuple[str, bool]:
    """What a cell says on paper, and whether it carries a drop mark."""
    if cell.refers_to:
        names = [
            f"sheet {flow.sheet_of[c] + 1} ({' '.join((amap.card(c).headline or c).split())})"
            for c in cell.refers_to
        ]
        return "\u2192 answered on " + ", ".join(names), False
    card = amap.card(cell.card_id)
    words = " ".join((card.headline or card.id).split())
    if cell.extension:
        return f"\u2192 extended: {words}", False
    marks = []
    if cell.evidence:
        marks.append("[EV]")
    missed = [d for d in flow.drops if d.card_id == cell.card_id and d.made_in == cell.column]
    marks += [f"[DROPPED in {flow.columns[d.missed_in].name}]" for d in missed]
    number = f"{cell.number}. " if cell.number else ""
    return number + words + ("  " + " ".join(marks) if marks else ""), bool(missed)


def sheet_table(amap: ArgumentMap, flow: FlowRound, sheet: Sheet) -> SheetTable:
    """A sheet as rows of cells, each card on its own row of the flow."""
    columns = flow.columns
    rows = [[TableCell("", c.side) for c in columns] for _ in range(sheet.rows)]
    for (row, col), cell in sheet.grid().items():
        text, dropped = cell_text(amap, flow, cell)
        rows[row][col] = TableCell(
            text,
            columns[col].side,
            cell.card_id,
            dropped,
            cell.evidence,
            cell.extension,
            bool(cell.refers_to),
        )
    side = side_words(flow.preset)[sheet.side] if sheet.side else ""
    return SheetTable(sheet.title, side, [c.name for c in columns], rows)


def tables(amap: ArgumentMap, flow: FlowRound) -> list[SheetTable]:
    return [sheet_table(amap, flow, sheet) for sheet in flow.sheets]


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|") or " "


def to_markdown(amap: ArgumentMap, flow: FlowRound) -> str:
    """The flow as Markdown: one section per sheet, a table row per flow row."""
    out = [f"# Flow: {amap.info.title}", "", f"{flow.preset.title}."]
    for i, table in enumerate(tables(amap, flow), start=1):
        out += ["", f"## Sheet {i}: {table.title} ({table.side})", ""]
        out.append("| " + " | ".join(_md_cell(h) for h in table.headers) + " |")
        out.append("|" + "---|" * len(table.headers))
        for row in table.rows:
            out.append("| " + " | ".join(_md_cell(c.text) for c in row) + " |")
    return "\n".join(out) + "\n"


_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _worksheet_name(title: str, index: int, taken: set[str]) -> str:
    base = f"{index} {_SHEET_NAME_BAD.sub(' ', title)}".strip()[:31] or str(index)
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def write_xlsx(amap: ArgumentMap, flow: FlowRound, path: str | Path) -> None:
    """The flow as an Excel workbook: a worksheet per sheet (row 1 the speeches, then one row per
    flow row), landscape and fitted to the page's width; a last worksheet with the decision."""
    from openpyxl import Workbook  # a well-kept library for .xlsx; imported only when asked for
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    tint = {"for": "EEF4FB", "against": "FBEFF0"}
    thin = Side(style="thin", color="BBBBBB")
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for i, table in enumerate(tables(amap, flow), start=1):
        ws = book.create_sheet(_worksheet_name(table.title, i, taken))
        for col, header in enumerate(table.headers, start=1):
            cell = ws.cell(row=1, column=col, value=header)
            cell.data_type = "s"  # a speech named "=..." stays words, never a formula
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=tint[flow.columns[col - 1].side])
            ws.column_dimensions[cell.column_letter].width = 34
        for r, row in enumerate(table.rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                if value.text:
                    cell.value = value.text
                    cell.data_type = "s"  # user text is text: "=HYPERLINK(...)" must not become a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                cell.fill = PatternFill("solid", fgColor=tint[value.side])
                cell.border = Border(left=thin, right=thin)
                if value.dropped:
                    cell.font = Font(color="C62828", bold=True)
                elif value.extension:
                    cell.font = Font(color="2E7D32")
                elif value.pointer:
                    cell.font = Font(color="6A6A6A", italic=True)
                elif value.evidence:
                    cell.font = Font(italic=True)
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddHeader.center.text = f"{table.title} ({table.side})"
    ws = book.create_sheet(_worksheet_name("Decision", len(flow.sheets) + 1, taken))
    ws.column_dimensions["A"].width = 120
    lines = decide(amap, flow.preset, None if flow.over else flow.now).text().splitlines()
    for r, line in enumerate(lines, start=1):
        if line:
            cell = ws.cell(row=r, column=1, value=line)
            cell.data_type = "s"
    book.save(str(path))


def write_flow(
    amap: ArgumentMap, flow_preset: Preset, path: str | Path, now: int | str | None = None
) -> None:
    """Write the flow to ``path`` by its extension: .md or .xlsx. A .pdf is drawn with Qt, by
    :func:`argmap.render.flow_print.export_flow` (which writes the other two through here)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        raise FlowExportError("a flow's PDF is drawn with Qt: argmap.render.flow_print.export_flow writes it")
    if suffix not in TABLE_SUFFIXES:
        raise FlowExportError(
            f"cannot write a flow as {suffix or 'a file without an extension'}; use .md, .xlsx or .pdf"
        )
    flow = flow_round(amap, flow_preset, now)
    if suffix == ".md":
        Path(path).write_text(to_markdown(amap, flow), encoding="utf-8")
    else:
        write_xlsx(amap, flow, path)
