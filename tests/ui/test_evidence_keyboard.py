"""Cutting evidence with the keyboard alone: add a source, cut three cards, mark them, as a debater would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from argmap.format import load

SAMPLES = Path(__file__).resolve().parents[1] / "evidence" / "samples"

START = """argmap: 1
title: Emissions
cards:
- id: emissions-fall
  kind: position
  side: for
  tag: U.S. emissions are falling
  text: U.S. emissions fell in 2019 as coal declined.
"""


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from argmap.ui.main_window import MainWindow

    path = tmp_path / "emissions.yaml"
    path.write_text(START, encoding="utf-8")
    win = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    qtbot.addWidget(win)
    assert win.open_path(path, guard=False)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def _key(widget, key, modifier=Qt.NoModifier):
    QTest.keyClick(widget, key, modifier)
    QApplication.processEvents()


def _focus():
    return QApplication.focusWidget()


def _select_words(qtbot, n_words: int) -> None:
    for _ in range(n_words):
        _key(_focus(), Qt.Key_Right, Qt.ControlModifier | Qt.ShiftModifier)


def test_add_a_source_and_cut_three_cards_with_the_keyboard_alone(qtbot, window, tmp_path):
    ea = window.evidence_actions
    # Pick the position: with nothing selected, an arrow key selects the card in the middle of the view.
    window.view.setFocus()
    _key(window.view, Qt.Key_Down)
    assert window.selection.current == "emissions-fall"

    # Evidence > Sources... (Ctrl+Alt+S), Add from File (Ctrl+O), type the saved web page's path, Enter.
    _key(window, Qt.Key_S, Qt.ControlModifier | Qt.AltModifier)
    dialog = ea.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: _focus() is dialog.list)
    _key(_focus(), Qt.Key_O, Qt.ControlModifier)
    chooser = dialog.file_chooser
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    qtbot.waitUntil(lambda: _focus() is not None and chooser.isAncestorOf(_focus()))
    QTest.keyClicks(_focus(), str(SAMPLES / "salon.com.emissions.html"))
    _key(_focus(), Qt.Key_Return)
    qtbot.waitUntil(lambda: "johnson" in window.document.amap.sources)
    source = window.document.amap.sources["johnson"]
    assert source.title == "Despite everything, U.S. emissions dipped in 2019"
    assert (tmp_path / source.file).is_file()
    qtbot.waitUntil(lambda: _focus() is dialog.edits["title"])  # the record, ready to correct
    _key(_focus(), Qt.Key_Escape)  # close the Sources dialog
    assert not dialog.isVisible()

    # Ctrl+Alt+U: the cursor in the source's text. Three times: select words, F7, type the tag, Enter.
    _key(window, Qt.Key_U, Qt.ControlModifier | Qt.AltModifier)
    assert _focus() is ea.panel.text
    tags = ["Emissions fell 2 percent", "Coal is the reason", "Transport did not move"]
    plan = [(0, 0, 12), (1, 0, 10), (1, 14, 18)]  # (paragraphs down, words right, words selected)
    for tag, (down, skip, n) in zip(tags, plan, strict=True):
        for _ in range(down):
            _key(_focus(), Qt.Key_Down)
        _key(_focus(), Qt.Key_Home)
        for _ in range(skip):
            _key(_focus(), Qt.Key_Right, Qt.ControlModifier)
        _select_words(qtbot, n)
        _key(_focus(), Qt.Key_F7)
        assert window.scene.is_editing()
        QTest.keyClicks(_focus(), tag)
        _key(_focus(), Qt.Key_Return)
        qtbot.waitUntil(lambda: _focus() is ea.panel.text)

    amap = window.document.amap
    cut = [c for c in amap.cards() if c.kind == "evidence"]
    assert [c.tag for c in cut] == tags
    for card in cut:
        assert card.cite.source == "johnson" and card.cite.at.startswith("para ")
        assert amap.relation(card.id, "emissions-fall").type == "supports"
    assert cut[0].quote.startswith("Just a week into the new year")
    assert cut[0].cite.at == "para 1"

    # Mark the last card's first words from the Source panel: highlight with F11, underline with Ctrl+Alt+9.
    assert window.selection.current == cut[-1].id
    passage = ea.panel.passage_of(cut[-1].id)
    cursor = ea.panel.text.textCursor()
    cursor.setPosition(passage.spans[0][0])
    ea.panel.text.setTextCursor(cursor)
    _select_words(qtbot, 3)
    _key(_focus(), Qt.Key_F11)
    _key(_focus(), Qt.Key_9, Qt.ControlModifier | Qt.AltModifier)
    marked = amap.card(cut[-1].id)
    assert {m.style for m in marked.marks} == {"highlight", "underline"}
    assert marked.marks[0].start == 0

    # Each cut is one undo step: undo the marks, the tag and the cut of the last card, and it is gone.
    for _ in range(4):
        _key(window.view, Qt.Key_Z, Qt.ControlModifier)
    assert cut[-1].id not in amap and cut[1].id in amap
    _key(window.view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert cut[-1].id in amap

    # Saved, the map loads without a problem: every quote is verbatim from the source.
    _key(window, Qt.Key_S, Qt.ControlModifier)
    result = load(window.document.path)
    assert [str(p) for p in result.problems] == []


def test_marking_words_in_the_inspector_quote_box(qtbot, shipped_window):
    win = shipped_window
    win.selection.set(["package-800m"])
    field = win.inspector.quote_edit
    field.setFocus()
    cursor = field.textCursor()
    cursor.movePosition(QTextCursor.Start)
    cursor.movePosition(QTextCursor.NextWord, QTextCursor.KeepAnchor, 2)
    field.setTextCursor(cursor)
    before = win.document.amap.card("package-800m").marks
    _key(field, Qt.Key_F10)
    after = win.document.amap.card("package-800m").marks
    assert any(m.style == "emphasis" and m.start == 0 for m in after) and after != before
    _key(field, Qt.Key_F12)
    assert not any(m.start < 4 for m in win.document.amap.card("package-800m").marks)


def test_removing_a_cited_source_names_the_cards_and_keeps_it(qtbot, shipped_window, monkeypatch):
    win = shipped_window
    seen = {}

    def fake_exec(box):
        seen["text"] = box.text()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    dialog = win.evidence_actions.show_sources()
    dialog.remove_button.click()
    assert "17 cards cite 'axios'" in seen["text"] and "Ukraine asked for resistance support" in seen["text"]
    assert "axios" in win.document.amap.sources


def test_editing_and_adding_a_blank_source_in_the_dialog(qtbot, shipped_window):
    win = shipped_window
    dialog = win.evidence_actions.show_sources()
    dialog.new_button.click()
    sid = dialog.current_id()
    assert sid in win.document.amap.sources
    # The title field has the focus: type a title, Tab to the author, type, Tab on.
    qtbot.waitUntil(lambda: _focus() is dialog.edits["title"])
    QTest.keyClicks(_focus(), "Interview notes")
    _key(_focus(), Qt.Key_Tab)
    assert _focus() is dialog.edits["author"]
    QTest.keyClicks(_focus(), "Jane Roe")
    _key(_focus(), Qt.Key_Tab)
    assert win.document.amap.sources[sid].title == "Interview notes"
    assert win.document.amap.sources[sid].author == "Jane Roe"
    dialog.remove_button.click()  # cited by no card: removed, one undo step
    assert sid not in win.document.amap.sources
    win.document.undo_stack.undo()
    assert win.document.amap.sources[sid].author == "Jane Roe"


def test_clicking_a_quoted_passage_selects_its_card(qtbot, shipped_window):
    win = shipped_window
    panel = win.evidence_actions.panel
    panel.show()
    panel.raise_()
    passage = panel.passage_of("law-forces")
    cursor = panel.text.textCursor()
    cursor.setPosition(passage.spans[0][0] + 5)
    rect = panel.text.cursorRect(cursor)
    QTest.mouseClick(panel.text.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    assert win.selection.current == "law-forces"
    win.selection.set(["danilov-request"])
    QApplication.processEvents()
    assert panel.text.textCursor().position() == panel.passage_of("danilov-request").spans[0][0]


def test_each_speech_column_of_the_flow_totals_its_read_aloud_time(qtbot, shipped_window):
    win = shipped_window
    _key(win, Qt.Key_F, Qt.ControlModifier | Qt.AltModifier)  # View > Flow Sheet
    model = win.flow_view.model
    qtbot.waitUntil(lambda: model.columnCount() > 0)
    headers = [model.headerData(i, Qt.Horizontal) for i in range(model.columnCount())]
    first = headers[0]
    assert first.startswith("1AC \u00b7 0:") and first != "1AC \u00b7 0:00", headers
    tip = model.headerData(0, Qt.Horizontal, Qt.ToolTipRole)
    assert "reads aloud in" in tip and "words" in tip
