"""File ▸ Export…, Print…, Print Preview… and Edit ▸ Copy as Image for the editor window.

All of them draw what the window shows (its filters, collapsed cards and card positions) through
the one export function the CLI uses, :func:`argmap.render.export.export_map` and its siblings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
)

from ..export.options import PAGE_SIZES_MM, ExportError, ExportOptions, format_from_path
from .plain_text import show_message, window_title


def _render():
    """argmap.render.export, imported on first use: it loads QtSvg, and every start-up would pay for it."""
    from ..render import export

    return export


FILTERS = {
    "png": "PNG image (*.png)",
    "svg": "SVG drawing (*.svg)",
    "pdf": "PDF document (*.pdf)",
    "docx": "Word brief for Verbatim (*.docx)",
    "html": "Web page to explore in a browser (*.html)",
}
PAGE_NAMES = {"letter": "Letter", "a4": "A4", "a3": "A3", "tabloid": "Tabloid"}
WHAT_SHOWN, WHAT_SELECTION, WHAT_SUBTREE = "shown", "selection", "subtree"


def install(window) -> None:
    """Add the export, print and copy-as-image actions to ``window``'s menus."""
    actions = ExportActions(window)
    window.export_actions = actions  # kept alive with the window
    menu = window.context.menus.export
    menu.addAction(actions.act_export)
    menu.menuAction().setVisible(True)
    # Print is a File menu item of its own (File ▸ Print…), where people look for it: after Export.
    menus = window.context.menus
    items = menus.file.actions()
    at = items.index(menu.menuAction()) + 1 if menu.menuAction() in items else len(items)
    before = items[at] if at < len(items) else None
    menus.file.insertActions(before, [actions.act_print_preview, actions.act_print])
    menus.edit.addSeparator()
    menus.edit.addAction(actions.act_copy_image)


