"""Evidence ▸ Sources…: add, edit and remove the map's sources.

A source is added from a file (its text is kept beside the map, its metadata fills the record) or
made blank and typed in. Each field commits as an undoable edit when it loses focus or on Enter.
Removing a source that cards cite is refused, naming the cards, because the map would no longer load.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from ..atomic import SaveError
from ..edits import AddSource, RemoveSource, UpdateSource
from ..model import Change, Source
from ..record import replace
from ..source_files import SourceFileError, add_source_file, cards_citing
from .plain_text import show_message, tooltip

SOURCE_FILE_FILTER = "Sources (*.txt *.html *.htm *.pdf *.docx *.md);;All files (*)"
FIELDS = (
    ("title", "&Title"),
    ("author", "A&uthor"),
    ("qualifications", "&Qualifications"),
    ("publisher", "&Publisher"),
    ("date", "&Date"),
    ("url", "U&RL"),
    ("accessed", "Acc&essed"),
)
PLACEHOLDERS = {
    "author": "who wrote it (the publisher when no one is named)",
    "qualifications": "why they are worth quoting",
    "date": "YYYY-MM-DD",
    "accessed": "YYYY-MM-DD, when you read it online",
}


class SourcesDialog(QDialog):
    """The map's sources: a list on the left, the chosen source's fields on the right."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Sources")
        self.window_ = window
        self.document = window.document
        self.resize(760, 420)
        self.file_chooser: QFileDialog | None = None
        self.list = QListWidget(self)
        self.list.setAccessibleName("Sources of the map")
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.ElideRight)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        self.id_label = QLabel(self)
        self.id_label.setTextFormat(Qt.PlainText)
        form.addRow("Id", self.id_label)
        for name, label in FIELDS:
            edit = QLineEdit(self)
            edit.setPlaceholderText(PLACEHOLDERS.get(name, ""))
            edit.editingFinished.connect(lambda n=name: self._commit(n))
            self.edits[name] = edit
            form.addRow(label, edit)
        self.file_label = QLabel(self)
        self.file_label.setTextFormat(Qt.PlainText)
        self.file_label.setWordWrap(True)
        form.addRow("Text file", self.file_label)
        self.cited_label = QLabel(self)
        self.cited_label.setTextFormat(Qt.PlainText)
        self.cited_label.setWordWrap(True)
        form.addRow("Cited by", self.cited_label)
        self.add_file_button = QPushButton("Add from &File…", self)
        self.new_button = QPushButton("&New Source", self)
        self.remove_button = QPushButton("Re&move", self)
        self.close_button = QPushButton("Close", self)
        self.add_file_button.clicked.connect(self.add_from_file)
        self.new_button.clicked.connect(self.new_source)
        self.remove_button.clicked.connect(self.remove_current)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for b in (self.add_file_button, self.new_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        for b in (self.add_file_button, self.new_button, self.remove_button, self.close_button):
            b.setAutoDefault(False)  # Enter in a field commits it, never presses a button
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(form, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(lambda _r: self._show())
        # Keys as well as mnemonics: Ctrl+O adds from a file, Ctrl+N a blank source, Delete removes one.
        for keys, slot in (
            (QKeySequence.StandardKey.Open, self.add_from_file),
            (QKeySequence.StandardKey.New, self.new_source),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)
        QShortcut(QKeySequence(Qt.Key_Delete), self.list, activated=self.remove_current)
        self.add_file_button.setToolTip("Ctrl+O")
        self.new_button.setToolTip("Ctrl+N")
        self.remove_button.setToolTip("Delete (in the list)")
        self.document.amap.subscribe(self._on_change, batches=True)
        self._fill()

    @property
    def amap(self):
        return self.document.amap

    def done(self, result: int) -> None:
        self.amap.unsubscribe(self._on_change)
        super().done(result)
        self.window_.activateWindow()  # back to the map, even where the window manager would not

    def closeEvent(self, event) -> None:
        self.amap.unsubscribe(self._on_change)
        super().closeEvent(event)

    # -- list ---------------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.has("sources-changed", "reset"):
            self._fill(keep=change.key if isinstance(change.key, str) else None)

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def _fill(self, keep: str | None = None) -> None:
        keep = keep if keep in self.amap.sources else self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        for source in self.amap.sources.values():
            n = len(cards_citing(self.amap, source.id))
            item = QListWidgetItem(
                f"{source.title or source.id}\n{source.id} \u00b7 cited by {n} card{'s' if n != 1 else ''}"
            )
            item.setToolTip(tooltip(source.title or source.id))
            item.setData(Qt.UserRole, source.id)
            self.list.addItem(item)
        ids = list(self.amap.sources)
        self.list.setCurrentRow(ids.index(keep) if keep in ids else (0 if ids else -1))
        self.list.blockSignals(False)
        self._show()

    def _show(self) -> None:
        sid = self.current_id()
        source = self.amap.sources.get(sid) if sid else None
        read_only = self.document.read_only
        for name, edit in self.edits.items():
            edit.setText(getattr(source, name) if source else "")
            edit.setEnabled(source is not None and not read_only)
        self.id_label.setText(source.id if source else "")
        self.file_label.setText(source.file if source and source.file else "(none: quotes are not checked)")
        cited = cards_citing(self.amap, sid) if sid else []
        shown = [_clip(self.amap.card(c).headline) for c in cited[:6]]
        more = f"; and {len(cited) - 6} more" if len(cited) > 6 else ""
        self.cited_label.setText(
            f"{len(cited)} card{'s' if len(cited) != 1 else ''}: " + "; ".join(shown) + more
            if cited
            else "no card"
        )
        self.remove_button.setEnabled(source is not None and not read_only)
        self.add_file_button.setEnabled(not read_only)
        self.new_button.setEnabled(not read_only)

    # -- editing ------------------------------------------------------------------------------

    def _commit(self, name: str) -> None:
        sid = self.current_id()
        if sid is None or sid not in self.amap.sources:
            return
        source = self.amap.sources[sid]
        value = " ".join(self.edits[name].text().split())
        if name == "title" and not value:
            self.edits[name].setText(source.title)  # a source needs a title; keep the old one
            return
        if getattr(source, name) != value:
            self.document.push(UpdateSource(replace(source, **{name: value})), "Edit source")

    def new_source(self) -> None:
        sid = self.amap.new_id("source")
        n = 1
        while sid in self.amap.sources:
            n += 1
            sid = f"source-{n}"
        if self.document.push(AddSource(Source(sid, "New source")), "Add source"):
            self._fill(keep=sid)
            self.edits["title"].setFocus()
            self.edits["title"].selectAll()

    def add_from_file(self) -> None:
        if self.document.path is None:
            show_message(
                self,
                "Save the map first",
                "A source's text is kept in a file beside the map, so save the map first (File ▸ Save).",
                QMessageBox.Information,
            )
            return
        # Opened, not exec'd: the window stays live, and the keyboard types a path into the dialog.
        chooser = QFileDialog(self, "Add a Source from a File", str(Path(self.document.path).parent))
        chooser.setNameFilters(SOURCE_FILE_FILTER.split(";;"))
        chooser.setFileMode(QFileDialog.ExistingFile)
        chooser.setOption(QFileDialog.DontUseNativeDialog, True)
        chooser.fileSelected.connect(self.add_file)
        chooser.finished.connect(chooser.deleteLater)
        self.file_chooser = chooser
        chooser.open()

    def add_file(self, name: str) -> bool:
        """Read ``name`` and add it as a source (one undo step); says why when it cannot."""
        try:
            added = add_source_file(self.amap, Path(self.document.path), name)
        except (SourceFileError, SaveError) as exc:
            show_message(self, "Cannot add this source", str(exc))
            return False
        source = added.source
        # One undo step for the record and its text file: undoing it deletes the file the add wrote.
        if not self.document.push(added.edit, f"Add source {source.id}", source_text=added.text):
            added.text.remove()  # refused: no record names the file
            return False
        self._fill(keep=source.id)
        self.window_.statusBar().showMessage(
            f"Added source '{source.id}'; its text is in {source.file} beside the map", 6000
        )
        # After the file chooser has closed and handed focus back: the record, ready to correct.
        QTimer.singleShot(0, self._focus_record)
        return True

    def _focus_record(self) -> None:
        self.activateWindow()  # not every window manager gives it back when the chooser closes
        self.edits["title"].setFocus(Qt.OtherFocusReason)

    def remove_current(self) -> None:
        sid = self.current_id()
        if sid is None:
            return
        cited = cards_citing(self.amap, sid)
        if cited:
            names = "\n".join(f"  • {self.amap.card(c).headline[:70]}" for c in cited[:12])
            more = f"\n  … and {len(cited) - 12} more" if len(cited) > 12 else ""
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Information)
            box.setWindowTitle("This source is cited")
            box.setTextFormat(Qt.PlainText)
            box.setText(
                f"{len(cited)} card{'s cite' if len(cited) != 1 else ' cites'} '{sid}', so it stays:\n"
                f"{names}{more}\n\nPoint those cards at another source (Inspector ▸ Source) or delete "
                "them, then remove the source."
            )
            select = box.addButton("Select Those Cards", QMessageBox.ActionRole)
            box.addButton(QMessageBox.Close)
            box.exec()
            if box.clickedButton() is select:
                self.window_.selection.set(cited)
            return
        self.document.push(RemoveSource(sid), f"Remove source {sid}")


def _clip(text: str, limit: int = 48) -> str:
    """A headline cut at a word, with "…", for a one-line list."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "\u2026"
