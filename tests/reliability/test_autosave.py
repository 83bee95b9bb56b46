"""Autosave writes unsaved maps to the recovery folder, never to the user's file; after a crash the next
start offers them, and Restore, Discard and Later do what they say."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from argmap.format import dumps, loads
from argmap.recovery import RecoveryStore
from argmap.ui import reliability
from argmap.ui.reliability import DISCARD, LATER, RESTORE

from .conftest import add_card


def others_see(folder) -> list:
    """Entries another argmap starting now would be offered (a new store is a new session)."""
    return RecoveryStore(folder).entries()


def crash(window) -> None:
    """What a kill -9 leaves behind: the files stay, the session's lock is released by the system."""
    window.reliability._closed = True  # no more writes from this "dead" process
    window.reliability.store.close()


def test_autosave_writes_after_a_change_and_not_before(qtbot, make_window, map_file, store):
    window = make_window(map_file)
    guard = window.reliability
    recovery_file = store.file_for(guard.key())
    assert not guard.autosave_timer.isActive()
    add_card(window.document)
    assert not recovery_file.exists()  # not written at once: a few seconds after the change
    with qtbot.waitSignal(guard.autosaved, timeout=3000):
        pass
    assert recovery_file.exists()
    assert "A new answer" in recovery_file.read_text(encoding="utf-8")


def test_unmodified_map_is_never_autosaved(qtbot, make_window, map_file, store):
    window = make_window(map_file)
    assert window.reliability.autosave_now() is False
    assert not store.file_for(window.reliability.key()).exists()


def test_autosave_never_touches_the_users_file(qtbot, make_window, map_file, store):
    before = map_file.read_bytes()
    stat_before = map_file.stat()
    window = make_window(map_file)
    add_card(window.document)
    with qtbot.waitSignal(window.reliability.autosaved, timeout=3000) as blocker:
        pass
    assert map_file.read_bytes() == before
    assert map_file.stat().st_mtime_ns == stat_before.st_mtime_ns
    assert map_file.parent not in __import__("pathlib").Path(blocker.args[0]).parents
    assert sorted(p.name for p in map_file.parent.iterdir()) == ["aff.yaml"]


def test_continuous_editing_still_autosaves(qtbot, make_window, map_file):
    window = make_window(map_file)
    add_card(window.document, "a")
    first_deadline = window.reliability.autosave_timer.remainingTime()
    add_card(window.document, "b")  # a second change must not push the autosave further away
    assert window.reliability.autosave_timer.remainingTime() <= first_deadline


def test_saving_removes_the_recovery_file(qtbot, make_window, map_file, store):
    window = make_window(map_file)
    add_card(window.document)
    with qtbot.waitSignal(window.reliability.autosaved, timeout=3000):
        pass
    window.save()
    assert not store.file_for(window.reliability.key()).exists()
    assert others_see(store.folder) == []


def test_normal_close_removes_the_recovery_file(qtbot, make_window, map_file, store):
    window = make_window(map_file)
    add_card(window.document)
    with qtbot.waitSignal(window.reliability.autosaved, timeout=3000):
        pass
    window.unsaved_answer = QMessageBox.Discard
    assert window.close()
    assert not store.file_for(window.reliability.key()).exists()
    assert others_see(store.folder) == []


def test_cancelled_close_keeps_the_recovery_file(qtbot, make_window, map_file, store):
    window = make_window(map_file)
    add_card(window.document)
    with qtbot.waitSignal(window.reliability.autosaved, timeout=3000):
        pass
    window.unsaved_answer = QMessageBox.Cancel
    assert not window.close()
    assert store.file_for(window.reliability.key()).exists()
    window.unsaved_answer = QMessageBox.Discard


def test_replacing_the_document_removes_its_recovery_file(qtbot, make_window, map_file, store):
    from argmap.ui.document import MapDocument

    window = make_window(map_file)
    add_card(window.document)
    with qtbot.waitSignal(window.reliability.autosaved, timeout=3000):
        pass
    old_key = window.reliability.key()
    window.set_document(MapDocument())  # the window asked first (maybe_save) in real use
    assert not store.file_for(old_key).exists()
    assert window.reliability.key() != old_key


def test_a_running_argmaps_files_are_not_offered(qtbot, make_window, map_file, store):
    window = make_window(map_file)
    add_card(window.document)
    with qtbot.waitSignal(window.reliability.autosaved, timeout=3000):
        pass
    assert others_see(store.folder) == []


def _crashed_with_edit(qtbot, make_window, map_file):
    window = make_window(map_file)
    add_card(window.document, "crash-card", "Written before the crash")
    with qtbot.waitSignal(window.reliability.autosaved, timeout=3000):
        pass
    expected = dumps(window.document.amap)
    crash(window)
    return expected


