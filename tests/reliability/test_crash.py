"""A real process editing a map is killed with SIGKILL at random moments, mid-save included. Each time
the map file loads and is the old or the new version, and the recovery file holds the edits up to the
last autosave.

ARGMAP_CRASH_KILLS sets the number of kills (15 by default); ``-s`` prints where the kills landed.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from argmap.format import dumps, load, loads
from argmap.recovery import RecoveryStore
from argmap.resources import DEFAULT_MAP

ROOT = Path(__file__).resolve().parents[2]
EDITOR = ROOT / "scripts" / "crash_editor.py"
KILLS = int(os.environ.get("ARGMAP_CRASH_KILLS", "15"))

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Journal:
    """What the killed process said it had done, and what it was doing when it died."""

    def __init__(self, lines: list[str]) -> None:
        words = lines[0].split()
        assert words[0] == "ready", lines[:3]
        self.key = words[1]
        self.disk, self.disk_pending = words[2], None
        self.recovery, self.recovery_pending = None, None  # None: no recovery file
        self.recovery_in_flight = False
        for line in lines[1:]:
            op, *rest = line.split()
            if op == "save-begin":
                self.disk_pending = rest[0]
            elif op == "save-end":
                self.disk, self.disk_pending = self.disk_pending, None
            elif op == "autosave-begin":
                self.recovery_pending, self.recovery_in_flight = rest[0], True
            elif op == "discard-begin":
                self.recovery_pending, self.recovery_in_flight = None, True
            elif op in ("autosave-end", "discard-end"):
                self.recovery, self.recovery_in_flight = self.recovery_pending, False

    @property
    def where(self) -> str:
        if self.disk_pending is not None:
            return "mid-save"
        if self.recovery_in_flight:
            return "mid-autosave" if self.recovery_pending else "mid-discard"
        return "between writes"

    def disk_allowed(self) -> set[str]:
        return {self.disk} | ({self.disk_pending} if self.disk_pending else set())

    def recovery_allowed(self) -> set[str | None]:
        return {self.recovery} | ({self.recovery_pending} if self.recovery_in_flight else set())


def run_until_killed(
    map_file: Path,
    recovery: Path,
    seed: int,
    lines_before_kill: int,
    trigger: str = "",
    fraction: float = 0.0,
    check_live=None,
) -> list[str]:
    """Run the editor and kill it once it has said ``lines_before_kill`` lines and then one starting
    with ``trigger``, and then ``fraction`` of the time its last write of that kind took: with a
    trigger the kill lands inside that write (or just after it), wherever the machine's speed."""
    proc = subprocess.Popen(
        [
            sys.executable,
            str(EDITOR),
            str(map_file),
            str(recovery),
            "--seed",
            str(seed),
            "--fsync-delay",
            "0.002",
        ],
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
        cwd=ROOT,
    )
    lines: list[str] = []
    took = {"save": 0.003, "autosave": 0.003}
    try:
        for line in proc.stdout:
            lines.append(line.strip())
            op, *rest = line.split()
            if op in ("save-end", "autosave-end"):
                took[op[:-4]] = float(rest[0])
            if check_live is not None and line.startswith("autosave-end"):
                check_live(proc)
                check_live = None
            if len(lines) >= lines_before_kill and line.startswith(trigger):
                break
        try:  # not a sleep for timing's sake: it places the kill at a random point of the write
            proc.wait(timeout=fraction * took["save" if trigger.startswith("save") else "autosave"])
        except subprocess.TimeoutExpired:
            pass
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        rest = proc.stdout.read()
        proc.stdout.close()
    lines += [line.strip() for line in rest.splitlines() if line.strip()]
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, lines[-3:])
    return lines


def check_after_kill(map_file: Path, recovery: Path, journal: Journal) -> str:
    """Check the files a kill left; says which version of the file being written survived."""
    data = map_file.read_bytes()
    assert sha(data) in journal.disk_allowed(), (
        f"the map file is neither the old nor the new version ({journal.where})"
    )
    result = load(map_file, check_quotes=False)
    assert result.map is not None and not result.has_errors, result.problems[:3]
    store = RecoveryStore(recovery)
    entries = store.entries()
    assert all(e.key == journal.key for e in entries), entries
    found = sha(store.read(entries[0]).encode("utf-8")) if entries else None
    assert found in journal.recovery_allowed(), f"recovery file is not the last autosave ({journal.where})"
    if entries:
        text = store.read(entries[0])
        recovered = loads(text)
        assert recovered.map is not None and dumps(recovered.map) == text
        assert entries[0].original_path == map_file.absolute()
        store.discard(entries[0].key)  # the user chose Discard; the next round starts clean
    if journal.where == "mid-save":
        return "new file" if sha(data) == journal.disk_pending else "old file"
    if journal.recovery_in_flight:
        return "new recovery" if found == journal.recovery_pending else "old recovery"
    return ""


def test_killed_editor_leaves_a_loadable_file_and_its_last_autosave(tmp_path):
    map_file = tmp_path / "maps" / "crash.yaml"
    map_file.parent.mkdir()
    shutil.copyfile(DEFAULT_MAP, map_file)
    recovery = tmp_path / "recovery"
    rng = random.Random(int(os.environ.get("ARGMAP_CRASH_SEED", "1")))
    landed: Counter = Counter()
    started = time.monotonic()

    def no_offer_while_running(proc) -> None:
        assert RecoveryStore(recovery).entries() == []  # a running editor's files are its own
        assert proc.poll() is None

    for n in range(KILLS):
        lines = run_until_killed(
            map_file,
            recovery,
            seed=rng.randrange(2**32),
            lines_before_kill=rng.randint(1, 60),
            trigger=rng.choice(("", "save-begin", "autosave-begin")),
            fraction=rng.uniform(0, 1.2),
            check_live=no_offer_while_running if n == 0 else None,
        )
        journal = Journal(lines)
        survived = check_after_kill(map_file, recovery, journal)
        landed[journal.where + (f", {survived} kept" if survived else "")] += 1
    # write_atomic's temporary file stays behind when the kill lands between creating and renaming it.
    leftovers = [p.name for p in map_file.parent.iterdir() if p.name != map_file.name]
    print(
        f"\n{KILLS} kills in {time.monotonic() - started:.1f} s, landed: {dict(landed)}; "
        f"temporary files left beside the map: {len(leftovers)}"
    )
