"""argmap git-setup: make git merge and diff map files with argmap."""

from __future__ import annotations

import sys
from pathlib import Path

from ..gitsetup import DEFAULT_PATTERNS, GitSetupError, setup

NAME = "git-setup"
HELP = "register argmap as git's merge and diff driver for map files (this repository; --global for all)"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--global",
        dest="global_scope",
        action="store_true",
        help="write your user git config and attributes file instead of this repository's",
    )
    parser.add_argument(
        "--pattern",
        action="append",
        metavar="GLOB",
        help=f"which files are maps (repeatable; default: {' '.join(DEFAULT_PATTERNS)}); "
        "a file that turns out not to be a map is merged and diffed line by line",
    )
    parser.add_argument("-C", dest="where", default=".", metavar="DIR", help="the repository (default: here)")


def run(args) -> int:
    patterns = tuple(args.pattern) if args.pattern else DEFAULT_PATTERNS
    try:
        report = setup(Path(args.where), global_scope=args.global_scope, patterns=patterns)
    except GitSetupError as exc:
        print(f"argmap git-setup: {exc}", file=sys.stderr)
        return 2
    print(f"git config, {report.config_scope}:")
    for key, value in report.config.items():
        print(f"  wrote {key} = {value}")
    for key in report.unchanged:
        print(f"  already set: {key}")
    print(f"{report.attributes_file}:")
    for line in report.attributes_added:
        print(f"  added: {line}")
    if not report.attributes_added:
        print("  already lists the map files")
    print(
        "git merge now merges maps card by card and git diff shows cards (commit .gitattributes to share it)."
    )
    return 0
