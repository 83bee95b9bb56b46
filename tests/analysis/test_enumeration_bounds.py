"""Preferred and stable semantics give up early and say so on maps with exponentially many extensions:
40 cards in 20 mutual rebuttals have 2**20 preferred extensions; enumerating them took minutes."""

from __future__ import annotations

import pytest

from argmap.analysis import (
    MAX_EXTENSIONS,
    Framework,
    TooLargeToEnumerate,
    evaluate,
    preferred_extensions,
    stable_extensions,
)
from argmap.model import ArgumentMap, Card, Relation


def even_cycles(pairs: int = 20) -> Framework:
    args = [f"a{i}" for i in range(2 * pairs)]
    attacks = [(f"a{i}", f"a{i ^ 1}") for i in range(2 * pairs)]
    return Framework.of(args, attacks)


def even_cycle_map(cycles: int = 10) -> ArgumentMap:
    """40 cards in 10 rings of four rebuttals (a -> b -> c -> d -> a): 2**10 preferred extensions."""
    amap = ArgumentMap()
    for i in range(cycles):
        ring = [f"r{i}{x}" for x in "abcd"]
        for n, card_id in enumerate(ring):
            amap.insert_card(Card(card_id, "argument", "for" if n % 2 else "against", text=card_id))
        for n, card_id in enumerate(ring):
            amap.insert_relation(Relation(card_id, ring[(n + 1) % 4], "rebuts"))
    return amap


@pytest.mark.parametrize("enumerate_", [preferred_extensions, stable_extensions])
def test_more_extensions_than_the_limit_is_too_large_to_enumerate(enumerate_):
    with pytest.raises(TooLargeToEnumerate, match=f"too large to enumerate.*more than {MAX_EXTENSIONS}"):
        enumerate_(even_cycles())


def test_a_few_even_cycles_are_still_enumerated_exactly():
    assert len(preferred_extensions(even_cycles(5))) == 2**5  # 32, under the limit


def test_the_time_limit_stops_a_search_that_is_taking_too_long():
    with pytest.raises(TooLargeToEnumerate, match="took longer than 0 s"):
        preferred_extensions(even_cycles(), time_limit=0.0, max_extensions=10**9)


def test_evaluate_on_the_forty_card_map_of_even_cycles_refuses_preferred_and_grounded_still_answers():
    amap = even_cycle_map()
    with pytest.raises(TooLargeToEnumerate, match="use grounded semantics"):
        evaluate(amap, "preferred")
    assert set(evaluate(amap, "grounded").labels.values()) == {"undec"}
