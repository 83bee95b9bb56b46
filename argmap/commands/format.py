"""argmap format [--check] FILE...: rewrite maps in the canonical form, in place."""

from __future__ import annotations

import sys

from ..atomic import SaveError
from ..format import dumps, load, save

NAME = "format"
HELP = "rewrite map files in argmap's canonical form (--check only lists the files that would change)"


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="map files to format")
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; list files that would change and exit 1 if there are any",
    )
    parser.add_argument(
        "--drop-comments",
        action="store_true",
        help="rewrite files even though their YAML comments will be lost",
    )


def run(args) -> int:
    status = 0
    for name in args.files:
        result = load(name, check_quotes=False)
        if result.map is None or result.has_errors:
            for problem in result.problems:
                if problem.severity == "error":
                    print(problem, file=sys.stderr)
            print(f"{name}: not formatted: fix the errors above first", file=sys.stderr)
            status = 1
            continue
        canonical = dumps(result.map)
        if canonical == result.text:
            continue
        if args.check:
            print(f"{name}: would be reformatted")
            status = 1
            continue
        if result.comments and not args.drop_comments:
            for line, col in result.comments:
                print(
                    f"{name}:{line}:{col}: warning: this comment would be lost by formatting", file=sys.stderr
                )
            print(
                f"{name}: not formatted: argmap's canonical form has no comments; move them into a "
                "card's notes, or pass --drop-comments",
                file=sys.stderr,
            )
            status = 1
            continue
        try:
            save(result.map, name)
        except SaveError as exc:
            print(f"argmap: {exc}", file=sys.stderr)
            status = 1
            continue
        print(f"{name}: formatted")
    return status
