"""Verbatim evidence files (.docx), read with python-docx (argmap writes them: export/brief.py).

Verbatim arranges a file as Pocket, Hat, Block and Tag headings (Heading 1 to 4, styles named so, or,
when the styles were renamed, paragraphs at outline levels 1 to 4). Each card is a Tag, then its cite
line (found by Verbatim's cite style, "Style 13 pt Bold" / "Cite", so notes between tag and cite are
kept as notes), then the card text in one or more paragraphs, whose underline (by style or direct),
Emphasis and highlighting become the quote's marks.

A brief argmap wrote itself (its headings carry argmap's bookmarks) is read back exactly: each
heading's card with its kind, side and speech, and every relation from the lines that link cards.

What becomes what:

- every Tag with a cite line and text becomes an evidence card: the tag is its tag, the text its
  quote with its marks, and the whole cite line is kept in its notes (with any notes before it);
- the cite line gives the cite: ``by`` is the author (the full name when the parenthetical names the
  short-cite author, else the short cite's name), ``at`` a page locator when the line has one
  (``p. 4``, ``pp. 12-13``); one Source per distinct short-cite author and year (``Smith 22`` ->
  source ``smith-22``), titled by the quoted article title when there is one, with the author's full
  name and qualifications, the date and the first URL found in the line;
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

from docx.oxml.ns import qn

from ..model import Cite, Source
from ..problems import Problem
from .base import DraftCard, ImportResult, InterchangeError, MapBuilder, guarded_read, read_bytes, slugify
from .docx_marks import read_marked, runs_of

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
    body_paragraphs: list = field(default_factory=list)
    before_cite: list = field(default_factory=list)  # paragraphs between the tag and the cite


_CITE_STYLE_NAMES = {"style 13 pt bold", "cite"}
NOTES_BEFORE_CITE = 3  # paragraphs between a tag and its cite that are notes, at most


def _is_cite_style(style) -> bool:
    for _ in range(6):
        if style is None:
            return False
        names = [(style.name or "").lower()]
        aliases = style.element.find(qn("w:aliases"))
        if aliases is not None:
            names += [a.strip().lower() for a in (aliases.get(qn("w:val")) or "").split(",")]
        if any(n in _CITE_STYLE_NAMES for n in names):
            return True
        style = style.base_style
    return False


_CITE_CACHE_KEY = "cite styles"


def _cite_text(paragraph, cache: dict | None = None) -> str:
    """The text of the paragraph's runs in the cite style ("" when none is)."""
    known = {} if cache is None else cache.setdefault(_CITE_CACHE_KEY, {})
    out = []
    for r in runs_of(paragraph):
        style_id = r._r.style
        if style_id not in known:
            known[style_id] = _is_cite_style(r.style)
        if known[style_id]:
            out.append(r.text)
    return "".join(out).strip()


def _looks_like_cite(paragraph, cache: dict) -> bool:
    """A cite by style, or (styles renamed) a paragraph opening with bold words and a year."""
    if _cite_text(paragraph, cache):
        return True
    bold = "".join(r.text for r in runs_of(paragraph) if r.bold).strip()
    return bool(bold) and bool(re.search(r"\b(\d{2}|\d{4})\b", bold)) and len(bold) < 80


def _paragraph_style(paragraph, cache: dict):
    """The paragraph's style, looked up once per style id (python-docx walks every style per lookup)."""
    known = cache.setdefault("paragraph styles", {})
    style_id = paragraph._p.style
    if style_id not in known:
        known[style_id] = paragraph.style
    return known[style_id]


def _heading_level(paragraph, cache: dict | None = None) -> int:
    """1-4 for Pocket, Hat, Block, Tag (by style name or the style it is based on), else 0; ``cache``
    keeps the answer per style for a paragraph without an outline level of its own."""
    ppr = paragraph._p.pPr
    if cache is None or (ppr is not None and ppr.find(qn("w:outlineLvl")) is not None):
        return _level_of(paragraph)
    known = cache.setdefault("heading levels", {})
    style_id = paragraph._p.style
    if style_id not in known:
        known[style_id] = _level_of(paragraph)
    return known[style_id]


def _level_of(paragraph) -> int:
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
    return _outline_level(paragraph)


