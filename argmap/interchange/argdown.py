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

from .. import yamlsafe
from ..exportable import exportable
from ..model import CARD_KINDS, ArgumentMap, Card, Cite, Source
from ..quotes import marked_field, marks_from_field
from .base import (
    Budget,
    DraftCard,
    ExportReport,
    IdMaker,
    ImportResult,
    InterchangeError,
    MapBuilder,
    guarded_read,
    read_text,
    usable_position,
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
        if card.marks:
            data["marked"] = marked_field(card.quote, card.marks)  # underline, emphasis, highlight
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
    if not len(amap):  # the real parser refuses front matter with nothing after it
        lines += [f"# {escape_text(amap.info.title) or 'Empty map'}", ""]
    return "\n".join(lines) + "\n", ExportReport([])


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
#
# The reader follows the real Argdown parser (@argdown/core) wherever a map can show the result:
# - a paragraph is a statement (``[Title]: text`` or untitled text) or an argument (``<Title>: text``)
#   with the relations indented under it; an untitled paragraph becomes a card only when something
#   relates to it (else it is prose, counted in the notes);
# - a premise-conclusion structure (``(1) ...``) belongs to the argument whose definition or reference
#   is the paragraph just above it; with none there it is an untitled argument of its own;
# - comments (``<!-- -->``, ``/* */`` over any number of lines, ``//`` to the end of a line) are not there:
#   a line holding only a comment is not an empty line;
# - inference lines (``----``, ``-- rule --``, or a rule between two ``--`` lines) end the premises.

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
_INFERENCE = re.compile(r"^-{2,}(.*?)(?:-{2,})?\s*$")
_HEADING = re.compile(r"^#{1,6}(\s|$)")
_LIST_ITEM = re.compile(r"^(\*|\d+\.)\s")
_COMMENT_START = re.compile(r"<!--|/\*|(?:^|(?<=\s))//")
_LINK = re.compile(r"(?<![\\@])\[([^\]\n]*)\]\(([^)\s]*)\)")
# Emphasis; a backslash escape is matched first and kept, so an escaped mark never opens or closes one.
_BOLD = re.compile(r"\\.|(\*\*|__)(?=\S)((?:\\.|[^\\])+?)(?<=\S)\1", re.S)
_ITALIC = re.compile(r"\\.|(?<![\w*])([*_])(?=\S)((?:\\.|[^\\])+?)(?<=\S)\1(?![\w*])", re.S)
_OWN_DATA = {"id", "tag", "text", "speech", "notes", "quote", "marked", "cite", "x", "y", "collapsed"}
_SIDE_TAGS = {"for": "for", "against": "against", "pro": "for", "con": "against"}

Key = tuple[str, str]  # ("s" or "a", title)


@dataclass
class _Element:
    """A statement or argument mentioned in the file, keyed by (kind letter, title)."""

    key: Key
    text: str = ""
    other_texts: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    inference: list[str] = field(default_factory=list)
    where: tuple[int, int] = (1, 1)


@dataclass
class _Item:
    """One line of a relation tree and its continuation lines."""

    line: int
    indent: int
    col: int
    parts: list[str]
    relation: tuple[str, str] | None


class _Reader:
    def __init__(self, text: str, name: str, budget: Budget | None = None) -> None:
        self.name = name
        self.budget = budget or Budget(name)
        self.lines: list[str | None] = list(text.splitlines())
        self.builder = MapBuilder(name, NAME)
        self.elements: dict[Key, _Element] = {}
        self.relations: list[tuple[Key, Key, str, tuple[int, int]]] = []
        self.untitled = 0
        self.untitled_arguments = 0
        self.untitled_keys: set[Key] = set()
        self.conclusions: dict[Key, Key] = {}  # a reconstructed argument's main conclusion
        self.counts = {
            "contradiction": 0,
            "undercut": 0,
            "pcs": 0,
            "untitled_pcs": 0,
            "prose": 0,
            "headings": 0,
            "lists": 0,
            "inferences": 0,
            "moved": 0,
        }

    # -- lines -------------------------------------------------------------------------------

    def run(self) -> ImportResult:
        start = self.front_matter()
        self.strip_comments(start)
        block: list[tuple[int, str]] = []
        argument_above: Key | None = None  # the argument the paragraph just above defines or names
        for number in range(start, len(self.lines)):
            line = self.lines[number]
            if line is None:  # only a comment: not an empty line
                continue
            if line.strip():
                block.append((number + 1, line))
            elif block:
                argument_above = self.block(block, argument_above)
                block = []
        if block:
            self.block(block, argument_above)
        return self.finish()

    def error(self, where: tuple[int, int], message: str) -> None:
        self.builder.problem(where, "error", message)

    def front_matter(self) -> int:
        first = next((i for i, line in enumerate(self.lines) if line and line.strip()), None)
        if first is None or self.lines[first].strip() != "===":  # type: ignore[union-attr]
            return 0
        end = next(
            (i for i in range(first + 1, len(self.lines)) if (self.lines[i] or "").strip() == "==="), None
        )
        if end is None:
            self.error((first + 1, 1), "the front matter that starts here ('===') is never closed by '==='")
            return len(self.lines)
        data = self.yaml_data("\n".join(self.lines[first + 1 : end]), (first + 2, 1), "the front matter")  # type: ignore[arg-type]
        if isinstance(data, dict):
            self.builder.title = _str(data.get("title"))
            self.builder.description = _str(data.get("description") or data.get("subTitle"))
            extra = data.get("argmap") if isinstance(data.get("argmap"), dict) else {}
            sources = extra.get("sources") if isinstance(extra.get("sources"), list) else []
            for item in sources:
                if isinstance(item, dict) and isinstance(item.get("id"), str) and item.get("title"):
                    fields = {
                        k: _str(item.get(k)) for k in ("title", "author", "publisher", "date", "url", "file")
                    }
                    self.builder.sources[item["id"]] = Source(item["id"], **fields)
            ignored = sorted(k for k in data if k not in ("title", "description", "subTitle", "argmap"))
            if ignored:
                self.builder.notes.append(
                    f"front matter settings not kept ({', '.join(map(str, ignored[:8]))}"
                    f"{', …' if len(ignored) > 8 else ''}): argmap has no place for them"
                )
        return end + 1

    def yaml_data(self, text: str, where: tuple[int, int], what: str) -> object:
        """YAML read with argmap's bounded reader (no aliases, tags or deep nesting); None with a warning."""
        try:
            return yamlsafe.parse(text, self.name).data
        except yamlsafe.YamlProblems as exc:
            first = exc.problems[0]
            line = where[0] + first.line - 1
            col = (where[1] + first.column - 1) if first.line == 1 else first.column
            self.builder.problem((line, col), "warning", f"{what} was not read: {first.message}")
            return None

    def strip_comments(self, start: int) -> None:
        """Remove comments in one pass; a line that held only comment becomes None (skipped, not blank)."""
        closing = ""  # the end of the block comment we are in
        for i in range(start, len(self.lines)):
            line = self.lines[i] or ""
            pieces: list[str] = []
            pos, had_comment = 0, bool(closing)
            while pos < len(line):
                if closing:
                    end = line.find(closing, pos)
                    if end < 0:
                        pos = len(line)
                        break
                    pos, closing = end + len(closing), ""
                    continue
                match = _COMMENT_START.search(line, pos)
                if match is None:
                    pieces.append(line[pos:])
                    break
                if _escaped(line, match.start()):
                    pieces.append(line[pos : match.start() + 1])
                    pos = match.start() + 1
                    continue
                pieces.append(line[pos : match.start()])
                had_comment = True
                token = match.group(0)
                if token == "//":
                    break
                closing = "-->" if token == "<!--" else "*/"
                pos = match.end()
            out = "".join(pieces)
            self.lines[i] = None if had_comment and not out.strip() else out

    # -- blocks ------------------------------------------------------------------------------

    def block(self, block: list[tuple[int, str]], argument_above: Key | None) -> Key | None:
        """One paragraph; returns the argument it defines or names (for a reconstruction below it)."""
        first_no, first = block[0]
        self.budget.check((first_no, 1), len(self.elements), first_no / max(1, len(self.lines)))
        stripped = first.strip()
        if _HEADING.match(stripped):
            if _unescape(stripped.lstrip("#")) != self.builder.title.strip():  # our title heading
                self.counts["headings"] += 1
            if len(block) > 1:
                return self.block(block[1:], None)
            return None
        if _PCS_LINE.match(stripped):
            self.pcs(block, argument_above)
            return None
        if _relation_symbol(stripped):
            self.error(
                (first_no, len(first) - len(first.lstrip()) + 1),
                "a relation at the start of a paragraph answers nothing; put it under a statement or "
                "argument, with no empty line between them",
            )
            return None
        if _LIST_ITEM.match(stripped):
            self.list_items(block)
            return None
        # A premise-conclusion structure may follow its argument's title without an empty line.
        split = next((i for i, (_, line) in enumerate(block) if i and _PCS_LINE.match(line.strip())), None)
        top = self.tree(block[:split], top=True)
        argument = top if top is not None and top[0] == "a" else None
        if split is not None:
            self.pcs(block[split:], argument)
            return None
        return argument

    def list_items(self, block: list[tuple[int, str]]) -> None:
        """A Markdown list: an item with relations under it is an untitled statement, others are prose."""
        items: list[list[tuple[int, str]]] = []
        for number, line in block:
            marker = _LIST_ITEM.match(line.strip())
            if marker and not _relation_symbol(line.strip()):
                indent = len(line) - len(line.lstrip())
                items.append([(number, " " * (indent + marker.end()) + line.strip()[marker.end() :])])
            elif items:
                items[-1].append((number, line))
        for item in items:
            before = self.counts["prose"]
            self.tree(item, top=True)
            self.counts["lists"] += self.counts["prose"] - before
            self.counts["prose"] = before

    def tree(self, block: list[tuple[int, str]], top: bool) -> Key | None:
        """The first line's element and the relation list under it; returns the first element's key.

        ``top`` is True for a paragraph, where untitled text is a statement only if something relates
        to it; in a premise-conclusion structure untitled text is always a statement.
        """
        items: list[_Item] = []
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
                items.append(_Item(number, indent, col, [body], rel))
            else:  # a continuation of the previous item's text (kept as parts: joined once, linear)
                items[-1].parts.append(body)
        has_children = any(item.relation is not None for item in items)
        first_key: Key | None = None
        parents: list[tuple[int, Key | None]] = []  # (indent, key) from the top down
        for item in items:
            text = " ".join(item.parts)
            if item.relation is not None and not text:
                self.error((item.line, item.indent + 1), "this relation names no statement or argument")
                continue
            if item.relation is None:
                key = self.element(text, (item.line, item.col), top=top, has_children=has_children)
                parents, first_key = [(item.indent, key)], key
                continue
            key = self.element(text, (item.line, item.col), top=False)
            if parents and item.indent <= parents[-1][0]:
                # As the Argdown lexer dedents: close every deeper level, then the line is a sibling of
                # the one it reached (even when its indentation lies between two levels).
                while len(parents) > 1 and parents[-1][0] > item.indent:
                    parents.pop()
                if len(parents) > 1:
                    parents.pop()
            parent = parents[-1][1] if parents else None
            if parent is not None and key is not None:
                source, target = (key, parent) if item.relation[0] == "in" else (parent, key)
                self.relations.append((source, target, item.relation[1], (item.line, item.indent + 1)))
            parents.append((item.indent, key))
        return first_key

    def element(self, text: str, where: tuple[int, int], top: bool, has_children: bool = False) -> Key | None:
        """Read ``[Title]: text #tags {data}`` (or an argument, or untitled text); return its key."""
        kind_letter, title, rest = None, "", text
        if text.startswith("[") or text.startswith("<"):
            close = "]" if text[0] == "[" else ">"
            end = _find_unescaped(text, close, 1)
            if end < 0:
                self.error(where, f"the title that starts here with '{text[0]}' is never closed by '{close}'")
                return None
            after = text[end + 1 :].lstrip()
            if after.startswith("(") and text[0] == "[":
                kind_letter = None  # a Markdown link at the start of a text, not a title
            else:
                kind_letter = "s" if text[0] == "[" else "a"
                title = _unescape(text[1:end]).strip()
                rest = after
                if rest.startswith(":"):
                    rest = rest[1:].strip()
                elif rest and not rest.startswith(("#", "{")):
                    kind_letter, title, rest = None, "", text  # text that starts with a mention
        if kind_letter is None and top and not has_children:
            self.counts["prose"] += 1
            return None  # a paragraph of text nothing relates to: Argdown shows it, a map has no place
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
        text_now = _plain(body)
        if text_now:
            if not element.text:
                element.text = text_now
            elif text_now != element.text and text_now not in element.other_texts:
                element.other_texts.append(text_now)
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
        data = self.yaml_data(text[start : end + 1], (where[0], where[1] + start), "the data block")
        return text[:start] + text[end + 1 :], data if isinstance(data, dict) else {}

    def pcs(self, block: list[tuple[int, str]], argument: Key | None) -> None:
        """A premise-conclusion structure: premises support the argument, the argument its conclusion."""
        self.counts["pcs"] += 1
        if argument is None:  # no argument title above: an untitled argument, as the real parser makes
            self.untitled_arguments += 1
            self.counts["untitled_pcs"] += 1
            argument = ("a", f"Untitled argument {self.untitled_arguments}")
            self.untitled_keys.add(argument)
            self.elements.setdefault(argument, _Element(argument, where=(block[0][0], 1)))
        element = self.elements[argument]
        # Each numbered statement, with the relation lines under it, is read like a paragraph of its own.
        groups: list[tuple[list[tuple[int, str]], bool]] = []  # (lines, follows an inference)
        after_inference = False
        rule: list[str] | None = None  # the lines of a rule between two '--' lines, while open
        for index, (number, line) in enumerate(block):
            body = line.strip()
            inference = _INFERENCE.match(body)
            if rule is not None:
                if inference and not inference.group(1).strip():
                    self._inference(element, " ".join(rule), (number, 1))
                    rule = None
                else:
                    rule.append(body)
                continue
            if inference:
                after_inference = True
                self.counts["inferences"] += 1
                words = inference.group(1).strip()
                if words:
                    self._inference(element, words, (number, 1))
                elif body.strip("-") == "" and len(body) <= 3 and not _is_statement(block, index + 1):
                    rule = []  # '--' opens a rule that a second '--' closes
                continue
            match = _PCS_LINE.match(body)
            if match:
                groups.append(
                    ([(number, " " * (len(line) - len(line.lstrip())) + match.group(2))], after_inference)
                )
                after_inference = False
            elif groups:
                groups[-1][0].append((number, line))
        if rule is not None:
            self._inference(element, " ".join(rule), (block[-1][0], 1))
        statements = [(self.tree(lines, top=False), (lines[0][0], 1)) for lines, _ in groups]
        if not statements:
            return
        *premises, (conclusion, where) = statements
        for key, at in premises:
            if key is not None:
                self.relations.append((key, argument, "supports", at))
        if conclusion is not None:
            self.conclusions[argument] = conclusion
            self.relations.append((argument, conclusion, "supports", where))
            if not element.text and argument in self.untitled_keys:
                element.text = f"Argument for: {self.elements[conclusion].text}"

    def _inference(self, element: _Element, text: str, where: tuple[int, int]) -> None:
        body, data = self.split_data(text, where)
        words = _plain(body)
        if data:
            words = f"{words} {_data_words(data)}".strip()
        if words:
            element.inference.append(words)

    # -- the map -----------------------------------------------------------------------------

    def finish(self) -> ImportResult:
        b = self.builder
        self.relations = [self._from_conclusion(rel) for rel in self.relations]
        related: set[Key] = set()
        for source, target, _kind, _where in self.relations:
            related.add(source)
            related.add(target)
        ids: dict[Key, str] = {}
        idmaker = IdMaker()
        kept_extras = 0
        unrelated = 0
        for key, element in self.elements.items():
            data = element.data
            # Defined, but in no relation or reconstruction: not a card, as in the real Argdown map;
            # unless argmap wrote it (its data names the card's id): a map may hold a card alone.
            if key not in related and not isinstance(data.get("id"), str):
                unrelated += 1
                continue
            wanted = data.get("id") if isinstance(data.get("id"), str) else ""
            untitled = key in self.untitled_keys
            card_id = idmaker.make(
                wanted, element.text if untitled else key[1], "argument" if key[0] == "a" else "statement"
            )
            ids[key] = card_id
            kind = next((t for t in element.tags if t in CARD_KINDS), None)
            side = next((_SIDE_TAGS[t] for t in element.tags if t in _SIDE_TAGS), None)
            extras = _extras(element, kind, side)
            kept_extras += bool(extras)
            notes = "\n".join(part for part in (_str(data.get("notes")), extras) if part)
            cite = data.get("cite")
            draft = DraftCard(
                id=card_id,
                kind=kind,
                side=side,
                text=_str(data["text"]) if "text" in data else element.text,
                tag=_str(data["tag"]) if "tag" in data else ("" if untitled else key[1]),
                speech=_str(data.get("speech")),
                notes=notes,
                quote=_str(data.get("quote")),
                marks=marks_from_field(_str(data.get("quote")), data.get("marked")),
                cite=Cite(_str(cite["source"]), _str(cite.get("by")), _str(cite.get("at")))
                if isinstance(cite, dict) and cite.get("source")
                else None,
                collapsed=data.get("collapsed") is True,
            )
            if not draft.text and not draft.tag:
                draft.tag = key[1]
            if "x" in data or "y" in data:
                draft.position = usable_position(data.get("x"), data.get("y"))
                if draft.position is None:
                    b.problem(element.where, "warning", f"'{key[1]}' has an unusable position; dropped")
            b.add_card(draft)
        self.budget.check((1, 1), len(ids))
        for source, target, kind, where in self.relations:
            if kind == "contradiction":
                self.counts["contradiction"] += 1
                kind = "rebuts"
            elif kind == "undercut":
                self.counts["undercut"] += 1
                kind = "rebuts"
            b.relate(ids[source], ids[target], kind, where)
        self.note_losses(kept_extras, unrelated)
        if any(p.severity == "error" for p in b.problems):
            return ImportResult(None, b.problems, b.notes)
        amap = b.build()
        return ImportResult(amap, b.problems, b.notes)

    def _from_conclusion(self, rel: tuple[Key, Key, str, tuple[int, int]]) -> tuple:
        """An argument's relation to another card, when the argument is reconstructed, is its conclusion's.

        The real parser does the same: what ``<Arg>`` is said to support or attack, its main conclusion
        does, and the argument supports its conclusion.
        """
        source, target, kind, where = rel
        conclusion = self.conclusions.get(source)
        if conclusion is not None and target != conclusion and kind != "undercut":
            self.counts["moved"] += 1
            return (conclusion, target, kind, where)
        return rel

    def note_losses(self, kept_extras: int, unrelated: int) -> None:
        """Say, in the notes, everything Argdown holds that the map shows differently or not at all."""
        notes, c = self.builder.notes, self.counts
        if c["contradiction"]:
            notes.append(
                f"{c['contradiction']} contradiction(s) (><) became one 'rebuts' each, "
                "from the later card to the earlier: argmap relations have one direction"
            )
        if c["undercut"]:
            notes.append(
                f"{c['undercut']} undercut(s) became 'rebuts' of the argument: argmap has no undercut"
            )
        if c["pcs"]:
            notes.append(
                f"{c['pcs']} premise-conclusion structure(s): each premise (and intermediary conclusion) "
                "became a card supporting its argument, and the argument supports its main conclusion; "
                "inference rules are kept in the argument's notes"
            )
        if c["moved"]:
            notes.append(
                f"{c['moved']} relation(s) of reconstructed arguments start from the argument's main "
                "conclusion, as in the real Argdown map"
            )
        if c["untitled_pcs"]:
            notes.append(
                f"{c['untitled_pcs']} premise-conclusion structure(s) had no argument title above them: "
                "each became an untitled argument card reading 'Argument for: ' and its conclusion"
            )
        if kept_extras:
            notes.append(
                f"{kept_extras} card(s) kept Argdown tags, data, inference rules or further texts of "
                "their statement in their notes: argmap has no fields for them"
            )
        if unrelated:
            notes.append(
                f"{unrelated} statement(s) or argument(s) defined but in no relation or reconstruction "
                "were not imported (the real Argdown map leaves such statements out too)"
            )
        if c["prose"] or c["lists"]:
            notes.append(
                f"{c['prose'] + c['lists']} paragraph(s) of plain text or list items were not imported: "
                "a map has no place for prose"
            )
        if c["headings"]:
            notes.append(
                f"{c['headings']} heading(s) not kept: argmap has no sections or groups (the cards under "
                "them are imported)"
            )


def _extras(element: _Element, kind: str | None, side: str | None) -> str:
    """What the card keeps in its notes: other tags, foreign data, inference rules, further texts."""
    lines = []
    tags = [t for t in element.tags if t != kind and t not in _SIDE_TAGS]
    if tags:
        lines.append("Argdown tags: " + " ".join(f"#({t})" if " " in t else f"#{t}" for t in tags))
    data = {k: v for k, v in element.data.items() if k not in _OWN_DATA}
    if data:
        lines.append("Argdown data: " + _data_words(data))
    for rule in element.inference:
        lines.append(f"Inference: {rule}")
    for text in element.other_texts:
        lines.append(f"Also stated as: {text}")
    return "\n".join(lines)


def _data_words(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def _is_statement(block: list[tuple[int, str]], index: int) -> bool:
    """True when the block's line at ``index`` is a numbered statement (so a '--' before it is bare)."""
    return index < len(block) and bool(_PCS_LINE.match(block[index][1].strip()))


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
    """The index of the first ``ch`` at or after ``start`` that no backslash escapes; -1 when none."""
    for match in _UNESCAPED[ch].finditer(text, start):
        if match.group(0) == ch:
            return match.start()
    return -1


_UNESCAPED = {ch: re.compile(r"\\.|" + re.escape(ch), re.S) for ch in "[]<>{"}


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


def _plain(text: str) -> str:
    """Text as the Argdown parser shows it: emphasis marks gone, a link as its words and its address."""
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), text)
    text = _BOLD.sub(_emphasised, text)
    text = _ITALIC.sub(_emphasised, text)
    return _unescape(text)


