"""Any size exports with default options: a PNG too large for its scale is drawn at the largest
scale within the limit (and says so); a PDF whose text would print under 6 pt on one page is tiled."""

from __future__ import annotations

import pytest

from argmap.export.options import ExportOptions
from argmap.render.export import MAX_PIXELS, MAX_SIDE, READABLE_ZOOM, export_map

from .shapes import chain_map, star_map


@pytest.mark.parametrize(
    "make", [lambda: star_map(500), lambda: chain_map(200)], ids=["star-500", "chain-200"]
)
def test_awkward_shapes_export_with_default_options(qapp, tmp_path, make):
    amap = make()
    png = export_map(amap, tmp_path / "map.png", ExportOptions(format="png"))
    w, h = png.pixels
    assert w <= MAX_SIDE and h <= MAX_SIDE and w * h <= MAX_PIXELS
    assert any("drawn at scale" in note for note in png.notes)
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
