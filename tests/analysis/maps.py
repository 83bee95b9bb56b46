"""Small maps written in one line each, for the analysis tests."""

from __future__ import annotations

from argmap.model import ArgumentMap, Card, Relation


def build(
    cards: str, relations: str = "", speeches: dict | None = None, kinds: dict | None = None
) -> ArgumentMap:
    """``cards``: "id:side ..." (side f or a); ``relations``: "x>y" (x rebuts y) and "x+y" (x supports y)."""
    amap = ArgumentMap()
    speeches, kinds = speeches or {}, kinds or {}
    for spec in cards.split():
        card_id, _, side = spec.partition(":")
        kind = kinds.get(card_id, "argument")
        extra = {"quote": "q", "cite": None} if kind == "evidence" else {}
        amap.insert_card(
            Card(
                card_id,
                kind,
                "against" if side == "a" else "for",
                text=card_id,
                speech=speeches.get(card_id, ""),
                **extra,
            )
        )
    for spec in relations.split():
        if ">" in spec:
            source, target = spec.split(">")
            amap.insert_relation(Relation(source, target, "rebuts"))
        else:
            source, target = spec.split("+")
            amap.insert_relation(Relation(source, target, "supports"))
    return amap
