"""argmap decide MAP: the judge's reason for decision, sheet by sheet, from the flow."""

from __future__ import annotations

import sys
from pathlib import Path

from ..decision import decide
from ..flow import FlowError, preset
from .flow import add_preset_arguments, load_for_flow, speech_after

NAME = "decide"
HELP = "the reason for decision: per sheet, what stands at the end of the round and why (drops conceded)"


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="MAP", help="the map")
    add_preset_arguments(parser)
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="also write the reason for decision to FILE (text)"
    )


def run(args) -> int:
    amap = load_for_flow(args.file, "decide")
    if amap is None:
        return 1
    try:
        chosen = preset(args.preset)
        text = decide(amap, chosen, speech_after(chosen, args.through)).text()
    except FlowError as exc:
        print(f"argmap decide: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"argmap decide: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    return 0
