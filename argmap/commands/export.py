"""argmap export MAP -o OUT: the map as PNG, SVG, PDF, a Word brief or a web page, with no display needed."""

from __future__ import annotations

import sys
from pathlib import Path

from ..export.options import PAGE_SIZES_MM, ExportError, ExportOptions, format_from_path
from ..format import display_name, read_map
from ..problems import MapFileError
from ..visibility import hidden_by_collapse

NAME = "export"
HELP = (
    "draw a map to PNG, SVG, PDF, a Word brief (.docx) or a web page to explore (.html), or write its "
    "drawn layout (.layout.json); "
    "the format comes from OUT's extension"
)


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="MAP", help="the map")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        required=True,
        help="the file to write: .png, .svg, .pdf, .docx, .html or .layout.json (card boxes and arrow paths)",
    )
    parser.add_argument(
        "--format", choices=("png", "svg", "pdf", "docx", "html", "layout"), help="overrides OUT's extension"
    )
    parser.add_argument(
        "--theme",
        choices=("light", "print"),
        default="light",
        help="print: black and white, safe for greyscale printers (default: light)",
    )
    parser.add_argument("--no-legend", action="store_true", help="leave the legend out")
    parser.add_argument("--title", metavar="T", default="", help="the title (default: the map's own)")
    parser.add_argument("--subtitle", metavar="S", default="", help="a line under the title")
    parser.add_argument("--subtree", metavar="CARD_ID", help="only this card and every card answering it")
    parser.add_argument(
        "--expand",
        action="store_true",
        help="draw the cards the map file keeps collapsed too (default: honour collapse)",
    )
    png = parser.add_argument_group("PNG")
    png.add_argument(
        "--scale",
        type=float,
        default=2.0,
        help="device pixels per map pixel (default 2: twice the screen's size)",
    )
    png.add_argument("--dpi", type=float, help="another way to say --scale: 192 dpi is scale 2")
    png.add_argument("--transparent", action="store_true", help="no background (PNG and SVG)")
    pdf = parser.add_argument_group("PDF")
    pdf.add_argument(
        "--page", choices=tuple(PAGE_SIZES_MM), default="letter", help="page size (default letter)"
    )
    turn = pdf.add_mutually_exclusive_group()
    turn.add_argument("--landscape", dest="orientation", action="store_const", const="landscape")
    turn.add_argument("--portrait", dest="orientation", action="store_const", const="portrait")
    pages = pdf.add_mutually_exclusive_group()
    pages.add_argument(
        "--tile",
        dest="tile",
        action="store_const",
        const=True,
        help="print at a readable size over several pages (numbered, overlapping) instead of "
        "fitting the map on one page (the default when one page would print text under 6 pt)",
    )
    pages.add_argument(
        "--one-page",
        dest="tile",
        action="store_const",
        const=False,
        help="fit the map on one page however small its text prints",
    )
    pdf.add_argument(
        "--zoom",
        type=float,
        default=100.0,
        metavar="PERCENT",
        help="with --tile: how large to print; 100 puts 96 map pixels on an inch (default)",
    )
    pdf.add_argument(
        "--overlap",
        type=float,
        default=12.0,
        metavar="MM",
        help="with --tile: how far neighbouring pages overlap (default 12 mm)",
    )


def _write_layout(amap, path: Path) -> int:
    """The drawn layout as JSON (docs/export.md has the schema); no Qt needed."""
    import json

    from ..atomic import SaveError, write_atomic
    from ..layout_data import layout_data

    if path.is_dir() or (str(path.parent) and not path.parent.exists()):
        print(f"argmap export: cannot write {path}: no such folder, or it is a folder", file=sys.stderr)
        return 1
    data = layout_data(amap)
    # One card or relation a line: small enough to read and to diff, and still one JSON value.
    lines = []
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            items = ",\n".join("  " + json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f"{json.dumps(key)}: [\n{items}\n ]")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    text = ("{\n " + ",\n ".join(lines) + "\n}\n").encode("utf-8")
    try:
        write_atomic(path, text)
    except SaveError as exc:
        print(f"argmap export: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}: {len(data['cards'])} cards, {len(data['relations'])} relations, {len(text)} bytes")
    return 0


def run(args) -> int:
    try:
        amap = read_map(args.file)
    except MapFileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            f"argmap export: {display_name(Path(args.file))} has errors; nothing was exported",
            file=sys.stderr,
        )
        return 1
    try:
        fmt = format_from_path(args.output, args.format)
        scale = args.dpi / 96 if args.dpi else args.scale
        options = ExportOptions(
            format=fmt,
            theme=args.theme,
            legend=not args.no_legend,
            title=args.title,
            subtitle=args.subtitle,
            scale=scale,
            transparent=args.transparent,
            subtree=args.subtree,
            hidden=frozenset() if args.expand else frozenset(hidden_by_collapse(amap)),
            page=args.page,
            orientation=args.orientation or "auto",
            tile=args.tile,
            tile_zoom=args.zoom / 100,
            overlap_mm=args.overlap,
            made_from=Path(args.file).name,
        )
        options.check(amap)
        if fmt == "layout":
            return _write_layout(amap, Path(args.output))
        if fmt == "html":  # the reader's browser draws it: no Qt needed
            from ..export.html import export_html

            size, cards = export_html(amap, args.output, options)
            print(f"wrote {args.output}: {cards} cards, {_kilobytes(size)}")
            return 0
        result = None
        if fmt == "svg":  # written from the layout without Qt
            from ..export.svg import export_svg

            result = export_svg(amap, args.output, options)
        elif fmt == "pdf":  # written from the layout without Qt, unless its fonts cannot be found
            from ..export.pdf import FontsMissing, export_pdf

            try:
                result = export_pdf(amap, args.output, options)
            except FontsMissing as exc:
                print(f"argmap export: note: {exc}; drawing the PDF with Qt instead", file=sys.stderr)
        if result is None:
            from ..render.qt_environment import offscreen_application

            app = offscreen_application()  # noqa: F841 - kept alive while drawing
            from ..render.export import export_map

            result = export_map(amap, args.output, options)
    except ExportError as exc:
        print(f"argmap export: {exc}", file=sys.stderr)
        return 1
    for note in result.notes:
        print(f"argmap export: note: {note}", file=sys.stderr)
    print(f"wrote {result.summary()}")
    return 0


def _kilobytes(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 10 * 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
