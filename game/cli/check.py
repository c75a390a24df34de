"""``millones check``: every mistake in a story, file:line:col, errors before warnings."""

from __future__ import annotations

import argparse
import json
from typing import Any

from game.cli.common import PROBLEMS, fail, story_argument, story_folder_problem
from game.engine.analysis.check import Report, check_story


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("check", help=help_text)
    story_argument(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    trouble = story_folder_problem(args.story)
    if trouble:
        return fail(trouble)
    report = check_story(args.story)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join([*(str(problem) for problem in report.errors + report.warnings), summary(report)]))
    return PROBLEMS if report.errors else 0


def summary(report: Report) -> str:
    s = report.stats
    counts = f"{s.get('scenes', 0)} scenes, {s.get('choices', 0)} choices, {s.get('endings', 0)} endings, {s.get('words', 0):,} words"
    return f"{len(report.errors)} error(s), {len(report.warnings)} warning(s); {counts}"
