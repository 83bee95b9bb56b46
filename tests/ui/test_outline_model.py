"""The outline's lazy tree: rows are worked out only when Qt (or the selection) asks for them, and the
tree they make is still the whole map: top-level cards, answers in card order, repeats and cut cycles.

Counts come from the model (rows worked out), never from timings.
"""

from __future__ import annotations

import networkx as nx
import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt

from argmap.edits import AddRelation, RemoveCard, ReplaceMap, UpdateCard, remove_cards
from argmap.generate import generate_map
from argmap.model import ArgumentMap, Card, Relation, with_fields
from argmap.ui import outline
from argmap.ui.document import MapDocument
from argmap.ui.outline import (
    CARD_ID_ROLE,
    CYCLE_ROLE,
    EXPAND_ROWS,
    MARKED_ROLE,
    MIRROR_CARDS,
    REPEAT_ROLE,
    OutlineDock,
)
from argmap.ui.selection import Selection


@pytest.fixture
def selection() -> Selection:
    return Selection()


def shown(qtbot, dock: OutlineDock) -> OutlineDock:
    qtbot.addWidget(dock)
    dock.resize(500, 700)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def as_networkx(amap: ArgumentMap) -> nx.DiGraph:
    """The map's cards and relations as a networkx graph, for the reference algorithms of these tests."""
    graph = nx.DiGraph()
    graph.add_nodes_from(amap.graph)
    graph.add_edges_from(amap.graph.edges())
    return graph


def reference_rows(amap: ArgumentMap) -> list[tuple[int, str, str | None, bool]]:
    """The whole outline worked out eagerly from the rules: (depth, card, parent card, cut)."""
    graph = amap.graph
    order = {cid: i for i, cid in enumerate(graph)}
    top = [cid for cid in graph if graph.out_degree(cid) == 0]
    reached = set(top)
    for cid in top:
        reached |= graph.ancestors(cid)  # the cards answering it, directly or not
    for cid in graph:  # a cycle reaching no top-level card: its first card stands at the top
        if cid not in reached:
            top.append(cid)
            reached |= {cid} | graph.ancestors(cid)
    rows: list[tuple[int, str, str | None, bool]] = []

    def walk(cid: str, parent: str | None, depth: int, path: frozenset) -> None:
        cut = cid in path
        rows.append((depth, cid, parent, cut))
        if not cut:
            for child in sorted(graph.predecessors(cid), key=order.__getitem__):
                walk(child, cid, depth + 1, path | {cid})

    for cid in sorted(top, key=order.__getitem__):
        walk(cid, None, 0, frozenset())
    return rows


def model_rows(model) -> list[tuple[int, str, str | None, bool]]:
    """Every row of the model, asking for all of it."""
    out = []

    def walk(parent: QModelIndex, depth: int) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            out.append(
                (
                    depth,
                    index.data(CARD_ID_ROLE),
                    parent.data(CARD_ID_ROLE) if parent.isValid() else None,
                    bool(index.data(CYCLE_ROLE)),
                )
            )
            walk(index, depth + 1)

    walk(QModelIndex(), 0)
    return out


def tangled_map() -> ArgumentMap:
    """A generated map plus a cycle inside one tree and a cycle reaching no top-level card."""
    amap = generate_map(300, seed=3)
    graph = as_networkx(amap)
    positions = [cid for cid in graph if graph.out_degree(cid) == 0]
    first, second = positions[0], positions[1]
    deep = max(nx.ancestors(graph, first), key=lambda cid: nx.shortest_path_length(graph, cid, first))
    middle = nx.shortest_path(graph, deep, first)[1]
    if middle == first:
        middle = deep
    # second answers a card under first: second's tree hangs under first's now.
    amap.apply(AddRelation(Relation(second, middle, "rebuts")))
    # first answers its own deepest card: first's tree (and second's) is now a cycle no top card reaches.
    amap.apply(AddRelation(Relation(first, deep, "rebuts")))
    return amap


