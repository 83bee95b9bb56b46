"""argmap merge BASE OURS THEIRS -o OUT: a three-way merge of a map, card by card."""

from __future__ import annotations

import shutil
import subprocess
import sys

from ..atomic import SaveError
from ..conflicts import describe
from ..format import dumps, save
from ..merge import merge_maps
from ._inputs import BrokenInput, read_for_comparing

NAME = "merge"
HELP = "merge two versions of a map that grew from BASE; exit 0 clean, 1 conflicts (recorded in OUT)"


def add_arguments(parser) -> None:
    parser.add_argument("base", metavar="BASE", help="the version both started from (an empty file: none)")
    parser.add_argument("ours", metavar="OURS", help="our version (kept where both changed the same field)")
    parser.add_argument("theirs", metavar="THEIRS", help="their version")
    parser.add_argument("-o", "--output", metavar="OUT", required=True, help="where to write the merged map")
    parser.add_argument(
        "--git",
        metavar="PATH",
        help="run as git's merge driver for PATH (git-setup writes this): a file that is not a map "
        "is merged line by line by git merge-file instead",
    )


def run(args) -> int:
    try:
        base = read_for_comparing(args.base, empty_means_none=True, quiet_unless_map=args.git is not None)
        ours = read_for_comparing(args.ours, quiet_unless_map=args.git is not None)
        theirs = read_for_comparing(args.theirs, quiet_unless_map=args.git is not None)
    except BrokenInput as exc:
        if args.git is not None:
            return _merge_lines(args)
        print(
            f"argmap merge: {exc} is not a map argmap can read (see above); nothing written", file=sys.stderr
        )
        return 2
    assert ours is not None and theirs is not None
    result = merge_maps(base, ours, theirs)
    try:
        save(result.map, args.output)
    except SaveError as exc:
        print(f"argmap merge: cannot write {args.output}: {exc}", file=sys.stderr)
        return 2
    shown = args.git or args.output
    if base is None:
        print(f"{shown}: no common version given: kept every card either side has", file=sys.stderr)
    if not result.map.conflicts:
        print(f"{shown}: merged without conflicts", file=sys.stderr)
        return 0
    # Each conflict is located in the file written, where a person resolves it.
    places = [f"{shown}:{line}:3" for line in conflict_lines(dumps(result.map))]
    for i, conflict in enumerate(result.map.conflicts):
        print(f"{places[i] if i < len(places) else shown}: conflict: {describe(conflict)}", file=sys.stderr)
    n = len(result.map.conflicts)
    print(
        f"{shown}: {n} conflict{'s' if n != 1 else ''}: the map keeps ours and records theirs; "
        "resolve in the editor (File > Resolve Merge Conflicts) or by hand",
        file=sys.stderr,
    )
    return 1


def _merge_lines(args) -> int:
    """Not a map (another YAML file, or a broken map): git's own line merge, conflict markers and all."""
    git = shutil.which("git")
    if git is None:
        return 1  # leave ours in place; git reports the conflict
    done = subprocess.run(
        [git, "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", args.ours, args.base, args.theirs],
        check=False,
    )
    if args.output != args.ours:
        shutil.copyfile(args.ours, args.output)
    return 0 if done.returncode == 0 else 1


def conflict_lines(text: str) -> list[int]:
    """The line of each entry of the canonical file's ``conflicts:`` section (it comes last)."""
    lines = text.splitlines()
    try:
        start = lines.index("conflicts:")
    except ValueError:
        return []
    return [i + 1 for i in range(start + 1, len(lines)) if lines[i].startswith("- ")]
