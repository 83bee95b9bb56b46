"""A start-up probe for benchmarks: report when the map is first painted, then quit.

Inert unless ``ARGMAP_EXIT_AFTER_FIRST_PAINT`` is set. Then, once the window's map view has painted
for the first time, it prints ``first-paint <seconds since the process started>`` on stdout and
quits the application. The start is ``ARGMAP_PROCESS_START`` when the parent set it (a
``time.perf_counter()`` reading, which on Linux is the system-wide monotonic clock), else the
process's own start time from ``/proc/self/stat``.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

ENV_FLAG = "ARGMAP_EXIT_AFTER_FIRST_PAINT"
ENV_START = "ARGMAP_PROCESS_START"


def seconds_since_start() -> float:
    """Seconds since this process started, by the parent's clock reading or by /proc."""
    given = os.environ.get(ENV_START)
    if given:
        return time.perf_counter() - float(given)
    with open("/proc/self/stat", encoding="ascii") as fh:
        # Field 22 (starttime, in clock ticks since boot) comes after the command name in parentheses.
        fields = fh.read().rsplit(")", 1)[1].split()
    started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
    return time.clock_gettime(time.CLOCK_BOOTTIME) - started


class _FirstPaint(QObject):
    """Watches the viewport for its first paint; reports once the paint has been handled."""

    def __init__(self, viewport) -> None:
        super().__init__(viewport)
        self._seen = False

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Paint and not self._seen:
            self._seen = True
            QTimer.singleShot(0, self._report)  # runs after this paint event has been drawn
        return False

    def _report(self) -> None:
        print(f"first-paint {seconds_since_start():.4f}", flush=True)
        sys.stdout.flush()
        QApplication.quit()


def install(window) -> QObject | None:
    """When ``ARGMAP_EXIT_AFTER_FIRST_PAINT`` is set, quit after the window's map view first paints."""
    if not os.environ.get(ENV_FLAG):
        return None
    viewport = window.view.viewport()
    probe = _FirstPaint(viewport)
    viewport.installEventFilter(probe)
    return probe
