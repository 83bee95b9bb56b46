"""The automatic layout gives exactly the positions it gave before: a user's map must not jump when
the layout code is made faster. Each case's positions (floats as Python writes them, so every bit
counts) are hashed and compared with the hash the layout gave when this test was written.

A change that is MEANT to move cards (a better layout) updates EXPECTED: print the new hashes with
``python tests/core/test_layout_stable.py`` and say in the commit why the cards move.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

import pytest

from argmap.format import load
from argmap.generate import generate_map
from argmap.geometry import card_size
from argmap.layout import layout_positions
from argmap.model import ArgumentMap, Card, MapInfo, Relation, with_fields

ROOT = Path(__file__).resolve().parents[2]
ARABIC = "هل ينبغي تمويل حركة مقاومة أوكرانية الولايات المتحدة أن تمول وتدرب وتسلح طويلة الأمد".split()
CHINESE = list("美国是否应资助乌克兰抵抗运动当训练并武装一支长期的力量以便在被占领地区持续牵制对手")


def in_script(n: int, seed: int, words: list[str], joiner: str) -> ArgumentMap:
    """A generated map whose tags and texts are in another script (other widths, other wrapping)."""
    src = generate_map(n, seed)
    rnd = random.Random(seed)
    amap = ArgumentMap(src.info)
    amap.sources = dict(src.sources)
    for c in src.cards():
        text = joiner.join(rnd.choice(words) for _ in range(rnd.randint(3, 30))) if c.text else c.text
        tag = joiner.join(rnd.choice(words) for _ in range(3)) if c.tag else c.tag
        amap.insert_card(with_fields(c, text=text, tag=tag))
    for r in src.relations():
        amap.insert_relation(r)
    return amap


def hub_map(seed: int) -> ArgumentMap:
    """One position answered by many leaves (laid out as a block), deeper answers and a cycle."""
    rnd = random.Random(seed)
    amap = ArgumentMap(MapInfo("hub", ""))
    amap.insert_card(Card("p", "position", "for", text="the plan"))
    for i in range(60):
        kind, side = ("rebuttal", "against") if i % 3 == 0 else ("argument", "for")
        amap.insert_card(Card(f"a{i}", kind, side, text=" ".join(["word"] * rnd.randint(2, 40))))
        target = "p" if i < 30 or i % 2 else f"a{rnd.randrange(i)}"
        amap.insert_relation(Relation(f"a{i}", target, "rebuts" if i % 3 == 0 else "supports"))
    amap.insert_relation(Relation("a1", "a59", "rebuts"))
    return amap


def shipped() -> ArgumentMap:
    result = load(ROOT / "maps" / "ukraine-resistance.yaml")
    assert result.map is not None
    return result.map


MAPS = {
    "shipped": shipped,
    "generated-100-0": lambda: generate_map(100, 0),
    "generated-100-1": lambda: generate_map(100, 1),
    "generated-1000-0": lambda: generate_map(1000, 0),
    "generated-1000-2": lambda: generate_map(1000, 2),
    "arabic-300": lambda: in_script(300, 3, ARABIC, " "),
    "chinese-600": lambda: in_script(600, 4, CHINESE, ""),
    "hub": lambda: hub_map(0),
}
# (map, direction, pinned: None = the map's saved positions, "some" = every 9th card moved aside)
CASES = [(name, "TB", None) for name in MAPS] + [
    ("shipped", "LR", None),
    ("generated-1000-0", "LR", None),
    ("hub", "LR", None),
    ("generated-100-1", "TB", "some"),
    ("chinese-600", "TB", "some"),
]
EXPECTED = {
    "shipped/TB": "993b0bb218198ba4b2ca419c",
    "generated-100-0/TB": "af625b168cbb8f6c8eb005d3",
    "generated-100-1/TB": "06859393d4265ddb4a9d704e",
    "generated-1000-0/TB": "ad74ad40eedbd29a1088a6c4",
    "generated-1000-2/TB": "3e2320da5bfbbe8f1eefe3de",
    "arabic-300/TB": "6145063450148715732fd2ea",
    "chinese-600/TB": "21351db20993eb3493766f59",
    "hub/TB": "a8cb53e8ac4955cb21e3160f",
    "shipped/LR": "0375c416c717f33d693a04d2",
    "generated-1000-0/LR": "3ff3af00546f093f9f955d6e",
    "hub/LR": "10a3d6051550738b81c00f95",
    "generated-100-1/TB/some": "32e26df9f8fb90448e387710",
    "chinese-600/TB/some": "4dfffef057dbf114f7dd353f",
}


def positions_of(name: str, direction: str, pinned: str | None) -> dict:
    amap = MAPS[name]()
    sizes = {c.id: card_size(c, amap.sources) for c in amap.cards()}
    pins = None
    if pinned == "some":
        free = layout_positions(amap, sizes=sizes)
        pins = {
            cid: (x + 37.0, y - 11.0) for i, (cid, (x, y)) in enumerate(sorted(free.items())) if i % 9 == 0
        }
    return layout_positions(amap, direction=direction, sizes=sizes, pinned=pins)


def digest(positions: dict) -> str:
    text = json.dumps(sorted((cid, repr(x), repr(y)) for cid, (x, y) in positions.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def key(case: tuple) -> str:
    name, direction, pinned = case
    return f"{name}/{direction}" + (f"/{pinned}" if pinned else "")


@pytest.mark.parametrize("case", CASES, ids=key)
def test_layout_gives_the_positions_it_always_gave(case):
    assert digest(positions_of(*case)) == EXPECTED[key(case)], (
        "the automatic layout moved cards; if that is meant, update EXPECTED (see the module doc)"
    )


if __name__ == "__main__":  # print EXPECTED for the layout as it is now
    sys.stdout.write("EXPECTED = {\n")
    for case in CASES:
        sys.stdout.write(f'    "{key(case)}": "{digest(positions_of(*case))}",\n')
    sys.stdout.write("}\n")
