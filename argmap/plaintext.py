"""Text as a debater types or pastes it, made fit for a card: control characters out at entry.

Text copied from a PDF or a web page brings tabs, form feeds, vertical tabs, carriage returns, NULs
and other control characters. They are invisible on screen, but XML (Word, SVG, GraphML) cannot
carry most of them and a one-line field (a tag, a title) must not break across lines. Every field the
editor writes passes through ``clean_field`` first; validation refuses the same characters at load.
"""

from __future__ import annotations

import re
import unicodedata

# Line breaks of every kind: CR LF, CR, LF, NEL, VT, FF, and the Unicode line and paragraph separators.
_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")


def _kept(ch: str) -> bool:
    """Any character but a control (Cc), a lone surrogate (Cs) or a noncharacter such as U+FFFE."""
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cs"):
        return False
    code = ord(ch)
    return not (0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE)


def clean_field(text: str, multiline: bool) -> str:
    """``text`` without control characters: tabs become spaces, and line breaks become ``\\n`` in a
    multi-line field (a card's text, quote or notes) or one space in a one-line field (a tag, a title).

    Everything else is kept as typed: astral characters, combining marks, bidi controls, emoji.
    """
    text = _BREAKS.sub("\n", text).replace("\t", " ")
    # Controls go before lines are joined, so none leaves a space behind at a line's end.
    text = "".join(ch for ch in text if ch == "\n" or _kept(ch))
    if not multiline:
        text = " ".join(part.strip(" ") for part in text.split("\n") if part.strip(" "))
    return text


# Which card and map fields may hold more than one line.
MULTILINE_FIELDS = frozenset({"text", "quote", "notes", "description"})


def clean_for(field: str, text: str) -> str:
    """``clean_field`` with the field's own rule (multi-line for text, quote, notes, description)."""
    return clean_field(text, field in MULTILINE_FIELDS)


__all__ = ["clean_field", "clean_for", "MULTILINE_FIELDS"]