def rows_under(total_paths: dict, amap: ArgumentMap) -> int:
    """How many rows the whole (acyclic) outline has: a card appears once per path to the top."""
    graph = as_networkx(amap)
    for cid in reversed(list(nx.topological_sort(graph))):
        answered = list(graph.successors(cid))
        total_paths[cid] = 1 if not answered else sum(total_paths[t] for t in answered)
    return sum(total_paths.values())


# -- laziness ------------------------------------------------------------------------------------


def test_opening_a_large_map_works_out_only_the_rows_shown(qtbot, selection):
    amap = generate_map(3000)
    whole = rows_under({}, amap)
    dock = OutlineDock(MapDocument(amap), selection)
    qtbot.addWidget(dock)
    model = dock.model
    made = model.materialised_rows()
    assert model.rowCount() == sum(1 for cid in amap.graph if amap.graph.out_degree(cid) == 0)
    assert made <= max(EXPAND_ROWS, model.rowCount())
    assert made * 5 < whole  # the eager outline made every one of them
    # Showing the dock lays out what is expanded, and only that.
    shown(qtbot, dock)
    dock.view.viewport().repaint()
    assert model.materialised_rows() == made
    # Rows expanded are the ones worked out; a row not expanded has its answers not worked out.
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        assert model.hasChildren(index)
        assert dock.view.isExpanded(index) == model.children_known(index)


def closed_row(model) -> QModelIndex:
    """The topmost row with answers not worked out yet, looking only through rows worked out."""
    level = [QModelIndex()]
    while level:
        below = []
        for parent in level:
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if model.hasChildren(index):
                    if not model.children_known(index):
                        return index
                    below.append(index)
        level = below
    raise AssertionError("every row is worked out")


def test_asking_whether_a_row_has_answers_works_out_nothing(qtbot, selection):
    amap = generate_map(3000)
    dock = OutlineDock(MapDocument(amap), selection)
    qtbot.addWidget(dock)
    model = dock.model
    closed = closed_row(model)
    made = model.materialised_rows()
    assert model.hasChildren(closed)
    assert model.materialised_rows() == made and not model.children_known(closed)
    card = closed.data(CARD_ID_ROLE)
    answers = model.rowCount(closed)
    assert answers == amap.graph.in_degree(card)
    assert model.materialised_rows() == made + answers  # that row's answers, not their answers
    assert all(not model.children_known(model.index(r, 0, closed)) for r in range(answers))
    # Expanding in the view works out the same rows the model's own asking did.
    dock.view.expand(closed)
    assert model.materialised_rows() == made + answers


def test_lazy_rows_make_the_same_tree_as_the_rules(qtbot, selection):
    amap = tangled_map()
    expected = reference_rows(amap)
    assert any(cut for *_, cut in expected)  # the map has both kinds of cycle and repeats
    dock = OutlineDock(MapDocument(amap), selection)
    qtbot.addWidget(dock)
    assert model_rows(dock.model) == expected
    assert dock.model.materialised_rows() == len(expected)


def test_lazy_rows_show_repeats_cycles_and_relations(qtbot, selection):
    amap = tangled_map()
    dock = shown(qtbot, OutlineDock(MapDocument(amap), selection))
    model = dock.model
    graph = amap.graph
    model_rows(model)
    for card_id in graph:
        rows = dock.rows_of(card_id)
        assert rows and all(index.data(CARD_ID_ROLE) == card_id for index in rows)
        repeat = graph.out_degree(card_id) > 1
        for index in rows:
            assert index.data(REPEAT_ROLE) == repeat
            cut = bool(index.data(CYCLE_ROLE))
            font = index.data(Qt.FontRole)
            assert (font is not None and font.italic()) == (repeat or cut)
            tip = index.data(Qt.ToolTipRole)
            assert ("Answers " in tip) == repeat and ("cycle" in tip) == cut
            if cut:
                assert model.rowCount(index) == 0 and not model.hasChildren(index)
                assert model.flags(index) & Qt.ItemNeverHasChildren
            parent = index.parent()
            if parent.isValid():
                answered = parent.data(CARD_ID_ROLE)
                assert index.siblingAtColumn(1).data() == amap.relation(card_id, answered).type
            else:
                assert index.siblingAtColumn(1).data() in (None, "")


