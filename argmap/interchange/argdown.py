"""Argdown (https://argdown.org): statements and arguments with titles, tags and data, and relations.

Export: positions and evidence become statements ``[Title]: text``, arguments and rebuttals become
arguments ``<Title>: text``; each card carries its kind and side as tags (``#position #for``) and every
other field argmap needs (id, exact tag, speech, notes, quote, cite, position) in Argdown's data block
``{id: "..."}``; each relation is written under the answering card (``+> [Title]`` supports,
``-> [Title]`` rebuts). The front matter holds the title, description and the map's sources.

Import reads that and ordinary Argdown: statement and argument definitions and references, nested
relation lists in both directions (``+ - +> -> <+ <- _ _> <_ ><``), tags, data, front matter, comments
and premise-conclusion structures. Kinds and sides come from the tags where present, else are inferred.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import yaml

from ..exportable import exportable
from ..model import CARD_KINDS, ArgumentMap, Card, Cite, Source
from .base import (
    DraftCard,
    ExportReport,
    IdMaker,
    ImportResult,
    MapBuilder,
    guarded_read,
    read_text,
    write_output,
)

NAME = "Argdown"
_PUNCT = set(string.punctuation)
_STATEMENT_KINDS = ("position", "evidence")


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


def escape_text(text: str) -> str:
    """Text with every ASCII punctuation mark backslash-escaped and line breaks as spaces."""
    flat = re.sub(r"\s+", " ", text).strip()
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in flat)


def _data_value(value: object) -> str:
    """A YAML flow value the Argdown lexer cannot mistake for syntax (braces, tags, brackets escaped)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_data_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_data_value(v) for v in value) + "]"
    return _yaml_string(value, "{}[]#<>/*_@")


# Written as \u escapes in YAML strings: line separators (Argdown and JavaScript end a line at them)
# and "=" (the Argdown lexer ends the front matter at any "===", even inside a quoted string).
_FRONT_MATTER_UNSAFE = "=\u2028\u2029\x85"


def _yaml_string(value: object, unsafe: str = "") -> str:
    """``value`` as a JSON (so YAML flow) value, with each character of ``unsafe`` and the line
    separators as ``\\u`` escapes; other characters, emoji included, are written as themselves."""
    out = json.dumps(value, ensure_ascii=False)
    for ch in unsafe + _FRONT_MATTER_UNSAFE:
        out = out.replace(ch, f"\\u{ord(ch):04x}")
    return out


def _title(card: Card) -> str:
    """A title the Argdown parser reads back unchanged: words, digits and plain punctuation."""
    raw = card.tag or card.id
    clean = re.sub(r"[^\w\s,.'’?!:;%&$=+-]", " ", raw)
    # A title starting like a relation ("<+ 1.>") or a comment ("<!--") is misread at a line start.
    clean = re.sub(r"\s+", " ", clean).strip(" :").lstrip("+-=_! ")
    return clean or card.id


def _visible_text(card: Card) -> str:
    return card.text or card.quote or card.tag or card.id


