"""Every hostile fixture gets a located message from stats, export and the editor too, never a traceback."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from argmap import cli
from tests.core.test_hostile_files import BROKEN, HOSTILE


@pytest.mark.parametrize("name", sorted(BROKEN))
@pytest.mark.parametrize("command", ["stats", "export"])
def test_cli_stats_and_export_exit_1_with_file_line_col(name, command, capsys, tmp_path):
    line, column, _words = BROKEN[name]
    args = [command, str(HOSTILE / name)] + (["-o", str(tmp_path / "out.png")] if command == "export" else [])
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert f"{name}:{line}:{column}: error:" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.png").exists()


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_editor_reports_each_hostile_file_and_never_overwrites_it(name, qtbot, tmp_path, monkeypatch):
    from argmap.ui.main_window import MainWindow

    path = tmp_path / name
    path.write_bytes((HOSTILE / name).read_bytes())
    original = path.read_bytes()
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(window)
    shown = []
    monkeypatch.setattr(window, "show_error", lambda title, text, details: shown.append(details))
    line, column, _words = BROKEN[name]
    opened = window.open_path(path, guard=False)
    if opened:  # readable YAML with errors: read-only, problems listed with their location
        assert window.document.read_only
        assert any(f"{name}:{line}:{column}" in str(p) for p in window.document.problems)
        assert window.save() is False
    else:  # unreadable: a message naming the file, line and column; the empty map stays
        assert shown and f"{name}:{line}:{column}" in shown[0]
    assert path.read_bytes() == original
