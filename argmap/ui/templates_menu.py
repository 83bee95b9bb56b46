"""Edit ▸ Insert Template: the standard shapes of debate arguments, inserted under a card as one undo step.

The menu lists the built-in templates (resources/templates) and the user's own (``*.yaml`` in
platformdirs' ``user_data_dir("argmap")/templates``; one with a built-in's id replaces it), read again
each time the menu opens. "Add Template from File…" checks a file and copies it into that folder;
"Open Templates Folder" shows the folder. A broken file is reported, never skipped in silence.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from .. import editing
from ..problems import Problem
from ..templates import Template, TemplateError, list_templates, load_template
from .plain_text import menu_text, tooltip


def install(window) -> TemplatesMenu:
    """Add Edit ▸ Insert Template to ``window``."""
    menu = TemplatesMenu(window)
    window.templates_menu = menu  # kept alive with the window
    return menu


def user_folder() -> Path:
    """Where the user's own templates live (created when first needed)."""
    return Path(platformdirs.user_data_dir("argmap")) / "templates"


class TemplatesMenu(QObject):
    """The Insert Template submenu and what its items do."""

    def __init__(self, window, folder: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.folder = Path(folder) if folder else user_folder()
        self.templates: list[Template] = []
        self.problems: list[Problem] = []
        edit = window.context.menus.edit
        edit.addSeparator()
        self.menu = edit.addMenu("Insert &Template")
        self.menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self.fill)
        self.act_open_folder = QAction("Open Templates &Folder", window, triggered=self.open_folder)
        self.act_add_file = QAction("&Add Template from File…", window, triggered=self.add_from_file)
        self.act_show_problems = QAction("", window, triggered=self.show_problems)
        self.fill()
        window.context.offer_card_actions((self.menu.menuAction(),))

    # -- the menu ----------------------------------------------------------------------------

    def reload(self) -> None:
        self.templates, self.problems = list_templates(self.folder)

    def fill(self) -> None:
        """Read the templates again and rebuild the menu: shapes first, then the answers to them."""
        self.reload()
        self.menu.clear()
        shapes = [t for t in self.templates if not t.answers]
        answers = [t for t in self.templates if t.answers]
        for group in (shapes, answers):
            if group and self.menu.actions():
                self.menu.addSeparator()
            for template in group:
                act = self.menu.addAction(menu_text(template.name))
                act.setToolTip(tooltip(template.description or template.name))
                act.setStatusTip(template.description)
                act.setData(template.id)
                act.triggered.connect(lambda _=False, t=template: self.insert(t))
        if self.problems:
            n = len({p.file for p in self.problems})
            self.act_show_problems.setText(f"{n} Template File{'s' if n != 1 else ''} Could Not Be Read…")
            self.menu.addSeparator()
            self.menu.addAction(self.act_show_problems)
        self.menu.addSeparator()
        self.menu.addAction(self.act_add_file)
        self.menu.addAction(self.act_open_folder)

    def template_actions(self) -> list[QAction]:
        """The menu's insert actions, in order (after :meth:`fill`)."""
        return [a for a in self.menu.actions() if a.data()]

    # -- inserting ---------------------------------------------------------------------------

    def insert(self, template: Template) -> list[str]:
        """Insert ``template`` under the selected card (unattached when none) as one undo step;
        select the new cards and start typing over the first one's placeholder. Returns the new ids."""
        window = self.window
        doc = window.document
        parent = window.selection.current
        outcome = editing.insert_template(doc.amap, template, parent)
        if not doc.push_proposal(outcome):
            return []
        new_ids = list(outcome.new_ids)  # type: ignore[union-attr]
        window.selection.set(new_ids[1:] + new_ids[:1])  # the first card current, for the inspector
        if window.scene is not None and new_ids:
            window.view.ensure_visible(new_ids[0])
            window.scene.start_inline_edit(new_ids[0])
        where = f" under “{doc.amap.card(parent).headline}”" if parent in doc.amap else ""
        window.statusBar().showMessage(
            f"Inserted {template.name}{where}: {len(new_ids)} cards; type over the placeholders", 6000
        )
        return new_ids

    # -- the user's templates ----------------------------------------------------------------

    def open_folder(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.open_url(QUrl.fromLocalFile(str(self.folder)))
        return self.folder

    def open_url(self, url: QUrl) -> bool:
        """Show a folder in the file manager (tests replace this method)."""
        return QDesktopServices.openUrl(url)

    def ask_template_file(self) -> str:
        """A template file's path from the user, or "" (tests replace this method)."""
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            "Add Template from File",
            str(Path.home()),
            "argmap templates (*.yaml *.yml);;All files (*)",
        )
        return name

    def add_from_file(self, path: str | Path | None = None) -> Path | None:
        """Check a template file and copy it into the user's folder; report a broken one."""
        path = path or self.ask_template_file()
        if not path:
            return None
        path = Path(path)
        try:
            template = load_template(path)
        except TemplateError as exc:
            self.report("This file is not a usable template", exc.problems)
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / (path.stem + ".yaml")
        n = 2
        while target.exists() and target.read_bytes() != path.read_bytes():
            target = self.folder / f"{path.stem}-{n}.yaml"
            n += 1
        try:
            shutil.copyfile(path, target)
        except OSError as exc:
            self.report("The template could not be copied", [Problem(str(target), 1, 1, "error", str(exc))])
            return None
        self.fill()
        self.window.statusBar().showMessage(
            f"Added template “{template.name}” (Edit ▸ Insert Template)", 6000
        )
        return target

    def show_problems(self) -> None:
        self.report("Some template files could not be read", self.problems)

    def report(self, text: str, problems: list[Problem]) -> None:
        """Tell the user which files are broken and where (tests replace this method)."""
        box = QMessageBox(QMessageBox.Warning, "Templates", text, QMessageBox.Ok, self.window)
        box.setTextFormat(Qt.PlainText)
        box.setInformativeText("\n".join(str(p) for p in problems[:20]))
        box.exec()
