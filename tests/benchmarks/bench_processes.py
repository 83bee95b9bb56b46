"""Whole processes side by side: argmap's commands against a bare Python, Graphviz dot and Argdown.

Every figure here is a user's command run as its own process, timed from start to exit, with the peak
memory of that one process (``os.wait4`` returns each child's own ``ru_maxrss``; ``RUSAGE_CHILDREN``
would give the largest of all children so far). Commands compared with each other run interleaved, in
the same minute, so that the ratio holds however busy the machine is:

- start-up: ``python -m argmap --version``, ``validate`` and ``stats`` of the default map against
  ``python -c pass`` (median of ``runs``), and which modules ``validate`` imported (``-X importtime``);
- exports: ``python -m argmap export g.yaml -o g.svg|pdf|png`` against ``dot -Tsvg|-Tpdf|-Tpng g.dot``
  on argmap's own DOT of the same map (``argmap convert g.yaml -o g.dot``), and against the Argdown
  CLI's ``argdown map g.argdown OUT -f svg|pdf`` on the map converted to Argdown, where it is installed.

Used by ``bench_scale.py``; Qt-free, so it can also be run alone:

    PYTHONPATH=. python tests/benchmarks/bench_processes.py --sizes 100,1000
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

EXPORT_FORMATS = ("svg", "pdf", "png")
ARGDOWN_FORMATS = ("svg", "pdf")  # png needs @argdown/image-export, which the project does not install
QT_MODULES = ("PySide6", "shiboken6")


@dataclass
class Run:
    """One finished (or stopped) process."""

    wall_s: float
    cpu_s: float  # user + system time of the process (and of children it waited for)
    max_rss_mb: float  # its own peak resident memory
    returncode: int | None
    timed_out: bool = False
    stderr: str = ""
    rss_of: str = "process"


GNU_TIME = "/usr/bin/time"  # Debian's `time` package (scripts/install-system-deps.sh)


def run_measured(cmd: list[str], *, timeout: float, env: dict | None = None, cwd: Path | None = None) -> Run:
    """Run ``cmd`` to its end (or kill it after ``timeout`` s): wall time, CPU time, peak memory.

    Peak memory comes from ``wait4`` on the process itself, but not on a child of this one: a child
    forked from Python (fork, vfork or posix_spawn alike) carries this process's resident size until
    its exec, and Linux keeps that in the child's ``ru_maxrss`` (38 MB for ``dot`` on a 100-card graph
    whose own peak is 18 MB). So the command runs under GNU time, a 2 MB C program that forks it and
    reports the ``wait4`` usage of that child alone. Without GNU time, this process's own ``wait4`` is
    used (and the figure is marked). Wall time is measured here, the same way for every command.

    The process gets its own session so that a timeout stops whatever it started too. Its output goes
    to a file rather than a pipe: nothing reads a pipe while we wait, and a full one would stall it."""
    gnu_time = os.access(GNU_TIME, os.X_OK)
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r", suffix=".time") as usage_file:
        full = [GNU_TIME, "-q", "-f", "%U %S %M %x", "-o", usage_file.name, *cmd] if gnu_time else cmd
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            full,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
        stopped = threading.Event()

        def kill(sig: int = signal.SIGKILL) -> None:
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass

        def stop() -> None:
            # SIGINT first: GNU time ignores it while it waits, so the command alone ends and time still
            # reports its usage (its peak memory so far); whatever is left is killed a moment later.
            stopped.set()
            kill(signal.SIGINT if gnu_time else signal.SIGKILL)
            finisher.start()

        timer = threading.Timer(timeout, stop)
        finisher = threading.Timer(5.0, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # the benchmark itself stopped (Ctrl+C, SIGTERM): so does its child
            kill()
            raise
        finally:
            timer.cancel()
            finisher.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
        cpu, rss_kib, code = usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode
        fields = usage_file.read().split() if gnu_time else []
        if len(fields) == 4:
            cpu, rss_kib, code = float(fields[0]) + float(fields[1]), int(fields[2]), int(fields[3])
        elif stopped.is_set():
            rss_kib = 0  # killed with GNU time: no figure of the command's own
    return Run(
        wall_s=wall,
        cpu_s=cpu,
        max_rss_mb=rss_kib / 1024.0,  # KiB on Linux
        returncode=None if stopped.is_set() else code,
        timed_out=stopped.is_set(),
        stderr=tail,
        rss_of="process" if gnu_time else "process, with the benchmark's own size before exec",
    )


def summary(runs: list[Run], ok_codes: tuple[int, ...] = (0,)) -> dict:
    """Median wall and CPU time and peak memory over the runs that finished well, and every run."""
    good = [r for r in runs if not r.timed_out and r.returncode in ok_codes]
    out: dict = {"runs": [round(r.wall_s, 4) for r in runs]}
    if good:
        out["s"] = statistics.median(r.wall_s for r in good)
        out["cpu_s"] = statistics.median(r.cpu_s for r in good)
        out["rss_mb"] = statistics.median(r.max_rss_mb for r in good)
    else:
        out["s"] = out["cpu_s"] = out["rss_mb"] = None
        last = runs[-1]
        if last.timed_out:
            out["timed_out_after_s"] = round(last.wall_s, 1)
            out["rss_at_stop_mb"] = last.max_rss_mb or None  # its peak so far: a lower bound
            out["note"] = f"stopped after {last.wall_s:.0f} s (--timeout)"
        else:
            out["note"] = f"exit {last.returncode}: {last.stderr.strip()[-400:]}"
    return out


def interleaved(commands: dict[str, dict], runs: int, long: float, timeout: float) -> dict[str, dict]:
    """Run each command in turn, ``runs`` rounds, and summarise each (its median).

    ``commands`` maps a name to ``{"cmd": [...], "env": ..., "cwd": ..., "ok": (0,)}``. When any
    command's first run takes ``long`` seconds or more, every command runs once: the ratio of two long
    processes moves little, and a second round of dot at 10,000 cards would cost minutes. A command that
    timed out or failed is not run again."""
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for k in range(max(1, runs)):
        for name, spec in commands.items():
            done = results[name]
            if done and (done[-1].timed_out or done[-1].returncode not in spec.get("ok", (0,))):
                continue
            done.append(run_measured(spec["cmd"], timeout=timeout, env=spec.get("env"), cwd=spec.get("cwd")))
        if k == 0 and any(r and r[0].wall_s >= long for r in results.values()):
            break
    return {name: summary(done, commands[name].get("ok", (0,))) for name, done in results.items()}


# ---------------------------------------------------------------------------------------------
# Start-up of the commands that draw nothing.
# ---------------------------------------------------------------------------------------------


def imported_modules(cmd: list[str], env: dict, cwd: Path) -> list[str]:
    """Every module the Python command ``cmd`` (``[python, args...]``) imports, by ``-X importtime``."""
    proc = subprocess.run(
        [cmd[0], "-X", "importtime", *cmd[1:]], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )
    names = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name and name != "imported package":
                names.append(name)
    return names


def startup(map_path: Path, env: dict, runs: int, timeout: float) -> dict:
    """``argmap --version``, ``validate MAP`` and ``stats MAP`` against ``python -c pass``.

    validate and stats exit 1 when the map has problems; that is still a finished command."""
    py = sys.executable
    argmap = [py, "-m", "argmap"]
    commands = {
        "python": {"cmd": [py, "-c", "pass"]},
        "version": {"cmd": [*argmap, "--version"]},
        "validate": {"cmd": [*argmap, "validate", str(map_path)], "ok": (0, 1)},
        "stats": {"cmd": [*argmap, "stats", str(map_path)], "ok": (0, 1)},
    }
    for spec in commands.values():
        spec.update(env=env, cwd=ROOT)
    if runs > 1:  # one round first, not counted: the files are then in the page cache for every counted run
        interleaved(commands, 1, float("inf"), timeout)
    out = interleaved(commands, runs, float("inf"), timeout)
    base = out["python"]["s"]
    for name in ("version", "validate", "stats"):
        s = out[name]["s"]
        out[name]["vs_python"] = s / base if s is not None and base else None
        modules = imported_modules(commands[name]["cmd"], env, ROOT)
        out[name]["modules_imported"] = len(modules)
        out[name]["qt_modules"] = sorted({m for m in modules if m.split(".")[0] in QT_MODULES})
        out[name]["imports_networkx"] = any(m.split(".")[0] == "networkx" for m in modules)
    out["map"] = str(map_path.relative_to(ROOT) if map_path.is_relative_to(ROOT) else map_path)
    return out


# ---------------------------------------------------------------------------------------------
# Exports against the peers, on one map.
# ---------------------------------------------------------------------------------------------


def argdown_cli() -> str | None:
    """The Argdown CLI: ``node_modules/.bin/argdown`` in the tree (``make argdown``), else on PATH."""
    local = ROOT / "node_modules" / ".bin" / "argdown"
    if local.exists() and shutil.which("node"):
        return str(local)
    return shutil.which("argdown")


def convert(map_path: Path, target: Path, env: dict, timeout: float) -> str | None:
    """``argmap convert MAP -o TARGET``; None when it worked, else why not."""
    run = run_measured(
        [sys.executable, "-m", "argmap", "convert", str(map_path), "-o", str(target)],
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )
    if run.returncode == 0 and target.exists():
        return None
    return f"argmap convert to {target.suffix} failed: {run.stderr.strip()[-300:]}"


def exports(
    map_path: Path,
    workdir: Path,
    env: dict,
    runs: int,
    long: float,
    timeout: float,
    peers: set[str],
    formats: tuple[str, ...] = EXPORT_FORMATS,
    log=lambda msg: None,
) -> dict:
    """Every export format of argmap against dot (and Argdown) on the map at ``map_path``.

    Returns ``{"svg": {"argmap": {...}, "dot": {...}, "argdown": {...}, "time_vs_dot": r, ...}, ...}``;
    a peer that is not installed, could not be given the map, or was not asked for is left out (with
    a note). ``peers`` names the peers to run (``dot``, ``argdown``)."""
    out: dict = {"notes": []}
    dot = shutil.which("dot") if "dot" in peers else None
    argdown = argdown_cli() if "argdown" in peers else None
    if "dot" in peers and dot is None:
        out["notes"].append("Graphviz dot is not installed (make system-deps)")
    if "argdown" in peers and argdown is None:
        out["notes"].append("the Argdown CLI is not installed (make argdown)")
    dot_file = workdir / "g.dot"
    if dot and (why := convert(map_path, dot_file, env, timeout)):
        out["notes"].append(why)
        dot = None
    ad_file = workdir / "g.argdown"
    if argdown and (why := convert(map_path, ad_file, env, timeout)):
        out["notes"].append(why)
        argdown = None
    if dot:
        out["dot_version"] = _dot_version(dot)
    stopped: set[str] = set()
    for fmt in formats:
        outdir = workdir / fmt
        outdir.mkdir(exist_ok=True)
        commands = {
            "argmap": {
                "cmd": [
                    sys.executable,
                    "-m",
                    "argmap",
                    "export",
                    str(map_path),
                    "-o",
                    str(outdir / f"a.{fmt}"),
                ],
                "env": env,
                "cwd": ROOT,
            }
        }
        if dot:
            commands["dot"] = {"cmd": [dot, f"-T{fmt}", str(dot_file), "-o", str(outdir / f"d.{fmt}")]}
        if argdown and fmt in ARGDOWN_FORMATS:
            commands["argdown"] = {
                "cmd": [argdown, "map", str(ad_file), str(outdir / "argdown"), "-f", fmt],
                "cwd": workdir,
            }
        for peer in stopped:
            commands.pop(peer, None)
        result = interleaved(commands, runs, long, timeout)
        for peer in ("dot", "argdown"):  # stopped by the timeout: not given this map's other formats
            if result.get(peer, {}).get("timed_out_after_s"):
                stopped.add(peer)
                out["notes"].append(f"{peer} stopped after {timeout:.0f} s on {fmt.upper()}: not run further")
        log(f"  {fmt}: " + ", ".join(f"{name} {_brief(result[name])}" for name in commands))
        for peer in ("dot", "argdown"):
            if peer not in result:
                continue
            a, p = result["argmap"], result[peer]
            result[f"time_vs_{peer}"] = _ratio(a, p, "s")
            result[f"rss_vs_{peer}"] = _ratio(a, p, "rss_mb")
            if p["s"] is None and p.get("timed_out_after_s") and a["s"] is not None:
                # The peer took longer than the timeout: the ratio is at most this.
                result[f"time_vs_{peer}_at_most"] = a["s"] / p["timed_out_after_s"]
        out[fmt] = result
        shutil.rmtree(outdir, ignore_errors=True)
    return out


def _brief(fig: dict) -> str:
    if fig["s"] is None:
        return fig.get("note", "failed")
    return f"{fig['s']:.2f} s {fig['rss_mb']:.0f} MB"


def _ratio(a: dict, p: dict, key: str) -> float | None:
    if a.get(key) is None or not p.get(key):
        return None
    return a[key] / p[key]


def _dot_version(exe: str) -> str:
    proc = subprocess.run([exe, "-V"], capture_output=True, text=True)
    return (proc.stderr or proc.stdout).strip()


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--long", type=float, default=2.0)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--peers", default="dot,argdown")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from argmap.generate import generate_yaml
    from argmap.resources import DEFAULT_MAP

    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    report: dict = {"startup": startup(DEFAULT_MAP, env, args.runs, args.timeout), "exports": {}}
    with tempfile.TemporaryDirectory(prefix="argmap-bench-") as tmp:
        for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
            path = Path(tmp) / f"map-{n}.yaml"
            path.write_text(generate_yaml(n), encoding="utf-8")
            report["exports"][str(n)] = exports(
                path, Path(tmp), env, args.runs, args.long, args.timeout, set(args.peers.split(","))
            )
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
