"""The flow sheet, Qt-free: a column per speech, each card in the column of the speech that made it,
each answer across from what it answers, and the arguments an opponent dropped.

A :class:`Preset` lists a format's speeches in order (policy, Lincoln-Douglas, Public Forum). A card
goes in the column whose speeches include its ``speech`` (compared without case); a card with no speech,
or one the preset does not know, is placed where its answer must have come (``inferred``): the
opponent's next speech after the card it answers, the first speech of its side when it answers nothing.

A card is *dropped* when the opponent's next speech after the one it was made in (or extended into)
answers it nowhere. docs/evaluation.md gives the rules; :func:`dropped` implements them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import networkx as nx

from .model import SIDES, ArgumentMap, Side


class FlowError(ValueError):
    """A preset that cannot be used: no columns, an unknown side, an unknown preset name."""


@dataclass(frozen=True)
class Column:
    """One speech on the flow: its heading, who gives it, and the ``speech`` texts that place a card here."""

    name: str
    side: Side
    speeches: tuple[str, ...] = ()

    def matches(self, speech: str) -> bool:
        wanted = speech.strip().casefold()
        return bool(wanted) and any(wanted == s.casefold() for s in (self.name,) + self.speeches)


@dataclass(frozen=True)
class Preset:
    """A debate format's speeches, in order. Edit the columns with :meth:`with_columns`."""

    key: str
    title: str
    columns: tuple[Column, ...]

    def __post_init__(self) -> None:
        if not self.columns:
            raise FlowError(f"the flow preset {self.title!r} has no columns")
        for column in self.columns:
            if column.side not in SIDES:
                raise FlowError(
                    f"column {column.name!r}: side must be 'for' or 'against', not {column.side!r}"
                )

    def with_columns(self, columns: Iterable[Column], title: str | None = None) -> Preset:
        """A copy with other columns (added, removed, renamed or reordered by the user)."""
        return replace(self, columns=tuple(columns), title=title or self.title)

    def column_of(self, speech: str) -> int | None:
        """The index of the column a card of this ``speech`` belongs in, or None when no column has it."""
        return next((i for i, c in enumerate(self.columns) if c.matches(speech)), None)

    def next_speech_of(self, side: str, after: int) -> int | None:
        """The first column after ``after`` given by ``side``, or None when that side speaks no more."""
        return next((i for i in range(after + 1, len(self.columns)) if self.columns[i].side == side), None)

    def opponents_next(self, side: str, after: int) -> int | None:
        """The opponent's next speech: the first column after ``after`` not given by ``side``."""
        return next((i for i in range(after + 1, len(self.columns)) if self.columns[i].side != side), None)

    def first_speech_of(self, side: str) -> int:
        return next((i for i, c in enumerate(self.columns) if c.side == side), 0)


def _pf(first: Side, names: tuple[str, str]) -> Preset:
    second: Side = "against" if first == "for" else "for"
    columns = []
    for speech in ("Constructive", "Rebuttal", "Summary", "Final Focus"):
        for team, side, order, ordinal in (("A", first, "First", "1st"), ("B", second, "Second", "2nd")):
            team_name = names[0] if side == "for" else names[1]
            columns.append(
                Column(
                    f"{team_name} {speech}",
                    side,
                    (f"Team {team} {speech}", f"{order} {speech}", f"{ordinal} {speech}"),
                )
            )
    who = "Pro" if first == "for" else "Con"
    return Preset(f"pf-{who.lower()}-first", f"Public Forum ({who} speaks first)", tuple(columns))


POLICY = Preset(
    "policy",
    "Policy (CX)",
    (
        Column("1AC", "for"),
        Column("1NC", "against"),
        Column("2AC", "for"),
        # The negative block: two negative speeches back to back, flowed and answered as one.
        Column("2NC/1NR", "against", ("2NC", "1NR", "block", "neg block")),
        Column("1AR", "for"),
        Column("2NR", "against"),
        Column("2AR", "for"),
    ),
)

