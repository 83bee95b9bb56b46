"""A long arrow's trace (for painting the part of it in view) holds exactly the points Qt flattens it to."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QTransform

from argmap.render.painting import FLATTEN_SCALE, ArrowTrace


def test_the_trace_holds_every_flattened_point_of_a_long_curved_arrow():
    path = QPainterPath(QPointF(10.5, -3.25))
    for i in range(60):
        path.lineTo(i * 400.0 + 0.125, (i % 2) * 250.0)
        path.quadTo(QPointF(i * 400.0 + 60, 320.0), QPointF(i * 400.0 + 120, 90.5))
    trace = ArrowTrace(path, FLATTEN_SCALE)
    polygon = path.toSubpathPolygons(QTransform.fromScale(FLATTEN_SCALE, FLATTEN_SCALE))[0]
    assert trace.xs == [p.x() / FLATTEN_SCALE for p in polygon]
    assert trace.ys == [p.y() / FLATTEN_SCALE for p in polygon]
    assert len(trace.lengths) == len(polygon) > 1000


def test_an_empty_path_has_an_empty_trace():
    trace = ArrowTrace(QPainterPath(), FLATTEN_SCALE)
    assert trace.xs == [] and trace.ys == [] and trace.lengths == [0.0]
