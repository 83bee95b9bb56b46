"""PNG, SVG and PDF exports hold what a reader needs: every card's words, the title, the legend,
no card on top of another, user text as plain text, and sizes and pages as asked."""

from __future__ import annotations

import itertools
import math
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QColor, QImage

from argmap import drawing_style
from argmap.export.options import ExportOptions
from argmap.export.sheet import MapSheet
from argmap.render.export import export_map
from argmap.render.painter_canvas import PainterCanvas

from .conftest import SCRIPT, norm
from .drawn import drawn_lines, lines_outside_their_cards

ELLIPSIS_CHARS = "\u2026."
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def words_of(line: str) -> str:
    """A drawn line without an elision mark or the quote's typographic quotes: what must be findable."""
    return norm(line.rstrip(ELLIPSIS_CHARS).strip("\u201c\u201d"))


@pytest.fixture(scope="module")
def sheet(qapp, default_map):
    return MapSheet(default_map, ExportOptions())


@pytest.fixture(scope="module")
def files(qapp, default_map, out_dir):
    made = {}
    for fmt in ("png", "svg", "pdf"):
        path = out_dir / f"map.{fmt}"
        # The PDF fitted on one page (--one-page): the default would tile this map.
        options = ExportOptions(format=fmt, made_from="ukraine.yaml", tile=False if fmt == "pdf" else None)
        made[fmt] = (path, export_map(default_map, path, options))
    path = out_dir / "tiled.pdf"
    made["tiled"] = (path, export_map(default_map, path, ExportOptions(format="pdf", tile=True, page="a4")))
    return made


def pdf_text(path, *args) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", *args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


# -- the picture --------------------------------------------------------------------------------


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_no_two_cards_overlap_and_the_legend_covers_none(sheet):
    rects = sheet.boxes
    assert len(rects) == 39
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not overlap(ra, rb), (a, b)
    legend = sheet.legend
    assert legend is not None
    assert not any(overlap(legend, r) for r in rects.values())
    dy = sheet.map_origin[1] - sheet.region[1]
    assert all(r[1] + dy > sheet.rule_y for r in rects.values())  # the title block covers no card


def test_no_line_of_text_is_wider_than_its_card_as_qt_draws_it(qapp, tricky_map):
    """The PNG's painter draws the lines the sheet broke: each fits its card in the font drawn."""
    sheet = MapSheet(tricky_map, ExportOptions())
    widths = PainterCanvas(None, "#000000")  # measures only
    assert lines_outside_their_cards(sheet, widths.drawn_width) == []


# -- PNG ----------------------------------------------------------------------------------------


def test_png_is_high_resolution_and_white(files):
    path, result = files["png"]
    image = QImage(str(path))
    assert image.width() >= 1600 and (image.width(), image.height()) == result.pixels
    assert QColor(image.pixel(2, 2)) == QColor("#ffffff")
    assert not image.hasAlphaChannel()  # opaque: three channels to compress, not four
    assert abs(image.dotsPerMeterX() - 192 / 0.0254) < 2  # twice the screen's 96 dpi


def test_png_scale_and_transparent_background(qapp, default_map, tmp_path, files):
    _, full = files["png"]
    result = export_map(default_map, tmp_path / "small.png", ExportOptions(scale=1, transparent=True))
    assert abs(result.pixels[0] * 2 - full.pixels[0]) <= 1
    image = QImage(str(tmp_path / "small.png"))
    assert image.hasAlphaChannel() and QColor.fromRgba(image.pixel(2, 2)).alpha() == 0


def test_print_theme_is_greyscale(qapp, default_map, tmp_path):
    export_map(default_map, tmp_path / "print.png", ExportOptions(theme="print", scale=0.5))
    image = QImage(str(tmp_path / "print.png")).convertToFormat(QImage.Format_RGB32)
    for x in range(0, image.width(), 7):
        for y in range(0, image.height(), 7):
            c = QColor(image.pixel(x, y))
            assert max(c.red(), c.green(), c.blue()) - min(c.red(), c.green(), c.blue()) <= 3, (
                x,
                y,
                c.name(),
            )
    rel = drawing_style.PRINT.relations
    assert rel["supports"][0] == rel["rebuts"][0]
    assert drawing_style.RELATION_DASHES["supports"] != drawing_style.RELATION_DASHES["rebuts"]


# -- SVG ----------------------------------------------------------------------------------------


def svg_texts(path) -> str:
    root = ET.parse(path).getroot()  # valid XML, or this raises
    texts = root.iter("{http://www.w3.org/2000/svg}text")
    return norm(" ".join("".join(el.itertext()) for el in texts))  # a marked quote's line is in tspans


def test_svg_keeps_every_cards_words_as_real_text(files, sheet):
    path, _ = files["svg"]
    raw = path.read_bytes()
    assert b"<image" not in raw  # nothing drawn as a bitmap
    texts = svg_texts(path)
    for cid, lines in drawn_lines(sheet).items():
        for line in lines:
            assert words_of(line) in texts, (cid, line)
    assert norm("Should the U.S. back a Ukrainian resistance movement?") in texts
    assert "Legend" in texts and norm("Rebuts") in texts and norm("Affirmative (for)") in texts
    assert "Axios" in texts and "ukraine.yaml" in texts


