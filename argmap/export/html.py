"""The web export: one self-contained HTML file a reader explores in any browser, offline.

The page is a fixed viewer (``html_assets/``: markup, style and script written once, by us) plus the
map as JSON. User text never becomes markup: it travels only inside a JSON block whose ``<``, ``>``
and ``&`` are escaped, and the viewer puts it on the page with ``textContent``. A Content Security
Policy pins the page's one script and one style sheet by hash and allows no network request at all,
so even a bug in the viewer cannot fetch anything or run text from the map.

Card boxes and positions are argmap's own layout (saved positions kept, the rest laid out), so the
page shows the map as the editor and the image exports do. No Qt here.
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib import resources
from pathlib import Path

from ..atomic import SaveError, write_atomic
from ..geometry import card_size, cite_text
from ..layout import layout_positions
from ..layout_data import relation_paths
from ..model import ArgumentMap
from ..quotes import MARK_STYLES, Mark, read_aloud, word_count
from ..visibility import hidden_by_collapse
from .options import ExportError, ExportOptions, TitleBlock, source_citation, title_block, visible_cards

KIND_LABELS = {"position": "Position", "argument": "Argument", "rebuttal": "Rebuttal", "evidence": "Evidence"}
SIDE_LABELS = {"for": "AFF", "against": "NEG"}
SIDE_NAMES = {"for": "Affirmative", "against": "Negative"}
RELATION_LABELS = {"supports": "supports", "rebuts": "rebuts"}

# What JSON may hold that would end the <script> block or be read as markup or a line break by a
# parser: escaped as JavaScript escapes, which JSON.parse turns back into the same characters.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("html_assets", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def map_data(
    amap: ArgumentMap,
    options: ExportOptions,
    block: TitleBlock,
    *,
    positions: dict[str, tuple[float, float]] | None = None,
    direction: str = "TB",
) -> dict:
    """Everything the viewer shows, as plain JSON-ready values: cards with their boxes, relations, text."""
    # Cards the editor's filters hide stay out; cards hidden by collapse come along, collapsed, so the
    # reader can expand them.
    shown = map_data_card_ids(amap, options)
    shown_set = set(shown)
    sizes = {cid: card_size(amap.card(cid), amap.sources) for cid in amap.card_ids()}
    placed = layout_positions(
        amap, direction=direction, sizes=sizes, pinned=positions if positions is not None else None
    )
    cards = []
    for cid in shown:
        card = amap.card(cid)
        x, y = placed[cid]
        w, h = sizes[cid]
        entry = {
            "id": cid,
            "kind": card.kind,
            "side": card.side,
            "tag": card.tag,
            "text": card.text,
            "speech": card.speech,
            "notes": card.notes,
            "x": round(x, 1),
            "y": round(y, 1),
            "w": w,
            "h": h,
        }
        if card.kind == "evidence":
            entry["quote"] = card.quote
            if card.marks:
                entry["runs"] = quote_runs(card.quote, card.marks)
                entry["readWords"] = word_count(read_aloud(card.quote, card.marks))
            entry["cite"] = cite_text(card, amap.sources)
            if card.cite is not None:
                entry["source"] = card.cite.source
        cards.append(entry)
    # Arrows take the routes every other export draws: through the gaps, never behind a card.
    boxes = {cid: (x, y, x + sizes[cid][0], y + sizes[cid][1]) for cid, (x, y) in placed.items()}
    paths = relation_paths(amap, boxes, direction)
    relations = [
        {
            "from": rel.source,
            "to": rel.target,
            "type": rel.type,
            "points": [[round(px, 1), round(py, 1)] for px, py in paths.get((rel.source, rel.target), [])],
        }
        for rel in amap.relations()
        if rel.source in shown_set and rel.target in shown_set
    ]
    sources = {
        sid: {
            "title": s.title,
            "author": s.author,
            "publisher": s.publisher,
            "date": str(s.date) if s.date else "",
            "url": s.url,
            "citation": source_citation(s),
        }
        for sid, s in amap.sources.items()
    }
    collapsed = sorted(cid for cid in amap.layout.collapsed if cid in shown_set)
    return {
        "title": block.title,
        "subtitle": block.subtitle,
        "sources": list(block.sources),
        "made": block.made,
        "description": amap.info.description,
        "direction": direction,
        "cards": cards,
        "relations": relations,
        "sourceRecords": sources,
        "collapsed": collapsed,
        "legend": options.legend,
        "labels": {"kinds": KIND_LABELS, "sides": SIDE_LABELS, "sideNames": SIDE_NAMES},
    }


def quote_runs(quote: str, marks: tuple[Mark, ...]) -> list[list[str]]:
    """The quote cut where marks start and end: ``[text, styles]`` pieces, styles as letters
    (``u`` underline, ``e`` emphasis, ``h`` highlight), so the page draws the card as it was cut."""
    cuts = sorted({0, len(quote), *(m.start for m in marks), *(m.end for m in marks)})
    runs = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start >= end or end > len(quote):
            continue
        styles = "".join(
            style[0]
            for style in MARK_STYLES
            if any(m.style == style and m.start <= start and end <= m.end for m in marks)
        )
        runs.append([quote[start:end], styles])
    return runs


def script_safe_json(data: object) -> str:
    """``data`` as JSON that can stand inside a ``<script>`` element without ending it or being markup."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def html_document(
    amap: ArgumentMap,
    options: ExportOptions,
    block: TitleBlock,
    *,
    positions: dict[str, tuple[float, float]] | None = None,
    direction: str = "TB",
) -> str:
    """The whole page as a string: viewer, style and map in one file that needs nothing else."""
    style = _asset("viewer.css")
    script = _asset("viewer.js")
    data = script_safe_json(map_data(amap, options, block, positions=positions, direction=direction))
    policy = "; ".join(
        (
            "default-src 'none'",
            f"script-src {_csp_hash(script)}",
            f"style-src {_csp_hash(style)}",
            "img-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    page = _asset("page.html")
    # The map's JSON goes in last, so no user text is ever searched for a marker.
    return (
        page.replace("@@POLICY@@", policy)
        .replace("@@STYLE@@", style)
        .replace("@@SCRIPT@@", script)
        .replace("@@DATA@@", data)
    )


def export_html(
    amap: ArgumentMap,
    path: str | Path,
    options: ExportOptions,
    *,
    positions: dict[str, tuple[float, float]] | None = None,
    direction: str = "TB",
) -> tuple[int, int]:
    """Write the page to ``path`` atomically; return ``(bytes written, cards in the page)``.

    Raises ExportError with a sentence when the options do not fit the map or the file cannot be written.
    """
    options.check(amap)
    block = title_block(amap, options)
    data = html_document(amap, options, block, positions=positions, direction=direction).encode("utf-8")
    try:
        write_atomic(Path(path), data)
    except SaveError as exc:
        raise ExportError(str(exc).replace("Could not save", "Could not write")) from None
    return len(data), len(map_data_card_ids(amap, options))


def map_data_card_ids(amap: ArgumentMap, options: ExportOptions) -> list[str]:
    """Ids of the cards the page holds: what the options show, with collapsed cards' answers included."""
    by_collapse = hidden_by_collapse(amap)
    return visible_cards(amap, options.with_changes(hidden=frozenset(options.hidden - by_collapse)))
