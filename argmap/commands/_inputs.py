"""Reading the maps that diff and merge compare: a broken one is reported, located, never guessed at."""

from __future__ import annotations

import os
import sys

from ..format import load
from ..model import ArgumentMap

EMPTY_NAMES = (os.devnull,)


class BrokenInput(Exception):
    """A file that is not a readable map; the problems were printed."""


def read_for_comparing(name: str, *, empty_means_none: bool = False) -> ArgumentMap | None:
    """The map in ``name``; None for an empty file or /dev/null when that may stand for "no map yet".

    Unresolved merge conflicts are no obstacle (comparing or merging such a map is how they get
    settled); any other error is printed, located, and raises BrokenInput.
    """
    if empty_means_none and (name in EMPTY_NAMES or _is_empty(name)):
        return None
    result = load(name, check_quotes=False)
    if result.blocks_editing:
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
