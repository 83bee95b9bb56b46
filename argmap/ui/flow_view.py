"""The flow sheet: a second view of the map, one column per speech, for flowing a round from the keyboard.

The layout is :func:`argmap.flow.flow_sheet` (Qt-free); this module shows it in a table in the "Flow"
dock and turns keys into the same edits the map makes, pushed on the document's one undo stack:

- Enter adds a card below in the same column (same side and speech, answering what the current card
  answers); Shift+Enter or Tab adds an answer in the next column; arrows move; F2 edits the headline.
- Ctrl+Alt+E marks the argument extended into later speeches of its side (``Card.extended``).
- Evidence cells carry an "EV" badge, dropped arguments a red "DROPPED" badge (and the list at the
  right), extended ones "EXT"; text is always plain.

The columns come from a preset (policy, Lincoln–Douglas, Public Forum); renamed, added or removed
columns are kept in the window's settings per preset. ``install(window)`` adds the dock and
View ▸ Flow Sheet, and follows ``window.documentChanged``.

Laying a map out on the flow costs time in proportion to the map (about half a second at 10,000
cards), and the dock usually sits behind Problems. So the sheet is built only while the dock can be
seen: a new document or an edit while it is hidden marks the sheet stale, and showing the dock
rebuilds it; a document opened with the dock in front is laid out after the canvas has painted.
"""

from __future__ import annotations

import json

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFontMetrics, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import authoring
from ..evidence import speech_reading_times
from ..flow import PRESETS, Column, FlowCell, FlowSheet, Preset, flow_sheet
from ..model import AddCard, Card, Change, Relation, UpdateCard, with_fields

CARD_ROLE = Qt.UserRole + 1
BADGES_ROLE = Qt.UserRole + 2
SIDE_TINT = {"for": QColor("#eef4fb"), "against": QColor("#fbeff0")}
SIDE_WORD = {"for": "affirmative / pro", "against": "negative / con"}
BADGE_COLORS = {"EV": "#3d5a80", "DROPPED": "#c62828", "EXT": "#2e7d32", "no speech": "#8a8a8a"}
COLUMN_WIDTH = 210
MAX_FITTED_ROWS = 3000  # fitting each row's height to its text is per cell; past this, rows keep one height


def install(window) -> FlowView:
    """Add the Flow dock (bottom, tabbed with Problems) and View ▸ Flow Sheet to ``window``."""
    flow = FlowView(window)
    window.flow_view = flow  # kept alive with the window
    return flow


def headline_field(card: Card) -> str:
    """The field a flow cell shows and edits: the tag, else the text (a bare evidence card's quote)."""
    if card.tag:
        return "tag"
    return "quote" if card.kind == "evidence" and not card.text and card.quote else "text"


def speech_name(column: Column) -> str:
    """What a card made in ``column`` writes as its ``speech``: the column's name, or its first alias
    when the name joins several speeches ("2NC/1NR" writes "2NC")."""
    return column.speeches[0] if "/" in column.name and column.speeches else column.name


# ---------------------------------------------------------------------------------------------
# The table model: a read-only picture of one FlowSheet
# ---------------------------------------------------------------------------------------------


