"""Flowing a live round from the keyboard alone, and judging it: keys counted, sheets, drops as the
round goes, the decision, the timers, and the flow on paper from the editor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from argmap.model import ArgumentMap
from argmap.ui.document import MapDocument
from argmap.ui.flow_table import BADGES_ROLE


class Keyboard(QObject):
    """Types into whatever has the keyboard, as a debater would, and counts every key."""

    def __init__(self, flow) -> None:
        super().__init__()
        self.flow = flow
        self.keys = 0
        self.words = 0  # keys that are letters of the words typed

    def target(self):
        return QApplication.focusWidget() or self.flow.table

    def type(self, text: str) -> None:
        for ch in text:
            QTest.keyClick(self.target(), ch)
            self.keys += 1
            self.words += 1

    def press(self, key, modifier=Qt.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            QTest.keyClick(self.target(), key, modifier)
            self.keys += 1

    def line(self, text: str, then=Qt.Key_Return) -> None:
        """Type a card's words and keep them (Enter goes down, Tab to the next speech)."""
        self.type(text)
        self.press(then)


@pytest.fixture
def empty_flow(shipped_window):
    window = shipped_window
    window.set_document(MapDocument(ArgumentMap()))
    flow = window.flow_view
    flow.show_flow()
    flow.refresh_now()
    flow.table.setFocus()
    flow.table.setCurrentIndex(flow.model.index(0, 0))
    return flow


CASE = ["Plan: fund the resistance", "Inherency: no fund", "Harms: occupation", "Adv 1: deterrence"]
CASE += ["Adv 2: leverage", "Solvency: guerrillas win"]
ANSWERS = [
    "No plan text",
    "Fund exists",
    "Occupation unlikely",
    "No deterrence",
    "No leverage",
    "Guerrillas lose",
]


def sheet_cells(flow, sheet_index=0):
    sheet = flow.round.sheets[sheet_index]
    amap = flow.document.amap
    return {amap.card(c).text: (cell.row, cell.column) for c, cell in sheet.cells.items()}


def test_flowing_a_six_argument_1ac_and_its_1nc_answers_takes_14_keys_beyond_the_words(empty_flow):
    flow = empty_flow
    amap = flow.document.amap
    kb = Keyboard(flow)
    for text in CASE:
        kb.line(text)
    kb.press(Qt.Key_Home, Qt.ControlModifier)  # to the top of the sheet
    kb.press(Qt.Key_Right)  # the 1NC
    for text in ANSWERS:
        kb.line(text)
    cells = sheet_cells(flow)
    assert len(amap) == 12 and len(flow.round.sheets) == 1
    for argument, answer in zip(CASE, ANSWERS, strict=True):
        assert cells[answer] == (cells[argument][0], 1)  # each answer on the row of its argument
        card = next(c for c in amap.cards() if c.text == answer)
        target = next(c for c in amap.cards() if c.text == argument)
        assert amap.relation(card.id, target.id).type == "rebuts" and card.speech == "1NC"
    assert [amap.card(c).speech for c in amap.card_ids()][:6] == ["1AC"] * 6
    overhead = kb.keys - kb.words
    print(f"\nflow keys: {kb.keys} in all, {kb.words} letters of the words, {overhead} more")
    assert overhead == 14  # an Enter per card, and two keys to reach the top of the 1NC
    # one undo step per card, named for what it did
    assert flow.document.undo_stack.count() == 12
    assert flow.document.undo_stack.undoText() == "Answer in the 1NC"


