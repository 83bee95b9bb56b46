"""Counts that describe a map: cards by kind and side, relations by type, the deepest chain."""

from __future__ import annotations

from collections import Counter

from .digraph import longest_path_nodes
from .model import CARD_KINDS, RELATION_TYPES, SIDES, ArgumentMap
from .record import Record


class MapStats(Record):
    """What is in a map, counted (``argmap stats``)."""

    cards: int
    by_kind: dict[str, int]
    by_side: dict[str, int]
    by_kind_and_side: dict[tuple[str, str], int]
    relations: dict[str, int]
    sources: int
    quotes: int
    deepest_chain: int

    def __init__(
        self,
        cards: int,
        by_kind: dict[str, int] | None = None,
        by_side: dict[str, int] | None = None,
        by_kind_and_side: dict[tuple[str, str], int] | None = None,
        relations: dict[str, int] | None = None,
        sources: int = 0,
        quotes: int = 0,
        deepest_chain: int = 0,
    ) -> None:
        self.cards = cards
        self.by_kind = {} if by_kind is None else by_kind
        self.by_side = {} if by_side is None else by_side
        self.by_kind_and_side = {} if by_kind_and_side is None else by_kind_and_side
        self.relations = {} if relations is None else relations
        self.sources = sources
        self.quotes = quotes
        self.deepest_chain = deepest_chain


def deepest_chain(amap: ArgumentMap) -> int:
    """Cards in the longest chain of answers (a card answering a card answering ...); 0 for no cards.

    Cycles are collapsed first, so a circular argument counts once.
    """
    return longest_path_nodes(amap.graph.successor_map())


def compute(amap: ArgumentMap) -> MapStats:
    kinds = Counter(c.kind for c in amap.cards())
    sides = Counter(c.side for c in amap.cards())
    both = Counter((c.kind, c.side) for c in amap.cards())
    types = Counter(r.type for r in amap.relations())
    return MapStats(
        cards=len(amap),
        by_kind={k: kinds.get(k, 0) for k in CARD_KINDS},
        by_side={s: sides.get(s, 0) for s in SIDES},
        by_kind_and_side={(k, s): both.get((k, s), 0) for k in CARD_KINDS for s in SIDES},
        relations={t: types.get(t, 0) for t in RELATION_TYPES},
        sources=len(amap.sources),
        quotes=sum(1 for c in amap.cards() if c.kind == "evidence" and c.quote),
        deepest_chain=deepest_chain(amap),
    )
