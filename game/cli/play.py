"""``millones play``: open a story in the terminal."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from game.cli.common import SAVES_HELP, fail, slot_argument, story_argument, story_folder_problem
from game.tui.app import Launch, MillonesApp
from game.tui.settings import load_settings


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("play", help=help_text)
    story_argument(parser)
    parser.add_argument("--start", metavar="SCENE", help="begin at this scene (for authors)")
    parser.add_argument("--seed", type=int, help="the random seed (same seed, same game)")
    parser.add_argument("--load", type=slot_argument, metavar="SLOT", help="continue the game saved in this slot")
    parser.add_argument("--saves", metavar="DIR", help=SAVES_HELP)


def run(args: argparse.Namespace) -> int:
    """Run the TUI for ``args.story``; the exit status is 1 when the story cannot start."""
    trouble = story_folder_problem(args.story)
    if trouble:
        return fail(trouble)
    launch = Launch(story=Path(args.story), start=args.start, seed=args.seed, load=args.load, saves=args.saves)
    app = MillonesApp(launch, load_settings())
    app.run()
    return app.return_code or 0
