"""Files the game keeps (saves, the player's records): crash-safe replacement, capped reads, and
names that stay inside their folder. The one place that writes a file atomically.

``replace_file`` writes the new bytes to a temporary file in the same folder, fsyncs it, moves the
current file to its backup name, renames the temporary file over the current name (atomic on the
same file system) and fsyncs the folder. Whatever step fails or crashes, the folder holds either
the new file, or the old one under its own name or its backup name, plus at most a stray temporary
file that readers ignore and a later write of that name removes once it is old enough to be
certainly stray (another process may be writing the same name at the same time: its temporary file
is young, and is left alone).

Only ``os`` functions do the I/O (no buffered file objects), so tests can make each step fail.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import time
from datetime import datetime
from pathlib import Path

TEMP_PREFIX = "."
TEMP_SUFFIX = ".tmp"
STALE_AFTER = 300.0  # seconds: a write takes milliseconds, so a temporary file this old was left by a crash
_BINARY = getattr(os, "O_BINARY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class UnsafeName(ValueError):
    """A file name that is not a plain name, or that leads out of its folder (through a link, say)."""


class NotAFile(ValueError):
    """The path holds something other than a regular file (a folder, a device, a pipe)."""


class TooLarge(ValueError):
    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(f"{size} bytes; the limit is {limit}")


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that is not a plain file name or resolves elsewhere."""
    if not name or name in (".", "..") or "\0" in name or os.path.basename(name) != name or "/" in name or "\\" in name:
        raise UnsafeName(f"'{name[:40]}' is not a plain file name")
    try:
        root = folder.resolve()
        path = root / name
        # A plain name in a resolved folder can lead elsewhere only as a link: only a link is resolved (each
        # save slot is looked up this way when a story opens, and resolving every name cost milliseconds).
        resolved = path.resolve() if os.path.islink(path) else path
    except (OSError, RuntimeError):  # RuntimeError: a link that leads back to itself (Python before 3.13)
        raise UnsafeName(f"'{name}' is a link that goes round in a circle") from None
    if resolved.parent != root:
        raise UnsafeName(f"'{name}' leads outside its folder")
    return path


Identity = tuple[int, int, int]  # (inode, size, modification time): changes whenever a file is replaced or edited


def identity(path: Path) -> Identity | None:
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return _identity(info)


def read_capped(path: Path, limit: int) -> tuple[bytes, Identity] | None:
    """The bytes of a regular file and the identity of the file they were read from (so another
    process replacing it meanwhile cannot mix the two up), None if there is none; reads at most
    ``limit`` + 1 bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | _BINARY | _NONBLOCK)
    except (FileNotFoundError, NotADirectoryError):
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(str(path))
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), _identity(info)
    finally:
        os.close(fd)


def replace_file(folder: Path, name: str, data: bytes, backup: str | None = None) -> Identity:
    """Put ``data`` in ``folder/name`` crash-safely, keeping the file it replaces as ``backup``; the
    identity of the file written (a rename keeps it)."""
    target = inside(folder, name)
    kept = inside(folder, backup) if backup is not None else None  # refused before anything is written
    temp = inside(folder, f"{TEMP_PREFIX}{name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    _remove_stale_temps(folder, name)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o644)
    renamed = False
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
            written = _identity(os.fstat(fd))
        finally:
            os.close(fd)
        if kept is not None:
            try:
                os.replace(target, kept)
            except FileNotFoundError:
                pass  # no file yet, or another process saving the same name has just moved it
        os.replace(temp, target)
        renamed = True
    finally:
        if not renamed:
            _remove_quietly(temp)
    sync_folder(folder)
    return written


def move_aside(folder: Path, name: str, mark: str, now: datetime) -> Path | None:
    """Rename ``name`` to ``<stem><mark><time>.json`` (a new name, never one in use), bytes untouched;
    None if ``name`` is gone (another process saving the same name moved it first)."""
    source = inside(folder, name)
    stem = name.removesuffix(".json")
    stamp = now.strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        candidate = inside(folder, f"{stem}{mark}{stamp}{'' if n == 0 else f'-{n}'}.json")
        if not os.path.lexists(candidate):
            try:
                os.rename(source, candidate)
            except FileNotFoundError:
                return None
            sync_folder(folder)
            return candidate
    raise OSError(errno.EEXIST, "no free name to move the file aside")


def remove(folder: Path, name: str) -> bool:
    path = inside(folder, name)
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    return True


def sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (PermissionError, IsADirectoryError):
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _identity(info: os.stat_result) -> Identity:
    return info.st_ino, info.st_size, info.st_mtime_ns


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Temporary files a crash left behind for this name: only old ones, since a young one may be
    another process's save in progress."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    prefix = f"{TEMP_PREFIX}{name}."
    stale_before = time.time() - STALE_AFTER
    for entry in entries:
        if entry.startswith(prefix) and entry.endswith(TEMP_SUFFIX):
            path = folder / entry
            try:
                if os.lstat(path).st_mtime < stale_before:
                    _remove_quietly(path)
            except OSError:
                pass  # gone already: its writer renamed it


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
