"""Render a map file to PNG offscreen, to look at what the scene draws.

python scripts/render_map.py maps/ukraine-resistance.yaml out.png [--theme dark] [--scale 1.5]
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from argmap.format import load
from argmap.render.scene import MapScene
from argmap.render.theme import THEMES


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("map")
    parser.add_argument("png")
    parser.add_argument("--theme", default="light", choices=sorted(THEMES))
    parser.add_argument("--scale", type=float, default=1.5)
    parser.add_argument("--direction", default="TB", choices=("TB", "LR"))
    parser.add_argument("--no-legend", action="store_true")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)  # noqa: F841 - fonts need an application
    result = load(args.map)
    if result.map is None:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        return 1
    scene = MapScene(result.map, theme=THEMES[args.theme], direction=args.direction)
    scene.set_legend_visible(not args.no_legend)
    source = scene.content_rect()
    if scene.legend_item() is not None and scene.legend_item().isVisible():
        source = source.united(scene.legend_item().sceneBoundingRect())
    source = source.adjusted(-30, -30, 30, 30)
    image = QImage(int(source.width() * args.scale), int(source.height() * args.scale), QImage.Format_ARGB32)
    image.fill(QColor(THEMES[args.theme].background))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing | QPainter.SmoothPixmapTransform)
    scene.clearSelection()
    scene.render(painter, QRectF(image.rect()), source, Qt.KeepAspectRatio)
    painter.end()
    image.save(args.png)
    print(f"{args.png}: {image.width()}x{image.height()}, {len(result.map)} cards")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
