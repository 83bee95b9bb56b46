"""Quote marks (underline, emphasis, highlight), their inline syntax, and the word-for-word check."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.edits import UpdateCard
from argmap.format import dumps, loads
from argmap.model import ArgumentMap, Card, Cite, MapError, Source, with_fields
from argmap.quotes import (
    TYPOGRAPHY_FOLD,
    Mark,
    add_mark,
    check_quote,
    clear_marks,
    fold_with_offsets,
    normalize,
    paragraph_of,
    parse,
    reading_time,
    shift_marks,
    write,
)


def test_markers_toggle_and_may_overlap():
    plain, marks, problems = parse("the __underlined ==and highlighted__ words== end")
    assert plain == "the underlined and highlighted words end"
    assert problems == []
    assert marks == (
        Mark(4, 30, "underline"),
        Mark(15, 36, "highlight"),
    )


def test_backslash_makes_marker_characters_literal():
    plain, marks, _ = parse(r"a\_\_b \*\* c\=\= d \\ e C:\path")
    assert plain == r"a__b ** c== d \ e C:\path"
    assert marks == ()


def test_an_unclosed_marker_is_a_problem_with_its_place():
    _, _, problems = parse("fine ==and then nothing")
    assert [(p.offset, p.message) for p in problems] == [(5, "the highlight opened by '==' is never closed")]


@settings(deadline=None)  # a loaded machine is not a failure
@given(
    st.text(alphabet="ab _*=\\\u00e9", max_size=30),
    st.lists(
        st.tuples(
            st.integers(0, 30), st.integers(0, 30), st.sampled_from(["underline", "emphasis", "highlight"])
        ),
        max_size=6,
    ),
)
def test_writing_then_parsing_gives_back_the_quote_and_its_marks(plain, spans):
    marks = normalize([Mark(a, b, s) for a, b, s in spans], len(plain))
    again, marks_again, problems = parse(write(plain, marks))
    assert (again, marks_again, problems) == (plain, marks, [])


def test_marking_and_clearing_a_range():
    marks = add_mark((), 0, 10, "underline", 20)
    marks = add_mark(marks, 5, 15, "underline", 20)
    assert marks == (Mark(0, 15, "underline"),)
    assert clear_marks(marks, 3, 6, 20) == (Mark(0, 3, "underline"), Mark(6, 15, "underline"))


def test_typing_in_the_quote_keeps_marks_on_their_words():
    old = "one two three"
    marks = (Mark(8, 13, "highlight"),)
    assert shift_marks(old, "one, two three", marks) == (Mark(9, 14, "highlight"),)


def test_read_aloud_counts_highlighted_words_only():
    plain = "Ukraine asked the U.S. for funding, training and weapons"
    marks = (Mark(0, 13, "highlight"), Mark(35, 56, "highlight"))
    assert reading_time(plain, marks, 300) == (5, 1)
    assert reading_time(plain, (), 60)[0] == 9


def test_quote_check_names_the_first_departing_word_and_the_source_wording():
    source = "The letter asked the U.S. to allocate additional funds for the resistance."
    assert check_quote("to allocate additional funds", source).verbatim
    result = check_quote("to allocate extra funds for the resistance", source)
    assert result.departs == (
        "it departs at word 3, 'extra funds for the resistance', where the source reads "
        "'additional funds for the resistance.'"
    )


def test_marked_omissions_need_each_part_in_order():
    source = "First part of it. Then many words between. Last part here."
    assert check_quote("First part \u2026 Last part here", source).verbatim
    assert check_quote("First part ... Last part", source).verbatim
    assert not check_quote("Last part here \u2026 First part", source).verbatim


def test_quote_check_folds_typography_and_gives_spans_in_the_source():
    source = "He said \u201cgo\u00a0now\u201d \u2014 and left."
    result = check_quote('"go now" - and', source)
    assert result.verbatim
    ((start, end),) = result.spans
    assert source[start:end] == "\u201cgo\u00a0now\u201d \u2014 and"


def test_paragraph_of_counts_blank_line_paragraphs():
    source = "one\n\ntwo words\n\nthree"
    assert paragraph_of(source, source.index("words")) == 2


def _map_with_quote(marks):
    amap = ArgumentMap()
    amap.sources["s"] = Source("s", "T", author="A. Writer", qualifications="reporter", accessed="2026-01-02")
    amap.insert_card(Card("e", "evidence", "for", quote="a == b, **not** c", cite=Cite("s"), marks=marks))
    return amap


def test_marks_and_new_source_fields_survive_a_save_and_load():
    amap = _map_with_quote((Mark(0, 6, "highlight"), Mark(2, 12, "underline")))
    text = dumps(amap)
    assert "quote: ==a __\\=\\= b== , \\*\\*no__t\\*\\* c" not in text  # escaped, toggles where styles change
    again = loads(text).map
    assert again.snapshot() == amap.snapshot()
    assert dumps(again) == text
    assert "qualifications: reporter" in text and "accessed: '2026-01-02'" in text


def test_model_refuses_a_mark_outside_the_quote():
    amap = _map_with_quote(())
    card = amap.card("e")
    try:
        amap.apply(UpdateCard(with_fields(card, marks=(Mark(3, 99, "underline"),))))
    except MapError as exc:
        assert "falls outside its quote" in str(exc)
    else:
        raise AssertionError("a mark past the quote's end was accepted")


def test_validation_reports_an_unclosed_marker_at_the_quote():
    text = dumps(_map_with_quote(())).replace("quote: ", "quote: ==open ", 1)
    problems = [str(p) for p in loads(text, "m.yaml").problems]
    assert any("m.yaml:" in p and "the highlight opened by '==' is never closed" in p for p in problems), (
        problems
    )


def test_cite_in_verbatims_shape():
    from argmap.citation import cite_line, last_name

    source = Source(
        "s",
        "Ukraine asks U.S. to support resistance",
        author="Zachary Basu Jr.",
        qualifications="world news reporter",
        publisher="Axios",
        date="2022-03-18",
        url="https://www.axios.com/x",
        accessed="2026-01-02",
    )
    line = cite_line(source, Cite("s", "Oleksiy Danilov", "para 9"))
    assert line.head == "Basu 22"
    assert line.rest == (
        '[Zachary Basu Jr., world news reporter, "Ukraine asks U.S. to support resistance", Axios, '
        "2022-03-18, https://www.axios.com/x, accessed 2026-01-02, quoting Oleksiy Danilov, para 9]"
    )
    assert last_name("Danilov, Oleksiy") == "Danilov"
    assert last_name("Jane Roe and John Doe") == "Roe"
    assert cite_line(Source("a", "T", publisher="Axios", date="2022"), None).head == "Axios 22"


def fold_one_character_at_a_time(text: str) -> tuple[str, list[int]]:
    """The folding rules written out plainly: what fold_with_offsets must give, however it does it."""
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        if c.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            continue
        if c == "\u2026":
            out.extend("...")
            where.extend((i, i, i))
            continue
        out.append(c.translate(TYPOGRAPHY_FOLD))
        where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


FOLDED_ALPHABET = st.sampled_from(
    list(" \t\n\r\u00a0\u2003\x1c\u2026.ab\u201c\u201d\u2018\u2019\u2013\u2014\u2032\"'-")
)


@given(st.lists(FOLDED_ALPHABET, max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_folding_follows_the_rules_character_for_character(text):
    assert fold_with_offsets(text) == fold_one_character_at_a_time(text)


WORD = st.lists(
    st.sampled_from(list(".ab\u201c\u201d\u2018\u2019\u2013\u2014\u2032\"'-")), min_size=1, max_size=6
)


@given(st.lists(WORD.map("".join), max_size=12).map(" ".join))
@settings(max_examples=200, deadline=None)
def test_words_between_single_spaces_fold_by_the_same_rules(text):
    """Such text (nearly every quote) takes fold_with_offsets' shortcut; the rules are the same."""
    assert fold_with_offsets(text) == fold_one_character_at_a_time(text)