def _emphasised(match: re.Match) -> str:
    """The words inside an emphasis without its marks; an escape as it was (unescaped later)."""
    return match.group(0) if match.group(1) is None else match.group(2)


def _split_tags(text: str) -> tuple[str, list[str]]:
    """The text without its tags (``#tag``, ``#(a tag)``), and the tags in order."""
    tags: list[str] = []

    def take(match: re.Match) -> str:
        if match.group(0).startswith("\\"):
            return match.group(0)
        tags.append((match.group(1) if match.group(1) is not None else match.group(2)).strip())
        return ""

    return _TAGS.sub(take, text), tags


_TAGS = re.compile(r"\\.|(?:^|(?<=\s))#(?:\(([^)]*)\)|([\w-]+))", re.S)


def _relation_symbol(body: str) -> tuple[str, str, str] | None:
    for symbol, direction, kind in _RELATIONS:
        if body.startswith(symbol) and (len(body) == len(symbol) or body[len(symbol)] == " "):
            return symbol, direction, kind
    return None


@guarded_read
def read(path: Path) -> ImportResult:
    """Read an Argdown file into a map."""
    name = str(path)
    return _Reader(read_text(path), name).run()


def loads(text: str, name: str = "<argdown>", budget: Budget | None = None) -> ImportResult:
    """Read Argdown text into a map."""
    try:
        return _Reader(text, name, budget).run()
    except InterchangeError as exc:
        return ImportResult(None, exc.problems)
