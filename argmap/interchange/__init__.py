"""Foreign formats in and out: one module per format, and the registry that the CLI and the editor use.

Each format has a name, the file extensions it goes by, and ``read(path) -> ImportResult`` and/or
``write(amap, path) -> ExportReport``. Readers never raise for bad content: problems (with a file and a
line and column, or a node id or paragraph number) say what is wrong, and notes say what was inferred
or dropped. Writers say in their report what the format could not carry.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import ArgumentMap
from . import aif, argdown, dot, graphml, kialo, outline, verbatim
from .base import ExportReport, ImportResult, InterchangeError

__all__ = [
    "FORMATS",
    "Format",
    "ImportResult",
    "ExportReport",
    "InterchangeError",
    "format_for",
    "readers",
    "writers",
]


@dataclass(frozen=True)
class Format:
    """A foreign format: what it is called, its extensions, and what argmap can do with it."""

    name: str
    label: str
    extensions: tuple[str, ...]
    read: Callable[[str | os.PathLike], ImportResult] | None = None
    write: Callable[[ArgumentMap, str | os.PathLike], ExportReport] | None = None

    @property
    def can_read(self) -> bool:
        return self.read is not None

    @property
    def can_write(self) -> bool:
        return self.write is not None


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("argdown", "Argdown", (".argdown", ".ad"), argdown.read, argdown.write),
        Format("aif", "AIF JSON (AIFdb, OVA)", (".aif", ".json"), aif.read, aif.write),
        Format("graphml", "GraphML (yEd, networkx)", (".graphml",), graphml.read, graphml.write),
        Format("dot", "DOT (Graphviz)", (".dot", ".gv"), None, dot.write_dot),
        Format("markdown", "Markdown outline", (".md", ".markdown"), None, outline.write),
        Format("kialo", "Kialo discussion export", (".txt",), kialo.read, None),
        Format("verbatim", "Verbatim evidence file", (".docx",), verbatim.read, None),
    )
}


def format_for(path: str | os.PathLike, *, reading: bool) -> Format | None:
    """The format a file name's extension names, among those that can be read (or written)."""
    name = Path(path).name.lower()
    for fmt in FORMATS.values():
        if (fmt.can_read if reading else fmt.can_write) and any(name.endswith(ext) for ext in fmt.extensions):
            return fmt
    return None


def readers() -> list[Format]:
    return [f for f in FORMATS.values() if f.can_read]


def writers() -> list[Format]:
    return [f for f in FORMATS.values() if f.can_write]
