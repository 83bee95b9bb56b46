"""A map every exporter can carry: the map itself when it is clean, else a cleaned copy.

Validation keeps control characters and absurd positions out of map files, but an exporter can also be
handed a map that never went through validation (an import, a paste, a map built in code). Each
exporter passes its map through :func:`exportable` first, so what reaches its own escaping is text its
format can hold at all. No Qt here.
"""

from __future__ import annotations

from .model import ArgumentMap, Card, Cite, MapInfo, Source
from .record import replace
from .textrules import clean, first_unsafe, is_coordinate


def exportable(amap: ArgumentMap) -> ArgumentMap:
    """``amap`` unchanged when every text and position is one validation passes; else a cleaned copy.

    Unsafe characters become U+FFFD (a carriage return a line break); unusable positions are dropped,
    so the card is placed by the layout instead.
    """
    if _is_clean(amap):
        return amap
    out = ArgumentMap(_record(amap.info))
    out.sources = {sid: _record(source) for sid, source in amap.sources.items()}
    for card in amap.cards():
        out.insert_card(_card(card))
    for relation in amap.relations():
        out.insert_relation(relation)
    out.layout.positions = {
        cid: pos for cid, pos in amap.layout.positions.items() if all(is_coordinate(v) for v in pos)
    }
    out.layout.collapsed = set(amap.layout.collapsed)
    return out


def _texts(record: object) -> list[str]:
    return [v for v in vars(record).values() if isinstance(v, str)]


def _card_texts(card: Card) -> list[str]:
    texts = _texts(card) + list(card.extended)
    return texts + (_texts(card.cite) if card.cite is not None else [])


def _is_clean(amap: ArgumentMap) -> bool:
    texts = _texts(amap.info)
    for source in amap.sources.values():
        texts += _texts(source)
    for card in amap.cards():
        texts += _card_texts(card)
    if any(first_unsafe(t) is not None for t in texts):
        return False
    return all(all(is_coordinate(v) for v in pos) for pos in amap.layout.positions.values())


def _record(record: MapInfo | Source | Cite):
    changes = {k: clean(v) for k, v in vars(record).items() if isinstance(v, str) and k != "id"}
    return replace(record, **changes)


def _card(card: Card) -> Card:
    changes: dict = {k: clean(v) for k, v in vars(card).items() if isinstance(v, str) and k != "id"}
    changes["extended"] = tuple(clean(s) for s in card.extended)
    if card.cite is not None:
        changes["cite"] = _record(card.cite)
    return replace(card, **changes)