class FlowModel(QAbstractTableModel):
    textEdited = Signal(str, str)  # (card_id, new headline) from a cell editor

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.amap = None
        self.sheet: FlowSheet | None = None
        self.grid: dict[tuple[int, int], FlowCell] = {}
        self.drops_at: dict[tuple[str, int], object] = {}
        self.editable = True
        self.words_per_minute = 300  # read-aloud times per speech (Evidence ▸ Reading Rate)
        self.reading: dict[int, tuple[int, int]] = {}  # column -> (words read aloud, seconds)

    def clear(self) -> None:
        """Show nothing (a stale sheet of another map is not kept while the dock waits to be shown)."""
        self.beginResetModel()
        self.amap, self.sheet, self.grid, self.drops_at = None, None, {}, {}
        self.endResetModel()

    def set_sheet(self, amap, sheet: FlowSheet, editable: bool) -> None:
        self.beginResetModel()
        self.amap, self.sheet, self.editable = amap, sheet, editable
        self.grid = {(c.row, c.column): c for c in list(sheet.cells.values()) + sheet.extensions}
        self.drops_at = {(d.card_id, d.made_in): d for d in sheet.drops}
        # Views ask rowCount thousands of times per reset; FlowSheet.rows walks every cell, so count once.
        self._rows = sheet.rows
        self.reading = speech_reading_times(amap, sheet.cells.values(), self.words_per_minute)
        self.endResetModel()

    def cell(self, index: QModelIndex) -> FlowCell | None:
        return self.grid.get((index.row(), index.column())) if index.isValid() else None

    def index_of(self, card_id: str) -> QModelIndex:
        """The card's own cell (not its extension markers)."""
        cell = self.sheet.cells.get(card_id) if self.sheet else None
        return self.index(cell.row, cell.column) if cell else QModelIndex()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        # One spare row below the last card, so a new argument can start from the keyboard.
        return 0 if parent.isValid() or self.sheet is None else self._rows + 1

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.sheet is None else len(self.sheet.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation != Qt.Horizontal or self.sheet is None or section >= len(self.sheet.columns):
            return None
        column = self.sheet.columns[section]
        words, seconds = self.reading.get(section, (0, 0))
        if role == Qt.DisplayRole:
            # The evidence a speech reads, timed: "1AC · 1:05".
            return f"{column.name} \u00b7 {seconds // 60}:{seconds % 60:02d}" if seconds else column.name
        if role == Qt.ToolTipRole:
            timing = f"; its evidence reads aloud in {seconds} s ({words} words)" if words else ""
            return f"{column.name}: {SIDE_WORD[column.side]}{timing}"
        if role == Qt.BackgroundRole:
            return SIDE_TINT[column.side]
        return None

    def badges(self, cell: FlowCell) -> list[str]:
        card = self.amap.card(cell.card_id)
        out = []
        if cell.evidence:
            out.append("EV")
        if cell.extension or card.extended:
            out.append("EXT")
        if (cell.card_id, cell.column) in self.drops_at:
            out.append("DROPPED")
        if cell.inferred and not cell.extension:
            out.append("no speech")
        return out

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or self.sheet is None:
            return None
        if role == Qt.BackgroundRole:
            return SIDE_TINT[self.sheet.columns[index.column()].side]
        cell = self.cell(index)
        if cell is None or cell.card_id not in self.amap:  # removed; the coalesced refresh is on its way
            return None
        card = self.amap.card(cell.card_id)
        if role == Qt.DisplayRole:
            text = card.headline or card.id
            return f"↪ extended: {text}" if cell.extension else text
        if role == Qt.EditRole:
            return getattr(card, headline_field(card))
        if role == CARD_ROLE:
            return cell.card_id
        if role == BADGES_ROLE:
            return self.badges(cell)
        if role == Qt.FontRole and cell.evidence:
            font = QApplication.font()
            font.setItalic(True)
            return font
        if role == Qt.AccessibleTextRole:
            return " ".join(self.badges(cell) + [card.headline])
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        cell = self.cell(index)
        if cell is not None and not cell.extension and self.editable:
            flags |= Qt.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.EditRole) -> bool:  # noqa: N802
        cell = self.cell(index)
        if role != Qt.EditRole or cell is None or cell.extension or cell.card_id not in self.amap:
            return False
        self.textEdited.emit(cell.card_id, str(value))
        return True


# ---------------------------------------------------------------------------------------------
# Drawing a cell: badges, then the plain text wrapped
# ---------------------------------------------------------------------------------------------


