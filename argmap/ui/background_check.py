"""Re-checking a large map off the UI thread: the full check of 10,000 cards takes seconds.

The UI thread takes a copy of the map (records are immutable, so the copy is only the graph and a few
dicts); a worker thread writes it as it would be saved, reads it back and validates it; the problems
come back to the UI thread through a queued signal. A check overtaken by a later edit is dropped.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from .. import collector
from ..format import dumps, loads
from ..model import ArgumentMap
from ..problems import Problem

# Below this many cards the check runs at once on the UI thread (a fraction of a second).
BACKGROUND_CHECK_CARDS = 2000

_pool: ThreadPoolExecutor | None = None


def _worker() -> ThreadPoolExecutor:
    global _pool  # one worker for the whole app; checks queue up behind one another
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argmap-check")
    return _pool


class _WorkerEnded(QObject):
    """Lives on the UI thread as long as the app: a worker's end reaches collector.release through it,
    even when the object that started the work (a document's checker) is gone by then."""

    ended = Signal()

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.ended.connect(self._release)  # queued when emitted from the worker

    def _release(self) -> None:
        collector.release()


_ended: _WorkerEnded | None = None


def _worker_ended() -> _WorkerEnded:
    global _ended
    if _ended is None:
        _ended = _WorkerEnded(QCoreApplication.instance())
    return _ended


def check_map(amap: ArgumentMap, name: str, base: Path | None) -> list:
    """Every problem in ``amap`` as it would be saved (locations in the saved text)."""
    return loads(dumps(amap), name, base).problems


class BackgroundCheck(QObject):
    """Runs :func:`check_map` on a copy of a document's map and hands the problems to ``apply``."""

    finished = Signal(int, object)  # (generation, problems), emitted from the worker thread

    def __init__(self, apply, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._apply = apply
        self._generation = 0
        self.finished.connect(self._on_finished)  # queued: this object lives on the UI thread

    def start(self, amap: ArgumentMap, name: str, base: Path | None) -> None:
        """Check a snapshot of ``amap`` now; any check still running will be ignored when it ends."""
        self._generation += 1
        generation = self._generation
        snapshot = amap.copy()
        finished = self.finished
        ended = _worker_ended().ended

        def run() -> None:
            try:
                try:
                    problems = check_map(snapshot, name, base)
                except Exception as exc:
                    problems = [Problem(name, 1, 1, "error", f"the map could not be re-checked: {exc}")]
                finished.emit(generation, problems)
            finally:
                ended.emit()

        # No collection may start in the worker while it runs (collector.hold says why).
        collector.hold()
        try:
            _worker().submit(run)
        except BaseException:
            collector.release()
            raise

    def _on_finished(self, generation: int, problems) -> None:
        if generation == self._generation:
            self._apply(problems)


def check_later(document, name: str, base: Path | None) -> None:
    """Start a background check of ``document``'s map; its ``problems`` are replaced when it ends."""
    checker = document.findChild(BackgroundCheck, "backgroundCheck")
    if checker is None:

        def apply(problems) -> None:
            document.problems = problems
            document.problemsChanged.emit()

        checker = BackgroundCheck(apply, document)
        checker.setObjectName("backgroundCheck")
    checker.start(document.amap, name, base)


def check_after_first_paint(document, viewport, delay_ms: int = 250, fallback_ms: int = 3000) -> None:
    """Run ``document``'s first check (``MapDocument.finish_check``) ``delay_ms`` after ``viewport``
    has first painted the map, or after ``fallback_ms`` if it never paints (a hidden window).

    The map is on screen before the check starts, and the frames that follow the first one (the
    overview, the docks, a busy machine's late events) come before the check holds the event loop
    for a tenth of a second or more; nobody acts on a map in its first quarter second. An edit asked
    for sooner runs the check first (``MapDocument.read_only``), so nothing is ever changed before
    the check has decided."""
    watcher = _FirstPaint(
        viewport, lambda: QTimer.singleShot(delay_ms, document, document.finish_check), document
    )
    QTimer.singleShot(fallback_ms, watcher, watcher.fire)


class _FirstPaint(QObject):
    """Calls ``then`` once: right after ``viewport``'s first paint, or when ``fire`` is called."""

    def __init__(self, viewport, then, parent: QObject) -> None:
        super().__init__(parent)
        self._viewport = viewport
        self._then = then
        self._done = False
        viewport.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Paint and not self._done:
            QTimer.singleShot(0, self, self.fire)  # after this paint, not during it
        return False

    def fire(self) -> None:
        if self._done:
            return
        self._done = True
        try:
            self._viewport.removeEventFilter(self)
        except RuntimeError:  # the view is gone
            pass
        self._then()


__all__ = ["BACKGROUND_CHECK_CARDS", "BackgroundCheck", "check_after_first_paint", "check_later", "check_map"]