class ExportActions:
    """The actions and what they do; the options last used are remembered for the next time."""

    def __init__(self, window) -> None:
        self.window = window
        self.settings: QSettings = window.context.settings
        self.act_export = QAction(
            "&Export Image or Brief…", window, shortcut=QKeySequence("Ctrl+Shift+E"), triggered=self.export
        )
        self.act_export.setStatusTip("Save the map as PNG, SVG, PDF or a Word brief, as it is shown")
        self.act_print = QAction("&Print…", window, shortcut=QKeySequence.Print, triggered=self.print_)
        self.act_print_preview = QAction("Print Pre&view…", window, triggered=self.print_preview)
        self.act_copy_image = QAction(
            "Copy as &Image", window, shortcut=QKeySequence("Ctrl+Shift+C"), triggered=self.copy_image
        )
        self.act_copy_image.setStatusTip(
            "Copy the selected cards (or the whole map) to the clipboard as a picture"
        )
        for act in (self.act_export, self.act_print, self.act_copy_image):
            window.addAction(act)

    # -- what the window shows --------------------------------------------------------------

    def view_state(self) -> dict:
        """The window's card positions and layout direction, so the export matches the screen."""
        scene = self.window.scene
        if scene is None:
            return {}
        # Where the map puts each card, but where focus mode shows its cards together: as on screen.
        positions = {**scene.placement.positions(), **scene.arranged_positions()}
        return {"positions": positions, "direction": scene.direction}

    def base_options(self, **changes) -> ExportOptions:
        window = self.window
        amap = window.document.amap
        scene = window.scene
        hidden = frozenset(cid for cid in amap.card_ids() if scene is not None and scene.is_hidden(cid))
        path = getattr(window.document, "path", None)
        made_from = Path(path).name if path else "an unsaved map"
        return ExportOptions(hidden=hidden, made_from=made_from).with_changes(**changes)

    def _fail(self, what: str, exc: Exception) -> None:
        show_message(self.window, what, str(exc))

    # -- the actions --------------------------------------------------------------------------

    def export(self) -> None:
        dialog = ExportDialog(self.window, self, purpose="export")
        if dialog.exec() != QDialog.Accepted:
            return
        last = self.settings.value("export/last_path", "") or ""
        start = (
            str(Path(last).with_suffix("." + dialog.format)) if last else self._default_name(dialog.format)
        )
        order = [dialog.format] + [f for f in FILTERS if f != dialog.format]
        path, chosen = QFileDialog.getSaveFileName(
            self.window, "Export map", start, ";;".join(FILTERS[f] for f in order)
        )
        if not path:
            return
        if not Path(path).suffix:
            path += "." + next((f for f, label in FILTERS.items() if label == chosen), dialog.format)
        try:
            options = dialog.options(format_from_path(path))
            result = _render().export_map(self.window.document.amap, path, options, **self.view_state())
        except ExportError as exc:
            self._fail("Export failed", exc)
            return
        self.settings.setValue("export/last_path", path)
        notes = "".join(f" \u2014 {note}" for note in result.notes)
        self.window.statusBar().showMessage(f"Exported {result.summary()}{notes}", 15000 if notes else 8000)

    def _default_name(self, fmt: str) -> str:
        path = getattr(self.window.document, "path", None)
        return str(Path(path).with_suffix("." + fmt)) if path else f"map.{fmt}"

    def _printer_and_options(self):
        dialog = ExportDialog(self.window, self, purpose="print")
        if dialog.exec() != QDialog.Accepted:
            return None, None
        options = dialog.options("pdf")
        printer = QPrinter(QPrinter.HighResolution)
        printer.setDocName(self.window.document.amap.info.title)
        try:
            _render().set_up_printer(self.window.document.amap, printer, options, **self.view_state())
        except ExportError as exc:
            self._fail("Print", exc)
            return None, None
        return printer, options

    def print_(self) -> None:
        printer, options = self._printer_and_options()
        if printer is None:
            return
        if QPrintDialog(printer, self.window).exec() != QDialog.Accepted:
            return
        self._paint(printer, options)

    def print_preview(self) -> None:
        printer, options = self._printer_and_options()
        if printer is None:
            return
        preview = QPrintPreviewDialog(printer, self.window)
        preview.setWindowTitle("Print Preview — " + window_title(self.window.document.amap.info.title))
        preview.paintRequested.connect(lambda p: self._paint(p, options))
        preview.resize(1100, 800)
        preview.exec()

    def _paint(self, printer, options) -> int:
        try:
            return _render().print_map(self.window.document.amap, printer, options, **self.view_state())
        except ExportError as exc:
            self._fail("Print", exc)
            return 0

    def copy_image(self) -> None:
        """The selected cards (or, with none selected, everything shown) as a picture on the clipboard."""
        selected = [cid for cid in self.window.selection.card_ids if cid in self.window.document.amap]
        options = self.base_options(
            format="png",
            scale=2.0 if selected else 1.0,
            legend=not selected,
            only=frozenset(selected) if selected else None,
        )
        try:
            image = _render().map_image(self.window.document.amap, options, **self.view_state())
        except ExportError as exc:
            self._fail("Copy as Image", exc)
            return
        QGuiApplication.clipboard().setImage(image)
        what = f"{len(selected)} selected card{'s' if len(selected) != 1 else ''}" if selected else "the map"
        self.window.statusBar().showMessage(
            f"Copied {what} as a {image.width()} × {image.height()} px image", 5000
        )


