"""Copying and pasting cards: a fragment is a small map file holding some cards and the relations among them.

Being an ordinary argmap file, a fragment pastes into another window of the app, into a text editor,
or back from one. Pasting gives clashing ids fresh readable ones, so nothing already in a map changes.
"""

from __future__ import annotations

from .edits import AddCard, AddRelation, AddSource, Batch, Edit
from .format import build_map, dumps
from .model import ArgumentMap, MapInfo, Point, Relation, with_fields
from .yamlsafe import YamlProblems, parse

MIME_TYPE = "application/x-argmap-fragment"


def copy_fragment(amap: ArgumentMap, card_ids: list[str], positions: dict[str, Point]) -> str:
    """The cards (in map order), the relations among them, the sources they cite, and where they stand."""
    chosen = [cid for cid in amap.card_ids() if cid in set(card_ids)]
    part = ArgumentMap(MapInfo("Copied cards"))
    cited = {cite.source for cid in chosen if (cite := amap.card(cid).cite)}
    part.sources = {sid: s for sid, s in amap.sources.items() if sid in cited}
    for cid in chosen:
        part.insert_card(amap.card(cid))
        if cid in positions:
            part.layout.positions[cid] = positions[cid]
    for rel in amap.relations():
        if rel.source in part and rel.target in part:
            part.insert_relation(rel)
    return dumps(part)


def read_fragment(text: str) -> ArgumentMap | None:
    """The fragment's cards as a map, or None when the text is not an argmap fragment."""
    try:
        doc = parse(text, "<clipboard>")
    except YamlProblems:
        return None
    if (
        not isinstance(doc.data, dict)
        or doc.data.get("argmap") != 1
        or not isinstance(doc.data.get("cards"), list)
    ):
        return None
    return build_map(doc)


def paste_edit(
    amap: ArgumentMap, part: ArgumentMap, offset: Point = (40.0, 40.0), at: Point | None = None
) -> tuple[Batch, list[str]]:
    """One edit adding the fragment's cards to ``amap`` with fresh ids where needed, and the new ids.

    Cards keep their relative placement, shifted by ``offset`` (or moved so the group's top-left is ``at``).
    """
    edits: list[Edit] = []
    for sid, source in part.sources.items():
        if sid not in amap.sources:
            edits.append(AddSource(source))
    renamed: dict[str, str] = {}
    taken = set(amap.card_ids())
    for card in part.cards():
        new_id = card.id
        if new_id in taken:
            stem = card.id.rsplit("-", 1)[0] if card.id.rsplit("-", 1)[-1].isdigit() else card.id
            n = 2
            while f"{stem}-{n}" in taken:
                n += 1
            new_id = f"{stem}-{n}"
        taken.add(new_id)
        renamed[card.id] = new_id
    placed = part.layout.positions
    if at is not None and placed:
        left = min(x for x, _ in placed.values())
        top = min(y for _, y in placed.values())
        offset = (at[0] - left, at[1] - top)
    for card in part.cards():
        pos = placed.get(card.id)
        position = (pos[0] + offset[0], pos[1] + offset[1]) if pos else None
        edits.append(AddCard(with_fields(card, id=renamed[card.id]), position=position))
    for rel in part.relations():
        edits.append(AddRelation(Relation(renamed[rel.source], renamed[rel.target], rel.type)))
    return Batch(tuple(edits)), [renamed[c.id] for c in part.cards()]


def duplicate_edit(
    amap: ArgumentMap, card_ids: list[str], positions: dict[str, Point]
) -> tuple[Batch, list[str]]:
    """Duplicate cards and the relations among them, next to the originals."""
    part = read_fragment(copy_fragment(amap, card_ids, positions))
    assert part is not None  # our own output always reads back
    return paste_edit(amap, part)
