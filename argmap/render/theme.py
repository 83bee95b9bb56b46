"""Colours, strokes and fonts for drawing a map: LIGHT and DARK for the screen, PRINT for paper.

A card's kind is never shown by colour alone: each kind has its own border width and dash and a
small-caps label ("POSITION", "EVIDENCE") on the card's top edge, so the map reads in greyscale.
The side is a stripe down the card's left edge plus an "AFF"/"NEG" label; on PRINT the negative
stripe is hatched rather than solid. The values themselves are in ``argmap/drawing_style.py`` (Qt-free),
which the SVG writer reads too; here they become Qt colours, pens and fonts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from .. import drawing_style as style
from ..drawing_style import FONT_FAMILIES, KIND_LABELS, SIDE_LABELS  # noqa: F401 - painting reads them here


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
    # The colours below come from a drawing_style palette (see theme_from); no second set of defaults here.
    label_text: str  # text on a side label
    selection: str
    highlight: str  # find results
    current_match: str
    badge_fill: str
    badge_text: str
    handle: str
    legend_fill: str
    legend_border: str
    editor_fill: str
    full_detail: bool = False  # an export's theme: every word at every scale
    font_families: list[str] = field(default_factory=lambda: list(FONT_FAMILIES))

    def with_changes(self, **changes: object) -> Theme:
        return replace(self, **changes)  # type: ignore[arg-type]

    # -- fonts: pixel sizes, so a card looks the same on every screen and in export -------------

    def font(self, role: str) -> QFont:
        """The font for a card section: "tag", "text", "cite", "quote", "label", "badge", "legend"."""
        size, weight, italic = _FONT_ROLES[role]
        font = plain_font(self.font_families, size, weight, italic)
        if role == "label":
            font.setLetterSpacing(QFont.AbsoluteSpacing, style.LABEL_LETTER_SPACING)
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

# role: (pixel size, weight, italic), from drawing_style.FONT_ROLES (CSS weights are Qt 6's).
_FONT_ROLES = {
    role: (size, QFont.Weight(weight), italic) for role, (size, weight, italic) in style.FONT_ROLES.items()
}
_DASHES = {"solid": Qt.SolidLine, "dash": Qt.DashLine}


def theme_from(palette: style.Palette) -> Theme:
    """The Qt theme of one of drawing_style's palettes: its colours with the shared strokes and fonts."""
    kinds = {
        kind: KindStyle(fill, border, width, _DASHES[dash], radius=radius, double_border=double)
        for kind, (fill, border) in palette.kinds.items()
        for width, dash, radius, double in [style.KIND_STROKES[kind]]
    }
    return Theme(
        name=palette.name,
        background=palette.background,
        text=palette.text,
        muted_text=palette.muted_text,
        kinds=kinds,
        sides={side: SideStyle(color, hatched) for side, (color, hatched) in palette.sides.items()},
        relations={
            kind: RelationStyle(color, width, _DASHES[style.RELATION_DASHES[kind]])
            for kind, (color, width) in palette.relations.items()
        },
        label_text=palette.label_text,
        selection=palette.selection,
        highlight=palette.highlight,
        current_match=palette.current_match,
        badge_fill=palette.badge_fill,
        badge_text=palette.badge_text,
        handle=palette.handle,
        legend_fill=palette.legend_fill,
        legend_border=palette.legend_border,
        editor_fill=palette.editor_fill,
    )


LIGHT = theme_from(style.LIGHT)
DARK = theme_from(style.DARK)
# Greyscale-safe: kinds by border weight/dash and label, sides by solid versus hatched stripes,
# relations by solid-with-arrowhead versus dashed-with-bar.
PRINT = theme_from(style.PRINT)

THEMES = {t.name: t for t in (LIGHT, DARK, PRINT)}
