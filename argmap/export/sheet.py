"""The exported sheet, laid out and drawn once for every vector format, without Qt.

The picture is the sheet every image export draws: a title block above the map's region, which
holds the shown cards, their arrows and the legend. Card boxes come from ``geometry.card_size`` and
the layout (saved positions kept, the editor's when it asks), arrows follow ``routing``'s paths,
lines break where the editor breaks them (``text_metrics``, from the fonts' own widths), and looks
come from ``drawing_style``: so the file shows what the editor shows.

:class:`MapSheet` works out where everything goes; :meth:`MapSheet.draw` draws it on a
:class:`~argmap.export.canvas.Canvas`, which the SVG writer (``svg.py``) and the PDF writer
(``pdf.py``) turn into their file formats as it is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from .. import drawing_style as style
from .. import geometry
from ..layout import layout_positions
from ..layout_data import box_query
from ..model import ArgumentMap, Card, Source
from ..quotes import styles_at
from ..routing import Rect, path_hits_rect, route_all
from ..text_metrics import Face, is_right_to_left, pieces, role_face, wrap
from ..visibility import collapsed_counts
from .canvas import HATCH, Canvas, Paint, PathData, Run
from .options import ExportOptions, TitleBlock, title_block, visible_cards

Point = tuple[float, float]
Styles = frozenset[str]  # the marks on a stretch of a quote: "highlight", "underline", "emphasis"
Segment = tuple[str, Styles]  # a stretch of a quote's line in one set of marks
Sources = Mapping[str, Source]
# A part of the sheet drawn by itself: its kind, which one (a title line's number, a relation's
# number, a card's id) and the boxes it reaches (sheet px).
Part = tuple[int, Any, tuple[Rect, ...]]

TEXT_LEFT = geometry.PADDING + style.TEXT_INDENT
SHRINK = geometry.SHRUNK_SHARE  # unread words of a marked quote, as Verbatim's shrink
# How far a card's drawing reaches past its box (tabs above, badge below): the legend keeps clear of it.
CARD_REACH = (6.0, style.TAB_HEIGHT / 2 + 2, 6.0, 10.0)

# -- the sheet's geometry ------------------------------------------------------------------------


class MapSheet:
    """Where everything on the sheet goes (sheet px), worked out before a byte is written."""

    def __init__(
        self,
        amap: ArgumentMap,
        options: ExportOptions,
        *,
        positions: dict[str, Point] | None = None,
        direction: str = "TB",
    ) -> None:
        self.amap = amap
        self.options = options
        self.palette = style.PRINT if options.theme == "print" else style.LIGHT
        self.shown = visible_cards(amap, options)
        self.block: TitleBlock = title_block(amap, options, len(self.shown))
        sizes = {card.id: geometry.card_size(card, amap.sources) for card in amap.cards()}
        placed = layout_positions(amap, direction=direction, sizes=sizes, pinned=positions)
        self.boxes: dict[str, Rect] = {}
        for cid in self.shown:
            (x, y), (w, h) = placed[cid], sizes[cid]
            self.boxes[cid] = (x, y, x + w, y + h)
        shown = set(self.shown)
        relations: list[tuple[str, str, str]] = [
            (r.source, r.target, r.type) for r in amap.relations() if r.source in shown and r.target in shown
        ]
        self.relations = relations
        self.paths = route_all(self.boxes, relations, box_query(self.boxes), direction)
        counts = collapsed_counts(amap)
        self.badges = {cid: n for cid, n in counts.items() if cid in shown and n}
        boxes = self.boxes.values()
        content = (
            (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
            if boxes
            else (0.0, 0.0, 0.0, 0.0)
        )
        self.legend: Rect | None = None
        region = content
        if options.legend:
            self.legend = self._place_legend(content)
            region = _union(content, self.legend)
        pad = style.REGION_PAD
        self.region = (region[0] - pad, region[1] - pad, region[2] + pad, region[3] + pad)
        region_w = self.region[2] - self.region[0]
        margin = style.SHEET_MARGIN
        self.width = max(region_w, style.MIN_SHEET_WIDTH) + 2 * margin
        # A right-to-left title (Arabic, Hebrew) sets the whole block against the right margin.
        self.title_rtl = is_right_to_left(self.block.title)
        self.title_lines, title_bottom = self._lay_out_title(self.width - 2 * margin)
        self.rule_y = title_bottom + style.TITLE_GAP / 2
        self.map_origin = (margin, title_bottom + style.TITLE_GAP)
        self._made_parts: list[Part] | None = None  # made when first drawn (see _parts, _index)
        self._made_index: Callable[[Rect], list[int]] | None = None
        self.height = self.map_origin[1] + (self.region[3] - self.region[1]) + margin

    def _place_legend(self, content: Rect) -> Rect:
        """The legend's box: in a corner of the cards' box where it touches no card and no arrow,
        else beside the cards at their top left (where it covers nothing either)."""
        w, h = legend_size()
        left, top, right, bottom = content
        if w <= right - left and h <= bottom - top:
            index = box_query({cid: _reach(b) for cid, b in self.boxes.items()})
            for x, y in ((left, top), (right - w, top), (left, bottom - h), (right - w, bottom - h)):
                c = style.LEGEND_CLEARANCE
                clear = (x - c, y - c, x + w + c, y + h + c)
                if not any(_overlap(b, clear) for b in index(clear)) and not self._arrow_in(clear):
                    return (x, y, x + w, y + h)
        x = left - style.LEGEND_GAP - w
        return (x, top, x + w, top + h)

    def _arrow_in(self, area: Rect) -> bool:
        """True when an arrow (its line, head or bar, 5 px either side) passes through ``area``."""
        grown = (area[0] - 5, area[1] - 5, area[2] + 5, area[3] + 5)
        for points in self.paths.values():
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            if (
                max(xs) < grown[0] - 12
                or min(xs) > grown[2] + 12
                or max(ys) < grown[1] - 12
                or min(ys) > grown[3] + 12
            ):
                continue
            if path_hits_rect(points, grown):
                return True
            tip = points[-1]
            if grown[0] - 8 < tip[0] < grown[2] + 8 and grown[1] - 8 < tip[1] < grown[3] + 8:
                return True
        return False

    def _lay_out_title(self, width: float) -> tuple[list[tuple[str, Face, str, float]], float]:
        """The title block's lines: (text, face, colour, baseline), and the block's bottom."""
        block, palette = self.block, self.palette
        rows = [(block.title, _face(style.TITLE_FONT), palette.text)]
        if block.subtitle:
            rows.append((block.subtitle, _face(style.SUBTITLE_FONT), palette.text))
        rows += [(source, _face(style.SOURCE_FONT), palette.text) for source in block.sources]
        rows.append((block.made, _face(style.MADE_FONT), palette.muted_text))
        lines = []
        y = style.SHEET_MARGIN
        for i, (text, face, colour) in enumerate(rows):
            if i == 1:
                y += 4
            for line in wrap(text, face, width):
                lines.append((line, face, colour, y + face.ascent))
                y += face.height
            y += 3
        return lines, y

    def drawn_characters(self) -> set[str]:
        """Every character the sheet draws as text (a superset: spaces and line ends included)."""
        chars = set("".join(self.block.lines()))
        for cid in self.shown:
            for _, text in geometry.section_texts(self.amap.card(cid), self.amap.sources):
                chars.update(text)
        return chars

    # -- drawing -------------------------------------------------------------------------------

    @property
    def hatched(self) -> bool:
        """True when something on the sheet is filled with the print theme's hatching."""
        sides = self.palette.sides
        return (
            bool(self.legend)
            and any(h for _, h in sides.values())
            or any(sides[self.amap.card(cid).side][1] for cid in self.shown)
        )

    def draw(self, canvas: Canvas, *, background: bool = True, area: Rect | None = None) -> None:
        """The whole sheet at the canvas's origin, one sheet px to one unit; given ``area`` (sheet
        px), only what reaches into it: a PNG band or a printed tile costs its own cards, not the map's."""
        if background:
            canvas.region()
            canvas.rect(0, 0, math.ceil(self.width), math.ceil(self.height), Paint(fill="#ffffff"))
        parts = self._parts()
        chosen = range(len(parts)) if area is None else self._index()(area)
        palette, sources = self.palette, self.amap.sources
        dx, dy = self.map_origin[0] - self.region[0], self.map_origin[1] - self.region[1]
        m = style.SHEET_MARGIN
        in_map = False
        for i in chosen:
            kind, key, boxes = parts[i]
            if kind >= _LEGEND and not in_map:  # the map's region: everything in it moved as one
                canvas.region()
                canvas.group(dx, dy)
                in_map = True
            canvas.region(*boxes)
            if kind == _TITLE:
                text, face, colour, baseline = self.title_lines[key]
                if self.title_rtl:
                    canvas.text(self.width - m, baseline, text, face, colour, "end")
                else:
                    canvas.text(m, baseline, text, face, colour)
            elif kind == _RULE:
                rule: PathData = [("M", m, self.rule_y), ("H", self.width - m)]
                canvas.path(rule, Paint(stroke=palette.muted_text, square_caps=True))
            elif kind == _LEGEND:
                assert self.legend is not None
                draw_legend(canvas, self.legend[0], self.legend[1], palette)
            elif kind == _ARROW:
                source, target, relation = self.relations[key]
                draw_arrow(canvas, self.paths[(source, target)], relation, palette)
            else:
                x0, y0, x1, y1 = self.boxes[key]
                canvas.group(x0, y0)
                draw_card(
                    canvas, self.amap.card(key), x1 - x0, y1 - y0, palette, sources, self.badges.get(key, 0)
                )
                canvas.end_group()
        if in_map:
            canvas.region()
            canvas.end_group()

    def _parts(self) -> list[Part]:
        """What the sheet is drawn from, in drawing order: (kind, which one, the boxes it reaches in
        sheet px). Made once."""
        if self._made_parts is not None:
            return self._made_parts
        parts: list[Part] = []
        m = style.SHEET_MARGIN
        for i, (text, face, _, baseline) in enumerate(self.title_lines):
            w = face.width(text)
            left = self.width - m - w - 4 if self.title_rtl else m
            parts.append(
                (_TITLE, i, ((left, baseline - face.ascent - 2, left + w + 4, baseline + face.descent + 2),))
            )
        parts.append((_RULE, 0, ((m - 1, self.rule_y - 1, self.width - m + 1, self.rule_y + 1),)))
        dx, dy = self.map_origin[0] - self.region[0], self.map_origin[1] - self.region[1]
        if self.legend is not None:
            parts.append((_LEGEND, 0, (_moved(self.legend, dx, dy, 2),)))
        reach = style.BAR_LENGTH  # an arrow's head or bar, past its line
        for j, (source, target, _) in enumerate(self.relations):
            along = _along(self.paths[(source, target)])
            parts.append((_ARROW, j, tuple(_moved(box, dx, dy, reach) for box in along)))
        for cid in self.shown:
            parts.append((_CARD, cid, (_moved(_reach(self.boxes[cid]), dx, dy, 1),)))
        self._made_parts = parts
        return parts

    def _index(self) -> Callable[[Rect], list[int]]:
        """A function giving, in drawing order, the parts that reach into an area (sheet px)."""
        if self._made_index is not None:
            return self._made_index
        cells: dict[tuple[int, int], list[int]] = {}
        size = _CELL
        for i, (_, _, boxes) in enumerate(self._parts()):
            for box in boxes:
                for cx in range(math.floor(box[0] / size), math.floor(box[2] / size) + 1):
                    for cy in range(math.floor(box[1] / size), math.floor(box[3] / size) + 1):
                        cells.setdefault((cx, cy), []).append(i)
        parts = self._parts()

        def query(area: Rect) -> list[int]:
            found: set[int] = set()
            for cx in range(math.floor(area[0] / size), math.floor(area[2] / size) + 1):
                for cy in range(math.floor(area[1] / size), math.floor(area[3] / size) + 1):
                    found.update(cells.get((cx, cy), ()))
            return sorted(i for i in found if any(_overlap(box, area) for box in parts[i][2]))

        self._made_index = query
        return query


