"""``millones play``: open a story in the terminal."""

from __future__ import annotations

import argparse
from pathlib import Path


def play(args: argparse.Namespace) -> int:
    """Run the TUI for ``args.story`` and return the exit status (1 when the story cannot start)."""
    from game.tui.app import Launch, MillonesApp
    from game.tui.settings import load_settings

    launch = Launch(
        story=Path(args.story),
        start=getattr(args, "start", None),
        seed=getattr(args, "seed", None),
        load=getattr(args, "load", None),
        saves=getattr(args, "saves", None),
    )
    app = MillonesApp(launch, load_settings())
    app.run()
    return app.return_code or 0
