"""Cutting a card from a source's text: the rules the Source panel follows, without a display."""

from __future__ import annotations

from argmap.evidence import cut_card, locator, quote_offsets_of, quoted_passages, share_used, with_quote
from argmap.model import ArgumentMap, Card, Cite, Relation, Source
from argmap.quotes import Mark, check_quote

SOURCE = "First paragraph here.\n\nSecond one says the plan\nworks well.\n\nThird: it costs little.\n"


def _map() -> ArgumentMap:
    amap = ArgumentMap()
    amap.sources["s"] = Source("s", "T", file="s.source.txt")
    amap.insert_card(Card("plan", "argument", "against", text="The plan works", speech="1NC"))
    return amap


def test_a_cut_card_quotes_the_selection_and_answers_the_selected_card():
    amap = _map()
    start = SOURCE.index("the plan")
    end = SOURCE.index("well.") + len("well.")
    edit = cut_card(amap, "s", SOURCE, start - 1, end + 2, "plan")  # selection edges of white space
    card = edit.card
    assert card.quote == "the plan works well."  # the line break inside is one space
    assert (card.kind, card.side, card.speech) == ("evidence", "against", "1NC")
    assert card.cite == Cite("s", at="para 2")
    assert edit.relations == (Relation(card.id, "plan", "supports"),)
    assert check_quote(card.quote, SOURCE).verbatim


def test_cutting_with_evidence_selected_puts_the_card_beside_it():
    amap = _map()
    first = cut_card(amap, "s", SOURCE, 0, 5, "plan")
    amap.apply(first)
    second = cut_card(amap, "s", SOURCE, SOURCE.index("Third"), len(SOURCE), first.card.id)
    assert second.relations[0].target == "plan"
    assert second.card.cite.at == "para 3"


def test_a_selection_of_blank_space_makes_no_card():
    assert cut_card(_map(), "s", SOURCE, 21, 23, "plan") is None


def test_locator_spans_paragraphs():
    assert locator(SOURCE, 0, SOURCE.index("Third") + 3) == "para 1-3"


def test_passages_and_the_share_of_the_source_used():
    amap = _map()
    amap.apply(cut_card(amap, "s", SOURCE, SOURCE.index("Third"), len(SOURCE), "plan"))
    (passage,) = quoted_passages(amap, "s", SOURCE)
    assert SOURCE[slice(*passage.spans[0])] == "Third: it costs little."
    assert share_used(SOURCE, [passage]) == (4, 14)


def test_marking_from_the_source_maps_onto_the_quote():
    card = Card("e", "evidence", "for", quote="the plan works well.", cite=Cite("s"))
    start = SOURCE.index("works")
    assert quote_offsets_of(card, SOURCE, start, start + 5) == (9, 14)
    assert quote_offsets_of(card, SOURCE, 0, 5) is None  # outside its passage


def test_editing_the_quote_keeps_marks_on_their_words():
    card = Card(
        "e", "evidence", "for", quote="the plan works", cite=Cite("s"), marks=(Mark(9, 14, "highlight"),)
    )
    edited = with_quote(card, "so the plan works")
    assert edited.quote[edited.marks[0].start : edited.marks[0].end] == "works"