# The kinds of the sheet's parts, in the order they are drawn (legend and after: inside the map's region).
_TITLE, _RULE, _LEGEND, _ARROW, _CARD = range(5)
_CELL = 512.0  # the side of the parts index's cells, sheet px: a PNG band spans one row of them


def _along(points: list[Point], step: float = 200.0) -> list[Rect]:
    """Small boxes covering a polyline: a long diagonal cross rebuttal lies in a thin band, not in
    the whole rectangle between its ends."""
    boxes = []
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        pieces = max(1, math.ceil(math.hypot(bx - ax, by - ay) / step))
        for i in range(pieces):
            x0, y0 = ax + (bx - ax) * i / pieces, ay + (by - ay) * i / pieces
            x1, y1 = ax + (bx - ax) * (i + 1) / pieces, ay + (by - ay) * (i + 1) / pieces
            boxes.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return boxes


def _moved(box: Rect, dx: float, dy: float, grow: float) -> Rect:
    """``box`` moved by (dx, dy) and grown by ``grow`` on every side."""
    return (box[0] + dx - grow, box[1] + dy - grow, box[2] + dx + grow, box[3] + dy + grow)


def _face(spec: tuple[int, int, bool]) -> Face:
    size, weight, italic = spec
    return Face(size, weight >= 600, italic)


