"""``millones schema``: the JSON Schemas of story files, for editors' completion and checks."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from game.cli.common import fail
from game.engine.load.schema import write_schemas


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("schema", help=help_text)
    parser.add_argument("folder", nargs="?", default=".", metavar="DIR", help="where to write them (made if need be)")


def run(args: argparse.Namespace) -> int:
    try:
        written = write_schemas(Path(args.folder))
    except OSError as exc:
        return fail(f"cannot write the schemas into {args.folder}: {exc.strerror or exc}")
    for path in written:
        print(path)
    return 0
