"""Cutting evidence from a source, and how a map uses its sources. Qt-free: the Source panel, the
Sources dialog and tests share these rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .edits import AddCard
from .model import ArgumentMap, Card, Cite, Relation, with_fields
from .quotes import Mark, check_quote, paragraph_of, shift_marks


def with_quote(card: Card, quote: str) -> Card:
    """The card with its quote's words changed and its marks kept on the words they marked."""
    return with_fields(card, quote=quote, marks=shift_marks(card.quote, quote, card.marks))


def quote_from_selection(source_text: str, start: int, end: int) -> tuple[str, int, int]:
    """The quote a selection makes: its words as the source has them, white space between paragraphs
    made one space, and the offsets of the words in the source (selection edges of blank space dropped)."""
    while start < end and source_text[start].isspace():
        start += 1
    while end > start and source_text[end - 1].isspace():
        end -= 1
    return re.sub(r"\s*\n\s*", " ", source_text[start:end]), start, end


def locator(source_text: str, start: int, end: int) -> str:
    """'para 4' or 'para 4-5': the paragraphs of the source the passage spans (counted as argmap counts)."""
    first = paragraph_of(source_text, start)
    last = paragraph_of(source_text, max(start, end - 1))
    return f"para {first}" if first == last else f"para {first}-{last}"


def cut_card(
    amap: ArgumentMap, source_id: str, source_text: str, start: int, end: int, under: str | None
) -> AddCard | None:
    """The edit that adds an evidence card quoting ``source_text[start:end]`` word for word.

    Its cite names the source and the paragraph; it answers ``under`` as a supporting answer (when
    ``under`` is itself evidence, the new card joins it under what it supports). None when the
    selection holds no words.
    """
    quote, start, end = quote_from_selection(source_text, start, end)
    if not quote:
        return None
    parent = _parent_for(amap, under)
    side = amap.card(parent).side if parent else "for"
    speech = amap.card(parent).speech if parent else ""
    card = Card(
        id=amap.new_id("evidence"),
        kind="evidence",
        side=side,
        quote=quote,
        cite=Cite(source_id, at=locator(source_text, start, end)),
        speech=speech,
    )
    relations = (Relation(card.id, parent, "supports"),) if parent else ()
    return AddCard(card, relations)


def _parent_for(amap: ArgumentMap, under: str | None) -> str | None:
    if under is None or under not in amap:
        return None
    card = amap.card(under)
    if card.kind != "evidence":
        return under
    supported = [r.target for r in amap.relations_of(under) if r.source == under and r.type == "supports"]
    return supported[0] if supported else under


@dataclass(frozen=True)
class QuotedPassage:
    """Where one card's quote stands in its source's text."""

    card_id: str
    spans: tuple[tuple[int, int], ...]


def quoted_passages(amap: ArgumentMap, source_id: str, source_text: str) -> list[QuotedPassage]:
    """Every card citing the source whose quote is found in it, with the spans it covers."""
    out: list[QuotedPassage] = []
    for card in amap.cards():
        if card.kind != "evidence" or card.cite is None or card.cite.source != source_id or not card.quote:
            continue
        result = check_quote(card.quote, source_text)
        if result.verbatim and result.spans:
            out.append(QuotedPassage(card.id, result.spans))
    return out


def share_used(source_text: str, passages: list[QuotedPassage]) -> tuple[int, int]:
    """(words of the source inside some quoted passage, words of the source)."""
    covered = [False] * len(source_text)
    for passage in passages:
        for start, end in passage.spans:
            covered[start:end] = [True] * (end - start)
    used = total = 0
    for m in re.finditer(r"\S+", source_text):
        total += 1
        used += covered[m.start()]
    return used, total


def speech_reading_times(amap: ArgumentMap, cells, words_per_minute: int) -> dict[int, tuple[int, int]]:
    """For each flow column, the read-aloud words of its evidence cards and their seconds."""
    from .quotes import reading_time

    words: dict[int, int] = {}
    for cell in cells:
        if not cell.evidence or cell.card_id not in amap:
            continue
        card = amap.card(cell.card_id)
        if card.kind == "evidence" and card.quote:
            n, _ = reading_time(card.quote, card.marks, words_per_minute)
            words[cell.column] = words.get(cell.column, 0) + n
    return {col: (n, round(n * 60 / max(1, words_per_minute))) for col, n in words.items()}


def read_source_text(map_path: Path | None, file_name: str) -> str | None:
    """The text of a source's local file beside the map; None when there is none or it cannot be read."""
    if not file_name or map_path is None:
        return None
    path = Path(map_path).parent / file_name
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def quote_offsets_of(card: Card, source_text: str, start: int, end: int) -> tuple[int, int] | None:
    """The part of the card's quote that a selection ``start``..``end`` of the source covers, as offsets
    into the quote (for marking from the Source panel); None when the selection is not in its passage."""
    result = check_quote(card.quote, source_text)
    if not result.verbatim or len(result.spans) != 1:
        return None
    (s0, s1) = result.spans[0]
    start, end = max(start, s0), min(end, s1)
    if start >= end:
        return None
    # Map source offsets to quote offsets by walking both texts, white space counted as one.
    mapping: list[int] = []  # quote offset for each source offset in the passage
    q = 0
    quote = card.quote
    i = s0
    while i < s1:
        if source_text[i].isspace():
            while i < s1 and source_text[i].isspace():
                mapping.append(q)
                i += 1
            while q < len(quote) and quote[q].isspace():
                q += 1
            continue
        mapping.append(q)
        i += 1
        q = min(len(quote), q + (1 if source_text[i - 1] != "\u2026" else 1))
        while q < len(quote) and quote[q].isspace() and i < s1 and not source_text[i].isspace():
            q += 1  # pragma: no cover - white space in the quote but not the source
    mapping.append(len(quote))
    return mapping[start - s0], mapping[end - s0] if end - s0 < len(mapping) else len(quote)


__all__ = [
    "Mark",
    "QuotedPassage",
    "cut_card",
    "locator",
    "quote_from_selection",
    "quote_offsets_of",
    "quoted_passages",
    "read_source_text",
    "share_used",
    "with_quote",
]
