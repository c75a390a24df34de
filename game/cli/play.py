"""``millones play``: open a story in the terminal: the full-screen TUI, or plain lines for a screen
reader, a pipe or a script (``--plain``, also chosen by ``TERM=dumb`` or an output that is not a terminal)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from game import plain
from game.cli.common import (
    PROBLEMS,
    SAVES_HELP,
    fail,
    play_language,
    replay_argument,
    slot_argument,
    story_argument,
    story_folder_problem,
)
from game.engine import saves
from game.tui.app import Launch, MillonesApp
from game.tui.settings import load_settings


def add_parser(commands: Any, help_text: str) -> None:
    add_arguments(commands.add_parser("play", help=help_text))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    story_argument(parser)
    parser.add_argument("--start", metavar="SCENE", help="begin at this scene (for authors)")
    parser.add_argument("--seed", type=int, help="the random seed (same seed, same game)")
    parser.add_argument("--load", type=slot_argument, metavar="SLOT", help="continue the game saved in this slot")
    parser.add_argument("--saves", metavar="DIR", help=SAVES_HELP)
    parser.add_argument("--replay", metavar="CODE", type=replay_argument, default=(),
                        help="begin with the moves of a replay code (millones reach prints them)")
    parser.add_argument("--record", metavar="FILE", type=Path,
                        help="when you quit, write the game played as a testplan (millones test replays it)")
    parser.add_argument("--lang", type=play_language, metavar="LANG",
                        help="play in this language: one the story declares, or xx-pseudo (accented, longer text, to find "
                             "layout problems); the full-screen game keeps it as your setting (default: the "
                             "setting, else the system's locale)")
    parser.add_argument("--dev", action="store_true",
                        help="for authors: reload the story when its files change, F12 opens the debug panel; "
                             "the endings and passages of test runs are not kept")
    parser.add_argument("--set", dest="sets", metavar="NAME=VALUE", action="append", type=_assignment, default=[],
                        help="start with this stat, flag (on/off) or skill state (repeatable; with --start, "
                             "opens a scene in a given state)")
    plain = parser.add_argument_group("plain mode (append-only lines: screen readers, pipes, scripts)")
    plain.add_argument("--plain", action="store_true",
                       help="numbered choices as lines, a number or a command read from stdin "
                            "(the default when TERM=dumb or the output is not a terminal)")
    plain.add_argument("--width", type=_width, metavar="COLUMNS", help="wrap at this width (default: the terminal's)")
    plain.add_argument("--script", type=Path, metavar="FILE",
                       help="play the lines of FILE as typed input, or a *.testplan with its checks")
    plain.add_argument("--transcript", type=Path, metavar="FILE", help="also write everything shown and typed to FILE")


def _width(text: str) -> int:
    if not text.isdigit() or not 20 <= int(text) <= 1000:
        raise argparse.ArgumentTypeError("the width is a number of columns from 20 to 1000")
    return int(text)


def _assignment(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not NAME=VALUE (for example hope=7, met_adela=on)")
    return name.strip(), value.strip()


def wants_plain(args: argparse.Namespace) -> bool:
    if args.plain or args.script or args.transcript or args.width:
        return True
    if os.environ.get("TEXTUAL_DRIVER"):  # a browser tab of `millones serve`: its output is a web page
        return False
    return os.environ.get("TERM") == "dumb" or not sys.stdout.isatty()


def run(args: argparse.Namespace) -> int:
    """Run the TUI for ``args.story``; the exit status is 1 when the story cannot start."""
    trouble = story_folder_problem(args.story)
    if trouble:
        return fail(trouble)
    if wants_plain(args):
        if args.replay or args.record or args.dev or args.sets:
            return fail("--replay, --record, --dev and --set are for the full-screen game; a plain game takes --script")
        return plain.play(plain.PlainLaunch(Path(args.story), args.start, args.seed, args.load, args.saves, args.width,
                                       args.script, args.transcript, args.lang))
    launch = Launch(story=Path(args.story), start=args.start, seed=args.seed, load=args.load, saves=args.saves,
                    record=args.record, replay=args.replay, dev=args.dev, sets=tuple(args.sets),
                    language=args.lang or "", owns_process=args.owns_process)
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
    except saves.SaveError as error:
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
