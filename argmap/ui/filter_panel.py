"""The filter panel: which kinds, sides and speeches the canvas shows, and focus mode.

Every change emits ``filterChanged`` with the whole :class:`~argmap.visibility.ViewFilter`. A group
with every box ticked means "all" (an empty set in the filter); the last ticked box of a group cannot
be unticked, since a filter showing no kind at all would show an empty map for no reason.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..model import CARD_KINDS, POLICY_SPEECHES, SIDES, Change
from ..visibility import ViewFilter
from .document import MapDocument
from .selection import Selection

NO_SPEECH = ""
NO_SPEECH_TITLE = "(no speech)"
SPEECH_ROLE = Qt.UserRole + 1
SIDE_TITLES = {"for": "For (aff)", "against": "Against (neg)"}


class FilterPanel(QWidget):
    """Checkboxes for kinds and sides, a checkable list of the map's speeches, focus mode, "Show all"."""

    filterChanged = Signal(object)  # a ViewFilter

    def __init__(
        self,
        document: MapDocument,
        selection: Selection | QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        # Callers may pass (document, parent) too: a widget in the selection's place is the parent.
        if isinstance(selection, QWidget) and parent is None:
            selection, parent = None, selection
        super().__init__(parent)
        self.setWindowTitle("Filters")
        self.selection = selection
        self.document: MapDocument | None = None
        self._unticked_speeches: set[str] = set()
        self._speech_of: dict[str, str] = {}  # card id -> its speech, kept in step card by card
        self._speech_counts: dict[str, int] = {}
        self._emitted = ViewFilter()
        self._updating = False
        self._emit_after_batch = False  # a card came or went in a batch: emit once, when it ends

        layout = QVBoxLayout(self)
        kinds_box = QGroupBox("Kinds", self)
        kinds_layout = QVBoxLayout(kinds_box)
        self.kind_boxes: dict[str, QCheckBox] = {}
        for kind in CARD_KINDS:
            box = QCheckBox(kind.capitalize(), kinds_box)
            box.setChecked(True)
            kinds_layout.addWidget(box)
            self.kind_boxes[kind] = box
        sides_box = QGroupBox("Sides", self)
        sides_layout = QVBoxLayout(sides_box)
        self.side_boxes: dict[str, QCheckBox] = {}
        for side in SIDES:
            box = QCheckBox(SIDE_TITLES[side], sides_box)
            box.setChecked(True)
            sides_layout.addWidget(box)
            self.side_boxes[side] = box
        speeches_box = QGroupBox("Speeches", self)
        speeches_layout = QVBoxLayout(speeches_box)
        self.speech_list = QListWidget(speeches_box)
        speeches_layout.addWidget(self.speech_list)
        focus_box = QGroupBox("Focus", self)
        focus_layout = QHBoxLayout(focus_box)
        self.focus_check = QCheckBox("Only the selected card and", focus_box)
        self.focus_check.setToolTip(
            "Show only the current card and the cards within this many relations of it"
        )
        self.depth_spin = QSpinBox(focus_box)
        self.depth_spin.setRange(0, 20)
        self.depth_spin.setValue(1)
        self.depth_spin.setSuffix(" step(s)")
        focus_layout.addWidget(self.focus_check)
        focus_layout.addWidget(self.depth_spin)
        focus_box.setEnabled(selection is not None)
        self.show_all_button = QPushButton("&Show all", self)
        for widget in (kinds_box, sides_box, speeches_box, focus_box, self.show_all_button):
            layout.addWidget(widget)
        layout.addStretch(1)

        for group in (self.kind_boxes, self.side_boxes):
            for box in group.values():
                box.toggled.connect(lambda _on, g=group: self._box_toggled(g))
        self.speech_list.itemChanged.connect(self._speech_toggled)
        self.focus_check.toggled.connect(self._focus_toggled)
        self.depth_spin.valueChanged.connect(self._emit)
        self.show_all_button.clicked.connect(self.reset)
        if selection is not None:
            selection.changed.connect(self._selection_changed)
        self._focus: str | None = None
        self.set_document(document)

    # -- binding -------------------------------------------------------------------------------

    def set_document(self, document: MapDocument) -> None:
        """Filter another document's map (or the same one afresh)."""
        if self.document is not None:
            self.document.changed.disconnect(self._on_change)
        self.document = document
        document.changed.connect(self._on_change)
        self._count_speeches()
        self._fill_speeches()
        self._emit()

    @property
    def view_filter(self) -> ViewFilter:
        """The filter the boxes describe now."""
        kinds = {k for k, box in self.kind_boxes.items() if box.isChecked()}
        sides = {s for s, box in self.side_boxes.items() if box.isChecked()}
        present = self._speeches_present()
        speeches = {s for s in present if s not in self._unticked_speeches}
        focus = self._focus if self.focus_check.isChecked() else None
        return ViewFilter(
            kinds=set() if len(kinds) == len(self.kind_boxes) else kinds,
            sides=set() if len(sides) == len(self.side_boxes) else sides,
            speeches=set() if speeches == present else speeches,
            focus=focus,
            focus_depth=self.depth_spin.value(),
        )

    def set_view_filter(self, view_filter: ViewFilter) -> None:
        """Show a filter set elsewhere (the window's focus action) without emitting it back."""
        self._updating = True
        try:
            for kind, box in self.kind_boxes.items():
                box.setChecked(not view_filter.kinds or kind in view_filter.kinds)
            for side, box in self.side_boxes.items():
                box.setChecked(not view_filter.sides or side in view_filter.sides)
            present = self._speeches_present()
            self._unticked_speeches = {
                s for s in present if view_filter.speeches and s not in view_filter.speeches
            }
            self._fill_speeches()
            self._focus = view_filter.focus
            self.focus_check.setChecked(view_filter.focus is not None)
            self.depth_spin.setValue(view_filter.focus_depth)
        finally:
            self._updating = False
        self._lock_last_boxes()
        self._emitted = self.view_filter

    def reset(self) -> None:
        """Show every card: tick every box and leave focus mode."""
        self._unticked_speeches.clear()
        self.set_view_filter(ViewFilter(focus_depth=self.depth_spin.value()))
        self._emit(force=True)

    # -- reacting ------------------------------------------------------------------------------

    def _emit(self, *_args, force: bool = False) -> None:
        if self._updating:
            return
        self._lock_last_boxes()
        current = self.view_filter
        if force or current != self._emitted:
            self._emitted = current
            self.filterChanged.emit(current)

    def _focus_toggled(self, on: bool) -> None:
        if self._updating:
            return
        self._focus = self.selection.current if on and self.selection is not None else None
        self._emit()

    def _box_toggled(self, _group: dict[str, QCheckBox]) -> None:
        self._emit()

    def _lock_last_boxes(self) -> None:
        for group in (self.kind_boxes, self.side_boxes):
            ticked = [box for box in group.values() if box.isChecked()]
            for box in group.values():
                box.setEnabled(not (len(ticked) == 1 and box is ticked[0]))

    def _speech_toggled(self, item: QListWidgetItem) -> None:
        if self._updating:
            return
        speech = item.data(SPEECH_ROLE)
        if item.checkState() == Qt.Checked:
            self._unticked_speeches.discard(speech)
        else:
            present = self._speeches_present()
            if len(present - self._unticked_speeches) <= 1:  # the last ticked one stays ticked
                self._updating = True
                item.setCheckState(Qt.Checked)
                self._updating = False
                return
            self._unticked_speeches.add(speech)
        self._emit()

    def _selection_changed(self) -> None:
        current = self.selection.current
        if self.focus_check.isChecked() and current is not None and current != self._focus:
            self._focus = current
            self._emit()

    def _on_change(self, change: Change) -> None:
        if change.what == "batch-ended" and self._emit_after_batch:
            self._emit_after_batch = False
            self._emit()
        if not change.has("card-added", "card-removed", "card-changed", "reset"):
            return
        before = set(self._speech_counts)
        if change.has("reset"):
            self._count_speeches()
        else:  # a whole batch: each card it touched recounted, the list refilled and the filter sent once
            for what in ("card-added", "card-removed", "card-changed"):
                for key in change.keys(what):
                    self._recount_card(str(key))
        if set(self._speech_counts) != before:
            self._fill_speeches()
        if self._focus is not None and self._focus in change.keys("card-removed"):
            # Focus ends with its card: untick it, or the next click would silently re-engage it.
            self._focus = None
            self._updating = True
            self.focus_check.setChecked(False)
            self._updating = False
        if self.document.amap.batching:  # once for a batch of 10,000 cards, not once per card
            self._emit_after_batch = True
        else:
            self._emit()

    # -- speeches ------------------------------------------------------------------------------

    def _count_speeches(self) -> None:
        """How many cards each speech has, from the whole map (on binding and on "reset" only)."""
        self._speech_of = {card.id: card.speech for card in self.document.amap.cards()}
        self._speech_counts = {}
        for speech in self._speech_of.values():
            self._speech_counts[speech] = self._speech_counts.get(speech, 0) + 1

    def _recount_card(self, card_id: str) -> None:
        """Follow one card's speech: it came, went, or changed."""
        old = self._speech_of.pop(card_id, None)
        if old is not None:
            left = self._speech_counts.get(old, 0) - 1
            if left > 0:
                self._speech_counts[old] = left
            else:
                self._speech_counts.pop(old, None)
        amap = self.document.amap
        if card_id in amap:
            speech = amap.card(card_id).speech
            self._speech_of[card_id] = speech
            self._speech_counts[speech] = self._speech_counts.get(speech, 0) + 1

    def _speeches_present(self) -> set[str]:
        return set(self._speech_counts)

    @staticmethod
    def _ordered(speeches: set[str]) -> list[str]:
        policy = [s for s in POLICY_SPEECHES if s in speeches]
        others = sorted(s for s in speeches if s not in POLICY_SPEECHES and s != NO_SPEECH)
        return policy + others + ([NO_SPEECH] if NO_SPEECH in speeches else [])

    def _listed_speeches(self) -> list[str]:
        return [self.speech_list.item(i).data(SPEECH_ROLE) for i in range(self.speech_list.count())]

    def _fill_speeches(self) -> None:
        was = self._updating
        self._updating = True
        try:
            self.speech_list.clear()
            for speech in self._ordered(self._speeches_present()):
                item = QListWidgetItem(speech or NO_SPEECH_TITLE)
                item.setData(SPEECH_ROLE, speech)
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Unchecked if speech in self._unticked_speeches else Qt.Checked)
                self.speech_list.addItem(item)
        finally:
            self._updating = was

    def speech_item(self, speech: str) -> QListWidgetItem | None:
        """The list row for a speech ("" for cards without one), if the map has such cards."""
        for i in range(self.speech_list.count()):
            if self.speech_list.item(i).data(SPEECH_ROLE) == speech:
                return self.speech_list.item(i)
        return None


__all__ = ["FilterPanel"]
