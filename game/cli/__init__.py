"""The ``millones`` command line: play, check, randomtest, saves, schema."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

DEFAULT_STORY = Path(__file__).resolve().parent.parent / "scenes"
SAVES_HELP = "the saves folder (default: $MILLONES_SAVES, else saves/)"
SAVES_COMMAND_HELP = "list, show or delete saved games"


def _story_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("story", nargs="?", default=str(DEFAULT_STORY), metavar="STORY_DIR",
                        help="the story folder (default: the shipped story)")


def _slot(text: str) -> str:
    from game.cli.saves import slot_argument

    return slot_argument(text)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; the ``saves`` commands are filled in (and their module imported) only
    when ``command`` is "saves" or None, so that ``play`` starts without them."""
    parser = argparse.ArgumentParser(prog="millones", description="A terminal text-adventure engine.")
    commands = parser.add_subparsers(dest="command")

    play = commands.add_parser("play", help="play a story in the terminal (the default)")
    _story_arg(play)
    play.add_argument("--start", metavar="SCENE", help="begin at this scene (for authors)")
    play.add_argument("--seed", type=int, help="the random seed (same seed, same game)")
    play.add_argument("--load", type=_slot, metavar="SLOT", help="continue the game saved in this slot")
    play.add_argument("--saves", metavar="DIR", help=SAVES_HELP)

    check = commands.add_parser("check", help="find every mistake in a story")
    _story_arg(check)
    check.add_argument("--json", action="store_true", help="print one JSON object")

    randomtest = commands.add_parser("randomtest", help="play many random games and report problems")
    _story_arg(randomtest)
    randomtest.add_argument("--runs", type=int, default=1000)
    randomtest.add_argument("--seed", type=int, default=1)
    randomtest.add_argument("--steps", type=int, default=2000, help="a run longer than this is reported")
    randomtest.add_argument("--json", action="store_true", help="print one JSON object")

    if command in ("saves", None):
        from game.cli import saves as saves_cli

        saves_cli.add_parser(commands, DEFAULT_STORY)
    else:
        commands.add_parser("saves", help=SAVES_COMMAND_HELP)

    schema = commands.add_parser("schema", help="write the JSON Schemas of story files into a folder")
    schema.add_argument("folder", nargs="?", default=".", metavar="DIR")
    return parser


COMMANDS = ("play", "check", "randomtest", "saves", "schema")


def main(argv: list[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if not words or (words[0] not in COMMANDS and words[0] not in ("-h", "--help")):
        words.insert(0, "play")  # `millones`, `millones --seed 3`, `millones my_story` all mean play
    args = build_parser(words[0]).parse_args(words)
    try:
        status = _run(args)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    return status


def _run(args: argparse.Namespace) -> int:
    command = args.command
    if command == "check":
        return _check(args)
    if command == "randomtest":
        return _randomtest(args)
    if command == "saves":
        from game.cli import saves as saves_cli

        return saves_cli.run(args)
    if command == "schema":
        from game.engine.load.schema import write_schemas

        for path in write_schemas(Path(args.folder)):
            print(path)
        return 0
    return _play(args)


def _check(args: argparse.Namespace) -> int:
    from game.engine.analysis.check import check_story

    report = check_story(args.story)
    if args.json:
        text = json.dumps(report.to_json(), ensure_ascii=False, indent=2)
    else:
        text = "\n".join([*(str(problem) for problem in report.errors + report.warnings), report.summary()])
    print(text)
    return 1 if report.errors else 0


def _randomtest(args: argparse.Namespace) -> int:
    from game.engine.analysis.randomtest import run_randomtest

    return run_randomtest(args)


def _play(args: argparse.Namespace) -> int:
    from game.cli.play import play

    return play(args)


if __name__ == "__main__":
    sys.exit(main())