def _union(a: Rect, b: Rect) -> Rect:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _reach(box: Rect) -> Rect:
    left, top, right, bottom = CARD_REACH
    return (box[0] - left, box[1] - top, box[2] + right, box[3] + bottom)


# -- cards ---------------------------------------------------------------------------------------


def draw_card_box(
    canvas: Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
    kind: str,
    side: str | None,
    palette: style.Palette,
) -> None:
    """A card's box at (x, y): fill, the kind's border, the side's stripe (hatched on PRINT for NEG)."""
    fill, border = palette.kinds[kind]
    width, dash, radius, double = style.KIND_STROKES[kind]
    canvas.rect(x, y, w, h, Paint(fill=fill), radius=radius)
    half = width / 2
    # Qt's DashLine: 4 pen widths on and 2 off, its ends squared
    dashes = (4 * width, 2 * width) if dash == "dash" else None
    canvas.rect(
        x + half,
        y + half,
        w - width,
        h - width,
        Paint(stroke=border, width=width, dash=dashes, square_caps=dashes is not None, round_joins=True),
        radius=radius,
    )
    if double:  # evidence: a thin inner rule, like a clipped card
        canvas.rect(x + 3, y + 3, w - 6, h - 6, Paint(stroke=border, width=0.8), radius=max(0.0, radius - 1))
    if side is None:
        return
    colour, hatched = palette.sides[side]
    stripe = style.STRIPE + (2 if hatched else 0)
    # The stripe is clipped to the card's rounded corner; its inner edge is ruled with the last pen.
    top = radius - math.sqrt(max(0.0, radius * radius - (radius - stripe) ** 2)) if radius > stripe else 0.0
    canvas.path(_stripe_path(x, y, stripe, h, radius), Paint(fill=HATCH if hatched else colour))
    edge: PathData = [("M", x + stripe, y + top), ("V", y + h - top)]
    canvas.path(edge, Paint(stroke=border, width=0.8 if double else width))
    if hatched:
        canvas.path(edge, Paint(stroke=colour))


