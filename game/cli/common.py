"""What every command shares: where the shipped story is, the story folder argument, and one way to fail."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game import engine
from game.engine import saves
from game.engine.load import MANIFEST

if TYPE_CHECKING:
    from game.engine import Move, Story

# The engine is reached through its packages' names, imported on first use, so that `millones play` draws
# its title before any of it is imported (tests/bench/bench_startup.py).

_HERE = Path(__file__).resolve().parent.parent
# An installed copy carries the story inside the package; a source checkout keeps it at the top.
DEFAULT_STORY = _HERE / "scenes" if (_HERE / "scenes" / MANIFEST).is_file() else _HERE.parent / "scenes"

OK, PROBLEMS, USAGE = 0, 1, 2  # exit statuses: done; the input has problems; the command line is wrong
SAVES_HELP = "the saves folder (default: $MILLONES_SAVES, else saves/)"


def story_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("story", nargs="?", default=str(DEFAULT_STORY), metavar="STORY_DIR",
                        help="the story folder (default: the shipped story)")


def fail(message: str) -> int:
    """Say what went wrong on stderr, in one line; the exit status for it."""
    print(f"millones: {message}", file=sys.stderr)
    return PROBLEMS


def story_folder_problem(folder: str) -> str:
    """Why ``folder`` cannot be a story folder, or "" if it can be read as one."""
    path = Path(folder)
    try:
        if not path.exists():
            return f"no such folder: {folder}"
        if not path.is_dir():
            return f"not a folder: {folder}"
        if not (path / MANIFEST).is_file():
            return f"{folder} has no {MANIFEST}, so it is not a story folder (see the authoring guide, scenes/README.md)"
    except OSError as exc:
        return f"cannot read {folder}: {exc.strerror or exc}"
    return ""


def story_to_use(folder: str) -> Story | None:
    """The story at ``folder`` for a command that needs one that loads; None (having said why) if it does not."""
    trouble = story_folder_problem(folder)
    if trouble:
        fail(trouble)
        return None
    try:
        return engine.load_story(folder)
    except engine.StoryError as exc:
        fail(f"the story does not load ({len(exc.problems)} problem(s)); fix them first (millones check)")
        return None


def replay_argument(text: str) -> tuple[Move, ...]:
    """argparse ``type=`` for a replay code (what ``millones reach`` prints)."""
    try:
        return tuple(engine.decode(text))
    except engine.ReplayError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def slot_argument(text: str) -> str:
    """argparse ``type=`` for a slot id: a clear usage error instead of a traceback."""
    try:
        return saves.check_slot(text)
    except saves.SaveError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
