"""The scale benchmark runs end to end at small sizes and writes every figure (no timing asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from argmap.format import loads
from argmap.generate import generate_map, generate_yaml

BENCH = Path(__file__).resolve().parent / "bench_scale.py"
ROOT = BENCH.parents[2]

PER_SIZE = [
    "cards",
    "relations",
    "load_validate_s",
    "layout_s",
    "layout_overlaps",
    "layout_crossings",
    "scene_build_s",
    "scene_first_paint_s",
    "open_first_paint_s",
    "frame_fit_median_ms",
    "frame_fit_p95_ms",
    "frame_100_median_ms",
    "frame_100_p95_ms",
    "edit_undo_ms",
    "edit_full_layouts",
    "edit_scene_rebuilds",
    "select_all_s",
    "delete_all_s",
    "undo_delete_all_s",
    "save_s",
    "png_export_s",
    "svg_export_s",
    "peak_rss_mb",
    "cold_start_s",
]


def test_generated_map_is_debate_shaped_valid_and_the_same_for_a_seed():
    amap = generate_map(1000, seed=7)
    assert len(amap) == 1000
    kinds = [c.kind for c in amap.cards()]
    assert kinds.count("position") == 5
    assert 150 <= kinds.count("evidence") <= 250
    rebuts = sum(1 for r in amap.relations() if r.type == "rebuts")
    assert 0.4 < (rebuts - 100) / (1000 - 5) < 0.6  # half of the tree answers, plus ~n/10 cross rebuttals
    for card in amap.cards():
        assert 8 <= len(card.text.split()) <= 25
        if card.kind == "evidence":
            assert card.quote and card.cite is not None
    assert loads(generate_yaml(300, seed=3)).problems == []
    assert generate_yaml(300, seed=3) == generate_yaml(300, seed=3)
    assert generate_yaml(300, seed=3) != generate_yaml(300, seed=4)


def test_benchmark_writes_every_figure_at_small_sizes(tmp_path):
    out = tmp_path / "bench.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--sizes",
            "100,300",
            "--json",
            str(out),
            "--repeat",
            "1",
            "--frames",
            "8",
            "--cold-runs",
            "1",
            "--plot",
            str(tmp_path / "plot.png"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["cold_start_default"]["s"] is not None, report["cold_start_default"]
    assert set(report["sizes"]) == {"100", "300"}
    for size, figures in report["sizes"].items():
        missing = [key for key in PER_SIZE if figures.get(key) is None]
        assert not missing, (size, missing)
        assert figures["cards"] == int(size)
        assert figures["layout_overlaps"] == 0
        assert figures["edit_full_layouts"] == 0 and figures["edit_scene_rebuilds"] == 0
        if "dot_s" in figures:
            assert figures["dot_crossings"] is not None
    assert "layout: overlapping cards" in proc.stdout
    assert (tmp_path / "plot.png").stat().st_size > 0


def test_open_breakdown_times_every_step_of_an_open(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, str(BENCH.parent / "open_breakdown.py"), "--cards", "200", "--runs", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    steps = [line.strip().split("  ")[0] for line in proc.stdout.splitlines()[1:]]
    assert steps == [
        "parse",
        "check",
        "build_map",
        "layout",
        "scene build (layout included)",
        "open_path",
        "open -> first paint drawn",
        "garbage collection in it",
    ]
