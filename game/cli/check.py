"""``millones check``: every mistake in a story, file:line:col, errors before warnings.

A story with a great many problems lists only so many of each file (and in all); the rest are
counted, file by file, in lines like "scenes/a.yaml: …and 1,234 more problems", and in ``left_out``
of the JSON. Everything printed is escaped: a story's text and file names cannot reach the terminal
as control characters.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from game.cli.common import PROBLEMS, fail, story_argument, story_folder_problem
from game.engine.analysis.check import Report, check_story
from game.engine.errors import printable


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
        lines = [str(problem) for problem in report.errors + report.warnings]
        lines += [f"{printable(file)}: …and {count:,} more problem{'' if count == 1 else 's'}"
                  for file, count in sorted(report.left_out.files.items())]
        print("\n".join([*lines, summary(report)]))
    return PROBLEMS if report.failed else 0


def summary(report: Report) -> str:
    s = report.stats
    counts = f"{s.get('scenes', 0)} scenes, {s.get('choices', 0)} choices, {s.get('endings', 0)} endings, {s.get('words', 0):,} words"
    left_out = report.left_out.errors + report.left_out.warnings
    more = f", and {left_out:,} more not listed" if left_out else ""
    return f"{len(report.errors)} error(s), {len(report.warnings)} warning(s){more}; {counts}"
