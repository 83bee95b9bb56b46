"""A marked quote on a card: highlighted words on the highlighter's colour, never cut, with its read time."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPainter

from argmap import geometry
from argmap.model import Card, Cite
from argmap.quotes import Mark
from argmap.render.marked_quote import highlighter
from argmap.render.painting import card_face, cite_text, paint_card
from argmap.render.theme import LIGHT

LONG = " ".join(f"word{i}" for i in range(120))


def _card(marks):
    return Card("e", "evidence", "for", tag="T", quote=LONG, cite=Cite("s", "Roe", "para 2"), marks=marks)


def test_a_long_marked_quote_gets_room_for_all_of_it():
    plain = geometry.card_size(_card(()))
    marked = geometry.card_size(_card((Mark(0, 40, "highlight"),)))
    # Nothing is cut either way (every card shows its whole quote now); the marked card's unread words
    # are shrunk, so it needs less room than the whole quote at full size.
    assert marked[1] < plain[1]
    lines = dict(geometry.card_sections(_card((Mark(0, 40, "highlight"),))))["quote"]
    assert len(lines) >= len(geometry.marked_quote_lines(LONG, (Mark(0, 40, "highlight"),))) > 4


def test_read_aloud_time_leads_the_cite(qapp):
    card = _card((Mark(0, 17, "highlight"),))  # "word0 word1 word2"
    assert cite_text(card, {}, 60).startswith("3 s, 3 words \u00b7 Roe")
    assert cite_text(card, {}, 0) == "Roe \u00b7 s \u00b7 para 2"


def test_highlighted_words_are_painted_on_the_highlighter(qapp):
    theme = LIGHT
    card = _card((Mark(0, 60, "highlight"), Mark(0, 200, "underline")))
    face = card_face(card, {}, theme)
    image = QImage(int(face.width), int(face.height), QImage.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_card(painter, face, theme)
    painter.end()
    want = highlighter(theme, False)
    found = any(
        QColor(image.pixel(x, y)).rgb() == want.rgb()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )
    assert found
