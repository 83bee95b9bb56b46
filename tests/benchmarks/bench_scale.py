"""How argmap scales: open, layout, paint, edit, save and export maps of 100 to 10,000+ cards.

Run it from the repository root (it is not part of the test suite's run time):

    .venv/bin/python tests/benchmarks/bench_scale.py --sizes 100,1000,10000 --json bench.json

Each size gets a debate-shaped map from :mod:`argmap.generate` (deterministic from ``--seed``),
written in argmap's own format, and a fresh Python process that measures, on Qt's offscreen
platform: load + validate; layout (with its overlaps and crossings); scene build and first paint;
frame times of a 1600 x 1000 view panning and zooming at fit-all and at 100 %; open -> first paint
in the editor window; one edit + its undo; save; PNG and SVG export; peak memory. Steps shorter
than ``--long`` seconds are repeated and their median reported. Cold start (``argmap MAP`` until
its first paint) is measured in subprocesses, and, when Graphviz ``dot`` is installed, the same
graph laid out by ``dot -Tplain`` for comparison (its time, and crossings counted the same way).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

VIEW_SIZE = (1600, 1000)
RESULT_TAG = "BENCH-RESULT "

# The targets: (figure key, at which size, limit, unit, what it says). Sizes of None mean
# "not tied to a size". Used by the table printed at the end and by docs/performance.md.
TARGETS = [
    ("cold_start_default_s", None, 0.6, "s", "cold start to the default map painted"),
    ("open_first_paint_s", 10000, 2.0, "s", "10,000 cards: open -> first paint"),
    ("frame_fit_median_ms", 10000, 16.0, "ms", "frame time at fit-all, median"),
    ("frame_fit_p95_ms", 10000, 33.0, "ms", "frame time at fit-all, p95"),
    ("frame_100_median_ms", 10000, 16.0, "ms", "frame time at 100 %, median"),
    ("frame_100_p95_ms", 10000, 33.0, "ms", "frame time at 100 %, p95"),
    ("edit_undo_ms", 10000, 20.0, "ms", "one edit + undo"),
    ("save_s", 10000, 1.0, "s", "save"),
    ("peak_rss_mb", 10000, 600.0, "MB", "peak memory (editor: open, paint, edit, save)"),
    ("layout_overlaps", None, 0, "", "layout: overlapping cards (every size)"),
    ("crossings_vs_dot", 1000, 0.5, "x", "layout: crossings vs dot, 1,000 cards"),
    ("crossings_vs_dot", 5000, 0.5, "x", "layout: crossings vs dot, 5,000 cards"),
    ("edges_through_pct", 1000, 1.0, "%", "drawn edges through cards, 1,000 cards"),
    ("edges_through_pct", 5000, 1.0, "%", "drawn edges through cards, 5,000 cards"),
    ("layout_vs_dot_time", 5000, 0.1, "x", "layout: time vs dot -Tplain, 5,000 cards"),
    ("growth_open", None, 25.0, "x", "growth of open time, 500 -> 10,000 cards"),
    ("growth_layout", None, 25.0, "x", "growth of layout time, 500 -> 10,000 cards"),
]


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
    from argmap.format import load, save
    from argmap.geometry import card_size
    from argmap.model import UpdateCard, with_fields

    out: dict = {}
    # -- load + validate ------------------------------------------------------------------------
    out["load_validate_s"], out["load_validate_runs"], result = timed(lambda: load(path), repeat, long)
    amap = result.map
    out["load_problems"] = [str(p) for p in result.problems if p.severity == "error"]
    out["cards"] = len(amap)
    out["relations"] = amap.graph.number_of_edges()
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

    scene = window.scene
    real_reset, real_add = scene._reset, scene._add_card

    def counting_reset(*args, **kwargs):
        calls["reset"] += 1
        return real_reset(*args, **kwargs)

    def counting_add(*args, **kwargs):
        calls["cards_added"] += 1
        return real_add(*args, **kwargs)

    layout.layout_positions = counting_layout
    scene._reset, scene._add_card = counting_reset, counting_add
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
        scene._reset, scene._add_card = real_reset, real_add
    out["edit_undo_ms"] = statistics.median(edits)
    out["edit_undo_runs_ms"] = edits
    out["edit_full_layouts"] = calls["layout"]
    out["edit_scene_rebuilds"] = calls["reset"]
    out["edit_cards_recreated"] = calls["cards_added"]
    # Select every card, delete them in one step, undo it: a batch of n removals and its inverse, each
    # followed by every view (one run: at 10,000 cards each step takes about a second).
    t0 = time.perf_counter()
    window.select_all()
    app.processEvents()
    t1 = time.perf_counter()
    window.delete_selection()
    app.processEvents()
    window.view.viewport().repaint()
    t2 = time.perf_counter()
    document.undo_stack.undo()
    app.processEvents()
    window.view.viewport().repaint()
    t3 = time.perf_counter()
    if len(document.amap) != out["cards"]:
        raise RuntimeError("undoing the deletion of every card did not bring them all back")
    out["select_all_s"], out["delete_all_s"], out["undo_delete_all_s"] = t1 - t0, t2 - t1, t3 - t2
    window.selection.set([])
    app.processEvents()
    # The window re-validates the whole map 500 ms after each edit (MainWindow._revalidate).
    out["revalidate_after_edit_s"], _, _ = timed(document.revalidate, repeat, long)

    # -- save -------------------------------------------------------------------------------------
    tmp = Path(tempfile.mkdtemp(prefix="argmap-bench-save-"))
    target = tmp / "saved.yaml"
    out["save_s"], out["save_runs"], _ = timed(lambda: save(document.amap, target), repeat, long)
    out["peak_rss_mb"] = peak_rss_mb()

    # -- export PNG and SVG -------------------------------------------------------------------
    out.update(measure_exports(document.amap, tmp, repeat, long, out["layout_extent"]))
    out["peak_rss_with_export_mb"] = peak_rss_mb()
    window.document.undo_stack.setClean()
    window.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return out


def measure_exports(amap, tmp: Path, repeat: int, long: float, extent: list[float]) -> dict:
    """PNG and SVG export through argmap's one export function, when it exists."""
    try:
        from argmap.export.options import ExportError, ExportOptions
        from argmap.render.export import MAX_PIXELS, MAX_SIDE, export_map
    except ImportError as exc:
        return {"png_export_s": None, "svg_export_s": None, "export_note": f"no export function: {exc}"}
    out: dict = {}
    # PNG is limited in pixels: take the largest scale up to 1 that fits (with room for the title).
    w, h = extent[0] + 400, extent[1] + 600
    scale = min(1.0, 0.95 * MAX_SIDE / w, 0.95 * MAX_SIDE / h, 0.95 * math.sqrt(MAX_PIXELS / (w * h)))
    out["png_scale"] = round(scale, 3)
    if scale < 0.1:
        out["png_export_s"] = None
        out["png_note"] = (
            f"a {w:.0f} x {h:.0f} px map needs scale {scale:.3f}; PNG export allows 0.1 "
            f"at least, so PNG is refused (SVG and tiled PDF are the ways out)"
        )
    else:
        options = ExportOptions(format="png", scale=round(max(scale, 0.1), 3))
        try:
            out["png_export_s"], _, res = timed(
                lambda: export_map(amap, tmp / "map.png", options), repeat, long
            )
            out["png_pixels"] = list(res.pixels)
        except ExportError as exc:
            out["png_export_s"], out["png_note"] = None, str(exc)
    try:
        out["svg_export_s"], _, res = timed(
            lambda: export_map(amap, tmp / "map.svg", ExportOptions(format="svg")), repeat, long
        )
        out["svg_bytes"] = res.bytes
    except ExportError as exc:
        out["svg_export_s"], out["svg_note"] = None, str(exc)
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
        "dot_edges_through_pct": 100.0 * dot_through / max(1, amap.graph.number_of_edges()),
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
    import networkx
    import PySide6
    from PySide6.QtCore import qVersion

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_gb, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qt": qVersion(),
        "networkx": networkx.__version__,
        "qt_platform": "offscreen",
    }


