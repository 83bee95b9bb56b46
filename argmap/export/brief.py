"""The Word brief: a map written out the way debaters exchange evidence, in Verbatim's outline.

Verbatim (the debate community's Word template) names Word's Heading 1-4 Pocket, Hat, Block and Tag,
and reads a card as a tag, a cite line whose author and year are bold, then the quoted text as its
own paragraph. The brief follows that outline:

    Pocket  (Heading 1)  a side: Affirmative, Negative
    Hat     (Heading 2)  a position of that side
    Block   (Heading 3)  each argument or rebuttal answering that position
    Tag     (Heading 4)  each card further down that line, and every piece of evidence

Every card is written in full once, where the walk from the positions first reaches it; a card
reached again gets a one-line pointer. Cards that lead to no position close the brief under
"Other cards". No Qt here: the map image arrives as PNG bytes.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from ..exportable import exportable
from ..model import ArgumentMap, Card
from ..textrules import xml_safe
from .options import ExportOptions, TitleBlock, visible_cards

SIDE_POCKETS = {"for": "Affirmative", "against": "Negative"}
SIDE_SHORT = {"for": "AFF", "against": "NEG"}
VERBATIM_NAMES = {1: "Pocket", 2: "Hat", 3: "Block", 4: "Tag"}
# Verbatim's look: black headings, Pocket and Hat large, Tag 13 pt bold.
HEADING_SIZES = {1: 26, 2: 22, 3: 16, 4: 13}
CITE_STYLE = "Cite"


def _property(text: str) -> str:
    """``text`` cut to the 255 characters a Word document property can hold (with an ellipsis)."""
    return text if len(text) <= 255 else text[:254] + "\u2026"


def write_brief(
    amap: ArgumentMap,
    out: str | Path | BinaryIO,
    options: ExportOptions,
    block: TitleBlock,
    image_png: bytes | None = None,
    image_aspect: float = 1.0,
) -> int:
    """Write the brief to ``out`` (a path or a binary stream); return the number of cards written in full.

    ``image_aspect`` is the map image's width / height; it decides how large the image is placed.
    """
    amap = exportable(amap)  # Word's XML cannot hold control characters at all
    block = dataclasses.replace(
        block,
        title=xml_safe(block.title),
        subtitle=xml_safe(block.subtitle),
        sources=tuple(xml_safe(s) for s in block.sources),
        made=xml_safe(block.made),
    )
    doc = Document()
    _set_up_styles(doc)
    _title_section(doc, block, image_png, image_aspect)
    shown = set(visible_cards(amap, options))
    written = BriefWriter(doc, amap, shown).write()
    _page_numbers(doc)
    # Word's document properties hold at most 255 characters; the full title is on the title page.
    doc.core_properties.title = _property(block.title)
    doc.core_properties.subject = _property(block.subtitle)
    doc.core_properties.comments = _property(block.made)
    doc.save(out if hasattr(out, "write") else str(out))
    return written


# -- the outline --------------------------------------------------------------------------------


class BriefWriter:
    """Walks the map from its positions and writes pockets, hats, blocks and tags."""

    def __init__(self, doc, amap: ArgumentMap, shown: set[str]) -> None:
        self.doc = doc
        self.amap = amap
        self.shown = shown
        self.done: set[str] = set()

    def write(self) -> int:
        cards = [self.amap.card(cid) for cid in self.amap.card_ids() if cid in self.shown]
        positions = [c for c in cards if c.kind == "position"]
        for side in ("for", "against"):
            mine = [p for p in positions if p.side == side]
            if not mine:
                continue
            self.doc.add_heading(SIDE_POCKETS[side], level=1)
            for position in mine:
                self._hat(position)
        rest = [c for c in cards if c.id not in self.done]
        if rest:
            self.doc.add_heading("Other cards", level=1)
            for card in rest:
                if card.id not in self.done:
                    self._block(card)
        return len(self.done)

    def _answers(self, card: Card) -> list[Card]:
        """The shown cards answering ``card``, in the map's order."""
        ids = set(self.amap.answers_to(card.id)) & self.shown
        return [self.amap.card(cid) for cid in self.amap.card_ids() if cid in ids]

    def _hat(self, position: Card) -> None:
        self.doc.add_heading(_headline(position), level=2)
        self.done.add(position.id)
        self._about(position, answers=False)
        self._body(position)
        for answer in self._answers(position):
            if answer.kind == "position":
                self._pointer(answer, position, "the position")
            elif answer.id in self.done:
                self._pointer(answer, position, "")
            else:
                self._block(answer, answers=position)

    def _block(self, card: Card, answers: Card | None = None) -> None:
        if card.kind == "evidence":
            self._tag(card, answers)
            return
        self.doc.add_heading(_headline(card), level=3)
        self.done.add(card.id)
        self._about(card, answers=answers is not None, target=answers)
        self._body(card)
        self._line(card)

    def _line(self, card: Card) -> None:
        """Every card further down the line below ``card``, depth first, as tags."""
        for answer in self._answers(card):
            if answer.id in self.done:
                self._pointer(answer, card, "")
                continue
            if answer.kind == "position":
                self._pointer(answer, card, "the position")
                continue
            self._tag(answer, card)
            self._line(answer)

    def _tag(self, card: Card, answers: Card | None) -> None:
        self.doc.add_heading(_headline(card), level=4)
        self.done.add(card.id)
        if card.kind == "evidence":
            # As debaters read a card: tag, cite, quote; what the map adds comes after.
            self._cite(card)
            if card.quote.strip():
                self.doc.add_paragraph(card.quote.strip())
            self._about(card, answers=answers is not None, target=answers)
            if card.text.strip():
                self._note(card.text.strip())
            if card.notes.strip():
                self._note("Notes: " + card.notes.strip())
        else:
            self._about(card, answers=answers is not None, target=answers)
            self._body(card)

    # -- paragraphs ----------------------------------------------------------------------------

    def _about(self, card: Card, *, answers: bool, target: Card | None = None) -> None:
        """A small line under a heading: kind, side, speech, and what the card answers."""
        parts = [card.kind.upper(), SIDE_SHORT[card.side]]
        if card.speech:
            parts.append(card.speech)
        text = " \u00b7 ".join(parts)
        if answers and target is not None and self.amap.has_relation(card.id, target.id):
            verb = self.amap.relation(card.id, target.id).type
            text += f" \u00b7 {verb} \u201c{_headline(target)}\u201d"
        para = self.doc.add_paragraph()
        run = para.add_run(text)
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        para.paragraph_format.space_after = Pt(2)

    def _body(self, card: Card) -> None:
        text = card.text.strip()
        if text and text != _headline(card):
            self.doc.add_paragraph(text)
        if card.notes.strip():
            self._note("Notes: " + card.notes.strip())

    def _note(self, text: str) -> None:
        para = self.doc.add_paragraph()
        run = para.add_run(text)
        run.italic = True
        run.font.size = Pt(9)

    def _cite(self, card: Card) -> None:
        """The cite on one line: bold "Author YY", then the full reference in brackets."""
        cite = card.cite
        source = self.amap.sources.get(cite.source) if cite else None
        who = (cite.by if cite and cite.by else "") or (source.author or source.publisher if source else "")
        year = str(source.date)[2:4] if source and len(str(source.date)) >= 4 else ""
        para = self.doc.add_paragraph()
        para.add_run(" ".join(p for p in (who or (cite.source if cite else ""), year) if p), style=CITE_STYLE)
        ref = []
        if source is not None:
            if source.author and source.author != who:
                ref.append(source.author)
            if source.publisher and source.publisher != who:
                ref.append(source.publisher)
            if source.title:
                ref.append(f"\u201c{source.title}\u201d")
            if source.date:
                ref.append(str(source.date))
            if source.url:
                ref.append(source.url)
        elif cite is not None:
            ref.append(cite.source)
        if cite is not None and cite.at:
            ref.append(cite.at)
        if ref:
            para.add_run(" [" + ", ".join(ref) + "]")

    def _pointer(self, card: Card, under: Card, what: str) -> None:
        para = self.doc.add_paragraph()
        verb = (
            self.amap.relation(card.id, under.id).type
            if self.amap.has_relation(card.id, under.id)
            else "answers"
        )
        lead = f"{SIDE_SHORT[card.side]} {what} " if what else f"{SIDE_SHORT[card.side]} "
        run = para.add_run(f"{lead}\u201c{_headline(card)}\u201d {verb} this; see its own heading.")
        run.italic = True
        run.font.size = Pt(9)