def test_a_source_checked_again_gives_the_same_spans():
    source = "First part of it.\n\n  The \u201cmiddle\u201d \u2014 here\u2026 Last part here.  "
    first = check_quote('the "middle" - here... last', source.lower())
    again = check_quote('the "middle" - here... last', source.lower())
    assert first == again and first.verbatim and first.spans


def parse_one_character_at_a_time(marked: str) -> tuple[str, list[tuple[int, int, str]], list[int]]:
    """The inline syntax read plainly, a character at a time: what parse must give, however it does it."""
    markers = {"__": "underline", "**": "emphasis", "==": "highlight"}
    plain: list[str] = []
    opened: dict[str, tuple[int, int]] = {}
    marks: list[tuple[int, int, str]] = []
    i = 0
    while i < len(marked):
        if marked[i] == "\\" and i + 1 < len(marked) and marked[i + 1] in "\\_*=":
            plain.append(marked[i + 1])
            i += 2
        elif marked[i : i + 2] in markers:
            style = markers[marked[i : i + 2]]
            if style in opened:
                marks.append((opened.pop(style)[0], len(plain), style))
            else:
                opened[style] = (len(plain), i)
            i += 2
        else:
            plain.append(marked[i])
            i += 1
    return "".join(plain), marks, sorted(at for _, at in opened.values())


@given(st.lists(st.sampled_from(["\\", "_", "*", "=", "a", " ", "\u2019"]), max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_markup_is_read_as_the_syntax_says(marked):
    text, marks, problems = parse(marked)
    expected_text, expected_marks, open_at = parse_one_character_at_a_time(marked)
    assert text == expected_text
    assert marks == normalize(tuple(Mark(*m) for m in expected_marks), len(text))  # type: ignore[arg-type]
    assert [p.offset for p in problems] == open_at
