"""What every command shares: where the shipped story is, the story folder argument, and one way to fail."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from game import engine
from game.engine import saves
from game.engine.language.codes import LANGUAGE_PATTERN, PSEUDO
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


def story_to_use(folder: str, language: str | None = None) -> Story | None:
    """The story at ``folder`` for a command that needs one that loads, to be shown in ``language`` (one it
    declares, or xx-pseudo); None (having said why) if it does not load or has no such language."""
    trouble = story_folder_problem(folder)
    if trouble:
        fail(trouble)
        return None
    try:
        story = engine.load_story(folder, extra_languages=(PSEUDO,) if language == PSEUDO else ())
    except engine.StoryError as exc:
        fail(f"the story does not load ({len(exc.problems)} problem(s)); fix them first (millones check)")
        return None
    if language is not None and language not in story.languages:
        fail(f"the story is not written in '{language}'; its languages: {', '.join(story.languages)} (and {PSEUDO}, "
             "to test the layout); story.yaml declares them under languages:")
        return None
    return story


def language_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--lang LANG`` for a command that shows the story's texts."""
    parser.add_argument("--lang", type=play_language, metavar="LANG",
                        help=f"{what} in this language: one the story declares, or xx-pseudo")


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


def language_argument(text: str) -> str:
    """argparse ``type=`` for a language code the story's files can name (es, pt-BR)."""
    if not re.fullmatch(LANGUAGE_PATTERN, text) or text == PSEUDO:
        raise argparse.ArgumentTypeError(f"'{text}' is not a language code: two or three small letters, e.g. es "
                                         "or pt-BR")
    return text


def play_language(text: str) -> str:
    """argparse ``type=`` for the language a story is shown in: a language code, or xx-pseudo."""
    return text if text == PSEUDO else language_argument(text)
