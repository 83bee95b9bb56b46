"""The map file: YAML text <-> ArgumentMap. Loading is safe and lenient; saving is canonical and atomic.

Nothing else in argmap knows the file's layout: the editor, the CLI and the exporters call these.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from functools import lru_cache
from pathlib import Path

from .atomic import write_atomic
from .collector import collector_paused
from .conflicts import conflict_from_data, conflict_to_data
from .model import CARD_KINDS, RELATION_TYPES, SIDES, ArgumentMap, Card, Cite, MapInfo, Relation, Source
from .problems import MapFileError, Problem, errors
from .pyyaml import yaml
from .quotes import parse as parse_marked_quote
from .quotes import write as write_marked_quote
from .record import Record
from .validate import check, is_position
from .yamlsafe import MAX_FILE_BYTES, Document, YamlProblems, decode, parse, resolve_plain
from .yamlsafe import too_large as _too_large

FORMAT_VERSION = 1


class LoadResult(Record):
    """What loading a file gave: the map (None when unreadable), every problem, and its comments."""

    path: Path
    map: ArgumentMap | None
    problems: list[Problem]
    comments: list[tuple[int, int]]
    text: str
    raw: bytes | None  # the bytes read (None for text handed in)
    # The parsed file while its check is still to run (load's ``check_from``); see finish_check.
    unchecked: Document | None
    check_args: tuple[str, Path | None]
    _hidden = ("raw", "unchecked", "check_args")

    def __init__(
        self,
        path: Path,
        map: ArgumentMap | None,
        problems: list[Problem] | None = None,
        comments: list[tuple[int, int]] | None = None,
        text: str = "",
        raw: bytes | None = None,
        unchecked: Document | None = None,
        check_args: tuple[str, Path | None] = ("<map>", None),
    ) -> None:
        self.path = path
        self.map = map
        self.problems = [] if problems is None else problems
        self.comments = [] if comments is None else comments
        self.text = text
        self.raw = raw
        self.unchecked = unchecked
        self.check_args = check_args

    @property
    def digest(self) -> str | None:
        """sha256 of the bytes read: what "the file as loaded" was. Worked out when asked for (the
        editor asks, to notice another program's change; importing hashlib would slow every command)."""
        if self.raw is None:
            return None
        import hashlib

        return hashlib.sha256(self.raw).hexdigest()

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @property
    def blocks_editing(self) -> bool:
        """Errors the editor cannot work around (or a check not run yet: it may find some); unresolved
        merge conflicts are for the editor to settle."""
        if self.map is None or self.unchecked is not None:
            return True
        return any(p.severity == "error" and p.code != "conflict" for p in self.problems)

    def finish_check(self) -> list[Problem]:
        """Run the check that ``load(..., check_from=...)`` left for later; its problems become this
        result's. Thread-safe against the map: it reads only the parsed file, which nothing else
        holds. Returns the problems (those of the check once it has run)."""
        doc = self.unchecked
        if doc is not None:
            with collector_paused():
                self.problems = check(doc, *self.check_args)
            self.unchecked = None
        return self.problems


def display_name(path: Path) -> str:
    """The name used in messages: the path as given, relative when it is below the current folder."""
    try:
        return os.path.relpath(path) if not Path(path).is_absolute() else str(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def load(path: str | os.PathLike, *, check_quotes: bool = True, check_from: int | None = None) -> LoadResult:
    """Read and validate a map file. Never raises for bad content: problems say what is wrong.

    ``map`` is built from whatever is valid, so a file with errors can still be shown read-only.
    ``check_from``: a file listing at least this many cards is read and built but not checked yet:
    the result blocks editing until :meth:`LoadResult.finish_check` has run (the editor shows a big map
    first and checks it on a worker thread). Unreadable files are reported at once as always.
    """
    path = Path(path)
    name = display_name(path)
    try:
        raw = _read_bounded(path, name)
    except YamlProblems as exc:
        return LoadResult(path, None, exc.problems)
    except FileNotFoundError:
        return LoadResult(path, None, [Problem(name, 1, 1, "error", "no such file")])
    except IsADirectoryError:
        return LoadResult(path, None, [Problem(name, 1, 1, "error", "this is a folder, not a map file")])
    except OSError as exc:
        return LoadResult(path, None, [Problem(name, 1, 1, "error", f"cannot read the file: {exc.strerror}")])
    except ValueError:  # a path with a NUL byte in it
        return LoadResult(path, None, [Problem(name, 1, 1, "error", "no such file")])
    return loads(raw, name, path.parent if check_quotes else None, path=path, check_from=check_from)


def _read_bounded(path: Path, name: str) -> bytes:
    """The file's bytes, refusing before reading when it is too large or not a regular file.

    Reading at most one byte past the limit keeps a file that grows (or a size the system does not
    report) from costing more than the limit.
    """
    # O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused just below.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise YamlProblems(
                [Problem(name, 1, 1, "error", "this is not a regular file, so it is not a map file")]
            )
        if info.st_size > MAX_FILE_BYTES:
            raise YamlProblems([_too_large(name, info.st_size)])
        raw = fh.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblems([_too_large(name, len(raw))])
    return raw


def loads(
    raw: bytes | str,
    filename: str = "<map>",
    base_dir: Path | None = None,
    *,
    path: Path | None = None,
    check_from: int | None = None,
) -> LoadResult:
    """Like :func:`load` for text or bytes already in memory."""
    with collector_paused():
        return _loads(raw, filename, base_dir, path or Path(filename), check_from)


def _loads(
    raw: bytes | str, filename: str, base_dir: Path | None, target: Path, check_from: int | None = None
) -> LoadResult:
    read = raw if isinstance(raw, bytes) else None
    try:
        text = raw if isinstance(raw, str) else decode(raw, filename)
        doc = parse(text, filename)
    except YamlProblems as exc:
        return LoadResult(target, None, exc.problems, raw=read)
    data = doc.data
    if check_from is not None and isinstance(data, dict) and len(_cards_listed(data)) >= check_from:
        return LoadResult(
            target,
            build_map(doc),
            [],
            doc.comments,
            text,
            read,
            unchecked=doc,
            check_args=(filename, base_dir),
        )
    problems = check(doc, filename, base_dir)
    amap = build_map(doc) if isinstance(data, dict) else None
    if amap is None and not errors(problems):  # pragma: no cover - check() reports why
        problems.append(Problem(filename, 1, 1, "error", "the file holds no map"))
    return LoadResult(target, amap, problems, doc.comments, text, read)


def _cards_listed(data: dict) -> list:
    cards = data.get("cards")
    return cards if isinstance(cards, list) else []


def read_map(path: str | os.PathLike) -> ArgumentMap:
    """Load a map that must be free of errors; raises MapFileError carrying the problems otherwise."""
    result = load(path)
    if result.map is None or result.has_errors:
        raise MapFileError(errors(result.problems))
    return result.map


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def build_map(doc: Document) -> ArgumentMap:
    """The map from parsed data, taking what is valid and skipping what is not (validation reports it)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    amap = ArgumentMap(MapInfo(_text(data.get("title")) or "Untitled map", _text(data.get("description"))))
    for item in data.get("sources") or [] if isinstance(data.get("sources"), list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] not in amap.sources:
            amap.sources[item["id"]] = Source(
                id=item["id"],
                title=_text(item.get("title")),
                author=_text(item.get("author")),
                qualifications=_text(item.get("qualifications")),
                publisher=_text(item.get("publisher")),
                date=_text(item.get("date")),
                url=_text(item.get("url")),
                accessed=_text(item.get("accessed")),
                file=_text(item.get("file")),
            )
    # The loops below run once per card and relation of a big map: each field is read once, and
    # what _text and insert_relation would do is written out (the same values, fewer calls).
    ids: set[str] = set()  # the cards taken so far
    for item in data.get("cards") or [] if isinstance(data.get("cards"), list) else []:
        if not isinstance(item, dict):
            continue
        get = item.get
        card_id, kind, side = get("id"), get("kind"), get("side")
        if not isinstance(card_id, str) or card_id in ids or kind not in CARD_KINDS or side not in SIDES:
            continue
        quote, marks, cite = "", (), None
        if kind == "evidence":
            # The file's quote carries its marks inline; the model keeps the plain words and the spans.
            quote, marks, _ = parse_marked_quote(_text(get("quote")))
            cited = get("cite")
            if isinstance(cited, dict):
                cite = Cite(_text(cited.get("source")), _text(cited.get("by")), _speech(cited.get("at")))
        text, tag, notes, extended = get("text"), get("tag"), get("notes"), get("extended")
        amap.insert_card(
            Card(
                id=card_id,
                kind=kind,
                side=side,
                text=text if isinstance(text, str) else "",
                tag=tag if isinstance(tag, str) else "",
                speech=_speech(get("speech")),
                notes=notes if isinstance(notes, str) else "",
                extended=tuple(_speech(v) for v in extended or [] if _speech(v))
                if isinstance(extended, list)
                else (),
                quote=quote,
                marks=marks,
                cite=cite,
            )
        )
        ids.add(card_id)
    # What insert_relation would refuse is skipped, decided from a set and a dict held here: a big
    # map's relations cost several method calls each through the model's own checks.
    types: dict[tuple[str, str], str] = {}  # (from, to) -> type of each relation taken so far
    relations = data.get("relations")
    for item in relations if isinstance(relations, list) else ():
        if not isinstance(item, dict):
            continue
        source, target, kind = item.get("from"), item.get("to"), item.get("type")
        if not (
            isinstance(source, str)
            and isinstance(target, str)
            and source in ids
            and target in ids
            and kind in RELATION_TYPES
            and source != target
            and (source, target) not in types
        ):
            continue
        back = types.get((target, source))
        if back is not None and not back == kind == "rebuts":  # only rebuttals run both ways
            continue
        amap.insert_checked_relation(Relation(source, target, kind))
        types[(source, target)] = kind
    layout = data.get("layout") if isinstance(data.get("layout"), dict) else {}
    positions = layout.get("positions") if isinstance(layout.get("positions"), dict) else {}
    for card_id, pos in positions.items():
        if card_id in amap and is_position(pos):
            amap.layout.positions[card_id] = (float(round(pos[0])), float(round(pos[1])))
    collapsed = layout.get("collapsed") if isinstance(layout.get("collapsed"), list) else []
    amap.layout.collapsed = {c for c in collapsed if isinstance(c, str) and c in amap}
    entries = data.get("conflicts") if isinstance(data.get("conflicts"), list) else []
    amap.conflicts = tuple(c for c in map(conflict_from_data, entries) if c is not None)
    return amap


def _speech(value: object) -> str:
    """Speeches and locators are text even when written as a bare number (``at: 3``)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    return _text(value)


# ---------------------------------------------------------------------------------------------
# Saving
# ---------------------------------------------------------------------------------------------


class _Flow(dict):
    """A mapping written on one line: relations and cites."""


class _FlowList(list):
    """A list written on one line: positions and collapsed ids."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _str_style(value: str) -> str | None:
    """How a text is written: "|" for several lines, "'" when argmap's reader would not read it back
    as text, else None (the emitter chooses, plain when it can)."""
    if "\n" in value.strip("\n"):
        return "|"
    if not isinstance(resolve_plain(value), str):
        # PyYAML writes '1e5' or '09' unquoted (YAML 1.1 reads them as text), but argmap's reader
        # reads them as numbers; quote every text the reader would not give back as the same text.
        return "'"
    return None


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=_str_style(value))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True)
)
_Dumper.add_representer(
    _FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)


def _card_data(card: Card) -> dict:
    out: dict = {"id": card.id, "kind": card.kind, "side": card.side}
    if card.tag:
        out["tag"] = card.tag
    if card.text or (card.kind != "evidence" and not card.tag):
        out["text"] = card.text  # a card with neither text nor tag keeps "text: ''" so that it loads
    if card.kind == "evidence":
        if card.quote:
            out["quote"] = write_marked_quote(card.quote, card.marks)
        # No source chosen yet: the key is left out (never "source: ''"); validation says what is missing.
        if card.cite is not None and (card.cite.source or card.cite.by or card.cite.at):
            cite = _Flow(source=card.cite.source) if card.cite.source else _Flow()
            if card.cite.by:
                cite["by"] = card.cite.by
            if card.cite.at:
                cite["at"] = card.cite.at
            out["cite"] = cite
    if card.speech:
        out["speech"] = card.speech
    if card.extended:
        out["extended"] = _FlowList(card.extended)
    if card.notes:
        out["notes"] = card.notes
    return out


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 1)


def to_data(amap: ArgumentMap) -> dict:
    """The map as plain data in the canonical key order."""
    data: dict = {"argmap": FORMAT_VERSION, "title": amap.info.title}
    if amap.info.description:
        data["description"] = amap.info.description
    if amap.sources:
        data["sources"] = [
            {
                k: v
                for k, v in (
                    ("id", s.id),
                    ("title", s.title),
                    ("author", s.author),
                    ("qualifications", s.qualifications),
                    ("publisher", s.publisher),
                    ("date", s.date),
                    ("url", s.url),
                    ("accessed", s.accessed),
                    ("file", s.file),
                )
                if v or k in ("id", "title")
            }
            for s in amap.sources.values()
        ]
    data["cards"] = [_card_data(card) for card in amap.cards()]
    relations = sorted(amap.relations(), key=lambda r: (r.source, r.target))
    if relations:
        data["relations"] = [_Flow({"from": r.source, "to": r.target, "type": r.type}) for r in relations]
    layout: dict = {}
    if amap.layout.positions:
        layout["positions"] = {
            cid: _FlowList([_number(x), _number(y)]) for cid, (x, y) in sorted(amap.layout.positions.items())
        }
    if amap.layout.collapsed:
        layout["collapsed"] = _FlowList(sorted(amap.layout.collapsed))
    if layout:
        data["layout"] = layout
    if amap.conflicts:
        data["conflicts"] = [_flow_values(conflict_to_data(c)) for c in amap.conflicts]
    return data


def _flow_values(entry: dict) -> dict:
    """A conflict entry with its lists and mappings on one line, as the cards write them."""
    return {
        k: _FlowList(v) if isinstance(v, (list, tuple)) else _Flow(v) if isinstance(v, dict) else v
        for k, v in entry.items()
    }


def dumps(amap: ArgumentMap) -> str:
    """The map as canonical YAML text."""
    data = to_data(amap)
    try:
        return yaml.emit(_events(data), Dumper=_Dumper, allow_unicode=True, width=100, indent=2)
    except UnicodeEncodeError:
        # Half a surrogate pair (from an imported JSON "\ud83d") has no UTF-8 form; a save must still
        # happen, so it becomes U+FFFD (validation refuses such text in a file it reads).
        data = _without_surrogates(data)
        return yaml.emit(_events(data), Dumper=_Dumper, allow_unicode=True, width=100, indent=2)


@lru_cache(maxsize=1)
def _surrogate() -> re.Pattern[str]:
    # Compiled when a save first needs it: a class beyond U+00FF costs 0.5 ms to compile, and every
    # command that reads a map imports this module.
    return re.compile("[\ud800-\udfff]")


def _without_surrogates(value):
    if isinstance(value, str):
        return _surrogate().sub("\ufffd", value)
    if isinstance(value, dict):
        return type(value)((k, _without_surrogates(v)) for k, v in value.items())
    if isinstance(value, list):
        return type(value)(_without_surrogates(v) for v in value)
    return value


def _dumps_by_representer(data: dict) -> str:
    """What :func:`dumps` writes, made the slow way (PyYAML's representer and serializer); for tests."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )


# The events PyYAML's representer and serializer would give the emitter for to_data's output,
# made directly: the representer's per-value dispatch and the serializer's two resolver calls per
# scalar took most of the time of a save. The text is byte for byte the same (tests compare).
_STR, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_RESOLVER = yaml.resolver.Resolver()
_REPRESENTER = yaml.representer.SafeRepresenter()
# First characters of the plain scalars that YAML 1.1 might read as something other than text.
_RESOLVED_STARTS = frozenset(k for k in _RESOLVER.yaml_implicit_resolvers if k is not None)
_ANY_START_RESOLVES = None in _RESOLVER.yaml_implicit_resolvers


def _plain_means_text(value: str) -> bool:
    """Whether YAML 1.1 reads ``value`` written plain as text (the serializer's 'implicit' flag)."""
    if value and value[0] not in _RESOLVED_STARTS and not _ANY_START_RESOLVES:
        return True
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR


@lru_cache(maxsize=1024)
def _short_text_event(value: str) -> yaml.ScalarEvent:
    """The event of a key or a short value such as 'for' (the emitter only reads events)."""
    return yaml.ScalarEvent(None, _STR, (_plain_means_text(value), True), value, style=_str_style(value))


def _scalar_event(value: object) -> yaml.ScalarEvent:
    if isinstance(value, str):
        if len(value) <= 16:
            return _short_text_event(value)
        return yaml.ScalarEvent(None, _STR, (_plain_means_text(value), True), value, style=_str_style(value))
    if isinstance(value, bool) or not isinstance(value, (int, float)):  # pragma: no cover - to_data's types
        raise TypeError(f"cannot write {type(value).__name__} in a map file")
    if isinstance(value, int):
        node = _REPRESENTER.represent_int(value)
    else:
        node = _REPRESENTER.represent_float(value)
    detected = _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False))
    return yaml.ScalarEvent(
        None, node.tag, (node.tag == detected, node.tag == _STR), node.value, style=node.style
    )


