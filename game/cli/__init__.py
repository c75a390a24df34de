"""The ``millones`` command line: one module per command, each with ``add_parser`` and ``run``.

Only the module of the command being run is imported, so that ``millones`` (which plays) shows its
first screen without importing what ``check`` or ``randomtest`` need. Exit status: 0 done, 1 the
input has problems (or a run found failures), 2 a usage error; messages go to stderr.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

from game import __version__
from game.engine.gcpause import paused_gc

COMMANDS = {
    "play": "play a story in the terminal (the default)",
    "studio": "play a story as you write it: reloads on every change, F12 for the debug panel (play --dev)",
    "check": "find every mistake in a story",
    "randomtest": "play many random games and report problems",
    "reach": "find a game that gets to each scene, ending, goal item and locked choice, or prove none can",
    "test": "replay the story's testplans (*.testplan) and check what they expect",
    "saves": "list, show or delete saved games",
    "serve": "play in a web browser, one game per tab (this machine only unless --host says otherwise)",
    "schema": "write the JSON Schemas of story files into a folder",
    "map": "draw the story's scenes and the ways between them (HTML page, Mermaid or Graphviz), or count its words",
    "new": "write a small working story into a new folder, to start from",
    "i18n": "translate a story: write its gettext templates (extract), merge a language's catalogs (update)",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; only ``command``'s own options are filled in (all of them for None)."""
    parser = argparse.ArgumentParser(prog="millones", description="A terminal narrative-game engine.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{" + ",".join(COMMANDS) + "}")
    for name, help_text in COMMANDS.items():
        if command in (name, None):
            importlib.import_module(f"game.cli.{name}").add_parser(commands, help_text)
        else:
            commands.add_parser(name, help=help_text)
    return parser


def main(argv: list[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if not words or (words[0] not in COMMANDS and words[0] not in ("-h", "--help", "--version")):
        words.insert(0, "play")  # `millones`, `millones --seed 3`, `millones my_story` all mean play
    command = words[0] if words[0] in COMMANDS else None
    with paused_gc():  # importing a command's modules only builds objects that stay alive
        args = build_parser(command).parse_args(words)
        module = importlib.import_module(f"game.cli.{args.command}")
        if argv is None:
            # The process's own command line: what it imported lives to the end, so the collector need never
            # walk it (a caller with an argv of its own, a test say, keeps its collector as it was).
            gc.freeze()
        args.owns_process = argv is None  # the full-screen game freezes its story too, once it has loaded
    try:
        status = module.run(args)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    return int(status)