def _stripe_path(x: float, y: float, stripe: float, h: float, radius: float) -> PathData:
    """The left ``stripe`` px of a rounded box of height ``h``, as a path."""
    r = min(radius, h / 2)
    if r <= 0:
        return [("M", x, y), ("H", x + stripe), ("V", y + h), ("H", x), ("Z",)]
    if r <= stripe:
        return [
            ("M", x, y + r),
            ("A", r, x + r, y),
            ("H", x + stripe),
            ("V", y + h),
            ("H", x + r),
            ("A", r, x, y + h - r),
            ("Z",),
        ]
    top = r - math.sqrt(r * r - (r - stripe) ** 2)
    return [
        ("M", x + stripe, y + top),
        ("V", y + h - top),
        ("A", r, x, y + h - r),
        ("V", y + r),
        ("A", r, x + stripe, y + top),
        ("Z",),
    ]


def draw_card(
    canvas: Canvas, card: Card, w: float, h: float, palette: style.Palette, sources: Sources, badge: int = 0
) -> None:
    """A card at the origin: box, sections (tag, text, cite, quote with its marks), labels, badge."""
    canvas.reuse(
        ("box", card.kind, card.side, w, h),
        lambda c: draw_card_box(c, 0, 0, w, h, card.kind, card.side, palette),
    )
    _draw_sections(canvas, card, w, h, palette, sources)
    canvas.reuse(("tabs", card.kind, card.side, card.speech, w), lambda c: _draw_tabs(c, card, w, palette))
    if badge:
        _draw_badge(canvas, w, h, badge, palette)