def test_a_card_on_a_cycle_reaching_no_top_card_stands_at_the_top(qtbot, selection):
    amap = ArgumentMap()
    for cid in ("a", "b", "c"):
        amap.insert_card(Card(cid, "argument", "for", text=cid.upper()))
    for source, target in (("b", "a"), ("c", "b"), ("a", "c")):
        amap.insert_relation(Relation(source, target, "supports"))
    dock = shown(qtbot, OutlineDock(MapDocument(amap), selection))
    assert [(d, c, cut) for d, c, _, cut in model_rows(dock.model)] == [
        (0, "a", False),
        (1, "b", False),
        (2, "c", False),
        (3, "a", True),
    ]


def test_headlines_are_plain_text(qtbot, selection):
    amap = ArgumentMap()
    amap.insert_card(Card("x", "position", "for", text="<b>Not bold</b>\n  &amp; <i>kept</i>"))
    dock = OutlineDock(MapDocument(amap), selection)
    qtbot.addWidget(dock)
    assert dock.rows_of("x")[0].data(Qt.DisplayRole) == "<b>Not bold</b> &amp; <i>kept</i>"


# -- finding and selecting rows that are not worked out yet ----------------------------------------


def deepest_card(amap: ArgumentMap) -> str:
    graph = as_networkx(amap)
    depth: dict[str, int] = {}
    for cid in reversed(list(nx.topological_sort(graph))):
        depth[cid] = 1 + max((depth[t] for t in graph.successors(cid)), default=-1)
    return max(depth, key=depth.__getitem__)


def test_rows_of_works_out_only_the_rows_above_the_card(qtbot, selection):
    amap = generate_map(3000)
    dock = OutlineDock(MapDocument(amap), selection)
    qtbot.addWidget(dock)
    model = dock.model
    deep = deepest_card(amap)
    made = model.materialised_rows()
    rows = dock.rows_of(deep)
    paths = {}
    rows_under(paths, amap)
    assert len(rows) == paths[deep]
    above = amap.graph.descendants(deep)  # the cards it answers, directly or not
    for index in rows:
        assert index.data(CARD_ID_ROLE) == deep
        parent = index.parent()
        while parent.isValid():
            assert parent.data(CARD_ID_ROLE) in above
            parent = parent.parent()
    # Opened on the way: the answers of cards above it, no deeper.
    opened = sum(amap.graph.in_degree(cid) for cid in above)
    assert model.materialised_rows() - made <= opened * len(rows)


def test_selecting_a_card_elsewhere_opens_the_way_to_its_row(qtbot, selection):
    amap = generate_map(3000)
    dock = shown(qtbot, OutlineDock(MapDocument(amap), selection))
    deep = deepest_card(amap)
    selection.set([deep])
    current = dock.view.currentIndex()
    assert current.data(CARD_ID_ROLE) == deep
    assert current == dock.rows_of(deep)[0]
    assert [i.data(CARD_ID_ROLE) for i in dock.view.selectionModel().selectedRows(0)] == [deep]
    parent = current.parent()
    while parent.isValid():
        assert dock.view.isExpanded(parent)
        parent = parent.parent()
    assert dock.view.viewport().rect().intersects(dock.view.visualRect(current))  # scrolled to it
    assert dock._selected_ids() == [deep]


