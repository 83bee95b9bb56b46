"""The benchmark of issue #19: every target as a ratio against a peer measured in the same run.

Run it from the repository root (``make bench`` runs it at 100, 1,000, 5,000 and 10,000 cards and writes
docs/bench-latest.json and the tables of docs/performance.md):

    .venv/bin/python tests/benchmarks/bench_scale.py --sizes 100,1000 --json bench.json
    .venv/bin/python tests/benchmarks/bench_scale.py --from-json docs/bench-latest.json \
        --markdown docs/performance.md       # re-write the docs' tables from a saved run, measuring nothing

Each size gets a debate-shaped map from :mod:`argmap.generate` (deterministic from ``--seed``). Measured:

- start-up (``bench_processes.startup``): ``argmap --version``, ``validate`` and ``stats`` of the default
  map against ``python -c pass``, interleaved, median of ``--startup-runs``; the modules validate imports;
- exports (``bench_processes.exports``): ``python -m argmap export MAP -o FILE.svg|pdf|png`` against
  ``dot -Tsvg|-Tpdf|-Tpng`` on argmap's DOT of the same map and the Argdown CLI's ``argdown map`` on the
  map converted to Argdown: whole processes, their time and each one's own peak memory;
- the editor, in a fresh process per size on Qt's offscreen platform: load + validate, layout (overlaps,
  crossings, edges drawn through cards), scene build and first paint, frame times of a 1600 x 1000 view
  panning and zooming at fit-all and at 100 %, open -> first paint in the editor window, one edit + undo,
  select all, delete all and its undo (through the window's actions), save, peak memory. Steps shorter
  than ``--long`` seconds are repeated and their median reported;
- the layout against ``dot -Tplain`` (up to ``--dot-max`` cards): its time, its crossings counted the same
  way and its edges through cards; and the yardstick, ``dot -Tplain`` on the 5,000-card map, which says how
  busy the machine was (the editor's figures are absolute times);
- cold start: ``argmap MAP`` until its first paint, in subprocesses.

The table printed at the end (and written by ``--markdown``) is one row per target: figure | target |
argmap | peer | ratio | verdict.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_processes as processes  # noqa: E402  (beside this file; Qt-free)

VIEW_SIZE = (1600, 1000)
RESULT_TAG = "BENCH-RESULT "

# Issue #19's targets, and the layout figures kept from #16: (figure key, cards, limit, what). Every
# ratio is measured in the same run: start-up against `python -c pass`, exports against `dot -T<format>`
# on the same graph (processes.py), the editor's figures beside the dot yardstick.
TARGETS = [
    ("startup_version", None, 3.0, "`argmap --version`"),
    ("startup_validate", None, 3.0, "`argmap validate` (default map)"),
    ("startup_stats", None, 3.0, "`argmap stats` (default map)"),
    ("validate_qt", None, 0, "`argmap validate` imports no Qt"),
    ("export_time_svg", 100, 6.0, "SVG export, 100 cards: time"),
    ("export_time_svg", 1000, 1.0, "SVG export, 1,000 cards: time"),
    ("export_time_pdf", 1000, 1.0, "PDF export, 1,000 cards: time"),
    ("export_time_svg", 10000, 0.1, "SVG export, 10,000 cards: time"),
    ("export_time_pdf", 10000, 0.1, "PDF export, 10,000 cards: time"),
    ("export_memory", None, 2.0, "peak memory of every export, every size"),
    ("open_first_paint_s", 10000, 1.0, "10,000 cards: open → first paint (quiet machine)"),
    ("frame_fit_median_ms", 10000, 8.0, "10,000 cards: fit-all frame, median"),
    ("select_all_s", 10000, 0.2, "10,000 cards: select all"),
    ("delete_undo_all_s", 10000, 1.0, "10,000 cards: delete all + undo"),
    ("layout_overlaps", None, 0, "layout: overlapping cards (every size)"),
    ("crossings_vs_dot", 1000, 0.5, "layout: crossings, 1,000 cards"),
    ("crossings_vs_dot", 5000, 0.5, "layout: crossings, 5,000 cards"),
    ("edges_through_pct", 1000, 1.0, "layout: edges drawn through cards, 1,000 cards"),
    ("edges_through_pct", 5000, 1.0, "layout: edges drawn through cards, 5,000 cards"),
    ("layout_vs_dot_time", 5000, 0.1, "layout: time, 5,000 cards"),
]
EDITOR_KEYS = {
    "open_first_paint_s": "s",
    "frame_fit_median_ms": "ms",
    "select_all_s": "s",
    "delete_undo_all_s": "s",
}
EXPORT_FORMATS = processes.EXPORT_FORMATS

# The machine's speed moves by 2x within an hour; `dot -Tplain` on the 5,000-card map (a C program that
# never changes) says how busy it was. Its quietest time on the project's 2-core machine:
YARDSTICK_CARDS = 5000
QUIET_YARDSTICK_S = 5.2


# ---------------------------------------------------------------------------------------------
# Small measuring tools.
# ---------------------------------------------------------------------------------------------


def timed(fn, repeat: int, long: float) -> tuple[float, list[float], object]:
    """Median seconds of ``fn()`` over ``repeat`` runs, or over one run when that one is long."""
    runs = []
    value = None
    for k in range(max(1, repeat)):
        t0 = time.perf_counter()
        value = fn()
        runs.append(time.perf_counter() - t0)
        if k == 0 and runs[0] >= long:
            break
    return statistics.median(runs), runs, value


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by linear interpolation between order statistics."""
    data = sorted(values)
    if not data:
        return float("nan")
    pos = (len(data) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def bench_env(home: Path) -> dict:
    """Environment for child processes: offscreen Qt, settings and recovery files kept in ``home``."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    for name in ("config", "data", "cache"):
        env[f"XDG_{name.upper()}_HOME"] = str(home / name)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


# ---------------------------------------------------------------------------------------------
# One size, measured in a fresh process (so that its peak memory is its own).
# ---------------------------------------------------------------------------------------------


def close_window(app, window) -> None:
    """Close an editor window without asking, and delete it now.

    processEvents leaves deferred deletes for the event loop: without sending them, every window
    opened before stayed alive, and each further open paid for walking their objects."""
    from PySide6.QtCore import QEvent

    window.document.undo_stack.setClean()
    window.close()
    window.deleteLater()
    app.processEvents()
    app.sendPostedEvents(None, QEvent.DeferredDelete)


def measure_size(path: Path, repeat: int, long: float, frames: int) -> dict:
    """Every in-process figure for the map file at ``path``."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from argmap import layout
    from argmap.edits import UpdateCard
    from argmap.format import load, save
    from argmap.geometry import card_size
    from argmap.model import with_fields

    out: dict = {}
    # -- load + validate ------------------------------------------------------------------------
    out["load_validate_s"], out["load_validate_runs"], result = timed(lambda: load(path), repeat, long)
    amap = result.map
    out["load_problems"] = [str(p) for p in result.problems if p.severity == "error"]
    out["cards"] = len(amap)
    out["relations"] = sum(1 for _ in amap.relations())
    sizes = {c.id: card_size(c) for c in amap.cards()}

    # -- layout, its overlaps and crossings ------------------------------------------------------
    out["layout_s"], out["layout_runs"], positions = timed(
        lambda: layout.layout_positions(amap, sizes=sizes), repeat, long
    )
    out["layout_overlaps"] = len(layout.overlaps(positions, sizes))
    t0 = time.perf_counter()
    out["layout_crossings"] = layout.count_crossings(amap, positions, sizes)
    out["count_crossings_s"] = time.perf_counter() - t0
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    out["layout_extent"] = [max(xs) + 260 - min(xs), max(ys) - min(ys)]
    # -- edges drawn through cards: from the layout as data (the paths the editor and exports draw) --
    from argmap.layout_data import edges_through_cards, layout_data

    t0 = time.perf_counter()
    drawn = layout_data(amap)
    out["layout_data_s"] = time.perf_counter() - t0
    out["edges_through"] = len(edges_through_cards(drawn))
    out["edges_through_pct"] = 100.0 * out["edges_through"] / max(1, out["relations"])

    from argmap.render.qt_environment import prepare_qt_environment

    prepare_qt_environment()  # as the app does before its QApplication
    app = QApplication.instance() or QApplication([sys.argv[0]])
    from argmap.render.scene import MapScene
    from argmap.ui.canvas import MapView

    class FirstPaint(QObject):
        """Sees the viewport's first paint event; the paint is done when processEvents returns."""

        def __init__(self) -> None:
            super().__init__()
            self.done = False

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Paint:
                self.done = True
            return False

    # -- scene build (its layout included) and first paint of a bare view ------------------------
    def build_and_paint():
        scene = MapScene(amap)
        t_built = time.perf_counter()
        view = MapView()
        view.resize(*VIEW_SIZE)
        view.setScene(scene)
        probe = FirstPaint()
        view.viewport().installEventFilter(probe)
        t_paint = time.perf_counter()
        view.show()
        view.fit_all()
        while not probe.done:
            app.processEvents()
        app.processEvents()
        paint = time.perf_counter() - t_paint
        view.viewport().removeEventFilter(probe)
        return scene, view, t_built, paint

    builds, paints = [], []
    for k in range(max(1, repeat)):
        t0 = time.perf_counter()
        scene, view, t_built, paint = build_and_paint()
        builds.append(t_built - t0)
        paints.append(paint)
        if k == 0 and t_built - t0 + paint >= long:
            break
        if k < repeat - 1:
            view.setScene(None)
            scene.detach()
            view.deleteLater()
            scene.deleteLater()
            app.processEvents()
            app.sendPostedEvents(None, QEvent.DeferredDelete)  # as for windows below
    out["scene_build_s"] = statistics.median(builds)
    out["scene_build_runs"] = builds
    out["scene_first_paint_s"] = statistics.median(paints)
    out["scene_build_paint_s"] = out["scene_build_s"] + out["scene_first_paint_s"]
    out["scene_build_without_layout_s"] = max(0.0, out["scene_build_s"] - out["layout_s"])

    # -- frame times while panning and zooming -------------------------------------------------
    app.processEvents()

    def frames_at(base_zoom_fn) -> list[float]:
        base_zoom_fn()
        app.processEvents()
        view.viewport().repaint()  # settle caches for the starting transform
        base = view.zoom_factor()
        times = []
        h, v = view.horizontalScrollBar(), view.verticalScrollBar()
        for k in range(frames):
            step = k % 8
            if step in (3, 7):  # zoom in a notch, then back
                view.set_zoom(base * (1.1 if step == 3 else 1.0))
            else:
                sign = 1 if (k // 8) % 2 == 0 else -1
                h.setValue(h.value() + sign * 40)
                v.setValue(v.value() + sign * (25 if step % 2 else -25))
            t0 = time.perf_counter()
            view.viewport().repaint()
            times.append((time.perf_counter() - t0) * 1000)
        return times

    fit = frames_at(view.fit_all)
    out["fit_zoom"] = view.zoom_factor()
    middle = amap.card_ids()[len(amap) // 2]

    def at_100():
        view.set_zoom(1.0)
        view.centerOn(scene.card_rect(middle).center())

    full = frames_at(at_100)
    out["frame_fit_median_ms"] = statistics.median(fit)
    out["frame_fit_p95_ms"] = percentile(fit, 0.95)
    out["frame_100_median_ms"] = statistics.median(full)
    out["frame_100_p95_ms"] = percentile(full, 0.95)
    out["frames"] = frames
    view.setScene(None)
    scene.detach()
    view.deleteLater()
    scene.deleteLater()
    # Drop the last references without `del`: frames_at above closes over `view`.
    scene = view = None
    app.processEvents()
    app.sendPostedEvents(None, QEvent.DeferredDelete)

    # -- the editor window: open -> first paint, edit + undo -----------------------------------
    from argmap.ui.main_window import MainWindow

    def open_in_window():
        window = MainWindow()
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        probe = FirstPaint()
        window.view.viewport().installEventFilter(probe)
        t0 = time.perf_counter()
        window.open_path(path, guard=False)
        while not probe.done:
            app.processEvents()
        app.processEvents()  # the paint that was under way
        elapsed = time.perf_counter() - t0
        window.view.viewport().removeEventFilter(probe)
        return window, elapsed

    opens = []
    window = None
    for k in range(max(1, repeat)):
        if window is not None:
            close_window(app, window)
            window = None
        window, elapsed = open_in_window()
        opens.append(elapsed)
        if k == 0 and elapsed >= long:
            break
    out["open_first_paint_s"] = statistics.median(opens)
    out["open_first_paint_runs"] = opens

    # What happens after the first paint before the window is idle (deferred fit, docks, overview).
    t0 = time.perf_counter()
    for _ in range(20):
        app.processEvents()
    out["open_settle_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    window.overview.refresh()
    out["overview_refresh_s"] = time.perf_counter() - t0

    # One edit and its undo; count what must not happen (a full layout, a scene rebuild).
    calls = {"layout": 0, "reset": 0, "cards_added": 0}
    real_layout = layout.layout_positions

    def counting_layout(*args, **kwargs):
        calls["layout"] += 1
        return real_layout(*args, **kwargs)

    # The scene's private steps are counted while they exist under these names (the editor's code
    # changes; a figure it cannot count is left out rather than reported as 0).
    scene = window.scene
    counted = {name: getattr(scene, name) for name in ("_reset", "_add_card") if hasattr(scene, name)}
    key_of = {"_reset": "reset", "_add_card": "cards_added"}

    def counting(name):
        real = counted[name]

        def wrapper(*args, **kwargs):
            calls[key_of[name]] += 1
            return real(*args, **kwargs)

        return wrapper

    layout.layout_positions = counting_layout
    for name in counted:
        setattr(scene, name, counting(name))
    document = window.document
    edits = []
    try:
        for k in range(max(3, repeat)):
            card = document.amap.card(middle)
            t0 = time.perf_counter()
            document.push(UpdateCard(with_fields(card, text=card.text + f" edited {k}")), "Edit text")
            app.processEvents()
            window.view.viewport().repaint()
            document.undo_stack.undo()
            app.processEvents()
            window.view.viewport().repaint()
            edits.append((time.perf_counter() - t0) * 1000)
    finally:
        layout.layout_positions = real_layout
        for name, real in counted.items():
            setattr(scene, name, real)
    out["edit_undo_ms"] = statistics.median(edits)
    out["edit_undo_runs_ms"] = edits
    out["edit_full_layouts"] = calls["layout"]
    out["edit_scene_rebuilds"] = calls["reset"] if "_reset" in counted else None
    out["edit_cards_recreated"] = calls["cards_added"] if "_add_card" in counted else None

    # Select every card, delete them in one step, undo it: a batch of n removals and its inverse, each
    # followed by every view. Through the window's actions, as the user's Ctrl+A, Delete and Ctrl+Z.
    def trigger(action_name: str, fallback) -> None:
        action = getattr(window, action_name, None)
        action.trigger() if action is not None else fallback()

    t0 = time.perf_counter()
    trigger("act_select_all", window.select_all)
    app.processEvents()
    window.view.viewport().repaint()
    t1 = time.perf_counter()
    trigger("act_delete", window.delete_selection)
    app.processEvents()
    window.view.viewport().repaint()
    t2 = time.perf_counter()
    trigger("act_undo", document.undo_stack.undo)
    app.processEvents()
    window.view.viewport().repaint()
    t3 = time.perf_counter()
    if len(document.amap) != out["cards"]:
        raise RuntimeError("undoing the deletion of every card did not bring them all back")
    out["select_all_s"], out["delete_all_s"], out["undo_delete_all_s"] = t1 - t0, t2 - t1, t3 - t2
    out["delete_undo_all_s"] = t3 - t1
    window.selection.set([])
    app.processEvents()
    # The window re-validates the whole map 500 ms after each edit (MainWindow._revalidate).
    out["revalidate_after_edit_s"], _, _ = timed(document.revalidate, repeat, long)

    # -- save -------------------------------------------------------------------------------------
    tmp = Path(tempfile.mkdtemp(prefix="argmap-bench-save-"))
    target = tmp / "saved.yaml"
    out["save_s"], out["save_runs"], _ = timed(lambda: save(document.amap, target), repeat, long)
    out["peak_rss_mb"] = peak_rss_mb()

    window.document.undo_stack.setClean()
    window.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return out


# ---------------------------------------------------------------------------------------------
# Cold start and Graphviz, from the parent process.
# ---------------------------------------------------------------------------------------------


def hook_installed() -> bool:
    """True when run_app installs the start-up probe (then ``argmap MAP`` can report its paint)."""
    app_py = ROOT / "argmap" / "ui" / "app.py"
    return "startup_probe" in app_py.read_text(encoding="utf-8")


# The fallback until run_app calls startup_probe.install: the real `argmap MAP` path (cli.main ->
# run_app -> Workspace.open_window), with the probe installed on the window it makes.
FALLBACK = """
import sys
from argmap.ui import app, startup_probe
_open = app.Workspace.open_window
def _probed(*args, **kwargs):
    window = _open(*args, **kwargs)
    startup_probe.install(window)
    return window
app.Workspace.open_window = _probed
from argmap.cli import main
sys.exit(main(sys.argv[1:]))
"""


def cold_start(map_path: Path | None, home: Path, runs: int, timeout: float = 180.0) -> dict:
    """Seconds from process start to the first paint of ``argmap MAP`` (median of ``runs``)."""
    argmap_exe = Path(sys.executable).parent / "argmap"
    hooked = hook_installed()
    if hooked and argmap_exe.exists():
        cmd = [str(argmap_exe)]
        method = "argmap MAP with ARGMAP_EXIT_AFTER_FIRST_PAINT=1 (hook in run_app)"
    else:
        cmd = [sys.executable, "-c", FALLBACK]
        method = (
            "fallback: cli.main(MAP) -> run_app in a fresh process, probe installed by wrapping "
            "open_window (run_app does not call startup_probe.install yet)"
        )
    if map_path is not None:
        cmd.append(str(map_path))
    # As installed: bytecode compiled once (pip does this for a regular install, `make run` for ours),
    # so the figure is a start-up, not a compile of every module (PYTHONDONTWRITEBYTECODE=1 is common).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "argmap")], check=False)
    times, errors = [], []
    for _ in range(runs):
        env = bench_env(home)
        env["ARGMAP_EXIT_AFTER_FIRST_PAINT"] = "1"
        env["ARGMAP_PROCESS_START"] = repr(time.perf_counter())
        try:
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        except subprocess.TimeoutExpired:
            errors.append(f"no first paint within {timeout:.0f} s")
            continue
        found = re.search(r"first-paint ([0-9.]+)", proc.stdout)
        if found:
            times.append(float(found.group(1)))
        else:
            errors.append(f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return {
        "s": statistics.median(times) if times else None,
        "runs": times,
        "method": method,
        "errors": errors,
    }


def dot_layout(amap, timeout: float) -> dict:
    """The same graph through argmap's DOT writer, laid out by ``dot -Tplain``: time and crossings."""
    from argmap.interchange.dot import dumps as dot_dumps
    from argmap.layout import count_crossings

    exe = shutil.which("dot")
    if exe is None:
        return {"dot_note": "Graphviz dot is not installed"}
    text, _ = dot_dumps(amap)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([exe, "-Tplain"], input=text, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"dot_s": None, "dot_note": f"dot -Tplain did not finish within {timeout:.0f} s"}
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"dot_s": None, "dot_note": f"dot failed: {proc.stderr.strip()[-300:]}"}
    centres = parse_plain(proc.stdout)
    missing = [cid for cid in amap.card_ids() if cid not in centres]
    # dot's own drawing (its boxes, its splines sampled), measured like argmap's.
    from argmap.layout_data import edges_through_cards

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_edges import parse_plain_layout

    types = {(r.source, r.target): r.type for r in amap.relations()}
    dot_through = len(edges_through_cards(parse_plain_layout(proc.stdout, types)))
    # Crossings counted exactly as for argmap's layout: straight segments between card centres.
    zero = {cid: (0.0, 0.0) for cid in centres}
    crossings = count_crossings(amap, centres, zero)
    return {
        "dot_s": elapsed,
        "dot_crossings": crossings,
        "dot_edges_through": dot_through,
        "dot_edges_through_pct": 100.0 * dot_through / max(1, sum(1 for _ in amap.relations())),
        "dot_missing_nodes": len(missing),
        "dot_version": _dot_version(exe),
    }


def parse_plain(text: str) -> dict[str, tuple[float, float]]:
    """Node centres (points) from ``dot -Tplain`` output (only the name and centre are read)."""
    centres = {}
    node = re.compile(r'^node ("(?:[^"\\]|\\.)*"|\S+) (\S+) (\S+) ')
    for line in text.splitlines():
        found = node.match(line)
        if found:
            name = found.group(1)
            if name.startswith('"'):
                name = re.sub(r"\\(.)", r"\1", name[1:-1])
            centres[name] = (float(found.group(2)) * 72.0, float(found.group(3)) * 72.0)
    return centres


def _dot_version(exe: str) -> str:
    proc = subprocess.run([exe, "-V"], capture_output=True, text=True)
    return (proc.stderr or proc.stdout).strip()


# ---------------------------------------------------------------------------------------------
# The run: every size, the table and the JSON.
# ---------------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(
            line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
        )
        mem_gb = int(mem.split()[1]) / 1024 / 1024
    except (OSError, StopIteration):
        mem_gb = float("nan")
    from importlib.metadata import PackageNotFoundError, version

    def installed(*names: str) -> str | None:
        for name in names:
            try:
                return version(name)
            except PackageNotFoundError:
                pass
        return None

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_gb, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyside6": installed("PySide6", "PySide6_Essentials"),
        "networkx": installed("networkx"),
        "qt_platform": "offscreen",
    }


def measure_editor(path: Path, home: Path, repeat: int, long: float, frames: int) -> dict:
    """The in-process figures of ``measure_size``, in a fresh process of their own."""
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        str(path),
        "--repeat",
        str(repeat),
        "--long",
        str(long),
        "--frames",
        str(frames),
    ]
    proc = subprocess.run(cmd, env=bench_env(home), capture_output=True, text=True, cwd=ROOT)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT_TAG)), None)
    if line is None:
        raise RuntimeError(
            f"the measuring process for {path.name} failed (exit {proc.returncode}):\n" + proc.stderr[-3000:]
        )
    return json.loads(line[len(RESULT_TAG) :])


