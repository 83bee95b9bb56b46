"""The argmap command: exit codes, located messages, JSON, format --check, stats, help and version."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from argmap import __version__
from argmap.cli import main
from argmap.format import dumps, loads
from argmap.resources import DEFAULT_MAP

ARGMAP = Path(sys.executable).with_name("argmap")

CLEAN = textwrap.dedent("""\
    argmap: 1
    title: Fund the resistance?
    cards:
    - id: plan
      kind: position
      side: for
      text: x
    - id: risk
      kind: rebuttal
      side: against
      text: y
    - id: answer
      kind: rebuttal
      side: for
      text: z
    - id: why
      kind: argument
      side: for
      text: w
    relations:
    - {from: answer, to: risk, type: rebuts}
    - {from: risk, to: plan, type: rebuts}
    - {from: why, to: plan, type: supports}
    """)

BROKEN = CLEAN.replace("kind: argument", "kind: argumnet")
WARNING_ONLY = CLEAN.replace(
    "{from: answer, to: risk, type: rebuts}", "{from: answer, to: risk, type: supports}"
)
MESSY = CLEAN.replace("title: Fund", "title:    Fund").replace(
    "- {from: why, to: plan, type: supports}", "- {type: supports, to: plan, from: why}"
)
COMMENTED = CLEAN.replace("title: Fund the resistance?", "title: Fund the resistance?  # keep me").replace(
    "- id: risk", "# the negative\n- id: risk"
)


@pytest.fixture
def write(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def _write(name: str, text: str) -> str:
        Path(name).write_text(text, encoding="utf-8")
        return name

    return _write


def test_the_clean_map_really_is_canonical_and_clean():
    result = loads(CLEAN, "m.yaml")
    assert result.problems == [] and dumps(result.map) == CLEAN


# -- validate -----------------------------------------------------------------------------------------


def test_validate_a_clean_file_exits_0(write, capsys):
    assert main(["validate", write("m.yaml", CLEAN)]) == 0
    assert capsys.readouterr().out == "1 file checked: no problems\n"


def test_validate_a_file_with_errors_exits_1_and_prints_file_line_col(write, capsys):
    assert main(["validate", write("m.yaml", BROKEN)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("m.yaml:17:9: error: cards[4].kind is 'argumnet'; it must be one of: ")


def test_validate_warnings_exit_0_but_1_with_strict(write, capsys):
    name = write("m.yaml", WARNING_ONLY)
    assert main(["validate", name]) == 0
    assert "m.yaml:13:9: warning: rebuttal 'answer' rebuts nothing" in capsys.readouterr().out
    assert main(["validate", "--strict", name]) == 1


def test_validate_several_files_reports_each_and_fails_if_any_fails(write, capsys):
    good, bad = write("good.yaml", CLEAN), write("bad.yaml", BROKEN)
    assert main(["validate", good, bad]) == 1
    out = capsys.readouterr().out
    assert "bad.yaml:17:9: error:" in out and "good.yaml" not in out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "--no-such-option", "x.yaml"],
        ["stats"],
        ["format"],
        ["stats", "a.yaml", "b.yaml"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "usage: argmap" in err and "error:" in err


def test_validate_json_parses_and_carries_line_and_column(write, capsys):
    assert main(["validate", "--json", write("m.yaml", BROKEN), "missing.yaml"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [entry["file"] for entry in report] == ["m.yaml", "missing.yaml"]
    first = report[0]["problems"][0]
    assert (first["file"], first["line"], first["column"], first["severity"]) == ("m.yaml", 17, 9, "error")
    assert report[1]["problems"] == [
        {
            "file": "missing.yaml",
            "line": 1,
            "column": 1,
            "severity": "error",
            "message": "no such file",
            "card_id": None,
        }
    ]


def test_validate_json_of_a_clean_file_is_an_empty_problem_list(write, capsys):
    assert main(["validate", "--json", write("m.yaml", CLEAN)]) == 0
    assert json.loads(capsys.readouterr().out) == [{"file": "m.yaml", "problems": []}]


def test_a_missing_file_is_a_located_error_without_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "nope.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == "nope.yaml:1:1: error: no such file\n"
    assert "Traceback" not in err


# -- format -------------------------------------------------------------------------------------------


def test_format_check_lists_a_non_canonical_file_and_exits_1_without_changing_it(write, capsys):
    name = write("m.yaml", MESSY)
    assert main(["format", "--check", name]) == 1
    assert capsys.readouterr().out == "m.yaml: would be reformatted\n"
    assert Path(name).read_text(encoding="utf-8") == MESSY


def test_format_check_of_a_canonical_file_exits_0_and_says_nothing(write, capsys):
    assert main(["format", "--check", write("m.yaml", CLEAN)]) == 0
    assert capsys.readouterr().out == ""


def test_format_rewrites_a_file_canonically(write, capsys):
    name = write("m.yaml", MESSY)
    assert main(["format", name]) == 0
    assert capsys.readouterr().out == "m.yaml: formatted\n"
    assert Path(name).read_text(encoding="utf-8") == CLEAN
    assert main(["format", "--check", name]) == 0


def test_format_refuses_to_drop_comments_and_lists_where_they_are(write, capsys):
    name = write("m.yaml", COMMENTED)
    assert main(["format", name]) == 1
    err = capsys.readouterr().err
    assert "m.yaml:2:30: warning: this comment would be lost by formatting" in err
    assert "m.yaml:8:1: warning: this comment would be lost by formatting" in err
    assert "--drop-comments" in err
    assert Path(name).read_text(encoding="utf-8") == COMMENTED


def test_format_drops_comments_when_asked(write, capsys):
    name = write("m.yaml", COMMENTED)
    assert main(["format", "--drop-comments", name]) == 0
    assert Path(name).read_text(encoding="utf-8") == CLEAN


def test_format_does_not_touch_a_file_with_errors(write, capsys):
    name = write("m.yaml", BROKEN.replace("title:", "title:  "))
    before = Path(name).read_bytes()
    assert main(["format", name]) == 1
    err = capsys.readouterr().err
    assert "m.yaml:17:9: error:" in err and "not formatted" in err
    assert Path(name).read_bytes() == before


def test_format_reports_a_failed_save_plainly(write, capsys, monkeypatch):
    import errno

    from argmap import atomic

    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    name = write("m.yaml", MESSY)
    monkeypatch.setattr(atomic.os, "replace", disk_full)
    assert main(["format", name]) == 1
    err = capsys.readouterr().err
    assert err == "argmap: Could not save m.yaml: the disk is full. The file on disk is unchanged.\n"
    assert Path(name).read_text(encoding="utf-8") == MESSY


# -- stats --------------------------------------------------------------------------------------------


def test_stats_counts_kinds_sides_relations_and_the_deepest_chain(write, capsys):
    assert main(["stats", write("m.yaml", CLEAN)]) == 0
    out = capsys.readouterr().out
    assert "  relations: 3 (1 supports, 2 rebuts)\n" in out
    assert "    rebuttal       1        1      2\n" in out
    assert "    argument       1        0      1\n" in out
    assert "    total          3        1      4\n" in out
    assert "  deepest chain: 3 cards\n" in out  # answer -> risk -> plan


def test_stats_json(write, capsys):
    assert main(["stats", "--json", write("m.yaml", CLEAN)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["relations"] == {"supports": 1, "rebuts": 2}
    assert data["by_kind"] == {"position": 1, "argument": 1, "rebuttal": 2, "evidence": 0}
    assert data["by_side"] == {"for": 3, "against": 1}
    assert data["deepest_chain"] == 3


def test_stats_of_a_broken_file_prints_the_errors_and_exits_1(write, capsys):
    assert main(["stats", write("m.yaml", BROKEN)]) == 1
    assert capsys.readouterr().err.startswith("m.yaml:17:9: error:")


# -- help and version ---------------------------------------------------------------------------------


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"argmap {__version__}"


@pytest.mark.parametrize(
    "argv", [["--help"], ["validate", "--help"], ["format", "--help"], ["stats", "--help"]]
)
def test_help_exits_0(argv, capsys):
    assert main(argv) == 0
    assert "usage: argmap" in capsys.readouterr().out


def test_help_is_wrapped_to_the_terminal_width(capsys, monkeypatch):
    """argmap sizes argparse's help itself (without shutil): $COLUMNS as shutil.get_terminal_size reads it."""
    usage = "usage: argmap validate [-h] [--debug] [--json] [--strict] FILE [FILE ...]"
    monkeypatch.setenv("COLUMNS", "50")
    assert main(["validate", "--help"]) == 0
    narrow = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in narrow) <= 48 and usage not in narrow
    monkeypatch.setenv("COLUMNS", "120")
    assert main(["validate", "--help"]) == 0
    assert usage in capsys.readouterr().out.splitlines()


