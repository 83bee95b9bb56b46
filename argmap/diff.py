"""What changed between two versions of a map, in the debate's words: cards, relations, sources, layout.

Both versions are compared in their canonical file form (``format.to_data``), field by field, so a
field a card gains later (the flow sheet's, say) is compared without a word of code here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .conflicts import show_value
from .format import to_data
from .model import ArgumentMap

# Top-level keys compared by their own rules; any other key is compared as one value.
_KNOWN = ("argmap", "title", "description", "sources", "cards", "relations", "layout", "conflicts")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object  # None: the field was absent (empty)
    new: object


@dataclass(frozen=True)
class ItemChange:
    """A card or source whose fields changed."""

    id: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Retype:
    source: str
    target: str
    old: str
    new: str


@dataclass
class MapDiff:
    """Every difference from ``old`` to ``new``; empty lists when the maps say the same."""

    info: list[FieldChange] = field(default_factory=list)
    cards_added: list[dict] = field(default_factory=list)
    cards_removed: list[dict] = field(default_factory=list)
    cards_changed: list[ItemChange] = field(default_factory=list)
    relations_added: list[dict] = field(default_factory=list)
    relations_removed: list[dict] = field(default_factory=list)
    relations_retyped: list[Retype] = field(default_factory=list)
    sources_added: list[dict] = field(default_factory=list)
    sources_removed: list[dict] = field(default_factory=list)
    sources_changed: list[ItemChange] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # cards placed elsewhere
    placed: list[str] = field(default_factory=list)  # cards given a saved position
    unplaced: list[str] = field(default_factory=list)  # cards whose saved position was cleared
    collapsed: list[str] = field(default_factory=list)
    expanded: list[str] = field(default_factory=list)
    order_changed: bool = False
    conflicts_old: int = 0
    conflicts_new: int = 0
    other: list[FieldChange] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not any(
            (
                self.info,
                self.cards_added,
                self.cards_removed,
                self.cards_changed,
                self.relations_added,
                self.relations_removed,
                self.relations_retyped,
                self.sources_added,
                self.sources_removed,
                self.sources_changed,
                self.moved,
                self.placed,
                self.unplaced,
                self.collapsed,
                self.expanded,
                self.order_changed,
                self.conflicts_old != self.conflicts_new,
                self.other,
            )
        )

    def changed_card_ids(self) -> dict[str, str]:
        """Each card of the new map that differs from the old, with "added" or "changed"."""
        out = {c["id"]: "added" for c in self.cards_added}
        for change in self.cards_changed:
            out[change.id] = "changed"
        return out


def field_changes(old: dict, new: dict, skip: tuple[str, ...] = ("id",)) -> tuple[FieldChange, ...]:
    """The fields of two records (cards, sources) that differ, in the new record's key order."""
    keys = [k for k in new if k not in skip] + [k for k in old if k not in new and k not in skip]
    return tuple(FieldChange(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def map_data(amap: ArgumentMap) -> dict:
    """The map as the file holds it: fresh lists and dicts (some of them the writer's one-line kinds,
    which compare equal to plain ones), for the caller to keep or change."""
    return to_data(amap)


def by_id(items: object) -> dict[str, dict]:
    return {item["id"]: item for item in items or []}  # type: ignore[union-attr]


def relations_by_key(items: object) -> dict[tuple[str, str], str]:
    return {(r["from"], r["to"]): r["type"] for r in items or []}  # type: ignore[union-attr]


def diff_maps(old: ArgumentMap, new: ArgumentMap) -> MapDiff:
    return diff_data(map_data(old), map_data(new))


def diff_data(old: dict, new: dict) -> MapDiff:
    """The differences between two maps in their file form."""
    d = MapDiff()
    for key in ("title", "description"):
        if old.get(key) != new.get(key):
            d.info.append(FieldChange(key, old.get(key), new.get(key)))
    old_cards, new_cards = by_id(old.get("cards")), by_id(new.get("cards"))
    d.cards_added = [c for cid, c in new_cards.items() if cid not in old_cards]
    d.cards_removed = [c for cid, c in old_cards.items() if cid not in new_cards]
    for cid, card in new_cards.items():
        if cid in old_cards:
            fields = field_changes(old_cards[cid], card)
            if fields:
                d.cards_changed.append(ItemChange(cid, fields))
    kept_old = [cid for cid in old_cards if cid in new_cards]
    kept_new = [cid for cid in new_cards if cid in old_cards]
    d.order_changed = kept_old != kept_new
    old_rel, new_rel = relations_by_key(old.get("relations")), relations_by_key(new.get("relations"))
    for (source, target), kind in new_rel.items():
        if (source, target) not in old_rel:
            d.relations_added.append({"from": source, "to": target, "type": kind})
        elif old_rel[(source, target)] != kind:
            d.relations_retyped.append(Retype(source, target, old_rel[(source, target)], kind))
    d.relations_removed = [
        {"from": s, "to": t, "type": kind} for (s, t), kind in old_rel.items() if (s, t) not in new_rel
    ]
    old_src, new_src = by_id(old.get("sources")), by_id(new.get("sources"))
    d.sources_added = [s for sid, s in new_src.items() if sid not in old_src]
    d.sources_removed = [s for sid, s in old_src.items() if sid not in new_src]
    for sid, source in new_src.items():
        if sid in old_src:
            fields = field_changes(old_src[sid], source)
            if fields:
                d.sources_changed.append(ItemChange(sid, fields))
    old_layout, new_layout = old.get("layout") or {}, new.get("layout") or {}
    old_pos, new_pos = old_layout.get("positions") or {}, new_layout.get("positions") or {}
    for cid, pos in new_pos.items():
        if cid not in old_pos:
            if cid in old_cards:  # a new card's position is part of its being added
                d.placed.append(cid)
        elif old_pos[cid] != pos:
            d.moved.append(cid)
    d.placed.sort()
    d.unplaced = sorted(cid for cid in old_pos if cid not in new_pos and cid in new_cards)
    old_col, new_col = set(old_layout.get("collapsed") or []), set(new_layout.get("collapsed") or [])
    d.collapsed = sorted(cid for cid in new_col - old_col if cid in old_cards)
    d.expanded = sorted(cid for cid in old_col - new_col if cid in new_cards)
    d.conflicts_old, d.conflicts_new = len(old.get("conflicts") or []), len(new.get("conflicts") or [])
    for key in sorted(set(old) | set(new)):
        if key not in _KNOWN and old.get(key) != new.get(key):
            d.other.append(FieldChange(key, old.get(key), new.get(key)))
    return d


# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The change from ``old`` to ``new`` word by word: ("=", kept), ("-", removed), ("+", added).

    A space or a comma left standing between two changes is folded into them, and a text rewritten
    from end to end reads as one removal and one addition, as a person would describe it.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < 0.4:
        return [(op, text) for op, text in (("-", old), ("+", new)) if text]
    ops: list[tuple[str, str, str]] = []  # (kind, removed, added)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        kept = "".join(a[i1:i2])
        if op == "equal":
            ops.append(("=", kept, kept))
        else:
            ops.append(("~", kept, "".join(b[j1:j2])))
    # Fold trivial kept runs (blanks, punctuation) that sit between two changes into the change.
    merged: list[list[str]] = []
    for i, (kind, removed, added) in enumerate(ops):
        trivial = kind == "=" and not re.search(r"\w", removed)
        between = 0 < i < len(ops) - 1 and ops[i - 1][0] == "~" and ops[i + 1][0] == "~"
        if kind == "~" or (trivial and between):
            if merged and merged[-1][0] == "~":
                merged[-1][1] += removed
                merged[-1][2] += added
            else:
                merged.append(["~", removed, added])
        else:
            merged.append(["=", removed, added])
    out: list[tuple[str, str]] = []
    for kind, removed, added in merged:
        if kind == "=":
            out.append(("=", removed))
            continue
        if removed:
            out.append(("-", removed))
        if added:
            out.append(("+", added))
    return out


def visible(text: str) -> str:
    """Text on one terminal line: line breaks as ⏎, control and direction characters as \\uXXXX, so
    a card's text can neither break the listing nor send the terminal commands."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append("⏎")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch != "\u200d":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def show_word_diff(old: str, new: str) -> str:
    """The word diff as one text, git's way: [-removed-]{+added+}."""
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return "".join(marks[op].format(visible(text)) for op, text in word_diff(old, new))


def _card_line(card: dict) -> str:
    headline = card.get("tag") or card.get("text") or card.get("quote") or ""
    return f"{card['id']} ({card.get('kind')}, {card.get('side')}): {show_value(headline, 70)}"


def show_field_change(change: FieldChange) -> str:
    if isinstance(change.old, str) and isinstance(change.new, str):
        return f"{change.field}: {show_word_diff(change.old, change.new)}"
    return f"{change.field}: {show_value(change.old)} -> {show_value(change.new)}"


def _names(ids: list[str], limit: int = 6) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def describe(d: MapDiff) -> list[str]:
    """The differences as lines a debater reads, most important first."""
    lines: list[str] = []
    for change in d.info:
        lines.append(f"map {show_field_change(change)}")
    if d.cards_added:
        lines.append(f"cards added ({len(d.cards_added)}):")
        lines += [f"  + {_card_line(c)}" for c in d.cards_added]
    if d.cards_removed:
        lines.append(f"cards removed ({len(d.cards_removed)}):")
        lines += [f"  - {_card_line(c)}" for c in d.cards_removed]
    if d.cards_changed:
        lines.append(f"cards changed ({len(d.cards_changed)}):")
        for change in d.cards_changed:
            lines.append(f"  ~ {change.id}: {', '.join(f.field for f in change.fields)}")
            lines += [f"      {show_field_change(f)}" for f in change.fields]
    if d.relations_added or d.relations_removed or d.relations_retyped:
        lines.append("relations:")
        lines += [f"  + {r['from']} {r['type']} {r['to']}" for r in d.relations_added]
        lines += [f"  - {r['from']} {r['type']} {r['to']}" for r in d.relations_removed]
        lines += [f"  ~ {r.source} -> {r.target}: {r.old} became {r.new}" for r in d.relations_retyped]
    if d.sources_added or d.sources_removed or d.sources_changed:
        lines.append("sources:")
        lines += [f"  + {s['id']}: {show_value(s.get('title'))}" for s in d.sources_added]
        lines += [f"  - {s['id']}: {show_value(s.get('title'))}" for s in d.sources_removed]
        for change in d.sources_changed:
            lines.append(f"  ~ {change.id}: " + "; ".join(show_field_change(f) for f in change.fields))
    layout = []
    for ids, word in (
        (d.moved, "moved"),
        (d.placed, "placed"),
        (d.unplaced, "unplaced (laid out automatically)"),
        (d.collapsed, "collapsed"),
        (d.expanded, "expanded"),
    ):
        if ids:
            layout.append(f"{len(ids)} card{'s' if len(ids) != 1 else ''} {word} ({_names(ids)})")
    if d.order_changed:
        layout.append("card order changed")
    if layout:
        lines.append("layout: " + "; ".join(layout))
    if d.conflicts_old != d.conflicts_new:
        lines.append(f"unresolved merge conflicts: {d.conflicts_old} -> {d.conflicts_new}")
    for change in d.other:
        lines.append(f"{change.field}: changed")
    return lines


def to_json(d: MapDiff) -> dict:
    """The differences for tools: every list above, text changes with their word diff."""

    def fields(changes: tuple[FieldChange, ...]) -> list[dict]:
        out = []
        for f in changes:
            entry = {"field": f.field, "old": f.old, "new": f.new}
            if isinstance(f.old, str) and isinstance(f.new, str):
                entry["words"] = [list(pair) for pair in word_diff(f.old, f.new)]
            out.append(entry)
        return out

    return {
        "equal": d.equal,
        "map": fields(tuple(d.info)),
        "cards": {
            "added": d.cards_added,
            "removed": d.cards_removed,
            "changed": [{"id": c.id, "fields": fields(c.fields)} for c in d.cards_changed],
        },
        "relations": {
            "added": d.relations_added,
            "removed": d.relations_removed,
            "retyped": [
                {"from": r.source, "to": r.target, "old": r.old, "new": r.new} for r in d.relations_retyped
            ],
        },
        "sources": {
            "added": d.sources_added,
            "removed": d.sources_removed,
            "changed": [{"id": c.id, "fields": fields(c.fields)} for c in d.sources_changed],
        },
        "layout": {
            "moved": d.moved,
            "placed": d.placed,
            "unplaced": d.unplaced,
            "collapsed": d.collapsed,
            "expanded": d.expanded,
            "order_changed": d.order_changed,
        },
        "conflicts": {"old": d.conflicts_old, "new": d.conflicts_new},
        "other": [{"field": f.field, "old": f.old, "new": f.new} for f in d.other],
    }
