"""QUndoCommands over the core's edits: redo applies an edit, undo applies the inverse it returned."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QUndoCommand

from ..edits import Edit, SetMapInfo, UpdateCard
from ..model import ArgumentMap, ObserverError
from ..source_files import SourceText

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


class AddSourceFromFileCommand(EditCommand):
    """Adding a source from a file, which also wrote its text beside the map: undo takes that file away
    and redo writes it back, so undoing the add leaves the folder as it was.

    The file stays when the map as saved on disk names it (saved after the add: closing without saving
    again must not leave that map without its text), and :class:`SourceText` never deletes a file that
    is not byte for byte the one the add wrote (nor a file that was there before the add: the add
    always writes a new one)."""

    def __init__(
        self,
        amap: ArgumentMap,
        edit: Edit,
        inverse: Edit,
        text: str,
        source_text: SourceText,
        saved_map: Callable[[], Path | None],
    ) -> None:
        super().__init__(amap, edit, inverse, text)
        self._source_text = source_text
        self._saved_map = saved_map

    def redo(self) -> None:
        if not self._applied:  # a real redo, not the push: the text first, so the record names a file
            self._source_text.restore()
        super().redo()

    def undo(self) -> None:
        super().undo()
        if not self._saved_map_names_it():
            self._source_text.remove()

    def _saved_map_names_it(self) -> bool:
        path = self._saved_map()
        if path is None:
            return False
        try:
            return self._source_text.path.name.encode("utf-8") in Path(path).read_bytes()
        except OSError:
            return False
