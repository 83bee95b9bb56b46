"""When another program changes the open file: reload (undoably) without local edits, ask with them,
never overwrite either side silently, and ignore our own saves."""

from __future__ import annotations

import os

import pytest

from argmap.atomic import write_atomic
from argmap.edits import UpdateCard
from argmap.format import dumps
from argmap.model import Card

from .conftest import add_card, sample_map


def other_program_saves(path, text: str = "An edit made in another program") -> str:
    """Write a changed map the way a careful editor does (atomic rename: a new inode)."""
    amap = sample_map()
    amap.graph.add_node("plan", Card("plan", "position", "for", text))
    content = dumps(amap)
    write_atomic(path, content.encode("utf-8"))
    return content


def test_external_change_without_local_edits_reloads_undoably(qtbot, make_window, map_file):
    window = make_window(map_file)
    document = window.document
    with qtbot.waitSignal(window.reliability.externalChangeHandled, timeout=5000) as blocker:
        other_program_saves(map_file)
    assert blocker.args == ["reloaded"]
    assert window.document is document  # reloaded in place, as one undoable step
    assert document.amap.card("plan").text == "An edit made in another program"
    assert not document.modified
    assert "reloaded" in window.statusBar().currentMessage()
    document.undo_stack.undo()
    assert document.amap.card("plan").text == "The plan solves"
    assert document.modified


def test_a_reload_is_one_reset_that_every_view_follows(qtbot, make_window, map_file):
    window = make_window(map_file)
    heard = []
    window.document.changed.connect(lambda change: heard.append(change.what))
    with qtbot.waitSignal(window.reliability.externalChangeHandled, timeout=5000):
        other_program_saves(map_file)
    assert heard == ["reset"]
    window.document.undo_stack.undo()
    assert heard == ["reset", "reset"]


def test_every_later_change_is_noticed_too(qtbot, make_window, map_file):
    window = make_window(map_file)
    for n in range(3):  # each atomic save replaces the inode; the watch must follow the new file
        with qtbot.waitSignal(window.reliability.externalChangeHandled, timeout=5000):
            other_program_saves(map_file, f"Version {n}")
        assert window.document.amap.card("plan").text == f"Version {n}"


def test_in_place_write_is_noticed(qtbot, make_window, map_file):
    window = make_window(map_file)
    amap = sample_map()
    amap.graph.add_node("da", Card("da", "argument", "against", "Written in place"))
    with qtbot.waitSignal(window.reliability.externalChangeHandled, timeout=5000):
        with open(map_file, "w", encoding="utf-8") as fh:
            fh.write(dumps(amap))
    assert window.document.amap.card("da").text == "Written in place"


def test_external_change_with_local_edits_asks_and_keeps_local_when_told(qtbot, make_window, map_file):
    window = make_window(map_file)
    asked = []
    window.reliability.ask_external_change = lambda undoable=True: asked.append(undoable) or False
    add_card(window.document, "mine", "My local edit")
    mine = dumps(window.document.amap)
    with qtbot.waitSignal(window.reliability.externalChangeHandled, timeout=5000) as blocker:
        theirs = other_program_saves(map_file)
    assert blocker.args == ["kept"] and asked == [True]
    assert dumps(window.document.amap) == mine  # local side kept
    assert map_file.read_text(encoding="utf-8") == theirs  # disk side untouched
    assert window.document.modified
    window.document.undo_stack.undo()
    assert window.document.modified  # undoing back no longer matches the disk: closing must ask


def test_external_change_with_local_edits_reloads_when_told_and_undo_brings_them_back(
    qtbot, make_window, map_file
):
    window = make_window(map_file)
    window.reliability.ask_external_change = lambda undoable=True: True
    add_card(window.document, "mine", "My local edit")
    with qtbot.waitSignal(window.reliability.externalChangeHandled, timeout=5000) as blocker:
        other_program_saves(map_file)
    assert blocker.args == ["reloaded"]
    assert "mine" not in window.document.amap and not window.document.modified
    window.document.undo_stack.undo()
    assert "mine" in window.document.amap