def test_selecting_many_cards_selects_each_ones_first_row(qtbot, selection):
    amap = tangled_map()
    dock = shown(qtbot, OutlineDock(MapDocument(amap), selection))
    ids = list(amap.graph)[::3]
    selection.set(ids)
    selected = dock.view.selectionModel().selectedRows(0)
    assert sorted(i.data(CARD_ID_ROLE) for i in selected) == sorted(ids)
    assert {i.data(CARD_ID_ROLE): i for i in selected} == {cid: dock.rows_of(cid)[0] for cid in ids}
    assert dock.view.currentIndex().data(CARD_ID_ROLE) == ids[-1]
    assert dock._selected_ids()[-1] == ids[-1]
    assert sorted(dock._selected_ids()) == sorted(ids)


def test_selecting_a_relation_selects_the_answer_under_the_card_it_answers(qtbot, selection):
    amap = generate_map(3000)
    dock = shown(qtbot, OutlineDock(MapDocument(amap), selection))
    deep = deepest_card(amap)
    answered = next(iter(amap.graph.successors(deep)))
    selection.set([], relation=(deep, answered))
    current = dock.view.currentIndex()
    assert current.data(CARD_ID_ROLE) == deep and current.parent().data(CARD_ID_ROLE) == answered


# -- edits ---------------------------------------------------------------------------------------


def watch(model) -> list:
    log: list = []
    for name in ("rowsInserted", "rowsRemoved", "modelReset", "layoutChanged"):
        getattr(model, name).connect(lambda *args, name=name: log.append(name))
    model.dataChanged.connect(
        lambda top, bottom, roles=(): log.append(("data", top.siblingAtColumn(0).data(CARD_ID_ROLE)))
    )
    return log


def test_edits_under_rows_not_opened_touch_no_rows(qtbot, selection):
    amap = generate_map(3000)
    document = MapDocument(amap)
    dock = shown(qtbot, OutlineDock(document, selection))
    model = dock.model
    deep = deepest_card(amap)
    answered = next(iter(amap.graph.successors(deep)))
    assert model.materialised_rows(answered) == 0  # nothing of its tree worked out yet
    log = watch(model)
    made = model.materialised_rows()
    document.push(UpdateCard(with_fields(amap.card(deep), tag="", text="Rewritten")))
    leaf = next(
        cid
        for cid in reversed(list(amap.graph))
        if amap.graph.in_degree(cid) == 0
        and cid != deep
        and not amap.has_relation(deep, cid)
        and model.materialised_rows(cid) == 0
    )
    assert document.push(AddRelation(Relation(leaf, answered, "rebuts")))
    document.undo_stack.undo()
    assert log == [] and model.materialised_rows() == made
    # Opened afterwards, the rows are worked out from the map as it is now.
    assert document.push(AddRelation(Relation(leaf, answered, "rebuts")))
    under = [i.parent().data(CARD_ID_ROLE) for i in dock.rows_of(leaf)]
    assert under.count(answered) == len(dock.rows_of(answered))
    assert dock.rows_of(deep)[0].data(Qt.DisplayRole) == "Rewritten"


def test_an_edit_touches_only_the_rows_involved(qtbot, selection):
    amap = generate_map(3000)
    document = MapDocument(amap)
    dock = shown(qtbot, OutlineDock(document, selection))
    model = dock.model
    top = model.index(0, 0)
    top_id = top.data(CARD_ID_ROLE)
    assert model.children_known(top)
    log = watch(model)
    document.push(UpdateCard(with_fields(amap.card(top_id), tag="", text="Renamed")))
    assert log == [("data", top_id)] and top.data(Qt.DisplayRole) == "Renamed"
    log.clear()
    source = list(amap.graph)[-1]  # the last card: it sorts after every answer already there
    before = model.rowCount(top)
    assert document.push(AddRelation(Relation(source, top_id, "rebuts")))
    assert log == ["rowsInserted", ("data", source)]
    assert model.rowCount(top) == before + 1
    assert model.index(before, 0, top).data(CARD_ID_ROLE) == source
    assert model.index(before, 0, top).data(REPEAT_ROLE)
    log.clear()
    document.undo_stack.undo()
    assert log[0] == "rowsRemoved" and "modelReset" not in log and "rowsInserted" not in log
    assert model.rowCount(top) == before