def _events(data: dict):
    """The emitter's events for ``data`` (to_data's output), as PyYAML's serializer would make them."""
    yield yaml.StreamStartEvent()
    yield yaml.DocumentStartEvent(explicit=None)
    stack = [iter((data,))]
    mapping = [False]
    while stack:
        for item in stack[-1]:
            if mapping[-1]:
                key, value = item
                yield _scalar_event(key)
            else:
                value = item
            if isinstance(value, dict):
                yield yaml.MappingStartEvent(None, _MAP, True, flow_style=isinstance(value, _Flow))
                stack.append(iter(value.items()))
                mapping.append(True)
                break
            if isinstance(value, list):
                yield yaml.SequenceStartEvent(None, _SEQ, True, flow_style=isinstance(value, _FlowList))
                stack.append(iter(value))
                mapping.append(False)
                break
            yield _scalar_event(value)
        else:
            stack.pop()
            was_mapping = mapping.pop()
            if stack:
                yield yaml.MappingEndEvent() if was_mapping else yaml.SequenceEndEvent()
    yield yaml.DocumentEndEvent(explicit=None)
    yield yaml.StreamEndEvent()


def save(amap: ArgumentMap, path: str | os.PathLike) -> None:
    """Write the map canonically and atomically. Raises atomic.SaveError, old file intact, on failure."""
    write_atomic(path, dumps(amap).encode("utf-8"))
