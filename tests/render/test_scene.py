"""MapScene follows the model one item per change, and draws without a window."""

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsTextItem, QStyleOptionGraphicsItem

from argmap import geometry
from argmap.edits import (
    AddCard,
    AddRelation,
    RemoveCard,
    RemoveRelation,
    SetPositions,
    UpdateCard,
    UpdateRelation,
)
from argmap.model import Card, Relation, with_fields
from argmap.render.items import CardItem, RelationItem
from argmap.render.painting import cite_text
from argmap.render.scene import MapScene
from argmap.render.theme import DARK, LIGHT, PRINT
from argmap.ui.selection import Selection

from .helpers import small_map


def snapshot(scene):
    """Every item object and every card position, to compare before and after an edit."""
    cards = {cid: scene.card_item(cid) for cid in scene.amap.card_ids()}
    relations = {r.key: scene.relation_item(*r.key) for r in scene.amap.relations()}
    return cards, relations, scene.positions()


def test_scene_builds_one_item_per_card_and_relation(qapp):
    amap = small_map()
    scene = MapScene(amap)
    scene.materialize(None)
    cards = [i for i in scene.items() if isinstance(i, CardItem)]
    relations = [i for i in scene.items() if isinstance(i, RelationItem)]
    assert sorted(i.card_id for i in cards) == sorted(amap.card_ids())
    assert sorted(i.key for i in relations) == sorted(r.key for r in amap.relations())


def test_card_items_are_exactly_the_geometry_size(qapp):
    amap = small_map()
    scene = MapScene(amap)
    for card in amap.cards():
        rect = scene.card_rect(card.id)
        assert (rect.width(), rect.height()) == geometry.card_size(card, amap.sources)


def test_no_two_cards_overlap_after_construction(qapp):
    scene = MapScene(small_map())
    rects = [scene.card_rect(cid) for cid in scene.amap.card_ids()]
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersected(b).isValid() or a.intersected(b).isEmpty(), (a, b)


def test_saved_position_wins_over_the_layout(qapp):
    amap = small_map()
    amap.layout.positions["answer"] = (900.0, -300.0)
    scene = MapScene(amap)
    assert scene.positions()["answer"] == (900.0, -300.0)


def test_adding_a_card_adds_one_item_and_moves_nothing(qapp):
    amap = small_map()
    scene = MapScene(amap)
    cards, relations, positions = snapshot(scene)
    amap.apply(
        AddCard(
            Card("new", "argument", "for", text="More", tag="More"), (Relation("new", "fund", "supports"),)
        )
    )
    assert scene.card_item("new") is not None
    assert scene.relation_item("new", "fund") is not None
    for cid, item in cards.items():
        assert scene.card_item(cid) is item
        assert scene.positions()[cid] == positions[cid]
    for key, item in relations.items():
        assert scene.relation_item(*key) is item
    new = scene.card_rect("new")
    for cid in cards:
        assert new.intersected(scene.card_rect(cid)).isEmpty()


def test_a_new_card_without_position_goes_near_the_card_it_answers(qapp):
    amap = small_map()
    scene = MapScene(amap)
    amap.apply(
        AddCard(
            Card("new", "argument", "for", text="Near", tag="Near"), (Relation("new", "answer", "supports"),)
        )
    )
    new, parent = scene.card_rect("new"), scene.card_rect("answer")
    assert new.top() >= parent.bottom()  # one layer below in a top-to-bottom layout
    assert abs(new.center().x() - parent.center().x()) < 3 * geometry.CARD_WIDTH


def test_removing_a_card_removes_its_item_and_relations_only(qapp):
    amap = small_map()
    scene = MapScene(amap)
    cards, relations, positions = snapshot(scene)
    amap.apply(RemoveCard("combatant"))
    assert scene.card_item("combatant") is None
    assert scene.relation_item("combatant", "fund") is None
    assert scene.relation_item("answer", "combatant") is None
    assert not any(isinstance(i, CardItem) and i.card_id == "combatant" for i in scene.items())
    for cid, item in cards.items():
        if cid != "combatant":
            assert scene.card_item(cid) is item
            assert scene.positions()[cid] == positions[cid]
    assert scene.relation_item("letter", "fund") is relations[("letter", "fund")]


def test_undoing_a_removal_puts_the_card_back_where_it_was(qapp):
    amap = small_map()
    scene = MapScene(amap)
    before = scene.positions()["combatant"]
    inverse = amap.apply(RemoveCard("combatant"))
    amap.apply(inverse)
    assert scene.positions()["combatant"] == before
    assert scene.relation_item("answer", "combatant") is not None


