"""The cards (and at most one relation) selected in a window, shared by canvas, outline and inspector."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Selection(QObject):
    """Selected card ids in order, the current card, and a selected relation key (source, target)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.card_ids: list[str] = []
        self.relation: tuple[str, str] | None = None

    @property
    def current(self) -> str | None:
        """The card the inspector shows: the last one selected."""
        return self.card_ids[-1] if self.card_ids else None

    def set(
        self, card_ids: list[str] | tuple[str, ...] = (), relation: tuple[str, str] | None = None
    ) -> None:
        """Replace the selection; tells listeners only when it actually changes."""
        ids = list(dict.fromkeys(card_ids))
        if ids == self.card_ids and relation == self.relation:
            return
        self.card_ids = ids
        self.relation = relation
        self.changed.emit()

    def discard(self, card_id: str) -> None:
        if card_id in self.card_ids or (self.relation and card_id in self.relation):
            self.set(
                [c for c in self.card_ids if c != card_id],
                None if self.relation and card_id in self.relation else self.relation,
            )
