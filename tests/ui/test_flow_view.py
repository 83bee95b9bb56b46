"""The Flow dock driven as a debater flows: keys in the table, every edit on the one undo stack."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication

from argmap.edits import AddCard
from argmap.flow import POLICY
from argmap.format import dumps, loads
from argmap.model import ArgumentMap, Card, Cite, Relation, Source
from argmap.ui.document import MapDocument
from argmap.ui.flow_table import BADGES_ROLE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(shipped_window):
    shipped_window.flow_view.show_flow()
    return shipped_window


def small_round() -> ArgumentMap:
    """1AC case with evidence; a 1NC answer the 2AC answers; a 1NC off-case the 2AC never answers."""
    amap = ArgumentMap()
    amap.sources["axios"] = Source("axios", "Axios")
    for card in (
        Card("case", "position", "for", text="Fund the resistance", speech="1AC"),
        Card(
            "ev",
            "evidence",
            "for",
            tag="Ukraine asked",
            quote="allocate funds",
            cite=Cite("axios"),
            speech="1AC",
        ),
        Card("no-solvency", "rebuttal", "against", text="It will not work", speech="1NC"),
        Card("solvency", "rebuttal", "for", text="It works", speech="2AC"),
        Card("disad", "argument", "against", text="Escalation disadvantage", speech="1NC"),
    ):
        amap.insert_card(card)
    for rel in (
        Relation("ev", "case", "supports"),
        Relation("no-solvency", "case", "rebuts"),
        Relation("solvency", "no-solvency", "rebuts"),
    ):
        amap.insert_relation(rel)
    return amap


@pytest.fixture
def flow(window, qtbot):
    window.set_document(MapDocument(small_round()))
    view = window.flow_view
    view.refresh_now()
    return view


def cell_of(flow, card_id):
    flow.refresh_now()
    index = flow.model.index_of(card_id)
    return index.row(), index.column()


def put_cursor(flow, card_id):
    flow.window_.selection.set([card_id])
    flow.table.setFocus()
    assert flow.model.cell(flow.table.currentIndex()).card_id == card_id


def key(flow, k, modifier=Qt.NoModifier):
    QTest.keyClick(flow.table, k, modifier)


def editor(flow):
    widget = QApplication.focusWidget()
    assert flow.table.state() == QAbstractItemView.EditingState and widget is not flow.table
    return widget


def test_cards_sit_in_their_speech_column_answers_across_dropped_and_evidence_marked(flow):
    model = flow.model
    headers = [model.headerData(i, Qt.Horizontal) for i in range(model.columnCount())]
    assert headers[2] == "2AC  \u25c0 now"  # following the flow: the latest speech with a card
    assert [h.replace("  \u25c0 now", "") for h in headers] == [
        "1AC",
        "1NC",
        "2AC",
        "2NC/1NR",
        "1AR",
        "2NR",
        "2AR",
    ]
    case, ev, ns, sol, disad = (cell_of(flow, c) for c in ("case", "ev", "no-solvency", "solvency", "disad"))
    assert case[1] == 0 and ev[1] == 0 and ns[1] == 1 and sol[1] == 2 and disad[1] == 1
    assert ns[0] == case[0] and sol[0] == ns[0]  # each answer on the row of what it answers
    assert ev[0] > case[0]  # the support follows its claim in its own column
    assert "EV" in model.index(*ev).data(BADGES_ROLE)
    assert model.index(*ev).data(Qt.FontRole).italic()
    # the 2AC is in progress: it has not dropped the disadvantage yet
    assert "DROPPED" not in model.index(*disad).data(BADGES_ROLE)
    put_cursor(flow, "case")
    key(flow, Qt.Key_D, Qt.ControlModifier | Qt.AltModifier)  # the 2AC is over
    disad = cell_of(flow, "disad")
    assert "DROPPED" in model.index(*disad).data(BADGES_ROLE)  # the 2AC said nothing about it
    assert "DROPPED" not in model.index(*cell_of(flow, "case")).data(BADGES_ROLE)
    assert model.index(*cell_of(flow, "case")).data(Qt.DisplayRole) == "Fund the resistance"
    listed = [flow.drop_list.item(i).text() for i in range(flow.drop_list.count())]
    assert any(t.startswith("2AC dropped: Escalation disadvantage") for t in listed)
    assert flow.now_combo.currentText() == "2NC/1NR"


def test_the_real_map_puts_every_card_with_a_speech_in_that_speech_column(window):
    flow = window.flow_view
    amap = window.document.amap
    for card in amap.cards():
        if card.speech:
            assert cell_of(flow, card.id)[1] == POLICY.column_of(card.speech), card.id
        for parent in amap.answered_by(card.id):
            if flow.round.sheet_of[parent] == flow.round.sheet_of[card.id]:
                assert cell_of(flow, card.id)[0] >= cell_of(flow, parent)[0]


def test_enter_adds_a_card_below_in_the_same_column_answering_the_same_card_typed_then_undone(flow, qtbot):
    window = flow.window_
    amap = window.document.amap
    before = amap.snapshot()
    put_cursor(flow, "no-solvency")
    key(flow, Qt.Key_Return)
    new = window.selection.current
    assert new not in ("no-solvency",) and new in amap
    card = amap.card(new)
    assert (card.side, card.speech) == ("against", "1NC")
    assert amap.relation(new, "case").type == "rebuts"
    row, col = cell_of(flow, new)
    assert col == 1 and row > cell_of(flow, "no-solvency")[0]
    assert window.scene.card_item(new) is not None  # shows at once on the map
    QTest.keyClicks(editor(flow), "Plan <i>unfunded</i>")
    QTest.keyClick(editor(flow), Qt.Key_Return)  # the delegate commits on the next turn of the loop
    qtbot.waitUntil(lambda: amap.card(new).text == "Plan <i>unfunded</i>")  # plain text, one UpdateCard
    assert flow.table.state() != QAbstractItemView.EditingState
    window.document.undo_stack.undo()
    assert amap.card(new).text == "New rebuttal"
    window.document.undo_stack.undo()
    assert amap.snapshot() == before
    assert window.scene.card_item(new) is None


def test_shift_enter_and_tab_add_an_answer_in_the_next_column_each_undoable(flow):
    window = flow.window_
    amap = window.document.amap
    before = amap.snapshot()
    put_cursor(flow, "case")
    key(flow, Qt.Key_Return, Qt.ShiftModifier)
    answer = window.selection.current
    assert amap.relation(answer, "case").type == "rebuts"
    assert (amap.card(answer).side, amap.card(answer).speech) == ("against", "1NC")
    assert cell_of(flow, answer)[1] == 1
    QTest.keyClicks(editor(flow), "No solvency")
    QTest.keyClick(editor(flow), Qt.Key_Escape)  # Escape before the words are kept: the card goes
    assert answer not in amap and amap.snapshot() == before
    key(flow, Qt.Key_Tab)  # again, and keep it this time
    answer = window.selection.current
    QTest.keyClicks(editor(flow), "No solvency")
    QTest.keyClick(editor(flow), Qt.Key_Return)
    put_cursor(flow, answer)
    key(flow, Qt.Key_Tab)  # answer the answer: the 2AC
    second = window.selection.current
    assert amap.relation(second, answer).type == "rebuts"
    assert cell_of(flow, second) == (cell_of(flow, answer)[0], 2)
    assert window.scene.card_item(second) is not None
    QTest.keyClicks(editor(flow), "Solvency")
    QTest.keyClick(editor(flow), Qt.Key_Return)
    assert window.document.undo_stack.undoText() == "Edit text"
    for _ in range(4):
        window.document.undo_stack.undo()
    assert amap.snapshot() == before


def test_arrows_move_between_cells_and_the_selection_follows_both_ways(flow, qtbot):
    window = flow.window_
    put_cursor(flow, "case")
    key(flow, Qt.Key_Right)
    assert window.selection.current == "no-solvency"
    key(flow, Qt.Key_Right)
    assert window.selection.current == "solvency"
    key(flow, Qt.Key_Left)
    key(flow, Qt.Key_Left)
    key(flow, Qt.Key_Down)
    assert window.selection.current == "ev"
    window.scene.select_cards(["disad"])  # a click on the map moves the flow's cursor
    assert flow.model.cell(flow.table.currentIndex()).card_id == "disad"
    rect = flow.table.visualRect(flow.model.index_of("solvency"))
    QTest.mouseClick(flow.table.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    assert window.selection.card_ids == ["solvency"]


def test_f2_edits_the_headline_in_place_as_one_undo_step(flow, qtbot):
    window = flow.window_
    amap = window.document.amap
    put_cursor(flow, "ev")  # evidence with a tag: F2 edits the tag the cell shows
    key(flow, Qt.Key_F2)
    line = editor(flow)
    line.selectAll()
    QTest.keyClicks(line, "Danilov asked")
    QTest.keyClick(line, Qt.Key_Return)
    qtbot.waitUntil(lambda: amap.card("ev").tag == "Danilov asked")
    assert flow.model.index_of("ev").data(Qt.DisplayRole) == "Danilov asked"
    window.document.undo_stack.undo()
    assert amap.card("ev").tag == "Ukraine asked"


def test_an_edit_on_the_map_shows_in_the_flow(flow, qtbot):
    window = flow.window_
    window.selection.set(["disad"])
    window.view.setFocus()
    QTest.keyClick(window.view.viewport(), Qt.Key_R)  # the 2AC answers the disadvantage on the map
    QTest.keyClick(window.view.viewport(), Qt.Key_Return)  # kept (Escape would discard the new card)
    new = window.selection.current
    qtbot.waitUntil(lambda: flow.model.index_of(new).isValid())
    assert "DROPPED" not in flow.model.index_of("disad").data(BADGES_ROLE)


def test_one_key_extends_into_the_speech_in_progress_undoably_and_round_trips(window):
    flow = window.flow_view
    amap = window.document.amap
    card = next(c for c in amap.cards() if c.speech == "1AC" and c.side == "for" and c.kind != "position")
    flow.set_now(4)  # the 1AR is in progress
    put_cursor(flow, card.id)
    key(flow, Qt.Key_E, Qt.ControlModifier | Qt.AltModifier)  # no dialog: one key
    assert amap.card(card.id).extended == ("1AR",)
    flow.set_now(6)
    put_cursor(flow, card.id)
    key(flow, Qt.Key_E, Qt.ControlModifier | Qt.AltModifier)
    assert amap.card(card.id).extended == ("1AR", "2AR")
    flow.refresh_now()
    marks = [c for c in flow.sheet.extensions if c.card_id == card.id]
    assert {m.row for m in marks} <= {flow.sheet.cells[card.id].row}  # on its row, or not drawn
    index = flow.model.index_of(card.id)
    assert "EXT" in index.data(BADGES_ROLE)
    reloaded = loads(dumps(amap), "x.yaml").map
    assert reloaded.card(card.id).extended == ("1AR", "2AR")
    key(flow, Qt.Key_E, Qt.ControlModifier | Qt.AltModifier)  # again on the same speech: taken back
    assert amap.card(card.id).extended == ("1AR",)
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert amap.card(card.id).extended == ()


def test_columns_can_be_renamed_added_and_removed_and_are_remembered(flow, monkeypatch):
    window = flow.window_
    monkeypatch.setattr(flow, "ask_text", lambda *a, **k: "1AC (case)")
    assert flow.rename_column(0)
    assert flow.model.headerData(0, Qt.Horizontal) == "1AC (case)"
    assert cell_of(flow, "case")[1] == 0  # cards of the old name stay in the column
    monkeypatch.setattr(flow, "ask_text", lambda *a, **k: "CX")
    assert flow.add_column(0)
    assert flow.model.headerData(1, Qt.Horizontal) == "CX" and flow.preset.columns[1].side == "against"
    assert flow.remove_column(1)
    assert flow.model.columnCount() == 7
    assert "1AC (case)" in window.settings.value("flow/columns/policy")
    flow.set_preset("ld")
    assert [c.name for c in flow.sheet.columns] == ["AC", "NC", "1AR", "NR", "2AR"]
    flow.set_preset("policy")
    assert flow.model.headerData(0, Qt.Horizontal) == "1AC (case)"
    flow.reset_columns()
    assert flow.model.headerData(0, Qt.Horizontal) == "1AC"


def test_editing_a_cards_words_updates_its_cell_without_rebuilding_the_sheet(flow, window):
    from PySide6.QtWidgets import QApplication

    from argmap.edits import UpdateCard
    from argmap.model import with_fields

    flow.set_now(len(flow.preset.columns))  # the round is over: the 2AC dropped the disadvantage
    rebuilt = []
    flow.rebuilt.connect(lambda: rebuilt.append(True))
    card = window.document.amap.card("disad")
    window.document.push(UpdateCard(with_fields(card, text="Escalation disadvantage, revised")), "Edit")
    QApplication.processEvents()
    assert not rebuilt
    assert "revised" in flow.model.data(flow.model.index_of("disad"))
    drops = [flow.drop_list.item(i).text() for i in range(flow.drop_list.count())]
    assert any("Escalation disadvantage, revised" in text for text in drops)  # renamed in place
    window.document.push(UpdateCard(with_fields(card, speech="2NC")), "Move to the block")
    QApplication.processEvents()
    assert rebuilt  # a new speech moves the card: the sheet is laid out again


# -- the sheet is built only while the dock can be seen ------------------------------------------


@pytest.fixture
def sheets_built(monkeypatch):
    """Every flow_round call the dock makes, by the card ids of the map it laid out."""
    import argmap.ui.flow_view as flow_view

    calls = []
    real = flow_view.flow_round

    def counting(amap, *args, **kwargs):
        calls.append(set(amap.card_ids()))
        return real(amap, *args, **kwargs)

    monkeypatch.setattr(flow_view, "flow_round", counting)
    return calls


def settle(qtbot) -> None:
    """Let the timers and paints that follow an edit or an open run."""
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(20)


def test_a_map_opened_while_the_flow_is_behind_problems_is_not_laid_out_until_the_flow_is_shown(
    shipped_window, qtbot, sheets_built
):
    window = shipped_window
    flow = window.flow_view
    assert flow.visibleRegion().isEmpty() and not window.problems.visibleRegion().isEmpty()  # tabbed behind
    window.set_document(MapDocument(small_round()))
    settle(qtbot)
    assert sheets_built == []
    assert flow.model.rowCount() == 0  # not the previous map's sheet either
    window.selection.set(["disad"])  # the selection moves while the flow is hidden
    flow.raise_()  # the Flow tab in front
    qtbot.waitUntil(lambda: flow.sheet is not None)
    assert sheets_built == [set(small_round().card_ids())]
    assert flow.model.index_of("case").isValid()
    assert flow.model.cell(flow.table.currentIndex()).card_id == "disad"


def test_an_edit_while_the_flow_is_hidden_marks_it_stale_and_showing_it_shows_the_edit(
    flow, qtbot, sheets_built
):
    window = flow.window_
    window.problems.raise_()  # the flow goes behind Problems
    settle(qtbot)
    answer = Card("perm", "rebuttal", "for", text="Perm: do both", speech="2AC")
    window.document.push(AddCard(answer, (Relation("perm", "disad", "rebuts"),)), "Answer the disadvantage")
    settle(qtbot)
    assert sheets_built == []  # nothing laid out behind the tab
    assert not flow.model.index_of("perm").isValid()
    flow.raise_()
    qtbot.waitUntil(lambda: flow.model.index_of("perm").isValid())
    assert len(sheets_built) == 1 and "perm" in sheets_built[0]
    assert flow.model.index_of("perm").column() == 2
    assert "DROPPED" not in flow.model.index_of("disad").data(BADGES_ROLE)  # the 2AC answered it now
    flow.close()  # closed (View ▸ Panels), not just behind a tab: the same
    window.document.undo_stack.undo()
    settle(qtbot)
    assert len(sheets_built) == 1
    flow.show_flow()
    assert not flow.model.index_of("perm").isValid() and len(sheets_built) == 2


def test_with_the_flow_in_front_an_opened_map_is_laid_out_after_the_canvas_paints_it(
    flow, qtbot, sheets_built
):
    from PySide6.QtCore import QEvent, QObject

    window = flow.window_
    events = []

    class Paints(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Paint:
                events.append("paint")
            return False

    probe = Paints()
    window.view.viewport().installEventFilter(probe)
    flow.rebuilt.connect(lambda: events.append("flow"))
    window.set_document(MapDocument(small_round()))
    assert events == []  # not while the map opens
    qtbot.waitUntil(lambda: "flow" in events)
    window.view.viewport().removeEventFilter(probe)
    assert events.index("paint") < events.index("flow")  # the canvas first
    assert len(sheets_built) == 1 and flow.model.index_of("case").isValid()


def test_marking_extended_from_a_hidden_flow_builds_no_sheet(flow, qtbot, sheets_built):
    window = flow.window_
    window.problems.raise_()
    settle(qtbot)
    assert flow.set_extended("case", ["1AR"])
    settle(qtbot)
    assert window.document.amap.card("case").extended == ("1AR",) and sheets_built == []
