"""Edits of an argument map: small frozen records that :meth:`ArgumentMap.apply` performs.

Each edit is a value; ``ArgumentMap.apply(edit)`` performs it and returns the edit that undoes it
exactly. They live apart from the map's records (model.py) because only code that changes a map needs
them: ``argmap validate`` and ``stats`` read a map without importing this module, and building these
15 dataclasses at import was about a fifth of their start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the records are only named in annotations; model.py imports this module to apply
    from collections.abc import Iterable

    from .model import ArgumentMap, Card, Conflict, MapInfo, Point, Relation, Source


@dataclass(frozen=True)
class AddCard:
    """Add a card, optionally with relations touching it and a saved position (undo of a removal)."""

    card: Card
    relations: tuple[Relation, ...] = ()
    position: Point | None = None
    collapsed: bool = False
    index: int | None = None  # where in the card order; None appends


@dataclass(frozen=True)
class RemoveCard:
    """Remove a card and every relation touching it."""

    card_id: str


@dataclass(frozen=True)
class UpdateCard:
    """Replace a card's fields (not its id) with those of ``card``."""

    card: Card


@dataclass(frozen=True)
class AddRelation:
    """Add a relation between two cards already on the map."""

    relation: Relation


@dataclass(frozen=True)
class RemoveRelation:
    """Remove the relation from ``source`` to ``target``."""

    source: str
    target: str


@dataclass(frozen=True)
class UpdateRelation:
    """Change the type of the relation between ``relation.source`` and ``relation.target``."""

    relation: Relation


@dataclass(frozen=True)
class SetPositions:
    """Set (or with None, clear) the saved positions of some cards."""

    positions: tuple[tuple[str, Point | None], ...]


@dataclass(frozen=True)
class SetCollapsed:
    """Hide (or show again) the answers under a card."""

    card_id: str
    collapsed: bool


@dataclass(frozen=True)
class SetMapInfo:
    """Replace the map's title and description."""

    info: MapInfo


@dataclass(frozen=True)
class AddSource:
    """Add a source, at ``index`` of the source list (None: last)."""

    source: Source
    index: int | None = None


@dataclass(frozen=True)
class RemoveSource:
    """Remove a source (the cards citing it keep their cites)."""

    source_id: str


@dataclass(frozen=True)
class UpdateSource:
    """Replace the fields of the source with ``source``'s id."""

    source: Source


@dataclass(frozen=True)
class SetConflicts:
    """Replace the map's record of unresolved merge conflicts (resolving one removes it)."""

    conflicts: tuple[Conflict, ...]


@dataclass(frozen=True)
class ReplaceMap:
    """Everything the map holds, replaced at once (reloading the file): observers hear one "reset"."""

    info: MapInfo
    cards: tuple[Card, ...]
    relations: tuple[Relation, ...]
    sources: tuple[Source, ...] = ()
    positions: tuple[tuple[str, Point], ...] = ()
    collapsed: frozenset[str] = frozenset()
    conflicts: tuple[Conflict, ...] = ()

    @classmethod
    def of(cls, amap: ArgumentMap) -> ReplaceMap:
        """The edit that makes a map hold exactly what ``amap`` holds now, card order included."""
        return cls(
            amap.info,
            tuple(amap.cards()),
            tuple(amap.relations()),
            tuple(amap.sources.values()),
            tuple(amap.layout.positions.items()),
            frozenset(amap.layout.collapsed),
            tuple(amap.conflicts),
        )


@dataclass(frozen=True)
class Batch:
    """Several edits applied in order as one; its inverse undoes them in reverse order."""

    edits: tuple[Edit, ...]


Edit = (
    AddCard
    | RemoveCard
    | UpdateCard
    | AddRelation
    | RemoveRelation
    | UpdateRelation
    | SetPositions
    | SetCollapsed
    | SetMapInfo
    | AddSource
    | RemoveSource
    | UpdateSource
    | SetConflicts
    | ReplaceMap
    | Batch
)


def remove_cards(amap: ArgumentMap, card_ids: Iterable[str]) -> Batch:
    """One edit that removes several cards (and their relations)."""
    return Batch(tuple(RemoveCard(cid) for cid in card_ids if cid in amap))


def summarize(edit: Edit, amap: ArgumentMap | None = None) -> str:
    """A short human name for an edit, for the Edit menu: "Delete 3 cards", "Add rebuttal"."""
    if isinstance(edit, Batch):
        kinds = {type(e) for e in edit.edits}
        if kinds == {RemoveCard}:
            n = len(edit.edits)
            return "Delete card" if n == 1 else f"Delete {n} cards"
        if len(edit.edits) == 1:
            return summarize(edit.edits[0])
        return "Edit"
    names = {
        AddCard: "Add card",
        RemoveCard: "Delete card",
        UpdateCard: "Edit card",
        AddRelation: "Connect cards",
        RemoveRelation: "Delete relation",
        UpdateRelation: "Change relation type",
        SetPositions: "Move",
        SetCollapsed: "Collapse",
        SetMapInfo: "Edit map title",
        AddSource: "Add source",
        RemoveSource: "Delete source",
        UpdateSource: "Edit source",
        SetConflicts: "Resolve conflict",
        ReplaceMap: "Replace the map",
    }
    return names.get(type(edit), "Edit")
