"""File ▸ Import, File ▸ Export ▸ As Format and dropped files in the editor, through the CLI's registry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from argmap.edits import UpdateCard
from argmap.format import load
from argmap.interchange import FORMATS
from argmap.model import with_fields

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "interchange" / "samples"
SHIPPED = ROOT / "maps" / "ukraine-resistance.yaml"

# Each import entry's sample and the number of cards it holds (OVA saves import through the AIF entry).
SAMPLE_IMPORTS = {
    "argdown": ("resistance.argdown", 11),
    "aif": ("aifdb.json", 5),
    "ova": ("ova-save.json", 4),
    "graphml": ("yed.graphml", 4),
    "kialo": ("resistance-kialo.txt", 8),
    "verbatim": ("verbatim-resistance.docx", 8),
}


@pytest.fixture
def window(shipped_window):
    return shipped_window


@pytest.fixture
def shown(window, monkeypatch):
    """Every notes message and error the window would show, instead of showing it."""
    seen = {"notes": [], "errors": []}
    monkeypatch.setattr(
        window.interchange_actions,
        "show_notes",
        lambda title, summary, lines: seen["notes"].append((title, summary, lines)),
    )
    monkeypatch.setattr(
        window, "show_error", lambda title, text, details: seen["errors"].append((title, text, details))
    )
    return seen


def choose_import(window, monkeypatch, path: Path) -> None:
    monkeypatch.setattr(window.interchange_actions, "ask_import_path", lambda fmt: str(path))


def choose_export(window, monkeypatch, path: Path) -> None:
    monkeypatch.setattr(window.interchange_actions, "ask_export_path", lambda fmt: str(path))


def drop(window, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(200, 200), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(200, 200), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, event)


def essentials(amap) -> tuple:
    return (
        {c.id: (c.kind, c.side) for c in amap.cards()},
        sorted((r.source, r.target, r.type) for r in amap.relations()),
    )


def menu_texts(menu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_file_menu_lists_an_import_entry_per_readable_format_and_an_export_entry_per_writable_one(window):
    assert window.import_menu.menuAction().isVisible()
    imports = menu_texts(window.import_menu)
    for label in (
        "Argdown…",
        "AIF / OVA…",
        "GraphML…",
        "Kialo…",
        "Verbatim evidence (.docx)…",
        "Import Verbatim Cards into This Map…",
    ):
        assert label in imports
    formats = next(a.menu() for a in window.export_menu.actions() if a.menu() is not None)
    assert len(menu_texts(formats)) == len([f for f in FORMATS.values() if f.can_write])
    assert "Export Image or Brief…" in menu_texts(window.export_menu)  # the image export is still there


@pytest.mark.parametrize("entry", SAMPLE_IMPORTS, ids=SAMPLE_IMPORTS.keys())
def test_each_import_entry_opens_the_sample_as_a_new_unsaved_map(window, shown, monkeypatch, entry):
    sample, n_cards = SAMPLE_IMPORTS[entry]
    fmt = "aif" if entry == "ova" else entry
    choose_import(window, monkeypatch, SAMPLES / sample)
    old = window.document
    window.interchange_actions.import_actions[fmt].trigger()
    doc = window.document
    assert doc is not old and doc.path is None
    assert len(doc.amap) == n_cards
    assert doc.amap.snapshot() == FORMATS[fmt].read(SAMPLES / sample).map.snapshot()  # what the CLI reads
    assert f"{sample} (imported)" in window.windowTitle()
    assert doc.modified and not doc.read_only
    assert all(window.scene.card_item(cid) is not None for cid in doc.amap.card_ids())
    assert shown["notes"], "what was inferred is shown"
    assert sample in window.statusBar().currentMessage()


def test_import_says_what_was_inferred_in_the_status_bar_and_a_message(window, shown, monkeypatch):
    choose_import(window, monkeypatch, SAMPLES / "resistance.argdown")
    window.interchange_actions.import_actions["argdown"].trigger()
    ((title, summary, lines),) = shown["notes"]
    assert "11 cards" in summary
    assert any("kinds inferred" in line for line in lines)
    assert "note" in window.statusBar().currentMessage()


def test_notes_message_is_plain_text_and_not_modal(window, monkeypatch):
    choose_import(window, monkeypatch, SAMPLES / "resistance.argdown")
    window.interchange_actions.import_actions["argdown"].trigger()  # exec() would fail the test
    box = window.interchange_actions.notes_box
    assert box is not None and box.isVisible() and not box.isModal()
    assert box.textFormat() == Qt.PlainText
    assert "kinds inferred" in box.informativeText()


def test_import_asks_about_unsaved_changes_and_cancel_keeps_the_map(window, shown, monkeypatch):
    card = next(iter(window.document.amap.cards()))
    assert window.document.push(UpdateCard(with_fields(card, text=card.text + " (edited)")), "Edit text")
    before = window.document
    monkeypatch.setattr(window, "ask_unsaved_changes", lambda: QMessageBox.Cancel)
    choose_import(window, monkeypatch, SAMPLES / "resistance.argdown")
    assert not window.interchange_actions.import_file("argdown")
    assert window.document is before


def test_cancelled_file_dialog_changes_nothing(window, shown, monkeypatch):
    before = window.document
    monkeypatch.setattr(window.interchange_actions, "ask_import_path", lambda fmt: "")
    window.interchange_actions.import_actions["graphml"].trigger()
    assert window.document is before and not shown["errors"]


@pytest.mark.parametrize(
    "name,content,where",
    [
        ("broken.json", '{"nodes": [\n', "broken.json:2:1"),
        ("broken.graphml", "<graphml><node></graphml>", "broken.graphml:1:"),
        ("broken.docx", "this is not a zip", "broken.docx:1:1"),
    ],
    ids=["aif", "graphml", "verbatim"],
)
def test_broken_input_shows_an_error_with_a_location_and_keeps_the_open_map(
    window, shown, monkeypatch, tmp_path, name, content, where
):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before, snapshot = window.document, window.document.amap.snapshot()
    drop(window, path)
    assert window.document is before and window.document.amap.snapshot() == snapshot
    ((title, text, details),) = shown["errors"]
    assert name in text and where in details and "error" in details


def test_import_of_a_missing_file_is_an_error_not_a_traceback(window, shown, monkeypatch, tmp_path):
    before = window.document
    assert not window.interchange_actions.import_file("argdown", tmp_path / "gone.argdown")
    assert window.document is before
    assert "no such file" in shown["errors"][0][2]


def test_imported_map_saved_as_yaml_takes_its_new_name(window, shown, monkeypatch, tmp_path):
    choose_import(window, monkeypatch, SAMPLES / "resistance-kialo.txt")
    window.interchange_actions.import_actions["kialo"].trigger()
    target = tmp_path / "kialo.yaml"
    assert window._save_to(target)
    assert "kialo.yaml" in window.windowTitle() and "(imported)" not in window.windowTitle()
    assert not window.document.modified
    assert len(load(target).map) == 8


@pytest.mark.parametrize("fmt", ["argdown", "aif", "graphml"])
def test_export_entry_writes_a_file_that_reads_back_with_every_card_kind_side_and_relation(
    window, shown, monkeypatch, tmp_path, fmt
):
    target = tmp_path / ("export" + FORMATS[fmt].extensions[0])
    choose_export(window, monkeypatch, target)
    window.interchange_actions.export_actions[fmt].trigger()
    back = FORMATS[fmt].read(target)
    assert not back.problems and back.map is not None
    assert essentials(back.map) == essentials(window.document.amap)
    assert target.name in window.statusBar().currentMessage()
    assert not shown["errors"]


@pytest.mark.parametrize("fmt", ["dot", "markdown"])
def test_export_entry_for_write_only_formats_reports_what_was_left_out(
    window, shown, monkeypatch, tmp_path, fmt
):
    target = tmp_path / "export"  # no extension: the format's own is added
    choose_export(window, monkeypatch, target)
    window.interchange_actions.export_actions[fmt].trigger()
    written = target.with_suffix(FORMATS[fmt].extensions[0])
    assert written.exists() and written.stat().st_size > 0
    ((title, summary, lines),) = shown["notes"]
    assert lines == FORMATS[fmt].write(window.document.amap, tmp_path / ("again" + written.suffix)).notes
    assert "note" in window.statusBar().currentMessage()


def test_export_failure_is_an_error_message(window, shown, monkeypatch, tmp_path):
    choose_export(window, monkeypatch, tmp_path / "no-such-folder" / "map.argdown")
    assert not window.interchange_actions.export_file("argdown")
    ((title, text, details),) = shown["errors"]
    assert "map.argdown" in text and details


def test_imported_argdown_exports_back_to_the_same_map(window, shown, monkeypatch, tmp_path):
    original = window.document.amap
    target = tmp_path / "round.argdown"
    window.interchange_actions.export_file("argdown", target)
    window.interchange_actions.import_file("argdown", target)
    assert window.document.amap is not original
    assert essentials(window.document.amap) == essentials(original)
    assert {c.id: c.text for c in window.document.amap.cards()} == {c.id: c.text for c in original.cards()}


def test_dropping_a_foreign_file_imports_it(window, shown, tmp_path):
    path = tmp_path / "dropped.graphml"
    shutil.copy(SAMPLES / "yed.graphml", path)
    drop(window, path)
    assert window.document.path is None and len(window.document.amap) == 4
    assert "dropped.graphml (imported)" in window.windowTitle()


def test_dropping_a_yaml_map_opens_it(window, shown, tmp_path):
    other = tmp_path / "other.yaml"
    shutil.copy(SHIPPED, other)
    drop(window, other)
    assert window.document.path == other
    assert not window.document.modified


def test_dropping_an_unknown_file_says_argmap_cannot_read_it(window, shown, tmp_path):
    before = window.document
    path = tmp_path / "notes.xyz"
    path.write_text("hello", encoding="utf-8")
    drop(window, path)
    assert window.document is before
    assert window.statusBar().currentMessage() == "argmap can't read .xyz files"
    assert not shown["errors"]


def test_merging_verbatim_cards_is_one_undo_step(window, shown, monkeypatch):
    doc = window.document
    before = doc.amap.snapshot()
    n_before, steps = len(doc.amap), doc.undo_stack.count()
    choose_import(window, monkeypatch, SAMPLES / "verbatim-resistance.docx")
    window.interchange_actions.act_merge.trigger()
    assert window.document is doc
    assert len(doc.amap) == n_before + 8
    assert doc.undo_stack.count() == steps + 1
    assert "Import 8 cards" in doc.undo_stack.undoText()
    assert len(window.selection.card_ids) == 8
    new = list(window.selection.card_ids)
    assert all(cid in doc.amap.layout.positions for cid in new)  # laid out beside the map, not in a heap
    old_right = max(x for cid, (x, _) in window.scene.positions().items() if cid not in new)
    assert all(doc.amap.layout.positions[cid][0] > old_right for cid in new)
    doc.undo_stack.undo()
    assert doc.amap.snapshot() == before
    doc.undo_stack.redo()
    assert len(doc.amap) == n_before + 8


def test_merging_twice_gives_fresh_ids(window, shown, monkeypatch):
    doc = window.document
    n_before = len(doc.amap)
    for _ in range(2):
        assert window.interchange_actions.merge_file("verbatim", SAMPLES / "verbatim-resistance.docx")
    assert len(doc.amap) == n_before + 16


def test_merge_into_a_read_only_map_is_refused(window, shown, monkeypatch, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        SHIPPED.read_text(encoding="utf-8").replace("kind: position", "kind: nonsense", 1), encoding="utf-8"
    )
    assert window.open_path(broken, guard=False) and window.document.read_only
    snapshot = window.document.amap.snapshot()
    assert not window.interchange_actions.merge_file("verbatim", SAMPLES / "verbatim-resistance.docx")
    assert window.document.amap.snapshot() == snapshot
    assert "read-only" in window.statusBar().currentMessage()


# ---------------------------------------------------------------------------------------------
# Imports read off the main thread with a Cancel button; a wrong format said once (issues #14, #18)
# ---------------------------------------------------------------------------------------------


def test_a_slow_import_shows_progress_and_cancel_stops_it_leaving_the_map(window, shown, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPushButton

    import argmap.ui.interchange_actions as actions_module
    from argmap.interchange.base import Budget

    def reads_until_cancelled(fmt, path):
        budget = Budget(str(path))
        budget.check(done=0.5)  # halfway through the file
        budget.cancel.wait()  # a reader still working: only the Cancel button ends it
        budget.check()  # raises: "the import was cancelled"
        raise AssertionError("not reached")

    monkeypatch.setattr(actions_module, "read_file", reads_until_cancelled)
    actions = window.interchange_actions
    actions.progress_delay_ms = 0
    clicked = []

    def press_cancel():
        dialog = actions.progress
        if dialog is None or not dialog.isVisible() or dialog.value() != 500:
            return  # not shown yet, or not yet showing how far the reader is
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        QTest.mouseClick(button, Qt.LeftButton)
        clicked.append(True)
        poll.stop()

    poll = QTimer()
    poll.timeout.connect(press_cancel)
    poll.start(10)
    before, snapshot = window.document, window.document.amap.snapshot()
    choose_import(window, monkeypatch, SAMPLES / "resistance.argdown")
    window.interchange_actions.import_actions["argdown"].trigger()
    poll.stop()
    assert clicked, "the progress window was shown, half full, with a Cancel button"
    assert window.document is before and window.document.amap.snapshot() == snapshot
    assert "cancelled" in window.statusBar().currentMessage() and not shown["errors"]
    assert actions.progress is None


def test_a_kialo_file_named_argdown_is_one_error_saying_what_it_looks_like(window, shown, tmp_path):
    path = tmp_path / "debate.argdown"
    shutil.copy(
        ROOT / "tests" / "interchange" / "real" / "kialo" / "should-hate-speech-be-illegal-6148.txt", path
    )
    before = window.document
    drop(window, path)
    assert window.document is before
    ((title, text, details),) = shown["errors"]
    assert details.count("\n") == 0 and "this looks like Kialo" in details and "debate.argdown:1:1" in details


def test_a_kialo_file_named_txt_without_a_title_line_is_imported_as_kialo(window, shown, tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("1. Tax carbon.\n1.1. Pro: It works.\n1.2. Con: It costs.\n", encoding="utf-8")
    drop(window, path)
    assert len(window.document.amap) == 3 and not shown["errors"]


def test_no_collection_can_start_in_the_reading_thread_and_the_collector_is_given_back(
    qtbot, window, shown, monkeypatch
):
    """A collection started in a worker destroys the Qt objects of garbage cycles on that thread, and the
    event loop then crashes on their timers: the collector is held for as long as the reader runs, even
    past a Cancel, and given back when it ends."""
    import gc
    import threading

    from PySide6.QtWidgets import QPushButton

    import argmap.ui.interchange_actions as actions_module
    from argmap.interchange.base import Budget

    seen, go_on = [], threading.Event()

    def slow_reader(fmt, path):
        seen.append(gc.isenabled())
        budget = Budget(str(path))
        budget.check(done=0.5)
        budget.cancel.wait()
        go_on.wait(10)  # a reader that runs on a while after the Cancel, to its next check
        seen.append(gc.isenabled())
        budget.check()

    monkeypatch.setattr(actions_module, "read_file", slow_reader)
    actions = window.interchange_actions
    actions.progress_delay_ms = 0

    def press_cancel():
        dialog = actions.progress
        if dialog is not None and dialog.isVisible() and dialog.value() == 500:
            button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
            QTest.mouseClick(button, Qt.LeftButton)
            poll.stop()

    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest

    poll = QTimer()
    poll.timeout.connect(press_cancel)
    poll.start(10)
    assert gc.isenabled()
    choose_import(window, monkeypatch, SAMPLES / "resistance.argdown")
    actions.import_actions["argdown"].trigger()
    assert "cancelled" in window.statusBar().currentMessage()
    assert not gc.isenabled()  # the cancelled reader is still running
    go_on.set()
    qtbot.waitUntil(gc.isenabled, timeout=5000)
    assert seen == [False, False] and gc.isenabled()
