"""File ▸ Import, File ▸ Export ▸ As Format, and dropping foreign files on the window.

Every entry reads or writes through the registry the CLI's ``argmap convert`` uses,
:data:`argmap.interchange.FORMATS`, so the editor and the command line give the same map and the same
notes. What a format could not carry, or what was inferred on import, is shown (status bar and a
non-modal message); broken input is reported with its locations and the open map stays as it was.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from .. import collector, editing
from ..atomic import SaveError
from ..fragment import paste_edit
from ..geometry import card_size
from ..interchange import FORMATS, Format, ImportResult, format_for, read_file, readers, writers
from ..interchange.base import ImportControl, read_cancellable
from ..layout import layout_positions
from ..model import ArgumentMap
from ..problems import errors, warnings
from .document import MapDocument
from .plain_text import label

NATIVE_EXTENSIONS = (".yaml", ".yml")  # argmap's own maps: dropped ones are opened, not imported
IMPORT_LABELS = {
    "argdown": "&Argdown…",
    "aif": "AIF / &OVA…",
    "graphml": "&GraphML…",
    "kialo": "&Kialo…",
    "verbatim": "&Verbatim evidence (.docx)…",
}
EXPORT_LABELS = {
    "argdown": "&Argdown…",
    "aif": "AI&F JSON (AIFdb, OVA)…",
    "graphml": "&GraphML (yEd)…",
    "dot": "&DOT (Graphviz)…",
    "markdown": "&Markdown outline…",
}
MERGE_FORMAT = "verbatim"
MAX_LISTED = 20  # problems listed in an error message; the rest are counted
MERGE_GAP = 120.0  # scene units between the map and the cards merged in beside it
PROGRESS_DELAY_MS = 400  # an import that takes longer shows a progress window with Cancel
POLL_MS = 25  # how often the window looks whether the reading thread is done


def install(window) -> None:
    """Add File ▸ Import entries, File ▸ Export ▸ As Format entries, and the drop handler's helper."""
    actions = InterchangeActions(window)
    window.interchange_actions = actions  # kept alive with the window; dropEvent calls open_dropped
    menu = window.import_menu
    for act in actions.import_actions.values():
        menu.addAction(act)
    menu.addSeparator()
    menu.addAction(actions.act_merge)
    menu.menuAction().setVisible(True)
    export = window.export_menu
    export.addSeparator()
    formats = export.addMenu("As &Format")
    for act in actions.export_actions.values():
        formats.addAction(act)
    export.menuAction().setVisible(True)


def open_dropped(window, path: str | Path) -> bool:
    """Open a dropped argmap map, import a dropped foreign file, or say the file cannot be read."""
    return window.interchange_actions.open_dropped(path)


class ImportedDocument(MapDocument):
    """A map read from a foreign file: unsaved, titled "<file name> (imported)" until saved as a map."""

    def __init__(self, amap: ArgumentMap, source_name: str, **kwargs) -> None:
        super().__init__(amap, None, **kwargs)
        self.source_name = source_name

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else f"{self.source_name} (imported)"


