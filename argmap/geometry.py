"""Card sizes and rectangles shared by the layout, the Qt renderer and the exporters.

A card is a fixed-width box whose height follows its content, all of it: nothing a reader needs
is cut, so every section is counted in full. The estimate here is the contract: the renderer
draws inside exactly ``card_size(card)``; the estimate leans long (a few spare px at a card's foot
are better than a cut word), and when real fonts need more lines than estimated the renderer
draws them a little closer together rather than drop any.

Layout of a card, top to bottom (all inside ``PADDING``):

    tag      bold, ``TAG_LINE`` px per line
    text     ``TEXT_LINE`` px per line; paragraphs and blank lines kept
    cite     evidence only: ``CITE_LINE`` px per line, the locator included
    quote    evidence only: ``QUOTE_LINE`` px per line

Sections that are empty take no room; ``SECTION_GAP`` separates the ones that are drawn.
Line breaking is estimated by Unicode's rules in the large: spaces break Latin, Cyrillic, Arabic
and Hebrew text; CJK ideographs and kana break between any two characters and count double width.
No Qt here: this module is imported by the Qt-free core.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .model import Card, Source
    from .quotes import Mark

CARD_WIDTH = 260
PADDING = 10  # inside the border, on every side
MIN_HEIGHT = 56
SECTION_GAP = 4

TAG_LINE = 18
TEXT_LINE = 16
CITE_LINE = 14
QUOTE_LINE = 15

# Average characters that fit on one line of CARD_WIDTH - 2 * PADDING px, per font: a wide
# character (CJK) counts as two.
TAG_CHARS = 28  # bold tag font
TEXT_CHARS = 34  # regular text font
CITE_CHARS = 38  # small cite font
QUOTE_CHARS = 33  # italic quote font, indented past its rule

ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle: top-left corner ``(x, y)``, width ``w`` and height ``h``."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def intersects(self, other: Rect) -> bool:
        """True when the two rectangles share interior area (touching edges do not count)."""
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )

    def adjusted(self, margin: float) -> Rect:
        """This rectangle grown by ``margin`` on every side (shrunk when negative)."""
        return Rect(self.x - margin, self.y - margin, self.w + 2 * margin, self.h + 2 * margin)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _char_width(ch: str) -> int:
    """Columns a character takes: 2 for CJK, 0 for a combining mark (Thai vowels, Arabic harakat)."""
    if _is_wide(ch):
        return 2
    return 0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1


def _width(text: str) -> int:
    return len(text) if text.isascii() else sum(_char_width(ch) for ch in text)


def _units(paragraph: str) -> list[tuple[str, int, bool]]:
    """The paragraph's breakable pieces: ``(text, width, space_before)``; a wide character (CJK)
    is a piece of its own, two wide, joined to its neighbours without a space."""
    if paragraph.isascii():
        return [(word, len(word), True) for word in paragraph.split()]
    units: list[tuple[str, int, bool]] = []
    for word in paragraph.split():
        if word.isascii():  # most words of a text with one curly quote or accent: no wide character
            units.append((word, len(word), True))
            continue
        space = True
        run = ""
        for ch in word:
            if _is_wide(ch):
                if run:
                    units.append((run, _width(run), space))
                    space = False
                    run = ""
                units.append((ch, 2, space))
                space = False
            else:
                run += ch
        if run:
            units.append((run, _width(run), space))
    return units


def _cut(word: str, columns: int) -> int:
    """How many characters of ``word`` fill at most ``columns`` (at least one)."""
    if word.isascii():
        return max(1, columns)
    used = 0
    for i, ch in enumerate(word):
        used += _char_width(ch)
        if used > columns:
            return max(1, i)
    return len(word)


def wrap_lines(text: str, chars_per_line: int, max_lines: int | None = None) -> list[str]:
    """``text`` wrapped greedily into lines of ``chars_per_line`` (a wide character counts two).

    Line breaks in the text are kept, blank lines too (as empty lines). Pieces longer than a line
    are broken. With ``max_lines``, the last kept line of a longer text ends with an ellipsis
    (for one-line summaries only: cards show their text in full).
    """
    if (max_lines is not None and max_lines <= 0) or not text or not text.strip():
        return []
    lines: list[str] = []
    for paragraph in text.strip("\n").splitlines() or [""]:
        units = _units(paragraph)
        if not units:
            lines.append("")
            continue
        line, used = "", 0
        for word, width, space in units:
            while width > chars_per_line:  # a piece longer than a line: break it
                if line:
                    lines.append(line)
                    line, used = "", 0
                cut = _cut(word, chars_per_line)
                lines.append(word[:cut])
                word = word[cut:]
                width = _width(word)
                space = True
            gap = 1 if space and line else 0
            if not line:
                line, used = word, width
            elif used + gap + width <= chars_per_line:
                line += (" " if gap else "") + word
                used += gap + width
            else:
                lines.append(line)
                line, used = word, width
        if line:
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if len(last) >= chars_per_line:
            last = last[: chars_per_line - 1].rstrip()
        lines[-1] = last + ELLIPSIS
    return lines


def line_count(text: str, chars_per_line: int) -> int:
    """``len(wrap_lines(text, chars_per_line))``, without making the lines: what a card's height needs.

    Text whose words all fit on a line and hold no wide (CJK) character, nearly every card's, is
    counted from its words' widths alone; anything else is wrapped in full, so the count is always
    the wrapped one.
    """
    if not text or not text.strip():
        return 0
    count = 0
    blank = 0  # blank paragraphs so far: they count only once a paragraph with words follows them
    for paragraph in text.strip("\n").splitlines():
        if len(paragraph) <= chars_per_line and paragraph.isascii():
            # Its words and the single spaces between them fit on one line.
            if paragraph.isspace() or not paragraph:
                blank += 1
            else:
                count += blank + 1
                blank = 0
            continue
        if paragraph.isascii():
            widths = list(map(len, paragraph.split()))
        else:
            widths = [len(word) if word.isascii() else _narrow_width(word) for word in paragraph.split()]
            if widths and min(widths) < 0:  # wide characters: pieces of their own
                return len(wrap_lines(text, chars_per_line))
        if widths and max(widths) > chars_per_line:  # a word broken across lines
            return len(wrap_lines(text, chars_per_line))
        lines, used = 0, chars_per_line  # so that the first word starts a line
        for width in widths:
            if used + 1 + width <= chars_per_line:
                used += 1 + width
            else:
                lines += 1
                used = width
        if lines:
            count += blank + lines
            blank = 0
        else:
            blank += 1
    return count


_NARROW: dict[str, int] = {}  # character -> its columns, -1 for a wide one (it is a piece of its own)


def _narrow_width(word: str) -> int:
    """The columns of a word without wide characters (as ``_width``), or -1 when it has one."""
    total = 0
    for ch in word:
        width = _NARROW.get(ch)
        if width is None:
            width = _NARROW[ch] = -1 if _is_wide(ch) else _char_width(ch)
        if width < 0:
            return -1
        total += width
    return total


NO_SOURCE = "\u26a0 no source yet: choose one in the Inspector"


def cite_text(card: Card, sources: Mapping[str, Source] | None = None) -> str:
    """The cite as a debater reads it: "Oleksiy Danilov · Axios, 2022-03-18 · para 8"; empty
    without a cite. ``sources`` (the map's, by id) give the publisher and date."""
    cite = getattr(card, "cite", None)
    if cite is None or not cite.source:
        return cite_line(card)  # evidence says it has no source yet; other cards say nothing
    source = (sources or {}).get(cite.source)
    parts = []
    if cite.by:
        parts.append(cite.by)
    if source is not None:
        where = source.publisher or source.author or source.title
        if where == cite.by:  # "Axios · Axios, 2022-03-18" says the name twice
            where = ""
        parts.append(", ".join(p for p in (where, str(source.date) if source.date else "") if p))
    else:
        parts.append(cite.source)
    if cite.at:
        parts.append(cite.at)
    return " \u00b7 ".join(p for p in parts if p)


def cite_line(card: Card) -> str:
    """The cite without the map's sources: ``by, at (source)``; empty without a cite."""
    cite = getattr(card, "cite", None)
    if cite is None or not cite.source:
        # Evidence without a source yet is flagged on the card itself (painting.NO_SOURCE).
        return NO_SOURCE if getattr(card, "kind", "") == "evidence" else ""
    who = ", ".join(part for part in (cite.by, cite.at) if part)
    return f"{who} ({cite.source})" if who else f"({cite.source})"


def section_texts(card: Card, sources: Mapping[str, Source] | None = None) -> list[tuple[str, str]]:
    """The text of each section a card draws, in order: ``("tag"|"text"|"cite"|"quote", text)``.

    The one place that says what a card shows, for the estimate here and the renderer alike.
    """
    out = [("tag", " ".join(card.tag.split())), ("text", card.text)]
    if card.kind == "evidence":
        out.append(("cite", cite_text(card, sources)))
        quote = card.quote.strip()
        out.append(("quote", "\u201c" + quote + "\u201d" if quote else ""))
    return [(role, text) for role, text in out if text and text.strip()]


CHARS = {"tag": TAG_CHARS, "text": TEXT_CHARS, "cite": CITE_CHARS, "quote": QUOTE_CHARS}


def card_sections(card: Card, sources: Mapping[str, Source] | None = None) -> list[tuple[str, list[str]]]:
    """The estimated lines of each drawn section, in order: ``(role, lines)``; every word kept.

    Empty sections are left out. The renderer re-wraps with real font metrics inside the height
    that ``card_size`` gives from these line counts.
    """
    sections: list[tuple[str, list[str]]] = []
    for role, text in section_texts(card, sources):
        marks = getattr(card, "marks", ())
        if role == "quote" and marks:
            lines = marked_quote_lines(card.quote, marks)  # read words full size, the rest shrunk
        else:
            lines = wrap_lines(text, CHARS[role])
        if lines:
            sections.append((role, lines))
    return sections


SHRUNK_SHARE = 0.62  # unread words of a marked quote are drawn this much smaller (render/marked_quote.py)


def marked_quote_lines(quote: str, marks: tuple[Mark, ...]) -> list[str]:
    """Room for a marked quote, never cut: read (highlighted) words at full width, the rest shrunk.

    The lines are placeholders (the renderer lays the quote out itself); only their count matters.
    """
    read = sum(m.end - m.start for m in marks if m.style == "highlight")
    if not any(m.style == "highlight" for m in marks):
        read = len(quote)
    unread = max(0, len(quote) - read)
    effective = read + unread * SHRUNK_SHARE
    n = int(effective // QUOTE_CHARS) + 2  # a line to spare: marks break lines where words do not
    return [""] * max(1, n)


LINE_HEIGHTS = {"tag": TAG_LINE, "text": TEXT_LINE, "cite": CITE_LINE, "quote": QUOTE_LINE}


def card_size(card: Card, sources: Mapping[str, Source] | None = None) -> tuple[int, int]:
    """The card's box ``(width, height)`` in px: fixed width, height from its whole wrapped content.

    Deterministic and cheap; at least ``MIN_HEIGHT`` tall. ``sources`` (the map's) lengthen the
    cite by the publisher and date it names.
    """
    # card_sections' line counts, counted without making the lines (every card is sized on opening).
    height = 2 * PADDING
    drawn = 0
    marks = getattr(card, "marks", ())
    for role, text in section_texts(card, sources):
        if role == "quote" and marks:
            lines = len(marked_quote_lines(card.quote, marks))
        else:
            lines = line_count(text, CHARS[role])
        if lines:
            height += LINE_HEIGHTS[role] * lines
            drawn += 1
    if drawn:
        height += SECTION_GAP * (drawn - 1)
    return (CARD_WIDTH, max(MIN_HEIGHT, height))