def dumps(amap: ArgumentMap) -> tuple[str, ExportReport]:
    """The map as Argdown text, and what could not be carried (nothing the map file holds is lost)."""
    amap = exportable(amap)
    titles: dict[str, str] = {}
    used: set[str] = set()
    for card in amap.cards():
        base = _title(card)
        title, n = base, 2
        while title.lower() in used:
            title = f"{base} {n}"
            n += 1
        used.add(title.lower())
        titles[card.id] = title

    def ref(card_id: str) -> str:
        title = titles[card_id]
        return f"<{title}>" if amap.card(card_id).kind not in _STATEMENT_KINDS else f"[{title}]"

    lines = ["==="]
    lines.append(f"title: {_yaml_string(amap.info.title)}")
    if amap.info.description:
        lines.append(f"description: {_yaml_string(amap.info.description)}")
    if amap.sources:
        sources = [{k: v for k, v in vars(s).items() if v} for s in amap.sources.values()]
        lines.append(f"argmap: {_yaml_string({'sources': sources})}")
    lines += ["===", ""]
    for card in amap.cards():
        data: dict = {"id": card.id}
        text = _visible_text(card)
        if card.tag != titles[card.id]:
            data["tag"] = card.tag
        if escape_text(card.text) != escape_text(text) or re.sub(r"\s+", " ", card.text).strip() != card.text:
            data["text"] = card.text
        for name in ("speech", "notes", "quote"):
            if getattr(card, name):
                data[name] = getattr(card, name)
        if card.cite is not None:
            data["cite"] = {k: v for k, v in vars(card.cite).items() if v}
        if card.id in amap.layout.positions:
            x, y = amap.layout.positions[card.id]
            data["x"], data["y"] = _number(x), _number(y)
        if card.id in amap.layout.collapsed:
            data["collapsed"] = True
        lines.append(f"{ref(card.id)}: {escape_text(text)} #{card.kind} #{card.side} {_data_value(data)}")
        for target in amap.answered_by(card.id):
            symbol = "+>" if amap.relation(card.id, target).type == "supports" else "->"
            lines.append(f"  {symbol} {ref(target)}")
        lines.append("")
    return "\n".join(lines), ExportReport([])


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def write(amap: ArgumentMap, path_or_stream: str | Path | IO) -> ExportReport:
    """Write the map as an Argdown file."""
    text, report = dumps(amap)
    write_output(path_or_stream, text)
    return report


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------

# Relation symbols: (symbol, direction, type). "in": the child answers the parent; "out": the reverse.
_RELATIONS = [
    ("><", "in", "contradiction"),
    ("+>", "out", "supports"),
    ("->", "out", "rebuts"),
    ("_>", "out", "undercut"),
    ("<+", "in", "supports"),
    ("<-", "in", "rebuts"),
    ("<_", "in", "undercut"),
    ("+", "in", "supports"),
    ("-", "in", "rebuts"),
    ("_", "in", "undercut"),
]
_PCS_LINE = re.compile(r"^\((\d+)\)\s*(.*)$")
_INFERENCE = re.compile(r"^-{2,}")


@dataclass
class _Element:
    """A statement or argument mentioned in the file, keyed by (kind letter, title)."""

    key: tuple[str, str]
    text: str = ""
    tags: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    where: tuple[int, int] = (1, 1)


