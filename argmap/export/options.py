"""What an export should contain and look like: one value shared by the CLI and the editor.

No Qt here. ``render/export.py`` turns these options into a file; the CLI and the window only fill
them in.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model import ArgumentMap

FORMATS = ("png", "svg", "pdf", "docx", "html", "layout")  # layout: the drawn layout as JSON (.layout.json)
THEMES = ("light", "print")
# Page sizes in millimetres, portrait (width, height).
PAGE_SIZES_MM = {
    "letter": (215.9, 279.4),
    "a4": (210.0, 297.0),
    "a3": (297.0, 420.0),
    "tabloid": (279.4, 431.8),
}
ORIENTATIONS = ("auto", "portrait", "landscape")


class ExportError(Exception):
    """An export that cannot be made (bad option, unknown card, unwritable file): a sentence for the user."""


@dataclass(frozen=True)
class ExportOptions:
    """Everything an export can vary. The defaults give the whole map, light theme, with a legend.

    ``hidden`` holds cards the view hides (filters, collapse); ``only`` limits the export to some cards
    (a selection); ``subtree`` to one card and every card answering it. ``scale`` multiplies scene
    pixels for PNG (a map too large for it is drawn at the largest scale that fits, and the export
    says so). ``tile``: True tiles a PDF over pages, False fits it on one, None (the default) fits
    it when its text stays readable there, else tiles it. ``tile_zoom`` is how large asked-for tiles
    print: 1.0 is 96 scene px to the inch.
    """

    format: str = "png"
    theme: str = "light"
    legend: bool = True
    title: str = ""  # empty: the map's own title
    subtitle: str = ""
    scale: float = 2.0
    transparent: bool = False
    only: frozenset[str] | None = None
    subtree: str | None = None
    hidden: frozenset[str] = field(default_factory=frozenset)
    page: str = "letter"
    orientation: str = "auto"
    tile: bool | None = None
    tile_zoom: float = 1.0
    overlap_mm: float = 12.0
    made_from: str = ""  # e.g. the map's file name; said in the title block
    date: str = ""  # empty: today

    def with_changes(self, **changes: object) -> ExportOptions:
        return replace(self, **changes)  # type: ignore[arg-type]

    def check(self, amap: ArgumentMap) -> None:
        """Raise ExportError saying what is wrong with these options for this map."""
        if self.format not in FORMATS:
            raise ExportError(f"unknown format {self.format!r}: use one of {', '.join(FORMATS)}")
        if self.theme not in THEMES:
            raise ExportError(f"unknown theme {self.theme!r}: use light or print")
        if self.page not in PAGE_SIZES_MM:
            raise ExportError(f"unknown page size {self.page!r}: use one of {', '.join(PAGE_SIZES_MM)}")
        if self.orientation not in ORIENTATIONS:
            raise ExportError(f"unknown orientation {self.orientation!r}")
        if not (0.1 <= self.scale <= 16):
            raise ExportError(f"scale {self.scale:g} is out of range: use a number from 0.1 to 16")
        if not (0.1 <= self.tile_zoom <= 8):
            raise ExportError(f"zoom {self.tile_zoom:g} is out of range")
        if not (0 <= self.overlap_mm <= 50):
            raise ExportError(f"an overlap of {self.overlap_mm:g} mm is out of range: use 0 to 50 mm")
        if self.subtree is not None and self.subtree not in amap:
            raise ExportError(f"there is no card with id {self.subtree!r} in this map")
        if not visible_cards(amap, self):
            raise ExportError("nothing to export: no card is visible with these options")


def format_from_path(path: str | Path, given: str | None = None) -> str:
    """The format named by ``given``, else by the file's extension; ExportError when neither says."""
    if given:
        fmt = given.lower().lstrip(".")
    elif str(path).lower().endswith(".layout.json"):
        fmt = "layout"
    else:
        fmt = Path(path).suffix.lower().lstrip(".")
        if not fmt:
            raise ExportError(
                f"cannot tell the format of {str(path)!r}: give it an extension "
                f"(.png, .svg, .pdf, .docx, .html, .layout.json) or --format"
            )
    if fmt == "htm":
        fmt = "html"
    if fmt == "jpg" or fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return fmt


def visible_cards(amap: ArgumentMap, options: ExportOptions) -> list[str]:
    """Ids of the cards the export draws, in the map's order."""
    keep = set(amap.card_ids())
    if options.subtree is not None and options.subtree in amap:
        keep = {options.subtree} | amap.subtree(options.subtree)
    if options.only is not None:
        keep &= set(options.only)
    keep -= set(options.hidden)
    return [cid for cid in amap.card_ids() if cid in keep]


def page_size_mm(options: ExportOptions, content_w: float, content_h: float) -> tuple[float, float]:
    """The page's (width, height) in mm; "auto" turns the page to match the content's shape."""
    w, h = PAGE_SIZES_MM[options.page]
    landscape = options.orientation == "landscape" or (
        options.orientation == "auto" and content_w > content_h
    )
    return (h, w) if landscape else (w, h)


@dataclass(frozen=True)
class TitleBlock:
    """The lines printed above every exported map: what it is, where it comes from, when and how made."""

    title: str
    subtitle: str
    sources: tuple[str, ...]
    made: str

    def lines(self) -> list[str]:
        return [t for t in (self.title, self.subtitle, *self.sources, self.made) if t]


def source_citation(source) -> str:
    """A source as one line: publisher or author, "title", date, url."""
    who = source.author or source.publisher
    parts = [who] if who else []
    if source.publisher and source.author and source.publisher != source.author:
        parts.append(source.publisher)
    parts.append(f"\u201c{source.title}\u201d" if source.title else source.id)
    if source.date:
        parts.append(str(source.date))
    if source.url:
        parts.append(source.url)
    return ", ".join(parts)


def what_is_shown(amap: ArgumentMap, options: ExportOptions, shown: int) -> str:
    """A few words on which cards the image holds: the whole map, a selection, a subtree, filtered."""
    total = len(amap)
    if options.subtree is not None and options.subtree in amap:
        what = f"the subtree of \u201c{amap.card(options.subtree).headline}\u201d"
    elif options.only is not None:
        what = "a selection"
    elif shown < total:
        what = "the map as filtered in the editor"
    else:
        what = "the whole map"
    return f"{what}, {shown} of {total} cards"


def title_block(amap: ArgumentMap, options: ExportOptions, shown: int | None = None) -> TitleBlock:
    """The title block's text for this map and these options."""
    from .. import __version__

    shown = len(visible_cards(amap, options)) if shown is None else shown
    date = options.date or _dt.date.today().isoformat()
    sources = tuple("Source: " + source_citation(s) for s in amap.sources.values())
    made_from = f"Made from {options.made_from}" if options.made_from else "Made"
    made = f"{made_from} with argmap {__version__} on {date} \u00b7 {what_is_shown(amap, options, shown)}"
    return TitleBlock(
        " ".join((options.title or amap.info.title).split()),
        " ".join(options.subtitle.split()),
        sources,
        made,
    )
