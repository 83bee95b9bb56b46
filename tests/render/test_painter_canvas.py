"""Every image draws the one sheet (export/sheet.py) through the QPainter canvas: its lines fit their
cards in the fonts Qt draws, a band or a page draws only its own parts, and a right-to-left title
block stands against the right margin in SVG, PDF and PNG alike."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QColor, QImage

from argmap.drawing_style import SHEET_MARGIN
from argmap.export.options import ExportOptions
from argmap.export.sheet import MapSheet
from argmap.format import read_map
from argmap.render.export import export_map
from argmap.render.painter_canvas import PainterCanvas
from argmap.resources import DEFAULT_MAP
from tests.export.drawn import Drawn, lines_outside_their_cards
from tests.export.scripts_maps import TEXTS, script_map


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_every_line_fits_its_card_as_the_painter_draws_it(qapp, language):
    sheet = MapSheet(script_map(language), ExportOptions())
    widths = PainterCanvas(None, "#000000")  # measures only
    assert lines_outside_their_cards(sheet, widths.drawn_width) == []


def test_an_area_draws_only_the_parts_that_reach_into_it():
    sheet = MapSheet(read_map(DEFAULT_MAP), ExportOptions(legend=False))
    dx, dy = sheet.map_origin[0] - sheet.region[0], sheet.map_origin[1] - sheet.region[1]
    cid, box = next(iter(sheet.boxes.items()))
    inside = (box[0] + dx + 40, box[1] + dy + 40, box[0] + dx + 50, box[1] + dy + 50)
    assert Drawn(sheet, inside).drawn_cards == [cid]
    assert Drawn(sheet, (0, 0, sheet.width, 20)).groups == 0  # above the map: only the title block
    assert Drawn(sheet).drawn_cards == list(sheet.shown)


def title_ink(path) -> tuple[int, int]:
    """The leftmost and rightmost dark pixel of the PNG's title line."""
    image = QImage(str(path))
    xs = [
        x
        for y in range(int(SHEET_MARGIN), int(SHEET_MARGIN) + 24)
        for x in range(image.width())
        if QColor(image.pixel(x, y)).lightness() < 128
    ]
    return min(xs), max(xs)


@pytest.mark.parametrize(("language", "right"), [("arabic", True), ("chinese", False), ("cyrillic", False)])
def test_the_title_block_follows_the_titles_direction(qapp, tmp_path, language, right):
    amap = script_map(language)
    sheet = MapSheet(amap, ExportOptions())
    end = sheet.width - SHEET_MARGIN
    title_lines = [(line, anchor) for line, anchor in Drawn(sheet).others if line.baseline < sheet.rule_y]
    assert len(title_lines) >= 3  # title, source, how it was made
    for line, anchor in title_lines:
        assert (line.x, anchor) == ((end, "end") if right else (SHEET_MARGIN, "start"))

    export_map(amap, tmp_path / "map.svg", ExportOptions(format="svg"))
    first = next(ET.parse(tmp_path / "map.svg").getroot().iter("{http://www.w3.org/2000/svg}text"))
    assert (first.get("text-anchor") == "end") == right

    export_map(amap, tmp_path / "map.png", ExportOptions(format="png", scale=1))
    left_ink, right_ink = title_ink(tmp_path / "map.png")
    if right:
        assert end - 3 <= right_ink <= end + 1 and left_ink > sheet.width / 3
    else:
        assert SHEET_MARGIN - 1 <= left_ink <= SHEET_MARGIN + 3


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize(("language", "right"), [("arabic", True), ("chinese", False)])
def test_the_pdf_title_block_follows_the_titles_direction(qapp, tmp_path, language, right):
    amap = script_map(language)
    export_map(amap, tmp_path / "map.pdf", ExportOptions(format="pdf", tile=False))
    html = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "map.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    words = [
        (w.text, float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMin")))
        for w in ET.fromstring(html.replace("&nbsp;", " ")).iter("{http://www.w3.org/1999/xhtml}word")
    ]
    top = min(y for *_, y in words)
    title = [w for w in words if w[3] < top + 5]  # the title's words: the highest on the page
    legend = next(w for w in words if w[0] == "Legend")
    rightmost = max(x1 for _, _, x1, _ in words)  # nothing on the sheet reaches past the margin
    left, right_end = min(w[1] for w in title), max(w[2] for w in title)
    if right:
        assert left > legend[2] and right_end > rightmost - 3
    else:
        assert left < legend[1] and right_end < rightmost - 20


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_qts_pdf_without_dejavu_holds_the_chinese_words_drawn(qapp, tmp_path, monkeypatch):
    """The fallback PDF (Qt's writer, drawing the sheet on the painter) names the ideographs the
    map holds ("长", not the look-alike radical Qt's writer names it by)."""
    from argmap.export import pdf_fonts

    monkeypatch.setattr(pdf_fonts, "font_file", lambda family, bold, italic: None)
    path = tmp_path / "qt.pdf"
    assert export_map(script_map("chinese"), path, ExportOptions(format="pdf", tile=False)).pages == 1
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    flat = "".join(text.split())
    for words in (TEXTS["chinese"]["title"], TEXTS["chinese"]["position"]):
        assert "".join(words.split()) in flat
