"""argmap convert IN -o OUT: a map to or from Argdown, AIF, GraphML, DOT, Markdown, Kialo or Verbatim."""

from __future__ import annotations

import sys
from pathlib import Path

from ..atomic import SaveError
from ..format import load, save
from ..interchange import FORMATS, format_for, read_file, readers, writers
from ..model import ArgumentMap
from ..problems import errors

NAME = "convert"
HELP = (
    "convert a map to or from another format: "
    + ", ".join(FORMATS)
    + " (and argmap's own .yaml); the format comes from the file extensions"
)
NATIVE = "argmap"
NATIVE_EXTENSIONS = (".yaml", ".yml")


def add_arguments(parser) -> None:
    parser.add_argument("input", metavar="IN", help="the file to read")
    parser.add_argument("-o", "--output", metavar="OUT", required=True, help="the file to write")
    parser.add_argument(
        "--from",
        dest="source_format",
        metavar="FORMAT",
        choices=[NATIVE] + [f.name for f in readers()],
        help="read IN as this format: " + ", ".join([NATIVE] + [f.name for f in readers()]),
    )
    parser.add_argument(
        "--to",
        dest="target_format",
        metavar="FORMAT",
        choices=[NATIVE] + [f.name for f in writers()],
        help="write OUT as this format: " + ", ".join([NATIVE] + [f.name for f in writers()]),
    )


def _pick(path: str, override: str | None, *, reading: bool) -> str | None:
    if override:
        return override
    if Path(path).suffix.lower() in NATIVE_EXTENSIONS:
        return NATIVE
    fmt = format_for(path, reading=reading)
    return fmt.name if fmt else None


def _read(path: str, name: str) -> ArgumentMap | None:
    """The map read from ``path``, or None after printing its errors."""
    if name == NATIVE:
        result = load(path)
        if result.map is None or result.has_errors:
            for problem in errors(result.problems):
                print(problem, file=sys.stderr)
            return None
        return result.map
    imported = read_file(FORMATS[name], path)
    for problem in imported.problems:
        print(problem, file=sys.stderr)
    if imported.map is None or imported.has_errors:
        return None
    for note in imported.notes:
        print(f"{path}: note: {note}", file=sys.stderr)
    return imported.map


def run(args) -> int:
    source = _pick(args.input, args.source_format, reading=True)
    target = _pick(args.output, args.target_format, reading=False)
    if source is None:
        print(
            f"argmap convert: cannot tell the format of '{args.input}' from its extension; "
            f"use --from ({', '.join([NATIVE] + [f.name for f in readers()])})",
            file=sys.stderr,
        )
        return 2
    if target is None:
        print(
            f"argmap convert: cannot tell the format to write '{args.output}' in from its extension; "
            f"use --to ({', '.join([NATIVE] + [f.name for f in writers()])})",
            file=sys.stderr,
        )
        return 2
    amap = _read(args.input, source)
    if amap is None:
        return 1
    try:
        if target == NATIVE:
            save(amap, args.output)
            notes: list[str] = []
        else:
            notes = FORMATS[target].write(amap, args.output).notes  # type: ignore[misc]
    except SaveError as exc:
        print(f"argmap convert: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"{args.output}: note: {note}", file=sys.stderr)
    n_rel = sum(1 for _ in amap.relations())
    print(
        f"{args.output}: wrote {len(amap)} card{'s' if len(amap) != 1 else ''} and {n_rel} "
        f"relation{'s' if n_rel != 1 else ''} as {target}"
    )
    return 0
