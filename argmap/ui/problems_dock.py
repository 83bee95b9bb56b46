"""The problems dock: the document's errors and warnings, each with its place in the file.

Clicking a problem that belongs to a card selects that card and emits ``activated`` so the window can
bring it into view; every problem also emits ``problemActivated`` (for jumping to its line).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from ..problems import Problem
from .document import MapDocument
from .selection import Selection

PROBLEM_ROLE = Qt.UserRole + 1  # the row's index in document.problems


class ProblemsDock(QDockWidget):
    """Lists ``document.problems``; follows ``problemsChanged``; the title counts them."""

    activated = Signal(str)          # the id of the card the clicked problem is about
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
        self.set_document(document)

    def set_document(self, document: MapDocument) -> None:
        """List another document's problems (or the same one's afresh)."""
        if self.document is not None:
            self.document.problemsChanged.disconnect(self.refresh)
        self.document = document
        document.problemsChanged.connect(self.refresh)
        self.refresh()

    @property
    def problems(self) -> list[Problem]:
        """The problems as listed, in the order shown."""
        return list(self._problems)

    def refresh(self) -> None:
        """List the document's problems again, errors before warnings, each kind in file order."""
        self._problems = sorted(self.document.problems, key=lambda p: (p.severity != "error", p.line, p.column))
        style = self.style()
        icons = {"error": style.standardIcon(QStyle.SP_MessageBoxCritical),
                 "warning": style.standardIcon(QStyle.SP_MessageBoxWarning)}
        self.tree.clear()
        items = []
        for index, problem in enumerate(self._problems):
            item = QTreeWidgetItem([f"{problem.file}:{problem.line}:{problem.column}",
                                    " ".join(problem.message.split())])
            item.setIcon(0, icons.get(problem.severity, icons["warning"]))
            item.setToolTip(1, f"{problem.severity}: {problem.message}")
            item.setData(0, PROBLEM_ROLE, index)
            items.append(item)
        self.tree.addTopLevelItems(items)
        n = len(self._problems)
        self.setWindowTitle(f"Problems ({n})" if n else "Problems")

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        problem = self._problems[item.data(0, PROBLEM_ROLE)]
        self.problemActivated.emit(problem)
        if problem.card_id and problem.card_id in self.document.amap:
            self.selection.set([problem.card_id])
            self.activated.emit(problem.card_id)


__all__ = ["ProblemsDock"]
