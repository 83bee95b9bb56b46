"""Every problem in a map file in one pass, each with file, line and column.

Structure is checked by the JSON Schema in resources/argmap.schema.json: first by fastjsonschema
(the schema compiled to Python, fast enough for 10,000 cards), and only when that finds the map
invalid, by jsonschema, whose errors (all of them, with paths) are mapped back to YAML marks.
Meaning (ids, references, quotes) is checked here.
"""

from __future__ import annotations

import os
import re
import stat
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from .conflicts import conflict_from_data
from .conflicts import describe as describe_conflict
from .digraph import find_cycle, strongly_connected_components
from .problems import Problem
from .quotes import TYPOGRAPHY_FOLD, check_quote
from .quotes import parse as parse_marked_quote
from .quotes import plain_text as plain_quote
from .resources import resource_path
from .textrules import MAX_COORDINATE, first_unsafe, is_coordinate, unsafe_message
from .yamlsafe import Document

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (every command reading a map is here)
if TYPE_CHECKING:
    import jsonschema

MAX_SOURCE_TEXT_BYTES = 8 * 1024 * 1024
_TYPE_WORDS = {
    "string": "a text",
    "number": "a number",
    "integer": "a whole number",
    "array": "a list",
    "object": "a mapping (key: value lines)",
    "boolean": "true or false",
    "null": "empty",
}


