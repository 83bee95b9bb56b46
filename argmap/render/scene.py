"""MapScene: the map drawn as a QGraphicsScene that follows the model one change at a time.

The model is the truth. The scene observes it and creates, updates or removes one item per change
notice; it never rebuilds itself for a one-card edit and never re-runs the full layout unless asked
(:meth:`MapScene.auto_layout_positions`). User gestures (moving cards, connecting two cards,
editing text) become signals; the window turns them into undoable edits, and the scene follows the
model again when they are applied.

A card stands at its saved position (``amap.layout.positions``) when it has one, else at its
automatic position: from one layered layout computed when the scene is built, or from
``layout.place_near`` for a card added later.

Items are made only where they are needed. Every card's box is known from the start (its position
and ``geometry.card_size``) and filed in a grid index, with every relation under the box spanning its
two cards; a CardItem or RelationItem is created the first time its region is looked at close up
(:meth:`MapScene.materialize`, called by the view before it paints), clicked, selected, edited or
asked for (:meth:`MapScene.card_item`). Far out, the overview layer draws from the boxes alone, so a
10,000-card map opens and paints at fit-all without creating any of its 21,000 items.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene

from .. import routing
from ..geometry import card_size
from ..model import ArgumentMap, Card, Change
from ..placement import Placement
from ..plaintext import clean_for
from ..spatial import GridIndex
from .editor import InlineEditor
from .items import CardItem, Mark, RelationItem
from .legend import LEGEND_GAP, LegendItem
from .overview_layer import MapOverviewLayer
from .painting import TEXT_LEFT, ArrowGeometry, arrow_along, card_face
from .theme import LIGHT, Theme

Point = tuple[float, float]
SCENE_MARGIN = 600.0
_RING = 400.0  # scene px around a card that its far-out ring can reach (a few device px at 1 %)
GRID = 1024.0  # side of the index's cells, in scene px: a 100 % view spans two or three
# How far an arrow can pass outside the box spanning its two cards: routed around the cards in its
# way, it keeps within half the router's reach of the straight line (or runs above its band).
ARROW_REACH = routing.REACH / 2 + 40.0
# A batch touching more cards and relations than this redraws the far-out layer whole, not piece by piece.
LAYER_REBUILD = 1000
# Removing more items than this at once, the scene's BSP index is switched off while they go: Qt
# would otherwise update it item by item (the index is built again, once, from what is left).
INDEX_OFF_ITEMS = 500


class _SceneObserver:
    """Forwards model changes to a scene without keeping the scene alive."""

    def __init__(self, scene: MapScene) -> None:
        self._scene = weakref.ref(scene)
        self._amap = scene.amap

    def __call__(self, change: Change) -> None:
        scene = self._scene()
        if scene is None:
            self._amap.unsubscribe(self)
            return
        scene.on_change(change)


class _SelectionAnchor(QGraphicsItem):
    """An invisible item that stays selected while any card is, so the scene can tell Qt's gestures
    apart: a plain click or a band without Ctrl clears Qt's whole selection (this item with it), so
    the scene's selection becomes what Qt selected; a Ctrl+click or a Ctrl+band leaves it selected, so
    only the items Qt touched change and the selected cards that have no item stay selected. It has
    no size and no shape: no click, band or paint ever reaches it."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.ItemHasNoContents, True)
        self.setAcceptedMouseButtons(Qt.NoButton)

    def boundingRect(self) -> QRectF:
        return QRectF()

    def shape(self) -> QPainterPath:
        return QPainterPath()

    def paint(self, painter, option, widget=None) -> None:
        pass


class _ConnectGesture:
    """Dragging a new relation from a card's connector handle (or Alt+drag) to another card."""

    def __init__(self, scene: MapScene, source: CardItem, at: QPointF) -> None:
        self.scene = scene
        self.source = source
        self.line = QGraphicsPathItem()
        pen = QPen(QColor(scene.theme.handle), 2, Qt.DashLine)
        self.line.setPen(pen)
        self.line.setZValue(50)
        scene.addItem(self.line)
        self.target: CardItem | None = None
        self.move(at)

    def move(self, at: QPointF) -> None:
        start = self.source.scene_rect().center()
        path = QPainterPath(start)
        path.lineTo(at)
        self.line.setPath(path)
        target = self.scene.card_item_at(at)
        if target is self.source:
            target = None
        if target is not self.target:
            if self.target is not None:
                self.target.set_decoration(highlighted=self.target.card_id in self.scene._highlights)
            if target is not None:
                target.set_decoration(highlighted=True)
            self.target = target

    def finish(self, at: QPointF) -> tuple[str, str] | None:
        self.move(at)
        self.scene.removeItem(self.line)
        target = self.target
        if target is not None:
            target.set_decoration(highlighted=target.card_id in self.scene._highlights)
            return (self.source.card_id, target.card_id)
        return None


class MapScene(QGraphicsScene):
    """The drawing of one ArgumentMap: one CardItem per card, one RelationItem per relation."""

    # {id: ((old_x, old_y), (new_x, new_y))} in the map (not where an arrangement shows it), after a drag
    cardsMoved = Signal(object)
    connectRequested = Signal(str, str)  # (from_id, to_id): a connector dragged from one card to another
    editCancelled = Signal(str)  # card_id: the user pressed Escape in an inline edit, nothing kept
    fieldEditCommitted = Signal(str, str, str)  # (card_id, field, new_text): any inline edit ended
    addCardRequested = Signal(QPointF)  # double-click on empty canvas, scene coordinates
    editRequested = Signal(str)  # double-click on a card
    tagEditRequested = Signal(str)  # double-click on a card's tag (its headline)
    contentChanged = Signal()  # a card moved, changed, came, went, hid or showed; or the theme changed

    def __init__(
        self, amap: ArgumentMap, *, theme: Theme = LIGHT, direction: str = "TB", parent=None
    ) -> None:
        super().__init__(parent)
        self.amap = amap
        self.theme = theme
        self.direction = direction
        self._cards: dict[str, CardItem] = {}  # the cards' items made so far (see materialize)
        self._relations: dict[tuple[str, str], RelationItem] = {}  # likewise for relations
        self._boxes: dict[str, QRectF] = {}  # every card's box, made or not
        self._sizes: dict[str, tuple] = {}  # card id -> (card, its cited source, size): see _card_size
        self._content: QRectF | None = QRectF()  # the visible boxes' bounding box (None: count again)
        self._card_index = GridIndex(GRID)
        self._relation_index = GridIndex(GRID)  # relations under the box spanning their two cards
        self._live: set[tuple[int, int]] = set()  # grid cells whose cards and relations all have items
        self._all_live = False  # every item has been made (an export): new ones are made at once
        self._by_card: dict[str, set[tuple[str, str]]] = {}
        self._hidden: set[str] = set()
        self._highlights: set[str] = set()
        self._current_match: str | None = None
        self._marks: dict[str, Mark] = {}
        self._badges: dict[str, int] = {}
        self._legend: LegendItem | None = None
        self._selection = None
        self._selected_relation: tuple[str, str] | None = None
        self._syncing = False
        # The selected cards, in the order they were selected: state of the scene, not of items (a
        # card without an item can be selected; its item is made selected when it is made).
        self._order: dict[str, None] = {}
        self._anchor = (
            _SelectionAnchor()
        )  # tells a Qt gesture that replaced the selection from one that edited it
        self._drag_start: dict[str, QPointF] | None = None
        self._drag_complete = True  # every selected card that a drag must move has its item
        self._gesture: _ConnectGesture | None = None
        self._editor: InlineEditor | None = None
        self._fresh: set[str] = set()  # added without a place; placed when their first relation arrives
        # Cards shown somewhere other than their own place (focus mode's compact view, see arrange):
        # card id -> (where it is shown, its own place then). Never in the map, never saved.
        self._arranged: dict[str, tuple[Point, Point]] = {}
        # Far out, one MapOverviewLayer draws every card and arrow (see set_low_detail).
        self._low_detail = False
        self._layer: MapOverviewLayer | None = None
        # While a "batch" notice is followed: work done once at its end rather than once per part.
        self._bulk = False
        self._bulk_respace: set[str] = set()  # cards whose incoming arrows' ends are spaced again
        self._bulk_layer_cards: set[str] = set()
        self._bulk_layer_relations: set[tuple[str, str]] = set()
        # The scene's filing as it was before a batch removed every card (boxes, both indexes, the
        # relations by card): undoing that batch puts the same cards back in the same places, and
        # the filing is taken back whole instead of filed again card by card (see _restore).
        self._stash: tuple[dict, GridIndex, GridIndex, dict] | None = None
        self.setItemIndexMethod(QGraphicsScene.BspTreeIndex)
        self.setBackgroundBrush(QColor(theme.background))
        self._build()
        self._observer = _SceneObserver(self)
        amap.subscribe(self._observer, batches=True)
        self.selectionChanged.connect(self._on_scene_selection)
        self._update_scene_rect()
        self.addItem(self._anchor)

    def _card_size(self, card: Card) -> tuple[int, int]:
        """``geometry.card_size``, remembered by card value and cited source, and kept after the card
        is removed: undoing the deletion of 10,000 cards puts back the same values, and wrapping
        their text again was most of the undo."""
        cite = card.cite
        source = self.amap.sources.get(cite.source) if cite is not None else None
        known = self._sizes.get(card.id)
        if known is not None and known[0] is card and known[1] is source:
            return known[2]
        size = card_size(card, self.amap.sources)
        self._sizes[card.id] = (card, source, size)
        return size

    def _build(self) -> None:
        """Lay out the map and file every card and relation; no item is made here.

        Called on an empty scene (no boxes, items or made regions), so each card's box and each
        relation is filed directly: the per-change paths (``_set_box``, ``_file_relation``) would
        check for items and made regions that cannot exist yet, for 21,000 objects of a big map."""
        card_size = self._card_size
        sizes = {c.id: card_size(c) for c in self.amap.cards()}
        # Where unplaced cards go (Qt-free), sized by the sizes just worked out, not wrapped again.
        self.placement = Placement(self.amap, self.direction, card_size, sizes)
        saved, auto = self.amap.layout.positions, self.placement.auto
        boxes = self._boxes
        self._content = None  # the visible boxes' bounding box is counted when first asked for
        spans: dict[str, tuple[float, float, float, float]] = {}  # _tuple of each card's box
        unfiled: list[tuple[str, tuple[float, float, float, float]]] = []
        for card_id, (w, h) in sizes.items():
            at = saved.get(card_id)
            if at is None:
                at = auto.get(card_id)
            if at is None or card_id in boxes:  # not laid out: placed as a card added later is
                self._card_index.insert_many(unfiled)  # the place is found among the cards so far
                unfiled = []
                x, y = self._position(card_id)
                self._set_box(card_id, QRectF(x, y, w, h))
                spans[card_id] = _tuple(boxes[card_id])
                continue
            x, y = at
            boxes[card_id] = QRectF(x, y, w, h)
            spans[card_id] = span = (x, y, x + w, y + h)
            unfiled.append((card_id, span))
        self._card_index.insert_many(unfiled)
        if spans and not self._hidden:  # content_rect from the tuples at hand: 40,000 Qt calls fewer
            lefts, tops, rights, bottoms = zip(*spans.values(), strict=True)
            self._content = QRectF(QPointF(min(lefts), min(tops)), QPointF(max(rights), max(bottoms)))
        if self._relations or self._live or self._all_live:  # not empty after all: the general path
            for source, target in self.amap.graph.edges():
                self._file_relation((source, target))
            return
        by_card = self._by_card
        reach = ARROW_REACH
        relation_spans = []
        for source, target in self.amap.graph.edges():
            key = (source, target)
            for end in (source, target):
                keys = by_card.get(end)
                if keys is None:
                    by_card[end] = {key}
                else:
                    keys.add(key)
            a, b = spans[source], spans[target]  # _tuple of the two boxes united, ARROW_REACH out
            relation_spans.append(
                (
                    key,
                    (
                        min(a[0], b[0]) - reach,
                        min(a[1], b[1]) - reach,
                        max(a[2], b[2]) + reach,
                        max(a[3], b[3]) + reach,
                    ),
                )
            )
        self._relation_index.insert_many(relation_spans)

    def detach(self) -> None:
        """Stop following the model (the scene is about to be dropped)."""
        self.amap.unsubscribe(self._observer)

    # -- reading -----------------------------------------------------------------------------

    def card_item(self, card_id: str) -> CardItem | None:
        """The card's item, made now if it was not yet (None for a card not in the map)."""
        item = self._cards.get(card_id)
        if item is None and card_id in self._boxes:
            item = self._make_card(card_id)
        return item

    def relation_item(self, source: str, target: str) -> RelationItem | None:
        key = (source, target)
        item = self._relations.get(key)
        if item is None and key in self._relation_index:
            item = self._make_relation(key)
        return item

    def card_items(self) -> list[CardItem]:
        """Every card's item, making those not made yet: for exports, which draw the whole scene."""
        self.materialize(None)
        return list(self._cards.values())

    def card_ids_in(self, rect: QRectF) -> list[str]:
        """The cards (hidden ones included) whose boxes meet ``rect``: found through the index."""
        return list(self._card_index.query(_tuple(rect)))

    def card_boxes(self) -> dict[str, QRectF]:
        """Every card's box in scene coordinates (hidden cards included); do not change them."""
        return self._boxes

    def card_rect(self, card_id: str) -> QRectF:
        """The card's box in scene coordinates."""
        return QRectF(self._boxes[card_id])

    def relation_arrow(self, key) -> ArrowGeometry:
        """The relation's arrow routed around the visible cards in its way (see ``argmap.routing``),
        its end placed among the other arrows into the same card."""
        source, target = key
        boxes, hidden = self._boxes, self._hidden
        src, dst = _tuple(boxes[source]), _tuple(boxes[target])
        index = self._card_index

        def query(area):
            return [_tuple(boxes[c]) for c in index.query(area) if c not in hidden]

        arrivals = [
            ((s, target), _tuple(boxes[s]), self.amap.relation(s, target).type)
            for s in self.amap.answers_to(target)
            if s in boxes and (s not in hidden or s == source)
        ]
        end_at = routing.end_slots(dst, arrivals, self.direction).get(key) if len(arrivals) > 1 else None
        return arrow_along(routing.route(src, dst, query, direction=self.direction, end_at=end_at))

    def positions(self) -> dict[str, Point]:
        """The current top-left corner of every card, hidden ones included."""
        return {cid: (box.x(), box.y()) for cid, box in self._boxes.items()}

    def auto_layout_positions(self, direction: str | None = None) -> dict[str, Point]:
        """A fresh full layout that ignores saved positions (for an undoable Re-layout)."""
        return self.placement.fresh_layout(direction, keep_saved=False)

    def content_rect(self) -> QRectF:
        """The bounding box of the visible cards (cards only: no legend, no arrows' overhang)."""
        if self._content is None:
            hidden = self._hidden
            boxes = [box for cid, box in self._boxes.items() if cid not in hidden]
            self._content = (
                QRectF()
                if not boxes
                else QRectF(
                    QPointF(min(b.left() for b in boxes), min(b.top() for b in boxes)),
                    QPointF(max(b.right() for b in boxes), max(b.bottom() for b in boxes)),
                )
            )
        return QRectF(self._content)

    def _content_changed(self, old: QRectF | None, new: QRectF | None) -> None:
        """Keep the cached content box exact: a visible card's box went from ``old`` to ``new`` (None:
        not there). Growing is a union; only a box leaving the edge it touched means a full recount,
        so a re-layout of 10,000 cards costs a few recounts, not one per card."""
        content = self._content
        if content is None:
            return
        if (
            old is not None
            and not content.isNull()
            and (
                old.left() <= content.left()
                or old.top() <= content.top()
                or old.right() >= content.right()
                or old.bottom() >= content.bottom()
            )
        ):
            if new is None or not (
                new.left() <= old.left()
                and new.top() <= old.top()
                and new.right() >= old.right()
                and new.bottom() >= old.bottom()
            ):
                self._content = None
                return
        if new is not None:
            self._content = QRectF(new) if content.isNull() else content.united(new)

    def is_hidden(self, card_id: str) -> bool:
        return card_id in self._hidden

    def card_item_at(self, pos: QPointF) -> CardItem | None:
        """The topmost visible card under a scene point."""
        self.materialize(QRectF(pos.x() - 1, pos.y() - 1, 2, 2))
        for item in self.items(pos, Qt.IntersectsItemShape, Qt.DescendingOrder, QTransform()):
            if isinstance(item, CardItem) and item.isVisible():
                return item
        return None

    def selected_card_ids(self) -> list[str]:
        """Selected cards in the order they were selected (the last is the current card)."""
        return list(self._order)

    # -- items, made where they are needed -----------------------------------------------------

    def materialize(self, rect: QRectF | None) -> None:
        """Make the items of every card and relation that can show in ``rect`` (scene coordinates;
        None: the whole map). Cheap when that region has been made before: regions are remembered
        by grid cell, and cards or relations arriving later in a made region get items at once."""
        if rect is not None and self._card_index.span_count(_tuple(rect)) > 4 * max(len(self._boxes), 64):
            rect = None  # more cells than cards: simpler to make everything
        if rect is None:
            self._all_live = True
            for card_id in self._boxes:
                if card_id not in self._cards:
                    self._make_card(card_id)
            for key in self._relation_index_keys():
                if key not in self._relations:
                    self._make_relation(key)
            return
        if self._all_live:
            return
        area = _tuple(rect)
        cells = [cell for cell in self._card_index.cells_covering(area) if cell not in self._live]
        if not cells:
            return
        self._live.update(cells)
        for card_id in self._card_index.in_cells(cells):
            if card_id not in self._cards:
                self._make_card(card_id)
        keys = self._relation_index.in_cells(cells) | self._relation_index.long_in(area)
        for key in keys:
            if key not in self._relations:
                self._make_relation(key)

    def render(self, painter, target=None, source=None, mode=Qt.KeepAspectRatio) -> None:
        """QGraphicsScene.render, with the items of the rendered region made first."""
        target = QRectF() if target is None else target
        source = QRectF() if source is None else source
        self.materialize(QRectF(source) if not source.isNull() else self.sceneRect())
        super().render(painter, target, source, mode)

    def _relation_index_keys(self):
        return list(self._relation_index.keys())

    def _is_live(self, rect_tuple) -> bool:
        if self._all_live:
            return True
        live = self._live
        if not live:
            return False
        index = self._card_index
        if index.span_count(rect_tuple) > len(live):  # a long arrow's span: look at the made cells
            x0, y0, x1, y1 = (math.floor(v / index.cell) for v in rect_tuple)
            return any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in live)
        return any(cell in live for cell in index.cells_covering(rect_tuple))

    def _make_card(self, card_id: str) -> CardItem:
        box = self._boxes[card_id]
        item = CardItem(card_id, self._face(card_id, (box.width(), box.height())), self.theme)
        self._cards[card_id] = item
        item.setPos(box.topLeft())
        if (
            card_id in self._badges
            or card_id in self._highlights
            or card_id in self._marks
            or card_id == self._current_match
        ):
            item.set_decoration(
                badge=self._badges.get(card_id, 0),
                highlighted=card_id in self._highlights,
                current_match=card_id == self._current_match,
                mark=self._marks.get(card_id),
            )
        self._add_made(item, hidden=card_id in self._hidden, selected=card_id in self._order)
        return item

    def _make_relation(self, key) -> RelationItem:
        source, target = key
        item = RelationItem(source, target, self.amap.relation(source, target).type, self.theme)
        self._relations[key] = item
        item.set_arrow(self.relation_arrow(key))
        self._add_made(
            item,
            hidden=source in self._hidden or target in self._hidden,
            selected=key == self._selected_relation,
        )
        return item

    def _add_made(self, item: QGraphicsItem, *, hidden: bool, selected: bool) -> None:
        """Put a just-made item in the scene as the scene's state says it must look. Its selection is
        already known, so the scene's selection handler is kept out of it."""
        if hidden:
            item.setVisible(False)
        if self._low_detail:
            item.setFlag(QGraphicsItem.ItemHasNoContents, True)
        if selected:
            item.setSelected(True)
        self._syncing, syncing = True, self._syncing
        try:
            self.addItem(item)
        finally:
            self._syncing = syncing

    def _set_box(self, card_id: str, box: QRectF) -> None:
        old = self._boxes.get(card_id)
        self._boxes[card_id] = box
        self._card_index.insert(card_id, _tuple(box))
        if card_id not in self._hidden:
            self._content_changed(old, box)

    def _file_relation(self, key) -> None:
        """File a relation under the box spanning its two cards (and make its item in a made region)."""
        source, target = key
        self._by_card.setdefault(source, set()).add(key)
        self._by_card.setdefault(target, set()).add(key)
        span = _tuple(self._boxes[source].united(self._boxes[target]), ARROW_REACH)
        self._relation_index.insert(key, span)
        item = self._relations.get(key)
        if item is not None:
            item.set_arrow(self.relation_arrow(key))
        elif self._is_live(span):
            self._make_relation(key)

    # -- following the model -----------------------------------------------------------------

    def on_change(self, change: Change) -> None:
        what, key = change.what, change.key
        if what == "batch":
            self._on_batch(change)
            return
        if not self._bulk:
            self._stash = None  # the map changed otherwise: the filing kept is no longer the map's
        if what != "relation-added":
            self._fresh.clear()
        if what == "card-added":
            if not self.placement.has_place(key):
                self._fresh.add(key)
            self._add_card(key)
            if not self._bulk:
                self._update_scene_rect()
        elif what == "card-removed":
            self._remove_card(key)
        elif what == "card-changed":
            self._refresh_card(key)
        elif what == "relation-added":
            source, target = key
            if source in self._fresh:
                self._fresh.discard(source)
                self._move_card(source, self.placement.place_near(source, target, self._box_tuples()))
            self._add_relation(source, target)
        elif what == "relation-removed":
            self._remove_relation(key)
        elif what == "relation-changed":
            item = self._relations.get(key)
            if item is not None:
                item.set_type(self.amap.relation(*key).type)
            self._layer_relation(key)
        elif what == "position-changed":
            if key in self._boxes:
                self._move_card(key, self._position(key))
                if not self._bulk:
                    self._update_scene_rect()
        elif what == "sources-changed":
            for card in self.amap.cards():
                if card.cite is not None and card.cite.source == key:
                    self._refresh_card(card.id)
        elif what == "reset":
            self._reset()
        if not self._bulk:
            self.contentChanged.emit()

    def _on_batch(self, change: Change) -> None:
        """A whole Batch in one sweep: every removed card and relation dropped at once (their items
        together, the index off), then the other parts in order; the arrows' ends, the far-out layer,
        the legend and the scene's rectangle are put right once, at the end."""
        parts = change.parts
        if not parts:
            return
        if self._restore(change):
            return
        self._stash = None
        if change.has("reset"):  # the scene is built again anyway: follow the parts as they come
            for part in parts:
                self.on_change(part)
            return
        self._bulk = True
        try:
            self._remove_in_bulk(change.keys("card-removed"), change.keys("relation-removed"))
            for part in parts:
                if part.what not in ("card-removed", "relation-removed"):
                    self.on_change(part)
        finally:
            self._bulk = False
            respace, self._bulk_respace = self._bulk_respace, set()
            cards, self._bulk_layer_cards = self._bulk_layer_cards, set()
            relations, self._bulk_layer_relations = self._bulk_layer_relations, set()
        self._fresh.clear()
        amap = self.amap
        for target in respace:
            if target in self._boxes and target in amap:
                self._respace_ends(target)
        if self._layer is not None:
            if len(cards) + len(relations) > LAYER_REBUILD:
                self._layer.rebuild()
            else:
                for card_id in cards:
                    self._layer.card_changed(card_id)
                for key in relations:
                    self._layer.relation_changed(key)
        self._place_legend()
        self._update_scene_rect()
        self.contentChanged.emit()

    def _remove_in_bulk(self, card_ids, relation_keys) -> None:
        """Drop these cards (with every relation touching them) and these relations, all at once."""
        gone = set(card_ids)
        if not gone and not relation_keys:
            return
        if self._editor is not None and self._editor.card_id in gone:
            self._end_edit(False)
        if gone and len(gone) == len(self._boxes) and gone == self._boxes.keys():
            self._remove_everything()
            return
        keys: set[tuple[str, str]] = {tuple(key) for key in relation_keys}
        items: list[QGraphicsItem] = []
        cards, boxes, by_card, order, hidden = (
            self._cards,
            self._boxes,
            self._by_card,
            self._order,
            self._hidden,
        )
        recount = False
        for card_id in card_ids:
            keys.update(by_card.pop(card_id, ()))
            item = cards.pop(card_id, None)
            if item is not None:
                items.append(item)
            order.pop(card_id, None)
            if boxes.pop(card_id, None) is not None and card_id not in hidden:
                recount = True
        relations = self._relations
        for key in keys:
            item = relations.pop(key, None)
            if item is not None:
                items.append(item)
            for end in key:
                if end not in gone:
                    by_card.get(end, set()).discard(key)
            if key == self._selected_relation:
                self._selected_relation = None
            if key[1] not in gone:
                self._bulk_respace.add(key[1])
        self._card_index.remove_many(gone)
        self._relation_index.remove_many(keys)
        if recount:
            self._content = None  # counted again when next asked, once
        self._bulk_layer_cards |= gone
        self._bulk_layer_relations |= keys
        self._drop_items(items)

    def _remove_everything(self) -> None:
        """Every card goes (delete all): the filing is kept aside whole for an undo (_restore), the
        scene starts empty, and every item goes in one sweep."""
        items: list[QGraphicsItem] = [*self._cards.values(), *self._relations.values()]
        self._stash = (self._boxes, self._card_index, self._relation_index, self._by_card)
        self._boxes, self._by_card = {}, {}
        self._card_index, self._relation_index = GridIndex(GRID), GridIndex(GRID)
        self._cards, self._relations = {}, {}
        self._order = {}
        self._selected_relation = None
        self._content = QRectF()
        if self._layer is not None:
            self._layer.rebuild()
        self._drop_items(items)

    def _restore(self, change: Change) -> bool:
        """Take back the filing kept by _remove_everything when ``change`` puts back exactly those
        cards and relations, each card the same size in the same place (undo of a delete all);
        then make the items of the regions already made, as adding them one by one would."""
        stash = self._stash
        if stash is None or self._boxes:
            return False
        boxes, card_index, relation_index, by_card = stash
        added = change.keys("card-added")
        if len(added) != len(boxes) or len(change.parts) != len(added) + len(change.keys("relation-added")):
            return False
        amap, known, size_of = self.amap, self.placement.known, self._card_size
        for card_id in added:
            box = boxes.get(card_id)
            if box is None or known(card_id) != (box.x(), box.y()):
                return False
            if size_of(amap.card(card_id)) != (box.width(), box.height()):
                return False
        relations = change.keys("relation-added")
        if len(relations) != len(relation_index) or not all(key in relation_index for key in relations):
            return False
        self._stash = None
        self._boxes, self._card_index, self._relation_index, self._by_card = stash
        self._content = None  # counted again when next asked (the hidden cards may differ)
        if self._all_live:
            self.materialize(None)
        elif self._live:
            cells = list(self._live)
            for card_id in card_index.in_cells(cells):
                self._make_card(card_id)
            keys = relation_index.in_cells(cells)
            for cell in cells:
                keys |= relation_index.long_in(card_index.cell_rect(cell))
            for key in keys:
                self._make_relation(key)
        if self._layer is not None:
            self._layer.rebuild()
        self._fresh.clear()
        self._place_legend()
        self._update_scene_rect()
        self.contentChanged.emit()
        return True

    def _drop_items(self, items: list[QGraphicsItem]) -> None:
        """Take these items out of the scene, quietly: the window has already set the selection."""
        if not items:
            return
        self._syncing, syncing = True, self._syncing
        try:
            if len(items) > INDEX_OFF_ITEMS:
                method = self.itemIndexMethod()
                self.setItemIndexMethod(QGraphicsScene.NoIndex)
                for item in items:
                    self.removeItem(item)
                self.setItemIndexMethod(method)
            else:
                for item in items:
                    self.removeItem(item)
        finally:
            self._syncing = syncing

    def _move_card(self, card_id: str, at: Point) -> None:
        item = self._cards.get(card_id)
        if item is not None:
            if (item.pos().x(), item.pos().y()) != at:
                item.setPos(*at)  # card_item_moved follows
        else:
            box = self._boxes[card_id]
            if (box.x(), box.y()) != at:
                self._box_changed(card_id, QRectF(at[0], at[1], box.width(), box.height()))

    def _position(self, card_id: str) -> Point:
        arranged = self._arranged.get(card_id)
        if arranged is not None:  # shown in the arrangement, moved as far as its own place has moved
            (x, y), (x0, y0) = arranged
            own_x, own_y = self.own_position(card_id)
            return (x + own_x - x0, y + own_y - y0)
        known = self.placement.known(card_id)
        if known is not None:
            return known
        parents = [p for p in self.amap.answered_by(card_id) if p in self._boxes]
        if parents:
            return self.placement.place_near(card_id, parents[0], self._box_tuples())
        # Answering nothing placed: to the right of the visible map, top-aligned.
        rect = self.content_rect()
        spot = (0.0, 0.0) if rect.isNull() else (float(round(rect.right() + 40)), float(round(rect.top())))
        self.placement.auto[card_id] = spot
        return spot

    def _box_tuples(self) -> dict[str, tuple[float, float, float, float]]:
        """Every card's box at its own place (a new card's place is worked out in the map, not in an
        arrangement that is only shown)."""
        boxes = {cid: (b.x(), b.y(), b.width(), b.height()) for cid, b in self._boxes.items()}
        for cid in self._arranged:
            box = boxes.get(cid)
            if box is not None:
                boxes[cid] = (*self.own_position(cid), box[2], box[3])
        return boxes

    # -- arranging: cards shown away from their own places ---------------------------------

    def own_position(self, card_id: str) -> Point:
        """The card's place in the map (saved, else automatic), wherever it is shown now."""
        known = self.placement.known(card_id)
        if known is not None:
            return known
        box = self._boxes[card_id]
        return (box.x(), box.y())

    @property
    def is_arranged(self) -> bool:
        return bool(self._arranged)

    def arranged_positions(self) -> dict[str, Point]:
        """Where the arranged cards are shown (top-left corners), for an export of what is on screen."""
        return {
            cid: (self._boxes[cid].x(), self._boxes[cid].y()) for cid in self._arranged if cid in self._boxes
        }

    def arrange(self, places: Mapping[str, Point] | None) -> None:
        """Show the cards of ``places`` there instead of at their own places (None or empty: every card
        back at its own place). The map is not changed: a card moved while arranged moves by the same
        amount in the map (see cardsMoved), and shows moved by as much here."""
        old, amap = self._arranged, self.amap
        live = [cid for cid in (places or {}) if cid in self._boxes and cid in amap]
        self._arranged = {cid: (places[cid], self.own_position(cid)) for cid in live}
        for cid in set(old) | set(self._arranged):
            if cid in self._boxes and cid in amap:  # (a card a batch removed may keep its box a while)
                self._move_card(cid, self._position(cid))
        self._content = None
        self._place_legend()
        self._update_scene_rect()
        self.contentChanged.emit()

    def free_spot_near(self, card: Card, parent_id: str) -> Point:
        """Where ``card`` (new, or just added) goes answering ``parent_id`` (see Placement)."""
        return self.placement.free_spot_near(card, parent_id, self._box_tuples())

    def free_spot_at(self, card: Card, at: Point, gap: float = 40.0) -> Point:
        """Where ``card`` (new, answering nothing) goes when asked for at ``at``: there, or the nearest
        place to the right of it that overlaps no card, so two new positions never stack."""
        w, h = card_size(card, self.amap.sources)
        x, y = at
        for _ in range(len(self._boxes) + 1):
            wanted = QRectF(x - gap / 2, y - gap / 2, w + gap, h + gap)
            hits = [box for cid, box in self._boxes.items() if cid != card.id and box.intersects(wanted)]
            if not hits:
                break
            x = max(box.right() for box in hits) + gap
        return (float(round(x)), float(round(y)))

    words_per_minute = 300  # the speaking rate read-aloud times are given at (Evidence ▸ Reading Rate)

    def _face(self, card_id: str, size=None):
        return card_face(self.amap.card(card_id), self.amap.sources, self.theme, size, self.words_per_minute)

    def set_words_per_minute(self, value: int) -> None:
        """Redraw every card's read-aloud time at ``value`` words per minute."""
        self.words_per_minute = value
        self.set_theme(self.theme)

    def _add_card(self, card_id: str) -> None:
        w, h = self._card_size(self.amap.card(card_id))
        x, y = self._position(card_id)
        self._set_box(card_id, QRectF(x, y, w, h))
        if self._is_live(_tuple(self._boxes[card_id])):
            self._make_card(card_id)
        if self._bulk:
            self._bulk_layer_cards.add(card_id)
            return
        self._layer_card(card_id)
        self._place_legend()

    def _remove_card(self, card_id: str) -> None:
        if self._editor is not None and self._editor.card_id == card_id:
            self._end_edit(False)
        self._arranged.pop(card_id, None)
        item = self._cards.pop(card_id, None)
        for key in list(self._by_card.pop(card_id, ())):
            self._remove_relation(key)
        self._order.pop(card_id, None)
        box = self._boxes.pop(card_id, None)
        self._card_index.remove(card_id)
        if box is not None and card_id not in self._hidden:
            self._content_changed(box, None)
        if item is not None:
            if self.amap.batching:  # the window drops removed cards from the selection once, at the end
                self._syncing, syncing = True, self._syncing
                try:
                    self.removeItem(item)
                finally:
                    self._syncing = syncing
            else:
                self.removeItem(item)
        self._layer_card(card_id)
        self._place_legend()

    def _refresh_card(self, card_id: str) -> None:
        box = self._boxes.get(card_id)
        if box is None:
            return
        w, h = self._card_size(self.amap.card(card_id))
        item = self._cards.get(card_id)
        if item is not None:
            item.set_face(self._face(card_id, (w, h)))
        if (w, h) != (box.width(), box.height()):
            self._box_changed(card_id, QRectF(box.x(), box.y(), w, h))
        else:
            self._layer_card(card_id)

    def _add_relation(self, source: str, target: str) -> None:
        self._file_relation((source, target))
        if self._bulk:
            self._bulk_layer_relations.add((source, target))
            self._bulk_respace.add(target)
            return
        self._layer_relation((source, target))
        self._respace_ends(target)

    def _respace_ends(self, target: str) -> None:
        """Re-route the made arrows into ``target``: one came or went, so their ends move apart."""
        for key in self._by_card.get(target, ()):
            item = self._relations.get(key)
            if item is not None and key[1] == target and self.amap.has_relation(*key):
                item.set_arrow(self.relation_arrow(key))

    def _remove_relation(self, key) -> None:
        key = tuple(key)
        item = self._relations.pop(key, None)
        for end in key:
            self._by_card.get(end, set()).discard(key)
        self._relation_index.remove(key)
        if key == self._selected_relation:
            self._selected_relation = None
        if item is not None:
            self.removeItem(item)
        self._layer_relation(key)
        # Notices come after the whole edit: a card a batch removed may still have its box here.
        if key[1] in self._boxes and key[1] in self.amap:
            self._respace_ends(key[1])

    def _box_changed(self, card_id: str, box: QRectF) -> None:
        """A card moved or changed size: file it again, re-route its arrows, tell the layer."""
        self._set_box(card_id, box)
        if card_id not in self._cards and self._is_live(_tuple(box)):
            self._make_card(card_id)
        self._layer_card(card_id)
        for key in self._by_card.get(card_id, ()):
            self._file_relation(key)
            self._layer_relation(key)

    def card_item_moved(self, card_id: str) -> None:
        """Called by a CardItem whenever it moves (a drag, or following the model)."""
        item = self._cards.get(card_id)
        if item is not None:
            self._box_changed(card_id, item.scene_rect())
            self.contentChanged.emit()
            if self._editor is not None and self._editor.card_id == card_id:
                self._editor.setPos(self._editor_rect(item, self._editor.field).topLeft() + QPointF(4, 4))

    def _reset(self) -> None:
        self._stash = None
        self._arranged = {}  # a new map: the window arranges it again if it still wants to
        self._end_edit(False)
        for item in list(self._cards.values()) + list(self._relations.values()):
            self.removeItem(item)
        for store in (
            self._cards,
            self._relations,
            self._boxes,
            self._by_card,
            self._card_index,
            self._relation_index,
            self._live,
        ):
            store.clear()
        self._order.clear()
        self._select_anchor(False)
        self._selected_relation = None
        self._all_live = False
        self._content = QRectF()
        self._build()
        if self._layer is not None:
            self._layer.rebuild()
        self._update_scene_rect()

    def _update_scene_rect(self) -> None:
        rect = self.content_rect()
        if self._legend is not None and self._legend.isVisible():
            rect = rect.united(self._legend.sceneBoundingRect())
        if rect.isNull():
            rect = QRectF(0, 0, 400, 300)
        self.setSceneRect(rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN))
        if self._layer is not None:
            self._layer.set_bounds(self.sceneRect())

    # -- far out: one layer draws the whole map ------------------------------------------------

    def set_low_detail(self, low: bool) -> None:
        """Below ``painting.TINY_DETAIL`` the view calls this with True: cards and arrows stop painting
        themselves (``ItemHasNoContents``) and one :class:`MapOverviewLayer` draws them all at once;
        False gives painting back to the items. Flags change once per crossing, not per frame."""
        low = bool(low)
        if low == self._low_detail:
            return
        self._low_detail = low
        if low and self._layer is None:
            self._layer = MapOverviewLayer(self)
            self._layer.setVisible(False)
            self.addItem(self._layer)
        for item in self._cards.values():
            item.setFlag(QGraphicsItem.ItemHasNoContents, low)
        for item in self._relations.values():
            item.setFlag(QGraphicsItem.ItemHasNoContents, low)
        self._layer.set_bounds(self.sceneRect())
        self._layer.setVisible(low)
        if not low:  # items that changed while the layer drew them repaint now
            self.update()

    def is_low_detail(self) -> bool:
        return self._low_detail

    def overview_layer(self) -> MapOverviewLayer | None:
        return self._layer

    def _layer_card(self, card_id: str) -> None:
        if self._layer is not None:
            self._layer.card_changed(card_id)

    def _layer_relation(self, key) -> None:
        if self._layer is not None:
            self._layer.relation_changed(key)

    def _layer_update(self, card_ids=None) -> None:
        """Repaint the layer (when it is drawing) over these cards, or everywhere when None."""
        if self._layer is None or not self._low_detail:
            return
        card_ids = None if card_ids is None else [cid for cid in card_ids if cid in self._boxes]
        if card_ids is None or len(card_ids) > 1000:
            self._layer.update()
        else:
            for cid in card_ids:
                self._layer.update(self._boxes[cid].adjusted(-_RING, -_RING, _RING, _RING))

    # -- what the window shows ----------------------------------------------------------------

    def set_direction(self, direction: str) -> None:
        """Lay out unplaced cards top-to-bottom ("TB") or left-to-right ("LR"); placed cards stay."""
        if direction == self.direction:
            return
        self.direction = direction
        self.placement.set_direction(direction)
        for cid in list(self._boxes):
            self._move_card(cid, self._position(cid))
        self._place_legend()
        self._update_scene_rect()
        self.contentChanged.emit()

    def set_hidden(self, ids) -> None:
        """Hide these cards and their relations (collapsed or filtered away); show all the others."""
        ids = {cid for cid in ids if cid in self._boxes}
        changed = ids ^ self._hidden
        self._hidden = ids
        if changed:
            self._content = None
        for cid in changed:
            item = self._cards.get(cid)
            if item is not None:
                item.setVisible(cid not in ids)
                if cid in ids and item.isSelected():
                    item.setSelected(False)
            self._layer_card(cid)
            for key in self._by_card.get(cid, ()):
                relation = self._relations.get(key)
                if relation is not None:
                    relation.setVisible(key[0] not in ids and key[1] not in ids)
                self._layer_relation(key)
        if any(cid in ids for cid in self._order):  # hidden cards leave the selection, items or not
            self.select_cards([cid for cid in self._order if cid not in ids])
        if changed:
            self._place_legend()
            self.contentChanged.emit()

    def set_collapsed_badges(self, counts: dict[str, int]) -> None:
        """Show "+n" on each collapsed card: how many cards its collapse hides."""
        for cid in set(self._badges) | set(counts):
            if cid in self._cards:
                self._cards[cid].set_decoration(badge=counts.get(cid, 0))
        changed = {cid for cid in set(self._badges) | set(counts) if self._badges.get(cid) != counts.get(cid)}
        self._badges = dict(counts)
        self._layer_update(changed)

    def set_highlights(self, ids) -> None:
        """Ring the cards a search found."""
        ids = set(ids)
        changed = self._highlights ^ ids
        for cid in changed:
            if cid in self._cards:
                self._cards[cid].set_decoration(highlighted=cid in ids)
        self._highlights = ids
        self._layer_update(changed)

    def set_current_match(self, card_id: str | None) -> None:
        """Ring the current search result more strongly than the others."""
        for cid in {self._current_match, card_id}:
            if cid in self._cards:
                self._cards[cid].set_decoration(current_match=cid == card_id)
        changed = {self._current_match, card_id} - {None}
        self._current_match = card_id
        self._layer_update(changed)

    def set_marks(self, marks: dict) -> None:
        """Overlay marks on cards: {id: QColor | colour name | Mark}; cards left out lose theirs."""
        new = {cid: m if isinstance(m, Mark) else Mark(m) for cid, m in marks.items()}
        changed = {
            cid
            for cid in set(self._marks) | set(new)
            if _mark_key(self._marks.get(cid)) != _mark_key(new.get(cid))
        }
        for cid in changed:
            if cid in self._cards:
                self._cards[cid].set_decoration(mark=new.get(cid))
        self._marks = new
        self._layer_update(changed)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackgroundBrush(QColor(theme.background))
        for cid, item in self._cards.items():
            item.set_theme(theme, self._face(cid))
        for item in self._relations.values():
            item.set_theme(theme)
        if self._legend is not None:
            self._legend.set_theme(theme)
        self._layer_update()
        self.contentChanged.emit()

    def set_legend_visible(self, visible: bool) -> None:
        """Show the legend at the top left, outside the cards' bounding box so it covers no card."""
        if visible and self._legend is None:
            self._legend = LegendItem(self.theme)
            self.addItem(self._legend)
        if self._legend is not None:
            self._legend.setVisible(visible)
        self._place_legend()
        self._update_scene_rect()

    def legend_item(self) -> LegendItem | None:
        return self._legend

    def _place_legend(self) -> None:
        if self._legend is None or not self._legend.isVisible():
            return
        rect = self.content_rect()
        if rect.isNull():
            rect = QRectF(0, 0, 0, 0)
        size = self._legend.boundingRect()
        self._legend.setPos(rect.left() - LEGEND_GAP - size.width(), rect.top())

    # -- selection ---------------------------------------------------------------------------

    def attach_selection(self, selection) -> None:
        """Keep the scene's selected items and a shared Selection in step, both ways."""
        if self._selection is not None:
            self._selection.changed.disconnect(self._on_selection_changed)
        self._selection = selection
        selection.changed.connect(self._on_selection_changed)
        self._on_selection_changed()

    def selectedItems(self) -> list[QGraphicsItem]:
        """Qt's selected items (cards and a relation that have items), without the anchor."""
        return [item for item in super().selectedItems() if item is not self._anchor]

    def _select_anchor(self, selected: bool) -> None:
        if self._anchor.isSelected() != selected:
            self._syncing, syncing = True, self._syncing
            try:
                self._anchor.setSelected(selected)
            finally:
                self._syncing = syncing

    def _on_scene_selection(self) -> None:
        """Qt changed its selection (a click, a band, an item hidden or removed): follow it."""
        if self._syncing:  # our own change (_show_selected): it repaints what it changed
            return
        items = self.selectedItems()
        qt = {item.card_id for item in items if isinstance(item, CardItem)}
        cards = self._cards
        if self._anchor.isSelected():
            # Qt added or took away single items: the selected cards it did not touch stay.
            kept = [cid for cid in self._order if cid in qt or cid not in cards]
        else:  # Qt replaced the selection with its own
            kept = [cid for cid in self._order if cid in qt]
        order = dict.fromkeys(kept)
        order.update(dict.fromkeys(sorted(qt - order.keys())))
        changed = order.keys() ^ self._order.keys()
        self._order = order
        self._layer_update(changed)  # selection rings are the layer's when far out
        self._select_anchor(bool(order))
        relation = next((item.key for item in items if isinstance(item, RelationItem)), None)
        if relation != self._selected_relation:
            for key in (relation, self._selected_relation):
                if key is not None:
                    self._layer_relation(key)  # its glow is the layer's when far out
        self._selected_relation = relation
        if self._selection is not None:
            self._syncing = True
            try:
                self._selection.set(list(order), relation)
            finally:
                self._syncing = False

    def _on_selection_changed(self) -> None:
        if self._syncing or self._selection is None:
            return
        self._show_selected(self._selection.card_ids, self._selection.relation)

    def _show_selected(self, card_ids, relation) -> None:
        """Select exactly these cards and this relation, quietly. Only the items made so far change:
        a card without an item is selected as state (the far-out layer draws its ring; its item is
        made selected when it is made), so selecting 10,000 cards makes no item."""
        boxes, hidden = self._boxes, self._hidden
        order = dict.fromkeys(cid for cid in card_ids if cid in boxes and cid not in hidden)
        if relation is not None and tuple(relation) not in self._relation_index:
            relation = None
        relation = tuple(relation) if relation is not None else None
        changed = order.keys() ^ self._order.keys()
        self._order = order
        self._syncing = True
        try:
            cards = self._cards
            for cid in changed:
                item = cards.get(cid)
                if item is not None:
                    item.setSelected(cid in order)
            if relation is not None and relation not in self._relations:
                self._make_relation(relation)
            for key in {relation, self._selected_relation} - {None}:
                item = self._relations.get(key)
                if item is not None and item.isSelected() != (key == relation):
                    item.setSelected(key == relation)
            self._anchor.setSelected(bool(order))
        finally:
            self._syncing = False
        if relation != self._selected_relation:
            for key in (relation, self._selected_relation):
                if key is not None:
                    self._layer_relation(key)
        self._selected_relation = relation
        self._layer_update(changed)

    def select_cards(self, ids, *, add: bool = False) -> None:
        """Select these cards (through the shared Selection when attached)."""
        ids = list(ids)
        if add:
            ids = [c for c in self._order if c not in ids] + ids
        if self._selection is not None:
            self._selection.set(ids)
        else:
            self._show_selected(ids, None)

    # -- inline editing ----------------------------------------------------------------------

    def is_editing(self) -> bool:
        return self._editor is not None

    def _editor_rect(self, item: CardItem, field: str) -> QRectF:
        """Where the editor stands: over the edited section (the tag stays readable above the text)."""
        rect = item.scene_rect()
        top = 6.0
        if field != "tag":
            for role, lines in item.face.sections:
                if role == "tag" and lines:
                    top = lines[-1].baseline + 6
        height = max(rect.height() - top - 6, 40)
        return QRectF(rect.left() + TEXT_LEFT - 6, rect.top() + top, rect.width() - TEXT_LEFT, height)

    def edited_field(self, card_id: str, field: str = "text") -> str:
        """The field an edit of ``field`` really changes: a bare evidence card's text is its quote."""
        card = self.amap.card(card_id)
        if field == "text" and card.kind == "evidence" and not card.text and card.quote:
            return "quote"
        return field

    def start_inline_edit(self, card_id: str, field: str = "text") -> bool:
        """Edit a card's text (or "tag"/"quote") in place; Enter commits, Escape cancels."""
        if self._editor is not None:
            self._end_edit(True)
        if card_id not in self._boxes or card_id in self._hidden:
            return False
        item = self.card_item(card_id)
        field = self.edited_field(card_id, field)
        text = getattr(self.amap.card(card_id), field)
        editor = InlineEditor(card_id, field, text, self._editor_rect(item, field), self.theme)
        editor.finished.connect(self._end_edit)
        self._editor = editor
        self.addItem(editor)
        editor.setFocus(Qt.OtherFocusReason)
        return True

    def cancel_inline_edit(self) -> None:
        if self._editor is not None:
            self._end_edit(False)

    def commit_inline_edit(self) -> None:
        if self._editor is not None:
            self._end_edit(True)

    def _end_edit(self, commit: bool) -> None:
        editor = self._editor
        if editor is None:
            return
        self._editor = None
        editor.finish(commit)  # no-op when the editor itself said so
        text = clean_for(editor.field, editor.toPlainText())  # a pasted tag keeps no line breaks
        editor.hide()
        editor.deleteLater()  # not removed now: we may be inside its own key or focus handler
        if not commit and editor.escaped:
            self.editCancelled.emit(editor.card_id)
        if commit and text != editor.original and editor.card_id in self.amap:
            self.fieldEditCommitted.emit(editor.card_id, editor.field, text)

    # -- gestures ----------------------------------------------------------------------------

    def _materialize_at(self, pos: QPointF) -> None:
        """Make the items under a scene point before Qt looks for them (a click far out)."""
        self.materialize(QRectF(pos.x() - 8, pos.y() - 8, 16, 16))

    def mousePressEvent(self, event) -> None:
        self._materialize_at(event.scenePos())
        if self._editor is not None and not self._editor.sceneBoundingRect().contains(event.scenePos()):
            self._end_edit(True)
        if event.button() == Qt.LeftButton:
            item = self.card_item_at(event.scenePos())
            if item is not None and (
                event.modifiers() & Qt.AltModifier or item.on_handle(item.mapFromScene(event.scenePos()))
            ):
                self._gesture = _ConnectGesture(self, item, event.scenePos())
                event.accept()
                return
        super().mousePressEvent(event)
        if event.button() == Qt.LeftButton and self.card_item_at(event.scenePos()) is not None:
            self._drag_start = {
                item.card_id: item.pos() for item in self.selectedItems() if isinstance(item, CardItem)
            }
            self._drag_complete = len(self._drag_start) >= len(self._order)

    def _complete_drag(self) -> None:
        """A drag of a selection with cards that have no item (select all, then drag one card): make
        their items before Qt moves the selected items, so every selected card moves. Paid once, at
        the drag's first move, never by selecting."""
        self._drag_complete = True
        start = self._drag_start
        if start is None:
            return
        for cid in list(self._order):
            item = self._cards.get(cid) or self._make_card(cid)
            start.setdefault(cid, item.pos())

    def mouseMoveEvent(self, event) -> None:
        if self._gesture is not None:
            self._gesture.move(event.scenePos())
            event.accept()
            return
        if not self._drag_complete and event.buttons() & Qt.LeftButton:
            self._complete_drag()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._gesture is not None and event.button() == Qt.LeftButton:
            gesture, self._gesture = self._gesture, None
            pair = gesture.finish(event.scenePos())
            event.accept()
            if pair is not None:
                self.connectRequested.emit(*pair)
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.LeftButton and self._drag_start is not None:
            start, self._drag_start = self._drag_start, None
            self._drag_complete = True
            moves = {}
            for cid, old in start.items():
                item = self._cards.get(cid)
                if item is not None and item.pos() != old:
                    new = item.pos()
                    moves[cid] = ((old.x(), old.y()), (float(round(new.x())), float(round(new.y()))))
                    if cid in self._arranged:  # shown arranged: the map's place moves by as much
                        own_x, own_y = self.own_position(cid)
                        dx, dy = moves[cid][1][0] - old.x(), moves[cid][1][1] - old.y()
                        moves[cid] = ((own_x, own_y), (float(round(own_x + dx)), float(round(own_y + dy))))
            if moves:
                self.cardsMoved.emit(moves)
                # The model decides: cards the window did not move there go back where the model says.
                for cid in moves:
                    if cid in self._cards:
                        self._cards[cid].setPos(*self._position(cid))
                self._place_legend()
                self._update_scene_rect()

    def mouseDoubleClickEvent(self, event) -> None:
        self._materialize_at(event.scenePos())
        if event.button() != Qt.LeftButton or self._editor is not None:
            super().mouseDoubleClickEvent(event)
            return
        item = self.card_item_at(event.scenePos())
        if item is not None:
            event.accept()
            local = item.mapFromScene(event.scenePos())
            tag_lines = next((lines for role, lines in item.face.sections if role == "tag" and lines), None)
            if tag_lines is not None and local.y() <= tag_lines[-1].baseline + 6:
                self.tagEditRequested.emit(item.card_id)  # the headline itself, in place
            else:
                self.editRequested.emit(item.card_id)
            return
        hit = [i for i in self.items(event.scenePos()) if i.isVisible() and isinstance(i, (RelationItem,))]
        if not hit:
            event.accept()
            self.addCardRequested.emit(event.scenePos())
            return
        super().mouseDoubleClickEvent(event)


def _tuple(rect: QRectF, pad: float = 0.0) -> tuple[float, float, float, float]:
    return (rect.left() - pad, rect.top() - pad, rect.right() + pad, rect.bottom() + pad)


def _mark_key(mark: Mark | None):
    return None if mark is None else (mark.color.rgba(), mark.label)
