"""File ▸ Compare with File / Saved Version, Merge a Partner's Map and Resolve Merge Conflicts.

The window installs this with one call; it adds its actions to the File menu and the Changes panel,
and changes the map only through the document's undo stack: a whole merge is one step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..diff import diff_maps
from ..format import load
from ..merge import merge_maps
from ..model import ArgumentMap, Change
from ..problems import errors
from ..resolve import resolve_all
from ..transition import edit_between
from .compare_dock import CompareDock
from .merge_dialog import MergeDialog

MAP_FILTER = "argmap maps (*.yaml *.yml);;All files (*)"


def install(window) -> None:
    """Add the team actions to the File menu (before Close) and the Changes panel to the window."""
    team = Teamwork(window)
    window.teamwork = team
    menu = window.file_menu
    for act in team.actions():
        menu.insertAction(window.act_close, act)
    menu.insertSeparator(window.act_close)
    # Below the map, beside Problems: its lines are long, and the map stays in view beside them.
    window.addDockWidget(Qt.BottomDockWidgetArea, team.dock)
    window.tabifyDockWidget(window.problems, team.dock)
    window.documentChanged.connect(team.document_changed)
    team.document_changed(window.document)
    # The comparison and the evaluation overlay draw on the same card marks: they take turns.
    evaluation = window.evaluation_overlay

    def evaluation_toggled(on: bool) -> None:
        if on and team.dock.other is not None:
            team.dock.stop()
            evaluation.recompute()  # stopping cleared the marks the overlay had just drawn

    evaluation.act_overlay.toggled.connect(evaluation_toggled)
    team.evaluation_action = evaluation.act_overlay


class Teamwork:
    def __init__(self, window) -> None:
        self.window = window
        self.dock = CompareDock(window)
        self.dialog: MergeDialog | None = None
        self.evaluation_action: QAction | None = None
        self._document = None

        def action(text: str, slot, tip: str) -> QAction:
            act = QAction(text, window)
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            return act

        self.act_compare_file = action(
            "Compare with &File…",
            self.compare_with_file,
            "Mark what this map added and changed against another",
        )
        self.act_compare_saved = action(
            "Compare with Sa&ved Version",
            self.compare_with_saved,
            "Mark what changed since the file was last saved",
        )
        self.act_merge = action(
            "&Merge a Partner's Map…",
            self.merge_partner,
            "Bring a partner's version of this map in, choosing where you both changed the same thing",
        )
        self.act_resolve = action(
            "Resolve Merge &Conflicts…",
            self.resolve_conflicts,
            "Choose ours or theirs for each conflict a merge left in this map",
        )

    def actions(self) -> list[QAction]:
        return [self.act_compare_file, self.act_compare_saved, self.act_merge, self.act_resolve]

    # -- following the document ---------------------------------------------------------------

    def document_changed(self, document) -> None:
        if self._document is not None:
            self._document.amap.unsubscribe(self._on_change)
            self._document.readOnlyChanged.disconnect(self._update_actions)
        self._document = document
        document.amap.subscribe(self._on_change)
        document.readOnlyChanged.connect(self._update_actions)  # a big map's first check has ended
        self.dock.document_changed(document)
        self._update_actions()
        if document.amap.conflicts:
            n = len(document.amap.conflicts)
            self.window.statusBar().showMessage(
                f"This map has {n} unresolved merge conflict{'s' if n != 1 else ''}: "
                "File > Resolve Merge Conflicts walks them.",
                15000,
            )

    def _on_change(self, change: Change) -> None:
        if change.what in ("conflicts-changed", "reset"):
            self._update_actions()

    def _update_actions(self, *_args) -> None:
        document = self.window.document
        # Not while a big map just opened is checked (asking read_only would run the check now).
        editable = not document.checking and not document.read_only
        self.act_compare_saved.setEnabled(document.path is not None)
        self.act_merge.setEnabled(editable)
        self.act_resolve.setEnabled(bool(document.amap.conflicts) and editable)

    # -- asking (tests replace these) -----------------------------------------------------------

    def ask_compare_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self.window, "Compare with", self._folder(), MAP_FILTER)
        return path

    def ask_merge_paths(self) -> tuple[str, str] | None:
        """The partner's map and, when the user has it, the version both started from ("" if not)."""
        partner, _ = QFileDialog.getOpenFileName(
            self.window, "Merge a partner's map", self._folder(), MAP_FILTER
        )
        if not partner:
            return None
        box = QMessageBox(
            QMessageBox.Question,
            "The version you both started from",
            "Do you have the version of the map you and your partner both started from?\n\n"
            "With it, a card one of you deleted is deleted, and only what you both changed needs a "
            "choice. Without it, nothing is deleted and every difference is a choice.",
            QMessageBox.NoButton,
            self.window,
        )
        box.setTextFormat(Qt.PlainText)
        choose = box.addButton("Choose It…", QMessageBox.AcceptRole)
        box.addButton("Merge Without It", QMessageBox.RejectRole)
        box.exec()
        base = ""
        if box.clickedButton() is choose:
            base, _ = QFileDialog.getOpenFileName(
                self.window, "The version you both started from", str(Path(partner).parent), MAP_FILTER
            )
        return partner, base

    def _folder(self) -> str:
        path = self.window.document.path
        return str(path.parent) if path else ""

    # -- comparing ------------------------------------------------------------------------------

    def compare_with_file(self) -> None:
        path = self.ask_compare_path()
        if path:
            other = self._read(path)
            if other is not None:
                self._compare(other, Path(path).name)

    def compare_with_saved(self) -> None:
        path = self.window.document.path
        if path is None:
            return
        other = self._read(str(path))
        if other is not None:
            self._compare(other, path.name, since_saved=True)

    def _compare(self, other: ArgumentMap, name: str, *, since_saved: bool = False) -> None:
        if self.evaluation_action is not None and self.evaluation_action.isChecked():
            self.evaluation_action.trigger()  # its colours would hide the comparison's marks
        d = self.dock.compare_with(other, name, since_saved=since_saved)
        self.window.statusBar().showMessage(
            f"Compared with {name}: "
            + (
                "the same map"
                if d.equal
                else f"{len(d.cards_added)} cards added here, {len(d.cards_changed)} changed, "
                f"{len(d.cards_removed)} removed"
            ),
            10000,
        )

    def _read(self, path: str) -> ArgumentMap | None:
        result = load(path, check_quotes=False)
        if result.blocks_editing:
            problems = [p for p in errors(result.problems) if p.code != "conflict"]
            self.window.show_error(
                "Cannot read the map",
                f"{Path(path).name} is not a map argmap can read; nothing was changed.",
                "\n".join(str(p) for p in problems[:20]),
            )
            return None
        return result.map

    # -- merging --------------------------------------------------------------------------------

    def merge_partner(self) -> None:
        document = self.window.document
        if document.read_only:
            return
        paths = self.ask_merge_paths()
        if not paths:
            return
        partner_path, base_path = paths
        theirs = self._read(partner_path)
        base = self._read(base_path) if base_path else None
        if theirs is None or (base_path and base is None):
            return
        name = Path(partner_path).name
        ours = document.amap
        result = merge_maps(base, ours, theirs)
        if not result.map.conflicts:
            self._apply(result.map, f"Merge {name}", name)
            return
        self._walk(result.map, name, f"Merge {name}")

    def resolve_conflicts(self) -> None:
        amap = self.window.document.amap
        if amap.conflicts and not self.window.document.read_only:
            self._walk(amap.copy(), "as the merge recorded it", "Resolve merge conflicts")

    def _walk(self, merged: ArgumentMap, name: str, step: str) -> None:
        dialog = self.dialog = MergeDialog(list(merged.conflicts), merged, name, step, self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        document = self.window.document
        started = document.amap.snapshot()

        def finish() -> None:
            # The merge was worked out from the map as it was; if it changed meanwhile (reloaded from
            # disk, say), applying it would undo that change silently.
            if self.window.document is not document or document.amap.snapshot() != started:
                self.window.statusBar().showMessage(
                    f"{step}: not applied, because the map changed while you chose; merge again.", 15000
                )
                return
            self._apply(resolve_all(merged, dialog.decided()), step, name)

        dialog.accepted.connect(finish)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()  # window-modal, not blocking: the user (or a test) drives it

    def _dialog_closed(self) -> None:
        self.dialog = None

    def _apply(self, final: ArgumentMap, step: str, name: str) -> None:
        document = self.window.document
        d = diff_maps(document.amap, final)
        if d.equal:
            self.window.statusBar().showMessage(f"{name} has nothing this map lacks: nothing changed.", 10000)
            return
        if document.push(edit_between(document.amap, final), step):
            left = len(final.conflicts)
            self.window.statusBar().showMessage(
                f"{step}: {len(d.cards_added)} cards added, {len(d.cards_changed)} changed, "
                f"{len(d.cards_removed)} removed"
                + (f"; {left} conflicts left (File > Resolve Merge Conflicts)" if left else "")
                + ". Undo takes the whole merge back.",
                15000,
            )
