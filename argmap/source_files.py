"""A source from a file: its plain text and what the file says about itself (title, author, date, URL).

Reads .txt, a saved web page (.html: the article's main text and metadata, by trafilatura), .pdf (its
text layer, by pypdf) and .docx (python-docx). The text is kept beside the map as ``ID.source.txt``,
paragraphs separated by blank lines, so quotes stay checkable offline and "para N" means one thing.
Nothing here imports Qt; the editor and ``argmap source add`` both call :func:`add_source_file`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .atomic import write_atomic
from .edits import AddSource
from .model import ArgumentMap, Source

SOURCE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx")
MAX_INPUT_BYTES = 64 * 1024 * 1024
MAX_TEXT_CHARS = 4 * 1024 * 1024  # the validator reads source files up to 8 MiB


class SourceFileError(ValueError):
    """A file that cannot become a source: the message names the file and says why."""


@dataclass
class SourceDocument:
    """What a file gave: the text (paragraphs separated by blank lines) and its metadata."""

    text: str
    title: str = ""
    author: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    notes: list[str] = field(default_factory=list)


def read_document(path: str | Path) -> SourceDocument:
    """The text and metadata of a .txt, .html, .pdf or .docx file. Raises SourceFileError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SOURCE_SUFFIXES:
        raise SourceFileError(
            f"{path.name}: argmap reads sources from .txt, .html (a saved web page), .pdf and .docx files"
        )
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise SourceFileError(f"{path}: not a regular file")
        if size > MAX_INPUT_BYTES:
            raise SourceFileError(f"{path}: {size // 2**20} MiB is larger than the 64 MiB a source may be")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise SourceFileError(f"{path}: cannot read it: {exc.strerror}") from None
    if suffix in (".html", ".htm"):
        doc = _from_html(raw, path)
    elif suffix == ".pdf":
        doc = _from_pdf(raw, path)
    elif suffix == ".docx":
        doc = _from_docx(raw, path)
    else:
        doc = _from_text(raw, path)
    doc.text = clean_text(doc.text)
    if not doc.text.strip():
        what = "no text layer (a scanned PDF needs OCR first)" if suffix == ".pdf" else "no text"
        raise SourceFileError(f"{path}: the file has {what}")
    if len(doc.text) > MAX_TEXT_CHARS:
        raise SourceFileError(f"{path}: its text is longer than a source may be (4 million characters)")
    doc.title = doc.title or path.stem.replace("_", " ").replace("-", " ")
    return doc


def clean_text(text: str) -> str:
    """Plain text: control characters gone (PDFs are full of them), paragraphs separated by one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C" or c == "\u00ad")
    text = text.replace("\u00ad", "")  # soft hyphens would break a quote's words in two
    # PDFs set "fi", "ffl" ... as one ligature character; a debater types and searches the letters.
    text = "".join(unicodedata.normalize("NFKC", c) if "\ufb00" <= c <= "\ufb06" else c for c in text)
    paragraphs = [re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p) + "\n"


def _decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceFileError(f"{path}: not UTF-8 or Windows-1252 text")  # pragma: no cover - cp1252 is wide


def _from_text(raw: bytes, path: Path) -> SourceDocument:
    text = _decode(raw, path)
    if not re.search(r"\n\s*\n", text):
        text = text.replace("\n", "\n\n")  # one paragraph a line: keep them apart
    return SourceDocument(text)


def _from_html(raw: bytes, path: Path) -> SourceDocument:
    import trafilatura  # imported here: only adding a web page needs it

    html = _decode(raw, path)
    # txt output puts each paragraph on its own line; no comments, no tables of links.
    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False)
    if not text:
        raise SourceFileError(f"{path}: no article text found in the page")
    meta = trafilatura.extract_metadata(html)
    doc = SourceDocument(text.replace("\n", "\n\n"))
    if meta is not None:
        doc.title = meta.title or ""
        doc.author = (meta.author or "").replace(";", ",")
        doc.publisher = meta.sitename or ""
        doc.date = meta.date or ""
        doc.url = meta.url or ""
    return doc


def _from_pdf(raw: bytes, path: Path) -> SourceDocument:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise SourceFileError(f"{path}: not a PDF argmap can read ({exc})") from None
    paragraphs: list[str] = []
    for page in pages:
        # A PDF's text layer breaks every line; a line ending a sentence, or a short line, ends a
        # paragraph. Words hyphenated across a line break are joined back.
        page = re.sub(r"(\w)-\n(\w)", r"\1\2", page)
        current: list[str] = []
        for line in page.split("\n"):
            line = line.strip()
            if not line:
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
                continue
            current.append(line)
            if re.search(r"[.!?:\"\u201d]$", line) and len(line) < 60:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
    doc = SourceDocument("\n\n".join(paragraphs))
    if info is not None:
        doc.title = str(info.title or "")
        doc.author = str(info.author or "")
        created = info.get("/CreationDate")
        m = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(created or ""))
        doc.date = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""
    return doc


def _from_docx(raw: bytes, path: Path) -> SourceDocument:
    import io
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SourceFileError(f"{path}: not a Word .docx file ({exc})") from None
    text = "\n\n".join(p.text for p in document.paragraphs if p.text.strip())
    props = document.core_properties
    doc = SourceDocument(text, title=props.title or "", author=props.author or "")
    if props.created is not None:
        doc.date = props.created.date().isoformat()
    return doc


# -- into the map --------------------------------------------------------------------------------


def source_id_for(amap: ArgumentMap, doc: SourceDocument, path: Path) -> str:
    """A short readable id not yet used: the author's last name, else the title's first words."""
    from .citation import last_name

    base = last_name(doc.author) or " ".join(doc.title.split()[:3]) or path.stem
    slug = re.sub(
        r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode().lower()
    )
    slug = slug.strip("-")[:40] or "source"
    candidate, n = slug, 2
    while candidate in amap.sources:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def text_file_name(map_dir: Path, source_id: str) -> str:
    """A file name beside the map for the source's text, never one that exists already."""
    name, n = f"{source_id}.source.txt", 2
    while (map_dir / name).exists():
        name, n = f"{source_id}-{n}.source.txt", n + 1
    return name


