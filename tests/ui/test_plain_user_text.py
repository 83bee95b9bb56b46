"""User text shown as text everywhere the editor shows it, reached the way a user reaches it.

A map (or a file name, or a flow column the user named) holding ``<b>``, ``<img src=...>``, ``&amp;`` or a
``<table>`` must show those characters: in tooltips (Qt reads a tooltip as HTML when it merely looks like
HTML), in message boxes, in tab and menu texts (where ``&`` marks a mnemonic) and in the window title
(where ``[*]`` is the modified mark)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QSettings, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip

from argmap.format import save
from argmap.model import ArgumentMap, Card, MapInfo, Relation, Source

from .test_plain_tooltips import shown_text

HOSTILE = "<table><tr><td><b>R&D</b> <img src=file:///etc/hostname> &amp; <i>cut</i></td></tr></table>"


def hover(qtbot, widget, point: QPoint) -> str:
    """Rest the mouse on ``widget`` at ``point``: the tooltip Qt shows, as the text a reader sees."""
    QToolTip.hideText()
    event = QHelpEvent(QEvent.ToolTip, point, widget.mapToGlobal(point))
    QApplication.sendEvent(widget, event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    text = QToolTip.text()
    QToolTip.hideText()
    return shown_text(text)


def without_mnemonics(text: str) -> str:
    """What a tab, a button or a menu item shows for ``text``: ``&&`` is ``&``, a lone ``&`` vanishes."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def hostile_map() -> ArgumentMap:
    amap = ArgumentMap(MapInfo(title=HOSTILE))
    amap.sources["evil"] = Source("evil", HOSTILE)
    amap.insert_card(Card("plan", "position", "for", text=HOSTILE, speech="1AC"))
    amap.insert_card(Card("answer", "rebuttal", "against", text=HOSTILE + " no", speech="1NC"))
    amap.insert_relation(Relation("answer", "plan", "rebuts"))
    return amap


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    """The editor on a saved hostile map whose very file name looks like markup."""
    from argmap.ui.main_window import MainWindow

    path = tmp_path / "R&D [*] <b>bold<i> &amp;.yaml"
    save(hostile_map(), path)
    win = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    qtbot.addWidget(win)
    assert win.open_path(path, guard=False)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_flow_column_and_sheet_tooltips_tabs_and_menus_show_user_text_as_text(qtbot, window, monkeypatch):
    flow = window.flow_view
    window.flow_view.act_show.trigger()
    flow.refresh_now()
    # Columns ▸ Rename: the user names the first column with markup.
    monkeypatch.setattr(flow, "ask_text", lambda *a, **k: HOSTILE)
    flow.table.setCurrentIndex(flow.model.index(0, 0))
    flow.columns_menu.aboutToShow.emit()
    rename = flow.columns_menu.actions()[0]
    assert without_mnemonics(rename.text()) == "Rename “1AC”…"
    rename.trigger()
    flow.refresh_now()
    header = flow.table.horizontalHeader()
    point = QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2)
    assert hover(qtbot, header.viewport(), point).startswith(HOSTILE + ": affirmative")
    flow.columns_menu.aboutToShow.emit()
    assert without_mnemonics(flow.columns_menu.actions()[0].text()) == f"Rename “{HOSTILE}”…"
    # The sheet's tab: its tooltip and its text show the position's words.
    tabs = flow.tabs
    sheet_tab = next(i for i in range(tabs.count()) if tabs.tabData(i) == "plan")
    assert hover(qtbot, tabs, tabs.tabRect(sheet_tab).center()) == HOSTILE
    assert without_mnemonics(tabs.tabText(sheet_tab)).endswith(": " + HOSTILE[:27] + "…")


