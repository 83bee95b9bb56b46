"""The cyclic garbage collector held off while a map's worth of objects is made at once."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector for the block; nested blocks leave it to the outermost.

    Reading and drawing a 10,000-card map makes several hundred thousand containers, nearly all of
    which live on. Each time the collector's counters fill up it walks them, and everything the program
    already holds (Qt's wrappers included), again: a fifth of the time to open such a map went there.
    Nothing made in these blocks is a reference cycle worth reclaiming meanwhile, and the collector
    runs as usual once the block is left. Reference counting frees everything else as always.

    Only the main thread pauses it: the switch is the whole program's, and a worker's check of a big
    map (seconds long) would hold collection off for everyone, and could turn it back on in the
    middle of the UI thread's own pause.
    """
    if not gc.isenabled() or not _on_main_thread():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _on_main_thread() -> bool:
    """Whether Python runs on the program's main thread here, without importing threading (1 ms of every
    command that reads a map): until threading is loaded, no thread of argmap's is running (its workers
    start through threading, and Qt loads it too), so the main thread is the only one."""
    threading = sys.modules.get("threading")
    return threading is None or threading.current_thread() is threading.main_thread()
