"""Exports paint the map straight from its layout: a page asks only for what reaches into it, and a
long arrow cut to one page keeps its dashes in step with the whole arrow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPicture

from argmap.export.options import ExportOptions
from argmap.format import read_map
from argmap.render.export import Sheet
from argmap.render.painting import ArrowCourse
from argmap.resources import DEFAULT_MAP

ROUTE = [(0.0, 0.0), (0.0, -400.0), (300.0, -700.0), (300.0, -2400.0), (900.0, -2900.0), (900.0, -4000.0)]


def test_an_arrow_cut_to_an_area_starts_where_the_whole_arrow_has_come_that_far():
    course = ArrowCourse(ROUTE)
    whole = course.whole().path
    part = course.stretch((200.0, -2000.0, 400.0, -1000.0))
    assert part is not None
    start = part.path.elementAt(0)
    assert (start.x, start.y) == pytest.approx((300.0, -1000.0))
    # The whole arrow's curve, measured up to that point, is the stretch's offset (so dashes match).
    at = whole.percentAtLength(part.offset)
    assert (whole.pointAtPercent(at).x(), whole.pointAtPercent(at).y()) == pytest.approx(
        (300.0, -1000.0), abs=0.05
    )
    assert part.path.controlPointRect().top() >= -2000.0 - 1e-9  # cut where it leaves the area
    assert course.stretch((2000.0, 0.0, 2100.0, 100.0)) is None


def test_a_page_paints_only_the_cards_that_reach_into_it(qapp):
    sheet = Sheet(read_map(DEFAULT_MAP), ExportOptions(format="pdf", legend=False))
    drawing = sheet.drawing
    cid, box = next(iter(drawing.boxes.items()))
    area_rect = (box[0] + 5, box[1] + 5, box[0] + 15, box[1] + 15)  # inside one card only
    painted = []
    real = drawing.face

    def spy(card_id):
        painted.append(card_id)
        return real(card_id)

    drawing.face = spy
    picture = QPicture()
    painter = QPainter(picture)
    drawing.paint(painter, QRectF(area_rect[0], area_rect[1], 10, 10))
    painter.end()
    assert painted == [cid]