def test_an_unexpected_error_is_reported_as_a_bug_without_a_traceback(write, capsys, monkeypatch):
    import argmap.commands.validate as validate_command

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(validate_command, "load", broken)
    assert main(["validate", write("m.yaml", CLEAN)]) == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err
    with pytest.raises(RuntimeError):
        main(["--debug", "validate", "m.yaml"])


# -- the installed command ----------------------------------------------------------------------------


def test_the_installed_command_validates_and_exits_with_the_right_codes(tmp_path):
    (tmp_path / "good.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(BROKEN, encoding="utf-8")
    good = subprocess.run(
        [str(ARGMAP), "validate", "good.yaml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert (good.returncode, good.stdout) == (0, "1 file checked: no problems\n")
    bad = subprocess.run(
        [str(ARGMAP), "validate", "bad.yaml", "gone.yaml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert "bad.yaml:17:9: error:" in bad.stdout
    assert "gone.yaml:1:1: error: no such file" in bad.stdout
    assert "Traceback" not in bad.stderr
    usage = subprocess.run([str(ARGMAP), "validate"], cwd=tmp_path, capture_output=True, text=True)
    assert usage.returncode == 2


def test_the_installed_command_prints_its_version():
    run = subprocess.run([str(ARGMAP), "--version"], capture_output=True, text=True)
    assert (run.returncode, run.stdout.strip()) == (0, f"argmap {__version__}")


def test_every_command_is_registered_under_its_own_name():
    import importlib

    from argmap.cli import COMMANDS

    for name, module in COMMANDS.items():
        assert importlib.import_module(module).NAME == name


def test_a_command_imports_only_what_it_needs():
    """--version loads no command at all; validate, stats and format load neither Qt, networkx nor the
    Word and format readers (each costs more than the command's own work on a debate-sized map), nor
    the edit records (argmap.edits: a fifth of their start-up went into building them)."""
    code = (
        "import sys; from argmap.cli import main; rc = main(sys.argv[1:]); "
        "loaded = sorted(m for m in sys.modules if m.startswith(('argmap.commands.', 'PySide6', 'docx', "
        "'networkx', 'argmap.edits'))); print('LOADED', loaded)"
    )
    version = subprocess.run(
        [sys.executable, "-c", code, "--version"], capture_output=True, text=True, timeout=60
    )
    assert "LOADED []" in version.stdout
    for command in (["validate"], ["stats"], ["format", "--check"]):
        run = subprocess.run(
            [sys.executable, "-c", code, *command, str(DEFAULT_MAP)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "LOADED" in run.stdout, run.stderr
        loaded = run.stdout.split("LOADED", 1)[1]
        assert f"argmap.commands.{command[0]}" in loaded
        for heavy in ("PySide6", "networkx", "docx", "argmap.commands.export", "argmap.edits"):
            assert heavy not in loaded, (command, heavy)