class InterchangeActions:
    """The import, merge and export actions of one window, and what they do."""

    def __init__(self, window) -> None:
        self.window = window
        self.settings: QSettings = window.context.settings
        self.notes_box: QMessageBox | None = None
        self.progress: QProgressDialog | None = None  # while an import reads
        self.progress_delay_ms = PROGRESS_DELAY_MS
        self.import_actions: dict[str, QAction] = {}
        for fmt in readers():
            act = QAction(IMPORT_LABELS.get(fmt.name, f"{fmt.label}…"), window)
            act.setStatusTip(f"Open a {fmt.label} file ({', '.join(fmt.extensions)}) as a new, unsaved map")
            act.triggered.connect(lambda _=False, name=fmt.name: self.import_file(name))
            self.import_actions[fmt.name] = act
        self.act_merge = QAction("Import Verbatim &Cards into This Map…", window)
        self.act_merge.setStatusTip("Add the cards of a Verbatim .docx to the open map (one undo step)")
        self.act_merge.triggered.connect(lambda: self.merge_file(MERGE_FORMAT))
        self.export_actions: dict[str, QAction] = {}
        for fmt in writers():
            act = QAction(EXPORT_LABELS.get(fmt.name, f"{fmt.label}…"), window)
            act.setStatusTip(f"Save the map as {fmt.label} ({', '.join(fmt.extensions)})")
            act.triggered.connect(lambda _=False, name=fmt.name: self.export_file(name))
            self.export_actions[fmt.name] = act

    # -- asking (tests replace these) ----------------------------------------------------------

    def ask_import_path(self, fmt: Format) -> str:
        """The file to import, chosen in a file dialog; "" when cancelled."""
        name, _ = QFileDialog.getOpenFileName(
            self.window, f"Import {fmt.label}", self._start_folder(), _file_filter(fmt)
        )
        return name

    def ask_export_path(self, fmt: Format) -> str:
        """The file to export to, chosen in a file dialog; "" when cancelled."""
        start = str(Path(self._start_folder()) / (self._stem() + fmt.extensions[0]))
        name, _ = QFileDialog.getSaveFileName(self.window, f"Export as {fmt.label}", start, _file_filter(fmt))
        return name

    def show_notes(self, title: str, summary: str, lines: list[str]) -> None:
        """Show what was inferred, dropped or warned about, without blocking the window."""
        box = QMessageBox(QMessageBox.Information, title, summary, QMessageBox.Ok, self.window)
        box.setTextFormat(Qt.PlainText)
        box.setInformativeText("\n".join(f"• {line}" for line in lines))
        box.setModal(False)
        box.setAttribute(Qt.WA_DeleteOnClose)
        if self.notes_box is not None:
            try:
                self.notes_box.close()
            except RuntimeError:  # already deleted by Qt when the user closed it
                pass
        self.notes_box = box
        box.show()

    # -- import --------------------------------------------------------------------------------

    def import_file(self, name: str, path: str | Path | None = None) -> bool:
        """Read a foreign file and show it as a new, unsaved map; broken input leaves the open map."""
        fmt = FORMATS[name]
        path = path or self.ask_import_path(fmt)
        if not path:
            return False
        result = self._read(fmt, path)
        if result is None or not self.window.maybe_save():
            return False
        file_name = Path(path).name
        document = ImportedDocument(result.map, file_name)  # type: ignore[arg-type]
        document.revalidate()
        found = warnings(result.problems)
        if found:
            document.problems = found + document.problems
            document.problemsChanged.emit()
        document.undo_stack.resetClean()  # unsaved: closing it asks first, autosave keeps it safe
        self.window.set_document(document)
        self._remember_folder(path)
        if found:
            self.window.problems.show()
            self.window.problems.raise_()
        summary = f"Imported {_counts(result.map)} from {file_name} as {fmt.label}"  # type: ignore[arg-type]
        self._report(f"Imported {file_name}", summary, result, found)
        return True

    def merge_file(self, name: str = MERGE_FORMAT, path: str | Path | None = None) -> bool:
        """Add a foreign file's cards (with their relations and sources) to the open map as one undo step."""
        window = self.window
        document = window.document
        if document.read_only:
            window.statusBar().showMessage(
                "This map is open read-only; cards cannot be imported into it", 6000
            )
            return False
        fmt = FORMATS[name]
        path = path or self.ask_import_path(fmt)
        if not path:
            return False
        result = self._read(fmt, path)
        if result is None:
            return False
        part: ArgumentMap = result.map  # type: ignore[assignment]
        if not len(part):
            window.statusBar().showMessage(f"{Path(path).name} holds no cards to import", 6000)
            return False
        at = self._beside_the_map(part)
        edit, new_ids = paste_edit(document.amap, part, at=at)
        file_name = Path(path).name
        if not document.push_proposal(editing.added("Import", edit, new_ids, source=file_name)):
            return False
        self._remember_folder(path)
        window.selection.set(new_ids)
        summary = f"Added {_counts(part)} from {file_name} to {document.display_name}"
        self._report(f"Imported {file_name}", summary, result, warnings(result.problems))
        return True

    def _read(self, fmt: Format, path: str | Path) -> ImportResult | None:
        """The import, or None after showing the broken file's problems with their locations."""
        result = self._read_off_the_main_thread(fmt, path)
        if result is None:
            self.window.statusBar().showMessage(
                f"Import of {Path(path).name} cancelled; nothing changed", 8000
            )
            return None
        if result.map is not None and not result.has_errors:
            return result
        listed = errors(result.problems) + warnings(result.problems)
        details = "\n".join(str(p) for p in listed[:MAX_LISTED])
        if len(listed) > MAX_LISTED:
            details += f"\n… and {len(listed) - MAX_LISTED} more"
        self.window.show_error(
            "Cannot import",
            f"{Path(path).name} cannot be imported as {fmt.label}:",
            details or "the file holds nothing argmap can read",
        )
        return None

    def _read_off_the_main_thread(self, fmt: Format, path: str | Path) -> ImportResult | None:
        """Read in a worker thread while the window stays live; None when the user cancels.

        A read that takes longer than ``progress_delay_ms`` shows a progress window whose Cancel stops
        the reader at its next check (readers check per paragraph, node or claim) and returns at once;
        the map stays as it was. The caller gets the result only when the read is done, so menu
        actions, drops and tests see a finished import.
        """
        control = ImportControl()
        cancel = control.cancel
        outcome: dict = {}

        def work() -> None:
            try:
                outcome["result"] = read_cancellable(lambda: read_file(fmt, path), control)
            except BaseException as exc:  # handed to the main thread, which reports bugs as always
                outcome["error"] = exc

        worker = threading.Thread(target=work, name=f"import {Path(path).name}", daemon=True)
        progress = QProgressDialog(self.window)
        progress.setLabel(label(f"Reading {Path(path).name} as {fmt.label}…"))  # a file name, as text
        progress.setCancelButtonText("Cancel")
        progress.setRange(0, 0)
        progress.setWindowTitle("Importing")
        progress.setWindowModality(Qt.WindowModal)
        progress.setMinimumDuration(self.progress_delay_ms)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(cancel.set)
        self.progress = progress
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(POLL_MS)

        def poll() -> None:
            if cancel.is_set() or not worker.is_alive():
                loop.quit()
            elif control.done > 0:  # the reader says how far it is: a bar instead of a busy indicator
                progress.setMaximum(1000)
                progress.setValue(min(999, int(control.done * 1000)))

        timer.timeout.connect(poll)
        collector.hold()  # no collection may start in the worker (collector.hold says why)
        worker.start()
        timer.start()
        worker.join(0.05)  # most files are read before anything needs showing
        if worker.is_alive():
            loop.exec()
        timer.stop()
        cancelled = cancel.is_set()
        progress.canceled.disconnect()  # closing a progress window emits canceled
        progress.close()
        progress.deleteLater()
        self.progress = None
        self._release_when_ended(worker)
        if cancelled:
            return None  # the worker stops at its next check; its result is never used
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    def _release_when_ended(self, worker: threading.Thread) -> None:
        """Give the collector back once ``worker`` has ended: a cancelled reader runs on to its next check."""
        if not worker.is_alive():
            collector.release()
            return
        QTimer.singleShot(POLL_MS, lambda: self._release_when_ended(worker))

    def _beside_the_map(self, part: ArgumentMap) -> tuple[float, float] | None:
        """Lay out the incoming cards among themselves; return the top-left corner beside the map."""
        scene = self.window.scene
        direction = scene.direction
        if not part.layout.positions:
            sizes = {c.id: card_size(c) for c in part.cards()}
            part.layout.positions.update(layout_positions(part, direction=direction, sizes=sizes))
        if scene is None:
            return None
        rect = scene.content_rect()
        if rect.isNull():
            return (0.0, 0.0)
        if direction == "LR":
            return (round(rect.left()), round(rect.bottom() + MERGE_GAP))
        return (round(rect.right() + MERGE_GAP), round(rect.top()))

    # -- export --------------------------------------------------------------------------------

    def export_file(self, name: str, path: str | Path | None = None) -> bool:
        """Write the open map in a foreign format and say what the format could not carry."""
        fmt = FORMATS[name]
        path = str(path or self.ask_export_path(fmt))
        if not path:
            return False
        if not Path(path).suffix:
            path += fmt.extensions[0]
        amap = self.window.document.amap
        try:
            report = fmt.write(amap, path)  # type: ignore[misc]
        except SaveError as exc:
            self.window.show_error("Export failed", f"{Path(path).name} was not written:", str(exc))
            return False
        self._remember_folder(path)
        summary = f"Exported {_counts(amap)} to {Path(path).name} as {fmt.label}"
        if report.notes:
            self.window.statusBar().showMessage(
                f"{summary}; {_n(len(report.notes), 'note')} on what {fmt.label} cannot carry", 10000
            )
            self.show_notes(f"Exported {Path(path).name}", summary, report.notes)
        else:
            self.window.statusBar().showMessage(f"{summary}; nothing was left out", 8000)
        return True

    # -- dropping ------------------------------------------------------------------------------

    def open_dropped(self, path: str | Path) -> bool:
        """What dropping a file does: open an argmap map, import a foreign file, or say it cannot."""
        suffix = Path(path).suffix.lower()
        if suffix in NATIVE_EXTENSIONS:
            return self.window.open_path(path)
        fmt = format_for(path, reading=True)
        if fmt is not None:
            return self.import_file(fmt.name, path)
        what = f"{suffix} files" if suffix else "files without an extension"
        self.window.statusBar().showMessage(f"argmap can't read {what}", 8000)
        return False

    # -- helpers -------------------------------------------------------------------------------

    def _report(self, title: str, summary: str, result: ImportResult, found: list) -> None:
        lines = [str(p) for p in found] + list(result.notes)
        if lines:
            self.window.statusBar().showMessage(f"{summary}; {_n(len(lines), 'note')}", 10000)
            self.show_notes(title, summary, lines)
        else:
            self.window.statusBar().showMessage(summary, 8000)

    def _start_folder(self) -> str:
        path = getattr(self.window.document, "path", None)
        if path is not None:
            return str(Path(path).parent)
        return str(self.settings.value("interchange/last_folder", "") or Path.home())

    def _remember_folder(self, path: str | Path) -> None:
        self.settings.setValue("interchange/last_folder", str(Path(path).resolve().parent))

    def _stem(self) -> str:
        document = self.window.document
        if document.path is not None:
            return Path(document.path).stem
        source = getattr(document, "source_name", "")
        return Path(source).stem if source else "map"


def _file_filter(fmt: Format) -> str:
    return f"{fmt.label} ({' '.join('*' + ext for ext in fmt.extensions)});;All files (*)"


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _counts(amap: ArgumentMap) -> str:
    return f"{_n(len(amap), 'card')} and {_n(sum(1 for _ in amap.relations()), 'relation')}"