def test_a_first_answer_to_a_shown_row_tells_the_view(qtbot, selection):
    amap = ArgumentMap()
    amap.insert_card(Card("plan", "position", "for", text="Plan"))
    amap.insert_card(Card("ev", "evidence", "for", text="Evidence"))
    amap.insert_card(Card("no", "rebuttal", "against", text="No"))
    amap.insert_relation(Relation("ev", "plan", "supports"))
    document = MapDocument(amap)
    dock = shown(qtbot, OutlineDock(document, selection))
    model = dock.model
    ev = dock.rows_of("ev")[0]
    assert not model.hasChildren(ev)
    inserted = []
    model.rowsInserted.connect(lambda parent, first, last: inserted.append(parent.data(CARD_ID_ROLE)))
    assert document.push(AddRelation(Relation("no", "ev", "rebuts")))
    assert inserted == ["ev"] and model.hasChildren(ev)
    assert [r.parent().data(CARD_ID_ROLE) for r in dock.rows_of("no")] == ["ev"]
    document.undo_stack.undo()
    assert not model.hasChildren(ev)
    assert [r.parent().data(CARD_ID_ROLE) for r in dock.rows_of("no")] == [None]


def test_removing_a_card_and_undoing_keeps_the_tree_right(qtbot, selection):
    amap = tangled_map()
    document = MapDocument(amap)
    dock = shown(qtbot, OutlineDock(document, selection))
    model_rows(dock.model)  # everything worked out: every row must follow
    victim = next(cid for cid in amap.graph if amap.graph.in_degree(cid) and amap.graph.out_degree(cid) > 1)
    assert document.push(RemoveCard(victim))
    assert model_rows(dock.model) == reference_rows(amap)
    assert dock.rows_of(victim) == []
    document.undo_stack.undo()
    assert model_rows(dock.model) == reference_rows(amap)


def expanded_cards(dock: OutlineDock) -> set[tuple[str, ...]]:
    return set(dock.model.expanded_paths(dock.view.isExpanded))


def test_a_batch_too_large_to_follow_rebuilds_the_tree_once_and_keeps_what_was_expanded(qtbot, selection):
    amap = tangled_map()
    document = MapDocument(amap)
    dock = shown(qtbot, OutlineDock(document, selection))
    model = dock.model
    keep = amap.card_ids()[:40]  # the cards that stay: early ones, so some top-level trees survive
    # The user opens the way to the kept card whose row lies deepest.
    deep = max(keep, key=lambda cid: nx.shortest_path_length(as_networkx(amap), cid).__len__())
    for row in dock.rows_of(deep):
        dock.view.scrollTo(row)
    expanded = expanded_cards(dock)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    victims = [cid for cid in amap.card_ids() if cid not in keep]
    assert len(victims) > outline.BULK_CHANGES
    assert document.push(remove_cards(amap, victims))
    assert resets == [1]
    assert model_rows(model) == reference_rows(amap)
    kept = {path for path in expanded if all(cid in amap for cid in path)}
    assert kept and kept <= expanded_cards(dock)
    document.undo_stack.undo()
    assert resets == [1, 1]
    assert model_rows(model) == reference_rows(amap)
    assert expanded <= expanded_cards(dock)


def test_a_small_batch_is_followed_row_by_row(qtbot, selection):
    amap = tangled_map()
    document = MapDocument(amap)
    dock = shown(qtbot, OutlineDock(document, selection))
    model_rows(dock.model)
    resets = []
    dock.model.modelReset.connect(lambda: resets.append(1))
    assert document.push(remove_cards(amap, amap.card_ids()[5:15]))
    assert model_rows(dock.model) == reference_rows(amap)
    document.undo_stack.undo()
    assert model_rows(dock.model) == reference_rows(amap)
    assert resets == []