def _outline_level(paragraph) -> int:
    """1-4 from the paragraph's outline level (its own, else its style's): headings renamed past knowing."""
    elements = [paragraph._p.pPr]
    style = paragraph.style
    for _ in range(6):
        if style is None:
            break
        elements.append(style.element.pPr)
        style = style.base_style
    for ppr in elements:
        level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if level is not None:
            try:
                value = int(level.get(qn("w:val")))
            except (TypeError, ValueError):
                return 0
            return value + 1 if 0 <= value <= 3 else 0
    return 0


def _paragraphs(path: Path, name: str) -> list:
    import docx  # python-docx; imported here so that other formats do not need it loaded
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    from ..limits import ZipTooLarge, check_zip

    read_bytes(path)  # size and existence checks with a clear message
    try:
        check_zip(path)  # a zip bomb is refused before python-docx decompresses anything
    except ZipTooLarge as exc:
        raise InterchangeError([Problem(name, 1, 1, "error", str(exc))]) from None
    except zipfile.BadZipFile:
        pass  # python-docx says what is wrong below
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


def _collect(
    paragraphs: list, b: MapBuilder, cache: dict
) -> tuple[list[_Card], dict[str, tuple[int, tuple[str, ...]]]]:
    cards: list[_Card] = []
    groups: dict[str, tuple[int, tuple[str, ...]]] = {}  # heading key -> (paragraph, heading path)
    headings: list[str] = ["", "", ""]
    heading_at = [0, 0, 0]
    current: _Card | None = None
    stray = 0
    for number, paragraph in enumerate(paragraphs, start=1):
        text = paragraph.text.strip()
        level = _heading_level(paragraph, cache)
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
            if _looks_like_cite(paragraph, cache) or len(current.before_cite) >= NOTES_BEFORE_CITE:
                current.cite = text
                current.cite_bold = (
                    _cite_text(paragraph, cache)
                    or "".join(r.text for r in runs_of(paragraph) if r.bold).strip()
                )
            else:
                current.before_cite.append(text)  # a note between tag and cite
        else:
            current.body.append(text)
            current.body_paragraphs.append(paragraph)
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


_HEAD = re.compile(r"\s*(?P<name>[^\d(\"“,;–—]+?)\s*[,;]?\s*(?P<date>\d[\d/.\-–]*)?(?=\W|$)")
_AFTER_HEAD = re.compile(r"^[^\w(]*\(?")


def _cite_parts(line: str, short: str) -> dict:
    """Author (last and full name), qualifications, year, title and URL from a cite line."""
    head = short or line
    match = _HEAD.match(head) or _HEAD.match(line)
    name = match.group("name").strip(" ,.;:-–—*") if match else ""
    years = re.findall(r"(?<!\d)(\d{4}|\d{2})(?!\d)", match.group("date") or "") if match else []
    year = years[-1] if years else ""
    if not year:  # the cite style covered only the name: the date follows it in the line
        early = re.findall(r"(?<!\d)(\d{4}|\d{2})(?!\d)", line[len(name) : len(name) + 24])
        year = early[-1] if early else ""
    rest = line[len(head) :] if line.startswith(head) else line[match.end() if match else 0 :]
    rest = _AFTER_HEAD.sub("", rest.lstrip(" ,.;:-–—*"))
    title_match = _TITLE.search(line)
    cut = [i for i in (rest.find("\u201c"), rest.find('"'), rest.find("http")) if i >= 0]
    about = rest[: min(cut)] if cut else rest
    parts = [p.strip(" *;,.") for p in re.split(r"[,;]|\(|\bis\b", about, maxsplit=1)]
    first = parts[0] if parts else ""
    full = name
    if first and name and name.split()[-1].lower() in first.lower() and len(first) < 60:
        full = first
    elif first and name and len(first.split()) <= 2 and first[:1].isupper() and not re.search(r"\d", first):
        full = f"{first} {name}"  # "Sjursen, 3-20-2018 - Danny, U.S. Army ..." names Danny Sjursen
    qualifications = " ".join(parts[1].split())[:200].strip(" ,.;") if len(parts) > 1 else ""
    url = _URL.search(line)
    return {
        "name": name,
        "full": full,
        "year": year,
        "qualifications": qualifications,
        "title": title_match.group(1).strip() if title_match else "",
        "url": url.group(0).rstrip(".") if url else "",
    }


