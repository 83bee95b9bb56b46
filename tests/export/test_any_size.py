"""Any size exports with default options: a PNG too large for its scale is drawn at the largest
scale within the limit (and says so); a PDF whose text would print under 6 pt on one page is tiled."""

from __future__ import annotations

import io
import struct

import pytest

from argmap.export.options import ExportOptions
from argmap.export.pages import READABLE_ZOOM
from argmap.render.export import MAX_PIXELS, MAX_SIDE, export_map

from .shapes import chain_map, star_map


@pytest.mark.parametrize(
    "make, smaller",
    [(lambda: star_map(500), False), (lambda: chain_map(200), True)],
    ids=["star-500", "chain-200"],
)
def test_awkward_shapes_export_with_default_options(qapp, tmp_path, make, smaller):
    amap = make()
    png = export_map(amap, tmp_path / "map.png", ExportOptions(format="png"))
    w, h = png.pixels
    assert w <= MAX_SIDE and h <= MAX_SIDE and w * h <= MAX_PIXELS
    # The star wraps into a block that fits at scale 2; the chain, 25,000 px tall, is drawn smaller.
    assert any("drawn at scale" in note for note in png.notes) == smaller
    pdf = export_map(amap, tmp_path / "map.pdf", ExportOptions(format="pdf"))
    assert pdf.pages > 1 and any("tiled over" in note for note in pdf.notes)


def test_a_small_map_stays_one_page_and_says_nothing(qapp, tmp_path):
    amap = chain_map(2)
    result = export_map(amap, tmp_path / "map.pdf", ExportOptions(format="pdf"))
    assert result.pages == 1 and result.notes == ()
    png = export_map(amap, tmp_path / "map.png", ExportOptions(format="png"))
    assert png.notes == ()


def test_readable_zoom_prints_the_smallest_card_text_at_six_points():
    assert 10 * 72 / 96 * READABLE_ZOOM == pytest.approx(6.0)


@pytest.mark.parametrize("transparent", [False, True])
def test_png_drawn_in_bands_is_the_image_drawn_whole(qapp, transparent):
    from PySide6.QtGui import QImage

    from argmap.render.export import _png_texts, make_sheet, render_image
    from argmap.render.png_bands import BAND_ROWS, banded_png

    sheet = make_sheet(chain_map(6), ExportOptions())
    whole = render_image(sheet, 1.5, transparent=transparent)
    out = io.BytesIO()
    w, h = banded_png(sheet, 1.5, _png_texts(sheet.block), out, transparent=transparent)
    data = out.getvalue()
    assert h > 2 * BAND_ROWS  # several bands were drawn
    banded = QImage()
    assert banded.loadFromData(data, "PNG")
    assert (banded.width(), banded.height()) == (whole.width(), whole.height()) == (w, h)
    assert banded.text("Title") == "A chain 6 deep" and banded.hasAlphaChannel() == transparent
    fmt = QImage.Format_ARGB32 if transparent else QImage.Format_RGB32
    first, second = whole.convertToFormat(fmt), banded.convertToFormat(fmt)  # kept: constBits borrows
    a, b = bytes(first.constBits()), bytes(second.constBits())
    # The same picture: antialiased edges cut by a band's border may differ by a shade, nothing more.
    differ = [abs(x - y) for x, y in zip(a, b, strict=True) if x != y]
    assert len(differ) < len(a) / 1000 and max(differ, default=0) < 48, (len(differ), max(differ, default=0))


def test_a_sheet_twenty_million_px_tall_still_makes_an_image(qapp, tmp_path):
    """Valid (found by hypothesis): cards 10 and 20 million px apart. The scale that fits the Word
    brief's map image was rounded to 0, so the image came out empty."""
    import docx

    from argmap.model import ArgumentMap, Card, MapInfo

    amap = ArgumentMap(MapInfo("Tall"))
    for cid, x, y in (
        ("top", -10_000_000.0, -10_000_000.0),
        ("middle", 0.0, 0.0),
        ("bottom", 0.0, 10_000_000.0),
    ):
        amap.insert_card(Card(cid, "position", "for", text=cid))
        amap.layout.positions[cid] = (x, y)
    png = export_map(amap, tmp_path / "tall.png", ExportOptions(format="png"))
    w, h = png.pixels
    assert 1 <= w and 10_000 < h <= MAX_SIDE and any("drawn at scale 0.00" in n for n in png.notes)
    export_map(amap, tmp_path / "tall.docx", ExportOptions(format="docx"))
    document = docx.Document(str(tmp_path / "tall.docx"))
    png = next(p.blob for p in document.part.related_parts.values() if p.content_type == "image/png")
    width, height = struct.unpack(">II", png[16:24])  # the PNG's IHDR
    assert width > 100 and height > 100
