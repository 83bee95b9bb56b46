"""Start-up of the commands that draw nothing, counted in instructions: the same figure on a busy machine.

Wall-clock ratios against ``python -c pass`` (bench_processes.startup) move with the machine's load;
valgrind's instruction count of each process does not, so a change of a few hundred microseconds shows
plainly. Runs ``python -c pass``, ``python -m argmap --version``, ``validate`` and ``stats`` of the
default map under ``valgrind --tool=cachegrind`` (bytecode compiled first, as the benchmark does) and
prints each count and its ratio to the bare interpreter's. Instructions are not time: a process's time
is about 9 ms plus 0.28 ms per million instructions on the machine this was written on, so an
instruction ratio of 3.5 is a wall-clock ratio of about 3.

    PYTHONPATH=. python tests/benchmarks/startup_instructions.py      (needs valgrind; about 10 s)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MAP = ROOT / "maps" / "ukraine-resistance.yaml"


def instructions(cmd: list[str], env: dict[str, str]) -> int:
    """The instructions ``cmd`` executed (cachegrind's "I refs"), its children not included."""
    proc = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *cmd],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count from valgrind: {proc.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "argmap")], env=env, check=False)
    py = sys.executable
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "argmap --version": [py, "-m", "argmap", "--version"],
        "argmap validate": [py, "-m", "argmap", "validate", str(DEFAULT_MAP)],
        "argmap stats": [py, "-m", "argmap", "stats", str(DEFAULT_MAP)],
    }
    base = None
    for name, cmd in commands.items():
        count = instructions(cmd, env)
        base = base or count
        print(f"{name:18s} {count / 1e6:8.1f} M instructions  {count / base:5.2f} x python -c pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
