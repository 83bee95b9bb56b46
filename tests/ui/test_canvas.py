"""The canvas driven by real mouse, wheel and key events on the view's viewport."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsTextItem

from argmap.render.scene import MapScene
from argmap.ui.canvas import MAX_ZOOM, MIN_ZOOM, MapView
from argmap.ui.overview import OverviewWidget
from argmap.ui.selection import Selection
from tests.render.helpers import small_map

# A plus shape: fund on top, three answers in a row under it, and one more under the middle one.
GRID = {
    "fund": (0.0, 0.0),
    "letter": (-340.0, 260.0),
    "combatant": (0.0, 260.0),
    "deterrence": (340.0, 260.0),
    "answer": (0.0, 520.0),
}


@pytest.fixture
def canvas(qtbot):
    amap = small_map()
    amap.layout.positions.update(GRID)
    scene = MapScene(amap)
    selection = Selection()
    scene.attach_selection(selection)
    view = MapView()
    view.setScene(scene)
    view.resize(1100, 800)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.zoom_actual()
    view.centerOn(scene.content_rect().center())
    view.setFocus()
    return view, scene, selection


def at(view, scene_point) -> QPoint:
    return view.mapFromScene(scene_point)


def centre_of(view, scene, card_id) -> QPoint:
    return at(view, scene.card_rect(card_id).center())


def drag(view, start: QPoint, end: QPoint, modifiers=Qt.NoModifier, button=Qt.LeftButton, steps=6):
    vp = view.viewport()
    QTest.mousePress(vp, button, modifiers, start)
    for i in range(1, steps + 1):
        QTest.mouseMove(vp, start + (end - start) * (i / steps))
    QTest.mouseRelease(vp, button, modifiers, end)


def test_dragging_a_card_emits_cards_moved_once_at_the_end(canvas):
    view, scene, _ = canvas
    moves = []
    scene.cardsMoved.connect(moves.append)
    start = centre_of(view, scene, "deterrence")
    vp = view.viewport()
    QTest.mousePress(vp, Qt.LeftButton, Qt.NoModifier, start)
    for i in range(1, 6):
        QTest.mouseMove(vp, start + QPoint(20 * i, 12 * i))
    assert moves == []  # nothing while dragging
    QTest.mouseRelease(vp, Qt.LeftButton, Qt.NoModifier, start + QPoint(100, 60))
    assert len(moves) == 1
    ((old, new),) = [moves[0]["deterrence"]]
    assert list(moves[0]) == ["deterrence"]
    assert old == GRID["deterrence"]
    assert new == (GRID["deterrence"][0] + 100, GRID["deterrence"][1] + 60)


def test_a_drag_the_window_applies_keeps_the_card_there(canvas):
    from argmap.edits import SetPositions

    view, scene, _ = canvas
    scene.cardsMoved.connect(
        lambda moves: scene.amap.apply(SetPositions(tuple((cid, new) for cid, (_o, new) in moves.items())))
    )
    drag(view, centre_of(view, scene, "answer"), centre_of(view, scene, "answer") + QPoint(-50, 40))
    assert scene.positions()["answer"] == (GRID["answer"][0] - 50, GRID["answer"][1] + 40)
    assert scene.amap.layout.positions["answer"] == scene.positions()["answer"]


def test_a_drag_nobody_applies_snaps_back_to_the_model(canvas):
    view, scene, _ = canvas
    drag(view, centre_of(view, scene, "answer"), centre_of(view, scene, "answer") + QPoint(-50, 40))
    assert scene.positions()["answer"] == GRID["answer"]


def test_connector_drag_from_one_card_to_another_requests_a_relation(canvas):
    view, scene, _ = canvas
    requests = []
    scene.connectRequested.connect(lambda a, b: requests.append((a, b)))
    item = scene.card_item("letter")
    handle = at(view, item.mapToScene(item.handle_center()))
    drag(view, handle, centre_of(view, scene, "deterrence"))
    assert requests == [("letter", "deterrence")]
    assert scene.positions()["letter"] == GRID["letter"]  # the card itself did not move


def test_alt_drag_from_anywhere_on_a_card_connects(canvas):
    view, scene, _ = canvas
    requests = []
    scene.connectRequested.connect(lambda a, b: requests.append((a, b)))
    drag(view, centre_of(view, scene, "answer"), centre_of(view, scene, "letter"), Qt.AltModifier)
    assert requests == [("answer", "letter")]


def test_connector_dropped_on_empty_canvas_requests_nothing(canvas):
    view, scene, _ = canvas
    requests = []
    scene.connectRequested.connect(lambda a, b: requests.append((a, b)))
    item = scene.card_item("letter")
    handle = at(view, item.mapToScene(item.handle_center()))
    drag(view, handle, at(view, QPointF(-340, 900)))
    assert requests == []


def type_into_editor(view, text):
    QTest.keyClicks(view, text)


def test_inline_edit_commits_typed_plain_text_on_enter(canvas):
    view, scene, _ = canvas
    commits = []
    scene.fieldEditCommitted.connect(lambda cid, field, text: commits.append((cid, text)))
    assert scene.start_inline_edit("deterrence")
    assert scene.is_editing()
    type_into_editor(view, "Occupation costs")
    QTest.keyClick(view, Qt.Key_Return, Qt.ShiftModifier)
    type_into_editor(view, "rise")
    assert commits == []
    QTest.keyClick(view, Qt.Key_Return)
    assert commits == [("deterrence", "Occupation costs\nrise")]
    assert not scene.is_editing()


def test_escape_cancels_an_inline_edit(canvas):
    view, scene, _ = canvas
    commits = []
    scene.fieldEditCommitted.connect(lambda cid, field, text: commits.append((cid, text)))
    scene.start_inline_edit("deterrence")
    type_into_editor(view, "Never mind")
    QTest.keyClick(view, Qt.Key_Escape)
    assert commits == []
    assert not scene.is_editing()
    assert scene.amap.card("deterrence").text == "A resistance deters occupation."


def test_typed_html_stays_literal_text(canvas):
    view, scene, _ = canvas
    commits = []
    scene.fieldEditCommitted.connect(lambda cid, field, text: commits.append(text))
    scene.start_inline_edit("deterrence")
    type_into_editor(view, "<b>x</b> &amp;")
    editor = next(i for i in scene.items() if isinstance(i, QGraphicsTextItem))
    assert editor.toPlainText() == "<b>x</b> &amp;"
    QTest.keyClick(view, Qt.Key_Enter)
    assert commits == ["<b>x</b> &amp;"]


def test_double_clicks_ask_for_an_edit_or_a_new_card(canvas):
    view, scene, _ = canvas
    edits, adds = [], []
    scene.editRequested.connect(edits.append)
    scene.addCardRequested.connect(adds.append)
    QTest.mouseDClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, centre_of(view, scene, "fund"))
    assert edits == ["fund"]
    empty = at(view, QPointF(700, -100))
    QTest.mouseDClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, empty)
    assert len(adds) == 1
    assert abs(adds[0].x() - 700) < 2 and abs(adds[0].y() + 100) < 2


def test_zoom_in_out_actual_and_clamp(canvas):
    view, scene, _ = canvas
    zooms = []
    view.zoomChanged.connect(zooms.append)
    view.zoom_in()
    assert view.zoom_factor() == pytest.approx(1.25)
    assert view.transform().m22() == pytest.approx(1.25)
    view.zoom_out()
    view.zoom_out()
    assert view.zoom_factor() == pytest.approx(0.8)
    view.zoom_actual()
    assert view.zoom_factor() == pytest.approx(1.0)
    assert zooms == pytest.approx([1.25, 1.0, 0.8, 1.0])
    for _ in range(40):
        view.zoom_in()
    assert view.zoom_factor() == pytest.approx(MAX_ZOOM)
    for _ in range(60):
        view.zoom_out()
    assert view.zoom_factor() == pytest.approx(MIN_ZOOM)


def test_fit_all_shows_every_card(canvas):
    view, scene, _ = canvas
    view.zoom_in()
    view.zoom_in()
    view.zoom_in()
    view.fit_all()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    for cid in scene.amap.card_ids():
        assert shown.contains(scene.card_rect(cid)), cid
    assert view.zoom_factor() <= 1.0


def test_zoom_to_selection_frames_the_selected_cards(canvas):
    view, scene, selection = canvas
    selection.set(["answer"])
    view.zoom_to_selection()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(scene.card_rect("answer"))
    assert view.zoom_factor() > 1.0


def wheel(view, pos: QPoint, delta: int, modifiers):
    event = QWheelEvent(
        QPointF(pos),
        QPointF(view.viewport().mapToGlobal(pos)),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.NoButton,
        modifiers,
        Qt.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_ctrl_wheel_zooms_around_the_cursor(canvas):
    view, scene, _ = canvas
    pos = centre_of(view, scene, "letter")
    under = view.mapToScene(pos)
    wheel(view, pos, 120, Qt.ControlModifier)
    assert view.zoom_factor() == pytest.approx(1.25)
    after = view.mapToScene(pos)
    assert abs(after.x() - under.x()) < 2 and abs(after.y() - under.y()) < 2
    wheel(view, pos, -240, Qt.ControlModifier)
    assert view.zoom_factor() == pytest.approx(0.8)


def test_plain_wheel_scrolls_instead_of_zooming(canvas):
    view, scene, _ = canvas
    before = view.verticalScrollBar().value()
    wheel(view, centre_of(view, scene, "fund"), -120, Qt.NoModifier)
    assert view.zoom_factor() == pytest.approx(1.0)
    assert view.verticalScrollBar().value() > before


def test_dragging_empty_space_pans_and_a_click_there_clears_the_selection(canvas):
    view, scene, selection = canvas
    selection.set(["fund"])
    h, v = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    empty = at(view, QPointF(700, -100))
    drag(view, empty, empty + QPoint(-120, -80))
    assert (view.horizontalScrollBar().value(), view.verticalScrollBar().value()) == (h + 120, v + 80)
    assert selection.card_ids == ["fund"]  # a pan is not a click
    assert scene.positions() == {**GRID}
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, at(view, QPointF(700, -100)))
    assert selection.card_ids == []


def test_middle_button_pans_even_over_a_card(canvas):
    view, scene, _ = canvas
    h = view.horizontalScrollBar().value()
    start = centre_of(view, scene, "fund")
    drag(view, start, start + QPoint(-90, 0), button=Qt.MiddleButton)
    assert view.horizontalScrollBar().value() == h + 90
    assert scene.positions()["fund"] == GRID["fund"]


def test_shift_drag_rubber_band_selects_visible_cards_only(canvas):
    view, scene, selection = canvas
    scene.set_hidden({"combatant"})
    rect = scene.content_rect()
    top_left = at(view, rect.topLeft() - QPointF(30, 30))
    bottom_right = at(view, QPointF(rect.right() + 30, scene.card_rect("deterrence").bottom() + 10))
    drag(view, top_left, bottom_right, Qt.ShiftModifier)
    assert set(selection.card_ids) == {"fund", "letter", "deterrence"}
    assert not scene.card_item("combatant").isVisible()


def test_hidden_cards_cannot_be_clicked(canvas):
    view, scene, selection = canvas
    scene.set_hidden({"combatant"})
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, centre_of(view, scene, "combatant"))
    assert selection.card_ids == []


def test_click_selects_and_ctrl_click_toggles(canvas):
    view, scene, selection = canvas
    vp = view.viewport()
    QTest.mouseClick(vp, Qt.LeftButton, Qt.NoModifier, centre_of(view, scene, "fund"))
    assert selection.card_ids == ["fund"]
    QTest.mouseClick(vp, Qt.LeftButton, Qt.ControlModifier, centre_of(view, scene, "answer"))
    assert selection.card_ids == ["fund", "answer"]
    QTest.mouseClick(vp, Qt.LeftButton, Qt.ControlModifier, centre_of(view, scene, "fund"))
    assert selection.card_ids == ["answer"]


@pytest.mark.parametrize(
    "start, key, expected",
    [
        ("fund", Qt.Key_Down, "combatant"),
        ("combatant", Qt.Key_Left, "letter"),
        ("combatant", Qt.Key_Right, "deterrence"),
        ("combatant", Qt.Key_Down, "answer"),
        ("letter", Qt.Key_Up, "fund"),
        ("deterrence", Qt.Key_Left, "combatant"),
        ("answer", Qt.Key_Up, "combatant"),
    ],
)
def test_arrow_keys_move_to_the_nearest_card_in_that_direction(canvas, start, key, expected):
    view, scene, selection = canvas
    selection.set([start])
    QTest.keyClick(view, key)
    assert selection.card_ids == [expected]


def test_arrow_keys_skip_hidden_cards_and_stop_at_the_edge(canvas):
    view, scene, selection = canvas
    scene.set_hidden({"combatant"})
    selection.set(["fund"])
    QTest.keyClick(view, Qt.Key_Down)
    assert selection.card_ids == ["answer"]
    selection.set(["deterrence"])
    QTest.keyClick(view, Qt.Key_Right)
    assert selection.card_ids == ["deterrence"]


def test_escape_clears_the_selection(canvas):
    view, scene, selection = canvas
    selection.set(["fund", "answer"])
    QTest.keyClick(view, Qt.Key_Escape)
    assert selection.card_ids == []


def test_center_on_card_and_ensure_visible(canvas):
    view, scene, _ = canvas
    view.zoom_in()
    view.zoom_in()
    view.centerOn(QPointF(3000, 3000))
    view.center_on_card("answer")
    centre = view.mapToScene(view.viewport().rect().center())
    target = scene.card_rect("answer").center()
    assert abs(centre.x() - target.x()) < 3 and abs(centre.y() - target.y()) < 3
    view.centerOn(QPointF(-2000, -2000))
    view.ensure_visible("letter")
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(scene.card_rect("letter"))


def test_overview_click_recentres_the_view(canvas, qtbot):
    view, scene, _ = canvas
    overview = OverviewWidget(view)
    overview.resize(300, 220)
    qtbot.addWidget(overview)
    overview.show()
    qtbot.waitExposed(overview)
    overview.refresh()
    target = scene.card_rect("answer").center()
    point = overview.to_widget(scene.card_rect("answer")).center()
    QTest.mouseClick(overview, Qt.LeftButton, Qt.NoModifier, point.toPoint())
    centre = view.mapToScene(view.viewport().rect().center())
    assert abs(centre.x() - target.x()) < 30 and abs(centre.y() - target.y()) < 30


def test_overview_redraws_its_picture_once_after_scene_changes(canvas, qtbot):
    view, scene, _ = canvas
    overview = OverviewWidget(view)
    overview.resize(300, 220)
    qtbot.addWidget(overview)
    overview.show()
    overview.refresh()
    first = overview._pixmap
    from argmap.edits import SetPositions

    scene.amap.apply(SetPositions((("answer", (0.0, 900.0)),)))
    scene.amap.apply(SetPositions((("answer", (0.0, 950.0)),)))
    assert overview._pixmap is first  # not redrawn per change...
    qtbot.waitUntil(lambda: overview._pixmap is not first, timeout=3000)  # ...but once, shortly after
