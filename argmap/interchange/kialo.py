"""Kialo discussion export (plain text), import only: both the older and the newer layout.

The older export numbers one claim per line::

    Discussion Title: Should the U.S. fund a Ukrainian resistance movement?

    1. The U.S. should fund the resistance.
    1.1. Pro: Ukraine asked for the money.
    1.1.1. Con: The letter is not a plan.
    1.2. Pro: -> See 1.1.1.

The newer one ("Discussion Name:") indents each claim under its number, may put "Pro:" or "Con:" on a
line of its own, marks footnotes in the text with ``[1]`` and lists them under "Sources:"::

    Discussion Name: Should the U.S. fund a Ukrainian resistance movement?

    1. The U.S. should fund the resistance.
        1.1.
            Pro:
            Ukraine asked for the money.[1]
            Sources:
            [1] https://www.axios.com/...

A claim's number says which claim it answers (its number without the last part). Kialo has no card
kinds or sides, so they are inferred: the thesis is a position for the resolution; Pro claims support
their parent and are arguments on its side; Con claims rebut it and are rebuttals on the other side.
``-> See N.`` links to a claim written elsewhere: that claim also answers this parent. Footnotes go
into the card's notes, and every footnote with an address becomes one of the map's sources. Kialo's
Markdown escapes (``\\(``) and links (``[words](address)``) become plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Source
from .base import Budget, DraftCard, ImportResult, InterchangeError, MapBuilder, guarded_read, read_text

NAME = "Kialo"
_CLAIM = re.compile(r"^(\d+(?:\.\d+)*)\.(?:\s+(?:(Pro|Con|Thesis)\s*:\s*)?(.*))?$", re.IGNORECASE)
_MARKER = re.compile(r"^(Pro|Con|Thesis)\s*:\s*(.*)$", re.IGNORECASE)
_TITLE = re.compile(r"^\s*Discussion\s+(?:Title|Name)\s*:\s*(.*)$", re.IGNORECASE)
_LINK = re.compile(r"^->\s*See\s+(\d+(?:\.\d+)*)\.?\s*$", re.IGNORECASE)
_SOURCES = re.compile(r"^(?:Sources?|Footnotes?|References?)\s*:\s*$", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^\[(\d+)\]\s*:?\s*(.+)$")
_FOOTNOTE_MARK = re.compile(r"\[(\d+)\](?!\()")
_MD_LINK = re.compile(r"(?<!\\)\[([^\]\n]+)\]\(([^)\s]+)\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])")
_STRONG = re.compile(r"(?<!\\)\*\*(?=\S)(.+?)(?<=\S)\*\*")
_URL = re.compile(r"https?://\S+")


@dataclass
class _Claim:
    number: str
    line: int
    marker: str = ""
    text: list[str] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)


def plain(text: str) -> str:
    """Kialo's Markdown as plain text: links as their words and address, escapes undone."""
    text = _MD_LINK.sub(
        lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text
    )
    text = _STRONG.sub(r"\1", text)
    return _ESCAPE.sub(r"\1", text)


def loads(text: str, name: str = "<kialo>", budget: Budget | None = None) -> ImportResult:
    """Read a Kialo discussion export into a map."""
    try:
        return _read(text, name, budget or Budget(name))
    except InterchangeError as exc:
        return ImportResult(None, exc.problems)


def _read(text: str, name: str, budget: Budget) -> ImportResult:
    b = MapBuilder(name, NAME)
    claims: dict[str, _Claim] = {}
    order: list[str] = []
    current: _Claim | None = None
    shared_footnotes: dict[str, str] = {}  # a "Sources:" list written after all the claims
    in_sources = False
    sources_shared = False
    stray: tuple[int, int] | None = None
    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not claims and current is None:
            title = _TITLE.match(raw)
            if title and not b.title:
                b.title = title.group(1).strip()
                continue
        match = _CLAIM.match(line)
        if match:
            key = match.group(1)
            budget.check((number, 1), len(claims), number / len(lines))
            if key in claims:
                b.problem(
                    (number, 1), "error", f"claim {key} is numbered twice (first at line {claims[key].line})"
                )
                current, in_sources = None, False
                continue
            current = claims[key] = _Claim(key, number, (match.group(2) or "").lower())
            order.append(key)
            in_sources = False
            if match.group(3):
                current.text.append(match.group(3).strip())
            continue
        if _SOURCES.match(line):
            in_sources = True
            sources_shared = current is None or raw[: len(raw) - len(raw.lstrip())] == ""
            continue
        footnote = _FOOTNOTE.match(line)
        if footnote and (in_sources or current is not None):
            table = (
                shared_footnotes
                if (in_sources and sources_shared)
                else (current.footnotes if current else {})
            )
            table[footnote.group(1)] = plain(footnote.group(2).strip())
            continue
        if current is None:
            if line and stray is None:
                stray = (number, 1)
            continue
        marker = _MARKER.match(line)
        if marker and not current.marker and not any(t.strip() for t in current.text):
            current.marker = marker.group(1).lower()
            if marker.group(2):
                current.text.append(marker.group(2).strip())
            continue
        in_sources = False
        current.text.append(line)
    if not claims:
        b.problem(
            stray or (1, 1),
            "error",
            "no numbered claims found: this is not a Kialo discussion export "
            "(expected 'Discussion Title: ...' or 'Discussion Name: ...' and claims such as '1. The thesis')",
        )
        return ImportResult(None, b.problems, b.notes)
    return _build(b, claims, order, shared_footnotes)


