"""`argmap export` on the command line: no display needed, clear failures, sizes reported."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from argmap.resources import DEFAULT_MAP


def run(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "argmap.cli", "export", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.parametrize(
    "fmt, says", [("png", " px"), ("svg", "bytes"), ("pdf", " pages ("), ("docx", "bytes")]
)
def test_exports_the_default_map_without_a_display(tmp_path, fmt, says):
    out = tmp_path / f"map.{fmt}"
    done = run(DEFAULT_MAP, "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 10_000
    assert done.stdout.startswith("wrote ") and says in done.stdout
    if fmt == "pdf":  # one letter page would print the text under 6 pt: tiles, and it says so
        assert "tiled over" in done.stderr and "--one-page" in done.stderr


def test_one_page_fits_the_map_on_one_page_however_small(tmp_path):
    out = tmp_path / "one.pdf"
    done = run(DEFAULT_MAP, "-o", out, "--one-page")
    assert done.returncode == 0, done.stderr
    assert "1 page," in done.stdout and "note" not in done.stderr


def test_options_reach_the_export(tmp_path):
    out = tmp_path / "tiled.pdf"
    done = run(
        DEFAULT_MAP,
        "-o",
        out,
        "--tile",
        "--page",
        "a4",
        "--landscape",
        "--theme",
        "print",
        "--title",
        "Round 4 <aff>",
        "--no-legend",
    )
    assert done.returncode == 0, done.stderr
    assert "pages (" in done.stdout
    png = tmp_path / "one.png"
    done = run(DEFAULT_MAP, "-o", png, "--subtree", "long-war", "--dpi", "96", "--transparent")
    assert done.returncode == 0, done.stderr


def test_broken_map_prints_located_problems_and_exits_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("argmap: 1\ntitle: t\ncards:\n  - id: a\n    kind: bogus\n    side: for\n    text: x\n")
    done = run(bad, "-o", tmp_path / "out.png")
    assert done.returncode == 1
    assert "bad.yaml:5:11: error:" in done.stderr and "nothing was exported" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.png").exists()


@pytest.mark.parametrize(
    "target, says",
    [
        ("missing-folder/out.png", "does not exist"),
        ("a-file.txt/out.png", "Not a directory"),
        ("out.gif", "unknown format 'gif'"),
    ],
)
def test_unwritable_or_unknown_output_is_a_clear_message(tmp_path, target, says):
    (tmp_path / "a-file.txt").write_text("x")
    done = run(DEFAULT_MAP, "-o", tmp_path / target)
    assert done.returncode == 1
    assert says in done.stderr and "Traceback" not in done.stderr


def test_unknown_subtree_card_is_named(tmp_path):
    done = run(DEFAULT_MAP, "-o", tmp_path / "x.png", "--subtree", "no-such-card")
    assert done.returncode == 1 and "no-such-card" in done.stderr
