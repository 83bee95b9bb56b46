"""The editor's Export, Print and Copy as Image: what you see is what you export."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMainWindow

from argmap.edits import SetPositions
from argmap.export.options import ExportOptions
from argmap.render.export import export_map, make_sheet
from argmap.render.scene import MapScene
from argmap.ui.context import FeatureContext, Menus
from argmap.ui.export_actions import ExportDialog, install
from argmap.ui.selection import Selection

from .conftest import norm


class Document:
    def __init__(self, amap, path=None):
        self.amap = amap
        self.path = path


class FakeWindow(QMainWindow):
    """Just what install() relies on: a declared context (menus, settings), document, scene, selection."""

    def __init__(self, amap, tmp_path):
        super().__init__()
        self.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
        self.document = Document(amap, tmp_path / "round.yaml")
        self.selection = Selection(self)
        self.scene = MapScene(amap)
        self.scene.attach_selection(self.selection)
        file_menu = self.menuBar().addMenu("&File")
        self.export_menu = file_menu.addMenu("&Export")
        self.export_menu.menuAction().setVisible(False)
        self.edit_menu = self.menuBar().addMenu("&Edit")
        other = self.menuBar().addMenu("&View")
        menus = Menus(file_menu, self.edit_menu, other, other, self.export_menu, other, other)
        self.context = FeatureContext(menus, self.settings, lambda text, ms: None, self.destroyed)


@pytest.fixture()
def window(qtbot, default_map, tmp_path):
    w = FakeWindow(default_map.copy(), tmp_path)
    qtbot.addWidget(w)
    install(w)
    yield w
    w.scene.detach()


def test_install_adds_export_print_and_copy_as_image(window):
    texts = [a.text() for a in window.export_menu.actions()]
    assert any("Export" in t for t in texts)
    file_menu = window.menuBar().actions()[0].menu()  # File ▸ Print…, as the README says
    texts = [a.text() for a in file_menu.actions()]
    assert "&Print…" in texts and "Print Pre&view…" in texts
    assert window.export_menu.menuAction().isVisible()
    assert any("Copy as" in a.text() for a in window.edit_menu.actions())


def test_the_export_dialog_shows_only_what_the_format_uses_and_remembers_the_subtitle(window):
    from argmap.ui.export_actions import ExportDialog

    dialog = ExportDialog(window, window.export_actions)
    dialog.show()
    index = {dialog.format_box.itemData(i): i for i in range(dialog.format_box.count())}
    dialog.format_box.setCurrentIndex(index["docx"])
    assert not dialog.png_box.isVisible() and not dialog.pages_box.isVisible()
    dialog.format_box.setCurrentIndex(index["png"])
    assert dialog.png_box.isVisible() and dialog.scale.isVisible() and not dialog.pages_box.isVisible()
    dialog.format_box.setCurrentIndex(index["pdf"])
    assert dialog.pages_box.isVisible() and not dialog.png_box.isVisible()
    dialog.subtitle.setText("Round 3, Octafinals")
    dialog.accept()
    again = ExportDialog(window, window.export_actions)
    assert again.subtitle.text() == "Round 3, Octafinals"


def test_export_honours_what_the_window_hides_and_where_cards_stand(window, tmp_path):
    hidden = {"long-war", "stalled-attrition"}
    window.scene.set_hidden(hidden)
    # Dragged there: the drag's move is in the map (SetPositions), and the scene follows it.
    window.document.amap.apply(SetPositions((("aff-support", (-3000.0, -900.0)),)))
    options = window.export_actions.base_options(format="svg")
    assert options.hidden == frozenset(hidden) and options.made_from == "round.yaml"
    state = window.export_actions.view_state()
    sheet = make_sheet(window.document.amap, options, **state)
    assert "long-war" not in sheet.shown and len(sheet.shown) == 37
    rects = sheet.boxes
    assert rects["aff-support"][0] < rects["ukraine-asked"][0] - 1000  # moved far left, as shown
    path = tmp_path / "shown.svg"
    export_map(window.document.amap, path, options, **state)
    assert norm("A war of attrition needs long-term resistance") not in norm(path.read_text(encoding="utf-8"))


def test_dialog_exports_the_selection_or_the_current_cards_subtree(window, qtbot):
    window.selection.set(["careful-line", "careful-line-quote", "neg-defensive-aid"])
    dialog = ExportDialog(window, window.export_actions)
    qtbot.addWidget(dialog)
    dialog.what.setCurrentIndex(dialog.what.findData("selection"))
    assert dialog.options("png").only == frozenset(
        {"careful-line", "careful-line-quote", "neg-defensive-aid"}
    )
    dialog.what.setCurrentIndex(dialog.what.findData("subtree"))
    assert dialog.options("pdf").subtree == "neg-defensive-aid"
    dialog.title.setText("Octafinals")
    dialog.theme.setCurrentIndex(dialog.theme.findData("print"))
    options = dialog.options("pdf")
    assert (options.title, options.theme, options.format) == ("Octafinals", "print", "pdf")


def test_dialog_pages_choice_reaches_the_pdf_options(window, qtbot):
    dialog = ExportDialog(window, window.export_actions)
    qtbot.addWidget(dialog)
    assert dialog.options("pdf").tile is None  # automatic: one page while readable, else tiles
    for key, tile in (("tile", True), ("fit", False), ("auto", None)):
        dialog.tile.setCurrentIndex(dialog.tile.findData(key))
        assert dialog.options("pdf").tile is tile


def test_copy_as_image_puts_the_selection_on_the_clipboard_as_the_png_export_draws_it(window, tmp_path):
    window.selection.set(["aff-support", "ukraine-asked"])
    window.export_actions.act_copy_image.trigger()
    image = QGuiApplication.clipboard().image().convertToFormat(QImage.Format_RGB32)
    assert not image.isNull() and 600 < image.width() < 4000
    # The same sheet a PNG export of those cards draws (in bands): the same picture, pixel for pixel
    # but for a shade on an antialiased edge cut by a band's border.
    options = window.export_actions.base_options(
        format="png", scale=2.0, legend=False, only=frozenset(["aff-support", "ukraine-asked"])
    )
    export_map(window.document.amap, tmp_path / "same.png", options, **window.export_actions.view_state())
    png = QImage(str(tmp_path / "same.png")).convertToFormat(QImage.Format_RGB32)
    assert (png.width(), png.height()) == (image.width(), image.height())
    a, b = bytes(image.constBits()), bytes(png.constBits())
    differ = sum(1 for x, y in zip(a, b, strict=True) if abs(x - y) > 48)
    assert differ < len(a) / 1000


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_print_draws_the_same_pages_as_the_pdf_export(window, tmp_path):
    from argmap.render.export import print_map, set_up_printer

    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    options = ExportOptions(format="pdf", tile=True, page="letter")
    set_up_printer(window.document.amap, printer, options)
    pages = print_map(window.document.amap, printer, options)
    exported = export_map(window.document.amap, tmp_path / "exported.pdf", options)
    assert pages == exported.pages > 1
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "printed.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert f"page {pages} of {pages}" in text


def export_through_the_dialog(window, monkeypatch, path, file_filter, fill_in) -> list[str]:
    """File ▸ Export… (its action) with the real dialog filled in by ``fill_in`` and ``path`` chosen
    in the file dialog; returns the formats the dialog was accepted with."""
    from PySide6.QtWidgets import QDialog, QFileDialog

    chosen = []

    def choose(dialog):
        fill_in(dialog)
        chosen.append(dialog.format)
        dialog.accept()
        return QDialog.Accepted

    monkeypatch.setattr(ExportDialog, "exec", choose)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), file_filter))
    )
    window.export_actions.act_export.trigger()
    return chosen


def test_file_export_writes_the_svg_chosen_in_the_dialog(window, tmp_path, monkeypatch):
    """File ▸ Export… (its shortcut's action), SVG and the print theme chosen in the real dialog: the
    Qt-free writer draws what the window shows, in greys."""
    import xml.etree.ElementTree as ET

    from argmap.export.svg import SVG_FONT_FAMILIES

    window.scene.set_hidden({"long-war"})

    def fill_in(dialog):
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("svg"))
        dialog.theme.setCurrentIndex(dialog.theme.findData("print"))
        dialog.transparent.setChecked(True)
        dialog.subtitle.setText("Octafinals & <b>")

    path = tmp_path / "shown.svg"
    assert export_through_the_dialog(window, monkeypatch, path, "SVG drawing (*.svg)", fill_in) == ["svg"]
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith('<?xml version="1.0" encoding="UTF-8"?>') and SVG_FONT_FAMILIES.split(",")[0] in raw
    assert "Octafinals &amp; &lt;b&gt;" in raw
    assert "#2b8a3e" not in raw and "#c92a2a" not in raw  # print: no green or red arrows
    text = norm(" ".join(ET.parse(path).getroot().itertext()))
    assert norm("A war of attrition needs long-term resistance") not in text  # hidden in the window
    assert norm("Ukraine itself asked for it") in text
    assert window.statusBar().currentMessage().startswith(f"Exported {path}: 38 cards")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_file_export_writes_the_pdf_chosen_in_the_dialog(window, tmp_path, monkeypatch):
    """File ▸ Export…, PDF chosen in the real dialog: the Qt-free writer draws what the window shows."""
    window.scene.set_hidden({"long-war"})

    def fill_in(dialog):
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("pdf"))
        dialog.subtitle.setText("Octafinals ) Tj (")

    path = tmp_path / "shown.pdf"
    assert export_through_the_dialog(window, monkeypatch, path, "PDF document (*.pdf)", fill_in) == ["pdf"]
    text = norm(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
    assert norm("Octafinals ) Tj (") in text and norm("Ukraine itself asked for it") in text
    assert norm("A war of attrition needs long-term resistance") not in text  # hidden in the window
    assert b"/Producer (argmap)" in path.read_bytes()  # ours, not Qt's
    assert window.statusBar().currentMessage().startswith(f"Exported {path}")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_printing_a_map_too_wide_for_a_poster_fits_one_page_or_says_why(qapp, tmp_path):
    from argmap.export.options import ExportError
    from argmap.render.export import print_map, set_up_printer

    from .test_pdf import far_apart_map

    amap = far_apart_map()
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    options = ExportOptions(format="pdf")
    set_up_printer(amap, printer, options)
    assert print_map(amap, printer, options) == 1
    text = subprocess.run(["pdftotext", str(tmp_path / "printed.pdf"), "-"], capture_output=True, text=True)
    assert "fitted to one page (0.0" in text.stdout
    asked = ExportOptions(format="pdf", tile=True)
    with pytest.raises(ExportError, match="a poster may take at most 20,000"):
        print_map(amap, printer, asked)
