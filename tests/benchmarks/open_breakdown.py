"""Where opening a big map in the editor goes: each step of open -> first paint, timed in one window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/open_breakdown.py --cards 10000 --runs 4

Opens the benchmark's generated map (argmap/generate.py, seed 0) ``--runs`` times, each in a new shown
1,600 x 1,000 window as bench_scale.py does, and prints the median and every run of: the file's parse,
its checks, building the model, the layout, the whole scene build (layout included), the window's
open_path, open until the map view's first paint has been drawn, and the time Python's cyclic garbage
collector ran in that span. The steps are found by wrapping the functions that do them, so the figures
hold for any commit that has those functions (a step a commit lacks is left out).

Not part of the test suite: it measures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _wrap(module, name: str, label: str, spent: dict[str, float]) -> None:
    real = getattr(module, name, None)
    if real is None:
        return

    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - t0

    setattr(module, name, timed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="argmap-breakdown-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())
    try:  # as the app does before its QApplication (a commit without it runs Qt as it was then)
        from argmap.render.qt_environment import prepare_qt_environment
    except ImportError:
        pass
    else:
        prepare_qt_environment()
    from bench_scale import close_window  # the benchmark's own, beside this script
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from argmap import format as map_format
    from argmap import placement
    from argmap.generate import generate_map
    from argmap.render import scene as scene_module
    from argmap.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    path = home / f"map-{args.cards}.yaml"
    map_format.save(generate_map(args.cards), path)

    spent: dict[str, float] = {}
    for name in ("parse", "check", "build_map"):
        _wrap(map_format, name, name, spent)
    _wrap(placement.layout, "layout_positions", "layout", spent)  # the scene places cards through it
    _wrap(scene_module.MapScene, "_build", "scene build (layout included)", spent)
    collecting = {"since": 0.0, "total": 0.0}

    def on_collect(phase, _info) -> None:
        if phase == "start":
            collecting["since"] = time.perf_counter()
        else:
            collecting["total"] += time.perf_counter() - collecting["since"]

    gc.callbacks.append(on_collect)

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Paint:
                self.done = True
            return False

    rows = []
    window = None
    for _ in range(args.runs):
        if window is not None:
            close_window(app, window)
        window = MainWindow()
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        probe = FirstPaint()
        window.view.viewport().installEventFilter(probe)
        gc.collect()
        spent.clear()
        collecting["total"] = 0.0
        t0 = time.perf_counter()
        window.open_path(path, guard=False)
        opened = time.perf_counter()
        while not probe.done:
            app.processEvents()
        app.processEvents()  # the paint under way
        row = dict(spent)
        row["open_path"] = opened - t0
        row["open -> first paint drawn"] = time.perf_counter() - t0
        row["garbage collection in it"] = collecting["total"]
        rows.append(row)
        window.view.viewport().removeEventFilter(probe)
    window.document.undo_stack.setClean()
    window.close()

    print(f"{args.cards} cards, {args.runs} opens: median, then every run (s)")
    for key in rows[0]:
        values = [row.get(key, 0.0) for row in rows]
        print(f"  {key:32} {statistics.median(values):7.3f}   " + " ".join(f"{v:.3f}" for v in values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
