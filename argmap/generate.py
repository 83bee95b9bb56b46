"""Debate-shaped maps of any size, the same every time for a seed: for benchmarks and tests.

No Qt here. A generated map looks like a policy round flowed onto one map:

- about one position per 200 cards (at least one), each the root of a tree;
- every other card answers an earlier card: mostly one of the last 40 cards (debaters answer what
  was just said), sometimes any earlier card; no card is deeper than ``MAX_DEPTH`` in its tree;
- half the answers support, half rebut; a fifth of all answers are evidence cards with a quote and a
  cite (evidence always supports);
- plus ``n / 10`` extra rebuttals from a card of one position's tree to a card of another's;
- card texts are 8 to 25 words.

Every relation runs from a later card to an earlier one, so the map has no cycle. The map is valid:
``format.dumps`` of it loads back with no problems.
"""

from __future__ import annotations

import random

from .format import dumps
from .model import POLICY_SPEECHES, ArgumentMap, Card, Cite, MapInfo, Relation, Source

CARDS_PER_POSITION = 200
RECENT = 40  # answers mostly go to one of this many latest cards
OLDER_ANSWER = 0.15  # chance that an answer goes to any earlier card instead
MAX_DEPTH = 6
EVIDENCE_SHARE = 0.2  # of all answers
CROSS_REBUTTALS = 0.1  # extra rebuttals between trees, per card
TEXT_WORDS = (8, 25)
QUOTE_WORDS = (15, 40)
SOURCES_PER_CARDS = 50  # one source per this many cards

OTHER_SIDE = {"for": "against", "against": "for"}
WORDS = (
    "the plan causes war because funding rises and the link is weak so evidence shows resistance risk "
    "deterrence escalation turns solvency impact status quo inherency harms advantage disadvantage "
    "counterplan kritik topicality uniqueness internal link brink magnitude probability timeframe "
    "sanctions aid training allies NATO Congress budget credibility signal Russia Ukraine partisans "
    "insurgency civilians retaliation nuclear threshold spillover backlash legitimacy oversight "
    "weapons tracking corruption diversion black market partners morale occupation cost"
).split()


def _words(rnd: random.Random, lo: int, hi: int) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(lo, hi)))


def generate_map(n: int, seed: int = 0) -> ArgumentMap:
    """A valid, acyclic, debate-shaped map of exactly ``n`` cards (see the module's docstring)."""
    if n < 1:
        raise ValueError("a map needs at least one card")
    rnd = random.Random(seed)
    amap = ArgumentMap(
        MapInfo(
            f"Generated round: {n} cards (seed {seed})",
            "A debate-shaped map made by argmap.generate for benchmarks.",
        )
    )
    for k in range(max(1, n // SOURCES_PER_CARDS)):
        amap.sources[f"src{k}"] = Source(
            f"src{k}", f"Source {k}: {_words(rnd, 3, 6)}", author=f"Author {k}", date="2024-01-01"
        )
    source_ids = list(amap.sources)

    positions = max(1, round(n / CARDS_PER_POSITION))
    # Spread the positions through the round (a new position every ~200 cards) so that the
    # "last 40 cards" an answer picks from usually belong to the current position's tree.
    starts = {round(k * n / positions) for k in range(positions)}
    ids: list[str] = []
    depth: list[int] = []
    tree: list[int] = []
    sides: list[str] = []
    for i in range(n):
        if i in starts:
            side = "for" if len(set(tree)) % 2 == 0 else "against"
            cid = f"p{i}"
            amap.insert_card(
                Card(
                    cid,
                    "position",
                    side,
                    text=_words(rnd, *TEXT_WORDS),  # type: ignore[arg-type]
                    tag=_words(rnd, 3, 6),
                    speech="1AC" if side == "for" else "1NC",
                )
            )
            ids.append(cid)
            depth.append(0)
            tree.append(i)
            sides.append(side)
            continue
        # A position's first answer comes right after it, so no position stands alone.
        target = i - 1 if i - 1 in starts else _pick_target(rnd, i, depth)
        speech = POLICY_SPEECHES[min(depth[target] + 1, len(POLICY_SPEECHES) - 1)]
        roll = rnd.random()
        if roll < EVIDENCE_SHARE:
            kind, rtype = "evidence", "supports"
        elif roll < 0.5:
            kind, rtype = "argument", "supports"
        else:
            kind, rtype = "rebuttal", "rebuts"
        side = sides[target] if rtype == "supports" else OTHER_SIDE[sides[target]]
        cid = f"{kind[0]}{i}"
        if kind == "evidence":
            card = Card(
                cid,
                "evidence",
                side,
                text=_words(rnd, *TEXT_WORDS),  # type: ignore[arg-type]
                quote=_words(rnd, *QUOTE_WORDS),
                speech=speech,
                cite=Cite(
                    rnd.choice(source_ids), f"Author {rnd.randint(1, 99)}", f"p. {rnd.randint(1, 300)}"
                ),
            )
        else:
            card = Card(cid, kind, side, text=_words(rnd, *TEXT_WORDS), speech=speech)  # type: ignore[arg-type]
        amap.insert_card(card)
        amap.insert_relation(Relation(cid, ids[target], rtype))  # type: ignore[arg-type]
        ids.append(cid)
        depth.append(depth[target] + 1)
        tree.append(tree[target])
        sides.append(side)

    _add_cross_rebuttals(amap, rnd, ids, tree, sides, round(n * CROSS_REBUTTALS))
    return amap


def _pick_target(rnd: random.Random, i: int, depth: list[int]) -> int:
    """An earlier card that may still be answered: mostly a recent one, sometimes any."""
    if rnd.random() < OLDER_ANSWER:
        lo = 0
    else:
        lo = max(0, i - RECENT)
    for _ in range(20):
        j = rnd.randrange(lo, i)
        if depth[j] < MAX_DEPTH:
            return j
    # Everything tried was at the bottom of its tree: answer the nearest card that is not.
    for j in range(i - 1, -1, -1):
        if depth[j] < MAX_DEPTH:
            return j
    return 0  # pragma: no cover - card 0 is a position at depth 0


def _add_cross_rebuttals(
    amap: ArgumentMap, rnd: random.Random, ids: list[str], tree: list[int], sides: list[str], count: int
) -> None:
    """``count`` rebuttals from a later card to an earlier card of another tree, on the other side."""
    roots = sorted(set(tree))
    if len(roots) < 2 or count <= 0:
        return
    added = 0
    tries = 0
    n = len(ids)
    while added < count and tries < 50 * count:
        tries += 1
        a, b = rnd.randrange(n), rnd.randrange(n)
        source, target = max(a, b), min(a, b)
        if tree[source] == tree[target] or sides[source] == sides[target]:
            continue
        if amap.has_relation(ids[source], ids[target]) or amap.has_relation(ids[target], ids[source]):
            continue
        amap.insert_relation(Relation(ids[source], ids[target], "rebuts"))
        added += 1


def generate_yaml(n: int, seed: int = 0) -> str:
    """The generated map as argmap's own file format (canonical YAML)."""
    return dumps(generate_map(n, seed))
