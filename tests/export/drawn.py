"""What a sheet draws as text, kept by card: a canvas that records instead of drawing."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from argmap.export.canvas import Canvas
from argmap.export.sheet import MapSheet
from argmap.text_metrics import Face


@dataclass
class Line:
    x: float  # sheet px; a right-to-left line's right end
    baseline: float
    text: str
    face: Face
    rtl: bool


class Drawn:
    """A :class:`~argmap.export.canvas.Canvas` keeping every line of text a sheet draws, by card
    (``cards``) and outside cards (``others``, with the anchor of each), in sheet px."""

    def __init__(self, sheet: MapSheet, area: tuple[float, float, float, float] | None = None) -> None:
        dx, dy = sheet.map_origin[0] - sheet.region[0], sheet.map_origin[1] - sheet.region[1]
        self._card_at = {(round(b[0] + dx, 3), round(b[1] + dy, 3)): cid for cid, b in sheet.boxes.items()}
        self._at = [(0.0, 0.0)]
        self._card: list[str | None] = [None]
        self.cards: dict[str, list[Line]] = {cid: [] for cid in sheet.shown}
        self.drawn_cards: list[str] = []  # in the order drawn
        self.others: list[tuple[Line, str]] = []
        self.groups = 0  # the groups drawn: the map's region, and each card and the legend in it
        sheet.draw(self, area=area)

    def region(self, *boxes) -> None:
        pass

    def group(self, dx: float, dy: float) -> None:
        x, y = self._at[-1][0] + dx, self._at[-1][1] + dy
        self._at.append((x, y))
        self.groups += 1
        card = self._card_at.get((round(x, 3), round(y, 3)))
        if card is not None:
            self.drawn_cards.append(card)
        self._card.append(card or self._card[-1])

    def end_group(self) -> None:
        self._at.pop()
        self._card.pop()

    def reuse(self, key: Hashable, draw: Callable[[Canvas], None]) -> None:
        draw(self)

    def rect(self, *args, **kwargs) -> None:
        pass

    def path(self, *args, **kwargs) -> None:
        pass

    def _keep(self, line: Line, anchor: str) -> None:
        line.x += self._at[-1][0]
        line.baseline += self._at[-1][1]
        card = self._card[-1]
        if card is None or anchor != "lines":
            self.others.append((line, anchor))
        else:
            self.cards[card].append(line)

    def text(self, x, y, text, face, colour, anchor="start") -> None:
        self._keep(Line(x, y, text, face, False), anchor)

    def lines(self, face, colour, lines) -> None:
        for x, y, text, rtl in lines:
            self._keep(Line(x, y, text, face, rtl), "lines")

    def runs(self, x, y, runs, rtl) -> None:
        self._keep(Line(x, y, "".join(r[0] for r in runs), runs[0][1], rtl), "lines")


def drawn_lines(sheet: MapSheet) -> dict[str, list[str]]:
    """Each shown card's drawn lines (tag, text, cite, quote), in order."""
    return {cid: [line.text for line in lines] for cid, lines in Drawn(sheet).cards.items()}


def lines_outside_their_cards(sheet: MapSheet, width: Callable[[str, Face], float]) -> list[tuple[str, str]]:
    """(card, line) for each drawn line that, ``width`` wide, reaches past its card's sides."""
    dx = sheet.map_origin[0] - sheet.region[0]
    outside = []
    for cid, lines in Drawn(sheet).cards.items():
        left, _, right, _ = sheet.boxes[cid]
        for line in lines:
            w = width(line.text, line.face)
            start = line.x - w if line.rtl else line.x
            if not (left + dx < start and start + w <= right + dx + 0.5):
                outside.append((cid, line.text))
    return outside
