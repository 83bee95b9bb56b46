"""Verbatim evidence files (.docx), import only, read with python-docx.

Verbatim arranges a file as Pocket, Hat, Block and Tag headings (Heading 1 to 4, or styles named so).
Each card is a Tag, then its cite line, then the card text in one or more paragraphs.

What becomes what:

- every Tag with a cite line and text becomes an evidence card: the tag is its tag, the text its
  quote, and the whole cite line is kept in its notes;
- the cite line gives the cite: ``by`` is the author (the full name when the parenthetical names the
  short-cite author, else the short cite's name), ``at`` a page locator when the line has one
  (``p. 4``, ``pp. 12-13``); one Source per distinct short-cite author and year (``Smith 22`` ->
  source ``smith-22``), titled by the quoted article title when there is one, with the date and the
  first URL found in the line;
- a Tag with no cite and no text (an analytic) becomes an argument card;
- each Block (or, for cards outside any block, the nearest Hat or Pocket) becomes a card that its
  cards support: an argument, or a rebuttal when the heading starts "A2", "AT" or "Answers to";
- sides come from AFF/NEG words and speech names (1AC, 2NC, ...) in the enclosing headings, the nearest
  first, else 'for'; a speech name in the headings becomes the cards' speech.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Cite, Source
from ..problems import Problem
from .base import DraftCard, ImportResult, InterchangeError, MapBuilder, guarded_read, read_bytes, slugify

NAME = "Verbatim"
_LEVEL_WORDS = {"pocket": 1, "hat": 2, "block": 3, "tag": 4}
_FOR = re.compile(r"\b(aff|affirmative|1ac|2ac|1ar|2ar)\b", re.IGNORECASE)
_AGAINST = re.compile(r"\b(neg|negative|1nc|2nc|1nr|2nr)\b", re.IGNORECASE)
_SPEECH = re.compile(r"\b(1AC|1NC|2AC|2NC|1NR|1AR|2NR|2AR)\b", re.IGNORECASE)
_ANSWER = re.compile(r"^\s*(a2|at|a/t|answers? to)\b", re.IGNORECASE)
_SHORT_CITE = re.compile(r"^\s*(?P<name>[^\d(\"“]+?)\s*['’]?(?P<year>\d{4}|\d{2})\b")
_PAGE = re.compile(r"\b(pp?g?\.?\s*\d+(?:\s*[-–]\s*\d+)?)", re.IGNORECASE)
_DATE = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})\b")
_URL = re.compile(r"https?://[^\s,)\]]+")
_TITLE = re.compile(r"[\"“]([^\"”]{3,}?)[,.]?[\"”]")


@dataclass
class _Card:
    paragraph: int
    tag: str
    headings: tuple[str, ...]
    group: str | None
    cite: str = ""
    cite_bold: str = ""
    body: list[str] = field(default_factory=list)


def _heading_level(paragraph) -> int:
    """1-4 for Pocket, Hat, Block, Tag (by style name or the style it is based on), else 0."""
    style = paragraph.style
    for _ in range(6):
        if style is None:
            break
        for name in (style.name or "").lower().split(","):
            name = name.strip()
            match = re.fullmatch(r"heading ([1-4])", name)
            if match:
                return int(match.group(1))
            if name in _LEVEL_WORDS:
                return _LEVEL_WORDS[name]
        style = style.base_style
    return 0


def _paragraphs(path: Path, name: str) -> list:
    import docx  # python-docx; imported here so that other formats do not need it loaded
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    read_bytes(path)  # size and existence checks with a clear message
    try:
        return list(docx.Document(str(path)).paragraphs)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InterchangeError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "error",
                    f"not a Word .docx file that python-docx can open ({type(exc).__name__}: {exc})",
                )
            ]
        ) from None
    except XMLSyntaxError as exc:
        raise InterchangeError([Problem(name, 1, 1, "error", f"the .docx is damaged: {exc}")]) from None


def _collect(paragraphs: list, b: MapBuilder) -> tuple[list[_Card], dict[str, tuple[int, tuple[str, ...]]]]:
    cards: list[_Card] = []
    groups: dict[str, tuple[int, tuple[str, ...]]] = {}  # heading key -> (paragraph, heading path)
    headings: list[str] = ["", "", ""]
    heading_at = [0, 0, 0]
    current: _Card | None = None
    stray = 0
    for number, paragraph in enumerate(paragraphs, start=1):
        text = paragraph.text.strip()
        level = _heading_level(paragraph)
        if not text:
            continue
        if level in (1, 2, 3):
            current = None
            headings[level - 1] = text
            heading_at[level - 1] = number
            for deeper in range(level, 3):
                headings[deeper] = ""
            continue
        if level == 4:
            path = tuple(h for h in headings if h)
            nearest = max((i for i in range(3) if headings[i]), default=None)
            group = None
            if nearest is not None:
                group = " › ".join(path)
                groups.setdefault(group, (heading_at[nearest], path))
            current = _Card(number, text, path, group)
            cards.append(current)
            continue
        if current is None:
            stray += 1
        elif not current.cite and not current.body:
            current.cite = text
            current.cite_bold = "".join(r.text for r in paragraph.runs if r.bold).strip()
        else:
            current.body.append(text)
    if stray:
        b.notes.append(f"{stray} paragraph(s) outside any tagged card dropped (file notes, analytics text)")
    return cards, groups


def _side(headings: tuple[str, ...]) -> str | None:
    for heading in reversed(headings):
        if _AGAINST.search(heading):
            return "against"
        if _FOR.search(heading):
            return "for"
    return None


def _speech(headings: tuple[str, ...]) -> str:
    for heading in reversed(headings):
        match = _SPEECH.search(heading)
        if match:
            return match.group(1).upper()
    return ""


def _iso_date(line: str) -> str:
    match = _DATE.search(line)
    if not match:
        return ""
    month, day, year = (int(g) for g in match.groups())
    year += 2000 if year < 100 and year < 50 else (1900 if year < 100 else 0)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _cite(card: _Card, b: MapBuilder) -> Cite:
    """The cite, and the source it names (made on first sight): see the module's docstring."""
    line = card.cite
    short = card.cite_bold or line
    match = _SHORT_CITE.match(short) or _SHORT_CITE.match(line)
    name = match.group("name").strip(" ,.;:") if match else ""
    year = match.group("year") if match else ""
    by = name
    paren = re.search(r"\(([^,)]+)", line)
    if name and paren and name.split()[-1].lower() in paren.group(1).lower() and len(paren.group(1)) < 80:
        by = paren.group(1).strip()
    page = _PAGE.search(line)
    source_id = slugify(f"{name} {year}", "cite") if name else b.ids.make("", "cite", "cite")
    if source_id not in b.sources:
        title_match = _TITLE.search(line)
        url = _URL.search(line)
        title = title_match.group(1).strip() if title_match else (line[:200] or source_id)
        b.sources[source_id] = Source(
            source_id, title, author=by, date=_iso_date(line), url=url.group(0).rstrip(".") if url else ""
        )
    return Cite(source_id, by, page.group(1) if page else "")


