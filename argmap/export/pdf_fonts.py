"""The fonts a PDF export draws its text in: found without Qt, shaped, and embedded as subsets.

Cards are drawn in DejaVu Sans (regular, bold, oblique), the faces ``font_widths`` measures, so
lines break where ``text_metrics`` broke them. Letters of the scripts DejaVu does not draw as the
editor does come from the Noto family Qt falls back to for them (``drawing_style.FONT_FAMILIES``):
Arabic, Hebrew, Thai and Devanagari are shaped by HarfBuzz (joined letters, marks, right to left);
Latin and CJK go straight through the font's cmap and advances. Files are found by fontconfig
(``fc-match``). Each font is embedded once as a subset of the glyphs used (Type0, Identity-H) with a
ToUnicode map, so text copied from the PDF (or read by ``pdftotext``) is the map's own text.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import uharfbuzz as hb

from ..text_metrics import is_right_to_left
from .options import ExportError

LATIN_FAMILY = "DejaVu Sans"
# Scripts Qt draws with a Noto family rather than DejaVu (scripts/font_widths.py measured them so),
# by code point range; shaped ones need HarfBuzz.
SCRIPTS: list[tuple[int, int, str, bool]] = [
    (0x0590, 0x05FF, "Noto Sans Hebrew", True),
    (0xFB1D, 0xFB4F, "Noto Sans Hebrew", True),
    (0x0600, 0x08FF, "Noto Sans Arabic", True),
    (0xFB50, 0xFDFF, "Noto Sans Arabic", True),
    (0xFE70, 0xFEFF, "Noto Sans Arabic", True),
    (0x0900, 0x097F, "Noto Sans Devanagari", True),
    (0x0E00, 0x0E7F, "Noto Sans Thai", True),
    (0x1100, 0x11FF, "Noto Sans CJK SC", False),
    (0x2E80, 0x9FFF, "Noto Sans CJK SC", False),
    (0xAC00, 0xD7AF, "Noto Sans CJK SC", False),
    (0xF900, 0xFAFF, "Noto Sans CJK SC", False),
    (0xFE30, 0xFE4F, "Noto Sans CJK SC", False),
    (0xFF00, 0xFFEF, "Noto Sans CJK SC", False),
    (0x20000, 0x3FFFF, "Noto Sans CJK SC", False),
]
# Tried in turn for a letter neither DejaVu nor its script's family draws.
FALLBACKS = ("Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans CJK SC", "Noto Sans Thai")
SHAPED = {family for _, _, family, shaped in SCRIPTS if shaped}


# Letters DejaVu may not draw as the editor does (past Latin, Greek, Cyrillic and punctuation).
_MAY_NEED_OTHER_FONTS = re.compile(r"[^\u0000-\u058f\u1e00-\u1fff\u2000-\u27bf]")


class FontsMissing(ExportError):
    """The PDF's main font is not installed: a sentence for the user."""


_DEBIAN_DEJAVU = {
    (LATIN_FAMILY, False, False): "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    (LATIN_FAMILY, True, False): "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    (LATIN_FAMILY, False, True): "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
    (LATIN_FAMILY, True, True): "/usr/share/fonts/truetype/dejavu/DejaVuSans-BoldOblique.ttf",
}


@cache
def font_file(family: str, bold: bool, italic: bool) -> tuple[str, int] | None:
    """(path, index in a collection) of the installed face of ``family``, or None when fontconfig
    has no such family (it would offer another family instead)."""
    known = _DEBIAN_DEJAVU.get((family, bold, italic))
    if known and os.path.exists(known):  # Debian's path: spares a fontconfig process per face
        return known, 0
    if shutil.which("fc-match") is None:
        return None
    pattern = family + (":bold" if bold else "") + (":slant=110" if italic else "")
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}|%{file}|%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = found.rsplit("|", 2)
    if len(parts) != 3 or family.lower() not in parts[0].lower().split(","):
        return None
    return parts[1], int(parts[2] or 0)


@dataclass
class Glyphs:
    """A line's piece in one font: its glyph ids as hex (for a piece drawn at the glyphs' own
    advances), its total advance in font units and its glyph count; a shaped piece also keeps each
    glyph's id and (advance, x offset, y offset), since HarfBuzz moves marks and joins letters."""

    font: EmbeddedFont
    hexes: str
    units: int
    count: int
    placed: list[tuple[int, int, int, int]] | None = None  # shaped: (gid, advance, dx, dy)

    def width(self, size: float, spacing: float = 0.0) -> float:
        return self.units * size / self.font.upem + spacing * self.count


