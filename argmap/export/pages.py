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


@dataclass(frozen=True)
class Plan:
    """One page fitted (1 × 1), or a grid of tiles at a fixed zoom."""

    landscape: bool
    rows: int = 1
    columns: int = 1

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
        return Plan(choices[0])  # one page is readable: automatic keeps it one page
    if options.tile is False:
        return Plan(choices[0])
    plans = [Plan(o, *tile_grid(width, height, options, *paint_mm(options, o))) for o in choices]
    return min(plans, key=lambda p: p.pages)  # the first wins a tie


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


def is_fitted(options: ExportOptions, zoom: float) -> bool:
    """True when the sheet goes on one page, given the zoom it would print at fitted there."""
    return options.tile is False or (options.tile is None and zoom >= READABLE_ZOOM)


def fitted_footer(title: str, zoom: float) -> str:
    return f"{title} \u00b7 fitted to one page ({zoom * 100:.0f}% of actual size)"


def tile_footer(title: str, options: ExportOptions, plan: Plan, r: int, c: int) -> str:
    n = r * plan.columns + c + 1
    return (
        f"page {n} of {plan.pages} \u00b7 row {r + 1} of {plan.rows}, column {c + 1} of "
        f"{plan.columns} \u00b7 {title} \u00b7 "
        f"pages overlap by {options.overlap_mm:g} mm: trim at the marks and tape"
    )
