"""argmap validate FILE...: every problem, as FILE:LINE:COL: severity: message."""

from __future__ import annotations

import sys

from ..format import load

NAME = "validate"
HELP = "check map files and list every problem with its line and column"


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="map files to check")
    parser.add_argument("--json", action="store_true", help="print the problems as JSON")
    parser.add_argument("--strict", action="store_true", help="count warnings as problems for the exit code")


def run(args) -> int:
    found_error = found_warning = False
    report = []
    for name in args.files:
        result = load(name)
        found_error |= result.has_errors
        found_warning |= bool(result.problems) and not result.has_errors
        report.append({"file": name, "problems": [p.to_json() for p in result.problems]})
        if not args.json:
            for problem in result.problems:
                print(problem)
    if args.json:
        import json

        json.dump(report, sys.stdout, indent=2)
        print()
    elif not found_error and not found_warning:
        print(f"{len(args.files)} file{'s' if len(args.files) != 1 else ''} checked: no problems")
    return 1 if found_error or (args.strict and found_warning) else 0
