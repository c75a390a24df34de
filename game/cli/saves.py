"""``millones saves list|show|delete``: the save slots from the command line.

Every failure is one line on stderr and exit status 1 (2 for a refused confirmation), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from game.cli.common import DEFAULT_STORY, SAVES_HELP, USAGE, fail, slot_argument, story_folder_problem
from game.engine import StoryError, load_story
from game.engine.saves import SaveError, SaveStore, format_play_time

SLOT_HELP = "a slot: 1 to 9, quick, auto1 to auto3"


def add_parser(commands: Any, help_text: str) -> None:
    saves = commands.add_parser("saves", help=help_text)
    actions = saves.add_subparsers(dest="saves_command", required=True, metavar="{list,show,delete}")
    listing = actions.add_parser("list", help="the saved games: slot, name, chapter, date")
    show = actions.add_parser("show", help="everything about one save")
    show.add_argument("slot", type=slot_argument, metavar="SLOT", help=SLOT_HELP)
    delete = actions.add_parser("delete", help="delete a save (asks first)")
    delete.add_argument("slot", type=slot_argument, metavar="SLOT", help=SLOT_HELP)
    delete.add_argument("--yes", action="store_true", help="do not ask")
    for parser in (listing, show, delete):
        parser.add_argument("--story", default=str(DEFAULT_STORY), metavar="STORY_DIR",
                            help="the story the saves belong to (default: the shipped story)")
        parser.add_argument("--saves", metavar="DIR", help=SAVES_HELP)


def run(args: argparse.Namespace) -> int:
    trouble = story_folder_problem(args.story)
    if trouble:
        return fail(trouble)
    try:
        story = load_story(args.story)
    except StoryError as exc:
        first = exc.problems[0] if exc.problems else "unknown problem"
        return fail(f"the story at {args.story} cannot be loaded ({first}); run: millones check {args.story}")
    try:
        store = SaveStore.open(story, args.saves)
        if args.saves_command == "list":
            return _list(store)
        if args.saves_command == "show":
            return _show(store, args.slot)
        return _delete(store, args.slot, args.yes)
    except SaveError as exc:
        return fail(exc.message)


def _list(store: SaveStore) -> int:
    rows = store.list(include_empty=False)
    if not rows:
        print(f"No saves in {store.folder}.")
        return 0
    table = [("SLOT", "NAME", "CHAPTER", "PLAYED", "SAVED")]
    for row in rows:
        if row.unreadable:
            table.append((row.slot, "", "(cannot be read: see 'millones saves show " + row.slot + "')", "", ""))
        else:
            table.append((row.slot, row.name, row.chapter or row.title, format_play_time(row.play_seconds), _when(row.saved_at)))
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    return 0


def _show(store: SaveStore, slot: str) -> int:
    row = store.info(slot)
    if row.empty:
        return fail(f"{row.label} is empty.")
    if row.unreadable:
        return fail(f"{row.label}: {row.unreadable}")
    loaded = store.load(slot)
    game = loaded.session
    lines = [
        (row.label, row.name or "(no name)"),
        ("Story", f"{store.story.id}, version {row.story_version}"),
        ("Chapter", row.chapter),
        ("Scene", row.title),
        *((name, value) for name, value in row.header),
        ("Ending", row.ending),
        ("Played", format_play_time(row.play_seconds)),
        ("Saved", _when(row.saved_at)),
        ("Undo", _count(len(game.history), "step back", "steps back")),
        ("Journal", _count(len(game.journal), "entry", "entries")),
        ("Folder", str(store.folder)),
    ]
    width = max(len(name) for name, _ in lines)
    for name, value in lines:
        if value:
            print(f"{name + ':':<{width + 1}} {value}")
    for note in loaded.notes:
        print(f"Note: {note}")
    return 0


def _delete(store: SaveStore, slot: str, yes: bool) -> int:
    row = store.info(slot)
    if row.empty:
        return fail(f"{row.label} is empty; there is nothing to delete.")
    if not yes:
        if not sys.stdin.isatty():
            fail(f"not deleting {row.label} without a yes: run it in a terminal to be asked, or add --yes")
            return USAGE
        what = f" “{row.name}”" if row.name else ""
        detail = f"{row.chapter}, saved {_when(row.saved_at)}" if row.loadable else "cannot be read"
        try:
            answer = input(f"Delete {row.label}{what} ({detail})? [y/N] ").strip().lower()
        except (EOFError, KeyboardInterrupt):
            answer = ""
            print()
        if answer not in ("y", "yes"):
            print("Nothing deleted.")
            return USAGE
    store.delete(slot)
    print(f"Deleted {row.label}.")
    return 0


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""
