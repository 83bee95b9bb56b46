"""File ▸ Compare with and File ▸ Merge a Partner's Map in the editor, driven through the menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from argmap.edits import AddCard, RemoveCard, UpdateCard
from argmap.format import load, save
from argmap.merge import merge_maps
from argmap.model import Card, Relation, with_fields


def partner_copy(path, tmp_path, name="partner.yaml", *edits):
    amap = load(path).map
    for e in edits:
        amap.apply(e(amap) if callable(e) else e)
    out = tmp_path / name
    save(amap, out)
    return out


def retext(card_id, **fields):
    return lambda amap: UpdateCard(with_fields(amap.card(card_id), **fields))


def file_menu_has(window, action) -> bool:
    return action in window.file_menu.actions()


def test_compare_with_file_marks_added_and_changed_cards_and_lists_removed(
    shipped_window, map_copy, tmp_path, monkeypatch, qtbot
):
    win = shipped_window
    team = win.teamwork
    other = partner_copy(
        map_copy,
        tmp_path,
        "partner.yaml",
        RemoveCard("neg-defensive-aid"),
        retext("aff-support", tag="Their tag"),
    )
    monkeypatch.setattr(team, "ask_compare_path", lambda: str(other))
    assert file_menu_has(win, team.act_compare_file)
    team.act_compare_file.trigger()
    assert team.dock.isVisible()
    marks = {
        cid: item.mark.label
        for cid in ("neg-defensive-aid", "aff-support", "ukraine-asked")
        if (item := win.scene.card_item(cid)) is not None and item.mark
    }
    assert marks == {"neg-defensive-aid": "ADDED", "aff-support": "CHANGED"}
    lines = [team.dock.list.item(i).text() for i in range(team.dock.list.count())]
    assert any(line.startswith("Only here: neg-defensive-aid") for line in lines)
    assert any(line.startswith("Changed (tag): aff-support") for line in lines)
    # Choosing a line selects its card.
    row = next(i for i, line in enumerate(lines) if "aff-support" in line)
    item = team.dock.list.item(row)
    QTest.mouseClick(
        team.dock.list.viewport(), Qt.LeftButton, pos=team.dock.list.visualItemRect(item).center()
    )
    assert win.selection.card_ids == ["aff-support"]
    assert team.dock.details.toPlainText().startswith("tag: [-")  # the change, word by word
    # The comparison follows an edit; Stop Comparing clears the marks.
    win.document.push(UpdateCard(with_fields(win.document.amap.card("aff-support"), tag="Their tag")))
    qtbot.waitUntil(lambda: win.scene.card_item("aff-support").mark is None)
    team.dock.stop_button.click()
    assert not team.dock.isVisible() and win.scene.card_item("neg-defensive-aid").mark is None


def test_comparing_and_the_evaluation_overlay_take_turns(shipped_window, map_copy, tmp_path, monkeypatch):
    win = shipped_window
    team = win.teamwork
    overlay = win.evaluation_overlay.act_overlay
    overlay.trigger()
    assert overlay.isChecked()
    other = partner_copy(map_copy, tmp_path, "partner.yaml", RemoveCard("neg-defensive-aid"))
    monkeypatch.setattr(team, "ask_compare_path", lambda: str(other))
    team.act_compare_file.trigger()
    assert not overlay.isChecked()
    assert win.scene.card_item("neg-defensive-aid").mark.label == "ADDED"
    overlay.trigger()
    assert not team.dock.isVisible() and win.scene.card_item("neg-defensive-aid").mark.label != "ADDED"


def test_compare_with_saved_version_shows_what_changed_since_saving(shipped_window, monkeypatch):
    win = shipped_window
    team = win.teamwork
    assert team.act_compare_saved.isEnabled() and file_menu_has(win, team.act_compare_saved)
    win.document.push(AddCard(Card("escalation", "rebuttal", "against", "Partisans invite escalation.")))
    win.document.push(RemoveCard("danilov-letter"))
    team.act_compare_saved.trigger()
    d = team.dock.diff
    assert [c["id"] for c in d.cards_added] == ["escalation"] and [c["id"] for c in d.cards_removed] == [
        "danilov-letter"
    ]
    assert win.scene.card_item("escalation").mark.label == "ADDED"
    assert (
        "Since ukraine-resistance.yaml was saved: 1 added, 0 changed, 1 removed." in team.dock.summary.text()
    )


def test_merging_a_partners_map_without_conflicts_is_one_undo_step(
    shipped_window, map_copy, tmp_path, monkeypatch
):
    win = shipped_window
    team = win.teamwork
    base = tmp_path / "base.yaml"
    base.write_bytes(map_copy.read_bytes())
    partner = partner_copy(
        map_copy,
        tmp_path,
        "partner.yaml",
        AddCard(
            Card("escalation", "rebuttal", "against", "Escalation."),
            (Relation("escalation", "aff-support", "rebuts"),),
        ),
        retext("neg-no-irregulars", notes="Partner: read the 1NC card again."),
        RemoveCard("danilov-letter"),
    )
    win.document.push(UpdateCard(with_fields(win.document.amap.card("ukraine-asked"), tag="Our tag")))
    before = win.document.amap.snapshot()
    steps = win.document.undo_stack.count()
    monkeypatch.setattr(team, "ask_merge_paths", lambda: (str(partner), str(base)))
    assert file_menu_has(win, team.act_merge)
    team.act_merge.trigger()
    amap = win.document.amap
    assert "escalation" in amap and "danilov-letter" not in amap
    assert amap.card("neg-no-irregulars").notes == "Partner: read the 1NC card again."
    assert amap.card("ukraine-asked").tag == "Our tag" and amap.conflicts == ()
    assert win.document.undo_stack.count() == steps + 1
    assert win.document.undo_stack.undoText() == "Merge partner.yaml"
    win.act_undo.trigger()
    assert win.document.amap.snapshot() == before


def test_merge_walks_each_conflict_side_by_side_and_applies_the_choices_as_one_step(
    shipped_window, map_copy, tmp_path, monkeypatch
):
    win = shipped_window
    team = win.teamwork
    base = tmp_path / "base.yaml"
    base.write_bytes(map_copy.read_bytes())
    partner = partner_copy(
        map_copy,
        tmp_path,
        "partner.yaml",
        retext("ukraine-asked", text="Theirs: Kyiv asked in writing."),
        retext("aff-support", tag="Theirs: fund it"),
        retext("neg-no-irregulars", speech="2NC"),
    )
    push = win.document.push
    push(UpdateCard(with_fields(win.document.amap.card("ukraine-asked"), text="Ours: Danilov asked.")))
    push(UpdateCard(with_fields(win.document.amap.card("aff-support"), tag="Ours: fund it <b>now</b>")))
    before = win.document.amap.snapshot()
    steps = win.document.undo_stack.count()
    monkeypatch.setattr(team, "ask_merge_paths", lambda: (str(partner), str(base)))
    team.act_merge.trigger()
    dialog = team.dialog
    assert dialog is not None and dialog.isVisible()
    assert win.document.amap.snapshot() == before  # nothing changes until Finish
    assert dialog.progress.text().startswith("Conflict 1 of 2")
    texts = {dialog.text_ours.toPlainText(), dialog.text_theirs.toPlainText()}
    assert texts in (
        {"Ours: Danilov asked.", "Theirs: Kyiv asked in writing."},
        {"Ours: fund it <b>now</b>", "Theirs: fund it"},
    )
    first = dialog.conflicts[0].key
    QTest.keyClick(dialog, Qt.Key_T)  # theirs for the first (not the window's T: switch arrow type)
    assert win.document.amap.snapshot() == before
    assert dialog.progress.text().startswith("Conflict 2 of 2")
    assert not dialog.finish.isEnabled()
    QTest.mouseClick(dialog.use_ours, Qt.LeftButton)  # ours for the second
    assert dialog.finish.isEnabled()
    QTest.mouseClick(dialog.finish, Qt.LeftButton)
    amap = win.document.amap
    expected_theirs = {
        "ukraine-asked": ("text", "Theirs: Kyiv asked in writing."),
        "aff-support": ("tag", "Theirs: fund it"),
    }
    expected_ours = {
        "ukraine-asked": ("text", "Ours: Danilov asked."),
        "aff-support": ("tag", "Ours: fund it <b>now</b>"),
    }
    for cid in expected_theirs:
        field, value = (expected_theirs if cid == first else expected_ours)[cid]
        assert getattr(amap.card(cid), field) == value
    assert amap.card("neg-no-irregulars").speech == "2NC"  # merged silently
    assert amap.conflicts == ()
    assert win.document.undo_stack.count() == steps + 1
    win.act_undo.trigger()
    assert win.document.amap.snapshot() == before


def test_a_file_git_left_with_conflicts_opens_for_editing_and_resolves(
    qtbot, map_copy, tmp_path, monkeypatch
):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from argmap.ui.main_window import MainWindow

    base = load(map_copy).map
    ours, theirs = base.copy(), base.copy()
    ours.apply(retext("ukraine-asked", text="Ours.")(ours))
    theirs.apply(retext("ukraine-asked", text="Theirs.")(theirs))
    theirs.apply(retext("aff-support", tag="Theirs tag")(theirs))
    ours.apply(retext("aff-support", tag="Ours tag")(ours))
    save(merge_maps(base, ours, theirs).map, map_copy)
    win = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    qtbot.addWidget(win)
    assert win.open_path(map_copy, guard=False)
    assert not win.document.read_only
    assert [p.code for p in win.document.problems if p.severity == "error"] == ["conflict", "conflict"]
    team = win.teamwork
    assert team.act_resolve.isEnabled() and file_menu_has(win, team.act_resolve)
    team.act_resolve.trigger()
    dialog = team.dialog
    QTest.mouseClick(dialog.rest_theirs, Qt.LeftButton)
    QTest.keyClick(dialog, Qt.Key_Return)
    assert not dialog.isVisible()
    amap = win.document.amap
    assert amap.conflicts == () and amap.card("ukraine-asked").text == "Theirs."
    assert amap.card("aff-support").tag == "Theirs tag"
    assert not team.act_resolve.isEnabled()
    win.document.revalidate()
    assert not [p for p in win.document.problems if p.code == "conflict"]
