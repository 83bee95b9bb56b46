"""Every edit a user makes, built and checked here: the edit and its undo label, or a refusal saying why.

The editor's widgets only ask (``editing.add_answer(amap, parent, "rebuts", at)``) and push what they
get with ``MapDocument.push_proposal``; the rules (which side an answer takes, what a card must keep,
when cards are already related) and the names on the Edit menu live here once, with no Qt, and are
tested without a display.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from . import authoring
from .edits import (
    AddCard,
    AddRelation,
    Batch,
    Edit,
    RemoveRelation,
    SetCollapsed,
    SetMapInfo,
    SetPositions,
    UpdateCard,
    UpdateRelation,
    remove_cards,
)
from .evidence import with_quote
from .model import ArgumentMap, Card, Cite, MapError, MapInfo, Point, Relation, with_fields
from .plaintext import clean_for
from .record import replace
from .templates import Template, instantiate

RelationType = Literal["supports", "rebuts"]

NEEDS_TEXT = "A card needs some text; the edit was not kept"
NEEDS_TITLE = "A map needs a title; the old one was kept"
ALREADY_RELATED = "Those cards are already related"

# The card fields a user types into, and the name each edit has on the Edit menu.
FIELD_LABELS = {
    "tag": "Edit tag",
    "text": "Edit text",
    "speech": "Edit speech",
    "notes": "Edit notes",
    "quote": "Edit quote",
    "by": "Edit cite",
    "at": "Edit cite",
}
MAP_FIELD_LABELS = {"title": "Edit map title", "description": "Edit map description"}


@dataclass(frozen=True)
class Proposal:
    """An edit ready to push, the name of its undo step, and the cards it makes (to select)."""

    edit: Edit
    label: str
    new_ids: tuple[str, ...] = ()
    merge_key: str = ""  # consecutive proposals with one key make one undo step (typing in a field)


@dataclass(frozen=True)
class Refusal:
    """No edit: ``reason`` says why in the user's words (empty when there is simply nothing to do)."""

    reason: str = ""


Outcome = Proposal | Refusal
NOTHING = Refusal()


def counted(verb: str, n: int, noun: str = "card") -> str:
    """An undo label for ``n`` things: "Delete card", "Delete 3 cards"."""
    return f"{verb} {noun}" if n == 1 else f"{verb} {n} {noun}s"


def has_text(card: Card) -> bool:
    """Whether the card keeps what the file requires of it: a quote for evidence, else a text or tag."""
    if card.kind == "evidence":
        return bool(card.quote.strip())
    return bool(card.text.strip() or card.tag.strip())


# -- new cards ------------------------------------------------------------------------------------


def add_position(amap: ArgumentMap, at: Point, side: str | None = None) -> Proposal:
    """A new position at ``at``; without a side, the sides take turns (the one with fewer positions)."""
    card = authoring.new_position(amap, side)
    return Proposal(AddCard(card, position=at), "Add position", (card.id,))


def answer_type(parent_side: str, answer_side: str) -> RelationType:
    """An answer from the same side supports; from the other side it rebuts."""
    return "supports" if parent_side == answer_side else "rebuts"


def add_answer(
    amap: ArgumentMap,
    parent_id: str | None,
    relation_type: RelationType,
    at: Point | None = None,
    *,
    speech: str | None = None,
    where: str = "",
) -> Outcome:
    """A supporting argument (the parent's side) or a rebuttal (the other side) answering the parent.

    ``speech`` is the speech it is made in (the flow sheet's column); ``where`` names that column in
    the undo label."""
    if parent_id is None:
        return Refusal("Select the card to answer first")
    if parent_id not in amap:
        return Refusal(f"No card {parent_id!r} to answer")
    make = authoring.supporting_answer if relation_type == "supports" else authoring.rebutting_answer
    card, relation = make(amap, parent_id)
    if speech is not None:
        card = with_fields(card, speech=speech)
    name = "Add supporting answer" if relation_type == "supports" else "Add rebuttal"
    return Proposal(AddCard(card, (relation,), at), _in(name, where), (card.id,))


def add_sibling(
    amap: ArgumentMap,
    card_id: str,
    at: Point | None = None,
    *,
    speech: str | None = None,
    after: bool = False,
    where: str = "",
) -> Outcome:
    """A card like ``card_id`` answering what it answers the same way (beside it, for a root).

    ``after`` puts it right after ``card_id`` in the card order (the flow sheet's next row)."""
    if card_id not in amap:
        return Refusal(f"No card {card_id!r}")
    card, relation = authoring.sibling(amap, card_id)
    if speech is not None:
        card = with_fields(card, speech=speech)
    index = amap.card_ids().index(card_id) + 1 if after else None
    edit = AddCard(card, (relation,) if relation else (), at, index=index)
    return Proposal(edit, f"Add card in {where}" if where else "Add sibling", (card.id,))