def test_typing_into_an_empty_cell_answers_the_card_on_its_left_and_escape_makes_nothing(empty_flow):
    flow = empty_flow
    amap = flow.document.amap
    kb = Keyboard(flow)
    kb.line("Plan")
    kb.line("Advantage")
    kb.press(Qt.Key_Up, times=2)
    kb.press(Qt.Key_Right)
    kb.line("Answer one")  # a block of answers to the plan
    kb.line("Answer two")  # row 1 of the 1NC: the card on its left above is... the advantage
    kb.type("Never kept")
    kb.press(Qt.Key_Escape)
    texts = {amap.card(c).text: c for c in amap.card_ids()}
    assert "Never kept" not in texts and len(amap) == 4
    assert amap.relation(texts["Answer one"], texts["Plan"]).type == "rebuts"
    assert amap.relation(texts["Answer two"], texts["Advantage"]).type == "rebuts"
    assert amap.relation(texts["Advantage"], texts["Plan"]).type == "supports"


def test_a_block_of_answers_is_numbered_and_the_next_argument_moves_below_it(empty_flow):
    flow = empty_flow
    amap = flow.document.amap
    kb = Keyboard(flow)
    kb.line("Plan")
    kb.line("Advantage")
    kb.press(Qt.Key_Up, times=2)
    kb.press(Qt.Key_Right)
    QTest.keyClick(flow.table, Qt.Key_Return)  # Enter on an empty cell: start a card there
    kb.line("No solvency")
    flow.table.setCurrentIndex(
        flow.model.index_of(next(c for c in amap.card_ids() if amap.card(c).text == "Plan"))
    )
    kb.press(Qt.Key_Tab)  # Tab on the plan: a second answer in the 1NC, made at once, typed into
    kb.line("Circumvention")
    cells = sheet_cells(flow)
    assert cells["No solvency"] == (0, 1) and cells["Circumvention"] == (1, 1)
    assert cells["Advantage"] == (2, 0)  # below the two rows the block against the plan takes
    index = flow.model.index(*cells["Circumvention"])
    assert index.data(Qt.DisplayRole) == "2. Circumvention"


