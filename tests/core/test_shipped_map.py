"""The map shipped in maps/: it loads cleanly, covers both sides, and its evidence quotes the source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from argmap.format import dumps, load
from argmap.model import CARD_KINDS, SIDES
from argmap.problems import errors, warnings
from argmap.resources import DEFAULT_MAP
from argmap.validate import fold_text

ROOT = Path(__file__).resolve().parents[2]
MAP_PATH = ROOT / "maps" / "ukraine-resistance.yaml"
SOURCE_PATH = ROOT / "maps" / "ukraine-resistance.source.txt"


@pytest.fixture(scope="module")
def result():
    return load(MAP_PATH)


@pytest.fixture(scope="module")
def amap(result):
    assert result.map is not None, [str(p) for p in result.problems]
    return result.map


@pytest.fixture(scope="module")
def source_text() -> str:
    return SOURCE_PATH.read_text(encoding="utf-8")


def evidence(amap):
    return [c for c in amap.cards() if c.kind == "evidence"]


def test_default_map_is_the_shipped_map():
    assert DEFAULT_MAP.resolve() == MAP_PATH.resolve()


def test_loads_without_errors_or_warnings(result):
    assert result.map is not None
    assert errors(result.problems) == [], [str(p) for p in result.problems]
    assert warnings(result.problems) == [], [str(p) for p in result.problems]


def test_size_sides_and_kinds(amap):
    cards = list(amap.cards())
    assert len(cards) >= 25
    assert {c.side for c in cards} == set(SIDES)
    assert {c.kind for c in cards} == set(CARD_KINDS)
    for side in SIDES:
        kinds = {c.kind for c in cards if c.side == side}
        assert kinds == set(CARD_KINDS), (side, kinds)


def test_every_card_is_a_real_debate_move(amap):
    for card in amap.cards():
        assert amap.relations_of(card.id), f"{card.id} is an orphan"
        assert card.speech, f"{card.id} has no speech"
        if card.kind == "evidence":
            assert card.tag and card.quote and card.cite is not None, card.id
            assert card.cite.source == "axios" and card.cite.by and card.cite.at, card.id
            # Evidence backs (or attacks) another card: it answers something, it is not a root.
            assert amap.answered_by(card.id), f"evidence {card.id} answers nothing"
        else:
            assert card.tag and card.text, card.id
            assert len(card.tag.split()) <= 8, card.id
        if card.kind == "rebuttal":
            assert any(r.type == "rebuts" and r.source == card.id for r in amap.relations_of(card.id)), (
                f"rebuttal {card.id} rebuts nothing"
            )
        if card.kind == "position":
            assert not any(
                r.type == "supports" and r.source == card.id for r in amap.relations_of(card.id)
            ), f"position {card.id} supports a card"


def test_relations_respect_sides(amap):
    rels = list(amap.relations())
    assert rels
    for rel in rels:
        src, dst = amap.card(rel.source), amap.card(rel.target)
        if rel.type == "supports":
            assert src.side == dst.side, rel
        else:
            assert src.side != dst.side, rel
    # Rebuttals cross both ways: each side attacks the other.
    assert {amap.card(r.source).side for r in rels if r.type == "rebuts"} == set(SIDES)


def test_every_quote_is_verbatim_in_the_source(amap, source_text):
    folded = fold_text(source_text)
    cards = evidence(amap)
    assert len(cards) >= 10
    for card in cards:
        assert len(card.quote.split()) >= 5, card.id
        assert fold_text(card.quote) in folded, f"quote of {card.id} is not verbatim in the source"


def _paragraphs(text: str) -> list[str]:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    return blocks  # para 1 is the lede, as the Source panel and a cut card's locator count


def test_paragraph_locators_point_at_the_quote(amap, source_text):
    paras = _paragraphs(source_text)
    assert paras[0].startswith("Ukraine's top national security official")
    for card in evidence(amap):
        m = re.fullmatch(r"para (\d+)(?:-(\d+))?", card.cite.at)
        assert m, f"{card.id}: locator {card.cite.at!r} is not 'para N' or 'para N-M'"
        first = int(m.group(1))
        last = int(m.group(2) or first)
        assert 1 <= first <= last <= len(paras), card.id
        span = fold_text(" ".join(paras[first - 1 : last]))
        assert fold_text(card.quote) in span, f"{card.id}: quote is not in {card.cite.at}"


def test_evidence_cards_carry_underline_and_highlight_marks(amap):
    for card in evidence(amap):
        styles = {m.style for m in card.marks}
        assert {"underline", "highlight"} <= styles, card.id
        highlighted = [card.quote[m.start : m.end] for m in card.marks if m.style == "highlight"]
        assert all(h.strip() for h in highlighted), card.id


def test_paragraph_numbers_of_the_source_match_the_locators(amap, source_text):
    from argmap.quotes import check_quote, paragraph_of

    for card in evidence(amap):
        first = int(re.match(r"para (\d+)", card.cite.at).group(1))
        (start, _), *_ = check_quote(card.quote, source_text).spans
        assert paragraph_of(source_text, start) == first, card.id


def test_required_topics_are_covered(amap):
    quotes = " ".join(fold_text(c.quote) for c in evidence(amap))
    for phrase in (
        "March 6",
        "Oleksiy Danilov",
        "Law on the Fundamentals of National Resistance",
        "Territorial Defense Forces",
        "entire population of Ukraine",
        "co-combatant",
        '"defensive" but not "offensive"',
        "drones, anti-aircraft systems",
        "new threshold",
        "scrapped a plan in December",
        "congressional authorization",
        "$500 million",
        "$800 million",
        "largely stalled",
        "could not independently confirm",
    ):
        assert phrase in quotes, phrase
    speakers = {c.cite.by for c in evidence(amap)}
    assert {"Oleksiy Danilov", "Maria Mezentseva", "Ezra Cohen"} <= speakers


def test_source_entry_points_at_the_local_copy(amap, source_text):
    assert list(amap.sources) == ["axios"]
    src = amap.sources["axios"]
    assert src.file == "ukraine-resistance.source.txt"
    assert src.publisher == "Axios" and src.date == "2022-03-18" and src.title
    assert src.url == ""  # the article file gives no URL; none is invented
    assert (MAP_PATH.parent / src.file).resolve() == SOURCE_PATH.resolve()
    assert "Oleksiy Danilov" in source_text


def test_file_is_canonical(amap):
    text = MAP_PATH.read_text(encoding="utf-8")
    assert dumps(amap) == text
    assert "layout:" not in text