@dataclass(eq=False)
class EmbeddedFont:
    """One font file as the PDF uses it: its glyphs' advances and the text each glyph stands for."""

    name: str  # its resource name in the PDF: /F1, /F2 ...
    path: str
    index: int
    face: hb.Face
    font: hb.Font
    upem: int
    cff: bool
    complex: bool = False  # its script needs shaping (joined letters, marks)
    used: dict[int, str] = field(default_factory=dict)  # glyph id -> the text it draws
    _cmap: dict[int, int] = field(default_factory=dict)
    _hexes: dict[str, str] = field(default_factory=dict)  # char -> its glyph id as 4 hex digits
    _advances: dict[str, int] = field(default_factory=dict)  # char -> its glyph's advance

    def gid(self, ch: str) -> int:
        code = ord(ch)
        g = self._cmap.get(code)
        if g is None:
            g = self._cmap[code] = self.font.get_nominal_glyph(code) or 0
        return g

    def has(self, ch: str) -> bool:
        return self.gid(ch) != 0

    def plain(self, text: str) -> Glyphs:
        """Text that needs no shaping: a glyph a character, each at its own advance."""
        hexes, advances = self._hexes, self._advances
        try:  # looked up in C (map over the dicts): a 1,000-card map draws 230,000 letters
            return Glyphs(
                self, "".join(map(hexes.__getitem__, text)), sum(map(advances.__getitem__, text)), len(text)
            )
        except KeyError:
            for ch in text:
                if ch not in hexes:
                    g = self.gid(ch)
                    hexes[ch] = f"{g:04X}"
                    advances[ch] = self.font.get_glyph_h_advance(g)
                    self.used.setdefault(g, ch)
            return self.plain(text)

    def shaped(self, text: str, rtl: bool) -> Glyphs:
        """Text shaped by HarfBuzz, its glyphs in drawing order (left to right)."""
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        buf.direction = "rtl" if rtl else "ltr"
        hb.shape(self.font, buf, {})
        infos, positions = buf.glyph_infos, buf.glyph_positions
        clusters = sorted({i.cluster for i in infos}) + [len(text)]
        ends = dict(zip(clusters, clusters[1:], strict=False))
        placed = []
        seen_clusters: set[int] = set()
        for info, pos in zip(infos, positions, strict=True):
            g = info.codepoint
            placed.append((g, pos.x_advance, pos.x_offset, pos.y_offset))
            if g not in self.used:  # the cluster's text goes with its first glyph, once
                first = info.cluster not in seen_clusters
                cluster = text[info.cluster : ends[info.cluster]] if first else ""
                # A reader reverses a right-to-left word's letters, a ligature's too: so its text is
                # kept reversed, and "لا" copies out as لا.
                self.used[g] = cluster[::-1] if rtl else cluster
            seen_clusters.add(info.cluster)
        units = sum(p[1] for p in placed)
        return Glyphs(self, "", units, len(placed), placed)

    def subset(self) -> bytes:
        """The font file holding only the glyphs used (ids kept, so the content streams hold)."""
        subset = hb.SubsetInput()
        subset.glyph_set.update([0, *self.used])
        # A TrueType subset keeps the glyph ids the content streams hold. A CID-keyed CFF (Noto's
        # CJK, Adobe-Identity ordered: a glyph's CID is its id in the full font) keeps each glyph's
        # CID in its charset instead, so it needs no 65,000 empty slots.
        subset.flags = hb.SubsetFlags.NO_HINTING | (0 if self.cff else hb.SubsetFlags.RETAIN_GIDS)
        made = hb.subset(self.face, subset)
        if made is None:
            raise FontsMissing(f"could not take the glyphs the map uses from {self.path}")
        if self.cff:  # embedded as the bare CFF table (CIDFontType0C): its CIDs are the glyph ids
            return bytes(made.reference_table("CFF ").data)
        return bytes(made.blob.data)

    def tag(self) -> str:
        """The six capitals a subset font's name starts with, from the glyphs it holds."""
        digest = hashlib.md5(repr(sorted(self.used)).encode(), usedforsecurity=False).digest()
        return "".join(chr(65 + b % 26) for b in digest[:6])

    def postscript_name(self) -> str:
        name = self.face.get_name(hb.OTNameIdPredefined.POSTSCRIPT_NAME) or "Font"
        return "".join(c for c in name if c.isalnum() or c in "-_") or "Font"


