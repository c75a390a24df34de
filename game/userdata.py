"""The player's own small files (settings, endings found): where they live and how they are written.

The folder is the platform's user data folder, or ``MILLONES_DATA`` when set (tests point it at a
temporary folder). A machine may give no such folder (no home folder: a user with no passwd entry
and no HOME); then nothing is kept, reads find nothing, and writes raise ``NoDataFolder``, an
OSError like any other refusal of the disk. Writes are atomic (``game.engine.files``).
"""

from __future__ import annotations

import errno
import json
import os
import threading
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from game.engine import files

ENV_VAR = "MILLONES_DATA"
MAX_BYTES = 1_000_000  # these files are tiny; anything bigger is not ours
SETTINGS = "settings.json"  # the player's settings (game/tui/settings.py); plain mode reads their language

_write_lock = threading.Lock()


class NoDataFolder(OSError):
    def __init__(self) -> None:
        super().__init__(errno.ENOENT, f"there is no home folder to keep it in (set HOME, or {ENV_VAR})")


def data_dir() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    try:
        return Path(user_data_dir("millones", appauthor=False))
    except RuntimeError:  # platformdirs: no home folder and no XDG variable
        raise NoDataFolder() from None


def available() -> bool:
    """Whether anything the player does can be kept between runs."""
    try:
        data_dir()
    except NoDataFolder:
        return False
    return True


def read_json(name: str) -> Any:
    """The JSON value of the file ``name``, or None when it is missing, too big or not JSON (the
    caller's defaults apply)."""
    try:
        path = data_dir() / name
        if path.stat().st_size > MAX_BYTES:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, value: Any) -> None:
    """Replace the file ``name`` with ``value`` as JSON, atomically. Raises OSError if it cannot be kept."""
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with _write_lock:
        files.replace_file(folder, name, text.encode("utf-8"))
