"""Card sizes and rectangles shared by the layout, the Qt renderer and the exporters.

A card is a fixed-width box whose height follows its content. The estimate here is the contract:
the renderer draws inside exactly ``card_size(card)`` and elides whatever its real fonts cannot fit,
so the numbers below are chosen to match the renderer's fonts at ``CARD_WIDTH``.

Layout of a card, top to bottom (all inside ``PADDING``):

    tag      bold, at most ``TAG_MAX_LINES`` lines of ``TAG_LINE`` px
    text     at most ``TEXT_MAX_LINES`` lines of ``TEXT_LINE`` px
    cite     evidence only: one line of ``CITE_LINE`` px
    quote    evidence only: at most ``QUOTE_MAX_LINES`` lines of ``QUOTE_LINE`` px

Sections that are empty take no room; ``SECTION_GAP`` separates the ones that are drawn.
No Qt here: this module is imported by the Qt-free core.
"""

from __future__ import annotations

from dataclasses import dataclass

CARD_WIDTH = 260
PADDING = 10  # inside the border, on every side
MIN_HEIGHT = 56
SECTION_GAP = 4

TAG_LINE = 18
TEXT_LINE = 16
CITE_LINE = 14
QUOTE_LINE = 15

# Average characters that fit on one line of CARD_WIDTH - 2 * PADDING px, per font.
TAG_CHARS = 30  # bold tag font
TEXT_CHARS = 36  # regular text font
CITE_CHARS = 40  # small cite font
QUOTE_CHARS = 38  # italic quote font

TAG_MAX_LINES = 2
TEXT_MAX_LINES = 5
QUOTE_MAX_LINES = 4

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


def wrap_lines(text: str, chars_per_line: int, max_lines: int) -> list[str]:
    """``text`` wrapped greedily by words into at most ``max_lines`` lines; the last one elided.

    Words longer than a line are broken. When the text does not fit, the last kept line ends
    with an ellipsis. Line breaks in the text are kept.
    """
    if max_lines <= 0 or not text or not text.strip():
        return []
    lines: list[str] = []
    truncated = False
    for paragraph in text.splitlines() or [""]:
        words = paragraph.split()
        line = ""
        if not words:
            lines.append("")
        for word in words:
            while len(word) > chars_per_line:  # a word longer than a line: break it
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:chars_per_line])
                word = word[chars_per_line:]
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= chars_per_line:
                line += " " + word
            else:
                lines.append(line)
                line = word
            if len(lines) > max_lines:
                break
        if line:
            lines.append(line)
        if len(lines) > max_lines:
            truncated = True
            break
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) > max_lines:
        truncated = True
        lines = lines[:max_lines]
    if truncated and lines:
        last = lines[-1]
        if len(last) >= chars_per_line:
            last = last[: chars_per_line - 1].rstrip()
        lines[-1] = last + ELLIPSIS
    return lines


def cite_line(card) -> str:
    """The one-line cite drawn on an evidence card: ``by, at (source)``; empty without a cite."""
    cite = getattr(card, "cite", None)
    if cite is None:
        return ""
    who = ", ".join(part for part in (cite.by, cite.at) if part)
    return f"{who} ({cite.source})" if who else f"({cite.source})"


def card_sections(card) -> list[tuple[str, list[str]]]:
    """The wrapped lines of each drawn section, in order: ``("tag"|"text"|"cite"|"quote", lines)``.

    Empty sections are left out. The renderer may re-wrap with real font metrics but must stay
    within the line counts used here, because ``card_size`` is computed from them.
    """
    sections: list[tuple[str, list[str]]] = []
    tag = wrap_lines(card.tag, TAG_CHARS, TAG_MAX_LINES)
    if tag:
        sections.append(("tag", tag))
    text = wrap_lines(card.text, TEXT_CHARS, TEXT_MAX_LINES)
    if text:
        sections.append(("text", text))
    if card.kind == "evidence":
        cite = wrap_lines(cite_line(card), CITE_CHARS, 1)
        if cite:
            sections.append(("cite", cite))
        marks = getattr(card, "marks", ())
        quote = (
            marked_quote_lines(card.quote, marks)
            if marks
            else wrap_lines(card.quote, QUOTE_CHARS, QUOTE_MAX_LINES)
        )
        if quote:
            sections.append(("quote", quote))
    return sections


SHRUNK_SHARE = 0.62  # unread words of a marked quote are drawn this much smaller (render/marked_quote.py)


def marked_quote_lines(quote: str, marks) -> list[str]:
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


def card_size(card) -> tuple[int, int]:
    """The card's box ``(width, height)`` in px: fixed width, height from its wrapped content.

    Deterministic and cheap; at least ``MIN_HEIGHT`` tall.
    """
    sections = card_sections(card)
    height = 2 * PADDING
    for role, lines in sections:
        height += LINE_HEIGHTS[role] * len(lines)
    if sections:
        height += SECTION_GAP * (len(sections) - 1)
    return (CARD_WIDTH, max(MIN_HEIGHT, height))
