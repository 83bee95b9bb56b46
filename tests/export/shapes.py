"""Maps of awkward shapes: a position answered by hundreds of cards, a chain hundreds deep."""

from __future__ import annotations

from argmap.model import ArgumentMap, Card, MapInfo, Relation


def star_map(answers: int) -> ArgumentMap:
    """One position answered directly by ``answers`` cards, alternately supporting and rebutting."""
    amap = ArgumentMap(MapInfo(f"A star of {answers} answers", ""))
    amap.insert_card(Card("hub", "position", "for", tag="The hub", text="Everything answers this card."))
    for i in range(answers):
        side = "for" if i % 2 == 0 else "against"
        kind = "argument" if side == "for" else "rebuttal"
        amap.insert_card(Card(f"a{i}", kind, side, tag=f"Answer {i}", text=f"Answer number {i} to the hub."))
        amap.insert_relation(Relation(f"a{i}", "hub", "supports" if side == "for" else "rebuts"))
    return amap


def chain_map(depth: int) -> ArgumentMap:
    """A position and ``depth`` cards, each rebutting the one before."""
    amap = ArgumentMap(MapInfo(f"A chain {depth} deep", ""))
    amap.insert_card(Card("c0", "position", "for", tag="Link 0", text="The first claim."))
    for i in range(1, depth + 1):
        side = "against" if i % 2 else "for"
        amap.insert_card(Card(f"c{i}", "rebuttal", side, tag=f"Link {i}", text=f"Rebuts link {i - 1}."))
        amap.insert_relation(Relation(f"c{i}", f"c{i - 1}", "rebuts"))
    return amap
