"""argmap source add MAP FILE: add a source to a map from a .txt, .html, .pdf or .docx file."""

from __future__ import annotations

import sys
from pathlib import Path

from ..atomic import SaveError
from ..format import load, save
from ..problems import errors
from ..source_files import SourceFileError, add_source_file, cards_citing

NAME = "source"
HELP = "add a source to a map from a .txt, saved web page (.html), .pdf or .docx file, or list its sources"


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add",
        help="read FILE, keep its text beside the map as ID.source.txt and add its source record",
        description="Read FILE (.txt, .html, .pdf, .docx), write its plain text beside MAP as "
        "ID.source.txt, and add a source with the title, author, date and URL the file gives.",
    )
    add.add_argument("map", metavar="MAP", help="the map (saved in place)")
    add.add_argument("file", metavar="FILE", help="the article, page, PDF or Word file")
    listing = sub.add_parser("list", help="the map's sources and how many cards cite each")
    listing.add_argument("map", metavar="MAP", help="the map")


def _load(path: str):
    result = load(path)
    if result.map is None or result.has_errors:
        for problem in errors(result.problems):
            print(problem, file=sys.stderr)
        return None, result
    return result.map, result


def run(args) -> int:
    amap, result = _load(args.map)
    if amap is None:
        return 1
    if args.action == "list":
        for source in amap.sources.values():
            n = len(cards_citing(amap, source.id))
            text = f", text in {source.file}" if source.file else ""
            print(f"{source.id}: {source.title} ({n} card{'s' if n != 1 else ''}{text})")
        return 0
    if result.comments:
        print(
            f"argmap: {args.map} has comments that saving would drop; "
            f"run 'argmap format --drop-comments {args.map}' first",
            file=sys.stderr,
        )
        return 1
    try:
        added = add_source_file(amap, Path(args.map), args.file)
    except SourceFileError as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return 1
    except SaveError as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return 1
    amap.apply(added.edit)
    try:
        save(amap, args.map)
    except SaveError as exc:
        added.text.remove()  # the map does not name it: leave no stray text file behind
        print(f"argmap: {exc}", file=sys.stderr)
        return 1
    s = added.source
    facts = ", ".join(p for p in (s.author, s.publisher, s.date, s.url) if p)
    print(f"{args.map}: added source '{s.id}': {s.title}" + (f" ({facts})" if facts else ""))
    print(f"  its text is in {s.file}; cite it as {{source: {s.id}}}")
    return 0
