"""Kialo discussion export (plain text), import only.

Kialo exports a discussion as numbered claims::

    Discussion Title: Should the U.S. fund a Ukrainian resistance movement?

    1. The U.S. should fund the resistance.
    1.1. Pro: Ukraine asked for the money.
    1.1.1. Con: The letter is not a plan.
    1.2. Con: Arming guerrillas could make the U.S. a co-combatant.
    1.2.1. Pro: -> See 1.1.1.

A claim's number says which claim it answers (its number without the last part). Kialo has no card kinds
or sides, so they are inferred: the thesis is a position for the resolution; Pro claims support their
parent and are arguments on its side; Con claims rebut it and are rebuttals on the other side.
``-> See N.`` lines link to a claim written elsewhere: that claim also answers this parent.
"""

from __future__ import annotations

import re
from pathlib import Path

from .base import DraftCard, ImportResult, MapBuilder, guarded_read, read_text

NAME = "Kialo"
_CLAIM = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(?:(Pro|Con|Thesis)\s*:\s*)?(.*)$", re.IGNORECASE)
_TITLE = re.compile(r"^\s*Discussion\s+(?:Title|Name)\s*:\s*(.*)$", re.IGNORECASE)
_LINK = re.compile(r"^->\s*See\s+(\d+(?:\.\d+)*)\.?\s*$", re.IGNORECASE)


def loads(text: str, name: str = "<kialo>") -> ImportResult:
    """Read a Kialo discussion export into a map."""
    b = MapBuilder(name, NAME)
    claims: dict[str, dict] = {}  # number -> {line, marker, text lines}
    order: list[str] = []
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        title = _TITLE.match(line)
        if title and not claims:
            b.title = title.group(1).strip()
            continue
        match = _CLAIM.match(line.strip())
        if match:
            key = match.group(1)
            if key in claims:
                b.problem(
                    (number, 1),
                    "error",
                    f"claim {key} is numbered twice (first at line {claims[key]['line']})",
                )
                current = None
                continue
            claims[key] = {"line": number, "marker": (match.group(2) or "").lower(), "text": [match.group(3)]}
            order.append(key)
            current = key
        elif current is not None:
            claims[current]["text"].append(line.strip())
        elif line.strip():
            b.problem(
                (number, 1),
                "error",
                "expected 'Discussion Title: ...' or a numbered claim such as '1. The thesis' here",
            )
    if not claims and not b.problems:
        b.problem((1, 1), "error", "no numbered claims found: this is not a Kialo discussion export")
    ids: dict[str, str] = {}
    links: list[tuple[str, str, str]] = []  # (claim number, linked number, parent)
    for key in order:
        claim = claims[key]
        body = "\n".join(claim["text"]).strip()
        body = re.sub(r"\n{3,}", "\n\n", body)
        parent = key.rsplit(".", 1)[0] if "." in key else None
        where = (claim["line"], 1)
        if parent is not None and parent not in claims:
            b.problem(where, "error", f"claim {key} answers claim {parent}, which is not in the file")
            continue
        link = _LINK.match(body)
        if link:
            links.append((key, link.group(1), parent or ""))
            continue
        if not body:
            b.problem(where, "error", f"claim {key} has no text")
            continue
        marker = claim["marker"]
        if parent is not None and marker not in ("pro", "con"):
            b.problem(where, "warning", f"claim {key} is neither Pro nor Con; read as Pro")
            marker = "pro"
        card_id = b.ids.make("", body, "claim")
        ids[key] = card_id
        if parent is None:
            draft = DraftCard(card_id, text=body, kind="position", side="for")
        else:
            parent_card = b.cards[ids[parent]] if parent in ids else None
            parent_side = parent_card.side if parent_card else "for"
            side = parent_side if marker == "pro" else ("against" if parent_side == "for" else "for")
            draft = DraftCard(
                card_id, text=body, kind="argument" if marker == "pro" else "rebuttal", side=side
            )
            if parent in ids:
                b.relate(card_id, ids[parent], "supports" if marker == "pro" else "rebuts", where)
        b.add_card(draft)
    for key, linked, parent in links:
        where = (claims[key]["line"], 1)
        if linked not in ids:
            b.problem(
                where, "warning", f"claim {key} links to claim {linked}, which is not in the file; dropped"
            )
        elif parent in ids:
            marker = claims[key]["marker"] or "pro"
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
    return ImportResult(b.build(), b.problems, b.notes)


@guarded_read
def read(path: Path) -> ImportResult:
    """Read a Kialo discussion export (.txt) into a map."""
    return loads(read_text(path), str(path))
