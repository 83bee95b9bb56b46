"""Hostile fixtures that validate must export: Argdown front matter the real parser accepts with emoji
and '===' in it, and a title longer than Word's 255-character document properties."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from argmap import cli
from argmap.format import dumps, load
from argmap.interchange import argdown

HOSTILE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"
ARGDOWN = Path(__file__).resolve().parents[2] / "node_modules" / ".bin" / "argdown"


def test_emoji_and_fences_survive_the_argdown_round_trip(tmp_path):
    amap = load(HOSTILE / "argdown-front-matter.yaml").map
    argdown.write(amap, tmp_path / "m.argdown")
    text = (tmp_path / "m.argdown").read_text(encoding="utf-8")
    assert "\U0001f525" in text and "\\ud83d" not in text  # emoji as themselves, not surrogate escapes
    assert text.count("===") == 2  # only the front matter's own fences
    result = argdown.read(tmp_path / "m.argdown")
    assert not result.has_errors, result.problems
    assert dumps(result.map) == dumps(amap)


@pytest.mark.skipif(
    not (shutil.which("node") and ARGDOWN.exists()), reason="the Argdown parser is not installed"
)
def test_the_real_argdown_parser_reads_the_front_matter_and_every_card(tmp_path):
    amap = load(HOSTILE / "argdown-front-matter.yaml").map
    argdown.write(amap, tmp_path / "m.argdown")
    done = subprocess.run(
        [str(ARGDOWN), "json", "m.argdown", "out"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    printed = done.stdout + done.stderr
    assert done.returncode == 0 and "error" not in printed.lower(), printed
    model = json.loads((tmp_path / "out" / "m.json").read_text(encoding="utf-8"))
    # (its JSON leaves the front matter out; that it parsed at all is the point: '===' ended it)
    titles = set(model["statements"]) | set(model["arguments"])
    assert len(titles) == len(amap)
    data = [m.get("data") or {} for item in model["statements"].values() for m in item.get("members", [])]
    assert any(d.get("notes") == amap.card("a").notes for d in data)  # emoji and '===' in the data


def test_a_title_over_255_characters_exports_a_word_brief_from_the_command_line(tmp_path, capsys):
    assert cli.main(["export", str(HOSTILE / "long-title.yaml"), "-o", str(tmp_path / "b.docx")]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert len(docx.Document(str(tmp_path / "b.docx")).core_properties.title) == 255
