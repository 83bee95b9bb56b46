"""Text from a map is shown as text in tooltips: Qt renders a tooltip as HTML whenever it merely looks
like HTML, so a card or a problem holding <img src=file:...> must reach the tooltip escaped."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip

from argmap.model import ArgumentMap, Card, Relation
from argmap.problems import Problem
from argmap.ui.document import MapDocument
from argmap.ui.outline import CARD_ID_ROLE, OutlineDock
from argmap.ui.problems_dock import ProblemsDock
from argmap.ui.selection import Selection

MARKUP = "<img src=file:///etc/hostname><b>bold</b> &amp; <a href='x'>link</a>"


def shown_text(tip: str) -> str:
    """What Qt shows for a tooltip string: rich text when Qt thinks it is, else the string itself."""
    if not QtGui.Qt.mightBeRichText(tip):
        return tip
    doc = QTextDocument()
    doc.setHtml(tip)
    return doc.toPlainText()


def hover(qtbot, view, point: QPoint) -> str:
    """Ask the view for its tooltip at ``point`` the way a resting mouse does; the text it shows."""
    event = QHelpEvent(QEvent.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    text = QToolTip.text()
    QToolTip.hideText()
    return text


def test_outline_tooltip_shows_a_headline_that_looks_like_html_as_text(qtbot):
    amap = ArgumentMap()
    amap.insert_card(Card("plan", "position", "for", text=MARKUP))
    amap.insert_card(Card("other", "position", "against", text="Other"))
    amap.insert_card(Card("both", "argument", "for", text="Answers both"))
    amap.insert_relation(Relation("both", "plan", "supports"))
    amap.insert_relation(Relation("both", "other", "rebuts"))
    dock = OutlineDock(MapDocument(amap), Selection())
    qtbot.addWidget(dock)
    dock.resize(500, 400)
    dock.show()
    qtbot.waitExposed(dock)
    index = dock.rows_of("both")[0]
    assert index.data(CARD_ID_ROLE) == "both"
    dock.view.scrollTo(index)
    tip = hover(qtbot, dock.view, dock.view.visualRect(index).center())
    assert MARKUP[:40] in shown_text(tip)  # the characters themselves, not an image and bold text


def test_problems_tooltip_shows_a_message_that_looks_like_html_as_text(qtbot):
    document = MapDocument(ArgumentMap())
    document.problems = [Problem("m.yaml", 3, 1, "error", f"unknown key '{MARKUP}'")]
    dock = ProblemsDock(document, Selection())
    qtbot.addWidget(dock)
    dock.resize(700, 300)
    dock.show()
    qtbot.waitExposed(dock)
    tree = dock.tree
    item = tree.topLevelItem(0)
    rect = tree.visualItemRect(item)
    point = QPoint(tree.header().sectionPosition(1) + 20, rect.center().y())
    tip = hover(qtbot, tree, point)
    assert shown_text(tip) == f"error: unknown key '{MARKUP}'"
