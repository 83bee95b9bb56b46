"""Time argmap's importers on the sizes issue #18 measured (quadratic before: 71 s, 11 s and 137 s).

    PYTHONPATH=. python tests/benchmarks/import_sizes.py

Prints seconds per case; every reader is linear, so doubling a size about doubles its time.
"""

from __future__ import annotations

import time

from argmap.interchange import aif, argdown, graphml
from argmap.model import ArgumentMap, Card, MapInfo, Relation


def chain(n: int) -> ArgumentMap:
    amap = ArgumentMap(MapInfo("chain"))
    for i in range(n):
        amap.insert_card(Card(f"c{i}", "argument" if i else "position", "for", text=f"claim {i}"))
        if i:
            amap.insert_relation(Relation(f"c{i}", f"c{i - 1}", "rebuts" if i % 2 else "supports"))
    return amap


def graphml_chain(n: int) -> str:
    nodes = "".join(f'<node id="n{i}"><data key="l">claim {i}</data></node>' for i in range(n))
    edges = "".join(f'<edge source="n{i + 1}" target="n{i}"/>' for i in range(n - 1))
    return (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="l" for="node" attr.name="label"/>'
        f'<graph edgedefault="directed">{nodes}{edges}</graph></graphml>'
    )


def timed(label: str, read) -> None:
    start = time.perf_counter()
    result = read()
    seconds = time.perf_counter() - start
    cards = len(result.map) if result.map is not None else 0
    print(f"{label:55s} {seconds:6.2f} s  ({cards} cards)")


def main() -> None:
    for n in (5_000, 10_000):
        text, _ = aif.dumps(chain(n))
        timed(f"AIF: argmap's own export of {n:,} cards", lambda text=text: aif.loads(text))
    for n in (4_000, 8_000):
        text = graphml_chain(n)
        timed(f"GraphML: a chain of {n:,} unlabelled-side cards", lambda text=text: graphml.loads(text))
    for n in (100_000, 200_000):
        text = "[A]: start\n" + "more words\n" * n + "  + [B]: b\n"
        timed(f"Argdown: {n:,} continuation lines", lambda text=text: argdown.loads(text))


if __name__ == "__main__":
    main()