def _year_date(year: str) -> str:
    if len(year) == 4:
        return year
    if len(year) == 2:
        return ("20" if int(year) < 50 else "19") + year
    return ""


def _cite(card: _Card, b: MapBuilder) -> Cite:
    """The cite, and the source it names (made on first sight): see the module's docstring."""
    line = card.cite
    parts = _cite_parts(line, card.cite_bold)
    name, year = parts["name"], parts["year"]
    page = _PAGE.search(line)
    key = f"{name} {year}" if name else " ".join(line.split()[:4])
    source_id = slugify(key, "source")
    if source_id not in b.sources:
        b.sources[source_id] = Source(
            source_id,
            parts["title"] or line[:200].strip() or source_id,
            author=parts["full"] or name,
            qualifications=parts["qualifications"],
            date=_iso_date(line) or _year_date(year),
            url=parts["url"],
        )
    return Cite(source_id, parts["full"] or name, page.group(1) if page else "")


def _build(paragraphs: list, name: str) -> ImportResult:
    b = MapBuilder(name, NAME)
    cache: dict = {}  # what each character style shows, looked up once per document
    cards, groups = _collect(paragraphs, b, cache)
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
    evidence = analytics = marked = 0
    for card in cards:
        if card.before_cite and not card.cite:  # no cite after all: those paragraphs were the text
            card.body, card.before_cite = card.before_cite + card.body, []
        side = _side(card.headings)
        defaulted += side is None
        card_id = b.ids.make("", card.tag, "card")
        draft = DraftCard(card_id, tag=card.tag, side=side or "for", speech=_speech(card.headings))
        if card.cite and card.body:
            draft.kind = "evidence"
            draft.quote, draft.marks = read_marked(card.body_paragraphs, cache)
            draft.cite = _cite(card, b)
            draft.notes = "\n".join([*card.before_cite, f"Cite: {card.cite}"])
            evidence += 1
            marked += bool(draft.marks)
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
    if marked:
        b.notes.append(
            f"{marked} card(s) keep their underlining, emphasis and highlighting as quote marks "
            "(highlight colours and shrunk text sizes are not kept)"
        )
    b.notes.append(
        "tags and blocks are linked (each card supports its block); connect the blocks to the rest of the map"
    )
    return ImportResult(b.build(), b.problems, b.notes)


@guarded_read
def read(path: Path) -> ImportResult:
    """Read a Verbatim .docx evidence file into a map (argmap's own briefs exactly)."""
    paragraphs = _paragraphs(path, str(path))
    if any(_bookmark(p) for p in paragraphs):
        return _build_argmap_brief(paragraphs, str(path))
    return _build(paragraphs, str(path))


# -- argmap's own briefs ---------------------------------------------------------------------------

_ABOUT = re.compile(
    r"^(POSITION|ARGUMENT|REBUTTAL|EVIDENCE) \u00b7 (AFF|NEG)"
    r"(?: \u00b7 (?!supports|rebuts)([^\u00b7]+?))?(?: \u00b7 (supports|rebuts) .*)?$"
)
_POINTER = re.compile(r"^(AFF|NEG) .*\u201d (supports|rebuts|answers) \u201c.*; see its own heading\.$")
_SIDES = {"AFF": "for", "NEG": "against"}


def _bookmark(paragraph) -> str:
    for start in paragraph._p.iter(qn("w:bookmarkStart")):
        name = start.get(qn("w:name")) or ""
        if name.startswith("argmap_"):
            return name
    return ""


def _anchors(paragraph) -> list[str]:
    out = []
    for link in paragraph._p.iter(qn("w:hyperlink")):
        anchor = link.get(qn("w:anchor")) or ""
        if anchor.startswith("argmap_"):
            out.append(anchor)
    return out


def _anchor(paragraph) -> str:
    anchors = _anchors(paragraph)
    return anchors[0] if anchors else ""


