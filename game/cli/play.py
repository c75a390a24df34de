"""``millones play``: open a story in the terminal."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from game.cli.common import (
    PROBLEMS,
    SAVES_HELP,
    fail,
    replay_argument,
    slot_argument,
    story_argument,
    story_folder_problem,
)
from game.engine.saves import SaveError
from game.tui.app import Launch, MillonesApp
from game.tui.settings import load_settings


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("play", help=help_text)
    story_argument(parser)
    parser.add_argument("--start", metavar="SCENE", help="begin at this scene (for authors)")
    parser.add_argument("--seed", type=int, help="the random seed (same seed, same game)")
    parser.add_argument("--load", type=slot_argument, metavar="SLOT", help="continue the game saved in this slot")
    parser.add_argument("--saves", metavar="DIR", help=SAVES_HELP)
    parser.add_argument("--replay", metavar="CODE", type=replay_argument, default=(),
                        help="begin with the moves of a replay code (millones reach prints them)")
    parser.add_argument("--record", metavar="FILE", type=Path,
                        help="when you quit, write the game played as a testplan (millones test replays it)")


def run(args: argparse.Namespace) -> int:
    """Run the TUI for ``args.story``; the exit status is 1 when the story cannot start."""
    trouble = story_folder_problem(args.story)
    if trouble:
        return fail(trouble)
    launch = Launch(story=Path(args.story), start=args.start, seed=args.seed, load=args.load, saves=args.saves,
                    record=args.record, replay=args.replay)
    app = MillonesApp(launch, load_settings())
    app.run()
    if not app.ended_on_purpose:
        return after_a_crash(app)
    return app.return_code or 0


def after_a_crash(app: MillonesApp) -> int:
    """The app stopped on an error of its own (Textual has printed it): keep the game, and say where."""
    saved = None
    try:
        saved = app.saves.rescue() if app.saves is not None else None
    except SaveError as error:
        fail(f"the game stopped on an unexpected error, and could not be saved: {error.message}")
        return PROBLEMS
    if saved is not None and app.saves is not None and app.saves.store is not None:
        where = app.saves.store.folder / f"{saved.slot}.json"
        fail(f"the game stopped on an unexpected error. Your game was saved to {saved.label} ({where}); "
             f"`millones play --load {saved.slot}` continues it. Please report the error shown above.")
    else:
        fail("the game stopped on an unexpected error; nothing was lost since your last save. "
             "Please report the error shown above.")
    return PROBLEMS
