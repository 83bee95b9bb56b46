"""The SVG export, drawn without Qt and written to the file as it is drawn.

The picture is the sheet every image export draws (``render/export.py``): a title block above the
map's region, which holds the shown cards, their arrows and the legend. Card boxes come from
``geometry.card_size`` and the layout (saved positions kept, the editor's when it asks), arrows
follow ``routing``'s paths, lines break where the editor breaks them (``text_metrics``, from the
fonts' own widths), and looks come from ``drawing_style``: so the file shows what the editor shows.

Nothing is held whole: each element is written as it is made, in chunks, to a temporary file that
replaces the target only when complete. User text is plain text: it is escaped into text content,
never into markup or attributes it could leave.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from .. import drawing_style as style
from .. import geometry
from ..atomic import SaveError, write_atomic
from ..exportable import exportable
from ..layout import layout_positions
from ..layout_data import box_query
from ..model import ArgumentMap, Card, Source
from ..quotes import styles_at
from ..routing import Rect, path_hits_rect, route_all
from ..text_metrics import Face, is_right_to_left, pieces, role_face, wrap
from ..visibility import collapsed_counts
from .options import ExportError, ExportOptions, TitleBlock, title_block, visible_cards
from .result import ExportResult

Point = tuple[float, float]
Styles = frozenset[str]  # the marks on a stretch of a quote: "highlight", "underline", "emphasis"
Segment = tuple[str, Styles]  # a stretch of a quote's line in one set of marks
Sources = Mapping[str, Source]

# Families metrically close to each other first, so an SVG opened elsewhere keeps its line widths,
# then the Noto families that draw the other scripts a map may be written in.
SVG_FONT_FAMILIES = (
    "'Liberation Sans', Arimo, Arial, Helvetica, 'DejaVu Sans', 'Noto Sans', 'Noto Sans Arabic', "
    "'Noto Sans Hebrew', 'Noto Sans CJK SC', 'Noto Sans CJK JP', 'Noto Sans Thai', sans-serif"
)
TEXT_LEFT = geometry.PADDING + style.TEXT_INDENT
SHRINK = geometry.SHRUNK_SHARE  # unread words of a marked quote, as Verbatim's shrink
CHUNK = 1 << 16  # characters gathered before a write
# How far a card's drawing reaches past its box (tabs above, badge below): the legend keeps clear of it.
CARD_REACH = (6.0, style.TAB_HEIGHT / 2 + 2, 6.0, 10.0)

_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def esc(text: str) -> str:
    """User text as XML text content or attribute value: nothing in it can become markup."""
    if "&" in text or "<" in text or ">" in text or '"' in text:  # most lines hold none of them
        return text.translate(_ESCAPE)
    return text


def num(v: float) -> str:
    """A length or coordinate, short: at most two decimals, no trailing zeros. (Where thousands are
    written, in text lines and arrows, coordinates are written with one decimal inline instead.)"""
    return f"{v:.2f}".rstrip("0").rstrip(".")


class _Writer:
    """Collects the SVG's text and writes it out in chunks as UTF-8, counting the bytes."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._parts: list[str] = []
        self._size = 0
        self.bytes = 0

    def __call__(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size > CHUNK:
            self.flush()

    def flush(self) -> None:
        data = "".join(self._parts).encode("utf-8", "replace")
        self._fh.write(data)
        self.bytes += len(data)
        self._parts.clear()
        self._size = 0


Out = Callable[[str], None]


# -- the sheet's geometry ------------------------------------------------------------------------


class SvgSheet:
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
        self.title_lines, title_bottom = self._lay_out_title(self.width - 2 * margin)
        self.rule_y = title_bottom + style.TITLE_GAP / 2
        self.map_origin = (margin, title_bottom + style.TITLE_GAP)
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

    # -- writing -------------------------------------------------------------------------------

    def write(self, fh: BinaryIO, *, transparent: bool = False) -> int:
        """Write the whole SVG to ``fh``; returns the bytes written."""
        out = _Writer(fh)
        w, h = math.ceil(self.width), math.ceil(self.height)
        palette = self.palette
        out(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" font-family="{esc(SVG_FONT_FAMILIES)}" xml:space="preserve">\n'
            f"<title>{esc(self.block.title)}</title>\n<desc>{esc(self.block.made)}</desc>\n"
        )
        if any(palette.sides[self.amap.card(cid).side][1] for cid in self.shown) or self.legend:
            out(_hatch_pattern(palette))
        if not transparent:
            out(f'<rect width="{w}" height="{h}" fill="#ffffff"/>\n')
        for text, face, colour, baseline in self.title_lines:
            out(
                f'<text x="{num(style.SHEET_MARGIN)}" y="{num(baseline)}"{_font_attrs(face)} fill="{colour}">'
            )
            out(f"{esc(text)}</text>\n")
        m = style.SHEET_MARGIN
        out(
            f'<path d="M{num(m)},{num(self.rule_y)}H{num(self.width - m)}" stroke="{palette.muted_text}" '
            'stroke-linecap="square"/>\n'
        )
        dx, dy = self.map_origin[0] - self.region[0], self.map_origin[1] - self.region[1]
        out(f'<g transform="translate({num(dx)},{num(dy)})">\n')
        if self.legend is not None:
            write_legend(out, self.legend[0], self.legend[1], palette)
        for source, target, kind in self.relations:
            write_arrow(out, self.paths[(source, target)], kind, palette)
        sources = self.amap.sources
        frames = CardFrames(palette)
        for cid in self.shown:
            x0, y0, x1, y1 = self.boxes[cid]
            out(f'<g transform="translate({num(x0)},{num(y0)})">')
            write_card(out, self.amap.card(cid), x1 - x0, y1 - y0, frames, sources, self.badges.get(cid, 0))
            out("</g>\n")
        out("</g>\n</svg>\n")
        out.flush()
        return out.bytes


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


def _font_attrs(face: Face) -> str:
    attrs = f' font-size="{num(face.size)}"'
    if face.bold:
        attrs += ' font-weight="bold"'
    if face.italic:
        attrs += ' font-style="italic"'
    if face.letter_spacing:
        attrs += f' letter-spacing="{num(face.letter_spacing)}"'
    return attrs


def _hatch_pattern(palette: style.Palette) -> str:
    """The hatching of a negative card's stripe on the print theme (Qt's backward diagonal pattern)."""
    colour = next((c for c, hatched in palette.sides.values() if hatched), palette.text)
    return (
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<path d="M-1,1L1,-1M0,6L6,0M5,7L7,5" stroke="{colour}" stroke-width="1"/></pattern></defs>\n'
    )


# -- cards ---------------------------------------------------------------------------------------


def write_card_box(
    out: Out, x: float, y: float, w: float, h: float, kind: str, side: str | None, palette: style.Palette
) -> None:
    """A card's box at (x, y): fill, the kind's border, the side's stripe (hatched on PRINT for NEG)."""
    fill, border = palette.kinds[kind]
    width, dash, radius, double = style.KIND_STROKES[kind]
    r = num(radius)
    at = f'x="{num(x)}" y="{num(y)}" ' if x or y else ""
    out(f'<rect {at}width="{num(w)}" height="{num(h)}" rx="{r}" fill="{fill}"/>')
    half = width / 2
    pen = f'stroke="{border}" stroke-width="{num(width)}"'
    if dash == "dash":  # Qt's DashLine, 4 pen widths on and 2 off, its ends squared
        pen += f' stroke-dasharray="{num(4 * width)},{num(2 * width)}" stroke-linecap="square"'
    out(
        f'<rect x="{num(x + half)}" y="{num(y + half)}" width="{num(w - width)}" height="{num(h - width)}" '
        f'rx="{r}" fill="none" {pen} stroke-linejoin="round"/>'
    )
    if double:  # evidence: a thin inner rule, like a clipped card
        pen = f'stroke="{border}" stroke-width="0.8"'
        out(
            f'<rect x="{num(x + 3)}" y="{num(y + 3)}" width="{num(w - 6)}" height="{num(h - 6)}" '
            f'rx="{num(max(0.0, radius - 1))}" fill="none" {pen}/>'
        )
    if side is None:
        return
    colour, hatched = palette.sides[side]
    stripe = style.STRIPE + (2 if hatched else 0)
    # The stripe is clipped to the card's rounded corner; its inner edge is ruled with the last pen.
    top = radius - math.sqrt(max(0.0, radius * radius - (radius - stripe) ** 2)) if radius > stripe else 0.0
    out(f'<path d="{_stripe_path(x, y, stripe, h, radius)}" fill="{"url(#hatch)" if hatched else colour}"/>')
    edge = f"M{num(x + stripe)},{num(y + top)}V{num(y + h - top)}"
    out(f'<path d="{edge}" {pen} fill="none"/>')
    if hatched:
        out(f'<path d="{edge}" stroke="{colour}" stroke-width="1"/>')


def _stripe_path(x: float, y: float, stripe: float, h: float, radius: float) -> str:
    """The left ``stripe`` px of a rounded box of height ``h``, as a path."""
    r = min(radius, h / 2)
    if r <= 0:
        return f"M{num(x)},{num(y)}h{num(stripe)}v{num(h)}h{num(-stripe)}Z"
    if r <= stripe:
        return (
            f"M{num(x)},{num(y + r)}A{num(r)},{num(r)} 0 0 1 {num(x + r)},{num(y)}H{num(x + stripe)}"
            f"V{num(y + h)}H{num(x + r)}A{num(r)},{num(r)} 0 0 1 {num(x)},{num(y + h - r)}Z"
        )
    top = r - math.sqrt(r * r - (r - stripe) ** 2)
    return (
        f"M{num(x + stripe)},{num(y + top)}V{num(y + h - top)}"
        f"A{num(r)},{num(r)} 0 0 1 {num(x)},{num(y + h - r)}V{num(y + r)}"
        f"A{num(r)},{num(r)} 0 0 1 {num(x + stripe)},{num(y + top)}Z"
    )


class CardFrames:
    """A card's box and labels as SVG, made once for each look (kind, side, speech, size): a large
    map has thousands of cards but few different frames."""

    def __init__(self, palette: style.Palette) -> None:
        self.palette = palette
        self._made: dict[tuple[str, str, str, float, float], tuple[str, str]] = {}

    def __call__(self, card: Card, w: float, h: float) -> tuple[str, str]:
        """(box, labels) of the card at the origin."""
        key = (card.kind, card.side, card.speech, w, h)
        frame = self._made.get(key)
        if frame is None:
            box: list[str] = []
            tabs: list[str] = []
            write_card_box(box.append, 0, 0, w, h, card.kind, card.side, self.palette)
            _write_tabs(tabs.append, card, w, self.palette)
            frame = self._made[key] = ("".join(box), "".join(tabs))
        return frame


def write_card(
    out: Out, card: Card, w: float, h: float, frames: CardFrames, sources: Sources, badge: int = 0
) -> None:
    """A card at the origin: box, sections (tag, text, cite, quote with its marks), labels, badge."""
    box, tabs = frames(card, w, h)
    out(box)
    _write_sections(out, card, w, h, frames.palette, sources)
    out(tabs)
    if badge:
        _write_badge(out, w, h, badge, frames.palette)


def _write_sections(
    out: Out, card: Card, w: float, h: float, palette: style.Palette, sources: Sources
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
            _write_marked_quote(out, card, x, first, width, palette)
        else:
            colour = palette.muted_text if role == "cite" else palette.text
            out(f'<g{_font_attrs(face)} fill="{colour}">')
            rtl = False
            for i, line in enumerate(lines):
                if i == 0 or not lines[i - 1]:  # a paragraph starts: its first strong letter sets its side
                    rtl = is_right_to_left(line)
                if not line:
                    continue
                baseline = f"{y + i * line_height + offset:.1f}"
                if rtl:
                    out(f'<text x="{x + width:.1f}" y="{baseline}" direction="rtl">{esc(line)}</text>')
                else:
                    out(f'<text x="{x:.1f}" y="{baseline}">{esc(line)}</text>')
            out("</g>")
            if role == "quote" and lines:
                last = y + (len(lines) - 1) * line_height + offset
                _write_rule(out, first - 11, last + 4, palette.kinds[card.kind][1])
        y += line_height * len(lines) + geometry.SECTION_GAP


def _write_rule(out: Out, top: float, bottom: float, colour: str) -> None:
    """The rule down a quote's left side."""
    x = num(TEXT_LEFT + 2)
    out(
        f'<path d="M{x},{num(top)}V{num(bottom)}" stroke="{colour}" stroke-width="2" '
        'stroke-linecap="square"/>'
    )


def _write_marked_quote(
    out: Out, card: Card, x: float, top: float, width: float, palette: style.Palette
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
                out(
                    f'<rect x="{num(left)}" y="{num(y)}" width="{num(seg_w)}" height="{num(height)}" '
                    f'fill="{glow}"/>'
                )
            at += seg_w
        anchor = (
            f'x="{num(x + width)}" y="{num(y + ascent)}" direction="rtl"'
            if rtl
            else f'x="{num(start)}" y="{num(y + ascent)}"'
        )
        out(f'<text {anchor} font-size="{num(base.size)}" fill="{palette.text}">')
        for text, styles in segments:
            face = face_of(styles)
            attrs = ""
            if face.size != base.size:
                attrs += f' font-size="{num(face.size)}"'
            if face.bold:
                attrs += ' font-weight="bold"'
            if "underline" in styles or "emphasis" in styles:
                attrs += ' text-decoration="underline"'
            read = "highlight" in styles or not reads_some
            if not read:
                attrs += f' fill="{palette.muted_text}"'
            out(f"<tspan{attrs}>{esc(text)}</tspan>" if attrs else esc(text))
        out("</text>")
        y += height
    if lines:
        _write_rule(out, top + 2, y - 2, palette.kinds[card.kind][1])


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


def _write_tabs(out: Out, card: Card, w: float, palette: style.Palette) -> None:
    """The labels on the card's top edge: the kind on the left, the side (and speech) on the right."""
    face = role_face("label")
    fill, border = palette.kinds[card.kind]
    top = -style.TAB_HEIGHT / 2
    baseline = num(top + (style.TAB_HEIGHT - face.height) / 2 + face.ascent)
    height = num(style.TAB_HEIGHT)
    kind_text = style.KIND_LABELS[card.kind]
    kind_w = face.width(kind_text) + 10
    attrs = _font_attrs(face)
    out(
        f'<rect x="12" y="{num(top)}" width="{num(kind_w)}" height="{height}" rx="3" fill="{fill}" '
        f'stroke="{border}"/><text x="{num(12 + kind_w / 2)}" y="{baseline}"{attrs} fill="{border}" '
        f'text-anchor="middle">{kind_text}</text>'
    )
    side_text = style.SIDE_LABELS[card.side] + (f" \u00b7 {card.speech}" if card.speech else "")
    side_text = face.elided(side_text, w / 2 - 30)
    side_w = face.width(side_text) + 10
    colour, hatched = palette.sides[card.side]
    left = w - 12 - side_w
    box_fill, text_fill = (palette.background, colour) if hatched else (colour, palette.label_text)
    out(
        f'<rect x="{num(left)}" y="{num(top)}" width="{num(side_w)}" height="{height}" rx="3" '
        f'fill="{box_fill}" stroke="{colour}"/><text x="{num(left + side_w / 2)}" y="{baseline}"{attrs} '
        f'fill="{text_fill}" text-anchor="middle">{esc(side_text)}</text>'
    )


def _write_badge(out: Out, w: float, h: float, count: int, palette: style.Palette) -> None:
    """The "+7" pill on a collapsed card's bottom-right corner: how many cards its collapse hides."""
    face = role_face("badge")
    text = f"+{count}"
    bw = max(22.0, face.width(text) + 12)
    x, y = w - bw - 8, h - 9
    out(
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(bw)}" height="18" rx="9" fill="{palette.badge_fill}" '
        f'stroke="{palette.background}" stroke-width="1.5"/><text x="{num(x + bw / 2)}" '
        f'y="{num(y + (18 - face.height) / 2 + face.ascent)}"{_font_attrs(face)} fill="{palette.badge_text}" '
        f'text-anchor="middle">{text}</text>'
    )


# -- arrows --------------------------------------------------------------------------------------


def arrow_path(points: list[Point]) -> tuple[str, Point, float, Point]:
    """A routed polyline as the editor draws it: its corners rounded, stopping a head's length short
    of its last point. Returns the path data, the tip, the direction at the tip and the line's end."""
    pts = list(points)
    tip = pts[-1]
    (ax, ay) = pts[-2] if len(pts) > 1 else tip
    angle = math.atan2(tip[1] - ay, tip[0] - ax)
    back = min(style.ARROW_LENGTH, math.hypot(tip[0] - ax, tip[1] - ay))
    end = (tip[0] - math.cos(angle) * back, tip[1] - math.sin(angle) * back)
    pts[-1] = end
    d = [f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"]
    for i in range(1, len(pts) - 1):
        (ax, ay), (px, py), (bx, by) = pts[i - 1], pts[i], pts[i + 1]
        la, lb = math.hypot(ax - px, ay - py), math.hypot(bx - px, by - py)
        r = min(style.ARROW_CORNER, la / 2, lb / 2)
        if r < 0.5:
            d.append(f"L{px:.1f},{py:.1f}")
            continue
        d.append(
            f"L{px + (ax - px) * r / la:.1f},{py + (ay - py) * r / la:.1f}"
            f"Q{px:.1f},{py:.1f} {px + (bx - px) * r / lb:.1f},{py + (by - py) * r / lb:.1f}"
        )
    d.append(f"L{end[0]:.1f},{end[1]:.1f}")
    return "".join(d), tip, angle, end


def write_arrow(out: Out, points: list[Point], kind: str, palette: style.Palette) -> None:
    """supports: a solid line into a filled arrowhead; rebuts: a dashed line ending in a flat bar."""
    if len(points) < 2:
        return
    d, tip, angle, end = arrow_path(points)
    _write_arrow_parts(out, d, tip, angle, end, kind, palette)


def _write_arrow_parts(
    out: Out, d: str, tip: Point, angle: float, end: Point, kind: str, palette: style.Palette
) -> None:
    colour, width = palette.relations[kind]
    cos, sin = math.cos(angle), math.sin(angle)
    if style.RELATION_DASHES[kind] == "solid":
        out(
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{num(width)}" '
            'stroke-linejoin="round"/>'
        )
        bx, by = tip[0] - cos * style.ARROW_LENGTH, tip[1] - sin * style.ARROW_LENGTH
        nx, ny = -sin * style.ARROW_WIDTH / 2, cos * style.ARROW_WIDTH / 2
        head = f"{tip[0]:.1f},{tip[1]:.1f} {bx + nx:.1f},{by + ny:.1f} {bx - nx:.1f},{by - ny:.1f}"
        out(f'<polygon points="{head}" fill="{colour}" stroke="{colour}" stroke-linecap="round"/>\n')
        return
    on, off = style.REBUTTAL_DASH
    out(
        f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{num(width)}" '
        f'stroke-dasharray="{num(on * width)},{num(off * width)}" stroke-linejoin="round"/>'
    )
    # The dashed line stops a head's length short; a solid stub closes the gap to the bar.
    cx, cy = tip[0] - cos * 2.5, tip[1] - sin * 2.5
    nx, ny = -sin * style.BAR_LENGTH / 2, cos * style.BAR_LENGTH / 2
    out(
        f'<path d="M{end[0]:.1f},{end[1]:.1f}L{cx:.1f},{cy:.1f}" stroke="{colour}" '
        f'stroke-width="{num(width)}"/>'
        f'<path d="M{cx + nx:.1f},{cy + ny:.1f}L{cx - nx:.1f},{cy - ny:.1f}" '
        f'stroke="{colour}" stroke-width="3.5"/>\n'
    )


# -- the legend ----------------------------------------------------------------------------------


def legend_size() -> tuple[float, float]:
    face = role_face("legend")
    longest = max((label for _, _, label in style.LEGEND_ROWS), key=len)
    pad = style.LEGEND_PAD
    return (
        pad * 3 + style.LEGEND_SWATCH[0] + face.width(longest) + 8,
        pad * 2 + 24 + style.LEGEND_ROW * len(style.LEGEND_ROWS),
    )


def write_legend(out: Out, x: float, y: float, palette: style.Palette) -> None:
    """What the kinds, sides and arrows mean, drawn with the cards' own drawing."""
    w, h = legend_size()
    pad = style.LEGEND_PAD
    out(f'<g transform="translate({num(x)},{num(y)})">')
    out(
        f'<rect x="0.5" y="0.5" width="{num(w - 1)}" height="{num(h - 1)}" rx="6" '
        f'fill="{palette.legend_fill}" '
        f'stroke="{palette.legend_border}"/>'
    )
    title = role_face("legend-title")
    out(
        f'<text x="{num(pad)}" y="{num(pad + (20 - title.height) / 2 + title.ascent)}"{_font_attrs(title)} '
        f'fill="{palette.text}">{style.LEGEND_TITLE}</text>'
    )
    label_face, legend_face = role_face("label"), role_face("legend")
    sw, sh = style.LEGEND_SWATCH
    row_y = pad + 24
    for group, key, label in style.LEGEND_ROWS:
        sx, sy = pad, row_y + (style.LEGEND_ROW - sh) / 2
        middle = sy + (sh - label_face.height) / 2 + label_face.ascent
        if group == "kind":
            write_card_box(out, sx, sy, sw, sh, key, None, palette)
            out(
                f'<text x="{num(sx + sw / 2)}" y="{num(middle)}"{_font_attrs(label_face)} '
                f'fill="{palette.kinds[key][1]}" text-anchor="middle">{style.KIND_LABELS[key][:3]}</text>'
            )
        elif group == "side":
            write_card_box(out, sx, sy, sw, sh, "argument", key, palette)
            out(
                f'<text x="{num(sx + 5 + (sw - 5) / 2)}" y="{num(middle)}"{_font_attrs(label_face)} '
                f'fill="{palette.text}" text-anchor="middle">{style.SIDE_LABELS[key]}</text>'
            )
        else:
            mid = sy + sh / 2
            end = (sx + sw - 12, mid)
            d = f"M{num(sx)},{num(mid)}L{num(end[0])},{num(mid)}"
            _write_arrow_parts(out, d, (sx + sw, mid), 0.0, end, key, palette)
        baseline = row_y + (style.LEGEND_ROW - legend_face.height) / 2 + legend_face.ascent
        out(
            f'<text x="{num(sx + sw + pad)}" y="{num(baseline)}"{_font_attrs(legend_face)} '
            f'fill="{palette.text}">{esc(label)}</text>'
        )
        row_y += style.LEGEND_ROW
    out("</g>\n")


# -- the export ----------------------------------------------------------------------------------


def export_svg(
    amap: ArgumentMap,
    path: str | Path,
    options: ExportOptions,
    *,
    positions: dict[str, Point] | None = None,
    direction: str = "TB",
) -> ExportResult:
    """Write ``amap`` as SVG to ``path`` (atomically, streamed); ExportError with a sentence on failure."""
    path = Path(path)
    amap = exportable(amap)  # a map never validated (an import) may hold what XML cannot carry
    options.check(amap)
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    if not path.parent.exists() and str(path.parent):
        raise ExportError(f"cannot write {path}: the folder {path.parent} does not exist")
    sheet = SvgSheet(amap, options, positions=positions, direction=direction)
    written: list[int] = []
    try:
        write_atomic(path, lambda fh: written.append(sheet.write(fh, transparent=options.transparent)))
    except SaveError as exc:
        raise ExportError(str(exc).replace("Could not save", "Could not write")) from None
    return ExportResult(path, "svg", written[0], len(sheet.shown))
