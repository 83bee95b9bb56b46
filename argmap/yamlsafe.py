"""Reading untrusted YAML: plain data plus the line and column of every value and key.

Nothing is ever constructed from a tag, and what a hostile file can cost is bounded before PyYAML's
composer (which recurses) sees it: file size, scalar size, nesting depth, anchors and aliases.
"""

from __future__ import annotations

import bisect
import re

from .problems import Problem
from .pyyaml import NON_PRINTABLE as _NON_PRINTABLE  # what YAML's reader refuses
from .pyyaml import yaml

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_SCALAR_CHARS = 1024 * 1024
MAX_DEPTH = 64
# Texts this long or longer are first tried with the plain block reader (yamlplain): about 300 cards.
PLAIN_READER_FROM = 100_000

try:  # libyaml is much faster; PyYAML's pure-Python loader behaves the same.
    _Loader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path = tuple
Mark = tuple[int, int]  # 1-based line and column

_OPEN = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)$")
# The first characters of every plain scalar that resolve_plain reads as something other than text.
_MAY_NOT_BE_TEXT = frozenset("~nNtTfF+-.0123456789")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")


_READ_AGAIN: list = []  # Document._starts of a document read without its marks (see parse)


class Document:
    """Parsed YAML: ``data`` as plain dicts, lists and scalars; marks keyed by path.

    The one-pass reader keeps only where each key and value starts, in the order of the file;
    ``value_marks`` and ``key_marks`` are filed by path from them the first time a mark is asked
    for (a problem to locate), so a file that passes its checks never builds them. They are filed
    by walking ``data`` in that order, so ask before changing ``data`` (nothing in argmap changes
    it); a walk that does not end with the marks is thrown away and the marks found by reading
    the text again.
    """

    def __init__(self, data: object = None) -> None:
        self.data = data
        self.comments: list[Mark] = []
        self._value_marks: dict[Path, Mark] = {}
        self._key_marks: dict[Path, Mark] = {}
        self._starts: list | None = None  # libyaml's start marks in file order, not filed yet
        self.text: str | None = None  # the YAML text ``data`` was read from (None: made in memory)

    @property
    def value_marks(self) -> dict[Path, Mark]:
        if self._starts is not None:
            self._file_starts()
        return self._value_marks

    @property
    def key_marks(self) -> dict[Path, Mark]:
        if self._starts is not None:
            self._file_starts()
        return self._key_marks

    def _file_starts(self) -> None:
        """File the one-pass reader's marks by path (see the class doc)."""
        starts, self._starts = self._starts, None
        if starts is _READ_AGAIN:  # read without marks (yamlplain): libyaml's one pass gives them
            again = _parse_plain_events(self.text or "")
            if again is None:  # pragma: no cover - what yamlplain reads, libyaml's pass reads too
                self._file_carefully()
                return
            starts = again._starts
        starts = starts or []
        value_marks, key_marks = self._value_marks, self._key_marks
        following = iter(starts)

        def visit(value: object, path: Path) -> None:  # as deep as the reader allows (MAX_DEPTH)
            start = next(following)
            value_marks[path] = (start.line + 1, start.column + 1)
            if type(value) is dict:
                for key, item in value.items():
                    start = next(following)
                    key_marks[path + (key,)] = (start.line + 1, start.column + 1)
                    visit(item, path + (key,))
            elif type(value) is list:
                for i, item in enumerate(value):
                    visit(item, path + (i,))

        try:
            if starts:
                visit(self.data, ())
            filed = next(following, None) is None
        except StopIteration:
            filed = False
        if not filed:  # the data changed before its marks were asked for
            self._file_carefully()

    def _file_carefully(self) -> None:
        """The marks found by reading the text again with the careful reader."""
        value_marks, key_marks = self._value_marks, self._key_marks
        value_marks.clear()
        key_marks.clear()
        try:
            careful = _parse_checked(self.text or "", "<map>")
        except YamlProblems:
            return
        value_marks.update(careful.value_marks)
        key_marks.update(careful.key_marks)

    def mark(self, path: Path) -> Mark:
        """The mark of the value at ``path``, or of its nearest ancestor that has one."""
        value_marks = self.value_marks
        path = tuple(path)
        while path:
            if path in value_marks:
                return value_marks[path]
            path = path[:-1]
        return value_marks.get((), (1, 1))

    def key_mark(self, path: Path) -> Mark:
        """The mark of the key naming ``path`` (falls back to the value's mark)."""
        return self.key_marks.get(tuple(path)) or self.mark(path)


