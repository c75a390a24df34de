"""The player's own small files (settings, endings found): where they live and how they are written.

The folder is the platform's user data folder, or ``MILLONES_DATA`` when set (tests point it at a
temporary folder). Writes go to a temporary file in the same folder that then replaces the old one,
so a crash leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from game.engine import files

ENV_VAR = "MILLONES_DATA"
MAX_BYTES = 1_000_000  # these files are tiny; anything bigger is not ours

_write_lock = threading.Lock()


def data_dir() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    return Path(user_data_dir("millones", appauthor=False))


def read_json(path: Path) -> Any:
    """The file's JSON value, or None when it is missing, too big or not JSON (the caller's defaults apply)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, value: Any) -> None:
    """Replace ``path`` with ``value`` as JSON, atomically. Raises OSError if the disk refuses."""
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with _write_lock:
        files.replace_file(path.parent, path.name, text.encode("utf-8"))
