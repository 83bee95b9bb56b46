"""Any text a debater can type or paste survives every exporter: astral characters, bidi controls,
combining marks, emoji, and whatever control characters a PDF brings (cleaned at entry).

Text goes in through ``clean_field``, as the editor's entry points send it, then through the map
file (save and load), every interchange writer, and the PNG, SVG, PDF and Word exporters.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.export.options import ExportOptions
from argmap.format import dumps, loads
from argmap.interchange import writers
from argmap.model import ArgumentMap, Card, Cite, MapInfo, Relation, Source
from argmap.plaintext import clean_field
from argmap.render.export import export_map

# Pasted text as it comes: any code point but lone surrogates, with the awkward ones made likely.
AWKWARD = (
    "\u202e\u202d\u202a\u202c\u2066\u2067\u2069\u200f\u200e"  # bidi overrides, isolates, marks
    "\u0301\u0308\u20dd\u0489"  # combining marks (one on nothing at the start)
    "\U0001f600\U0001d54f\U00020bb7\U0001f1fa\U0001f1e6"  # emoji, maths, CJK ext. B, a flag
    "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\t\r\n\u2028\u2029\ufeff\ufffe\uffff"  # what PDFs paste
    "&<>\"'{}[]#:-|\\*_`"  # every format's own markup
)
pasted = st.text(
    alphabet=st.one_of(st.sampled_from(AWKWARD), st.characters(blacklist_categories=("Cs",))),
    min_size=1,
    max_size=40,
)


def one_line(s: str) -> str:
    return clean_field(s, False) or "x"


def a_map(tag: str, text: str, quote: str, who: str, title: str) -> ArgumentMap:
    """Two positions, a rebuttal and evidence carrying the pasted words in every field."""
    amap = ArgumentMap(MapInfo(one_line(title), clean_field(text, True)))
    amap.sources["src"] = Source("src", one_line(title), author=one_line(who))
    cards = [
        Card("p", "position", "for", text=clean_field(text, True) or "x", tag=one_line(tag)),
        Card("n", "position", "against", text=one_line(tag), notes=clean_field(quote, True)),
        Card("r", "rebuttal", "against", text=clean_field(quote, True) or "x", speech=one_line(who)[:12]),
        Card(
            "e",
            "evidence",
            "for",
            tag=one_line(tag),
            quote=clean_field(quote, True) or "x",
            cite=Cite("src", by=one_line(who), at=one_line(tag)[:10]),
        ),
    ]
    for card in cards:
        amap.insert_card(card)
    amap.insert_relation(Relation("r", "p", "rebuts"))
    amap.insert_relation(Relation("e", "p", "supports"))
    return amap


def test_clean_field_leaves_no_control_character_and_one_line_fields_one_line():
    @given(pasted)
    def check(s):
        for multiline in (False, True):
            out = clean_field(s, multiline)
            assert clean_field(out, multiline) == out  # cleaning twice changes nothing
            assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in out)
            assert ("\n" in out) <= multiline

    check()


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(tag=pasted, text=pasted, quote=pasted, who=pasted, title=pasted)
def test_any_pasted_text_saves_validates_and_goes_through_every_text_writer(
    tmp_path_factory, tag, text, quote, who, title
):
    amap = a_map(tag, text, quote, who, title)
    result = loads(dumps(amap), "m.yaml")
    assert not result.has_errors, [str(p) for p in result.problems]
    assert (
        result.map.card("p").tag == amap.card("p").tag and result.map.card("e").quote == amap.card("e").quote
    )
    folder = tmp_path_factory.mktemp("w")
    for fmt in writers():
        out = folder / f"map{fmt.extensions[0]}"
        fmt.write(amap, out)
        data = out.read_bytes().decode("utf-8")
        if fmt.name == "aif":
            json.loads(data)
        elif fmt.name == "graphml":
            ET.fromstring(data.encode("utf-8"))
        if fmt.can_read:  # what argmap writes, argmap reads back with the same words
            back = fmt.read(out)
            assert back.map is not None and len(back.map) == len(amap), fmt.name


@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(tag=pasted, text=pasted, quote=pasted, who=pasted, title=pasted)
def test_any_pasted_text_goes_through_the_image_pdf_and_word_exporters(
    qapp, tmp_path_factory, tag, text, quote, who, title
):
    amap = a_map(tag, text, quote, who, title)
    folder = tmp_path_factory.mktemp("x")
    for fmt in ("png", "svg", "pdf", "docx"):
        out = folder / f"map.{fmt}"
        export_map(amap, out, ExportOptions(format=fmt, scale=0.5, subtitle=one_line(who)))
        data = out.read_bytes()
        assert data
        if fmt == "svg":
            ET.fromstring(data)
        if fmt == "docx":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                ET.fromstring(z.read("word/document.xml"))
