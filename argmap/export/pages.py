"""How a sheet goes onto paper: one page fitted, or a poster of overlapping tiles. No Qt here.

The PDF writer (``pdf.py``) and the Qt printer (``render/export.py``) plan pages alike, so a print
and a PDF of the same map have the same pages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .options import PAGE_SIZES_MM, ExportError, ExportOptions, page_size_mm

FOOTER_MM = 8.0
PAGE_MARGIN_MM = 10.0
# The smallest text a card holds (the cite, 10 px) must print at least this large: 10 px is 7.5 pt
# at 96 px to the inch, so a page may shrink the map to READABLE_ZOOM and no further.
MIN_TEXT_PT = 6.0
SMALLEST_TEXT_PX = 10
READABLE_ZOOM = MIN_TEXT_PT / (SMALLEST_TEXT_PX * 72 / 96)
# The most pages a poster may take. A 10,000-card map tiles onto about 6,800; a valid map whose cards
# sit millions of px apart would need 10^8 pages, which no writer finishes and no one prints.
MAX_POSTER_PAGES = 20_000


@dataclass(frozen=True)
class Plan:
    """One page fitted (1 × 1), or a grid of tiles at a fixed zoom. ``declined`` is how many pages a
    readable poster would have taken when it was over MAX_POSTER_PAGES and one fitted page was
    chosen instead (0 otherwise)."""

    landscape: bool
    rows: int = 1
    columns: int = 1
    fitted: bool = False
    declined: int = 0

    @property
    def pages(self) -> int:
        return self.rows * self.columns


def paint_mm(options: ExportOptions, landscape: bool) -> tuple[float, float]:
    """The page's paintable area (inside its margins), in mm."""
    w, h = PAGE_SIZES_MM[options.page]
    if landscape:
        w, h = h, w
    return w - 2 * PAGE_MARGIN_MM, h - 2 * PAGE_MARGIN_MM


def plan_pages(width: float, height: float, options: ExportOptions) -> Plan:
    """Choose the orientation (when "auto") and, when tiling, the grid of pages for a sheet of
    ``width`` × ``height`` px."""
    if options.orientation in ("portrait", "landscape"):
        choices = [options.orientation == "landscape"]
    else:
        w, h = page_size_mm(options, width, height)
        choices = [w > h, not w > h]
    if options.tile is None and fitted_zoom(width, height, options, choices[0]) >= READABLE_ZOOM:
        return Plan(choices[0], fitted=True)  # one page is readable: automatic keeps it one page
    if options.tile is False:
        return Plan(choices[0], fitted=True)
    plans = [Plan(o, *tile_grid(width, height, options, *paint_mm(options, o))) for o in choices]
    best = min(plans, key=lambda p: p.pages)  # the first wins a tie
    return _within_poster_limit(best, options)


def page_grid(
    width: float, height: float, options: ExportOptions, w_mm: float, h_mm: float
) -> tuple[int, int] | None:
    """How the sheet goes on paper whose paintable area is ``w_mm`` × ``h_mm`` (the footer
    included): None for one fitted page, else the (rows, columns) of tiles. A writer asks this of
    the paper it really has (a printer may enlarge the margins), so it decides as plan_pages did."""
    zoom = min(w_mm / width, (h_mm - FOOTER_MM) / height) / (25.4 / 96)
    if options.tile is False or (options.tile is None and zoom >= READABLE_ZOOM):
        return None
    plan = _within_poster_limit(Plan(False, *tile_grid(width, height, options, w_mm, h_mm)), options)
    return None if plan.fitted else (plan.rows, plan.columns)


def _within_poster_limit(plan: Plan, options: ExportOptions) -> Plan:
    if plan.pages <= MAX_POSTER_PAGES:
        return plan
    if options.tile is None:  # chosen automatically: one small page beats a poster nobody can print
        return Plan(plan.landscape, fitted=True, declined=plan.pages)
    raise ExportError(
        f"tiled at {options.tile_zoom * 100:g}% this map takes {plan.pages:,} pages, and a poster may "
        f"take at most {MAX_POSTER_PAGES:,}: lower the zoom, or fit it on one page"
    )


def fitted_zoom(width: float, height: float, options: ExportOptions, landscape: bool) -> float:
    """How large the sheet prints fitted on one page: 1.0 is 96 sheet px to the inch."""
    w_mm, h_mm = paint_mm(options, landscape)
    return min(w_mm / width, (h_mm - FOOTER_MM) / height) / (25.4 / 96)


def tile_zoom(options: ExportOptions) -> float:
    """The zoom tiles print at: the one asked for, or (tiling chosen automatically) the smallest at
    which the cards' text is still readable, which takes the fewest pages."""
    return READABLE_ZOOM if options.tile is None else options.tile_zoom


def tile_grid(
    width: float, height: float, options: ExportOptions, w_mm: float, h_mm: float
) -> tuple[int, int]:
    """(rows, columns) of pages whose paintable area is ``w_mm`` by ``h_mm`` (the footer included)."""
    mm_per_px = 25.4 / 96 * tile_zoom(options)
    tw, th = w_mm / mm_per_px, (h_mm - FOOTER_MM) / mm_per_px
    ov = options.overlap_mm / mm_per_px
    if tw <= ov or th <= ov:
        raise ExportError("the pages are too small for that overlap and zoom")
    cols = 1 if width <= tw else math.ceil((width - ov) / (tw - ov))
    rows = 1 if height <= th else math.ceil((height - ov) / (th - ov))
    return rows, cols


def fitted_footer(title: str, zoom: float) -> str:
    return f"{title} \u00b7 fitted to one page ({percent(zoom)} of actual size)"


def percent(zoom: float) -> str:
    """A zoom as a percentage, with two significant digits where a whole number would read 0%."""
    return f"{zoom * 100:.0f}%" if zoom >= 0.01 else f"{zoom * 100:.2g}%"


def tile_footer(title: str, options: ExportOptions, plan: Plan, r: int, c: int) -> str:
    n = r * plan.columns + c + 1
    return (
        f"page {n} of {plan.pages} \u00b7 row {r + 1} of {plan.rows}, column {c + 1} of "
        f"{plan.columns} \u00b7 {title} \u00b7 "
        f"pages overlap by {options.overlap_mm:g} mm: trim at the marks and tape"
    )
