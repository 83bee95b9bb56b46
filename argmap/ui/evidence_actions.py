"""The Evidence menu: sources, the Source panel, cutting a card from a passage, and Verbatim's marking keys.

Keys follow Verbatim, the Word template debaters cut cards in: F9 underline, F10 emphasis, F11
highlight, F12 clear, with its Ctrl+Alt alternatives (9, 0, -, =) for keyboards whose F-keys are taken.
F7 (Verbatim's "Tag" key; Ctrl+Alt+7) makes the words selected in the Source panel a card, its tag
ready to type. Every change goes through the document's undo stack.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog, QTextEdit

from ..edits import UpdateCard
from ..evidence import cut_card, quote_offsets_of, with_quote
from ..model import with_fields
from ..quotes import MarkStyle, add_mark, clear_marks
from .source_panel import SourcePanel
from .sources_dialog import SourcesDialog

DEFAULT_WPM = 300
MARK_NAMES = {"underline": "Underline", "emphasis": "Emphasis", "highlight": "Highlight"}
HIGHLIGHT = "#fff176"


def words_per_minute(settings) -> int:
    """The speaking rate the user set (Evidence ▸ Reading Rate), for read-aloud times."""
    try:
        value = int(settings.value("evidence/wpm", DEFAULT_WPM))
    except (TypeError, ValueError):
        value = DEFAULT_WPM
    return min(600, max(60, value))


class EvidenceActions(QObject):
    """Owns the Source panel, the Sources dialog and the evidence actions of one window."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: SourcesDialog | None = None
        self._cut_from_panel: str | None = None
        self._decorating_soon = False
        self.panel = SourcePanel(window)
        window.addDockWidget(Qt.LeftDockWidgetArea, self.panel)
        window.tabifyDockWidget(window.outline, self.panel)
        window.outline.raise_()
        self.panel.cardClicked.connect(self._select_card)
        A = self._action
        self.act_sources = A("&Sources…", self.show_sources, ["Ctrl+Alt+S"], "Add, edit and remove sources")
        self.act_goto_source = A(
            "Go to Source &Text",
            self.focus_source,
            ["Ctrl+Alt+U"],
            "Show the Source panel and put the cursor in it",
        )
        self.act_cut = A(
            "&Cut Card from Selection",
            self.cut_card,
            ["F7", "Ctrl+Alt+7"],
            "Make the words selected in the Source panel an evidence card under the selected card",
        )
        self.mark_actions = {
            "underline": A("&Underline", lambda: self.mark("underline"), ["F9", "Ctrl+Alt+9"]),
            "emphasis": A("&Emphasis", lambda: self.mark("emphasis"), ["F10", "Ctrl+Alt+0"]),
            "highlight": A("&Highlight", lambda: self.mark("highlight"), ["F11", "Ctrl+Alt+-"]),
        }
        self.act_clear = A("C&lear Marks", lambda: self.mark(None), ["F12", "Ctrl+Alt+="])
        self.act_rate = A(
            "&Reading Rate…", self.ask_reading_rate, None, "Words per minute for read-aloud times"
        )
        menu = window.menuBar().addMenu("E&vidence")
        help_action = next((a for a in window.menuBar().actions() if a.text() == "&Help"), None)
        if help_action is not None:
            window.menuBar().insertMenu(help_action, menu)
        for act in (
            self.act_sources,
            self.act_goto_source,
            self.panel.toggleViewAction(),
            None,
            self.act_cut,
            None,
            *self.mark_actions.values(),
            self.act_clear,
            None,
            self.act_rate,
        ):
            menu.addSeparator() if act is None else menu.addAction(act)
        self.menu = menu
        window.documentChanged.connect(self._set_document)
        window.selection.changed.connect(self._decorate_quote_field)
        window.inspector.quote_edit.textChanged.connect(self._decorate_soon)
        self._set_document(window.document)

    def _action(self, text: str, slot, keys, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    @property
    def document(self):
        return self.window.document

    @property
    def amap(self):
        return self.window.document.amap

    def _set_document(self, document) -> None:
        self.panel.set_document(document)
        scene = self.window.scene
        wpm = words_per_minute(self.window.settings)
        if scene is not None and wpm != scene.words_per_minute:  # redrawing every card costs: only on change
            scene.set_words_per_minute(wpm)
        flow = getattr(self.window, "flow_view", None)
        if flow is not None and hasattr(flow, "model"):
            flow.model.words_per_minute = wpm
        document.amap.subscribe(lambda change: self._decorate_soon(), batches=True)
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)

    # -- sources ------------------------------------------------------------------------------

    def show_sources(self) -> SourcesDialog:
        if self.dialog is None or self.dialog.document is not self.document:
            self.dialog = SourcesDialog(self.window)
            self.dialog.finished.connect(self._dialog_closed)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.list.setFocus()
        return self.dialog

    def _dialog_closed(self, _result: int) -> None:
        self.dialog = None

    def focus_source(self) -> None:
        self.panel.show()
        self.panel.raise_()
        self.window.activateWindow()
        self.panel.text.setFocus(Qt.ShortcutFocusReason)

    def _select_card(self, card_id: str) -> None:
        self.window.selection.set([card_id])
        self.window.center_on_card(card_id)

    # -- cutting ------------------------------------------------------------------------------

    def cut_card(self) -> None:
        """The words selected in the Source panel become an evidence card: one undo step."""
        span = self.panel.selected_range()
        if self.panel.source_id is None or span is None:
            self._status("Select words in the Source panel first (Evidence ▸ Go to Source Text, Ctrl+Alt+U)")
            return
        under = self.window.selection.current
        edit = cut_card(self.amap, self.panel.source_id, self.panel.source_text, *span, under)
        if edit is None:
            self._status("The selection holds no words to quote")
            return
        parent = edit.relations[0].target if edit.relations else None
        scene = self.window.scene
        position = scene.free_spot_near(edit.card, parent) if parent and scene is not None else None
        edit = type(edit)(edit.card, edit.relations, position)
        if not self.document.push(edit, "Cut card"):
            return
        card_id = edit.card.id
        self.window.selection.set([card_id])
        self.window.view.ensure_visible(card_id)
        # The tag is what the debater writes next; Enter keeps it and brings them back to the source.
        self._cut_from_panel = card_id
        cursor = self.panel.text.textCursor()
        cursor.setPosition(span[1])
        self.panel.text.setTextCursor(cursor)
        self.window.view.setFocus(Qt.OtherFocusReason)  # the keys typed next go to the tag's editor
        if scene is not None and scene.start_inline_edit(card_id, "tag"):
            scene.fieldEditCommitted.connect(self._after_tag, Qt.UniqueConnection)

    def _after_tag(self, card_id: str, field: str, _text: str) -> None:
        if card_id == self._cut_from_panel and field == "tag":
            self._cut_from_panel = None
            QTimer.singleShot(0, self.focus_source)

    # -- marks --------------------------------------------------------------------------------

    def mark(self, style: MarkStyle | None) -> None:
        """Mark the selected words of the current card's quote (None: clear every mark there)."""
        card_id = self.window.selection.current
        if card_id is None or card_id not in self.amap or self.amap.card(card_id).kind != "evidence":
            self._status("Select an evidence card, then words of its quote")
            return
        span = self._quote_selection(card_id)
        if span is None:
            self._status("Select words of the quote in the Inspector's Quote box or in the Source panel")
            return
        card = self.amap.card(card_id)
        start, end = span
        length = len(card.quote)
        marks = (
            clear_marks(card.marks, start, end, length)
            if style is None
            else add_mark(card.marks, start, end, style, length)
        )
        if marks == card.marks:
            return
        name = "Clear marks" if style is None else MARK_NAMES[style]
        self.document.push(UpdateCard(with_fields(card, marks=marks)), name)

    def _quote_selection(self, card_id: str) -> tuple[int, int] | None:
        focus = QApplication.focusWidget()
        field = self.window.inspector.quote_edit
        if focus is field:
            cursor = field.textCursor()
            if not cursor.hasSelection():
                return None
            span = cursor.selectionStart(), cursor.selectionEnd()
            if field.toPlainText() != self.amap.card(card_id).quote:
                self.window.inspector.commit_pending()  # marks apply to the words as typed
                card = self.amap.card(card_id)
                if field.toPlainText() != card.quote:
                    return None
            return span
        if focus is self.panel.text:
            span = self.panel.selected_range()
            if span is None:
                return None
            return quote_offsets_of(self.amap.card(card_id), self.panel.source_text, *span)
        return None

    def _decorate_soon(self) -> None:
        if not self._decorating_soon:  # once per burst of changes (a batch tells thousands)
            self._decorating_soon = True
            QTimer.singleShot(0, self._decorate_quote_field)

    def _decorate_quote_field(self) -> None:
        """Show the current card's marks in the Inspector's Quote box (as formatting over plain text)."""
        self._decorating_soon = False
        field = self.window.inspector.quote_edit
        card_id = self.window.selection.current
        selections = []
        if card_id is not None and card_id in self.amap:
            card = self.amap.card(card_id)
            if card.kind == "evidence" and field.toPlainText() == card.quote:
                for m in card.marks:
                    fmt = QTextCharFormat()
                    if m.style == "underline":
                        fmt.setFontUnderline(True)
                    elif m.style == "emphasis":
                        fmt.setFontWeight(700)
                        fmt.setFontUnderline(True)
                    else:
                        fmt.setBackground(Qt.yellow)
                    sel = QTextEdit.ExtraSelection()
                    cursor = QTextCursor(field.document())
                    cursor.setPosition(m.start)
                    cursor.setPosition(m.end, QTextCursor.KeepAnchor)
                    sel.cursor = cursor
                    sel.format = fmt
                    selections.append(sel)
        field.setExtraSelections(selections)

    # -- reading rate -------------------------------------------------------------------------

    def ask_reading_rate(self) -> None:
        settings = self.window.settings
        value, ok = QInputDialog.getInt(
            self.window,
            "Reading Rate",
            "Words per minute you read evidence aloud at:",
            words_per_minute(settings),
            60,
            600,
            10,
        )
        if ok:
            self.set_reading_rate(value)

    def set_reading_rate(self, value: int) -> None:
        self.window.settings.setValue("evidence/wpm", int(value))
        scene = self.window.scene
        if scene is not None and hasattr(scene, "set_words_per_minute"):
            scene.set_words_per_minute(int(value))
        flow = getattr(self.window, "flow_view", None)
        if flow is not None and hasattr(flow, "model"):
            flow.model.words_per_minute = int(value)  # used from the flow's next refresh on
        self._status(f"Read-aloud times now at {int(value)} words per minute")


def install(window) -> EvidenceActions:
    """Add the Evidence menu, the Source panel and the marking keys to ``window``."""
    actions = EvidenceActions(window)
    window.evidence_actions = actions  # kept alive with the window
    return actions


__all__ = ["EvidenceActions", "install", "words_per_minute", "with_quote"]