def yardstick(report: dict, seed: int, timeout: float, workdir: Path) -> dict | None:
    """``dot -Tplain`` on the 5,000-card map: how fast the machine is right now.

    Taken from the 5,000-card size when it was run; otherwise timed alone, when the editor figures of
    a larger map were measured (they are what it qualifies)."""
    done = report["sizes"].get(str(YARDSTICK_CARDS), {})
    if done.get("dot_s"):
        return {"s": done["dot_s"], "how": "dot -Tplain of the 5,000-card size"}
    if not any(int(n) > YARDSTICK_CARDS for n in report["sizes"]) or shutil.which("dot") is None:
        return None  # no editor figures it would qualify
    from argmap.generate import generate_map
    from argmap.interchange.dot import dumps as dot_dumps

    text, _ = dot_dumps(generate_map(YARDSTICK_CARDS, seed))
    graph = workdir / "yardstick.dot"
    graph.write_text(text, encoding="utf-8")
    measured = processes.run_measured(
        [shutil.which("dot"), "-Tplain", str(graph), "-o", os.devnull], timeout=timeout
    )
    graph.unlink()
    if measured.returncode != 0:
        return {"s": None, "how": "dot -Tplain of the 5,000-card map, alone", "note": measured.stderr[-300:]}
    return {"s": measured.wall_s, "how": "dot -Tplain of the 5,000-card map, alone"}