class CellEditor(QLineEdit):
    """A plain-text cell editor whose Enter, Tab and Escape belong to it, not to window shortcuts."""

    def event(self, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and event.key() in (
            Qt.Key_Return,
            Qt.Key_Enter,
            Qt.Key_Escape,
            Qt.Key_Tab,
            Qt.Key_Backtab,
        ):
            event.accept()
            return True
        return super().event(event)


class FlowDelegate(QStyledItemDelegate):
    PAD = 4

    def createEditor(self, parent, option, index):  # noqa: N802
        editor = CellEditor(parent)
        editor.setFrame(False)
        return editor

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect.adjusted(self.PAD, self.PAD - 1, -self.PAD, -self.PAD + 1)
        painter.save()
        badges = index.data(BADGES_ROLE) or []
        if badges:
            font = QApplication.font()
            font.setPointSizeF(font.pointSizeF() * 0.8)
            font.setBold(True)
            painter.setFont(font)
            fm = QFontMetrics(font)
            x = rect.left()
            for badge in badges:
                pill = QRect(x, rect.top(), fm.horizontalAdvance(badge) + 8, fm.height() + 2)
                painter.setPen(Qt.NoPen)
                painter.setBrush(QColor(BADGE_COLORS.get(badge, "#666666")))
                painter.drawRoundedRect(pill, 3, 3)
                painter.setPen(QColor("#ffffff"))
                painter.drawText(pill, Qt.AlignCenter, badge)
                x = pill.right() + 4
            rect.setTop(rect.top() + fm.height() + 4)
        selected = bool(opt.state & QStyle.State_Selected)
        color = opt.palette.color(QPalette.HighlightedText if selected else QPalette.Text)
        if not selected:
            color = QColor("#1d1d1d")  # the tints are light in either theme
        if str(text).startswith("↪"):
            color.setAlpha(150)
        painter.setPen(color)
        painter.setFont(opt.font)
        painter.drawText(rect, Qt.TextWordWrap | Qt.AlignLeft | Qt.AlignTop, text)  # drawText: never markup
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        text = index.data(Qt.DisplayRole)
        if not text:
            return QSize(COLUMN_WIDTH, 28)
        view = option.widget
        width = (
            view.columnWidth(index.column()) if isinstance(view, QTableView) else COLUMN_WIDTH
        ) - 2 * self.PAD
        font = index.data(Qt.FontRole) or option.font
        height = (
            QFontMetrics(font)
            .boundingRect(QRect(0, 0, max(width, 40), 10_000), Qt.TextWordWrap, text)
            .height()
        )
        if index.data(BADGES_ROLE):
            small = QApplication.font()
            small.setPointSizeF(small.pointSizeF() * 0.8)
            height += QFontMetrics(small).height() + 4
        return QSize(width, height + 2 * self.PAD)


# ---------------------------------------------------------------------------------------------
# The table: keys as a debater flows
# ---------------------------------------------------------------------------------------------


class FlowTable(QTableView):
    addBelowRequested = Signal()
    addAnswerRequested = Signal()

    OWN_KEYS = (
        Qt.Key_Return,
        Qt.Key_Enter,
        Qt.Key_Tab,
        Qt.Key_Backtab,
        Qt.Key_F2,
        Qt.Key_Up,
        Qt.Key_Down,
        Qt.Key_Left,
        Qt.Key_Right,
        Qt.Key_Home,
        Qt.Key_End,
        Qt.Key_PageUp,
        Qt.Key_PageDown,
    )

    def event(self, event) -> bool:
        # The window's single-key shortcuts (Enter adds a sibling on the map, F2 edits there) must not
        # take these keys while the flow has focus.
        if (
            event.type() == QEvent.ShortcutOverride
            and event.key() in self.OWN_KEYS
            and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers() & ~Qt.KeypadModifier
        if self.state() != QAbstractItemView.EditingState:
            if key in (Qt.Key_Return, Qt.Key_Enter) and mods == Qt.ShiftModifier:
                self.addAnswerRequested.emit()
                return
            if key in (Qt.Key_Return, Qt.Key_Enter) and mods == Qt.NoModifier:
                self.addBelowRequested.emit()
                return
            if key == Qt.Key_Tab and mods == Qt.NoModifier:
                self.addAnswerRequested.emit()
                return
        super().keyPressEvent(event)


# ---------------------------------------------------------------------------------------------
# The dock and what it does
# ---------------------------------------------------------------------------------------------


class FlowView(QDockWidget):
    """The Flow dock for one window: preset, editable columns, the table and the dropped arguments."""

    rebuilt = Signal()

    def __init__(self, window) -> None:
        super().__init__("Flow", window)
        self.setObjectName("FlowDock")
        self.window_ = window
        self.settings = window.settings
        self.document = None
        self.sheet: FlowSheet | None = None
        self._dirty = True
        self._placements: dict[str, tuple] = {}
        self._syncing = False
        self._timer = QTimer(self, singleShot=True, interval=0, timeout=self._refresh_if_shown)
        self._await_paint = False  # a new map: no rebuild before the canvas has painted it
        self._in_front = False  # the last visibilityChanged: False while closed or tabbed behind another dock
        self.preset_key = self.settings.value("flow/preset", "policy")
        if self.preset_key not in PRESETS:
            self.preset_key = "policy"
        self._build()
        window.addDockWidget(Qt.BottomDockWidgetArea, self)
        # Tabbed with Problems once the window is first shown: Qt 6 leaves a stray copy of the tab bar
        # on screen when a second group is tabified before then. A saved window state places it instead.
        self._tabify_pending = not window.settings.value("window/state")
        window.installEventFilter(self)
        self.visibilityChanged.connect(self._on_visibility)
        self.act_show = QAction(
            "&Flow Sheet", window, shortcut=QKeySequence("Ctrl+Alt+F"), triggered=self.show_flow
        )
        self.act_show.setStatusTip(
            "Show the flow: one column per speech, answers across from what they answer"
        )
        window.addAction(self.act_show)
        view = getattr(window, "view_menu", None)
        if view is not None:
            view.addSeparator()
            view.addAction(self.act_show)
            panels = next(
                (
                    a.menu()
                    for a in view.actions()
                    if a.menu() is not None and a.text().replace("&", "") == "Panels"
                ),
                None,
            )
            if panels is not None:
                panels.addAction(self.toggleViewAction())
        window.selection.changed.connect(self._on_window_selection)
        if getattr(window, "document", None) is not None and getattr(window, "scene", None) is not None:
            self._attach(window.document)
        window.documentChanged.connect(self._on_document_changed)

    def _on_document_changed(self, document) -> None:
        if document is not self.document:
            self._attach(document)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if self._await_paint and event.type() == QEvent.Paint and watched is self._canvas_viewport():
            # The canvas is painting the new map: a rebuild may follow, on the next turn of the loop.
            self._await_paint = False
            watched.removeEventFilter(self)
            self._schedule()
            return False
        if watched is self.window_ and event.type() == QEvent.Show and self._tabify_pending:
            self._tabify_pending = False
            problems = getattr(self.window_, "problems", None)
            if isinstance(problems, QDockWidget) and not self.isFloating():
                self.window_.tabifyDockWidget(problems, self)
                problems.raise_()
        return False

    def _build(self) -> None:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(3)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Format:"))
        self.preset_combo = QComboBox()
        for key, p in PRESETS.items():
            self.preset_combo.addItem(p.title, key)
        self.preset_combo.setCurrentIndex(list(PRESETS).index(self.preset_key))
        self.preset_combo.currentIndexChanged.connect(
            lambda i: self.set_preset(self.preset_combo.itemData(i))
        )
        bar.addWidget(self.preset_combo)
        self.columns_button = QToolButton()
        self.columns_button.setText("Columns")
        self.columns_button.setPopupMode(QToolButton.InstantPopup)
        self.columns_menu = QMenu(self.columns_button)
        self.columns_menu.aboutToShow.connect(lambda: self._fill_columns_menu(self.columns_menu, None))
        self.columns_button.setMenu(self.columns_menu)
        bar.addWidget(self.columns_button)
        hint = QLabel("Enter: card below · Shift+Enter/Tab: answer · F2: edit · Ctrl+Alt+E: extend")
        hint.setTextFormat(Qt.PlainText)
        hint.setEnabled(False)
        bar.addWidget(hint)
        bar.addStretch(1)
        self.drop_label = QLabel()
        self.drop_label.setTextFormat(Qt.PlainText)
        bar.addWidget(self.drop_label)
        layout.addLayout(bar)

        self.model = FlowModel(self)
        self.model.textEdited.connect(self.commit_text)
        self.table = FlowTable()
        self.table.setModel(self.model)
        self.table.setItemDelegate(FlowDelegate(self.table))
        self.table.setTabKeyNavigation(True)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditKeyPressed | QAbstractItemView.DoubleClicked)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setDefaultSectionSize(COLUMN_WIDTH)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setContextMenuPolicy(Qt.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._header_menu)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.addBelowRequested.connect(self.add_below)
        self.table.addAnswerRequested.connect(self.add_answer)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection)
        self.table.selectionModel().currentChanged.connect(self._on_table_selection)
        self._build_table_actions()

        self.drop_list = QListWidget()
        self.drop_list.setWordWrap(True)
        self.drop_list.setToolTip("Arguments the opponent's next speech did not answer")
        self.drop_list.itemClicked.connect(self._on_drop_clicked)
        self.drop_list.itemActivated.connect(self._on_drop_clicked)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.drop_list)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1200, 240])
        layout.addWidget(splitter, 1)
        self.setWidget(box)

    def _build_table_actions(self) -> None:
        t = self.table

        def act(text, slot, shortcut=None):
            a = QAction(text, t, triggered=slot)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
                a.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            t.addAction(a)
            return a

        # Enter, Shift+Enter and F2 reach the table's keyPressEvent; the menu shows them as hints.
        self.act_add_below = act("Add Card Below\tEnter", self.add_below)
        self.act_add_answer = act("Add Answer in Next Column\tShift+Enter", self.add_answer)
        self.act_edit = act("Edit Text\tF2", self.edit_current)
        self.act_extend = act("Mark Extended Into…", self.mark_extended, "Ctrl+Alt+E")
        overlay = getattr(self.window_, "evaluation_overlay", None)
        if overlay is not None:
            sep = QAction(t)
            sep.setSeparator(True)
            t.addAction(sep)
            for a in (overlay.act_refute, overlay.act_concede, overlay.act_clear):
                t.addAction(a)
        t.setContextMenuPolicy(Qt.ActionsContextMenu)

    # -- documents and refreshing ------------------------------------------------------------

    def _attach(self, document) -> None:
        if self.document is not None:
            self.document.amap.unsubscribe(self._on_change)
        self.document = document
        document.amap.subscribe(self._on_change)
        # The old map's sheet goes at once; the new one is laid out when the dock can be seen, and
        # then only after the canvas has painted the map (the canvas is what the user waits for).
        self.sheet = None
        self._placements = {}
        self._syncing = True
        try:
            self.model.clear()
        finally:
            self._syncing = False
        self.drop_list.clear()
        self._drop_rows = {}
        self.drop_label.setText("")
        self._dirty = True
        viewport = self._canvas_viewport()
        if viewport is not None and not self._await_paint:
            self._await_paint = True
            viewport.installEventFilter(self)
            viewport.update()  # one paint is sure to come (it joins the one the new scene asked for)
        self._schedule()

    def _canvas_viewport(self):
        view = getattr(self.window_, "view", None)
        return view.viewport() if view is not None else None

    def _schedule(self) -> None:
        """Rebuild the stale sheet on the next turn of the loop if the dock can be seen; a hidden dock
        waits to be shown. After a new map, wait for the canvas to paint it first: a zero-timer alone
        can fire before that paint (or before the window's first one, when a map opens unshown)."""
        if not self._dirty or not self.can_be_seen():
            return
        viewport = self._canvas_viewport()
        if self._await_paint and viewport is not None and viewport.isVisible():
            return  # eventFilter schedules again when the paint comes
        self._timer.start()

    def can_be_seen(self) -> bool:
        """Shown and in front: a dock tabbed behind another one stays ``isVisible()`` in Qt 6, and
        only ``visibilityChanged`` tells that it went behind."""
        return self._in_front and self.isVisible()

    def _refresh_if_shown(self) -> None:
        if self._dirty and self.can_be_seen():
            self.refresh()

    def _on_visibility(self, visible: bool) -> None:
        self._in_front = visible
        if not visible:
            return
        if self._dirty:
            self._schedule()  # shown: build what went stale while hidden
        else:
            self._on_window_selection()  # the selection moved while the dock was hidden

    def _on_change(self, change: Change) -> None:
        if change.what in ("position-changed", "collapsed-changed", "info-changed", "batch-ended"):
            return
        if change.what == "card-changed" and self._update_cell_only(str(change.key)):
            return
        self._dirty = True  # hidden, it stays stale until shown
        self._schedule()

    @staticmethod
    def _placement(card) -> tuple:
        """What decides a card's column, row and drop marks; its words do not."""
        return (card.kind, card.side, card.speech, card.extended)

    def _update_cell_only(self, card_id: str) -> bool:
        """Typing into a card changes one cell, not the sheet: repaint just that cell when so."""
        if self._dirty or self.sheet is None or self.document is None or card_id not in self.document.amap:
            return False
        card = self.document.amap.card(card_id)
        if self._placements.get(card_id) != self._placement(card):
            return False
        index = self.model.index_of(card_id)
        if index.isValid():
            self.model.dataChanged.emit(index, index)
            if self.model.rowCount() <= MAX_FITTED_ROWS:
                self.table.resizeRowToContents(index.row())
        for item, drop in getattr(self, "_drop_rows", {}).get(card_id, ()):
            item.setText(self._drop_text(drop))  # the dropped list names the card by its words
        return True

    @property
    def preset(self) -> Preset:
        """The chosen preset with the user's columns, if they changed them."""
        base = PRESETS[self.preset_key]
        stored = self.settings.value(f"flow/columns/{self.preset_key}", "")
        if stored:
            try:
                columns = [
                    Column(str(n), s, tuple(str(a) for a in aliases)) for n, s, aliases in json.loads(stored)
                ]
                return base.with_columns(columns)
            except (ValueError, TypeError):  # a hand-edited setting: say so and use the preset's own
                self.window_.statusBar().showMessage(
                    "The saved flow columns could not be read; using the preset's", 6000
                )
        return base

    def set_preset(self, key: str) -> None:
        if key not in PRESETS or key == self.preset_key:
            return
        self.preset_key = key
        self.settings.setValue("flow/preset", key)
        self.preset_combo.setCurrentIndex(list(PRESETS).index(key))
        self._columns_changed()

    def _columns_changed(self) -> None:
        """The columns changed: lay the sheet out again now if it shows, else when it is shown."""
        self._dirty = True
        if self.can_be_seen():
            self.refresh()

    def refresh(self) -> None:
        """Lay the map out on the flow again and show it, keeping the cursor on its card."""
        self._timer.stop()
        if self.document is None:
            return
        amap = self.document.amap
        preset = self.preset
        cursor = self.table.currentIndex()
        cursor_card = self.model.cell(cursor).card_id if self.model.cell(cursor) else None
        extended = {}
        for card in amap.cards():
            known = [s for s in card.extended if preset.column_of(s) is not None]
            if known:
                extended[card.id] = known
        self.sheet = flow_sheet(amap, preset, extended)
        self._placements = {card.id: self._placement(card) for card in amap.cards()}
        self._dirty = False
        self._syncing = True  # a reset and a restored cursor are not the user's selection
        try:
            self.model.set_sheet(amap, self.sheet, not self.document.read_only)
            if self.model.rowCount() <= MAX_FITTED_ROWS:
                self.table.resizeRowsToContents()
            if cursor_card in amap:
                self._set_cursor(self.model.index_of(cursor_card), select=False)
            elif cursor.isValid():
                self._set_cursor(
                    self.model.index(
                        min(cursor.row(), self.model.rowCount() - 1),
                        min(cursor.column(), self.model.columnCount() - 1),
                    ),
                    select=False,
                )
        finally:
            self._syncing = False
        self._fill_drops()
        self._on_window_selection()
        self.rebuilt.emit()

    def refresh_now(self) -> None:
        if self._dirty:
            self.refresh()

    def _drop_text(self, drop) -> str:
        sheet = self.sheet
        missed = sheet.columns[drop.missed_in].name
        made = sheet.columns[drop.made_in].name
        extra = " — extended later" if drop.extended else ""
        return f"{missed} dropped: {self.document.amap.card(drop.card_id).headline} ({made}){extra}"

    def _fill_drops(self) -> None:
        self.drop_list.clear()
        self._drop_rows: dict[str, list] = {}
        sheet = self.sheet
        for drop in sheet.drops:
            item = QListWidgetItem(self._drop_text(drop))
            item.setData(CARD_ROLE, drop.card_id)
            self.drop_list.addItem(item)
            self._drop_rows.setdefault(drop.card_id, []).append((item, drop))
        n = len(sheet.drops)
        self.drop_label.setText(f"{n} dropped" if n else "nothing dropped")

    def show_flow(self) -> None:
        """Show and raise the Flow dock, give it room, and put the keyboard in the table."""
        self.show()
        self.raise_()
        if not self.isFloating():
            self.window_.resizeDocks(
                [self], [max(self.height(), int(self.window_.height() * 0.42))], Qt.Vertical
            )
        self.refresh_now()
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            current = self.window_.selection.current
            self._set_cursor(self.model.index_of(current) if current else self.model.index(0, 0))

    # -- selection, both ways ----------------------------------------------------------------

    def _set_cursor(self, index: QModelIndex, select: bool = True) -> None:
        if not index.isValid():
            return
        flags = QItemSelectionModel.ClearAndSelect if select else QItemSelectionModel.NoUpdate
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _on_table_selection(self, *_args) -> None:
        if self._syncing:
            return
        ids: list[str] = []
        for index in sorted(
            self.table.selectionModel().selectedIndexes(), key=lambda i: (i.column(), i.row())
        ):
            cell = self.model.cell(index)
            if cell is not None and cell.card_id not in ids:
                ids.append(cell.card_id)
        current = self.model.cell(self.table.currentIndex())
        if current is not None and current.card_id in ids:
            ids.remove(current.card_id)
            ids.append(current.card_id)
        self._syncing = True
        try:
            self.window_.selection.set(ids)
        finally:
            self._syncing = False

    def _on_window_selection(self) -> None:
        if self._syncing or self.sheet is None or self._dirty or not self.can_be_seen():
            return  # a hidden or stale sheet follows the selection when it is shown or rebuilt
        ids = [c for c in self.window_.selection.card_ids if c in self.sheet.cells]
        selection = QItemSelection()
        for card_id in ids:
            index = self.model.index_of(card_id)
            selection.select(index, index)
        self._syncing = True
        try:
            model = self.table.selectionModel()
            model.select(selection, QItemSelectionModel.ClearAndSelect)
            if ids:
                current = self.model.index_of(ids[-1])
                model.setCurrentIndex(current, QItemSelectionModel.NoUpdate)
                self.table.scrollTo(current)
        finally:
            self._syncing = False

    # -- editing from the keyboard -----------------------------------------------------------

    def current_cell(self) -> tuple[int, int, FlowCell | None]:
        index = self.table.currentIndex()
        if not index.isValid():
            return -1, -1, None
        return index.row(), index.column(), self.model.cell(index)

    def _status(self, text: str) -> None:
        self.window_.statusBar().showMessage(text, 5000)

    def _push_new(self, edit: AddCard, text: str) -> bool:
        if not self.document.push(edit, text):
            return False
        self.refresh_now()
        self._set_cursor(self.model.index_of(edit.card.id))
        self.table.setFocus()
        self.table.edit(self.table.currentIndex())
        return True

    def add_below(self) -> bool:
        """Enter: a new card below in the same column: the same side and speech, answering what the
        current card answers; on an empty cell, a new argument of the column's side."""
        self.refresh_now()
        row, col, cell = self.current_cell()
        if col < 0:
            self._status("Click a cell of the flow first")
            return False
        amap = self.document.amap
        column = self.sheet.columns[col]
        if cell is None:
            kind = "argument"
            card = Card(
                amap.new_id(kind),
                kind,
                column.side,
                text=authoring.PLACEHOLDER[kind],
                speech=speech_name(column),
            )
            return self._push_new(AddCard(card), f"Add argument in {column.name}")
        this = amap.card(cell.card_id)
        card, relation = authoring.sibling(amap, this.id)
        speech = this.speech if column.matches(this.speech) else speech_name(column)
        card = with_fields(card, speech=speech)
        index = amap.card_ids().index(this.id) + 1
        return self._push_new(
            AddCard(card, (relation,) if relation else (), index=index), f"Add card in {column.name}"
        )

    def add_answer(self) -> bool:
        """Shift+Enter or Tab: an answer to the current card in the next column, from that column's
        side: a rebuttal across sides, a supporting argument on the same side."""
        self.refresh_now()
        row, col, cell = self.current_cell()
        if cell is None:
            self._status("Put the cursor on the card to answer")
            return False
        if col + 1 >= len(self.sheet.columns):
            self._status(f"{self.sheet.columns[col].name} is the last speech: nothing comes after it")
            return False
        amap = self.document.amap
        column = self.sheet.columns[col + 1]
        target = amap.card(cell.card_id)
        rtype = "rebuts" if column.side != target.side else "supports"
        kind = "rebuttal" if rtype == "rebuts" else "argument"
        card = Card(
            amap.new_id(kind),
            kind,
            column.side,
            text=authoring.PLACEHOLDER[kind],  # type: ignore[arg-type]
            speech=speech_name(column),
        )
        name = "Add rebuttal" if rtype == "rebuts" else "Add supporting answer"
        return self._push_new(
            AddCard(card, (Relation(card.id, target.id, rtype),)), f"{name} in {column.name}"
        )

    def edit_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid() and self.model.flags(index) & Qt.ItemIsEditable:
            self.table.edit(index)

    def commit_text(self, card_id: str, text: str) -> None:
        """A cell editor finished: one UpdateCard of the headline field, unless nothing changed."""
        amap = self.document.amap
        if card_id not in amap:
            return
        card = amap.card(card_id)
        field = headline_field(card)
        if getattr(card, field) == text:
            return
        if not text.strip() and field in ("text", "quote"):
            self._status("A card needs some text; the edit was not kept")
            return
        self.document.push(UpdateCard(with_fields(card, **{field: text})), f"Edit {field}")

    # -- extending ---------------------------------------------------------------------------

    def extension_choices(self, card_id: str) -> list[str]:
        """The later speeches of the card's side on this flow, as ``speech`` names."""
        self.refresh_now()
        card = self.document.amap.card(card_id)
        made = self.sheet.cells[card_id].column
        return [speech_name(c) for i, c in enumerate(self.sheet.columns) if i > made and c.side == card.side]

    def mark_extended(self) -> bool:
        """Ctrl+Alt+E: choose the later speeches the current card's argument was extended into."""
        _row, _col, cell = self.current_cell()
        if cell is None:
            self._status("Put the cursor on the argument to extend")
            return False
        choices = self.extension_choices(cell.card_id)
        if not choices:
            self._status("Its side gives no later speech on this flow")
            return False
        card = self.document.amap.card(cell.card_id)
        preset = self.sheet.preset
        current = [
            c for c in choices if any(preset.column_of(s) == preset.column_of(c) for s in card.extended)
        ]
        chosen = self.ask_extended(card, choices, current)
        if chosen is None:
            return False
        return self.set_extended(card.id, chosen)

    def set_extended(self, card_id: str, speeches) -> bool:
        """Make ``speeches`` the card's extensions on this flow (one undo step); extensions into
        speeches this flow does not show are kept."""
        card = self.document.amap.card(card_id)
        preset = self.preset  # the sheet's own, without building a hidden sheet
        kept = tuple(s for s in card.extended if preset.column_of(s) is None)
        new = kept + tuple(dict.fromkeys(speeches))
        if new == card.extended:
            return False
        words = ", ".join(speeches) if speeches else "no later speech"
        return self.document.push(UpdateCard(with_fields(card, extended=new)), f"Mark extended into {words}")

    def ask_extended(self, card: Card, choices: list[str], current: list[str]) -> list[str] | None:
        """Which later speeches the argument was extended into (tests replace this method)."""
        dialog = QDialog(self)
        dialog.setWindowTitle("Mark Extended Into")
        layout = QVBoxLayout(dialog)
        label = QLabel(f"Speeches that extended “{card.headline}”:")
        label.setTextFormat(Qt.PlainText)
        label.setWordWrap(True)
        layout.addWidget(label)
        items = QListWidget()
        for speech in choices:
            item = QListWidgetItem(speech)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if speech in current else Qt.Unchecked)
            items.addItem(item)
        layout.addWidget(items)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        if dialog.exec() != QDialog.Accepted:
            return None
        return [
            items.item(i).text() for i in range(items.count()) if items.item(i).checkState() == Qt.Checked
        ]

    # -- columns -----------------------------------------------------------------------------

    def _save_columns(self, columns: list[Column]) -> None:
        data = [[c.name, c.side, list(c.speeches)] for c in columns]
        self.settings.setValue(f"flow/columns/{self.preset_key}", json.dumps(data))
        self._columns_changed()

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """A line of text from the user, or None (tests replace this method)."""
        value, ok = QInputDialog.getText(self, title, label, QLineEdit.Normal, text)
        return value.strip() if ok and value.strip() else None

    def rename_column(self, index: int) -> bool:
        columns = list(self.preset.columns)
        old = columns[index]
        name = self.ask_text("Rename Column", "Speech name:", old.name)
        if not name or name == old.name:
            return False
        aliases = old.speeches + (
            (old.name,) if old.name not in old.speeches else ()
        )  # cards keep their column
        columns[index] = Column(name, old.side, tuple(a for a in aliases if a != name))
        self._save_columns(columns)
        return True

    def add_column(self, after: int) -> bool:
        columns = list(self.preset.columns)
        side = "against" if columns[after].side == "for" else "for"
        name = self.ask_text("Add Column", "Speech name:")
        if not name:
            return False
        columns.insert(after + 1, Column(name, side))
        self._save_columns(columns)
        return True

    def remove_column(self, index: int) -> bool:
        columns = list(self.preset.columns)
        if len(columns) <= 1:
            self._status("A flow needs at least one column")
            return False
        del columns[index]
        self._save_columns(columns)
        return True

    def switch_side(self, index: int) -> None:
        columns = list(self.preset.columns)
        c = columns[index]
        columns[index] = Column(c.name, "against" if c.side == "for" else "for", c.speeches)
        self._save_columns(columns)

    def reset_columns(self) -> None:
        self.settings.remove(f"flow/columns/{self.preset_key}")
        self._columns_changed()

    def _fill_columns_menu(self, menu: QMenu, index: int | None) -> None:
        menu.clear()
        if index is None:
            index = max(self.table.currentIndex().column(), 0)
        name = self.preset.columns[index].name
        menu.addAction(f"Rename “{name}”…", lambda: self.rename_column(index))
        menu.addAction(f"Add Column After “{name}”…", lambda: self.add_column(index))
        menu.addAction(f"Remove “{name}”", lambda: self.remove_column(index))
        menu.addAction(f"Switch “{name}” to the Other Side", lambda: self.switch_side(index))
        menu.addSeparator()
        menu.addAction("Reset Columns to the Preset", self.reset_columns)

    def _header_menu(self, pos) -> None:
        header = self.table.horizontalHeader()
        index = header.logicalIndexAt(pos)
        if index < 0:
            return
        menu = QMenu(self)
        self._fill_columns_menu(menu, index)
        menu.popup(header.mapToGlobal(pos))

    # -- the dropped list --------------------------------------------------------------------

    def _on_drop_clicked(self, item: QListWidgetItem) -> None:
        card_id = item.data(CARD_ROLE)
        if card_id and card_id in self.document.amap:
            self.window_.selection.set([card_id])
            self.window_.center_on_card(card_id)
