"""Far out, one MapOverviewLayer draws the whole map; the items paint again when the view comes back."""

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGraphicsItem

from argmap.edits import SetPositions, UpdateCard
from argmap.model import with_fields
from argmap.render.painting import TINY_DETAIL
from argmap.render.scene import MapScene
from argmap.render.theme import LIGHT
from argmap.ui.canvas import MapView

from .helpers import small_map

ZOOM = 0.05


def make_view(amap, qapp) -> tuple[MapScene, MapView]:
    scene = MapScene(amap)
    view = MapView()
    view.resize(800, 600)
    view.setScene(scene)
    view.show()
    view.set_zoom(ZOOM)
    view.centerOn(scene.content_rect().center())
    qapp.processEvents()
    return scene, view


def grab(view, qapp) -> QImage:
    qapp.processEvents()
    return view.viewport().grab().toImage()


def ink(image: QImage, rect: QRect) -> int:
    """Pixels in ``rect`` that differ from the background."""
    bg = QColor(LIGHT.background).rgb()
    rect = rect.intersected(image.rect())
    return sum(
        1
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
        if image.pixel(x, y) != bg
    )


def card_box(view, scene, card_id: str) -> QRect:
    rect = scene.card_rect(card_id)
    return QRect(view.mapFromScene(rect.topLeft()), view.mapFromScene(rect.bottomRight()))


def test_far_out_one_layer_draws_the_cards_and_the_items_draw_nothing(qapp):
    scene, view = make_view(small_map(), qapp)
    assert ZOOM < TINY_DETAIL and scene.is_low_detail()
    layer = scene.overview_layer()
    assert layer is not None and layer.isVisible()
    for item in scene.card_items():
        assert item.flags() & QGraphicsItem.ItemHasNoContents
    assert scene.relation_item("letter", "fund").flags() & QGraphicsItem.ItemHasNoContents
    image = grab(view, qapp)
    for cid in scene.amap.card_ids():
        assert ink(image, card_box(view, scene, cid)) > 0, cid
    # The layer is never what a click or a rubber band finds.
    centre = scene.card_rect("fund").center()
    assert layer not in scene.items(centre)
    assert scene.card_item_at(centre).card_id == "fund"


def test_the_layer_draws_the_same_cards_as_the_items(qapp):
    scene, view = make_view(small_map(), qapp)
    far = grab(view, qapp)
    scene.set_low_detail(False)  # the items paint themselves at the same zoom
    near = grab(view, qapp)
    for cid in scene.amap.card_ids():
        box = card_box(view, scene, cid)
        assert ink(far, box) > 0.5 * ink(near, box), cid


def test_hidden_cards_are_not_drawn_far_out(qapp):
    scene, view = make_view(small_map(), qapp)
    box = card_box(view, scene, "deterrence")
    assert ink(grab(view, qapp), box) > 0
    scene.set_hidden({"deterrence"})
    assert ink(grab(view, qapp), box.adjusted(2, 2, -2, -2)) == 0
    scene.set_hidden(set())
    assert ink(grab(view, qapp), box) > 0


def test_zooming_back_in_gives_painting_back_to_the_items(qapp):
    scene, view = make_view(small_map(), qapp)
    view.set_zoom(1.0)
    assert not scene.is_low_detail()
    assert not scene.overview_layer().isVisible()
    for item in scene.card_items():
        assert not item.flags() & QGraphicsItem.ItemHasNoContents
    view.centerOn(scene.card_rect("fund").center())
    assert ink(grab(view, qapp), card_box(view, scene, "fund")) > 0
    view.set_zoom(ZOOM)
    assert scene.is_low_detail()


def test_an_edit_far_out_updates_the_layer(qapp):
    scene, view = make_view(small_map(), qapp)
    amap = scene.amap
    old = card_box(view, scene, "answer")
    grab(view, qapp)
    x, y = scene.card_item("answer").pos().x(), scene.card_item("answer").pos().y()
    # Move the card far to the right of everything: its old place is empty, its new one drawn.
    amap.apply(SetPositions((("answer", (x + 3000, y)),)))
    qapp.processEvents()
    image = grab(view, qapp)
    new = card_box(view, scene, "answer")
    assert not new.intersects(old)
    assert ink(image, new) > 0
    assert ink(image, old.adjusted(2, 2, -2, -2)) == 0
    # A change of kind re-reads the card too.
    amap.apply(UpdateCard(with_fields(amap.card("answer"), kind="argument")))
    assert scene.overview_layer()._refresh() is None
    assert scene.overview_layer()._cards["answer"][1] == "argument"


def test_selection_and_find_highlights_show_far_out(qapp):
    scene, view = make_view(small_map(), qapp)
    box = card_box(view, scene, "fund").adjusted(-6, -6, 6, 6)
    before = ink(grab(view, qapp), box)
    scene.select_cards(["fund"])
    selected = grab(view, qapp)
    assert ink(selected, box) > before
    scene.select_cards([])
    scene.set_highlights({"fund"})
    assert ink(grab(view, qapp), box) > before