def run(
    sizes: list[int],
    seed: int,
    repeat: int,
    long: float,
    frames: int,
    cold_runs: int,
    startup_runs: int,
    dot_max: int,
    timeout: float,
    peers: set[str],
    formats: tuple[str, ...],
    workdir: Path,
    log=print,
    argdown_max: int = 5000,
    on_size=lambda report: None,
) -> dict:
    from argmap.format import save
    from argmap.generate import generate_map
    from argmap.resources import DEFAULT_MAP

    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    report: dict = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": _commit(),
        "seed": seed,
        "repeat": repeat,
        "frames": frames,
        "timeout_s": timeout,
        "command": "QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_scale.py "
        + " ".join(sys.argv[1:]),
        "sizes": {},
        "exports": {},
    }
    # As installed: bytecode compiled once (pip does this for a regular install, `make run` for ours),
    # so start-up figures are starts, not compiles of every module (PYTHONDONTWRITEBYTECODE=1 is common).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "argmap")], check=False)
    log(f"start-up: --version, validate, stats against python -c pass ({startup_runs} runs each) ...")
    report["startup"] = processes.startup(DEFAULT_MAP, bench_env(home), startup_runs, timeout)
    if cold_runs:
        log("cold start (default map) ...")
        report["cold_start_default"] = cold_start(None, home, cold_runs)
    peers_left = set(peers)
    for n in sizes:
        amap = generate_map(n, seed)
        path = workdir / f"map-{n}.yaml"
        save(amap, path)
        log(f"{n} cards: the editor, in a fresh process ...")
        try:
            figures = measure_editor(path, home, repeat, long, frames)
        except RuntimeError as exc:  # the editor's code changed under the benchmark: keep measuring the rest
            log(f"{n} cards: the editor figures failed; going on with the others\n{exc}")
            figures = {"cards": n, "editor_error": str(exc)[-3000:]}
        figures["file_bytes"] = path.stat().st_size
        report["sizes"][str(n)] = figures
        if n > YARDSTICK_CARDS and not report.get("yardstick"):  # beside the editor figures it qualifies
            log("the yardstick: dot -Tplain on the 5,000-card map ...")
            report["yardstick"] = yardstick(report, seed, timeout, workdir)
        if cold_runs:
            log(f"{n} cards: cold start of argmap MAP ...")
            cold = cold_start(path, home, cold_runs if n <= 1000 else 1)
            figures["cold_start_s"] = cold["s"]
            figures["cold_start_runs"] = cold["runs"]
            if cold["errors"]:
                figures["cold_start_errors"] = cold["errors"]
        if n <= dot_max:
            log(f"{n} cards: dot -Tplain ...")
            figures.update(dot_layout(amap, timeout))
            if figures.get("dot_s") and figures.get("layout_s") is not None:
                figures["layout_vs_dot_time"] = figures["layout_s"] / figures["dot_s"]
            if figures.get("dot_crossings") is not None and figures.get("layout_crossings") is not None:
                dc = figures["dot_crossings"]
                figures["crossings_vs_dot"] = (
                    figures["layout_crossings"] / dc
                    if dc
                    else (0.0 if figures["layout_crossings"] == 0 else float("inf"))
                )
        report["sizes"][str(n)] = figures
        here = peers_left - ({"argdown"} if n > argdown_max else set())
        log(f"{n} cards: exports, argmap against {', '.join(sorted(here)) or 'no peer'} ...")
        folder = workdir / f"exports-{n}"
        folder.mkdir()
        done = processes.exports(path, folder, bench_env(home), repeat, long, timeout, here, formats, log=log)
        report["exports"][str(n)] = done
        if "argdown" in peers_left and n > argdown_max:
            done["notes"].append(f"Argdown not run above {argdown_max:,} cards (--argdown-max)")
        for peer in list(peers_left):  # a peer stopped by the timeout is not given larger maps
            if any(done.get(fmt, {}).get(peer, {}).get("timed_out_after_s") for fmt in formats):
                peers_left.discard(peer)
        shutil.rmtree(folder, ignore_errors=True)
        path.unlink()
        on_size(report)  # a long run stopped later still leaves what it measured
    if not report.get("yardstick"):
        report["yardstick"] = yardstick(report, seed, timeout, workdir)
    return report


