"""argmap flow MAP -o FILE: the flow on paper as PDF, Excel or Markdown, a sheet per page."""

from __future__ import annotations

import os
import sys

from ..flow import PRESETS, FlowError, preset
from ..flow_export import FLOW_SUFFIXES, FlowExportError, write_flow
from ..format import load
from ..problems import errors

NAME = "flow"
HELP = "write the flow (a sheet per position, a column per speech) to .pdf, .xlsx or .md"


def add_preset_arguments(parser) -> None:
    parser.add_argument(
        "--preset",
        choices=tuple(PRESETS),
        default="policy",
        help="the debate format's speeches (default policy)",
    )
    parser.add_argument(
        "--through",
        metavar="SPEECH",
        help="the round as it stood once SPEECH was given (default: the round is over)",
    )


def speech_after(flow_preset, through: str | None) -> int | None:
    """The speech in progress once ``through`` has been given (None: the round is over)."""
    if through is None:
        return None
    index = flow_preset.column_of(through)
    if index is None:
        raise FlowError(f"the {flow_preset.title} flow has no speech {through!r}")
    return index + 1


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="MAP", help="the map")
    parser.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the file to write: .pdf, .xlsx or .md"
    )
    add_preset_arguments(parser)


def load_for_flow(path: str, command: str):
    """The map, or None after printing why it cannot be flowed."""
    result = load(path)
    if result.map is None or result.has_errors:
        for problem in errors(result.problems):
            print(problem, file=sys.stderr)
        return None
    return result.map


def run(args) -> int:
    if os.path.splitext(args.output)[1].lower() not in FLOW_SUFFIXES:
        print(f"argmap flow: {args.output}: write a .pdf, .xlsx or .md file", file=sys.stderr)
        return 2
    amap = load_for_flow(args.file, "flow")
    if amap is None:
        return 1
    write = write_flow  # Markdown and Excel: no Qt
    if args.output.lower().endswith(".pdf"):
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # drawing pages needs no display
        from ..render.flow_print import export_flow as write  # Qt only when a PDF is wanted
    try:
        write(amap, preset(args.preset), args.output, speech_after(preset(args.preset), args.through))
    except (FlowError, FlowExportError) as exc:
        print(f"argmap flow: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"argmap flow: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.output}")
    return 0
