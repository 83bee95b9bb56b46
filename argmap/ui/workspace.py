"""The running editor: its settings, its crash-recovery store and its open windows, in one object.

Nothing here is global: ``run_app`` makes one Workspace, and every window it opens (File ▸ New Window,
a map restored after a crash) is made by it, with autosave and file watching installed and the
window kept alive until it closes. A window is told how to ask for another one (``open_window``)
instead of importing this module, so the shell has no import cycle.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QApplication

from ..recovery import RecoveryStore
from . import reliability
from .document import MapDocument
from .main_window import MainWindow
from .palette import apply_palette


class Workspace(QObject):
    """The open windows, the settings they share, and the store their autosaves go to."""

    def __init__(self, settings: QSettings | None = None, store: RecoveryStore | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self._store = store
        self.windows: list[MainWindow] = []

    @property
    def store(self) -> RecoveryStore:
        """The recovery store, opened when the first window needs it."""
        if self._store is None:
            self._store = RecoveryStore()
        return self._store

    def open_window(self, path: str | Path | None = None, document: MapDocument | None = None) -> MainWindow:
        """A new, shown window on ``path`` (errors in the file open it read-only), on ``document``, or
        on an empty map."""
        window = MainWindow(settings=self.settings, open_window=self.open_window)
        reliability.install(window, self.store)  # autosave, crash recovery files, external changes
        if path is not None:
            window.open_path(path, guard=False)
        elif document is not None:
            window.set_document(document)
        window.windowClosed.connect(self._on_window_closed)
        self.windows.append(window)
        window.show()
        return window

    def _on_window_closed(self, window: MainWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def offer_recovery(self, window: MainWindow) -> list[MapDocument]:
        """Offer the maps a crash left behind; restored ones beyond the first open in new windows."""
        return reliability.startup(window, lambda document: self.open_window(document=document))

    def follow_system_scheme(self, app: QApplication) -> None:
        """Repaint widgets and every open map in the desktop's current light or dark scheme."""
        apply_palette(app, "system")
        for window in self.windows:
            window.apply_palette_theme()
