"""Open -> first paint of a big map, this tree against another, in alternating fresh processes.

    .venv/bin/python tests/benchmarks/open_versus.py --base /tmp/base --cards 10000 --rounds 5

``--base`` is another checkout of argmap (for instance ``git archive main | tar -x -C /tmp/base``).
Each round opens the benchmark's generated map (seed 0) once with each tree, each in a new process
with a shown 1,600 x 1,000 window as bench_scale.py does, and times open_path until the map view's
first paint has been drawn: wall time, and the process's CPU time over the same span (less moved by
other work on a shared machine). Prints every open, then the medians and this tree's ratio to the
base. The map is written by this tree's generator; both trees read the same file.

Not part of the test suite: it measures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]

# One open in a fresh process: printed as "wall cpu" in seconds.
ONE_OPEN = r"""
import os, sys, time
from pathlib import Path
from argmap.render.qt_environment import prepare_qt_environment
prepare_qt_environment()
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from argmap.ui.main_window import MainWindow
app = QApplication([sys.argv[0]])

class FirstPaint(QObject):
    done = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Paint:
            self.done = True
        return False

window = MainWindow()
window.resize(1600, 1000)
window.show()
app.processEvents()
probe = FirstPaint()
window.view.viewport().installEventFilter(probe)
import gc
gc.collect()
cpu, wall = time.process_time(), time.perf_counter()
window.open_path(Path(sys.argv[1]), guard=False)
while not probe.done:
    app.processEvents()
app.processEvents()
print(f"{time.perf_counter() - wall:.4f} {time.process_time() - cpu:.4f}")
sys.stdout.flush()
os._exit(0)
"""


def one_open(tree: Path, path: Path, home: Path) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(tree), QT_QPA_PLATFORM="offscreen")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home / var.lower())
    out = subprocess.run(
        [sys.executable, "-c", ONE_OPEN, str(path)],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the other argmap tree")
    parser.add_argument("--cards", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    from argmap.generate import generate_yaml

    home = Path(tempfile.mkdtemp(prefix="argmap-versus-"))
    path = home / f"map-{args.cards}.yaml"
    path.write_text(generate_yaml(args.cards), encoding="utf-8")
    trees = {"base": args.base.resolve(), "this": HERE}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    print(f"{args.cards} cards, open -> first paint (s): wall, cpu")
    for _ in range(args.rounds):
        for name, tree in trees.items():
            wall, cpu = one_open(tree, path, home)
            times[name].append((wall, cpu))
            print(f"  {name}  {wall:.3f}  {cpu:.3f}")
    medians = {name: [statistics.median(t[i] for t in runs) for i in (0, 1)] for name, runs in times.items()}
    for name, (wall, cpu) in medians.items():
        print(f"median {name}  wall {wall:.3f}  cpu {cpu:.3f}")
    (bw, bc), (tw, tc) = medians["base"], medians["this"]
    print(f"this / base: wall {tw / bw:.2f} x, cpu {tc / bc:.2f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
