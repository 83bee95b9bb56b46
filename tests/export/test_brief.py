"""The Word brief reads like a debater's file: Verbatim's headings, then tag, cite and quote per card."""

from __future__ import annotations

import zipfile

import docx
import pytest

from argmap.export.brief import write_brief
from argmap.export.options import ExportOptions, title_block

from .conftest import SCRIPT, hostile_map


@pytest.fixture(scope="module")
def brief(default_map, tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "brief.docx"
    options = ExportOptions(format="docx", made_from="ukraine-resistance.yaml")
    write_brief(default_map, path, options, title_block(default_map, options))
    return path


def paragraphs(path):
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def test_every_evidence_quote_is_its_own_paragraph_verbatim(default_map, brief):
    texts = [t for _, t in paragraphs(brief)]
    for card in default_map.cards():
        if card.kind == "evidence":
            assert card.quote.strip() in texts, card.id


def test_each_evidence_card_reads_tag_then_cite_then_quote(default_map, brief):
    paras = paragraphs(brief)
    for card in default_map.cards():
        if card.kind != "evidence":
            continue
        i = paras.index(("Heading 4", card.tag))
        cite = paras[i + 1][1]
        # Verbatim's shape: author (the publisher when none is named) and year, then the full cite.
        assert cite.startswith("Axios 22 [") and card.cite.at in cite, cite
        assert paras[i + 2][1] == card.quote.strip()


def test_sides_positions_and_lines_are_pocket_hat_block_tag(default_map, brief):
    paras = paragraphs(brief)
    pockets = [t for s, t in paras if s == "Heading 1"]
    assert pockets[:2] == ["Affirmative", "Negative"]
    hats = [t for s, t in paras if s == "Heading 2" and not t.startswith("A2: ")]
    assert hats == [c.tag for c in default_map.cards() if c.kind == "position"]
    blocks = {t for s, t in paras if s == "Heading 3"}
    assert "Ukraine itself asked for it" in blocks  # an argument for the affirmative position
    headings = [
        t for s, t in paras if s.startswith("Heading ") and s != "Heading 1" and not t.startswith("A2: ")
    ]
    assert sorted(headings) == sorted(c.headline for c in default_map.cards())  # every card once


def test_negative_answers_sit_under_the_negatives_pocket(default_map, brief):
    paras = paragraphs(brief)
    pocket = None
    for style, text in paras:
        if style == "Heading 1":
            pocket = text
        elif style.startswith("Heading ") and not text.startswith("A2: "):
            card = next(c for c in default_map.cards() if c.headline == text)
            assert pocket.startswith("Affirmative" if card.side == "for" else "Negative"), (pocket, text)


def test_headings_carry_verbatims_names(brief):
    styles = zipfile.ZipFile(brief).read("word/styles.xml").decode()
    for alias in ("Pocket", "Hat", "Block", "Tag"):
        assert f'w:val="{alias}"' in styles


def test_user_text_is_written_literally(tmp_path):
    amap = hostile_map()
    path = tmp_path / "hostile.docx"
    options = ExportOptions(format="docx")
    write_brief(amap, path, options, title_block(amap, options))
    texts = [t for _, t in paragraphs(path)]
    assert f"Tags & {SCRIPT}" in texts
    assert 'x < y & y > z, said "they"' in texts
    assert any("O'Brien" in t for t in texts)