def test_recovery_survives_a_crash_and_is_offered_with_its_time_and_file(
    qtbot, make_window, map_file, store, monkeypatch
):
    _crashed_with_edit(qtbot, make_window, map_file)
    entries = others_see(store.folder)
    assert len(entries) == 1
    assert entries[0].original_path == map_file
    asked = []
    monkeypatch.setattr(reliability, "ask_recovery", lambda parent, entries: asked.extend(entries) or {})
    next_start = make_window(None, RecoveryStore(store.folder))
    assert reliability.startup(next_start) == []
    assert [e.key for e in asked] == [entries[0].key]
    text = reliability.describe(entries[0])
    assert "aff.yaml" in text and str(map_file) in text and "autosaved" in text


def test_restore_gives_the_edited_map_unsaved_at_the_original_path(
    qtbot, make_window, map_file, store, monkeypatch
):
    expected = _crashed_with_edit(qtbot, make_window, map_file)
    disk_before = map_file.read_bytes()
    monkeypatch.setattr(
        reliability, "ask_recovery", lambda parent, entries: {e.key: RESTORE for e in entries}
    )
    next_start = make_window(None, RecoveryStore(store.folder))
    restored = reliability.startup(next_start)
    assert len(restored) == 1
    document = next_start.document
    assert document is restored[0]
    assert dumps(document.amap) == expected
    assert "crash-card" in document.amap
    assert document.modified and document.path == map_file and not document.read_only
    assert map_file.read_bytes() == disk_before  # nothing is written to the user's file until they save
    # Still protected until saved: a crash right now would offer it again.
    next_start.reliability.store.close()
    next_start.reliability._closed = True
    again = others_see(store.folder)
    assert [dumps(loads(RecoveryStore(store.folder).read(e)).map) for e in again] == [expected]


def test_restored_map_is_not_offered_again_while_open_and_goes_when_saved(
    qtbot, make_window, map_file, store, monkeypatch
):
    expected = _crashed_with_edit(qtbot, make_window, map_file)
    monkeypatch.setattr(
        reliability, "ask_recovery", lambda parent, entries: {e.key: RESTORE for e in entries}
    )
    next_start = make_window(None, RecoveryStore(store.folder))
    reliability.startup(next_start)
    assert others_see(store.folder) == []  # adopted by the running session
    next_start.save()
    assert map_file.read_text(encoding="utf-8") == expected
    next_start.reliability.store.close()
    assert others_see(store.folder) == []


def test_discard_removes_the_recovery_file(qtbot, make_window, map_file, store, monkeypatch):
    _crashed_with_edit(qtbot, make_window, map_file)
    monkeypatch.setattr(
        reliability, "ask_recovery", lambda parent, entries: {e.key: DISCARD for e in entries}
    )
    next_start = make_window(None, RecoveryStore(store.folder))
    assert reliability.startup(next_start) == []
    assert others_see(store.folder) == []
    assert [p for p in store.folder.iterdir() if p.suffix == ".yaml"] == []


def test_later_keeps_the_recovery_file_for_the_next_start(qtbot, make_window, map_file, store, monkeypatch):
    expected = _crashed_with_edit(qtbot, make_window, map_file)
    monkeypatch.setattr(reliability, "ask_recovery", lambda parent, entries: {e.key: LATER for e in entries})
    next_start = make_window(None, RecoveryStore(store.folder))
    assert reliability.startup(next_start) == []
    assert not next_start.document.modified
    entries = others_see(store.folder)
    assert len(entries) == 1
    assert RecoveryStore(store.folder).read(entries[0]) == expected


def test_recovery_dialog_lists_each_entry_and_defaults_to_restore(qtbot, make_window, map_file, store):
    _crashed_with_edit(qtbot, make_window, map_file)
    entries = others_see(store.folder)
    dialog = reliability.RecoveryDialog(entries)
    qtbot.addWidget(dialog)
    assert dialog.choices() == {entries[0].key: RESTORE}
    later = [b for b in dialog.groups[entries[0].key].buttons() if b.property("choice") == LATER][0]
    later.click()
    assert dialog.choices() == {entries[0].key: LATER}


def test_closing_the_recovery_dialog_means_later(qtbot, make_window, map_file, store, monkeypatch):
    _crashed_with_edit(qtbot, make_window, map_file)
    monkeypatch.setattr(reliability.RecoveryDialog, "exec", lambda self: reliability.QDialog.Rejected)
    next_start = make_window(None, RecoveryStore(store.folder))
    assert reliability.startup(next_start) == []
    assert len(others_see(store.folder)) == 1


def test_second_restored_map_opens_in_another_window(qtbot, make_window, map_file, store, monkeypatch):
    expected = _crashed_with_edit(qtbot, make_window, map_file)
    monkeypatch.setattr(
        reliability, "ask_recovery", lambda parent, entries: {e.key: RESTORE for e in entries}
    )
    next_start = make_window(None, RecoveryStore(store.folder))
    add_card(next_start.document, "busy")  # the user is already working on something here
    shown = []
    restored = reliability.offer_recovery(next_start, RecoveryStore(store.folder), open_document=shown.append)
    assert shown == restored and dumps(restored[0].amap) == expected
    assert "busy" in next_start.document.amap