def _draw_sections(
    canvas: Canvas, card: Card, w: float, h: float, palette: style.Palette, sources: Sources
) -> None:
    """Each section's lines inside the card's height, as the editor sets them (closer when the real
    lines outnumber geometry's estimate, never cut)."""
    inner = w - TEXT_LEFT - geometry.PADDING
    sections = []
    for role, text in geometry.section_texts(card, sources):
        x, width = TEXT_LEFT, inner
        if role == "quote":
            x, width = TEXT_LEFT + style.QUOTE_INDENT, inner - style.QUOTE_INDENT
        if role == "quote" and card.marks:  # laid out by itself below: here only the room it takes
            sections.append((role, x, width, geometry.marked_quote_lines(card.quote, card.marks)))
        else:
            sections.append((role, x, width, wrap(text, role_face(role), width)))
    room = h - 2 * geometry.PADDING - geometry.SECTION_GAP * max(0, len(sections) - 1)
    need = sum(geometry.LINE_HEIGHTS[role] * len(lines) for role, _, _, lines in sections)
    squeeze = min(1.0, room / need) if need > 0 else 1.0
    y = float(geometry.PADDING)
    for role, x, width, lines in sections:
        face = role_face(role)
        line_height = geometry.LINE_HEIGHTS[role] * squeeze
        offset = (line_height - face.height) / 2 + face.ascent
        first = y + offset
        if role == "quote" and card.marks:
            _draw_marked_quote(canvas, card, x, first, width, palette)
        else:
            placed = []
            rtl = False
            for i, line in enumerate(lines):
                if i == 0 or not lines[i - 1]:  # a paragraph starts: its first strong letter sets its side
                    rtl = is_right_to_left(line)
                if line:
                    placed.append((x + width if rtl else x, y + i * line_height + offset, line, rtl))
            canvas.lines(face, palette.muted_text if role == "cite" else palette.text, placed)
            if role == "quote" and lines:
                last = y + (len(lines) - 1) * line_height + offset
                _draw_rule(canvas, first - 11, last + 4, palette.kinds[card.kind][1])
        y += line_height * len(lines) + geometry.SECTION_GAP


def _draw_rule(canvas: Canvas, top: float, bottom: float, colour: str) -> None:
    """The rule down a quote's left side."""
    x = TEXT_LEFT + 2
    canvas.path([("M", x, top), ("V", bottom)], Paint(stroke=colour, width=2, square_caps=True))


