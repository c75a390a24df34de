"""``millones serve``: play in a web browser (textual-serve), on this machine only unless asked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game.cli.common import OK, SAVES_HELP, fail, story_argument, story_folder_problem
from game.web import is_loopback, serve


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("serve", help=help_text)
    story_argument(parser)
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    parser.add_argument("--saves", metavar="DIR", help=SAVES_HELP)


def run(args: argparse.Namespace) -> int:
    trouble = story_folder_problem(args.story)
    if trouble:
        return fail(trouble)
    if not 0 < args.port < 65536:
        return fail(f"{args.port} is not a port: give a number from 1 to 65535")
    if not is_loopback(args.host):
        print(f"millones: warning: listening on {args.host} lets anyone who can reach this machine play, and "
              "save games into its saves folder. Use --host 127.0.0.1 to keep it to this machine.", file=sys.stderr)
    print(f"Serving the game at http://{args.host}:{args.port} (one game per browser tab); ctrl+c stops.",
          file=sys.stderr)
    serve(Path(args.story), args.host, args.port, args.saves, "millones")
    return OK
