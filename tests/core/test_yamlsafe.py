"""The safe YAML reader: plain data with marks, and refusals located at the offending character."""

from __future__ import annotations

import pytest

from argmap.yamlsafe import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_SCALAR_CHARS,
    YamlProblems,
    decode,
    parse,
    resolve_plain,
)


def refusal(text: str) -> str:
    with pytest.raises(YamlProblems) as info:
        parse(text, "f.yaml")
    assert len(info.value.problems) >= 1
    return str(info.value.problems[0])


def test_values_and_keys_carry_their_marks():
    doc = parse("argmap: 1\ncards:\n  - id: a\n    text: |\n      hello\n", "f.yaml")
    assert doc.data == {"argmap": 1, "cards": [{"id": "a", "text": "hello\n"}]}
    assert doc.mark(("argmap",)) == (1, 9)
    assert doc.key_mark(("argmap",)) == (1, 1)
    assert doc.mark(("cards", 0)) == (3, 5)
    assert doc.mark(("cards", 0, "id")) == (3, 9)
    assert doc.key_mark(("cards", 0, "text")) == (4, 5)
    # A path with no mark of its own falls back to its nearest ancestor.
    assert doc.mark(("cards", 0, "missing", 3)) == (3, 5)
    assert doc.key_mark(("nothing",)) == (1, 1)


def test_marks_are_filed_from_the_file_order_when_first_asked_for():
    """The one-pass reader files marks by path only when asked; the result is the careful reader's."""
    from argmap.yamlsafe import _parse_checked

    text = "argmap: 1\ntitle: T\ncards:\n  - {id: a, text: x}\n  - id: b\n    tags: [p, q]\nrelations: []\n"
    fast = parse(text, "f.yaml")
    assert fast._starts is not None  # nothing filed yet: a clean file never pays for its marks
    careful = _parse_checked(text, "f.yaml")
    assert fast.mark(("cards", 1, "tags", 1)) == (6, 15)
    assert (fast.value_marks, fast.key_marks) == (careful.value_marks, careful.key_marks)


def test_marks_asked_for_after_the_data_changed_are_read_from_the_text_again():
    doc = parse("argmap: 1\ncards:\n  - id: a\n", "f.yaml")
    doc.data["cards"].insert(0, {"id": "z"})  # type: ignore[index]
    assert doc.mark(("cards", 0, "id")) == (3, 9)  # the file's first card, not the one put before it
    assert doc.key_mark(("argmap",)) == (1, 1)


@pytest.mark.parametrize(
    "plain, value",
    [
        ("1", 1),
        ("-12", -12),
        ("1_000", 1000),
        ("0", 0),
        ("1.5", 1.5),
        ("-.5", -0.5),
        ("1e3", 1000.0),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("yes", "yes"),
        ("on", "on"),
        ("2022-03-18", "2022-03-18"),
        ("0x1F", "0x1F"),
        ("1AC", "1AC"),
        (".inf", ".inf"),
        (".nan", ".nan"),
        ("1:30", "1:30"),
        ("9" * 5000, "9" * 5000),
    ],
)
def test_plain_scalars_resolve_to_few_types_and_dates_stay_text(plain, value):
    result = resolve_plain(plain)
    assert result == value and type(result) is type(value)


def test_quoted_and_block_scalars_are_always_text():
    doc = parse("a: '1'\nb: \"true\"\nc: |\n  3\nd: >\n  null\n", "f.yaml")
    assert doc.data == {"a": "1", "b": "true", "c": "3\n", "d": "null\n"}


def test_empty_text_is_an_empty_document():
    assert parse("", "f.yaml").data is None
    assert parse("# only a comment\n", "f.yaml").data is None


def test_comments_are_found_outside_text_only():
    text = "# top\na: 'x # no'  # yes\nb: |\n  # no\nc: d#no\ne: [1, 2] # yes\n"
    assert parse(text, "f.yaml").comments == [(1, 1), (2, 14), (6, 11)]


def test_duplicate_keys_are_all_reported():
    with pytest.raises(YamlProblems) as info:
        parse("a: 1\nb: 2\na: 3\nb: 4\n", "f.yaml")
    assert [str(p) for p in info.value.problems] == [
        "f.yaml:3:1: error: duplicate key 'a' (first given at line 1); keep one of them",
        "f.yaml:4:1: error: duplicate key 'b' (first given at line 2); keep one of them",
    ]