def _commit() -> str | None:
    proc = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return proc.stdout.strip() or None


# ---------------------------------------------------------------------------------------------
# The targets table: figure | target | argmap | peer | ratio | verdict.
# ---------------------------------------------------------------------------------------------


def _s(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:.3f} s" if v < 1 else f"{v:.2f} s" if v < 10 else f"{v:.1f} s"


def _mb(v: float | None) -> str:
    return "—" if v is None else f"{v:.0f} MB"


def _x(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:.2f} ×" if v < 10 else f"{v:.1f} ×"


def _n(n: int | str) -> str:
    return f"{int(n):,}"


def _verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "not measured"
    if value <= limit:
        return "met"
    return f"**missed** ({value / limit:.1f} × the limit)" if limit else "**missed**"


def busy_factor(report: dict) -> float | None:
    """How much slower than its quietest the machine ran: the yardstick over its quietest time."""
    measured = (report.get("yardstick") or {}).get("s")
    return measured / QUIET_YARDSTICK_S if measured else None


def target_rows(report: dict) -> list[dict]:
    """Every target of issue #19 (and the layout figures of #16), as measured in this report."""
    rows: list[dict] = []
    sizes = report.get("sizes", {})
    exports = report.get("exports", {})
    startup = report.get("startup")
    for key, size, limit, what in TARGETS:
        row = {"figure": what, "argmap": "—", "peer": "—", "ratio": "—"}
        if key.startswith("startup_"):
            row["target"] = f"≤ {limit:g} × `python -c pass`"
            name = key.removeprefix("startup_")
            if not startup:
                row["verdict"] = "not measured"
            else:
                fig = startup[name]
                row["argmap"] = _s(fig["s"])
                row["peer"] = f"python: {_s(startup['python']['s'])}"
                row["ratio"] = _x(fig.get("vs_python"))
                row["verdict"] = _verdict(fig.get("vs_python"), limit)
        elif key == "validate_qt":
            row["target"] = "no Qt module imported"
            if not startup:
                row["verdict"] = "not measured"
            else:
                qt = startup["validate"]["qt_modules"]
                row["argmap"] = f"{len(qt)} Qt modules" if qt else "none"
                row["peer"] = f"{startup['validate']['modules_imported']} modules in all"
                row["verdict"] = "met" if not qt else "**missed**"
        elif key.startswith("export_time_"):
            fmt = key.removeprefix("export_time_")
            row["target"] = f"≤ {limit:g} × `dot -T{fmt}`"
            res = exports.get(str(size), {}).get(fmt)
            if res and res["argmap"].get("timed_out_after_s"):
                row["argmap"] = _stopped(res["argmap"])
                row["verdict"] = "**missed** (argmap stopped)"
            elif not res or "dot" not in res:
                row["verdict"] = "not measured"
            else:
                a, d = res["argmap"], res["dot"]
                row["argmap"], row["peer"] = _s(a["s"]), f"dot: {_s(d['s'])}"
                ratio = res.get("time_vs_dot")
                row["ratio"], row["verdict"] = _x(ratio), _verdict(ratio, limit)
                at_most = res.get("time_vs_dot_at_most")
                if ratio is None and at_most is not None:
                    row["peer"] = f"dot: > {d['timed_out_after_s']:.0f} s (stopped)"
                    row["ratio"] = f"< {_x(at_most)}"
                    row["verdict"] = "met" if at_most <= limit else "unknown (dot stopped)"
        elif key == "export_memory":
            row["target"] = f"≤ {limit:g} × dot's"
            for n, by_fmt in exports.items():
                measured = [f for f in EXPORT_FORMATS if "dot" in by_fmt.get(f, {})]
                if not measured:
                    continue
                shown, over, unknown = [], [], []
                for f in measured:
                    a, d = by_fmt[f]["argmap"], by_fmt[f]["dot"]
                    ratio = by_fmt[f].get("rss_vs_dot")
                    if ratio is not None:
                        shown.append(_x(ratio))
                        (over if ratio > limit else []).append(f.upper())
                    elif a.get("rss_mb") and d.get("rss_at_stop_mb"):  # dot stopped: its peak is higher
                        bound = a["rss_mb"] / d["rss_at_stop_mb"]
                        shown.append(f"≤ {_x(bound)}")
                        (unknown if bound > limit else []).append(f.upper())
                    else:
                        shown.append("—")
                        unknown.append(f.upper())
                verdict = "met" if not over and not unknown else ""
                if over:
                    verdict = f"**missed** ({', '.join(over)})"
                if unknown:
                    verdict += (
                        "; " if verdict else ""
                    ) + f"unknown ({', '.join(unknown)}: a process stopped)"
                rows.append(
                    {
                        "figure": f"peak memory, {_n(n)} cards: " + " / ".join(f.upper() for f in measured),
                        "target": row["target"],
                        "argmap": " / ".join(_mb_or_stop(by_fmt[f]["argmap"]) for f in measured),
                        "peer": "dot: " + " / ".join(_mb_or_stop(by_fmt[f]["dot"]) for f in measured),
                        "ratio": " / ".join(shown),
                        "verdict": verdict,
                    }
                )
            continue
        elif key in EDITOR_KEYS:
            unit = EDITOR_KEYS[key]
            row["target"] = f"≤ {limit:g} {unit}"
            value = sizes.get(str(size), {}).get(key)
            row["argmap"] = "—" if value is None else (f"{value:.1f} ms" if unit == "ms" else _s(value))
            stick = report.get("yardstick") or {}
            row["peer"] = f"yardstick: {_s(stick.get('s'))}" if stick.get("s") else "—"
            row["verdict"] = _verdict(value, limit)
            busy = busy_factor(report)
            if value is not None and value > limit and busy and busy > 1.2:
                row["verdict"] += f"; machine {busy:.1f} × slower than its quietest"
        elif key == "layout_overlaps":
            row["target"] = "0"
            values = [
                f.get("layout_overlaps") for f in sizes.values() if f.get("layout_overlaps") is not None
            ]
            row["argmap"] = str(max(values)) if values else "—"
            row["verdict"] = _verdict(max(values) if values else None, 0)
        else:  # the layout against dot's, #16
            fig = sizes.get(str(size), {})
            if key == "crossings_vs_dot":
                row["target"] = f"≤ {limit:g} × dot's"
                row["argmap"] = _count(fig.get("layout_crossings"))
                row["peer"] = f"dot: {_count(fig.get('dot_crossings'))}"
                row["ratio"] = _x(fig.get(key))
            elif key == "edges_through_pct":
                row["target"] = f"≤ {limit:g} % of relations"
                row["argmap"] = "—" if fig.get(key) is None else f"{fig['edges_through']} ({fig[key]:.2f} %)"
                row["peer"] = f"dot: {_count(fig.get('dot_edges_through'))}"
            elif key == "layout_vs_dot_time":
                row["target"] = f"≤ {limit:g} × `dot -Tplain`"
                row["argmap"] = _s(fig.get("layout_s"))
                row["peer"] = f"dot: {_s(fig.get('dot_s'))}"
                row["ratio"] = _x(fig.get(key))
            row["verdict"] = _verdict(fig.get(key), limit)
        rows.append(row)
    return rows