@dataclass(frozen=True)
class SourceText:
    """The text file an added source names, written beside the map by the add: undoing the add takes
    it away and redoing puts it back, and neither touches a file that is not exactly this one."""

    path: Path
    data: bytes

    def is_ours(self) -> bool:
        """True when the file is there and still holds exactly what the add wrote."""
        try:
            return self.path.is_file() and self.path.read_bytes() == self.data
        except OSError:
            return False

    def remove(self) -> bool:
        """Delete the file if it is still the add's own (a file changed since is someone's work); True
        when it was deleted."""
        if not self.is_ours():
            return False
        try:
            self.path.unlink()
        except OSError:
            return False
        return True

    def restore(self) -> bool:
        """Write the file again unless something is at its path already; True when it was written."""
        if self.path.exists():
            return False
        write_atomic(self.path, self.data)
        return True


@dataclass(frozen=True)
class AddedSource:
    """What adding a source from a file made: the edit that adds its record (not applied yet) and the
    text file it has already written beside the map."""

    edit: AddSource
    text: SourceText

    @property
    def source(self) -> Source:
        return self.edit.source


def add_source_file(
    amap: ArgumentMap, map_path: Path, file: str | Path, *, accessed: str = ""
) -> AddedSource:
    """Read ``file``, write its text beside the map, and return the edit that adds its source record
    with the text file written.

    The caller applies the edit (the editor through its undo stack, the CLI directly). The text file is
    written first: a map naming a file that is not there would not validate. It is always a new file
    (never one that was there before), so taking the add back may delete it: see :class:`SourceText`.
    """
    file = Path(file)
    doc = read_document(file)
    map_dir = Path(map_path).resolve().parent
    source_id = source_id_for(amap, doc, file)
    name = text_file_name(map_dir, source_id)
    data = doc.text.encode("utf-8")
    write_atomic(map_dir / name, data)
    publisher = doc.publisher if doc.publisher != doc.author else ""
    if doc.url and not accessed:
        accessed = date.today().isoformat()
    source = Source(
        id=source_id,
        title=doc.title.strip() or file.stem,
        author=doc.author.strip(),
        publisher=publisher.strip(),
        date=doc.date.strip(),
        url=doc.url.strip(),
        accessed=accessed,
        file=name,
    )
    return AddedSource(AddSource(source), SourceText(map_dir / name, data))


def cards_citing(amap: ArgumentMap, source_id: str) -> list[str]:
    """Ids of the evidence cards whose cite names the source (what removing it would leave dangling)."""
    return [c.id for c in amap.cards() if c.cite is not None and c.cite.source == source_id]
