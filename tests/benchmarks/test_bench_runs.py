"""The scale benchmark runs end to end at small sizes and writes every figure (no timing asserted)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from argmap.format import loads
from argmap.generate import generate_map, generate_yaml
from tests.benchmarks import bench_scale
from tests.benchmarks.bench_processes import run_measured

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
    "select_all_s",
    "delete_all_s",
    "undo_delete_all_s",
    "delete_undo_all_s",
    "save_s",
    "peak_rss_mb",
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


def test_quick_benchmark_writes_every_figure_and_the_targets_table(tmp_path):
    out, md, plot = tmp_path / "bench.json", tmp_path / "performance.md", tmp_path / "plot.png"
    md.write_text(
        f"# Performance\n\nbefore\n\n{bench_scale.MARK_BEGIN}\nold table\n{bench_scale.MARK_END}\n\nafter\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--quick",
            "--json",
            str(out),
            "--markdown",
            str(md),
            "--plot",
            str(plot),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(out.read_text())
    assert set(report["sizes"]) == {"100"}
    figures = report["sizes"]["100"]
    missing = [key for key in PER_SIZE if figures.get(key) is None]
    assert not missing, missing
    assert figures["cards"] == 100 and figures["layout_overlaps"] == 0
    assert figures["edit_full_layouts"] == 0
    # Start-up: each command against a bare interpreter, and what validate imported.
    startup = report["startup"]
    for name in ("python", "version", "validate", "stats"):
        assert startup[name]["s"] is not None, (name, startup[name])
    assert startup["validate"]["modules_imported"] > 0
    assert isinstance(startup["validate"]["qt_modules"], list)
    # The SVG export as a whole process, with its own peak memory; dot beside it when installed.
    svg = report["exports"]["100"]["svg"]
    assert svg["argmap"]["s"] is not None and svg["argmap"]["rss_mb"] > 10, svg
    if shutil.which("dot"):
        assert svg["dot"]["rss_mb"] is not None and svg["time_vs_dot"] is not None
    # The table: every target of the issue, in the printout and between the marks of the Markdown file.
    for what in ("`argmap validate` imports no Qt", "SVG export, 100 cards: time", "select all"):
        assert what in proc.stdout
    text = md.read_text()
    assert text.startswith("# Performance\n\nbefore\n") and text.endswith("\n\nafter\n")
    assert "old table" not in text and "| figure | target | argmap | peer | ratio | verdict |" in text
    assert "| SVG export, 100 cards: time | ≤ 6 × `dot -Tsvg` |" in text
    assert plot.stat().st_size > 0


def test_a_process_is_measured_alone_and_stopped_at_its_timeout():
    big = run_measured(
        [sys.executable, "-c", "b = bytearray(200 * 2**20); b[::4096] = b'x' * len(b[::4096])"], timeout=60
    )
    assert big.returncode == 0 and big.max_rss_mb >= 200, big
    # A small program's peak is its own, not this (larger) process's carried over before its exec.
    small = run_measured(["true"], timeout=60)
    assert small.returncode == 0 and small.max_rss_mb < 10, small
    failed = run_measured([sys.executable, "-c", "import sys; sys.exit('no such map')"], timeout=60)
    assert failed.returncode == 1 and "no such map" in failed.stderr
    stopped = run_measured([sys.executable, "-c", "import time; time.sleep(60)"], timeout=0.5)
    assert stopped.timed_out and stopped.returncode is None


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
