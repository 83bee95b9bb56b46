"""The inspector dock: every field of the selected card or relation, or of the map, as plain-text editors.

Each field commits through ``document.push`` with a merge key naming the card and field, so typing into
one field is one undo step however often it commits: line edits commit when editing finishes (Enter or
focus leaving), text boxes when focus leaves them and after a short pause in typing. When the map
changes (an undo, an edit on the canvas) the fields follow it, except one holding uncommitted typing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import editing
from ..model import (
    CARD_KINDS,
    POLICY_SPEECHES,
    RELATION_TYPES,
    SIDES,
    Card,
    Change,
)
from ..plaintext import clean_for
from .document import MapDocument
from .selection import Selection

IDLE_COMMIT_MS = 600  # a pause in typing this long commits a text box
SIDE_TITLES = {"for": "for (aff)", "against": "against (neg)"}


def _plain_edit(parent: QWidget, lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


# What the map's page (title, counts, sources) shows changes with these notices.
_MAP_PAGE_NOTICES = (
    "info-changed",
    "card-added",
    "card-removed",
    "relation-added",
    "relation-removed",
    "sources-changed",
    "reset",
)


class InspectorDock(QDockWidget):
    """Shows and edits the current card, the selected relation, or (with nothing selected) the map."""

    def __init__(self, document: MapDocument, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__("Inspector", parent)
        self.setObjectName("InspectorDock")
        self.selection = selection
        self.document: MapDocument | None = None
        self.card_id: str | None = None  # the card shown, when a card is shown
        self.relation_key: tuple[str, str] | None = None  # the relation shown, when one is
        self._dirty: set[str] = set()  # fields holding typing not yet committed
        self._loading = False
        self._idle = QTimer(self, singleShot=True, interval=IDLE_COMMIT_MS)
        self._idle.timeout.connect(self.commit_pending)

        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.PlainText)
        self.heading.setWordWrap(True)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_map_page())
        self.pages.addWidget(self._build_card_page())
        self.pages.addWidget(self._build_relation_page())
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        self.setWidget(scroll)
        self._scroll = scroll
        selection.changed.connect(self._on_selection)
        self.set_document(document)

    # -- building ------------------------------------------------------------------------------

    def _build_map_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.title_edit = QLineEdit(page)
        self.description_edit = _plain_edit(page, 6)
        self.map_stats = QLabel(page)
        self.map_stats.setTextFormat(Qt.PlainText)
        form.addRow("&Title", self.title_edit)
        form.addRow("&Description", self.description_edit)
        form.addRow("", self.map_stats)
        self._map_widgets = {"title": self.title_edit, "description": self.description_edit}
        for name, widget in self._map_widgets.items():
            self._wire_text(name, widget)
        return page

    def _build_card_page(self) -> QWidget:
        page = QWidget(self)
        self.card_form = form = QFormLayout(page)
        self.id_edit = QLineEdit(page)
        self.id_edit.setReadOnly(True)
        self.kind_combo = QComboBox(page)
        for kind in CARD_KINDS:
            self.kind_combo.addItem(kind, kind)
        self.side_combo = QComboBox(page)
        for side in SIDES:
            self.side_combo.addItem(SIDE_TITLES[side], side)
        self.tag_edit = QLineEdit(page)
        self.tag_edit.setPlaceholderText("the headline read out")
        self.text_edit = _plain_edit(page)
        self.speech_combo = QComboBox(page)
        self.speech_combo.setEditable(True)
        self.speech_combo.setInsertPolicy(QComboBox.NoInsert)
        self.speech_combo.addItems(["", *POLICY_SPEECHES])
        self.notes_edit = _plain_edit(page, 3)
        self.quote_edit = _plain_edit(page, 6)
        self.source_combo = QComboBox(page)
        self.by_edit = QLineEdit(page)
        self.at_edit = QLineEdit(page)
        self.at_edit.setPlaceholderText("page or paragraph")
        form.addRow("Id", self.id_edit)
        form.addRow("&Kind", self.kind_combo)
        form.addRow("Si&de", self.side_combo)
        form.addRow("T&ag", self.tag_edit)
        form.addRow("Te&xt", self.text_edit)
        form.addRow("S&peech", self.speech_combo)
        form.addRow("&Quote", self.quote_edit)
        form.addRow("&Source", self.source_combo)
        form.addRow("&By", self.by_edit)
        form.addRow("&At", self.at_edit)
        form.addRow("&Notes", self.notes_edit)
        self._card_widgets = {
            "tag": self.tag_edit,
            "text": self.text_edit,
            "speech": self.speech_combo.lineEdit(),
            "notes": self.notes_edit,
            "quote": self.quote_edit,
            "by": self.by_edit,
            "at": self.at_edit,
        }
        for name, widget in self._card_widgets.items():
            self._wire_text(name, widget)
        self.speech_combo.activated.connect(lambda _i: self._commit("speech"))
        self.kind_combo.activated.connect(lambda _i: self._set_kind(self.kind_combo.currentData()))
        self.side_combo.activated.connect(lambda _i: self._set_side(self.side_combo.currentData()))
        self.source_combo.activated.connect(lambda _i: self._set_source(self.source_combo.currentData()))
        return page

    def _build_relation_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.from_edit = QLineEdit(page)
        self.from_edit.setReadOnly(True)
        self.to_edit = QLineEdit(page)
        self.to_edit.setReadOnly(True)
        self.type_combo = QComboBox(page)
        for kind in RELATION_TYPES:
            self.type_combo.addItem(kind, kind)
        form.addRow("From", self.from_edit)
        form.addRow("&Type", self.type_combo)
        form.addRow("To", self.to_edit)
        self.type_combo.activated.connect(lambda _i: self._set_relation_type(self.type_combo.currentData()))
        return page

    def _wire_text(self, name: str, widget: QLineEdit | QPlainTextEdit) -> None:
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _t, n=name: self._dirty.add(n))
            widget.editingFinished.connect(lambda n=name: self._commit(n))
        else:
            widget.textChanged.connect(lambda n=name: self._typed(n))
            widget.installEventFilter(self)

    # -- binding -------------------------------------------------------------------------------

    def set_document(self, document: MapDocument) -> None:
        """Show another document (or the same one afresh)."""
        if self.document is not None:
            self.commit_pending()
            self.document.changed.disconnect(self._on_change)
            self.document.readOnlyChanged.disconnect(self._apply_read_only)
        self.document = document
        document.changed.connect(self._on_change)
        document.readOnlyChanged.connect(self._apply_read_only)
        self._dirty.clear()
        self._apply_read_only()
        self._on_selection()

    @property
    def amap(self):
        return self.document.amap

    def _apply_read_only(self, *_args) -> None:
        read_only = self.document.checking or self.document.read_only  # editable once checked
        for widget in (*self._card_widgets.values(), *self._map_widgets.values()):
            widget.setReadOnly(read_only)
        for combo in (
            self.kind_combo,
            self.side_combo,
            self.speech_combo,
            self.source_combo,
            self.type_combo,
        ):
            combo.setEnabled(not read_only)

    # -- what to show --------------------------------------------------------------------------

    def _on_selection(self) -> None:
        self.commit_pending()  # typing belongs to what was shown when it was typed
        self._dirty.clear()
        current = self.selection.current
        relation = self.selection.relation
        self.card_id = current if current in self.amap else None
        self.relation_key = (
            relation
            if self.card_id is None and relation is not None and self.amap.has_relation(*relation)
            else None
        )
        self._show()
        self._scroll.verticalScrollBar().setValue(0)  # another card: start at its top (Id, Kind, Tag)

    def _show(self) -> None:
        if self.card_id is not None:
            self.pages.setCurrentIndex(1)
            n = len(self.selection.card_ids)
            self.heading.setText("Card" if n <= 1 else f"{n} cards selected; showing the last one")
            self._load_card()
        elif self.relation_key is not None:
            self.pages.setCurrentIndex(2)
            self.heading.setText("Relation")
            self._load_relation()
        else:
            self.pages.setCurrentIndex(0)
            self.heading.setText("Map")
            self._load_map()

    def _set_text(self, name: str, widget: QLineEdit | QPlainTextEdit, value: str) -> None:
        """Put a model value in a field, unless the field holds typing of its own."""
        if name in self._dirty:
            return
        self._loading = True
        try:
            if isinstance(widget, QLineEdit):
                if widget.text() != value:
                    widget.setText(value)
                    widget.setCursorPosition(0) if not widget.hasFocus() else None
            elif widget.toPlainText() != value:
                widget.setPlainText(value)
        finally:
            self._loading = False

    def _load_card(self) -> None:
        card = self.amap.card(self.card_id)
        self.id_edit.setText(card.id)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(card.kind))
        self.side_combo.setCurrentIndex(self.side_combo.findData(card.side))
        for name, widget in self._card_widgets.items():
            self._set_text(name, widget, self._card_value(card, name))
        self._load_sources(card)
        evidence = card.kind == "evidence"
        for widget in (self.quote_edit, self.source_combo, self.by_edit, self.at_edit):
            self.card_form.setRowVisible(widget, evidence)

    def _load_sources(self, card: Card) -> None:
        combo = self.source_combo
        combo.clear()
        combo.addItem("(no source)", "")
        for source in self.amap.sources.values():
            combo.addItem(f"{source.title or source.id} ({source.id})", source.id)
        cited = card.cite.source if card.cite else ""
        if cited and cited not in self.amap.sources:
            combo.addItem(f"{cited} (not in the map's sources)", cited)
        combo.setCurrentIndex(max(0, combo.findData(cited)))

    def _load_relation(self) -> None:
        source, target = self.relation_key
        relation = self.amap.relation(source, target)
        self.from_edit.setText(f"{source}: {self.amap.card(source).headline}")
        self.to_edit.setText(f"{target}: {self.amap.card(target).headline}")
        self.from_edit.setCursorPosition(0)
        self.to_edit.setCursorPosition(0)
        self.type_combo.setCurrentIndex(self.type_combo.findData(relation.type))

    def _load_map(self) -> None:
        self._set_text("title", self.title_edit, self.amap.info.title)
        self._set_text("description", self.description_edit, self.amap.info.description)
        n_cards, n_rel = len(self.amap), self.amap.graph.number_of_edges()
        self.map_stats.setText(
            f"{n_cards} card{'s' if n_cards != 1 else ''}, "
            f"{n_rel} relation{'s' if n_rel != 1 else ''}, {len(self.amap.sources)} sources"
        )

    # -- following the map ---------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.what == "batch":
            self._on_batch(change)
            return
        what, key = change.what, change.key
        if self.card_id is not None:
            if what == "card-removed" and key == self.card_id:
                self.card_id = None
                self._dirty.clear()
                self._show()
            elif (what == "card-changed" and key == self.card_id) or what == "sources-changed":
                self._load_card()
        elif self.relation_key is not None:
            if what == "relation-removed" and key == self.relation_key:
                self.relation_key = None
                self._show()
            elif what == "relation-changed" and key == self.relation_key or what == "card-changed":
                self._load_relation()
        elif what in _MAP_PAGE_NOTICES or what == "batch-ended":
            if not self.amap.batching:  # counting relations walks the map: once a batch, at its end
                self._load_map()

    def _on_batch(self, change: Change) -> None:
        """A whole batch at once: what is shown is reloaded once at most, whatever its size."""
        if self.card_id is not None:
            if change.keys("card-removed") and self.card_id not in self.amap:
                self.card_id = None
                self._dirty.clear()
                self._show()  # the map's page, read as it is now
            elif self.card_id in change.keys("card-changed") or change.has("sources-changed"):
                self._load_card()
        elif self.relation_key is not None:
            if change.keys("relation-removed") and not self.amap.has_relation(*self.relation_key):
                self.relation_key = None
                self._show()
            elif self.relation_key in change.keys("relation-changed") or change.has("card-changed"):
                self._load_relation()
        elif change.has(*_MAP_PAGE_NOTICES):
            self._load_map()

    # -- committing ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.FocusOut:
            for name, widget in (*self._card_widgets.items(), *self._map_widgets.items()):
                if widget is watched:
                    self._commit(name)
        return super().eventFilter(watched, event)

    def _typed(self, name: str) -> None:
        if self._loading:
            return
        self._dirty.add(name)
        self._idle.start()

    def commit_pending(self) -> None:
        """Commit every field holding uncommitted typing (before the shown card changes, or on a pause)."""
        self._idle.stop()
        for name in list(self._dirty):
            self._commit(name)

    def _commit(self, name: str) -> None:
        if self._loading or self.document is None:
            return
        self._dirty.discard(name)
        if name in editing.MAP_FIELD_LABELS:
            self._commit_map(name)
            return
        if self.card_id is None or self.card_id not in self.amap:
            return
        widget = self._card_widgets[name]
        typed = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
        outcome = editing.set_field(self.amap, self.card_id, name, typed, merge=True)
        if outcome == editing.NOTHING:
            if clean_for(name, typed) != typed:
                self._load_card()  # only pasted control characters changed: show the field cleaned
            return
        if not self.document.push_proposal(outcome) and outcome != editing.Refusal(editing.NEEDS_TEXT):
            self._load_card()  # refused (read-only): show the map's value again
        elif clean_for(name, typed) != typed:
            self._load_card()  # pasted tabs, breaks and control characters stopped at the field
        # A card left without text keeps its old text in the map (the status bar says so) while the
        # field stays as typed, so the user can go on typing the new text.

    def _commit_map(self, name: str) -> None:
        if self.card_id is not None or self.relation_key is not None:
            return
        value = self.title_edit.text() if name == "title" else self.description_edit.toPlainText()
        outcome = editing.set_map_field(self.amap, name, value)
        if outcome != editing.NOTHING and not self.document.push_proposal(outcome):
            self._load_map()  # refused (no title, read-only): show the map's value again

    @staticmethod
    def _card_value(card: Card, name: str) -> str:
        if name in ("by", "at"):
            return getattr(card.cite, name) if card.cite else ""
        return str(getattr(card, name))

    def _push_card(self, outcome: editing.Outcome) -> None:
        if outcome != editing.NOTHING and not self.document.push_proposal(outcome):
            self._load_card()

    def _set_kind(self, kind: str) -> None:
        if self.card_id is None:
            return
        self.commit_pending()
        self._push_card(editing.set_kind(self.amap, self.card_id, kind))

    def _set_side(self, side: str) -> None:
        if self.card_id is not None:
            self._push_card(editing.set_side(self.amap, self.card_id, side))

    def _set_source(self, source_id: str) -> None:
        if self.card_id is None:
            return
        self._push_card(editing.set_source(self.amap, self.card_id, source_id))

    def _set_relation_type(self, kind: str) -> None:
        if self.relation_key is None:
            return
        outcome = editing.retype_relation(self.amap, self.relation_key, kind)
        if outcome != editing.NOTHING and not self.document.push_proposal(outcome):
            self._load_relation()


__all__ = ["InspectorDock", "IDLE_COMMIT_MS"]
