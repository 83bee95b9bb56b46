"""Settling a merge conflict: ours (what the map holds) or theirs (what the conflict recorded)."""

from __future__ import annotations

from typing import Literal

from .conflicts import conflict_to_data
from .diff import map_data
from .merge import map_from_data
from .model import ArgumentMap, Conflict

Choice = Literal["ours", "theirs"]


def resolve(amap: ArgumentMap, conflict: Conflict, choice: Choice) -> ArgumentMap:
    """A new map with ``conflict`` settled the chosen way and no longer recorded."""
    return resolve_all(amap, [(conflict, choice)])


def resolve_all(amap: ArgumentMap, choices: list[tuple[Conflict, Choice]]) -> ArgumentMap:
    """A new map with each conflict settled as chosen; conflicts not named stay recorded."""
    data = map_data(amap)
    entries = list(data.get("conflicts") or [])
    for conflict, choice in choices:
        entry = conflict_to_data(conflict)
        if entry in entries:
            entries.remove(entry)
        _apply(data, conflict, choice)
    if entries:
        data["conflicts"] = entries
    else:
        data.pop("conflicts", None)
    return map_from_data(data)


def _apply(data: dict, conflict: Conflict, choice: Choice) -> None:
    if conflict.removed_by:
        # The item is in the map, as the side that changed it left it; the remover's choice removes it.
        if conflict.removed_by == choice:
            _remove(data, conflict)
        return
    if choice == "ours":
        return  # the map holds ours
    value = conflict.theirs
    if conflict.item == "card" and conflict.field == "position":
        positions = data.setdefault("layout", {}).setdefault("positions", {})
        _put(positions, conflict.key, value)  # type: ignore[arg-type]
    elif conflict.item in ("card", "source"):
        for record in data.get(conflict.item + "s") or []:
            if record["id"] == conflict.key:
                _put(record, conflict.field, value)
    elif conflict.item == "relation":
        source, target = conflict.key  # type: ignore[misc]
        relations = [r for r in data.get("relations") or [] if {r["from"], r["to"]} != {source, target}]
        if value is not None:
            relations.append({"from": source, "to": target, "type": value})
        data["relations"] = relations
    else:
        top, _, sub = conflict.field.partition(".")
        if sub and isinstance(data.get(top), dict):
            _put(data[top], sub, value)
        else:
            _put(data, top, value)


def _put(record: dict, name: str, value: object) -> None:
    if value is None:
        record.pop(name, None)
    else:
        record[name] = value


def _remove(data: dict, conflict: Conflict) -> None:
    key = conflict.key
    if conflict.item == "card":
        data["cards"] = [c for c in data.get("cards") or [] if c["id"] != key]
        data["relations"] = [r for r in data.get("relations") or [] if key not in (r["from"], r["to"])]
        layout = data.get("layout") or {}
        (layout.get("positions") or {}).pop(key, None)
        if key in (layout.get("collapsed") or []):
            layout["collapsed"].remove(key)
    elif conflict.item == "relation":
        data["relations"] = [r for r in data.get("relations") or [] if (r["from"], r["to"]) != tuple(key)]  # type: ignore[arg-type]
    elif conflict.item == "source":
        cited = {(c.get("cite") or {}).get("source") for c in data.get("cards") or []}
        if key not in cited:  # evidence still quoting it keeps it: removing it would break the map
            data["sources"] = [s for s in data.get("sources") or [] if s["id"] != key]
