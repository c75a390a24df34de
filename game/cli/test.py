"""``millones test``: replay every testplan of a story (``*.testplan``) and say which step fails."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from game.cli.common import PROBLEMS, language_option, story_argument, story_to_use
from game.engine.analysis.testplan import plans, run_plan


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("test", help=help_text)
    story_argument(parser)
    language_option(parser, "replay the testplans (their choices and expected texts)")


def run(args: argparse.Namespace) -> int:
    story = story_to_use(args.story, args.lang)
    if story is None:
        return PROBLEMS
    root = Path(args.story)
    found = plans(root)
    if not found:
        print(f"No testplans in {args.story}: `millones play --record FILE.testplan` records one.")
        return 0
    outcomes = [run_plan(story, path, path.relative_to(root).as_posix(), args.lang) for path in found]
    for outcome in outcomes:
        print(outcome)
    failed = sum(1 for outcome in outcomes if not outcome.ok)
    print(f"{len(outcomes) - failed} of {len(outcomes)} testplan(s) passed")
    return PROBLEMS if failed else 0