def test_a_full_policy_round_of_eight_speeches_on_three_sheets_from_the_keyboard_alone(empty_flow, qtbot):
    flow = empty_flow
    amap = flow.document.amap
    kb = Keyboard(flow)
    end_speech = (Qt.Key_D, Qt.ControlModifier | Qt.AltModifier)
    new_sheet = (Qt.Key_N, Qt.ControlModifier | Qt.AltModifier)
    next_sheet = (Qt.Key_PageDown, Qt.ControlModifier)

    # 1AC: the case
    kb.line("Plan: fund the resistance")
    kb.line("Advantage: deterrence")
    kb.press(*end_speech)
    # 1NC: an answer on case, then two off-case sheets
    kb.press(Qt.Key_Home, Qt.ControlModifier)
    kb.press(Qt.Key_Down)
    kb.press(Qt.Key_Right)
    kb.line("No deterrence")
    kb.press(*new_sheet)
    kb.line("Escalation DA")
    kb.line("Link: arming provokes Russia")
    kb.press(*new_sheet)
    kb.line("T: resistance means state forces")
    kb.press(*end_speech)
    assert [s.title for s in flow.round.sheets] == [
        "Plan: fund the resistance",
        "Escalation DA",
        "T: resistance means state forces",
    ]
    assert flow.tabs.count() == 4 and flow.tabs.currentIndex() == 3
    # 2AC: we meet on T, no link on the DA, deterrence holds on case
    kb.press(Qt.Key_Home, Qt.ControlModifier)
    kb.press(Qt.Key_Right, times=2)
    kb.line("We meet: the fund is state run")
    kb.press(*next_sheet)  # back round to the whole round, then the case
    kb.press(*next_sheet)
    kb.press(Qt.Key_Home, Qt.ControlModifier)
    kb.press(Qt.Key_Down)
    kb.press(Qt.Key_Right, times=2)
    kb.line("Deterrence holds")
    kb.press(*next_sheet)
    kb.press(Qt.Key_Home, Qt.ControlModifier)
    kb.press(Qt.Key_Down)
    kb.press(Qt.Key_Right, times=2)
    kb.line("No link: aid already flows")
    kb.press(*end_speech)  # the 2NC begins (the block)
    kb.press(Qt.Key_Up)
    kb.press(Qt.Key_Right)
    kb.line("Link: new aid is different")
    kb.press(*end_speech)  # the 1NR: same column, the timer says 1NR
    assert flow.timer.speech_name == "1NR"
    kb.press(*next_sheet)  # the T sheet
    kb.press(Qt.Key_Home, Qt.ControlModifier)
    kb.press(Qt.Key_Right, times=3)
    kb.line("Counter-interpretation: no we meet")
    kb.press(*end_speech)  # 1AR: answers the link on the DA, drops T
    kb.press(*next_sheet)
    kb.press(*next_sheet)
    kb.press(*next_sheet)  # the DA again
    kb.press(Qt.Key_Home, Qt.ControlModifier)
    kb.press(Qt.Key_Down)
    kb.press(Qt.Key_Right, times=4)
    kb.line("Aid is aid: no new link")
    kb.press(*end_speech)  # 2NR
    kb.press(Qt.Key_Up)
    kb.press(Qt.Key_Right)
    kb.line("Only this aid crosses the line")
    kb.press(*end_speech)  # 2AR
    kb.press(Qt.Key_Up)
    kb.press(Qt.Key_Right)
    kb.line("Line crossed long ago")
    kb.press(*end_speech)  # the round is over
    assert flow.round.over and flow.now_combo.currentText() == "Round over"

    speeches = {amap.card(c).speech for c in amap.card_ids()}
    assert speeches == {"1AC", "1NC", "2AC", "2NC", "1NR", "1AR", "2NR", "2AR"}
    assert len(flow.round.sheets) == 3
    for sheet in flow.round.sheets:
        for card_id, cell in sheet.cells.items():
            up = cell.across_from
            if up in sheet.cells and sheet.cells[up].column != cell.column:
                assert cell.row == sheet.cells[up].row, amap.card(card_id).text  # on the row it answers
    # the 1AR said nothing on T: the block's counter-interpretation is dropped, and marked so
    flow.step_sheet(0)
    drops = {amap.card(d.card_id).text: flow.round.columns[d.missed_in].name for d in flow.round.drops}
    assert drops["Counter-interpretation: no we meet"] == "1AR"
    assert "No deterrence" not in drops and "Deterrence holds" in drops  # the block never answered it

    QTest.keyClick(flow.table, Qt.Key_J, Qt.ControlModifier | Qt.AltModifier)  # the decision
    view = flow.decision_view
    qtbot.waitUntil(view.isVisible)
    text = view.text.toPlainText()
    assert "Decision: the negative" in text
    assert "3. T: resistance means state forces (negative) stands." in text
    assert (
        "Conceded: \u201cCounter-interpretation: no we meet\u201d (negative, 2NC/1NR) was dropped in the 1AR."
        in text
    )
    assert view.summary.text().startswith("Decision: the negative")


def test_the_sheet_tabs_show_one_sheet_each_and_follow_the_selection(shipped_window):
    window = shipped_window
    flow = window.flow_view
    flow.show_flow()
    flow.refresh_now()
    labels = [flow.tabs.tabText(i) for i in range(flow.tabs.count())]
    assert labels[0] == "Whole round" and len(labels) == 4 and labels[1].startswith("1 AFF:")
    flow.tabs.setCurrentIndex(2)
    sheet = flow.round.sheets[1]
    assert set(flow.sheet.cells) == set(sheet.cells) and flow.model.rowCount() == sheet.rows + 1
    case_card = flow.round.sheets[0].root
    window.selection.set([case_card])  # chosen on the map: the flow turns to its sheet
    assert flow.tabs.currentIndex() == 1 and flow.model.cell(flow.table.currentIndex()).card_id == case_card


