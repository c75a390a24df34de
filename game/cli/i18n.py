"""``millones i18n``: the translation workflow of a story's gettext catalogs.

``extract DIR`` writes the templates (``DIR/locales/templates/*.pot``); ``update DIR --lang es`` creates
or merges ``DIR/locales/es/*.po`` from the story's texts and says what became of them. Both need a
story that loads (``millones check`` says why one does not).
"""

from __future__ import annotations

import argparse
from typing import Any

from game.cli.common import fail, language_argument, story_argument, story_folder_problem
from game.engine.analysis.i18n import Result, extract, update
from game.engine.errors import StoryError


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("i18n", help=help_text)
    actions = parser.add_subparsers(dest="action", metavar="{extract,update}", required=True)
    story_argument(actions.add_parser("extract", help="write the templates: DIR/locales/templates/*.pot"))
    updating = actions.add_parser("update", help="create or merge DIR/locales/LANG/*.po from the story's texts")
    story_argument(updating)
    updating.add_argument("--lang", required=True, type=language_argument, metavar="LANG",
                          help="the language of the catalogs, e.g. es")


def run(args: argparse.Namespace) -> int:
    trouble = story_folder_problem(args.story)
    if trouble:
        return fail(trouble)
    try:
        result = extract(args.story) if args.action == "extract" else update(args.story, args.lang)
    except StoryError as exc:
        for problem in exc.problems:
            print(problem)
        return fail("nothing was written: " + ("fix the catalogs above (they are never written over while they cannot "
                                               "be read)" if args.action == "update" and exc.problems
                                               and exc.problems[0].file.endswith(".po")
                                               else "the story does not load; fix it first (millones check)"))
    except OSError as exc:
        return fail(f"cannot write the catalogs: {exc.strerror or exc}")
    print(report(result, args.action))
    return 0


def report(result: Result, action: str) -> str:
    lines = []
    for written in result.files:
        if action == "extract":
            lines.append(f"{written.name}: {written.texts:,} texts")
        else:
            lines.append(f"{written.name}: {written.translated:,} of {written.texts:,} translated; "
                         f"{written.new:,} new, {written.stale:,} became stale, {written.obsolete:,} became obsolete")
    lines += [f"{name}: removed (its scene file is gone)" for name in result.removed]
    if action == "extract":
        lines.append(f"{len(result.files)} template(s), {result.total('texts'):,} texts")
    else:
        lines.append(f"{len(result.files)} catalog(s): {result.total('translated'):,} of {result.total('texts'):,} texts "
                     f"translated; {result.total('new'):,} new, {result.total('stale'):,} became stale (fuzzy: the "
                     f"source changed), {result.total('obsolete'):,} became obsolete (#~)")
    return "\n".join(lines)
