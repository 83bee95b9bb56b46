"""The flow, Qt-free: sheets as debaters flow them, a column per speech, and the arguments dropped.

A :class:`Preset` lists a format's speeches in order (policy, Lincoln-Douglas, Public Forum) with their
speaking and preparation times. A card goes in the column whose speeches include its ``speech``
(compared without case); a card with no speech, or one the preset does not know, is placed where it
must have been made (``inferred``): the speech of the card it supports, the answering side's next
speech after the card it answers, its side's first speech when it answers nothing.

**Sheets.** Each position (the case, each disadvantage, counterplan, kritik, topicality) and each card
that answers nothing starts a sheet; every card answering it, through answers of answers, joins that
sheet unless it is a position itself. On a sheet an answer sits on the row of the card it answers; a
block of answers to one card takes the rows below it and is numbered 1, 2, 3; the next argument in the
first card's column starts below the block. Extension marks go on the card's row when that cell is
free and never take a row of their own.

**Dropped.** ``now`` is the speech in progress: the speeches before it have passed. An argument made
(or extended) in a speech is *dropped* once the opponent's next speech has passed without a card of
the other side rebutting it. A rebuttal answers the card it rebuts and what that card holds up through
supports (taking out a disadvantage's link answers the disadvantage), never the cards under it
(rebutting the plan answers no advantage); evidence read for a claim is part of that claim. The
round's drops are the same for the dock, the decision and the command line: :func:`dropped` is the one
definition, and it always reads ``Card.extended``. docs/flow.md gives the rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .model import SIDES, ArgumentMap, Card, Side


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
class Timed:
    """One timed stretch of a round: a speech (flowed in a column) or a cross-examination (not)."""

    name: str
    minutes: float
    side: Side | None = None  # who speaks; None for a crossfire both sides share


@dataclass(frozen=True)
class Preset:
    """A debate format's speeches, in order, and its clock. Edit the columns with :meth:`with_columns`."""

    key: str
    title: str
    columns: tuple[Column, ...]
    times: tuple[Timed, ...] = ()  # every timed speech and cross-examination, in order
    prep_minutes: float = 0.0  # preparation time each side has for the whole round
    # speech (case folded) -> column: a flow looks up every card's speech, so once per preset
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.columns:
            raise FlowError(f"the flow preset {self.title!r} has no columns")
        for i, column in enumerate(self.columns):
            if column.side not in SIDES:
                raise FlowError(
                    f"column {column.name!r}: side must be 'for' or 'against', not {column.side!r}"
                )
            for speech in (column.name,) + column.speeches:
                self._index.setdefault(speech.casefold(), i)

    def with_columns(self, columns: Iterable[Column], title: str | None = None) -> Preset:
        """A copy with other columns (added, removed, renamed or reordered by the user)."""
        return replace(self, columns=tuple(columns), title=title or self.title)

    def column_of(self, speech: str) -> int | None:
        """The index of the column a card of this ``speech`` belongs in, or None when no column has it."""
        wanted = speech.strip().casefold()
        return self._index.get(wanted) if wanted else None

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
    # NSDA times: constructives and rebuttals 4, summaries 3, final focus 2; crossfires 3; prep 3 a team
    minutes = {"Constructive": 4, "Rebuttal": 4, "Summary": 3, "Final Focus": 2}
    times: list[Timed] = []
    for speech in ("Constructive", "Rebuttal", "Summary", "Final Focus"):
        for c in columns:
            if c.name.endswith(speech):
                times.append(Timed(c.name, minutes[speech], c.side))
        if speech == "Constructive":
            times.append(Timed("Crossfire", 3))
        elif speech == "Rebuttal":
            times.append(Timed("Crossfire", 3))
        elif speech == "Summary":
            times.append(Timed("Grand Crossfire", 3))
    return Preset(
        f"pf-{who.lower()}-first", f"Public Forum ({who} speaks first)", tuple(columns), tuple(times), 3
    )


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
    # NSDA high-school times: constructives 8, cross-examinations 3, rebuttals 5; prep 8 a side
    (
        Timed("1AC", 8, "for"),
        Timed("CX of 1AC", 3),
        Timed("1NC", 8, "against"),
        Timed("CX of 1NC", 3),
        Timed("2AC", 8, "for"),
        Timed("CX of 2AC", 3),
        Timed("2NC", 8, "against"),
        Timed("CX of 2NC", 3),
        Timed("1NR", 5, "against"),
        Timed("1AR", 5, "for"),
        Timed("2NR", 5, "against"),
        Timed("2AR", 5, "for"),
    ),
    8,
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
    (
        Timed("AC", 6, "for"),
        Timed("CX of AC", 3),
        Timed("NC", 7, "against"),
        Timed("CX of NC", 3),
        Timed("1AR", 4, "for"),
        Timed("NR", 6, "against"),
        Timed("2AR", 3, "for"),
    ),
    4,
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
# Sheets
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowCell:
    """Where one card sits on a sheet: a column index and a row."""

    card_id: str
    column: int
    row: int
    evidence: bool  # an evidence card (quoted) rather than an analytic
    inferred: bool  # the card's speech was empty or unknown to the preset, so the column was inferred
    across_from: str | None = None  # the card this one answers (on the flow), on its row or above it
    extension: bool = False  # a mark that the card was extended into this column, not the card itself
    number: int = 0  # 1, 2, 3 within a block of answers to one card in one speech; 0 when alone
    refers_to: tuple[
        str, ...
    ] = ()  # a pointer, not a card: the positions answering ``card_id`` on their own sheets


