"""The SVG export, drawn without Qt: valid XML holding every card's words as text (Arabic and Chinese
too), user text kept as text, the print theme in greys only, the options honoured, no Qt loaded, and
the editor's Export dialog writing it."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from argmap.drawing_style import LIGHT as LIGHT_COLOURS
from argmap.drawing_style import highlighter
from argmap.export.options import ExportOptions
from argmap.export.sheet import MapSheet
from argmap.export.svg import export_svg
from argmap.format import read_map
from argmap.model import ArgumentMap, Card, Cite, MapInfo, Relation, Source
from argmap.quotes import Mark
from argmap.resources import DEFAULT_MAP
from argmap.visibility import hidden_by_collapse

from .conftest import SCRIPT, hostile_map, norm
from .scripts_maps import TEXTS, script_map

SVG = "{http://www.w3.org/2000/svg}"
DRAWN_ELEMENTS = {"svg", "title", "desc", "defs", "pattern", "path", "rect", "polygon", "g", "text", "tspan"}


def texts_of(path) -> str:
    """All the text the SVG shows (every <text> with its <tspan>s), white space removed."""
    root = ET.parse(path).getroot()  # valid XML, or this raises
    return norm(" ".join("".join(el.itertext()) for el in root.iter(SVG + "text")))


def colours_of(raw: str) -> set[str]:
    return set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', raw))


@pytest.fixture(scope="module")
def default_svg(tmp_path_factory, default_map):
    path = tmp_path_factory.mktemp("svg") / "map.svg"
    result = export_svg(default_map, path, ExportOptions(format="svg", made_from="ukraine.yaml"))
    return path, result


def test_every_card_of_the_default_map_is_there_word_for_word(default_svg, default_map):
    path, result = default_svg
    assert result.bytes == path.stat().st_size and result.cards == len(default_map)
    text = texts_of(path)
    for card in default_map.cards():
        for words in (card.tag, card.text, card.quote):
            assert norm(words) in text, (card.id, words)
    assert norm(default_map.info.title) in text and "Legend" in text and "ukraine.yaml" in text


def test_arrows_follow_the_routes_and_end_in_heads_and_bars(default_svg, default_map):
    raw = default_svg[0].read_text(encoding="utf-8")
    supports = sum(1 for r in default_map.relations() if r.type == "supports")
    rebuts = sum(1 for r in default_map.relations() if r.type == "rebuts")
    # One arrowhead per support (and the legend's), one dashed line per rebuttal (and the legend's).
    assert raw.count("<polygon") == supports + 1
    assert raw.count('stroke-dasharray="8,5"') == rebuts + 1
    assert raw.count('stroke-width="3.5"') == rebuts + 1  # the bars


@pytest.mark.parametrize("language", ["arabic", "chinese"])
def test_arabic_and_chinese_cards_keep_every_word_and_arabic_reads_right_to_left(tmp_path, language):
    path = tmp_path / f"{language}.svg"
    export_svg(script_map(language), path, ExportOptions(format="svg"))
    text = texts_of(path)
    t = TEXTS[language]
    for key in ("title", "position", "tag", "argument", "quote", "by", "at"):
        assert norm(t[key]) in text, key
    rtl = ET.parse(path).getroot().findall(f".//{SVG}text[@direction='rtl']")
    assert bool(rtl) == (language == "arabic")


def test_hostile_text_stays_text(tmp_path):
    amap = hostile_map()
    sly = '"/><script>alert(2)</script><text x="0'
    amap.insert_card(Card("sly", "argument", "for", tag=f"Tag {sly}", text="a & b < c > d 'e' \"f\""))
    path = tmp_path / "hostile.svg"
    export_svg(amap, path, ExportOptions(format="svg", title=f"Title {sly}", subtitle="R&D <b>"))
    raw = path.read_text(encoding="utf-8")
    assert "<script" not in raw and "<b>" not in raw and "&lt;script&gt;" in raw
    root = ET.parse(path).getroot()
    assert root.findtext(SVG + "title") == f"Title {sly}"
    assert {el.tag.split("}")[1] for el in root.iter()} <= DRAWN_ELEMENTS  # no element came from the text
    text = texts_of(path)
    assert norm(f"Plan {SCRIPT}") in text and norm(f"Tag {sly}") in text
    assert norm("a & b < c > d 'e' \"f\"") in text


def test_the_print_theme_has_no_colour_and_hatches_the_negative_side(tmp_path, default_map):
    path = tmp_path / "print.svg"
    export_svg(default_map, path, ExportOptions(format="svg", theme="print"))
    raw = path.read_text(encoding="utf-8")
    for colour in colours_of(raw):
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert r == g == b, colour
    assert 'fill="url(#hatch)"' in raw
    light = tmp_path / "light.svg"
    export_svg(default_map, light, ExportOptions(format="svg"))
    assert LIGHT_COLOURS.relations["supports"][0] in colours_of(light.read_text(encoding="utf-8"))


def test_marked_quotes_are_highlighted_underlined_and_shrunk(tmp_path):
    amap = ArgumentMap(MapInfo("Marks"))
    amap.sources["s"] = Source("s", "Report")
    quote = "the plan would make the United States a co-combatant in the war"
    marks = (Mark(9, 33, "highlight"), Mark(14, 33, "underline"), Mark(40, 52, "emphasis"))
    amap.insert_card(Card("ev", "evidence", "for", tag="Marked", quote=quote, cite=Cite("s"), marks=marks))
    path = tmp_path / "marks.svg"
    export_svg(amap, path, ExportOptions(format="svg", legend=False))
    raw = path.read_text(encoding="utf-8")
    assert f'fill="{highlighter(LIGHT_COLOURS.highlight, False)}"' in raw  # the highlighter behind read words
    assert 'text-decoration="underline"' in raw and 'font-weight="bold"' in raw
    assert 'font-size="7"' in raw  # the unread words, shrunk
    assert norm(quote) in texts_of(path)


def test_options_transparent_no_legend_subtree_and_collapsed_cards(tmp_path, default_map):
    plain = tmp_path / "plain.svg"
    export_svg(default_map, plain, ExportOptions(format="svg", legend=False, transparent=True))
    raw = plain.read_text(encoding="utf-8")
    assert "Legend" not in texts_of(plain) and 'fill="#ffffff"/>' not in raw.split("<text", 1)[0]
    sub = tmp_path / "sub.svg"
    result = export_svg(default_map, sub, ExportOptions(format="svg", subtree="neg-defensive-aid"))
    assert result.cards == 7 and norm("Fund, train and arm") not in texts_of(sub)
    folded = default_map.copy()
    folded.layout.collapsed = {"neg-defensive-aid"}
    hidden = frozenset(hidden_by_collapse(folded))
    path = tmp_path / "collapsed.svg"
    result = export_svg(folded, path, ExportOptions(format="svg", hidden=hidden))
    assert len(hidden) == 6 and result.cards == len(default_map) - 6
    assert ">+6</text>" in path.read_text(encoding="utf-8")  # the collapsed card says how many it hides
    assert norm("Current aid already goes through") not in texts_of(path)


def test_the_sheet_is_the_size_it_says_and_the_legend_covers_no_card(default_map):
    sheet = MapSheet(default_map, ExportOptions(format="svg"))
    legend = sheet.legend
    assert legend is not None
    for box in sheet.boxes.values():
        assert not (legend[0] < box[2] and box[0] < legend[2] and legend[1] < box[3] and box[1] < legend[3])
    assert sheet.width >= 640 and sheet.height > sheet.region[3] - sheet.region[1]


def test_an_imported_map_with_control_characters_and_a_huge_position_still_writes_xml(tmp_path):
    amap = ArgumentMap(MapInfo("bell \x07 title"))
    amap.insert_card(Card("a", "position", "for", text="nul \x00 esc \x1b[31m cr\rend \ud83d"))
    amap.insert_card(Card("b", "argument", "for", text="far away"))
    amap.insert_relation(Relation("b", "a", "supports"))
    amap.layout.positions["a"] = (1e308, float("nan"))
    amap.layout.positions["b"] = (-9_000_000.0, 9_000_000.0)
    path = tmp_path / "odd.svg"
    export_svg(amap, path, ExportOptions(format="svg"))
    assert "bell \ufffd title" in ET.parse(path).getroot().findtext(SVG + "title")


def test_the_svg_export_command_loads_no_qt(tmp_path):
    out = tmp_path / "map.svg"
    code = (
        "import sys; from argmap.cli import main; rc = main(sys.argv[1:]); "
        "print('QT', sorted(m for m in sys.modules if m.startswith('PySide6'))); sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "export", str(DEFAULT_MAP), "-o", str(out), "--theme", "print"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "QT []" in done.stdout and done.stdout.startswith(f"wrote {out}: 39 cards, ")
    assert norm(read_map(DEFAULT_MAP).info.title) in texts_of(out)