def test_a_mapping_used_as_a_key_is_refused():
    assert (
        refusal("? {a: 1}\n: x\n") == "f.yaml:1:3: error: a key must be a plain word, not a list or mapping"
    )


@pytest.mark.parametrize(
    "text, where",
    [
        ("a: &x 1\nb: *x\n", "1:4"),
        ("a: *x\n", "1:4"),
        ("a: !!str 1\n", "1:4"),
        ("a: !custom 1\n", "1:4"),
        ("!!python/object:os.system\n", "1:1"),
        ("%TAG ! tag:evil.com,2000:\n---\na: !x 1\n", "3:4"),
    ],
)
def test_anchors_aliases_and_every_tag_are_refused_where_they_stand(text, where):
    message = refusal(text)
    assert message.startswith(f"f.yaml:{where}: error: ")
    assert "not allowed" in message


def test_nesting_just_within_the_limit_is_read_and_one_more_is_refused():
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse(ok, "f.yaml").data is not None
    too_deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    assert refusal(too_deep) == (
        f"f.yaml:1:{MAX_DEPTH + 1}: error: the file nests deeper than {MAX_DEPTH} "
        "levels; a map never needs that"
    )


def test_a_scalar_at_the_limit_is_read_and_one_longer_is_refused():
    assert len(parse("a: " + "x" * MAX_SCALAR_CHARS, "f.yaml").data["a"]) == MAX_SCALAR_CHARS
    assert refusal("a: " + "x" * (MAX_SCALAR_CHARS + 1)) == (
        "f.yaml:1:4: error: a text of 1,048,577 characters; argmap reads texts up to 1,048,576"
    )


def test_decode_refuses_oversized_binary_and_non_utf8_with_locations():
    with pytest.raises(YamlProblems) as info:
        decode(b" " * (MAX_FILE_BYTES + 1), "f.yaml")
    assert (
        str(info.value.problems[0])
        == "f.yaml:1:1: error: the file is 32 MiB; argmap reads map files up to 32 MiB"
    )
    with pytest.raises(YamlProblems) as info:
        decode(b"a: 1\x00\n", "f.yaml")
    assert "binary file" in str(info.value.problems[0])
    with pytest.raises(YamlProblems) as info:
        decode(b"a: 1\nbb: \xff\n", "f.yaml")
    assert str(info.value.problems[0]).startswith("f.yaml:2:5: error: the file is not UTF-8 text (byte 0xff")


def test_decode_drops_a_byte_order_mark():
    assert decode(b"\xef\xbb\xbfa: 1\n", "f.yaml") == "a: 1\n"


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x1f", "\x7f", "\x80", "\x9f", "\ufffe"])
def test_characters_yaml_refuses_are_located(char):
    message = refusal(f"a: 1\nbé: x{char}y\n")
    assert message.startswith(f"f.yaml:2:6: error: the character U+{ord(char):04X} is not allowed")


def test_syntax_errors_become_problems_with_locations():
    assert refusal("a: [1, 2\n").startswith("f.yaml:2:1: error: YAML syntax: ")
    assert (
        refusal("a: 1\n b: 2\n")
        == "f.yaml:2:3: error: YAML syntax: mapping values are not allowed in this context"
    )
    assert refusal("a: 1\n---\nb: 2\n").startswith(
        "f.yaml:2:1: error: YAML syntax: but found another document"
    )


def test_the_class_handed_to_pyyaml_refuses_exactly_what_pyyaml_refuses():
    """argmap.pyyaml gives PyYAML's reader a class that compiles 8x faster: it must be the same class."""
    import re

    import yaml.reader

    from argmap.pyyaml import NON_PRINTABLE, PYYAML_NON_PRINTABLE

    every = "".join(map(chr, range(0x110000)))
    pyyaml_own = re.compile(PYYAML_NON_PRINTABLE, re.UNICODE)  # str patterns are; not the cached entry
    assert pyyaml_own is not NON_PRINTABLE
    refused = [m.start() for m in pyyaml_own.finditer(every)]
    assert [m.start() for m in NON_PRINTABLE.finditer(every)] == refused
    assert [m.start() for m in yaml.reader.Reader.NON_PRINTABLE.finditer(every)] == refused
    assert len(refused) == 2111  # 29 C0 controls, DEL, 31 C1 controls, 2,048 surrogates, U+FFFE, U+FFFF
