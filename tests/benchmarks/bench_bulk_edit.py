"""Delete all, undo and redo of a big map in the editor window, next to the benchmark's dot yardstick.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_bulk_edit.py --cards 10000 --runs 3
    ... --profile delete   (or undo, redo): cProfile of that step in the first run, top 30 by cumulative time

Opens the benchmark's generated map (argmap/generate.py, seed 0) in a shown 1,600 x 1,000 MainWindow as
bench_scale.py does, then, through the window's own actions as the user's Ctrl+A, Delete, Ctrl+Z and
Ctrl+Shift+Z: select all, delete all, undo, redo (each followed by processEvents and a repaint of the map
view, as the benchmark does), then undo again so the next run starts from the whole map. Prints each
step's median and every run, and bench_scale.py's yardstick, ``dot -Tplain`` of the generated 5,000-card
map (quietest seen on this machine: 5.2 s; dot of the 10,000-card graph itself takes minutes), timed
just before, so a figure can be read against the machine's speed at that minute (``--no-yardstick``
skips it, for profiling).

Not part of the test suite: it measures, it asserts only that undo brings every card back.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def dot_seconds(dot_path: Path) -> float | None:
    exe = shutil.which("dot")
    if exe is None:
        return None
    t0 = time.perf_counter()
    subprocess.run([exe, "-Tplain", str(dot_path), "-o", os.devnull], check=True)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", choices=("delete", "undo", "redo"), default=None)
    parser.add_argument("--no-yardstick", action="store_true")
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="argmap-bulk-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())
    from argmap.render.qt_environment import prepare_qt_environment

    prepare_qt_environment()
    from bench_scale import close_window  # the benchmark's own, beside this script
    from PySide6.QtWidgets import QApplication

    from argmap.generate import generate_map, generate_yaml
    from argmap.interchange.dot import dumps as dot_dumps
    from argmap.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    path = home / f"map-{args.cards}.yaml"
    path.write_text(generate_yaml(args.cards), encoding="utf-8")
    dot_path = home / "yardstick-5000.dot"
    dot_text, _ = dot_dumps(generate_map(5000, 0))
    dot_path.write_text(dot_text, encoding="utf-8")

    yard = None if args.no_yardstick else dot_seconds(dot_path)
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    window.open_path(path, guard=False)
    document = window.document
    # A map this big is checked just after its first paint, and offers no edit until then.
    deadline = time.monotonic() + 120
    while document.checking and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    if document.checking or document.read_only:
        raise RuntimeError("the map was not checked and editable within 120 s")
    for _ in range(20):
        app.processEvents()
    cards = len(document.amap)

    collecting = {"since": 0.0, "total": 0.0}

    def on_collect(phase, info) -> None:
        if phase == "start":
            collecting["since"] = time.perf_counter()
        else:
            spent = time.perf_counter() - collecting["since"]
            collecting["total"] += spent
            if os.environ.get("BULK_GC_LOG"):
                print(f"    collection of generation {info['generation']}: {spent:.3f} s")

    gc.callbacks.append(on_collect)
    collected: dict[str, list[float]] = {}  # step -> seconds Python's cyclic collector ran in it

    def step(action, label: str, profile: bool) -> float:
        collecting["total"] = 0.0
        profiler = cProfile.Profile() if profile else None
        t0 = time.perf_counter()
        c0 = time.process_time()
        if profiler:
            profiler.enable()
        action.trigger()
        t1 = time.perf_counter()
        app.processEvents()
        t2 = time.perf_counter()
        window.view.viewport().repaint()
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - t0
        parts.setdefault(label, []).append((t1 - t0, t2 - t1, time.perf_counter() - t2))
        cpu.setdefault(label, []).append(time.process_time() - c0)
        collected.setdefault(label, []).append(collecting["total"])
        if profiler:
            print(f"--- profile of {label} ---")
            pstats.Stats(profiler).sort_stats(os.environ.get("BULK_SORT", "cumulative")).print_stats(40)
        return elapsed

    cpu: dict[str, list[float]] = {}  # step -> this process's CPU time each run (less moved by load)
    parts: dict[str, list[tuple[float, float, float]]] = {}  # step -> (action, events, repaint) each run
    rows: dict[str, list[float]] = {"select all": [], "delete all": [], "undo": [], "redo": []}
    for k in range(args.runs):
        first = k == 0
        rows["select all"].append(step(window.act_select_all, "select all", False))
        rows["delete all"].append(step(window.act_delete, "delete all", first and args.profile == "delete"))
        if len(document.amap) != 0:
            raise RuntimeError("delete all left cards on the map")
        rows["undo"].append(step(window.act_undo, "undo", first and args.profile == "undo"))
        if len(document.amap) != cards:
            raise RuntimeError("undoing the deletion of every card did not bring them all back")
        rows["redo"].append(step(window.act_redo, "redo", first and args.profile == "redo"))
        step(window.act_undo, "undo again", False)
        window.selection.set([])
        app.processEvents()

    print(f"{cards} cards, {args.runs} runs: median, then every run (s)")
    for key, values in rows.items():
        print(f"  {key:22} {statistics.median(values):7.3f}   " + " ".join(f"{v:.3f}" for v in values))
    print("  of which: the action itself (edit + every view hearing of it), events after it, repaint")
    for key in rows:
        runs = parts.get(key, [])
        print(f"    {key:20} " + "  ".join("/".join(f"{v:.3f}" for v in run) for run in runs))
    print(
        "  CPU time of this process (s), median: "
        + ", ".join(f"{key} {statistics.median(cpu.get(key, [0.0])):.3f}" for key in rows)
    )
    print(
        "  garbage collection in it (s), median: "
        + ", ".join(f"{key} {statistics.median(collected.get(key, [0.0])):.3f}" for key in rows)
    )
    deu = [d + u for d, u in zip(rows["delete all"], rows["undo"], strict=True)]
    print(f"  {'delete all + undo':22} {statistics.median(deu):7.3f}   " + " ".join(f"{v:.3f}" for v in deu))
    if yard is not None:
        print(f"  yardstick: dot -Tplain of the 5,000-card map {yard:.2f} s (quietest seen: 5.2 s)")
    close_window(app, window)
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
