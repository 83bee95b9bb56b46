"""Guards for zip-based files (Word .docx): refuse a zip bomb before it is decompressed.

A .docx is a zip archive; python-docx reads every part whole into memory, so a 1 MB file can ask for
gigabytes. :func:`check_zip` looks at the archive's directory (cheap: no decompression) and reads the
parts as a stream with a running total, stopping at the first byte past the limit. Readers call it
before handing the file to python-docx. No Qt here.
"""

from __future__ import annotations

import os
import zipfile

MAX_ZIP_PARTS = 2_000
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024  # a 15,000-paragraph brief with images is some 30 MB
MAX_RATIO = 200  # real Word files compress text about 10:1; bombs 1000:1 and more
_CHUNK = 1 << 20


class ZipTooLarge(ValueError):
    """An archive refused before decompressing it; ``str()`` is a sentence for the user."""


def check_zip(
    path: str | os.PathLike,
    *,
    max_bytes: int = MAX_UNCOMPRESSED_BYTES,
    max_parts: int = MAX_ZIP_PARTS,
    max_ratio: int = MAX_RATIO,
) -> None:
    """Raise ZipTooLarge when ``path`` would decompress to more than ``max_bytes`` (or has too many
    parts, or a part that expands more than ``max_ratio`` times); zipfile.BadZipFile when it is no zip.

    The sizes the archive declares are checked first, then the real ones while decompressing in
    chunks (a crafted archive can declare small sizes), so at most ``max_bytes`` + 1 MB is ever
    decompressed, and nothing is kept.
    """
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        if len(parts) > max_parts:
            raise ZipTooLarge(f"the file holds {len(parts):,} parts; argmap reads at most {max_parts:,}")
        declared = sum(p.file_size for p in parts)
        if declared > max_bytes:
            raise ZipTooLarge(_too_large(declared, max_bytes))
        total = 0
        for part in parts:
            size = 0
            with archive.open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if total > max_bytes:
                        raise ZipTooLarge(_too_large(total, max_bytes, at_least=True))
                    if size > 1_000_000 and size > max_ratio * max(part.compress_size, 1):
                        raise ZipTooLarge(
                            f"the part {part.filename!r} expands more than {max_ratio} times its "
                            "compressed size: a zip bomb, not a document"
                        )


def _too_large(size: int, limit: int, at_least: bool = False) -> str:
    more = "at least " if at_least else ""
    return (
        f"the file decompresses to {more}{size / 2**20:,.0f} MiB; argmap reads documents up to "
        f"{limit // 2**20} MiB decompressed"
    )
