"""A cache of ``millones check``'s reports: a story nothing has changed in since it was last checked is
reported at once, without importing the engine or parsing a line of YAML.

The key is a SHA-256 of everything the report depends on: the content and name of every file in the
story folder (hidden entries aside, as the loader skips them), the command's options, the language
settings of the environment, and the version and source files of millones itself (their sizes and
modification times: a changed engine is a changed key). Any change to a file is a different key, so
a changed file is always read again; a folder this walk cannot read completely (a link, an unreadable
entry, something that is not a file or a folder) is simply not cached.

Entries live in the platform's user cache folder (``MILLONES_CACHE`` when set; tests point it at a
temporary folder). An entry that is unreadable, corrupt, for another key, or holds anything a report
never prints (control characters, an unknown status) is ignored and the story is checked as usual.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

from game import __version__
from game.engine import files

ENV_VAR = "MILLONES_CACHE"
FORMAT = 1  # of an entry; a different one is another key
MAX_ENTRY_BYTES = 16 * 1024 * 1024
MAX_STORY_BYTES = 64 * 1024 * 1024  # past this (or MAX_ENTRIES), a folder is checked without the cache
MAX_ENTRIES = 50_000
STATUSES = (0, 1)  # what `check` returns after reading a story
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_NOT_PRINTED = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # printable() escapes these in every report
_CODE = Path(__file__).resolve().parent.parent  # the game package


@dataclass(frozen=True, slots=True)
class Report:
    """What `check` printed (without the final newline) and its exit status."""

    output: str
    status: int


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


def key(story: Path, options: dict[str, object]) -> str | None:
    """The key of checking ``story`` with ``options`` as things stand, or None if it cannot be cached."""
    digest = hashlib.sha256()
    settings = {"format": FORMAT, "version": __version__, "python": sys.version, "options": options,
                "environment": {name: os.environ.get(name) for name in LANGUAGE_VARIABLES}}
    digest.update(json.dumps(settings, sort_keys=True, default=repr).encode())
    try:
        _code(digest.update)
        _story(story, digest.update)
    except (OSError, ValueError, _NotCached):
        return None
    return digest.hexdigest()


def read(key: str) -> Report | None:
    """The report kept for ``key``, or None (nothing kept, or nothing trustworthy)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        found = files.read_capped(folder / f"{key}.json", MAX_ENTRY_BYTES)
        entry = json.loads(found[0]) if found is not None else None
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
        return None
    output, status = entry.get("output"), entry.get("status")
    if not isinstance(output, str) or _NOT_PRINTED.search(output) or type(status) is not int or status not in STATUSES:
        return None
    return Report(output, status)


def write(key: str, report: Report) -> None:
    """Keep ``report`` for ``key``; a cache that cannot be written is no cache, and no error."""
    folder = cache_dir()
    if folder is None:
        return
    entry = {"format": FORMAT, "key": key, "output": report.output, "status": report.status}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        files.replace_file(folder, f"{key}.json", json.dumps(entry, ensure_ascii=False).encode("utf-8"))
    except (OSError, ValueError):
        pass


def _code(update: Callable[[bytes], None]) -> None:
    """Feed the names, sizes and modification times of millones's own files (compiled ones aside)."""
    for folder, subfolders, names in os.walk(_CODE):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            info = os.stat(os.path.join(folder, name))
            update(f"{os.path.relpath(os.path.join(folder, name), _CODE)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())


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
