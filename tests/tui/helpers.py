"""Helpers for the TUI tests."""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from textual.app import App
from textual.pilot import Pilot

from game.tui.app import MillonesApp
from game.tui.dev import WATCHING
from game.tui.screens import FLOWS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STORY = FIXTURES / "tui_story"
SIZE = (100, 30)


async def settle(pilot: Pilot[int]) -> None:
    """Wait until the story has loaded (in its worker) and the screen has caught up."""
    app = pilot.app
    assert isinstance(app, MillonesApp)
    for _ in range(200):
        await pilot.pause()
        await _finish(pilot)
        if app.story is not None or app.story_problems:
            break
    await pilot.pause()


async def idle(pilot: Pilot[int]) -> None:
    """Wait for the disk work of saves and loads, and whatever it hands back to the screen (which may
    start more). The save flows themselves are not waited for: they wait for the player's answer."""
    for _ in range(4):
        await pilot.pause()
        await _finish(pilot)
    await pilot.pause()


async def _finish(pilot: Pilot[int]) -> None:
    """Wait for every worker but the save flows and --dev's file watcher (they wait on the player)."""
    busy = [worker for worker in pilot.app.workers if worker.group not in (FLOWS, WATCHING)]
    if busy:  # (an empty list would mean every worker)
        await pilot.app.workers.wait_for_complete(busy)


def notices(app: MillonesApp) -> list[str]:
    """Every notice the app has shown, as recorded by the ``record_notices`` fixture (none expire)."""
    return NOTICES.setdefault(app, [])


NOTICES: WeakKeyDictionary[App[int], list[str]] = WeakKeyDictionary()
