"""An open map: the model, its one undo stack, its file, and the problems found in it."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..atomic import SaveError, write_atomic
from ..editing import Outcome, Refusal
from ..edits import Edit, summarize
from ..format import LoadResult, dumps, load, loads
from ..model import ArgumentMap, Change, MapError, ObserverError
from ..problems import Problem
from ..source_files import SourceText
from .commands import AddSourceFromFileCommand, EditCommand


class MapDocument(QObject):
    """The single owner of an open map. Every change goes through ``push``; views hear of changes
    through ``changed``.

    The document is the model's one subscriber in the editor: it re-emits each finished change as
    ``changed(Change)``, so a view connects a slot and Qt disconnects it when the view is deleted. A
    slot that raises is reported (the error dialog) and the other views still hear of the change.
    """

    changed = Signal(object)  # a model.Change, after the edit it belongs to is complete; a Batch as one
    # "batch" notice (Change.parts): a view handles it in bulk, or as its parts (Change.each)
    pathChanged = Signal()
    modifiedChanged = Signal(bool)
    problemsChanged = Signal()
    readOnlyChanged = Signal(bool)
    editRefused = Signal(str)  # a sentence for the status bar when an edit cannot be applied

    def __init__(
        self,
        amap: ArgumentMap | None = None,
        path: Path | None = None,
        *,
        problems: list[Problem] | None = None,
        read_only: bool = False,
        has_comments: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.amap = amap or ArgumentMap()
        self.path = Path(path) if path else None
        self.problems: list[Problem] = list(problems or [])
        self._read_only = read_only
        self.has_comments = has_comments
        self.saved_digest: str | None = None
        # sha256 of the file's bytes this map is based on (as loaded, last saved, or a change on disk
        # the user has seen); a save over a file that no longer has them asks first.
        self.disk_digest: str | None = None
        # A big map just opened and not checked yet (format.load's ``check_from``): see finish_check.
        self._unchecked: LoadResult | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        # A Batch (deleting 10,000 cards) comes as one "batch" notice: one signal, not 20,000.
        self.amap.subscribe(self.changed.emit, batches=True)

    @property
    def read_only(self) -> bool:
        """Whether the map may not be edited (its file has errors). Asked while the map is still
        being checked, the check runs first: nothing is decided, or edited, before it has run."""
        if self._unchecked is not None:
            self.finish_check()
        return self._read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self._read_only = value

    @property
    def checking(self) -> bool:
        """True while the map just opened waits for its check (see finish_check); asking this never
        runs the check, unlike ``read_only``."""
        return self._unchecked is not None

    def finish_check(self) -> None:
        """Run the check that opening a big map left for after its first paint (a no-op once run):
        the problems follow, and the map stays read-only if they include errors."""
        result, self._unchecked = self._unchecked, None
        if result is None:
            return
        try:
            problems = result.finish_check()
        except Exception as exc:  # a bug in a check must not leave the map editable unchecked
            problems = [Problem(self.display_name, 1, 1, "error", f"the map could not be checked: {exc}")]
            read_only = True
        else:
            read_only = result.blocks_editing
        self.problems = list(problems)
        self._read_only = read_only
        self.problemsChanged.emit()
        self.readOnlyChanged.emit(read_only)

    def _on_clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    @classmethod
    def from_load(cls, result: LoadResult) -> MapDocument:
        """A document for a loaded file; read-only when the file has errors (merge conflicts aside:
        the editor is where they are resolved)."""
        document = cls(
            result.map or ArgumentMap(),
            result.path,
            problems=result.problems,
            read_only=result.blocks_editing,
            has_comments=bool(result.comments),
        )
        document.disk_digest = result.digest
        if result.unchecked is not None:
            document._unchecked = result
        return document

    @classmethod
    def open(cls, path: str | Path) -> MapDocument:
        return cls.from_load(load(path))

    # -- editing -----------------------------------------------------------------------------

    def push(
        self,
        edit: Edit,
        text: str | None = None,
        *,
        merge_key: str = "",
        source_text: SourceText | None = None,
    ) -> bool:
        """Apply ``edit`` as one undo step named ``text``. Returns False (and says why) if refused.
        ``source_text``: the text file an added source's edit wrote, which the step's undo takes away."""
        if self.read_only:
            self.editRefused.emit("This map has errors and is open read-only; fix the file first.")
            return False
        name = text or summarize(edit)

        def step(inverse: Edit) -> EditCommand:
            if source_text is not None:
                return AddSourceFromFileCommand(
                    self.amap, edit, inverse, name, source_text, lambda: self.path
                )
            return EditCommand(self.amap, edit, inverse, name, merge_key)

        try:
            inverse = self.amap.apply(edit)
        except MapError as exc:
            self.editRefused.emit(str(exc))
            return False
        except ObserverError as exc:
            # The edit is in the map whole: record it so Undo takes it back, then report the failure.
            self.undo_stack.push(step(exc.inverse))
            raise
        self.undo_stack.push(step(inverse))
        return True

    def explore(self, edit: Edit) -> bool:
        """Apply a change of how the map is looked at (collapse, expand): saved with the map when the
        user saves, but not an edit, so no undo step and no "modified" (exploring is not editing)."""
        try:
            self.amap.apply(edit)
        except MapError as exc:
            self.editRefused.emit(str(exc))
            return False
        return True

    def push_proposal(self, outcome: Outcome) -> bool:
        """Push what ``editing`` built; for a refusal, say why (status bar) and return False."""
        if isinstance(outcome, Refusal):
            if outcome.reason:
                self.editRefused.emit(outcome.reason)
            return False
        return self.push(outcome.edit, outcome.label, merge_key=outcome.merge_key)

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled"

    # -- files -------------------------------------------------------------------------------

    def save_as(self, path: str | Path, *, replace_changes: bool = False) -> None:
        """Write the map to ``path`` atomically. Raises atomic.SaveError (file untouched) on failure.

        Saving over this document's own file raises FileChangedOnDisk when the file no longer holds
        what the map was loaded from or last saved as (another program or another argmap window
        saved it meanwhile), unless ``replace_changes`` says the user chose to replace that version.
        """
        path = Path(path)
        if not replace_changes and self.path is not None and _same_file(path, self.path):
            on_disk = file_digest(path)
            if on_disk is not None and self.disk_digest is not None and on_disk != self.disk_digest:
                raise FileChangedOnDisk(
                    errno.EBUSY,
                    f"{path.name} was changed on disk since you opened or last saved it "
                    "(by another program, or argmap in another window).",
                )
        data = dumps(self.amap).encode("utf-8")
        write_atomic(path, data)
        # What we wrote, so a file watcher can tell our own save from someone else's change.
        self.saved_digest = hashlib.sha256(data).hexdigest()
        self.disk_digest = self.saved_digest
        self.has_comments = False
        if path != self.path:
            self.path = path
            self.pathChanged.emit()
        self.undo_stack.setClean()
        self.revalidate()

    def revalidate(self) -> None:
        """Re-check the map as it would be saved (source files resolved beside the map's file).

        A large map is checked on a worker thread from a snapshot (seconds of work at 10,000 cards);
        ``problems`` and ``problemsChanged`` follow when it is done.
        """
        from .background_check import BACKGROUND_CHECK_CARDS, check_later

        name = self.display_name
        base = self.path.parent if self.path else None
        if len(self.amap) >= BACKGROUND_CHECK_CARDS:
            check_later(self, name, base)
            return
        result = loads(dumps(self.amap), name, base)
        self.problems = result.problems
        self.problemsChanged.emit()


class FileChangedOnDisk(SaveError):
    """A save refused because the file changed on disk since it was loaded or saved; nothing written."""


def file_digest(path: Path) -> str | None:
    """sha256 of the file's bytes, or None when it is missing or cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


__all__ = ["MapDocument", "Change", "FileChangedOnDisk"]
