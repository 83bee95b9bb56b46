"""One edit that turns a map into another: how a merge or a reload becomes a single undo step."""

from __future__ import annotations

from .edits import (
    AddCard,
    AddRelation,
    AddSource,
    Batch,
    Edit,
    RemoveCard,
    RemoveRelation,
    RemoveSource,
    SetCollapsed,
    SetConflicts,
    SetMapInfo,
    SetPositions,
    UpdateCard,
    UpdateRelation,
    UpdateSource,
)
from .model import ArgumentMap


def edit_between(old: ArgumentMap, new: ArgumentMap) -> Batch:
    """The smallest edit argmap has words for that makes ``old`` say what ``new`` says.

    Only what differs is touched, so the views redraw only the cards a partner changed.
    """
    edits: list[Edit] = []
    new_rel = {r.key: r for r in new.relations()}
    for rel in old.relations():
        if rel.key not in new_rel and rel.source in new and rel.target in new:
            edits.append(RemoveRelation(rel.source, rel.target))
    edits += [RemoveCard(cid) for cid in old.card_ids() if cid not in new]
    for sid in old.sources:
        if sid not in new.sources:
            edits.append(RemoveSource(sid))
    for index, (sid, source) in enumerate(new.sources.items()):
        if sid not in old.sources:
            edits.append(AddSource(source, index))
        elif old.sources[sid] != source:
            edits.append(UpdateSource(source))
    if old.info != new.info:
        edits.append(SetMapInfo(new.info))
    for index, card in enumerate(new.cards()):
        if card.id not in old:
            edits.append(
                AddCard(
                    card,
                    position=new.layout.positions.get(card.id),
                    collapsed=card.id in new.layout.collapsed,
                    index=index,
                )
            )
        elif old.card(card.id) != card:
            edits.append(UpdateCard(card))
    for key, rel in new_rel.items():
        if not old.has_relation(*key):
            edits.append(AddRelation(rel))
        elif old.relation(*key) != rel:
            edits.append(UpdateRelation(rel))
    moved = tuple(
        (cid, new.layout.positions.get(cid))
        for cid in old.card_ids()
        if cid in new and old.layout.positions.get(cid) != new.layout.positions.get(cid)
    )
    if moved:
        edits.append(SetPositions(moved))
    for cid in old.card_ids():
        if cid in new and (cid in old.layout.collapsed) != (cid in new.layout.collapsed):
            edits.append(SetCollapsed(cid, cid in new.layout.collapsed))
    if old.conflicts != new.conflicts:
        edits.append(SetConflicts(new.conflicts))
    return Batch(tuple(edits))
