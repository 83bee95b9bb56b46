"""The flow: a second view of the map as a debater flows it, sheet by sheet, one column per speech.

The layout is :func:`argmap.flow.flow_round` (Qt-free); the table, its cells and its keys are in
argmap/ui/flow_table.py. This module is the "Flow" dock: a tab per sheet (each position or off-case)
and one for the whole round, the timers, and the edits the keys make, pushed on the document's one
undo stack:

- Type into any cell to start a card there: it answers the card on its left (the nearest above in the
  column to the left), else it is a new argument of the sheet, else a new sheet. Enter keeps it and
  moves down, Tab or Shift+Enter keeps it and moves to the next column, Escape drops it.
- On a card, Enter adds a card below it (answering what it answers), Shift+Enter or Tab an answer in
  the next column; arrows move; F2 edits.
- Ctrl+Alt+E extends the argument into the speech in progress (or its side's next speech), one key,
  no dialog; Ctrl+Alt+D ends the speech in progress, so what it did not answer is marked dropped.
- "Speech" follows the round (the latest speech with a card is in progress) or is set by hand, or by
  starting a speech on the timer; an argument is marked DROPPED only once the opponent's next speech
  has passed without answering it.
- Decision (Ctrl+Alt+J) opens the judge's reason for decision; Export and Print put the flow on paper.

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
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import editing
from ..decision import decide
from ..edits import AddCard
from ..flow import FOLLOW, PRESETS, Column, FlowCell, FlowRound, Preset, Sheet, flow_round
from ..flow_export import FLOW_SUFFIXES
from ..model import Card, Change, Relation
from ..plaintext import clean_for
from ..render.flow_print import export_flow
from .decision_view import DecisionView
from .flow_table import (
    CARD_ROLE,
    COLUMN_WIDTH,
    MAX_FITTED_ROWS,
    SIDE_WORD,
    FlowDelegate,
    FlowModel,
    FlowTable,
    headline_field,
    speech_name,
)
from .plain_text import menu_text, tooltip
from .round_timer import RoundTimer


def install(window) -> FlowView:
    """Add the Flow dock (bottom, tabbed with Problems) and View ▸ Flow Sheet to ``window``."""
    flow = FlowView(window)
    window.flow_view = flow  # kept alive with the window
    return flow


# ---------------------------------------------------------------------------------------------
# The dock and what it does
# ---------------------------------------------------------------------------------------------


# Notices that change nothing the flow sheet shows.
_NOT_THE_SHEET = ("position-changed", "collapsed-changed", "info-changed", "batch-ended")


class FlowView(QDockWidget):
    """The Flow dock for one window: preset, editable columns, the table and the dropped arguments."""

    rebuilt = Signal()

    def __init__(self, window) -> None:
        super().__init__("Flow", window)
        self.setObjectName("FlowDock")
        self.window_ = window
        self.settings = window.settings
        self.document = None
        self.round: FlowRound | None = None
        self.sheet: Sheet | None = None  # the sheet the table shows: one tab's, or the whole round
        self.sheet_root: str | None = None  # the shown tab's first card; None for the whole round
        self.now_choice: int | None = None  # the speech in progress set by hand; None follows the round
        self._typed: tuple[int, int, str] | None = None  # words typed into an empty cell, not yet a card
        self._fresh: tuple | None = None  # (card id, placeholder, origin) of a card made to be typed into
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
        menus = window.context.menus
        menus.view.addSeparator()
        menus.view.addAction(self.act_show)
        menus.panels.addAction(self.toggleViewAction())
        menus.view.addAction(self.act_decision)
        window.addAction(self.act_decision)
        window.selection.changed.connect(self._on_window_selection)
        if window.scene is not None:
            self._attach(window.document)
        window.documentChanged.connect(self._on_document_changed)

    def _on_document_changed(self, document) -> None:
        if document is not self.document:
            self._attach(document)

    def eventFilter(self, watched, event) -> bool:
        if self._await_paint and event.type() == QEvent.Paint and watched is self._canvas_viewport():
            # The canvas is painting the new map: a rebuild may follow, on the next turn of the loop.
            self._await_paint = False
            watched.removeEventFilter(self)
            self._schedule()
            return False
        if watched is self.window_ and event.type() == QEvent.Show and self._tabify_pending:
            self._tabify_pending = False
            problems = self.window_.problems
            if not self.isFloating():
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
        bar.addWidget(QLabel("Speech:"))
        self.now_combo = QComboBox()
        self.now_combo.setToolTip(
            "The speech in progress: what the speeches before it left unanswered is marked dropped"
        )
        self.now_combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.now_combo.activated.connect(lambda i: self.set_now(self.now_combo.itemData(i)))
        bar.addWidget(self.now_combo)
        hint = QLabel(
            "type to flow · Enter: down · Tab: answer · Ctrl+Alt+E: extend · Ctrl+Alt+D: end speech"
        )
        hint.setTextFormat(Qt.PlainText)
        hint.setEnabled(False)
        bar.addWidget(hint)
        bar.addStretch(1)
        self.drop_label = QLabel()
        self.drop_label.setTextFormat(Qt.PlainText)
        bar.addWidget(self.drop_label)
        self.act_decision = QAction(
            "&Decision…", self.window_, shortcut=QKeySequence("Ctrl+Alt+J"), triggered=self.show_decision
        )
        self.act_decision.setStatusTip("The judge's reason for decision: what stands on each sheet, and why")
        self.act_export = QAction("Export Flow…", self, triggered=self.export_flow)
        self.act_export.setStatusTip("Write the flow to PDF, Excel or Markdown, a sheet per page")
        self.act_print = QAction("Print Flow…", self, triggered=self.print_flow)
        for action in (self.act_decision,):
            button = QToolButton()
            button.setDefaultAction(action)
            bar.addWidget(button)
        self.paper_button = QToolButton(text="Export")
        self.paper_button.setPopupMode(QToolButton.InstantPopup)
        paper = QMenu(self.paper_button)
        paper.addAction(self.act_export)
        paper.addAction(self.act_print)
        self.paper_button.setMenu(paper)
        bar.addWidget(self.paper_button)
        layout.addLayout(bar)

        second = QHBoxLayout()
        self.tabs = QTabBar()
        self.tabs.setExpanding(False)
        self.tabs.setElideMode(Qt.ElideRight)
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._on_tab)
        second.addWidget(self.tabs, 1)
        self.timer = RoundTimer(self.preset)
        self.timer.speechStarted.connect(self._on_speech_started)
        second.addWidget(self.timer)
        layout.addLayout(second)

        self.model = FlowModel(self)
        self.model.textEdited.connect(self.commit_text)
        self.model.typedIntoEmpty.connect(self._on_typed)
        self.table = FlowTable()
        self.table.setModel(self.model)
        self.delegate = FlowDelegate(self.table)
        self.delegate.finished.connect(self._after_edit)
        self.table.setItemDelegate(self.delegate)
        self.table.setTabKeyNavigation(True)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditKeyPressed
            | QAbstractItemView.DoubleClicked
            | QAbstractItemView.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setDefaultSectionSize(COLUMN_WIDTH)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setContextMenuPolicy(Qt.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._header_menu)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.addBelowRequested.connect(self.add_below)
        self.table.doubleClicked.connect(self._on_double_click)
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
        self.act_extend = act("Extend into the Speech in Progress", self.extend_current, "Ctrl+Alt+E")
        self.act_end_speech = act("End the Speech (Mark Its Drops)", self.end_speech, "Ctrl+Alt+D")
        self.act_new_sheet = act("New Sheet in the Speech in Progress", self.new_sheet, "Ctrl+Alt+N")
        self.act_next_sheet = act("Next Sheet", lambda: self.step_sheet(1), "Ctrl+PgDown")
        self.act_previous_sheet = act("Previous Sheet", lambda: self.step_sheet(-1), "Ctrl+PgUp")
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
            self.document.changed.disconnect(self._on_change)
        self.document = document
        document.changed.connect(self._on_change)
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
        return self.window_.view.viewport()

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
        if change.what == "batch":  # a whole batch: one cell each when only words changed, else rebuild
            parts = change.parts
            if all(part.what in _NOT_THE_SHEET for part in parts):
                return
            if all(part.what in _NOT_THE_SHEET or part.what == "card-changed" for part in parts) and all(
                self._update_cell_only(str(key)) for key in change.keys("card-changed")
            ):
                return
        elif change.what in _NOT_THE_SHEET:
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
        self.timer.set_preset(self.preset)
        self.now_choice = None  # another format's speeches: follow the round again
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
        if self.now_choice is not None and self.now_choice > len(preset.columns):
            self.now_choice = None
        self.round = flow_round(amap, preset, FOLLOW if self.now_choice is None else self.now_choice)
        if self.sheet_root is not None and self.sheet_root not in {s.root for s in self.round.sheets}:
            self.sheet_root = None  # its first card went: show the whole round
        self._placements = {card.id: self._placement(card) for card in amap.cards()}
        self._dirty = False
        self._show_sheet(cursor_card, cursor)
        self._fill_tabs()
        self._fill_now()
        self._fill_drops()
        self._on_window_selection()
        self.rebuilt.emit()

    def _show_sheet(self, cursor_card: str | None = None, cursor: QModelIndex | None = None) -> None:
        """Put the chosen tab's sheet in the table, the cursor back on its card or its cell."""
        amap = self.document.amap
        flow = self.round
        self.sheet = next((s for s in flow.sheets if s.root == self.sheet_root), flow.whole)
        self._syncing = True  # a reset and a restored cursor are not the user's selection
        try:
            self.model.set_sheet(amap, flow, self.sheet, not self.document.read_only)
            self.table.clearSpans()
            for row in self.sheet.headings:
                self.table.setSpan(row, 0, 1, len(flow.columns))
            if self.model.rowCount() <= MAX_FITTED_ROWS:
                self.table.resizeRowsToContents()
            for row in self.sheet.headings:  # a sheet's name on one line across the speeches
                self.table.setRowHeight(row, self.table.verticalHeader().defaultSectionSize())
            if cursor_card in amap and self.model.index_of(cursor_card).isValid():
                self._set_cursor(self.model.index_of(cursor_card), select=False)
            elif cursor is not None and cursor.isValid():
                self._set_cursor(
                    self.model.index(
                        min(cursor.row(), self.model.rowCount() - 1),
                        min(cursor.column(), self.model.columnCount() - 1),
                    ),
                    select=False,
                )
        finally:
            self._syncing = False

    def _fill_tabs(self) -> None:
        """A tab per sheet, in the order the round reaches them, after the whole round's."""
        self.tabs.blockSignals(True)
        try:
            while self.tabs.count():
                self.tabs.removeTab(0)
            self.tabs.addTab("Whole round")
            self.tabs.setTabData(0, None)
            words = {"for": "AFF", "against": "NEG"}
            for i, sheet in enumerate(self.round.sheets, start=1):
                title = " ".join(sheet.title.split())
                short = title if len(title) <= 28 else title[:27] + "…"
                index = self.tabs.addTab(menu_text(f"{i} {words.get(sheet.side or '', '')}: {short}"))
                self.tabs.setTabData(index, sheet.root)
                self.tabs.setTabToolTip(index, tooltip(title))
            roots = [self.tabs.tabData(i) for i in range(self.tabs.count())]
            self.tabs.setCurrentIndex(roots.index(self.sheet_root) if self.sheet_root in roots else 0)
        finally:
            self.tabs.blockSignals(False)

    def _on_tab(self, index: int) -> None:
        if self.round is None or index < 0:
            return
        self.sheet_root = self.tabs.tabData(index)
        self._show_sheet()
        self._fill_drops()
        if self.model.rowCount() and not self._syncing:
            self._syncing = True
            try:
                self._set_cursor(self.model.index(0, 0), select=False)
            finally:
                self._syncing = False

    def step_sheet(self, step: int) -> None:
        """Ctrl+PgDown / Ctrl+PgUp: the next or previous sheet, as a debater turns the pages."""
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
            self.table.setFocus()

    def new_sheet(self) -> None:
        """Ctrl+Alt+N: the cursor on the whole round's free row, in the speech in progress: what is
        typed there starts a new sheet (an off-case position, a new case)."""
        self.refresh_now()
        if self.round is None:
            return
        self.tabs.setCurrentIndex(0)
        column = min(self.round.now, len(self.round.columns) - 1)
        self.table.setFocus()
        self._set_cursor(self.model.index(self.model.rowCount() - 1, column), select=False)

    def _on_double_click(self, index: QModelIndex) -> None:
        cell = self.model.cell(index)
        if cell is not None and cell.refers_to:
            self.go_to_sheet_of(cell.refers_to[0])

    def go_to_sheet_of(self, card_id: str) -> None:
        """Show the tab of the card's sheet, the cursor on the card."""
        if self.round is None or card_id not in self.round.sheet_of:
            return
        root = self.round.sheets[self.round.sheet_of[card_id]].root
        roots = [self.tabs.tabData(i) for i in range(self.tabs.count())]
        self.tabs.setCurrentIndex(roots.index(root))
        self._set_cursor(self.model.index_of(card_id))

    def show_sheet_of(self, card_id: str) -> None:
        """Show the tab of the sheet the card is on (the whole round stays if it shows)."""
        if self.round is None or card_id not in self.round.sheet_of or self.sheet_root is None:
            return
        root = self.round.sheets[self.round.sheet_of[card_id]].root
        if root != self.sheet_root:
            roots = [self.tabs.tabData(i) for i in range(self.tabs.count())]
            self.tabs.setCurrentIndex(roots.index(root))

    def _fill_now(self) -> None:
        """The speech combo: follow the round, each speech, or the round over."""
        columns = self.round.columns
        self.now_combo.blockSignals(True)
        try:
            self.now_combo.clear()
            follow = columns[self.round.now].name if self.round.now < len(columns) else "round over"
            self.now_combo.addItem(f"Follow the flow ({follow})", None)
            for i, column in enumerate(columns):
                self.now_combo.addItem(column.name, i)
            self.now_combo.addItem("Round over", len(columns))
            self.now_combo.setCurrentIndex(0 if self.now_choice is None else self.now_choice + 1)
        finally:
            self.now_combo.blockSignals(False)

    def set_now(self, index: int | None) -> None:
        """Set the speech in progress (None: follow the round); the drops follow at once."""
        self.now_choice = index
        self._dirty = True
        if self.can_be_seen():
            self.refresh()

    def flowed_speeches(self) -> list[tuple[str, int]]:
        """The format's timed speeches that have a column, in order (cross-examinations left out)."""
        preset = self.preset
        return [(t.name, c) for t in preset.times if (c := preset.column_of(t.name)) is not None]

    def end_speech(self) -> bool:
        """Ctrl+Alt+D: the speech in progress is over; the next one starts on the flow and on the
        timer, and what the speeches before it left unanswered is marked dropped."""
        self.refresh_now()
        if self.round is None:
            return False
        if self.round.over:
            self._status("The round is over: every speech has passed")
            return False
        now = self.round.now
        order = self.flowed_speeches()
        at = [i for i, (name, col) in enumerate(order) if col == now]
        timer_at = next((i for i in at if order[i][0] == self.timer.speech_name), None)
        i = timer_at if timer_at is not None else (at[-1] if at else None)
        if i is not None and i + 1 < len(order):
            ended, (name, column) = order[i][0], order[i + 1]
            self.timer.select_speech(name)
        else:
            ended, column = self.round.columns[now].name, now + 1
        before = len(self.round.drops)
        self.set_now(column)
        n = len(self.round.drops) - before
        self._status(f"{ended} over: {n} argument{'s' if n != 1 else ''} newly dropped")
        return True

    def speech_for(self, column: Column) -> str:
        """The ``speech`` a card typed into ``column`` gets: the timer's speech when it is this
        column's (the 1NR in the block), else the column's own name."""
        name = self.timer.speech_name
        return name if name and column.matches(name) else speech_name(column)

    def _on_speech_started(self, name: str) -> None:
        """The timer started a speech: if the flow has its column, that speech is now in progress."""
        index = self.preset.column_of(name)
        if index is not None and self.document is not None:
            self.set_now(index)

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
            if cell is not None and not cell.refers_to and cell.card_id not in ids:
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
        current = self.window_.selection.current
        if current is not None and current not in self.sheet.cells:
            self._syncing = True
            try:
                self.show_sheet_of(current)  # the card is on another sheet: show that tab
            finally:
                self._syncing = False
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
        cell = self.model.cell(index)
        return index.row(), index.column(), None if cell is not None and cell.refers_to else cell

    def _status(self, text: str) -> None:
        self.window_.statusBar().showMessage(text, 5000)

    def _push_new(self, outcome: editing.Outcome) -> bool:
        """Push a new card that ``editing`` built, put the cursor on it and start typing its words."""
        origin = self.current_cell()[2]
        if not self.document.push_proposal(outcome):
            return False
        card = self.document.amap.card(outcome.new_ids[0])  # type: ignore[union-attr]
        self.refresh_now()
        self.show_sheet_of(card.id)
        self._set_cursor(self.model.index_of(card.id))
        self.table.setFocus()
        # Escape before a word is kept takes it back, and the cursor returns to where it was.
        self._fresh = (card.id, card.text, origin.card_id if origin else None)
        self.table.edit(self.table.currentIndex())
        return True

    # -- typing into a cell ------------------------------------------------------------------

    def answer_target(self, row: int, column: int) -> str | None:
        """What a card started in the empty cell (row, column) answers: the card on its left (the
        nearest at or above its row in the column to the left, on the same sheet), else the sheet's
        first card when it is the column's side; None: the card starts a new sheet."""
        sheet = self.sheet
        band = (0, self.model.rowCount())
        root = sheet.root
        if sheet.root is None:  # the whole round: the sheet whose rows hold the cell
            for i, (first, end) in enumerate(sheet.bands):
                if first <= row < end:
                    band, root = (first, end), self.round.sheets[i].root
                    break
            else:
                return None
        grid = self.model.grid
        if column > 0:
            for r in range(row, band[0] - 1, -1):
                cell = grid.get((r, column - 1))
                if cell is not None and not cell.refers_to:  # a pointer to another sheet is no card
                    return cell.card_id
        side = self.sheet.columns[column].side
        if root is not None and self.document.amap.card(root).side == side:
            return root
        return None

    def _on_typed(self, row: int, column: int, text: str) -> None:
        # Kept until the editor has closed: the card is made then, in one undo step with its words.
        self._typed = (row, column, text)
        QTimer.singleShot(0, self._flush_typed)  # an editor closed by a click elsewhere ends here

    def _flush_typed(self) -> str | None:
        if self._typed is None or self.document is None:
            return None
        row, column, text = self._typed
        self._typed = None
        return self.start_card(row, column, text)

    def start_card(self, row: int, column: int, text: str) -> str | None:
        """Make a card of ``text`` in the empty cell (row, column) of the shown sheet; its id."""
        text = " ".join(clean_for("text", text).split())  # no pasted control characters (issue #12)
        if not text or self.sheet is None or column >= len(self.sheet.columns):
            return None
        amap = self.document.amap
        col = self.sheet.columns[column]
        target = self.answer_target(row, column)
        if target is None:
            kind, relations, label = "position", (), f"Start a sheet in the {col.name}"
        else:
            rtype = "rebuts" if amap.card(target).side != col.side else "supports"
            kind = "rebuttal" if rtype == "rebuts" else "argument"
            label = ("Answer" if rtype == "rebuts" else "Add an argument") + f" in the {col.name}"
        card = Card(amap.new_id(kind), kind, col.side, text=text, speech=self.speech_for(col))  # type: ignore[arg-type]
        if target is not None:
            relations = (Relation(card.id, target, rtype),)  # type: ignore[arg-type]
        if not self.document.push(AddCard(card, relations), label):
            return None
        self.refresh_now()
        if target is None:
            self.sheet_root = card.id  # a new sheet of paper: show it
            self._show_sheet()
            self._fill_tabs()
            self._fill_drops()
        return card.id

    def _after_edit(self, intent: str) -> None:
        """An editor closed by a key: make the card typed into an empty cell, then move on."""
        index = self.table.currentIndex()
        row, column = index.row(), index.column()
        made = self._flush_typed()
        fresh, self._fresh = self._fresh, None
        if intent == "cancel":
            if (
                fresh
                and fresh[0] in self.document.amap
                and self.document.amap.card(fresh[0]).text == fresh[1]
            ):
                self.document.undo_stack.undo()  # the card made to be typed into, still untyped
                self.refresh_now()
                if fresh[2] in self.document.amap:
                    self._set_cursor(self.model.index_of(fresh[2]))
            self.table.setFocus()
            return
        if made is not None:
            self.refresh_now()
            index = self.model.index_of(made)
            row, column = index.row(), index.column()
        self.refresh_now()
        step = {"below": (1, 0), "up": (-1, 0), "answer": (0, 1), "back": (0, -1)}[intent]
        self.table.setFocus()
        target = self.model.index(row + step[0], column + step[1])
        if target.isValid():
            self.table.setCurrentIndex(target)

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
        pointer = self.model.cell(self.table.currentIndex())
        if pointer is not None and pointer.refers_to:  # "see sheet 2": Enter turns to that sheet
            self.go_to_sheet_of(pointer.refers_to[0])
            return False
        if cell is None:  # an empty cell: start a card there, answering the card on its left
            self.table.setFocus()
            self.table.edit(self.table.currentIndex())
            return self.table.state() == QAbstractItemView.EditingState
        this = amap.card(cell.card_id)
        speech = this.speech if column.matches(this.speech) else self.speech_for(column)
        return self._push_new(
            editing.add_sibling(amap, this.id, speech=speech, after=True, where=column.name)
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
        rtype = editing.answer_type(target.side, column.side)
        return self._push_new(
            editing.add_answer(amap, target.id, rtype, speech=self.speech_for(column), where=column.name)
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
        field = headline_field(amap.card(card_id))
        self.document.push_proposal(editing.set_field(amap, card_id, field, text))

    # -- extending ---------------------------------------------------------------------------

    def extend_current(self) -> bool:
        """Ctrl+Alt+E: extend the argument into the speech in progress when its side gives it, else
        into its side's next speech after its last extension; again on the same speech takes it back."""
        self.refresh_now()
        _row, _col, cell = self.current_cell()
        if cell is None:
            self._status("Put the cursor on the argument to extend")
            return False
        amap = self.document.amap
        card = amap.card(cell.card_id)
        preset = self.sheet.preset
        own = self.round.whole.cells[card.id].column
        extended = sorted(c for s in card.extended if (c := preset.column_of(s)) is not None and c > own)
        now = self.round.now
        if now < len(preset.columns) and now > own and preset.columns[now].side == card.side:
            into = now
        else:
            into = preset.next_speech_of(card.side, max([own] + extended))
            if into is None:
                self._status(f"{SIDE_WORD[card.side].capitalize()} gives no later speech on this flow")
                return False
        speeches = [preset.columns[c] for c in extended]
        if into in extended:
            speeches.remove(preset.columns[into])
        else:
            speeches.append(preset.columns[into])
        return self.set_extended(card.id, [speech_name(c) for c in speeches])

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
        return self.document.push_proposal(editing.set_extended(self.document.amap, card_id, new, words))

    # -- the decision and the flow on paper --------------------------------------------------

    def shown_now(self):
        """The speech in progress as the dock shows it, for the flow on paper: the same drops."""
        return FOLLOW if self.now_choice is None else self.decision_now()

    def decision_now(self) -> int | None:
        """The decision weighs the round so far: all of it when following the flow or when it is
        over, else the speeches before the one in progress."""
        if self.now_choice is None or self.now_choice >= len(self.preset.columns):
            return None
        return self.now_choice

    def show_decision(self) -> DecisionView | None:
        """Ctrl+Alt+J: the judge's reason for decision, kept current while it is open."""
        if self.document is None:
            return None
        if getattr(self, "decision_view", None) is None:
            self.decision_view = DecisionView(self.window_)
            self.rebuilt.connect(self._update_decision)
        self.refresh_now()
        self._update_decision(force=True)
        self.decision_view.show()
        self.decision_view.raise_()
        return self.decision_view

    def _update_decision(self, force: bool = False) -> None:
        view = getattr(self, "decision_view", None)
        if view is not None and (force or view.isVisible()) and self.document is not None:
            view.show_decision(decide(self.document.amap, self.preset, self.decision_now()))

    def ask_export_path(self) -> str:
        """Where to write the flow (tests replace this method)."""
        path, _ = QFileDialog.getSaveFileName(
            self, "Export Flow", "flow.pdf", "PDF (*.pdf);;Excel workbook (*.xlsx);;Markdown (*.md)"
        )
        return path

    def export_flow(self) -> bool:
        """Write the flow to a .pdf, .xlsx or .md file: a sheet per page, every answer on its row."""
        path = self.ask_export_path()
        if not path:
            return False
        if not path.lower().endswith(FLOW_SUFFIXES):
            path += ".pdf"
        try:
            export_flow(self.document.amap, self.preset, path, self.shown_now())
        except OSError as exc:
            self._status(f"Could not write {path}: {exc.strerror or exc}")
            return False
        self._status(f"Flow written to {path}")
        return True

    def ask_printer(self) -> QPrinter | None:
        """A printer the user chose, or None (tests replace this method)."""
        printer = QPrinter(QPrinter.HighResolution)
        from ..render.flow_print import page_layout

        printer.setPageLayout(page_layout())
        return printer if QPrintDialog(printer, self).exec() == QDialog.Accepted else None

    def print_flow(self) -> bool:
        from PySide6.QtGui import QPainter

        from ..render.flow_print import paint_flow

        printer = self.ask_printer()
        if printer is None:
            return False
        flow = flow_round(self.document.amap, self.preset, self.shown_now())
        painter = QPainter(printer)
        try:
            paint_flow(painter, printer, self.document.amap, flow)
        finally:
            painter.end()
        return True

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
        name = menu_text(self.preset.columns[index].name)
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
