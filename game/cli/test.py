"""``millones test``: replay every testplan of a story (``*.testplan``) and say which step fails."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from game.cli.common import PROBLEMS, fail, story_argument, story_folder_problem
from game.engine.analysis.testplan import plans, run_plan
from game.engine.errors import StoryError
from game.engine.load.loader import load_story


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("test", help=help_text)
    story_argument(parser)


def run(args: argparse.Namespace) -> int:
    trouble = story_folder_problem(args.story)
    if trouble:
        return fail(trouble)
    try:
        story = load_story(args.story)
    except StoryError as exc:
        return fail(f"the story does not load ({len(exc.problems)} problem(s)); fix them first (millones check)")
    root = Path(args.story)
    found = plans(root)
    if not found:
        print(f"No testplans in {args.story}: `millones play --record FILE.testplan` records one.")
        return 0
    outcomes = [run_plan(story, path, path.relative_to(root).as_posix()) for path in found]
    for outcome in outcomes:
        print(outcome)
    failed = sum(1 for outcome in outcomes if not outcome.ok)
    print(f"{len(outcomes) - failed} of {len(outcomes)} testplan(s) passed")
    return PROBLEMS if failed else 0
