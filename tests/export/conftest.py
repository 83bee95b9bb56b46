"""Shared maps for the export tests: the shipped map, and a small one with hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.format import read_map
from argmap.model import ArgumentMap, Card, Cite, MapInfo, Relation, Source
from argmap.resources import DEFAULT_MAP

SCRIPT = "<script>alert(1)</script>"
LONG_WORD = "Antidisestablishmentarianism" * 6


@pytest.fixture(scope="session")
def default_map() -> ArgumentMap:
    return read_map(DEFAULT_MAP)


def hostile_map() -> ArgumentMap:
    """Markup in the title and cards, a word longer than a card, text longer than a card holds."""
    amap = ArgumentMap(MapInfo(f"Tags & {SCRIPT}", ""))
    amap.sources["src"] = Source("src", 'A "quoted" <title>', author="R&D Weekly", date="2021-05-04")
    cards = [
        Card("pos", "position", "for", text=f"Plan text {SCRIPT} & more", tag=f"Plan {SCRIPT}", speech="1AC"),
        Card("long", "argument", "for", text=LONG_WORD + " tail", tag="Long word"),
        Card("wordy", "rebuttal", "against", text=" ".join(f"word{i}" for i in range(120)), tag="Wordy"),
        Card(
            "ev",
            "evidence",
            "for",
            tag="Evidence <b>bold</b>",
            quote='x < y & y > z, said "they"',
            cite=Cite("src", by="O'Brien", at="p. 3"),
        ),
    ]
    for card in cards:
        amap.insert_card(card)
    for rel in (
        Relation("long", "pos", "supports"),
        Relation("wordy", "pos", "rebuts"),
        Relation("ev", "long", "supports"),
    ):
        amap.insert_relation(rel)
    return amap


@pytest.fixture()
def tricky_map() -> ArgumentMap:
    return hostile_map()


def norm(text: str) -> str:
    """Text with every run of white space removed: wrapped lines compare equal to the original."""
    return "".join(text.split())


@pytest.fixture(scope="session")
def out_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("export")
