"""Recovery files: copies of unsaved maps kept in the user's data folder, never beside the user's file.

Each open document has a key (a uuid for its editing session). The editor writes the document's text
under that key every few seconds after a change and discards it when the map is saved or closed
normally; after a crash the files are still there and the next start offers to restore them.

A recovery file is a map file with one comment line in front that says whose it is::

    # argmap recovery {"key": ..., "session": ..., "original": "/maps/aff.yaml", "saved_at": ...}

so a user can also open one by hand. Every running store holds a lock on its session's lock file
(released by the operating system when the process dies, even by SIGKILL); files of a session whose
lock is held belong to a running argmap and are never offered or cleaned up by another.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_data_dir

from .atomic import write_atomic

HEADER = "# argmap recovery "
SUFFIX = ".yaml"
LOCK_SUFFIX = ".lock"
# A temporary file this old is left over from a write that was killed; none takes this long.
STALE_TEMP_SECONDS = 600


@dataclass(frozen=True)
class Entry:
    """One recovered document: its key, the file it was opened from (None if never saved), when it was
    written, and the recovery file itself."""

    key: str
    original_path: Path | None
    saved_at: datetime
    path: Path

    @property
    def display_name(self) -> str:
        return self.original_path.name if self.original_path else "Untitled map"


def default_folder() -> Path:
    return Path(user_data_dir("argmap")) / "recovery"


class RecoveryStore:
    """The recovery folder. Writes are atomic; listing skips documents open in a running argmap."""

    def __init__(self, folder: str | os.PathLike | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_folder()
        self.session = uuid.uuid4().hex
        self._lock_fd: int | None = None

    @staticmethod
    def new_key() -> str:
        """A key for a newly opened document; keep it for as long as the document is open."""
        return uuid.uuid4().hex

    def file_for(self, key: str) -> Path:
        if not key or not all(c.isalnum() or c in "-_" for c in key):
            raise ValueError(f"not a recovery key: {key!r}")
        return self.folder / (key + SUFFIX)

    # -- writing -----------------------------------------------------------------------------

    def write(self, key: str, original_path: str | os.PathLike | None, text: str) -> Path:
        """Replace the recovery file of ``key`` with ``text`` atomically. Raises atomic.SaveError."""
        self._hold_session()
        header = {
            "key": key,
            "session": self.session,
            "original": os.fspath(Path(original_path).absolute()) if original_path else None,
            "saved_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        }
        # ensure_ascii keeps the header on one line whatever the path holds (newlines, undecodable bytes).
        data = (HEADER + json.dumps(header, ensure_ascii=True) + "\n" + text).encode("utf-8", "surrogatepass")
        target = self.file_for(key)
        # A recovery file is a copy of a map that may be private: only its owner reads it.
        write_atomic(target, data, mode=0o600)
        return target

    def discard(self, key: str) -> None:
        """Remove the recovery file of ``key``, if there is one."""
        try:
            self.file_for(key).unlink()
        except FileNotFoundError:
            pass

    def close(self) -> None:
        """Let go of this session (its files stay, as after a crash). Normal close discards first."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- reading -----------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Recovered documents, oldest first: files of sessions that are no longer running."""
        try:
            names = sorted(os.listdir(self.folder))
        except (FileNotFoundError, NotADirectoryError):
            return []
        found: list[Entry] = []
        live: dict[str, bool] = {}
        referenced: set[str] = set()
        for name in names:
            path = self.folder / name
            if name.startswith("."):
                _remove_stale_temp(path)
                continue
            if not name.endswith(SUFFIX):
                continue
            entry, session = _read_entry(path)
            if entry is None:
                continue
            if session:
                referenced.add(session)
                if session not in live:
                    live[session] = self._session_is_live(session)
                if live[session]:
                    continue
            found.append(entry)
        for name in names:
            session = name[: -len(LOCK_SUFFIX)]
            if (
                name.endswith(LOCK_SUFFIX)
                and session not in referenced
                and not self._session_is_live(session)
            ):
                _unlink_quietly(self.folder / name)
        return sorted(found, key=lambda e: (e.saved_at, e.key))

    def read(self, entry: Entry) -> str:
        """The map text of a recovered document (without the recovery header)."""
        text = entry.path.read_bytes().decode("utf-8", "surrogatepass")
        if text.startswith(HEADER):
            text = text.split("\n", 1)[1] if "\n" in text else ""
        return text

    # -- sessions ----------------------------------------------------------------------------

    def _hold_session(self) -> None:
        if self._lock_fd is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            os.chmod(self.folder, 0o700)  # made by an older argmap, or under a loose umask
        except OSError:
            pass  # not ours to change: the files in it are still 0600
        # Lock under a temporary name, then rename: the lock file never exists unlocked, so another
        # argmap cannot mistake a starting session for a dead one.
        tmp = self.folder / f".{self.session}{LOCK_SUFFIX}.tmp"
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if not _try_lock(fd):  # pragma: no cover - a fresh uuid is nobody else's
                raise OSError("could not lock a new recovery session")
            os.replace(tmp, self.folder / (self.session + LOCK_SUFFIX))
        except BaseException:
            os.close(fd)
            _unlink_quietly(tmp)
            raise
        self._lock_fd = fd

    def _session_is_live(self, session: str) -> bool:
        if session == self.session:
            return self._lock_fd is not None
        try:
            fd = os.open(self.folder / (session + LOCK_SUFFIX), os.O_RDWR)
        except OSError:
            return False  # no lock file: the session ended (or never locked)
        try:
            return not _try_lock(fd)
        finally:
            os.close(fd)  # closing releases the lock we may have just taken


def _try_lock(fd: int) -> bool:
    """Take an exclusive lock without waiting; False when another open file holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _read_entry(path: Path) -> tuple[Entry | None, str]:
    """The entry a recovery file describes and its session ("" when the header is missing)."""
    try:
        with path.open("rb") as fh:
            first = fh.readline(64 * 1024).decode("utf-8", "replace")
        mtime = path.stat().st_mtime
    except OSError:
        return None, ""
    key = path.name[: -len(SUFFIX)]
    saved_at = datetime.fromtimestamp(mtime, UTC)
    original: Path | None = None
    session = ""
    if first.startswith(HEADER):
        try:
            header = json.loads(first[len(HEADER) :])
        except ValueError:
            header = {}
        if isinstance(header, dict):
            if isinstance(header.get("original"), str):
                original = Path(header["original"])
            if isinstance(header.get("session"), str):
                session = header["session"]
            try:
                saved_at = datetime.fromisoformat(header.get("saved_at"))
            except (TypeError, ValueError):
                pass
    return Entry(key, original, saved_at, path), session


def _remove_stale_temp(path: Path) -> None:
    if not path.name.endswith(".tmp"):
        return
    try:
        if time.time() - path.stat().st_mtime > STALE_TEMP_SECONDS:
            path.unlink()
    except OSError:
        pass


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