def _draw_marked_quote(
    canvas: Canvas, card: Card, x: float, top: float, width: float, palette: style.Palette
) -> None:
    """A cut quote as debaters read it: highlighted words full size on the highlighter's colour,
    the rest small (Verbatim's shrink), underlined and emphasized words marked; nothing cut."""
    base = Face(style.FONT_ROLES["quote"][0])
    small = Face(max(7, round(base.size * SHRINK)))
    bold = Face(base.size, bold=True)
    small_bold = Face(small.size, bold=True)
    reads_some = any(m.style == "highlight" for m in card.marks)
    quote = card.quote
    cuts = sorted({0, len(quote), *(m.start for m in card.marks), *(m.end for m in card.marks)})
    runs: list[tuple[int, int, Styles]] = [
        (a, b, styles_at(card.marks, a)) for a, b in zip(cuts, cuts[1:], strict=False) if b > a
    ]

    def face_of(styles: Styles) -> Face:
        read = "highlight" in styles or not reads_some
        if "emphasis" in styles:
            return bold if read else small_bold
        return base if read else small

    lines = _lay_out_runs(quote, runs, face_of, width)
    rtl = is_right_to_left(quote)
    glow = style.highlighter(palette.highlight, palette.dark)
    y = top
    for segments, line_w in lines:
        ascent = max(face_of(s).ascent for _, s in segments)
        height = max(face_of(s).height for _, s in segments)
        start = x + width - line_w if rtl else x
        at = 0.0
        for text, styles in segments:
            seg_w = face_of(styles).width(text)
            if "highlight" in styles and text.strip():
                left = x + width - at - seg_w if rtl else start + at
                canvas.rect(left, y, seg_w, height, Paint(fill=glow))
            at += seg_w
        shown: list[Run] = []
        for text, styles in segments:
            read = "highlight" in styles or not reads_some
            marked = "underline" in styles or "emphasis" in styles
            shown.append((text, face_of(styles), palette.text if read else palette.muted_text, marked))
        canvas.runs(x + width if rtl else start, y + ascent, shown, rtl)
        y += height
    if lines:
        _draw_rule(canvas, top + 2, y - 2, palette.kinds[card.kind][1])


def _lay_out_runs(
    quote: str, runs: list[tuple[int, int, Styles]], face_of: Callable[[Styles], Face], width: float
) -> list[tuple[list[Segment], float]]:
    """The marked quote broken into lines of ``width`` px: each line its (text, styles) pieces and width."""
    text = " ".join(quote.split("\n"))
    bounds = [(a, b, s) for a, b, s in runs]

    def segments(start: int, end: int) -> list[Segment]:
        out: list[Segment] = []
        for a, b, s in bounds:
            lo, hi = max(a, start), min(b, end)
            if lo < hi:
                out.append((text[lo:hi], s))
        return out

    def seg_width(segs: list[Segment]) -> float:
        return sum(face_of(s).width(t) for t, s in segs)

    lines: list[tuple[list[Segment], float]] = []
    line: list[Segment] = []
    used = 0.0
    at = 0
    for piece in pieces(text):
        start, end = at, at + len(piece)
        at = end
        core_end = start + len(piece.rstrip())
        core, tail = segments(start, core_end), segments(core_end, end)
        core_w = seg_width(core)
        if line and used + core_w > width:
            lines.append(_trimmed(line, face_of))
            line, used = [], 0.0
        if not line and core_w > width:  # longer than a line: cut between letters
            for i in range(start, core_end):
                letter = segments(i, i + 1)
                w = seg_width(letter)
                if line and used + w > width:
                    lines.append(_trimmed(line, face_of))
                    line, used = [], 0.0
                line += letter
                used += w
        else:
            line += core
            used += core_w
        line += tail
        used += seg_width(tail)
    if line:
        lines.append(_trimmed(line, face_of))
    return lines


def _trimmed(line: list[Segment], face_of: Callable[[Styles], Face]) -> tuple[list[Segment], float]:
    """A line's pieces merged where their styles agree, its trailing spaces dropped, and its width."""
    merged: list[Segment] = []
    for text, styles in line:
        if merged and merged[-1][1] == styles:
            merged[-1] = (merged[-1][0] + text, styles)
        else:
            merged.append((text, styles))
    while merged and not merged[-1][0].rstrip():
        merged.pop()
    if merged:
        merged[-1] = (merged[-1][0].rstrip(), merged[-1][1])
    if not merged:
        merged = [("", Styles())]
    return merged, sum(face_of(s).width(t) for t, s in merged)