LINCOLN_DOUGLAS = Preset(
    "ld",
    "Lincoln\u2013Douglas",
    (
        Column("AC", "for", ("1AC",)),
        Column("NC", "against", ("1NC",)),
        Column("1AR", "for"),
        Column("NR", "against", ("2NR", "1NR")),
        Column("2AR", "for"),
    ),
)

PUBLIC_FORUM_PRO_FIRST = _pf("for", ("Pro", "Con"))
PUBLIC_FORUM_CON_FIRST = _pf("against", ("Pro", "Con"))

PRESETS: dict[str, Preset] = {
    p.key: p for p in (POLICY, LINCOLN_DOUGLAS, PUBLIC_FORUM_PRO_FIRST, PUBLIC_FORUM_CON_FIRST)
}


def preset(key: str) -> Preset:
    """A built-in preset by key: policy, ld, pf-pro-first, pf-con-first."""
    try:
        return PRESETS[key]
    except KeyError:
        raise FlowError(f"no flow preset {key!r}; use one of {', '.join(PRESETS)}") from None


# ---------------------------------------------------------------------------------------------
# The sheet
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowCell:
    """Where one card sits: a column index and a row (rows are slots; the view decides their height)."""

    card_id: str
    column: int
    row: int
    evidence: bool  # an evidence card (quoted) rather than an analytic
    inferred: bool  # the card's speech was empty or unknown to the preset, so the column was inferred
    across_from: str | None = None  # the card this one answers, which sits on its row or above it
    extension: bool = False  # a marker that the card was extended into this column, not the card itself


@dataclass(frozen=True)
class Drop:
    """``card_id``, made (or extended) in column ``made_in``, went unanswered in column ``missed_in``."""

    card_id: str
    made_in: int
    missed_in: int
    extended: bool  # its side extended it into a speech after the one that dropped it


@dataclass
class FlowSheet:
    """The flow: a cell per card, extension markers, and the dropped arguments."""

    preset: Preset
    cells: dict[str, FlowCell]
    extensions: list[FlowCell] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.preset.columns

    @property
    def rows(self) -> int:
        cells = list(self.cells.values()) + self.extensions
        return max((c.row for c in cells), default=-1) + 1

    def column(self, index: int) -> list[FlowCell]:
        """The cells and extension markers in one column, top to bottom."""
        found = [c for c in list(self.cells.values()) + self.extensions if c.column == index]
        return sorted(found, key=lambda c: c.row)


