"""A card's quote as debaters cut it: the plain words, and the spans underlined, emphasized, highlighted.

The model keeps the quote as plain text plus :class:`Mark` spans over it. The file writes both as one
string with a tiny inline syntax (documented in docs/format.md), chosen to read well in a diff and to be
typed by hand; every mark toggles on and off, so spans may overlap freely:

    ``__underlined__``   ``**emphasized**``   ``==highlighted==``   ``\\_`` ``\\*`` ``\\=`` ``\\\\`` literal

This module also checks a quote against its source (word for word, naming the first word where it
departs) and finds where in the source a quote stands. Nothing here imports Qt.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .record import FrozenRecord, init_field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (every command reading a map is here)
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

    MarkStyle: TypeAlias = Literal["underline", "emphasis", "highlight"]
else:
    MarkStyle = str
MARK_STYLES: tuple[MarkStyle, ...] = ("underline", "emphasis", "highlight")
MARKERS: dict[str, MarkStyle] = {"__": "underline", "**": "emphasis", "==": "highlight"}
_MARKER_OF = {style: marker for marker, style in MARKERS.items()}
_ESCAPABLE = "\\_*="
ELLIPSES = ("\u2026", "...")


class Mark(FrozenRecord):
    """``style`` applies to the quote's characters ``start`` (inclusive) to ``end`` (exclusive).

    Marks order by (start, end, style), as a dataclass with ``order=True``."""

    start: int
    end: int
    style: MarkStyle

    def __init__(self, start: int, end: int, style: MarkStyle) -> None:
        init_field(self, "start", start)
        init_field(self, "end", end)
        init_field(self, "style", style)

    def _order(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.style)

    def __lt__(self, other: Mark) -> bool:
        return self._order() < other._order() if other.__class__ is Mark else NotImplemented

    def __le__(self, other: Mark) -> bool:
        return self._order() <= other._order() if other.__class__ is Mark else NotImplemented

    def __gt__(self, other: Mark) -> bool:
        return self._order() > other._order() if other.__class__ is Mark else NotImplemented

    def __ge__(self, other: Mark) -> bool:
        return self._order() >= other._order() if other.__class__ is Mark else NotImplemented


class MarkupProblem(FrozenRecord):
    """A marker that was opened and never closed: ``offset`` is its place in the marked-up string."""

    offset: int
    message: str

    def __init__(self, offset: int, message: str) -> None:
        init_field(self, "offset", offset)
        init_field(self, "message", message)


# -- marks as spans ------------------------------------------------------------------------------


def normalize(marks: tuple[Mark, ...] | list[Mark], length: int) -> tuple[Mark, ...]:
    """Marks clipped to the quote, empty ones dropped, touching or overlapping spans of one style merged."""
    out: list[Mark] = []
    for style in MARK_STYLES:
        spans = sorted((max(0, m.start), min(length, m.end)) for m in marks if m.style == style)
        merged: list[list[int]] = []
        for start, end in spans:
            if end <= start:
                continue
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out.extend(Mark(s, e, style) for s, e in merged)
    return tuple(sorted(out))


def styles_at(marks: tuple[Mark, ...], offset: int) -> frozenset[MarkStyle]:
    return frozenset(m.style for m in marks if m.start <= offset < m.end)


def add_mark(
    marks: tuple[Mark, ...], start: int, end: int, style: MarkStyle, length: int
) -> tuple[Mark, ...]:
    """The marks with ``style`` added over ``start``..``end``."""
    return normalize((*marks, Mark(start, end, style)), length)


def clear_marks(marks: tuple[Mark, ...], start: int, end: int, length: int) -> tuple[Mark, ...]:
    """The marks with every style removed from ``start``..``end`` (Verbatim's F12)."""
    out: list[Mark] = []
    for m in marks:
        if m.end <= start or m.start >= end:
            out.append(m)
            continue
        if m.start < start:
            out.append(Mark(m.start, start, m.style))
        if m.end > end:
            out.append(Mark(end, m.end, m.style))
    return normalize(out, length)


def shift_marks(old: str, new: str, marks: tuple[Mark, ...]) -> tuple[Mark, ...]:
    """Marks carried across an edit of the quote's text: spans before and after the changed stretch keep
    their words; a span inside it is cut at the edit. Typing in the Inspector keeps the card's marks."""
    if old == new or not marks:
        return normalize(marks, len(new))
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    old_end, delta = len(old) - suffix, len(new) - len(old)

    def move(offset: int) -> int:
        if offset <= prefix:
            return offset
        if offset >= old_end:
            return offset + delta
        return prefix

    return normalize(tuple(Mark(move(m.start), move(m.end), m.style) for m in marks), len(new))


# -- the inline syntax ---------------------------------------------------------------------------


# An escaped marker character, or a marker: what parse acts on (everything between is plain text).
_MARKUP = re.compile(r"\\[\\_*=]|__|\*\*|==")


def parse(marked: str) -> tuple[str, tuple[Mark, ...], list[MarkupProblem]]:
    """The plain quote, its marks, and any marker left open, from the file's marked-up string."""
    text, marks, problems = _parse(marked)
    return text, marks, list(problems)


@lru_cache(maxsize=1024)
def _parse(marked: str) -> tuple[str, tuple[Mark, ...], tuple[MarkupProblem, ...]]:
    # Loading a map reads each quote three times (its markup checked, its words checked against the
    # source, its marks built): the same string, the same answer (a third of `argmap validate`'s
    # quote work on the default map). Records and tuples only, so no caller can change the answer.
    plain: list[str] = []
    size = 0  # characters of plain text so far
    opened: dict[MarkStyle, tuple[int, int]] = {}  # style -> (plain offset, offset in ``marked``)
    marks: list[Mark] = []
    at = 0
    # Read left to right, an escape before a marker, as a person would: "\\**" is a backslash, then bold.
    for found in _MARKUP.finditer(marked):
        start = found.start()
        if start > at:
            plain.append(marked[at:start])
            size += start - at
        at = found.end()
        token = found.group()
        if token[0] == "\\":
            plain.append(token[1])
            size += 1
            continue
        style = MARKERS[token]
        if style in opened:
            begin, _ = opened.pop(style)
            marks.append(Mark(begin, size, style))
        else:
            opened[style] = (size, start)
    plain.append(marked[at:])
    problems = tuple(
        MarkupProblem(at, f"the {style} opened by '{_MARKER_OF[style]}' is never closed")
        for style, (_, at) in sorted(opened.items(), key=lambda item: item[1][1])
    )
    text = "".join(plain)
    return text, normalize(marks, len(text)), problems


def plain_text(marked: str) -> str:
    """The quote's words without marks: what is compared with the source."""
    return _parse(marked)[0]


def write(plain: str, marks: tuple[Mark, ...]) -> str:
    """The marked-up string of a quote (the inverse of :func:`parse`)."""
    marks = normalize(marks, len(plain))
    if not marks and not any(c in _ESCAPABLE for c in plain):
        return plain
    n = len(plain)
    active: list[frozenset[MarkStyle]] = [frozenset()] * (n + 2)
    for m in marks:
        for p in range(m.start, m.end):
            active[p + 1] = active[p + 1] | {m.style}
    # active[p + 1] is the style set of character p; active[0] and active[n + 1] are empty.
    toggles_before = [active[p] != active[p + 1] for p in range(n + 1)]  # markers emitted before char p
    out: list[str] = []
    for p in range(n + 1):
        if toggles_before[p]:
            was, now = active[p], active[p + 1]
            for style in ("underline", "emphasis", "highlight"):  # inner spans close first
                if style in was and style not in now:
                    out.append(_MARKER_OF[style])
            for style in ("highlight", "emphasis", "underline"):  # outer spans open first
                if style in now and style not in was:
                    out.append(_MARKER_OF[style])
        if p == n:
            break
        c = plain[p]
        if c in _ESCAPABLE and _needs_escape(plain, p, toggles_before):
            out.append("\\")
        out.append(c)
    return "".join(out)


def _needs_escape(plain: str, p: int, toggles_before: list[bool]) -> bool:
    c = plain[p]
    marker_next = toggles_before[p + 1]
    if c == "\\":
        return marker_next or (p + 1 < len(plain) and plain[p + 1] in _ESCAPABLE)
    return (
        toggles_before[p]
        or marker_next
        or (p > 0 and plain[p - 1] in (c, "\\"))
        or (p + 1 < len(plain) and plain[p + 1] == c)
    )


# -- reading aloud -------------------------------------------------------------------------------


def read_aloud(plain: str, marks: tuple[Mark, ...]) -> str:
    """The words a debater reads: the highlighted ones (the whole quote when nothing is highlighted)."""
    spans = [(m.start, m.end) for m in marks if m.style == "highlight"]
    if not spans:
        return plain
    return " ".join(plain[s:e] for s, e in spans)


def word_count(text: str) -> int:
    return len(re.findall(r"\w+(?:['\u2019.-]\w+)*", text))


def reading_time(plain: str, marks: tuple[Mark, ...], words_per_minute: int) -> tuple[int, int]:
    """(words read aloud, seconds at ``words_per_minute``)."""
    words = word_count(read_aloud(plain, marks))
    return words, round(words * 60 / max(1, words_per_minute))


# -- checking a quote against its source --------------------------------------------------------

# Typographic quotes, dashes and no-break spaces as their plain forms: one table for every quote check.
TYPOGRAPHY_FOLD = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2032": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


# What folding treats specially: a run of white space (str.isspace, no-break space included) or an ellipsis.
_FOLD_BREAKS = re.compile(r"\s+|\u2026")


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The text with typographic quotes, dashes, ellipses and white space folded, and for each folded
    character the offset of the character of ``text`` it came from."""
    if "\u2026" not in text and " ".join(text.split()) == text:
        # Words between single spaces and no ellipsis (nearly every quote): each character folds to
        # one in place. A tenth of the time of the walk below, which `argmap validate` made for each.
        return text.translate(TYPOGRAPHY_FOLD), list(range(len(text)))
    return _fold_runs(text)


def _fold_runs(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    where: list[int] = []
    # Between white space and ellipses every character folds to one: translate and number whole
    # stretches at once (a character at a time took 0.1 s on a 300 kB source, for every quote).
    at = 0
    for brk in _FOLD_BREAKS.finditer(text):
        start, end = brk.span()
        if start > at:
            out.append(text[at:start].translate(TYPOGRAPHY_FOLD))
            where.extend(range(at, start))
        if text[start] == "\u2026":
            out.append("...")
            where.extend((start, start, start))
        elif out:  # white space after something: one space (two runs always have something between)
            out.append(" ")
            where.append(start)
        at = end
    if at < len(text):
        out.append(text[at:].translate(TYPOGRAPHY_FOLD))
        where.extend(range(at, len(text)))
    folded = "".join(out)
    if folded.endswith(" "):
        folded = folded[:-1]
        where.pop()
    return folded, where


def _pieces(folded_quote: str) -> list[str]:
    """A quote's parts between marked omissions ("..."): each must stand in the source, in order."""
    return [p.strip() for p in folded_quote.split("...") if p.strip()]


class QuoteCheck(FrozenRecord):
    """Where a quote stands in its source (spans of the source's own text), or where it departs."""

    spans: tuple[tuple[int, int], ...]
    departs: str  # empty when the quote is verbatim

    def __init__(self, spans: tuple[tuple[int, int], ...] = (), departs: str = "") -> None:
        init_field(self, "spans", spans)
        init_field(self, "departs", departs)

    @property
    def verbatim(self) -> bool:
        return not self.departs


def check_quote(quote: str, source: str) -> QuoteCheck:
    """Find ``quote`` (plain) word for word in ``source``; say at which word it departs when it does not.

    A quote that holds "..." or "…" marks omissions: each part must stand in the source after the one
    before it. Typographic quotes, dashes and runs of white space are folded on both sides first.
    """
    fq, _ = fold_with_offsets(quote)
    fs, where = _folded_source(source)
    if fq in fs:  # the whole quote, including any "..." the source itself has
        start = fs.index(fq)
        return QuoteCheck(((where[start], where[start + len(fq) - 1] + 1),))
    spans: list[tuple[int, int]] = []
    at = 0
    for piece in _pieces(fq):
        found = fs.find(piece, at)
        if found < 0:
            return QuoteCheck(tuple(spans), _departure(piece, fs, at))
        spans.append((where[found], where[found + len(piece) - 1] + 1))
        at = found + len(piece)
    if not spans:
        return QuoteCheck((), "the quote has no words")
    return QuoteCheck(tuple(spans))


@lru_cache(maxsize=4)
def _folded_source(source: str) -> tuple[str, list[int]]:
    """The source folded once for all the quotes checked against it (validation checks every card's,
    the evidence dock each card shown): the same text, the same answer. Nobody changes the list."""
    return fold_with_offsets(source)


def _departure(piece: str, source: str, at: int) -> str:
    """Words: the first word of ``piece`` where it leaves the source, and what the source says there."""
    words = piece.split(" ")
    lo, hi = 0, len(words)  # the longest prefix of words found in the source: binary search
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if source.find(" ".join(words[:mid]), at) >= 0:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return f"its words from '{_clip(' '.join(words[:6]))}' are not in the source"
    prefix = " ".join(words[:lo])
    found = source.find(prefix, at) + len(prefix)
    source_next = " ".join(source[found:].split(" ")[:6]).strip()
    quoted = " ".join(words[lo : lo + 6])
    if lo == len(words):  # pragma: no cover - the whole piece would have been found
        return ""
    if not source_next:
        return f"it goes on after the source ends, at '{_clip(quoted)}'"
    return f"it departs at word {lo + 1}, '{_clip(quoted)}', where the source reads '{_clip(source_next)}'"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def paragraph_of(source: str, offset: int) -> int:
    """The 1-based paragraph (blocks separated by blank lines, or single lines) holding ``offset``."""
    paragraphs = paragraph_spans(source)
    for n, (_start, end) in enumerate(paragraphs, 1):
        if offset < end:
            return n
    return max(1, len(paragraphs))


def paragraph_spans(source: str) -> list[tuple[int, int]]:
    """Spans of the source's paragraphs: separated by blank lines, or by line breaks when it has none."""
    separator = r"\n\s*\n" if re.search(r"\n\s*\n", source) else r"\n"
    spans: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(separator, source):
        if source[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if source[start:].strip():
        spans.append((start, len(source)))
    return spans


def marked_field(quote: str, marks: tuple[Mark, ...]) -> str:
    """The marked-up quote that foreign formats carry beside the plain one ("" without marks)."""
    return write(quote, marks) if marks else ""


def marks_from_field(quote: str, marked: object) -> tuple[Mark, ...]:
    """The marks a foreign file's marked-up quote gives, when its words are the quote's; else none."""
    if not isinstance(marked, str) or not marked:
        return ()
    plain, marks, problems = parse(marked)
    return marks if plain == quote and not problems else ()
