"""The application shell: palettes follow the system, windows open on the default map."""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from argmap.render import theme as themes
from argmap.ui import app as app_module


def test_dark_palette_turns_the_map_dark_and_back(qtbot, tmp_path):
    app = QApplication.instance()
    window = app_module.open_window(None, QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
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
    window = app_module.open_window(None, QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(window)
    assert len(window.document.amap) == 0
    assert "Untitled" in window.windowTitle()