class YamlProblems(Exception):
    """The text could not be read as YAML; carries located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(str(problems[0]) if problems else "unreadable YAML")


def _mark(m) -> Mark:
    return (m.line + 1, m.column + 1)


def too_large(filename: str, size: int) -> Problem:
    """The refusal of a file of ``size`` bytes, over MAX_FILE_BYTES."""
    return Problem(
        filename,
        1,
        1,
        "error",
        f"the file is {size / 2**20:.0f} MiB; argmap reads map files up to {MAX_FILE_BYTES // 2**20} MiB",
    )


def decode(raw: bytes, filename: str) -> str:
    """Bytes to text, refusing binary and non-UTF-8 files with a located message."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblems([too_large(filename, len(raw))])
    if b"\x00" in raw[:8192]:
        raise YamlProblems(
            [
                Problem(
                    filename, 1, 1, "error", "this is a binary file, not a YAML map (it contains NUL bytes)"
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblems(
            [
                Problem(
                    filename,
                    line,
                    col,
                    "error",
                    f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be "
                    "decoded); save it as UTF-8",
                )
            ]
        ) from None
    return text


def parse(text: str, filename: str) -> Document:
    """Parse YAML text safely into a Document. Raises YamlProblems on anything unreadable."""
    if len(text) >= PLAIN_READER_FROM:
        # The plain block YAML that argmap writes is read without libyaml's event objects (a third
        # of opening a big map); its marks are found when a problem needs one (_file_starts).
        from . import yamlplain  # not for small files: compiling its patterns would cost more

        data = yamlplain.read(text, resolve_plain, MAX_SCALAR_CHARS)
        if data is not None:
            doc = Document(data)
            doc._starts = _READ_AGAIN
            doc.text = text
            return doc
    doc = _parse_plain_events(text)
    if doc is None:
        doc = _parse_checked(text, filename)
    doc.text = text
    return doc


class _Unusual(Exception):
    """The one-pass reader met something it leaves to the careful reader (a refusal or an error)."""


_ScalarEvent, _MappingStart, _SequenceStart = (
    yaml.ScalarEvent,
    yaml.MappingStartEvent,
    yaml.SequenceStartEvent,
)
_CollectionEnd = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _parse_plain_events(text: str) -> Document | None:
    """The Document of a well-formed map in one pass over libyaml's events; None for anything unusual.

    A file without tags, anchors, aliases, duplicate or non-text keys, deep nesting, huge texts and
    syntax errors (every map argmap writes) gives exactly what the careful reader gives, several
    times faster: no token pre-scan, no node tree, no resolver. Anything else returns None, and
    :func:`_parse_checked` finds and locates the problem as before.
    """
    loader = _Loader(text)
    want_spans = "#" in text
    # Without '&' and '!' no event can carry an anchor or a tag (an alias is refused as an event of
    # its own), and no scalar is longer than the text (escapes and folding only shorten): those
    # checks per event can be left out.
    careful = len(text) > MAX_SCALAR_CHARS or "&" in text or "!" in text
    try:
        doc, spans = _build_from_events(loader.get_event, want_spans, careful)
    except (_Unusual, yaml.YAMLError):
        return None
    finally:
        loader.dispose()
    doc.text = text
    if want_spans and spans is not None:  # like the careful reader: no document, no comments
        doc.comments = _find_comments(text, spans)
    return doc


def _build_from_events(get_event, want_spans: bool, careful: bool = True) -> tuple[Document, list | None]:
    """The Document, and the spans of its scalars (None when the file holds no document).

    ``careful`` False: the text holds no anchor, tag or over-long scalar (see the caller).

    Where each key and value starts is kept as libyaml gives it, in file order (the Document files
    them by path if a message needs one): building every path here was most of the reading.
    """
    doc = Document(None)
    starts: list = []
    note = starts.append
    spans: list[tuple[Mark, Mark]] = []
    # The open collection (None at the top), whether it is a mapping, and the key awaiting its
    # value; the enclosing collections' states wait on the stack.
    cont: dict | list | None = None
    is_map = False
    key = None
    stack: list[tuple] = []
    documents = 0
    root_set = False
    while True:
        event = get_event()
        cls = type(event)
        if cls is _ScalarEvent:
            value = event.value
            if careful and (
                event.anchor is not None or event.tag is not None or len(value) > MAX_SCALAR_CHARS
            ):
                raise _Unusual
            start = event.start_mark
            note(start)
            if want_spans:
                end = event.end_mark
                spans.append(((start.line + 1, start.column + 1), (end.line + 1, end.column + 1)))
            if is_map and key is None:  # a key
                if value in cont:  # type: ignore[operator]
                    raise _Unusual
                key = value
                continue
            if not event.style and (not value or value[0] in _MAY_NOT_BE_TEXT):
                value = resolve_plain(value)
            if is_map:
                cont[key] = value  # type: ignore[index]
                key = None
            elif cont is not None:
                cont.append(value)  # type: ignore[union-attr]
            else:
                if root_set:
                    raise _Unusual
                doc.data = value
                root_set = True
        elif cls is _MappingStart or cls is _SequenceStart:
            if len(stack) >= MAX_DEPTH or careful and (event.anchor is not None or event.tag is not None):
                raise _Unusual
            note(event.start_mark)
            new: dict | list = {} if cls is _MappingStart else []
            if is_map:
                if key is None:  # a list or mapping used as a key
                    raise _Unusual
                cont[key] = new  # type: ignore[index]
            elif cont is not None:
                cont.append(new)  # type: ignore[union-attr]
            else:
                if root_set:
                    raise _Unusual
                doc.data = new
                root_set = True
            stack.append((cont, is_map))
            cont, is_map, key = new, cls is _MappingStart, None
        elif cls in _CollectionEnd:
            cont, is_map = stack.pop()
            key = None
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual
        elif cls is yaml.StreamEndEvent:
            break
        elif cls is yaml.AliasEvent:
            raise _Unusual
    doc._starts = starts
    return doc, (spans if root_set else None)


def _parse_checked(text: str, filename: str) -> Document:
    """The careful reader: a token pre-scan for refusals, then PyYAML's composer for data and marks."""
    scalar_spans = _prescan(text, filename)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise YamlProblems([_yaml_error(exc, filename, text)]) from None
    except yaml.reader.ReaderError as exc:  # pragma: no cover - _prescan meets it first
        raise YamlProblems([_reader_error(exc, filename, text)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml errors without a mark
        raise YamlProblems([Problem(filename, 1, 1, "error", f"YAML error: {exc}")]) from None
    doc = Document(None)
    if node is None:
        return doc
    problems: list[Problem] = []
    doc.data = _convert(node, (), doc, problems, filename)
    doc.comments = _find_comments(text, scalar_spans)
    if problems:
        raise YamlProblems(problems)
    return doc


def _yaml_error(exc: yaml.MarkedYAMLError, filename: str, text: str = "") -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = _mark(mark) if mark else (1, 1)
    problem = exc.problem or "YAML error"
    message = f"YAML syntax: {problem}"
    if exc.context:
        context = exc.context
        opened = exc.context_mark
        if opened is not None and mark is not None and opened.line != mark.line:
            # An unclosed quote or bracket is found where the file ends; say where it was opened.
            context += f" that starts at line {opened.line + 1}, column {opened.column + 1}"
        message += f" ({context})"
    if "maximum nesting depth" in problem:  # libyaml's own limit, met before ours when lines are long
        message = f"the file nests deeper than {MAX_DEPTH} levels; a map never needs that"
    if "'\\t'" in problem or _char_at(text, line, col) == "\t":
        message = "YAML syntax: a tab character here; YAML indents with spaces only"
    return Problem(filename, line, col, "error", message)


def _reader_error(exc: yaml.reader.ReaderError, filename: str, text: str) -> Problem:
    """A located message for a character YAML refuses outright (a control character, a lone surrogate).

    ReaderError has no line or column, and its position counts bytes, so find the character itself.
    """
    found = _NON_PRINTABLE.search(text)
    if found is None:  # pragma: no cover - the reader refused something this pattern does not know
        return Problem(filename, 1, 1, "error", f"YAML cannot read this file: {exc.reason}")
    start = found.start()
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Problem(
        filename,
        line,
        col,
        "error",
        f"the character U+{ord(found.group()):04X} is not allowed in a YAML file; remove it, "
        "as no export could carry it",
    )


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.splitlines()
    if 0 < line <= len(lines) and 0 < col <= len(lines[line - 1]):
        return lines[line - 1][col - 1]
    return ""


def _prescan(text: str, filename: str) -> list[tuple[Mark, Mark]]:
    """Walk the token stream once, refusing tags, aliases, deep nesting and huge scalars.

    Returns the spans of scalar tokens, which let comments be told apart from '#' inside text.
    """
    depth = 0
    spans: list[tuple[Mark, Mark]] = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    line, col = _mark(token.start_mark)
                    raise YamlProblems(
                        [
                            Problem(
                                filename,
                                line,
                                col,
                                "error",
                                f"the file nests deeper than {MAX_DEPTH} levels; a map never needs that",
                            )
                        ]
                    )
            elif isinstance(token, _CLOSE):
                depth -= 1
            elif isinstance(token, yaml.ScalarToken):
                if len(token.value) > MAX_SCALAR_CHARS:
                    line, col = _mark(token.start_mark)
                    raise YamlProblems(
                        [
                            Problem(
                                filename,
                                line,
                                col,
                                "error",
                                f"a text of {len(token.value):,} characters; argmap "
                                f"reads texts up to {MAX_SCALAR_CHARS:,}",
                            )
                        ]
                    )
                spans.append((_mark(token.start_mark), _mark(token.end_mark)))
            elif isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
                line, col = _mark(token.start_mark)
                raise YamlProblems(
                    [
                        Problem(
                            filename,
                            line,
                            col,
                            "error",
                            "YAML anchors and aliases (&name, *name) are not allowed "
                            "in a map; write the value out",
                        )
                    ]
                )
            elif isinstance(token, yaml.TagToken):
                line, col = _mark(token.start_mark)
                handle, suffix = token.value
                raise YamlProblems(
                    [
                        Problem(
                            filename,
                            line,
                            col,
                            "error",
                            f"YAML tags such as {(handle or '') + (suffix or '')!r} are "
                            "not allowed in a map; argmap never builds objects from them",
                        )
                    ]
                )
    except yaml.MarkedYAMLError as exc:
        raise YamlProblems([_yaml_error(exc, filename, text)]) from None
    except yaml.reader.ReaderError as exc:
        raise YamlProblems([_reader_error(exc, filename, text)]) from None
    return spans


def _scalar(node: yaml.ScalarNode) -> object:
    """Resolve a scalar to str, int, float, bool or None; quoted and block scalars are always text."""
    if node.style is not None and node.style != "":
        return node.value
    return resolve_plain(node.value)


def resolve_plain(value: str) -> object:
    """What ``value`` means written unquoted: str, int, float, bool or None; dates and the rest stay text.

    The writer quotes every text that this would not give back as the same text.
    """
    if value and value[0] not in _MAY_NOT_BE_TEXT:  # most plain scalars are words: nothing to try
        return value
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.match(value):
        try:
            return int(value.replace("_", ""))
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits): keep the text
            return value
    if _FLOAT.match(value) and any(ch.isdigit() for ch in value):
        return float(value.replace("_", ""))
    return value


def _convert(node, path: Path, doc: Document, problems: list[Problem], filename: str) -> object:
    doc.value_marks[path] = _mark(node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), doc, problems, filename) for i, item in enumerate(node.value)]
    result: dict = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            line, col = _mark(key_node.start_mark)
            problems.append(
                Problem(filename, line, col, "error", "a key must be a plain word, not a list or mapping")
            )
            continue
        key = key_node.value
        if key in result:
            line, col = _mark(key_node.start_mark)
            first = doc.key_marks.get(path + (key,), (0, 0))
            problems.append(
                Problem(
                    filename,
                    line,
                    col,
                    "error",
                    f"duplicate key '{key}' (first given at line {first[0]}); keep one of them",
                )
            )
            continue
        doc.key_marks[path + (key,)] = _mark(key_node.start_mark)
        result[key] = _convert(value_node, path + (key,), doc, problems, filename)
    return result


def _find_comments(text: str, spans: list[tuple[Mark, Mark]]) -> list[Mark]:
    """Marks of YAML comments: a '#' at a line start or after a space, outside every scalar."""
    if "#" not in text:
        return []
    starts = [s for s, _ in spans]
    found: list[Mark] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        col = line.find("#")
        while col != -1:
            if col == 0 or line[col - 1] in " \t":
                mark = (lineno, col + 1)
                i = bisect.bisect_right(starts, mark) - 1
                inside = i >= 0 and spans[i][0] <= mark < spans[i][1]
                if not inside:
                    found.append(mark)
                    break  # the rest of the line is the comment
            col = line.find("#", col + 1)
    return found