def test_the_speech_clock_and_prep_run_on_an_injected_clock_and_start_the_speech_on_the_flow(shipped_window):
    window = shipped_window
    flow = window.flow_view
    flow.show_flow()
    now = [1000.0]
    timer = flow.timer
    timer.clock = lambda: now[0]
    timer.select_speech("2AC")
    assert timer.speech_label.text() == "8:00"
    QTest.mouseClick(timer.start_button, Qt.LeftButton)
    assert flow.now_combo.currentText() == "2AC" and flow.round.now == 2  # the 2AC is in progress
    now[0] += 65
    timer.tick()
    assert timer.speech_label.text() == "6:55" and timer.start_button.text() == "Pause"
    button, _word = timer.prep_buttons["against"]
    QTest.mouseClick(button, Qt.LeftButton)  # neg prep: the speech clock stops
    now[0] += 30
    timer.tick()
    assert timer.speech_label.text() == "6:55" and button.text() == "Neg prep 7:30"
    QTest.mouseClick(timer.start_button, Qt.LeftButton)  # the speech again: prep stops
    now[0] += 500
    timer.tick()
    assert timer.speech_label.text() == "-1:25" and "c62828" in timer.speech_label.styleSheet()
    assert button.text() == "Neg prep 7:30"
    flow.set_preset("ld")
    assert timer.speech_combo.itemData(0) == "AC" and timer.prep_buttons["for"][0].text() == "Aff prep 4:00"


def test_the_flow_exports_and_prints_from_the_editor_every_answer_on_its_row(shipped_window, tmp_path):
    from openpyxl import load_workbook
    from PySide6.QtPrintSupport import QPrinter

    window = shipped_window
    flow = window.flow_view
    flow.show_flow()
    flow.refresh_now()
    flow.ask_export_path = lambda: str(tmp_path / "flow.xlsx")
    flow.paper_button.menu().actions()[0].trigger()
    book = load_workbook(tmp_path / "flow.xlsx")
    amap = window.document.amap
    for ws, sheet in zip(book.worksheets, flow.round.sheets, strict=False):
        for card_id, cell in sheet.cells.items():
            assert (
                amap.card(card_id).headline.split()[0]
                in ws.cell(row=cell.row + 2, column=cell.column + 1).value
            )
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    flow.ask_printer = lambda: printer
    flow.act_print.trigger()
    data = (tmp_path / "printed.pdf").read_bytes()
    assert (
        data.startswith(b"%PDF")
        and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>") >= 3
    )


def test_the_decision_view_saves_the_reason_for_decision_as_text(shipped_window, tmp_path):
    window = shipped_window
    flow = window.flow_view
    view = flow.show_decision()
    assert view is not None and not view.isModal()
    view.ask_save_path = lambda: str(tmp_path / "rfd.txt")
    QTest.mouseClick(view.save_button, Qt.LeftButton)
    saved = (tmp_path / "rfd.txt").read_text()
    assert saved.startswith("Reason for decision:") and "1. " in saved and "Conceded:" in saved
    index = flow.model.index_of(flow.round.sheets[0].root)
    assert index.isValid() and "DROPPED" not in (index.data(BADGES_ROLE) or [])


def test_typing_on_a_card_replaces_its_words_in_one_undo_step(empty_flow):
    flow = empty_flow
    amap = flow.document.amap
    kb = Keyboard(flow)
    kb.line("Plan")
    kb.press(Qt.Key_Up)
    kb.line("Plan: fund it")
    assert [amap.card(c).text for c in amap.card_ids()] == ["Plan: fund it"]
    flow.document.undo_stack.undo()
    assert [amap.card(c).text for c in amap.card_ids()] == ["Plan"]


def test_arrows_keep_the_words_and_move_while_typing(empty_flow):
    flow = empty_flow
    amap = flow.document.amap
    kb = Keyboard(flow)
    kb.line("Plan", then=Qt.Key_Down)
    kb.line("Advantage", then=Qt.Key_Up)
    assert [amap.card(c).text for c in amap.card_ids()] == ["Plan", "Advantage"]
    assert flow.model.cell(flow.table.currentIndex()).card_id == amap.card_ids()[0]


