"""Atomic file writes: a temporary file beside the target, flushed and fsynced, then renamed over it.

Saving keeps what a user set up around the file: a symbolic link stays a link (its target is
replaced), hard links stay linked, and owner, group and permissions stay as they were.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (every command reading a map is here)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import BinaryIO


class SaveError(OSError):
    """A save that did not happen; the old file is intact. ``str()`` is a sentence for the user."""

    def __str__(self) -> str:
        # OSError(errno, text) would print "[Errno 28] text"; the user should read only the sentence.
        return self.strerror or super().__str__()


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
    errno.EROFS: "the file system is read-only",
    errno.ENOENT: "the folder does not exist",
    errno.EISDIR: "a folder has that name",
}


def write_atomic(
    path: str | os.PathLike[str], data: bytes | Callable[[BinaryIO], object], *, mode: int | None = None
) -> None:
    """Replace the file at ``path`` with ``data``: the bytes, or a function that writes them to the open
    file it is given (see :func:`write_atomic_with`)."""
    fill = data if callable(data) else (lambda fh: fh.write(data))
    write_atomic_with(path, fill, mode=mode)


def write_atomic_with(
    path: str | os.PathLike[str], fill: Callable[[BinaryIO], object], *, mode: int | None = None
) -> None:
    """Replace the file at ``path`` with what ``fill`` writes to the open (read-write, binary) file it
    is given, so that a crash or failure leaves the old or the new file. A large export is written
    as it is made, never held whole in memory.

    A symbolic link is followed: the file it points to is replaced and the link stays a link. The file
    keeps its permissions, owner and group. A file with several hard links, or one whose owner this
    process cannot give a new file, is written in place instead (see :func:`_write_in_place`), so every
    link sees the save and nothing about the file changes but its content. ``mode`` sets the
    permissions of a new file (default: 0666 less the umask). Raises SaveError with a plain reason.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _save_error(Path(path), exc) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise _save_error(Path(path), OSError(errno.EISDIR, "is a folder"))
        raise SaveError(errno.EINVAL, f"Could not save {path}: it is not a regular file")
    if info is not None and not os.access(target, os.W_OK):
        raise SaveError(errno.EACCES, f"Could not save {path}: the file is read-only")
    if mode is None:
        if info is not None:
            mode = stat.S_IMODE(info.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    import tempfile  # here: every command that only reads a map would import it (and shutil) for nothing

    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w+b") as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
            os.chmod(tmp_name, mode)
            in_place = info is not None and (info.st_nlink > 1 or not _give_owner(fh.fileno(), info))
        if in_place:
            _write_in_place(target, Path(tmp_name).read_bytes())
            os.unlink(tmp_name)
        else:
            os.replace(tmp_name, target)
        tmp_name = None
        _fsync_folder(folder)
        _remove_stale_temporaries(folder, target.name)
    except OSError as exc:
        raise _save_error(Path(path), exc) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _give_owner(fd: int, info: os.stat_result) -> bool:
    """Give the new file (open as ``fd``) the old file's owner and group; False when not allowed."""
    current = os.fstat(fd)
    if (current.st_uid, current.st_gid) == (info.st_uid, info.st_gid):
        return True
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:
        return False  # only root gives files away; a group we are not in cannot be set either
    except OSError as exc:
        if exc.errno in (errno.EPERM, errno.EINVAL, errno.ENOTSUP):
            return False
        raise
    return True


def _write_in_place(target: Path, data: bytes) -> None:
    """Overwrite ``target``'s content through its own inode, keeping its links, owner, group and mode.

    Not atomic: it is used only once the full new content is on disk in a synced temporary beside it
    (so the disk had room for it), and a write that fails half-way is undone by writing the old
    content back.
    """
    with open(target, "r+b") as fh:
        old = fh.read()
        try:
            fh.seek(0)
            fh.write(data)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
        except OSError:
            fh.seek(0)
            fh.write(old)
            fh.truncate()
            fh.flush()
            raise


STALE_AFTER_S = 120


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Sweep temporaries that a save killed mid-write (a crash, kill -9) left beside the file.

    Only files older than STALE_AFTER_S go: a younger one may belong to a save running right now.
    """
    import time

    now = time.time()
    for leftover in folder.glob(f".{name}.*.tmp"):
        try:
            if now - leftover.stat().st_mtime > STALE_AFTER_S:
                leftover.unlink()
        except OSError:
            pass  # gone already, or not ours to remove: the save itself succeeded


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk; not every system allows this.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _save_error(target: Path, exc: OSError) -> SaveError:
    reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return SaveError(exc.errno or 0, f"Could not save {target}: {reason}. The file on disk is unchanged.")
