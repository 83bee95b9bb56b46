"""QUndoCommands over the core's edits: redo applies an edit, undo applies the inverse it returned."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..edits import Edit, SetMapInfo, UpdateCard
from ..model import ArgumentMap, ObserverError

# Consecutive changes to one card's fields from the inspector merge into one undo step.
MERGE_CARD_FIELDS = 1


class EditCommand(QUndoCommand):
    """One undoable step: a core edit that has already been applied once (see MapDocument.push)."""

    def __init__(self, amap: ArgumentMap, edit: Edit, inverse: Edit, text: str, merge_key: str = "") -> None:
        super().__init__(text)
        self._map = amap
        self._redo_edit = edit
        self._undo_edit = inverse
        self._applied = True  # MapDocument applied it before pushing, to catch MapError first
        self._merge_key = merge_key

    def redo(self) -> None:
        if self._applied:  # QUndoStack.push calls redo once; the edit is already in the model
            self._applied = False
            return
        try:
            self._undo_edit = self._map.apply(self._redo_edit)
        except ObserverError as exc:  # the edit was made; keep its inverse so the stack stays true
            self._undo_edit = exc.inverse
            raise

    def undo(self) -> None:
        try:
            self._redo_edit = self._map.apply(self._undo_edit)
        except ObserverError as exc:
            self._redo_edit = exc.inverse
            raise

    def id(self) -> int:
        return MERGE_CARD_FIELDS if self._merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing into one Inspector box is one step: merge updates with the same merge key."""
        if not isinstance(other, EditCommand) or other._merge_key != self._merge_key or not self._merge_key:
            return False
        # A card's field or the map's title or description: typing in one box is one step (issue #12).
        if not isinstance(other._redo_edit, (UpdateCard, SetMapInfo)):
            return False
        self._redo_edit = other._redo_edit  # keep our own inverse: the card as it was before the first
        return True
