"""Where an export goes: the checks made before drawing, and the atomic, streamed write. No Qt here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from ..atomic import SaveError, write_atomic_with
from ..exportable import exportable
from ..model import ArgumentMap
from .options import ExportError, ExportOptions

T = TypeVar("T")


def ready_to_write(amap: ArgumentMap, path: str | Path, options: ExportOptions) -> tuple[ArgumentMap, Path]:
    """The map as an export may draw it (a map never validated, an import, may hold what a file
    format cannot carry) and the target as a Path; ExportError when the options or the target are
    wrong, before anything is drawn."""
    path = Path(path)
    amap = exportable(amap)
    options.check(amap)
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    if not path.parent.exists() and str(path.parent):
        raise ExportError(f"cannot write {path}: the folder {path.parent} does not exist")
    return amap, path


def write_export(path: Path, fill: Callable[[BinaryIO], T]) -> T:
    """Write ``path`` atomically with what ``fill`` writes to the open file; return what it returns."""
    result: list[T] = []
    try:
        write_atomic_with(path, lambda out: result.append(fill(out)))
    except SaveError as exc:
        raise ExportError(str(exc).replace("Could not save", "Could not write")) from None
    return result[0]
