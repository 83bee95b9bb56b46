"""The outline dock: the map as a tree of positions and the answers under them, kept in step with edits.

Top-level rows are the cards that answer nothing (positions, usually); under each card are the cards
answering it, in card order. A card answering two cards appears under each (its rows are shown in
italics, with a tooltip saying so). A cycle is cut where a card would appear inside itself; that row
is marked and not expanded. Cards on a cycle that reaches no top-level card are shown at the top too.

The tree is lazy: a row's answers are worked out only when Qt first asks for them (the row is
expanded, or a selected card's row has to be found), so opening a large map costs the top-level rows
and the few levels shown expanded, not the whole tree (which repeats a subtree under every card its
root answers). Edits update only what they touch: a changed card rewrites its own rows; a relation
added or removed inserts or removes rows under the answered card's rows where those rows' answers are
already worked out; elsewhere they are worked out fresh when first needed. A "reset", and a batch
of edits too large to follow one by one (BULK_CHANGES), start over, keeping what was expanded.

The shared selection shows as selected rows. A few cards (up to MIRROR_CARDS) are held row by row in
the view's selection model, each card's topmost row opened to and selected. A large selection (Ctrl+A
on a big map) is painted instead: the selection model holds only the current card's row, opened to
and scrolled to, and every row whose card is selected is drawn selected, one set lookup a painted row;
Ctrl-clicks in the outline then add or take off one card of the whole selection.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QItemSelectionRange,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QStyle, QStyleOptionViewItem, QTreeView, QWidget

from ..model import ArgumentMap, Change
from ..render.theme import LIGHT
from .document import MapDocument
from .plain_text import tooltip
from .selection import Selection

CARD_ID_ROLE = Qt.UserRole + 1
REPEAT_ROLE = Qt.UserRole + 2  # True on the rows of a card that answers more than one card
CYCLE_ROLE = Qt.UserRole + 3  # True on a row cut short because the card already appears above it
MARKED_ROLE = Qt.UserRole + 4  # True on the rows of a card painted as selected (see OutlineModel.marked)

# Read once: looking a name up on Qt costs microseconds, and the view asks for data thousands of times.
_DISPLAY, _EDIT, _DECORATION, _TOOLTIP, _FONT, _FOREGROUND = (
    int(role)
    for role in (
        Qt.DisplayRole,
        Qt.EditRole,
        Qt.DecorationRole,
        Qt.ToolTipRole,
        Qt.FontRole,
        Qt.ForegroundRole,
    )
)
_NO_INDEX = QModelIndex()  # the root's (invisible) index, as a default argument
_ROW_FLAGS = Qt.ItemIsEnabled | Qt.ItemIsSelectable
_LEAF_FLAGS = _ROW_FLAGS | Qt.ItemNeverHasChildren

COLUMNS = ("Card", "Answers as", "Side", "Speech")
SIDE_NAMES = {"for": "Aff", "against": "Neg"}
KIND_LETTERS = {"position": "P", "argument": "A", "rebuttal": "R", "evidence": "E"}

# Opening a map (or a new top-level row appearing) expands the tree a whole level at a time while the
# rows shown stay within this many: a small map opens fully expanded, a large one at its top levels.
EXPAND_ROWS = 500

# With up to this many cards selected, the view's selection model holds each one's topmost row. Beyond
# it, it holds only the current card's row and the other selected cards' rows are painted as selected:
# painting a row, the selection model asks this (Python) model for parents once per range it holds,
# so with thousands of ranges one repaint took a second or more.
MIRROR_CARDS = 150

# A batch (one undo step) changing the structure more often than this is not followed change by change:
# each insertion looks up card order, which a batch keeps changing, so restoring 10,000 deleted cards
# cost seconds. The model stops answering until the batch ends, then the tree is built afresh.
BULK_CHANGES = 200
# Notices that change which rows there are (the others change what a row shows, or nothing here).
_STRUCTURE = ("card-added", "card-removed", "relation-added", "relation-removed", "relation-changed", "reset")

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


class _Node:
    """One row: a card shown under ``parent`` (the root for a top-level row).

    ``children`` is None until the row's answers are first asked for; a cut row (``cycle``) has none.
    ``index`` is the row's column-0 index once made (Qt asks for a row's parent over and over while
    painting, and making an index from Python costs more than the rest of the answer); None again
    when the row moves.
    """

    __slots__ = ("uid", "card", "parent", "row", "cycle", "children", "index")

    def __init__(self, uid: int, card: str | None, parent: _Node | None, row: int, cycle: bool) -> None:
        self.uid = uid
        self.card = card
        self.parent = parent
        self.row = row
        self.cycle = cycle
        self.children: list[_Node] | None = [] if cycle else None
        self.index: QModelIndex | None = None


class OutlineModel(QAbstractItemModel):
    """The outline's tree over an ArgumentMap, four columns, rows worked out as Qt asks for them.

    Indexes carry their row's ``uid`` as internal id, so an index outliving its row reads as nothing.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.amap: ArgumentMap | None = None
        self._root = _Node(0, None, None, 0, False)
        self._nodes: dict[int, _Node] = {}  # uid -> row, for every row worked out
        self._by_card: dict[str, list[_Node]] = {}  # card id -> its rows worked out, in making order
        self._next_uid = 1
        self._order: dict[str, int] | None = None
        self._held = False  # hold() was called: a reset is under way until set_map
        # Cards whose rows are painted as selected (MARKED_ROLE), besides the rows the view's selection
        # model holds: the dock sets it when more cards are selected than it mirrors row by row.
        self.marked: frozenset[str] = frozenset()
        self._italic = QFont()
        self._italic.setItalic(True)
        self._cut_brush = QBrush(QColor("#868e96"))

    # -- the map ---------------------------------------------------------------------------------

    def set_map(self, amap: ArgumentMap | None) -> None:
        """Show ``amap`` (or show it afresh): forget every row; the top level is worked out at once."""
        if not self._held:
            self.beginResetModel()
        self._held = False
        self.amap = amap
        self._root = _Node(0, None, None, 0, False)
        self._nodes.clear()
        self._by_card.clear()
        self._order = None
        self._ensure_children(self._root)
        self.endResetModel()

    def hold(self) -> None:
        """Stop answering for the map until the next ``set_map``: it is about to change wholesale."""
        if not self._held:
            self.beginResetModel()
            self._held = True

    def expanded_paths(self, is_expanded) -> list[tuple[str, ...]]:
        """The card path (top-level card first) of every worked-out row that ``is_expanded(index)``."""
        paths = []
        for node in self._nodes.values():
            if node.children is not None and not node.cycle and is_expanded(self.index_of(node)):
                path = []
                while node.card is not None:
                    path.append(node.card)
                    node = node.parent
                paths.append(tuple(reversed(path)))
        return paths

    def row_at(self, path: tuple[str, ...]) -> QModelIndex | None:
        """The row reached by following ``path`` down from the top level, if the map still has it."""
        node = self._root
        for card_id in path:
            node = next((child for child in self._ensure_children(node) if child.card == card_id), None)
            if node is None:
                return None
        return self.index_of(node)

    def order_changed(self) -> None:
        """Cards were added or removed: card order must be read again."""
        self._order = None

    def _card_order(self) -> dict[str, int]:
        graph = self.amap.graph
        if self._order is None or len(self._order) != len(graph):
            self._order = {cid: i for i, cid in enumerate(self.amap.card_ids())}
        return self._order

    def top_level_ids(self) -> list[str]:
        """Cards answering nothing, then one card of each cycle no such card reaches, in card order."""
        if self.amap is None:
            return []
        graph = self.amap.graph
        top = [cid for cid in graph if not graph.out_degree(cid)]
        predecessors = graph.predecessors
        reached = set(top)
        queue = deque(top)
        while True:
            while queue:
                for answer in predecessors(queue.popleft()):
                    if answer not in reached:
                        reached.add(answer)
                        queue.append(answer)
            if len(reached) == len(graph):
                break
            loose = next(cid for cid in graph if cid not in reached)
            top.append(loose)
            reached.add(loose)
            queue.append(loose)
        order = self._card_order()
        return sorted(top, key=order.__getitem__)

    def _answer_ids(self, card_id: str) -> list[str]:
        """The cards answering ``card_id``, in card order."""
        order = self._card_order()
        return sorted(self.amap.graph.predecessors(card_id), key=order.__getitem__)

    # -- rows ------------------------------------------------------------------------------------

    def _make(self, card_id: str, parent: _Node, row: int) -> _Node:
        node = _Node(self._next_uid, card_id, parent, row, card_id in self._path(parent))
        self._next_uid += 1
        self._nodes[node.uid] = node
        self._by_card.setdefault(card_id, []).append(node)
        return node

    @staticmethod
    def _path(node: _Node) -> set[str]:
        """The cards of ``node`` and the rows above it."""
        cards = set()
        while node.card is not None:
            cards.add(node.card)
            node = node.parent
        return cards

    def _ensure_children(self, node: _Node) -> list[_Node]:
        if node.children is None:
            if self.amap is None:
                node.children = []
            elif node.card is None:
                ids = self.top_level_ids()
                node.children = [self._make(cid, node, row) for row, cid in enumerate(ids)]
            else:
                path = self._path(node)
                node.children = []
                for row, cid in enumerate(self._answer_ids(node.card)):
                    child = _Node(self._next_uid, cid, node, row, cid in path)
                    self._next_uid += 1
                    self._nodes[child.uid] = child
                    self._by_card.setdefault(cid, []).append(child)
                    node.children.append(child)
        return node.children

    def _forget(self, node: _Node) -> None:
        """Drop a removed row and every row worked out under it."""
        stack = [node]
        while stack:
            item = stack.pop()
            self._nodes.pop(item.uid, None)
            rows = self._by_card.get(item.card)
            if rows is not None:
                for i, known in enumerate(rows):
                    if known is item:
                        del rows[i]
                        break
                if not rows:
                    del self._by_card[item.card]
            if item.children:
                stack += item.children

    def _renumber(self, node: _Node, start: int) -> None:
        children = node.children
        for row in range(start, len(children)):
            child = children[row]
            child.row = row
            child.index = None

    def _insert(self, parent: _Node, row: int, card_id: str) -> _Node:
        self.beginInsertRows(self.index_of(parent), row, row)
        node = self._make(card_id, parent, row)
        parent.children.insert(row, node)
        self._renumber(parent, row + 1)
        self.endInsertRows()
        return node

    def _remove(self, node: _Node) -> None:
        parent = node.parent
        row = node.row
        self.beginRemoveRows(self.index_of(parent), row, row)
        del parent.children[row]
        self._renumber(parent, row)
        self.endRemoveRows()
        self._forget(node)

    def node_of(self, index: QModelIndex) -> _Node | None:
        if not index.isValid():
            return None
        return self._nodes.get(index.internalId())

    def index_of(self, node: _Node, column: int = 0) -> QModelIndex:
        if node.card is None:
            return QModelIndex()
        if column == 0:
            return self._first_index(node)
        return self.createIndex(node.row, column, node.uid)

    def _first_index(self, node: _Node) -> QModelIndex:
        """The row's column-0 index, made once (until the row moves)."""
        index = node.index
        if index is None:
            index = node.index = self.createIndex(node.row, 0, node.uid)
        return index

    def materialised_rows(self, card_id: str | None = None) -> int:
        """How many rows (of one card, or of all) have been worked out so far: the rest are worked out
        when Qt first asks for them."""
        return len(self._nodes) if card_id is None else len(self._by_card.get(card_id, ()))

    def is_marked(self, index: QModelIndex) -> bool:
        """Whether the row's card is one of the ``marked`` cards (what MARKED_ROLE says, sooner)."""
        node = self._nodes.get(index.internalId())
        return node is not None and node.card in self.marked

    def answer_count(self, index: QModelIndex) -> int:
        """How many rows are under this row, without working them out."""
        node = self._root if not index.isValid() else self.node_of(index)
        if node is None:
            return 0
        if node.children is not None:
            return len(node.children)
        graph = self.amap.graph
        return graph.in_degree(node.card) if node.card in graph else 0

    def children_known(self, index: QModelIndex) -> bool:
        """Whether the answers under this row (or the top level, for the root) have been worked out."""
        node = self._root if not index.isValid() else self.node_of(index)
        return node is not None and node.children is not None

    # -- QAbstractItemModel ----------------------------------------------------------------------

    def columnCount(self, parent: QModelIndex = _NO_INDEX) -> int:
        return len(COLUMNS)

    def rowCount(self, parent: QModelIndex = _NO_INDEX) -> int:
        if not parent.isValid():
            return len(self._ensure_children(self._root))
        if parent.column() != 0:
            return 0
        node = self._nodes.get(parent.internalId())
        return 0 if node is None else len(self._ensure_children(node))

    def hasChildren(self, parent: QModelIndex = _NO_INDEX) -> bool:
        """Cheap: a row has children when its card has answers and the row is not a cut cycle."""
        if not parent.isValid():
            return bool(self._ensure_children(self._root))
        if parent.column() != 0:
            return False
        node = self._nodes.get(parent.internalId())
        if node is None:
            return False
        if node.children is not None:
            return bool(node.children)
        graph = self.amap.graph
        return node.card in graph and next(graph.predecessors(node.card), None) is not None

    def index(self, row: int, column: int, parent: QModelIndex = _NO_INDEX) -> QModelIndex:
        if row < 0 or not 0 <= column < len(COLUMNS):
            return QModelIndex()
        if not parent.isValid():
            node = self._root
        elif parent.column() != 0:
            return QModelIndex()
        else:
            node = self._nodes.get(parent.internalId())
            if node is None:
                return QModelIndex()
        children = self._ensure_children(node)
        if row >= len(children):
            return QModelIndex()
        child = children[row]
        if column == 0:
            index = child.index
            return self._first_index(child) if index is None else index
        return self.createIndex(row, column, child.uid)

    def parent(self, index: QModelIndex | None = None):  # type: ignore[override]
        """The row above, in O(1): the selection model asks for it several times per range it holds
        for every cell painted. (An invalid index has internal id 0, which no row has.)"""
        if index is None:  # QObject.parent(): the dock
            return super().parent()
        node = self._nodes.get(index.internalId())
        if node is None:
            return _NO_INDEX
        above = node.parent
        if above.card is None:
            return _NO_INDEX
        cached = above.index
        return self._first_index(above) if cached is None else cached

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.NoItemFlags
        if index.column() != 0:
            return _LEAF_FLAGS
        node = self._nodes.get(index.internalId())
        return _LEAF_FLAGS if node is not None and node.cycle else _ROW_FLAGS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):
        if orientation == Qt.Horizontal and role == _DISPLAY and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        """A card's fields, as plain text (the view never reads them as HTML)."""
        node = self._nodes.get(index.internalId()) if index.isValid() else None
        if node is None:
            return None
        graph = self.amap.graph
        if node.card not in graph:
            return None
        column = index.column()
        text_role = role == _DISPLAY or role == _EDIT
        if column == 0:
            if text_role:
                card = graph.node(node.card)
                return " ".join(card.headline.split()) or card.id
            if role == _DECORATION:
                card = graph.node(node.card)
                return kind_icon(card.kind, card.side)
            if role == CARD_ID_ROLE:
                return node.card
            if role == MARKED_ROLE:
                return node.card in self.marked
            if role == CYCLE_ROLE:
                return node.cycle
            if role == REPEAT_ROLE:
                return graph.out_degree(node.card) > 1
            if role == _FONT:
                return self._italic if node.cycle or graph.out_degree(node.card) > 1 else None
            if role == _FOREGROUND:
                return self._cut_brush if node.cycle else None
            if role == _TOOLTIP:
                return tooltip(self._tooltip(node))
            return None
        if not text_role:
            return node.card in self.marked if role == MARKED_ROLE else None
        if column == 1:
            answered = node.parent.card  # a top-level row answers nothing: no text, as before
            if answered is None or not graph.has_edge(node.card, answered):
                return None
            return graph.edge(node.card, answered).type
        card = graph.node(node.card)
        if column == 2:
            return SIDE_NAMES.get(card.side, card.side)
        return card.speech

    def _tooltip(self, node: _Node) -> str:
        amap = self.amap
        card = amap.card(node.card)
        answered = amap.answered_by(card.id)
        tip = [f"{card.kind} · {card.id}"]
        if len(answered) > 1:
            heads = ", ".join(amap.card(cid).headline[:40] or cid for cid in answered)
            tip.append(f"Answers {len(answered)} cards: {heads}")
        if node.cycle:
            tip.append("Already shown above this row: the relations form a cycle")
        return "\n".join(tip)

    # -- following the map -----------------------------------------------------------------------

    def card_changed(self, card_id: str) -> None:
        """Rewrite the card's rows worked out so far, and only those."""
        last = len(COLUMNS) - 1
        for node in list(self._by_card.get(card_id, [])):
            self.dataChanged.emit(self.index_of(node, 0), self.index_of(node, last))

    def relation_changed(self, source: str, target: str) -> None:
        for node in list(self._by_card.get(source, [])):
            if node.parent.card == target:
                index = self.index_of(node, 1)
                self.dataChanged.emit(index, index)

    def relation_added(self, source: str, target: str) -> list[QModelIndex]:
        """Insert ``source`` under the rows of ``target`` whose answers are worked out.

        Returns those rows' indexes. A row whose answers are not worked out yet gets them fresh when
        first asked, unless it had none until now: then the new one is inserted, so views that saw
        "no children" learn otherwise.
        """
        graph = self.amap.graph
        first_answer = graph.in_degree(target) == 1
        holders = []
        for node in list(self._by_card.get(target, [])):
            if node.cycle:
                continue
            if node.children is None:
                if not first_answer:
                    continue
                node.children = []
            holders.append(node)
        order = self._card_order()
        rank = order[source]
        done = []
        for holder in holders:
            if holder.uid not in self._nodes or any(c.card == source for c in holder.children):
                continue  # removed meanwhile, or its answers were worked out after the edit
            row = 0
            children = holder.children
            while row < len(children) and order.get(children[row].card, -1) < rank:
                row += 1
            self._insert(holder, row, source)
            done.append(QPersistentModelIndex(self.index_of(holder)))
        return [QModelIndex(index) for index in done if index.isValid()]

    def relation_removed(self, source: str, target: str) -> None:
        """Remove the rows of ``source`` under rows of ``target``."""
        if target in self.amap.graph and self.amap.graph.in_degree(target) == 0:
            # Rows of target not yet opened told views they had children; show the last one going.
            for node in list(self._by_card.get(target, [])):
                if node.children is None:
                    node.children = [self._make(source, node, 0)]
        for node in list(self._by_card.get(source, [])):
            if node.uid in self._nodes and node.parent.card == target:
                self._remove(node)

    def sync_top_level(self) -> list[QModelIndex]:
        """Make the top-level rows match the cards that should be there, touching only the difference.

        Returns the indexes of the rows inserted.
        """
        root = self._root
        if root.children is None:
            return []
        wanted = self.top_level_ids()
        wanted_set = set(wanted)
        graph = self.amap.graph
        for node in reversed(list(root.children)):
            if node.card not in wanted_set or node.card not in graph:
                self._remove(node)
        added = []
        for row, card_id in enumerate(wanted):
            children = root.children
            if row >= len(children) or children[row].card != card_id:
                added.append(self._insert(root, row, card_id))
        return [self.index_of(node) for node in added]

    # -- finding rows ----------------------------------------------------------------------------

    def find_rows(self, card_ids: Iterable[str], first_only: bool = False) -> dict[str, list[QModelIndex]]:
        """The rows (column 0) showing each card, top to bottom, working out the rows above them.

        Cards come in the order of their topmost rows; a card not in the map is left out.

        Only the rows of cards a wanted card answers, directly or not, are opened on the way. With
        ``first_only``, each card's topmost row, and the search stops once every card has one.
        """
        if self.amap is None:
            return {}
        graph = self.amap.graph
        wanted = {cid for cid in card_ids if cid in graph}
        if not wanted:
            return {}
        found: dict[str, list[_Node]] = {}  # in the order first found: top to bottom
        successors = graph.successors
        above: set[str] = set()  # cards a wanted card answers, directly or not
        queue = deque(wanted)
        while queue:
            for answered in successors(queue.popleft()):
                if answered not in above:
                    above.add(answered)
                    queue.append(answered)
        relevant = above | wanted
        missing = set(wanted)
        stack = [n for n in reversed(self._ensure_children(self._root)) if n.card in relevant]
        while stack:
            node = stack.pop()
            if node.card in wanted:
                rows = found.setdefault(node.card, [])
                if not first_only or not rows:
                    rows.append(node)
                missing.discard(node.card)
                if first_only and not missing:
                    break
            if node.cycle or node.card not in above:
                continue  # nothing wanted can be under this row
            stack += [n for n in reversed(self._ensure_children(node)) if n.card in relevant]
        return {cid: [self.index_of(n) for n in nodes] for cid, nodes in found.items()}