def run(
    sizes: list[int],
    seed: int,
    repeat: int,
    long: float,
    frames: int,
    cold_runs: int,
    dot_max: int,
    dot_timeout: float,
    workdir: Path,
    log=print,
) -> dict:
    from argmap.format import save
    from argmap.generate import generate_map

    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    report: dict = {
        "machine": machine(),
        "seed": seed,
        "repeat": repeat,
        "frames": frames,
        "command": "QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_scale.py "
        + " ".join(sys.argv[1:]),
        "sizes": {},
    }
    log("cold start (default map) ...")
    report["cold_start_default"] = cold_start(None, home, cold_runs)
    for n in sizes:
        amap = generate_map(n, seed)
        path = workdir / f"map-{n}.yaml"
        save(amap, path)
        log(f"{n} cards: measuring in a fresh process ...")
        env = bench_env(home)
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
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT_TAG)), None)
        if line is None:
            raise RuntimeError(
                f"the measuring process for {n} cards failed (exit {proc.returncode}):\n"
                + proc.stderr[-3000:]
            )
        figures = json.loads(line[len(RESULT_TAG) :])
        figures["file_bytes"] = path.stat().st_size
        log(f"{n} cards: cold start of argmap MAP ...")
        cold = cold_start(path, home, cold_runs if n <= 1000 else 1)
        figures["cold_start_s"] = cold["s"]
        figures["cold_start_runs"] = cold["runs"]
        if cold["errors"]:
            figures["cold_start_errors"] = cold["errors"]
        if n <= dot_max:
            log(f"{n} cards: dot -Tplain ...")
            figures.update(dot_layout(amap, dot_timeout))
            if figures.get("dot_s"):
                figures["layout_vs_dot_time"] = figures["layout_s"] / figures["dot_s"]
            if figures.get("dot_crossings") is not None:
                dc = figures["dot_crossings"]
                figures["crossings_vs_dot"] = (
                    figures["layout_crossings"] / dc
                    if dc
                    else (0.0 if figures["layout_crossings"] == 0 else float("inf"))
                )
        report["sizes"][str(n)] = figures
        path.unlink()
    growth(report)
    return report


