"""Regenerate docs/screenshot.svg, the README's picture: `.venv/bin/python docs/screenshot.py`.

Plays the shipped story with a fixed seed and fixed keys, so the picture changes only when the game does.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = ["n", "1", "2", "1", "2", "1", "1", "1"]


async def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["MILLONES_DATA"] = scratch  # never touch the player's own settings or endings
        os.environ["MILLONES_SAVES"] = scratch
        from game.tui.app import Launch, MillonesApp

        app = MillonesApp(Launch(story=HERE.parent / "scenes", seed=10))
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(100):
                await pilot.pause()
                await app.workers.wait_for_complete()
                if app.story is not None:
                    break
            for key in KEYS:
                await pilot.press(key)
                await pilot.pause()
            app.save_screenshot(filename="screenshot.svg", path=str(HERE))


if __name__ == "__main__":
    asyncio.run(main())