class ExportDialog(QDialog):
    """The export's options: which cards, looks, title, and the PNG and page settings."""

    def __init__(self, parent, actions: ExportActions, *, purpose: str = "export") -> None:
        super().__init__(parent)
        self.export_actions = actions  # not "actions": that would hide QWidget.actions()
        self.purpose = purpose
        settings = actions.settings
        window = actions.window
        amap = window.document.amap
        self.setWindowTitle("Export Map" if purpose == "export" else "Print Map")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        if purpose == "export":
            self.format_box = QComboBox()
            for fmt, label in FILTERS.items():
                self.format_box.addItem(label.split(" (")[0], fmt)
            self._select(self.format_box, settings.value("export/format", "png"))
            form.addRow("Format:", self.format_box)
        self.what = QComboBox()
        self.what.addItem("Everything shown (filters and collapsed cards as on screen)", WHAT_SHOWN)
        selected = [cid for cid in window.selection.card_ids if cid in amap]
        self.selected = selected
        if selected:
            self.what.addItem(
                f"The {len(selected)} selected card{'s' if len(selected) != 1 else ''}", WHAT_SELECTION
            )
            current = amap.card(window.selection.current)
            self.what.addItem(f"“{_short(current.headline)}” and every card answering it", WHAT_SUBTREE)
        form.addRow("Cards:", self.what)
        self.theme = QComboBox()
        self.theme.addItem("Light (colour)", "light")
        self.theme.addItem("Print (black and white, greyscale-safe)", "print")
        self._select(self.theme, settings.value("export/theme", "light" if purpose == "export" else "print"))
        form.addRow("Theme:", self.theme)
        self.legend = QCheckBox("Show the legend")
        self.legend.setChecked(settings.value("export/legend", True, type=bool))
        form.addRow("", self.legend)
        self.title = QLineEdit()
        self.title.setPlaceholderText(amap.info.title)
        form.addRow("Title:", self.title)
        self.subtitle = QLineEdit()
        self.subtitle.setPlaceholderText("optional: tournament, round, team")
        self.subtitle.setText(str(settings.value("export/subtitle", "")))  # the same round, next export
        form.addRow("Subtitle:", self.subtitle)
        if purpose == "export":
            png = QGroupBox("PNG")
            png_form = QFormLayout(png)
            self.scale = QDoubleSpinBox(minimum=0.5, maximum=8.0, singleStep=0.5, decimals=1, suffix=" ×")
            self.scale.setValue(float(settings.value("export/scale", 2.0)))
            png_form.addRow("Scale:", self.scale)
            self.transparent = QCheckBox("Transparent background (PNG and SVG)")
            png_form.addRow("", self.transparent)
            layout.addWidget(png)
            self.png_box = png
        pages = QGroupBox("Pages (PDF and print)")
        page_form = QFormLayout(pages)
        self.page = QComboBox()
        for key in PAGE_SIZES_MM:
            self.page.addItem(PAGE_NAMES[key], key)
        self._select(self.page, settings.value("export/page", "letter"))
        page_form.addRow("Paper:", self.page)
        self.orientation = QComboBox()
        for key, label in (("auto", "Automatic"), ("portrait", "Portrait"), ("landscape", "Landscape")):
            self.orientation.addItem(label, key)
        page_form.addRow("Orientation:", self.orientation)
        self.tile = QComboBox()
        for key, label in (
            ("auto", "Automatic: one page while its text prints at 6 pt or more, else tiles"),
            ("tile", "Tiles at a readable size (numbered, 12 mm overlap)"),
            ("fit", "One page, however small"),
        ):
            self.tile.addItem(label, key)
        self._select(self.tile, settings.value("export/pages", "auto"))
        page_form.addRow("Pages:", self.tile)
        layout.addWidget(pages)
        self.pages_box = pages
        if purpose == "export":
            self.format_box.currentIndexChanged.connect(self._show_format_options)
            self._show_format_options()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Export…" if purpose == "export" else "Continue…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _show_format_options(self, *_args) -> None:
        """Only the options the chosen format uses: scale for PNG, transparency for PNG and SVG, pages
        for PDF; a Word brief has none of them (issue #12)."""
        fmt = self.format
        self.png_box.setVisible(fmt in ("png", "svg"))
        self.png_box.setTitle("PNG" if fmt == "png" else "SVG")
        self.scale.setEnabled(fmt == "png")
        self.scale.setVisible(fmt == "png")
        self.png_box.layout().labelForField(self.scale).setVisible(fmt == "png")
        self.pages_box.setVisible(fmt == "pdf")
        self.adjustSize()

    @staticmethod
    def _select(box: QComboBox, value) -> None:
        index = box.findData(value)
        if index >= 0:
            box.setCurrentIndex(index)

    @property
    def format(self) -> str:
        return self.format_box.currentData() if self.purpose == "export" else "pdf"

    def accept(self) -> None:
        settings = self.export_actions.settings
        if self.purpose == "export":
            settings.setValue("export/format", self.format)
            settings.setValue("export/scale", self.scale.value())
        settings.setValue("export/theme", self.theme.currentData())
        settings.setValue("export/legend", self.legend.isChecked())
        settings.setValue("export/page", self.page.currentData())
        settings.setValue("export/pages", self.tile.currentData())
        settings.setValue("export/subtitle", self.subtitle.text().strip())
        super().accept()

    def options(self, fmt: str) -> ExportOptions:
        """The chosen options for a file of format ``fmt``."""
        what = self.what.currentData()
        window = self.export_actions.window
        changes = dict(
            format=fmt,
            theme=self.theme.currentData(),
            legend=self.legend.isChecked(),
            title=self.title.text().strip(),
            subtitle=self.subtitle.text().strip(),
            page=self.page.currentData(),
            orientation=self.orientation.currentData(),
            tile={"auto": None, "tile": True, "fit": False}[self.tile.currentData()],
        )
        if self.purpose == "export":
            changes.update(scale=self.scale.value(), transparent=self.transparent.isChecked())
        if what == WHAT_SELECTION:
            changes["only"] = frozenset(self.selected)
        elif what == WHAT_SUBTREE:
            changes["subtree"] = window.selection.current
        return self.export_actions.base_options(**changes)


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
