"""Where each card of an open map is drawn: its saved position, else one worked out automatically.

Qt-free, so the canvas, copy and duplicate, and exports read the same places. A card without a
saved position gets one from the automatic layout; a card added later without one goes near the
card it answers (``free_spot_near``), overlapping no card and moving none. Automatic places are
kept here, not in the map: they are saved only when the user moves a card or re-lays out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from . import layout
from .geometry import card_size
from .model import ArgumentMap, Card, Point

Box = tuple[float, float, float, float]  # left, top, width, height


class Placement:
    """Saved positions first, then the automatic ones, for one map in one direction ("TB" or "LR")."""

    def __init__(
        self,
        amap: ArgumentMap,
        direction: str = "TB",
        size_of: Callable[[Card], tuple[int, int]] | None = None,
        sizes: Mapping[str, tuple[int, int]] | None = None,
    ) -> None:
        """``size_of`` gives a card's box size (``geometry.card_size`` with the map's sources unless
        given): the canvas passes its own remembered sizes, so a big map's text is wrapped once.
        ``sizes``: every card's size by id, when the caller has just worked them out with
        ``size_of`` (the first layout then takes them instead of asking for each again)."""
        self.amap = amap
        self.direction = direction
        self.size_of = size_of or (lambda card: card_size(card, amap.sources))
        self.auto: dict[str, Point] = self.fresh_layout(sizes=sizes)

    def fresh_layout(
        self,
        direction: str | None = None,
        *,
        keep_saved: bool = True,
        sizes: Mapping[str, tuple[int, int]] | None = None,
    ) -> dict[str, Point]:
        """A full automatic layout (cards with saved positions stay put unless ``keep_saved`` is False)."""
        if sizes is None:
            size_of = self.size_of
            sizes = {card.id: size_of(card) for card in self.amap.cards()}
        pinned: dict[str, Point] | None = None if keep_saved else {}
        return layout.layout_positions(
            self.amap, direction=direction or self.direction, sizes=sizes, pinned=pinned
        )

    def set_direction(self, direction: str) -> None:
        """Lay out the unplaced cards again in ``direction``; placed cards stay."""
        self.direction = direction
        self.auto = self.fresh_layout()

    def has_place(self, card_id: str) -> bool:
        return card_id in self.amap.layout.positions or card_id in self.auto

    def known(self, card_id: str) -> Point | None:
        """The card's place if it has one yet (saved, else automatic)."""
        saved = self.amap.layout.positions.get(card_id)
        return saved if saved is not None else self.auto.get(card_id)

    def place_near(self, card_id: str, parent_id: str, boxes: Mapping[str, Box]) -> Point:
        """Give ``card_id`` a free automatic place answering ``parent_id`` and return it."""
        self.auto[card_id] = self.free_spot_near(self.amap.card(card_id), parent_id, boxes)
        return self.auto[card_id]

    def free_spot_near(self, card: Card, parent_id: str, boxes: Mapping[str, Box]) -> Point:
        """Where ``card`` (new, or just added) goes answering ``parent_id``: near it, in the layout's
        direction, overlapping none of ``boxes`` (the cards placed so far) and moving none."""
        positions = {cid: (b[0], b[1]) for cid, b in boxes.items() if cid != card.id}
        sizes = {cid: (b[2], b[3]) for cid, b in boxes.items() if cid != card.id}
        sizes[card.id] = self.size_of(card)
        return layout.place_near(self.amap, positions, card.id, parent_id, sizes, direction=self.direction)

    def positions(self) -> dict[str, Point]:
        """Every card's place (saved, else automatic), for copy, duplicate and export."""
        return {cid: p for cid in self.amap.card_ids() if (p := self.known(cid)) is not None}
