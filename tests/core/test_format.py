"""The file format: load -> dumps -> load keeps the map; canonical files are byte-stable; text survives."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from argmap.edits import AddCard, SetPositions
from argmap.format import dumps, load, loads, read_map, save, to_data
from argmap.model import ArgumentMap, Card, Cite, MapInfo, Relation, Source
from argmap.problems import MapFileError

CANONICAL = textwrap.dedent("""\
    argmap: 1
    title: Should the U.S. fund a Ukrainian resistance movement?
    description: Built from one Axios article.
    sources:
    - id: axios
      title: Ukraine asks U.S. to support a resistance movement
      author: Axios
      date: '2022-03-18'
      url: https://www.axios.com/
    cards:
    - id: fund-resistance
      kind: position
      side: for
      tag: The U.S. should fund the resistance
      text: The U.S. should give Ukraine funding, training and weapons for a long-term resistance.
      speech: 1AC
    - id: co-combatant
      kind: rebuttal
      side: against
      tag: Co-combatant risk
      text: Arming guerrillas could make the U.S. a co-combatant in the war.
      speech: 1NC
      notes: |-
        Two lines
        of notes.
    - id: danilov-letter
      kind: evidence
      side: for
      tag: Ukraine asked for funds
      quote: to allocate additional funds for the organization of the resistance movement
      cite: {source: axios, by: Oleksiy Danilov, at: para 8}
      speech: 1AC
    relations:
    - {from: co-combatant, to: fund-resistance, type: rebuts}
    - {from: danilov-letter, to: fund-resistance, type: supports}
    layout:
      positions:
        co-combatant: [300, -40]
        fund-resistance: [0, 0]
      collapsed: [co-combatant]
    """)


def roundtrip(amap: ArgumentMap) -> ArgumentMap:
    text = dumps(amap)
    result = loads(text.encode("utf-8"), "m.yaml")
    assert [str(p) for p in result.problems] == [], text
    assert result.map is not None
    return result.map


def one_card_map(**fields) -> ArgumentMap:
    amap = ArgumentMap(MapInfo("t"))
    amap.insert_card(Card("a", "argument", "for", **fields))
    return amap


def test_canonical_text_loads_cleanly_and_dumps_to_the_same_bytes():
    result = loads(CANONICAL.encode("utf-8"), "m.yaml")
    assert result.problems == []
    assert dumps(result.map) == CANONICAL


def test_load_dumps_load_gives_the_same_snapshot():
    first = loads(CANONICAL, "m.yaml").map
    again = roundtrip(first)
    assert again.snapshot() == first.snapshot()
    assert again.card_ids() == ["fund-resistance", "co-combatant", "danilov-letter"]


def test_saving_an_unchanged_canonical_file_changes_no_byte(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_bytes(CANONICAL.encode("utf-8"))
    save(read_map(path), path)
    assert path.read_bytes() == CANONICAL.encode("utf-8")


def test_the_writer_orders_keys_canonically_and_sorts_relations_and_positions():
    amap = ArgumentMap(MapInfo("t", "d"))
    amap.sources["s"] = Source("s", "T", url="u", file="f.txt", date="2020-01-01", publisher="p", author="a")
    amap.insert_card(
        Card(
            "z",
            "evidence",
            "against",
            text="t",
            tag="g",
            speech="1NC",
            notes="n",
            quote="q",
            cite=Cite("s", at="p. 3", by="B"),
        )
    )
    amap.insert_card(Card("b", "position", "for", text="t"))
    amap.insert_card(Card("a", "argument", "for", text="t"))
    amap.insert_relation(Relation("z", "b", "supports"))
    amap.insert_relation(Relation("a", "b", "rebuts"))
    amap.apply(SetPositions((("z", (5.0, 5.0)), ("a", (1.0, 1.0)))))
    amap.layout.collapsed = {"z", "b"}
    data = to_data(amap)
    assert list(data) == ["argmap", "title", "description", "sources", "cards", "relations", "layout"]
    assert list(data["sources"][0]) == ["id", "title", "author", "publisher", "date", "url", "file"]
    assert list(data["cards"][0]) == ["id", "kind", "side", "tag", "text", "quote", "cite", "speech", "notes"]
    assert list(data["cards"][0]["cite"]) == ["source", "by", "at"]
    assert [c["id"] for c in data["cards"]] == ["z", "b", "a"]  # the map's order, not sorted
    text = dumps(amap)
    assert text.index("{from: a, to: b, type: rebuts}") < text.index("{from: z, to: b, type: supports}")
    assert "    a: [1, 1]\n    z: [5, 5]\n" in text
    assert "  collapsed: [b, z]\n" in text


def test_non_canonical_input_is_rewritten_canonically_and_then_stays_put():
    messy = textwrap.dedent("""\
        title:   t
        argmap: 1
        cards:
          - {side: for, kind: argument, text: "x", id: b}
          - {text: y, id: a, kind: position, side: for}
        relations:
          - {type: supports, to: a, from: b}
        """)
    first = loads(messy, "m.yaml")
    assert first.map is not None
    canonical = dumps(first.map)
    assert canonical != messy
    assert canonical.startswith("argmap: 1\ntitle: t\ncards:\n- id: b\n")
    assert dumps(loads(canonical, "m.yaml").map) == canonical


def test_positions_are_written_as_whole_pixels():
    amap = one_card_map(text="x")
    amap.layout.positions["a"] = (12.0, -7.0)
    assert "    a: [12, -7]\n" in dumps(amap)
    loaded = loads(
        "argmap: 1\ntitle: t\ncards:\n- {id: a, kind: position, side: for, text: x}\n"
        "layout:\n  positions:\n    a: [12.4, 7.6]\n",
        "m.yaml",
    ).map
    assert loaded.layout.positions["a"] == (12.0, 8.0)


def test_multi_line_text_is_written_as_a_literal_block_and_survives():
    text = "First line\nsecond line\n\n  indented third\n"
    amap = one_card_map(text=text, notes="a\nb")
    out = dumps(amap)
    assert "  text: |\n    First line\n    second line\n\n      indented third\n" in out
    assert roundtrip(amap).card("a").text == text


@pytest.mark.parametrize(
    "text",
    [
        "1AC",
        "2022-03-18",
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "100",
        "-1",
        "3.14",
        "1e5",
        "1E5",
        "09",
        "-.5",
        "1_000",
        "0x1F",
        "0o17",
        ".inf",
        ".nan",
        "null",
        "Null",
        "~",
        "",
        "- x",
        ": y",
        "#tag",
        "a #b",
        "a: b",
        "? x",
        "[x",
        "{x}",
        "&anchor",
        "*alias",
        "!tag",
        "%x",
        "@x",
        "`x",
        "|",
        ">",
        "'",
        '"',
        "---",
        "...",
        " leading",
        "trailing ",
        "\ttab",
        "<<",
        "=",
        "1:30",
        "1" * 5000,
    ],
)
def test_texts_that_look_like_other_things_survive_as_text(text):
    amap = one_card_map(text=text or "x", tag=text, speech=text, notes=text)
    card = roundtrip(amap).card("a")
    assert (card.text, card.tag, card.speech, card.notes) == (text or "x", text, text, text)


def test_ids_and_source_fields_that_look_like_numbers_survive_as_text():
    amap = ArgumentMap(MapInfo("2022"))
    amap.sources["2022"] = Source("2022", "100", date="2022-03-18")
    amap.insert_card(Card("1", "evidence", "for", quote="q", cite=Cite("2022", by="true", at="3")))
    amap.insert_card(Card("1e5", "position", "for", text="x"))
    amap.insert_relation(Relation("1", "1e5", "supports"))
    amap.layout.positions["1"] = (0.0, 0.0)
    amap.layout.collapsed.add("1e5")
    assert roundtrip(amap).snapshot() == amap.snapshot()


def test_a_card_with_neither_text_nor_tag_is_written_so_that_it_loads():
    amap = one_card_map()
    assert "  text: ''\n" in dumps(amap)
    assert roundtrip(amap).snapshot() == amap.snapshot()


@pytest.mark.parametrize(
    "text",
    [
        "caf\u00e9 \u4e2d\u6587 \U0001f600 \u0627\u0644\u0639\u0631\u0628\u064a\u0629",  # unicode, RTL script
        "\u202eevil\u202c and \u200f marks \u200b zero width \ufeff bom",  # bidi overrides, zero width, BOM
        "line\u2028sep\u2029para",  # YAML 1.1 line breaks
        "tab\tinside",
        "<b>bold</b> <script>alert(1)</script> <svg onload=x()>&amp;",
    ],
)
def test_unicode_and_control_characters_survive_and_dumps_never_writes_what_loads_rejects(text):
    amap = one_card_map(text=text, tag=text)
    out = dumps(amap)
    assert roundtrip(amap).card("a").text == text
    # Characters YAML refuses in a file must be escaped, never written raw.
    for ch in "\x07\x1b\x7f\x9b":
        assert ch not in out


@pytest.mark.parametrize(
    "text",
    ["bell\x07 escape\x1b del\x7f nel\x85 c1\x9b", "cr\rlf\r\nmix", "nul\x00"],
)
def test_control_characters_are_escaped_when_saved_and_refused_with_a_location_when_loaded(text):
    # No export can carry them (Word and XML refuse them, terminals and Markdown act on them): a map
    # built in code that holds one still saves readably, and loading it names the field and character.
    amap = one_card_map(text=text)
    out = dumps(amap)
    for ch in "\x00\x07\x1b\x7f\x9b\r":
        assert ch not in out
    result = loads(out.encode("utf-8"), "m.yaml")
    messages = [str(p) for p in result.problems if p.severity == "error"]
    assert len(messages) == 1 and messages[0].startswith("m.yaml:7:"), messages
    assert "cards[1].text holds" in messages[0] and "U+" in messages[0]


def test_half_a_surrogate_pair_saves_as_a_replacement_character_and_is_refused_when_escaped_in_a_file():
    # An imported JSON string "\\ud83d" gives Python half a character, which has no UTF-8 form.
    assert "text: half \ufffd of an emoji" in dumps(one_card_map(text="half \ud83d of an emoji"))
    result = loads('argmap: 1\ntitle: "half \\ud83d"\ncards: []\n', "m.yaml")
    assert [(p.line, p.severity) for p in result.problems] == [(2, "error")]


def test_a_saved_file_has_utf8_text_not_escapes_for_printable_unicode(tmp_path):
    amap = one_card_map(text="caf\u00e9 \u4e2d\u6587")
    save(amap, tmp_path / "m.yaml")
    assert "caf\u00e9 \u4e2d\u6587".encode("utf-8") in (tmp_path / "m.yaml").read_bytes()


def test_a_byte_order_mark_at_the_start_is_accepted():
    result = loads(b"\xef\xbb\xbf" + CANONICAL.encode("utf-8"), "m.yaml")
    assert result.problems == []


def test_crlf_files_load():
    result = loads(CANONICAL.replace("\n", "\r\n").encode("utf-8"), "m.yaml")
    assert result.problems == []
    assert dumps(result.map) == CANONICAL


def test_dates_written_unquoted_stay_text():
    text = CANONICAL.replace("date: '2022-03-18'", "date: 2022-03-18")
    result = loads(text, "m.yaml")
    assert result.problems == []
    assert result.map.sources["axios"].date == "2022-03-18"


def test_locators_written_as_numbers_become_text_in_the_map():
    text = CANONICAL.replace("at: para 8", "at: 8")
    amap = loads(text, "m.yaml").map
    assert amap.card("danilov-letter").cite.at == "8"


def test_load_reports_comments_with_their_locations():
    text = "# heading\nargmap: 1  # version\ntitle: 'a # not a comment'\ncards: []  # none\n"
    result = loads(text, "m.yaml")
    assert result.comments == [(1, 1), (2, 12), (4, 12)]


def test_hash_inside_text_and_block_scalars_is_not_a_comment():
    text = "argmap: 1\ntitle: issue#4\ndescription: |\n  # not a comment\n  x\ncards: []\n"
    assert loads(text, "m.yaml").comments == []


def test_read_map_raises_with_the_problems_for_a_broken_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("argmap: 1\ncards: []\n", encoding="utf-8")
    with pytest.raises(MapFileError) as info:
        read_map(path)
    assert "no 'title'" in str(info.value)
    assert info.value.problems[0].line == 1


def test_a_map_with_errors_is_still_built_from_what_is_valid():
    text = CANONICAL.replace("kind: rebuttal", "kind: rebutal")
    result = loads(text, "m.yaml")
    assert result.has_errors
    assert result.map.card_ids() == ["fund-resistance", "danilov-letter"]


def test_an_edited_map_saves_and_reloads_with_the_edit(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text(CANONICAL, encoding="utf-8")
    amap = read_map(path)
    amap.apply(
        AddCard(
            Card("new", "argument", "against", text="Line one\nline two"),
            (Relation("new", "fund-resistance", "rebuts"),),
            index=1,
        )
    )
    save(amap, path)
    again = load(path)
    assert again.map.snapshot() == amap.snapshot()
    assert again.map.card_ids()[1] == "new"


def test_load_names_the_file_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("sub").mkdir()
    Path("sub/m.yaml").write_text("argmap: 1\ncards: []\n", encoding="utf-8")
    assert str(load("sub/m.yaml").problems[0]).startswith("sub/m.yaml:1:1: error:")


def test_extended_speeches_round_trip_in_canonical_form():
    from argmap.format import dumps, loads

    text = (
        "argmap: 1\ntitle: t\ncards:\n- id: a\n  kind: argument\n  side: for\n  text: x\n  speech: 1AC\n"
        "  extended: [2AC, 1AR]\n"
    )
    result = loads(text)
    assert not result.problems
    assert result.map.card("a").extended == ("2AC", "1AR")
    assert dumps(result.map) == text


@pytest.mark.parametrize("ends", ["from: [a], to: b", "from: a, to: {x: 1}", "from: 1, to: b"])
def test_a_relation_end_that_is_not_a_text_is_reported_not_raised(ends):
    """A list or mapping as a relation's end once raised TypeError (unhashable) while the map was
    built; the file must open read-only with the schema's message instead."""
    text = (
        "argmap: 1\ntitle: t\ncards:\n- {id: a, kind: position, side: for, text: x}\n"
        f"- {{id: b, kind: argument, side: for, text: y}}\nrelations:\n- {{{ends}, type: supports}}\n"
    )
    result = loads(text, "m.yaml")
    assert result.map is not None and sorted(result.map.card_ids()) == ["a", "b"]
    assert not list(result.map.relations())
    assert any(p.severity == "error" and p.line == 7 for p in result.problems), result.problems
