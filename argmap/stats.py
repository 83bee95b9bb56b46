"""Counts that describe a map: cards by kind and side, relations by type, the deepest chain."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .digraph import longest_path_nodes
from .model import CARD_KINDS, RELATION_TYPES, SIDES, ArgumentMap


@dataclass
class MapStats:
    cards: int
    by_kind: dict[str, int] = field(default_factory=dict)
    by_side: dict[str, int] = field(default_factory=dict)
    by_kind_and_side: dict[tuple[str, str], int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    sources: int = 0
    quotes: int = 0
    deepest_chain: int = 0


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