def _stopped(fig: dict) -> str:
    return f"> {fig['timed_out_after_s']:.0f} s (stopped)"


def _mb_or_stop(fig: dict) -> str:
    if fig.get("rss_mb") is None and fig.get("rss_at_stop_mb"):
        return f"≥ {fig['rss_at_stop_mb']:.0f} MB"
    return _mb(fig.get("rss_mb"))


def _count(v) -> str:
    return "—" if v is None else f"{v:,}"


def export_rows(report: dict) -> list[list[str]]:
    """Every export against every peer: size, format, time and memory of each, and the ratios."""
    head = [
        "cards",
        "format",
        "argmap",
        "dot",
        "× dot",
        "argmap MB",
        "dot MB",
        "× dot",
        "Argdown",
        "× Argdown",
        "Argdown MB",
    ]
    rows = [head]
    for n, by_fmt in report.get("exports", {}).items():
        for fmt in EXPORT_FORMATS:
            res = by_fmt.get(fmt)
            if not res:
                continue
            a, d, g = res["argmap"], res.get("dot", {}), res.get("argdown", {})

            def peer_s(p: dict) -> str:
                if p.get("timed_out_after_s"):
                    return _stopped(p)
                return _s(p.get("s")) if p else "—"

            def peer_mb(p: dict) -> str:
                return _mb_or_stop(p) if p else "—"

            rows.append(
                [
                    _n(n),
                    fmt.upper(),
                    _s(a["s"])
                    if a["s"] is not None
                    else peer_s(a)
                    if a.get("timed_out_after_s")
                    else "failed",
                    peer_s(d),
                    _x(res.get("time_vs_dot")),
                    peer_mb(a),
                    peer_mb(d),
                    _x(res.get("rss_vs_dot")),
                    peer_s(g),
                    _x(res.get("time_vs_argdown")),
                    peer_mb(g),
                ]
            )
    return rows


