"""Hypothesis strategies for maps that validate: the 'what validate passes' side of the one rule."""

from __future__ import annotations

from hypothesis import strategies as st

from argmap.model import CARD_KINDS, RELATION_TYPES, SIDES, ArgumentMap, Card, Cite, MapInfo, Relation, Source
from argmap.textrules import MAX_COORDINATE, first_unsafe

# Any character a valid map may hold, with the ones that break formats made likely: markup, entity
# and escape characters, Argdown's '===' and brackets, emoji, right-to-left and line separators.
NASTY = [
    "<",
    ">",
    "&",
    "&amp;",
    '"',
    "'",
    "\\",
    "{",
    "}",
    "[",
    "]",
    "#",
    "*",
    "_",
    "`",
    "|",
    "~",
    "===",
    "---",
    "+>",
    "->",
    "\n",
    "\t",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\U0001f525",
    "\U0001f44d\U0001f3fd",
    "\u0627\u0644",
    "\u4e2d",
    "]]>",
    "<!--",
    "%",
    "@",
    ":",
    "1.",
    "- ",
    "> ",
]
CHAR = st.characters(blacklist_categories=("Cs",)).filter(lambda ch: first_unsafe(ch) is None)
PIECE = st.one_of(st.sampled_from(NASTY), st.text(CHAR, min_size=1, max_size=6))
TEXT = st.lists(PIECE, max_size=5).map("".join)
SOME_TEXT = st.lists(PIECE, min_size=1, max_size=5).map("".join).filter(lambda t: t.strip())
IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,7}", fullmatch=True)
COORD = st.one_of(
    st.integers(-5000, 5000).map(float), st.sampled_from([float(MAX_COORDINATE), -float(MAX_COORDINATE), 0.5])
)


@st.composite
def valid_maps(draw, max_cards: int = 6) -> ArgumentMap:
    # Importers strip white space around the map's title (a known gap: docs/reliability.md).
    amap = ArgumentMap(MapInfo(draw(SOME_TEXT.map(str.strip).filter(bool)), draw(TEXT)))
    for sid in draw(st.lists(IDS, max_size=2, unique_by=str.lower)):
        amap.sources[sid] = Source(sid, draw(SOME_TEXT), author=draw(TEXT), date=draw(TEXT), url=draw(TEXT))
    card_ids = draw(st.lists(IDS, min_size=1, max_size=max_cards, unique_by=str.lower))
    for cid in card_ids:
        kind = draw(st.sampled_from(CARD_KINDS if amap.sources else CARD_KINDS[:3]))
        side = draw(st.sampled_from(SIDES))
        common = dict(tag=draw(TEXT), speech=draw(TEXT), notes=draw(TEXT), text=draw(SOME_TEXT))
        if kind == "evidence":
            cite = Cite(draw(st.sampled_from(sorted(amap.sources))), by=draw(TEXT), at=draw(TEXT))
            amap.insert_card(Card(cid, kind, side, quote=draw(SOME_TEXT), cite=cite, **common))
        else:
            amap.insert_card(Card(cid, kind, side, **common))
    if len(card_ids) >= 2:
        pairs = draw(st.lists(st.tuples(st.sampled_from(card_ids), st.sampled_from(card_ids)), max_size=8))
        for source, target in pairs:
            if (
                source != target
                and not amap.has_relation(source, target)
                and not amap.has_relation(target, source)
            ):
                amap.insert_relation(Relation(source, target, draw(st.sampled_from(RELATION_TYPES))))
    for cid in card_ids:
        if draw(st.booleans()):
            amap.layout.positions[cid] = (draw(COORD), draw(COORD))
        if draw(st.booleans()):
            amap.layout.collapsed.add(cid)
    return amap
