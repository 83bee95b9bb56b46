"""What every foreign format shares: import and export results, readable ids, and building a map from
what a foreign file says, inferring the card kinds and sides it does not say.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..atomic import write_atomic
from ..model import CARD_KINDS, SIDES, ArgumentMap, Card, Cite, MapInfo, Relation, Source
from ..problems import Problem
from ..quotes import normalize

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

# Limits at every import door (docs/reliability.md lists them). A foreign file is refused with a located
# message past any of them, so a hostile or broken file costs bounded memory and time.
MAX_INPUT_BYTES = 32 * 1024 * 1024  # as for map files
MAX_CARDS = 50_000  # cards (statements, nodes, claims) one import may make
MAX_NESTING = 64  # JSON and XML nesting depth
MAX_COORDINATE = 1e7  # farther positions are dropped (noted): they are mistakes or attacks, never layouts
IMPORT_SECONDS = 30.0  # wall time one import may take before it stops with a located message


@dataclass
class ImportResult:
    """What reading a foreign file gave: the map (None when unreadable), problems, and notes.

    ``notes`` say what was inferred or dropped, in sentences for the user.
    """

    map: ArgumentMap | None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


@dataclass
class ExportReport:
    """What writing a foreign file could not carry, in sentences for the user."""

    notes: list[str] = field(default_factory=list)


class InterchangeError(Exception):
    """A file that cannot be read at all; carries the problems that say why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_name(path: str | os.PathLike) -> str:
    return str(path)


def read_bytes(path: str | os.PathLike) -> bytes:
    """The file's bytes; raises InterchangeError with a located problem when it cannot be read."""
    name = display_name(path)
    try:
        size = os.stat(path).st_size
        if size > MAX_INPUT_BYTES:
            raise InterchangeError([Problem(name, 1, 1, "error", "the file is larger than 32 MiB")])
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InterchangeError([Problem(name, 1, 1, "error", "no such file")]) from None
    except IsADirectoryError:
        raise InterchangeError([Problem(name, 1, 1, "error", "this is a folder, not a file")]) from None
    except OSError as exc:
        raise InterchangeError(
            [Problem(name, 1, 1, "error", f"cannot read the file: {exc.strerror}")]
        ) from None


def read_text(path: str | os.PathLike) -> str:
    """The file as UTF-8 text (a byte-order mark is dropped)."""
    raw = read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InterchangeError(
            [Problem(display_name(path), line, col, "error", "the file is not UTF-8 text")]
        ) from None


class Budget:
    """What one import may still spend: wall time and cards. ``check`` raises InterchangeError past either.

    Readers are linear, so a real file never comes near these; they bound what a crafted one can cost.
    """

    def __init__(self, name: str, seconds: float = IMPORT_SECONDS, max_cards: int = MAX_CARDS) -> None:
        self.name = name
        self.seconds = seconds
        self.max_cards = max_cards
        self.deadline = time.monotonic() + seconds

    def check(self, where: tuple[int, int] = (1, 1), cards: int = 0) -> None:
        if cards > self.max_cards:
            raise InterchangeError(
                [
                    Problem(
                        self.name,
                        where[0],
                        where[1],
                        "error",
                        f"the file holds more than {self.max_cards:,} cards; "
                        "argmap imports at most that many",
                    )
                ]
            )
        if time.monotonic() > self.deadline:
            raise InterchangeError(
                [
                    Problem(
                        self.name,
                        where[0],
                        where[1],
                        "error",
                        f"reading stopped here: the import took longer than {self.seconds:g} s",
                    )
                ]
            )


def usable_position(x: object, y: object) -> tuple[float, float] | None:
    """(x, y) as floats when both are finite numbers within MAX_COORDINATE; else None."""
    out = []
    for value in (x, y):
        if isinstance(value, bool):
            return None
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            return None
        if not math.isfinite(number) or abs(number) > MAX_COORDINATE:
            return None
        out.append(number)
    return out[0], out[1]


