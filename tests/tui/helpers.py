"""Helpers for the TUI tests."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from game.tui.app import MillonesApp

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STORY = FIXTURES / "tui_story"
SIZE = (100, 30)


async def settle(pilot: Pilot[int]) -> None:
    """Wait until the story has loaded (in its worker) and the screen has caught up."""
    app = pilot.app
    assert isinstance(app, MillonesApp)
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if app.story is not None or app.story_problems:
            break
    await pilot.pause()


def notices(app: MillonesApp) -> list[str]:
    return [notification.message for notification in app._notifications]