def add_argument(amap: ArgumentMap, side: str, speech: str, where: str = "") -> Proposal:
    """A new argument answering nothing, made in ``speech`` (an empty row of the flow sheet)."""
    text = authoring.PLACEHOLDER["argument"]
    card = Card(amap.new_id("argument"), "argument", side, text=text, speech=speech)  # type: ignore[arg-type]
    return Proposal(AddCard(card), _in("Add argument", where), (card.id,))


def _in(name: str, where: str) -> str:
    return f"{name} in {where}" if where else name


# -- removing -------------------------------------------------------------------------------------


def delete_cards(amap: ArgumentMap, card_ids: Iterable[str], verb: str = "Delete") -> Outcome:
    """Remove the cards and every relation touching them (``verb``: "Delete" or "Cut")."""
    ids = [cid for cid in card_ids if cid in amap]
    if not ids:
        return Refusal("Select the cards to delete first")
    return Proposal(remove_cards(amap, ids), counted(verb, len(ids)))


def delete_relation(amap: ArgumentMap, key: tuple[str, str]) -> Outcome:
    if not amap.has_relation(*key):
        return Refusal("Select a relation (click an arrow) first")
    return Proposal(RemoveRelation(*key), "Delete relation")


# -- relations ------------------------------------------------------------------------------------


def connect(amap: ArgumentMap, source: str, target: str, relation_type: str) -> Outcome:
    """``source`` answers ``target``; refused for a card and itself, or cards already related."""
    if source not in amap or target not in amap:
        return Refusal("Both cards must be on the map")
    if source == target or amap.has_relation(source, target):
        return Refusal(ALREADY_RELATED)
    if relation_type not in ("supports", "rebuts"):
        return Refusal(f"Unknown relation {relation_type!r}")
    if amap.has_relation(target, source):
        # Clash: a card may rebut the card that rebuts it; no other pair runs both ways.
        if relation_type != "rebuts" or amap.relation(target, source).type != "rebuts":
            return Refusal(ALREADY_RELATED)
        return Proposal(AddRelation(Relation(source, target, "rebuts")), "Connect (rebut each other)")
    relation = Relation(source, target, relation_type)  # type: ignore[arg-type]
    return Proposal(AddRelation(relation), f"Connect ({relation_type})")


def retype_relation(amap: ArgumentMap, key: tuple[str, str] | None, new: str | None = None) -> Outcome:
    """Make the relation ``new`` (without it: the other type). Refused without a relation."""
    if key is None or not amap.has_relation(*key):
        return Refusal("Select a relation (click an arrow) to change its type")
    rel = amap.relation(*key)
    new = new or ("rebuts" if rel.type == "supports" else "supports")
    if new == rel.type:
        return NOTHING
    relation = Relation(rel.source, rel.target, new)  # type: ignore[arg-type]
    return Proposal(UpdateRelation(relation), f"Change relation to {new}")


# -- fields ---------------------------------------------------------------------------------------


def set_field(amap: ArgumentMap, card_id: str, field: str, value: str, *, merge: bool = False) -> Outcome:
    """One typed field of a card (``by`` and ``at`` are the cite's). Refused when the card would be
    left without the text the file requires; nothing when the value is unchanged.

    ``merge``: consecutive changes of this field make one undo step (typing in the Inspector)."""
    if card_id not in amap:
        return Refusal(f"No card {card_id!r}")
    if field not in FIELD_LABELS:
        raise ValueError(f"not a typed card field: {field!r}")
    card = amap.card(card_id)
    value = clean_for(field, value)  # pasted tabs, breaks and control characters stop here (issue #12)
    if field in ("by", "at"):
        new = with_fields(card, cite=replace(card.cite or Cite(""), **{field: value}))
    elif field == "quote":
        new = with_quote(card, value)  # the marks stay on the words they marked
    else:
        new = with_fields(card, **{field: value})
    return _update(card, new, FIELD_LABELS[field], f"{card_id}:{field}" if merge else "")


def set_kind(amap: ArgumentMap, card_id: str, kind: str) -> Outcome:
    """Change what kind of card it is, carrying over what the new kind needs."""
    card = amap.card(card_id)
    if kind == card.kind:
        return NOTHING
    if kind == "evidence":
        # No source is guessed (a wrong attribution is worse than none): the card shows "no source
        # yet" and saving asks, until the debater picks one. The card's words become its quote.
        new = with_fields(card, kind=kind, cite=card.cite or Cite(""), quote=card.quote or card.text)
    elif card.kind == "evidence":
        # Only evidence carries a quote and a cite; keep the quoted words as the text if there is none.
        new = with_fields(card, kind=kind, text=card.text or card.quote, quote="", cite=None, marks=())
    else:
        new = with_fields(card, kind=kind)
    return _update(card, new, "Change kind", f"{card_id}:kind")


