"""Keeping the user's work safe in a window: autosave to recovery files, restore after a crash, and
noticing when another program changes the open file.

The workspace (workspace.py) wires it: ``install(window, store)`` when it makes a window, and
``startup(window, open_window)`` after the first window opens. ``install`` follows
``window.documentChanged`` to see every document the window shows.

Dialogs are methods/functions that tests replace: ``Reliability.ask_external_change`` and
``ask_recovery``.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..atomic import SaveError
from ..edits import ReplaceMap
from ..format import LoadResult, dumps, load, loads
from ..recovery import Entry, RecoveryStore
from ..yamlsafe import MAX_FILE_BYTES
from .document import MapDocument, file_digest

AUTOSAVE_MS = 3000
# File events come in bursts (an editor writes, renames, touches); look once the burst is over.
SETTLE_MS = 300
KEY_PROPERTY = "argmapRecoveryKey"  # Qt dynamic property on a MapDocument: its recovery key

RESTORE, DISCARD, LATER = "restore", "discard", "later"


def install(
    window, store: RecoveryStore | None = None, *, autosave_ms: int = AUTOSAVE_MS, settle_ms: int = SETTLE_MS
) -> Reliability:
    """Attach autosave and the external-change watcher to ``window``; kept as ``window.reliability``."""
    reliability = Reliability(window, store or RecoveryStore(), autosave_ms, settle_ms)
    window.reliability = reliability
    return reliability


def startup(window, open_window: Callable[[MapDocument], object] | None = None) -> list[MapDocument]:
    """Offer the documents recovered from a crash, if any; call once after the first window opens.

    The first one restored replaces the window's map if it is unmodified; ``open_window`` shows each
    of the others in a window of its own (without it, they replace the map in ``window`` in turn)."""
    store = window.reliability.store
    if not store.entries():
        return []
    return offer_recovery(window, store, _window_opener(window, open_window))


class Reliability(QObject):
    """Autosave and file watching for one window, following whichever document it shows."""

    autosaved = Signal(str)  # the recovery file just written
    externalChangeHandled = Signal(str)  # "reloaded", "kept", "deleted" or "unreadable"

    def __init__(
        self, window, store: RecoveryStore, autosave_ms: int = AUTOSAVE_MS, settle_ms: int = SETTLE_MS
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.document: MapDocument | None = None
        self.autosave_timer = QTimer(self, singleShot=True, interval=autosave_ms, timeout=self.autosave_now)
        self.settle_timer = QTimer(self, singleShot=True, interval=settle_ms, timeout=self.check_disk)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_file_event)
        self.watcher.directoryChanged.connect(self._on_file_event)
        self._disk_sha: str | None = None  # the file's content we have accounted for
        self._our_saves: set[str] = set()
        self._asking = False
        self._closed = False
        self._attach(window.document)
        window.documentChanged.connect(self._on_document_changed)
        if hasattr(window, "windowClosed"):
            window.windowClosed.connect(self._on_window_closed)

    # -- documents ---------------------------------------------------------------------------

    def _on_document_changed(self, document: MapDocument) -> None:
        """The window shows another map: the old one's recovery file goes, the new one is watched."""
        if document is not self.document:
            self._detach(self.document, discard=True)
            self._attach(document)

    def key(self, document: MapDocument | None = None) -> str:
        """The recovery key of ``document`` (the current one by default), made on first use."""
        document = document if document is not None else self.document
        key = document.property(KEY_PROPERTY)
        if not key:
            key = self.store.new_key()
            document.setProperty(KEY_PROPERTY, key)
        return str(key)

    def _attach(self, document: MapDocument) -> None:
        self.document = document
        self.key(document)
        document.undo_stack.indexChanged.connect(self._on_edit)
        document.undo_stack.cleanChanged.connect(self._on_clean_changed)
        document.pathChanged.connect(self._watch)
        self._watch()
        if document.modified:
            # A restored document: write it under this running session at once, so another argmap
            # starting now does not offer it as crashed.
            self.autosave_now()

    def _detach(self, document: MapDocument | None, *, discard: bool) -> None:
        if document is None:
            return
        self.autosave_timer.stop()
        self.settle_timer.stop()
        for signal, slot in (
            (document.undo_stack.indexChanged, self._on_edit),
            (document.undo_stack.cleanChanged, self._on_clean_changed),
            (document.pathChanged, self._watch),
        ):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):  # pragma: no cover - already gone with its object
                pass
        if discard:
            # The window dropped it only after asking (saved, or the user chose Discard).
            self.store.discard(self.key(document))

    def _on_window_closed(self, *_args) -> None:
        """Normal close: the user saved or chose to discard, so the recovery file goes."""
        if self._closed:
            return
        self._closed = True
        self._detach(self.document, discard=True)
        self._unwatch()
        self.store.close()

    # -- autosave ----------------------------------------------------------------------------

    def _live_document(self) -> MapDocument | None:
        # A window's children are destroyed in order; the document's undo stack, clearing itself while
        # it is destroyed, still signals us.
        document = self.document
        if document is None or not shiboken6.isValid(document) or not shiboken6.isValid(document.undo_stack):
            return None
        return document

    def _on_edit(self, _index: int = 0) -> None:
        # Throttled, not debounced: continuous editing still autosaves every interval.
        document = self._live_document()
        if document is not None and document.modified and not self.autosave_timer.isActive():
            self.autosave_timer.start()

    def _on_clean_changed(self, clean: bool) -> None:
        if self._live_document() is None:
            return
        if not clean:
            self._on_edit()
            return
        # Saved (or undone back to the saved state): the file on disk has it; no recovery needed.
        self.autosave_timer.stop()
        self.store.discard(self.key())
        # Undone back to the saved state needs no new digest; a save records what it wrote.
        if self.document.path is not None and getattr(self.document, "saved_digest", None):
            self._our_saves.add(self.document.saved_digest)

    def autosave_now(self) -> bool:
        """Write the current document to its recovery file if it has unsaved changes."""
        self.autosave_timer.stop()
        document = self._live_document()
        if document is None or self._closed or not document.modified or document.read_only:
            return False
        try:
            written = self.store.write(self.key(), document.path, dumps(document.amap))
        except (SaveError, OSError) as exc:
            self._status(f"Autosave failed: {exc}. Your map is still open; save it to be safe.", 10000)
            return False
        self.autosaved.emit(str(written))
        return True

    # -- changes on disk ---------------------------------------------------------------------

    def _watch(self) -> None:
        """Watch the document's file and its folder (an atomic save replaces the file's inode)."""
        self._unwatch()
        path = self.document.path if self.document is not None else None
        self._disk_sha = None
        if path is None:
            return
        data = _read_regular(path)
        self._disk_sha = _sha(data) if data is not None else None
        self._rewatch(path)

    def _unwatch(self) -> None:
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)

    def _rewatch(self, path: Path) -> None:
        if path.exists() and str(path) not in self.watcher.files():
            self.watcher.addPath(str(path))
        if path.parent.is_dir() and str(path.parent) not in self.watcher.directories():
            self.watcher.addPath(str(path.parent))

    def _on_file_event(self, _path: str) -> None:
        if self.document is not None and self.document.path is not None:
            self._rewatch(self.document.path)
        self.settle_timer.start()

    def check_disk(self) -> str:
        """Compare the file on disk with what we know of it and act; returns what was done.

        One of "ignored", "deleted", "unreadable", "kept", "reloaded" (also emitted, but "ignored").
        """
        document = self._live_document()
        if document is None or document.path is None or self._closed:
            return "ignored"
        if self._asking:  # a question about an earlier change is open; look again after it
            self.settle_timer.start()
            return "ignored"
        path = document.path
        self._rewatch(path)
        data = _read_regular(path)
        if data is None:
            if self._disk_sha is None:
                return "ignored"
            self._disk_sha = None
            # Only the open copy is left: closing must ask, and autosave keeps it safe meanwhile.
            document.undo_stack.resetClean()
            self._status(
                f"{path.name} was deleted or moved by another program. Your map is still open; "
                "save it to write the file again.",
                15000,
            )
            return self._done("deleted")
        sha = _sha(data)
        if sha == self._disk_sha:
            return "ignored"
        if sha in self._our_saves or data == dumps(document.amap).encode("utf-8"):
            self._disk_sha = sha  # our own save, or a change that leaves it as we have it
            if sha not in self._our_saves or sha == getattr(document, "saved_digest", None):
                document.disk_digest = sha
            return "ignored"
        self._disk_sha = sha
        result = loads(data, path.name, path.parent, path=path)
        if result.map is None:
            # Half-written by another program, or garbage: keep ours and say so; never load nothing.
            document.undo_stack.resetClean()
            self._status(
                f"{path.name} was changed by another program and cannot be read now; your map is "
                "unchanged here.",
                15000,
            )
            return self._done("unreadable")
        undoable = not result.has_errors and not document.read_only
        if document.modified:
            self._asking = True
            try:
                reload = self.ask_external_change(undoable)
            finally:
                self._asking = False
            if not reload:
                # The user's version stays; never clean again until saved, so closing asks. They were
                # told saving replaces the file on disk, so a save does not ask again about this one.
                document.disk_digest = sha
                document.undo_stack.resetClean()
                self._status(
                    f"Kept your version of {path.name}; the file on disk is unchanged until you save.", 10000
                )
                return self._done("kept")
        self.reload_from_disk(result)
        return self._done("reloaded")

    def ask_external_change(self, undoable: bool = True) -> bool:
        """Reload (True) or keep the local edits (False)? Tests replace this method."""
        name = self.document.display_name
        box = QMessageBox(
            QMessageBox.Warning,
            "File changed on disk",
            f"{name} was changed by another program, and you have unsaved changes here.\n\n"
            + (
                "Reload: show the version on disk (Undo brings your edits back).\n"
                if undoable
                else "Reload: show the version on disk, which has errors; your edits are lost.\n"
            )
            + "Keep Mine: keep editing your version; the file on disk stays as it is until you "
            "save, and saving replaces it.",
            QMessageBox.NoButton,
            self.window,
        )
        box.setTextFormat(Qt.PlainText)
        reload = box.addButton("Reload", QMessageBox.AcceptRole)
        keep = box.addButton("Keep Mine", QMessageBox.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is reload

    def reload_from_disk(self, result: LoadResult | None = None) -> None:
        """Show the file's content, as one undoable step when both versions are editable."""
        document = self.document
        result = result or load(document.path)
        name = document.display_name
        if result.map is not None and not result.has_errors and not document.read_only:
            if document.push(ReplaceMap.of(result.map), f"Reload {name} from disk"):
                document.undo_stack.setClean()
                document.disk_digest = result.digest
                document.has_comments = bool(result.comments)
                document.revalidate()
                self._status(
                    f"{name} changed on disk and was reloaded. Undo brings back the version you had.", 15000
                )
                return
        # The new version has errors (or the old one was read-only): show it as a fresh document.
        self.window.set_document(MapDocument.from_load(result))
        self._status(
            f"{name} changed on disk and was reloaded"
            + (" read-only: it has errors (see Problems)." if self.document.read_only else "."),
            15000,
        )

    # -- helpers -----------------------------------------------------------------------------

    def _done(self, what: str) -> str:
        self.externalChangeHandled.emit(what)
        return what

    def _status(self, message: str, msecs: int) -> None:
        bar = getattr(self.window, "statusBar", None)
        if bar is not None:
            bar().showMessage(message, msecs)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_regular(path: Path) -> bytes | None:
    """The file's bytes, or None when it is missing, not a regular file, too large or unreadable."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            data = fh.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError):
        return None
    return data if len(data) <= MAX_FILE_BYTES else None


# ---------------------------------------------------------------------------------------------
# Restoring after a crash
# ---------------------------------------------------------------------------------------------


def describe(entry: Entry, now: datetime | None = None) -> str:
    """When and from where, in words: "aff.yaml — /maps/aff.yaml, saved 2024-03-01 14:02 (5 min ago)"."""
    local = entry.saved_at.astimezone()
    now = now or datetime.now(local.tzinfo)
    minutes = max(0, int((now - local).total_seconds() // 60))
    ago = (
        "just now"
        if minutes < 1
        else f"{minutes} min ago"
        if minutes < 60
        else f"{minutes // 60} h ago"
        if minutes < 48 * 60
        else f"{minutes // 1440} days ago"
    )
    where = str(entry.original_path) if entry.original_path else "never saved"
    return f"{entry.display_name} — {where}\nautosaved {local:%Y-%m-%d %H:%M:%S} ({ago})"


class RecoveryDialog(QDialog):
    """Each recovered document with Restore / Discard / Later; closing the dialog means Later for all."""

    def __init__(self, entries: list[Entry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved maps")
        self.entries = entries
        layout = QVBoxLayout(self)
        intro = QLabel("argmap did not close normally last time. These maps had unsaved changes:", self)
        intro.setTextFormat(Qt.PlainText)
        layout.addWidget(intro)
        grid = QGridLayout()
        layout.addLayout(grid)
        self.groups: dict[str, QButtonGroup] = {}
        for row, entry in enumerate(entries):
            label = QLabel(describe(entry), self)
            label.setTextFormat(Qt.PlainText)
            grid.addWidget(label, row, 0)
            group = QButtonGroup(self)
            for col, (choice, text) in enumerate(
                ((RESTORE, "Restore"), (DISCARD, "Discard"), (LATER, "Later")), start=1
            ):
                button = QRadioButton(text, self)
                button.setProperty("choice", choice)
                button.setChecked(choice == RESTORE)
                group.addButton(button)
                grid.addWidget(button, row, col)
            self.groups[entry.key] = group
        note = QLabel("Later keeps a map's recovery file for the next start.", self)
        note.setTextFormat(Qt.PlainText)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok, self)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def choices(self) -> dict[str, str]:
        return {key: group.checkedButton().property("choice") for key, group in self.groups.items()}


def ask_recovery(parent: QWidget | None, entries: list[Entry]) -> dict[str, str]:
    """What to do with each entry, by key: RESTORE, DISCARD or LATER. Tests replace this function."""
    dialog = RecoveryDialog(entries, parent)
    if dialog.exec() != QDialog.Accepted:
        return {entry.key: LATER for entry in entries}
    return dialog.choices()


def restore(store: RecoveryStore, entry: Entry) -> MapDocument | None:
    """A document holding the recovered map, unsaved, pointing at its original file; None if unreadable."""
    try:
        text = store.read(entry)
    except OSError:
        return None
    original = entry.original_path
    result = loads(
        text, original.name if original else "Untitled", original.parent if original else None, path=original
    )
    if result.map is None:
        return None
    # Editable even if the map has problems: it was being edited when it was autosaved.
    document = MapDocument(result.map, original, problems=result.problems)
    document.setProperty(KEY_PROPERTY, entry.key)  # the recovery file stays until saved or discarded
    # The restored map knows the file as it is now: a later change by another program is asked about.
    document.disk_digest = file_digest(original) if original else None
    document.undo_stack.resetClean()
    return document


def offer_recovery(
    parent, store: RecoveryStore, open_document: Callable[[MapDocument], None] | None = None
) -> list[MapDocument]:
    """Ask about each recovered document and act; returns the documents restored.

    ``open_document`` shows a restored document; by default the first one replaces an unmodified map
    in ``parent`` and the others open in new windows.
    """
    entries = store.entries()
    if not entries:
        return []
    choices = ask_recovery(parent, entries)
    show = open_document or _window_opener(parent)
    restored: list[MapDocument] = []
    unreadable: list[str] = []
    for entry in entries:
        choice = choices.get(entry.key, LATER)
        if choice == DISCARD:
            store.discard(entry.key)
        elif choice == RESTORE:
            document = restore(store, entry)
            if document is None:
                unreadable.append(f"{entry.display_name} ({entry.path})")
                continue
            show(document)
            restored.append(document)
    if unreadable and parent is not None:
        box = QMessageBox(
            QMessageBox.Warning,
            "Cannot restore",
            "These recovery files cannot be read; they are kept where they are:\n" + "\n".join(unreadable),
            QMessageBox.Ok,
            parent,
        )
        box.setTextFormat(Qt.PlainText)
        box.exec()
    return restored


def _window_opener(
    parent, open_window: Callable[[MapDocument], object] | None = None
) -> Callable[[MapDocument], None]:
    used = [False]

    def show(document: MapDocument) -> None:
        if open_window is None or (not used[0] and not parent.document.modified):
            used[0] = True
            parent.set_document(document)
            return
        open_window(document)

    return show
