"""The Changes panel: what the open map has added, changed and removed against another version.

Added and changed cards are marked on the canvas (a ring and a word, plain text); every difference is
listed, and choosing a line selects and shows its card. The comparison follows edits as they happen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..conflicts import show_value
from ..diff import MapDiff, diff_maps, show_field_change
from ..model import ArgumentMap, Change

MARK_COLOURS = {"added": "#1a7f37", "changed": "#b35900"}
MARK_WORDS = {"added": "ADDED", "changed": "CHANGED"}
CARD_ROLE = Qt.UserRole
DETAILS_ROLE = Qt.UserRole + 1


class CompareDock(QDockWidget):
    """Lists the differences between the open map and ``other``; marks them on the window's canvas."""

    closedComparison = Signal()

    def __init__(self, window) -> None:
        super().__init__("Changes", window)
        self.setObjectName("changes-dock")
        self.window_ = window
        self.other: ArgumentMap | None = None
        self.other_name = ""
        self.since_saved = False
        self.diff: MapDiff | None = None
        box = QWidget(self)
        layout = QVBoxLayout(box)
        self.summary = QLabel(box)
        self.summary.setTextFormat(Qt.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = QListWidget(box)
        self.list.itemActivated.connect(self._show_item)
        self.list.itemClicked.connect(self._show_item)
        self.list.currentItemChanged.connect(self._show_details)
        layout.addWidget(self.list, 2)
        # What exactly changed in the line chosen: each field, texts word by word.
        self.details = QPlainTextEdit(box)
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Choose a line to see what changed, word by word.")
        layout.addWidget(self.details, 1)
        self.stop_button = QPushButton("Stop Comparing", box)
        self.stop_button.clicked.connect(self.stop)
        layout.addWidget(self.stop_button)
        self.setWidget(box)
        # Edits come one card at a time; the comparison is redone once they pause.
        self._refresh_timer = QTimer(self, singleShot=True, interval=200, timeout=self.refresh)
        self._document = None
        self.hide()

    # -- comparing ---------------------------------------------------------------------------

    def compare_with(self, other: ArgumentMap, name: str, *, since_saved: bool = False) -> MapDiff:
        """Compare the open map with ``other``: the saved file (what changed since) or another map
        (what this map has that it has not)."""
        self.other, self.other_name, self.since_saved = other, name, since_saved
        self._follow(self.window_.document)
        self.refresh()
        self.show()
        self.raise_()
        return self.diff  # type: ignore[return-value]

    def stop(self) -> None:
        self.other = None
        self.diff = None
        self._follow(None)
        self.list.clear()
        scene = self.window_.scene
        if scene is not None:
            scene.set_marks({})
        self.hide()
        self.closedComparison.emit()

    def document_changed(self, document) -> None:
        """Another map is now shown in the window: a comparison with the last one means nothing."""
        if self.other is not None:
            self.stop()

    def _follow(self, document) -> None:
        if self._document is not None:
            self._document.amap.unsubscribe(self._on_change)
        self._document = document
        if document is not None:
            document.amap.subscribe(self._on_change, batches=True)  # a Batch: one notice, one timer start

    def _on_change(self, change: Change) -> None:
        if change.what != "batch-ended" and self.other is not None:
            self._refresh_timer.start()

    def refresh(self) -> None:
        if self.other is None:
            return
        amap = self.window_.document.amap
        d = self.diff = diff_maps(self.other, amap)
        scene = self.window_.scene
        if scene is not None:
            from ..render.items import Mark

            scene.set_marks(
                {cid: Mark(MARK_COLOURS[how], MARK_WORDS[how]) for cid, how in d.changed_card_ids().items()}
            )
        added, changed, removed = len(d.cards_added), len(d.cards_changed), len(d.cards_removed)
        if d.equal:
            text = f"The same map as {self.other_name}."
        elif self.since_saved:
            text = f"Since {self.other_name} was saved: {added} added, {changed} changed, {removed} removed."
        else:
            text = (
                f"This map against {self.other_name}: {added} cards only here, {changed} changed, "
                f"{removed} only in {self.other_name}."
            )
        self.summary.setText(
            text + ("\nADDED and CHANGED mark the cards on the map." if added + changed else "")
        )
        self.list.clear()
        gone = "Removed since saved" if self.since_saved else f"Only in {self.other_name}"
        new = "Added" if self.since_saved else "Only here"
        self.details.clear()
        for line, card_id, details in _lines(d, amap, new, gone):
            item = QListWidgetItem(line)
            item.setData(CARD_ROLE, card_id)
            item.setData(DETAILS_ROLE, details)
            self.list.addItem(item)

    def _show_details(self, item: QListWidgetItem | None) -> None:
        self.details.setPlainText(item.data(DETAILS_ROLE) or "" if item is not None else "")

    def _show_item(self, item: QListWidgetItem) -> None:
        card_id = item.data(CARD_ROLE)
        if card_id and card_id in self.window_.document.amap:
            self.window_.selection.set([card_id])
            self.window_.view.center_on_card(card_id)


def _lines(d: MapDiff, amap: ArgumentMap, new: str, gone: str) -> list[tuple[str, str | None, str]]:
    """Each difference as a line of the panel, the card it is about (None: not on this map) and the
    details shown when the line is chosen."""
    out: list[tuple[str, str | None, str]] = []
    for change in d.info:
        out.append(
            (
                f"Map {change.field}: {show_value(change.old)} → {show_value(change.new)}",
                None,
                show_field_change(change),
            )
        )
    for card in d.cards_added:
        out.append((f"{new}: {_headline(card)}", card["id"], _record(card)))
    for change in d.cards_changed:
        card = amap.card(change.id)
        fields = ", ".join(f.field for f in change.fields)
        out.append(
            (
                f"Changed ({fields}): {card.id} — {show_value(card.headline, 60)}",
                change.id,
                "\n".join(show_field_change(f) for f in change.fields),
            )
        )
    for card in d.cards_removed:
        out.append((f"{gone}: {_headline(card)}", None, _record(card)))
    rel_new, rel_gone = f"Relation {new[0].lower()}{new[1:]}", f"Relation {gone[0].lower()}{gone[1:]}"
    for rel in d.relations_added:
        out.append((f"{rel_new}: {rel['from']} {rel['type']} {rel['to']}", rel["from"], ""))
    for rel in d.relations_removed:
        out.append((f"{rel_gone}: {rel['from']} {rel['type']} {rel['to']}", rel["from"], ""))
    for r in d.relations_retyped:
        out.append((f"Relation {r.source} → {r.target}: {r.old} became {r.new}", r.source, ""))
    for source in d.sources_added:
        out.append((f"Source added: {source['id']}", None, _record(source)))
    for source in d.sources_removed:
        out.append((f"Source removed: {source['id']}", None, _record(source)))
    for change in d.sources_changed:
        out.append(
            (
                f"Source changed: {change.id} ({', '.join(f.field for f in change.fields)})",
                None,
                "\n".join(show_field_change(f) for f in change.fields),
            )
        )
    moved = d.moved + d.placed + d.unplaced
    if moved:
        out.append(
            (f"Layout: {len(moved)} card{'s' if len(moved) != 1 else ''} moved", None, ", ".join(moved))
        )
    return out


def _record(record: dict) -> str:
    return "\n".join(f"{k}: {v}" for k, v in record.items())


def _headline(card: dict) -> str:
    headline = card.get("tag") or card.get("text") or card.get("quote") or ""
    return f"{card['id']} — {show_value(headline, 60)}"