def set_side(amap: ArgumentMap, card_id: str, side: str) -> Outcome:
    card = amap.card(card_id)
    return _update(card, with_fields(card, side=side), "Change side", f"{card_id}:side")


def set_source(amap: ArgumentMap, card_id: str, source_id: str) -> Outcome:
    card = amap.card(card_id)
    new = with_fields(card, cite=replace(card.cite or Cite(""), source=source_id))
    return _update(card, new, "Edit cite", f"{card_id}:source")


def set_extended(amap: ArgumentMap, card_id: str, extended: tuple[str, ...], words: str) -> Outcome:
    """The later speeches the card's argument was extended into (``words`` names them for the label)."""
    card = amap.card(card_id)
    return _update(card, with_fields(card, extended=extended), f"Mark extended into {words}", "")


def _update(old: Card, new: Card, label: str, merge_key: str) -> Outcome:
    if new == old:
        return NOTHING
    if has_text(old) and not has_text(new):
        return Refusal(NEEDS_TEXT)
    return Proposal(UpdateCard(new), label, merge_key=merge_key)


def set_map_field(amap: ArgumentMap, field: str, value: str) -> Outcome:
    """The map's title or description; a map keeps a title."""
    info = amap.info
    value = clean_for(field, value)
    new = MapInfo(value, info.description) if field == "title" else MapInfo(info.title, value)
    if new == info:
        return NOTHING
    if field == "title" and not value.strip():
        return Refusal(NEEDS_TITLE)
    return Proposal(SetMapInfo(new), MAP_FIELD_LABELS[field], merge_key=f"map:{field}")


# -- placement and folding ------------------------------------------------------------------------


def move_cards(moves: Mapping[str, Point]) -> Outcome:
    """Cards dragged to new places (their top-left corners)."""
    if not moves:
        return NOTHING
    return Proposal(SetPositions(tuple(moves.items())), counted("Move", len(moves)))


def relayout(positions: Mapping[str, Point]) -> Proposal:
    """Every card placed where the automatic layout puts it."""
    return Proposal(SetPositions(tuple(sorted(positions.items()))), "Re-layout")


def toggle_collapsed(amap: ArgumentMap, card_ids: Iterable[str]) -> Outcome:
    """Fold away what answers the cards (or unfold, when all of them are folded)."""
    ids = [cid for cid in card_ids if cid in amap and amap.answers_to(cid)]
    if not ids:
        return Refusal("Nothing answers the selected card, so there is nothing to collapse")
    collapsed = amap.layout.collapsed
    target = not all(cid in collapsed for cid in ids)
    edit = Batch(tuple(SetCollapsed(cid, target) for cid in ids))
    verb = "Collapse" if target else "Expand"
    return Proposal(edit, f"{verb} {len(ids)} cards" if len(ids) > 1 else verb)


def insert_template(amap: ArgumentMap, template: Template, parent_id: str | None) -> Outcome:
    """The template's cards under ``parent_id`` (unattached when None): they take the parent's side
    when the template supports, the other side when it rebuts."""
    if parent_id is not None and parent_id not in amap:
        parent_id = None
    if parent_id is None:
        side = template.side
    else:
        parent_side = amap.card(parent_id).side
        side = parent_side if template.attach == "supports" else authoring.OTHER_SIDE[parent_side]
    try:
        edit = instantiate(template, amap, parent_id, side)
    except MapError as exc:
        return Refusal(str(exc))
    new_ids = tuple(e.card.id for e in edit.edits if isinstance(e, AddCard))
    return Proposal(edit, f"Insert {template.name}", new_ids)


def added(verb: str, edit: Edit, new_ids: Iterable[str], source: str = "") -> Proposal:
    """A prepared edit that adds cards (paste, duplicate, import, a template): "Paste 3 cards",
    "Import 5 cards from aff.docx"."""
    ids = tuple(new_ids)
    label = counted(verb, len(ids))
    return Proposal(edit, f"{label} from {source}" if source else label, ids)


__all__ = [
    "ALREADY_RELATED",
    "FIELD_LABELS",
    "MAP_FIELD_LABELS",
    "NEEDS_TEXT",
    "NOTHING",
    "Outcome",
    "Proposal",
    "Refusal",
    "add_answer",
    "add_argument",
    "add_position",
    "add_sibling",
    "added",
    "answer_type",
    "connect",
    "counted",
    "delete_cards",
    "delete_relation",
    "has_text",
    "insert_template",
    "move_cards",
    "relayout",
    "retype_relation",
    "set_extended",
    "set_field",
    "set_kind",
    "set_map_field",
    "set_side",
    "set_source",
    "toggle_collapsed",
]