def growth(report: dict) -> None:
    """Open and layout time at the largest size over the time at 500 cards (when both were run)."""
    sizes = report["sizes"]
    if "500" in sizes and "10000" in sizes:
        for key, name in (("open_first_paint_s", "growth_open"), ("layout_s", "growth_layout")):
            report[name] = sizes["10000"][key] / sizes["500"][key]


def figure(report: dict, key: str, size: int | None):
    if key == "cold_start_default_s":
        return report.get("cold_start_default", {}).get("s")
    if key == "layout_overlaps" and size is None:
        values = [f.get("layout_overlaps") for f in report["sizes"].values()]
        return max(values) if values else None
    if size is None:
        return report.get(key)
    return report["sizes"].get(str(size), {}).get(key)


def targets_table(report: dict) -> list[tuple[str, str, str, str]]:
    """(what, target, measured, verdict) for every target of the issue."""
    rows = []
    for key, size, limit, unit, what in TARGETS:
        value = figure(report, key, size)
        target = f"<= {limit:g}{(' ' + unit) if unit not in ('', 'x') else (' x' if unit == 'x' else '')}"
        if value is None:
            rows.append((what, target, "not measured", "-"))
            continue
        shown = f"{value:.3g}" + (f" {unit}" if unit and unit != "x" else (" x" if unit == "x" else ""))
        ok = value <= limit
        verdict = "met" if ok else (f"missed by {value / limit:.1f} x" if limit else "missed")
        rows.append((what, target, shown, verdict))
    return rows