@lru_cache(maxsize=1)
def schema() -> dict:
    import json  # only an invalid map (or a changed schema) needs the schema as data

    with open(resource_path("argmap.schema.json"), encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _validator():
    """jsonschema's validator: slow, but it lists every error with its path."""
    import jsonschema  # only invalid maps need it, and importing it costs start-up time

    cls = jsonschema.validators.validator_for(schema())
    return cls(schema())


@lru_cache(maxsize=1)
def _is_valid_checker() -> Callable[[object], bool]:
    """The schema compiled to Python: says quickly whether a map is valid, but not every way it is not.

    It was compiled ahead of time (scripts/compile_schema.py, `make schema`): compiling it at every
    start cost more than checking a debate-sized map. A schema changed since is compiled here instead.
    """
    from . import schema_compiled

    with open(resource_path("argmap.schema.json"), "rb") as fh:
        text = fh.read()
    fingerprint = f"{len(text)}:{zlib.crc32(text):08x}"  # as scripts/compile_schema.py writes it
    if fingerprint == schema_compiled.SCHEMA_FINGERPRINT:
        return _passes(schema_compiled.validate, schema_compiled.JsonSchemaValueException)
    import fastjsonschema

    return _passes(fastjsonschema.compile(schema()), fastjsonschema.JsonSchemaException)


def _passes(validate: Callable[[object], object], failure: type[Exception]) -> Callable[[object], bool]:
    def passes(data: object) -> bool:
        try:
            validate(data)
        except failure:
            return False
        return True

    return passes


def check(doc: Document, filename: str, base_dir: Path | None = None) -> list[Problem]:
    """Every problem with the parsed map ``doc``, sorted by location. ``base_dir`` holds source files."""
    checker = _Checker(doc, filename, base_dir)
    checker.run()
    return sorted(checker.problems, key=lambda p: (p.line, p.column, p.severity, p.message))


def _text_is_clean(text: str | None) -> bool:
    """True when no value read from ``text`` can hold a character ``check_text`` refuses: the text
    holds none, nor a backslash (only a double-quoted escape makes a character the text does not
    hold). One scan of the file instead of a walk over every value of a big map."""
    return text is not None and "\\" not in text and first_unsafe(text) is None


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty"


def _card_words(card: dict, card_id: str | None) -> str:
    """A card named as a debater knows it: its tag (or the start of its text), then its id."""
    words = next((card[k] for k in ("tag", "text") if isinstance(card.get(k), str) and card[k].strip()), "")
    words = " ".join(words.split())
    if len(words) > 60:
        words = words[:57].rstrip() + "\u2026"
    return f"\u201c{words}\u201d ({card_id})" if words else f"'{card_id}'"


def _close_matches(word: str, possibilities: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """difflib's close matches, imported only when a problem needs a "did you mean" (most maps have none)."""
    import difflib

    return difflib.get_close_matches(word, possibilities, n=n, cutoff=cutoff)


def _field_name(path: tuple) -> str:
    """'cards[3].kind' for a person reading a message."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the map"


def fold_text(text: str) -> str:
    """Fold typographic quotes, dashes, ellipses and white space so that quotes compare fairly."""
    text = text.translate(TYPOGRAPHY_FOLD).replace("\u2026", "...")
    return re.sub(r"\s+", " ", text).strip()


def is_position(value: object) -> bool:
    """True for a usable ``[x, y]``: numbers within ±MAX_COORDINATE (not ``1e308``, ``.inf``, ``.nan``)."""
    return isinstance(value, list) and len(value) == 2 and all(is_coordinate(v) for v in value)


class _Checker:
    def __init__(self, doc: Document, filename: str, base_dir: Path | None) -> None:
        self.doc = doc
        self.file = filename
        self.base_dir = base_dir
        self.problems: list[Problem] = []

    def add(
        self,
        path: tuple,
        severity: str,
        message: str,
        *,
        key: bool = False,
        card_id: str | None = None,
        code: str = "",
    ) -> None:
        line, col = self.doc.key_mark(path) if key else self.doc.mark(path)
        self.problems.append(Problem(self.file, line, col, severity, message, card_id, code))  # type: ignore

    def run(self) -> None:
        data = self.doc.data
        if data is None:
            self.add((), "error", "the file is empty; a map starts with 'argmap: 1', a title and cards")
            return
        if not isinstance(data, dict):
            self.add(
                (),
                "error",
                f"the file holds {_type_name(data)} at the top; a map is a mapping that "
                "starts with 'argmap: 1', then 'title:' and 'cards:'",
            )
            return
        if data and next(iter(data)) != "argmap" and "argmap" in data:
            self.add(("argmap",), "warning", "put 'argmap: 1' first, so the file says what it is", key=True)
        self.check_schema(data)
        if not _text_is_clean(self.doc.text):
            self.check_text(data, ())
        cards = (
            [c for c in data.get("cards") or [] if isinstance(c, dict)]
            if isinstance(data.get("cards"), list)
            else []
        )
        self.check_cards(data)
        self.check_sources_and_cites(data)
        self.check_relations(data)
        self.check_layout(data)
        self.check_conflicts(data)
        del cards

    # -- structure --------------------------------------------------------------------------

    def check_schema(self, data: dict) -> None:
        if _is_valid_checker()(data):
            return
        # invalid: let jsonschema find and place every error
        for error in _validator().iter_errors(data):
            self.schema_problem(error)

    def schema_problem(self, error: jsonschema.ValidationError) -> None:
        path = tuple(error.absolute_path)
        where = _field_name(path)
        validator = error.validator
        if validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for key in error.instance:
                if key in allowed:
                    continue
                hint = _close_matches(str(key), allowed, n=1, cutoff=0.6)
                message = f"unknown key '{key}' in {where}"
                message += f"; did you mean '{hint[0]}'?" if hint else f"; allowed keys: {', '.join(allowed)}"
                self.add(path + (key,), "error", message, key=True)
        elif validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            name = missing[0] if missing else error.message
            self.add(path, "error", f"{where} has no '{name}'; it is required")
        elif validator == "type":
            expected = error.validator_value
            expected = expected if isinstance(expected, str) else expected[0]
            self.add(
                path,
                "error",
                f"{where} should be {_TYPE_WORDS.get(expected, expected)}, not {_type_name(error.instance)}",
            )
        elif validator == "enum":
            options = [str(o) for o in error.validator_value]
            hint = _close_matches(str(error.instance), options, n=1, cutoff=0.5)
            message = f"{where} is '{error.instance}'; it must be one of: {', '.join(options)}"
            if hint:
                message += f" (did you mean '{hint[0]}'?)"
            self.add(path, "error", message)
        elif validator == "const" and path == ("argmap",):
            self.add(
                path,
                "error",
                f"format version {error.instance!r} is not one this argmap reads; write 'argmap: 1'",
            )
        elif validator == "pattern":
            self.add(
                path,
                "error",
                f"{where} '{error.instance}' is not a usable id: use letters, digits, "
                "'-', '_' and '.', starting with a letter or digit",
            )
        elif validator == "minLength":
            self.add(path, "error", f"{where} is empty")
        elif validator in ("minItems", "maxItems"):
            self.add(path, "error", f"{where} should be a pair [x, y]")
        else:
            self.add(path, "error", f"{where}: {error.message}")

    def check_text(self, value: object, path: tuple) -> None:
        """Refuse characters no exporter can carry (control characters, lone surrogates) anywhere."""
        if isinstance(value, str):
            index = first_unsafe(value)
            if index is not None:
                card_id = self._card_at(path)
                self.add(path, "error", unsafe_message(_field_name(path), value, index), card_id=card_id)
        elif isinstance(value, dict):  # keys: the schema allows only its own (ASCII) ones
            for key, item in value.items():
                self.check_text(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.check_text(item, path + (i,))

    def _card_at(self, path: tuple) -> str | None:
        if len(path) >= 2 and path[0] == "cards" and isinstance(path[1], int):
            cards = self.doc.data.get("cards") if isinstance(self.doc.data, dict) else None
            if isinstance(cards, list) and path[1] < len(cards) and isinstance(cards[path[1]], dict):
                card_id = cards[path[1]].get("id")
                return card_id if isinstance(card_id, str) else None
        return None

    # -- meaning ----------------------------------------------------------------------------

    def check_cards(self, data: dict) -> None:
        cards = data.get("cards")
        if not isinstance(cards, list):
            return
        first_at: dict[str, int] = {}
        for i, card in enumerate(cards):
            if not isinstance(card, dict):
                continue
            path = ("cards", i)
            card_id = card.get("id") if isinstance(card.get("id"), str) else None
            if card_id is not None:
                if card_id in first_at:
                    line = self.doc.mark(("cards", first_at[card_id], "id"))[0]
                    self.add(
                        path + ("id",),
                        "error",
                        f"card id '{card_id}' is used twice (first at line "
                        f"{line}); give each card its own id",
                        card_id=card_id,
                    )
                else:
                    first_at[card_id] = i
            kind = card.get("kind")
            if kind == "evidence":
                self.check_marks(card, path, card_id)
                # Unfinished evidence is a warning, not an error: the editor saves a card the debater is
                # still cutting, and the file must open again editable (issue #12).
                name = _card_words(card, card_id)
                if not card.get("quote"):
                    self.add(
                        path,
                        "warning",
                        f"evidence {name} has no quote yet; paste the words from the source "
                        "(Inspector \u25b8 Quote, or 'quote:' in the file)",
                        card_id=card_id,
                    )
                cite = card.get("cite")
                if "cite" not in card or (isinstance(cite, dict) and not cite.get("source")):
                    self.add(
                        path,
                        "warning",
                        f"evidence {name} has no source yet; choose where the quote comes from "
                        "(Inspector \u25b8 Source, or 'cite: {source: ID, by: WHO}' in the file)",
                        card_id=card_id,
                    )
            elif kind in ("position", "argument", "rebuttal"):
                if "text" not in card and "tag" not in card:
                    self.add(
                        path,
                        "error",
                        f"{_field_name(path)} ('{card_id}') has no 'text'; it is required",
                        card_id=card_id,
                    )
                for key in ("quote", "cite"):
                    if key in card:
                        self.add(
                            path + (key,),
                            "error",
                            f"only evidence cards have a '{key}'; make "
                            f"'{card_id}' kind: evidence, or remove the {key}",
                            key=True,
                            card_id=card_id,
                        )
        self.card_index = first_at

    def check_marks(self, card: dict, path: tuple, card_id: str | None) -> None:
        """A marker left open would mark the rest of the quote and beyond: refuse it, naming the words."""
        quote = card.get("quote")
        if not isinstance(quote, str):
            return
        for problem in parse_marked_quote(quote)[2]:
            words = quote[problem.offset : problem.offset + 40].split("\n")[0]
            self.add(
                path + ("quote",),
                "error",
                f"in the quote of '{card_id}', {problem.message} (at character {problem.offset + 1}, "
                f"'{words}'); close it where the marked words end, or write '\\' before a literal "
                "marker character",
                card_id=card_id,
            )

    def check_sources_and_cites(self, data: dict) -> None:
        sources = data.get("sources") if isinstance(data.get("sources"), list) else []
        source_text: dict[str, str | None] = {}
        for i, source in enumerate(sources):
            if not isinstance(source, dict) or not isinstance(source.get("id"), str):
                continue
            sid = source["id"]
            if sid in source_text:
                self.add(("sources", i, "id"), "error", f"source id '{sid}' is used twice")
                continue
            source_text[sid] = self.read_source_file(source, ("sources", i))
        cards = data.get("cards") if isinstance(data.get("cards"), list) else []
        for i, card in enumerate(cards):
            if not isinstance(card, dict) or card.get("kind") != "evidence":
                continue
            cite = card.get("cite")
            if not isinstance(cite, dict) or not isinstance(cite.get("source"), str) or not cite["source"]:
                continue  # no source yet: said once, as a warning, by the card checks
            sid = cite["source"]
            card_id = card.get("id") if isinstance(card.get("id"), str) else None
            if sid not in source_text:
                hint = _close_matches(sid, list(source_text), n=1)
                message = f"cite names source '{sid}', which is not in the map's sources"
                message += f"; did you mean '{hint[0]}'?" if hint else ""
                self.add(("cards", i, "cite", "source"), "error", message, card_id=card_id)
                continue
            text = source_text[sid]
            quote = card.get("quote")
            if text is not None and isinstance(quote, str) and quote.strip():
                result = check_quote(plain_quote(quote), text)
                if not result.verbatim:
                    self.add(
                        ("cards", i, "quote"),
                        "warning",
                        f"the quote of '{card_id}' is not verbatim from source '{sid}': {result.departs}; "
                        "evidence must quote its source word for word",
                        card_id=card_id,
                    )

    def read_source_file(self, source: dict, path: tuple) -> str | None:
        name = source.get("file")
        if not isinstance(name, str) or not name:
            return None
        if self.base_dir is None:
            return None
        where = path + ("file",)
        rel = Path(name)
        if rel.is_absolute() or ".." in rel.parts:
            self.add(where, "error", f"source file '{name}' must be a path inside the map's folder")
            return None
        if "\0" in name:
            self.add(where, "error", f"source file {name!r} has a NUL character in its name")
            return None
        full = self.base_dir / rel
        try:
            # A link may point anywhere: only a file that is really in the map's folder tree is read,
            # so a shared map cannot make the quote check report on files elsewhere (~/.ssh/...).
            real, folder = Path(os.path.realpath(full)), Path(os.path.realpath(self.base_dir))
            if not real.is_relative_to(folder):
                self.add(
                    where,
                    "error",
                    f"source file '{name}' leads outside the map's folder (through a link); "
                    "put the source text itself beside the map",
                )
                return None
            info = real.stat()
            if not stat.S_ISREG(info.st_mode):  # a folder, a pipe, or a link to /dev/zero
                self.add(where, "error", f"source file '{name}' is not a regular file")
                return None
            if info.st_size > MAX_SOURCE_TEXT_BYTES:
                self.add(where, "error", f"source file '{name}' is larger than 8 MiB")
                return None
            return real.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.add(where, "error", f"source file '{name}' does not exist next to the map")
        except UnicodeDecodeError:
            self.add(where, "error", f"source file '{name}' is not UTF-8 text")
        except OSError as exc:
            self.add(where, "error", f"source file '{name}' cannot be read: {exc.strerror}")
        return None

    def check_relations(self, data: dict) -> None:
        cards = data.get("cards") if isinstance(data.get("cards"), list) else []
        ids = {c["id"] for c in cards if isinstance(c, dict) and isinstance(c.get("id"), str)}
        kinds = {
            c["id"]: c.get("kind") for c in cards if isinstance(c, dict) and isinstance(c.get("id"), str)
        }
        relations = data.get("relations") if isinstance(data.get("relations"), list) else []
        seen: dict[frozenset, int] = {}
        directed: set[tuple[str, str]] = set()
        related: set[str] = set()
        rebuts_something: set[str] = set()
        support_edges: list[tuple[str, str, int]] = []
        for i, rel in enumerate(relations):
            if not isinstance(rel, dict):
                continue
            path = ("relations", i)
            ends = []
            for end in ("from", "to"):
                value = rel.get(end)
                if isinstance(value, str):
                    ends.append(value)
                    if value not in ids:
                        hint = _close_matches(value, list(ids), n=1)
                        message = f"relation {end} '{value}': there is no card with that id"
                        message += f"; did you mean '{hint[0]}'?" if hint else ""
                        self.add(path + (end,), "error", message)
            if len(ends) != 2:
                continue
            source, target = ends
            related.update(ends)
            if source == target:
                self.add(
                    path,
                    "error",
                    f"card '{source}' relates to itself; a card cannot answer itself",
                    card_id=source,
                )
                continue
            pair = frozenset(ends)
            if pair in seen:
                first = relations[seen[pair]]
                mutual = (
                    rel.get("type") == first.get("type") == "rebuts"
                    and first.get("from") == target
                    and (source, target) not in directed
                )
                if not mutual:
                    line = self.doc.mark(("relations", seen[pair]))[0]
                    self.add(
                        path,
                        "error",
                        f"'{source}' and '{target}' are already related (line {line}); two cards have "
                        "at most one relation, or two rebuttals, one each way (they rebut each other)",
                    )
                    continue
            seen.setdefault(pair, i)
            directed.add((source, target))
            if rel.get("type") == "rebuts":
                rebuts_something.add(source)
            elif rel.get("type") == "supports" and source in ids and target in ids:
                support_edges.append((source, target, i))
        for cid, i in getattr(self, "card_index", {}).items():
            if len(ids) > 1 and cid not in related:
                self.add(
                    ("cards", i, "id"),
                    "warning",
                    f"card '{cid}' is not connected to any other card",
                    card_id=cid,
                )
            if kinds.get(cid) == "rebuttal" and cid not in rebuts_something:
                self.add(
                    ("cards", i, "kind"),
                    "warning",
                    f"rebuttal '{cid}' rebuts nothing; connect it with a 'rebuts' relation",
                    card_id=cid,
                )
        if not _has_cycle(support_edges):
            return
        supports: dict[str, dict[str, int]] = {}  # source -> {target: relation index}, in file order
        for source, target, i in support_edges:
            supports.setdefault(source, {})[target] = i
            supports.setdefault(target, {})
        for cycle in _some_cycles(supports):
            first = supports[cycle[0]][cycle[1 % len(cycle)]]
            chain = " -> ".join(cycle + [cycle[0]])
            self.add(("relations", first), "warning", f"these cards support each other in a circle: {chain}")

    def check_layout(self, data: dict) -> None:
        layout = data.get("layout")
        if not isinstance(layout, dict):
            return
        ids = set(getattr(self, "card_index", {}))
        positions = layout.get("positions")
        if isinstance(positions, dict):
            for cid, pos in positions.items():
                if cid not in ids:
                    self.add(
                        ("layout", "positions", cid),
                        "error",
                        f"layout position for '{cid}', which is not a card",
                        key=True,
                    )
                elif (
                    isinstance(pos, list)
                    and len(pos) == 2
                    and not is_position(pos)
                    and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pos)
                ):
                    # The schema accepts these as numbers; 1e999 is infinite, 1e308 breaks every image.
                    self.add(
                        ("layout", "positions", cid),
                        "error",
                        f"layout position for '{cid}' is too far out (beyond ±{MAX_COORDINATE:,}) "
                        "or not a number; use numbers like [120, 80]",
                    )
        collapsed = layout.get("collapsed")
        if isinstance(collapsed, list):
            for i, cid in enumerate(collapsed):
                if isinstance(cid, str) and cid not in ids:
                    self.add(("layout", "collapsed", i), "error", f"collapsed card '{cid}' is not a card")

    def check_conflicts(self, data: dict) -> None:
        """Each merge conflict left unresolved is an error: the merge is not finished until a person chose."""
        entries = data.get("conflicts")
        if not isinstance(entries, list):
            return
        for i, entry in enumerate(entries):
            conflict = conflict_from_data(entry)
            if conflict is None:
                if isinstance(entry, dict):  # the schema reports other shapes
                    self.add(
                        ("conflicts", i), "error", "this conflict entry names no card, relation or source"
                    )
                continue
            card_id = conflict.key if conflict.item == "card" else None
            self.add(
                ("conflicts", i),
                "error",
                f"unresolved merge conflict: {describe_conflict(conflict)} "
                "(File > Resolve Merge Conflicts, or edit the map and delete this entry)",
                card_id=card_id,  # type: ignore[arg-type]
                code="conflict",
            )


def _has_cycle(edges: list[tuple[str, str, int]]) -> bool:
    """Whether the directed edges close a circle (peeling nodes with nothing left pointing in)."""
    into: dict[str, int] = {}
    out: dict[str, list[str]] = {}
    for source, target, _ in edges:
        into[target] = into.get(target, 0) + 1
        into.setdefault(source, 0)
        out.setdefault(source, []).append(target)
    ready = [v for v, k in into.items() if not k]
    peeled = 0
    while ready:
        v = ready.pop()
        peeled += 1
        for w in out.get(v, ()):
            into[w] -= 1
            if not into[w]:
                ready.append(w)
    return peeled < len(into)


def _some_cycles(succ: dict[str, dict[str, int]], limit: int = 20) -> list[list[str]]:
    """Up to ``limit`` distinct support cycles, one per strongly connected component."""
    cycles = []
    for component in strongly_connected_components(succ):
        if len(component) < 2:
            continue
        members = set(component)
        cycles.append(find_cycle(succ, [node for node in succ if node in members]))
        if len(cycles) >= limit:
            break
    return cycles
