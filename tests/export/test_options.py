"""Export options without Qt: formats from file names, which cards are drawn, the title block."""

from __future__ import annotations

import pytest

from argmap.export.options import ExportError, ExportOptions, format_from_path, title_block, visible_cards


def test_format_comes_from_the_extension_unless_given():
    assert format_from_path("map.PNG") == "png"
    assert format_from_path("out/brief.docx") == "docx"
    assert format_from_path("map.png", "pdf") == "pdf"


@pytest.mark.parametrize("name", ["map", "map.gif", "map.jpg"])
def test_unknown_or_missing_format_is_a_sentence(name):
    with pytest.raises(ExportError, match="format"):
        format_from_path(name)


def test_subtree_is_the_card_and_every_card_answering_it(default_map):
    ids = visible_cards(default_map, ExportOptions(subtree="neg-no-irregulars"))
    assert "neg-no-irregulars" in ids and "co-combatant-risk" in ids and "new-threshold" in ids
    assert "aff-support" not in ids and "careful-line" not in ids


def test_selection_and_hidden_cards_limit_what_is_drawn(default_map):
    ids = visible_cards(
        default_map,
        ExportOptions(only=frozenset({"aff-support", "long-war"}), hidden=frozenset({"long-war"})),
    )
    assert ids == ["aff-support"]


def test_title_block_names_title_source_date_and_what_it_was_made_from(default_map):
    block = title_block(default_map, ExportOptions(made_from="ukraine-resistance.yaml", date="2024-01-02"))
    text = "\n".join(block.lines())
    assert block.title == default_map.info.title
    assert "Axios" in text and "2022-03-18" in text
    assert "2024-01-02" in text and "ukraine-resistance.yaml" in text and "39 of 39 cards" in text


def test_a_chosen_title_and_subtitle_replace_the_maps(default_map):
    block = title_block(default_map, ExportOptions(title="Round 3", subtitle="Octas"))
    assert (block.title, block.subtitle) == ("Round 3", "Octas")


def test_options_that_cannot_work_are_refused_with_a_reason(default_map):
    with pytest.raises(ExportError, match="no card with id 'nope'"):
        ExportOptions(subtree="nope").check(default_map)
    with pytest.raises(ExportError, match="nothing to export"):
        ExportOptions(only=frozenset()).check(default_map)
    with pytest.raises(ExportError, match="scale"):
        ExportOptions(scale=0).check(default_map)
