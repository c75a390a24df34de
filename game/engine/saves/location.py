"""Where saves live: ``--saves DIR``, else $MILLONES_SAVES, else the project's ``saves/``, else the
platform's user data folder (an installed copy has no project folder)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "MILLONES_SAVES"
APP_NAME = "millones"


def project_root() -> Path | None:
    """The source checkout this code runs from: the parent of ``game`` holding scenes/ and pyproject.toml."""
    root = Path(__file__).resolve().parents[3]
    if (root / "scenes").is_dir() and (root / "pyproject.toml").is_file():
        return root
    return None


def saves_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder that holds every story's saves (each story has a subfolder named by its id)."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    root = project_root()
    if root is not None:
        return root / "saves"
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "saves"