def _build(
    b: MapBuilder, claims: dict[str, _Claim], order: list[str], shared: dict[str, str]
) -> ImportResult:
    ids: dict[str, str] = {}
    links: list[tuple[str, str, str]] = []  # (claim number, linked number, parent)
    footnoted = 0
    for key in order:
        claim = claims[key]
        body = re.sub(r"\n{3,}", "\n\n", "\n".join(claim.text).strip())
        parent = key.rsplit(".", 1)[0] if "." in key else None
        where = (claim.line, 1)
        if parent is not None and parent not in claims:
            b.problem(where, "error", f"claim {key} answers claim {parent}, which is not in the file")
            continue
        link = _LINK.match(body)
        if link:
            links.append((key, link.group(1), parent or ""))
            continue
        notes = _footnotes(body, claim.footnotes, shared, b)
        body = plain(_FOOTNOTE_MARK.sub("", body)).strip() if notes else plain(body).strip()
        footnoted += bool(notes)
        if not body:
            b.problem(where, "error", f"claim {key} has no text")
            continue
        marker = claim.marker
        if parent is not None and marker not in ("pro", "con"):
            b.problem(where, "warning", f"claim {key} is neither Pro nor Con; read as Pro")
            marker = "pro"
        card_id = b.ids.make("", body, "claim")
        ids[key] = card_id
        if parent is None:
            draft = DraftCard(card_id, text=body, kind="position", side="for", notes=notes)
        else:
            parent_card = b.cards[ids[parent]] if parent in ids else None
            parent_side = parent_card.side if parent_card else "for"
            side = parent_side if marker == "pro" else ("against" if parent_side == "for" else "for")
            kind = "argument" if marker == "pro" else "rebuttal"
            draft = DraftCard(card_id, text=body, kind=kind, side=side, notes=notes)
            if parent in ids:
                b.relate(card_id, ids[parent], "supports" if marker == "pro" else "rebuts", where)
        b.add_card(draft)
    for key, linked, parent in links:
        where = (claims[key].line, 1)
        if linked not in ids:
            b.problem(
                where, "warning", f"claim {key} links to claim {linked}, which is not in the file; dropped"
            )
        elif parent in ids:
            marker = claims[key].marker or "pro"
            b.relate(ids[linked], ids[parent], "supports" if marker == "pro" else "rebuts", where)
    if any(p.severity == "error" for p in b.problems):
        return ImportResult(None, b.problems, b.notes)
    b.notes.append(
        "kinds and sides inferred from Kialo's markers: the thesis is a position 'for'; Pro claims "
        "support their parent as arguments on its side; Con claims rebut it as rebuttals on the "
        "other side"
    )
    if links:
        b.notes.append(f"{len(links)} '-> See' link(s) became relations from the linked claim")
    if footnoted:
        b.notes.append(
            f"{footnoted} claim(s) had footnotes: they are in the card's notes, and those with an address "
            f"are among the map's {len(b.sources)} source(s) (argmap cites sources only from evidence cards)"
        )
    b.notes.append(
        "Kialo's votes, impact ratings, authors and comments are not in its export, so not in the map"
    )
    return ImportResult(b.build(), b.problems, b.notes)


def _footnotes(body: str, own: dict[str, str], shared: dict[str, str], b: MapBuilder) -> str:
    """Notes for the footnotes a claim marks (``[n]``); footnotes with an address become sources."""
    lines = []
    for n in dict.fromkeys(_FOOTNOTE_MARK.findall(body)):
        words = own.get(n) or shared.get(n)
        if not words:
            continue
        lines.append(f"[{n}] {words}")
        url = _URL.search(words)
        if url:
            address = url.group(0).rstrip(").,;")
            if any(s.url == address for s in b.sources.values()):
                continue
            source_id = b.ids.make("", "source " + address.split("//", 1)[-1], "source")
            title = _URL.sub("", words).strip(" -–—:;,()") or address
            b.sources[source_id] = Source(source_id, title, url=address)
    return "\n".join(lines)


@guarded_read
def read(path: Path) -> ImportResult:
    """Read a Kialo discussion export (.txt) into a map."""
    name = str(path)
    return loads(read_text(path), name)