@dataclass(frozen=True)
class Drop:
    """``card_id``, made (or extended) in column ``made_in``, went unanswered in column ``missed_in``."""

    card_id: str
    made_in: int
    missed_in: int
    extended: bool  # its side extended it into a speech after the one that dropped it


@dataclass
class Sheet:
    """One sheet of paper: the cells of one position (or, for the whole round, of every sheet)."""

    preset: Preset
    title: str
    root: str | None  # the card that starts the sheet; None for the whole-round view
    side: Side | None
    cells: dict[str, FlowCell]
    extensions: list[FlowCell] = field(default_factory=list)
    references: list[FlowCell] = field(default_factory=list)  # "see sheet 2" where a position answers a card
    drops: list[Drop] = field(default_factory=list)
    headings: dict[int, int] = field(default_factory=dict)  # whole round: heading row -> sheet index
    bands: list[tuple[int, int]] = field(default_factory=list)  # whole round: (first, end) rows per sheet

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.preset.columns

    @property
    def rows(self) -> int:
        cells = list(self.cells.values()) + self.extensions
        return max([c.row for c in cells] + list(self.headings), default=-1) + 1

    def column(self, index: int) -> list[FlowCell]:
        """The cells and extension marks in one column, top to bottom."""
        found = [c for c in list(self.cells.values()) + self.extensions if c.column == index]
        return sorted(found, key=lambda c: c.row)

    def grid(self) -> dict[tuple[int, int], FlowCell]:
        """Every occupied (row, column)."""
        marks = list(self.references) + list(self.extensions)
        return {(c.row, c.column): c for c in marks + list(self.cells.values())}


@dataclass
class FlowRound:
    """The round on paper: its sheets, the whole-round view, the drops, and the speech in progress."""

    preset: Preset
    sheets: list[Sheet]
    whole: Sheet
    drops: list[Drop]
    now: int  # the speech in progress; len(columns) once the round is over
    sheet_of: dict[str, int]  # card id -> index of its sheet

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.preset.columns

    @property
    def over(self) -> bool:
        return self.now >= len(self.preset.columns)


def _sort_key(amap: ArgumentMap, flow_preset: Preset, order: dict[str, int]):
    def key(card_id: str) -> tuple[int, int]:
        card = amap.card(card_id)
        known = flow_preset.column_of(card.speech)
        return (known if known is not None else flow_preset.first_speech_of(card.side), order[card_id])

    return key


