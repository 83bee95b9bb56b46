"""Three-way merge of two versions of a map that grew from one: by card id, field by field.

Both partners' changes are taken when they touch different cards, relations, sources or fields. When
both changed the same field differently, the merged map keeps ours and records theirs as a
:class:`~argmap.model.Conflict`; when one removed what the other changed, the item is kept (nothing is
lost) and the removal is recorded. Everything works on the canonical file form, so fields the model
gains later merge like the rest.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from .conflicts import conflict_from_data, conflict_to_data
from .diff import by_id, map_data, relations_by_key
from .format import build_map
from .model import ArgumentMap, Conflict
from .yamlsafe import Document

_OWN_RULES = ("argmap", "title", "description", "sources", "cards", "relations", "layout", "conflicts")


@dataclass
class MergeResult:
    map: ArgumentMap  # the merged map; ``map.conflicts`` holds every unresolved conflict
    new_conflicts: list[Conflict]  # the conflicts this merge found (earlier ones are carried too)


def merge3(base: object, ours: object, theirs: object) -> tuple[object, bool]:
    """The merged value and whether both sides changed it differently (then ours is kept)."""
    if ours == theirs:
        return ours, False
    if ours == base:
        return theirs, False
    if theirs == base:
        return ours, False
    return ours, True


def merge_maps(base: ArgumentMap | None, ours: ArgumentMap, theirs: ArgumentMap) -> MergeResult:
    """Merge ``theirs`` into ``ours``. Without a ``base`` nothing is treated as removed: every card,
    relation and source either has is kept, and fields that differ are conflicts."""
    data, conflicts = merge_data(
        map_data(base) if base is not None else None, map_data(ours), map_data(theirs)
    )
    return MergeResult(map_from_data(data), conflicts)


def map_from_data(data: dict) -> ArgumentMap:
    return build_map(Document(data))


class _Merger:
    def __init__(self, base: dict | None, ours: dict, theirs: dict) -> None:
        self.two_way = base is None
        self.b = base if base is not None else {}
        # Shallow copies: only _restore changes a side, and it copies what it changes first.
        self.o = dict(ours)
        self.t = dict(theirs)
        self.conflicts: list[Conflict] = []
        if self.two_way:
            # Nothing was removed: what only one side has, it added.
            self.b = {"title": ours.get("title"), "description": ours.get("description")}
            if ours.get("title") != theirs.get("title"):
                self.b = {}
            elif ours.get("description") != theirs.get("description"):
                self.b = {"title": ours.get("title")}

    # -- whole items: cards and sources ------------------------------------------------------

    def _touched(self, side: dict) -> set[str]:
        """Cards at an end of a relation this side added, removed or retyped."""
        base_rel, side_rel = (
            relations_by_key(self.b.get("relations")),
            relations_by_key(side.get("relations")),
        )
        touched: set[str] = set()
        for key in set(base_rel) ^ set(side_rel):
            touched.update(key)
        for key in set(base_rel) & set(side_rel):
            if base_rel[key] != side_rel[key]:
                touched.update(key)
        return touched

    def _keep_removed_cards(self) -> None:
        """A card one side removed and the other changed comes back in the remover's version, with
        its relations and place from the base, so the ordinary merge then takes the other's changes."""
        base_cards = by_id(self.b.get("cards"))
        for remover, keeper, name in ((self.o, self.t, "ours"), (self.t, self.o, "theirs")):
            gone = by_id(remover.get("cards"))
            kept = by_id(keeper.get("cards"))
            touched = self._touched(keeper)
            for cid, card in base_cards.items():
                if cid in gone or cid not in kept:
                    continue
                if kept[cid] == card and cid not in touched:
                    continue  # removed by one side, untouched by the other: removed
                self._restore(remover, cid, card)
                self.conflicts.append(Conflict("card", cid, removed_by=name))

    def _restore(self, side: dict, cid: str, card: dict) -> None:
        cards = side["cards"] = list(side.get("cards") or [])
        base_order = [c["id"] for c in self.b.get("cards") or []]
        present = {c["id"] for c in cards}
        before = [x for x in base_order[: base_order.index(cid)] if x in present]
        at = next((i + 1 for i, c in enumerate(cards) if before and c["id"] == before[-1]), 0)
        cards.insert(at, copy.deepcopy(card))
        present.add(cid)
        relations = side["relations"] = list(side.get("relations") or [])
        have = relations_by_key(relations)
        for rel in self.b.get("relations") or []:
            key = (rel["from"], rel["to"])
            if cid in key and all(end in present for end in key) and key not in have:
                if (key[1], key[0]) not in have:
                    relations.append(dict(rel))
        base_layout = self.b.get("layout") or {}
        layout = side["layout"] = dict(side.get("layout") or {})
        if cid in (base_layout.get("positions") or {}):
            layout["positions"] = {**(layout.get("positions") or {}), cid: base_layout["positions"][cid]}
        if cid in (base_layout.get("collapsed") or []):
            layout["collapsed"] = [*(layout.get("collapsed") or []), cid]

    def _records(self, item: str, key: str) -> list[dict]:
        """Merged cards or sources, field by field, in our order with theirs' additions placed."""
        base, ours, theirs = (by_id(d.get(key)) for d in (self.b, self.o, self.t))
        merged: dict[str, dict] = {}
        for rid in list(ours) + [r for r in theirs if r not in ours]:
            b, o, t = base.get(rid), ours.get(rid), theirs.get(rid)
            if o is None or t is None:
                one = o if o is not None else t
                if b is None or one != b:
                    if b is not None:  # removed on one side, changed on the other (sources; cards came back)
                        self.conflicts.append(
                            Conflict(item, rid, removed_by="ours" if o is None else "theirs")
                        )
                    merged[rid] = one  # type: ignore[assignment]
                continue
            merged[rid] = self._fields(item, rid, b or {}, o, t)
        order = self._order(
            [r["id"] for r in self.o.get(key) or []], [r["id"] for r in self.t.get(key) or []]
        )
        return [merged[rid] for rid in order if rid in merged]

    def _fields(self, item: str, rid: str, b: dict, o: dict, t: dict) -> dict:
        out: dict = {}
        for name in list(o) + [k for k in t if k not in o] + [k for k in b if k not in o and k not in t]:
            value, clash = merge3(b.get(name), o.get(name), t.get(name))
            if clash:
                self.conflicts.append(Conflict(item, rid, name, o.get(name), t.get(name)))  # type: ignore[arg-type]
            if value is not None:
                out[name] = value
        return out

    @staticmethod
    def _order(ours: list[str], theirs: list[str]) -> list[str]:
        """Our order, with each item only they have placed after the item that precedes it in theirs."""
        out = list(ours)
        placed = set(out)
        for i, rid in enumerate(theirs):
            if rid in placed:
                continue
            prev = next((theirs[j] for j in range(i - 1, -1, -1) if theirs[j] in placed), None)
            out.insert(out.index(prev) + 1 if prev is not None else 0, rid)
            placed.add(rid)
        return out

    # -- relations ----------------------------------------------------------------------------

    def _relations(self, cards: set[str]) -> list[dict]:
        base, ours, theirs = (relations_by_key(d.get("relations")) for d in (self.b, self.o, self.t))
        merged: dict[tuple[str, str], str] = {}
        for key in list(ours) + [k for k in theirs if k not in ours]:
            b, o, t = base.get(key), ours.get(key), theirs.get(key)
            value, clash = merge3(b, o, t)
            if clash:
                if o is None or t is None:  # removed by one, retyped by the other: keep it
                    value = o if o is not None else t
                    removed_by = "ours" if o is None else "theirs"
                    self.conflicts.append(Conflict("relation", key, "", o, t, removed_by))
                else:
                    self.conflicts.append(Conflict("relation", key, "type", o, t))
            if value is not None and key[0] in cards and key[1] in cards:
                merged[key] = value  # type: ignore[assignment]
        # Two cards are related at most once: a relation they drew the other way round stays theirs only.
        for key in list(merged):
            if key in theirs and key not in ours and (key[1], key[0]) in merged:
                self.conflicts.append(Conflict("relation", key, "type", None, merged.pop(key)))
        return [{"from": s, "to": t, "type": kind} for (s, t), kind in sorted(merged.items())]

    # -- layout, the map's own fields, anything else -------------------------------------------

    def _layout(self, cards: set[str]) -> dict:
        layouts = [d.get("layout") or {} for d in (self.b, self.o, self.t)]
        base, ours, theirs = (layout.get("positions") or {} for layout in layouts)
        positions = {}
        for cid in sorted(cards):
            b, o, t = base.get(cid), ours.get(cid), theirs.get(cid)
            if self.two_way:
                value, clash = (o if o is not None else t), False
            else:
                value, clash = merge3(b, o, t)
            if clash:
                self.conflicts.append(Conflict("card", cid, "position", o, t))
            if value is not None:
                positions[cid] = value
        base_c, ours_c, theirs_c = (set(layout.get("collapsed") or []) for layout in layouts)
        collapsed = sorted(cid for cid in cards if merge3(cid in base_c, cid in ours_c, cid in theirs_c)[0])
        out: dict = {}
        if positions:
            out["positions"] = positions
        if collapsed:
            out["collapsed"] = collapsed
        return out

    def _top(self, name: str) -> object:
        b, o, t = self.b.get(name), self.o.get(name), self.t.get(name)
        if isinstance(o, dict) and isinstance(t, dict) and isinstance(b or {}, dict):
            merged = {}
            for key in list(o) + [k for k in t if k not in o]:
                value, clash = merge3((b or {}).get(key), o.get(key), t.get(key))
                if clash:
                    self.conflicts.append(Conflict("map", "", f"{name}.{key}", o.get(key), t.get(key)))
                if value is not None:
                    merged[key] = value
            return merged
        value, clash = merge3(b, o, t)
        if clash:
            self.conflicts.append(Conflict("map", "", name, o, t))
        return value

    def run(self) -> dict:
        if not self.two_way:
            self._keep_removed_cards()
        out: dict = {"argmap": self.o.get("argmap", 1)}
        for name in ("title", "description"):
            value = self._top(name)
            if value is not None:
                out[name] = value
        cards = self._records("card", "cards")
        sources = self._records("source", "sources")
        self._keep_cited_sources(cards, sources)
        if sources:
            out["sources"] = sources
        out["cards"] = cards
        ids = {c["id"] for c in cards}
        relations = self._relations(ids)
        if relations:
            out["relations"] = relations
        layout = self._layout(ids)
        if layout:
            out["layout"] = layout
        for name in list(self.o) + [k for k in self.t if k not in self.o]:
            if name not in _OWN_RULES:
                value = self._top(name)
                if value is not None:
                    out[name] = value
        earlier = [conflict_from_data(e) for d in (self.o, self.t) for e in d.get("conflicts") or []]
        found = list(self.conflicts)
        for conflict in earlier:
            if conflict is not None and conflict not in found:
                found.append(conflict)
        if found:
            out["conflicts"] = [conflict_to_data(c) for c in found]
        return out

    def _keep_cited_sources(self, cards: list[dict], sources: list[dict]) -> None:
        """A source one side removed while the other's evidence (still in the map) cites it stays."""
        have = {s["id"] for s in sources}
        for card in cards:
            cite = card.get("cite") or {}
            sid = cite.get("source")
            if not sid or sid in have:
                continue
            for name, side in (("theirs", self.o), ("ours", self.t), ("", self.b)):
                found = by_id(side.get("sources")).get(sid)
                if found is not None:
                    sources.append(found)
                    have.add(sid)
                    if name:
                        self.conflicts.append(Conflict("source", sid, removed_by=name))
                    break


def merge_data(base: dict | None, ours: dict, theirs: dict) -> tuple[dict, list[Conflict]]:
    """The merged file data and the conflicts found (also recorded in its ``conflicts`` section)."""
    merger = _Merger(base, ours, theirs)
    data = merger.run()
    return data, merger.conflicts