def _headline(card: Card) -> str:
    return " ".join(card.headline.split()) or card.id


# -- the document's frame ----------------------------------------------------------------------


def _set_up_styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for level, alias in VERBATIM_NAMES.items():
        style = styles[f"Heading {level}"]
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt(HEADING_SIZES[level])
        style.font.bold = True
        style.font.italic = False
        style.font.name = "Calibri"
        # Word shows "Heading 1,Pocket", as in Verbatim's own template.
        aliases = style.element.find(qn("w:aliases"))
        if aliases is None:
            aliases = OxmlElement("w:aliases")
            name = style.element.find(qn("w:name"))
            name.addnext(aliases)
        aliases.set(qn("w:val"), alias)
    _box(styles["Heading 1"])
    cite = styles.add_style(CITE_STYLE, WD_STYLE_TYPE.CHARACTER)
    cite.font.bold = True
    cite.font.size = Pt(13)


def _box(style) -> None:
    """Verbatim draws a box around each Pocket."""
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "12")
        el.set(qn("w:space"), "4")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    ppr.append(borders)


def _title_section(doc, block: TitleBlock, image_png: bytes | None, aspect: float) -> None:
    """The first page: the title block, then the map image, on a landscape page when the map is wide."""
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.75))
    wide = image_png is not None and aspect > 1.2
    if wide:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Inches(11), Inches(8.5)
    doc.add_paragraph(block.title, style="Title")
    if block.subtitle:
        doc.add_paragraph(block.subtitle, style="Subtitle")
    for line in block.sources:
        doc.add_paragraph(line)
    made = doc.add_paragraph()
    run = made.add_run(block.made)
    run.italic = True
    run.font.size = Pt(9)
    if image_png is not None:
        avail_w = section.page_width - section.left_margin - section.right_margin
        avail_h = section.page_height - section.top_margin - section.bottom_margin - Inches(2.2)
        width = min(avail_w, int(avail_h * aspect))
        doc.add_picture(io.BytesIO(image_png), width=width)
    body = doc.add_section()
    body.orientation = WD_ORIENT.PORTRAIT
    body.page_width, body.page_height = Inches(8.5), Inches(11)


def _page_numbers(doc) -> None:
    """A PAGE field in the footer (later sections link to it), so a printed brief can be put back in order."""
    footer = doc.sections[0].footer
    para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    para.alignment = 1  # centred
    run = para.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)
