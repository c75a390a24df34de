"""A cache of ``millones check``'s reports: a story nothing has changed in since it was last checked is
reported at once, without importing the engine or parsing a line of YAML.

The key (``game.engine.contentcache``) covers every file of the story folder, the command's options,
the language settings of the environment and millones itself, so a changed file is always read again.
An entry that is unreadable, corrupt, for another key, or holds anything a report never prints (control
characters, an unknown status) is ignored and the story is checked as usual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from game.engine import contentcache

FORMAT = 1  # of an entry; a different one is another key
MAX_ENTRY_BYTES = 16 * 1024 * 1024
STATUSES = (0, 1)  # what `check` returns after reading a story
_NOT_PRINTED = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # printable() escapes these in every report


@dataclass(frozen=True, slots=True)
class Report:
    """What `check` printed (without the final newline) and its exit status."""

    output: str
    status: int


def key(story: Path, options: dict[str, object]) -> str | None:
    """The key of checking ``story`` with ``options`` as things stand, or None if it cannot be cached."""
    return contentcache.key(story, {"format": FORMAT, "options": options})


def read(key: str) -> Report | None:
    """The report kept for ``key``, or None (nothing kept, or nothing trustworthy)."""
    entry = contentcache.read(key, MAX_ENTRY_BYTES)
    if entry is None or entry.get("format") != FORMAT:
        return None
    output, status = entry.get("output"), entry.get("status")
    if not isinstance(output, str) or _NOT_PRINTED.search(output) or type(status) is not int or status not in STATUSES:
        return None
    return Report(output, status)


def write(key: str, report: Report) -> None:
    """Keep ``report`` for ``key``; a cache that cannot be written is no cache, and no error."""
    contentcache.write(key, {"format": FORMAT, "output": report.output, "status": report.status})
