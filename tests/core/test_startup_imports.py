"""`argmap validate`, `stats` and `--version` import none of the modules their start-up was trimmed of.

A contract, not a timing: each of these modules cost the read-only commands milliseconds at every start
(issue #19; docs/performance.md). argparse (with gettext and locale) is imported only for help and
usage errors (cli._plain_args reads a plain line); dataclasses imports inspect, so the records these
commands build are written out (record.py); typing is named only under TYPE_CHECKING; Qt and networkx
are never needed to read a map. The commands run as a user runs them, each in its own interpreter,
and ``-X importtime`` lists every module imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAP = "maps/ukraine-resistance.yaml"
NEVER = {
    "argparse": "the read-only commands parse a plain line themselves (cli._plain_args)",
    "gettext": "argparse's messages; only help and usage errors need them",
    "locale": "imported by gettext",
    "dataclasses": "imports inspect; the records are written out (argmap/record.py)",
    "inspect": "imported by dataclasses",
    "typing": "named only under TYPE_CHECKING",
    "hashlib": "LoadResult.digest imports it when the editor asks",
    "json": "--json imports it",
    "networkx": "the map keeps its own graph (argmap/digraph.py)",
    "PySide6": "reading a map needs no Qt",
    "shiboken6": "reading a map needs no Qt",
    "argmap.edits": "only code that changes a map builds edits",
}


def imported(*args: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "argmap", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {
        line.split("|")[2].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")
    }


@pytest.mark.parametrize("command", [["validate", MAP], ["stats", MAP], ["validate", "--strict", MAP]])
def test_read_only_commands_import_none_of_the_trimmed_modules(command):
    modules = imported(*command)
    assert "argmap.format" in modules  # the listing is real: the command read the map
    found = {
        name: why
        for name, why in NEVER.items()
        if any(m == name or m.startswith(name + ".") for m in modules)
    }
    assert not found, f"argmap {' '.join(command)} imports {found}"


def test_help_still_goes_through_argparse():
    assert "argparse" in imported("validate", "--help")


def test_version_imports_no_argparse_and_prints_what_argparse_prints(capsys):
    from argmap.cli import main

    assert not {"argparse", "gettext", "typing", "dataclasses"} & imported("--version")
    assert main(["--version"]) == 0
    plain = capsys.readouterr()
    assert main(["--debug", "--version"]) == 0  # read by argparse's version action
    assert capsys.readouterr() == plain