class _Reader:
    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.lines = text.splitlines()
        self.builder = MapBuilder(name, NAME)
        self.elements: dict[tuple[str, str], _Element] = {}
        self.relations: list[tuple[tuple[str, str], tuple[str, str], str, tuple[int, int]]] = []
        self.untitled = 0
        self.untitled_keys: set[tuple[str, str]] = set()
        self.counts = {"contradiction": 0, "undercut": 0, "pcs": 0, "texts": 0}

    # -- lines -------------------------------------------------------------------------------

    def run(self) -> ImportResult:
        start = self.front_matter()
        self.strip_comments(start)
        block: list[tuple[int, str]] = []
        for number in range(start, len(self.lines)):
            line = self.lines[number]
            if line.strip():
                block.append((number + 1, line))
            elif block:
                self.block(block)
                block = []
        if block:
            self.block(block)
        return self.finish()

    def error(self, where: tuple[int, int], message: str) -> None:
        self.builder.problem(where, "error", message)

    def front_matter(self) -> int:
        first = next((i for i, line in enumerate(self.lines) if line.strip()), None)
        if first is None or self.lines[first].strip() != "===":
            return 0
        end = next((i for i in range(first + 1, len(self.lines)) if self.lines[i].strip() == "==="), None)
        if end is None:
            self.error((first + 1, 1), "the front matter that starts here ('===') is never closed by '==='")
            return len(self.lines)
        try:
            data = yaml.safe_load("\n".join(self.lines[first + 1 : end])) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = first + 2 + (mark.line if mark else 0)
            self.error(
                (line, (mark.column + 1) if mark else 1),
                f"the front matter is not valid YAML: {getattr(exc, 'problem', exc)}",
            )
            return end + 1
        if isinstance(data, dict):
            self.builder.title = str(data.get("title") or "")
            self.builder.description = str(data.get("description") or data.get("subTitle") or "")
            extra = data.get("argmap") if isinstance(data.get("argmap"), dict) else {}
            for item in extra.get("sources") or []:
                if isinstance(item, dict) and isinstance(item.get("id"), str) and item.get("title"):
                    fields = {
                        k: str(item.get(k) or "")
                        for k in ("title", "author", "publisher", "date", "url", "file")
                    }
                    self.builder.sources[item["id"]] = Source(item["id"], **fields)
        return end + 1

    def strip_comments(self, start: int) -> None:
        in_block = False
        for i in range(start, len(self.lines)):
            line, out, pos = self.lines[i], "", 0
            while pos < len(line):
                if in_block:
                    end = line.find("*/", pos)
                    if end < 0:
                        pos = len(line)
                        continue
                    in_block, pos = False, end + 2
                elif line.startswith("/*", pos) and not _escaped(line, pos):
                    in_block, pos = True, pos + 2
                elif line.startswith("<!--", pos):
                    end = line.find("-->", pos)
                    pos = len(line) if end < 0 else end + 3
                elif (
                    line.startswith("//", pos)
                    and (pos == 0 or line[pos - 1].isspace())
                    and not _escaped(line, pos)
                ):
                    pos = len(line)
                else:
                    out += line[pos]
                    pos += 1
            self.lines[i] = out

    # -- blocks ------------------------------------------------------------------------------

    def block(self, block: list[tuple[int, str]]) -> None:
        """One paragraph: a top element and the relation list under it, or a PCS, heading or text."""
        first_no, first = block[0]
        stripped = first.strip()
        if stripped.startswith("#") and not stripped.startswith("#("):
            return  # a heading: sections carry no cards
        if _PCS_LINE.match(stripped) or _INFERENCE.match(stripped):
            self.pcs(block)
            return
        if _relation_symbol(stripped):
            self.error(
                (first_no, len(first) - len(first.lstrip()) + 1),
                "a relation at the start of a paragraph answers nothing; put it under a statement or "
                "argument, with no empty line between them",
            )
            return
        # A premise-conclusion structure may follow its argument's title without an empty line.
        split = next((i for i, (_, line) in enumerate(block) if i and _PCS_LINE.match(line.strip())), None)
        self.tree(block[:split], top=True)
        if split is not None:
            self.pcs(block[split:])

    def tree(self, block: list[tuple[int, str]], top: bool) -> tuple[str, str] | None:
        """The first line's element and the relation list under it; returns the first element's key.

        ``top`` is False for a PCS statement, where bare text is an (untitled) statement.
        """
        items: list[tuple[int, int, int, str, tuple[str, str] | None]] = []  # line, indent, col, text, rel
        for number, line in block:
            indent = len(line) - len(line.lstrip())
            body = line.strip()
            symbol = _relation_symbol(body) if items else None
            if not items or symbol:
                rel, col = None, indent + 1
                if symbol:
                    rel = (symbol[1], symbol[2])
                    rest = body[len(symbol[0]) :]
                    col += len(symbol[0]) + len(rest) - len(rest.lstrip())
                    body = rest.strip()
                items.append((number, indent, col, body, rel))
            else:  # a continuation of the previous item's text
                n, ind, col, text, rel = items[-1]
                items[-1] = (n, ind, col, f"{text} {body}", rel)
        first_key: tuple[str, str] | None = None
        parents: list[tuple[int, tuple[str, str] | None]] = []  # (indent, key) from the top down
        for number, indent, col, text, rel in items:
            if rel is not None and not text:
                self.error((number, indent + 1), "this relation names no statement or argument")
                continue
            key = self.element(text, (number, col), top=top and rel is None)
            if rel is None:
                parents, first_key = [(indent, key)], key
                continue
            while len(parents) > 1 and parents[-1][0] >= indent:
                parents.pop()
            parent = parents[-1][1] if parents else None
            if parent is not None and key is not None:
                source, target = (key, parent) if rel[0] == "in" else (parent, key)
                self.relations.append((source, target, rel[1], (number, indent + 1)))
            parents.append((indent, key))
        return first_key

    def element(self, text: str, where: tuple[int, int], top: bool) -> tuple[str, str] | None:
        """Read ``[Title]: text #tags {data}`` (or an argument, or bare text); return its key."""
        kind_letter, title, rest = None, "", text
        if text.startswith("[") or text.startswith("<"):
            close = "]" if text[0] == "[" else ">"
            end = _find_unescaped(text, close, 1)
            if end < 0:
                self.error(where, f"the title that starts here with '{text[0]}' is never closed by '{close}'")
                return None
            kind_letter = "s" if text[0] == "[" else "a"
            title = _unescape(text[1:end]).strip()
            rest = text[end + 1 :].strip()
            if rest.startswith(":"):
                rest = rest[1:].strip()
            elif rest and not rest.startswith(("#", "{")):
                if not top:
                    self.error((where[0], where[1] + end + 1), "expected ':' and a text after the title")
                    return None
                return None  # a paragraph of ordinary text that starts with a mention
        elif top:
            if re.match(r"^(\*|\d+\.)\s", text):
                return None  # an ordinary list item
            return None  # ordinary text: Argdown allows it, and it holds no card
        offset = len(text) - len(rest)  # rest is a suffix of text: columns count from the line's text
        body, data = self.split_data(rest, (where[0], where[1] + offset))
        body, tags = _split_tags(body)
        if kind_letter is None:
            self.untitled += 1
            kind_letter, title = "s", f"Untitled {self.untitled}"
            self.untitled_keys.add((kind_letter, title))
        key = (kind_letter, title)
        element = self.elements.get(key)
        if element is None:
            element = self.elements[key] = _Element(key, where=where)
        text_now = _unescape(body)
        if text_now:
            if element.text and element.text != text_now:
                self.counts["texts"] += 1
            elif not element.text:
                element.text = text_now
        element.tags += [t for t in tags if t not in element.tags]
        for k, v in data.items():
            element.data.setdefault(k, v)
        return key

    def split_data(self, text: str, where: tuple[int, int]) -> tuple[str, dict]:
        start = _find_unescaped(text, "{", 0)
        if start < 0:
            return text, {}
        end = _matching_brace(text, start)
        if end < 0:
            self.error(
                (where[0], where[1] + start),
                "the data block that starts here with '{' is never closed by '}'",
            )
            return text[:start], {}
        try:
            data = yaml.safe_load(text[start : end + 1])
        except yaml.YAMLError as exc:
            self.error(
                (where[0], where[1] + start),
                f"the data block is not valid YAML: {getattr(exc, 'problem', exc)}",
            )
            data = {}
        return text[:start] + text[end + 1 :], data if isinstance(data, dict) else {}

    def pcs(self, block: list[tuple[int, str]]) -> None:
        """A premise-conclusion structure: premises support the argument, the argument its conclusion."""
        argument = next((k for k in reversed(list(self.elements)) if k[0] == "a"), None)
        if argument is None:
            self.error((block[0][0], 1), "a premise-conclusion structure must follow an argument's title")
            return
        self.counts["pcs"] += 1
        # Each numbered statement, with the relation lines under it, is read like a paragraph of its own.
        groups: list[list[tuple[int, str]]] = []
        for number, line in block:
            body = line.strip()
            match = _PCS_LINE.match(body)
            if match:
                groups.append([(number, match.group(2))])
            elif groups and not _INFERENCE.match(body):
                groups[-1].append((number, line))
        statements = [(self.tree(lines, top=False), (lines[0][0], 1)) for lines in groups]
        if not statements:
            return
        *premises, (conclusion, where) = statements
        for key, at in premises:
            if key is not None:
                self.relations.append((key, argument, "supports", at))
        if conclusion is not None:
            self.relations.append((argument, conclusion, "supports", where))

    # -- the map -----------------------------------------------------------------------------

    def finish(self) -> ImportResult:
        b = self.builder
        ids: dict[tuple[str, str], str] = {}
        idmaker = IdMaker()
        for key, element in self.elements.items():
            data = element.data
            wanted = data.get("id") if isinstance(data.get("id"), str) else ""
            untitled = key in self.untitled_keys
            card_id = idmaker.make(
                wanted, element.text if untitled else key[1], "argument" if key[0] == "a" else "statement"
            )
            ids[key] = card_id
            kind = next((t for t in element.tags if t in CARD_KINDS), None)
            side = next(
                (
                    {"for": "for", "against": "against", "pro": "for", "con": "against"}[t]
                    for t in element.tags
                    if t in ("for", "against", "pro", "con")
                ),
                None,
            )
            cite = data.get("cite")
            draft = DraftCard(
                id=card_id,
                kind=kind,
                side=side,
                text=_str(data["text"]) if "text" in data else element.text,
                tag=_str(data["tag"]) if "tag" in data else ("" if untitled else key[1]),
                speech=_str(data.get("speech")),
                notes=_str(data.get("notes")),
                quote=_str(data.get("quote")),
                cite=Cite(str(cite["source"]), _str(cite.get("by")), _str(cite.get("at")))
                if isinstance(cite, dict) and cite.get("source")
                else None,
                collapsed=data.get("collapsed") is True,
            )
            if isinstance(data.get("x"), (int, float)) and isinstance(data.get("y"), (int, float)):
                draft.position = (float(data["x"]), float(data["y"]))
            if kind is None and key[0] == "a":
                draft.kind = None  # inferred below: argument, or rebuttal when it attacks
            b.add_card(draft)
        for source, target, kind, where in self.relations:
            if source not in ids or target not in ids:
                continue
            if kind == "contradiction":
                self.counts["contradiction"] += 1
                kind = "rebuts"
            elif kind == "undercut":
                self.counts["undercut"] += 1
                kind = "rebuts"
            b.relate(ids[source], ids[target], kind, where)
        if self.counts["contradiction"]:
            b.notes.append(
                f"{self.counts['contradiction']} contradiction(s) (><) became one 'rebuts' each, "
                "from the later card to the earlier: argmap relations have one direction"
            )
        if self.counts["undercut"]:
            b.notes.append(f"{self.counts['undercut']} undercut(s) became 'rebuts': argmap has no undercut")
        if self.counts["pcs"]:
            b.notes.append(
                f"{self.counts['pcs']} premise-conclusion structure(s): each premise became a card "
                "supporting its argument, and the argument supports its conclusion"
            )
        if self.counts["texts"]:
            b.notes.append(
                f"{self.counts['texts']} statement(s) defined with several texts: the first text was kept"
            )
        if any(p.severity == "error" for p in b.problems):
            return ImportResult(None, b.problems, b.notes)
        amap = b.build()
        return ImportResult(amap, b.problems, b.notes)