def test_the_dock_and_the_core_count_the_same_drops_with_extensions_read_from_the_cards(shipped_window):
    from argmap.edits import UpdateCard
    from argmap.flow import FOLLOW, dropped
    from argmap.model import with_fields

    window = shipped_window
    flow = window.flow_view
    flow.show_flow()
    amap = window.document.amap
    card = next(c for c in amap.cards() if c.speech == "2AC")
    window.document.push(UpdateCard(with_fields(card, extended=("1AR", "2AR"))), "Extend")
    flow.refresh_now()
    assert flow.round.drops == dropped(amap, flow.preset, FOLLOW)
    flow.set_now(None)
    assert flow.round.drops == dropped(amap, flow.preset, FOLLOW)
    flow.set_now(len(flow.preset.columns))
    assert flow.round.drops == dropped(amap, flow.preset)
    assert any(d.card_id == card.id and d.made_in == 4 for d in flow.round.drops)  # the extension counts


def test_in_the_whole_round_a_sheets_spare_row_continues_that_sheet(shipped_window):
    window = shipped_window
    flow = window.flow_view
    flow.show_flow()
    flow.refresh_now()
    amap = window.document.amap
    assert flow.tabs.currentIndex() == 0 and flow.sheet.headings  # the whole round, under headings
    heading = min(flow.sheet.headings)
    assert flow.model.flags(flow.model.index(heading, 1)) & Qt.ItemIsEditable == Qt.NoItemFlags
    first, end = flow.sheet.bands[0]
    flow.table.setFocus()
    flow.table.setCurrentIndex(flow.model.index(end - 1, 0))  # the case sheet's spare row
    kb = Keyboard(flow)
    kb.line("Add-on: alliance credibility")
    new = next(c for c in amap.cards() if c.text == "Add-on: alliance credibility")
    root = flow.round.sheets[0].root
    assert amap.relation(new.id, root).type == "supports" and new.speech == "1AC"
    assert flow.round.sheet_of[new.id] == 0 and len(flow.round.sheets) == 3


def test_enter_on_a_pointer_to_another_sheet_turns_to_it(shipped_window):
    window = shipped_window
    flow = window.flow_view
    flow.show_flow()
    flow.refresh_now()
    flow.tabs.setCurrentIndex(1)  # the case
    pointer = flow.sheet.references[0]
    index = flow.model.index(pointer.row, pointer.column)
    assert index.data(Qt.DisplayRole).startswith("\u2197 Sheet 2: ")
    assert not flow.model.flags(index) & Qt.ItemIsEditable
    flow.table.setFocus()
    flow.table.setCurrentIndex(index)
    QTest.keyClick(flow.table, Qt.Key_Return)
    assert flow.tabs.currentIndex() == 2
    assert flow.model.cell(flow.table.currentIndex()).card_id == pointer.refers_to[0]


@pytest.mark.parametrize(("key", "second"), [("ld", "NC"), ("pf-con-first", "Pro Constructive")])
def test_lincoln_douglas_and_public_forum_flow_the_same_way(empty_flow, key, second):
    flow = empty_flow
    amap = flow.document.amap
    flow.set_preset(key)
    flow.table.setFocus()
    flow.table.setCurrentIndex(flow.model.index(0, 0))
    kb = Keyboard(flow)
    kb.line("Value: justice", then=Qt.Key_Tab)  # Tab: keep it and go to the next speech, same row
    kb.line("Value: security")
    one, two = amap.card_ids()
    assert amap.relation(two, one).type == "rebuts"
    assert flow.preset.column_of(amap.card(one).speech) == 0 and amap.card(two).speech == second
    assert flow.timer.speech_combo.itemData(0) == flow.preset.times[0].name