def _build(paragraphs: list, name: str) -> ImportResult:
    b = MapBuilder(name, NAME)
    cards, groups = _collect(paragraphs, b)
    if not cards:
        raise InterchangeError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "error",
                    "no tagged cards found: Verbatim tags are Heading 4 (or 'Tag') paragraphs",
                )
            ]
        )
    group_ids: dict[str, str] = {}
    defaulted = 0
    for key, (_number, path) in groups.items():
        heading = path[-1]
        side = _side(path)
        defaulted += side is None
        group_id = b.ids.make("", heading, "block")
        group_ids[key] = group_id
        b.add_card(
            DraftCard(
                group_id,
                tag=heading,
                side=side or "for",
                speech=_speech(path),
                kind="rebuttal" if _ANSWER.match(heading) else "argument",
                notes="Verbatim: " + " › ".join(path),
            )
        )
    evidence = analytics = 0
    for card in cards:
        side = _side(card.headings)
        defaulted += side is None
        card_id = b.ids.make("", card.tag, "card")
        draft = DraftCard(card_id, tag=card.tag, side=side or "for", speech=_speech(card.headings))
        if card.cite and card.body:
            draft.kind, draft.quote = "evidence", "\n".join(card.body)
            draft.cite = _cite(card, b)
            draft.notes = f"Cite: {card.cite}"
            evidence += 1
        elif card.cite:
            b.problem(
                (card.paragraph, 1),
                "warning",
                f"paragraph {card.paragraph}: tag '{card.tag}' has a cite "
                "line but no card text; imported as an argument",
                card_id,
            )
            draft.kind, draft.notes = "argument", f"Cite: {card.cite}"
        else:
            draft.kind = "argument"
            analytics += 1
        b.add_card(draft)
        if card.group is not None:
            b.relate(card_id, group_ids[card.group], "supports", (card.paragraph, 1))
    b.notes.append(
        f"{evidence} evidence card(s), {analytics} analytic(s) and {len(groups)} block card(s) "
        f"read; {len(b.sources)} source(s), one per cite author and year"
    )
    if defaulted:
        b.notes.append(
            f"{defaulted} card(s) have no AFF/NEG word or speech in their headings: side set to 'for'"
        )
    b.notes.append(
        "tags and blocks are linked (each card supports its block); connect the blocks to the rest of the map"
    )
    return ImportResult(b.build(), b.problems, b.notes)


@guarded_read
def read(path: Path) -> ImportResult:
    """Read a Verbatim .docx evidence file into a map."""
    return _build(_paragraphs(path, str(path)), str(path))