SIZE_COLUMNS = [
    ("relations", "relations"),
    ("load_validate_s", "load + validate (s)"),
    ("layout_s", "layout (s)"),
    ("scene_build_paint_s", "scene build + first paint (s)"),
    ("open_first_paint_s", "open → first paint in the editor (s)"),
    ("cold_start_s", "cold start `argmap MAP` → first paint (s)"),
    ("frame_fit_median_ms", "frame at fit-all, median (ms)"),
    ("frame_fit_p95_ms", "frame at fit-all, p95 (ms)"),
    ("frame_100_median_ms", "frame at 100 %, median (ms)"),
    ("frame_100_p95_ms", "frame at 100 %, p95 (ms)"),
    ("edit_undo_ms", "one edit + undo (ms)"),
    ("select_all_s", "select all (s)"),
    ("delete_all_s", "delete all (s)"),
    ("undo_delete_all_s", "undo that (s)"),
    ("save_s", "save (s)"),
    ("peak_rss_mb", "peak memory of the editor process (MB)"),
    ("layout_overlaps", "layout overlaps"),
    ("layout_crossings", "layout crossings"),
    ("dot_crossings", "dot crossings"),
    ("edges_through", "edges through cards"),
    ("dot_edges_through", "dot: edges through cards"),
    ("dot_s", "`dot -Tplain` (s)"),
]


