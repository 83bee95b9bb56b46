"""Finding cards by their words: case-, accent- and typographic-quote-insensitive substring search.

Both sides of a comparison are *folded*: compatibility-decomposed (so "ﬁ" is "fi" and "…" is "..."),
stripped of accents, case-folded, with curly quotes and dashes made straight and runs of white space
made one space. :func:`match_spans` maps matches in the folded text back to the original characters,
so a view can highlight exactly what the user sees.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from .model import ArgumentMap, Card

FIELDS = ("tag", "text", "quote", "cite")
ALL_FIELDS = ("tag", "text", "quote", "cite", "notes", "speech", "id")

_PUNCTUATION = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
}


@functools.cache
def _table() -> dict[int, str | None]:
    """Built on the first search, not at import: walking 200,000 code points costs every start-up ~20 ms."""
    table: dict[int, str | None] = {ord(k): v for k, v in _PUNCTUATION.items()}
    # Combining marks are what is left of accents after decomposition; drop them.
    # (Planes 3 to 13 and the private-use planes hold no combining marks.)
    for code in (*range(0x30000), *range(0xE0000, 0xE1000)):
        if unicodedata.combining(chr(code)):
            table[code] = None
    return table


_SPACES = re.compile(r"\s+")


def _fold_chars(text: str) -> str:
    """Fold without collapsing white space (the per-character part of :func:`fold`)."""
    return unicodedata.normalize("NFKD", text).translate(_table()).casefold().translate(_table())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The form in which texts are compared: no case, no accents, straight quotes, single spaces."""
    return _SPACES.sub(" ", _fold_chars(text))


def card_texts(amap: ArgumentMap, card: Card, fields: Iterable[str] = FIELDS) -> list[str]:
    """The texts of ``card`` that a search over ``fields`` looks at."""
    out: list[str] = []
    for name in fields:
        if name == "cite":
            if card.cite is not None:
                out += [card.cite.by, card.cite.at]
                source = amap.sources.get(card.cite.source)
                out += [source.title, source.author] if source else [card.cite.source]
        else:
            out.append(getattr(card, name, "") or "")
    return [t for t in out if t]


def find_matches(
    amap: ArgumentMap, query: str, *, fields: Iterable[str] = FIELDS, order: Iterable[str] | None = None
) -> list[str]:
    """Ids of the cards whose ``fields`` contain ``query`` (folded), in ``order`` (default: card order).

    ``fields`` are card field names; ``"cite"`` means who is cited, where, and the source's title and
    author. A query of only white space matches nothing. Ids in ``order`` that are not cards are skipped.
    """
    if not query.strip():
        return []
    needle = fold(query)
    if not needle.strip():
        return []
    fields = tuple(fields)
    ids = amap.card_ids() if order is None else [cid for cid in order if cid in amap]
    return [
        cid for cid in ids if any(needle in fold(text) for text in card_texts(amap, amap.card(cid), fields))
    ]


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """``(start, end)`` slices of ``text`` where ``query`` matches (folded), left to right, no overlaps."""
    needle = fold(query)
    if not needle.strip() or not text:
        return []
    folded, owner = _fold_with_owners(text)
    spans: list[tuple[int, int]] = []
    at = folded.find(needle)
    while at >= 0:
        start = owner[at]
        end = owner[at + len(needle) - 1] + 1
        # Keep combining accents with the letter they sit on.
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        spans.append((start, end))
        at = folded.find(needle, at + len(needle))
    return spans


def _fold_with_owners(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the original character it came from."""
    parts: list[str] = []
    owner: list[int] = []
    in_space = False
    for index, char in enumerate(text):
        piece = _fold_chars(char)
        if piece.isspace():
            if in_space:
                continue
            piece, in_space = " ", True
        elif piece:
            in_space = False
        parts.append(piece)
        owner.extend([index] * len(piece))
    return "".join(parts), owner


__all__ = ["FIELDS", "ALL_FIELDS", "fold", "card_texts", "find_matches", "match_spans"]
