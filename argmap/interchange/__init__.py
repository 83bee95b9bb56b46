"""Foreign formats in and out: one module per format, and the registry that the CLI and the editor use.

Each format has a name, the file extensions it goes by, and ``read(path) -> ImportResult`` and/or
``write(amap, path) -> ExportReport``. Readers never raise for bad content: problems (with a file and a
line and column, or a node id or paragraph number) say what is wrong, and notes say what was inferred
or dropped. Writers say in their report what the format could not carry.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import ArgumentMap
from ..problems import Problem
from . import aif, argdown, dot, graphml, kialo, outline, verbatim
from .base import ExportReport, ImportResult, InterchangeError

__all__ = [
    "FORMATS",
    "Format",
    "ImportResult",
    "ExportReport",
    "InterchangeError",
    "format_for",
    "looks_like",
    "read_file",
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
    """The format of a file: by its extension, or for reading an ambiguous one (.txt, .json, none) by its
    content."""
    name = Path(path).name.lower()
    if reading and Path(name).suffix in AMBIGUOUS_EXTENSIONS:
        found = looks_like(path)
        if found is not None:
            return found
    for fmt in FORMATS.values():
        if (fmt.can_read if reading else fmt.can_write) and any(name.endswith(ext) for ext in fmt.extensions):
            return fmt
    return None


# Extensions that several formats share, or that say nothing: the content decides.
AMBIGUOUS_EXTENSIONS = (".txt", ".json", ".xml", ".text", "")
_SNIFF_BYTES = 64 * 1024
_KIALO = re.compile(r"^\s*Discussion\s+(Title|Name)\s*:|^\s*1\.(\d+\.)*\s+(Pro|Con)\s*:", re.I | re.M)
_KIALO_NUMBERED = re.compile(r"^\s*1(\.\d+)+\.\s", re.M)
_ARGDOWN = re.compile(
    r"^===\s*$|^\s*[\[<][^\]>\n]{1,200}[\]>]:\s|^\s+(\+>|->|<\+|<-|><|_>|<_|[+\-_])\s+[\[<]|^\(\d+\)\s", re.M
)


def looks_like(path: str | os.PathLike) -> Format | None:
    """The foreign format a file's first bytes show (a Word file, GraphML, AIF, Kialo or Argdown), or None.

    argmap's own maps (``argmap: 1``) are None too: they are opened, not imported.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError:
        return None
    if head.startswith(b"PK\x03\x04"):
        return FORMATS["verbatim"]
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if re.match(r"<(\?xml|!--|!DOCTYPE|(\w+:)?graphml\b)", text):
        return FORMATS["graphml"] if re.search(r"<(\w+:)?graphml\b", text[:4096]) else None
    if text.startswith("{"):
        if re.search(r'"(nodes|AIF|aif)"\s*:', text):
            return FORMATS["aif"]
        return None
    if re.match(r"argmap\s*:", text):
        return None
    if _KIALO.search(text) or len(_KIALO_NUMBERED.findall(text)) >= 2:
        return FORMATS["kialo"]
    if _ARGDOWN.search(text):
        return FORMATS["argdown"]
    return None


def read_file(fmt: Format, path: str | os.PathLike) -> ImportResult:
    """Read ``path`` as ``fmt``; when it fails (or gives nothing) and the file looks like another format,
    say that once ("this looks like Kialo, not Argdown") instead of one error per line.
    """
    result = fmt.read(path)  # type: ignore[misc]
    failed = result.map is None or result.has_errors or (len(result.map) == 0 and fmt.name != "verbatim")
    if not failed:
        return result
    other = looks_like(path)
    if other is None or other.name == fmt.name or not other.can_read:
        return result
    message = (
        f"this looks like {other.label}, not {fmt.label}: import it as {other.label} "
        f"(File ▸ Import ▸ {other.label.split(' (')[0]}, or argmap convert --from {other.name})"
    )
    return ImportResult(None, [Problem(str(path), 1, 1, "error", message)])


def readers() -> list[Format]:
    return [f for f in FORMATS.values() if f.can_read]


def writers() -> list[Format]:
    return [f for f in FORMATS.values() if f.can_write]
