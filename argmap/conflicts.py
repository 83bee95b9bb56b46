"""Merge conflicts as the file writes them (the ``conflicts:`` section) and as a person reads them.

``argmap merge`` keeps our value in the map and records theirs here; validation reports each record
until someone chooses, so a half-finished merge cannot pass for a finished one.
"""

from __future__ import annotations

from .model import Conflict

ITEMS = ("card", "relation", "source")


def conflict_from_data(entry: object) -> Conflict | None:
    """The conflict a ``conflicts:`` entry records, or None when it is not one (validation says why)."""
    if not isinstance(entry, dict):
        return None
    item, key = "map", ""
    for name in ITEMS:
        if name in entry:
            item, key = name, entry[name]
            break
    if item == "relation":
        if not (isinstance(key, list) and len(key) == 2 and all(isinstance(k, str) for k in key)):
            return None
        key = (key[0], key[1])
    elif item != "map" and not isinstance(key, str):
        return None
    field = entry.get("field", "")
    removed_by = entry.get("removed-by", "")
    if not isinstance(field, str) or removed_by not in ("", "ours", "theirs"):
        return None
    if item == "map" and not field:
        return None
    return Conflict(item, key, field, entry.get("ours"), entry.get("theirs"), removed_by)  # type: ignore[arg-type]


def conflict_to_data(conflict: Conflict) -> dict:
    """The entry for the file, in a fixed key order: what, which field, who removed it, ours, theirs."""
    out: dict = {}
    if conflict.item == "relation":
        out["relation"] = list(conflict.key)  # type: ignore[arg-type]
    elif conflict.item != "map":
        out[conflict.item] = conflict.key
    if conflict.field:
        out["field"] = conflict.field
    if conflict.removed_by:
        out["removed-by"] = conflict.removed_by
    if conflict.ours is not None:
        out["ours"] = conflict.ours
    if conflict.theirs is not None:
        out["theirs"] = conflict.theirs
    return out


def show_value(value: object, limit: int = 80) -> str:
    """A value on one line for a message: texts quoted and shortened, none as '(none)'."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        flat = " ".join(value.split())
        return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show_value(v, limit)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def where(conflict: Conflict) -> str:
    """What the conflict is about, in words: "card 'co-combatant'", "the relation a -> b", "the map"."""
    if conflict.item == "relation":
        source, target = conflict.key  # type: ignore[misc]
        return f"the relation {source} -> {target}"
    if conflict.item == "map":
        return "the map"
    return f"{conflict.item} '{conflict.key}'"


def describe(conflict: Conflict) -> str:
    """One sentence: what both sides did and which version the map holds now."""
    if conflict.removed_by:
        other = "theirs" if conflict.removed_by == "ours" else "ours"
        return (
            f"{where(conflict)} was removed in {conflict.removed_by} but changed in {other}; "
            "it is kept until you choose"
        )
    return (
        f"{where(conflict)}, {conflict.field}: ours {show_value(conflict.ours)}, "
        f"theirs {show_value(conflict.theirs)} (the map holds ours)"
    )
