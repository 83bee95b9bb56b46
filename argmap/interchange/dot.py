"""DOT (Graphviz), export only: cards as boxes shaped by kind and coloured by side, relations as arrows
styled by type, laid out bottom-up so that positions stand at the top and their answers below them.

Every id and label is a quoted DOT string (quotes and backslashes escaped, line breaks as ``\\n``), so
user text cannot break the file or inject attributes.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import IO

from ..exportable import exportable
from ..model import ArgumentMap, Card
from ..textrules import clean
from .base import ExportReport, dropped_fields, dropped_map_parts, write_output

NAME = "DOT"
KIND_STYLE = {
    "position": 'shape=box, style="filled,bold", penwidth=2',
    "argument": 'shape=box, style="filled,rounded"',
    "rebuttal": 'shape=octagon, style="filled"',
    "evidence": 'shape=note, style="filled"',
}
SIDE_COLOURS = {"for": ('"#DCE9F7"', '"#1F4E89"'), "against": ('"#F7DCDC"', '"#8B1A1A"')}
RELATION_STYLE = {
    "supports": 'color="#2E7D32", style=solid, arrowhead=normal',
    "rebuts": 'color="#C62828", style=dashed, arrowhead=tee',
}
WRAP = 32


def quote(text: str) -> str:
    """A DOT double-quoted string Graphviz shows as exactly ``text`` (line breaks become ``\\n``).

    Graphviz decodes HTML entities in every string ("&amp;" shows as "&"), so each "&" is written as
    "&amp;": a card saying "&lt;b&gt;" shows those very characters.
    """
    escaped = clean(text).replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n") + '"'


def _label(card: Card) -> str:
    headline = card.headline or card.id
    lines = []
    for paragraph in headline.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, WRAP) or [""]
    if len(lines) > 6:
        lines = lines[:6]
        lines[-1] += " …"
    cite = ""
    if card.kind == "evidence" and card.cite is not None:
        cite = "\n— " + (card.cite.by or card.cite.source)
    return (
        "\n".join(lines) + cite + f"\n[{card.kind}, {card.side}{', ' + card.speech if card.speech else ''}]"
    )


def dumps(amap: ArgumentMap) -> tuple[str, ExportReport]:
    """The map as a DOT digraph, and what DOT does not carry."""
    amap = exportable(amap)
    out = [
        f"digraph {quote(amap.info.title)} {{",
        f"  graph [label={quote(amap.info.title)}, labelloc=t, fontsize=18, rankdir=BT, nodesep=0.4, "
        'ranksep=0.6, fontname="Helvetica"];',
        '  node [fontname="Helvetica", fontsize=11, margin="0.15,0.08"];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for card in amap.cards():
        fill, border = SIDE_COLOURS[card.side]
        tooltip = card.text or card.quote or card.headline
        out.append(
            f"  {quote(card.id)} [label={quote(_label(card))}, {KIND_STYLE[card.kind]}, "
            f"fillcolor={fill}, color={border}, tooltip={quote(tooltip)}];"
        )
    for rel in sorted(amap.relations(), key=lambda r: r.key):
        out.append(
            f"  {quote(rel.source)} -> {quote(rel.target)} [{RELATION_STYLE[rel.type]}, "
            f"tooltip={quote(rel.type)}];"
        )
    out.append("}")
    notes = ["card texts are shortened to their tags in the labels (the full text is each node's tooltip)"]
    notes += dropped_fields(amap, ("notes", "quote"), NAME)
    notes += dropped_map_parts(amap, NAME)
    return "\n".join(out) + "\n", ExportReport(notes)


def write_dot(amap: ArgumentMap, path_or_stream: str | Path | IO) -> ExportReport:
    """Write the map as DOT to a path or an open stream."""
    text, report = dumps(amap)
    write_output(path_or_stream, text)
    return report


write = write_dot
