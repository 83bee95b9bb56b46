"""Edges drawn through cards, crossings and layout time: argmap against Graphviz dot on the same graphs.

Run it from the repository root (not part of the test suite; about a minute for the default sizes):

    .venv/bin/python tests/benchmarks/bench_edges.py --sizes 1000,5000 [--json out.json]

For each size a debate-shaped map from :mod:`argmap.generate` is laid out by argmap
(``layout_data``: the boxes and drawn paths the editor and every export draw) and by ``dot -Tplain``
(given the graph by argmap's DOT writer). Both drawings are measured the same way, from their
geometry: a relation is *through a card* when its drawn path (argmap's polyline; dot's spline,
sampled) enters the box of a card that is neither of its ends. Crossings are counted by
``layout.count_crossings`` for both (straight segments between card centres).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLES = 8  # points per cubic piece of a dot spline


def _name(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1]) if token.startswith('"') else token


def _cubic(p0, p1, p2, p3, t):
    u = 1 - t
    return tuple(
        u**3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t**3 * d
        for a, b, c, d in zip(p0, p1, p2, p3, strict=True)
    )


def parse_plain_layout(text: str, types: dict[tuple[str, str], str]) -> dict:
    """dot's ``-Tplain`` drawing as argmap layout data: node boxes and edges as sampled splines (pt)."""
    token = r'("(?:[^"\\]|\\.)*"|\S+)'
    node = re.compile(rf"^node {token} (\S+) (\S+) (\S+) (\S+) ")
    edge = re.compile(rf"^edge {token} {token} (\d+) (.*)$")
    cards, relations = [], []
    for line in text.splitlines():
        found = node.match(line)
        if found:
            x, y, w, h = (float(found.group(k)) * 72.0 for k in range(2, 6))
            cards.append({"id": _name(found.group(1)), "x": x - w / 2, "y": y - h / 2, "w": w, "h": h})
            continue
        found = edge.match(line)
        if found:
            tail, head, n = _name(found.group(1)), _name(found.group(2)), int(found.group(3))
            numbers = found.group(4).split()
            ctrl = [(float(numbers[2 * i]) * 72.0, float(numbers[2 * i + 1]) * 72.0) for i in range(n)]
            points = [ctrl[0]]
            for i in range(0, len(ctrl) - 3, 3):
                points += [_cubic(*ctrl[i : i + 4], k / SAMPLES) for k in range(1, SAMPLES + 1)]
            relations.append(
                {"from": tail, "to": head, "type": types.get((tail, head), ""), "points": points}
            )
    return {"cards": cards, "relations": relations}


def measure(n: int, seed: int, dot_timeout: float) -> dict:
    from argmap import layout
    from argmap.generate import generate_map
    from argmap.interchange.dot import dumps as dot_dumps
    from argmap.layout_data import edges_through_cards, layout_data

    amap = generate_map(n, seed)
    out: dict = {"cards": n, "relations": sum(1 for _ in amap.relations())}
    t0 = time.perf_counter()
    positions = layout.layout_positions(amap)
    out["layout_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    data = layout_data(amap)
    out["layout_data_s"] = time.perf_counter() - t0
    out["through"] = len(edges_through_cards(data))
    out["through_pct"] = 100.0 * out["through"] / max(1, out["relations"])
    out["crossings"] = layout.count_crossings(amap, positions)
    x0, y0, x1, y1 = data["bounds"]
    out["aspect"] = (x1 - x0) / max(1.0, y1 - y0)
    exe = shutil.which("dot")
    if exe is None:
        out["dot_note"] = "Graphviz dot is not installed"
        return out
    text, _ = dot_dumps(amap)
    t0 = time.perf_counter()
    proc = subprocess.run([exe, "-Tplain"], input=text, capture_output=True, text=True, timeout=dot_timeout)
    out["dot_s"] = time.perf_counter() - t0
    types = {(r.source, r.target): r.type for r in amap.relations()}
    # argmap's DOT writer draws each relation from the answer to what it answers, like argmap.
    dot = parse_plain_layout(proc.stdout, types)
    out["dot_through"] = len(edges_through_cards(dot))
    out["dot_through_pct"] = 100.0 * out["dot_through"] / max(1, len(dot["relations"]))
    centres = {c["id"]: (c["x"] + c["w"] / 2, c["y"] + c["h"] / 2) for c in dot["cards"]}
    out["dot_crossings"] = layout.count_crossings(amap, centres, {cid: (0.0, 0.0) for cid in centres})
    out["crossings_vs_dot"] = out["crossings"] / max(1, out["dot_crossings"])
    out["layout_vs_dot_time"] = out["layout_s"] / out["dot_s"]
    xs = [c["x"] for c in dot["cards"]] + [c["x"] + c["w"] for c in dot["cards"]]
    ys = [c["y"] for c in dot["cards"]] + [c["y"] + c["h"] for c in dot["cards"]]
    out["dot_aspect"] = (max(xs) - min(xs)) / max(1.0, max(ys) - min(ys))
    return out


ROWS = [
    ("relations", "relations", "{:d}"),
    ("through", "argmap: edges through cards", "{:d}"),
    ("through_pct", "argmap: % of relations", "{:.2f} %"),
    ("dot_through", "dot: edges through cards", "{:d}"),
    ("dot_through_pct", "dot: % of relations", "{:.2f} %"),
    ("crossings", "argmap: crossings", "{:d}"),
    ("dot_crossings", "dot: crossings", "{:d}"),
    ("crossings_vs_dot", "crossings vs dot", "{:.2f} ×"),
    ("layout_s", "argmap: layout (s)", "{:.2f}"),
    ("layout_data_s", "argmap: layout + routes (s)", "{:.2f}"),
    ("dot_s", "dot -Tplain (s)", "{:.2f}"),
    ("layout_vs_dot_time", "layout time vs dot", "{:.3f} ×"),
    ("aspect", "argmap: width / height", "{:.2f}"),
    ("dot_aspect", "dot: width / height", "{:.2f}"),
]


def table(results: list[dict]) -> str:
    lines = ["| figure | " + " | ".join(f"{r['cards']:,} cards" for r in results) + " |"]
    lines.append("|---|" + "---|" * len(results))
    for key, label, fmt in ROWS:
        cells = [fmt.format(r[key]) if r.get(key) is not None else "-" for r in results]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dot-timeout", type=float, default=900.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = [measure(int(n), args.seed, args.dot_timeout) for n in args.sizes.split(",")]
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
