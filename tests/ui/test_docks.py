"""The docks and bars around the canvas, driven with real keys and clicks: outline, inspector,
problems, find bar, filter panel and the shortcuts dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QFocusEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from argmap.edits import AddRelation, RemoveRelation, UpdateCard
from argmap.model import ArgumentMap, Card, Cite, Relation, Source, with_fields
from argmap.problems import Problem
from argmap.resources import DEFAULT_MAP
from argmap.ui.document import MapDocument
from argmap.ui.filter_panel import FilterPanel
from argmap.ui.find_bar import FindBar
from argmap.ui.inspector import InspectorDock
from argmap.ui.outline import CARD_ID_ROLE, CYCLE_ROLE, REPEAT_ROLE, OutlineDock
from argmap.ui.problems_dock import ProblemsDock
from argmap.ui.selection import Selection
from argmap.ui.shortcuts_dialog import ShortcutsDialog
from argmap.visibility import ViewFilter

from .test_plain_tooltips import shown_text


def small_map() -> ArgumentMap:
    amap = ArgumentMap()
    amap.sources["axios"] = Source("axios", "Ukraine asks for a resistance movement")
    amap.insert_card(Card("plan", "position", "for", text="Fund the resistance", tag="Plan", speech="1AC"))
    amap.insert_card(Card("harm", "rebuttal", "against", text="Co-combatant risk", speech="1NC"))
    amap.insert_card(Card("solv", "argument", "for", text="Resistance works", speech="1AC"))
    amap.insert_card(
        Card(
            "ev1",
            "evidence",
            "against",
            tag="Officials worry",
            quote="could draw the U.S. in",
            cite=Cite("axios", by="Axios", at="para 3"),
            speech="1NC",
        )
    )
    amap.insert_card(Card("both", "argument", "for", text="Training is not troops", speech="2AC"))
    amap.insert_card(Card("alone", "position", "against", text="Stay with defensive aid"))
    for rel in (
        Relation("harm", "plan", "rebuts"),
        Relation("solv", "plan", "supports"),
        Relation("ev1", "harm", "supports"),
        Relation("both", "harm", "rebuts"),
        Relation("both", "solv", "supports"),
    ):
        amap.insert_relation(rel)
    return amap


@pytest.fixture
def doc() -> MapDocument:
    return MapDocument(small_map())


@pytest.fixture
def selection() -> Selection:
    return Selection()


def shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(500, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def tree_rows(dock: OutlineDock) -> list[str]:
    """Every row as 'depth*2 spaces + card id', top to bottom."""
    out: list[str] = []

    def walk(parent, depth):
        for row in range(dock.model.rowCount(parent)):
            index = dock.model.index(row, 0, parent)
            out.append("  " * depth + index.data(CARD_ID_ROLE))
            walk(index, depth + 1)

    walk(dock.model.index(-1, -1), 0)
    return out


def click_row(qtbot, dock: OutlineDock, index, double: bool = False) -> None:
    dock.view.scrollTo(index)
    point = dock.view.visualRect(index).center()
    qtbot.mouseClick(dock.view.viewport(), Qt.LeftButton, pos=point)
    if double:  # QTest's double click is only the second click's events
        qtbot.mouseDClick(dock.view.viewport(), Qt.LeftButton, pos=point)


# -- outline -----------------------------------------------------------------------------------


def test_outline_lists_every_card_under_the_cards_it_answers(qtbot, doc, selection):
    dock = shown(qtbot, OutlineDock(doc, selection))
    assert tree_rows(dock) == ["plan", "  harm", "    ev1", "    both", "  solv", "    both", "alone"]
    both = dock.rows_of("both")
    assert len(both) == 2 and all(index.data(REPEAT_ROLE) for index in both)
    assert not dock.rows_of("harm")[0].data(REPEAT_ROLE)
    plan = dock.rows_of("plan")[0]
    assert plan.data(Qt.DisplayRole) == "Plan"  # the tag is the headline
    assert plan.siblingAtColumn(2).data() == "Aff" and plan.siblingAtColumn(3).data() == "1AC"
    assert dock.rows_of("harm")[0].siblingAtColumn(1).data() == "rebuts"


def test_outline_lists_the_shipped_map_completely(qtbot, selection):
    document = MapDocument.open(DEFAULT_MAP)
    dock = OutlineDock(document, selection)
    qtbot.addWidget(dock)
    listed = {row.strip() for row in tree_rows(dock)}
    assert listed == set(document.amap.card_ids())


def test_clicking_a_row_selects_that_card(qtbot, doc, selection):
    dock = shown(qtbot, OutlineDock(doc, selection))
    with qtbot.waitSignal(selection.changed):
        click_row(qtbot, dock, dock.rows_of("ev1")[0])
    assert selection.card_ids == ["ev1"]


def test_double_clicking_a_row_asks_to_centre_on_the_card(qtbot, doc, selection):
    dock = shown(qtbot, OutlineDock(doc, selection))
    with qtbot.waitSignal(dock.activated) as blocker:
        click_row(qtbot, dock, dock.rows_of("solv")[0], double=True)
    assert blocker.args == ["solv"]


def test_selecting_elsewhere_selects_the_row_without_feeding_back(qtbot, doc, selection):
    dock = shown(qtbot, OutlineDock(doc, selection))
    changes = []
    selection.changed.connect(lambda: changes.append(list(selection.card_ids)))
    selection.set(["ev1"])
    assert dock.view.currentIndex().siblingAtColumn(0).data(CARD_ID_ROLE) == "ev1"
    assert [i.data(CARD_ID_ROLE) for i in dock.view.selectionModel().selectedRows(0)] == ["ev1"]
    assert changes == [["ev1"]]  # the outline did not answer with a selection of its own
    selection.set([])
    assert dock.view.selectionModel().selectedRows(0) == []


def test_clicking_the_second_copy_of_a_repeated_card_keeps_that_row(qtbot, doc, selection):
    dock = shown(qtbot, OutlineDock(doc, selection))
    second = dock.rows_of("both")[1]
    click_row(qtbot, dock, second)
    assert selection.card_ids == ["both"]
    assert dock.view.currentIndex().siblingAtColumn(0) == second


def test_editing_a_cards_text_rewrites_only_its_row(qtbot, doc, selection):
    dock = shown(qtbot, OutlineDock(doc, selection))
    row_before = dock.rows_of("solv")[0]
    structural = []
    for signal in (
        dock.model.rowsInserted,
        dock.model.rowsRemoved,
        dock.model.modelReset,
        dock.model.layoutChanged,
    ):
        signal.connect(lambda *args: structural.append(args))
    touched = set()
    dock.model.dataChanged.connect(
        lambda top, bottom, roles: touched.add(top.siblingAtColumn(0).data(CARD_ID_ROLE))
    )
    doc.amap.apply(UpdateCard(with_fields(doc.amap.card("solv"), text="Partisans win wars")))
    assert structural == []
    assert touched == {"solv"}
    assert dock.rows_of("solv")[0] == row_before
    assert row_before.data(Qt.DisplayRole) == "Partisans win wars"


def test_relations_added_and_undone_move_rows_in_place(qtbot, doc, selection):
    dock = shown(qtbot, OutlineDock(doc, selection))
    resets = []
    dock.model.modelReset.connect(lambda: resets.append(1))
    assert doc.push(AddRelation(Relation("alone", "harm", "rebuts")))
    assert tree_rows(dock) == ["plan", "  harm", "    ev1", "    both", "    alone", "  solv", "    both"]
    assert doc.push(RemoveRelation("harm", "plan"))
    assert tree_rows(dock) == ["plan", "  solv", "    both", "harm", "  ev1", "  both", "  alone"]
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert tree_rows(dock) == ["plan", "  harm", "    ev1", "    both", "  solv", "    both", "alone"]
    assert resets == []
    fresh = OutlineDock(doc, selection)
    qtbot.addWidget(fresh)
    assert tree_rows(fresh) == tree_rows(dock)


def test_a_cycle_is_cut_and_marked(qtbot, doc, selection):
    dock = shown(qtbot, OutlineDock(doc, selection))
    assert doc.push(AddRelation(Relation("plan", "ev1", "supports")))  # plan -> ev1 -> harm -> plan
    # Nothing in that cycle reaches a card answering nothing: its first card stands at the top.
    assert tree_rows(dock) == [
        "plan",
        "  harm",
        "    ev1",
        "      plan",
        "    both",
        "  solv",
        "    both",
        "alone",
    ]
    cut = [i for i in dock.rows_of("plan") if i.data(CYCLE_ROLE)]
    assert len(cut) == 1 and dock.model.rowCount(cut[0]) == 0
    doc.undo_stack.undo()
    assert tree_rows(dock) == ["plan", "  harm", "    ev1", "    both", "  solv", "    both", "alone"]


# -- inspector ---------------------------------------------------------------------------------


def test_inspector_tag_typed_and_committed_is_one_undo_step(qtbot, doc, selection):
    dock = shown(qtbot, InspectorDock(doc, selection))
    selection.set(["harm"])
    assert dock.id_edit.text() == "harm"
    edit = dock.tag_edit
    edit.setFocus()
    qtbot.keyClicks(edit, "Entangle")
    assert doc.undo_stack.count() == 0  # nothing until editing finishes
    qtbot.keyClick(edit, Qt.Key_Return)
    assert doc.amap.card("harm").tag == "Entangle"
    qtbot.keyClicks(edit, "ment")
    qtbot.keyClick(edit, Qt.Key_Return)
    assert doc.amap.card("harm").tag == "Entanglement"
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Edit tag"
    doc.undo_stack.undo()
    assert doc.amap.card("harm").tag == ""
    assert edit.text() == ""


def test_inspector_text_box_typing_is_one_undo_step_committed_after_a_pause(qtbot, doc, selection):
    dock = shown(qtbot, InspectorDock(doc, selection))
    selection.set(["solv"])
    box = dock.text_edit
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClicks(box, " in every")
    qtbot.waitUntil(lambda: doc.amap.card("solv").text == "Resistance works in every")
    qtbot.keyClicks(box, " war")
    qtbot.waitUntil(lambda: doc.amap.card("solv").text == "Resistance works in every war")
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.amap.card("solv").text == "Resistance works"
    assert box.toPlainText() == "Resistance works"


def test_inspector_refuses_to_leave_a_card_without_text_and_says_why(qtbot, doc, selection):
    dock = shown(qtbot, InspectorDock(doc, selection))
    selection.set(["solv"])
    refused = []
    doc.editRefused.connect(refused.append)
    box = dock.text_edit
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key_Delete)
    QApplication.sendEvent(box, QFocusEvent(QEvent.FocusOut, Qt.TabFocusReason))
    assert doc.amap.card("solv").text == "Resistance works"  # the map keeps the card's text
    assert refused == ["A card needs some text; the edit was not kept"]
    assert doc.undo_stack.count() == 0


def test_inspector_text_box_commits_when_focus_leaves_it(qtbot, doc, selection):
    dock = shown(qtbot, InspectorDock(doc, selection))
    selection.set(["solv"])
    box = dock.notes_edit
    qtbot.keyClicks(box, "ask in CX")
    QApplication.sendEvent(box, QFocusEvent(QEvent.FocusOut, Qt.TabFocusReason))
    assert doc.amap.card("solv").notes == "ask in CX"
    assert doc.undo_stack.count() == 1


def test_typing_survives_a_change_to_another_field_and_commits_to_its_own_card(qtbot, doc, selection):
    dock = shown(qtbot, InspectorDock(doc, selection))
    selection.set(["solv"])
    qtbot.keyClicks(dock.notes_edit, "half typed")
    doc.push(UpdateCard(with_fields(doc.amap.card("solv"), side="against")), "Change side")
    assert dock.side_combo.currentData() == "against"  # the model's change is shown...
    assert dock.notes_edit.toPlainText() == "half typed"  # ...without clobbering the typing
    selection.set(["plan"])  # switching cards commits the typing to the card it was typed for
    assert doc.amap.card("solv").notes == "half typed"
    assert doc.amap.card("plan").notes == ""
    assert dock.notes_edit.toPlainText() == ""


def test_inspector_follows_undo_of_an_edit_made_elsewhere(qtbot, doc, selection):
    dock = shown(qtbot, InspectorDock(doc, selection))
    selection.set(["plan"])
    doc.push(UpdateCard(with_fields(doc.amap.card("plan"), tag="Fund it", speech="2AC")))
    assert (dock.tag_edit.text(), dock.speech_combo.currentText()) == ("Fund it", "2AC")
    doc.undo_stack.undo()
    assert (dock.tag_edit.text(), dock.speech_combo.currentText()) == ("Plan", "1AC")


def test_inspector_shows_evidence_fields_only_for_evidence_and_keeps_words_on_kind_change(
    qtbot, doc, selection
):
    dock = shown(qtbot, InspectorDock(doc, selection))
    selection.set(["ev1"])
    assert dock.quote_edit.toPlainText() == "could draw the U.S. in"
    assert dock.source_combo.currentData() == "axios" and dock.at_edit.text() == "para 3"
    assert dock.card_form.isRowVisible(dock.quote_edit)
    dock.kind_combo.setFocus()
    qtbot.keyClick(dock.kind_combo, Qt.Key_Up)  # evidence -> rebuttal, as a user would with the keyboard
    card = doc.amap.card("ev1")
    assert card.kind == "rebuttal" and card.quote == "" and card.cite is None
    assert card.text == "could draw the U.S. in"
    assert not dock.card_form.isRowVisible(dock.quote_edit)
    doc.undo_stack.undo()
    assert doc.amap.card("ev1").kind == "evidence" and dock.card_form.isRowVisible(dock.quote_edit)


def test_relation_type_change_is_undoable(qtbot, doc, selection):
    dock = shown(qtbot, InspectorDock(doc, selection))
    selection.set([], ("solv", "plan"))
    assert dock.type_combo.currentData() == "supports"
    assert dock.from_edit.text().startswith("solv")
    dock.type_combo.setFocus()
    qtbot.keyClick(dock.type_combo, Qt.Key_Down)
    assert doc.amap.relation("solv", "plan").type == "rebuts"
    doc.undo_stack.undo()
    assert doc.amap.relation("solv", "plan").type == "supports"
    assert dock.type_combo.currentData() == "supports"


def test_map_title_is_edited_when_nothing_is_selected(qtbot, doc, selection):
    dock = shown(qtbot, InspectorDock(doc, selection))
    assert dock.pages.currentIndex() == 0
    dock.title_edit.selectAll()
    qtbot.keyClicks(dock.title_edit, "Resistance round")
    qtbot.keyClick(dock.title_edit, Qt.Key_Return)
    assert doc.amap.info.title == "Resistance round"
    doc.undo_stack.undo()
    assert dock.title_edit.text() == "Untitled map"


def test_read_only_document_cannot_be_edited_from_the_inspector(qtbot, selection):
    document = MapDocument(small_map(), read_only=True)
    dock = shown(qtbot, InspectorDock(document, selection))
    selection.set(["plan"])
    assert dock.tag_edit.isReadOnly() and dock.text_edit.isReadOnly()
    assert not dock.kind_combo.isEnabled() and not dock.speech_combo.isEnabled()
    qtbot.keyClicks(dock.tag_edit, "x")
    qtbot.keyClick(dock.tag_edit, Qt.Key_Return)
    assert document.amap.card("plan").tag == "Plan"
    assert document.undo_stack.count() == 0


# -- problems ----------------------------------------------------------------------------------


def test_problems_dock_lists_problems_and_clicking_selects_the_card(qtbot, doc, selection):
    doc.problems = [
        Problem("m.yaml", 12, 5, "warning", "a rebuttal that rebuts nothing", "alone"),
        Problem("m.yaml", 3, 1, "error", "unknown key 'txt'"),
    ]
    dock = shown(qtbot, ProblemsDock(doc, selection))
    assert dock.windowTitle() == "Problems (2)"
    tree = dock.tree
    # a problem with a card is named by the card's words in the editor; the file's place is the tooltip
    assert [tree.topLevelItem(i).text(0) for i in range(2)] == [
        "m.yaml:3:1",
        "\u201cStay with defensive aid\u201d",
    ]
    assert shown_text(tree.topLevelItem(1).toolTip(0)) == "m.yaml:12:5"  # a file name, as text
    assert tree.topLevelItem(1).text(1) == "a rebuttal that rebuts nothing"
    item = tree.topLevelItem(1)
    with qtbot.waitSignal(dock.activated) as blocker:
        qtbot.mouseClick(tree.viewport(), Qt.LeftButton, pos=tree.visualItemRect(item).center())
    assert blocker.args == ["alone"]
    assert selection.card_ids == ["alone"]
    doc.problems = []
    doc.problemsChanged.emit()
    assert dock.windowTitle() == "Problems" and tree.topLevelItemCount() == 0


def test_a_hidden_problems_dock_counts_the_problems_at_once_and_lists_them_when_shown(qtbot, doc, selection):
    doc.problems = [Problem("m.yaml", 12, 5, "warning", "a rebuttal that rebuts nothing", "alone")]
    dock = ProblemsDock(doc, selection)
    qtbot.addWidget(dock)
    assert dock.windowTitle() == "Problems (1)" and dock.tree.topLevelItemCount() == 0
    doc.problems = doc.problems + [Problem("m.yaml", 3, 1, "error", "unknown key 'txt'")]
    doc.problemsChanged.emit()
    assert dock.windowTitle() == "Problems (2)" and dock.tree.topLevelItemCount() == 0
    assert [p.line for p in dock.problems] == [3, 12]  # what it will list, in order
    shown(qtbot, dock)
    assert [dock.tree.topLevelItem(i).text(0) for i in range(2)] == [
        "m.yaml:3:1",
        "\u201cStay with defensive aid\u201d",
    ]


def _window_problems(n: int) -> list[Problem]:
    return [Problem("m.yaml", line, 1, "warning", f"problem {line}", "plan") for line in range(1, n + 1)]


def test_problems_behind_the_flow_tab_are_counted_and_listed_when_brought_to_front(shipped_window, qtbot):
    window = shipped_window
    window.flow_view.raise_()  # Problems goes behind the Flow tab
    assert window.problems.visibleRegion().isEmpty()
    window.set_document(MapDocument(small_map(), problems=_window_problems(3)))
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(20)
    assert window.problems.windowTitle() == "Problems (3)"
    assert window.problems.tree.topLevelItemCount() == 0
    window.problems.raise_()
    qtbot.waitUntil(lambda: window.problems.tree.topLevelItemCount() == 3)
    item = window.problems.tree.topLevelItem(0)
    with qtbot.waitSignal(window.problems.activated) as blocker:
        qtbot.mouseClick(
            window.problems.tree.viewport(),
            Qt.LeftButton,
            pos=window.problems.tree.visualItemRect(item).center(),
        )
    assert blocker.args == ["plan"]


def test_problems_in_front_are_listed_after_the_window_paints_the_new_map(shipped_window, qtbot):
    window = shipped_window
    assert not window.problems.visibleRegion().isEmpty()  # in front of the Flow tab
    window.set_document(MapDocument(small_map(), problems=_window_problems(4)))
    assert window.problems.windowTitle() == "Problems (4)"
    assert window.problems.tree.topLevelItemCount() == 0  # not while the map opens
    qtbot.waitUntil(lambda: window.problems.tree.topLevelItemCount() == 4)
    window.document.problems = []
    window.document.problemsChanged.emit()  # revalidated while in front: listed at once
    assert window.problems.windowTitle() == "Problems" and window.problems.tree.topLevelItemCount() == 0


# -- find bar ----------------------------------------------------------------------------------


def test_find_bar_counts_matches_and_steps_with_enter_and_shift_enter(qtbot, doc, selection):
    bar = shown(qtbot, FindBar(doc, selection))
    found, currents = [], []
    bar.matchesChanged.connect(found.append)
    bar.currentMatchChanged.connect(currents.append)
    qtbot.keyClicks(bar.query_edit, "RÉSIST")
    assert found[-1] == ["plan", "solv", "ev1"]  # 'resistance' in text, text, and the cited source's title
    assert bar.count_label.text() == "1 of 3"
    assert currents[-1] == "plan"
    qtbot.keyClick(bar.query_edit, Qt.Key_Return)
    assert (bar.count_label.text(), currents[-1]) == ("2 of 3", "solv")
    qtbot.keyClick(bar.query_edit, Qt.Key_Return, Qt.ShiftModifier)
    qtbot.keyClick(bar.query_edit, Qt.Key_Return, Qt.ShiftModifier)
    assert (bar.count_label.text(), currents[-1]) == ("3 of 3", "ev1")  # wraps round
    qtbot.keyClicks(bar.query_edit, "zzz")
    assert bar.count_label.text() == "No matches" and found[-1] == [] and currents[-1] == ""
    qtbot.keyClick(bar.query_edit, Qt.Key_Escape)
    assert bar.isHidden()


def test_find_bar_closing_clears_highlights_and_edits_refresh_matches(qtbot, doc, selection):
    bar = shown(qtbot, FindBar(doc, selection))
    qtbot.keyClicks(bar.query_edit, "training")
    assert bar.matches == ["both"]
    with qtbot.waitSignal(bar.matchesChanged) as blocker:
        doc.push(UpdateCard(with_fields(doc.amap.card("plan"), text="Training and arms")))
    assert blocker.args == [["plan", "both"]]
    with qtbot.waitSignal(bar.matchesChanged) as blocker:
        bar.close_button.click()
    assert blocker.args == [[]]


def test_find_bar_accepts_document_and_parent_only(qtbot, doc):
    parent = QWidget()
    qtbot.addWidget(parent)
    bar = FindBar(doc, parent)
    assert bar.parent() is parent and bar.selection is None


# -- filter panel ------------------------------------------------------------------------------


def test_filter_panel_emits_the_filter_its_boxes_describe(qtbot, doc, selection):
    panel = shown(qtbot, FilterPanel(doc, selection))
    assert [panel.speech_list.item(i).text() for i in range(panel.speech_list.count())] == [
        "1AC",
        "1NC",
        "2AC",
        "(no speech)",
    ]
    box = panel.kind_boxes["evidence"]
    with qtbot.waitSignal(panel.filterChanged) as blocker:
        qtbot.mouseClick(box, Qt.LeftButton, pos=QPoint(8, box.height() // 2))
    assert blocker.args[0] == ViewFilter(kinds={"position", "argument", "rebuttal"})
    with qtbot.waitSignal(panel.filterChanged) as blocker:
        panel.side_boxes["against"].click()
    assert blocker.args[0].sides == {"for"}
    item = panel.speech_item("1NC")
    with qtbot.waitSignal(panel.filterChanged) as blocker:
        item.setCheckState(Qt.Unchecked)
    assert blocker.args[0].speeches == {"1AC", "2AC", ""}
    with qtbot.waitSignal(panel.filterChanged) as blocker:
        panel.show_all_button.click()
    assert blocker.args[0] == ViewFilter()


def test_filter_panel_never_filters_out_every_kind(qtbot, doc, selection):
    panel = shown(qtbot, FilterPanel(doc, selection))
    for kind in ("position", "argument", "rebuttal"):
        panel.kind_boxes[kind].click()
    last = panel.kind_boxes["evidence"]
    assert not last.isEnabled()
    assert panel.view_filter.kinds == {"evidence"}


def test_filter_panel_focus_follows_the_selection_with_its_depth(qtbot, doc, selection):
    panel = shown(qtbot, FilterPanel(doc, selection))
    selection.set(["harm"])
    with qtbot.waitSignal(panel.filterChanged) as blocker:
        panel.focus_check.click()
    assert (blocker.args[0].focus, blocker.args[0].focus_depth) == ("harm", 1)
    with qtbot.waitSignal(panel.filterChanged) as blocker:
        panel.depth_spin.setFocus()
        qtbot.keyClick(panel.depth_spin, Qt.Key_Up)
    assert (blocker.args[0].focus, blocker.args[0].focus_depth) == ("harm", 2)
    with qtbot.waitSignal(panel.filterChanged) as blocker:
        selection.set(["solv"])
    assert blocker.args[0].focus == "solv"
    with qtbot.waitSignal(panel.filterChanged) as blocker:
        panel.focus_check.click()
    assert blocker.args[0].focus is None


# -- shortcuts dialog --------------------------------------------------------------------------


def test_shortcuts_dialog_lists_actions_plainly_and_filters(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    save = QAction("&Save", owner)
    save.setShortcut(QKeySequence("Ctrl+S"))
    undo = QAction("&Undo", owner)
    undo.setShortcuts([QKeySequence("Ctrl+Z"), QKeySequence("Alt+Backspace")])
    rocks = QAction("Rock && <b>Roll</b>...", owner)
    separator = QAction(owner)
    separator.setSeparator(True)
    dialog = ShortcutsDialog([save, undo, rocks, separator])
    qtbot.addWidget(dialog)
    native = QKeySequence("Ctrl+S").toString(QKeySequence.NativeText)
    assert dialog.visible_rows() == [
        ("Save", native),
        (
            "Undo",
            ", ".join(QKeySequence(k).toString(QKeySequence.NativeText) for k in ("Ctrl+Z", "Alt+Backspace")),
        ),
        ("Rock & <b>Roll</b>", ""),
    ]
    qtbot.keyClicks(dialog.filter_edit, "und")
    assert [row[0] for row in dialog.visible_rows()] == ["Undo"]