def size_rows(report: dict) -> list[list[str]]:
    sizes = list(report["sizes"])
    rows = [["cards"] + [_n(n) for n in sizes]]
    for key, label in SIZE_COLUMNS:
        row = [label]
        for n in sizes:
            v = report["sizes"][n].get(key)
            row.append("—" if v is None else (f"{v:.3g}" if isinstance(v, float) else f"{v:,}"))
        rows.append(row)
    return rows


def header_lines(report: dict) -> list[str]:
    m = report["machine"]
    stick = report.get("yardstick") or {}
    lines = [
        f"Measured {report.get('date', '?')} at commit {report.get('commit') or '?'}"
        + (f" ({report['note']})" if report.get("note") else "")
        + f"; sizes {', '.join(_n(n) for n in report['sizes'])}; seed {report['seed']}.",
        f"{m['cores']} cores of {m['cpu'] or 'an unknown CPU'}, Python {m['python']}, PySide6 {m['pyside6']}"
        + (
            f", {report['exports'][next(iter(report['exports']))].get('dot_version', '')}"
            if report["exports"]
            else ""
        )
        + ".",
    ]
    if stick.get("s"):
        lines.append(
            f"Yardstick: `dot -Tplain` on the 5,000-card map took {stick['s']:.1f} s "
            f"(quietest seen on this machine: {QUIET_YARDSTICK_S} s, so it ran "
            f"{busy_factor(report):.1f} × slower)."
        )
    return lines


def markdown_table(rows: list[list[str]], right_from: int = 1) -> list[str]:
    out = ["| " + " | ".join(rows[0]) + " |"]
    out.append("|" + "|".join("---" if i < right_from else "---:" for i in range(len(rows[0]))) + "|")
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows[1:]]
    return out


def run_notes(report: dict) -> list[str]:
    """What the run could not measure, and why."""
    notes = [
        f"{_n(n)} cards: {note}" for n, e in report.get("exports", {}).items() for note in e.get("notes", [])
    ]
    notes += [
        f"{_n(n)} cards: the editor figures failed: {f['editor_error'].strip().splitlines()[-1]}"
        for n, f in report["sizes"].items()
        if f.get("editor_error")
    ]
    return notes


def markdown(report: dict) -> str:
    """The report as docs/performance.md carries it: the targets, every export, every size."""
    targets = [["figure", "target", "argmap", "peer", "ratio", "verdict"]]
    targets += [
        [r["figure"], r["target"], r["argmap"], r["peer"], r["ratio"], r["verdict"]]
        for r in target_rows(report)
    ]
    lines = [*header_lines(report), "", *markdown_table(targets, right_from=99), ""]
    lines += ["Every export, whole processes on the same map (median time, peak memory of the process):", ""]
    lines += markdown_table(export_rows(report), right_from=2)
    notes = run_notes(report)
    if notes:
        lines += ["", *(f"- {note}" for note in notes)]
    lines += ["", "The editor and the layout, by size (in one process per size):", ""]
    lines += markdown_table(size_rows(report))
    return "\n".join(lines) + "\n"


def text_table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


def format_table(report: dict) -> str:
    targets = [["figure", "target", "argmap", "peer", "ratio", "verdict"]]
    targets += [
        [r["figure"], r["target"], r["argmap"], r["peer"], r["ratio"], r["verdict"].replace("**", "")]
        for r in target_rows(report)
    ]
    lines = [*header_lines(report), ""]
    lines += text_table(size_rows(report)) + [""]
    lines += text_table(export_rows(report)) + [""]
    lines += text_table(targets)
    lines += [f"- {note}" for note in run_notes(report)]
    return "\n".join(lines)


MARK_BEGIN = "<!-- bench_scale.py --markdown: begin (generated; re-run make bench) -->"
MARK_END = "<!-- bench_scale.py --markdown: end -->"


