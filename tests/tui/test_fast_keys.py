"""Keys pressed faster than the screen changes: nothing crashes, nothing is picked twice, nothing is lost.

``burst`` queues key events back to back, as a terminal delivers a key held down or pressed twice
quickly, before the app has handled the first. Each repro is one a player found at 100x30.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from game.engine import GameSession, load_story
from game.engine.saves import SaveStore
from game.tui.app import MillonesApp
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.saves import LoadScreen, SaveScreen
from game.tui.screens.title import TitleScreen

from .helpers import SIZE, STORY, idle, settle

App = Callable[..., MillonesApp]
CHARACTERS = {"enter": "\r", "escape": "\x1b", "space": " ", "tab": "\t"}


async def burst(pilot: Pilot[int], *keys: str) -> None:
    """Queue ``keys`` at once, then let the app catch up."""
    for key in keys:
        character = CHARACTERS.get(key, key if len(key) == 1 else None)
        pilot.app.post_message(events.Key(key, character))
    await idle(pilot)


def saved_game(tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves", load_story(STORY))
    game = GameSession.new(store.story, seed=7)
    game.choose(1)  # to the hut
    store.save("1", game.snapshot(), 10, name="the hut")


async def test_enter_twice_on_the_load_screen_loads_once(make_app: App, tmp_path: Path) -> None:
    saved_game(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await idle(pilot)
        assert isinstance(app.screen, LoadScreen)
        await burst(pilot, "enter", "enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.session is not None and app.session.state.scene == "hut"
        assert len(app.screen_stack) == 2  # the title underneath, the game on top: nothing popped twice


async def test_enter_pressed_again_and_again_while_saving_keeps_the_game(make_app: App, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1", "s")
        await idle(pilot)
        assert isinstance(app.screen, SaveScreen)
        await pilot.press("enter")  # slot 1: on to its name
        await burst(pilot, "enter", "enter", "enter")
        assert isinstance(app.screen, PlayScreen) and app.is_running
        assert (tmp_path / "saves" / "lighthouse_tui" / "1.json").exists()
        await burst(pilot, "s", "enter", "enter")  # again, over the same slot: it asks, and Enter is "No"
        assert isinstance(app.screen, (ConfirmScreen, SaveScreen, PlayScreen)) and app.is_running


async def test_quickload_twice_shows_the_game_once(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "f5")
        await idle(pilot)
        await burst(pilot, "f9", "f9")
        assert isinstance(app.screen, PlayScreen) and len(app.screen_stack) == 2
        await burst(pilot, "f9", "1", "f9", "1")
        assert app.is_running and isinstance(app.screen, (PlayScreen, ConfirmScreen))


async def test_the_palette_then_enter_twice(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await burst(pilot, "ctrl+p", "enter", "enter")
        await burst(pilot, "ctrl+p", "enter", "enter", "enter", "escape", "enter")
        assert app.is_running


@pytest.mark.parametrize("key", ["pageup", "pagedown", "home", "end", "up", "down"])
async def test_the_palette_survives_its_paging_keys(make_app: App, key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "ctrl+p", key)
        await pilot.press(key, key)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, TitleScreen)


KEYS = ["1", "2", "3", "4", "5", "9", "enter", "enter", "space", "escape", "escape", "s", "l", "u", "j", "d", "o",
        "question_mark", "f1", "f5", "f9", "ctrl+p", "pageup", "pagedown", "up", "down", "home", "end", "tab", "n",
        "y", "x", "delete", "c", "q", "a", "ctrl+z"]


@pytest.mark.parametrize("seed", range(4))
async def test_a_seeded_key_mash_never_crashes(make_app: App, seed: int, tmp_path: Path) -> None:
    """Random keys, some in bursts, some one at a time: the game is still running, or quit on its own terms."""
    saved_game(tmp_path)
    picks = random.Random(seed)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(60):
            keys = [picks.choice(KEYS) for _ in range(picks.randint(1, 4))]
            await burst(pilot, *keys)
            if not app.is_running:
                break
    assert app.return_code in (0, None)


async def test_a_flood_of_choice_keys_takes_one_step_per_frame(make_app: App) -> None:
    """Keys queued while a scene is being drawn were aimed at the scene before it: they are dropped."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await burst(pilot, *["1"] * 40)  # practise rowing, again and again, faster than the screen
        assert app.session is not None and 1 <= app.session.state.steps <= 3
        steps = app.session.state.steps
        await pilot.press("1")  # a key pressed once the scene is drawn is taken
        assert app.session.state.steps == steps + 1