def flow_sheet(
    amap: ArgumentMap, flow_preset: Preset, extended: Mapping[str, Iterable[str]] | None = None
) -> FlowSheet:
    """Lay the map out on a flow. ``extended`` maps card ids to the speeches each was extended into
    (held by the caller until cards carry it; see docs/evaluation.md)."""
    extended = _extension_columns(amap, flow_preset, extended)
    graph = amap.graph
    order = {c: i for i, c in enumerate(amap.card_ids())}
    last = len(flow_preset.columns) - 1
    next_free = [0] * len(flow_preset.columns)
    cells: dict[str, FlowCell] = {}
    markers: list[FlowCell] = []

    def column_for(card_id: str, parent: str | None) -> tuple[int, bool]:
        card = amap.card(card_id)
        known = flow_preset.column_of(card.speech)
        if known is not None:
            return known, False
        if parent is None:
            return flow_preset.first_speech_of(card.side), True
        after = cells[parent].column
        if flow_preset.columns[after].side == card.side:
            return after, True  # support read in the same speech
        found = flow_preset.next_speech_of(card.side, after)
        return (found if found is not None else last), True

    def place(card_id: str, parent: str | None) -> None:
        column, inferred = column_for(card_id, parent)
        if parent is None:  # a new argument starts below everything on the sheet
            desired = max(next_free)
        else:  # across from what it answers, below earlier answers' rows to its right
            desired = max([cells[parent].row] + next_free[column:])
        row = max(desired, next_free[column])
        next_free[column] = row + 1
        cells[card_id] = FlowCell(
            card_id, column, row, amap.card(card_id).kind == "evidence", inferred, parent
        )
        for ext_column in extended.get(card_id, ()):
            ext_row = max(row, next_free[ext_column])
            next_free[ext_column] = ext_row + 1
            markers.append(
                FlowCell(card_id, ext_column, ext_row, cells[card_id].evidence, False, parent, extension=True)
            )

    def answers(card_id: str) -> list[str]:
        fresh = [a for a in graph.predecessors(card_id) if a not in cells]
        speech_col = {a: flow_preset.column_of(amap.card(a).speech) for a in fresh}
        return sorted(
            fresh, key=lambda a: (speech_col[a] if speech_col[a] is not None else last + 1, order[a])
        )

    roots = [c for c in amap.card_ids() if graph.out_degree(c) == 0]
    pending = sorted(roots, key=lambda c: (column_for(c, None)[0], order[c]))
    for start in pending + amap.card_ids():  # then whatever sits only on cycles, in map order
        if start in cells:
            continue
        stack: list[tuple[str, str | None]] = [(start, None)]
        while stack:
            card_id, parent = stack.pop()
            if card_id in cells:
                continue
            place(card_id, parent)
            stack.extend((a, card_id) for a in reversed(answers(card_id)))
    sheet = FlowSheet(flow_preset, {c: cells[c] for c in amap.card_ids()}, markers)
    sheet.drops = _drops(amap, sheet, extended)
    return sheet


def _extension_columns(
    amap: ArgumentMap, flow_preset: Preset, extended: Mapping[str, Iterable[str]] | None
) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for card_id, speeches in (extended or {}).items():
        if card_id not in amap:
            raise FlowError(f"cannot extend {card_id!r}: there is no such card")
        columns = []
        for speech in speeches:
            index = flow_preset.column_of(speech)
            if index is None:
                raise FlowError(
                    f"cannot extend {card_id!r} into {speech!r}: the "
                    f"{flow_preset.title} flow has no such speech"
                )
            columns.append(index)
        out[card_id] = sorted(set(columns))
    return out


def _drops(amap: ArgumentMap, sheet: FlowSheet, extended: Mapping[str, list[int]]) -> list[Drop]:
    supports = nx.DiGraph()
    supports.add_nodes_from(amap.card_ids())
    supports.add_edges_from(r.key for r in amap.relations() if r.type == "supports")
    # the columns in which each card is rebutted, with the rebutting card's side
    rebutted_in: dict[str, set[tuple[int, str]]] = {c: set() for c in amap.card_ids()}
    for rel in amap.relations():
        if rel.type == "rebuts":
            rebutted_in[rel.target].add((sheet.cells[rel.source].column, amap.card(rel.source).side))
    drops = []
    for card in amap.cards():
        # the same argument: the card, what it rests on, and what it holds up (through supports)
        argument = {card.id}
        if supports.degree(card.id):
            argument |= nx.ancestors(supports, card.id) | nx.descendants(supports, card.id)
        answered = {col for c in argument for col, side in rebutted_in[c] if side != card.side}
        made = [sheet.cells[card.id].column] + [
            c for c in extended.get(card.id, ()) if c > sheet.cells[card.id].column
        ]
        for made_in in made:
            missed = sheet.preset.opponents_next(card.side, made_in)
            if missed is not None and missed not in answered:
                drops.append(
                    Drop(card.id, made_in, missed, any(c > missed for c in extended.get(card.id, ())))
                )
    return drops


def dropped(
    amap: ArgumentMap, flow_preset: Preset, extended: Mapping[str, Iterable[str]] | None = None
) -> list[Drop]:
    """The arguments each side dropped, in map order (see :func:`flow_sheet`)."""
    return flow_sheet(amap, flow_preset, extended).drops
