"""Files the game keeps (saves, the player's records): crash-safe replacement, capped reads, and
names that stay inside their folder. The one place that writes a file atomically.

``replace_file`` writes the new bytes to a temporary file in the same folder, fsyncs it, moves the
current file to its backup name, renames the temporary file over the current name (atomic on the
same file system) and fsyncs the folder. Whatever step fails or crashes, the folder holds either
the new file, or the old one under its own name or its backup name, plus at most a stray temporary
file that readers ignore and the next write of that name removes.

Only ``os`` functions do the I/O (no buffered file objects), so tests can make each step fail.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from datetime import datetime
from pathlib import Path

TEMP_PREFIX = "."
TEMP_SUFFIX = ".tmp"
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
    root = folder.resolve()
    path = root / name
    if path.resolve().parent != root:
        raise UnsafeName(f"'{name}' leads outside its folder")
    return path


def identity(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, modification time): changes whenever the file is replaced or edited."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def read_capped(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file, None if there is none; reads at most ``limit`` + 1 bytes."""
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
        return b"".join(chunks)
    finally:
        os.close(fd)


def replace_file(folder: Path, name: str, data: bytes, backup: str | None = None) -> None:
    """Put ``data`` in ``folder/name`` crash-safely, keeping the file it replaces as ``backup``."""
    target = inside(folder, name)
    temp = inside(folder, f"{TEMP_PREFIX}{name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    _remove_stale_temps(folder, name)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if backup is not None and os.path.lexists(target):
            os.replace(target, inside(folder, backup))
        os.replace(temp, target)
    except OSError:
        _remove_quietly(temp)
        raise
    sync_folder(folder)


def move_aside(folder: Path, name: str, mark: str, now: datetime) -> Path:
    """Rename ``name`` to ``<stem><mark><time>.json`` (a new name, never one in use), bytes untouched."""
    source = inside(folder, name)
    stem = name.removesuffix(".json")
    stamp = now.strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        candidate = inside(folder, f"{stem}{mark}{stamp}{'' if n == 0 else f'-{n}'}.json")
        if not os.path.lexists(candidate):
            os.rename(source, candidate)
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


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Temporary files a crash left behind for this name."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    prefix = f"{TEMP_PREFIX}{name}."
    for entry in entries:
        if entry.startswith(prefix) and entry.endswith(TEMP_SUFFIX):
            _remove_quietly(folder / entry)


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