def nesting_problem(raw: str, name: str, limit: int = MAX_NESTING) -> Problem | None:
    """A located problem when JSON text nests deeper than ``limit`` (checked before parsing, in one pass)."""
    depth = 0
    for match in _JSON_STRUCTURE.finditer(raw):
        token = match.group(0)
        if token[0] == '"':
            continue
        if token in "[{":
            depth += 1
            if depth > limit:
                start = match.start()
                line = raw.count("\n", 0, start) + 1
                col = start - (raw.rfind("\n", 0, start) + 1) + 1
                return Problem(name, line, col, "error", f"the file nests deeper than {limit} levels")
        else:
            depth -= 1
    return None


_JSON_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def load_json(raw: str, name: str):
    """JSON data read with bounded nesting, huge integers as floats and no exception escaping.

    Raises InterchangeError with a located problem for text that is not JSON or nests too deep.
    Control characters inside strings are accepted (OVA writes them); NaN and Infinity are read
    as floats and left to the callers, which drop non-finite positions.
    """
    problem = nesting_problem(raw, name)
    if problem is not None:
        raise InterchangeError([problem])
    try:
        return json.loads(raw, strict=False, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            [Problem(name, exc.lineno, exc.colno, "error", f"not valid JSON: {exc.msg}")]
        ) from None
    except (RecursionError, ValueError) as exc:
        raise InterchangeError([Problem(name, 1, 1, "error", f"not usable JSON: {exc}")]) from None


def _parse_int(text: str) -> int | float:
    # Python refuses to build ints of more than 4,300 digits (ValueError); no id or position needs 30.
    return int(text) if len(text) <= 30 else float(text)


def guarded_read(reader: Callable[[Path], ImportResult]) -> Callable[[str | os.PathLike], ImportResult]:
    """Wrap a reader so that an unreadable file becomes an ImportResult with problems, never a raise."""

    def read(path: str | os.PathLike) -> ImportResult:
        try:
            return reader(Path(path))
        except InterchangeError as exc:
            return ImportResult(None, exc.problems)

    read.__doc__ = reader.__doc__
    read.__name__ = reader.__name__
    return read


def write_output(path_or_stream: str | os.PathLike | IO, text: str) -> None:
    """Write text to a path (atomically) or to an open text or binary stream."""
    if hasattr(path_or_stream, "write"):
        stream = path_or_stream
        try:
            stream.write(text)  # type: ignore[union-attr]
        except TypeError:
            stream.write(text.encode("utf-8"))  # type: ignore[union-attr]
        return
    write_atomic(path_or_stream, text.encode("utf-8"))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Ids
# ---------------------------------------------------------------------------------------------


def slugify(text: str, fallback: str = "card", max_length: int = 40) -> str:
    """A readable id from text: ascii lower-case words joined by '-', valid for the schema."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            if not slug:
                slug = word[:max_length]
            break
        slug = candidate
    return slug or fallback


class IdMaker:
    """Hands out unique, valid ids: a wanted id when it is valid and free, else a slug of a text."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken: set[str] = set(taken)

    def make(self, wanted: str = "", text: str = "", fallback: str = "card") -> str:
        if wanted and ID_PATTERN.match(wanted) and len(wanted) <= 200 and wanted not in self.taken:
            self.taken.add(wanted)
            return wanted
        stem = slugify(wanted or text, fallback) if (wanted or text) else fallback
        out, n = stem, 2
        while out in self.taken:
            out = f"{stem}-{n}"
            n += 1
        self.taken.add(out)
        return out


# ---------------------------------------------------------------------------------------------
# Building a map from a foreign file
# ---------------------------------------------------------------------------------------------


@dataclass
class DraftCard:
    """A card as a foreign file describes it; kind and side may be unknown (None) until inferred."""

    id: str
    text: str = ""
    tag: str = ""
    kind: str | None = None
    side: str | None = None
    speech: str = ""
    notes: str = ""
    quote: str = ""
    cite: Cite | None = None
    position: tuple[float, float] | None = None
    collapsed: bool = False
    marks: tuple = ()  # quote marks (argmap.quotes.Mark), evidence only


@dataclass
class DraftRelation:
    source: str
    target: str
    type: str
    where: tuple[int, int] = (1, 1)  # line and column in the foreign file, for problems


