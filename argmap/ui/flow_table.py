"""The flow's table: the model of one sheet (or the whole round), its cells drawn with their marks,
and the keys a debater flows with. argmap/ui/flow_view.py puts it in the Flow dock and makes the edits.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from ..evidence import speech_reading_times
from ..flow import Column, FlowCell, FlowRound, Sheet
from ..model import Card
from .plain_text import tooltip

CARD_ROLE = Qt.UserRole + 1
BADGES_ROLE = Qt.UserRole + 2
SIDE_TINT = {"for": QColor("#eef4fb"), "against": QColor("#fbeff0")}
SIDE_WORD = {"for": "affirmative / pro", "against": "negative / con"}
BADGE_COLORS = {"EV": "#3d5a80", "DROPPED": "#c62828", "EXT": "#2e7d32", "no speech": "#8a8a8a"}
HEADING_TINT = QColor("#e3e3e3")
COLUMN_WIDTH = 210
MAX_FITTED_ROWS = 3000  # fitting each row's height to its text is per cell; past this, rows keep one height


def headline_field(card: Card) -> str:
    """The field a flow cell shows and edits: the tag, else the text (a bare evidence card's quote)."""
    if card.tag:
        return "tag"
    return "quote" if card.kind == "evidence" and not card.text and card.quote else "text"


def pointer_text(amap, flow: FlowRound, cell: FlowCell) -> str:
    """ "↗ Sheet 2: Escalation DA · Sheet 3: …" for a cell pointing at other sheets."""
    parts = []
    for card_id in cell.refers_to:
        if card_id in amap and card_id in flow.sheet_of:
            words = " ".join((amap.card(card_id).headline or card_id).split())
            short = words if len(words) <= 40 else words[:39] + "\u2026"
            parts.append(f"Sheet {flow.sheet_of[card_id] + 1}: {short}")
    return "\u2197 " + " \u00b7 ".join(parts)


def speech_name(column: Column) -> str:
    """What a card made in ``column`` writes as its ``speech``: the column's name, or its first alias
    when the name joins several speeches ("2NC/1NR" writes "2NC")."""
    return column.speeches[0] if "/" in column.name and column.speeches else column.name


# ---------------------------------------------------------------------------------------------
# The table model: a picture of one sheet (or the whole round)
# ---------------------------------------------------------------------------------------------


class FlowModel(QAbstractTableModel):
    textEdited = Signal(str, str)  # (card_id, new headline) from a cell editor
    typedIntoEmpty = Signal(int, int, str)  # (row, column, text) typed into an empty cell

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.amap = None
        self.round: FlowRound | None = None
        self.sheet: Sheet | None = None
        self.grid: dict[tuple[int, int], FlowCell] = {}
        self.drops_at: dict[tuple[str, int], object] = {}
        self.editable = True
        self.words_per_minute = 300  # read-aloud times per speech (Evidence ▸ Reading Rate)
        self.reading: dict[int, tuple[int, int]] = {}  # column -> (words read aloud, seconds)
        self._rows = 0

    def clear(self) -> None:
        """Show nothing (a stale sheet of another map is not kept while the dock waits to be shown)."""
        self.beginResetModel()
        self.amap, self.round, self.sheet, self.grid, self.drops_at = None, None, None, {}, {}
        self.endResetModel()

    def set_sheet(self, amap, flow: FlowRound, sheet: Sheet, editable: bool) -> None:
        self.beginResetModel()
        self.amap, self.round, self.sheet, self.editable = amap, flow, sheet, editable
        self.grid = sheet.grid()
        self.drops_at = {(d.card_id, d.made_in): d for d in flow.drops}
        # Views ask rowCount thousands of times per reset; Sheet.rows walks every cell, so count once.
        # The whole round ends with its last sheet's spare row; the row after it starts a new sheet.
        self._rows = max([sheet.rows] + [end for _first, end in sheet.bands])
        self.reading = speech_reading_times(amap, sheet.cells.values(), self.words_per_minute)
        self.endResetModel()

    def cell(self, index: QModelIndex) -> FlowCell | None:
        return self.grid.get((index.row(), index.column())) if index.isValid() else None

    def heading(self, row: int) -> str | None:
        """The whole-round view names each sheet on a row of its own."""
        if self.sheet is None or row not in self.sheet.headings:
            return None
        i = self.sheet.headings[row]
        sheet = self.round.sheets[i]
        side = {"for": "affirmative", "against": "negative"}.get(sheet.side or "", "")
        return f"Sheet {i + 1}: {sheet.title} ({side})"

    def index_of(self, card_id: str) -> QModelIndex:
        """The card's own cell (not its extension marks)."""
        cell = self.sheet.cells.get(card_id) if self.sheet else None
        return self.index(cell.row, cell.column) if cell else QModelIndex()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        # One spare row below the last card, so a new argument can start from the keyboard.
        return 0 if parent.isValid() or self.sheet is None else self._rows + 1

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.sheet is None else len(self.sheet.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or self.sheet is None or section >= len(self.sheet.columns):
            return None
        column = self.sheet.columns[section]
        words, seconds = self.reading.get(section, (0, 0))
        if role == Qt.DisplayRole:
            # The evidence a speech reads, timed: "1AC · 1:05".
            name = f"{column.name} \u00b7 {seconds // 60}:{seconds % 60:02d}" if seconds else column.name
            return name + ("  ◀ now" if self.round and section == self.round.now else "")
        if role == Qt.ToolTipRole:
            timing = f"; its evidence reads aloud in {seconds} s ({words} words)" if words else ""
            return tooltip(f"{column.name}: {SIDE_WORD[column.side]}{timing}")
        if role == Qt.BackgroundRole:
            return SIDE_TINT[column.side]
        if role == Qt.ForegroundRole:  # dark words on the light tint, in a dark palette too
            return QColor("#1a1a1a")
        return None

    def badges(self, cell: FlowCell) -> list[str]:
        card = self.amap.card(cell.card_id)
        out = []
        if cell.evidence:
            out.append("EV")
        if cell.extension or card.extended:
            out.append("EXT")
        if (cell.card_id, cell.column) in self.drops_at:
            out.append("DROPPED")
        if cell.inferred and not cell.extension:
            out.append("no speech")
        return out

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or self.sheet is None:
            return None
        heading = self.heading(index.row())
        if heading is not None:
            if role == Qt.DisplayRole and index.column() == 0:
                return heading
            if role == Qt.BackgroundRole:
                return HEADING_TINT
            if role == Qt.FontRole:
                font = QApplication.font()
                font.setBold(True)
                return font
            return None
        if role == Qt.BackgroundRole:
            return SIDE_TINT[self.sheet.columns[index.column()].side]
        cell = self.cell(index)
        if cell is None or cell.card_id not in self.amap:  # removed; the coalesced refresh is on its way
            return "" if role == Qt.EditRole else None
        if cell.refers_to:
            return self.pointer_data(cell, role)
        card = self.amap.card(cell.card_id)
        if role == Qt.DisplayRole:
            text = card.headline or card.id
            if cell.extension:
                return f"↪ extended: {text}"
            return f"{cell.number}. {text}" if cell.number else text
        if role == Qt.EditRole:
            return getattr(card, headline_field(card))
        if role == CARD_ROLE:
            return cell.card_id
        if role == BADGES_ROLE:
            return self.badges(cell)
        if role == Qt.FontRole and cell.evidence:
            font = QApplication.font()
            font.setItalic(True)
            return font
        if role == Qt.AccessibleTextRole:
            return " ".join(self.badges(cell) + [card.headline])
        return None

    def pointer_data(self, cell: FlowCell, role):
        """A "see sheet 2" cell: where positions on their own sheets answer the card on this row."""
        if role == Qt.DisplayRole:
            return pointer_text(self.amap, self.round, cell)
        if role == Qt.FontRole:
            font = QApplication.font()
            font.setItalic(True)
            return font
        if role == Qt.ToolTipRole:
            return "Answered on another sheet: Enter or a double-click turns to it"
        if role == Qt.EditRole:
            return ""
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        if self.heading(index.row()) is not None:
            return Qt.ItemIsEnabled
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        cell = self.cell(index)
        if self.editable and (cell is None or not (cell.extension or cell.refers_to)):
            flags |= Qt.ItemIsEditable  # an empty cell too: typing there starts a card
        return flags

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if role != Qt.EditRole or not index.isValid():
            return False
        cell = self.cell(index)
        if cell is None:
            if str(value).strip():
                self.typedIntoEmpty.emit(index.row(), index.column(), str(value))
            return True
        if cell.extension or cell.refers_to or cell.card_id not in self.amap:
            return False
        self.textEdited.emit(cell.card_id, str(value))
        return True


# ---------------------------------------------------------------------------------------------
# Drawing a cell: badges, then the plain text wrapped
# ---------------------------------------------------------------------------------------------


class CellEditor(QLineEdit):
    """A plain-text cell editor whose Enter, Tab and Escape belong to it, not to window shortcuts."""

    def event(self, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and event.key() in (
            Qt.Key_Return,
            Qt.Key_Enter,
            Qt.Key_Escape,
            Qt.Key_Tab,
            Qt.Key_Backtab,
        ):
            event.accept()
            return True
        return super().event(event)


class FlowDelegate(QStyledItemDelegate):
    """Draws cells with their marks, and ends an edit the way a debater moves on: Enter keeps the
    words and goes down (so does Down; Up goes up), Tab or Shift+Enter goes to the next speech,
    Shift+Tab back, Escape drops."""

    PAD = 4
    finished = Signal(str)  # how the edit ended: below, up, answer, back or cancel

    def createEditor(self, parent, option, index):
        editor = CellEditor(parent)
        editor.setFrame(False)
        return editor

    def eventFilter(self, editor, event) -> bool:
        if event.type() == QEvent.KeyPress and isinstance(editor, CellEditor):
            key, mods = event.key(), event.modifiers() & ~Qt.KeypadModifier
            intent = None
            if key in (Qt.Key_Return, Qt.Key_Enter):
                intent = "answer" if mods & Qt.ShiftModifier else "below"
            elif key == Qt.Key_Tab:
                intent = "answer"
            elif key == Qt.Key_Backtab:
                intent = "back"
            elif key == Qt.Key_Escape:
                intent = "cancel"
            elif key in (Qt.Key_Up, Qt.Key_Down) and not mods:  # arrows everywhere: keep and move
                intent = "up" if key == Qt.Key_Up else "below"
            if intent is not None:
                if intent != "cancel":
                    self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.NoHint)
                self.finished.emit(intent)
                return True
        return super().eventFilter(editor, event)

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect.adjusted(self.PAD, self.PAD - 1, -self.PAD, -self.PAD + 1)
        painter.save()
        badges = index.data(BADGES_ROLE) or []
        if badges:
            font = QApplication.font()
            font.setPointSizeF(font.pointSizeF() * 0.8)
            font.setBold(True)
            painter.setFont(font)
            fm = QFontMetrics(font)
            x = rect.left()
            for badge in badges:
                pill = QRect(x, rect.top(), fm.horizontalAdvance(badge) + 8, fm.height() + 2)
                painter.setPen(Qt.NoPen)
                painter.setBrush(QColor(BADGE_COLORS.get(badge, "#666666")))
                painter.drawRoundedRect(pill, 3, 3)
                painter.setPen(QColor("#ffffff"))
                painter.drawText(pill, Qt.AlignCenter, badge)
                x = pill.right() + 4
            rect.setTop(rect.top() + fm.height() + 4)
        selected = bool(opt.state & QStyle.State_Selected)
        color = opt.palette.color(QPalette.HighlightedText if selected else QPalette.Text)
        if not selected:
            color = QColor("#1d1d1d")  # the tints are light in either theme
        if str(text).startswith(("↪", "↗")):
            color.setAlpha(150)
        painter.setPen(color)
        painter.setFont(opt.font)
        painter.drawText(rect, Qt.TextWordWrap | Qt.AlignLeft | Qt.AlignTop, text)  # drawText: never markup
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        text = index.data(Qt.DisplayRole)
        if not text:
            return QSize(COLUMN_WIDTH, 28)
        view = option.widget
        width = (
            view.columnWidth(index.column()) if isinstance(view, QTableView) else COLUMN_WIDTH
        ) - 2 * self.PAD
        font = index.data(Qt.FontRole) or option.font
        height = (
            QFontMetrics(font)
            .boundingRect(QRect(0, 0, max(width, 40), 10_000), Qt.TextWordWrap, text)
            .height()
        )
        if index.data(BADGES_ROLE):
            small = QApplication.font()
            small.setPointSizeF(small.pointSizeF() * 0.8)
            height += QFontMetrics(small).height() + 4
        return QSize(width, height + 2 * self.PAD)


# ---------------------------------------------------------------------------------------------
# The table: keys as a debater flows
# ---------------------------------------------------------------------------------------------


class FlowTable(QTableView):
    addBelowRequested = Signal()
    addAnswerRequested = Signal()

    OWN_KEYS = (
        Qt.Key_Return,
        Qt.Key_Enter,
        Qt.Key_Tab,
        Qt.Key_Backtab,
        Qt.Key_F2,
        Qt.Key_Up,
        Qt.Key_Down,
        Qt.Key_Left,
        Qt.Key_Right,
        Qt.Key_Home,
        Qt.Key_End,
        Qt.Key_PageUp,
        Qt.Key_PageDown,
    )

    def event(self, event) -> bool:
        # The window's single-key shortcuts (Enter adds a sibling on the map, F2 edits there, R rebuts)
        # must not take these keys, or a letter typed to start a card, while the flow has focus.
        if event.type() == QEvent.ShortcutOverride and not event.modifiers() & (
            Qt.ControlModifier | Qt.AltModifier
        ):
            text = event.text()
            if event.key() in self.OWN_KEYS or (text and text.isprintable()):
                event.accept()
                return True
        return super().event(event)

    def _move(self, row: int, column: int) -> None:
        model = self.model()
        if 0 <= row < model.rowCount() and 0 <= column < model.columnCount():
            self.setCurrentIndex(model.index(row, column))

    def keyPressEvent(self, event) -> None:
        key, mods = event.key(), event.modifiers() & ~Qt.KeypadModifier
        if self.state() != QAbstractItemView.EditingState:
            index = self.currentIndex()
            on_card = self.model().cell(index) is not None
            enter = key in (Qt.Key_Return, Qt.Key_Enter)
            if (enter and mods == Qt.ShiftModifier) or (key == Qt.Key_Tab and mods == Qt.NoModifier):
                if on_card:
                    self.addAnswerRequested.emit()
                else:
                    self._move(index.row(), index.column() + 1)
                return
            if key == Qt.Key_Backtab:
                self._move(index.row(), index.column() - 1)
                return
            if enter and mods == Qt.NoModifier:
                if on_card:
                    self.addBelowRequested.emit()
                elif index.isValid() and self.model().flags(index) & Qt.ItemIsEditable:
                    self.edit(index)  # start a card in this empty cell
                return
        super().keyPressEvent(event)
