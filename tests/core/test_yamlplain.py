"""The plain block reader gives what libyaml reads, or gives up: never other data, never a broken file."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import format as map_format
from argmap import yamlplain
from argmap.generate import generate_map, generate_yaml
from argmap.pyyaml import yaml
from argmap.yamlsafe import (
    MAX_SCALAR_CHARS,
    PLAIN_READER_FROM,
    YamlProblems,
    _parse_plain_events,
    parse,
    resolve_plain,
)
from tests.reliability.map_strategies import valid_maps

ROOT = Path(__file__).resolve().parents[2]


def plain(text: str):
    return yamlplain.read(text, resolve_plain, MAX_SCALAR_CHARS)


def libyaml(text: str):
    """What the libyaml reader gives (None: it leaves the text to the careful reader, or YAML refuses it)."""
    doc = _parse_plain_events(text)
    return None if doc is None else doc.data


def agrees(text: str) -> bool:
    """The plain reader gave up, or gave exactly libyaml's data (types included: 1 is not '1')."""
    mine = plain(text)
    if mine is None:
        return True
    theirs = libyaml(text)
    return theirs is not None and repr(mine) == repr(theirs)


def test_the_files_argmap_writes_are_read_without_libyaml_and_the_same():
    for text in (
        generate_yaml(400),
        (ROOT / "maps" / "ukraine-resistance.yaml").read_text(encoding="utf-8"),
        map_format.dumps(generate_map(50)),
    ):
        assert plain(text) is not None
        assert repr(plain(text)) == repr(libyaml(text))


def test_what_it_leaves_to_libyaml():
    left = [
        "a: 1\n# a comment\n",
        "a: 1\n\nb: 2\n",  # a blank line
        'a: "double"\n',
        "a: |\n  block\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1\na: 2\n",  # a key given twice
        "'quoted key': 1\n",
        "a:\n\tb: 1\n",
        "a: b: c\n",
        "a: {b: c\n",
        "a: 'open\n",
        "- a\n- b\n",  # not a mapping at the top
        "---\na: 1\n",
        "a: x\n  b: y\n",  # YAML refuses a mapping inside a text
        "a: x\n - y\n",
        "a:\n  b: 1\n c: 2\n",  # bad indentation
        "a: [1, [2]]\n",
        "a: {b: }\n",
        "a: 'x' y\n",
        "a: b\x01c\n",  # characters YAML refuses, in ASCII text and in other text
        "a: b\x7f\n",
        "a: \u00e9\x1f\n",
        "a: \ufffe\n",
    ]
    for text in left:
        assert plain(text) is None, text


def test_folded_and_quoted_texts_and_flows():
    texts = [
        "a: one\n  two\n   three\nb: 'it''s\n  folded'\n",
        "cards:\n- id: x\n  text: a long\n    text\n  cite: {source: s1, by: Ann Lee, at: p. 3}\n- id: y\n",
        "layout:\n  positions:\n    a: [120, -40.5]\n    b: [0, 0]\n  collapsed: [a, b]\n",
        "a: {from: 'x, y', to: b}\nb: ['1', 2, -3, null, true, ~]\nc:\nd: -\n",
        "a:\n- 1\n- -2\n- 1e3\n- 0x1F\n- 09\n- 1_000\n- .5\n- +1\n- null\n- Null\n- yes\n- 'no'\n",
        "list:\n  - x\n  - y: 1\n    z:\n    - w\nnext: 2\n",
        "a: http://example.org/x?y=1\nb: x:y\nc: 50% [draft] {sic}, end\n",
        "a: x-\n  - y\n",
        "a: {}\nb: []\nc: { a: b }\n",
        "sources:\n- \n- id: s\n- a:\n  - y\n- b:\n- c\n",  # an empty item, a sequence in an item
    ]
    for text in texts:
        assert agrees(text), text
    assert plain(texts[-1]) == {"sources": [None, {"id": "s"}, {"a": ["y"]}, {"b": None}, "c"]}


WORDS = st.sampled_from(
    ["a", "word", "Ann Lee", "p. 3", "x:y", ": ", "- ", "-", "'", "''", '"', ",", "[", "]", "{", "}", "?"]
    + ["1", "-2", "3.5", "null", "true", "~", "", " ", "  ", "#", "&", "*", "!", "|", ">", "%", "@", "`"]
    + ["\u00e9", "\u4e2d", "\u2028", "\t", "\n", "\ufeff", ": x", "a:", "x #y", "0o7", "1_0", "\x01", "\x7f"]
)
TEXT = st.lists(WORDS, max_size=8).map("".join)
KEYS = st.sampled_from(["id", "text", "a-b", "x.y", "1", "null", "k_2"])
DATA = st.recursive(
    st.one_of(TEXT, st.integers(-5, 5), st.none(), st.booleans(), st.floats(-9, 9, allow_nan=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(KEYS, DATA, min_size=1, max_size=4),
    st.sampled_from([None, False]),
    st.integers(12, 100),
    st.sampled_from([2, 3, 4]),
)
def test_any_yaml_pyyaml_writes_is_read_as_libyaml_reads_it(data, flow, width, indent):
    text = yaml.dump(data, default_flow_style=flow, width=width, indent=indent, allow_unicode=True)
    assert agrees(text)


# What a hand edit or a bad merge leaves: indentation, items, keys, quotes, flows, lines split or joined.
PIECES = [" ", "  ", "- ", ": ", ":", "'", "''", "{", "}", "[", "]", ",", "x", "", "\n", "\n  ", "\n- ", "-"]
PIECES += ["1", "null", "? ", "|", ">", '"', "&a ", "*a", "!t "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_broken_or_changed_file_is_never_read_as_other_data(data):
    lines = generate_yaml(12).splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        cut = data.draw(st.integers(0, len(line)))
        piece = data.draw(st.sampled_from(PIECES))
        lines[at] = line[:cut] + piece + line[cut + data.draw(st.integers(0, 3)) :]
    assert agrees("\n".join(lines) + "\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_maps())
def test_any_valid_map_saved_reads_back_the_same(amap):
    text = map_format.dumps(amap)
    assert agrees(text)


def test_a_problem_in_a_file_read_without_libyaml_is_still_located():
    text = generate_yaml(400).replace("kind: rebuttal", "kind: rebutal", 1)
    assert plain(text) is not None and len(text) >= PLAIN_READER_FROM  # parse reads it without libyaml
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "rebutal" in row)
    problems = map_format.loads(text, "g.yaml").problems
    assert any(p.line == line and "rebutal" in p.message for p in problems)
    doc = parse(text, "g.yaml")
    assert doc.mark(("cards", 0, "id")) == (text.splitlines().index("- id: p0") + 1, 7)
    second = doc.data["cards"][1]["id"]  # type: ignore[index]
    assert doc.key_mark(("cards", 1, "kind")) == (text.splitlines().index(f"- id: {second}") + 2, 3)


def test_yaml_that_libyaml_refuses_is_still_refused():
    for text in ("a: x\n  b: y\n", "a: 'open\n", "a: {b: c\n"):
        try:
            parse(text, "x.yaml")
        except YamlProblems:
            continue
        raise AssertionError(text)
