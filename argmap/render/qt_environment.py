"""Settings Qt reads once, from the environment, before its application object exists."""

from __future__ import annotations

import os


def offscreen_application():
    """The running QApplication, or a new one on Qt's offscreen platform (for drawing without a window).

    Exporting never shows a window: the offscreen platform draws everything without a display. The
    platform is set only before the first QApplication exists; one the user chose is left alone. Keep
    the returned object alive while drawing."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    prepare_qt_environment()
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["argmap"])


def prepare_qt_environment() -> None:
    """Set what argmap needs from Qt before the first QApplication is made (the user's own values win).

    Qt's raster engine hands every fill of more than a few dozen spans to a pool of threads and waits
    for them to finish. For the fills a map is drawn with (card boxes, arrows, a viewport's
    background) the hand-off costs more than the fill: on this project's 2-core machine a fit-all
    frame of a 10,000-card map took 18.7 ms with the pool and 9.9 ms without it (medians of 64
    frames, alternating runs; tests/benchmarks/bench_scale.py). Exports of large images were no
    slower without it. The pool is made on first use and the variable read then, so this must run
    before anything is painted.
    """
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