def _parents(amap: ArgumentMap, flow_preset: Preset) -> dict[str, str | None]:
    """The card each card is flowed against: the first card it answers. Of two cards that rebut each
    other, the later one answers the earlier (the earlier cannot have answered what was not said)."""
    order = {c: i for i, c in enumerate(amap.card_ids())}
    key = _sort_key(amap, flow_preset, order)
    parent: dict[str, str | None] = {}
    for card_id in amap.card_ids():
        targets = [
            t
            for t in amap.answered_by(card_id)
            if not (amap.has_relation(t, card_id) and key(t) > key(card_id))
        ]
        parent[card_id] = targets[0] if targets else None
    # Break longer cycles: follow parents from each card, once per card in all; a walk that comes
    # back to a card of its own path has found a cycle, cut at its earliest card.
    done: set[str] = set()
    for start in amap.card_ids():
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent[node]
        if node is not None and node in on_path:
            cycle = path[path.index(node) :]
            parent[min(cycle, key=key)] = None
        done.update(path)
    return parent


def _extension_columns(card: Card, flow_preset: Preset, made: int) -> list[int]:
    """The columns after ``made`` that the card was extended into; speeches this preset lacks are kept
    in the file and ignored here."""
    found = {flow_preset.column_of(s) for s in card.extended}
    return sorted(c for c in found if c is not None and c > made)


FOLLOW = "follow"  # flow_round's ``now`` for a live flow: the latest speech with a card is in progress


def flow_round(amap: ArgumentMap, flow_preset: Preset, now: int | str | None = None) -> FlowRound:
    """Lay the map out as a round: sheets, the whole-round view and the drops.

    ``now`` is the speech in progress (a column index or a speech name); None means the round is
    over, so every speech has passed; :data:`FOLLOW` follows the round: the speech in progress is
    the latest one holding a card (what a live flow shows).
    """
    columns = flow_preset.columns
    if now is None:
        now_index = len(columns)
    elif now == FOLLOW:
        now_index = -1  # the latest column holding a card, once the columns are known
    elif isinstance(now, str):
        found = flow_preset.column_of(now)
        if found is None:
            raise FlowError(f"the {flow_preset.title} flow has no speech {now!r}")
        now_index = found
    else:
        now_index = max(0, min(int(now), len(columns)))
    order = {c: i for i, c in enumerate(amap.card_ids())}
    parent = _parents(amap, flow_preset)
    children: dict[str | None, list[str]] = {}
    for card_id in amap.card_ids():
        children.setdefault(parent[card_id], []).append(card_id)

    column: dict[str, int] = {}
    inferred: dict[str, bool] = {}

    def place_column(card_id: str) -> None:
        card = amap.card(card_id)
        known = flow_preset.column_of(card.speech)
        up = parent[card_id]
        if known is not None:
            column[card_id], inferred[card_id] = known, False
        elif up is None:
            column[card_id], inferred[card_id] = flow_preset.first_speech_of(card.side), True
        else:
            after = column[up]
            if columns[after].side == card.side:
                column[card_id] = after  # a support read in the same speech
            else:
                found = flow_preset.next_speech_of(card.side, after)
                column[card_id] = found if found is not None else len(columns) - 1
            inferred[card_id] = True

    # Sheets: the forest's roots and every position start one; answers join their parent's sheet.
    sheet_roots: list[str] = []
    sheet_of_card: dict[str, str] = {}
    stack = list(reversed(children.get(None, [])))
    while stack:
        card_id = stack.pop()
        place_column(card_id)
        up = parent[card_id]
        if up is None or amap.card(card_id).kind == "position":
            sheet_roots.append(card_id)
            sheet_of_card[card_id] = card_id
        else:
            sheet_of_card[card_id] = sheet_of_card[up]
        stack.extend(reversed(children.get(card_id, [])))
    # Sheets in the order they start in the round: by the root's column, then map order.
    sheet_roots.sort(key=lambda c: (column[c], order[c]))

    sheets: list[Sheet] = []
    for root in sheet_roots:
        sheets.append(
            _lay_out_sheet(amap, flow_preset, root, children, column, inferred, sheet_of_card, order)
        )
    sheet_index = {s.root: i for i, s in enumerate(sheets)}
    sheet_of = {c: sheet_index[r] for c, r in sheet_of_card.items()}

    if now_index < 0:
        now_index = max(column.values(), default=0)
    drops = _drops(amap, flow_preset, column, now_index)
    for d in drops:
        sheets[sheet_of[d.card_id]].drops.append(d)
    whole = _whole(flow_preset, sheets, drops)
    return FlowRound(flow_preset, sheets, whole, drops, now_index, sheet_of)


