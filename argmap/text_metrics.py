"""Text measured and broken into lines without Qt, as the editor's Qt text layout does it.

The SVG writer must not load Qt (50 MB and a third of a second before the first card), yet its lines
must break where the editor's do, or a card's words would run past its edge. The advance widths are
the fonts' own (``font_widths``, generated from the fonts the editor draws with); lines break where
Unicode allows (after spaces and hyphens, between CJK ideographs and kana, never before closing
punctuation) and a piece longer than a line is cut between letters, as Qt's
``WrapAtWordBoundaryOrAnywhere`` does. Kerning is not counted, so a line measured here is never
narrower than it draws.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache, lru_cache

from . import font_widths
from .drawing_style import FONT_ROLES, LABEL_LETTER_SPACING

ELLIPSIS = "\u2026"
_WIDE_CLASSES = ("W", "F")
# Closing punctuation (a line never starts with it) and opening punctuation (never ends one).
_CLOSING = set(
    "\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff1f\uff01\uff09\u300d\u300f\u3011\u300b\u3009\u30fc\u2019\u201d)]}.,;:!?%"
)
_OPENING = set("\uff08\u300c\u300e\u3010\u300a\u3008\u2018\u201c([{")
_HYPHENS = set("-\u2010\u2013\u2014")
_CHUNKS = re.compile(r"\S+\s*|\s+")


@lru_cache(maxsize=4)
def _units(bold: bool, italic: bool) -> dict[str, int]:
    """Advance widths in font units (``font_widths.EM`` to the em), by character, of one face."""
    table: dict[str, int] = {}
    for first, widths in font_widths.BOLD if bold else font_widths.REGULAR:
        for i, units in enumerate(widths.split()):
            table[chr(first + i)] = int(units)
    if italic and not bold:
        for code, italic_units in font_widths.ITALIC_CHANGES.items():
            table[chr(code)] = italic_units
    return table


def _other_units(ch: str) -> int:
    """A character outside the tables: wide (CJK) a full em, a combining mark nothing."""
    if unicodedata.east_asian_width(ch) in _WIDE_CLASSES:
        return font_widths.WIDE
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return font_widths.OTHER


class Face:
    """One font at one pixel size: how wide a text is, and its ascent, descent and line height."""

    __slots__ = (
        "size",
        "bold",
        "italic",
        "letter_spacing",
        "ascent",
        "descent",
        "height",
        "_units",
        "_px",
        "_words",
    )

    def __init__(self, size: float, bold: bool = False, italic: bool = False, letter_spacing: float = 0.0):
        self.size = size
        self.bold = bold
        self.italic = italic
        self.letter_spacing = letter_spacing
        self.ascent = font_widths.ASCENT / font_widths.EM * size
        self.descent = font_widths.DESCENT / font_widths.EM * size
        self.height = self.ascent + self.descent
        self._units = _units(bold, italic)
        self._px: dict[str, float] = {}
        self._words: dict[str, float] = {}

    def _letter(self, ch: str) -> float:
        """One character's advance in px, cut to Qt's 1/64 px as Qt's own metrics are."""
        units = self._units.get(ch)
        if units is None:
            units = _other_units(ch)
        w = self._px[ch] = math.floor(units * self.size * 64 / font_widths.EM) / 64 + self.letter_spacing
        return w

    def width(self, text: str) -> float:
        """The text's advance in px (letter spacing after every letter, as Qt counts it)."""
        w = self._words.get(text)
        if w is None:
            px = self._px
            w = 0.0
            for ch in text:
                x = px.get(ch)
                w += self._letter(ch) if x is None else x
            if len(text) <= 32:  # words repeat across a map; whole lines rarely do
                self._words[text] = w
        return w

    def elided(self, text: str, width: float) -> str:
        """``text``, or as much of it as fits in ``width`` followed by an ellipsis."""
        if self.width(text) <= width:
            return text
        room = width - self.width(ELLIPSIS)
        used = 0.0
        for i, ch in enumerate(text):
            used += self.width(ch)
            if used > room:
                return text[:i] + ELLIPSIS
        return text


