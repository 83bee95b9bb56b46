"""argmap -> X -> argmap keeps cards, kinds, sides and relations (and, for our formats, everything)."""

from __future__ import annotations

import pytest

from argmap.format import dumps, loads
from argmap.interchange import FORMATS

from .helpers import docs_example, essentials, nasty_map, shipped_map

BOTH_WAYS = [f for f in FORMATS.values() if f.can_read and f.can_write]
MAPS = {"shipped": shipped_map, "docs-example": docs_example, "nasty": nasty_map}


def test_argdown_aif_and_graphml_go_both_ways():
    assert {f.name for f in BOTH_WAYS} == {"argdown", "aif", "graphml"}


@pytest.mark.parametrize("make_map", MAPS.values(), ids=MAPS.keys())
@pytest.mark.parametrize("fmt", BOTH_WAYS, ids=lambda f: f.name)
def test_round_trip_keeps_cards_kinds_sides_and_relations(fmt, make_map, tmp_path):
    amap = make_map()
    path = tmp_path / f"map{fmt.extensions[0]}"
    fmt.write(amap, path)
    result = fmt.read(path)
    assert not result.has_errors, result.problems
    assert essentials(result.map) == essentials(amap)
    assert len(result.map) == len(amap) > 0


@pytest.mark.parametrize("make_map", MAPS.values(), ids=MAPS.keys())
@pytest.mark.parametrize("fmt", BOTH_WAYS, ids=lambda f: f.name)
def test_round_trip_through_our_formats_loses_nothing(fmt, make_map, tmp_path):
    amap = make_map()
    path = tmp_path / f"map{fmt.extensions[0]}"
    report = fmt.write(amap, path)
    result = fmt.read(path)
    assert result.map.snapshot() == amap.snapshot()
    assert dumps(result.map) == dumps(amap)
    assert report.notes == [] and result.notes == []  # nothing dropped, so nothing to say


@pytest.mark.parametrize("make_map", MAPS.values(), ids=MAPS.keys())
@pytest.mark.parametrize("fmt", BOTH_WAYS, ids=lambda f: f.name)
def test_imported_map_is_a_valid_map_file(fmt, make_map, tmp_path):
    path = tmp_path / f"map{fmt.extensions[0]}"
    fmt.write(make_map(), path)
    text = dumps(fmt.read(path).map)
    assert not loads(text, "imported.yaml").has_errors


def test_shipped_map_survives_every_round_trip_in_turn(tmp_path):
    amap = shipped_map()
    current = amap
    for fmt in BOTH_WAYS:
        path = tmp_path / f"chain{fmt.extensions[0]}"
        fmt.write(current, path)
        current = fmt.read(path).map
    assert dumps(current) == dumps(amap)


@pytest.mark.parametrize("text", ["**", "__", "a ** b", "**bold**", "_x_", "*a* _b_ __c__", "\\*", "x\\"])
def test_emphasis_marks_in_card_text_come_back_from_argdown_as_written(tmp_path, text):
    from argmap.edits import UpdateCard
    from argmap.generate import generate_map
    from argmap.interchange import argdown
    from argmap.model import with_fields

    amap = generate_map(3)
    card = next(amap.cards())
    amap.apply(UpdateCard(with_fields(card, text=text)))
    path = tmp_path / "marks.argdown"
    argdown.write(amap, path)
    back = argdown.read(path).map
    assert back is not None and back.card(card.id).text == text
