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

from ..citation import cite_line
from ..exportable import exportable
from ..interchange import docx_marks
from ..model import ArgumentMap, Card
from ..quotes import Mark, normalize
from ..textrules import xml_safe
from .options import ExportOptions, TitleBlock, visible_cards

SIDE_POCKETS = {"for": "Affirmative", "against": "Negative"}
SIDE_SHORT = {"for": "AFF", "against": "NEG"}
VERBATIM_NAMES = {1: "Pocket", 2: "Hat", 3: "Block", 4: "Tag"}
# Verbatim's look: black headings, Pocket and Hat large, Tag 13 pt bold.
HEADING_SIZES = {1: 26, 2: 22, 3: 16, 4: 13}
CITE_STYLE = docx_marks.CITE_STYLE  # Verbatim's cite style, aliased "Cite"
# What argmap adds under a heading, in styles of their own so that reading the brief back is exact.
ABOUT_STYLE = "argmap Card"  # kind, side, speech, and what the card answers (a link to it)
POINTER_STYLE = "argmap Answer"  # another card answering this one, written in full elsewhere (a link)
TEXT_STYLE = "argmap Text"
NOTES_STYLE = "argmap Notes"
A2 = "A2: "  # Verbatim's "answers to" hat


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
    """Walks the map from its positions and writes pockets, hats, blocks and tags.

    Each side's cards sit under that side's pocket: an answer from the other side is written under
    the other side's pocket, in a hat "A2: <what it answers>", with a pointer where it was reached.
    Every heading carries a bookmark, and the lines saying what a card answers link to it, so a brief
    read back gives the same cards, sides and relations.
    """

    def __init__(self, doc, amap: ArgumentMap, shown: set[str]) -> None:
        self.doc = doc
        self.amap = amap
        self.shown = shown
        self.done: set[str] = set()
        self.pocket = "for"
        # Answers from the other side waiting for their pocket: side -> {target id: [answer ids]}
        self.pending: dict[str, dict[str, list[str]]] = {"for": {}, "against": {}}
        self.queued: set[str] = set()
        self.bookmarks: dict[str, str] = {}
        self._bookmark_id = 0
        # Style objects looked up once: python-docx walks every style for each lookup by name.
        self.styles = {
            name: doc.styles[name]
            for name in (docx_marks.EMPHASIS_STYLE, docx_marks.UNDERLINE_STYLE, CITE_STYLE, ABOUT_STYLE)
            + (POINTER_STYLE, TEXT_STYLE, NOTES_STYLE)
        }

    def write(self) -> int:
        cards = [self.amap.card(cid) for cid in self.amap.card_ids() if cid in self.shown]
        self.bookmarks = {c.id: f"argmap_{i}" for i, c in enumerate(cards)}
        positions = [c for c in cards if c.kind == "position"]
        first = True
        for side in ("for", "against"):
            mine = [p for p in positions if p.side == side]
            if mine or self.pending[side]:
                self._pocket(side, mine, SIDE_POCKETS[side])
                first = False
        # Answers to answers written under the second pocket go into a pocket of their own.
        rounds = 0
        while (self.pending["for"] or self.pending["against"]) and rounds < 50:
            rounds += 1
            for side in ("for", "against"):
                if self.pending[side]:
                    self._pocket(side, [], f"{SIDE_POCKETS[side]} answers")
        del first
        rest = [c for c in cards if c.id not in self.done]
        if rest:
            self.doc.add_heading("Other cards", level=1)
            for card in rest:
                if card.id not in self.done:
                    self.pocket = card.side
                    self._block(card)
        return len(self.done)

    def _pocket(self, side: str, positions: list[Card], title: str) -> None:
        self.pocket = side
        self.doc.add_heading(title, level=1)
        for position in positions:
            self._hat(position)
        while self.pending[side]:
            target_id, answers = next(iter(self.pending[side].items()))
            del self.pending[side][target_id]
            self.doc.add_heading(A2 + _headline(self.amap.card(target_id)), level=2)
            for answer_id in answers:
                if answer_id not in self.done:
                    self._block(self.amap.card(answer_id), answers=self.amap.card(target_id))

    def _answers(self, card: Card) -> list[Card]:
        """The shown cards answering ``card``, in the map's order."""
        ids = set(self.amap.answers_to(card.id)) & self.shown
        return [self.amap.card(cid) for cid in self.amap.card_ids() if cid in ids]

    def _other_side(self, answer: Card, target: Card) -> bool:
        """An answer belonging under the other pocket: queue it there, point to it here."""
        if answer.side == self.pocket or answer.kind == "position":
            return False
        if answer.id not in self.done and answer.id not in self.queued:
            self.queued.add(answer.id)
            self.pending[answer.side].setdefault(target.id, []).append(answer.id)
        self._pointer(answer, target, "")
        return True

    def _hat(self, position: Card) -> None:
        self._heading(position, 2)
        self._about(position, answers=False)
        self._body(position)
        for answer in self._answers(position):
            if answer.kind == "position":
                self._pointer(answer, position, "the position")
            elif answer.id in self.done:
                self._pointer(answer, position, "")
            elif not self._other_side(answer, position):
                self._block(answer, answers=position)

    def _heading(self, card: Card, level: int) -> None:
        para = self.doc.add_heading(_headline(card), level=level)
        self.done.add(card.id)
        self._bookmark(para, self.bookmarks.get(card.id, ""))

    def _bookmark(self, para, name: str) -> None:
        if not name:
            return
        self._bookmark_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self._bookmark_id))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self._bookmark_id))
        para._p.insert(1 if para._p.pPr is not None else 0, start)
        para._p.append(end)

    def _block(self, card: Card, answers: Card | None = None) -> None:
        if card.kind == "evidence":
            self._tag(card, answers)
            return
        self._heading(card, 3)
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
            if self._other_side(answer, card):
                continue
            self._tag(answer, card)
            self._line(answer)

    def _tag(self, card: Card, answers: Card | None) -> None:
        self._heading(card, 4)
        if card.kind == "evidence":
            # As debaters read a card: tag, cite, card text with its marks; what the map adds comes after.
            self._cite(card)
            if card.quote.strip():
                quote = card.quote
                lead = len(quote) - len(quote.lstrip())
                plain = quote.strip()
                marks = tuple(
                    Mark(m.start - lead, m.end - lead, m.style)
                    for m in card.marks
                    if m.end - lead > 0 and m.start - lead < len(plain)
                )
                docx_marks.write_marked(
                    self.doc.add_paragraph(), plain, normalize(marks, len(plain)), self.styles
                )
            self._about(card, answers=answers is not None, target=answers)
            if card.text.strip():
                self._styled(TEXT_STYLE, card.text.strip())
            if card.notes.strip():
                self._styled(NOTES_STYLE, "Notes: " + card.notes.strip())
        else:
            self._about(card, answers=answers is not None, target=answers)
            self._body(card)

    # -- paragraphs ----------------------------------------------------------------------------

    def _about(self, card: Card, *, answers: bool, target: Card | None = None) -> None:
        """A small line under a heading: kind, side, speech, and what the card answers (a link)."""
        parts = [card.kind.upper(), SIDE_SHORT[card.side]]
        if card.speech:
            parts.append(card.speech)
        para = self._paragraph(ABOUT_STYLE)
        para.add_run(" \u00b7 ".join(parts))
        if answers and target is not None and self.amap.has_relation(card.id, target.id):
            verb = self.amap.relation(card.id, target.id).type
            para.add_run(f" \u00b7 {verb} ")
            self._link(para, f"\u201c{_headline(target)}\u201d", self.bookmarks.get(target.id, ""))

    def _link(self, para, text: str, anchor: str) -> None:
        """``text`` as a link to the heading bookmarked ``anchor`` (plain text when there is none)."""
        if not anchor:
            para.add_run(text)
            return
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), anchor)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
        link.append(run)
        para._p.append(link)

    def _paragraph(self, style: str):
        """A new paragraph in ``style``, its id set directly (see docx_marks.write_marked for why)."""
        para = self.doc.add_paragraph()
        para._p.style = self.styles[style].style_id
        return para

    def _styled(self, style: str, text: str) -> None:
        self._paragraph(style).add_run(text)

    def _body(self, card: Card) -> None:
        text = card.text.strip()
        if text and text != _headline(card):
            self._styled(TEXT_STYLE, text)
        if card.notes.strip():
            self._styled(NOTES_STYLE, "Notes: " + card.notes.strip())

    def _cite(self, card: Card) -> None:
        """The cite in Verbatim's shape: "Lastname 22" in the cite style, then the full citation."""
        source = self.amap.sources.get(card.cite.source) if card.cite else None
        line = cite_line(source, card.cite)
        para = self.doc.add_paragraph()
        head = para.add_run(line.head or (card.cite.source if card.cite else ""))
        head._r.style = self.styles[CITE_STYLE].style_id
        if line.rest:
            para.add_run(" " + line.rest)

    def _pointer(self, card: Card, under: Card, what: str) -> None:
        """'NEG “X” rebuts “Y”; see its own heading.': both names link to their headings."""
        para = self._paragraph(POINTER_STYLE)
        verb = (
            self.amap.relation(card.id, under.id).type
            if self.amap.has_relation(card.id, under.id)
            else "answers"
        )
        lead = f"{SIDE_SHORT[card.side]} {what} " if what else f"{SIDE_SHORT[card.side]} "
        para.add_run(lead)
        self._link(para, f"\u201c{_headline(card)}\u201d", self.bookmarks.get(card.id, ""))
        para.add_run(f" {verb} ")
        self._link(para, f"\u201c{_headline(under)}\u201d", self.bookmarks.get(under.id, ""))
        para.add_run("; see its own heading.")


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
    # Verbatim's own character styles, under its names and aliases, so its macros work on the brief.
    cite = styles.add_style(CITE_STYLE, WD_STYLE_TYPE.CHARACTER)
    cite.font.bold = True
    cite.font.size = Pt(13)
    _alias(cite, "Cite")
    underline = styles.add_style(docx_marks.UNDERLINE_STYLE, WD_STYLE_TYPE.CHARACTER)
    underline.font.underline = True
    _alias(underline, "Underline")
    emphasis = styles[docx_marks.EMPHASIS_STYLE]
    emphasis.font.bold = True
    emphasis.font.italic = False
    emphasis.font.underline = True
    for name, size, italic in ((ABOUT_STYLE, 8, False), (POINTER_STYLE, 9, True), (NOTES_STYLE, 9, True)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.italic = italic
        style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        style.paragraph_format.space_after = Pt(2)
    text = styles.add_style(TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = normal


def _alias(style, alias: str) -> None:
    aliases = style.element.find(qn("w:aliases"))
    if aliases is None:
        aliases = OxmlElement("w:aliases")
        style.element.find(qn("w:name")).addnext(aliases)
    aliases.set(qn("w:val"), alias)


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
