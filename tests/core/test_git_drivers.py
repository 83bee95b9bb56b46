"""argmap as git's merge and diff driver, in a real repository with two branches of the shipped map."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.edits import AddCard, UpdateCard
from argmap.format import load, save
from argmap.model import Card, Relation, with_fields

ROOT = Path(__file__).resolve().parents[2]
MAP = "maps/ukraine-resistance.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check)


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A repository holding the shipped map, set up with argmap git-setup and committed on main."""
    # git and the drivers it starts see this checkout of argmap and no user git config.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    repo = tmp_path / "squad"
    (repo / "maps").mkdir(parents=True)
    for name in ("ukraine-resistance.yaml", "ukraine-resistance.source.txt"):
        shutil.copy(ROOT / "maps" / name, repo / "maps" / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Partner A")
    git(repo, "config", "user.email", "a@example.org")
    monkeypatch.chdir(repo)
    assert main(["git-setup"]) == 0
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "the shipped map")
    return repo


def change_map(repo: Path, *edits) -> None:
    amap = load(repo / MAP).map
    for e in edits:
        amap.apply(e(amap) if callable(e) else e)
    save(amap, repo / MAP)


def retext(card_id: str, **fields):
    return lambda amap: UpdateCard(with_fields(amap.card(card_id), **fields))


def commit_on(repo: Path, branch: str, message: str, *edits, new: bool = True) -> None:
    git(repo, "checkout", "-q", *(["-b"] if new else []), branch)
    change_map(repo, *edits)
    git(repo, "commit", "-q", "-am", message)


def test_git_setup_writes_config_and_attributes_once(repo, capsys):
    assert (repo / ".gitattributes").read_text(encoding="utf-8").count("*.yaml merge=argmap diff=argmap") == 1
    driver = git(repo, "config", "--get", "merge.argmap.driver").stdout.strip()
    assert driver == f"{sys.executable} -m argmap merge %O %A %B -o %A --git %P"
    capsys.readouterr()
    assert main(["git-setup"]) == 0  # again: nothing new
    out = capsys.readouterr().out
    assert "already set: merge.argmap.driver" in out and "already lists the map files" in out
    assert (repo / ".gitattributes").read_text(encoding="utf-8").count("*.yaml merge=argmap diff=argmap") == 1


def test_git_setup_outside_a_repository_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert main(["git-setup"]) == 2
    assert "not inside a git repository" in capsys.readouterr().err


