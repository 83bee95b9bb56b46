"""Our Argdown export parses cleanly in the real Argdown parser and keeps every card and relation.

Needs Node and @argdown/cli installed in the repository (npm install --no-save @argdown/cli); skipped
otherwise. The check is: argdown json FILE OUTDIR, exit 0, no error or warning printed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from argmap.interchange import argdown
from argmap.model import ArgumentMap, MapInfo

from .helpers import ROOT, docs_example, nasty_map, shipped_map

ARGDOWN = ROOT / "node_modules" / ".bin" / "argdown"
pytestmark = pytest.mark.skipif(
    not (shutil.which("node") and ARGDOWN.exists()),
    reason="the Argdown parser is not installed (npm install --no-save @argdown/cli)",
)
MAPS = {
    "shipped": shipped_map,
    "docs-example": docs_example,
    "nasty": nasty_map,
    "empty": lambda: ArgumentMap(MapInfo("An empty map")),
}


def parse_with_argdown(path: Path, out: Path) -> tuple[dict, str]:
    done = subprocess.run(
        [str(ARGDOWN), "json", str(path), str(out)],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    printed = done.stdout + done.stderr
    assert done.returncode == 0, printed
    return json.loads((out / (path.stem + ".json")).read_text(encoding="utf-8")), printed


@pytest.mark.parametrize("make_map", MAPS.values(), ids=MAPS.keys())
def test_real_argdown_parser_reads_our_export_without_errors_or_warnings(make_map, tmp_path):
    amap = make_map()
    path = tmp_path / "map.argdown"
    argdown.write(amap, path)
    model, printed = parse_with_argdown(path, tmp_path / "out")
    assert "error" not in printed.lower() and "warn" not in printed.lower(), printed

    # Every card is a statement or an argument carrying its id, kind and side.
    found: dict[str, tuple[str, str]] = {}
    title_to_id: dict[str, str] = {}
    for group in ("statements", "arguments"):
        for title, item in model[group].items():
            data = item.get("data") or next(
                (m.get("data") for m in item.get("members", []) if m.get("data")), {}
            )
            tags = item.get("tags") or next(
                (m.get("tags") for m in item.get("members", []) if m.get("tags")), []
            )
            kind = next(t for t in tags if t in ("position", "argument", "rebuttal", "evidence"))
            side = next(t for t in tags if t in ("for", "against"))
            found[data["id"]] = (kind, side)
            title_to_id[title] = data["id"]
    assert found == {c.id: (c.kind, c.side) for c in amap.cards()}

    # Every relation is there, in its direction and with its type.
    words = {"support": "supports", "attack": "rebuts"}
    relations = sorted(
        (title_to_id[r["from"]], title_to_id[r["to"]], words[r["relationType"]]) for r in model["relations"]
    )
    assert relations == sorted((r.source, r.target, r.type) for r in amap.relations())


def test_real_argdown_parser_keeps_text_exactly(tmp_path):
    amap = nasty_map()
    path = tmp_path / "nasty.argdown"
    argdown.write(amap, path)
    model, _ = parse_with_argdown(path, tmp_path / "out")
    member = next(
        m
        for item in model["statements"].values()
        for m in item["members"]
        if (m.get("data") or {}).get("id") == "claim"
    )
    shown = member["text"].replace("#position", "").replace("#for", "").strip()
    assert shown == " ".join(amap.card("claim").text.split())  # line breaks shown as spaces
    assert member["data"]["text"] == amap.card("claim").text  # and kept exactly in the data
    assert member["data"]["notes"] == amap.card("claim").notes


EMPHASIS = (
    "# Emphasis\n\n"
    "[a]: \\*\\*bold\\*\\* and **real** and \\_x\\_ and _y_ and a\\*b\n"
    "  + [b]: \\_\\_plain\\_\\_ __strong__\n"
)


def test_escaped_emphasis_marks_read_as_the_argdown_parser_reads_them(tmp_path):
    """An escaped * or _ is a literal mark, never half of an emphasis (hypothesis: ** came back as \\)."""
    path = tmp_path / "emphasis.argdown"
    path.write_text(EMPHASIS, encoding="utf-8")
    model, _ = parse_with_argdown(path, tmp_path / "out")
    theirs = {title: item["members"][0]["text"] for title, item in model["statements"].items()}
    ours = {card.tag: card.text for card in argdown.read(path).map.cards()}
    assert ours == theirs == {"a": "**bold** and real and _x_ and y and a*b", "b": "__plain__ strong"}
