"""Finding cards by their words."""

from argmap.model import ArgumentMap, Card, Cite, Source
from argmap.search import find_matches, fold, match_spans


def sample():
    amap = ArgumentMap()
    amap.sources["axios"] = Source(
        "axios", "Ukraine asks U.S. to support a resistance movement", author="Axios"
    )
    amap.insert_card(
        Card("plan", "position", "for", text="The U.S. should fund the résistance", tag="Fund it")
    )
    amap.insert_card(
        Card("risk", "rebuttal", "against", text="Co-combatant risk", notes="resistance in notes")
    )
    amap.insert_card(
        Card(
            "letter",
            "evidence",
            "for",
            tag="Ukraine asked",
            quote="to allocate \u201cadditional\u201d funds",
            cite=Cite("axios", by="Oleksiy Danilov", at="para 8"),
        )
    )
    amap.insert_card(Card("café", "argument", "for", text="A CAF\u00c9 in Kyiv \u2014 still open"))
    return amap


def test_matches_each_field():
    amap = sample()
    assert find_matches(amap, "fund it") == ["plan"]  # tag
    assert find_matches(amap, "co-combatant") == ["risk"]  # text
    assert find_matches(amap, "allocate") == ["letter"]  # quote
    assert find_matches(amap, "danilov") == ["letter"]  # cite: by
    assert find_matches(amap, "para 8") == ["letter"]  # cite: at
    assert find_matches(amap, "resistance movement") == ["letter"]  # cite: source title
    assert find_matches(amap, "in notes") == []  # notes are not searched by default
    assert find_matches(amap, "in notes", fields=("notes",)) == ["risk"]


def test_fields_limit_the_search():
    amap = sample()
    assert find_matches(amap, "ukraine", fields=("tag",)) == ["letter"]
    assert find_matches(amap, "ukraine", fields=("text",)) == []


def test_case_accents_and_typographic_quotes_are_folded():
    amap = sample()
    assert find_matches(amap, "RESISTANCE") == ["plan", "letter"]
    assert find_matches(amap, "cafe in kyiv") == ["café"]
    assert find_matches(amap, "Café") == ["café"]
    assert find_matches(amap, '"additional"') == ["letter"]
    assert find_matches(amap, "kyiv - still") == ["café"]
    assert find_matches(amap, "kyiv   -   still") == ["café"]  # runs of spaces are one space
    assert find_matches(amap, "kyiv-still") == []


def test_reading_order_is_the_callers():
    amap = sample()
    assert find_matches(amap, "i") == ["plan", "risk", "letter", "café"]
    assert find_matches(amap, "i", order=["café", "letter", "nope", "plan"]) == ["café", "letter", "plan"]


def test_empty_or_blank_query_matches_nothing():
    assert find_matches(sample(), "") == []
    assert find_matches(sample(), "   ") == []


def test_match_spans_point_at_the_original_characters():
    text = "Le CAFE\u0301 cr\u00e8me, caf\u00e9 \u201cnoir\u201d"
    spans = match_spans(text, "cafe")
    assert [text[a:b] for a, b in spans] == ["CAFE\u0301", "caf\u00e9"]
    assert [text[a:b] for a, b in match_spans(text, '"noir"')] == ["\u201cnoir\u201d"]
    assert match_spans(text, "") == []
    assert match_spans("aaaa", "aa") == [(0, 2), (2, 4)]


def test_match_spans_across_collapsed_white_space_and_ligatures():
    text = "de\ufb01ne  two\n words"
    assert [text[a:b] for a, b in match_spans(text, "define")] == ["de\ufb01ne"]
    assert [text[a:b] for a, b in match_spans(text, "two words")] == ["two\n words"]


def test_spans_agree_with_matches():
    amap = sample()
    for query in ("resistance", "CAFE", "kyiv - still", '"additional"'):
        for cid in find_matches(amap, query, fields=("text", "quote")):
            card = amap.card(cid)
            assert match_spans(card.text, query) or match_spans(card.quote, query)


def test_fold():
    assert fold("\u201cÉTÉ\u201d \u2013 na\u00efve") == '"ete" - naive'
