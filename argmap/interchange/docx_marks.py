"""Quote marks in Word runs, both ways: Verbatim's "Style Underline", "Emphasis" and highlighter runs.

Reading resolves what a run really shows (a direct underline, or one from its character style and the
styles that style is based on), because real evidence files underline with whatever style was at hand
("Heading 3 Char", "Style Underline", a direct underline). Highlight is any highlighter colour or a
run shading. Nothing here imports Qt.
"""

from __future__ import annotations

from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.text.run import Run

from ..quotes import Mark, MarkStyle, normalize, styles_at

UNDERLINE_STYLE = "Style Underline"
EMPHASIS_STYLE = "Emphasis"
CITE_STYLE = "Style 13 pt Bold"
_NO_UNDERLINE = {None, False, "none", "0"}


def runs_of(paragraph) -> list[Run]:
    """Every text run of the paragraph in reading order, those inside hyperlinks and insertions too."""
    out = []
    for r in paragraph._p.iter(qn("w:r")):
        # Skip runs in deleted text and in nested fields' instructions: they are not read.
        parent = r.getparent()
        if parent is not None and parent.tag == qn("w:del"):
            continue
        out.append(Run(r, paragraph))
    return out


def _style_facts(run: Run, cache: dict) -> tuple[bool | None, bool]:
    """(underline its character style gives, or None; whether the style is Emphasis), once per style:
    looking a style up by id costs python-docx a walk over every style."""
    style_id = run._r.style
    if style_id not in cache:
        underline: bool | None = None
        emphasis = False
        style = run.style
        for _ in range(8):
            if style is None:
                break
            emphasis = emphasis or (style.name or "") == EMPHASIS_STYLE
            value = style.font.underline
            if underline is None and value is not None:
                underline = value not in _NO_UNDERLINE and getattr(value, "name", "") != "NONE"
            style = style.base_style
        cache[style_id] = (underline, emphasis)
    return cache[style_id]


def _underlined(run: Run, cache: dict) -> bool:
    direct = run.font.underline
    if direct is not None:
        return direct not in _NO_UNDERLINE and getattr(direct, "name", "") != "NONE"
    return bool(_style_facts(run, cache)[0])


def _highlighted(run: Run) -> bool:
    rpr = run._r.rPr
    if rpr is None:
        return False
    mark = rpr.find(qn("w:highlight"))
    if mark is not None:  # read from the XML: python-docx has no name for val="none"
        return (mark.get(qn("w:val")) or "none").lower() not in ("none", "auto")
    shd = rpr.find(qn("w:shd"))
    if shd is not None:
        return (shd.get(qn("w:fill")) or "").lower() not in ("", "auto", "ffffff")
    return False


def run_styles(run: Run, cache: dict | None = None) -> frozenset[MarkStyle]:
    cache = {} if cache is None else cache
    styles: set[MarkStyle] = set()
    if _underlined(run, cache):
        styles.add("underline")
    if _style_facts(run, cache)[1]:
        styles.add("emphasis")
    if _highlighted(run):
        styles.add("highlight")
    return frozenset(styles)


def read_marked(paragraphs, cache: dict | None = None) -> tuple[str, tuple[Mark, ...]]:
    """The text of the card's paragraphs (joined by newlines) and its marks. ``cache`` keeps what each
    character style shows between calls on one document."""
    cache = {} if cache is None else cache
    text_parts: list[str] = []
    marks: list[Mark] = []
    at = 0
    for i, paragraph in enumerate(paragraphs):
        if i:
            text_parts.append("\n")
            at += 1
        for run in runs_of(paragraph):
            piece = run.text
            if not piece:
                continue
            styles = run_styles(run, cache)
            for style in styles:
                marks.append(Mark(at, at + len(piece), style))
            text_parts.append(piece)
            at += len(piece)
    text = "".join(text_parts)
    # The quote is kept stripped of the paragraphs' outer white space: shift the marks with it.
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    shifted = [Mark(m.start - lead, m.end - lead, m.style) for m in marks]
    return stripped, normalize(shifted, len(stripped))


def write_marked(
    paragraph, text: str, marks: tuple[Mark, ...], styles=None, highlight=WD_COLOR_INDEX.YELLOW
) -> None:
    """Add ``text`` to ``paragraph`` as runs carrying its marks in Verbatim's styles.

    ``styles`` maps a style name to the document's style object: python-docx finds a style given by
    name by walking every style, once per run, which made a brief of a real file take seconds."""
    styles = styles if styles is not None else {}
    ids = {
        name: styles[name].style_id if name in styles else paragraph.part.document.styles[name].style_id
        for name in (EMPHASIS_STYLE, UNDERLINE_STYLE)
    }
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    for start, end in zip(cuts, cuts[1:], strict=False):
        if end <= start:
            continue
        marked = styles_at(marks, start)
        run = paragraph.add_run(text[start:end])
        # The style id set on the run directly: python-docx's style= checks it against the default
        # style by walking every style, once per run (seconds for one real evidence file).
        if "emphasis" in marked:
            run._r.style = ids[EMPHASIS_STYLE]
        elif "underline" in marked:
            run._r.style = ids[UNDERLINE_STYLE]
        if "highlight" in marked:
            run.font.highlight_color = highlight