def test_a_reset_starts_the_tree_over(qtbot, selection):
    amap = generate_map(3000)
    dock = shown(qtbot, OutlineDock(MapDocument(amap), selection))
    model = dock.model
    model_rows(model)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    amap.apply(ReplaceMap.of(amap))  # the reload path: one "reset"
    assert resets == [1]
    assert model.materialised_rows() <= max(EXPAND_ROWS, model.rowCount())
    assert model_rows(model) == reference_rows(amap)


def test_an_index_kept_past_its_row_reads_as_nothing(qtbot, selection):
    amap = ArgumentMap()
    amap.insert_card(Card("plan", "position", "for", text="Plan"))
    amap.insert_card(Card("ev", "evidence", "for", text="Evidence"))
    amap.insert_relation(Relation("ev", "plan", "supports"))
    document = MapDocument(amap)
    dock = OutlineDock(document, selection)
    qtbot.addWidget(dock)
    kept = dock.rows_of("ev")[0]
    assert document.push(RemoveCard("ev"))
    assert kept.data(CARD_ID_ROLE) is None and dock.model.rowCount(kept) == 0
    assert not dock.model.parent(kept).isValid()


# -- large selections: the current card's row is selected, the others painted ---------------------


def click(qtbot, dock: OutlineDock, index: QModelIndex, modifier=Qt.NoModifier) -> None:
    dock.view.scrollTo(index)
    qtbot.mouseClick(dock.view.viewport(), Qt.LeftButton, modifier, dock.view.visualRect(index).center())


def visible_rows(dock: OutlineDock) -> list[QModelIndex]:
    """The rows (column 0) on screen, top to bottom."""
    view = dock.view
    rows, index = [], view.indexAt(view.viewport().rect().topLeft() + QPoint(1, 1)).siblingAtColumn(0)
    while index.isValid() and view.visualRect(index).top() < view.viewport().height():
        rows.append(index)
        index = view.indexBelow(index)
    return rows


def assert_current_shown(dock: OutlineDock, card_id: str) -> None:
    current = dock.view.currentIndex()
    assert current.data(CARD_ID_ROLE) == card_id and current == dock.rows_of(card_id)[0]
    assert dock.view.selectionModel().isSelected(current)
    parent = current.parent()
    while parent.isValid():
        assert dock.view.isExpanded(parent)
        parent = parent.parent()
    assert dock.view.viewport().rect().intersects(dock.view.visualRect(current))


def test_selecting_every_card_holds_only_the_current_row_and_paints_the_rest(qtbot, selection):
    amap = generate_map(3000)
    dock = shown(qtbot, OutlineDock(MapDocument(amap), selection))
    model = dock.model
    made = model.materialised_rows()
    ids = list(amap.graph)
    selection.set(ids)
    held = dock.view.selectionModel().selectedRows(0)
    assert len(held) <= MIRROR_CARDS
    assert [i.data(CARD_ID_ROLE) for i in held] == [ids[-1]]
    assert_current_shown(dock, ids[-1])
    # Only the rows on the way to the current card were worked out.
    above = amap.graph.descendants(ids[-1])
    assert model.materialised_rows() - made <= sum(amap.graph.in_degree(cid) for cid in above)
    # Every row worked out is painted as selected: its card is marked.
    rows = visible_rows(dock)
    assert len(rows) > 10
    assert all(index.data(MARKED_ROLE) and dock.shows_selected(index) for index in rows)
    # Going back to a few cards mirrors them into the selection model again, and marks nothing.
    selection.set(ids[:3])
    assert sorted(i.data(CARD_ID_ROLE) for i in dock.view.selectionModel().selectedRows(0)) == sorted(ids[:3])
    assert not any(index.data(MARKED_ROLE) for index in visible_rows(dock))
    assert_current_shown(dock, ids[2])


