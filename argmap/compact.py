"""Places for a few cards of a map laid out on their own: focus mode's compact view.

Focus mode shows a card and its neighbours; at their places in the whole map they would sit far apart,
with gaps where the hidden cards are. :func:`compact_places` lays out only the shown cards (the same
layered layout as the whole map, on the map made of them and the relations among them) and moves the
result so that the focused card stays where it was. Nothing here changes the map: the places are for
the view, and the map's own positions are what it saves. Qt-free.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from . import layout
from .model import ArgumentMap, Point

Size = tuple[float, float]


def compact_places(
    amap: ArgumentMap,
    shown: Collection[str],
    sizes: Mapping[str, Size],
    *,
    keep: str,
    at: Point,
    direction: str = "TB",
) -> dict[str, Point]:
    """Top-left corners for the ``shown`` cards laid out by themselves, none overlapping, with ``keep``
    (one of them) at ``at``. Saved positions are ignored: this is a view of a part, not the map."""
    part = ArgumentMap()
    ids = [cid for cid in shown if cid in amap]
    for cid in ids:
        part.insert_card(amap.card(cid))
    inside = set(ids)
    for cid in ids:
        for target in amap.answered_by(cid):
            if target in inside:
                part.insert_relation(amap.relation(cid, target))
    places = layout.layout_positions(
        part, direction=direction, sizes={cid: sizes[cid] for cid in ids}, pinned={}
    )
    if keep not in places:
        return places
    dx, dy = at[0] - places[keep][0], at[1] - places[keep][1]
    return {cid: (float(round(x + dx)), float(round(y + dy))) for cid, (x, y) in places.items()}
