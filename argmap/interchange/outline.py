"""Markdown outline, export only: a brief to read. Each position is a heading, followed by the cards that
answer it as nested bullets (supports before rebuttals), evidence quotes as block quotes with their cites.

A position that answers another position is named under it and written in its own section. Cards that
answer nothing and are not positions get their own headings at the end, so no card is left out; a card
that answers several cards is written in full once and referred to after that.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO

from ..exportable import exportable
from ..model import ArgumentMap, Card
from ..textrules import clean
from .base import ExportReport, dropped_map_parts, write_output

NAME = "Markdown"
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """Markdown-inert text on one line: characters that could start markup are backslash-escaped.

    Every line break Markdown knows (a bare CR too) becomes a space, so text cannot start a heading
    or a list item of its own.
    """
    flat = _SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", clean(text)).strip())
    return _LINE_START.sub(
        lambda m: "\\" + m.group(1) if not m.group(1).isdigit() else m.group(1) + "\\", flat
    )


def _describe(card: Card) -> str:
    words = [card.kind, card.side] + ([card.speech] if card.speech else [])
    return "(" + ", ".join(escape(w) for w in words) + ")"


def _cite_line(amap: ArgumentMap, card: Card) -> str:
    if card.cite is None:
        return ""
    source = amap.sources.get(card.cite.source)
    parts = [card.cite.by] if card.cite.by else []
    if source is not None:
        title = f"*{escape(source.title)}*" if source.title else ""
        parts += [p for p in (source.author if source.author != card.cite.by else "",) if p]
        parts = [escape(p) for p in parts] + ([title] if title else [])
        parts += [escape(p) for p in (source.date, card.cite.at, source.url) if p]
    else:
        parts = [escape(p) for p in parts + [card.cite.source, card.cite.at] if p]
    return "— " + ", ".join(parts)


class _Writer:
    def __init__(self, amap: ArgumentMap) -> None:
        self.amap = amap
        self.lines: list[str] = []
        self.written: set[str] = set()

    def card_body(self, card: Card, indent: str) -> None:
        """The card's text, then its quote and cite, indented under its bullet or heading."""
        if card.text and card.tag:
            self.lines.append(f"{indent}{escape(card.text)}")
        if card.notes:
            self.lines.append(f"{indent}*Notes:* {escape(card.notes)}")
        if card.kind == "evidence":
            if card.quote:
                self.lines.append(f"{indent}> {escape(card.quote)}")
            cite = _cite_line(self.amap, card)
            if cite:
                self.lines.append(f"{indent}>")
                self.lines.append(f"{indent}> {cite}")

    def answers(self, card_id: str, depth: int) -> None:
        answers = sorted(
            self.amap.answers_to(card_id),
            key=lambda a: (self.amap.relation(a, card_id).type != "supports", self.amap.card_ids().index(a)),
        )
        for answer_id in answers:
            card = self.amap.card(answer_id)
            indent = "  " * depth
            verb = "Supports" if self.amap.relation(answer_id, card_id).type == "supports" else "Rebuts"
            head = escape(card.headline or card.id)
            if card.kind == "position":  # every position has its own section
                self.lines.append(f"{indent}- **{verb}:** {head} {_describe(card)} — see its section")
                continue
            if answer_id in self.written:
                self.lines.append(f"{indent}- **{verb}:** {head} {_describe(card)} — see above")
                continue
            self.written.add(answer_id)
            self.lines.append(f"{indent}- **{verb}:** {head} {_describe(card)}")
            if card.text and card.tag or card.notes or card.kind == "evidence":
                self.lines.append("")
                self.card_body(card, indent + "  ")
                self.lines.append("")
            self.answers(answer_id, depth + 1)

    def section(self, card: Card) -> None:
        self.written.add(card.id)
        self.lines += [f"## {escape(card.headline or card.id)} {_describe(card)}", ""]
        before = len(self.lines)
        self.card_body(card, "")
        if len(self.lines) > before:
            self.lines.append("")
        self.answers(card.id, 0)
        self.lines.append("")

    def run(self) -> str:
        amap = self.amap
        self.lines += [f"# {escape(amap.info.title)}", ""]
        if amap.info.description:
            self.lines += [escape(amap.info.description), ""]
        for card in amap.cards():
            if card.kind == "position":
                self.section(card)
        for card in amap.cards():  # what answers nothing and is no position: still part of the brief
            if card.kind != "position" and not amap.answered_by(card.id) and card.id not in self.written:
                self.section(card)
        for card in amap.cards():  # cards only reachable through a cycle
            if card.id not in self.written:
                self.section(card)
        return re.sub(r"\n{3,}", "\n\n", "\n".join(self.lines)).rstrip() + "\n"


def dumps(amap: ArgumentMap) -> tuple[str, ExportReport]:
    """The map as a Markdown brief, and what a brief leaves out."""
    notes = ["card ids are not written: a brief shows tags and texts"]
    notes += dropped_map_parts(amap, NAME, sources=False, description=False)
    return _Writer(exportable(amap)).run(), ExportReport(notes)


def write(amap: ArgumentMap, path_or_stream: str | Path | IO) -> ExportReport:
    """Write the map as a Markdown outline."""
    text, report = dumps(amap)
    write_output(path_or_stream, text)
    return report