def _lay_out_sheet(
    amap: ArgumentMap,
    flow_preset: Preset,
    root: str,
    children: dict[str | None, list[str]],
    column: dict[str, int],
    inferred: dict[str, bool],
    sheet_of_card: dict[str, str],
    order: dict[str, int],
) -> Sheet:
    n = len(flow_preset.columns)
    next_free = [0] * n
    cells: dict[str, FlowCell] = {}

    def put(card_id: str, up: str | None, number: int) -> None:
        """Give the card its cell (not its answers)."""
        col = column[card_id]
        if up is None:
            row = 0
        else:
            # Across from what it answers, but below whatever earlier answers took to the right of it,
            # so no line of the flow crosses another; a same-column support goes below its claim.
            first = cells[up].row + (1 if column[up] == col else 0)
            row = max([first] + next_free[col:])
        row = max(row, next_free[col])
        next_free[col] = row + 1
        card = amap.card(card_id)
        cells[card_id] = FlowCell(
            card_id, col, row, card.kind == "evidence", inferred[card_id], up, False, number
        )

    def answer(card_id: str) -> list[tuple]:
        """What answers the card, in the order it is laid out: its evidence right under it, its answers
        across on its row, then what its evidence drew, then its other supports below."""
        col = column[card_id]
        mine = [c for c in children.get(card_id, []) if sheet_of_card.get(c) == sheet_of_card[card_id]]
        mine = [c for c in mine if c != sheet_of_card.get(c)]  # a position answering it has its own sheet
        across = sorted((c for c in mine if column[c] != col), key=lambda c: (column[c], order[c]))
        below = [c for c in mine if column[c] == col]
        evidence = [
            c
            for c in below
            if amap.card(c).kind == "evidence" and amap.relation(c, card_id).type == "supports"
        ]
        for c in evidence:  # the cards read for the claim, under its tag as on paper
            put(c, card_id, 0)
        per_column: dict[int, int] = {}
        for c in across:
            per_column[column[c]] = per_column.get(column[c], 0) + 1
        seen: dict[int, int] = {}
        tasks: list[tuple] = []
        for c in across:
            seen[column[c]] = seen.get(column[c], 0) + 1
            tasks.append(("place", c, card_id, seen[column[c]] if per_column[column[c]] > 1 else 0))
        tasks += [("answer", c) for c in evidence]
        tasks += [("place", c, card_id, 0) for c in below if c not in evidence]
        return tasks

    # An explicit stack, not recursion: a chain of thousands of answers is a valid map.
    work: list[tuple] = [("place", root, None, 0)]
    while work:
        task = work.pop()
        if task[0] == "place":
            put(task[1], task[2], task[3])
            work.append(("answer", task[1]))
        else:
            work.extend(reversed(answer(task[1])))
    # Extension marks: on the card's row where that cell is free; they never push an answer down.
    taken = {(c.row, c.column) for c in cells.values()}
    marks = []
    for card_id, cell in cells.items():
        for ext in _extension_columns(amap.card(card_id), flow_preset, cell.column):
            if (cell.row, ext) not in taken:
                taken.add((cell.row, ext))
                marks.append(replace(cell, column=ext, extension=True, inferred=False, number=0))
    # Pointers to the sheets of positions answering a card here (a disadvantage against the plan),
    # on the card's row where that cell is free: the case sheet shows where the plan was answered.
    references = []
    for card_id, cell in cells.items():
        by_column: dict[int, list[str]] = {}
        for c in children.get(card_id, []):
            if sheet_of_card.get(c) == c:
                by_column.setdefault(column[c], []).append(c)
        for col, positions in sorted(by_column.items()):
            if (cell.row, col) not in taken:
                taken.add((cell.row, col))
                references.append(FlowCell(card_id, col, cell.row, False, False, refers_to=tuple(positions)))
    card = amap.card(root)
    ordered = dict(sorted(cells.items(), key=lambda kv: order[kv[0]]))
    return Sheet(
        flow_preset, card.headline or card.id, root, card.side, ordered, marks, references=references
    )


def _moved(cell: FlowCell, row: int) -> FlowCell:
    # dataclasses.replace costs several times this, once per card of a 10,000-card round
    return FlowCell(
        cell.card_id,
        cell.column,
        row,
        cell.evidence,
        cell.inferred,
        cell.across_from,
        cell.extension,
        cell.number,
        cell.refers_to,
    )