class _OutlineView(QTreeView):
    """The outline's tree: paints the rows of the model's marked cards as selected, and notes the
    selection command of the gesture under way, so the dock can tell a Ctrl-toggle (which changes one
    card of a large selection the view only partly holds) from a click that replaces the selection."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gesture: tuple[QItemSelectionModel.SelectionFlag, bool] | None = None  # (command, toggling off)
        self._toggle_off = False
        self.on_unchanged_clear = None  # called when a gesture asked to clear but changed nothing here

    def shows_selected(self, index: QModelIndex) -> bool:
        """Whether the row is shown selected: held by the selection model, or its card marked."""
        return self.selectionModel().isSelected(index) or self.model().is_marked(index)

    def take_gesture(self):
        gesture, self.gesture = self.gesture, None
        return gesture

    def drawRow(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        model = self.model()
        if model.marked and model.is_marked(index):
            option = QStyleOptionViewItem(option)
            option.state |= QStyle.State_Selected  # each cell and the branch area, as Qt's own
        super().drawRow(painter, option, index)

    def selectionCommand(self, index: QModelIndex, event: QEvent | None = None):
        command = super().selectionCommand(index, event)
        if command & QItemSelectionModel.Toggle:
            # A Ctrl-drag keeps the meaning its press had: adding rows, or taking them off.
            if event is None or event.type() != QEvent.MouseMove:
                self._toggle_off = self.shows_selected(index)
            self.gesture = (command, self._toggle_off)
        else:
            self.gesture = (command, False)
        return command

    def _handle(self, handler, event) -> None:
        self.gesture = None
        handler(event)
        left, self.gesture = self.gesture, None
        if left is not None and left[0] & QItemSelectionModel.Clear and self.on_unchanged_clear is not None:
            self.on_unchanged_clear()

    def mousePressEvent(self, event) -> None:
        self._handle(super().mousePressEvent, event)

    def mouseMoveEvent(self, event) -> None:
        self._handle(super().mouseMoveEvent, event)

    def mouseReleaseEvent(self, event) -> None:
        self._handle(super().mouseReleaseEvent, event)

    def keyPressEvent(self, event) -> None:
        self._handle(super().keyPressEvent, event)


class OutlineDock(QDockWidget):
    """A tree of the map's cards; clicking a row selects the card, double-clicking emits ``activated``."""

    activated = Signal(str)  # a card id: the window centres the canvas on it
    revealRequested = Signal(str)  # a card id clicked: the window scrolls the canvas to show it

    def __init__(self, document: MapDocument, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__("Outline", parent)
        self.setObjectName("OutlineDock")
        self.selection = selection
        self.document: MapDocument | None = None
        self._syncing = False
        self._top_level_stale = False  # a batch changed the structure; the top level is found at its end
        self._batch_changes = 0  # structural changes seen in the batch under way
        self._in_batch = False  # hearing the parts of one "batch" notice: more are coming
        # While a batch too large to follow is under way (the model is held): what was expanded before.
        self._expanded_before: list[tuple[str, ...]] | None = None
        # What a large selection was last shown as: (marked cards, current card, the current row).
        self._shown: tuple[frozenset[str], str | None, QPersistentModelIndex] = (
            frozenset(),
            None,
            QPersistentModelIndex(),
        )
        self.model = OutlineModel(self)
        self.view = _OutlineView(self)
        self.view.on_unchanged_clear = self._on_unchanged_clear
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
            self.document.changed.disconnect(self._on_change)
        self.document = document
        document.changed.connect(self._on_change)
        self.rebuild()

    @property
    def amap(self):
        return self.document.amap

    def rows_of(self, card_id: str) -> list[QModelIndex]:
        """Indexes (column 0) of every row showing the card, top to bottom.

        Rows not worked out yet are worked out on the way (the view does not expand to them).
        """
        return self.model.find_rows([card_id]).get(card_id, [])

    # -- building ------------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Start the tree over from the map (on opening and on "reset" only)."""
        self._rebuild_keeping([])

    def _rebuild_rows(self) -> None:
        self._shown = (frozenset(), None, QPersistentModelIndex())
        self.model.set_map(self.amap)
        self._expand_levels([QModelIndex()])

    def _rebuild_keeping(self, expanded: list[tuple[str, ...]]) -> None:
        """Start the tree over, then expand again the rows that were expanded and still exist."""
        self._syncing = True
        try:
            self._rebuild_rows()
            for path in sorted(expanded, key=len):
                index = self.model.row_at(path)
                if index is not None:
                    self.view.expand(index)
        finally:
            self._syncing = False
        self._show_selection()

    def _expand_levels(self, roots: list[QModelIndex], budget: int = EXPAND_ROWS) -> None:
        """Expand ``roots`` and the levels below them, a whole level at a time, while the rows shown
        under them stay within ``budget``. (The invisible root stands for the top level.)"""
        model, view = self.model, self.view
        level = [index for index in roots if not index.isValid() or model.hasChildren(index)]
        shown = 0
        while level:
            below = sum(model.answer_count(index) for index in level)
            if shown + below > budget:
                return
            shown += below
            following = []
            collapsed = self.amap.layout.collapsed
            level = [i for i in level if not i.isValid() or i.data(CARD_ID_ROLE) not in collapsed]
            for index in level:
                if index.isValid():
                    view.expand(index)
                for row in range(model.rowCount(index)):
                    child = model.index(row, 0, index)
                    if model.hasChildren(child):
                        following.append(child)
            level = following

    # -- following the map ---------------------------------------------------------------------

    def _follow_collapse(self, card_id: str) -> None:
        """A card collapsed on the map folds its rows here too; expanded, they open (issue #12)."""
        if card_id not in self.amap:
            return
        folded = card_id in self.amap.layout.collapsed
        for index in self.rows_of(card_id):
            self.view.collapse(index) if folded else self.view.expand(index)

    def _batching(self) -> bool:
        """More notices of the same edit are coming: structure-wide work waits for the last."""
        return self._in_batch or self.amap.batching

    def _on_batch(self, change: Change) -> None:
        """A whole Batch at once: too many structural changes to follow row by row (deleting every
        card) start the tree over once, keeping what was expanded; fewer are followed one by one."""
        structural = sum(len(change.keys(what)) for what in _STRUCTURE)
        if structural > BULK_CHANGES:
            self._top_level_stale = False
            self._rebuild_keeping(self.model.expanded_paths(self.view.isExpanded))
            return
        self._in_batch = True
        try:
            for part in change.parts:
                self._on_change(part)
        finally:
            self._in_batch = False
        self._on_change(Change("batch-ended"))

    def _on_change(self, change: Change) -> None:
        what = change.what
        if what == "batch":
            self._on_batch(change)
            return
        if what == "card-changed":
            if str(change.key) in self.amap:
                self.model.card_changed(str(change.key))
            return
        if what == "collapsed-changed":
            self._follow_collapse(str(change.key))
            return
        if what == "batch-ended":
            self._batch_changes = 0
            if self._expanded_before is not None:
                self._top_level_stale = False
                self._rebuild_keeping(self._expanded_before)
                self._expanded_before = None
            elif self._top_level_stale:
                self._top_level_stale = False
                self._syncing = True
                try:
                    self._sync_top_level()
                finally:
                    self._syncing = False
                self._show_selection()
            return
        if what not in _STRUCTURE:
            return
        if self._batching() and what != "reset":
            if self._expanded_before is not None:
                return
            self._batch_changes += 1
            if self._batch_changes > BULK_CHANGES:
                self._expanded_before = self.model.expanded_paths(self.view.isExpanded)
                self.model.hold()
                return
        # Rows vanishing under the view change its selection; that is not the user choosing cards.
        self._syncing = True
        try:
            self._apply_structure(change)
        finally:
            self._syncing = False
        if not self._batching():
            self._show_selection()

    def _apply_structure(self, change: Change) -> None:
        what = change.what
        model = self.model
        if what in ("card-added", "card-removed"):
            model.order_changed()
            self._sync_top_level()
        elif what == "relation-added":
            source, target = change.key  # type: ignore[misc]
            for holder in model.relation_added(source, target):
                self.view.expand(holder)
            self._sync_top_level()
            model.card_changed(source)  # it may answer more than one card now
        elif what == "relation-removed":
            source, target = change.key  # type: ignore[misc]
            model.relation_removed(source, target)
            self._sync_top_level()
            if source in self.amap:
                model.card_changed(source)
        elif what == "relation-changed":
            model.relation_changed(*change.key)  # type: ignore[misc]
        elif what == "reset":
            self._rebuild_rows()

    def _sync_top_level(self) -> None:
        if self._batching():  # the top level is found from the whole map: once, when the batch ends
            self._top_level_stale = True
            return
        added = self.model.sync_top_level()
        if added:
            self._expand_levels(added)

    # -- selection, both ways ------------------------------------------------------------------
    #
    # With up to MIRROR_CARDS cards selected, the view's selection model holds each one's topmost row
    # (the rows above opened to show it). With more, it holds only the current card's row; the model
    # marks the selected cards and the view paints their rows as selected, one set lookup a row.

    def shows_selected(self, index: QModelIndex) -> bool:
        """Whether the row is shown as selected (held by the view's selection, or its card marked)."""
        return self.view.shows_selected(index)

    def _cards_of(self, selection: QItemSelection) -> list[str]:
        """The cards of the rows in ``selection``, top range first, each once."""
        model = self.model
        ids: dict[str, None] = {}
        for selected in selection:
            parent = selected.parent()
            for row in range(selected.top(), selected.bottom() + 1):
                card_id = model.index(row, 0, parent).data(CARD_ID_ROLE)
                if card_id is not None:
                    ids[card_id] = None
        return list(ids)

    def _selected_ids(self) -> list[str]:
        """The cards of the selected rows, the current row's card last.

        Read from the selection's ranges (rows are selected whole), one parent lookup a range: asking
        the selection model row by row costs a look through every range for each row.
        """
        model = self.model
        last = len(COLUMNS) - 1
        ids: dict[str, None] = {}
        for selected in self.view.selectionModel().selection():
            if selected.left() > 0 or selected.right() < last:
                continue
            parent = selected.parent()
            for row in range(selected.top(), selected.bottom() + 1):
                card_id = model.index(row, 0, parent).data(CARD_ID_ROLE)
                if card_id is not None:
                    ids[card_id] = None
        current = self.view.currentIndex().siblingAtColumn(0).data(CARD_ID_ROLE)
        if current in ids:  # the row clicked last is the current card
            del ids[current]
            ids[current] = None
        return list(ids)

    def _on_view_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        gesture = self.view.take_gesture()
        if self._syncing:
            return
        self._syncing = True
        try:
            if self.model.marked and gesture is not None and gesture[0] & QItemSelectionModel.Toggle:
                ids = self._toggled_ids(selected, deselected, gesture[1])
            else:  # the view's selection is the whole of it: a click, Shift-click, arrow key, Ctrl+A
                ids = self._selected_ids()
            self.selection.set(ids)
            self._settle_marks()
        finally:
            self._syncing = False
        if ids and gesture is not None:  # the user's own click or key: show that card on the map
            self.revealRequested.emit(ids[-1])

    def _on_unchanged_clear(self) -> None:
        """A click on the one row the view holds (of a large, painted selection): that card alone."""
        if self.model.marked and not self._syncing:
            self._on_view_selection(QItemSelection(), QItemSelection())

    def _toggled_ids(self, selected: QItemSelection, deselected: QItemSelection, off: bool) -> list[str]:
        """The whole selection after a Ctrl-toggle, while the view holds only part of it.

        A row only painted as selected is not in the view's selection, so Qt selects it on a toggle;
        the gesture began on a row shown selected (``off``), so those rows' cards go, and the rows too.
        """
        removed = set(self._cards_of(deselected))
        added = self._cards_of(selected)
        if off:
            removed.update(added)
            added = []
            if not selected.isEmpty():
                self.view.selectionModel().select(selected, QItemSelectionModel.Deselect)
        ids = dict.fromkeys(cid for cid in self.selection.card_ids if cid not in removed)
        for card_id in added:
            ids.pop(card_id, None)
            ids[card_id] = None
        current = self.view.currentIndex().siblingAtColumn(0).data(CARD_ID_ROLE)
        if current in ids:  # the row clicked last is the current card
            del ids[current]
            ids[current] = None
        return list(ids)

    def _settle_marks(self) -> None:
        """After the outline's own gesture: mark the selection when the view's rows do not show it all,
        and keep the view from holding more ranges than it paints quickly (Ctrl+A in a large tree)."""
        ids = self.selection.card_ids
        if len(self.view.selectionModel().selection()) > MIRROR_CARDS:
            current = self.view.currentIndex().siblingAtColumn(0)
            self._select_rows(
                [current] if current.isValid() and current.data(CARD_ID_ROLE) in set(ids) else []
            )
            self._mark(ids)
        elif set(self._selected_ids()).issuperset(ids):
            self._mark(())
        else:
            self._mark(ids)
        self._shown = (
            self.model.marked,
            ids[-1] if ids else None,
            QPersistentModelIndex(self.view.currentIndex()),
        )

    def _mark(self, card_ids: Iterable[str]) -> None:
        marked = frozenset(card_ids)
        if marked != self.model.marked:
            self.model.marked = marked
            self.view.viewport().update()

    def _still_shown(self, ids: list[str]) -> bool:
        """Whether the view shows this selection already (the outline's own gesture, or an edit since)."""
        if self.model.marked:
            marked, current, row = self._shown
            return marked == self.model.marked and marked == set(ids) and current == ids[-1] and row.isValid()
        return bool(ids) and set(self._selected_ids()) == set(ids)

    def _show_selection(self) -> None:
        """Select (and scroll to) the rows of the selected cards, unless they already are.

        A card's topmost row stands for it; the rows above it are worked out and expanded to show it.
        With more than MIRROR_CARDS cards, only the current card's row is (see _show_many).
        """
        if self._syncing:
            return
        ids = list(self.selection.card_ids)
        if self._still_shown(ids):
            return
        if len(ids) > MIRROR_CARDS:
            self._show_many(ids)
            return
        heads: list[QModelIndex] = []
        ranked: list[QModelIndex] | None = None
        if ids:
            first = self.model.find_rows(ids, first_only=True)
            heads = [first[cid][0] for cid in ids if first.get(cid)]  # the current card's row last
            ranked = [rows[0] for rows in first.values()]  # top to bottom
        elif self.selection.relation is not None:
            source, target = self.selection.relation
            for holder in self.model.find_rows([target], first_only=True).get(target, []):
                heads = [
                    index
                    for index in (
                        self.model.index(row, 0, holder) for row in range(self.model.rowCount(holder))
                    )
                    if index.data(CARD_ID_ROLE) == source
                ][:1]
        self._syncing = True
        try:
            self._mark(())
            self._select_rows(heads if ranked is None else ranked)
            self._expand_to(heads)
            if heads:
                self._make_current(heads[-1])
        finally:
            self._syncing = False

    def _show_many(self, ids: list[str]) -> None:
        """A large selection: mark every card for painting; select, open the way to and scroll to the
        current card's topmost row, working out no other card's rows."""
        current_id = ids[-1]
        head = self.model.find_rows([current_id], first_only=True).get(current_id, [])[:1]
        self._syncing = True
        try:
            self._mark(ids)
            self._select_rows(head)
            self._expand_to(head)
            if head:
                self._make_current(head[0])
            self._shown = (self.model.marked, current_id, QPersistentModelIndex(self.view.currentIndex()))
        finally:
            self._syncing = False

    def _expand_to(self, heads: list[QModelIndex]) -> None:
        """Expand the rows above each of ``heads``."""
        closed: dict[int, QModelIndex] = {}
        for index in heads:
            parent = index.parent()
            while parent.isValid() and parent.internalId() not in closed:
                closed[parent.internalId()] = parent
                parent = parent.parent()
        closed = {key: index for key, index in closed.items() if not self.view.isExpanded(index)}
        if len(closed) > 50:  # one layout afterwards, not one shift of the laid-out rows per expand
            self.view.scheduleDelayedItemsLayout()
        for parent in closed.values():
            self.view.expand(parent)

    def _make_current(self, index: QModelIndex) -> None:
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.NoUpdate)
        self.view.scrollTo(index)

    def _select_rows(self, heads: list[QModelIndex]) -> None:
        """Select exactly these rows, whole, in as few ranges as can be, top to bottom.

        Painting a row, the selection model looks through the ranges until one holds it, asking this
        (Python) model for a parent at each: fewer ranges and the upper ones first keep that quick."""
        if not heads:
            self.view.selectionModel().clearSelection()
            return
        by_parent: dict[int, tuple[QModelIndex, set[int]]] = {}
        for index in heads:
            parent = index.parent()
            by_parent.setdefault(parent.internalId() if parent.isValid() else -1, (parent, set()))[1].add(
                index.row()
            )
        chosen = QItemSelection()
        last = len(COLUMNS) - 1
        for parent, rows in by_parent.values():
            ordered = sorted(rows)
            start = prev = ordered[0]
            for row in ordered[1:] + [None]:
                if row is not None and row == prev + 1:
                    prev = row
                    continue
                chosen.append(
                    QItemSelectionRange(
                        self.model.index(start, 0, parent), self.model.index(prev, last, parent)
                    )
                )
                if row is not None:
                    start = prev = row
        # The ranges span whole rows already; the Rows flag would only merge them again, pairwise.
        self.view.selectionModel().select(chosen, QItemSelectionModel.ClearAndSelect)

    def _on_double_click(self, index: QModelIndex) -> None:
        card_id = index.siblingAtColumn(0).data(CARD_ID_ROLE)
        if card_id:
            self.activated.emit(card_id)


__all__ = [
    "OutlineDock",
    "OutlineModel",
    "CARD_ID_ROLE",
    "REPEAT_ROLE",
    "CYCLE_ROLE",
    "MARKED_ROLE",
    "MIRROR_CARDS",
    "kind_icon",
]
