"""argmap evaluate FILE: which cards stand, under grounded, preferred or stable semantics."""

from __future__ import annotations

import json
import sys

from ..analysis import ASSUMPTIONS, LABEL_WORDS, SEMANTICS, AnalysisError, evaluate
from ..format import load
from ..problems import errors

NAME = "evaluate"
HELP = "label every card accepted, rejected or undecided (Dung semantics over the map's rebuttals)"


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", help="the map")
    parser.add_argument(
        "--semantics",
        choices=SEMANTICS,
        default="grounded",
        help="grounded (default, always computed), preferred or stable",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"semantics", "labels": {id: in|out|undec}, "extensions"} as JSON',
    )
    parser.add_argument(
        "--suppose",
        action="append",
        default=[],
        metavar="CARD=refuted|conceded",
        help="what-if: evaluate as if CARD were refuted or conceded (repeatable)",
    )


def _assumptions(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        card_id, sep, what = pair.partition("=")
        if not sep or what not in ASSUMPTIONS:
            raise AnalysisError(f"--suppose {pair!r}: write CARD=refuted or CARD=conceded")
        out[card_id] = what
    return out


def run(args) -> int:
    result = load(args.file)
    if result.map is None or result.has_errors:
        for problem in errors(result.problems):
            print(problem, file=sys.stderr)
        return 1
    amap = result.map
    try:
        evaluation = evaluate(amap, args.semantics, _assumptions(args.suppose))
    except AnalysisError as exc:
        print(f"argmap evaluate: {args.file}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(evaluation.to_json(), sys.stdout, indent=2)
        print()
        return 0
    print(f"{args.file}: {amap.info.title}")
    print(
        f"  semantics: {args.semantics}"
        + "".join(f"; supposing {c} {w}" for c, w in evaluation.assumptions.items())
    )
    width = max([len(c) for c in evaluation.labels] + [4])
    print(f"  {'card':<{width}}  {'label':<9}  {'side':<7}  {'kind':<8}  headline")
    for card in amap.cards():
        headline = " ".join(card.headline.split())
        if len(headline) > 60:
            headline = headline[:59] + "\u2026"
        print(
            f"  {card.id:<{width}}  {evaluation.word(card.id):<9}  {card.side:<7}  {card.kind:<8}  {headline}"
        )
    counts = {label: len(evaluation.cards_labelled(label)) for label in LABEL_WORDS}  # type: ignore[arg-type]
    print("  " + ", ".join(f"{n} {LABEL_WORDS[label]}" for label, n in counts.items()))
    if args.semantics != "grounded":
        if not evaluation.extensions:
            print(f"  no {args.semantics} extension: every card is undecided")
        for i, ext in enumerate(evaluation.extensions, start=1):
            print(f"  extension {i}: {', '.join(ext) if ext else '(empty)'}")
    return 0
