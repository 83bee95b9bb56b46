"""Registering argmap with git as the merge and diff driver for map files (no Qt, no network).

git reads drivers from its config (``merge.argmap.driver``, ``diff.argmap.command``) and which files use
them from ``.gitattributes``. Both are written idempotently: running setup twice changes nothing.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PATTERNS = ("*.yaml", "*.yml")
ATTRIBUTES = "merge=argmap diff=argmap"


class GitSetupError(Exception):
    """Setup could not be done; ``str()`` says why in a sentence."""


@dataclass
class SetupReport:
    config_scope: str
    config: dict[str, str] = field(default_factory=dict)  # key -> value written
    unchanged: list[str] = field(default_factory=list)  # keys that already held the value
    attributes_file: Path | None = None
    attributes_added: list[str] = field(default_factory=list)


def argmap_command() -> str:
    """How git should start argmap: this Python with ``-m argmap``, so no PATH or venv is needed."""
    return f"{shlex.quote(sys.executable)} -m argmap"


def driver_config() -> dict[str, str]:
    command = argmap_command()
    return {
        "merge.argmap.name": "argmap: merge maps card by card",
        # git replaces %O %A %B %P with quoted names; the result must be written over %A.
        "merge.argmap.driver": f"{command} merge %O %A %B -o %A --git %P",
        "diff.argmap.command": f"{command} diff --git",
    }


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitSetupError("git is not installed (or not on PATH)") from None


def setup(
    where: Path, *, global_scope: bool = False, patterns: tuple[str, ...] = DEFAULT_PATTERNS
) -> SetupReport:
    """Write the driver config and the attributes lines; return what was written."""
    where = Path(where)
    scope = "--global" if global_scope else "--local"
    if not global_scope:
        top = _git(["rev-parse", "--show-toplevel"], where)
        if top.returncode != 0:
            raise GitSetupError(f"{where} is not inside a git repository (use --global for every repository)")
        root = Path(top.stdout.strip())
        attributes = root / ".gitattributes"
    else:
        root = where
        attributes = _global_attributes_file(where)
    report = SetupReport(
        "global (~/.gitconfig)" if global_scope else f"this repository ({root / '.git' / 'config'})"
    )
    for key, value in driver_config().items():
        now = _git(["config", scope, "--get", key], root)
        if now.returncode == 0 and now.stdout.rstrip("\n") == value:
            report.unchanged.append(key)
            continue
        done = _git(["config", scope, key, value], root)
        if done.returncode != 0:
            raise GitSetupError(f"git config {key} failed: {done.stderr.strip()}")
        report.config[key] = value
    report.attributes_file = attributes
    report.attributes_added = _add_attribute_lines(attributes, patterns)
    return report


def _global_attributes_file(where: Path) -> Path:
    configured = _git(["config", "--global", "--get", "core.attributesFile"], where)
    if configured.returncode == 0 and configured.stdout.strip():
        return Path(os.path.expanduser(configured.stdout.strip()))
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "git" / "attributes"


def _add_attribute_lines(path: Path, patterns: tuple[str, ...]) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    have = {" ".join(line.split()) for line in text.splitlines()}
    wanted = [f"{pattern} {ATTRIBUTES}" for pattern in patterns]
    missing = [line for line in wanted if line not in have]
    if missing:
        path.parent.mkdir(parents=True, exist_ok=True)
        prefix = "" if not text or text.endswith("\n") else "\n"
        header = (
            "" if "argmap" in text else "# argmap merges and diffs maps card by card (argmap git-setup)\n"
        )
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(prefix + header + "".join(line + "\n" for line in missing))
    return missing
