"""A big map opened through File > Open is painted before it is checked, and nothing can change it
until the check has decided: the edit actions and the Inspector are off meanwhile, an edit asked for
sooner runs the check first, and a file with errors ends read-only with its problems where load()
puts them. (The cut-off is lowered to a few cards here; the app uses it from 2,000 cards.)"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from argmap.edits import UpdateCard
from argmap.format import load, save
from argmap.generate import generate_map
from argmap.model import with_fields
from argmap.ui import main_window as main_window_module

CARDS = 60


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    win = main_window_module.MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    monkeypatch.setattr(main_window_module, "FIRST_CHECK_LATER_CARDS", 20)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    return win


def map_file(tmp_path: Path, *, broken: bool) -> Path:
    path = tmp_path / ("broken.yaml" if broken else "clean.yaml")
    save(generate_map(CARDS), path)
    if broken:  # a card kind the format does not have: an error, so the map opens read-only
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("kind: rebuttal", "kind: rebutal", 1), encoding="utf-8")
    return path


def open_through_the_menu(window, path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.act_open.trigger()
    assert window.document.path == path


def edit_offered(window) -> bool:
    return window.act_delete.isEnabled() or window.act_add_card.isEnabled() or window.act_save.isEnabled()


def test_a_map_with_errors_is_shown_first_and_never_editable(qtbot, window, tmp_path, monkeypatch):
    path = map_file(tmp_path, broken=True)
    open_through_the_menu(window, path, monkeypatch)
    document = window.document
    assert document.checking and len(document.amap) == CARDS - 1  # shown (less the broken card)
    assert not edit_offered(window) and not window.read_only_banner.isVisible()
    assert window.inspector.kind_combo.isEnabled() is False
    qtbot.waitUntil(lambda: not document.checking, timeout=5000)  # the check after the first paint
    assert document.read_only and not edit_offered(window)
    assert window.read_only_banner.isVisible() and "1 error" in window.read_only_banner.text()
    expected = [str(p) for p in load(path).problems]
    assert [str(p) for p in document.problems] == expected
    assert any(p.severity == "error" and p.line > 1 for p in document.problems)  # located in the file
    assert window.problems.isVisible()


def test_an_edit_asked_for_before_the_check_waits_for_it_and_is_refused_on_errors(
    window, tmp_path, monkeypatch
):
    path = map_file(tmp_path, broken=True)
    open_through_the_menu(window, path, monkeypatch)
    document = window.document
    assert document.checking
    card = next(document.amap.cards())
    before = document.amap.snapshot()
    refused = []
    document.editRefused.connect(refused.append)
    assert not document.push(UpdateCard(with_fields(card, text="changed")), "Edit text")
    assert not document.checking and document.read_only and refused
    assert document.amap.snapshot() == before and document.undo_stack.count() == 0
    assert [str(p) for p in document.problems] == [str(p) for p in load(path).problems]


def test_a_clean_map_becomes_editable_once_checked(qtbot, window, tmp_path, monkeypatch):
    path = map_file(tmp_path, broken=False)
    open_through_the_menu(window, path, monkeypatch)
    document = window.document
    assert document.checking and not edit_offered(window)
    assert not gc.isenabled()  # the collector's pass over the new map waits for the paint too
    qtbot.waitUntil(lambda: not document.checking, timeout=5000)
    assert gc.isenabled()
    assert not document.read_only and edit_offered(window) and not window.read_only_banner.isVisible()
    assert window.inspector.kind_combo.isEnabled()
    assert [str(p) for p in document.problems] == [str(p) for p in load(path).problems]
    card = next(document.amap.cards())
    assert document.push(UpdateCard(with_fields(card, text="changed")), "Edit text")
    assert document.amap.card(card.id).text == "changed"


def test_an_edit_asked_for_before_the_check_of_a_clean_map_is_applied_after_it(window, tmp_path, monkeypatch):
    path = map_file(tmp_path, broken=False)
    open_through_the_menu(window, path, monkeypatch)
    document = window.document
    card = next(document.amap.cards())
    assert document.checking
    assert document.push(UpdateCard(with_fields(card, text="changed")), "Edit text")
    assert not document.checking and not document.read_only and edit_offered(window)


def test_a_small_map_is_checked_before_it_is_shown(window, tmp_path, monkeypatch):
    monkeypatch.setattr(main_window_module, "FIRST_CHECK_LATER_CARDS", CARDS + 1)
    path = map_file(tmp_path, broken=True)
    open_through_the_menu(window, path, monkeypatch)
    assert not window.document.checking and window.document.read_only and gc.isenabled()
    assert window.read_only_banner.isVisible() and not edit_offered(window)


def test_load_can_leave_the_check_for_later_and_then_finds_the_same_problems(tmp_path):
    for broken in (True, False):
        path = map_file(tmp_path, broken=broken)
        now = load(path)
        later = load(path, check_from=CARDS)
        assert later.unchecked is not None and later.problems == [] and later.blocks_editing
        assert later.map is not None and later.map.snapshot() == now.map.snapshot()
        assert later.finish_check() == now.problems and later.unchecked is None
        assert later.blocks_editing == now.blocks_editing == broken
        assert load(path, check_from=CARDS + 1).unchecked is None  # below the cut-off: checked at once


def test_another_map_opened_before_the_check_leaves_the_collector_on(qtbot, window, tmp_path, monkeypatch):
    first = map_file(tmp_path, broken=False)
    open_through_the_menu(window, first, monkeypatch)
    assert window.document.checking and not gc.isenabled()
    monkeypatch.setattr(main_window_module, "FIRST_CHECK_LATER_CARDS", CARDS + 1)
    second = tmp_path / "second.yaml"
    second.write_bytes(first.read_bytes())
    open_through_the_menu(window, second, monkeypatch)
    assert not window.document.checking and not window.document.read_only and edit_offered(window)
    qtbot.waitUntil(gc.isenabled, timeout=5000)


def test_the_check_after_an_edit_runs_in_the_worker_with_the_collector_held(
    qtbot, window, tmp_path, monkeypatch
):
    """A big map is re-checked on a worker thread after each edit; no collection may start there (it would
    destroy Qt objects of garbage cycles on the wrong thread), and the collector is back when it ends."""
    import threading

    from argmap.ui import background_check

    path = map_file(tmp_path, broken=False)
    open_through_the_menu(window, path, monkeypatch)
    document = window.document
    qtbot.waitUntil(lambda: not document.checking, timeout=5000)
    monkeypatch.setattr(background_check, "BACKGROUND_CHECK_CARDS", 20)  # this map counts as big
    real, seen = background_check.check_map, []

    def recording_check(*args):
        seen.append((threading.current_thread() is threading.main_thread(), gc.isenabled()))
        return real(*args)

    monkeypatch.setattr(background_check, "check_map", recording_check)
    card = next(document.amap.cards())
    with qtbot.waitSignal(document.problemsChanged, timeout=10000):
        assert document.push(UpdateCard(with_fields(card, text="changed by hand")), "Edit text")
        document.revalidate()
    assert seen and all(place == (False, False) for place in seen)  # in the worker, collector held
    qtbot.waitUntil(gc.isenabled, timeout=5000)