def _draw_tabs(canvas: Canvas, card: Card, w: float, palette: style.Palette) -> None:
    """The labels on the card's top edge: the kind on the left, the side (and speech) on the right."""
    face = role_face("label")
    fill, border = palette.kinds[card.kind]
    top = -style.TAB_HEIGHT / 2
    baseline = top + (style.TAB_HEIGHT - face.height) / 2 + face.ascent
    height = style.TAB_HEIGHT
    kind_text = style.KIND_LABELS[card.kind]
    kind_w = face.width(kind_text) + 10
    canvas.rect(12, top, kind_w, height, Paint(fill=fill, stroke=border), radius=3)
    canvas.text(12 + kind_w / 2, baseline, kind_text, face, border, "middle")
    side_text = style.SIDE_LABELS[card.side] + (f" \u00b7 {card.speech}" if card.speech else "")
    side_text = face.elided(side_text, w / 2 - 30)
    side_w = face.width(side_text) + 10
    colour, hatched = palette.sides[card.side]
    left = w - 12 - side_w
    box_fill, text_fill = (palette.background, colour) if hatched else (colour, palette.label_text)
    canvas.rect(left, top, side_w, height, Paint(fill=box_fill, stroke=colour), radius=3)
    canvas.text(left + side_w / 2, baseline, side_text, face, text_fill, "middle")


def _draw_badge(canvas: Canvas, w: float, h: float, count: int, palette: style.Palette) -> None:
    """The "+7" pill on a collapsed card's bottom-right corner: how many cards its collapse hides."""
    face = role_face("badge")
    text = f"+{count}"
    bw = max(22.0, face.width(text) + 12)
    x, y = w - bw - 8, h - 9
    canvas.rect(x, y, bw, 18, Paint(fill=palette.badge_fill, stroke=palette.background, width=1.5), radius=9)
    canvas.text(
        x + bw / 2, y + (18 - face.height) / 2 + face.ascent, text, face, palette.badge_text, "middle"
    )


# -- arrows --------------------------------------------------------------------------------------


def arrow_path(points: list[Point]) -> tuple[PathData, Point, float, Point]:
    """A routed polyline as the editor draws it: its corners rounded, stopping a head's length short
    of its last point. Returns the path, the tip, the direction at the tip and the line's end."""
    pts = list(points)
    tip = pts[-1]
    (ax, ay) = pts[-2] if len(pts) > 1 else tip
    angle = math.atan2(tip[1] - ay, tip[0] - ax)
    back = min(style.ARROW_LENGTH, math.hypot(tip[0] - ax, tip[1] - ay))
    end = (tip[0] - math.cos(angle) * back, tip[1] - math.sin(angle) * back)
    pts[-1] = end
    d: list[tuple[str, *tuple[float, ...]]] = [("M", *pts[0])]
    for i in range(1, len(pts) - 1):
        (ax, ay), (px, py), (bx, by) = pts[i - 1], pts[i], pts[i + 1]
        la, lb = math.hypot(ax - px, ay - py), math.hypot(bx - px, by - py)
        r = min(style.ARROW_CORNER, la / 2, lb / 2)
        if r < 0.5:
            d.append(("L", px, py))
            continue
        d.append(("L", px + (ax - px) * r / la, py + (ay - py) * r / la))
        d.append(("Q", px, py, px + (bx - px) * r / lb, py + (by - py) * r / lb))
    d.append(("L", *end))
    return d, tip, angle, end


def draw_arrow(canvas: Canvas, points: list[Point], kind: str, palette: style.Palette) -> None:
    """supports: a solid line into a filled arrowhead; rebuts: a dashed line ending in a flat bar."""
    if len(points) < 2:
        return
    d, tip, angle, end = arrow_path(points)
    _draw_arrow_parts(canvas, d, tip, angle, end, kind, palette)


