"""Hostile and broken map files: each is a located problem, never an exception, and costs little.

Small cases are committed under tests/fixtures/hostile/; large ones are generated in tmp_path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from argmap import cli
from argmap.format import load, loads

HOSTILE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"
ARGMAP = Path(sys.executable).with_name("argmap")

# fixture name -> (line, column, words the message must contain)
BROKEN = {
    "empty.yaml": (1, 1, "the file is empty"),
    "binary.yaml": (1, 1, "binary file"),
    "latin1.yaml": (2, 11, "not UTF-8 text (byte 0xe9"),
    "top-list.yaml": (1, 1, "holds a list at the top"),
    "top-scalar.yaml": (1, 1, "holds a text at the top"),
    "duplicate-keys.yaml": (4, 1, "duplicate key 'title' (first given at line 2)"),
    "tabs.yaml": (4, 1, "a tab character here"),
    "unclosed-quote.yaml": (4, 1, "quoted scalar that starts at line 2, column 8"),
    "unclosed-bracket.yaml": (4, 1, "flow sequence that starts at line 3, column 8"),
    "billion-laughs.yaml": (3, 4, "anchors and aliases"),
    "python-tag.yaml": (2, 8, "tags such as '!!python/object/apply:os.system' are not allowed"),
    "control-char.yaml": (7, 25, "U+0007 is not allowed"),
    "infinite-position.yaml": (10, 8, "too far out"),
    "huge-position.yaml": (10, 8, "too far out (beyond ±10,000,000)"),
    "carriage-return.yaml": (7, 11, "cards[1].text holds a carriage return (U+000D) at character 6"),
    "escaped-control.yaml": (7, 11, "cards[1].text holds U+0000 (NUL) at character 5"),
    "terminal-escapes.yaml": (5, 11, "cards[1].kind holds U+001B (escape) at character 1"),
}


def first_error(result) -> str:
    errors = [p for p in result.problems if p.severity == "error"]
    assert errors, f"expected an error, got {result.problems}"
    return str(errors[0])


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_load_reports_a_located_error_and_never_raises(name):
    line, col, words = BROKEN[name]
    path = HOSTILE / name
    result = load(path)
    assert result.has_errors
    problem = [p for p in result.problems if p.severity == "error"][0]
    assert problem.file == str(path)
    assert (problem.line, problem.column) == (line, col), str(problem)
    assert words in problem.message


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_validate_exits_1_with_a_file_line_col_error(name, capsys):
    line, col, words = BROKEN[name]
    path = str(HOSTILE / name)
    assert cli.main(["validate", path]) == 1
    out, err = capsys.readouterr()
    assert f"{path}:{line}:{col}: error: " in out
    assert "Traceback" not in out + err


def test_the_python_tag_never_runs_anything(tmp_path, monkeypatch):
    called = []
    monkeypatch.setattr(os, "system", lambda *a: called.append(a) or 0)
    load(HOSTILE / "python-tag.yaml")
    assert called == []


def test_billion_laughs_is_refused_before_any_expansion():
    result = load(HOSTILE / "billion-laughs.yaml")
    assert result.map is None  # refused at the first anchor; nothing was built


def test_markup_in_card_text_is_kept_as_plain_text_exactly():
    result = load(HOSTILE / "markup.yaml")
    assert result.problems == []
    amap = result.map
    assert amap.info.title == "<h1>Title</h1>"
    assert amap.card("html").text == "<b>bold</b> <script>alert('x')</script> <img src=x onerror=alert(1)>"
    assert amap.card("svg").tag == (
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><text>&lt;hi&gt;</text></svg>'
    )
    assert amap.card("svg").text == "&amp; &lt; &#x41; ]]> <!-- comment --> <![CDATA[x]]>"


def test_right_to_left_override_is_kept_but_an_escaped_control_character_is_refused_where_it_is():
    # The override is real text (right-to-left scripts need it); the bell no export can carry.
    result = load(HOSTILE / "rlo.yaml")
    assert [(p.line, p.column, p.severity) for p in result.problems] == [(7, 11, "error")]
    assert "U+0007 (bell) at character 22" in result.problems[0].message
    assert result.map.card("a").text.startswith("\u202eevil\u202c")


def test_a_raw_control_character_from_a_string_is_a_problem_too():
    result = loads("argmap: 1\ntitle: a\x00b\x1bc\ncards: []\n", "m.yaml")
    assert [str(p) for p in result.problems] == [
        "m.yaml:2:9: error: the character U+0000 is not allowed in a YAML file; remove it, "
        "as no export could carry it"
    ]


def test_an_integer_too_long_for_python_is_a_problem_not_a_crash():
    result = loads("argmap: 1\ntitle: t\ncards: []\ndescription: " + "9" * 5000 + "\n", "m.yaml")
    assert result.problems == []
    assert result.map.info.description == "9" * 5000
    result = loads(
        "argmap: 1\ntitle: t\ncards:\n- {id: a, kind: position, side: for, text: x}\nlayout:\n"
        "  positions:\n    a: [" + "9" * 5000 + ", 0]\n",
        "m.yaml",
    )
    assert [str(p) for p in result.problems] == [
        "m.yaml:7:9: error: layout.positions.a[1] should be a number, not a text"
    ]


# A loader that blocks on a pipe or reads /dev/zero without end would hang or exhaust the machine
# for everyone running the tests; these cases run in a child with an address-space limit, and the
# timeout only stops a hung child (it is a guard, not a measurement).
_LOAD_IN_CHILD = textwrap.dedent("""\
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))
    from argmap.format import load
    for problem in load(sys.argv[1]).problems:
        print(problem)
    """)


def load_in_child(path: Path) -> str:
    try:
        run = subprocess.run(
            [sys.executable, "-c", _LOAD_IN_CHILD, str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"loading {path.name} never finished")
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_a_folder_and_a_missing_file_are_problems(tmp_path):
    assert str(load(tmp_path).problems[0]).endswith(":1:1: error: this is a folder, not a map file")
    assert str(load(tmp_path / "nope.yaml").problems[0]).endswith("nope.yaml:1:1: error: no such file")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert load_in_child(fifo) == (
        f"{fifo}:1:1: error: this is not a regular file, so it is not a map file\n"
    )


def test_a_source_file_linked_to_a_device_is_not_read(tmp_path):
    (tmp_path / "src.txt").symlink_to("/dev/zero")
    (tmp_path / "m.yaml").write_text(
        textwrap.dedent("""\
        argmap: 1
        title: t
        sources: [{id: s, title: t, file: src.txt}]
        cards:
          - {id: e, kind: evidence, side: for, quote: q, cite: {source: s}}
        """),
        encoding="utf-8",
    )
    assert load_in_child(tmp_path / "m.yaml") == (
        f"{tmp_path / 'm.yaml'}:3:35: error: source file 'src.txt' leads outside the map's folder "
        "(through a link); put the source text itself beside the map\n"
    )


# -- generated, large cases ---------------------------------------------------------------------------


def deep_flow(tmp_path: Path) -> Path:
    path = tmp_path / "deep-flow.yaml"
    path.write_bytes(b"[" * 20_000 + b"]" * 20_000 + b"\n")
    return path


def deep_block(tmp_path: Path) -> Path:
    path = tmp_path / "deep-block.yaml"
    # 20,000 nested block sequences ("- - - ... x"), and nested block mappings with one-space indents.
    path.write_bytes(b"- " * 20_000 + b"x\n")
    return path


def deep_mapping(tmp_path: Path) -> Path:
    path = tmp_path / "deep-mapping.yaml"
    path.write_bytes(b"".join(b" " * i + b"k:\n" for i in range(2_000)) + b" " * 2_000 + b"x\n")
    return path


def huge_scalar(tmp_path: Path) -> Path:
    path = tmp_path / "huge-scalar.yaml"
    path.write_bytes(b"argmap: 1\ntitle: t\ncards: []\ndescription: " + b"x" * (8 * 2**20) + b"\n")
    return path


def huge_file(tmp_path: Path) -> Path:
    path = tmp_path / "huge-file.yaml"
    line = b"- {id: a, kind: position, side: for, text: x}\n"
    with open(path, "wb") as fh:
        fh.write(b"argmap: 1\ntitle: t\ncards:\n")
        chunk = line * 20_000
        while fh.tell() < 100 * 2**20:
            fh.write(chunk)
    return path


GENERATED = {
    "deep-flow": (deep_flow, (1, 1001), "nests deeper than 64 levels"),
    "deep-block": (deep_block, (1, 129), "nests deeper than 64 levels"),
    "deep-mapping": (deep_mapping, (65, 65), "nests deeper than 64 levels"),
    "huge-scalar": (huge_scalar, (4, 14), "a text of 8,388,608 characters"),
    "huge-file": (huge_file, (1, 1), "the file is 100 MiB; argmap reads map files up to 32 MiB"),
}

# Peak memory of one load, measured in a fresh interpreter after argmap is imported. A loader that
# read the whole 100 MB file (or expanded aliases) would go far past these.
_MEASURE = textwrap.dedent("""\
    import json, resource, sys
    from argmap.format import load
    def peak_kib():
        # VmHWM belongs to this process's own address space; ru_maxrss also counts the parent's
        # resident size at fork (a pytest that has drawn PDFs is 300 MB) until long after exec.
        try:
            with open("/proc/self/status") as status:
                return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
        except (OSError, StopIteration):
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    before = peak_kib()
    result = load(sys.argv[1])
    after = peak_kib()
    print(json.dumps({"growth_kib": after - before, "peak_kib": after,
                      "problems": [str(p) for p in result.problems]}))
    """)


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_hostile_file_is_refused_with_bounded_memory(case, tmp_path):
    make, (line, col), words = GENERATED[case]
    path = make(tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    report = json.loads(run.stdout)
    assert report["problems"][0].startswith(f"{path}:{line}:{col}: error: "), report["problems"]
    assert words in report["problems"][0]
    assert report["peak_kib"] < 200 * 1024
    # The 8 MB text is scanned once (its bytes, the text, the token); everything else must stay small.
    limit_mib = 80 if case == "huge-scalar" else 16
    assert report["growth_kib"] < limit_mib * 1024, report


@pytest.mark.parametrize("case", ["huge-file", "deep-flow"])
def test_the_installed_command_refuses_a_generated_file_without_a_traceback(case, tmp_path):
    make, (line, col), _ = GENERATED[case]
    path = make(tmp_path)
    run = subprocess.run([str(ARGMAP), "validate", str(path)], capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert run.stdout.startswith(f"{path}:{line}:{col}: error: ")
    assert "Traceback" not in run.stderr


def test_load_does_not_hand_an_oversized_file_to_the_parser(tmp_path, monkeypatch):
    import argmap.format as fmt

    def refuse(*args, **kwargs):
        raise AssertionError("an oversized file reached the decoder or parser")

    monkeypatch.setattr(fmt, "decode", refuse)
    monkeypatch.setattr(fmt, "parse", refuse)
    path = tmp_path / "sparse.yaml"
    with open(path, "wb") as fh:
        fh.truncate(40 * 2**20)  # sparse: large by size, costs no disk
    assert "the file is 40 MiB" in str(load(path).problems[0])