def _str(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    return str(value)


def _escaped(line: str, pos: int) -> bool:
    n = 0
    while pos - n - 1 >= 0 and line[pos - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _find_unescaped(text: str, ch: str, start: int) -> int:
    pos = start
    while pos < len(text):
        if text[pos] == "\\":
            pos += 2
            continue
        if text[pos] == ch:
            return pos
        pos += 1
    return -1


def _matching_brace(text: str, start: int) -> int:
    depth, pos, quote = 0, start, ""
    while pos < len(text):
        ch = text[pos]
        if quote:
            if ch == "\\" and quote == '"':
                pos += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    return -1


def _unescape(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\\(.)", r"\1", text)).strip()


def _split_tags(text: str) -> tuple[str, list[str]]:
    tags: list[str] = []
    out, pos = "", 0
    while pos < len(text):
        ch = text[pos]
        if ch == "\\" and pos + 1 < len(text):
            out += text[pos : pos + 2]
            pos += 2
            continue
        if ch == "#" and (pos == 0 or text[pos - 1].isspace()):
            if text.startswith("#(", pos):
                end = text.find(")", pos)
                if end > 0:
                    tags.append(text[pos + 2 : end].strip())
                    pos = end + 1
                    continue
            match = re.match(r"#([\w-]+)", text[pos:])
            if match:
                tags.append(match.group(1))
                pos += len(match.group(0))
                continue
        out += ch
        pos += 1
    return out, tags


def _relation_symbol(body: str) -> tuple[str, str, str] | None:
    for symbol, direction, kind in _RELATIONS:
        if body.startswith(symbol) and (len(body) == len(symbol) or body[len(symbol)] == " "):
            return symbol, direction, kind
    return None


@guarded_read
def read(path: Path) -> ImportResult:
    """Read an Argdown file into a map."""
    return _Reader(read_text(path), str(path)).run()


def loads(text: str, name: str = "<argdown>") -> ImportResult:
    """Read Argdown text into a map."""
    return _Reader(text, name).run()
