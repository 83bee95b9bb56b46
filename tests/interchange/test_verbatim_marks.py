"""Word in both directions: a real Verbatim file's marks survive import and brief export, and
argmap's own brief reads back with its sides, kinds and relations."""

from __future__ import annotations

import docx
import pytest

from argmap.export.brief import write_brief
from argmap.export.options import ExportOptions, title_block
from argmap.format import dumps, loads, read_map
from argmap.interchange import verbatim
from argmap.interchange.docx_marks import runs_of

from .helpers import SAMPLES

REAL = SAMPLES / "verbatim-opendebate-1ac.docx"
SHIPPED = SAMPLES.parents[2] / "maps" / "ukraine-resistance.yaml"


@pytest.fixture(scope="module")
def real():
    return verbatim.read(REAL)


def _highlighted_words(card) -> list[str]:
    return [card.quote[m.start : m.end] for m in card.marks if m.style == "highlight"]


def test_real_file_cards_keep_underline_emphasis_and_highlight(real):
    cards = [c for c in real.map.cards() if c.kind == "evidence"]
    assert len(cards) == 13
    bazzi = next(c for c in cards if c.cite.source == "bazzi-19")
    assert bazzi.quote.startswith("On the Friday before Memorial Day")
    assert "Trump" in _highlighted_words(bazzi)
    styles = {m.style for c in cards for m in c.marks}
    assert styles == {"underline", "emphasis", "highlight"}
    # "Heading 3 Char" underlines through its style: Spindel's card is underlined without a direct mark.
    spindel = next(c for c in cards if c.cite.source == "spindel-19")
    assert any(m.style == "underline" for m in spindel.marks)


def test_real_file_cites_become_real_sources(real):
    sources = real.map.sources
    assert "cite" not in sources and not any(s.startswith("cite-") for s in sources)
    bazzi = sources["bazzi-19"]
    assert bazzi.author == "Mohamad Bazzi"
    assert bazzi.qualifications.startswith("a journalism professor at New York University")
    assert bazzi.title.startswith("Trump wants to sell more weapons to Saudi Arabia")
    assert bazzi.url.startswith("https://www.theguardian.com/")
    assert sources["spindel-19"].date == "2019-05-14"


def test_notes_between_tag_and_cite_are_kept_as_notes(real):
    guay = next(c for c in real.map.cards() if c.kind == "evidence" and c.cite.source == "guay-18")
    assert guay.notes.startswith("*HR leadership internal\nCite: Guay")
    assert guay.quote.startswith("US leverage")


def test_real_files_highlighting_survives_import_save_and_brief_export(real, tmp_path):
    amap = loads(dumps(real.map)).map  # saved as argmap's file and read back
    before = {c.id: _highlighted_words(c) for c in amap.cards() if c.kind == "evidence"}
    out = tmp_path / "brief.docx"
    options = ExportOptions(format="docx")
    write_brief(amap, out, options, title_block(amap, options))
    document = docx.Document(str(out))
    highlighted = [r.text for p in document.paragraphs for r in runs_of(p) if r.font.highlight_color]
    assert "Trump" in highlighted
    styles = {r.style.name for p in document.paragraphs for r in runs_of(p) if r.style is not None}
    assert {"Style Underline", "Emphasis", "Style 13 pt Bold"} <= styles
    again = verbatim.read(out).map
    after = {c.headline: _highlighted_words(c) for c in again.cards() if c.kind == "evidence"}
    for card_id, words in before.items():
        assert after[amap.card(card_id).headline] == words


def test_argmap_brief_reads_back_with_sides_kinds_and_relations(tmp_path):
    amap = read_map(SHIPPED)
    out = tmp_path / "brief.docx"
    options = ExportOptions(format="docx")
    write_brief(amap, out, options, title_block(amap, options))
    result = verbatim.read(out)
    back = result.map

    def shape(m):
        return (
            sorted((c.headline, c.kind, c.side, c.speech) for c in m.cards()),
            sorted((m.card(r.source).headline, m.card(r.target).headline, r.type) for r in m.relations()),
        )

    assert shape(back) == shape(amap)
    negative = [c for c in back.cards() if c.kind == "position" and c.side == "against"]
    assert len(negative) == 2  # the negative positions are no longer lost
    for card in back.cards():
        if card.kind == "evidence":
            original = next(c for c in amap.cards() if c.headline == card.headline)
            assert (card.quote, card.marks) == (original.quote, original.marks)
        assert "rebuts this" not in card.quote  # argmap's own lines never become evidence
    assert not [p for p in result.problems if p.severity == "error"]
