"""Saving keeps what surrounds the file (links, owner, group, mode) and never silently replaces another
editor's save: the editor asks when the file changed on disk since it was opened or last saved."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from argmap.format import load
from argmap.recovery import RecoveryStore
from argmap.ui import reliability

from .conftest import add_card


@pytest.fixture
def open_window(qtbot, tmp_path):
    from argmap.ui.main_window import MainWindow

    def make(path):
        win = MainWindow(settings=QSettings(str(tmp_path / f"settings{id(path)}.ini"), QSettings.IniFormat))
        win.ask_unsaved_changes = lambda: QMessageBox.Discard
        qtbot.addWidget(win)
        assert win.open_path(path, guard=False)
        return win

    return make


def card_ids(path) -> list[str]:
    return load(path).map.card_ids()


@pytest.mark.parametrize("replace", [False, True])
def test_two_editors_saving_the_same_file_moments_apart_ask_before_one_loses_the_others_work(
    open_window, map_file, replace
):
    first, second = open_window(map_file), open_window(map_file)
    add_card(first.document, "first-edit")
    add_card(second.document, "second-edit")
    first.act_save.trigger()
    assert "first-edit" in card_ids(map_file)

    asked = []
    second.confirm_replace_changed_file = lambda why: asked.append(why) or replace
    second.act_save.trigger()  # at once: no file watcher has had time to look

    assert len(asked) == 1 and "aff.yaml was changed on disk since you opened or last saved it" in asked[0]
    if replace:
        assert "second-edit" in card_ids(map_file) and "first-edit" not in card_ids(map_file)
        assert not second.document.modified
    else:
        assert "first-edit" in card_ids(map_file) and "second-edit" not in card_ids(map_file)
        assert second.document.modified  # nothing was saved, and the window says so
        assert "Not saved" in second.statusBar().currentMessage()
    if replace:  # saving again after replacing is an ordinary save of one's own file: no question
        add_card(second.document, "later")
        second.act_save.trigger()
        assert len(asked) == 1 and "later" in card_ids(map_file)


def test_the_question_defaults_to_cancel_and_says_what_replace_loses(open_window, map_file, monkeypatch):
    win = open_window(map_file)
    seen = {}

    def answer(box):
        seen["text"] = box.text()
        seen["default"] = box.defaultButton().text()
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        return QMessageBox.Cancel

    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert win.confirm_replace_changed_file("aff.yaml was changed on disk.") is False
    assert seen["buttons"] == ["Cancel", "Replace"] and seen["default"] == "Cancel"
    assert "the changes made there are lost" in seen["text"]


def test_keeping_ones_version_after_a_change_on_disk_then_saving_does_not_ask_again(
    qtbot, open_window, map_file, tmp_path
):
    win = open_window(map_file)
    guard = reliability.install(win, RecoveryStore(tmp_path / "rec"), autosave_ms=60_000, settle_ms=10)
    add_card(win.document, "mine")
    other = open_window(map_file)
    add_card(other.document, "theirs")
    other.act_save.trigger()
    guard.ask_external_change = lambda undoable=True: False  # Keep Mine: told saving replaces it
    assert guard.check_disk() == "kept"
    win.confirm_replace_changed_file = lambda why: pytest.fail("asked again after Keep Mine")
    win.act_save.trigger()
    assert "mine" in card_ids(map_file) and "theirs" not in card_ids(map_file)


def test_saving_through_a_symlink_replaces_its_target_and_keeps_the_link(open_window, map_file, tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(map_file)
    win = open_window(link)
    add_card(win.document, "through-link")
    win.act_save.trigger()
    assert link.is_symlink() and os.readlink(link) == str(map_file)
    assert "through-link" in card_ids(map_file)


def test_saving_a_hard_linked_map_keeps_both_names_on_one_file(open_window, map_file, tmp_path):
    twin = tmp_path / "twin.yaml"
    os.link(map_file, twin)
    win = open_window(map_file)
    add_card(win.document, "seen-by-both")
    win.act_save.trigger()
    assert os.stat(map_file).st_ino == os.stat(twin).st_ino and os.stat(map_file).st_nlink == 2
    assert "seen-by-both" in card_ids(twin)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner to set this up")
def test_saving_keeps_owner_group_and_mode_of_a_shared_map(open_window, map_file):
    os.chown(map_file, 1234, 5678)
    os.chmod(map_file, 0o660)
    win = open_window(map_file)
    add_card(win.document, "shared")
    win.act_save.trigger()
    info = os.stat(map_file)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o660)
    assert "shared" in card_ids(map_file)


def test_recovery_copies_are_private_whatever_the_map_and_umask(tmp_path, map_file):
    os.chmod(map_file, 0o600)
    old_umask = os.umask(0o022)
    try:
        store = RecoveryStore(tmp_path / "recovery")
        written = store.write(store.new_key(), map_file, map_file.read_text(encoding="utf-8"))
    finally:
        os.umask(old_umask)
        store.close()
    assert stat.S_IMODE(os.stat(written).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "recovery").st_mode) == 0o700
