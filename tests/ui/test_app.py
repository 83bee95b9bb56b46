"""The application shell: palettes follow the system, windows open on the default map."""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from argmap.recovery import RecoveryStore
from argmap.render import theme as themes
from argmap.ui import app as app_module


def a_workspace(tmp_path) -> app_module.Workspace:
    """A workspace with its own settings file and recovery folder."""
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    return app_module.Workspace(settings, RecoveryStore(tmp_path / "r"))


def test_dark_palette_turns_the_map_dark_and_back(qtbot, tmp_path):
    app = QApplication.instance()
    workspace = app_module.Workspace(
        QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), RecoveryStore(tmp_path / "r")
    )
    window = workspace.open_window()
    qtbot.addWidget(window)
    try:
        app_module.apply_palette(app, "dark")
        window.apply_palette_theme()
        assert window.scene.theme == themes.DARK
        assert app.palette().window().color().lightness() < 128
    finally:
        app.setPalette(app.style().standardPalette())
        window.apply_palette_theme()
    assert window.scene.theme == themes.LIGHT


def test_open_window_without_a_file_shows_an_empty_untitled_map(qtbot, tmp_path):
    workspace = app_module.Workspace(
        QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), RecoveryStore(tmp_path / "r")
    )
    window = workspace.open_window()
    qtbot.addWidget(window)
    assert len(window.document.amap) == 0
    assert "Untitled" in window.windowTitle()


def test_the_app_and_the_export_command_draw_without_qts_raster_thread_pool(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    probe = (
        "import os, sys\n"
        "from argmap.ui.app import make_app\n"
        "from argmap.cli import main\n"
        "if sys.argv[1] == 'app':\n"
        "    make_app(['argmap'])\n"
        "else:\n"
        "    assert main(['export', sys.argv[2], '-o', sys.argv[3]]) == 0\n"
        "print(os.environ.get('QT_NO_GUI_THREADPOOL'))\n"
    )
    from argmap.resources import DEFAULT_MAP

    for how in ("app", "export"):
        done = subprocess.run(
            # A PNG: the export that draws with Qt (SVG is written without it, export/svg.py).
            [sys.executable, "-c", probe, how, str(DEFAULT_MAP), str(tmp_path / "m.png")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip().splitlines()[-1] == "1", how
    env["QT_NO_GUI_THREADPOOL"] = "0"  # someone who set it keeps their value
    done = subprocess.run(
        [sys.executable, "-c", probe, "app", "", ""], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip().splitlines()[-1] == "0"


def test_new_window_comes_from_the_workspace_which_keeps_it_until_it_closes(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    workspace = app_module.Workspace(settings, RecoveryStore(tmp_path / "r"))
    first = workspace.open_window()
    qtbot.addWidget(first)
    first.act_new_window.trigger()
    assert len(workspace.windows) == 2
    second = workspace.windows[1]
    qtbot.addWidget(second)
    assert second.settings is settings and second.reliability.store is first.reliability.store
    second.close()
    assert workspace.windows == [first]


def test_a_window_on_its_own_offers_no_new_window():
    from argmap.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings())
    try:
        assert not window.act_new_window.isEnabled()
    finally:
        window.deleteLater()
