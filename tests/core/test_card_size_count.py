"""Card heights are counted without making the wrapped lines, and the count is the wrapped one."""

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.generate import generate_map
from argmap.geometry import (
    CARD_WIDTH,
    LINE_HEIGHTS,
    MIN_HEIGHT,
    PADDING,
    SECTION_GAP,
    card_sections,
    card_size,
    line_count,
    wrap_lines,
)
from argmap.model import Card, Cite

# Words, spaces of every kind, line breaks of every kind, wide (CJK) and zero-width characters.
PIECES = st.sampled_from(
    ["a", "bb", "word", "x" * 40, " ", "  ", "\t", "\n", "\r\n", "\x0b", "\x1c", "\u2028", "\xa0", "\u3000"]
    + ["中", "文字", "é", "e\u0301", "\u0301", "\u200b", "\u00b7", "\u201c", "\u201d", "مرحبا", "ก\u0e34"]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.integers(min_value=1, max_value=40))
def test_line_count_is_the_number_of_wrapped_lines(text, chars):
    assert line_count(text, chars) == len(wrap_lines(text, chars))


def test_line_count_of_plain_cards():
    assert line_count("", 10) == 0 and line_count(" \n \n", 10) == 0
    assert line_count("one two three", 7) == 2
    assert line_count("one\n\n\ntwo\n\nthree\n\n", 20) == 6  # blank lines kept inside, dropped at the end
    assert line_count("\u201cquoted words here\u201d", 10) == 3  # "\u201cquoted", "words", "here\u201d"
    assert line_count("中文字" * 20, 20) == len(wrap_lines("中文字" * 20, 20))


def _height_from_sections(card, sources=None) -> int:
    """card_size as it was defined: from card_sections' lines."""
    sections = card_sections(card, sources)
    height = 2 * PADDING + sum(LINE_HEIGHTS[role] * len(lines) for role, lines in sections)
    if sections:
        height += SECTION_GAP * (len(sections) - 1)
    return max(MIN_HEIGHT, height)


def test_card_size_is_the_height_of_the_wrapped_sections():
    amap = generate_map(300)
    cards = list(amap.cards()) + [
        Card(id="cjk", kind="argument", side="for", tag="标题", text="中文的论点" * 30),
        Card(id="long", kind="evidence", side="for", text="x" * 200, quote="q " * 90, cite=Cite("", "", "")),
        Card(id="lines", kind="argument", side="for", tag="a\n\nb", text="para one\n\n\npara two\n \n"),
    ]
    for card in cards:
        assert card_size(card, amap.sources) == (CARD_WIDTH, _height_from_sections(card, amap.sources))
