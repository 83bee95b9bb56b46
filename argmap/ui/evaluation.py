"""View ▸ Evaluation Overlay and the what-if suppositions: which cards stand, coloured on the map.

The overlay labels every card (accepted, rejected, undecided; docs/evaluation.md) and follows every
edit, recomputing once per burst of changes. A supposition ("suppose this card refuted / conceded")
lives in the window, never in the map file; it is exploring, not editing, so it is no undo step and never
marks the map modified (Clear Supposition takes it back), and the cards whose label it changes are ringed
and listed.

``install(window)`` adds the actions and the What-if panel and follows ``window.documentChanged``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..analysis import (
    AnalysisError,
    Evaluation,
    LabelChange,
    TooLargeToEnumerate,
    diff_labels,
    evaluate,
    framework,
)
from ..explain import explain
from ..model import Change
from ..render.items import Mark
from .plain_text import tooltip

# OUT is purple, not red: red already means the negative side on every card (issue #12).
COLORS = {"in": QColor("#2e7d32"), "out": QColor("#7b1fa2"), "undec": QColor("#e69500")}
SHORT = {"in": "IN", "out": "OUT", "undec": "UNDEC"}
SEMANTICS_TITLES = {"grounded": "&Grounded (cautious)", "preferred": "&Preferred", "stable": "&Stable"}
REFUTED, CONCEDED = "refuted", "conceded"
CARD_ID_ROLE = Qt.UserRole + 1


def install(window) -> EvaluationOverlay:
    """Add the overlay, the semantics choice, the what-if actions and the What-if panel to ``window``."""
    overlay = EvaluationOverlay(window)
    window.evaluation_overlay = overlay  # kept alive with the window
    return overlay


# Notices that change nothing the evaluation reads.
_NOT_THE_ARGUMENT = (
    "position-changed",
    "collapsed-changed",
    "info-changed",
    "sources-changed",
    "batch-ended",
)


class EvaluationOverlay(QObject):
    """The overlay's state for one window: on or off, the semantics, the suppositions, the last result."""

    updated = Signal()  # after every recomputation (the labels, the changed cards, the message)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self.document = None
        self.suppositions: dict[str, str] = {}
        self.evaluation: Evaluation | None = None  # with the suppositions applied
        self.changed: dict[str, LabelChange] = {}  # cards whose label the suppositions change
        self.message = ""  # what the overlay shows, in words (semantics, fallbacks, counts)
        self._highlighted: set[str] = set()
        self._find_active = False
        self._announce = False  # say what changed after the next recomputation
        # Attack graphs found too large to enumerate, with why: an edit that leaves the rebuttals as
        # they were (any text edit) falls back to grounded at once instead of searching again.
        self._too_large: dict[tuple, str] = {}
        self._timer = QTimer(self, singleShot=True, interval=0, timeout=self.recompute)
        self._build_actions()
        self._build_panel()
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.PlainText)
        self.status_label.hide()
        window.statusBar().addPermanentWidget(self.status_label)
        window.find_bar.matchesChanged.connect(self._on_find_matches)
        if window.scene is not None:
            self._attach(window.document)
        window.context.offer_card_actions((self.act_refute, self.act_concede, self.act_clear))
        window.documentChanged.connect(self._on_document_changed)
        # Why a card stands or falls: said for the selected card, and on hover as a tooltip.
        self.explanation = ""
        window.selection.changed.connect(lambda: self._explain_selection(say=True))
        self.updated.connect(lambda: self._explain_selection(say=False))
        window.view.viewport().installEventFilter(self)

    def _on_document_changed(self, document) -> None:
        if document is not self.document:
            self._attach(document)
        else:
            self.schedule()  # the same document in a fresh scene: mark it again

    # -- construction ------------------------------------------------------------------------

    def _build_actions(self) -> None:
        w = self.window
        self.act_overlay = QAction("Evaluation &Overlay", w, checkable=True, shortcut=QKeySequence("Ctrl+E"))
        self.act_overlay.setStatusTip(
            "Colour every card by whether it stands: green IN, purple OUT, amber UNDEC; "
            "select or hover a card to see why"
        )
        self.act_overlay.setChecked(self.settings.value("evaluation/overlay", False, type=bool))
        self.act_overlay.toggled.connect(self._on_overlay_toggled)
        self.semantics_group = QActionGroup(self)
        self.semantics_actions: dict[str, QAction] = {}
        chosen = self.settings.value("evaluation/semantics", "grounded")
        for key, title in SEMANTICS_TITLES.items():
            act = QAction(title, w, checkable=True)
            act.setChecked(key == chosen)
            act.triggered.connect(lambda _=False, k=key: self.set_semantics(k))
            self.semantics_group.addAction(act)
            self.semantics_actions[key] = act
        if not any(a.isChecked() for a in self.semantics_actions.values()):
            self.semantics_actions["grounded"].setChecked(True)
        self.act_refute = QAction(
            "Suppose &Refuted",
            w,
            shortcut=QKeySequence("Ctrl+Alt+R"),
            triggered=lambda: self.suppose(REFUTED),
        )
        self.act_refute.setStatusTip(
            "What if the selected cards were refuted? (not saved in the map; Ctrl+Alt+X clears it)"
        )
        self.act_concede = QAction(
            "Suppose &Conceded",
            w,
            shortcut=QKeySequence("Ctrl+Alt+C"),
            triggered=lambda: self.suppose(CONCEDED),
        )
        self.act_concede.setStatusTip(
            "What if the selected cards were conceded? (not saved in the map; Ctrl+Alt+X clears it)"
        )
        self.act_clear = QAction(
            "C&lear Supposition", w, shortcut=QKeySequence("Ctrl+Alt+X"), triggered=self.clear_selected
        )
        self.act_clear_all = QAction("Clear &All Suppositions", w, triggered=self.clear_all)
        for act in (self.act_overlay, self.act_refute, self.act_concede, self.act_clear, self.act_clear_all):
            w.addAction(act)
        menus = w.context.menus
        menus.view.addSeparator()
        menus.view.addAction(self.act_overlay)
        sem_menu = menus.view.addMenu("Evaluation &Semantics")
        for act in self.semantics_actions.values():
            sem_menu.addAction(act)
        whatif = menus.edit.addMenu("&What-if")
        for act in (self.act_refute, self.act_concede, self.act_clear, self.act_clear_all):
            whatif.addAction(act)

    def _build_panel(self) -> None:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel("Suppose a card refuted or conceded (Edit ▸ What-if) to see what changes.")
        self.summary.setTextFormat(Qt.PlainText)
        self.summary.setWordWrap(True)
        self.why_label = QLabel()  # why the selected card stands or falls
        self.why_label.setTextFormat(Qt.PlainText)
        self.why_label.setWordWrap(True)
        self.why_label.hide()
        layout.addWidget(self.why_label)
        self.list = QListWidget()
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.itemClicked.connect(self._on_item_activated)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.dock = QDockWidget("What-if", self.window)
        self.dock.setObjectName("WhatIfDock")
        self.dock.setWidget(box)
        self.window.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        context = self.window.context
        if context.side_docks:
            self.window.tabifyDockWidget(context.side_docks[-1], self.dock)
            context.side_docks[0].raise_()
        self.dock.hide()
        context.menus.panels.addAction(self.dock.toggleViewAction())

    # -- documents ---------------------------------------------------------------------------

    def _attach(self, document) -> None:
        if self.document is not None:
            self.document.changed.disconnect(self._on_change)
        self.document = document
        self.suppositions = {}  # they belong to the map on screen; its undo stack went with it
        document.changed.connect(self._on_change)
        self.schedule()

    def _on_change(self, change: Change) -> None:
        if any(part.what not in _NOT_THE_ARGUMENT for part in change.each()):
            self.schedule()

    def schedule(self) -> None:
        """Recompute once the current burst of edits is over."""
        self._timer.start()

    # -- settings ----------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return self.act_overlay.isChecked()

    def set_enabled(self, on: bool) -> None:
        self.act_overlay.setChecked(on)

    @property
    def semantics(self) -> str:
        return next((k for k, a in self.semantics_actions.items() if a.isChecked()), "grounded")

    def set_semantics(self, key: str) -> None:
        self.semantics_actions[key].setChecked(True)
        self.settings.setValue("evaluation/semantics", key)
        self.schedule()

    def _on_overlay_toggled(self, on: bool) -> None:
        self.settings.setValue("evaluation/overlay", on)
        self.recompute()

    # -- what-if -----------------------------------------------------------------------------

    def suppose(self, kind: str, card_ids=None) -> bool:
        """Suppose the cards (the selected ones by default) refuted or conceded (not an undo step)."""
        ids = [
            c
            for c in (card_ids if card_ids is not None else self.window.selection.card_ids)
            if c in self.document.amap
        ]
        if not ids:
            self.window.statusBar().showMessage("Select the cards to suppose refuted or conceded", 4000)
            return False
        after = dict(self.suppositions)
        after.update({c: kind for c in ids})
        if after == self.suppositions:
            return False
        self._set_suppositions(self.document, after)
        self.set_enabled(True)
        self.dock.show()
        return True

    def clear_selected(self) -> bool:
        ids = [c for c in self.window.selection.card_ids if c in self.suppositions]
        if not ids:
            return False
        after = {c: k for c, k in self.suppositions.items() if c not in ids}
        self._set_suppositions(self.document, after)
        return True

    def clear_all(self) -> bool:
        if not self.suppositions:
            return False
        self._set_suppositions(self.document, {})
        return True

    def _set_suppositions(self, document, suppositions: dict[str, str]) -> None:
        # A supposition is exploring, not editing: no undo step, never "modified" (issue #12).
        if document is not self.document:
            return
        self.suppositions = dict(suppositions)
        self._announce = True
        self.recompute()

    # -- evaluation --------------------------------------------------------------------------

    def recompute(self) -> None:
        """Evaluate the map (with and without the suppositions) and mark the scene."""
        self._timer.stop()
        scene = self.window.scene
        if self.document is None or scene is None:
            return
        if not self.enabled:
            self.evaluation, self.changed, self.message = None, {}, ""
            scene.set_marks({})
            self._set_highlights(set())
            self.status_label.hide()
            self._fill_panel()
            self.updated.emit()
            return
        amap = self.document.amap
        supposed = {c: k for c, k in self.suppositions.items() if c in amap}
        semantics, note = self.semantics, ""
        shape = self._shape(amap, semantics, supposed)
        too_large = self._too_large.get(shape) if shape is not None else None
        if too_large is None:
            try:
                base = evaluate(amap, semantics)
                after = evaluate(amap, semantics, supposed) if supposed else base
            except TooLargeToEnumerate as exc:
                too_large = str(exc)
                if shape is not None:
                    if len(self._too_large) >= 8:
                        self._too_large.clear()
                    self._too_large[shape] = too_large
            except AnalysisError as exc:  # a supposition the analysis cannot take: say so, draw nothing
                self.message = f"Evaluation: {exc}"
                self.window.statusBar().showMessage(self.message, 8000)
                scene.set_marks({})
                return
        if too_large is not None:
            note = f"{too_large} — showing grounded labels"
            semantics = "grounded"
            base = evaluate(amap, semantics)
            after = evaluate(amap, semantics, supposed) if supposed else base
        self.evaluation = after
        self.changed = diff_labels(base, after) if supposed else {}
        marks = {}
        for card_id, label in after.labels.items():
            text = SHORT[label]
            if card_id in supposed:
                text += " (supposed)"
            elif card_id in self.changed and self.changed[card_id].before:
                text += f" (was {SHORT[self.changed[card_id].before]})"
            marks[card_id] = Mark(COLORS[label], text)
        scene.set_marks(marks)
        self._set_highlights(set(self.changed) - set(supposed))
        counts = {lab: sum(1 for v in after.labels.values() if v == lab) for lab in SHORT}
        self.message = self._describe(after, semantics, counts, note)
        self.status_label.setText(self.message)
        self.status_label.show()
        if note:
            self.window.statusBar().showMessage(note, 8000)
        if self._announce:
            self._announce = False
            self.window.statusBar().showMessage(self.change_sentence(), 10000)
        self._fill_panel()
        self.updated.emit()

    @staticmethod
    def _shape(amap, semantics: str, supposed: dict[str, str]) -> tuple | None:
        """What preferred or stable labels depend on: the attack graphs with and without suppositions."""
        if semantics == "grounded":
            return None
        try:
            graphs = [framework(amap)] + ([framework(amap, supposed)] if supposed else [])
        except AnalysisError:
            return None
        return (semantics, *(frozenset(fw.attacks()) for fw in graphs), tuple(amap.card_ids()))

    def _describe(self, ev: Evaluation, semantics: str, counts: dict[str, int], note: str) -> str:
        text = f"{semantics.capitalize()}: {counts['in']} IN · {counts['out']} OUT · {counts['undec']} UNDEC"
        if semantics != "grounded":
            n = len(ev.extensions)
            text += (
                f" (sceptical over {n} extension{'s' if n != 1 else ''}: IN = in every one)"
                if n
                else " (no extension: every card undecided)"
            )
        if self.suppositions:
            text += f" — what-if: {len(self.suppositions)} supposed, {len(self.changed)} changed"
        return text

    def change_sentence(self) -> str:
        """'3 cards change: A (IN → OUT), ...' for the status bar."""
        supposed = set(self.suppositions)
        moved = [c for c in self.changed if c not in supposed]
        if not self.suppositions:
            return "No suppositions: the overlay shows the map as it stands"
        if not moved:
            return "No other card changes"
        shown = [
            f"{self._name(c)} "
            f"({SHORT.get(self.changed[c].before, '?')} → {SHORT.get(self.changed[c].after, '?')})"
            for c in moved[:4]
        ]
        more = f", and {len(moved) - 4} more" if len(moved) > 4 else ""
        return f"{len(moved)} card{'s' if len(moved) != 1 else ''} change: " + ", ".join(shown) + more

    def _name(self, card_id: str) -> str:
        if self.document is None or card_id not in self.document.amap:
            return card_id
        headline = self.document.amap.card(card_id).headline or card_id
        return headline if len(headline) <= 40 else headline[:39] + "…"

    # -- why: the overlay in words ----------------------------------------------------------

    def explain(self, card_id: str) -> str:
        """Why ``card_id`` stands or falls under the overlay ("" while the overlay is off)."""
        if not self.enabled or self.evaluation is None or card_id not in self.evaluation.labels:
            return ""
        return explain(self.document.amap, self.evaluation, card_id)

    def _explain_selection(self, say: bool) -> None:
        current = self.window.selection.current
        self.explanation = self.explain(current) if current else ""
        self.why_label.setText(self.explanation)
        self.why_label.setVisible(bool(self.explanation))
        if self.explanation and say:  # a new card selected: say why in the status bar too
            self.window.statusBar().showMessage(self.explanation, 15000)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.ToolTip and self.enabled and self.window.scene is not None:
            view = self.window.view
            item = self.window.scene.card_item_at(view.mapToScene(event.pos()))
            text = self.explain(item.card_id) if item is not None else ""
            if text:
                # Escaped into plain text: a card's words never reach Qt's rich-text tooltip as markup.
                QToolTip.showText(event.globalPos(), tooltip(text), view.viewport())
                return True
        return super().eventFilter(watched, event)

    # -- highlights, shared with the find bar ----------------------------------------------

    def _set_highlights(self, ids: set[str]) -> None:
        self._highlighted = ids
        scene = self.window.scene
        if scene is not None and not self._find_active:
            scene.set_highlights(ids)

    def _on_find_matches(self, ids: list) -> None:
        # The find bar rings its matches with the same highlight; ours come back when it closes.
        self._find_active = bool(ids)
        if not ids and self.window.scene is not None:
            self.window.scene.set_highlights(self._highlighted)

    # -- the panel ---------------------------------------------------------------------------

    def _fill_panel(self) -> None:
        self.list.clear()
        if not self.suppositions:
            self.summary.setText("Suppose a card refuted or conceded (Edit ▸ What-if) to see what changes.")
            return
        self.summary.setText(
            self.change_sentence()
            if self.enabled
            else "Turn on View ▸ Evaluation Overlay to see what the suppositions change."
        )
        for card_id, kind in self.suppositions.items():
            self._add_item(f"Supposed {kind}: {self._name(card_id)}", card_id)
        for card_id, change in self.changed.items():
            if card_id not in self.suppositions and change.before and change.after:
                self._add_item(
                    f"{SHORT[change.before]} → {SHORT[change.after]}: {self._name(card_id)}", card_id
                )

    def _add_item(self, text: str, card_id: str) -> None:
        item = QListWidgetItem(text)  # plain text: a list item never reads markup
        item.setData(CARD_ID_ROLE, card_id)
        self.list.addItem(item)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        card_id = item.data(CARD_ID_ROLE)
        if card_id and card_id in self.document.amap:
            self.window.selection.set([card_id])
            self.window.center_on_card(card_id)