def test_a_scattered_large_selection_marks_exactly_its_cards(qtbot, selection):
    amap = generate_map(3000)
    dock = shown(qtbot, OutlineDock(MapDocument(amap), selection))
    ids = list(amap.graph)[::3]
    assert len(ids) > MIRROR_CARDS
    chosen = set(ids)
    selection.set(ids)
    assert len(dock.view.selectionModel().selectedRows(0)) == 1
    assert_current_shown(dock, ids[-1])
    rows = model_rows(dock.model)  # every row, whether shown or not
    assert any(card in chosen for _, card, _, _ in rows) and any(card not in chosen for _, card, _, _ in rows)
    for index in dock.model.find_rows(list(amap.graph)[:60]).values():
        for row in index:
            assert row.data(MARKED_ROLE) == (row.data(CARD_ID_ROLE) in chosen)


def test_marked_rows_are_painted_like_selected_ones(qtbot, selection, monkeypatch):
    monkeypatch.setattr(outline, "MIRROR_CARDS", 2)
    amap = generate_map(300, seed=5)
    dock = shown(qtbot, OutlineDock(MapDocument(amap), selection))
    rows = visible_rows(dock)
    plain, marked, current = rows[1], rows[3], rows[5]
    selection.set([marked.data(CARD_ID_ROLE), rows[4].data(CARD_ID_ROLE), current.data(CARD_ID_ROLE)])
    assert dock.view.selectionModel().selectedRows(0) == [current]
    assert marked.data(MARKED_ROLE) and not plain.data(MARKED_ROLE)
    image = dock.view.viewport().grab().toImage()

    def colour(index):  # the right end of the "Answers as" column: background only
        rect = dock.view.visualRect(index.siblingAtColumn(1))
        assert rect.right() < image.width()
        return image.pixelColor(rect.right() - 2, rect.center().y())

    assert colour(marked) == colour(current) != colour(plain)


def large_selection(qtbot, selection, monkeypatch, count: int = 4):
    """The dock on a generated map with ``count`` cards on screen selected, more than it mirrors."""
    monkeypatch.setattr(outline, "MIRROR_CARDS", 2)
    amap = generate_map(300, seed=5)
    dock = shown(qtbot, OutlineDock(MapDocument(amap), selection))
    rows = visible_rows(dock)
    cards = list(dict.fromkeys(index.data(CARD_ID_ROLE) for index in rows[2:]))[:count]
    selection.set(cards)
    assert dock.model.marked == set(cards) and len(dock.view.selectionModel().selectedRows(0)) == 1
    return dock, cards, rows


def test_clicking_a_painted_row_selects_that_card_alone(qtbot, selection, monkeypatch):
    dock, cards, _ = large_selection(qtbot, selection, monkeypatch)
    row = dock.rows_of(cards[1])[0]
    click(qtbot, dock, row)
    assert selection.card_ids == [cards[1]]
    assert dock.view.selectionModel().selectedRows(0) == [row] and not dock.model.marked


def test_clicking_the_current_row_of_a_large_selection_keeps_that_card_alone(qtbot, selection, monkeypatch):
    dock, cards, _ = large_selection(qtbot, selection, monkeypatch)
    click(qtbot, dock, dock.view.currentIndex())
    assert selection.card_ids == [cards[-1]] and not dock.model.marked


