"""Where saves live: ``--saves DIR``, else $MILLONES_SAVES, else the project's ``saves/``, else the
platform's user data folder (an installed copy has no project folder).

A machine may give no user data folder (no HOME and no passwd entry); then there is nowhere to keep
saves, and ``saves_root`` says so with a ``SaveError`` the game shows as a notice and plays on."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from game.engine.saves.slots import SaveError, SaveFault

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
    try:
        return platformdirs.user_data_path(APP_NAME, appauthor=False) / "saves"
    except RuntimeError:  # platformdirs: the home folder is unknown
        raise SaveError(SaveFault.IO, f"There is no home folder to keep saves in. Set HOME, or {ENV_VAR} to "
                                      "a folder, to keep your games.") from None
