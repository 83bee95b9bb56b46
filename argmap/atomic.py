"""Atomic file writes: a temporary file beside the target, flushed and fsynced, then renamed over it."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


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


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash or failure leaves either the old or the new file.

    The file keeps its permissions. Raises SaveError with a plain reason when the save fails.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _save_error(target, exc) from None
    if mode is not None and not os.access(target, os.W_OK):
        raise SaveError(errno.EACCES, f"Could not save {target}: the file is read-only")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_folder(folder)
        _remove_stale_temporaries(folder, target.name)
    except OSError as exc:
        raise _save_error(target, exc) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


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