def test_our_own_save_does_not_trigger_the_prompt(qtbot, make_window, map_file):
    window = make_window(map_file)
    window.reliability.ask_external_change = lambda undoable=True: pytest.fail("asked about our own save")
    add_card(window.document)
    window.save()
    add_card(window.document, "after", "An edit after saving")  # local edits when the event arrives
    handled = []
    window.reliability.externalChangeHandled.connect(handled.append)
    # The watcher's event for our save has arrived and been looked at once check_disk says so.
    qtbot.waitUntil(
        lambda: (
            window.reliability.check_disk() == "ignored" and not window.reliability.settle_timer.isActive()
        ),
        timeout=5000,
    )
    assert handled == []
    assert "after" in window.document.amap and window.document.modified


def test_saving_an_unmodified_hand_written_file_is_not_an_external_change(qtbot, make_window, map_file):
    map_file.write_text(map_file.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")  # not canonical
    window = make_window(map_file)
    window.reliability.ask_external_change = lambda undoable=True: pytest.fail("asked about our own save")
    window.save()  # rewrites it canonically: the bytes change, the map does not
    assert window.reliability.check_disk() == "ignored"


def test_deleted_file_is_announced_and_the_map_must_be_saved_again(qtbot, make_window, map_file):
    window = make_window(map_file)
    with qtbot.waitSignal(window.reliability.externalChangeHandled, timeout=5000) as blocker:
        os.unlink(map_file)
    assert blocker.args == ["deleted"]
    assert window.document.modified and len(window.document.amap) == 2
    assert "deleted" in window.statusBar().currentMessage()


def test_unreadable_change_keeps_the_open_map(qtbot, make_window, map_file):
    window = make_window(map_file)
    with qtbot.waitSignal(window.reliability.externalChangeHandled, timeout=5000) as blocker:
        map_file.write_bytes(b"\xff\xfe not yaml \x00")
    assert blocker.args == ["unreadable"]
    assert len(window.document.amap) == 2 and window.document.modified


def test_changed_file_with_errors_opens_read_only(qtbot, make_window, map_file):
    window = make_window(map_file)
    broken = map_file.read_text(encoding="utf-8").replace("kind: argument", "kind: nonsense")
    with qtbot.waitSignal(window.reliability.externalChangeHandled, timeout=5000):
        write_atomic(map_file, broken.encode("utf-8"))
    assert window.document.read_only
    assert "read-only" in window.statusBar().currentMessage()


def test_save_as_watches_the_new_file(qtbot, make_window, map_file, tmp_path):
    window = make_window(map_file)
    other = tmp_path / "elsewhere.yaml"
    window.document.save_as(other)
    with qtbot.waitSignal(window.reliability.externalChangeHandled, timeout=5000):
        other_program_saves(other)
    assert window.document.amap.card("plan").text == "An edit made in another program"


def test_reload_edit_turns_one_map_into_the_other_and_back():
    from argmap.edits import AddSource, ReplaceMap, SetCollapsed, SetPositions
    from argmap.model import ArgumentMap, Source

    old = sample_map()
    old.apply(AddSource(Source("s1", "A source")))
    old.apply(SetPositions((("plan", (10.0, 20.0)),)))
    new = sample_map()
    new.apply(UpdateCard(Card("plan", "position", "for", "Changed")))
    new.apply(SetCollapsed("plan", True))
    before = old.snapshot()
    inverse = old.apply(ReplaceMap.of(new))
    assert old.snapshot() == new.snapshot()
    old.apply(inverse)
    assert old.snapshot() == before
    empty = ArgumentMap()
    empty.apply(ReplaceMap.of(new))
    assert empty.snapshot() == new.snapshot()
