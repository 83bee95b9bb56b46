"""argmap diff OLD NEW: what changed between two versions of a map, in cards, relations and sources."""

from __future__ import annotations

import difflib
import json
import sys

from ..diff import describe, diff_maps, to_json
from ..model import ArgumentMap
from ._inputs import BrokenInput, read_for_comparing

NAME = "diff"
HELP = "show what changed between two versions of a map: cards, relations, sources, layout"


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="OLD and NEW (git passes seven arguments)")
    parser.add_argument("--json", action="store_true", help="print the differences as JSON")
    parser.add_argument(
        "--git",
        action="store_true",
        help="run as git's external diff (git-setup writes this): PATH OLD-FILE OLD-HEX OLD-MODE "
        "NEW-FILE NEW-HEX NEW-MODE; always exits 0 so git carries on",
    )


def run(args) -> int:
    if args.git:
        return _git_external(args.files)
    if len(args.files) != 2:
        print("argmap diff: give two files, OLD and NEW", file=sys.stderr)
        return 2
    old_name, new_name = args.files
    try:
        old, new = read_for_comparing(old_name), read_for_comparing(new_name)
    except BrokenInput as exc:
        print(f"argmap diff: {exc} is not a map argmap can read (see above)", file=sys.stderr)
        return 2
    assert old is not None and new is not None
    d = diff_maps(old, new)
    if args.json:
        json.dump({"old": old_name, "new": new_name, **to_json(d)}, sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif d.equal:
        print(f"{old_name} and {new_name} hold the same map")
    else:
        print(f"--- {old_name}\n+++ {new_name}")
        for line in describe(d):
            print(line)
    return 0 if d.equal else 1


def _git_external(argv: list[str]) -> int:
    """git's GIT_EXTERNAL_DIFF protocol; a file that is not a map gets an ordinary line diff."""
    if len(argv) < 7:
        print(
            "argmap diff --git: git passes PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE",
            file=sys.stderr,
        )
        return 2
    path, old_file, new_file = argv[0], argv[1], argv[4]
    print(f"argmap diff {path}")
    try:
        old = read_for_comparing(old_file, empty_means_none=True, quiet_unless_map=True) or ArgumentMap()
        new = read_for_comparing(new_file, empty_means_none=True, quiet_unless_map=True) or ArgumentMap()
    except BrokenInput:
        print(f"({path} is not a map argmap can read; showing its lines)")
        sys.stdout.writelines(
            difflib.unified_diff(_lines(old_file), _lines(new_file), f"a/{path}", f"b/{path}")
        )
        return 0
    d = diff_maps(old, new)
    for line in describe(d) if not d.equal else ["(the same map, written differently)"]:
        print(line)
    return 0


def _lines(name: str) -> list[str]:
    try:
        with open(name, encoding="utf-8", errors="replace") as fh:
            return fh.readlines()
    except OSError:
        return []
