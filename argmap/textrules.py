"""What text and numbers a map may hold: the single rule that validation, exporters and the CLI share.

A map's text goes to YAML, Argdown, AIF JSON, GraphML, DOT, Markdown, SVG, PDF and Word. Word and
every XML format cannot hold most control characters at all, and a terminal or a Markdown reader
would act on them; so validation refuses them (with their place), exporters replace whatever reaches
them anyway (an imported map is never validated as a file), and the CLI shows user text with control
characters made visible. No Qt here.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache

# Coordinates further out than this are no placement a person made: a 10,000-card map laid out in one
# row spans about 3,000,000 px. Beyond it, image sizes overflow and Qt's geometry loses precision.
MAX_COORDINATE = 10_000_000

# Characters no map text may hold: C0 controls but tab and line feed (a carriage return is a line
# break only on old Macs and injects structure into Markdown), DEL, C1 controls, lone surrogates
# (no UTF-8 encoding exists for them) and the two non-characters XML refuses.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@cache
def _not_xml() -> re.Pattern[str]:
    """What an XML 1.0 document cannot hold at all (Word, GraphML, SVG): the complement of its Char rule.

    Compiled when first asked for: a class this wide takes 10-30 ms to compile, and `argmap validate`
    never needs it."""
    return re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_NAMES = {
    "\x00": "NUL",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x0d": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
}


def first_unsafe(text: str) -> int | None:
    """The index of the first character no map text may hold, or None when the text is clean."""
    found = _UNSAFE.search(text)
    return found.start() if found else None


def describe(ch: str) -> str:
    """'U+001B (escape)': a character named so a person can find it."""
    code = f"U+{ord(ch):04X}"
    name = _NAMES.get(ch)
    if name is None and 0xD800 <= ord(ch) <= 0xDFFF:
        name = "half of a surrogate pair"
    if name is None:
        name = unicodedata.name(ch, "control character").lower()
    return f"{code} ({name})"


def unsafe_message(field: str, text: str, index: int) -> str:
    """The validation message for ``text`` (the value of ``field``) with an unsafe character at ``index``."""
    ch = text[index]
    if ch == "\r":
        return (
            f"{field} holds a carriage return (U+000D) at character {index + 1}; "
            "use a plain line break (\\n) instead"
        )
    return f"{field} holds {describe(ch)} at character {index + 1}; no export can carry it: remove it"


def clean(text: str) -> str:
    """``text`` with every unsafe character replaced: CR LF and CR become line feeds, others U+FFFD.

    For exporters handed a map that was never validated (an import, a map built in code).
    """
    if _UNSAFE.search(text) is None:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x85", "\n")
    return _UNSAFE.sub("\ufffd", text)


def xml_safe(text: str) -> str:
    """``text`` holding only characters an XML 1.0 document can carry (others become U+FFFD)."""
    not_xml = _not_xml()
    if not_xml.search(text) is None:
        return text
    return not_xml.sub("\ufffd", text)


def is_coordinate(value: object) -> bool:
    """A number usable as a position: finite and within ±MAX_COORDINATE (not a bool, not 1e308)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        number = float(value)
    except OverflowError:  # a 400-digit integer
        return False
    return math.isfinite(number) and abs(number) <= MAX_COORDINATE


# -- the terminal -----------------------------------------------------------------------------


@cache
def _invisible() -> re.Pattern[str]:
    """Shown as escapes on a terminal: every control character (C0, DEL, C1), the bidirectional
    overrides, embeddings and isolates that reorder what follows them, lone surrogates, and the
    zero-width characters that hide text. Compiled when first needed (0.8 ms): most output is ASCII."""
    return re.compile(
        "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
        "\ud800-\udfff\ufffe\uffff]"
    )


def visible(text: str) -> str:
    """``text`` for a terminal: control, bidi and zero-width characters as ``\\x1b``, ``\\u202e``.

    Tabs and line feeds stay; the text can neither move the cursor, recolour the screen nor reorder
    the line it is printed on.
    """
    if text.isascii() and (text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()):
        return text  # printable ASCII, tabs and line feeds: nothing to show as an escape
    return _invisible().sub(_escape_match, text)


def _escape_match(found: re.Match) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
