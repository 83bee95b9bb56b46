"""argmap's importers on real files other tools and people made (tests/interchange/real/README.md).

Each Argdown file must import with the cards and relations the real Argdown parser sees (its JSON,
recorded in real/expected/ by real/make_expected.py, so these tests run without Node); when Node and
@argdown/cli are installed, the recorded expectations are checked against the parser itself.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from argmap.format import dumps, loads
from argmap.interchange import aif, argdown, format_for, graphml, kialo, looks_like, read_file

from .real_corpus import REAL, expected_from_argdown_json, seen_by_argmap

ARGDOWN_FILES = sorted((REAL / "argdown").glob("*.argdown"))
ARGDOWN_CLI = REAL.parents[2] / "node_modules" / ".bin" / "argdown"


def expected(path: Path) -> dict:
    return json.loads((REAL / "expected" / (path.name + ".json")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", ARGDOWN_FILES, ids=[p.stem for p in ARGDOWN_FILES])
def test_real_argdown_file_imports_as_the_argdown_parser_sees_it(path):
    result = argdown.read(path)
    assert result.map is not None and not result.has_errors, [str(p) for p in result.problems]
    assert seen_by_argmap(result.map) == expected(path)


def test_the_corpus_holds_real_reconstructions_and_relations():
    cards = sum(len(expected(p)["cards"]) for p in ARGDOWN_FILES)
    relations = sum(len(expected(p)["relations"]) for p in ARGDOWN_FILES)
    assert len(ARGDOWN_FILES) >= 15 and cards > 300 and relations > 300


@pytest.mark.skipif(
    not (shutil.which("node") and ARGDOWN_CLI.exists()),
    reason="the Argdown parser is not installed (npm install --no-save @argdown/cli)",
)
def test_recorded_expectations_are_what_the_argdown_parser_says_today(tmp_path):
    done = subprocess.run(
        [str(ARGDOWN_CLI), "json", str(REAL / "argdown" / "*.argdown"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for path in ARGDOWN_FILES:
        model = json.loads((tmp_path / (path.stem + ".json")).read_text(encoding="utf-8"))
        assert expected_from_argdown_json(model) == expected(path), path.name


# ---------------------------------------------------------------------------------------------
# Kialo
# ---------------------------------------------------------------------------------------------

KIALO_FILES = sorted((REAL / "kialo").glob("*.txt"))


@pytest.mark.parametrize("path", KIALO_FILES, ids=[p.stem for p in KIALO_FILES])
def test_real_kialo_export_keeps_every_claim_and_its_pro_or_con(path):
    text = path.read_text(encoding="utf-8")
    numbered = re.findall(r"^(\d+(?:\.\d+)*)\. (?:(Pro|Con): )?(.*)$", text, re.M)
    links = [n for n in numbered if n[2].startswith("-> See")]
    result = kialo.read(path)
    assert result.map is not None and not result.problems
    amap = result.map
    assert len(amap) == len(numbered) - len(links)  # one card per claim; a link is a relation
    types = Counter(r.type for r in amap.relations())
    assert types["supports"] == sum(1 for n in numbered if n[1] == "Pro")
    assert types["rebuts"] == sum(1 for n in numbered if n[1] == "Con")
    assert not any("\\(" in c.text or "](" in c.text for c in amap.cards())  # Markdown made plain


# ---------------------------------------------------------------------------------------------
# GraphML made by the Argdown CLI (yEd format: HTML labels, groups, red attack and green support edges)
# ---------------------------------------------------------------------------------------------

GRAPHML_EXPECTED = {  # from the files: nodes that are not groups; edges by the CLI's colours
    "argdown-cli-primer.graphml": {
        "cards": 11,
        "supports": 6,
        "rebuts": 5,
        "groups": 2,
        "titles": {"Statement 1", "Statement 2", "Argument title", "Yet another argument"},
    },
    "argdown-cli-state-censorship.graphml": {
        "cards": 9,
        "supports": 4,
        "rebuts": 4,
        "groups": 0,
        "titles": {"Censorship", "Absolute Freedom of Speech", "Argument from Freedom of Speech"},
    },
}


@pytest.mark.parametrize("name", GRAPHML_EXPECTED)
def test_argdown_cli_graphml_keeps_its_attacks_and_plain_labels(name):
    path = REAL / "graphml" / name
    raw = path.read_text(encoding="utf-8")
    want = GRAPHML_EXPECTED[name]
    assert raw.count('LineStyle color="#ff0000"') == want["rebuts"]  # the file says so
    assert raw.count('LineStyle color="#00ff00"') == want["supports"]
    result = graphml.read(path)
    amap = result.map
    types = Counter(r.type for r in amap.relations())
    assert (len(amap), types["supports"], types["rebuts"]) == (
        want["cards"],
        want["supports"],
        want["rebuts"],
    )
    assert not any("<" in c.text or "&lt;" in c.text or "<" in c.tag for c in amap.cards())
    assert want["titles"] <= {c.tag for c in amap.cards()}  # the CLI's title label above the text
    assert sum("Group: " in c.notes for c in amap.cards()) >= want["groups"]
    assert not amap.layout.positions  # the CLI leaves every node at 0,0: argmap lays them out
    assert any("colour" in n for n in result.notes)


# ---------------------------------------------------------------------------------------------
# AIF and OVA saves from arg-tech's xAIF documentation
# ---------------------------------------------------------------------------------------------

AIF_FILES = sorted((REAL / "aif").glob("*.json"))


@pytest.mark.parametrize("path", AIF_FILES, ids=[p.stem for p in AIF_FILES])
def test_real_aif_keeps_every_claim_inference_and_conflict(path):
    data = json.loads(path.read_text(encoding="utf-8"), strict=False)  # OVA writes raw control characters
    part = data.get("AIF") or data
    types = Counter(n["type"] for n in part["nodes"])
    result = aif.read(path)
    assert result.map is not None and not result.problems, [str(p) for p in result.problems]
    amap = result.map
    relations = Counter(r.type for r in amap.relations())
    assert len(amap) == types["I"]  # every claim, nothing else
    assert relations["supports"] == types["RA"] + types["MA"]  # each joins one premise to one claim here
    assert relations["rebuts"] == types["CA"]
    dialogue = types["L"] + types["TA"] + types["YA"]
    notes = " ".join(result.notes)
    assert (f"{dialogue} dialogue nodes" in notes) == bool(dialogue)
    assert "inferences" not in notes  # nothing here attacks an inference; none is reported dropped


# ---------------------------------------------------------------------------------------------
# Whatever a real file imports as is a map argmap can save and validate
# ---------------------------------------------------------------------------------------------

ALL_REAL = ARGDOWN_FILES + KIALO_FILES + AIF_FILES + sorted((REAL / "graphml").glob("*.graphml"))


@pytest.mark.parametrize("path", ALL_REAL, ids=[p.name for p in ALL_REAL])
def test_every_real_import_saves_as_a_valid_map_and_is_told_by_its_content(path):
    fmt = format_for(path, reading=True)
    assert looks_like(path) in (fmt, None) and fmt is not None
    result = read_file(fmt, path)
    saved = dumps(result.map)
    again = loads(saved, "saved.yaml", None)
    assert not again.has_errors, [str(p) for p in again.problems if p.severity == "error"]
    assert again.map.snapshot() == result.map.snapshot()
