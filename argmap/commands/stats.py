"""argmap stats FILE: what is in a map, counted."""

from __future__ import annotations

import sys

from ..format import load
from ..model import CARD_KINDS, SIDES
from ..problems import errors, warnings
from ..stats import compute

NAME = "stats"
HELP = "count a map's cards by kind and side, its relations by type, sources, and its deepest chain"


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", help="the map")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def run(args) -> int:
    result = load(args.file)
    if result.map is None or result.has_errors:
        for problem in errors(result.problems):
            print(problem, file=sys.stderr)
        return 1
    s = compute(result.map)
    n_warnings = len(warnings(result.problems))
    if args.json:
        import json

        json.dump(
            {
                "file": args.file,
                "title": result.map.info.title,
                "cards": s.cards,
                "by_kind": s.by_kind,
                "by_side": s.by_side,
                "relations": s.relations,
                "sources": s.sources,
                "quotes": s.quotes,
                "deepest_chain": s.deepest_chain,
                "warnings": n_warnings,
            },
            sys.stdout,
            indent=2,
        )
        print()
        return 0
    print(f"{args.file}: {result.map.info.title}")
    print(f"  cards: {s.cards}")
    print(f"    {'kind':<10} {'for':>5} {'against':>8} {'total':>6}")
    for kind in CARD_KINDS:
        row = [s.by_kind_and_side[(kind, side)] for side in SIDES]
        print(f"    {kind:<10} {row[0]:>5} {row[1]:>8} {s.by_kind[kind]:>6}")
    print(f"    {'total':<10} {s.by_side['for']:>5} {s.by_side['against']:>8} {s.cards:>6}")
    total = sum(s.relations.values())
    print(f"  relations: {total} ({s.relations['supports']} supports, {s.relations['rebuts']} rebuts)")
    print(f"  sources: {s.sources}")
    print(f"  evidence quotes: {s.quotes}")
    print(f"  deepest chain: {s.deepest_chain} card{'s' if s.deepest_chain != 1 else ''}")
    print(f"  warnings: {n_warnings}")
    return 0
