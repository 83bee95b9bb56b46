"""The cyclic garbage collector held off while a map's worth of objects is made at once."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_holds = 0  # how many holds are out (the main thread's only)
_resume = False  # whether the collector was on when the first of them began


def hold() -> None:
    """Hold the collector off until the matching :func:`release`; holds nest, the last one gives it back.

    Besides bulk work (see :func:`collector_paused`), the editor holds it while a worker thread of its
    own runs Python: a collection can start in whichever thread allocates, and one started in a worker
    destroys the Qt objects it finds in garbage cycles on that thread. Qt then stops their timers from
    the wrong thread and the main thread's event loop later crashes on them (seen as segfaults in the
    import and check tests). Called on the main thread only.
    """
    global _holds, _resume
    if _holds == 0:
        _resume = gc.isenabled()
        gc.disable()
    _holds += 1


def release() -> None:
    """End one :func:`hold`; the collector runs again when the last ends, if it ran before the first."""
    global _holds
    if _holds == 0:
        return
    _holds -= 1
    if _holds == 0 and _resume:
        gc.enable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector for the block; nested blocks leave it to the outermost.

    Reading and drawing a 10,000-card map makes several hundred thousand containers, nearly all of
    which live on. Each time the collector's counters fill up it walks them, and everything the program
    already holds (Qt's wrappers included), again: a fifth of the time to open such a map went there.
    Nothing made in these blocks is a reference cycle worth reclaiming meanwhile, and the collector
    runs as usual once the block is left. Reference counting frees everything else as always.

    Only the main thread pauses it: the switch is the whole program's, and a worker's check of a big
    map is covered by the editor's own hold for as long as the worker runs.
    """
    if not _on_main_thread():
        yield
        return
    hold()
    try:
        yield
    finally:
        release()


def _on_main_thread() -> bool:
    """Whether Python runs on the program's main thread here, without importing threading (1 ms of every
    command that reads a map): until threading is loaded, no thread of argmap's is running (its workers
    start through threading, and Qt loads it too), so the main thread is the only one."""
    threading = sys.modules.get("threading")
    return threading is None or threading.current_thread() is threading.main_thread()