@cache
def role_face(role: str) -> Face:
    """The face of a card section or label: "tag", "text", "cite", "quote", "label", "badge", "legend"."""
    size, weight, italic = FONT_ROLES[role]
    return Face(size, weight >= 600, italic, LABEL_LETTER_SPACING if role == "label" else 0.0)


def is_right_to_left(text: str) -> bool:
    """True when the text's first strong character is Arabic or Hebrew (Unicode's bidi rule P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _is_wide(ch: str) -> bool:
    return not ch.isascii() and unicodedata.east_asian_width(ch) in _WIDE_CLASSES


def pieces(paragraph: str) -> list[str]:
    """The paragraph cut where a line may break: each piece keeps the spaces that follow it."""
    out: list[str] = []
    for chunk in _CHUNKS.findall(paragraph):
        if chunk.isascii() and "-" not in chunk:
            out.append(chunk)
            continue
        start = 0
        n = len(chunk)
        for i, ch in enumerate(chunk):
            if i + 1 >= n or chunk[i + 1].isspace():
                continue
            after = chunk[i + 1]
            cut = False
            if ch in _HYPHENS:  # after a hyphen between letters ("co-|combatant"), not before a number
                cut = i > start and after.isalpha() and chunk[i - 1] not in _HYPHENS
            elif _is_wide(ch) or _is_wide(after):  # between ideographs, and where a word meets one
                cut = after not in _CLOSING and ch not in _OPENING
            if cut:
                out.append(chunk[start : i + 1])
                start = i + 1
        out.append(chunk[start:])
    return out


def _clusters(text: str) -> list[str]:
    """The text as letters with their combining marks (a line is never cut inside one)."""
    out: list[str] = []
    for ch in text:
        if out and (unicodedata.category(ch) in ("Mn", "Me", "Mc") or ch in "\u200d\ufe0f"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _wrap_words(words: list[str], face: Face, width: float) -> list[str] | None:
    """Words parted by single spaces, filled into lines: the common case, done with sums alone.
    None when a word is wider than a line (the general way cuts it)."""
    space = face.width(" ")
    lines: list[str] = []
    start, used = 0, -space
    for i, word in enumerate(words):
        w = face.width(word)
        if w > width:
            return None
        if used + space + w <= width:
            used += space + w
        else:
            lines.append(" ".join(words[start:i]))
            start, used = i, w
    lines.append(" ".join(words[start:]))
    return lines


def wrap(text: str, face: Face, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` px, every word kept.

    Each line of the text is a paragraph of its own and a blank line stays a blank line (trailing
    blank lines go); each paragraph is trimmed, and so is every line's end.
    """
    if not text.strip():
        return []
    paragraphs = [part.strip() for part in text.strip("\n").splitlines()]
    while paragraphs and not paragraphs[-1]:
        paragraphs.pop()
    lines: list[str] = []
    for paragraph in paragraphs:
        if not paragraph:
            lines.append("")
            continue
        if len(paragraph) <= 16 and face.width(paragraph) <= width:
            lines.append(paragraph)
            continue
        if paragraph.isascii() and "-" not in paragraph and "  " not in paragraph and "\t" not in paragraph:
            fitted = _wrap_words(paragraph.split(" "), face, width)
            if fitted is not None:
                lines += fitted
                continue
        line, used = "", 0.0  # used: the line's width with its trailing spaces
        for piece in pieces(paragraph):
            core = piece.rstrip()
            core_w = face.width(core)
            tail_w = face.width(piece[len(core) :]) if len(core) < len(piece) else 0.0
            if line and used + core_w <= width:
                line += piece
                used += core_w + tail_w
                continue
            if line:
                lines.append(line.rstrip())
            if core_w <= width:
                line, used = piece, core_w + tail_w
                continue
            line, used = "", 0.0  # longer than a line: cut between letters
            for letter in _clusters(core):
                w = face.width(letter)
                if line and used + w > width:
                    lines.append(line)
                    line, used = "", 0.0
                line += letter
                used += w
            tail = piece[len(core) :]
            line += tail
            used += face.width(tail)
        if line.strip():
            lines.append(line.rstrip())
    return lines
