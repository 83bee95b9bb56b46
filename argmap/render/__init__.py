"""The scene that both the editor window and headless export draw: cards, arrows, legend."""

import sys


def _keep_none_alive() -> None:
    """Work around PySide6 6.12 on Python 3.11: void methods return None without a new reference.

    Python 3.12 made None immortal, and shiboken 6.12's bindings rely on it. On 3.11 every call of
    a void Qt method (setPen, setBrush, fill, ...) then takes one reference away from None, and the
    process aborts with "deallocating None" after a few thousand calls (one painted frame of a map).
    Measure whether this PySide6 does that, and if so give None more references than it can lose.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("")
    if sys.getrefcount(None) < before - 4:
        import ctypes

        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 56


_keep_none_alive()
