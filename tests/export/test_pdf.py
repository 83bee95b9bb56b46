"""The Qt-free PDF writer (export/pdf.py): pages and tiles, text that reads back, hostile text kept
as text, the print theme in greys, no Qt loaded by the command (File ▸ Export… PDF: test_export_actions)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zlib

import pytest

from argmap.export.options import ExportOptions
from argmap.export.pdf import export_pdf
from argmap.format import dumps, read_map
from argmap.model import ArgumentMap, Card, MapInfo, Relation
from argmap.resources import DEFAULT_MAP

from .conftest import norm
from .scripts_maps import script_map

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def text_of(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pages_of(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def streams(path) -> list[bytes]:
    raw = path.read_bytes()
    return [zlib.decompress(m.group(1)) for m in re.finditer(rb"stream\n(.*?)\nendstream", raw, re.S)]


def test_the_default_map_fits_one_page_or_tiles_and_reads_back(tmp_path):
    amap = read_map(DEFAULT_MAP)
    one = tmp_path / "one.pdf"
    result = export_pdf(amap, one, ExportOptions(format="pdf", tile=False))
    assert result.pages == 1 == pages_of(one)
    text = norm(text_of(one))
    assert norm(amap.info.title) in text and norm("Ukraine itself asked for it") in text
    tiled = tmp_path / "tiled.pdf"
    result = export_pdf(amap, tiled, ExportOptions(format="pdf", tile=True))
    rows, columns = result.page_grid
    assert result.pages == rows * columns == pages_of(tiled) > 1
    assert norm("Ukraine itself asked for it") in norm(text_of(tiled))
    # The map is drawn once, in blocks (Forms) that each page places under its window: the file is
    # not a page's worth of map per page, and a page draws only the blocks it shows.
    assert tiled.stat().st_size < 3 * one.stat().st_size
    placed = [s for s in streams(tiled) if b" Do" in s and b"re W n" in s]
    assert len(placed) == result.pages and all(s.count(b" Do") <= 6 for s in placed)


@pytest.mark.parametrize("language", ["arabic", "chinese"])
def test_arabic_and_chinese_text_reads_back(tmp_path, language):
    path = tmp_path / f"{language}.pdf"
    amap = script_map(language)
    export_pdf(amap, path, ExportOptions(format="pdf"))
    text = norm(text_of(path))
    for card in amap.cards():
        assert all(norm(word) in text for word in card.tag.split())
    assert b"/FontFile" in path.read_bytes()  # its fonts travel with it


def test_hostile_text_stays_text(tmp_path):
    nasty = "a ) Tj ( b \\ c % d << /JS (app.alert) >> endstream endobj"
    amap = ArgumentMap(MapInfo(f"Title {nasty}", ""))
    amap.insert_card(Card("a", "position", "for", tag=f"Tag {nasty}", text="x\u202ey\u0000z\tw"))
    amap.insert_card(Card("b", "argument", "against", tag="ok"))
    amap.insert_relation(Relation("b", "a", "rebuts"))
    path = tmp_path / "hostile.pdf"
    export_pdf(amap, path, ExportOptions(format="pdf"))
    raw = path.read_bytes()
    assert b"app.alert" not in raw and b"/JS" not in raw  # user text is glyph ids and hex only
    assert norm(nasty) in norm(text_of(path))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert nasty in info


def test_the_print_theme_is_grey(tmp_path):
    amap = read_map(DEFAULT_MAP)
    path = tmp_path / "bw.pdf"
    export_pdf(amap, path, ExportOptions(format="pdf", theme="print", tile=False))
    content = b"".join(s for s in streams(path) if b" rg" in s or b" RG" in s)
    colours = set(re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)", content))
    assert colours and all(r == g == b for r, g, b in colours)
    assert b"/Hatch scn" in content  # the negative side's stripes are hatched
    light = tmp_path / "light.pdf"
    export_pdf(amap, light, ExportOptions(format="pdf", tile=False))
    content = b"".join(streams(light))
    assert any(r != g for r, g, _ in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)", content))


def test_the_pdf_export_command_loads_no_qt(tmp_path):
    out = tmp_path / "map.pdf"
    code = (
        "import sys; from argmap.cli import main; rc = main(sys.argv[1:]); "
        "print('QT', sorted(m for m in sys.modules if m.startswith('PySide6'))); sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "export", str(DEFAULT_MAP), "-o", str(out), "--one-page"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "QT []" in done.stdout
    assert pages_of(out) == 1


def test_without_dejavu_the_export_says_so_and_qt_draws_the_pdf(qapp, tmp_path, monkeypatch):
    from argmap.export import pdf_fonts
    from argmap.export.pdf import FontsMissing
    from argmap.render.export import export_map

    monkeypatch.setattr(pdf_fonts, "font_file", lambda family, bold, italic: None)
    amap = read_map(DEFAULT_MAP)
    with pytest.raises(FontsMissing, match="DejaVu Sans"):
        export_pdf(amap, tmp_path / "no.pdf", ExportOptions(format="pdf"))
    assert not (tmp_path / "no.pdf").exists()
    path = tmp_path / "qt.pdf"
    result = export_map(amap, path, ExportOptions(format="pdf", tile=False))
    assert result.pages == 1 and norm("Ukraine itself asked for it") in norm(text_of(path))


def test_a_missing_script_font_is_said_not_drawn_as_boxes_silently(tmp_path, monkeypatch):
    from argmap.export import pdf_fonts

    found = pdf_fonts.font_file
    monkeypatch.setattr(
        pdf_fonts,
        "font_file",
        lambda family, bold, italic: None if "Arabic" in family else found(family, bold, italic),
    )
    result = export_pdf(script_map("arabic"), tmp_path / "ar.pdf", ExportOptions(format="pdf"))
    assert any("Noto Sans Arabic" in note and "fonts-noto-core" in note for note in result.notes)


def far_apart_map() -> ArgumentMap:
    """Valid, and found by hypothesis: one card placed ten million px from the other, so a readable
    poster of it would be about 10^8 pages."""
    amap = ArgumentMap(MapInfo("Far apart"))
    amap.insert_card(Card("near", "position", "for", text="Here"))
    amap.insert_card(Card("far", "position", "against", text="Ten million px away"))
    amap.insert_relation(Relation("far", "near", "rebuts"))
    amap.layout.positions["far"] = (10_000_000.0, 10_000_000.0)
    return amap


def test_a_poster_over_the_page_limit_is_fitted_on_one_page_and_says_why(tmp_path):
    out = tmp_path / "far.pdf"
    result = export_pdf(far_apart_map(), out, ExportOptions(format="pdf"))
    assert result.pages == 1 == pages_of(out)
    assert any("fitted on one page instead" in note and "20,000" in note for note in result.notes)
    text = text_of(out)
    assert "Ten million px away" in text and "fitted to one page (0.0" in text  # not a "0%" zoom


def test_asked_for_tiles_over_the_page_limit_is_a_sentence_and_no_file(tmp_path):
    source, out = tmp_path / "far.yaml", tmp_path / "far.pdf"
    source.write_text(dumps(far_apart_map()), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "export", str(source), "-o", str(out), "--tile"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "pages, and a poster may take at most 20,000: lower the zoom" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()
