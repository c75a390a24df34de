"""A content-hash cache in the user's cache folder: ``check``'s reports and the validated data of the
stories the game plays are kept under a key that changes whenever anything they depend on changes.

The key is a SHA-256 of everything an entry depends on: the content and name of every file in the
story folder (hidden entries aside, as the loader skips them), the caller's settings (what kind of
entry, its format, options), the language settings of the environment, and the version and source
files of millones itself (their sizes and modification times: a changed engine is a changed key). Any
change to a file is a different key, so a changed file is always read again; a folder this walk cannot
read completely (a link, an unreadable entry, something that is not a file or a folder) is simply not
cached.

Entries are JSON (data only: nothing in them can run) and live in the platform's user cache folder
(``MILLONES_CACHE`` when set; tests point it at a temporary folder). An entry that is unreadable,
corrupt or for another key is ignored; what it holds is checked again by whoever reads it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import msgspec
from platformdirs import user_cache_dir

from game import __version__
from game.engine import files

ENV_VAR = "MILLONES_CACHE"
MAX_STORY_BYTES = 64 * 1024 * 1024  # past this (or MAX_ENTRIES), a folder is read without the cache
MAX_ENTRIES = 50_000
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_CODE = Path(__file__).resolve().parent.parent  # the game package


class _NotCached(Exception):
    """The folder holds something the key cannot vouch for."""


def cache_dir() -> Path | None:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    try:
        return Path(user_cache_dir("millones", appauthor=False))
    except RuntimeError:  # platformdirs: no home folder and no XDG variable
        return None


def key(story: Path, settings: Mapping[str, object]) -> str | None:
    """The key of an entry made from ``story`` with ``settings`` as things stand, or None if it cannot be
    cached."""
    digest = hashlib.sha256()
    everything = {**settings, "version": __version__, "python": sys.version,
                  "environment": {name: os.environ.get(name) for name in LANGUAGE_VARIABLES}}
    digest.update(json.dumps(everything, sort_keys=True, default=repr).encode())
    try:
        _code(digest.update)
        _story(story, digest.update)
    except (OSError, ValueError, _NotCached):
        return None
    return digest.hexdigest()


def read(key: str, limit: int, family: str = "") -> dict[str, Any] | None:
    """The entry kept for ``key`` (a JSON object of at most ``limit`` bytes that names the key), or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        found = files.read_capped(folder / _name(key, family), limit)
        entry = msgspec.json.decode(found[0]) if found is not None else None  # (about 2.5 times json's speed)
    except (OSError, ValueError, RecursionError):  # (msgspec.DecodeError is a ValueError)
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    return entry


def write(key: str, entry: Mapping[str, object], family: str = "") -> None:
    """Keep ``entry`` for ``key``; a cache that cannot be written is no cache, and no error.

    An entry of a ``family`` (hex digits: say, the loads of one story folder) replaces the family's
    others, so a story edited again and again keeps one entry, not one for each version."""
    folder = cache_dir()
    if folder is None:
        return
    name = _name(key, family)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps({**entry, "key": key}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        files.replace_file(folder, name, data)
        if family:
            with os.scandir(folder) as listing:
                older = [item.name for item in listing if item.name.startswith(f"{family}.") and item.name != name]
            for other in older:
                files.remove(folder, other)
    except (OSError, ValueError):
        pass


def drop(key: str, family: str = "") -> None:
    """Forget the entry kept for ``key``: one found damaged is then not read again."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        files.remove(folder, _name(key, family))
    except (OSError, ValueError):
        pass


def _name(key: str, family: str) -> str:
    return f"{family}.{key}.json" if family else f"{key}.json"


def _code(update: Callable[[bytes], None]) -> None:
    """Feed the names, sizes and modification times of millones's own files (compiled ones aside)."""
    for folder, subfolders, names in os.walk(_CODE):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        where = os.path.relpath(folder, _CODE)  # (once a folder: the key is read on every start)
        lines = []
        for name in sorted(names):
            info = os.stat(os.path.join(folder, name))
            lines.append(f"{where}/{name}\0{info.st_size}\0{info.st_mtime_ns}\n")
        update("".join(lines).encode())


def _story(root: Path, update: Callable[[bytes], None]) -> None:
    """Feed the name and content of every file of a story folder, in a stable order."""
    pending = [root]
    entries = total = 0
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as listing:
            children = sorted(listing, key=lambda entry: entry.name)
        entries += len(children)
        if entries > MAX_ENTRIES:
            raise _NotCached
        for entry in children:
            if entry.name.startswith("."):
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
            name = Path(entry.path).relative_to(root).as_posix()
            if stat.S_ISDIR(mode):
                update(f"folder\0{name}\n".encode())
                pending.append(Path(entry.path))
            elif stat.S_ISREG(mode):
                found = files.read_capped(Path(entry.path), MAX_STORY_BYTES - total)
                if found is None:
                    raise _NotCached
                total += len(found[0])
                update(f"file\0{name}\0{len(found[0])}\n".encode())
                update(found[0])
            else:
                raise _NotCached
