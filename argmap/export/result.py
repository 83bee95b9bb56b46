"""What an export wrote, as the CLI and the editor's status bar report it. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ExportResult:
    """What was written: the file, its format, and its size in bytes, pixels or pages."""

    path: Path
    format: str
    bytes: int
    cards: int
    pixels: tuple[int, int] | None = None
    pages: int | None = None
    page_grid: tuple[int, int] | None = None  # (rows, columns) of a tiled PDF
    notes: tuple[str, ...] = ()  # what the export chose for the user (a smaller scale, tiles)

    def summary(self) -> str:
        size = human_bytes(self.bytes)
        if self.pixels is not None:
            what = f"{self.pixels[0]} \u00d7 {self.pixels[1]} px"
        elif self.pages is not None:
            what = f"{self.pages} page{'s' if self.pages != 1 else ''}"
            if self.page_grid and self.pages > 1:
                what += f" ({self.page_grid[0]} rows \u00d7 {self.page_grid[1]} columns)"
        else:
            what = f"{self.cards} cards"
        return f"{self.path}: {what}, {size}"


def human_bytes(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB ({n} bytes)"
    return f"{n / 1024 / 1024:.1f} MB ({n} bytes)"
