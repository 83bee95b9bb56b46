"""The editor window: menus, toolbar, docks and file handling around one MapDocument.

The window turns gestures and actions into core edits pushed on the document's undo stack; it never
parses YAML and never holds a card's text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from .. import authoring, collector, editing
from ..atomic import SaveError
from ..compact import compact_places
from ..edits import AddCard
from ..format import load
from ..fragment import MIME_TYPE, copy_fragment, duplicate_edit, paste_edit, read_fragment
from ..model import Change, with_fields
from ..plaintext import clean_field
from ..render import theme as themes
from ..render.scene import MapScene
from ..resources import DEFAULT_MAP
from ..visibility import ViewFilter, collapsed_counts, hidden_cards
from . import evaluation, evidence_actions, export_actions, flow_view, interchange_actions, templates_menu
from . import teamwork as teamwork_feature
from .canvas import MapView
from .context import FeatureContext, Menus
from .document import FileChangedOnDisk, MapDocument
from .filter_panel import FilterPanel
from .find_bar import FindBar
from .inspector import InspectorDock
from .legend_panel import LegendPanel
from .outline import OutlineDock
from .overview import OverviewWidget
from .plain_text import menu_text, window_title
from .problems_dock import ProblemsDock
from .selection import Selection
from .shortcuts_dialog import ShortcutsDialog

MAP_FILTER = "argmap maps (*.yaml *.yml);;All files (*)"
# A map of at least this many cards is shown before it is checked (open_path): its check takes a
# tenth of the open at 10,000 cards, and a small map's check is over before anyone could notice.
FIRST_CHECK_LATER_CARDS = 2000
MAX_RECENT = 10


class MainWindow(QMainWindow):
    """One window editing one map."""

    _dragged_in_focus = False  # a drag in focus mode is being applied (see _on_cards_moved)

    windowClosed = Signal(object)
    documentChanged = Signal(object)  # the MapDocument now shown; features follow it through this

    def __init__(
        self,
        document: MapDocument | None = None,
        settings: QSettings | None = None,
        open_window: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        # How File > New Window asks the workspace for another window (none for a window on its own).
        self._open_window = open_window
        self.selection = Selection(self)
        self.view_filter = ViewFilter()
        self.document: MapDocument = document or MapDocument()
        self.scene: MapScene | None = None
        self._fresh_card: tuple[str, int] | None = None  # a card just added, until typed in (Escape drops it)
        self._added_card: str | None = None  # the first card added in a burst of changes, to bring into view
        self._visibility_changed = False  # a change since the last visibility refresh may show or hide cards
        self.view = MapView(self)
        self.legend_panel = LegendPanel(self.view, self._theme())
        self.setCentralWidget(self._central())
        self._build_docks()
        self._build_actions()
        self.act_new_window.setEnabled(open_window is not None)
        self._build_menus()
        # What the features below may use of this window, declared (see context.py).
        self.context = FeatureContext(
            menus=self.menus,
            settings=self.settings,
            status=lambda text, ms: self.statusBar().showMessage(text, ms),
            document_changed=self.documentChanged,
            side_docks=(self.overview_dock, self.history_dock),
        )
        # Features add their own card actions here (what-if, templates, ...); the menu lists them.
        self.card_context_actions: list[QAction] = self.context.card_actions
        export_actions.install(self)
        evaluation.install(self)  # View > Evaluation Overlay, Edit > What-if
        flow_view.install(self)  # the Flow dock
        templates_menu.install(self)  # Edit > Insert Template
        interchange_actions.install(self)
        evidence_actions.install(self)  # the Evidence menu, the Source panel, Verbatim's marking keys
        teamwork_feature.install(self)  # File > Compare with, Merge a Partner's Map; the Changes panel
        self._build_toolbar()
        self.setAcceptDrops(True)
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.show_context_menu)
        self._visibility_timer = QTimer(self, singleShot=True, interval=0, timeout=self._refresh_visibility)
        # A filter can change in the middle of an edit's notices (the selection follows a deletion,
        # focus follows the selection): the focus arrangement then waits for the scene to catch up.
        self._arrange_timer = QTimer(self, singleShot=True, interval=0, timeout=self._arrange_for_focus)
        self._validate_timer = QTimer(self, singleShot=True, interval=500, timeout=self._revalidate)
        self.statusBar()
        self._zoom_label = QLabel("100 %")
        self.statusBar().addPermanentWidget(self._zoom_label)
        self.view.zoomChanged.connect(lambda f: self._zoom_label.setText(f"{round(f * 100)} %"))
        self.set_document(self.document)
        self._restore_window_state()
        self.resize(1400, 900) if not self.settings.value("window/geometry") else None

    # -- construction ----------------------------------------------------------------------

    def _central(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.read_only_banner = QLabel(box)
        self.read_only_banner.setTextFormat(Qt.PlainText)
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet("QLabel { background: #fff3cd; color: #5c4400; padding: 6px; }")
        self.read_only_banner.hide()
        layout.addWidget(self.read_only_banner)
        layout.addWidget(self.view, 1)
        self.find_bar = FindBar(self.document, self.selection, box)
        self.find_bar.hide()
        layout.addWidget(self.find_bar)
        return box

    def _build_docks(self) -> None:
        self.outline = OutlineDock(self.document, self.selection, self)
        self.inspector = InspectorDock(self.document, self.selection, self)
        self.problems = ProblemsDock(self.document, self.selection, self)
        self.filters = FilterPanel(self.document, self.selection, self)
        self.filter_dock = (
            self.filters if isinstance(self.filters, QDockWidget) else _dock("Filters", self.filters, self)
        )
        self.overview = OverviewWidget(self.view, self)
        self.overview_dock = _dock("Overview", self.overview, self)
        self.undo_view = QUndoView(self)
        self.undo_view.setEmptyLabel("<opened>")
        self.history_dock = _dock("History", self.undo_view, self)
        for dock, area in (
            (self.outline, Qt.LeftDockWidgetArea),
            (self.filter_dock, Qt.LeftDockWidgetArea),
            (self.inspector, Qt.RightDockWidgetArea),
            (self.overview_dock, Qt.RightDockWidgetArea),
            (self.problems, Qt.BottomDockWidgetArea),
            (self.history_dock, Qt.RightDockWidgetArea),
        ):
            dock.setObjectName(dock.windowTitle().split(" ")[0] + "Dock")
            self.addDockWidget(area, dock)
        self.tabifyDockWidget(self.outline, self.filter_dock)
        self.tabifyDockWidget(self.overview_dock, self.history_dock)
        self.outline.raise_()
        self.overview_dock.raise_()
        # The canvas is the point: side panels narrow, the problems list short until it has something.
        self.resizeDocks([self.outline, self.inspector], [330, 340], Qt.Horizontal)
        self.resizeDocks([self.problems], [110], Qt.Vertical)
        self.resizeDocks([self.inspector, self.overview_dock], [520, 220], Qt.Vertical)
        self.outline.activated.connect(self.center_on_card)
        self.outline.revealRequested.connect(self._reveal_card)
        self.problems.activated.connect(self.center_on_card)
        self.filters.filterChanged.connect(self._set_view_filter)
        self.find_bar.matchesChanged.connect(self._show_matches)
        self.find_bar.currentMatchChanged.connect(self._show_current_match)

    def _action(
        self,
        text: str,
        slot,
        shortcut=None,
        *,
        tip: str = "",
        checkable: bool = False,
        context: Qt.ShortcutContext = Qt.WindowShortcut,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(context)
        action.setCheckable(checkable)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        # Single keys (S, R, Enter, Space, Delete) belong to the map: added to the view, not the window,
        # so Enter in the Find bar or Delete in a panel's text box never edits the map.
        (self.view if context == Qt.WidgetWithChildrenShortcut else self).addAction(action)
        return action

    def _build_actions(self) -> None:
        A = self._action
        K = QKeySequence.StandardKey
        canvas = Qt.WidgetWithChildrenShortcut  # single keys act only while the map has focus
        self.act_new = A("&New", self.new_map, K.New)
        self.act_new_window = A("New &Window", self.new_window, "Ctrl+Shift+N")
        self.act_open = A("&Open…", self.open_dialog, K.Open)
        self.act_save = A("&Save", self.save, K.Save)
        self.act_save_as = A("Save &As…", self.save_as, K.SaveAs)
        self.act_close = A("&Close", self.close_map, K.Close)
        self.act_quit = A("&Quit", self._quit, K.Quit)
        self.act_undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        self.act_redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        self._follow_step_names(self.document.undo_stack)
        self.act_undo.setShortcuts(QKeySequence.keyBindings(K.Undo))
        self.act_redo.setShortcuts(QKeySequence.keyBindings(K.Redo) + [QKeySequence("Ctrl+Y")])
        self.act_cut = A("Cu&t", self.cut, K.Cut)
        self.act_copy = A("&Copy", self.copy, K.Copy)
        self.act_paste = A("&Paste", self.paste, K.Paste)
        self.act_duplicate = A("D&uplicate", self.duplicate, "Ctrl+D")
        self.act_delete = A(
            "&Delete",
            self.delete_selection,
            [QKeySequence.StandardKey.Delete, "Backspace"],  # Backspace: the Mac's Delete key
            context=canvas,
        )
        self.act_select_all = A("Select &All", self.select_all, K.SelectAll, context=canvas)
        self.act_add_card = A(
            "Add &Position",
            lambda: self.add_position(),  # triggered(checked) must not reach add_position(at)
            "Ctrl+Shift+P",
            tip="Add a new position card",
        )
        self.act_add_support = A(
            "Add &Supporting Answer",
            lambda: self.add_answer("supports"),
            "S",
            tip="Add an argument that supports the selected card",
            context=canvas,
        )
        self.act_add_rebuttal = A(
            "Add &Rebutting Answer",
            lambda: self.add_answer("rebuts"),
            "R",
            tip="Add a rebuttal that attacks the selected card",
            context=canvas,
        )
        self.act_add_sibling = A(
            "Add Si&bling",
            self.add_sibling,
            ["Return", "Enter"],
            tip="Add a card answering the same card as the selected one",
            context=canvas,
        )
        self.act_edit_text = A("&Edit Text", self.edit_text, "F2", context=canvas)
        self.act_edit_tag = A(
            "Edit T&ag", self.edit_tag, "Shift+F2", context=canvas, tip="Edit the card's tag in place"
        )
        self.act_toggle_relation = A(
            "Change Relation &Type",
            self.toggle_relation_type,
            "T",
            context=canvas,
            tip="Switch the selected relation between supports and rebuts",
        )
        self.act_collapse = A("C&ollapse / Expand", self.toggle_collapse, "Space", context=canvas)
        self.act_find = A("&Find…", self.show_find, K.Find)
        self.act_relayout = A("Re-&layout", self.relayout, "Ctrl+L", tip="Lay out the whole map again")
        self.act_zoom_in = A("Zoom &In", self.view.zoom_in, [K.ZoomIn, "Ctrl+="][0])
        self.act_zoom_in.setShortcuts([QKeySequence(K.ZoomIn), QKeySequence("Ctrl+=")])
        self.act_zoom_out = A("Zoom &Out", self.view.zoom_out, K.ZoomOut)
        self.act_fit = A("&Fit All", self.view.fit_all, "Ctrl+0")
        self.act_zoom_selection = A("Zoom to &Selection", self.view.zoom_to_selection, "Ctrl+Shift+0")
        self.act_zoom_100 = A("Actual Size (&100 %)", self.view.zoom_actual, "Ctrl+1")
        self.act_legend = A("Show &Legend", self._toggle_legend, "Ctrl+Shift+L", checkable=True)
        self.act_legend.setChecked(self.settings.value("view/legend", True, type=bool))
        self.legend_panel.setVisible(self.act_legend.isChecked())
        self.act_focus = A("&Focus on Selection", self.toggle_focus, "Ctrl+Shift+F", checkable=True)
        self.direction_group = QActionGroup(self)
        self.act_dir_tb = A("Layout &Top to Bottom", lambda: self._set_direction("TB"), checkable=True)
        self.act_dir_lr = A("Layout &Left to Right", lambda: self._set_direction("LR"), checkable=True)
        for act in (self.act_dir_tb, self.act_dir_lr):
            self.direction_group.addAction(act)
        direction = self.settings.value("view/direction", "TB")
        (self.act_dir_lr if direction == "LR" else self.act_dir_tb).setChecked(True)
        self.act_shortcuts = A("&Keyboard Shortcuts", self.show_shortcuts, K.HelpContents)
        self.act_about = A("&About argmap", self.show_about)
        self.addAction(self.act_undo)
        self.addAction(self.act_redo)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = self.file_menu = bar.addMenu("&File")
        for act in (self.act_new, self.act_new_window, self.act_open):
            file_menu.addAction(act)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        for act in (self.act_save, self.act_save_as):
            file_menu.addAction(act)
        self.export_menu = file_menu.addMenu("&Export")  # filled by export/interchange features
        self.import_menu = file_menu.addMenu("&Import")
        self.export_menu.menuAction().setVisible(False)
        self.import_menu.menuAction().setVisible(False)
        file_menu.addSeparator()
        file_menu.addAction(self.act_close)
        file_menu.addAction(self.act_quit)
        edit = bar.addMenu("&Edit")
        for act in (
            self.act_undo,
            self.act_redo,
            None,
            self.act_cut,
            self.act_copy,
            self.act_paste,
            self.act_duplicate,
            self.act_delete,
            self.act_select_all,
            None,
            self.act_add_card,
            self.act_add_support,
            self.act_add_rebuttal,
            self.act_add_sibling,
            self.act_edit_text,
            self.act_edit_tag,
            self.act_toggle_relation,
            None,
            self.act_find,
        ):
            edit.addSeparator() if act is None else edit.addAction(act)
        view = bar.addMenu("&View")
        for act in (
            self.act_zoom_in,
            self.act_zoom_out,
            self.act_fit,
            self.act_zoom_selection,
            self.act_zoom_100,
            None,
            self.act_collapse,
            self.act_focus,
            self.act_legend,
            None,
            self.act_relayout,
            self.act_dir_tb,
            self.act_dir_lr,
            None,
        ):
            view.addSeparator() if act is None else view.addAction(act)
        docks = view.addMenu("&Panels")
        for dock in (
            self.outline,
            self.inspector,
            self.problems,
            self.filter_dock,
            self.overview_dock,
            self.history_dock,
        ):
            docks.addAction(dock.toggleViewAction())
        self.view_menu = view
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_shortcuts)
        help_menu.addAction(self.act_about)
        self.menus = Menus(file_menu, edit, view, docks, self.export_menu, self.import_menu, help_menu)

    def _build_toolbar(self) -> None:
        bar = self.addToolBar("Main")
        bar.setObjectName("MainToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        for act in (
            self.act_open,
            self.act_save,
            None,
            self.act_undo,
            self.act_redo,
            None,
            self.act_add_card,
            self.act_add_support,
            self.act_add_rebuttal,
            self.act_delete,
            None,
            self.act_fit,
            self.act_zoom_100,
            self.act_relayout,
            None,
            self.act_find,
        ):
            bar.addSeparator() if act is None else bar.addAction(act)

    # -- the document ----------------------------------------------------------------------

    def set_document(self, document: MapDocument) -> None:
        """Show ``document`` in this window (the previous one is dropped without asking)."""
        old = self.document
        if old is not None and self.scene is not None:
            old.changed.disconnect(self._on_change)
            old.readOnlyChanged.disconnect(self._on_first_check)
            self.scene.detach()
        self.document = document
        document.setParent(self)
        self.selection.set([])
        self.scene = MapScene(
            document.amap, theme=self._theme(), direction="LR" if self.act_dir_lr.isChecked() else "TB"
        )
        self.scene.attach_selection(self.selection)
        self.scene.set_legend_visible(False)  # on screen the legend is a corner panel of the view
        self.scene.cardsMoved.connect(self._on_cards_moved)
        self.scene.connectRequested.connect(self._on_connect_requested)
        self.scene.fieldEditCommitted.connect(self._on_field_committed)
        self.scene.addCardRequested.connect(self._on_add_card_requested)
        self.scene.editRequested.connect(self.edit_card)
        self.scene.tagEditRequested.connect(lambda card_id: self.edit_card(card_id, "tag"))
        self.scene.editCancelled.connect(self._on_edit_cancelled)
        self.view.setScene(self.scene)
        document.changed.connect(self._on_change)
        for dock in (self.outline, self.inspector, self.problems):
            dock.set_document(document)
        for widget in (self.find_bar, self.filters):
            widget.set_document(document)
        self.undo_view.setStack(document.undo_stack)
        self._rebind_undo_actions(document)
        document.modifiedChanged.connect(self._update_title)
        document.pathChanged.connect(self._update_title)
        document.editRefused.connect(lambda msg: self.statusBar().showMessage(msg, 6000))
        document.readOnlyChanged.connect(self._on_first_check)
        self._update_title()
        self._update_read_only()
        self._refresh_visibility()
        self.overview.set_view(self.view)
        QTimer.singleShot(0, self.show_first_view)
        self.documentChanged.emit(document)

    def _follow_step_names(self, stack) -> None:
        """A step's name can hold user text (a template's name, a file's): show its ``&`` in the Edit
        menu instead of taking it as a mnemonic. Runs after the actions' own update (connected later)."""
        stack.undoTextChanged.connect(self._name_undo_steps)
        stack.redoTextChanged.connect(self._name_undo_steps)

    def _name_undo_steps(self, _text: str = "") -> None:
        stack = self.document.undo_stack
        for action, word, name in (
            (self.act_undo, "&Undo", stack.undoText()),
            (self.act_redo, "&Redo", stack.redoText()),
        ):
            action.setText(f"{word} {menu_text(name)}" if name else word)

    def _rebind_undo_actions(self, document: MapDocument) -> None:
        # QUndoStack's own actions follow one stack; make fresh ones and put them where the old ones were.
        new_undo = document.undo_stack.createUndoAction(self, "&Undo")
        new_redo = document.undo_stack.createRedoAction(self, "&Redo")
        self._follow_step_names(document.undo_stack)
        new_undo.setShortcuts(self.act_undo.shortcuts())
        new_redo.setShortcuts(self.act_redo.shortcuts())
        for widget in [self.menus.edit, *self.findChildren(QWidget)]:
            if widget is None or not hasattr(widget, "actions"):
                continue
            if self.act_undo in widget.actions():
                widget.insertAction(self.act_undo, new_undo)
                widget.removeAction(self.act_undo)
            if self.act_redo in widget.actions():
                widget.insertAction(self.act_redo, new_redo)
                widget.removeAction(self.act_redo)
        self.removeAction(self.act_undo)
        self.removeAction(self.act_redo)
        self.act_undo, self.act_redo = new_undo, new_redo
        self.addAction(new_undo)
        self.addAction(new_redo)

    def _update_title(self, *_args) -> None:
        self.setWindowTitle(f"{window_title(self.document.display_name)}[*] — argmap")
        self.setWindowModified(self.document.modified)

    def _update_read_only(self) -> None:
        doc = self.document
        n_errors = sum(1 for p in doc.problems if p.severity == "error")
        # While a big map just opened is checked nothing is offered; asking read_only would check now.
        editable = not doc.checking and not doc.read_only
        if not doc.checking and doc.read_only:
            self.read_only_banner.setText(
                f"Read-only: {doc.display_name} has {n_errors} error{'s' if n_errors != 1 else ''} "
                "(listed in Problems). Fix the file in a text editor and open it again; argmap will not "
                "overwrite it."
            )
            self.read_only_banner.show()
            self.problems.show()
        else:
            self.read_only_banner.hide()
        for act in (
            self.act_save,
            self.act_cut,
            self.act_paste,
            self.act_delete,
            self.act_duplicate,
            self.act_add_card,
            self.act_add_support,
            self.act_add_rebuttal,
            self.act_add_sibling,
            self.act_edit_text,
            self.act_edit_tag,
            self.act_toggle_relation,
            self.act_relayout,
        ):
            act.setEnabled(editable)

    def _on_change(self, change: Change) -> None:
        added = change.keys("card-added")
        if added and self._added_card is None:
            # A card added from any route (flow sheet, template, paste, undo) is shown once the burst
            # of changes is over: the map scrolls just enough to bring it into view (issue #12).
            self._added_card = str(added[0])
        batch_end = change.what in ("batch", "batch-ended")
        if change.what == "card-removed" and not self.document.amap.batching:
            self.selection.discard(str(change.key))
        elif batch_end:  # one selection change for a batch, not one per removed card
            amap = self.document.amap
            relation = self.selection.relation
            self.selection.set(
                [c for c in self.selection.card_ids if c in amap],
                relation if relation is not None and amap.has_relation(*relation) else None,
            )
        if change.what == "batch":
            if any(part.what not in ("position-changed", "info-changed") for part in change.parts):
                self._visibility_changed = True
        elif change.what not in ("position-changed", "info-changed", "batch-ended"):
            self._visibility_changed = True
        if (
            self.scene is not None
            and self.scene.is_arranged
            and not self._dragged_in_focus
            and change.has("position-changed")
        ):
            self._visibility_changed = True  # moved by a re-layout or an undo: lay the focus out again
        if self.document.amap.batching:
            return  # the timers start once, at the batch's end (its "batch-ended" notice)
        if self._visibility_changed:
            self._visibility_changed = False
            self._visibility_timer.start()
        self._validate_timer.start()

    def _revalidate(self) -> None:
        if not self.document.read_only:
            self.document.revalidate()

    # -- visibility: filters, collapse, focus ------------------------------------------------

    def _set_view_filter(self, view_filter: ViewFilter) -> None:
        self.view_filter = view_filter
        self.act_focus.setChecked(view_filter.focus is not None)
        self._refresh_visibility(arrange=False)
        self._arrange_timer.start()

    def _refresh_visibility(self, arrange: bool = True) -> None:
        if self.scene is None:
            return
        amap = self.document.amap
        if self.view_filter.focus is not None and self.view_filter.focus not in amap:
            self.view_filter = ViewFilter(
                self.view_filter.kinds, self.view_filter.sides, self.view_filter.speeches
            )
        self.scene.set_hidden(hidden_cards(amap, self.view_filter))
        self.scene.set_collapsed_badges(collapsed_counts(amap))
        if arrange:
            self._arrange_for_focus()
        added, self._added_card = self._added_card, None
        if added is not None and added in amap and not self.scene.is_hidden(added):
            self.view.ensure_visible(added)

    def _arrange_for_focus(self) -> None:
        """In focus mode the shown cards are laid out together, the focused card where it is shown (no
        gaps where hidden cards would be); out of it every card is back at its own place. Only the view
        changes: the map's positions, and so the saved file, stay as they are."""
        scene, focus = self.scene, self.view_filter.focus
        if scene is None:
            return
        if focus is None or focus not in self.document.amap:
            if scene.is_arranged:
                scene.arrange(None)
            return
        shown = [cid for cid in scene.card_boxes() if not scene.is_hidden(cid)]
        sizes = {cid: (scene.card_rect(cid).width(), scene.card_rect(cid).height()) for cid in shown}
        places = compact_places(
            self.document.amap,
            shown,
            sizes,
            keep=focus,
            # Where it is shown: focus follows the selection, and the card clicked must not jump.
            at=(scene.card_rect(focus).x(), scene.card_rect(focus).y()),
            direction=scene.direction,
        )
        scene.arrange(places)

    def toggle_focus(self) -> None:
        current = self.selection.current
        f = self.view_filter
        if f.focus is None and current:
            self.view_filter = ViewFilter(
                f.kinds, f.sides, f.speeches, focus=current, focus_depth=f.focus_depth
            )
            self.statusBar().showMessage("Focus mode: only the selected card and its neighbours", 4000)
        else:
            self.view_filter = ViewFilter(f.kinds, f.sides, f.speeches, focus_depth=f.focus_depth)
        self.act_focus.setChecked(self.view_filter.focus is not None)
        self.filters.set_view_filter(self.view_filter)
        self._refresh_visibility()
        if self.view_filter.focus:
            self.view.fit_all()

    def toggle_collapse(self) -> None:
        outcome = editing.toggle_collapsed(self.document.amap, self.selection.card_ids)
        if isinstance(outcome, editing.Refusal):
            self.statusBar().showMessage(outcome.reason, 4000)
            return
        # Exploring, not editing: no undo step, no "*" (the state is saved when the map next is).
        self.document.explore(outcome.edit)

    # -- find --------------------------------------------------------------------------------

    def show_find(self) -> None:
        self.find_bar.show()
        self.find_bar.setFocus()
        self.find_bar.focus_query()

    def _show_matches(self, ids: list[str]) -> None:
        if self.scene is not None:
            self.scene.set_highlights(set(ids))

    def _show_current_match(self, card_id: str) -> None:
        if self.scene is not None and not card_id:
            self.scene.set_current_match(None)  # the bar closed or nothing matches: no ring stays
        if self.scene is None or not card_id:
            return
        self.scene.set_current_match(card_id)
        self.selection.set([card_id])
        self.center_on_card(card_id)

    def _reveal_card(self, card_id: str) -> None:
        """Scroll the map just enough to show the card (clicked in the Outline)."""
        if card_id in self.document.amap and self.scene is not None and not self.scene.is_hidden(card_id):
            self.view.ensure_visible(card_id)

    def center_on_card(self, card_id: str) -> None:
        if card_id in self.document.amap:
            self.view.center_on_card(card_id)

    # -- editing -----------------------------------------------------------------------------

    def _positions(self) -> dict:
        return self.scene.placement.positions() if self.scene is not None else {}

    def _add_and_edit(self, outcome: editing.Outcome) -> None:
        if self.document.push_proposal(outcome):
            (card_id,) = outcome.new_ids  # type: ignore[union-attr]
            # Escape before anything is typed takes the new card back (no "New argument" left behind).
            self._fresh_card = (card_id, self.document.undo_stack.index())
            self.selection.set([card_id])
            self.view.ensure_visible(card_id)
            self.scene.start_inline_edit(card_id)

    def add_position(self, at: QPointF | None = None) -> None:
        amap = self.document.amap
        if at is None:  # from a key or a menu: the middle of the view, beside any card already there
            centre = self.view.mapToScene(self.view.viewport().rect().center())
            spot = self.scene.free_spot_at(authoring.new_position(amap), (centre.x() - 130, centre.y() - 30))
        else:
            spot = (at.x(), at.y())
        self._add_and_edit(editing.add_position(amap, spot))

    def add_answer(self, relation_type: str) -> None:
        amap, parent = self.document.amap, self.selection.current
        outcome = editing.add_answer(amap, parent, relation_type)
        if isinstance(outcome, editing.Proposal) and parent is not None:
            card = outcome.edit.card  # type: ignore[union-attr]
            outcome = editing.add_answer(amap, parent, relation_type, self._new_card_position(card, parent))
        self._add_and_edit(outcome)

    def _new_card_position(self, card, parent_id):
        return self.scene.free_spot_near(card, parent_id)

    def add_sibling(self) -> None:
        current = self.selection.current
        if current is None:
            self.add_position()
            return
        card, relation = authoring.sibling(self.document.amap, current)
        if relation is None:
            x, y = self._positions().get(current, (0.0, 0.0))
            rect = self.scene.card_rect(current)
            position = (x + rect.width() + 40, y)
        else:
            position = self._new_card_position(card, relation.target)
        self._add_and_edit(editing.add_sibling(self.document.amap, current, position))

    def _on_edit_cancelled(self, card_id: str) -> None:
        fresh, self._fresh_card = self._fresh_card, None
        stack = self.document.undo_stack
        if fresh == (card_id, stack.index()) and stack.canUndo():
            stack.undo()
            self.statusBar().showMessage("New card discarded", 3000)

    def edit_text(self) -> None:
        if self.selection.current:
            self.edit_card(self.selection.current)

    def edit_card(self, card_id: str, field: str = "text") -> None:
        if self.document.read_only or self.scene is None:
            return
        self.scene.start_inline_edit(card_id, field)

    def edit_tag(self) -> None:
        if self.selection.current:
            self.edit_card(self.selection.current, "tag")

    def _on_field_committed(self, card_id: str, field: str, text: str) -> None:
        self._fresh_card = None
        if card_id not in self.document.amap or field not in ("text", "tag", "quote", "notes"):
            return
        if not self.document.push_proposal(editing.set_field(self.document.amap, card_id, field, text)):
            self.scene.update()  # refused or unchanged: the card shows the map's text again

    def _on_cards_moved(self, moves: dict) -> None:
        # Dragged in focus mode: the cards stay where they were dropped (the focus is not laid out again).
        self._dragged_in_focus = True
        try:
            self.document.push_proposal(editing.move_cards({cid: new for cid, (_old, new) in moves.items()}))
        finally:
            self._dragged_in_focus = False

    def _on_add_card_requested(self, point: QPointF) -> None:
        if not self.document.read_only:
            self.add_position(QPointF(point.x() - 130, point.y() - 30))

    def choose_relation_type(self, source: str, target: str) -> str | None:
        """Ask which relation a connect-drag makes; the default follows the sides. None cancels."""
        menu = QMenu(self)
        default = authoring.default_relation_type(self.document.amap, source, target)
        chosen = {}
        for rtype, label in (("supports", "Supports"), ("rebuts", "Rebuts")):
            act = menu.addAction(label)
            chosen[act] = rtype
            if rtype == default:
                menu.setDefaultAction(act)
        from PySide6.QtGui import QCursor

        picked = menu.exec(QCursor.pos(), menu.defaultAction())
        return chosen.get(picked)

    def _on_connect_requested(self, source: str, target: str) -> None:
        amap = self.document.amap
        if source == target or amap.has_relation(source, target):
            self.document.push_proposal(editing.connect(amap, source, target, "supports"))  # says why not
            return
        if amap.has_relation(target, source):
            # Clash: only a rebuttal runs back (the two rebut each other); editing refuses the rest.
            self.document.push_proposal(editing.connect(amap, source, target, "rebuts"))
            return
        rtype = self.choose_relation_type(source, target)
        if rtype:
            self.document.push_proposal(editing.connect(amap, source, target, rtype))

    def toggle_relation_type(self) -> None:
        self.document.push_proposal(editing.retype_relation(self.document.amap, self.selection.relation))

    def confirm_delete(self, question: str) -> bool:
        """Ask before a delete that leaves many answering cards unconnected (tests replace this)."""
        box = QMessageBox(QMessageBox.Warning, "Delete", question, QMessageBox.Cancel, self)
        box.addButton("Delete", QMessageBox.DestructiveRole)
        box.setTextFormat(Qt.PlainText)
        box.setDefaultButton(QMessageBox.Cancel)
        return box.exec() != QMessageBox.Cancel

    def delete_selection(self) -> None:
        ids = list(self.selection.card_ids)
        question = authoring.delete_question(self.document.amap, ids) if ids else ""
        if question and not self.confirm_delete(question):
            return
        if ids:
            self.document.push_proposal(editing.delete_cards(self.document.amap, ids))
        elif self.selection.relation:
            self.document.push_proposal(editing.delete_relation(self.document.amap, self.selection.relation))

    def select_all(self) -> None:
        hidden = hidden_cards(self.document.amap, self.view_filter)
        self.selection.set([cid for cid in self.document.amap.card_ids() if cid not in hidden])

    def copy(self) -> bool:
        ids = list(self.selection.card_ids)
        if not ids:
            return False
        from PySide6.QtCore import QMimeData

        text = copy_fragment(self.document.amap, ids, self._positions())
        mime = QMimeData()
        mime.setData(MIME_TYPE, text.encode("utf-8"))
        mime.setText(text)
        QGuiApplication.clipboard().setMimeData(mime)
        self.statusBar().showMessage(f"Copied {len(ids)} card{'s' if len(ids) != 1 else ''}", 3000)
        return True

    def cut(self) -> None:
        ids = list(self.selection.card_ids)
        if self.copy():
            self.document.push_proposal(editing.delete_cards(self.document.amap, ids, verb="Cut"))

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        text = ""
        if mime is not None and mime.hasFormat(MIME_TYPE):
            text = bytes(mime.data(MIME_TYPE)).decode("utf-8", "replace")
        elif mime is not None and mime.hasText():
            text = mime.text()
        part = read_fragment(text) if text else None
        if (part is None or len(part) == 0) and text.strip():
            self._paste_text_as_card(text)
            return
        if part is None or len(part) == 0:
            self.statusBar().showMessage("The clipboard holds no argmap cards and no text", 4000)
            return
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        edit, new_ids = paste_edit(self.document.amap, part, at=(centre.x() - 130, centre.y() - 40))
        if self.document.push_proposal(editing.added("Paste", edit, new_ids)):
            self.selection.set(new_ids)

    def _paste_text_as_card(self, text: str) -> None:
        """Plain text on the clipboard becomes a card: an answer supporting the selected card, else a
        new position (as if added with S or Ctrl+Shift+P, with the pasted words already in it)."""
        words = clean_field(text, True).strip()
        parent = self.selection.current
        if parent is not None:
            card, relation = authoring.supporting_answer(self.document.amap, parent)
            edit = AddCard(with_fields(card, text=words), (relation,), self._new_card_position(card, parent))
        else:
            card = with_fields(authoring.new_position(self.document.amap), text=words)
            centre = self.view.mapToScene(self.view.viewport().rect().center())
            edit = AddCard(card, position=(centre.x() - 130, centre.y() - 30))
        if self.document.push(edit, "Paste text as a card"):
            self.selection.set([card.id])
            self.view.ensure_visible(card.id)

    def duplicate(self) -> None:
        ids = list(self.selection.card_ids)
        if not ids:
            return
        edit, new_ids = duplicate_edit(self.document.amap, ids, self._positions())
        if self.document.push_proposal(editing.added("Duplicate", edit, new_ids)):
            self.selection.set(new_ids)

    def relayout(self) -> None:
        self.document.push_proposal(editing.relayout(self.scene.auto_layout_positions()))
        self.view.fit_all()

    def _set_direction(self, direction: str) -> None:
        self.settings.setValue("view/direction", direction)
        if self.scene is not None:
            self.scene.set_direction(direction)

    def _toggle_legend(self) -> None:
        self.settings.setValue("view/legend", self.act_legend.isChecked())
        self.legend_panel.setVisible(self.act_legend.isChecked())
        if self.act_legend.isChecked():
            self.legend_panel.move_to_free_corner()

    def show_first_view(self) -> None:
        """Open on a view whose position tags are readable (9 pt or more on screen): the whole map
        when that is readable, else its top row."""
        tag_px = self.scene.theme.font("tag").pixelSize() if self.scene is not None else 13
        dpi = self.view.logicalDpiY() or 96
        self.view.first_view(9.0 * dpi / 72.0 / max(tag_px, 1))
        self.legend_panel.keep_clear()  # the legend in a corner no card is under

    def _theme(self):
        scheme = QGuiApplication.styleHints().colorScheme()
        return themes.DARK if scheme == Qt.ColorScheme.Dark or _palette_is_dark() else themes.LIGHT

    def apply_palette_theme(self) -> None:
        if self.scene is not None:
            self.scene.set_theme(self._theme())
        self.legend_panel.set_theme(self._theme())

    # -- context menu ------------------------------------------------------------------------

    def context_menu_for(self, view_pos) -> QMenu:
        """The menu for a right-click at ``view_pos``: on a card, on an arrow, or on empty canvas."""
        from ..render.items import CardItem, RelationItem

        scene_pos = self.view.mapToScene(view_pos)
        menu = QMenu(self)
        item = self.scene.card_item_at(scene_pos) if self.scene is not None else None
        arrow = None
        if item is None and self.scene is not None:
            arrow = next(
                (i for i in self.scene.items(scene_pos) if isinstance(i, RelationItem) and i.isVisible()),
                None,
            )
        if isinstance(item, CardItem):
            if item.card_id not in self.selection.card_ids:
                self.selection.set([item.card_id])
            for act in (
                self.act_add_support,
                self.act_add_rebuttal,
                self.act_add_sibling,
                self.act_edit_text,
                self.act_edit_tag,
                None,
                self.act_collapse,
                self.act_focus,
                self.act_zoom_selection,
                None,
                self.act_cut,
                self.act_copy,
                self.act_duplicate,
                self.act_delete,
                None,
                *self.card_context_actions,
            ):
                menu.addSeparator() if act is None else menu.addAction(act)
        elif arrow is not None:
            self.selection.set([], relation=(arrow.source, arrow.target))
            menu.addAction(self.act_toggle_relation)
            menu.addAction(self.act_delete)
        else:
            add_here = menu.addAction("Add Position Here")
            add_here.setEnabled(not self.document.read_only)
            add_here.triggered.connect(
                lambda: self.add_position(QPointF(scene_pos.x() - 130, scene_pos.y() - 30))
            )
            menu.addAction(self.act_paste)
            menu.addSeparator()
            for act in (self.act_select_all, self.act_fit, self.act_relayout):
                menu.addAction(act)
        return menu

    def show_context_menu(self, view_pos) -> None:
        menu = self.context_menu_for(view_pos)
        menu.exec(self.view.viewport().mapToGlobal(view_pos))

    # -- files -------------------------------------------------------------------------------

    def ask_unsaved_changes(self) -> QMessageBox.StandardButton:
        """Save / Discard / Cancel for a modified map (tests replace this method)."""
        box = QMessageBox(
            QMessageBox.Warning,
            "Unsaved changes",
            f"Save the changes to {self.document.display_name} before closing it?",
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
            self,
        )
        box.setTextFormat(Qt.PlainText)
        box.setDefaultButton(QMessageBox.Save)
        return QMessageBox.StandardButton(box.exec())

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current map (saved, discarded or unmodified)."""
        if not self.document.modified:
            return True
        answer = self.ask_unsaved_changes()
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def new_map(self) -> None:
        if self.maybe_save():
            self.set_document(MapDocument())

    def new_window(self) -> None:
        if self._open_window is not None:
            self._open_window()

    def open_dialog(self) -> None:
        start = str(self.document.path.parent) if self.document.path else str(DEFAULT_MAP.parent)
        name, _ = QFileDialog.getOpenFileName(self, "Open map", start, MAP_FILTER)
        if name:
            self.open_path(name)

    def open_path(self, path: str | Path, *, guard: bool = True) -> bool:
        """Open a map file in this window. Unreadable files are reported and nothing changes.

        A big map is shown before it is checked: the check runs just after the first paint (or at
        the first edit asked for sooner), and until it has run the window offers no edit
        (background_check.check_after_first_paint, MapDocument.finish_check)."""
        if guard and not self.maybe_save():
            return False
        # The collector is held off while the map's objects are made (as collector_paused does), and
        # for a big map until it has been painted and checked: its first pass over those few
        # hundred thousand new objects took a tenth of a second before the first paint.
        collector.hold()
        try:
            result = load(path, check_from=FIRST_CHECK_LATER_CARDS)
            document = MapDocument.from_load(result) if result.map is not None else None
            if document is not None:
                self.set_document(document)
        except BaseException:
            collector.release()
            raise
        if document is None or not document.checking:
            collector.release()
        if document is None:
            self.show_error(
                "Cannot open map",
                f"{Path(path).name} cannot be opened:",
                "\n".join(str(p) for p in result.problems[:20]),
            )
            return False
        self._add_recent(Path(path))
        if document.checking:
            from .background_check import check_after_first_paint

            self.statusBar().showMessage(f"Checking {document.display_name}\u2026")
            # The collector is back once the check has run (however it came to run), or once the
            # document is gone unchecked (another map opened, the window closed): whichever is first.
            released = []

            def release_once(*_args) -> None:
                if not released:
                    released.append(True)
                    collector.release()

            document.readOnlyChanged.connect(release_once)
            document.destroyed.connect(release_once)
            check_after_first_paint(document, self.view.viewport())
        elif document.read_only:
            self.statusBar().showMessage("Opened read-only: the file has errors (see Problems)", 8000)
        return True

    def _on_first_check(self, read_only: bool) -> None:
        """The check of the map just opened has ended (see open_path)."""
        self._update_read_only()
        if read_only:
            self.statusBar().showMessage("Opened read-only: the file has errors (see Problems)", 8000)
        else:
            self.statusBar().showMessage(f"Checked {self.document.display_name}: it can be edited", 4000)

    def save(self) -> bool:
        if self.document.read_only:
            return False
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        if self.document.read_only:
            return False
        start = (
            str(self.document.path)
            if self.document.path
            else str(
                Path(self.settings.value("files/last_folder", str(Path.home())))
                / authoring.file_name_for(self.document.amap.info.title)
            )
        )
        name, _ = QFileDialog.getSaveFileName(self, "Save map as", start, MAP_FILTER)
        if not name:
            return False
        if not Path(name).suffix:
            name += ".yaml"
        return self._save_to(Path(name))

    def confirm_drop_comments(self) -> bool:
        box = QMessageBox(
            QMessageBox.Question,
            "Comments will be lost",
            f"{self.document.display_name} has YAML comments. argmap saves maps in its canonical "
            "form, which has no comments: saving will remove them. Save anyway?",
            QMessageBox.Save | QMessageBox.Cancel,
            self,
        )
        box.setTextFormat(Qt.PlainText)
        return box.exec() == QMessageBox.Save

    def confirm_replace_changed_file(self, why: str) -> bool:
        """Replace a file that changed on disk since it was opened or saved? (Tests replace this.)"""
        box = QMessageBox(
            QMessageBox.Warning,
            "File changed on disk",
            why + "\n\nReplace: save your version over it; the changes made there are lost.\n"
            "Cancel: save nothing now (File \u25b8 Save As keeps both versions).",
            QMessageBox.NoButton,
            self,
        )
        box.setTextFormat(Qt.PlainText)
        replace = box.addButton("Replace", QMessageBox.DestructiveRole)
        cancel = box.addButton(QMessageBox.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is replace

    def confirm_unfinished(self, unfinished: list[tuple[str, str]]) -> bool:
        """Ask before saving evidence that is not finished (it saves, with warnings in Problems)."""
        lines = [sentence for _cid, sentence in unfinished[:8]]
        if len(unfinished) > 8:
            lines.append(f"\u2026 and {len(unfinished) - 8} more (see Problems)")
        box = QMessageBox(
            QMessageBox.Question,
            "Unfinished evidence",
            "Some evidence is not finished; it is marked on its card and listed in Problems.\n\n"
            + "\n".join(lines)
            + "\n\nSave anyway?",
            QMessageBox.Save | QMessageBox.Cancel,
            self,
        )
        box.setTextFormat(Qt.PlainText)
        return box.exec() == QMessageBox.Save

    def _save_to(self, path: Path) -> bool:
        if self.document.has_comments and path == self.document.path and not self.confirm_drop_comments():
            return False
        unfinished = authoring.unfinished_evidence(self.document.amap)
        if unfinished and not self.confirm_unfinished(unfinished):
            self.problems.show()
            self.selection.set([unfinished[0][0]])
            self.center_on_card(unfinished[0][0])
            return False
        try:
            try:
                self.document.save_as(path)
            except FileChangedOnDisk as exc:
                if not self.confirm_replace_changed_file(str(exc)):
                    self.statusBar().showMessage(f"Not saved: {path.name} changed on disk", 8000)
                    return False
                self.document.save_as(path, replace_changes=True)
        except SaveError as exc:
            self.show_error("Save failed", str(exc), "")
            return False
        self._add_recent(path)
        self.settings.setValue("files/last_folder", str(path.parent))
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def close_map(self) -> None:
        if self.maybe_save():
            self.set_document(MapDocument())

    def show_error(self, title: str, text: str, details: str) -> None:
        box = QMessageBox(QMessageBox.Critical, title, text, QMessageBox.Ok, self)
        box.setTextFormat(Qt.PlainText)
        if details:
            box.setInformativeText(details)
        box.exec()

    def _add_recent(self, path: Path) -> None:
        files = [f for f in self.settings.value("recent", [], type=list) if f != str(path.resolve())]
        files.insert(0, str(path.resolve()))
        self.settings.setValue("recent", files[:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.value("recent", [], type=list)
        for name in files:
            act = self.recent_menu.addAction(menu_text(name))
            act.triggered.connect(lambda _=False, n=name: self.open_path(n))
        if not files:
            self.recent_menu.addAction("No recent maps").setEnabled(False)

    def _quit(self) -> None:
        QApplication.closeAllWindows()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        event.accept()
        self.windowClosed.emit(self)

    def _restore_window_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state:
            self.restoreState(state)

    # -- drag and drop of files ------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        # A map opens; a file in a format the registry reads is imported; anything else is said so.
        for url in event.mimeData().urls():
            if url.isLocalFile():
                event.acceptProposedAction()
                interchange_actions.open_dropped(self, url.toLocalFile())
                return

    # -- help --------------------------------------------------------------------------------

    def all_actions(self) -> list[QAction]:
        """Every action of the window, the map's single-key ones (on the view) included."""
        actions = [*self.actions(), *(a for a in self.view.actions() if a not in self.actions())]
        return [a for a in actions if a.text() and not a.isSeparator()]

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.all_actions(), self).exec()

    def show_about(self) -> None:
        from .. import __version__

        box = QMessageBox(
            QMessageBox.Information,
            "About argmap",
            f"argmap {__version__}\nA desktop argument mapper for policy debate.",
            QMessageBox.Ok,
            self,
        )
        box.setTextFormat(Qt.PlainText)
        box.exec()


def _dock(title: str, widget: QWidget, parent: QWidget) -> QDockWidget:
    dock = QDockWidget(title, parent)
    dock.setWidget(widget)
    return dock


def _palette_is_dark() -> bool:
    app = QApplication.instance()
    if app is None:
        return False
    return app.palette().window().color().lightness() < 128