def _whole(flow_preset: Preset, sheets: list[Sheet], drops: list[Drop]) -> Sheet:
    """Every sheet one under another, each after a heading row naming it."""
    cells: dict[str, FlowCell] = {}
    marks: list[FlowCell] = []
    references: list[FlowCell] = []
    headings: dict[int, int] = {}
    bands: list[tuple[int, int]] = []
    offset = 0
    for i, sheet in enumerate(sheets):
        headings[offset] = i
        start = offset + 1
        for card_id, cell in sheet.cells.items():
            cells[card_id] = _moved(cell, cell.row + start)
        marks.extend(_moved(m, m.row + start) for m in sheet.extensions)
        references.extend(_moved(r, r.row + start) for r in sheet.references)
        end = start + sheet.rows + 1  # a spare row: typing there continues the sheet
        bands.append((start, end))
        offset = end
    return Sheet(
        flow_preset,
        "Whole round",
        None,
        None,
        cells,
        extensions=marks,
        references=references,
        drops=list(drops),
        headings=headings,
        bands=bands,
    )


def _claim_of(amap: ArgumentMap) -> dict[str, str]:
    """Evidence read for a claim is part of that claim: each card's claim (itself when it is not
    evidence supporting something), following supports through evidence."""
    claim: dict[str, str] = {}
    for card in amap.cards():
        node, seen = card.id, {card.id}
        while amap.card(node).kind == "evidence":
            up = [r.target for r in amap.relations_of(node) if r.source == node and r.type == "supports"]
            if not up or up[0] in seen:
                break
            node = up[0]
            seen.add(node)
        claim[card.id] = node
    return claim


def _held_up(amap: ArgumentMap, cards: Iterable[str]) -> dict[str, list[str]]:
    """For each of ``cards``, the cards it holds up through chains of supports (not itself)."""
    supported: dict[str, list[str]] = {c: [] for c in amap.card_ids()}
    for rel in amap.relations():
        if rel.type == "supports":
            supported[rel.source].append(rel.target)
    out: dict[str, list[str]] = {}
    for start in cards:
        if start in out:
            continue
        seen, stack = {start}, list(supported[start])
        while stack:
            card_id = stack.pop()
            if card_id not in seen:
                seen.add(card_id)
                stack.extend(supported[card_id])
        out[start] = [c for c in seen if c != start]
    return out


def _drops(amap: ArgumentMap, flow_preset: Preset, column: dict[str, int], now: int) -> list[Drop]:
    claim = _claim_of(amap)
    held_up = _held_up(amap, [r.target for r in amap.relations() if r.type == "rebuts"])
    # The columns in which each card is answered by the other side. A rebuttal answers the card it
    # rebuts and what that card holds up (taking out a disadvantage's link answers the disadvantage,
    # as evaluation's secondary attack has it); never the cards under its target.
    answered: dict[str, set[int]] = {c: set() for c in amap.card_ids()}
    for rel in amap.relations():
        if rel.type == "rebuts":
            side = amap.card(rel.source).side
            for target in {claim[rel.target], *held_up[rel.target]}:
                if side != amap.card(target).side:
                    answered[target].add(column[rel.source])
    drops = []
    for card in amap.cards():
        if claim[card.id] != card.id:
            continue  # evidence for a claim stands or falls on the flow with the claim
        own = column[card.id]
        extended = _extension_columns(card, flow_preset, own)
        for made_in in [own] + extended:
            missed = flow_preset.opponents_next(card.side, made_in)
            if missed is None or missed >= now or missed in answered[card.id]:
                continue
            drops.append(Drop(card.id, made_in, missed, any(c > missed for c in extended)))
    return drops


def speech_in_progress(amap: ArgumentMap, flow_preset: Preset) -> int:
    """The speech a live flow is at: the latest column holding a card (the first with none)."""
    return flow_round(amap, flow_preset, FOLLOW).now


def dropped(amap: ArgumentMap, flow_preset: Preset, now: int | str | None = None) -> list[Drop]:
    """The arguments each side dropped by the speech ``now`` (None: by the end of the round), in map
    order. The one definition of a drop: the dock, the decision and the command line all use it."""
    return flow_round(amap, flow_preset, now).drops