def _build_argmap_brief(paragraphs: list, name: str) -> ImportResult:
    """A brief argmap wrote: bookmarked headings are cards, argmap's lines say kind, side and relations."""
    b = MapBuilder(name, NAME)
    drafts: dict[str, DraftCard] = {}  # bookmark -> card
    links: list[tuple[str, str, str, int]] = []  # (answering bookmark, answered bookmark, type, paragraph)
    current: str | None = None
    evidence_parts: dict[str, dict] = {}
    cache: dict = {}
    for number, paragraph in enumerate(paragraphs, start=1):
        text = paragraph.text.strip()
        style_obj = _paragraph_style(paragraph, cache)
        style = style_obj.name if style_obj is not None else ""
        level = _heading_level(paragraph, cache)
        if level:
            mark = _bookmark(paragraph)
            current = mark or None
            if mark:
                card_id = b.ids.make("", text, "card")
                drafts[mark] = b.add_card(DraftCard(card_id, tag=text))
                evidence_parts[mark] = {"cite": "", "cite_head": "", "body": [], "tag_level": level}
            continue
        if current is None or not text:
            continue
        draft = drafts[current]
        parts = evidence_parts[current]
        if style == "argmap Card":
            m = _ABOUT.match(text)
            if m:
                draft.kind, draft.side = m.group(1).lower(), _SIDES[m.group(2)]
                draft.speech = (m.group(3) or "").strip()
                anchor = _anchor(paragraph)
                if m.group(4) and anchor:
                    links.append((current, anchor, m.group(4), number))
        elif style == "argmap Answer":
            m = _POINTER.match(text)
            anchors = _anchors(paragraph)
            if m and len(anchors) == 2 and m.group(2) in ("supports", "rebuts"):
                links.append((anchors[0], anchors[1], m.group(2), number))
        elif style == "argmap Text":
            draft.text = text
        elif style == "argmap Notes":
            draft.notes = text.removeprefix("Notes: ")
        elif not parts["cite"] and not parts["body"] and _cite_text(paragraph, cache):
            parts["cite"], parts["cite_head"] = text, _cite_text(paragraph, cache)
        elif parts["cite"]:
            parts["body"].append(paragraph)
    for mark, draft in drafts.items():
        if draft.text and draft.tag == draft.text:
            draft.tag = ""  # the heading showed the text: the card had no tag
        parts = evidence_parts[mark]
        if draft.kind == "evidence" and parts["cite"]:
            draft.quote, draft.marks = read_marked(parts["body"], cache)
            draft.cite = _brief_cite(parts["cite"], parts["cite_head"], b)
    for source, target, kind, number in links:
        if source in drafts and target in drafts:
            b.relate(drafts[source].id, drafts[target].id, kind, (number, 1))
    b.notes.append(f"an argmap brief: {len(drafts)} card(s) and their relations read back")
    return ImportResult(b.build(), b.problems, b.notes)


def _brief_cite(line: str, head: str, b: MapBuilder) -> Cite:
    """The cite argmap wrote: "Head [author, quals, "title", publisher, date, url, accessed D, quoting X,
    at]"."""
    inside = line[len(head) :].strip()
    inside = inside[1:-1] if inside.startswith("[") and inside.endswith("]") else inside
    by = at = ""
    quoting = re.search(r",? quoting ([^,\]]+)", inside)
    if quoting:
        by = quoting.group(1).strip()
    last = inside.rsplit(", ", 1)[-1] if ", " in inside else ""
    if re.match(r"^(para|p\.|pp\.|page|ch\.)\s*\S+", last):
        at = last
    parts = _cite_parts(line, head)
    key = f"{parts['name']} {parts['year']}" if parts["name"] else head
    source_id = slugify(key, "source")
    if source_id not in b.sources:
        author = inside.split(", ", 1)[0] if inside and not inside.startswith('"') else ""
        accessed = re.search(r"accessed (\d{4}-\d{2}-\d{2})", inside)
        date = re.search(r"(?<!accessed )\b(\d{4}-\d{2}-\d{2})\b", inside)
        b.sources[source_id] = Source(
            source_id,
            parts["title"] or head,
            author=author,
            date=date.group(1) if date else _year_date(parts["year"]),
            url=parts["url"],
            accessed=accessed.group(1) if accessed else "",
        )
    return Cite(source_id, by, at)
