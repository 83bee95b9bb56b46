"""What a new card should be when a debater adds one from the keyboard: a supporting answer, a
rebutting answer, or a sibling. Qt-free, so the canvas, the flow sheet and tests share the rules.
"""

from __future__ import annotations

import re

from .model import ArgumentMap, Card, Relation

PLACEHOLDER = {
    "position": "New position",
    "argument": "New argument",
    "rebuttal": "New rebuttal",
    "evidence": "New evidence",
}
OTHER_SIDE = {"for": "against", "against": "for"}


def new_position(amap: ArgumentMap, side: str | None = None) -> Card:
    """A new position; without a side, for the side with fewer positions (aff, then neg, then aff)."""
    if side is None:
        count = {"for": 0, "against": 0}
        for card in amap.cards():
            if card.kind == "position":
                count[card.side] += 1
        side = "against" if count["against"] < count["for"] else "for"
    return Card(
        id=amap.new_id("position"),
        kind="position",
        side=side,  # type: ignore[arg-type]
        text=PLACEHOLDER["position"],
    )


def supporting_answer(amap: ArgumentMap, parent_id: str) -> tuple[Card, Relation]:
    """An argument on the parent's side that supports it."""
    parent = amap.card(parent_id)
    card = Card(
        id=amap.new_id("argument"),
        kind="argument",
        side=parent.side,
        text=PLACEHOLDER["argument"],
        speech=parent.speech,
    )
    return card, Relation(card.id, parent_id, "supports")


def rebutting_answer(amap: ArgumentMap, parent_id: str) -> tuple[Card, Relation]:
    """A rebuttal from the other side that rebuts the parent."""
    parent = amap.card(parent_id)
    card = Card(
        id=amap.new_id("rebuttal"),
        kind="rebuttal",
        side=OTHER_SIDE[parent.side],  # type: ignore
        text=PLACEHOLDER["rebuttal"],
    )
    return card, Relation(card.id, parent_id, "rebuts")


def sibling(amap: ArgumentMap, card_id: str) -> tuple[Card, Relation | None]:
    """A card like ``card_id`` answering the same card the same way (a new root beside a root)."""
    this = amap.card(card_id)
    kind = "argument" if this.kind == "evidence" else this.kind
    card = Card(
        id=amap.new_id(kind),
        kind=kind,
        side=this.side,
        text=PLACEHOLDER[kind],
        speech=this.speech,
    )
    answered = amap.answered_by(card_id)
    if not answered:
        return card, None
    rel = amap.relation(card_id, answered[0])
    return card, Relation(card.id, rel.target, rel.type)


def default_relation_type(amap: ArgumentMap, source: str, target: str) -> str:
    """Cards on the same side support each other; across sides they rebut."""
    return "supports" if amap.card(source).side == amap.card(target).side else "rebuts"


def headline_words(card: Card, limit: int = 60) -> str:
    """A card as a debater names it: its tag (or the start of its text) in quotes."""
    words = " ".join((card.tag or card.text or card.quote or card.id).split())
    if len(words) > limit:
        words = words[: limit - 1].rstrip() + "\u2026"
    return f"\u201c{words}\u201d"


def unfinished_evidence(amap: ArgumentMap) -> list[tuple[str, str]]:
    """Evidence the debater has not finished cutting: (card id, what is missing in a sentence).

    Such a card saves and reopens (validation warns), but the editor asks before saving it.
    """
    found = []
    for card in amap.cards():
        if card.kind != "evidence":
            continue
        missing = [
            what
            for what, gone in (
                ("a source", card.cite is None or not card.cite.source),
                ("a quote", not card.quote.strip()),
            )
            if gone
        ]
        if missing:
            found.append(
                (card.id, f"{headline_words(card)} has no {' and no '.join(m[2:] for m in missing)} yet")
            )
    return found


def delete_question(amap: ArgumentMap, ids: list[str], threshold: int = 5) -> str:
    """A question to ask before deleting ``ids`` when that leaves ``threshold`` or more answering
    cards unconnected (their relations go with the deleted cards); "" when nothing needs asking."""
    doomed = set(ids)
    orphans = {a for cid in ids for a in amap.answers_to(cid) if a not in doomed}
    if len(orphans) < threshold:
        return ""
    what = headline_words(amap.card(ids[0])) if len(ids) == 1 else f"these {len(ids)} cards"
    return (
        f"{len(orphans)} cards answer {what}. Deleting it leaves them on the map unconnected "
        "(Undo brings everything back). Delete?"
    )


def file_name_for(title: str) -> str:
    """A file name made from a map's title: "Should the U.S. fund…" -> "should-the-u-s-fund….yaml"."""
    slug = re.sub(r"[^\w]+", "-", title.lower(), flags=re.UNICODE).strip("-_")[:60].rstrip("-")
    return (slug or "untitled") + ".yaml"
