"""argmap evaluate: the table, the JSON, what-ifs, and the exit codes."""

from __future__ import annotations

import json

import pytest

from argmap.cli import main
from argmap.resources import DEFAULT_MAP

MAP = """argmap: 1
title: An even cycle, and a card held up by its support
cards:
  - {id: a, kind: argument, side: for, text: a}
  - {id: b, kind: argument, side: against, text: b}
  - {id: c, kind: argument, side: for, text: c}
  - {id: d, kind: argument, side: against, text: d}
  - {id: e, kind: rebuttal, side: for, text: e}
relations:
  - {from: a, to: b, type: rebuts}
  - {from: b, to: c, type: rebuts}
  - {from: c, to: d, type: rebuts}
  - {from: d, to: a, type: rebuts}
  - {from: e, to: a, type: supports}
"""


@pytest.fixture
def cycle_map(tmp_path):
    path = tmp_path / "cycle.yaml"
    path.write_text(MAP, encoding="utf-8")
    return str(path)


def test_table_lists_every_card_with_its_word(cycle_map, capsys):
    assert main(["evaluate", cycle_map]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()[3:8]}
    assert rows == {"a": "undecided", "b": "undecided", "c": "undecided", "d": "undecided", "e": "accepted"}
    assert "1 accepted, 0 rejected, 4 undecided" in out


def test_json_preferred_lists_the_extensions(cycle_map, capsys):
    assert main(["evaluate", cycle_map, "--semantics", "preferred", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "semantics": "preferred",
        "labels": {"a": "undec", "b": "undec", "c": "undec", "d": "undec", "e": "in"},
        "extensions": [["a", "c", "e"], ["b", "d", "e"]],
    }


def test_suppose_refuted_on_the_command_line(cycle_map, capsys):
    assert main(["evaluate", cycle_map, "--json", "--suppose", "e=refuted"]) == 0
    labels = json.loads(capsys.readouterr().out)["labels"]
    assert labels == {"a": "out", "b": "in", "c": "out", "d": "in", "e": "out"}
    assert main(["evaluate", cycle_map, "--suppose", "e=maybe"]) == 1
    assert "CARD=refuted" in capsys.readouterr().err


def test_broken_map_exits_1_with_located_problems(tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    path.write_text(
        "argmap: 1\ntitle: x\ncards:\n  - {id: a, kind: argument, side: sideways, text: a}\n",
        encoding="utf-8",
    )
    assert main(["evaluate", str(path)]) == 1
    assert "broken.yaml:4:" in capsys.readouterr().err


def test_too_large_to_enumerate_exits_1_and_says_the_limit(tmp_path, capsys):
    n = 41
    cards = "\n".join(f"  - {{id: c{i}, kind: argument, side: for, text: c}}" for i in range(n))
    rels = "\n".join(f"  - {{from: c{i}, to: c{(i + 1) % n}, type: rebuts}}" for i in range(n))
    path = tmp_path / "big.yaml"
    path.write_text(f"argmap: 1\ntitle: big\ncards:\n{cards}\nrelations:\n{rels}\n", encoding="utf-8")
    assert main(["evaluate", str(path), "--semantics", "stable"]) == 1
    assert "at most 40" in capsys.readouterr().err
    assert main(["evaluate", str(path)]) == 0


@pytest.mark.skipif(not DEFAULT_MAP.exists(), reason="the shipped map is not there yet")
def test_evaluate_runs_on_the_shipped_map(capsys):
    assert main(["evaluate", str(DEFAULT_MAP), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["semantics"] == "grounded" and data["labels"]
    assert set(data["labels"].values()) <= {"in", "out", "undec"}
    assert main(["evaluate", str(DEFAULT_MAP), "--semantics", "preferred"]) == 0
