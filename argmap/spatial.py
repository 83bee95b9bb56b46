"""GridIndex: which keys have a rectangle in a region of the plane, found without looking at them all.

The canvas creates Qt items only for the part of a big map that is being looked at; it needs to ask
"which cards and arrows lie here?" in time proportional to the answer, not to the map. A uniform
grid fits: cards are all about the same size, and the questions are about view-sized regions.

A key is filed under every cell its rectangle overlaps. A rectangle spanning more than ``long_cells``
cells either way (a rebuttal drawn between two far-apart trees) would be filed under hundreds of cells,
so it is kept on a short list and checked on its own instead.

Rectangles are ``(left, top, right, bottom)`` tuples; nothing here knows about Qt.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator, KeysView, Sequence

Rect = tuple[float, float, float, float]
Cell = tuple[int, int]


class GridIndex:
    """Keys filed by the grid cells their rectangles overlap."""

    def __init__(self, cell: float = 1024.0, long_cells: int = 4) -> None:
        self.cell = float(cell)
        self.long_cells = long_cells
        self._rects: dict[Hashable, Rect] = {}
        self._cells: dict[Cell, set[Hashable]] = {}
        self._long: set[Hashable] = set()

    def __len__(self) -> int:
        return len(self._rects)

    def __contains__(self, key: object) -> bool:
        return key in self._rects

    def keys(self) -> KeysView[Hashable]:
        return self._rects.keys()

    def rect(self, key: Hashable) -> Rect | None:
        return self._rects.get(key)

    def cells_covering(self, rect: Rect) -> Iterator[Cell]:
        """Every cell that ``rect`` overlaps."""
        x0, y0, x1, y1 = self._span(rect)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                yield (x, y)

    def cell_rect(self, cell: Cell) -> Rect:
        size = self.cell
        return (cell[0] * size, cell[1] * size, (cell[0] + 1) * size, (cell[1] + 1) * size)

    def _span(self, rect: Rect) -> tuple[int, int, int, int]:
        size = self.cell
        return (
            math.floor(rect[0] / size),
            math.floor(rect[1] / size),
            math.floor(rect[2] / size),
            math.floor(rect[3] / size),
        )

    # -- changing --------------------------------------------------------------------------------

    def insert(self, key: Hashable, rect: Rect) -> None:
        """File ``key`` under ``rect`` (replacing where it was filed before)."""
        self.insert_many(((key, rect),))

    def insert_many(self, items: Iterable[tuple[Hashable, Rect]]) -> None:
        """:meth:`insert` of each ``(key, rect)``, in one call: opening a big map files 21,000 keys,
        and the calls, not the filing, were most of that."""
        rects, cells, long_keys, long_cells = self._rects, self._cells, self._long, self.long_cells
        floor, size = math.floor, self.cell
        for key, rect in items:
            if key in rects:
                self.remove(key)
            rects[key] = rect
            x0, y0 = floor(rect[0] / size), floor(rect[1] / size)
            x1, y1 = floor(rect[2] / size), floor(rect[3] / size)
            if x1 - x0 >= long_cells or y1 - y0 >= long_cells:
                long_keys.add(key)
                continue
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    bucket = cells.get((x, y))
                    if bucket is None:
                        cells[(x, y)] = {key}
                    else:
                        bucket.add(key)

    def insert_path(self, key: Hashable, points: Sequence[tuple[float, float]], pad: float = 0.0) -> None:
        """File ``key`` under the cells its polyline passes within ``pad`` of, not under every cell
        of its bounding box: a long diagonal arrow then turns up only where it is drawn. Never kept
        on the long list, however far it reaches (found by :meth:`query` like any other key)."""
        if key in self._rects:
            self.remove(key)
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        self._rects[key] = (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)
        step = self.cell / 2  # short enough that a piece's box adds little to the cells it crosses
        cells = self._cells
        filed: set[Cell] = set()
        for (x0, y0), (x1, y1) in zip(points, points[1:] or points, strict=False):
            n = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / step))
            for i in range(n):
                ax, ay = x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n
                bx, by = x0 + (x1 - x0) * (i + 1) / n, y0 + (y1 - y0) * (i + 1) / n
                piece = (min(ax, bx) - pad, min(ay, by) - pad, max(ax, bx) + pad, max(ay, by) + pad)
                filed.update(self.cells_covering(piece))
        for cell in filed:
            bucket = cells.get(cell)
            if bucket is None:
                cells[cell] = {key}
            else:
                bucket.add(key)

    def remove(self, key: Hashable) -> None:
        rect = self._rects.pop(key, None)
        if rect is None:
            return
        if key in self._long:
            self._long.discard(key)
            return
        x0, y0, x1, y1 = self._span(rect)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                bucket = self._cells.get((x, y))
                if bucket is not None:
                    bucket.discard(key)
                    if not bucket:
                        del self._cells[(x, y)]

    def remove_many(self, keys: Iterable[Hashable]) -> None:
        """Remove every one of ``keys`` (those not filed are ignored). Many at once (deleting every
        card) take one sweep over the filed cells instead of a look at each key's own cells."""
        rects = self._rects
        gone = {key for key in keys if key in rects}
        if len(gone) * 4 < len(rects):
            for key in gone:
                self.remove(key)
            return
        for key in gone:
            del rects[key]
        self._long -= gone
        cells = self._cells
        for cell, bucket in list(cells.items()):
            kept = {key for key in bucket if key not in gone}
            if kept:
                cells[cell] = kept
            else:
                del cells[cell]

    def clear(self) -> None:
        self._rects.clear()
        self._cells.clear()
        self._long.clear()

    # -- asking ----------------------------------------------------------------------------------

    def span_count(self, rect: Rect) -> int:
        """How many cells ``rect`` overlaps."""
        x0, y0, x1, y1 = self._span(rect)
        return (x1 - x0 + 1) * (y1 - y0 + 1)

    def in_cells(self, cells: Iterable[Cell]) -> set[Hashable]:
        """The keys filed under any of ``cells`` (long ones not included: see :meth:`long_in`)."""
        found: set[Hashable] = set()
        for cell in cells:
            bucket = self._cells.get(cell)
            if bucket:
                found |= bucket
        return found

    def long_in(self, rect: Rect) -> set[Hashable]:
        """The long keys whose rectangle overlaps ``rect``."""
        return {key for key in self._long if _overlaps(self._rects[key], rect)}

    def query(self, rect: Rect) -> set[Hashable]:
        """Every key whose rectangle overlaps ``rect``."""
        rects = self._rects
        if self.span_count(rect) > len(self._cells):  # a huge region: walk the filed cells instead
            x0, y0, x1, y1 = self._span(rect)
            near = self.in_cells(c for c in self._cells if x0 <= c[0] <= x1 and y0 <= c[1] <= y1)
        else:
            near = self.in_cells(self.cells_covering(rect))
        return {key for key in near if _overlaps(rects[key], rect)} | self.long_in(rect)

    def at(self, x: float, y: float) -> set[Hashable]:
        """Every key whose rectangle contains the point."""
        return self.query((x, y, x, y))


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