def test_partners_editing_different_cards_merge_cleanly_where_lines_would_clash(repo):
    # Both add a card at the end of the list and both touch one card (different fields): git's line
    # merge conflicts on both; argmap's merge takes everything.
    commit_on(
        repo,
        "partner",
        "partner: rebuttal and a sharper text",
        AddCard(
            Card("escalation", "rebuttal", "against", "Partisans invite escalation."),
            (Relation("escalation", "aff-support", "rebuts"),),
        ),
        retext("neg-no-irregulars", text="Irregular forces cannot be held to the laws of war."),
    )
    git(repo, "checkout", "-q", "main")
    change_map(
        repo,
        AddCard(
            Card("precedent", "argument", "for", "Resistance aid has a record: the Baltics."),
            (Relation("precedent", "aff-support", "supports"),),
        ),
        retext("neg-no-irregulars", tag="No irregulars", speech="2NC"),
    )
    git(repo, "commit", "-q", "-am", "ours: precedent and a tag")
    # What git's own line merge would make of the same three versions.
    versions = {}
    for name, rev in (("base", "main~1"), ("ours", "main"), ("theirs", "partner")):
        versions[name] = repo / f"{name}.txt"
        versions[name].write_text(git(repo, "show", f"{rev}:{MAP}").stdout, encoding="utf-8")
    lines = git(
        repo,
        "merge-file",
        "-p",
        str(versions["ours"]),
        str(versions["base"]),
        str(versions["theirs"]),
        check=False,
    )
    assert lines.returncode > 0, "the line merge should have clashed for this test to mean anything"
    merged = git(repo, "merge", "--no-edit", "partner", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "merged without conflicts" in merged.stderr + merged.stdout
    result = load(repo / MAP)
    assert result.problems == [] or not result.has_errors
    amap = result.map
    assert {"escalation", "precedent"} <= set(amap.card_ids())
    card = amap.card("neg-no-irregulars")
    assert (card.text, card.tag, card.speech) == (
        "Irregular forces cannot be held to the laws of war.",
        "No irregulars",
        "2NC",
    )
    assert amap.conflicts == ()
    assert main(["validate", str(repo / MAP)]) == 0


def test_the_same_field_changed_both_ways_is_a_git_conflict_that_keeps_both(repo):
    commit_on(
        repo, "partner", "partner text", retext("ukraine-asked", text="Partner: Kyiv asked in writing.")
    )
    commit_on(
        repo, "main", "our text", retext("ukraine-asked", text="Ours: Danilov asked for funds."), new=False
    )
    merged = git(repo, "merge", "--no-edit", "partner", check=False)
    assert merged.returncode != 0
    assert f"CONFLICT (content): Merge conflict in {MAP}" in merged.stdout
    assert git(repo, "status", "--porcelain").stdout.startswith(f"UU {MAP}")
    text = (repo / MAP).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    assert "Ours: Danilov asked for funds." in text and "Partner: Kyiv asked in writing." in text
    result = load(repo / MAP)
    assert result.map.card("ukraine-asked").text == "Ours: Danilov asked for funds."
    assert [p.code for p in result.problems if p.severity == "error"] == ["conflict"]
    assert not result.blocks_editing
    assert main(["validate", str(repo / MAP)]) == 1


def test_git_diff_speaks_cards_and_other_yaml_keeps_line_diffs_and_merges(repo):
    change_map(repo, retext("aff-support", tag="Fund the resistance now"))
    (repo / "notes.yaml").write_text("a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n", encoding="utf-8")
    shown = git(repo, "diff").stdout
    assert f"argmap diff {MAP}" in shown
    assert "cards changed (1):\n  ~ aff-support: tag" in shown
    # A YAML file that is not a map: line diff and line merge, through the same drivers.
    git(repo, "add", "notes.yaml")
    git(repo, "commit", "-q", "-am", "notes")
    git(repo, "checkout", "-q", "-b", "partner")
    (repo / "notes.yaml").write_text("a: 1\nb: 2\nc: 3\nd: 4\ne: 50\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "partner notes")
    git(repo, "checkout", "-q", "main")
    (repo / "notes.yaml").write_text("a: 10\nb: 2\nc: 3\nd: 4\ne: 5\n", encoding="utf-8")
    assert "-a: 1\n+a: 10" in git(repo, "diff", "notes.yaml").stdout
    git(repo, "commit", "-q", "-am", "our notes")
    merged = git(repo, "merge", "--no-edit", "partner", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert (repo / "notes.yaml").read_text(encoding="utf-8") == "a: 10\nb: 2\nc: 3\nd: 4\ne: 50\n"
    assert "error" not in merged.stderr  # a file that is not a map is no map's problem


def test_git_setup_global_writes_the_user_config_and_attributes(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(tmp_path)
    assert main(["git-setup", "--global", "--pattern", "*.argmap.yaml"]) == 0
    out = capsys.readouterr().out
    attributes = tmp_path / "config" / "git" / "attributes"
    assert f"{attributes}:\n  added: *.argmap.yaml merge=argmap diff=argmap" in out
    assert attributes.read_text(encoding="utf-8").endswith("*.argmap.yaml merge=argmap diff=argmap\n")
    config = git(tmp_path, "config", "--global", "--get", "diff.argmap.command").stdout.strip()
    assert config == f"{sys.executable} -m argmap diff --git"
