"""Maps in Arabic, Chinese and Cyrillic export with every word in place: the PDF's text layer
(read back by pdftotext) and the SVG's text hold each tag, text, quote and cite exactly, in full."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET

import pytest

from argmap.export.options import ExportOptions
from argmap.export.sheet import MapSheet
from argmap.render.export import export_map
from argmap.text_metrics import role_face

from .drawn import Drawn
from .scripts_maps import TEXTS, script_map

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


PUNCTUATION = '.,\u060c\u061f?!:;\u201c\u201d"()'


def plain(text: str) -> str:
    """Text as a reader sees it: Arabic presentation forms folded back (NFKC), no direction marks,
    no white space (lines wrap anywhere)."""
    return "".join(unicodedata.normalize("NFKC", text).translate(BIDI_CONTROLS).split())


def words(language: str) -> list[str]:
    """Every word a reader of the map must find: of the tags, texts, the whole quote and the cite."""
    t = TEXTS[language]
    found = []
    for key in ("title", "position", "tag", "argument", "quote", "by", "at"):
        # Punctuation at a word's end is left out: where a PDF reader puts a full stop and a closing
        # quote mark at the end of right-to-left text is its own choice.
        found.extend(w.strip(PUNCTUATION) for w in t[key].split() if w.strip(PUNCTUATION))
    return found


@needs_poppler
@pytest.mark.parametrize("language", sorted(TEXTS))
def test_pdf_text_layer_holds_every_word(qapp, tmp_path, language):
    path = tmp_path / f"{language}.pdf"
    export_map(script_map(language), path, ExportOptions(format="pdf"))
    text = plain(
        subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    )
    missing = [w for w in words(language) if plain(w) not in text]
    assert not missing, missing
    assert "\u2026" not in text  # nothing elided


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_svg_text_holds_every_word(qapp, tmp_path, language):
    path = tmp_path / f"{language}.svg"
    export_map(script_map(language), path, ExportOptions(format="svg"))
    root = ET.parse(path).getroot()
    text = plain(" ".join(el.text or "" for el in root.iter("{http://www.w3.org/2000/svg}text")))
    missing = [w for w in words(language) if plain(w) not in text]
    assert not missing, missing


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_cards_keep_paragraphs_blank_lines_and_every_line_inside_the_card(qapp, language):
    sheet = MapSheet(script_map(language), ExportOptions())
    drawn = Drawn(sheet)
    dy = sheet.map_origin[1] - sheet.region[1]
    reb = [line for line in drawn.cards["reb"] if line.face is role_face("text")]
    assert plain("".join(line.text for line in reb)) == plain(TEXTS[language]["argument"])
    steps = [b.baseline - a.baseline for a, b in zip(reb, reb[1:], strict=False)]
    assert max(steps) > 1.5 * min(steps)  # the blank line between the two paragraphs
    for cid, lines in drawn.cards.items():
        top, bottom = sheet.boxes[cid][1] + dy, sheet.boxes[cid][3] + dy
        for line in lines:
            assert top < line.baseline < bottom, (cid, line)


def test_arabic_lines_sit_on_the_right(qapp):
    arabic = Drawn(MapSheet(script_map("arabic"), ExportOptions())).cards["pos"]
    cyrillic = Drawn(MapSheet(script_map("cyrillic"), ExportOptions())).cards["pos"]
    assert all(line.rtl for line in arabic) and not any(line.rtl for line in cyrillic)
    assert min(line.x for line in arabic) > max(line.x for line in cyrillic)  # right ends, right-aligned
