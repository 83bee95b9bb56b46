"""The real-file corpus: where it is, and how the reference tools' view is compared with argmap's import.

Cards are compared by a key both sides can compute: the Argdown title when there is one, else the text
folded (lower case, tags and link addresses removed, white space collapsed). An untitled argument is
keyed "argument for: " and its conclusion, as argmap names it. A contradiction (symmetric in Argdown)
is expected as the card written under the other rebutting it; two attacks, one each way, as two
rebuttals (the cards rebut each other).
"""

from __future__ import annotations

import re
from pathlib import Path

from argmap.model import ArgumentMap

REAL = Path(__file__).resolve().parent / "real"
SUPPORT_WORDS = {"support": "supports", "entails": "supports"}  # every other Argdown relation rebuts


def fold(text: str) -> str:
    text = re.sub(r"#\([^)]*\)|(?<!\S)#[\w-]+", " ", text)
    text = re.sub(r"\s*\((?:https?:|mailto:|#)[^)]*\)", "", text)
    return " ".join(text.lower().split())


def expected_from_argdown_json(model: dict) -> dict:
    """The cards and relations argmap should make from the real parser's JSON of a file."""
    keys: dict[tuple[str, str], str] = {}
    for title, item in model["statements"].items():
        text = next(
            (m.get("text") or "" for m in item.get("members", []) if (m.get("text") or "").strip()), ""
        )
        keys[("s", title)] = fold(text) if title.startswith("Untitled") else title
    conclusions: dict[str, str] = {}
    for title, item in model["arguments"].items():
        for member in item.get("pcs") or []:
            if member.get("role") == "main-conclusion":
                conclusions[title] = member["title"]
    for title in model["arguments"]:
        if title.startswith("Untitled") and title in conclusions:
            conclusion = model["statements"][conclusions[title]]
            text = next(
                (m.get("text") or "" for m in conclusion["members"] if (m.get("text") or "").strip()), ""
            )
            keys[("a", title)] = "argument for: " + fold(text)
        else:
            keys[("a", title)] = title
    cards: set[str] = set()
    relations: list[tuple[str, str, str]] = []
    for rel in model["relations"]:
        source = keys[("a" if rel["fromType"] == "argument" else "s", rel["from"])]
        target = keys[("a" if rel["toType"] == "argument" else "s", rel["to"])]
        if rel["relationType"] == "contradictory":  # symmetric; argmap writes the answering card's rebuttal
            source, target = target, source
        relations.append((source, target, SUPPORT_WORDS.get(rel["relationType"], "rebuts")))
    for title, item in model["arguments"].items():
        argument = keys[("a", title)]
        for member in item.get("pcs") or []:
            statement = keys[("s", member["title"])]
            if member.get("role") == "main-conclusion":
                relations.append((argument, statement, "supports"))
            else:
                relations.append((statement, argument, "supports"))
    for source, target, _ in relations:
        cards.update((source, target))
    return {"cards": sorted(cards), "relations": kept_relations(relations)}


def kept_relations(relations: list[tuple[str, str, str]]) -> list[list[str]]:
    """The relations argmap keeps, as its importer does: the first between two cards, and a second
    only when both are rebuttals, one each way (the two cards rebut each other)."""
    kept: dict[tuple[str, str], str] = {}
    for source, target, kind in relations:
        if source == target or (source, target) in kept:
            continue
        back = kept.get((target, source))
        if back is None or back == kind == "rebuts":
            kept[(source, target)] = kind
    return sorted([source, target, kind] for (source, target), kind in kept.items())


def seen_by_argmap(amap: ArgumentMap) -> dict:
    """The same view of an imported map."""
    key = {c.id: (c.tag or fold(c.text)) for c in amap.cards()}
    # Cards with equal keys (untitled statements of equal text) fold together.
    relations = [(key[r.source], key[r.target], r.type) for r in amap.relations()]
    return {"cards": sorted(set(key.values())), "relations": kept_relations(relations)}
