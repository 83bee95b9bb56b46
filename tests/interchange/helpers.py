"""Maps the interchange tests convert: the shipped map, the example in docs/format.md, and a hostile one."""

from __future__ import annotations

import re
from pathlib import Path

from argmap.format import loads, read_map
from argmap.model import ArgumentMap, Card, Cite, MapInfo, Relation, Source

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = Path(__file__).resolve().parent / "samples"
SHIPPED = ROOT / "maps" / "ukraine-resistance.yaml"

NASTY = (
    "He said \"no\" & left <script>alert('x')</script>\n"
    "line two \\ back {a: 1} #tag [t] <a> -> +> // not a comment"
)


def shipped_map() -> ArgumentMap:
    """The map that ships with argmap (the docs example until it exists)."""
    return read_map(SHIPPED) if SHIPPED.exists() else docs_example()


def docs_example() -> ArgumentMap:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    yaml_text = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)  # type: ignore[union-attr]
    result = loads(yaml_text, "format.md", None)
    assert result.map is not None and not result.has_errors, result.problems
    return result.map


def nasty_map() -> ArgumentMap:
    """A map whose every text field holds markup, quotes, braces, backslashes and line breaks."""
    amap = ArgumentMap(MapInfo('Title with "quotes" & <b>tags</b>', "Line one\nline two & <i>"))
    amap.sources["src"] = Source(
        "src",
        'A "source" <title>',
        author="O'Brien & Co",
        date="2022-03-18",
        url="https://example.com/?a=1&b=<2>",
    )
    amap.insert_card(
        Card(
            "claim",
            "position",
            "for",
            text=NASTY,
            tag='Tag "one" <script>',
            speech="1AC",
            notes="notes\nwith } brace",
        )
    )
    amap.insert_card(
        Card("reply", "rebuttal", "against", text="=== \n---\n# heading\n* item", tag="", speech="1NC")
    )
    amap.insert_card(
        Card(
            "ev",
            "evidence",
            "for",
            text="",
            tag="Evidence [1]",
            quote='"quoted" </script> {x} # \\',
            cite=Cite("src", 'Dr. "X"', "p. <4>"),
        )
    )
    amap.insert_card(Card("same-tag", "argument", "for", text="plain", tag='Tag "one" <script>'))
    amap.insert_relation(Relation("reply", "claim", "rebuts"))
    amap.insert_relation(Relation("ev", "claim", "supports"))
    amap.insert_relation(Relation("same-tag", "reply", "rebuts"))
    amap.layout.positions["claim"] = (10.0, -20.0)
    amap.layout.collapsed.add("reply")
    return amap


def essentials(amap: ArgumentMap) -> tuple:
    """What every round trip must keep: cards with kind and side, and relations with their types."""
    return (
        {c.id: (c.kind, c.side) for c in amap.cards()},
        sorted((r.source, r.target, r.type) for r in amap.relations()),
    )


def shape(amap: ArgumentMap) -> tuple:
    """Cards and relations without ids: for formats whose ids are made up on import."""
    by_id = {c.id: c for c in amap.cards()}
    cards = sorted((c.kind, c.side, c.headline) for c in amap.cards())
    relations = sorted((by_id[r.source].headline, by_id[r.target].headline, r.type) for r in amap.relations())
    return cards, relations
