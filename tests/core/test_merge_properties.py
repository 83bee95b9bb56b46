"""Merge invariants over random partners' edits of the shipped map: a merge never loses a side's
work, never breaks the map, and merging with no change on one side gives the other side back."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from argmap.edits import (
    AddCard,
    RemoveCard,
    RemoveRelation,
    SetCollapsed,
    SetPositions,
    UpdateCard,
    UpdateRelation,
)
from argmap.format import dumps, load, loads
from argmap.merge import merge_maps
from argmap.model import Card, MapError, Relation, with_fields
from argmap.resolve import resolve_all

SHIPPED = Path(__file__).resolve().parents[2] / "maps" / "ukraine-resistance.yaml"
BASE = load(SHIPPED).map


def random_edits(amap, rng: random.Random, n: int, who: str):
    """``n`` random edits a partner might make: retexts, new answers, removals, retypes, moves."""
    amap = amap.copy()
    for i in range(n):
        ids = amap.card_ids()
        cid = rng.choice(ids)
        choice = rng.randrange(7)
        try:
            if choice == 0:
                amap.apply(UpdateCard(with_fields(amap.card(cid), text=f"{who} text {i}")))
            elif choice == 1:
                amap.apply(
                    UpdateCard(
                        with_fields(amap.card(cid), tag=f"{who} tag {i}", speech=rng.choice(["2AC", "1NR"]))
                    )
                )
            elif choice == 2:
                new = f"{who}-{i}"
                amap.apply(
                    AddCard(
                        Card(new, "rebuttal", "against", f"{who} answer"), (Relation(new, cid, "rebuts"),)
                    )
                )
            elif choice == 3 and len(ids) > 5:
                amap.apply(RemoveCard(cid))
            elif choice == 4:
                rel = rng.choice(list(amap.relations()))
                if rng.random() < 0.5:
                    amap.apply(
                        UpdateRelation(
                            Relation(rel.source, rel.target, "supports" if rel.type == "rebuts" else "rebuts")
                        )
                    )
                else:
                    amap.apply(RemoveRelation(rel.source, rel.target))
            elif choice == 5:
                amap.apply(SetPositions(((cid, (rng.randrange(-900, 900), rng.randrange(-900, 900))),)))
            else:
                amap.apply(SetCollapsed(cid, cid not in amap.layout.collapsed))
        except MapError:
            pass
    return amap


@pytest.mark.parametrize("seed", range(12))
def test_random_partners_merge_into_a_valid_map_that_keeps_both_sides(seed):
    rng = random.Random(seed)
    ours = random_edits(BASE, rng, 6, "ours")
    theirs = random_edits(BASE, rng, 6, "theirs")
    merged = merge_maps(BASE, ours, theirs).map
    text = dumps(merged)
    result = loads(text, "merged.yaml", SHIPPED.parent)
    assert [p for p in result.problems if p.severity == "error" and p.code != "conflict"] == []
    assert dumps(result.map) == text
    # Every card either side added is there; every card both kept is there.
    for side in (ours, theirs):
        for cid in side.card_ids():
            if cid not in BASE or (cid in ours and cid in theirs):
                assert cid in merged, cid
    # Settling every conflict either way leaves a map without errors.
    for choice in ("ours", "theirs"):
        settled = resolve_all(merged, [(c, choice) for c in merged.conflicts])
        again = loads(dumps(settled), "settled.yaml", SHIPPED.parent)
        assert [p for p in again.problems if p.severity == "error"] == [], choice


@pytest.mark.parametrize("seed", range(6))
def test_a_side_that_changed_nothing_gives_the_other_back(seed):
    rng = random.Random(100 + seed)
    changed = random_edits(BASE, rng, 8, "one")
    assert merge_maps(BASE, BASE, changed).map.snapshot() == changed.snapshot()
    assert merge_maps(BASE, changed, BASE).map.snapshot() == changed.snapshot()
    assert merge_maps(BASE, changed, changed).map.snapshot() == changed.snapshot()