class FontSet:
    """The fonts one PDF draws with, each loaded once when first needed."""

    def __init__(self) -> None:
        self.fonts: list[EmbeddedFont] = []
        self._by_file: dict[tuple[str, int], EmbeddedFont] = {}
        self._families: dict[tuple[str, bool, bool], EmbeddedFont | None] = {}
        self._choice: dict[tuple[str, bool, bool], EmbeddedFont] = {}
        self.missing: set[str] = set()  # families a letter needed that are not installed
        if self.family(LATIN_FAMILY, False, False) is None:
            raise FontsMissing(
                f"the PDF export needs the font {LATIN_FAMILY} (Debian: fonts-dejavu-core), "
                "and fontconfig (fc-match) does not find it"
            )

    def family(self, family: str, bold: bool, italic: bool) -> EmbeddedFont | None:
        key = (family, bold, italic)
        if key not in self._families:
            found = font_file(family, bold, italic) or (
                font_file(family, False, False) if bold or italic else None
            )
            font = self._families[key] = None if found is None else self._load(*found)
            if font is not None and family in SHAPED:
                font.complex = True
        return self._families[key]

    def _load(self, path: str, index: int) -> EmbeddedFont | None:
        font = self._by_file.get((path, index))
        if font is None:
            try:
                face = hb.Face(hb.Blob.from_file_path(path), index)
            except Exception:  # an unreadable file: as if the family were missing
                return None
            font = EmbeddedFont(
                f"F{len(self.fonts) + 1}",
                path,
                index,
                face,
                hb.Font(face),
                face.upem,
                "CFF " in face.table_tags,
            )
            self.fonts.append(font)
            self._by_file[(path, index)] = font
        return font

    def for_char(self, ch: str, bold: bool, italic: bool) -> EmbeddedFont:
        """The font that draws ``ch`` as the editor does (see the module's docstring)."""
        key = (ch, bold, italic)
        font = self._choice.get(key)
        if font is None:
            font = self._choice[key] = self._choose(ch, bold, italic)
        return font

    def _choose(self, ch: str, bold: bool, italic: bool) -> EmbeddedFont:
        latin = self.family(LATIN_FAMILY, bold, italic)
        assert latin is not None
        code = ord(ch)
        wanted = next((family for lo, hi, family, _ in SCRIPTS if lo <= code <= hi), None)
        families = ([wanted] if wanted else []) + [LATIN_FAMILY, *FALLBACKS]
        if unicodedata.category(ch) in ("Zs", "Cc", "Cf") and not wanted:
            return latin
        for family in families:
            font = latin if family == LATIN_FAMILY else self.family(family, bold, False)
            if font is not None and font.has(ch):
                return font
        if wanted:
            self.missing.add(wanted)
        return latin

    def line(self, text: str, bold: bool, italic: bool) -> list[Glyphs]:
        """A line of text as pieces in their fonts, in drawing order from the left."""
        if text.isascii() or not _MAY_NEED_OTHER_FONTS.search(text):  # one piece, no shaping
            latin = self.family(LATIN_FAMILY, bold, italic)
            assert latin is not None
            return [latin.plain(text)]
        runs = _direction_runs(text)
        pieces: list[Glyphs] = []
        for run, rtl in runs:
            parts = self._font_runs(run, bold, italic)
            made = [font.shaped(part, rtl) if font.complex else font.plain(part) for part, font in parts]
            if rtl:
                made.reverse()
            pieces += made
        return pieces

    def _font_runs(self, text: str, bold: bool, italic: bool) -> list[tuple[str, EmbeddedFont]]:
        out: list[tuple[str, EmbeddedFont]] = []
        for ch in text:
            if unicodedata.category(ch) in ("Mn", "Me") and out:  # a mark stays with its letter
                font = out[-1][1]
            else:
                font = self.for_char(ch, bold, italic)
            if out and out[-1][1] is font:
                out[-1] = (out[-1][0] + ch, font)
            else:
                out.append((ch, font))
        return out


def _direction_runs(text: str) -> list[tuple[str, bool]]:
    """The line cut into runs of one direction, in visual order from the left: a simple form of
    Unicode's bidi algorithm (strong letters set a run's side; numbers read left to right; spaces and
    punctuation take their neighbours' side when both agree, else the paragraph's)."""
    para = is_right_to_left(text)
    kinds: list[bool | None] = []
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        kinds.append(True if kind in ("R", "AL") else False if kind in ("L", "EN", "AN") else None)
    resolved: list[bool] = []
    n = len(kinds)
    for i, k in enumerate(kinds):
        if k is None:
            before = next((kinds[j] for j in range(i - 1, -1, -1) if kinds[j] is not None), para)
            after = next((kinds[j] for j in range(i + 1, n) if kinds[j] is not None), para)
            k = before if before == after else para
        resolved.append(bool(k))
    runs: list[tuple[str, bool]] = []
    for ch, rtl in zip(text, resolved, strict=True):
        if runs and runs[-1][1] == rtl:
            runs[-1] = (runs[-1][0] + ch, rtl)
        else:
            runs.append((ch, rtl))
    if para:
        runs.reverse()
    return runs