def test_changing_a_card_updates_only_its_item(qapp):
    amap = small_map()
    scene = MapScene(amap)
    cards, relations, positions = snapshot(scene)
    item = scene.card_item("fund")
    old_height = scene.card_rect("fund").height()
    arrow_before = QRectF(scene.relation_item("deterrence", "fund").boundingRect())
    untouched_arrow = QRectF(scene.relation_item("answer", "combatant").boundingRect())
    long_text = "A standing resistance raises the cost of any occupation. " * 4
    amap.apply(UpdateCard(with_fields(amap.card("fund"), text=long_text)))
    assert scene.card_item("fund") is item
    assert item.card.text == long_text
    assert scene.card_rect("fund").height() > old_height
    assert scene.card_rect("fund").height() == geometry.card_size(amap.card("fund"))[1]
    assert scene.positions() == positions  # its height changed; nothing moved
    for cid, other in cards.items():
        assert scene.card_item(cid) is other
    for key, other in relations.items():
        assert scene.relation_item(*key) is other
    # arrows into the card end at its bottom edge, which moved down with the taller card
    assert scene.relation_item("deterrence", "fund").boundingRect() != arrow_before
    assert scene.relation_item("answer", "combatant").boundingRect() == untouched_arrow


def test_relation_items_follow_the_model(qapp):
    amap = small_map()
    scene = MapScene(amap)
    amap.apply(UpdateRelation(Relation("letter", "fund", "rebuts")))
    assert scene.relation_item("letter", "fund").rel_type == "rebuts"
    amap.apply(RemoveRelation("letter", "fund"))
    assert scene.relation_item("letter", "fund") is None
    amap.apply(AddRelation(Relation("letter", "deterrence", "supports")))
    assert scene.relation_item("letter", "deterrence").rel_type == "supports"


def test_arrows_run_from_the_answering_card_edge_to_the_answered_card_edge(qapp):
    scene = MapScene(small_map())
    item = scene.relation_item("deterrence", "fund")
    path = item.shape()
    source, target = scene.card_rect("deterrence"), scene.card_rect("fund")
    # the arrow touches both boxes' edges but does not cross through the middle of either
    assert path.intersects(source.adjusted(-2, -2, 2, 2)) and path.intersects(target.adjusted(-2, -2, 2, 2))
    assert not path.contains(source.center()) and not path.contains(target.center())


def test_moving_a_card_in_the_model_moves_its_item_and_its_arrows(qapp):
    amap = small_map()
    scene = MapScene(amap)
    arrow = scene.relation_item("deterrence", "fund")
    before = QRectF(arrow.boundingRect())
    amap.apply(SetPositions((("deterrence", (2000.0, 900.0)),)))
    assert scene.positions()["deterrence"] == (2000.0, 900.0)
    assert arrow.boundingRect() != before


def test_hidden_cards_and_their_relations_are_not_visible_nor_selectable(qapp):
    amap = small_map()
    scene = MapScene(amap)
    selection = Selection()
    scene.attach_selection(selection)
    scene.set_hidden({"combatant"})
    assert not scene.card_item("combatant").isVisible()
    assert not scene.relation_item("combatant", "fund").isVisible()
    assert not scene.relation_item("answer", "combatant").isVisible()
    selection.set(["combatant", "fund"])
    assert not scene.card_item("combatant").isSelected()
    assert scene.card_item("fund").isSelected()
    scene.card_item("combatant").setSelected(True)
    assert not scene.card_item("combatant").isSelected()
    scene.set_hidden(set())
    assert scene.card_item("combatant").isVisible()
    assert scene.relation_item("answer", "combatant").isVisible()


def test_selection_syncs_both_ways_without_loops(qapp):
    scene = MapScene(small_map())
    selection = Selection()
    scene.attach_selection(selection)
    changes = []
    selection.changed.connect(lambda: changes.append(list(selection.card_ids)))
    selection.set(["fund"])
    assert scene.selected_card_ids() == ["fund"]
    assert scene.card_item("fund").isSelected()  # an item made later is made selected
    assert [i.card_id for i in scene.selectedItems()] == ["fund"]
    scene.card_item("letter").setSelected(True)
    assert selection.card_ids == ["fund", "letter"]
    assert selection.current == "letter"
    scene.relation_item("letter", "fund").setSelected(True)
    assert selection.relation == ("letter", "fund")
    assert changes == [["fund"], ["fund", "letter"], ["fund", "letter"]]


def test_badges_highlights_and_marks_are_drawn_state(qapp):
    scene = MapScene(small_map())
    scene.set_collapsed_badges({"combatant": 1})
    assert scene.card_item("combatant").badge == 1
    scene.set_collapsed_badges({})
    assert scene.card_item("combatant").badge == 0
    scene.set_highlights({"fund", "letter"})
    assert scene.card_item("fund").highlighted and not scene.card_item("answer").highlighted
    scene.set_current_match("letter")
    assert scene.card_item("letter").current_match
    scene.set_current_match("fund")
    assert not scene.card_item("letter").current_match and scene.card_item("fund").current_match
    scene.set_marks({"answer": QColor("green")})
    assert scene.card_item("answer").mark.color == QColor("green")