@dataclass
class MapBuilder:
    """Collects cards and relations read from a foreign file and turns them into a valid map."""

    file: str
    format_name: str
    title: str = ""
    description: str = ""
    cards: dict[str, DraftCard] = field(default_factory=dict)
    relations: list[DraftRelation] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ids: IdMaker = field(default_factory=IdMaker)

    def add_card(self, card: DraftCard) -> DraftCard:
        self.cards[card.id] = card
        return card

    def relate(self, source: str, target: str, type_: str, where: tuple[int, int] = (1, 1)) -> None:
        self.relations.append(DraftRelation(source, target, type_, where))

    def problem(
        self, where: tuple[int, int], severity: str, message: str, card_id: str | None = None
    ) -> None:
        self.problems.append(Problem(self.file, where[0], where[1], severity, message, card_id))  # type: ignore

    def build(self) -> ArgumentMap:
        """The map: relations checked, unknown kinds and sides inferred (and said so in the notes)."""
        amap = ArgumentMap(
            MapInfo(self.title.strip() or Path(self.file).stem or "Imported map", self.description)
        )
        relations = self._checked_relations()
        self._infer_kinds(relations)
        self._infer_sides(relations)
        self._settle_evidence()
        amap.sources = dict(self.sources)
        for draft in self.cards.values():
            amap.insert_card(
                Card(
                    id=draft.id,
                    kind=draft.kind,
                    side=draft.side,  # type: ignore[arg-type]
                    text=draft.text,
                    tag=draft.tag,
                    speech=draft.speech,
                    notes=draft.notes,
                    quote=draft.quote if draft.kind == "evidence" else "",
                    cite=draft.cite if draft.kind == "evidence" else None,
                    marks=normalize(draft.marks, len(draft.quote)) if draft.kind == "evidence" else (),
                )
            )
            if draft.position is not None:
                amap.layout.positions[draft.id] = (
                    float(round(draft.position[0])),
                    float(round(draft.position[1])),
                )
            if draft.collapsed:
                amap.layout.collapsed.add(draft.id)
        for rel in relations:
            amap.insert_relation(Relation(rel.source, rel.target, rel.type))  # type: ignore[arg-type]
        return amap

    def _checked_relations(self) -> list[DraftRelation]:
        out: list[DraftRelation] = []
        pairs: dict[tuple[str, str], str] = {}
        for rel in self.relations:
            if rel.source not in self.cards or rel.target not in self.cards:
                missing = rel.source if rel.source not in self.cards else rel.target
                self.problem(
                    rel.where,
                    "warning",
                    f"a relation names '{missing}', which is not a card; the relation is dropped",
                )
            elif rel.source == rel.target:
                self.problem(
                    rel.where,
                    "warning",
                    f"'{rel.source}' answers itself; that relation is dropped",
                    rel.source,
                )
            elif (rel.source, rel.target) in pairs or (
                (rel.target, rel.source) in pairs
                and not (rel.type == "rebuts" and pairs[(rel.target, rel.source)] == "rebuts")
            ):
                self.problem(
                    rel.where,
                    "warning",
                    f"'{rel.source}' and '{rel.target}' are related twice; "
                    "argmap keeps only the first relation between two cards",
                )
            elif rel.type not in ("supports", "rebuts"):
                self.problem(rel.where, "warning", f"relation type '{rel.type}' is unknown; dropped")
            else:
                pairs[(rel.source, rel.target)] = rel.type  # two rebuttals may run both ways
                out.append(rel)
        return out

    def _infer_kinds(self, relations: list[DraftRelation]) -> None:
        outgoing: dict[str, list[str]] = {}
        for rel in relations:
            outgoing.setdefault(rel.source, []).append(rel.type)
        inferred: Counter = Counter()
        for draft in self.cards.values():
            if draft.kind in CARD_KINDS:
                continue
            types = outgoing.get(draft.id, [])
            if draft.quote and draft.cite is not None:
                draft.kind = "evidence"
            elif not types:
                draft.kind = "position"
            elif "rebuts" in types:
                draft.kind = "rebuttal"
            else:
                draft.kind = "argument"
            inferred[draft.kind] += 1
        if inferred:
            parts = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(inferred.items()))
            total = sum(inferred.values())
            self.notes.append(
                f"{total} {_cards(total)} kinds inferred from the relations "
                f"({parts}): {self.format_name} does not say them"
            )

    def _infer_sides(self, relations: list[DraftRelation]) -> None:
        """A card's side follows the card it first answers: supports keep it, rebuts flip it.

        One pass outward from the cards whose side is known (linear in cards and relations); cards that
        answer nothing (or only each other, in a cycle) stand for the resolution.
        """
        unknown = {d.id for d in self.cards.values() if d.side not in SIDES}
        if not unknown:
            return
        n_unknown = len(unknown)
        answers = {rel.source: rel for rel in reversed(relations)}  # the first relation of each card
        answered_by: dict[str, list[str]] = {}
        for source, rel in answers.items():
            if source in unknown:
                answered_by.setdefault(rel.target, []).append(source)

        def spread(start: list[str]) -> None:
            queue = deque(start)
            while queue:
                target = queue.popleft()
                side = self.cards[target].side
                for cid in answered_by.get(target, ()):
                    if cid in unknown:
                        rel = answers[cid]
                        self.cards[cid].side = side if rel.type == "supports" else _other(side)
                        unknown.discard(cid)
                        queue.append(cid)

        spread([d.id for d in self.cards.values() if d.id not in unknown])
        roots = [cid for cid in self.cards if cid in unknown and cid not in answers]
        for cid in roots:
            self.cards[cid].side = "for"
            unknown.discard(cid)
        spread(roots)
        for cid in sorted(unknown):  # what is left answers in cycles: start each cycle at one card
            if cid in unknown:
                self.cards[cid].side = "for"
                unknown.discard(cid)
                spread([cid])
        self.notes.append(
            f"{n_unknown} {_cards(n_unknown)} sides inferred: cards that "
            "answer nothing are 'for', a supporting card takes the side of the card it supports, "
            f"a rebutting card the other side ({self.format_name} does not say sides)"
        )

    def _settle_evidence(self) -> None:
        downgraded = 0
        for draft in self.cards.values():
            if draft.kind != "evidence":
                continue
            if not draft.quote or draft.cite is None:
                draft.kind = "argument"
                downgraded += 1
                continue
            if draft.cite.source not in self.sources:
                self.sources[draft.cite.source] = Source(draft.cite.source, draft.cite.source)
        if downgraded:
            self.notes.append(
                f"{downgraded} evidence card{'s' if downgraded != 1 else ''} without a quote and "
                "cite became argument cards"
            )


