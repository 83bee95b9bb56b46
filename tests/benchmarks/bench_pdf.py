"""The PDF export against Graphviz's dot -Tpdf on the same graphs, measured back to back.

    python tests/benchmarks/bench_pdf.py 100 1000        # (10000 takes dot minutes)

For each size: argmap export N.yaml -o N.pdf and dot -Tpdf N.dot, each a whole process timed with
its peak memory (/usr/bin/time), and the ratios; #19 asks for time ≤ 1 × dot at 1,000 cards and
≤ 0.1 × at 10,000, and memory ≤ 2 × dot's.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path


def measured(command: list[str]) -> tuple[float, int]:
    """(seconds, peak KB) of one process."""
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", *command], capture_output=True, text=True, check=True
    )
    seconds, kb = re.findall(r"^([\d.]+) (\d+)$", done.stderr, re.M)[-1]
    return float(seconds), int(kb)


def main(sizes: list[int], fmt: str = "pdf") -> None:
    """``fmt``: pdf, or png (bench_png.py)."""
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for n in sizes:
            yaml, dot = work / f"{n}.yaml", work / f"{n}.dot"
            made = f"open({str(yaml)!r}, 'w').write(generate_yaml({n}))"
            code = f"from argmap.generate import generate_yaml; {made}"
            subprocess.run([python, "-c", code], check=True)
            subprocess.run(
                [python, "-m", "argmap", "convert", str(yaml), "-o", str(dot)],
                check=True,
                capture_output=True,
            )
            ours = measured([python, "-m", "argmap", "export", str(yaml), "-o", str(work / f"{n}.{fmt}")])
            theirs = measured(["dot", f"-T{fmt}", str(dot), "-o", str(work / f"{n}.dot.{fmt}")])
            print(
                f"{n:>6} cards: argmap {ours[0]:.2f} s {ours[1] / 1024:.0f} MB, "
                f"dot {theirs[0]:.2f} s {theirs[1] / 1024:.0f} MB: "
                f"time {ours[0] / theirs[0]:.2f} x, memory {ours[1] / theirs[1]:.2f} x"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
