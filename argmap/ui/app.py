"""Starting the editor: the QApplication, its palette, and the workspace that opens the windows."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from ..render.qt_environment import prepare_qt_environment
from ..resources import DEFAULT_MAP
from .palette import apply_palette
from .workspace import Workspace


def make_app(argv: list[str] | None = None) -> QApplication:
    """The application object, created once, with names that QSettings files are kept under."""
    app = QApplication.instance()
    if app is None:
        prepare_qt_environment()
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv or ["argmap"])
    if QGuiApplication.platformName() == "offscreen":
        # Qt's offscreen clipboard crashes at exit while it owns data; a real desktop's clipboard must
        # outlive the app, so this is only for headless runs (scripts, benchmarks).
        import atexit

        atexit.register(lambda: QApplication.instance() and QGuiApplication.clipboard().clear())
    app.setOrganizationName("argmap")
    app.setApplicationName("argmap")
    app.setApplicationDisplayName("argmap")
    return app  # type: ignore[return-value]


def run_app(path: str | None = None) -> int:
    """Open ``path`` (or the default map) in the editor and run until the last window closes."""
    app = make_app(sys.argv[:1])
    from . import startup_probe
    from .errors import install_excepthook

    install_excepthook()
    workspace = Workspace()
    scheme = str(workspace.settings.value("view/palette", "system"))
    apply_palette(app, scheme)
    if scheme == "system":  # follow the desktop when it switches between light and dark
        QGuiApplication.styleHints().colorSchemeChanged.connect(
            lambda _scheme: workspace.follow_system_scheme(app)
        )
    window = workspace.open_window(Path(path) if path else DEFAULT_MAP)
    startup_probe.install(window)  # only acts when ARGMAP_EXIT_AFTER_FIRST_PAINT is set (benchmark)
    workspace.offer_recovery(window)  # offers to restore maps left by a crash
    return app.exec()


__all__ = ["Workspace", "apply_palette", "make_app", "run_app"]