def _cards(n: int) -> str:
    """ "card's" or "cards'": the possessive for a count."""
    return "card's" if n == 1 else "cards'"


def _other(side: str | None) -> str:
    return "against" if side == "for" else "for"


# ---------------------------------------------------------------------------------------------
# Export notes
# ---------------------------------------------------------------------------------------------

FIELD_WORDS = {
    "speech": "speeches",
    "notes": "notes",
    "quote": "quotes",
    "cite": "cites",
    "tag": "tags",
    "text": "texts",
}


def dropped_fields(amap: ArgumentMap, fields: Iterable[str], format_name: str) -> list[str]:
    """Notes such as "12 cards' speeches dropped: DOT has no field for them"."""
    notes = []
    for name in fields:
        n = sum(1 for card in amap.cards() if getattr(card, name))
        if n:
            notes.append(
                f"{n} {_cards(n)} {FIELD_WORDS.get(name, name)} dropped: {format_name} has no field for them"
            )
    return notes


def dropped_map_parts(
    amap: ArgumentMap,
    format_name: str,
    *,
    sources: bool = True,
    layout: bool = True,
    description: bool = True,
) -> list[str]:
    notes = []
    if description and amap.info.description:
        notes.append(f"the map's description dropped: {format_name} has no field for it")
    if sources and amap.sources:
        n = len(amap.sources)
        notes.append(
            f"{n} source{'s' if n != 1 else ''} dropped (titles, authors, dates, urls): "
            f"{format_name} has no field for them"
        )
    if layout and amap.layout.positions:
        n = len(amap.layout.positions)
        notes.append(f"{n} saved card position{'s' if n != 1 else ''} dropped: {format_name} has no layout")
    if layout and amap.layout.collapsed:
        notes.append(
            f"{len(amap.layout.collapsed)} collapsed mark(s) dropped: {format_name} has no field for them"
        )
    return notes
