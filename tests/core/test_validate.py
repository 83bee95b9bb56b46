"""The validator: every problem in one pass, each message at its exact line and column."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from argmap.format import load, loads
from argmap.validate import check, fold_text, schema
from argmap.yamlsafe import parse

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def problems(text: str, base_dir: Path | None = None) -> list[str]:
    """Every problem of the map ``text`` as 'LINE:COL: severity: message' (the file name is m.yaml)."""
    result = loads(textwrap.dedent(text).encode("utf-8"), "m.yaml", base_dir)
    for p in result.problems:
        assert p.file == "m.yaml"
    return [str(p).removeprefix("m.yaml:") for p in result.problems]


def messages_at(text: str, line: int, col: int, base_dir: Path | None = None) -> list[str]:
    return [p.split(": ", 1)[1] for p in problems(text, base_dir) if p.startswith(f"{line}:{col}: ")]


CLEAN = textwrap.dedent("""\
    argmap: 1
    title: Fund the resistance?
    sources:
      - id: axios
        title: Ukraine asks U.S. to support a resistance movement
    cards:
      - id: plan
        kind: position
        side: for
        text: The U.S. should fund the resistance.
      - id: risk
        kind: rebuttal
        side: against
        text: Co-combatant risk.
      - id: letter
        kind: evidence
        side: for
        quote: allocate additional funds
        cite: {source: axios, by: Danilov}
    relations:
      - {from: letter, to: plan, type: supports}
      - {from: risk, to: plan, type: rebuts}
    """)


def test_a_clean_map_has_no_problems():
    assert problems(CLEAN) == []


def test_the_documented_example_map_is_clean(tmp_path):
    (tmp_path / "axios.txt").write_text(
        "He asked to allocate additional funds for the organization of the "
        "resistance movement, the letter says.",
        encoding="utf-8",
    )
    doc = Path(__file__).resolve().parents[2] / "docs" / "format.md"
    example = doc.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "map.yaml").write_text(example, encoding="utf-8")
    assert [str(p) for p in load(tmp_path / "map.yaml").problems] == []


# -- syntax -------------------------------------------------------------------------------------------


def test_yaml_syntax_error_is_located():
    text = """\
        argmap: 1
        title: "unclosed
        cards: []
        """
    found = problems(text)
    assert len(found) == 1
    assert found[0].startswith("4:1: error: YAML syntax:")


def test_bad_indentation_is_a_syntax_error_at_the_offending_line():
    text = """\
        argmap: 1
        title: t
        cards:
          - id: a
             kind: position
        """
    assert problems(text) == ["5:10: error: YAML syntax: mapping values are not allowed in this context"]


def test_tab_indentation_is_named_as_a_tab():
    found = problems("argmap: 1\ntitle: t\ncards:\n\t- id: a\n")
    assert found == ["4:1: error: YAML syntax: a tab character here; YAML indents with spaces only"]


# -- structure ----------------------------------------------------------------------------------------


def test_wrong_types_name_the_field_and_both_types():
    text = """\
        argmap: 1
        title: [a, b]
        cards:
          - id: a
            kind: position
            side: for
            text: 100
            tag: true
        relations: {from: a}
        """
    assert problems(text) == [
        "2:8: error: title should be a text, not a list",
        "7:11: error: cards[1].text should be a text, not a number",
        "8:10: error: cards[1].tag should be a text, not true/false",
        "9:12: error: relations should be a list, not a mapping",
    ]


def test_missing_required_fields_are_reported_at_the_mapping_that_lacks_them():
    text = """\
        argmap: 1
        cards:
          - id: a
            side: for
            text: x
          - kind: argument
            side: for
            text: y
        """
    assert problems(text) == [
        "1:1: error: the map has no 'title'; it is required",
        "3:5: error: cards[1] has no 'kind'; it is required",
        "6:5: error: cards[2] has no 'id'; it is required",
    ]


def test_a_non_evidence_card_without_text_or_tag_is_an_error():
    text = """\
        argmap: 1
        title: t
        cards:
          - {id: a, kind: argument, side: for}
        """
    assert problems(text) == ["4:5: error: cards[1] ('a') has no 'text'; it is required"]


def test_missing_version_and_wrong_version():
    assert problems("title: t\ncards: []\n") == ["1:1: error: the map has no 'argmap'; it is required"]
    assert problems("argmap: 2\ntitle: t\ncards: []\n") == [
        "1:9: error: format version 2 is not one this argmap reads; write 'argmap: 1'"
    ]


def test_version_not_first_is_a_warning_at_its_key():
    assert problems("title: t\nargmap: 1\ncards: []\n") == [
        "2:1: warning: put 'argmap: 1' first, so the file says what it is"
    ]


@pytest.mark.parametrize(
    "key, line, col, hint",
    [
        ("titel: t", 2, 1, "unknown key 'titel' in the map; did you mean 'title'?"),
    ],
)
def test_unknown_top_level_key_suggests_the_closest(key, line, col, hint):
    text = f"argmap: 1\n{key}\ncards: []\n"
    assert f"{line}:{col}: error: {hint}" in problems(text)


def test_unknown_keys_everywhere_get_did_you_mean_or_the_allowed_list():
    text = """\
        argmap: 1
        title: t
        sources:
          - {id: s, title: t, auther: x}
        cards:
          - id: a
            kind: position
            side: for
            txt: x
            text: y
          - id: b
            kind: evidence
            side: for
            quote: q
            cite: {source: s, page: 3}
        relations:
          - {from: b, to: a, typ: supports}
        layout:
          postions: {}
        zzzzz: 1
        """
    found = problems(text)
    assert "4:23: error: unknown key 'auther' in sources[1]; did you mean 'author'?" in found
    assert "9:5: error: unknown key 'txt' in cards[1]; did you mean 'text'?" in found
    assert "15:23: error: unknown key 'page' in cards[2].cite; allowed keys: source, by, at" in found
    assert "17:22: error: unknown key 'typ' in relations[1]; did you mean 'type'?" in found
    assert "17:5: error: relations[1] has no 'type'; it is required" in found
    assert "19:3: error: unknown key 'postions' in layout; did you mean 'positions'?" in found
    assert (
        "20:1: error: unknown key 'zzzzz' in the map; allowed keys: argmap, title, description, "
        "sources, cards, relations, layout, conflicts"
    ) in found


def test_enum_values_get_did_you_mean():
    text = """\
        argmap: 1
        title: t
        cards:
          - {id: a, kind: posiiton, side: aff, text: x}
          - {id: b, kind: argument, side: for, text: y}
        relations:
          - {from: b, to: a, type: support}
        """
    assert problems(text) == [
        "4:19: error: cards[1].kind is 'posiiton'; it must be one of: position, argument, rebuttal, "
        "evidence (did you mean 'position'?)",
        "4:35: error: cards[1].side is 'aff'; it must be one of: for, against",
        "7:28: error: relations[1].type is 'support'; it must be one of: supports, rebuts (did you mean "
        "'supports'?)",
    ]


def test_bad_ids_are_reported():
    text = """\
        argmap: 1
        title: t
        cards:
          - {id: "has space", kind: argument, side: for, text: x}
        """
    assert problems(text) == [
        "4:10: error: cards[1].id 'has space' is not a usable id: use letters, digits, '-', '_' and '.', "
        "starting with a letter or digit"
    ]


def test_duplicate_keys_point_at_the_second_and_name_the_first_line():
    text = """\
        argmap: 1
        title: t
        cards:
          - id: a
            kind: position
            side: for
            text: one
            text: two
        """
    assert problems(text) == ["8:5: error: duplicate key 'text' (first given at line 7); keep one of them"]


def test_duplicate_card_ids():
    text = """\
        argmap: 1
        title: t
        cards:
          - {id: a, kind: position, side: for, text: x}
          - {id: a, kind: argument, side: for, text: y}
        relations:
          - {from: a, to: a, type: supports}
        """
    assert "5:10: error: card id 'a' is used twice (first at line 4); give each card its own id" in problems(
        text
    )


def test_duplicate_source_ids():
    text = """\
        argmap: 1
        title: t
        sources:
          - {id: s, title: one}
          - {id: s, title: two}
        cards: []
        """
    assert problems(text) == ["5:10: error: source id 's' is used twice"]


# -- relations ----------------------------------------------------------------------------------------


def test_relation_to_a_missing_card_suggests_the_closest_id():
    text = CLEAN + "  - {from: risk, to: paln, type: rebuts}\n"
    assert messages_at(text, 23, 22) == [
        "error: relation to 'paln': there is no card with that id; did you mean 'plan'?"
    ]


def test_relation_from_a_missing_card_without_a_close_id():
    text = CLEAN + "  - {from: zzz, to: plan, type: rebuts}\n"
    assert messages_at(text, 23, 12) == ["error: relation from 'zzz': there is no card with that id"]


def test_self_relation():
    text = CLEAN + "  - {from: plan, to: plan, type: supports}\n"
    assert messages_at(text, 23, 5) == ["error: card 'plan' relates to itself; a card cannot answer itself"]


@pytest.mark.parametrize(
    "extra",
    [
        "  - {from: letter, to: plan, type: rebuts}\n",  # same direction
        "  - {from: plan, to: letter, type: supports}\n",  # reversed
    ],
)
def test_two_relations_between_the_same_two_cards(extra):
    assert messages_at(CLEAN + extra, 23, 5) == [
        "error: "
        + ("'letter' and 'plan'" if "from: letter" in extra else "'plan' and 'letter'")
        + " are already related (line 21); two cards have at most one relation, or two rebuttals, "
        "one each way (they rebut each other)"
    ]


def test_two_cards_may_rebut_each_other_but_only_once_each_way():
    clash = CLEAN.replace(
        "{from: letter, to: plan, type: supports}", "{from: letter, to: plan, type: rebuts}"
    )
    assert messages_at(clash + "  - {from: plan, to: letter, type: rebuts}\n", 23, 5) == []
    again = clash + "  - {from: plan, to: letter, type: rebuts}\n  - {from: plan, to: letter, type: rebuts}\n"
    assert messages_at(again, 24, 5) == [
        "error: 'plan' and 'letter' are already related (line 21); two cards have at most one relation, "
        "or two rebuttals, one each way (they rebut each other)"
    ]


# -- evidence -----------------------------------------------------------------------------------------


def test_unfinished_evidence_is_a_warning_in_debate_words_so_the_file_still_opens_editable():
    text = """\
        argmap: 1
        title: t
        cards:
          - id: e
            kind: evidence
            side: for
            tag: x
          - id: f
            kind: evidence
            side: for
            quote: words
            cite: {by: Someone}
        """
    assert problems(text) == [
        "4:5: warning: evidence \u201cx\u201d (e) has no quote yet; paste the words from the source "
        "(Inspector \u25b8 Quote, or 'quote:' in the file)",
        "4:5: warning: evidence \u201cx\u201d (e) has no source yet; choose where the quote comes from "
        "(Inspector \u25b8 Source, or 'cite: {source: ID, by: WHO}' in the file)",
        "4:9: warning: card 'e' is not connected to any other card",
        "8:5: warning: evidence 'f' has no source yet; choose where the quote comes from "
        "(Inspector \u25b8 Source, or 'cite: {source: ID, by: WHO}' in the file)",
        "8:9: warning: card 'f' is not connected to any other card",
    ]


def test_quote_and_cite_on_a_non_evidence_card():
    text = """\
        argmap: 1
        title: t
        sources: [{id: s, title: t}]
        cards:
          - id: a
            kind: argument
            side: for
            text: x
            quote: q
            cite: {source: s}
        """
    assert problems(text) == [
        "9:5: error: only evidence cards have a 'quote'; make 'a' kind: evidence, or remove the quote",
        "10:5: error: only evidence cards have a 'cite'; make 'a' kind: evidence, or remove the cite",
    ]


def test_cite_naming_an_unknown_source_suggests_the_closest():
    text = CLEAN.replace("{source: axios, by: Danilov}", "{source: axois, by: Danilov}")
    assert problems(text) == [
        "19:20: error: cite names source 'axois', which is not in the map's sources; did you mean 'axios'?"
    ]


# -- source files and quotes --------------------------------------------------------------------------


def _with_file(tmp_path: Path, file_line: str, source_text: str | None = "x") -> list[str]:
    if source_text is not None:
        (tmp_path / "axios.txt").write_text(source_text, encoding="utf-8")
    text = CLEAN.replace("    title: Ukraine asks", f"    {file_line}\n    title: Ukraine asks")
    return problems(text, tmp_path)


def test_source_file_missing(tmp_path):
    assert _with_file(tmp_path, "file: nothere.txt") == [
        "5:11: error: source file 'nothere.txt' does not exist next to the map"
    ]


@pytest.mark.parametrize("name", ["../axios.txt", "/etc/passwd", "sub/../../axios.txt"])
def test_source_file_outside_the_map_folder(tmp_path, name):
    assert _with_file(tmp_path, f"file: {name}") == [
        f"5:11: error: source file '{name}' must be a path inside the map's folder"
    ]


def test_source_file_that_is_a_folder(tmp_path):
    (tmp_path / "dir").mkdir()
    assert _with_file(tmp_path, "file: dir") == ["5:11: error: source file 'dir' is not a regular file"]


def test_source_file_that_is_not_utf8(tmp_path):
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    assert _with_file(tmp_path, "file: latin.txt") == [
        "5:11: error: source file 'latin.txt' is not UTF-8 text"
    ]


def test_source_file_name_with_nul_is_an_error_not_a_crash(tmp_path):
    assert _with_file(tmp_path, 'file: "a\\0b"') == [
        "5:11: error: source file 'a\\x00b' has a NUL character in its name",
        "5:11: error: sources[1].file holds U+0000 (NUL) at character 2; no export can carry it: remove it",
    ]


def test_quote_found_verbatim_gives_no_warning(tmp_path):
    assert _with_file(tmp_path, "file: axios.txt", "... to allocate additional funds for ...") == []


def test_quote_not_in_the_source_is_a_warning_at_the_quote(tmp_path):
    assert _with_file(tmp_path, "file: axios.txt", "to allocate extra funds") == [
        "19:12: warning: the quote of 'letter' is not verbatim from source 'axios': it departs at word 2, "
        "'additional funds', where the source reads 'extra funds'; evidence must quote its source word "
        "for word"
    ]


def test_typographic_quotes_dashes_and_white_space_are_folded(tmp_path):
    source = "He said \u201cwe must\u00a0allocate\n  additional \u2014 funds\u201d and it\u2019s \u2026 done."
    (tmp_path / "axios.txt").write_text(source, encoding="utf-8")
    text = CLEAN.replace("    title: Ukraine asks", "    file: axios.txt\n    title: Ukraine asks")
    text = text.replace(
        "quote: allocate additional funds",
        "quote: '\"we must allocate additional - funds\" and it''s ... done.'",
    )
    assert problems(text, tmp_path) == []


def test_fold_text_folds_each_typographic_character():
    assert (
        fold_text("\u201ca\u201d \u2018b\u2019 c\u2013d\u2014e f\u2026 \t\n g\u00a0h")
        == "\"a\" 'b' c-d-e f... g h"
    )


def test_quotes_are_not_checked_without_a_base_folder():
    text = CLEAN.replace("    title: Ukraine asks", "    file: nothere.txt\n    title: Ukraine asks")
    assert problems(text, None) == []


# -- layout -------------------------------------------------------------------------------------------


def test_layout_naming_unknown_cards():
    text = CLEAN + "layout:\n  positions:\n    ghost: [0, 0]\n    plan: [1, 2]\n  collapsed: [risk, gone]\n"
    assert problems(text) == [
        "25:5: error: layout position for 'ghost', which is not a card",
        "27:21: error: collapsed card 'gone' is not a card",
    ]


def test_layout_positions_must_be_pairs_of_finite_numbers():
    text = CLEAN + ("layout:\n  positions:\n    plan: [1, 2, 3]\n    risk: [a, 0]\n    letter: [1e999, 0]\n")
    assert problems(text) == [
        "25:11: error: layout.positions.plan should be a pair [x, y]",
        "26:12: error: layout.positions.risk[1] should be a number, not a text",
        "27:13: error: layout position for 'letter' is too far out (beyond ±10,000,000) or not a number; "
        "use numbers like [120, 80]",
    ]


# -- warnings -----------------------------------------------------------------------------------------


def test_orphan_card_is_a_warning_at_its_id():
    text = CLEAN.replace("relations:", "  - {id: lonely, kind: argument, side: for, text: x}\nrelations:")
    assert problems(text) == ["20:10: warning: card 'lonely' is not connected to any other card"]


def test_a_single_card_is_not_an_orphan():
    assert problems("argmap: 1\ntitle: t\ncards:\n  - {id: a, kind: position, side: for, text: x}\n") == []


def test_rebuttal_that_rebuts_nothing():
    text = CLEAN.replace("{from: risk, to: plan, type: rebuts}", "{from: risk, to: plan, type: supports}")
    assert problems(text) == [
        "12:11: warning: rebuttal 'risk' rebuts nothing; connect it with a 'rebuts' relation"
    ]


def test_supports_cycle_is_a_warning_naming_the_circle():
    text = """\
        argmap: 1
        title: t
        cards:
          - {id: a, kind: position, side: for, text: x}
          - {id: b, kind: argument, side: for, text: y}
          - {id: c, kind: argument, side: for, text: z}
        relations:
          - {from: a, to: b, type: supports}
          - {from: b, to: c, type: supports}
          - {from: c, to: a, type: supports}
        """
    assert problems(text) == ["8:5: warning: these cards support each other in a circle: a -> b -> c -> a"]


def test_a_rebuts_cycle_is_not_a_supports_cycle():
    text = """\
        argmap: 1
        title: t
        cards:
          - {id: a, kind: rebuttal, side: for, text: x}
          - {id: b, kind: rebuttal, side: against, text: y}
          - {id: c, kind: rebuttal, side: for, text: z}
        relations:
          - {from: a, to: b, type: rebuts}
          - {from: b, to: c, type: rebuts}
          - {from: c, to: a, type: rebuts}
        """
    assert problems(text) == []


# -- one pass -----------------------------------------------------------------------------------------


def test_one_pass_reports_every_problem_sorted_by_location():
    text = """\
        argmap: 1
        titel: t
        cards:
          - {id: a, kind: position, side: for, text: x}
          - {id: a, kind: argument, side: for, text: y}
          - {id: e, kind: evidence, side: for, tag: t}
          - {id: r, kind: rebuttal, side: against, text: z}
        relations:
          - {from: a, to: ghost, type: supports}
          - {from: r, to: a, type: supports}
        layout:
          collapsed: [nobody]
        """
    found = problems(text)
    assert found == [
        "1:1: error: the map has no 'title'; it is required",
        "2:1: error: unknown key 'titel' in the map; did you mean 'title'?",
        "5:10: error: card id 'a' is used twice (first at line 4); give each card its own id",
        "6:5: warning: evidence \u201ct\u201d (e) has no quote yet; paste the words from the source "
        "(Inspector \u25b8 Quote, or 'quote:' in the file)",
        "6:5: warning: evidence \u201ct\u201d (e) has no source yet; choose where the quote comes from "
        "(Inspector \u25b8 Source, or 'cite: {source: ID, by: WHO}' in the file)",
        "6:10: warning: card 'e' is not connected to any other card",
        "7:19: warning: rebuttal 'r' rebuts nothing; connect it with a 'rebuts' relation",
        "9:19: error: relation to 'ghost': there is no card with that id",
        "12:15: error: collapsed card 'nobody' is not a card",
    ]


def test_problems_carry_the_card_id_when_they_concern_one():
    result = loads(b"argmap: 1\ntitle: t\ncards:\n  - {id: e, kind: evidence, side: for, tag: t}\n", "m.yaml")
    assert {p.card_id for p in result.problems} == {"e"}
    assert json.loads(json.dumps(result.problems[0].to_json()))["line"] == 4


def test_check_can_be_called_on_a_parsed_document_directly():
    doc = parse("argmap: 1\ntitle: t\ncards: []\n", "x.yaml")
    assert check(doc, "x.yaml") == []


def test_schema_lists_every_key_the_writer_uses():
    card_keys = set(schema()["$defs"]["card"]["properties"])
    assert card_keys == {"id", "kind", "side", "text", "tag", "speech", "notes", "quote", "cite", "extended"}


# The fast schema check (fastjsonschema) decides whether jsonschema runs at all, so the two must
# agree on validity, or a map's structural errors would go unreported.
_ODD_VALUES = [
    None,
    True,
    False,
    0,
    1,
    1.0,
    -3,
    1e400,
    "",
    "x",
    "a b",
    "1AC",
    "for",
    "evidence",
    "rebuts",
    [],
    [1, 2],
    [1.5, True],
    ["a"],
    {},
    {"source": "s"},
    {"x": 1},
    "a\n",
    "x" * 201,
]


def test_the_fast_schema_check_agrees_with_jsonschema_on_mutated_maps():
    import copy
    import random

    from argmap.generate import generate_yaml
    from argmap.validate import _is_valid_checker, _validator

    base = parse(generate_yaml(20), "m.yaml").data
    rnd = random.Random(7)
    invalid = 0
    for _ in range(400):
        data = copy.deepcopy(base)
        for _ in range(rnd.randint(1, 3)):
            node = data
            for _ in range(rnd.randint(0, 4)):
                if isinstance(node, dict) and node:
                    node = node[rnd.choice(sorted(node, key=str))]
                elif isinstance(node, list) and node:
                    node = rnd.choice(node)
            if isinstance(node, dict):
                key = rnd.choice(sorted(node, key=str) + ["argmap", "extra", "by", "at", "positions", "id"])
                if rnd.random() < 0.3 and key in node:
                    del node[key]
                else:
                    node[key] = copy.deepcopy(rnd.choice(_ODD_VALUES))
            elif isinstance(node, list) and node:
                node[rnd.randrange(len(node))] = copy.deepcopy(rnd.choice(_ODD_VALUES))
        fast_valid = _is_valid_checker()(data)
        slow_valid = not list(_validator().iter_errors(data))
        assert fast_valid == slow_valid, data
        invalid += not slow_valid
    assert invalid > 100  # the mutations do make invalid maps


def test_source_file_linked_out_of_the_maps_folder_is_never_read(tmp_path):
    # A quote check is an oracle: 'not found verbatim' or not tells what a file elsewhere holds.
    secret = tmp_path / "secret.txt"
    secret.write_text("allocate additional funds", encoding="utf-8")
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "linked.txt").symlink_to(secret)
    (folder / "sub").mkdir()
    (folder / "sub" / "deeper.txt").symlink_to(Path("..") / ".." / "secret.txt")
    for name in ("linked.txt", "sub/deeper.txt"):
        assert _with_file(folder, f"file: {name}", None) == [
            f"5:11: error: source file '{name}' leads outside the map's folder (through a link); "
            "put the source text itself beside the map"
        ]


def test_source_file_linked_within_the_maps_folder_is_read(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "axios.txt").write_text("to allocate additional funds", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(Path("texts") / "axios.txt")
    assert _with_file(tmp_path, "file: link.txt", None) == []


def test_the_compiled_schema_was_made_from_the_schema_as_it_is():
    """argmap/schema_compiled.py is generated: change resources/argmap.schema.json, then `make schema`."""
    import runpy

    script = runpy.run_path(str(Path(__file__).resolve().parents[2] / "scripts" / "compile_schema.py"))
    assert script["recorded_digest"]() == script["schema_digest"](), "run `make schema`"


def test_a_schema_changed_since_it_was_compiled_is_compiled_afresh(monkeypatch):
    from argmap import schema_compiled, validate

    def stale(data):
        raise AssertionError("the validator compiled from the old schema was used")

    monkeypatch.setattr(schema_compiled, "SCHEMA_FINGERPRINT", "0:00000000")  # as if the schema had changed
    monkeypatch.setattr(schema_compiled, "validate", stale)
    validate._is_valid_checker.cache_clear()
    try:
        assert problems(CLEAN) == []
        wrong = problems(CLEAN.replace("kind: position", "kind: positon"))
        assert wrong == [
            "8:11: error: cards[1].kind is 'positon'; it must be one of: position, argument, "
            "rebuttal, evidence (did you mean 'position'?)"
        ]
    finally:
        validate._is_valid_checker.cache_clear()
