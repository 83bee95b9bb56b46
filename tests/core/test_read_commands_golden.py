"""`argmap validate` and `argmap stats` print exactly what they printed before their start-up was trimmed.

The start-up work (issue #19) replaced the dataclasses these commands build, their argument parsing and
their imports; none of it may change a byte of what a user sees. The expected outputs (stdout, stderr
and exit code of each command, text and JSON) were recorded from the code before that work, on the
shipped map and on every hostile file, and are committed in tests/fixtures/read-commands/expected.json.
Re-record them only for a deliberate change of output:

    PYTHONPATH=. python tests/core/test_read_commands_golden.py --record
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from argmap.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "fixtures" / "read-commands" / "expected.json"
MAPS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "maps").glob("*.yaml"))
HOSTILE = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests/fixtures/hostile").glob("*.yaml"))
COMMANDS = [
    *(
        f"{cmd} {path}"
        for path in MAPS + HOSTILE
        for cmd in ("validate", "validate --json", "stats", "stats --json")
    ),
    "validate --strict " + " ".join(MAPS + HOSTILE[:3]),
    "validate --json " + " ".join(MAPS + HOSTILE[:3]),
    "validate --debug " + " ".join(MAPS),
    "stats --debug " + MAPS[0],
]


def run(command: str, capsys) -> dict[str, object]:
    code = main(command.split())
    out, err = capsys.readouterr()
    return {"code": code, "out": out, "err": err}


@pytest.mark.parametrize("command", COMMANDS)
def test_output_is_as_recorded(command, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert command in expected, f"no recorded output for {command!r}: re-record (see the module's doc)"
    assert run(command, capsys) == expected[command]


def record() -> None:  # pragma: no cover - run by hand
    import contextlib
    import io
    import os

    os.chdir(ROOT)
    expected = {}
    for command in COMMANDS:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(command.split())
        expected[command] = {"code": code, "out": out.getvalue(), "err": err.getvalue()}
    EXPECTED.write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(expected)} commands recorded in {EXPECTED}")


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:  # pragma: no cover
    record()
