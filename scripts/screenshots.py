"""Take the README's editor screenshots (under a virtual screen: `xvfb-run -a python scripts/screenshots.py`).

Opens the default map in the real window (xcb platform) and saves fit-all, 100 %, a collapsed subtree and
the dark palette to docs/screenshots/.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from argmap.edits import SetCollapsed  # noqa: E402
from argmap.resources import DEFAULT_MAP  # noqa: E402
from argmap.ui.app import Workspace, apply_palette, make_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def settle(app: QApplication, rounds: int = 20) -> None:
    from PySide6.QtTest import QTest

    for _ in range(rounds):
        app.processEvents()
    QTest.qWait(400)  # the minimap redraws on a short coalescing timer


def shoot(window, name: str) -> None:
    settle(QApplication.instance())
    path = OUT / name
    window.grab().save(str(path))
    print(path)


def main() -> int:
    app = make_app(["argmap"])
    QSettings.setDefaultFormat(QSettings.IniFormat)
    settings = QSettings(str(OUT / ".screenshot-settings.ini"), QSettings.IniFormat)
    settings.clear()
    apply_palette(app, "light")
    OUT.mkdir(parents=True, exist_ok=True)
    window = Workspace(settings).open_window(DEFAULT_MAP)
    window.resize(1600, 1000)
    settle(app)
    window.show_first_view()
    shoot(window, "editor-first-view.png")  # what a map opens with: tags readable, the positions on top
    window.view.fit_all()
    shoot(window, "editor-fit-all.png")
    amap = window.document.amap
    first = next(c.id for c in amap.cards() if c.kind == "position")
    window.selection.set([first])
    window.view.zoom_actual()
    window.view.center_on_card(first)
    shoot(window, "editor-100.png")
    busiest = max(
        (c.id for c in amap.cards() if c.kind != "position"), key=lambda cid: len(amap.subtree(cid))
    )
    window.document.explore(SetCollapsed(busiest, True))  # exploring, not editing: no undo step
    window.selection.set([busiest])
    window.view.set_zoom(0.6)
    window.view.center_on_card(busiest)
    shoot(window, "editor-collapsed.png")
    window.document.explore(SetCollapsed(busiest, False))
    from argmap.analysis import evaluate

    window.evaluation_overlay.set_enabled(True)
    falls = next(
        c for c, lab in evaluate(amap).labels.items() if lab == "out" and amap.card(c).kind != "position"
    )
    window.view.zoom_actual()
    window.view.center_on_card(falls)
    window.selection.set([falls])  # the status bar says why it falls
    shoot(window, "editor-why.png")
    window.evaluation_overlay.set_enabled(False)
    apply_palette(app, "dark")
    window.apply_palette_theme()
    window.view.fit_all()
    shoot(window, "editor-dark.png")
    window.document.undo_stack.setClean()
    (OUT / ".screenshot-settings.ini").unlink(missing_ok=True)
    QTimer.singleShot(0, app.quit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
