"""The window's features are wired through a declared context, not by probing the window."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from argmap.ui.main_window import MainWindow


def titles(menu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions()]


def test_features_keep_their_menus_when_the_menus_are_renamed(qtbot, tmp_path, monkeypatch):
    # A translated menu bar: no feature may find its menu by the English label.
    build = MainWindow._build_menus

    def translated(self):
        build(self)
        for action in self.menuBar().actions():
            action.setText({"&Edit": "&Bearbeiten", "&View": "&Ansicht"}.get(action.text(), action.text()))
        self.menus.panels.setTitle("&Fenster")

    monkeypatch.setattr(MainWindow, "_build_menus", translated)
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(window)
    edit, view, panels = window.menus.edit, window.menus.view, window.menus.panels
    assert edit.title() == "&Bearbeiten"
    assert {"What-if", "Insert Template", "Copy as Image"} <= {t.rstrip("…") for t in titles(edit)}
    assert {"Evaluation Overlay", "Flow Sheet", "Evaluation Semantics"} <= set(titles(view))
    assert {"Flow", "What-if"} <= set(titles(panels))
    # The what-if actions and the template menu reached the card's right-click menu too.
    assert {"Suppose Refuted", "Insert Template"} <= {
        a.text().replace("&", "") for a in window.card_context_actions
    }
