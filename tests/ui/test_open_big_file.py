"""A map file large enough to be read without libyaml (yamlplain) opens through File > Open as any
other: its problems are located on the lines of the file, the Problems dock lists them there, and
the cards are there to select and find."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from argmap import yamlplain, yamlsafe
from argmap.generate import generate_yaml
from argmap.ui import main_window as main_window_module

from .test_plain_tooltips import shown_text

CARDS = 400  # about 120,000 characters: past yamlsafe.PLAIN_READER_FROM


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    win = main_window_module.MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def plain_reads(monkeypatch):
    """How many texts the plain reader read whole (not given back to libyaml)."""
    read, count = yamlplain.read, []

    def counted(*args, **kwargs):
        data = read(*args, **kwargs)
        count.append(data is not None)
        return data

    monkeypatch.setattr(yamlplain, "read", counted)
    return count


def open_through_the_menu(window, path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.act_open.trigger()
    assert window.document.path == path


def test_a_broken_big_file_lists_its_problem_on_its_line(qtbot, window, tmp_path, monkeypatch, plain_reads):
    text = generate_yaml(CARDS).replace("kind: rebuttal", "kind: rebutal", 1)
    assert len(text) >= yamlsafe.PLAIN_READER_FROM
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  kind: rebutal") + 1
    open_through_the_menu(window, path, monkeypatch)
    assert plain_reads == [True]  # read without libyaml; the marks were found when the problem asked
    qtbot.waitUntil(lambda: not window.document.checking, timeout=5000)
    assert window.document.read_only
    window.problems.refresh()
    listed = [(p.line, p.column, p.message) for p in window.problems.problems if p.severity == "error"]
    assert [(where, column) for where, column, _ in listed] == [(line, 9)]
    assert "rebutal" in listed[0][2]
    assert shown_text(window.problems.tree.topLevelItem(0).toolTip(0)).endswith(f"big.yaml:{line}:9")


def test_a_clean_big_file_opens_whole_and_its_cards_answer_at_once(
    window, tmp_path, monkeypatch, plain_reads
):
    path = tmp_path / "clean.yaml"
    path.write_text(generate_yaml(CARDS), encoding="utf-8")
    open_through_the_menu(window, path, monkeypatch)
    assert plain_reads == [True] and len(window.document.amap) == CARDS
    assert not window.document.problems and not window.document.read_only
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key_A, Qt.ControlModifier)  # Select All, right after opening
    assert len(window.selection.card_ids) == CARDS