def write_markdown(report: dict, path: Path) -> None:
    """Replace the generated block of ``path`` (between the marks) with this report; or, when the file
    has no marks (or does not exist), write the block alone to it."""
    block = f"{MARK_BEGIN}\n{markdown(report)}{MARK_END}"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if MARK_BEGIN in text and MARK_END in text:
        head, rest = text.split(MARK_BEGIN, 1)
        tail = rest.split(MARK_END, 1)[1]
        path.write_text(head + block + tail, encoding="utf-8")
    else:
        path.write_text(block + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The plot: time against cards, log-log, drawn with Qt (no plotting library needed).
# ---------------------------------------------------------------------------------------------

PLOT_SERIES = [
    ("open_first_paint_s", 1000.0, "open -> first paint", "#1f77b4"),
    ("layout_s", 1000.0, "layout", "#2ca02c"),
    ("dot_s", 1000.0, "dot -Tplain", "#7f7f7f"),
    ("frame_fit_median_ms", 1.0, "frame, fit-all (median)", "#d62728"),
    ("frame_100_median_ms", 1.0, "frame, 100 % (median)", "#ff7f0e"),
    ("export:svg:argmap", 1000.0, "argmap export .svg", "#9467bd"),
    ("export:svg:dot", 1000.0, "dot -Tsvg", "#8c564b"),
]


def plot_value(report: dict, n: int, key: str) -> float | None:
    """A figure of ``n`` cards: ``export:FORMAT:WHO`` for an export's seconds, else an editor figure."""
    if key.startswith("export:"):
        _, fmt, who = key.split(":")
        return report.get("exports", {}).get(str(n), {}).get(fmt, {}).get(who, {}).get("s")
    return report["sizes"].get(str(n), {}).get(key)


def write_plot(report: dict, path: Path) -> None:
    """A log-log PNG of milliseconds against cards: open, layout, frames, SVG export, and dot's."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

    QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    W, H = 900, 560
    left, right, top, bottom = 80, 230, 40, 60
    image = QImage(W, H, QImage.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.Antialiasing)
    sizes = sorted(int(n) for n in report["sizes"])
    points = {}
    for key, factor, _, _ in PLOT_SERIES:
        pts = [(n, plot_value(report, n, key)) for n in sizes]
        points[key] = [(n, v * factor) for n, v in pts if v]
    values = [v for pts in points.values() for _, v in pts]
    xlo, xhi = math.floor(math.log10(min(sizes))), math.ceil(math.log10(max(sizes)))
    ylo, yhi = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    xhi, yhi = max(xhi, xlo + 1), max(yhi, ylo + 1)
    plot = QRectF(left, top, W - left - right, H - top - bottom)

    def to_xy(n: float, v: float) -> QPointF:
        x = plot.left() + (math.log10(n) - xlo) / (xhi - xlo) * plot.width()
        y = plot.bottom() - (math.log10(v) - ylo) / (yhi - ylo) * plot.height()
        return QPointF(x, y)

    font = QFont()
    font.setPixelSize(12)
    p.setFont(font)
    grid = QPen(QColor("#dddddd"), 1)
    for e in range(xlo, xhi + 1):
        x = to_xy(10**e, 10**ylo).x()
        p.setPen(grid)
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        p.setPen(QColor("black"))
        p.drawText(QRectF(x - 40, plot.bottom() + 6, 80, 16), Qt.AlignCenter, f"{10**e:,}")
    for e in range(ylo, yhi + 1):
        y = to_xy(10**xlo, 10**e).y()
        p.setPen(grid)
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(QColor("black"))
        label = f"{10**e:g} ms" if e < 3 else f"{10 ** (e - 3):g} s"
        p.drawText(QRectF(0, y - 8, left - 8, 16), Qt.AlignRight | Qt.AlignVCenter, label)
    # The fit-all frame target of #19, for reference.
    if ylo <= math.log10(8) <= yhi:
        p.setPen(QPen(QColor("#d62728"), 1, Qt.DotLine))
        y = to_xy(10**xlo, 8).y()
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.drawText(
            QRectF(plot.right() - 204, y + 2, 200, 14), Qt.AlignRight, "8 ms: the fit-all frame target"
        )
    p.setPen(QPen(QColor("black"), 1))
    p.setBrush(Qt.NoBrush)
    p.drawRect(plot)
    p.drawText(QRectF(plot.left(), H - 24, plot.width(), 18), Qt.AlignCenter, "cards (log scale)")
    title = QFont(font)
    title.setPixelSize(15)
    title.setBold(True)
    p.setFont(title)
    p.drawText(QRectF(0, 8, W, 24), Qt.AlignCenter, "argmap: time against map size (offscreen, log-log)")
    p.setFont(font)
    ly = top + 10
    for key, _, label, colour in PLOT_SERIES:
        pts = points[key]
        if not pts:
            continue
        pen = QPen(QColor(colour), 2, Qt.DashLine if "dot" in key else Qt.SolidLine)
        p.setPen(pen)
        qpts = [to_xy(n, v) for n, v in pts]
        for a, b in zip(qpts, qpts[1:], strict=False):
            p.drawLine(a, b)
        p.setBrush(QColor(colour))
        for q in qpts:
            p.drawEllipse(q, 3.5, 3.5)
        p.setBrush(Qt.NoBrush)
        p.drawLine(QPointF(W - right + 15, ly), QPointF(W - right + 45, ly))
        p.setPen(QColor("black"))
        p.drawText(QRectF(W - right + 52, ly - 9, right - 55, 18), Qt.AlignLeft | Qt.AlignVCenter, label)
        ly += 24
    p.end()
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = os.environ.get("BENCH_SIZES") or "100,1000,5000,10000"
    parser.add_argument("--sizes", default=sizes, help=f"comma-separated card counts (BENCH_SIZES; {sizes})")
    parser.add_argument("--json", type=Path, help="write every figure to this JSON file")
    parser.add_argument(
        "--markdown",
        type=Path,
        help="write the tables as Markdown to this file: between its generated marks when it has them "
        "(docs/performance.md does), else the whole file",
    )
    parser.add_argument("--from-json", type=Path, help="measure nothing: print (and --markdown) this report")
    parser.add_argument("--note", help="a note printed with the tables (say, which branches were merged)")
    parser.add_argument("--plot", type=Path, help="also draw the time-against-cards plot to this PNG")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each short step (median reported)")
    parser.add_argument("--long", type=float, default=2.0, help="a step taking this many seconds runs once")
    parser.add_argument("--frames", type=int, default=64, help="frames per pan-and-zoom measurement")
    parser.add_argument(
        "--cold-runs", type=int, default=5, help="cold starts of `argmap MAP` to its first paint (0: none)"
    )
    parser.add_argument("--startup-runs", type=int, default=7, help="runs of each start-up command (>= 5)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds any one process may take")
    parser.add_argument("--peers", default="dot,argdown", help="peers to compare exports with")
    parser.add_argument("--formats", default="svg,pdf,png", help="export formats to compare")
    parser.add_argument(
        "--argdown-max", type=int, default=5000, help="largest map given to the Argdown CLI (slower than dot)"
    )
    parser.add_argument(
        "--dot-max", type=int, default=5000, help="largest map laid out by dot -Tplain for the layout figures"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="the suite's smoke run: 100 cards, one run of each step, SVG against dot only",
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:  # every step runs once: it shows the benchmark works, its figures mean little
        args.sizes, args.repeat, args.frames, args.cold_runs = "100", 1, 8, 0
        args.startup_runs, args.peers, args.formats = 1, "dot", "svg"
    elif args.startup_runs < 5:
        parser.error("--startup-runs: the start-up figures are medians of 5 runs at least")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.child is not None:
        figures = measure_size(args.child, args.repeat, args.long, args.frames)
        print(RESULT_TAG + json.dumps(figures), flush=True)
        os._exit(0)  # skip tearing down thousands of Qt items: it is not what is measured

    def write(report: dict) -> None:
        if args.note:
            report["note"] = args.note
        if args.json and not args.from_json:
            args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        if args.markdown:
            write_markdown(report, args.markdown)

    # Stopped (SIGTERM as Ctrl+C): the process being measured is stopped too (bench_processes).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    if args.from_json:
        report = json.loads(args.from_json.read_text(encoding="utf-8"))
    else:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        with tempfile.TemporaryDirectory(prefix="argmap-bench-") as tmp:
            report = run(
                sizes,
                args.seed,
                args.repeat,
                args.long,
                args.frames,
                args.cold_runs,
                args.startup_runs,
                args.dot_max,
                args.timeout,
                {p for p in args.peers.split(",") if p},
                tuple(f for f in args.formats.split(",") if f),
                Path(tmp),
                log=lambda msg: print(msg, file=sys.stderr, flush=True),
                argdown_max=args.argdown_max,
                on_size=write,
            )
    print(format_table(report))
    write(report)
    if args.plot:
        write_plot(report, args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
