"""A large PNG drawn and encoded a band of rows at a time, so it never exists whole in memory.

A 160-million-pixel export held a 640 MB raster (and Qt's encoder a copy of its rows) before the
first byte was written. Here the sheet is drawn into bands of ``BAND_ROWS`` rows, each converted to
plain RGB(A) rows and fed to one zlib stream written to the file as it comes: the file is the same
PNG, at most one band (and a megabyte of compressed rows) is held.
The title block goes into iTXt chunks (UTF-8, so any script), the resolution into pHYs.
"""

from __future__ import annotations

import math
import struct
import zlib
from typing import BinaryIO

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from ..export.sheet import MapSheet
from .painter_canvas import paint_sheet

BAND_ROWS = 128  # at 14,740 px wide (10,000 cards) a band and its copies are 25 MB; 512 rows held 100 MB
IDAT_BYTES = 1 << 20  # compressed bytes gathered before an IDAT chunk is written


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _text(keyword: str, text: str) -> bytes:
    """An iTXt chunk: uncompressed UTF-8 text under a Latin-1 keyword."""
    return _chunk(b"iTXt", keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8"))


def banded_png(
    sheet: MapSheet, scale: float, texts: dict[str, str], out: BinaryIO, *, transparent: bool = False
) -> tuple[int, int]:
    """The sheet as a PNG written to ``out`` as it is drawn, ``scale`` device pixels to each sheet px;
    returns (width, height)."""
    w, h = math.ceil(sheet.width * scale), math.ceil(sheet.height * scale)
    kx, ky = w / sheet.width, h / sheet.height
    channels = 4 if transparent else 3
    out.write(b"\x89PNG\r\n\x1a\n")
    out.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6 if transparent else 2, 0, 0, 0)))
    dpm = round(96 * scale / 0.0254)
    out.write(_chunk(b"pHYs", struct.pack(">IIB", dpm, dpm, 1)))
    for key, value in texts.items():
        if value:
            out.write(_text(key, value))
    packer = zlib.compressobj(6)
    pending: list[bytes] = []
    size = 0
    row_bytes = w * channels
    for top in range(0, h, BAND_ROWS):
        rows = min(BAND_ROWS, h - top)
        band = QImage(w, rows, QImage.Format_ARGB32_Premultiplied if transparent else QImage.Format_RGB32)
        band.fill(Qt.transparent if transparent else Qt.white)
        painter = QPainter(band)
        painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
        painter.translate(0, -top)
        painter.scale(kx, ky)
        paint_sheet(
            painter,
            sheet,
            transparent=transparent,
            visible=QRectF(0, top / ky - 4, sheet.width, rows / ky + 8),
        )
        painter.end()
        plain = band.convertToFormat(QImage.Format_RGBA8888 if transparent else QImage.Format_RGB888)
        del band
        line = plain.bytesPerLine()
        data = memoryview(plain.constBits()).cast("B")
        raw = b"".join(b"\0" + bytes(data[r * line : r * line + row_bytes]) for r in range(rows))
        del data, plain
        packed = packer.compress(raw)
        if packed:
            pending.append(packed)
            size += len(packed)
        if size >= IDAT_BYTES:
            out.write(_chunk(b"IDAT", b"".join(pending)))
            pending, size = [], 0
    pending.append(packer.flush())
    out.write(_chunk(b"IDAT", b"".join(pending)))
    out.write(_chunk(b"IEND", b""))
    return w, h
