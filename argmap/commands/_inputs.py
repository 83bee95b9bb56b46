"""Reading the maps that diff and merge compare: a broken one is reported, located, never guessed at."""

from __future__ import annotations

import os
import sys

from ..format import load
from ..model import ArgumentMap

EMPTY_NAMES = (os.devnull,)


class BrokenInput(Exception):
    """A file that is not a readable map; the problems were printed."""


def read_for_comparing(
    name: str, *, empty_means_none: bool = False, quiet_unless_map: bool = False
) -> ArgumentMap | None:
    """The map in ``name``; None for an empty file or /dev/null when that may stand for "no map yet".

    Unresolved merge conflicts are no obstacle (comparing or merging such a map is how they get
    settled); any other error is printed, located, and raises BrokenInput. With ``quiet_unless_map``
    (git's drivers see every YAML file) the errors of a file that does not say ``argmap:`` are not
    printed: it is some other YAML file, not a broken map.
    """
    if empty_means_none and (name in EMPTY_NAMES or _is_empty(name)):
        return None
    result = load(name, check_quotes=False)
    if result.blocks_editing:
        if quiet_unless_map and not _says_argmap(result.text or _head(name)):
            raise BrokenInput(name)
        for problem in result.problems:
            if problem.severity == "error" and problem.code != "conflict":
                print(problem, file=sys.stderr)
        raise BrokenInput(name)
    return result.map


def _is_empty(name: str) -> bool:
    try:
        return os.path.getsize(name) == 0
    except OSError:
        return False


def _says_argmap(text: str) -> bool:
    return any(line.startswith("argmap:") for line in text.splitlines())


def _head(name: str) -> str:
    try:
        with open(name, encoding="utf-8", errors="replace") as fh:
            return fh.read(65536)
    except OSError:
        return ""
