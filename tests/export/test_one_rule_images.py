"""One rule for the drawn exports: every map that validates exports to SVG (well-formed XML) and to a
Word brief python-docx opens again, positions at ±10,000,000 and hostile text included."""

from __future__ import annotations

import io
from xml.parsers import expat

import docx
from hypothesis import HealthCheck, given, settings
from reliability.map_strategies import valid_maps

from argmap.export.options import ExportOptions
from argmap.export.pages import MAX_POSTER_PAGES
from argmap.format import dumps, loads
from argmap.model import ArgumentMap, Card, MapInfo
from argmap.render.export import export_map

SETTINGS = settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(valid_maps(max_cards=3))
def test_every_valid_map_exports_to_svg_pdf_and_word(qapp, tmp_path_factory, amap):
    amap = loads(dumps(amap).encode("utf-8"), "m.yaml").map
    folder = tmp_path_factory.mktemp("images")
    export_map(amap, folder / "m.svg", ExportOptions(format="svg"))
    expat.ParserCreate().Parse((folder / "m.svg").read_bytes(), True)
    # A card placed millions of px away once made the PDF a poster of 10^8 pages that never ended.
    result = export_map(amap, folder / "m.pdf", ExportOptions(format="pdf"))
    assert (folder / "m.pdf").read_bytes().startswith(b"%PDF-") and 1 <= result.pages <= MAX_POSTER_PAGES
    export_map(amap, folder / "m.docx", ExportOptions(format="docx"))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO((folder / "m.docx").read_bytes())).paragraphs)
    # The title block sets the title on one line (export/options.py), so its line breaks become spaces.
    assert " ".join(amap.info.title.split()) in text


def test_a_title_over_255_characters_exports_to_word(qapp, tmp_path):
    amap = ArgumentMap(MapInfo(("A very long title " * 20).strip()))
    amap.insert_card(Card("a", "position", "for", text="x"))
    export_map(amap, tmp_path / "m.docx", ExportOptions(format="docx"))
    document = docx.Document(str(tmp_path / "m.docx"))
    assert len(document.core_properties.title) == 255 and document.core_properties.title.endswith("\u2026")
    assert any(p.text == amap.info.title for p in document.paragraphs)


def test_an_imported_map_with_control_characters_exports_everywhere(qapp, tmp_path):
    # Never validated (an import): the exporter itself must still write a valid file.
    amap = ArgumentMap(MapInfo("bell \x07 title"))
    amap.insert_card(Card("a", "position", "for", text="nul \x00 esc \x1b[31m cr\rend \ud83d"))
    amap.layout.positions["a"] = (1e308, float("nan"))
    for fmt in ("svg", "png", "pdf", "docx"):
        export_map(amap, tmp_path / f"m.{fmt}", ExportOptions(format=fmt))
    expat.ParserCreate().Parse((tmp_path / "m.svg").read_bytes(), True)
    assert "bell \ufffd title" in docx.Document(str(tmp_path / "m.docx")).paragraphs[0].text