SIZE_COLUMNS = [
    ("load_validate_s", "load+validate s"),
    ("layout_s", "layout s"),
    ("scene_build_paint_s", "scene+paint s"),
    ("open_first_paint_s", "open->paint s"),
    ("cold_start_s", "cold start s"),
    ("frame_fit_median_ms", "fit ms"),
    ("frame_fit_p95_ms", "fit p95"),
    ("frame_100_median_ms", "100% ms"),
    ("frame_100_p95_ms", "100% p95"),
    ("edit_undo_ms", "edit+undo ms"),
    ("delete_all_s", "delete all s"),
    ("undo_delete_all_s", "undo it s"),
    ("save_s", "save s"),
    ("png_export_s", "PNG s"),
    ("svg_export_s", "SVG s"),
    ("peak_rss_mb", "RSS MB"),
    ("layout_overlaps", "overlaps"),
    ("layout_crossings", "crossings"),
    ("dot_crossings", "dot cross."),
    ("edges_through", "thru cards"),
    ("dot_edges_through", "dot thru"),
    ("dot_s", "dot s"),
]


def format_table(report: dict) -> str:
    sizes = list(report["sizes"])
    head = ["cards"] + sizes
    rows = [head]
    for key, label in SIZE_COLUMNS:
        row = [label]
        for n in sizes:
            v = report["sizes"][n].get(key)
            row.append("-" if v is None else (f"{v:.3g}" if isinstance(v, float) else str(v)))
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [
        "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=False)))
        for r in rows
    ]
    lines.append("")
    lines.append(
        f"cold start, default map: {figure(report, 'cold_start_default_s', None)} s "
        f"({report['cold_start_default']['method']})"
    )
    lines.append("")
    for what, target, measured, verdict in targets_table(report):
        lines.append(f"{what:<48} {target:>10} {measured:>14}  {verdict}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The plot: time against cards, log-log, drawn with Qt (no plotting library needed).
# ---------------------------------------------------------------------------------------------

PLOT_SERIES = [
    ("open_first_paint_s", 1000.0, "open -> first paint", "#1f77b4"),
    ("layout_s", 1000.0, "layout", "#2ca02c"),
    ("dot_s", 1000.0, "dot -Tplain", "#7f7f7f"),
    ("frame_fit_median_ms", 1.0, "frame, fit-all (median)", "#d62728"),
    ("frame_100_median_ms", 1.0, "frame, 100 % (median)", "#ff7f0e"),
]


def write_plot(report: dict, path: Path) -> None:
    """A log-log PNG of milliseconds against cards for open, layout and frame time."""
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
        pts = [(n, report["sizes"][str(n)].get(key)) for n in sizes]
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
    # The 16 ms frame budget, for reference.
    if ylo <= math.log10(16) <= yhi:
        p.setPen(QPen(QColor("#d62728"), 1, Qt.DotLine))
        y = to_xy(10**xlo, 16).y()
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.drawText(QRectF(plot.left() + 4, y - 16, 200, 14), Qt.AlignLeft, "16 ms frame budget")
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
        pen = QPen(QColor(colour), 2, Qt.DashLine if key == "dot_s" else Qt.SolidLine)
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
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated card counts")
    parser.add_argument("--json", type=Path, help="write every figure to this JSON file")
    parser.add_argument("--plot", type=Path, help="also draw the time-against-cards plot to this PNG")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each short step (median reported)")
    parser.add_argument("--long", type=float, default=2.0, help="a step taking this many seconds runs once")
    parser.add_argument("--frames", type=int, default=64, help="frames per pan-and-zoom measurement")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold starts of the default map")
    parser.add_argument("--dot-max", type=int, default=10000, help="largest map given to dot for comparison")
    parser.add_argument("--dot-timeout", type=float, default=1800.0)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.child is not None:
        figures = measure_size(args.child, args.repeat, args.long, args.frames)
        print(RESULT_TAG + json.dumps(figures), flush=True)
        os._exit(0)  # skip tearing down thousands of Qt items: it is not what is measured
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="argmap-bench-") as tmp:
        report = run(
            sizes,
            args.seed,
            args.repeat,
            args.long,
            args.frames,
            args.cold_runs,
            args.dot_max,
            args.dot_timeout,
            Path(tmp),
            log=lambda msg: print(msg, file=sys.stderr, flush=True),
        )
    print(format_table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.plot:
        write_plot(report, args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
