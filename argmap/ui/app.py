"""Starting the editor: the QApplication, its palette, and one window per open map."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from ..render.qt_environment import prepare_qt_environment
from ..resources import DEFAULT_MAP

_windows: list = []  # open windows, kept alive until they close


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


def apply_palette(app: QApplication, scheme: str = "system") -> None:
    """Light or dark widgets: "system" follows the desktop's colour scheme; "dark"/"light" force one."""
    if scheme == "system":
        scheme = "dark" if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark else "light"
    app.setStyle(QStyleFactory.create("Fusion"))
    if scheme == "dark":
        palette = QPalette()
        for role, colour in (
            (QPalette.Window, "#2b2d30"),
            (QPalette.WindowText, "#e6e6e6"),
            (QPalette.Base, "#1f2023"),
            (QPalette.AlternateBase, "#2b2d30"),
            (QPalette.Text, "#e6e6e6"),
            (QPalette.Button, "#3a3c40"),
            (QPalette.ButtonText, "#e6e6e6"),
            (QPalette.Highlight, "#3d7bd9"),
            (QPalette.HighlightedText, "#ffffff"),
            (QPalette.ToolTipBase, "#3a3c40"),
            (QPalette.ToolTipText, "#e6e6e6"),
            (QPalette.PlaceholderText, "#8a8a8a"),
        ):
            palette.setColor(role, QColor(colour))
        palette.setColor(QPalette.Disabled, QPalette.Text, QColor("#7a7a7a"))
        palette.setColor(QPalette.Disabled, QPalette.ButtonText, QColor("#7a7a7a"))
        app.setPalette(palette)
    else:
        app.setPalette(app.style().standardPalette())


def follow_system_scheme(app: QApplication) -> None:
    """Repaint widgets and every open map in the desktop's current light or dark scheme."""
    apply_palette(app, "system")
    for window in _windows:
        window.apply_palette_theme()


def open_window(path: str | Path | None, settings: QSettings | None = None):
    """A new window showing ``path`` (or an empty map); errors in the file open it read-only."""
    from . import reliability
    from .main_window import MainWindow

    window = MainWindow(settings=settings)
    reliability.install(window)  # autosave, crash recovery files, external-change watcher
    if path is not None:
        window.open_path(path, guard=False)
    window.windowClosed.connect(lambda w: _windows.remove(w) if w in _windows else None)
    _windows.append(window)
    window.show()
    return window


def run_app(path: str | None = None) -> int:
    """Open ``path`` (or the default map) in the editor and run until the last window closes."""
    app = make_app(sys.argv[:1])
    from .errors import install_excepthook

    install_excepthook()
    settings = QSettings()
    scheme = str(settings.value("view/palette", "system"))
    apply_palette(app, scheme)
    if scheme == "system":  # follow the desktop when it switches between light and dark
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: follow_system_scheme(app))
    target = Path(path) if path else DEFAULT_MAP
    window = open_window(target, settings)
    from . import reliability, startup_probe

    startup_probe.install(window)  # only acts when ARGMAP_EXIT_AFTER_FIRST_PAINT is set (benchmark)
    reliability.startup(window)  # offers to restore maps left by a crash
    return app.exec()
