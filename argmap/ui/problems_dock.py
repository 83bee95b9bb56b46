"""The problems dock: the document's errors and warnings, each with its place in the file.

Clicking a problem that belongs to a card selects that card and emits ``activated`` so the window can
bring it into view; every problem also emits ``problemActivated`` (for jumping to its line).

The title counts the problems at once, always (its tab shows it when the dock is behind another). The
list itself, one row per problem (a map can have thousands), is filled only while the dock can be seen:
behind another tab or closed it goes stale and is filled when shown, and a new map's list waits until
the window has painted, so that opening a map is not kept waiting by it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from ..authoring import headline_words
from ..problems import Problem
from .document import MapDocument
from .plain_text import tooltip
from .selection import Selection

PROBLEM_ROLE = Qt.UserRole + 1  # the row's index in document.problems


class ProblemsDock(QDockWidget):
    """Lists ``document.problems``; follows ``problemsChanged``; the title counts them."""

    activated = Signal(str)  # the id of the card the clicked problem is about
    problemActivated = Signal(object)  # the clicked Problem, card or not

    def __init__(self, document: MapDocument, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__("Problems", parent)
        self.setObjectName("ProblemsDock")
        self.selection = selection
        self.document: MapDocument | None = None
        self._problems: list[Problem] = []
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Location", "Message"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.tree.setColumnWidth(0, 220)
        self.tree.itemClicked.connect(self._on_item)
        self.tree.itemActivated.connect(self._on_item)
        self.setWidget(self.tree)
        self._stale = True  # the list does not show the document's problems yet
        self._in_front = False  # the last visibilityChanged: False while closed or tabbed behind
        self._await_paint = False  # a new map: the list waits for the window's next paint
        self._fill_timer = QTimer(self, singleShot=True, interval=0, timeout=self._fill_if_due)
        self.visibilityChanged.connect(self._on_visibility)
        self._bind(document, after_paint=False)

    def set_document(self, document: MapDocument) -> None:
        """List another document's problems (or the same one's afresh): the count at once, the list
        when the dock can be seen, and not before the window has painted the new map."""
        self._bind(document, after_paint=True)

    def _bind(self, document: MapDocument, after_paint: bool) -> None:
        if self.document is not None:
            self.document.problemsChanged.disconnect(self._on_problems_changed)
        self.document = document
        document.problemsChanged.connect(self._on_problems_changed)
        self._stale = True
        self._show_count()
        if self.can_be_seen() and self._problems:
            self._problems = []  # not the previous map's problems in the paint the new map waits for
            self.tree.clear()
        if after_paint and not self._await_paint:
            self._await_paint = True
            self.tree.viewport().installEventFilter(self)
            self.tree.viewport().update()  # a paint is sure to come once the dock can be seen
        self._fill_if_due()

    def can_be_seen(self) -> bool:
        """Shown and in front: a dock tabbed behind another one stays ``isVisible()`` in Qt 6, and
        only ``visibilityChanged`` tells that it went behind."""
        return self._in_front and self.isVisible()

    def _on_visibility(self, visible: bool) -> None:
        self._in_front = visible
        self._fill_if_due()

    def _on_problems_changed(self) -> None:
        self._stale = True
        self._show_count()
        self._fill_if_due()

    def _fill_if_due(self) -> None:
        if self._stale and not self._await_paint and self.can_be_seen():
            self.refresh()

    def eventFilter(self, watched, event) -> bool:
        if self._await_paint and event.type() == QEvent.Paint and watched is self.tree.viewport():
            # The window is painting (its widgets paint together): fill on the next turn, after it.
            self._await_paint = False
            watched.removeEventFilter(self)
            self._fill_timer.start()
        return super().eventFilter(watched, event)

    def _sorted(self) -> list[Problem]:
        return sorted(self.document.problems, key=lambda p: (p.severity != "error", p.line, p.column))

    def _show_count(self) -> None:
        n = len(self.document.problems)
        self.setWindowTitle(f"Problems ({n})" if n else "Problems")

    @property
    def problems(self) -> list[Problem]:
        """The problems as listed, in the order shown (or to be shown, while the list waits)."""
        return self._sorted() if self._stale else list(self._problems)

    def refresh(self) -> None:
        """List the document's problems again, errors before warnings, each kind in file order."""
        self._fill_timer.stop()
        self._stale = False
        self._problems = self._sorted()
        style = self.style()
        icons = {
            "error": style.standardIcon(QStyle.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.SP_MessageBoxWarning),
        }
        self.tree.clear()
        items = []
        amap = self.document.amap
        for index, problem in enumerate(self._problems):
            where = f"{problem.file}:{problem.line}:{problem.column}"
            if not self.document.read_only and problem.card_id and problem.card_id in amap:
                # In the editor the file's lines are not what the user sees: name the card by its words.
                where = headline_words(amap.card(problem.card_id), 40)
            item = QTreeWidgetItem([where, " ".join(problem.message.split())])
            item.setToolTip(0, tooltip(f"{problem.file}:{problem.line}:{problem.column}"))
            item.setIcon(0, icons.get(problem.severity, icons["warning"]))
            item.setToolTip(1, tooltip(f"{problem.severity}: {problem.message}"))
            item.setData(0, PROBLEM_ROLE, index)
            items.append(item)
        self.tree.addTopLevelItems(items)
        self._show_count()

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        problem = self._problems[item.data(0, PROBLEM_ROLE)]
        self.problemActivated.emit(problem)
        if problem.card_id and problem.card_id in self.document.amap:
            self.selection.set([problem.card_id])
            self.activated.emit(problem.card_id)


__all__ = ["ProblemsDock"]
