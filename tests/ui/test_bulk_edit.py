"""Delete every card and undo it, as a user does (Ctrl+A, Delete, Ctrl+Z, Ctrl+Shift+Z), on a map of a few
hundred cards: the edit reaches each view as one "batch" notice, and every view must still end right —
the scene's items, boxes and arrows, the outline's rows, the problems, the inspector, the filters, the
find bar and the saved file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from argmap import format as map_format
from argmap.generate import generate_map
from argmap.model import Card
from argmap.render.items import CardItem, RelationItem
from argmap.ui.outline import CARD_ID_ROLE

SIZE = 300


@pytest.fixture
def mapped(shipped_window, tmp_path):
    """The window on a 300-card map (and one lone card: a warning), at 100 % in its middle."""
    amap = generate_map(SIZE, seed=3)
    amap.insert_card(Card("lone", "argument", "for", text="Unconnected", speech="1AC"))
    path = tmp_path / "round.yaml"
    map_format.save(amap, path)
    window = shipped_window
    assert window.open_path(path, guard=False)
    QApplication.processEvents()
    window.view.set_zoom(1.0)
    window.view.center_on_card(window.document.amap.card_ids()[SIZE // 2])
    window.view.viewport().repaint()
    return window, path


def outline_ids(window) -> list[str]:
    model = window.outline.model
    return [model.index(row, 0).data(CARD_ID_ROLE) for row in range(model.rowCount())]


def press(window, key, modifier=Qt.NoModifier) -> None:
    window.view.setFocus()
    QTest.keyClick(window.view.viewport(), key, modifier)
    QApplication.processEvents()
    window.view.viewport().repaint()


def scene_state(window) -> dict:
    scene = window.scene
    items = scene.items()
    cards = [item for item in items if isinstance(item, CardItem)]
    relations = [item for item in items if isinstance(item, RelationItem)]
    for item in cards:  # a made card stands on its box
        assert item.pos() == scene.card_rect(item.card_id).topLeft()
    amap = window.document.amap
    assert all(amap.has_relation(item.source, item.target) for item in relations)
    return {
        "boxes": {cid: QRectF(box).getRect() for cid, box in scene.card_boxes().items()},
        "relations": set(scene._relation_index.keys()),
        "made cards": len(cards),
        "content": scene.content_rect().getRect(),
    }


def outline_rows(window) -> list[str]:
    model = window.outline.model
    return [model.index(row, 0).data(Qt.DisplayRole) for row in range(model.rowCount())]


def problems_after_check_now(window) -> list[str]:
    window.document.revalidate()  # the open checked it already; read it as the panel lists it
    return [p.message for p in window.problems.problems]


def problems_after_check(window, qtbot) -> list[str]:
    """The Problems panel once the window's own check (500 ms after an edit) has run."""
    document = window.document
    with qtbot.waitSignal(document.problemsChanged, timeout=5000):
        pass
    return [p.message for p in window.problems.problems]


def test_delete_all_undo_redo_through_the_keys_leave_every_view_right(mapped, qtbot):
    window, path = mapped
    amap = window.document.amap
    original = path.read_bytes()
    before = amap.snapshot()
    scene_before, rows_before = scene_state(window), outline_rows(window)
    assert scene_before["made cards"] > 0 and len(rows_before) > 1
    speeches_before = window.filters._listed_speeches()
    assert any("lone" in message for message in problems_after_check_now(window))

    press(window, Qt.Key_A, Qt.ControlModifier)
    assert len(window.selection.card_ids) == SIZE + 1
    press(window, Qt.Key_Delete)
    assert len(amap) == 0 and window.selection.card_ids == []
    gone = scene_state(window)
    assert gone["boxes"] == {} and gone["relations"] == set() and gone["made cards"] == 0
    assert not [item for item in window.scene.items() if isinstance(item, (CardItem, RelationItem))]
    assert outline_rows(window) == []
    assert window.filters._listed_speeches() == []
    assert window.inspector.heading.text() == "Map"
    assert window.inspector.map_stats.text().startswith("0 cards, 0 relations")
    assert problems_after_check(window, qtbot) == []

    press(window, Qt.Key_Z, Qt.ControlModifier)
    assert amap.snapshot() == before
    back = scene_state(window)
    assert back["boxes"] == scene_before["boxes"] and back["relations"] == scene_before["relations"]
    assert back["content"] == scene_before["content"] and back["made cards"] > 0
    assert outline_rows(window) == rows_before
    assert window.filters._listed_speeches() == speeches_before
    assert window.inspector.map_stats.text().startswith(f"{SIZE + 1} cards")
    assert any("lone" in message for message in problems_after_check(window, qtbot))

    press(window, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)  # redo
    assert len(amap) == 0 and scene_state(window)["boxes"] == {} and outline_rows(window) == []
    press(window, Qt.Key_Z, Qt.ControlModifier)
    assert amap.snapshot() == before and scene_state(window)["boxes"] == scene_before["boxes"]

    window.act_save.trigger()  # Ctrl+S: the map saved after all that is the file it was
    assert path.read_bytes() == original


def test_deleting_some_cards_keeps_the_others_drawn_and_their_arrows_routed(mapped):
    window, _ = mapped
    amap = window.document.amap
    before = amap.snapshot()
    scene_before = scene_state(window)
    victims = amap.card_ids()[: SIZE // 3]
    window.selection.set(victims)  # as a band or Ctrl+clicks would leave it
    press(window, Qt.Key_Delete)
    assert not set(victims) & set(amap.card_ids())
    left = scene_state(window)
    assert set(left["boxes"]) == set(amap.card_ids())
    assert left["relations"] == {rel.key for rel in amap.relations()}
    assert not set(victims) & {item.card_id for item in window.scene.items() if isinstance(item, CardItem)}
    assert set(outline_ids(window)) <= set(amap.card_ids())
    press(window, Qt.Key_Z, Qt.ControlModifier)
    assert amap.snapshot() == before
    assert scene_state(window)["boxes"] == scene_before["boxes"]


def test_undo_of_delete_all_takes_the_scene_back_whole_and_any_other_edit_between_rebuilds_it(mapped):
    window, _ = mapped
    amap = window.document.amap
    before, scene_before = amap.snapshot(), scene_state(window)
    press(window, Qt.Key_A, Qt.ControlModifier)
    press(window, Qt.Key_Delete)
    assert window.scene._stash is not None  # the filing kept for an undo
    window.act_add_card.trigger()  # another edit on the empty map: what was kept is not the map now
    assert len(amap) == 1 and window.scene._stash is None
    if window.scene.is_editing():
        window.scene._end_edit(True)  # as a click elsewhere ends typing into the new card
    window.act_undo.trigger()  # the new card goes
    assert len(amap) == 0
    press(window, Qt.Key_Z, Qt.ControlModifier)  # every card comes back, filed one by one
    assert amap.snapshot() == before
    assert scene_state(window)["boxes"] == scene_before["boxes"]
    assert scene_state(window)["relations"] == scene_before["relations"]
    press(window, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)  # redo the delete: kept again
    press(window, Qt.Key_Z, Qt.ControlModifier)  # and taken back whole
    assert window.scene._stash is None and amap.snapshot() == before
    back = scene_state(window)
    assert back["boxes"] == scene_before["boxes"] and back["relations"] == scene_before["relations"]
    assert back["made cards"] > 0
