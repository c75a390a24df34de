"""``millones studio``: ``millones play --dev``, for authors: the story reloads as its files change."""

from __future__ import annotations

import argparse
from typing import Any

from game.cli import play


def add_parser(commands: Any, help_text: str) -> None:
    play.add_arguments(commands.add_parser("studio", help=help_text))


def run(args: argparse.Namespace) -> int:
    args.dev = True
    return play.run(args)