def test_ctrl_click_toggles_one_card_of_a_large_selection(qtbot, selection, monkeypatch):
    dock, cards, rows = large_selection(qtbot, selection, monkeypatch)
    # Off: a row only painted as selected.
    off = dock.rows_of(cards[0])[0]
    click(qtbot, dock, off, Qt.ControlModifier)
    assert selection.card_ids == cards[1:]
    assert not dock.shows_selected(off) and all(dock.shows_selected(dock.rows_of(c)[0]) for c in cards[1:])
    # Off: the row the view holds.
    click(qtbot, dock, dock.rows_of(cards[-1])[0], Qt.ControlModifier)
    assert selection.card_ids == cards[1:-1]
    # On: a row not selected; its card becomes the current one.
    extra = next(index for index in rows if index.data(CARD_ID_ROLE) not in cards)
    click(qtbot, dock, extra, Qt.ControlModifier)
    assert selection.card_ids == cards[1:-1] + [extra.data(CARD_ID_ROLE)]
    assert dock.shows_selected(extra) and dock.view.currentIndex() == extra
    assert all(dock.shows_selected(dock.rows_of(c)[0]) for c in selection.card_ids)


def test_shift_click_on_a_large_selection_selects_the_range(qtbot, selection, monkeypatch):
    dock, _, rows = large_selection(qtbot, selection, monkeypatch)
    click(qtbot, dock, rows[0])
    click(qtbot, dock, rows[3], Qt.ShiftModifier)
    assert sorted(selection.card_ids) == sorted({index.data(CARD_ID_ROLE) for index in rows[:4]})
    assert all(dock.shows_selected(index) for index in rows[:4])
    assert not any(dock.shows_selected(index) for index in rows[4:])


def test_ctrl_click_still_adds_to_a_small_selection(qtbot, selection):
    amap = generate_map(300, seed=5)
    dock = shown(qtbot, OutlineDock(MapDocument(amap), selection))
    rows = visible_rows(dock)
    click(qtbot, dock, rows[1])
    click(qtbot, dock, rows[4], Qt.ControlModifier)
    assert selection.card_ids == [rows[1].data(CARD_ID_ROLE), rows[4].data(CARD_ID_ROLE)]
    click(qtbot, dock, rows[1], Qt.ControlModifier)
    assert selection.card_ids == [rows[4].data(CARD_ID_ROLE)]
    assert not dock.model.marked


def test_selecting_every_row_in_the_outline_keeps_few_ranges(qtbot, selection, monkeypatch):
    monkeypatch.setattr(outline, "MIRROR_CARDS", 5)
    amap = generate_map(300, seed=5)
    dock = shown(qtbot, OutlineDock(MapDocument(amap), selection))
    dock.view.setFocus()
    qtbot.keyClick(dock.view, Qt.Key_A, Qt.ControlModifier)
    shown_cards = {index.data(CARD_ID_ROLE) for index in model_rows_shown(dock)}
    assert set(selection.card_ids) == shown_cards and len(shown_cards) > 5
    assert len(dock.view.selectionModel().selection()) <= 5
    assert dock.model.marked == shown_cards
    assert all(dock.shows_selected(index) for index in visible_rows(dock))


def model_rows_shown(dock: OutlineDock) -> list[QModelIndex]:
    """Every row laid out in the view (under expanded rows), top to bottom."""
    out, index = [], dock.view.model().index(0, 0)
    while index.isValid():
        out.append(index)
        index = dock.view.indexBelow(index)
    return out


def test_an_edit_keeps_a_large_selection_where_it_is(qtbot, selection):
    amap = generate_map(3000)
    document = MapDocument(amap)
    dock = shown(qtbot, OutlineDock(document, selection))
    ids = list(amap.graph)
    selection.set(ids)
    dock.view.verticalScrollBar().setValue(0)
    current = dock.view.currentIndex()
    top = dock.model.index(0, 0)
    source = ids[-2]
    assert document.push(AddRelation(Relation(source, top.data(CARD_ID_ROLE), "rebuts")))
    assert dock.view.currentIndex() == current and dock.view.verticalScrollBar().value() == 0
    added = [index for index in dock.rows_of(source) if index.parent() == top]
    assert len(added) == 1 and added[0].data(MARKED_ROLE)
