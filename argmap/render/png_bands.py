"""A large PNG drawn and encoded a band of rows at a time, so it never exists whole in memory.

A 160-million-pixel export held a 640 MB raster (and Qt's encoder a copy of its rows) before the
first byte was written. Here the sheet is drawn into bands of ``BAND_ROWS`` rows, each converted to
plain RGB(A) rows and fed to one zlib stream: the file is the same PNG, at most one band is held.
The title block goes into iTXt chunks (UTF-8, so any script), the resolution into pHYs.
"""

from __future__ import annotations

import math
import struct
import zlib

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

BAND_ROWS = 512
IDAT_BYTES = 1 << 20  # compressed bytes gathered before an IDAT chunk is written


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _text(keyword: str, text: str) -> bytes:
    """An iTXt chunk: uncompressed UTF-8 text under a Latin-1 keyword."""
    return _chunk(b"iTXt", keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8"))


def banded_png(
    sheet, scale: float, texts: dict[str, str], *, transparent: bool = False
) -> tuple[bytes, int, int]:
    """The sheet as PNG bytes, ``scale`` device pixels to each sheet px; returns (bytes, width, height)."""
    w, h = math.ceil(sheet.width * scale), math.ceil(sheet.height * scale)
    kx, ky = w / sheet.width, h / sheet.height
    channels = 4 if transparent else 3
    parts = [
        b"\x89PNG\r\n\x1a\n",
        _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6 if transparent else 2, 0, 0, 0)),
    ]
    dpm = round(96 * scale / 0.0254)
    parts.append(_chunk(b"pHYs", struct.pack(">IIB", dpm, dpm, 1)))
    parts += [_text(key, value) for key, value in texts.items() if value]
    packer = zlib.compressobj(6)
    pending: list[bytes] = []
    size = 0
    row_bytes = w * channels
    for top in range(0, h, BAND_ROWS):
        rows = min(BAND_ROWS, h - top)
        band = QImage(w, rows, QImage.Format_ARGB32_Premultiplied if transparent else QImage.Format_RGB32)
        band.fill(Qt.transparent if transparent else sheet.theme.color("background"))
        painter = QPainter(band)
        painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
        painter.translate(0, -top)
        painter.scale(kx, ky)
        sheet.paint(
            painter, transparent=transparent, visible=QRectF(0, top / ky - 4, sheet.width, rows / ky + 8)
        )
        painter.end()
        plain = band.convertToFormat(QImage.Format_RGBA8888 if transparent else QImage.Format_RGB888)
        del band
        line = plain.bytesPerLine()
        data = memoryview(plain.constBits()).cast("B")
        raw = b"".join(b"\0" + bytes(data[r * line : r * line + row_bytes]) for r in range(rows))
        del data, plain
        out = packer.compress(raw)
        if out:
            pending.append(out)
            size += len(out)
        if size >= IDAT_BYTES:
            parts.append(_chunk(b"IDAT", b"".join(pending)))
            pending, size = [], 0
    pending.append(packer.flush())
    parts.append(_chunk(b"IDAT", b"".join(pending)))
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts), w, h