def _draw_arrow_parts(
    canvas: Canvas, d: PathData, tip: Point, angle: float, end: Point, kind: str, palette: style.Palette
) -> None:
    colour, width = palette.relations[kind]
    cos, sin = math.cos(angle), math.sin(angle)
    if style.RELATION_DASHES[kind] == "solid":
        canvas.path(d, Paint(stroke=colour, width=width, round_joins=True))
        bx, by = tip[0] - cos * style.ARROW_LENGTH, tip[1] - sin * style.ARROW_LENGTH
        nx, ny = -sin * style.ARROW_WIDTH / 2, cos * style.ARROW_WIDTH / 2
        head: PathData = [("M", *tip), ("L", bx + nx, by + ny), ("L", bx - nx, by - ny), ("Z",)]
        canvas.path(head, Paint(fill=colour, stroke=colour))
        return
    on, off = style.REBUTTAL_DASH
    canvas.path(d, Paint(stroke=colour, width=width, dash=(on * width, off * width), round_joins=True))
    # The dashed line stops a head's length short; a solid stub closes the gap to the bar.
    cx, cy = tip[0] - cos * 2.5, tip[1] - sin * 2.5
    nx, ny = -sin * style.BAR_LENGTH / 2, cos * style.BAR_LENGTH / 2
    canvas.path([("M", *end), ("L", cx, cy)], Paint(stroke=colour, width=width))
    canvas.path([("M", cx + nx, cy + ny), ("L", cx - nx, cy - ny)], Paint(stroke=colour, width=3.5))


# -- the legend ----------------------------------------------------------------------------------


def legend_size() -> tuple[float, float]:
    face = role_face("legend")
    longest = max((label for _, _, label in style.LEGEND_ROWS), key=len)
    pad = style.LEGEND_PAD
    return (
        pad * 3 + style.LEGEND_SWATCH[0] + face.width(longest) + 8,
        pad * 2 + 24 + style.LEGEND_ROW * len(style.LEGEND_ROWS),
    )


def draw_legend(canvas: Canvas, x: float, y: float, palette: style.Palette) -> None:
    """What the kinds, sides and arrows mean, drawn with the cards' own drawing."""
    w, h = legend_size()
    pad = style.LEGEND_PAD
    canvas.group(x, y)
    canvas.rect(
        0.5, 0.5, w - 1, h - 1, Paint(fill=palette.legend_fill, stroke=palette.legend_border), radius=6
    )
    title = role_face("legend-title")
    canvas.text(pad, pad + (20 - title.height) / 2 + title.ascent, style.LEGEND_TITLE, title, palette.text)
    label_face, legend_face = role_face("label"), role_face("legend")
    sw, sh = style.LEGEND_SWATCH
    row_y = pad + 24
    for group, key, label in style.LEGEND_ROWS:
        sx, sy = pad, row_y + (style.LEGEND_ROW - sh) / 2
        middle = sy + (sh - label_face.height) / 2 + label_face.ascent
        if group == "kind":
            draw_card_box(canvas, sx, sy, sw, sh, key, None, palette)
            kind_label = style.KIND_LABELS[key][:3]
            canvas.text(sx + sw / 2, middle, kind_label, label_face, palette.kinds[key][1], "middle")
        elif group == "side":
            draw_card_box(canvas, sx, sy, sw, sh, "argument", key, palette)
            side_label = style.SIDE_LABELS[key]
            canvas.text(sx + 5 + (sw - 5) / 2, middle, side_label, label_face, palette.text, "middle")
        else:
            mid = sy + sh / 2
            end = (sx + sw - 12, mid)
            _draw_arrow_parts(canvas, [("M", sx, mid), ("L", *end)], (sx + sw, mid), 0.0, end, key, palette)
        baseline = row_y + (style.LEGEND_ROW - legend_face.height) / 2 + legend_face.ascent
        canvas.text(sx + sw + pad, baseline, label, legend_face, palette.text)
        row_y += style.LEGEND_ROW
    canvas.end_group()