def test_legend_sits_outside_the_cards(qapp):
    scene = MapScene(small_map())
    scene.set_legend_visible(True)
    legend = scene.legend_item().sceneBoundingRect()
    for cid in scene.amap.card_ids():
        assert not legend.intersects(scene.card_rect(cid))
    assert legend.right() < scene.content_rect().left()
    assert not legend.intersects(scene.content_rect())
    scene.set_legend_visible(False)
    assert not scene.legend_item().isVisible()


def test_cite_line_names_who_where_when_and_locator(qapp):
    amap = small_map()
    assert (
        cite_text(amap.card("letter"), amap.sources)
        == "Oleksiy Danilov \u00b7 Axios, 2022-03-18 \u00b7 para 8"
    )


def test_direction_and_relayout(qapp):
    amap = small_map()
    amap.layout.positions["answer"] = (5000.0, 5000.0)
    scene = MapScene(amap)
    fresh = scene.auto_layout_positions()
    assert set(fresh) == set(amap.card_ids())
    assert fresh["answer"] != (5000.0, 5000.0)  # a re-layout ignores saved positions
    assert scene.positions()["answer"] == (5000.0, 5000.0)  # ...but does not move anything itself
    tb = scene.card_rect("fund")
    scene.set_direction("LR")
    assert scene.positions()["answer"] == (5000.0, 5000.0)
    lr_letter, lr_fund = scene.card_rect("letter"), scene.card_rect("fund")
    assert lr_letter.left() >= lr_fund.right()  # answers to the right in LR
    assert tb.isValid()


def render(scene, theme) -> QImage:
    source = scene.content_rect().adjusted(-20, -20, 20, 20)
    image = QImage(int(source.width()), int(source.height()), QImage.Format_ARGB32)
    image.fill(QColor(theme.background))
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), source, Qt.KeepAspectRatio)
    painter.end()
    return image


def count_non_background(image: QImage, background: QColor) -> int:
    bg = background.rgb()
    step = 3
    return sum(
        1
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if image.pixel(x, y) != bg
    )


def test_renders_offscreen_without_a_view_in_every_theme(qapp):
    for theme in (LIGHT, DARK, PRINT):
        scene = MapScene(small_map(), theme=theme)
        assert not scene.views()
        image = render(scene, theme)
        assert count_non_background(image, QColor(theme.background)) > 1000, theme.name


def test_card_text_is_drawn_as_plain_text_not_html(qapp):
    def ink(text: str) -> QImage:
        amap = small_map()
        amap.graph.add_node("deterrence", with_fields(amap.card("deterrence"), tag=text))
        scene = MapScene(amap)
        item = scene.card_item("deterrence")
        rect = item.rect()
        image = QImage(int(rect.width()), int(rect.height()), QImage.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        item.paint(painter, QStyleOptionGraphicsItem())
        painter.end()
        return image

    html, literal = ink("<b>bold</b>"), ink("&lt;b&gt;bold&lt;/b&gt;")
    plain = ink("bold")
    # Literal markup draws its angle brackets: more ink than the bare word would need.
    assert count_non_background(html, QColor("white")) > count_non_background(plain, QColor("white"))
    assert literal != html
    scene = MapScene(small_map())
    assert not [i for i in scene.items() if isinstance(i, QGraphicsTextItem)]


def test_inline_editor_holds_plain_text(qapp):
    amap = small_map()
    amap.graph.add_node("deterrence", with_fields(amap.card("deterrence"), text="<b>x</b>"))
    scene = MapScene(amap)
    assert scene.start_inline_edit("deterrence")
    editors = [i for i in scene.items() if isinstance(i, QGraphicsTextItem)]
    assert len(editors) == 1
    assert editors[0].toPlainText() == "<b>x</b>"
    assert editors[0].textInteractionFlags() & Qt.TextEditorInteraction


def test_a_new_scene_bounds_its_cards_and_files_them_where_they_are(qapp):
    from argmap.generate import generate_map

    amap = generate_map(300)
    scene = MapScene(amap)
    boxes = list(scene.card_boxes().values())
    bound = boxes[0]
    for box in boxes[1:]:
        bound = bound.united(box)
    assert scene.content_rect() == bound  # worked out while building, as counting again gives it
    for cid, box in scene.card_boxes().items():
        assert cid in scene.card_ids_in(box.adjusted(1, 1, -1, -1))
    for relation in amap.relations():  # every relation is found over either of its cards
        source, target = relation.key
        for end in (source, target):
            scene.materialize(scene.card_rect(end))
            assert scene.relation_item(source, target) is not None