def test_cards_that_fit_are_drawn_whole(sheet, default_map, files):
    """Whole-text check: when no line of a card is elided, its tag and text are there in full."""
    texts = svg_texts(files["svg"][0])
    whole = 0
    for cid, lines in drawn_lines(sheet).items():
        if any(line.endswith(ELLIPSIS_CHARS) for line in lines):
            continue
        card = default_map.card(cid)
        assert norm(card.tag) in texts and norm(card.text) in texts, cid
        whole += 1
    assert whole >= 10


def test_svg_escapes_user_text(qapp, tricky_map, tmp_path):
    path = tmp_path / "hostile.svg"
    export_map(tricky_map, path, ExportOptions(format="svg"))
    raw = path.read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    texts = svg_texts(path)
    assert norm(f"Plan {SCRIPT}") in texts  # read back literally, as the user typed it


def test_svg_is_sized_in_pixels_names_fonts_viewers_have_and_leaves_look_alike_user_text_alone(
    qapp, tmp_path
):
    from argmap.export.svg import SVG_FONT_FAMILIES
    from argmap.model import ArgumentMap, Card, MapInfo

    sly = 'font-family="Comic Sans" <svg width="1mm" height="2mm">'
    amap = ArgumentMap(MapInfo(f"Title {sly}", ""))
    amap.insert_card(Card("pos", "position", "for", tag=f"Tag {sly}", text=f"Text {sly}"))
    path = tmp_path / "sly.svg"
    result = export_map(amap, path, ExportOptions(format="svg"))
    root = ET.parse(path).getroot()
    sheet = MapSheet(amap, ExportOptions(format="svg"))
    assert (root.get("width"), root.get("height")) == (
        str(math.ceil(sheet.width)),
        str(math.ceil(sheet.height)),
    )
    assert root.get("viewBox") == f"0 0 {math.ceil(sheet.width)} {math.ceil(sheet.height)}"
    # One list of families, on the root, that every text inherits: no text names a font of its own.
    families = {el.get("font-family") for el in root.iter() if el.get("font-family") is not None}
    assert families == {SVG_FONT_FAMILIES} and root.get("font-family") == SVG_FONT_FAMILIES
    assert (
        norm(f"Text {sly}") in svg_texts(path)
        and root.findtext("{http://www.w3.org/2000/svg}title") == f"Title {sly}"
    )
    assert result.bytes == path.stat().st_size


# -- PDF ----------------------------------------------------------------------------------------


@needs_poppler
def test_pdf_text_layer_holds_every_cards_words(files, sheet):
    path, result = files["pdf"]
    assert result.pages == 1
    text = norm(pdf_text(path))
    for cid, lines in drawn_lines(sheet).items():
        for line in lines:
            assert words_of(line) in text, (cid, line)
    assert norm("Should the U.S. back a Ukrainian resistance movement?") in text and "Legend" in text


@needs_poppler
def test_pdf_is_vector_on_the_page_asked_for(qapp, default_map, tmp_path):
    export_map(
        default_map, tmp_path / "a3.pdf", ExportOptions(format="pdf", page="a3", orientation="portrait")
    )
    info = subprocess.run(["pdfinfo", str(tmp_path / "a3.pdf")], capture_output=True, text=True).stdout
    assert "x 1191 pts (A3)" in info and "842" in info
    images = subprocess.run(["pdfimages", "-list", str(tmp_path / "a3.pdf")], capture_output=True, text=True)
    assert len(images.stdout.strip().splitlines()) <= 2  # a header, no images: cards are vectors


@needs_poppler
def test_tiled_pdf_spreads_the_map_over_numbered_pages(files, sheet):
    path, result = files["tiled"]
    rows, columns = result.page_grid
    assert result.pages == rows * columns > 1
    for n in range(1, result.pages + 1):
        page = pdf_text(path, "-f", str(n), "-l", str(n))
        assert f"page {n} of {result.pages}" in page
    everything = norm(pdf_text(path))
    tags = [words_of(lines[0]) for lines in drawn_lines(sheet).values()]
    # A card cut by a page edge has its line split across two pages; every other card reads whole.
    found = [t for t in tags if t in everything]
    assert len(found) >= 0.75 * len(tags), sorted(set(tags) - set(found))


@needs_poppler
def test_pdf_shows_user_text_literally(qapp, tricky_map, tmp_path):
    export_map(tricky_map, tmp_path / "hostile.pdf", ExportOptions(format="pdf"))
    assert norm(SCRIPT) in norm(pdf_text(tmp_path / "hostile.pdf"))


# -- what is exported ------------------------------------------------------------------------------


def test_hidden_cards_and_other_subtrees_are_left_out(qapp, default_map, tmp_path):
    path = tmp_path / "sub.svg"
    result = export_map(
        default_map,
        path,
        ExportOptions(format="svg", subtree="neg-defensive-aid", hidden=frozenset({"package-800m"})),
    )
    texts = svg_texts(path)
    assert norm("Stay within the defensive-aid framework") in texts
    assert norm("Current aid already goes through") in texts
    assert norm("The $800 million package is mostly military") not in texts  # hidden
    assert norm("Fund, train and arm") not in texts  # not in the subtree
    assert result.cards == 6


def test_no_legend_option(qapp, default_map, tmp_path):
    export_map(default_map, tmp_path / "plain.svg", ExportOptions(format="svg", legend=False))
    assert "Legend" not in svg_texts(tmp_path / "plain.svg")
