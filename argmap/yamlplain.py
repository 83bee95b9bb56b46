"""A reader for the plain block YAML that argmap writes, without libyaml: the data only, or nothing.

Opening a big map spent most of its parse making libyaml's event objects (three Python objects per
key or value). The files argmap saves use a small part of YAML: block mappings and sequences
indented by spaces, plain and single-quoted texts (folded over lines), and one-line flow mappings
and lists. This reader takes exactly that part, line by line, and gives up (returns None) at the
first thing outside it, however harmless: a comment, a tab, a double-quoted or block text, an
anchor, a blank line, a key that is not a plain word, a duplicate key... The caller then reads the
file with libyaml as before. So what it returns is what YAML reads, or nothing; marks (where each
value starts) are not kept: the caller finds them again with libyaml when a problem needs one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .pyyaml import NON_PRINTABLE

Resolve = Callable[[str], object]  # what a plain scalar means (yamlsafe.resolve_plain)

# A mapping entry: indentation, an optional "- " (the entry starts a sequence item), a key that is a
# plain word, then ':' at the end of the line or followed by a space and the value.
_ENTRY = re.compile(r"( *)(- )?([A-Za-z0-9_][A-Za-z0-9_.\-]*):(?: +(.*))?\Z")
# Any line: its indentation, "- ", then a key that is a plain word and ':' at the end of the line or
# before spaces, and the rest. The key is "" when the line is no entry ("- text", "text: more: x").
_ROW = re.compile(r"^( *)(- )?(?:([A-Za-z0-9_][A-Za-z0-9_.\-]*):(?: +|(?=\n)|\Z))?(.*)", re.M)
_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*\Z")
# A plain text's first character that may start something else (an indicator, a quote, a flow).
_NOT_PLAIN_START = frozenset(" -?:,[]{}#&*!|>'\"%@`")  # a space too: "-  x" is left to libyaml
# Characters YAML reads as line breaks (besides "\n"), and ones this reader leaves to libyaml; what YAML
# refuses is NON_PRINTABLE. (Searched one by one: a class of them takes 4 ms to compile.)
_LEFT_TO_LIBYAML = ("#", "\t", "\r", "\x85", "\u2028", "\u2029", "\ufeff")
# Deeper indentation is left to libyaml, which bounds the nesting (yamlsafe.MAX_DEPTH): each level
# of nesting indents by at least one column, or two for a sequence inside a mapping.
_MAX_INDENT = 24


# A flow mapping of plain words written as argmap writes it: "{from: a1, to: p0, type: supports}".
_FLOW_WORD = r"[^\s,:'\"\[\]{}?!&*|>%@`\-](?:[^,:'\"\[\]{}]*[^\s,:'\"\[\]{}])?"
_FLOW_PAIR = rf"[A-Za-z0-9_][A-Za-z0-9_.\-]*: {_FLOW_WORD}"
_PLAIN_FLOW_MAPPING = re.compile(rf"\{{{_FLOW_PAIR}(?:, {_FLOW_PAIR})*\}}\Z")
_POSITION = re.compile(r"\[-?[0-9]+(?:\.[0-9]+)?, -?[0-9]+(?:\.[0-9]+)?\]\Z")  # "[120, -40.5]"


class _Outside(Exception):
    """The text uses YAML beyond the subset read here."""


def read(text: str, resolve: Resolve, longest: int) -> object | None:
    """The data of ``text`` when it keeps to the subset (see the module doc), else None.

    ``resolve``: what a plain (unquoted) scalar means (``yamlsafe.resolve_plain``); ``longest``: the
    longest text read here (a longer one is left to libyaml, which refuses it)."""
    if not text or text[0] in " -" or any(c in text for c in _LEFT_TO_LIBYAML):
        return None
    lines = text.split("\n")
    # What YAML refuses: in ASCII text (no tab or CR by now) exactly what str.isprintable refuses,
    # which is tested three times faster than the pattern searched.
    if not all(map(str.isprintable, lines)) if text.isascii() else NON_PRINTABLE.search(text):
        return None
    # Every line split once into indentation, "- ", key and the rest, by one pass of the pattern
    # in C (one match per line, blank ones included): calling it line by line cost a quarter more.
    rows = _ROW.findall(text)
    while lines and not lines[-1]:
        lines.pop()
    if max(map(len, lines), default=0) > longest or len(rows) < len(lines):
        return None
    reader = _Reader(lines, rows, resolve, longest)
    try:
        data, at = reader.mapping(0, 0, None)
    except _Outside:
        return None
    return data if at == len(lines) else None


class _Reader:
    def __init__(
        self, lines: list[str], rows: list[tuple[str, str, str, str]], resolve: Resolve, longest: int
    ) -> None:
        self.lines = lines
        self.rows = rows  # each line's (indentation, "- " or "", key or "", the rest): see _ROW
        self.resolve = resolve
        self.longest = longest

    def mapping(
        self, at: int, indent: int, first: tuple[str, str | None] | None
    ) -> tuple[dict[str, object], int]:
        """The block mapping whose keys stand at column ``indent``, from line ``at``; ``first``: its
        first entry when it began on a sequence item's line ("- key: value")."""
        if indent > _MAX_INDENT:
            raise _Outside
        lines, rows, resolve = self.lines, self.rows, self.resolve
        deeper = " " * (indent + 1)  # how a line that continues a text starts
        out: dict[str, object] = {}
        end = len(lines)
        while True:
            if first is not None:
                key, rest = first
                first = None
            else:
                if at >= end:
                    break
                spaces, dash, key, rest = rows[at]
                if not key:  # not an entry
                    if len(spaces) < indent:
                        break
                    raise _Outside
                if len(spaces) != indent or dash:
                    if len(spaces) < indent or (len(spaces) == indent and dash):
                        break  # the enclosing collection goes on
                    raise _Outside
                at += 1
            if key in out:
                raise _Outside
            if (
                rest
                and rest[0] not in _NOT_PLAIN_START
                and rest[-1] not in " :"
                and ": " not in rest
                and (at >= end or not lines[at].startswith(deeper))
            ):  # a plain text or number on one line: most values
                out[key] = resolve(rest) if rest[0] in _MAY_NOT_BE_TEXT else rest
            else:
                out[key], at = self.value(rest, at, indent)
        return out, at

    def sequence(self, at: int, indent: int) -> tuple[list[object], int]:
        """The block sequence whose "- " stand at column ``indent``, from line ``at``."""
        lines, rows = self.lines, self.rows
        out: list[object] = []
        end = len(lines)
        prefix = " " * indent + "- "
        start = indent + 2  # where an item's text starts
        flow = self.flow
        while at < end:
            line = lines[at]
            if not line.startswith(prefix):
                if len(line) - len(line.lstrip(" ")) < indent or not line.startswith(" " * indent + "-"):
                    break
                raise _Outside  # "-" alone, or "-" glued to its item
            if line[start : start + 1] == "{" and line[-1] == "}":  # a relation: a flow mapping on its line
                out.append(flow(line[start:]))  # (a line below it indented deeper is refused later)
                at += 1
                continue
            spaces, dash, key, rest = rows[at]
            item: object
            if key and len(spaces) == indent and dash:
                item, at = self.mapping(at + 1, indent + 2, (key, rest))
            else:
                item, at = self.value(line[indent + 2 :], at + 1, indent, item=True)
            out.append(item)
        return out, at

    def value(self, rest: str | None, at: int, indent: int, item: bool = False) -> tuple[object, int]:
        """The value written after a key at column ``indent`` (or after a "- " there, ``item``):
        ``rest`` of its line, and the lines below it that belong to it."""
        lines = self.lines
        if rest is None or not rest.strip(" "):  # nothing on the line: a collection below, or null
            if at < len(lines):
                line = lines[at]
                column = len(line) - len(line.lstrip(" "))
                # A mapping's value may be a sequence at the key's own column; an item's may not.
                if line.startswith("- ", column) and column >= indent + item:
                    return self.sequence(at, column)
                if column > indent:
                    found = _ENTRY.match(line)
                    if found is None or found.group(2):
                        raise _Outside
                    return self.mapping(at, column, None)
            return self.resolve(""), at
        rest = rest.rstrip(" ")
        first = rest[0]
        if first == "'":
            return self.quoted(rest, at, indent)
        if first == "{" or first == "[":
            return self.flow(rest), at
        if (first in _NOT_PLAIN_START and not _negative(rest)) or ": " in rest or rest.endswith(":"):
            raise _Outside
        # Lines indented deeper than the key continue the text, folded into one line.
        end = len(lines)
        if at < end and lines[at].startswith(" " * (indent + 1)):
            parts = [rest]
            while at < end and lines[at].startswith(" " * (indent + 1)):
                part = lines[at].strip(" ")
                if not part or ": " in part or part.endswith(":") or part[0] in _NOT_PLAIN_START:
                    raise _Outside
                parts.append(part)
                at += 1
            text = " ".join(parts)  # more than one word: text, whatever its first word
            if len(text) > self.longest:
                raise _Outside
            return text, at
        return (self.resolve(rest) if first in _MAY_NOT_BE_TEXT else rest), at

    def quoted(self, rest: str, at: int, indent: int) -> tuple[str, int]:
        """A single-quoted text from ``rest`` on, folded over the lines indented deeper than ``indent``."""
        lines = self.lines
        parts = []
        piece = rest[1:]
        while True:
            closed = _closing_quote(piece)
            if closed >= 0:
                if piece[closed + 1 :].strip(" "):
                    raise _Outside  # something after the closing quote
                parts.append(piece[:closed])
                break
            parts.append(piece.rstrip(" "))
            if at >= len(lines) or not lines[at].startswith(" " * (indent + 1)):
                raise _Outside
            piece = lines[at].lstrip(" ")
            at += 1
            if not piece:
                raise _Outside  # a blank line in a quoted text is a line break: left to libyaml
        text = " ".join(parts).replace("''", "'")
        if len(text) > self.longest:
            raise _Outside
        return text, at

    def flow(self, rest: str) -> object:
        """A flow mapping or list written whole on its line: plain words and single-quoted texts."""
        if _PLAIN_FLOW_MAPPING.match(rest):  # as argmap writes relations and cites
            resolve = self.resolve
            pairs: dict[str, object] = {}
            for pair in rest[1:-1].split(", "):
                key, value = pair.split(": ")
                pairs[key] = resolve(value) if value[0] in _MAY_NOT_BE_TEXT else value
            if len(pairs) != rest.count(": "):
                raise _Outside  # a key given twice
            return pairs
        if _POSITION.match(rest):  # as argmap writes positions
            x, y = rest[1:-1].split(", ")
            return [self.resolve(x), self.resolve(y)]
        opening, closing = rest[0], "}" if rest[0] == "{" else "]"
        if rest[-1] != closing:
            raise _Outside
        inner = rest[1:-1].strip(" ")
        items: list[str] = []
        while inner:
            if inner[0] == "'":
                closed = _closing_quote(inner[1:])
                if closed < 0:
                    raise _Outside
                item, inner = inner[: closed + 2], inner[closed + 2 :].lstrip(" ")
            else:
                comma = inner.find(",")
                item, inner = (inner, "") if comma < 0 else (inner[:comma], inner[comma:])
                item = item.rstrip(" ")
            items.append(item)
            if inner:
                if inner[0] != ",":
                    raise _Outside
                inner = inner[1:].lstrip(" ")
                if not inner:
                    raise _Outside  # a trailing comma
        if opening == "[":
            return [self.flow_scalar(item, False) for item in items]
        out: dict[str, object] = {}
        for item in items:
            key, colon, value = item.partition(": ")
            if not colon or not _KEY.match(key) or key in out:
                raise _Outside
            out[key] = self.flow_scalar(value.lstrip(" "), True)
        return out

    def flow_scalar(self, item: str, in_mapping: bool) -> object:
        if not item:
            raise _Outside
        if item[0] == "'":
            closed = _closing_quote(item[1:])
            if closed != len(item) - 2:
                raise _Outside
            return item[1:-1].replace("''", "'")
        if (
            (item[0] in _NOT_PLAIN_START and not _negative(item))
            or ":" in item
            or any(c in item for c in "[]{}'\"")
        ):
            raise _Outside
        return self.resolve(item) if item[0] in _MAY_NOT_BE_TEXT else item


_MAY_NOT_BE_TEXT = frozenset("~nNtTfF+-.0123456789")  # as yamlsafe's: every other first letter is text


def _negative(plain: str) -> bool:
    """A plain text such as -12 or -3.5: its '-' cannot start a sequence item (a digit follows it)."""
    return plain[0] == "-" and plain[1:2].isdigit()


def _closing_quote(piece: str) -> int:
    """Where the quote that closes a single-quoted text stands in ``piece`` ('' is a quote inside
    it), or -1 when the text goes on past it."""
    start = 0
    while True:
        found = piece.find("'", start)
        if found < 0:
            return -1
        if piece.startswith("''", found):
            start = found + 2
            continue
        return found
