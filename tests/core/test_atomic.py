"""Atomic save: either the old file or the new one, permissions kept, no temporary file left behind."""

from __future__ import annotations

import errno
import os
import stat
import tempfile

import pytest

from argmap import atomic
from argmap.atomic import SaveError, write_atomic
from argmap.format import save
from argmap.model import ArgumentMap, Card, MapInfo

OLD = b"argmap: 1\ntitle: old\ncards: []\n"


def leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def test_write_replaces_the_content(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_bytes(OLD)
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert leftovers(tmp_path) == []


def test_permissions_survive_a_save(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_bytes(OLD)
    os.chmod(path, 0o640)
    write_atomic(path, b"new")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_a_new_file_gets_the_usual_permissions_for_the_umask(tmp_path):
    old_umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.yaml", b"x")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(os.stat(tmp_path / "new.yaml").st_mode) == 0o644


@pytest.mark.parametrize("fail_at", ["fsync", "replace", "write", "chmod"])
def test_a_failed_save_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, fail_at):
    path = tmp_path / "m.yaml"
    path.write_bytes(OLD)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if fail_at == "write":
        real_fdopen = os.fdopen

        class FullFile:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                disk_full()

            def __getattr__(self, name):
                return getattr(self.fh, name)

        monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: FullFile(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(atomic.os, fail_at, disk_full)
    with pytest.raises(SaveError) as info:
        write_atomic(path, b"new content that must not appear")
    monkeypatch.undo()
    assert path.read_bytes() == OLD
    assert leftovers(tmp_path) == []
    message = str(info.value)
    assert str(path) in message
    assert "the disk is full" in message
    assert "unchanged" in message
    assert info.value.errno == errno.ENOSPC


def test_saving_into_a_missing_folder_is_a_clear_error(tmp_path):
    path = tmp_path / "no" / "such" / "m.yaml"
    with pytest.raises(SaveError) as info:
        write_atomic(path, b"x")
    assert (
        str(info.value) == f"Could not save {path}: the folder does not exist. The file on disk is unchanged."
    )


def test_saving_over_a_folder_is_a_clear_error(tmp_path):
    (tmp_path / "m.yaml").mkdir()
    with pytest.raises(SaveError) as info:
        write_atomic(tmp_path / "m.yaml", b"x")
    assert "a folder has that name" in str(info.value)
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_a_read_only_folder_is_a_clear_error_when_not_root(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "m.yaml"
    path.write_bytes(OLD)
    os.chmod(folder, 0o555)
    try:
        with pytest.raises(SaveError) as info:
            write_atomic(path, b"new")
    finally:
        os.chmod(folder, 0o755)
    assert "permission denied" in str(info.value)
    assert path.read_bytes() == OLD


def test_a_permission_error_is_named_as_such(tmp_path, monkeypatch):
    path = tmp_path / "m.yaml"
    path.write_bytes(OLD)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(SaveError) as info:
        write_atomic(path, b"new")
    assert str(info.value) == f"Could not save {path}: permission denied. The file on disk is unchanged."


def test_save_error_is_an_os_error_so_callers_may_catch_either():
    assert issubclass(SaveError, OSError)


def test_format_save_writes_atomically_and_keeps_permissions(tmp_path, monkeypatch):
    path = tmp_path / "m.yaml"
    path.write_bytes(OLD)
    os.chmod(path, 0o600)
    amap = ArgumentMap(MapInfo("new"))
    amap.insert_card(Card("a", "position", "for", text="x"))
    save(amap, path)
    assert path.read_bytes().startswith(b"argmap: 1\ntitle: new\n")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600

    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    before = path.read_bytes()
    monkeypatch.setattr(atomic.os, "replace", disk_full)
    with pytest.raises(SaveError):
        save(ArgumentMap(MapInfo("other")), path)
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_a_save_sweeps_stale_temporaries_a_killed_save_left_but_not_fresh_ones(tmp_path):
    import os
    import time

    from argmap.atomic import STALE_AFTER_S, write_atomic

    target = tmp_path / "map.yaml"
    stale = tmp_path / ".map.yaml.abc123.tmp"
    fresh = tmp_path / ".map.yaml.def456.tmp"
    other = tmp_path / ".other.yaml.abc123.tmp"
    for leftover in (stale, fresh, other):
        leftover.write_text("half a map", encoding="utf-8")
    old = time.time() - STALE_AFTER_S - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    write_atomic(target, b"argmap: 1\n")
    assert not stale.exists()
    assert fresh.exists() and other.exists()
    assert target.read_bytes() == b"argmap: 1\n"


def test_a_symlink_stays_a_link_and_its_target_gets_the_save(tmp_path):
    real = tmp_path / "real" / "m.yaml"
    real.parent.mkdir()
    real.write_bytes(OLD)
    link = tmp_path / "m.yaml"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert leftovers(tmp_path) == [] and leftovers(real.parent) == []


def test_hard_links_stay_one_file(tmp_path):
    path, twin = tmp_path / "m.yaml", tmp_path / "twin.yaml"
    path.write_bytes(OLD)
    os.link(path, twin)
    write_atomic(path, b"new")
    assert twin.read_bytes() == b"new" and os.stat(path).st_ino == os.stat(twin).st_ino
    assert leftovers(tmp_path) == []


def test_a_file_whose_owner_cannot_be_given_to_a_new_file_is_written_in_place(tmp_path, monkeypatch):
    # A map shared through a group, saved by someone who is not its owner: replacing it would make the
    # saver its owner (and could leave the real owner unable to read it), so it is written in place.
    path = tmp_path / "m.yaml"
    path.write_bytes(OLD)
    inode = os.stat(path).st_ino
    real_fstat = os.fstat

    def other_owner(fd):
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, info.st_ino, info.st_dev, info.st_nlink, 4242) + tuple(info)[5:])

    def refuse(*args):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "fstat", other_owner)
    monkeypatch.setattr(atomic.os, "fchown", refuse)
    write_atomic(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"new" and os.stat(path).st_ino == inode
    assert leftovers(tmp_path) == []


def test_an_in_place_write_that_fails_half_way_puts_the_old_content_back(tmp_path, monkeypatch):
    path, twin = tmp_path / "m.yaml", tmp_path / "twin.yaml"
    path.write_bytes(OLD)
    os.link(path, twin)
    real_fsync = os.fsync
    calls = []

    def fail_second(fd):  # the temporary's fsync passes; the in-place one finds the disk full
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fail_second)
    with pytest.raises(SaveError, match="the disk is full"):
        write_atomic(path, b"new content")
    monkeypatch.undo()
    assert path.read_bytes() == OLD and twin.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_a_new_file_through_a_dangling_symlink_is_created_at_the_target(tmp_path):
    link = tmp_path / "m.yaml"
    link.symlink_to(tmp_path / "made.yaml")
    write_atomic(link, b"x")
    assert link.is_symlink() and (tmp_path / "made.yaml").read_bytes() == b"x"


def test_saving_over_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "m.yaml"
    os.mkfifo(fifo)
    with pytest.raises(SaveError, match="not a regular file"):
        write_atomic(fifo, b"x")
