"""Edit ▸ Insert Template: each template one undo step; the user's own templates from a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from argmap.templates import builtin_folder

ROOT = Path(__file__).resolve().parents[2]

USER_TEMPLATE = """\
template: 1
id: spending-da
name: Spending disadvantage
description: The plan costs money that is needed elsewhere.
side: against
attach: rebuts
cards:
  - {id: spending, kind: argument, tag: Spending DA, text: "[The plan costs (amount).]"}
  - {id: tradeoff, kind: argument, tag: Trade-off, text: "[That money comes from (program).]"}
relations:
  - {from: tradeoff, to: spending, type: supports}
"""


@pytest.fixture
def window(shipped_window, tmp_path):
    shipped_window.templates_menu.folder = tmp_path / "user-templates"  # not the shared data folder
    return shipped_window


def insert_actions(window):
    window.templates_menu.menu.aboutToShow.emit()  # what opening the menu does
    return {a.text(): a for a in window.templates_menu.template_actions()}


def test_the_menu_lists_every_built_in_template_under_edit(window):
    edit = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Edit")
    assert window.templates_menu.menu.menuAction() in edit.actions()
    assert len(insert_actions(window)) == len(list(builtin_folder().glob("*.yaml")))
    assert window.templates_menu.menu.menuAction() in window.card_context_actions


def test_every_built_in_template_inserts_under_the_selected_card_as_one_undo_step(window):
    amap = window.document.amap
    stack = window.document.undo_stack
    parent = next(c.id for c in amap.cards() if c.kind == "position")
    for name, action in insert_actions(window).items():
        before = amap.snapshot()
        ids_before = set(amap.card_ids())
        steps = stack.index()
        window.selection.set([parent])
        action.trigger()
        new = [c for c in amap.card_ids() if c not in ids_before]
        assert new, name
        assert stack.index() == steps + 1 and stack.undoText() == f"Insert {name}"
        assert any(amap.has_relation(c, parent) for c in new), name  # its top cards answer the parent
        assert all(window.scene.card_item(c) is not None for c in new)
        assert set(window.selection.card_ids) == set(new)
        assert window.selection.current == new[0]
        assert window.scene.is_editing()  # typing goes over the first placeholder
        window.scene.cancel_inline_edit()
        stack.undo()
        assert amap.snapshot() == before, name
        assert all(window.scene.card_item(c) is None for c in new)


def test_a_template_attaches_on_the_right_side(window):
    amap = window.document.amap
    parent = next(c for c in amap.cards() if c.kind == "position" and c.side == "for")
    window.selection.set([parent.id])
    insert_actions(window)["Disadvantage"].trigger()
    top = [c for c in window.selection.card_ids if amap.has_relation(c, parent.id)]
    assert top and all(amap.relation(c, parent.id).type == "rebuts" for c in top)
    assert all(amap.card(c).side == "against" for c in window.selection.card_ids)


def test_a_user_template_added_from_a_file_appears_in_the_menu_and_inserts(window, tmp_path, monkeypatch):
    source = tmp_path / "spending.yaml"
    source.write_text(USER_TEMPLATE, encoding="utf-8")
    menu = window.templates_menu
    monkeypatch.setattr(menu, "ask_template_file", lambda: str(source))
    menu.act_add_file.trigger()
    assert (menu.folder / "spending.yaml").read_text(encoding="utf-8") == USER_TEMPLATE
    actions = insert_actions(window)
    assert "Spending disadvantage" in actions
    amap = window.document.amap
    parent = next(c.id for c in amap.cards() if c.kind == "position")
    window.selection.set([parent])
    actions["Spending disadvantage"].trigger()
    tags = sorted(amap.card(c).tag for c in window.selection.card_ids)
    assert tags == ["Spending DA", "Trade-off"]


def test_a_broken_template_file_is_reported_with_its_place_and_not_copied(window, tmp_path, monkeypatch):
    broken = tmp_path / "broken.yaml"
    broken.write_text("template: 1\nid: x\nname: X\ncards: [{id: a, kind: evidence}]\n", encoding="utf-8")
    reported = []
    menu = window.templates_menu
    monkeypatch.setattr(menu, "report", lambda text, problems: reported.append(problems))
    assert menu.add_from_file(broken) is None
    assert reported and all(p.file == str(broken) and p.line >= 1 for p in reported[0])
    assert not (menu.folder / "broken.yaml").exists()
    # one dropped straight into the folder is reported in the menu, and the others still work
    menu.folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(broken, menu.folder / "broken.yaml")
    assert len(insert_actions(window)) == len(list(builtin_folder().glob("*.yaml")))
    assert (
        "Could Not Be Read" in menu.act_show_problems.text() and menu.act_show_problems in menu.menu.actions()
    )


def test_open_templates_folder_creates_and_shows_it(window, monkeypatch):
    opened = []
    menu = window.templates_menu
    monkeypatch.setattr(menu, "open_url", lambda url: opened.append(url.toLocalFile()) or True)
    menu.act_open_folder.trigger()
    assert menu.folder.is_dir() and opened == [str(menu.folder)]


def test_the_default_user_folder_is_argmaps_data_folder():
    import platformdirs

    from argmap.ui.templates_menu import user_folder

    assert user_folder() == Path(platformdirs.user_data_dir("argmap")) / "templates"
