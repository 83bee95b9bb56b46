"""Colours, strokes and fonts for drawing a map: LIGHT and DARK for the screen, PRINT for paper.

A card's kind is never shown by colour alone: each kind has its own border width and dash and a
small-caps label ("POSITION", "EVIDENCE") on the card's top edge, so the map reads in greyscale.
The side is a stripe down the card's left edge plus an "AFF"/"NEG" label; on PRINT the negative
stripe is hatched rather than solid.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

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


@dataclass(frozen=True)
class KindStyle:
    """How one kind of card is drawn: fill, border colour, width and dash, and corner radius."""

    fill: str
    border: str
    border_width: float
    dash: Qt.PenStyle = Qt.SolidLine
    radius: float = 6.0
    double_border: bool = False


@dataclass(frozen=True)
class SideStyle:
    """How a side is marked: the stripe's colour, and whether the stripe is hatched."""

    color: str
    hatched: bool = False


@dataclass(frozen=True)
class RelationStyle:
    color: str
    width: float
    dash: Qt.PenStyle


@dataclass(frozen=True)
class Theme:
    """Everything the renderer needs to know about looks; a value, so presets can be varied with replace()."""

    name: str
    background: str
    text: str
    muted_text: str
    kinds: dict[str, KindStyle]
    sides: dict[str, SideStyle]
    relations: dict[str, RelationStyle]
    label_text: str = "#ffffff"  # text on a side label
    selection: str = "#2f6fde"
    highlight: str = "#f2b705"  # find results
    full_detail: bool = False  # an export's theme: every word at every scale
    current_match: str = "#e8590c"
    badge_fill: str = "#343a40"
    badge_text: str = "#ffffff"
    handle: str = "#2f6fde"
    legend_fill: str = "#ffffff"
    legend_border: str = "#adb5bd"
    editor_fill: str = "#fffef5"
    font_families: list[str] = field(default_factory=lambda: list(FONT_FAMILIES))

    def with_changes(self, **changes: object) -> Theme:
        return replace(self, **changes)  # type: ignore[arg-type]

    # -- fonts: pixel sizes, so a card looks the same on every screen and in export -------------

    def font(self, role: str) -> QFont:
        """The font for a card section: "tag", "text", "cite", "quote", "label", "badge", "legend"."""
        size, weight, italic = _FONT_ROLES[role]
        font = plain_font(self.font_families, size, weight, italic)
        if role == "label":
            font.setLetterSpacing(QFont.AbsoluteSpacing, 0.8)
        return font

    def color(self, name: str) -> QColor:
        return QColor(getattr(self, name))


def plain_font(families: list[str], pixel_size: int, weight=QFont.Normal, italic: bool = False) -> QFont:
    """A font that draws every letter as itself, at the same metrics at every zoom.

    Ligatures are off: with them, "official" reaches a PDF's text layer as "o\ufb03cial", and a quote
    copied out of an exported brief is no longer verbatim."""
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(pixel_size)
    font.setWeight(weight)
    font.setItalic(italic)
    font.setHintingPreference(QFont.PreferNoHinting)
    for feature in _LIGATURES:
        font.setFeature(feature, 0)
    return font


_LIGATURES = (QFont.Tag("liga"), QFont.Tag("clig"))

# role: (pixel size, weight, italic). Chosen to fit geometry.py's characters-per-line estimates.
_FONT_ROLES = {
    "tag": (13, QFont.Bold, False),
    "text": (12, QFont.Normal, False),
    "cite": (10, QFont.DemiBold, False),
    "quote": (12, QFont.Normal, True),
    "label": (9, QFont.Bold, False),
    "badge": (11, QFont.Bold, False),
    "legend": (11, QFont.Normal, False),
    "legend-title": (12, QFont.Bold, False),
}


def _kinds(
    position: tuple[str, str], argument: tuple[str, str], rebuttal: tuple[str, str], evidence: tuple[str, str]
) -> dict[str, KindStyle]:
    """Kind styles sharing one stroke scheme; only fill and border colours vary per theme."""
    return {
        "position": KindStyle(position[0], position[1], 3.0, Qt.SolidLine, radius=8.0),
        "argument": KindStyle(argument[0], argument[1], 1.5, Qt.SolidLine, radius=6.0),
        "rebuttal": KindStyle(rebuttal[0], rebuttal[1], 2.0, Qt.DashLine, radius=6.0),
        "evidence": KindStyle(evidence[0], evidence[1], 1.0, Qt.SolidLine, radius=2.0, double_border=True),
    }


LIGHT = Theme(
    name="light",
    background="#f4f5f7",
    text="#1d2129",
    muted_text="#5c6370",
    kinds=_kinds(
        position=("#ffffff", "#1d2129"),
        argument=("#ffffff", "#5b6577"),
        rebuttal=("#fff8f0", "#b4531b"),
        evidence=("#fbfaf4", "#7a6a3a"),
    ),
    sides={"for": SideStyle("#1f63c6"), "against": SideStyle("#c92a2a")},
    relations={
        "supports": RelationStyle("#2b8a3e", 2.0, Qt.SolidLine),
        "rebuts": RelationStyle("#c92a2a", 2.0, Qt.DashLine),
    },
)

DARK = Theme(
    name="dark",
    background="#1b1e24",
    text="#e9ecef",
    muted_text="#a3abb7",
    kinds=_kinds(
        position=("#2a2f38", "#f1f3f5"),
        argument=("#252a32", "#8d97a8"),
        rebuttal=("#2e2620", "#f08c4a"),
        evidence=("#28271f", "#c9b67a"),
    ),
    sides={"for": SideStyle("#4d94ff"), "against": SideStyle("#ff6b6b")},
    relations={
        "supports": RelationStyle("#69db7c", 2.0, Qt.SolidLine),
        "rebuts": RelationStyle("#ff8787", 2.0, Qt.DashLine),
    },
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
PRINT = Theme(
    name="print",
    background="#ffffff",
    text="#000000",
    muted_text="#404040",
    kinds=_kinds(
        position=("#ffffff", "#000000"),
        argument=("#ffffff", "#404040"),
        rebuttal=("#ffffff", "#000000"),
        evidence=("#ffffff", "#404040"),
    ),
    sides={"for": SideStyle("#000000"), "against": SideStyle("#000000", hatched=True)},
    relations={
        "supports": RelationStyle("#000000", 1.8, Qt.SolidLine),
        "rebuts": RelationStyle("#000000", 1.8, Qt.DashLine),
    },
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

THEMES = {t.name: t for t in (LIGHT, DARK, PRINT)}