def test_a_source_title_and_a_file_name_in_the_sources_dialog_show_as_text(
    qtbot, window, tmp_path, monkeypatch
):
    QTest.keyClick(window, Qt.Key_S, Qt.ControlModifier | Qt.AltModifier)  # Evidence ▸ Sources…
    dialog = window.evidence_actions.dialog
    assert dialog is not None and dialog.isVisible()
    item = dialog.list.item(0)
    assert hover(qtbot, dialog.list.viewport(), dialog.list.visualItemRect(item).center()) == HOSTILE
    # A file that cannot be a source: the message names it, as text.
    bad = tmp_path / "<b>bold<i> &amp; <img src=x>.pdf"
    bad.write_bytes(b"not a PDF at all")
    seen = []

    def capture(box):
        seen.append((box.textFormat(), box.text()))
        return QMessageBox.Ok

    monkeypatch.setattr(QMessageBox, "exec", capture)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.list)
    QTest.keyClick(dialog.list, Qt.Key_O, Qt.ControlModifier)  # Add from File…
    chooser = dialog.file_chooser
    qtbot.waitUntil(lambda: chooser is not None and chooser.isVisible())
    qtbot.waitUntil(lambda: chooser.isAncestorOf(QApplication.focusWidget()))
    QTest.keyClicks(QApplication.focusWidget(), str(bad))
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    ((fmt, text),) = seen
    assert fmt == Qt.PlainText and bad.name in text


def test_the_window_title_and_the_recent_menu_show_a_file_name_as_text(window):
    name = window.document.path.name
    assert "[*]" in name and "&" in name
    assert window.windowHandle().title() == f"{name} — argmap"
    window.setWindowModified(True)  # the modified mark comes after the name; the name keeps its [*]
    assert window.windowHandle().title() == f"{name}* — argmap"
    window.recent_menu.aboutToShow.emit()  # File ▸ Open Recent
    shown = [without_mnemonics(a.text()) for a in window.recent_menu.actions()]
    assert str(window.document.path.resolve()) in shown


def test_a_user_template_description_shows_as_text_in_its_tooltip(window, tmp_path):
    folder = tmp_path / "user-templates"
    folder.mkdir()
    (folder / "evil.yaml").write_text(
        "template: 1\nid: evil\nname: 'R&D <b>shell</b>'\n"
        f"description: '{HOSTILE}'\nside: against\nattach: rebuts\n"
        "cards:\n  - {id: one, kind: argument, tag: One, text: one}\n",
        encoding="utf-8",
    )
    window.templates_menu.folder = folder
    window.templates_menu.menu.aboutToShow.emit()  # Edit ▸ Insert Template
    action = next(a for a in window.templates_menu.template_actions() if a.data() == "evil")
    assert without_mnemonics(action.text()) == "R&D <b>shell</b>"
    assert shown_text(action.toolTip()) == HOSTILE
    # Inserted under the position: Edit ▸ Undo names the step with the template's own name.
    window.selection.set(["plan"])
    action.trigger()
    assert window.document.undo_stack.undoText() == "Insert R&D <b>shell</b>"
    assert without_mnemonics(window.act_undo.text()) == "Undo Insert R&D <b>shell</b>"
    window.act_undo.trigger()  # Edit ▸ Undo
    assert without_mnemonics(window.act_redo.text()) == "Redo Insert R&D <b>shell</b>"
    assert without_mnemonics(window.act_undo.text()) == "Undo"


def test_why_a_card_stands_shows_its_words_as_text_on_hover(qtbot, window):
    window.evaluation_overlay.act_overlay.trigger()  # Ctrl+E
    view = window.view
    item = window.scene.card_item("answer")
    point = view.mapFromScene(item.sceneBoundingRect().center())
    assert hover(qtbot, view.viewport(), point).startswith("“" + HOSTILE[:40])


def test_no_message_box_shortcut_that_reads_its_text_as_markup_is_left_in_the_editor():
    """QMessageBox.warning/information/critical/question show their text in Qt's auto format (HTML when
    it looks like HTML); the editor uses plain_text.message instead."""
    import re

    root = Path(__file__).resolve().parents[2] / "argmap"
    pattern = re.compile(r"QMessageBox\.(warning|information|critical|question)\(")
    found = [
        f"{path.relative_to(root)}:{n}"
        for folder in ("ui", "render")
        for path in sorted((root / folder).glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []
