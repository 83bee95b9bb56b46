"""The outline dock: the map as a tree of positions and the answers under them, kept in step with edits.

Top-level rows are the cards that answer nothing (positions, usually); under each card are the cards
answering it, in card order. A card answering two cards appears under each (its rows are shown in
italics, with a tooltip saying so). A cycle is cut where a card would appear inside itself; that row
is marked and not expanded. Cards on a cycle that reaches no top-level card are shown at the top too.

Edits update only what they touch: a changed card rewrites its own rows; a relation added or removed
inserts or removes rows under the answered card's rows. Only a "reset" rebuilds the tree.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QTreeView, QWidget
from shiboken6 import isValid

from ..model import Card, Change
from ..render.theme import LIGHT
from .document import MapDocument
from .selection import Selection

CARD_ID_ROLE = Qt.UserRole + 1
REPEAT_ROLE = Qt.UserRole + 2  # True on the rows of a card that answers more than one card
CYCLE_ROLE = Qt.UserRole + 3   # True on a row cut short because the card already appears above it

COLUMNS = ("Card", "Answers as", "Side", "Speech")
SIDE_NAMES = {"for": "Aff", "against": "Neg"}
KIND_LETTERS = {"position": "P", "argument": "A", "rebuttal": "R", "evidence": "E"}

_icons: dict[tuple[str, str], QIcon] = {}


def kind_icon(kind: str, side: str) -> QIcon:
    """A small badge for a card: the kind's border colour and letter, with the side's stripe."""
    key = (kind, side)
    if key not in _icons:
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.Antialiasing)
        style = LIGHT.kinds.get(kind)
        border = QColor(style.border if style else "#888888")
        painter.setPen(border)
        painter.setBrush(QColor(style.fill if style else "#ffffff"))
        painter.drawRoundedRect(1, 1, 14, 14, 3, 3)
        stripe = LIGHT.sides.get(side)
        painter.fillRect(1, 2, 3, 12, QColor(stripe.color if stripe else "#888888"))
        font = QFont()
        font.setPixelSize(10)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(border)
        painter.drawText(4, 1, 12, 14, Qt.AlignCenter, KIND_LETTERS.get(kind, "?"))
        painter.end()
        _icons[key] = QIcon(pixmap)
    return _icons[key]


class OutlineDock(QDockWidget):
    """A tree of the map's cards; clicking a row selects the card, double-clicking emits ``activated``."""

    activated = Signal(str)  # a card id: the window centres the canvas on it

    def __init__(self, document: MapDocument, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__("Outline", parent)
        self.setObjectName("OutlineDock")
        self.selection = selection
        self.document: MapDocument | None = None
        self._items: dict[str, list[QStandardItem]] = {}
        self._syncing = False
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setTextElideMode(Qt.ElideRight)
        self.view.header().setStretchLastSection(False)
        self.view.setColumnWidth(0, 260)
        self.setWidget(self.view)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection)
        self.view.doubleClicked.connect(self._on_double_click)
        selection.changed.connect(self._show_selection)
        self.set_document(document)

    # -- binding -------------------------------------------------------------------------------

    def set_document(self, document: MapDocument) -> None:
        """Show another document's map (or the same one afresh)."""
        if self.document is not None:
            self.document.amap.unsubscribe(self._on_change)
        self.document = document
        document.amap.subscribe(self._on_change)
        self.rebuild()

    @property
    def amap(self):
        return self.document.amap

    def rows_of(self, card_id: str) -> list[QModelIndex]:
        """Indexes (column 0) of every row showing the card, in the order they were made."""
        return [item.index() for item in self._items.get(card_id, [])]

    # -- building ------------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Build the whole tree from the map (on opening and on "reset" only)."""
        self._syncing = True
        try:
            self._rebuild_rows()
        finally:
            self._syncing = False
        self._show_selection()

    def _rebuild_rows(self) -> None:
        self._items.clear()
        self.model.removeRows(0, self.model.rowCount())
        order = self._order()
        root = self.model.invisibleRootItem()
        for card_id in self._top_level_ids():
            self._insert_subtree(root, root.rowCount(), card_id, set(), None, order)
        self.view.expandAll()

    def _order(self) -> dict[str, int]:
        return {cid: i for i, cid in enumerate(self.amap.graph)}

    def _top_level_ids(self) -> list[str]:
        """Cards answering nothing, then one card of each cycle no such card reaches, in card order."""
        graph = self.amap.graph
        top = [cid for cid in graph if graph.out_degree(cid) == 0]
        reached = set(top)
        queue = deque(top)
        while True:
            while queue:
                for answer in graph.predecessors(queue.popleft()):
                    if answer not in reached:
                        reached.add(answer)
                        queue.append(answer)
            if len(reached) == len(graph):
                break
            loose = next(cid for cid in graph if cid not in reached)
            top.append(loose)
            reached.add(loose)
            queue.append(loose)
        order = self._order()
        return sorted(top, key=order.__getitem__)

    def _children(self, card_id: str, order: dict[str, int]) -> list[str]:
        return sorted(self.amap.graph.predecessors(card_id), key=order.__getitem__)

    def _insert_subtree(self, parent: QStandardItem, row: int, card_id: str, on_path: set[str],
                        answered: str | None, order: dict[str, int]) -> None:
        """Build the rows for ``card_id`` and all its answers apart, then insert them at once."""
        top_row = self._make_row(card_id, answered, card_id in on_path)
        on_path = set(on_path)
        stack: list[tuple] = []
        if not top_row[0].data(CYCLE_ROLE):
            on_path.add(card_id)
            stack.append(("exit", None, card_id))
            stack += [("enter", top_row[0], child) for child in reversed(self._children(card_id, order))]
        while stack:
            op, holder, cid = stack.pop()
            if op == "exit":
                on_path.discard(cid)
                continue
            answered_id = holder.data(CARD_ID_ROLE)
            items = self._make_row(cid, answered_id, cid in on_path)
            holder.appendRow(items)
            if not items[0].data(CYCLE_ROLE):
                on_path.add(cid)
                stack.append(("exit", None, cid))
                stack += [("enter", items[0], child) for child in reversed(self._children(cid, order))]
        parent.insertRow(row, top_row)

    def _make_row(self, card_id: str, answered: str | None, cycle: bool) -> list[QStandardItem]:
        items = [QStandardItem() for _ in COLUMNS]
        for item in items:
            item.setEditable(False)
        items[0].setData(card_id, CARD_ID_ROLE)
        items[0].setData(cycle, CYCLE_ROLE)
        if answered is not None:
            items[1].setText(self.amap.relation(card_id, answered).type)
        self._fill_row(items, self.amap.card(card_id))
        self._items.setdefault(card_id, []).append(items[0])
        return items

    def _fill_row(self, items: list[QStandardItem], card: Card) -> None:
        """Write a card's fields into its row's items (plain text only)."""
        head, rel, side, speech = items
        answered = self.amap.answered_by(card.id)
        repeat = len(answered) > 1
        cycle = bool(head.data(CYCLE_ROLE))
        head.setText(" ".join(card.headline.split()) or card.id)
        head.setIcon(kind_icon(card.kind, card.side))
        head.setData(repeat, REPEAT_ROLE)
        tip = [f"{card.kind} · {card.id}"]
        if repeat:
            heads = ", ".join(self.amap.card(cid).headline[:40] or cid for cid in answered)
            tip.append(f"Answers {len(answered)} cards: {heads}")
        if cycle:
            tip.append("Already shown above this row: the relations form a cycle")
        head.setToolTip("\n".join(tip))
        italic = repeat or cycle
        if italic or head.data(Qt.FontRole) is not None:  # a fresh plain row needs no font of its own
            font = head.font()
            font.setItalic(italic)
            head.setFont(font)
        if cycle:
            head.setForeground(QBrush(QColor("#868e96")))
        elif head.data(Qt.ForegroundRole) is not None:  # the palette's text colour, light or dark
            head.setData(None, Qt.ForegroundRole)
        side.setText(SIDE_NAMES.get(card.side, card.side))
        speech.setText(card.speech)

    def _row_items(self, head: QStandardItem) -> list[QStandardItem]:
        parent = head.parent() or self.model.invisibleRootItem()
        return [parent.child(head.row(), col) for col in range(len(COLUMNS))]

    def _forget_subtree(self, head: QStandardItem) -> None:
        stack = [head]
        while stack:
            item = stack.pop()
            rows = self._items.get(item.data(CARD_ID_ROLE), [])
            for i, known in enumerate(rows):
                if known is item:
                    del rows[i]
                    break
            if not rows:
                self._items.pop(item.data(CARD_ID_ROLE), None)
            stack += [item.child(r, 0) for r in range(item.rowCount())]

    def _remove_row(self, head: QStandardItem) -> None:
        self._forget_subtree(head)
        parent = head.parent() or self.model.invisibleRootItem()
        parent.removeRow(head.row())

    # -- following the map ---------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if not isValid(self):  # the dock was deleted; stop listening
            self.amap.unsubscribe(self._on_change)
            return
        what = change.what
        if what == "card-changed":
            self._refresh_card(str(change.key))
            return
        if what not in ("card-added", "card-removed", "relation-added", "relation-removed",
                        "relation-changed", "reset"):
            return
        # Rows vanishing under the view change its selection; that is not the user choosing cards.
        self._syncing = True
        try:
            self._apply_structure(change)
        finally:
            self._syncing = False
        self._show_selection()

    def _apply_structure(self, change: Change) -> None:
        what = change.what
        if what in ("card-added", "card-removed"):
            self._sync_top_level()
        elif what == "relation-added":
            self._relation_added(*change.key)  # type: ignore[misc]
        elif what == "relation-removed":
            self._relation_removed(*change.key)  # type: ignore[misc]
        elif what == "relation-changed":
            source, target = change.key  # type: ignore[misc]
            for head in self._items.get(source, []):
                if head.parent() is not None and head.parent().data(CARD_ID_ROLE) == target:
                    self._row_items(head)[1].setText(self.amap.relation(source, target).type)
        elif what == "reset":
            self._rebuild_rows()

    def _refresh_card(self, card_id: str) -> None:
        if card_id not in self.amap:
            return
        card = self.amap.card(card_id)
        for head in list(self._items.get(card_id, [])):
            self._fill_row(self._row_items(head), card)

    def _relation_added(self, source: str, target: str) -> None:
        order = self._order()
        for holder in list(self._items.get(target, [])):
            if holder.data(CYCLE_ROLE):
                continue
            row = 0
            while row < holder.rowCount() and order.get(holder.child(row, 0).data(CARD_ID_ROLE), -1) < order[source]:
                row += 1
            on_path: set[str] = set()
            item = holder
            while item is not None:
                on_path.add(item.data(CARD_ID_ROLE))
                item = item.parent()
            self._insert_subtree(holder, row, source, on_path, target, order)
            self.view.expand(holder.index())
        self._sync_top_level()
        self._refresh_card(source)

    def _relation_removed(self, source: str, target: str) -> None:
        for head in list(self._items.get(source, [])):
            if not any(known is head for known in self._items.get(source, [])):
                continue  # removed with an earlier row (a cycle nests the card inside itself)
            parent = head.parent()
            if parent is not None and parent.data(CARD_ID_ROLE) == target:
                self._remove_row(head)
        self._sync_top_level()
        self._refresh_card(source)

    def _sync_top_level(self) -> None:
        """Make the top-level rows match the cards that should be there, touching only the difference."""
        wanted = self._top_level_ids()
        wanted_set = set(wanted)
        root = self.model.invisibleRootItem()
        for row in reversed(range(root.rowCount())):
            head = root.child(row, 0)
            if head.data(CARD_ID_ROLE) not in wanted_set or head.data(CARD_ID_ROLE) not in self.amap:
                self._remove_row(head)
        order = self._order()
        for row, card_id in enumerate(wanted):
            head = root.child(row, 0)
            if head is None or head.data(CARD_ID_ROLE) != card_id:
                self._insert_subtree(root, row, card_id, set(), None, order)
                self.view.expandRecursively(root.child(row, 0).index())

    # -- selection, both ways ------------------------------------------------------------------

    def _selected_ids(self) -> list[str]:
        ids = [idx.data(CARD_ID_ROLE) for idx in self.view.selectionModel().selectedRows(0)]
        current = self.view.currentIndex().siblingAtColumn(0).data(CARD_ID_ROLE)
        ids = list(dict.fromkeys(ids))
        if current in ids:  # the row clicked last is the current card
            ids.remove(current)
            ids.append(current)
        return ids

    def _on_view_selection(self, *_args) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self.selection.set(self._selected_ids())
        finally:
            self._syncing = False

    def _show_selection(self) -> None:
        """Select (and scroll to) the rows of the selected cards, unless they already are."""
        if self._syncing:
            return
        ids = list(self.selection.card_ids)
        heads: list[QStandardItem] = []
        if ids:
            if set(self._selected_ids()) == set(ids):
                return
            heads = [self._items[cid][0] for cid in ids if self._items.get(cid)]
        elif self.selection.relation is not None:
            source, target = self.selection.relation
            heads = [h for h in self._items.get(source, [])
                     if h.parent() is not None and h.parent().data(CARD_ID_ROLE) == target][:1]
        self._syncing = True
        try:
            model = self.view.selectionModel()
            chosen = QItemSelection()
            for head in heads:
                index = head.index()
                chosen.select(index, index.siblingAtColumn(len(COLUMNS) - 1))
                parent = index.parent()
                while parent.isValid():
                    self.view.expand(parent)
                    parent = parent.parent()
            model.select(chosen, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
            if heads:
                current = heads[-1].index()
                model.setCurrentIndex(current, QItemSelectionModel.NoUpdate)
                self.view.scrollTo(current)
        finally:
            self._syncing = False

    def _on_double_click(self, index: QModelIndex) -> None:
        card_id = index.siblingAtColumn(0).data(CARD_ID_ROLE)
        if card_id:
            self.activated.emit(card_id)


__all__ = ["OutlineDock", "CARD_ID_ROLE", "REPEAT_ROLE", "CYCLE_ROLE", "kind_icon"]
