"""How a map looks, as plain values: colours, strokes, corner radii and font sizes for each theme.

The one place these are written. ``render/theme.py`` turns them into Qt pens and fonts for the editor
and the Qt exports; the SVG writer (``export/svg.py``) reads them as they are. No Qt here.

A card's kind is never shown by colour alone: each kind has its own border width and dash and a
small-caps label ("POSITION", "EVIDENCE") on the card's top edge, so the map reads in greyscale.
The side is a stripe down the card's left edge plus an "AFF"/"NEG" label; on PRINT the negative
stripe is hatched rather than solid.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

# Families tried in order; the first one installed wins (Qt falls back on its own past the list).
# Latin first (the look), then Noto families that cover the other scripts a map may be written in:
# Qt falls back through this list letter by letter, so Arabic, Hebrew, CJK and Thai text draws as
# itself instead of empty boxes (scripts/install-system-deps.sh installs Debian's Noto fonts).
FONT_FAMILIES = [
    "Inter",
    "Segoe UI",
    "Helvetica Neue",
    "Liberation Sans",
    "DejaVu Sans",
    "Arial",
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans Thai",
    "Noto Sans Devanagari",
]

KIND_LABELS = {"position": "POSITION", "argument": "ARGUMENT", "rebuttal": "REBUTTAL", "evidence": "EVIDENCE"}
SIDE_LABELS = {"for": "AFF", "against": "NEG"}

# role: (pixel size, weight as in CSS, italic). Chosen to fit geometry.py's characters-per-line estimates.
FONT_ROLES: dict[str, tuple[int, int, bool]] = {
    "tag": (13, 700, False),
    "text": (12, 400, False),
    "cite": (10, 600, False),
    "quote": (12, 400, True),
    "label": (9, 700, False),
    "badge": (11, 700, False),
    "legend": (11, 400, False),
    "legend-title": (12, 700, False),
}
LABEL_LETTER_SPACING = 0.8  # px between the letters of the small "POSITION" labels

# The stroke scheme every theme shares: kind -> (border width, dash, corner radius, double border).
# Dashes are "solid" or "dash" (Qt's DashLine: 4 pen widths on, 2 off).
KIND_STROKES: dict[str, tuple[float, str, float, bool]] = {
    "position": (3.0, "solid", 8.0, False),
    "argument": (1.5, "solid", 6.0, False),
    "rebuttal": (2.0, "dash", 6.0, False),
    "evidence": (1.0, "solid", 2.0, True),  # a thin inner rule, like a clipped card
}
RELATION_DASHES = {"supports": "solid", "rebuts": "dash"}


@dataclass(frozen=True)
class Palette:
    """One theme's colours (``#rrggbb``): the page, text, each kind's fill and border, each side's
    stripe (hatched or solid), each relation's colour and line width, and the decorations'."""

    name: str
    background: str
    text: str
    muted_text: str
    kinds: dict[str, tuple[str, str]]  # kind -> (fill, border)
    sides: dict[str, tuple[str, bool]]  # side -> (colour, hatched)
    relations: dict[str, tuple[str, float]]  # type -> (colour, line width)
    label_text: str = "#ffffff"  # text on a side label
    selection: str = "#2f6fde"
    highlight: str = "#f2b705"  # find results; a quote's highlighter is made from it
    current_match: str = "#e8590c"
    badge_fill: str = "#343a40"
    badge_text: str = "#ffffff"
    handle: str = "#2f6fde"
    legend_fill: str = "#ffffff"
    legend_border: str = "#adb5bd"
    editor_fill: str = "#fffef5"

    @property
    def dark(self) -> bool:
        """True for a dark page (light text): a highlighter then darkens instead of lightening."""
        r, g, b = (int(self.background[i : i + 2], 16) for i in (1, 3, 5))
        return (max(r, g, b) + min(r, g, b)) / 2 < 128


def highlighter(highlight: str, dark: bool) -> str:
    """The highlighter's colour from the theme's ``highlight`` (so the print theme stays grey), pale
    enough to read black text on (``dark``: dark enough for light text in a dark theme)."""
    r, g, b = (int(highlight[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    if dark:
        v = v * 100 / 220  # Qt's darker(220)
    else:
        s, v = s * 0.6, (min(1.0, max(v, 0.5) * 1.6) if s < 0.05 else 1.0)
    return "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hsv_to_rgb(h, s, v))


LIGHT = Palette(
    name="light",
    background="#f4f5f7",
    text="#1d2129",
    muted_text="#5c6370",
    kinds={
        "position": ("#ffffff", "#1d2129"),
        "argument": ("#ffffff", "#5b6577"),
        "rebuttal": ("#fff8f0", "#b4531b"),
        "evidence": ("#fbfaf4", "#7a6a3a"),
    },
    sides={"for": ("#1f63c6", False), "against": ("#c92a2a", False)},
    relations={"supports": ("#2b8a3e", 2.0), "rebuts": ("#c92a2a", 2.0)},
)

DARK = Palette(
    name="dark",
    background="#1b1e24",
    text="#e9ecef",
    muted_text="#a3abb7",
    kinds={
        "position": ("#2a2f38", "#f1f3f5"),
        "argument": ("#252a32", "#8d97a8"),
        "rebuttal": ("#2e2620", "#f08c4a"),
        "evidence": ("#28271f", "#c9b67a"),
    },
    sides={"for": ("#4d94ff", False), "against": ("#ff6b6b", False)},
    relations={"supports": ("#69db7c", 2.0), "rebuts": ("#ff8787", 2.0)},
    label_text="#111418",
    selection="#74a7ff",
    highlight="#ffd43b",
    current_match="#ff922b",
    badge_fill="#e9ecef",
    badge_text="#1b1e24",
    handle="#74a7ff",
    legend_fill="#23272e",
    legend_border="#495057",
    editor_fill="#2a2f38",
)

# Greyscale-safe: kinds by border weight/dash and label, sides by solid versus hatched stripes,
# relations by solid-with-arrowhead versus dashed-with-bar.
PRINT = Palette(
    name="print",
    background="#ffffff",
    text="#000000",
    muted_text="#404040",
    kinds={
        "position": ("#ffffff", "#000000"),
        "argument": ("#ffffff", "#404040"),
        "rebuttal": ("#ffffff", "#000000"),
        "evidence": ("#ffffff", "#404040"),
    },
    sides={"for": ("#000000", False), "against": ("#000000", True)},
    relations={"supports": ("#000000", 1.8), "rebuts": ("#000000", 1.8)},
    label_text="#ffffff",
    selection="#000000",
    highlight="#808080",
    current_match="#000000",
    badge_fill="#000000",
    badge_text="#ffffff",
    handle="#000000",
    legend_fill="#ffffff",
    legend_border="#000000",
    editor_fill="#ffffff",
)

PALETTES = {p.name: p for p in (LIGHT, DARK, PRINT)}

# -- the furniture of a card, an arrow and the legend (px), drawn alike by Qt and the SVG writer ----

STRIPE = 6.0  # the side stripe down the card's left edge
TEXT_INDENT = 4.0  # text starts this far past the card's padding (a gap after the stripe)
QUOTE_INDENT = 9.0  # a quote's lines start this far further in, past its rule
TAB_HEIGHT = 13.0  # the kind and side labels on the card's top edge
ARROW_LENGTH = 12.0
ARROW_WIDTH = 11.0
BAR_LENGTH = 16.0  # the flat bar (⊣) that ends a rebuttal
# The largest radius of a routed arrow's rounded corners: a corner cuts in by a quarter of its
# radius, within the router's clearance, so rounding never takes an arrow behind a card.
ARROW_CORNER = 16.0
REBUTTAL_DASH = (4.0, 2.5)  # a rebuttal's dashes along an arrow, in pen widths (on, off)

LEGEND_ROW = 30.0
LEGEND_SWATCH = (54.0, 22.0)
LEGEND_PAD = 12.0
LEGEND_TITLE = "Legend"
LEGEND_ROWS = [
    ("kind", "position", "Position: the case's claim"),
    ("kind", "argument", "Argument: a reason"),
    ("kind", "rebuttal", "Rebuttal: an answer"),
    ("kind", "evidence", "Evidence: a quoted card"),
    ("side", "for", "Affirmative (for)"),
    ("side", "against", "Negative (against)"),
    ("relation", "supports", "Supports"),
    ("relation", "rebuts", "Rebuts"),
]

# -- the exported sheet: a title block above the map's region ------------------------------------

SHEET_MARGIN = 36.0  # around the sheet
REGION_PAD = 24.0  # around the cards: their tabs, badges and arrows reach a little outside
TITLE_GAP = 22.0  # between the title block and the map
MIN_SHEET_WIDTH = 640.0
LEGEND_GAP = 60.0  # the legend stands this far left of the cards...
LEGEND_CLEARANCE = 30.0  # ...or in a corner of theirs with this much free space around it
# The title block's rows: (pixel size, weight, italic).
TITLE_FONT = (28, 700, False)
SUBTITLE_FONT = (17, 400, False)
SOURCE_FONT = (13, 400, False)
MADE_FONT = (12, 400, True)
