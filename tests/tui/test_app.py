"""Around the game: the title screen, a broken story, quitting, settings, help, the palette, save keys."""

from __future__ import annotations

import gc
import json
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import OptionList, Select

from game.tui.app import Launch, MillonesApp
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.errors import StoryErrorScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.settings import SettingsScreen
from game.tui.screens.title import TitleScreen
from game.tui.settings import REVEAL_SPEEDS, Settings, load_settings
from game.tui.widgets.transcript import Transcript

from .helpers import FIXTURES, SIZE, STORY, idle, settle

App = Callable[..., MillonesApp]


async def test_the_title_screen_names_the_story_and_offers_the_way_in(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        assert "The Lighthouse" in str(app.screen.query_one("#story-title").render())
        menu = app.screen.query_one("#menu", OptionList)
        assert [menu.get_option_at_index(i).id for i in range(menu.option_count)] == ["new", "endings", "settings", "quit"]
        await pilot.press("enter")  # New game is highlighted first
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


async def test_new_games_free_the_games_they_replace_when_the_story_is_frozen() -> None:
    """`millones play` freezes the loaded story for the collector (the app owns its process); the screens of
    games a new game replaces must still be freed, or memory would grow with every new game."""
    app = MillonesApp(Launch(STORY, seed=7, owns_process=True))
    gc.collect()  # nothing left over from earlier tests is frozen with the story
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert gc.get_freeze_count() > 0
            games: list[weakref.ref[Screen[object]]] = []
            for _ in range(4):
                app.action_new_game()
                for _ in range(200):  # the new game's screen replaces the last (saving it first, in a worker)
                    await idle(pilot)
                    if isinstance(app.screen, PlayScreen) and all(app.screen is not game() for game in games):
                        break
                await pilot.press("2")
                games.append(weakref.ref(app.screen))
            for _ in range(200):  # a replaced screen is let go once its message loop has ended
                await idle(pilot)
                gc.collect()
                if all(game() is None for game in games[:-1]):
                    break
            assert [game() is None for game in games] == [True, True, True, False]
    finally:
        gc.unfreeze()  # the test process goes on: let the collector have it all back


async def test_a_broken_story_shows_its_errors_and_does_not_start(make_app: App) -> None:
    app = make_app(FIXTURES / "broken_story")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StoryErrorScreen)
        listed = str(app.screen.query_one("#problem-list").render())
        assert "scenes/first.yaml:5:13: error: no scene 'nowhere_at_all'" in listed
        await pilot.press("n")
        await pilot.pause()
        assert app.session is None
        await pilot.press("q")
    assert app.return_code == 1


async def test_a_missing_start_scene_is_an_error_not_a_crash(make_app: App) -> None:
    app = make_app(start="no_such_scene")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StoryErrorScreen)
        assert "no scene 'no_such_scene'" in str(app.screen.query_one("#problem-list").render())


async def test_start_opens_the_story_at_that_scene(make_app: App) -> None:
    app = make_app(start="hut")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert app.session is not None and app.session.state.scene == "hut"


async def test_quit_never_asks_when_nothing_would_be_lost(make_app: App) -> None:
    # With progress to lose, quitting autosaves first (tests/tui/test_saves.py); it asks only if that fails.
    fresh = make_app()
    async with fresh.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "ctrl+q")  # nothing played yet: nothing to lose
        await pilot.pause()
        assert not isinstance(fresh.screen, ConfirmScreen)
    assert fresh.return_code == 0


async def test_new_game_during_a_game_saves_it_first_and_never_asks(make_app: App, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1")
        assert app.session is not None and app.session.run == 1
        app.action_new_game()
        await idle(pilot)
        assert isinstance(app.screen, PlayScreen) and not isinstance(app.screen, ConfirmScreen)
        assert app.session.run == 2 and app.session.state.steps == 0
        assert len(app.screen.query_one(Transcript).shown) == 1
    kept = json.loads((tmp_path / "saves" / "lighthouse_tui" / "r1q.json").read_text())
    assert kept["name"] == "Before a new game" and kept["state"]["steps"] == 1


async def test_settings_apply_at_once_and_are_kept(make_app: App, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "millones"
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#theme", Select).value = "nord"
        app.screen.query_one("#reveal", Select).value = "typewriter"
        await pilot.pause()
        assert app.theme == "nord"
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
    kept = json.loads((data_dir / "settings.json").read_text())
    assert kept["theme"] == "nord" and kept["reveal"] == "typewriter"
    assert load_settings() == Settings("nord", "typewriter")
    again = make_app(settings=load_settings())
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_a_theme_picked_from_the_palette_is_kept(make_app: App, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "gruvbox"
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert load_settings().theme == "gruvbox"


async def test_damaged_settings_fall_back_to_the_defaults(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text("{not json")
    assert load_settings() == Settings()
    (data_dir / "settings.json").write_text('{"theme": 3, "reveal": "sideways"}')
    assert load_settings() == Settings()


async def test_typewriter_reveal_is_completed_by_any_key(make_app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REVEAL_SPEEDS, "normal", 1)  # a letter a second: the test never races the reveal
    app = make_app(settings=Settings(reveal="typewriter"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "2")  # to the hut, revealed a few letters at a time
        transcript = app.screen.query_one(Transcript)
        current = transcript.current
        assert current is not None and current.revealing
        assert app.screen.has_class("-revealing")  # the choices wait for the text
        await pilot.press("1")  # completes the text; does not pick "Back to the boat"
        await pilot.pause()
        assert not current.revealing and "The lamp is heavy" in str(current.render())
        assert app.session is not None and app.session.state.scene == "hut"
        assert not app.screen.has_class("-revealing")


async def test_help_lists_the_keys_and_the_dossier(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "ctrl+z" in text and "THE DOSSIER" in text
        await pilot.press("escape", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_palette_offers_the_main_actions(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("New game", "Journal", "Dossier", "Undo", "Theme", "Help", "Quit"):
            assert wanted in titles


async def test_the_games_own_theme_colours_the_first_screen(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "millones"
        assert app.screen.styles.background.hex.lower() == "#0b1026"  # the night sky


async def test_resizing_never_crashes(make_app: App) -> None:
    sizes = [(80, 24), (60, 20), (40, 12), (20, 6), (1, 1), (200, 60), (100, 30)]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in ([], ["n", "d"], ["j"], ["escape", "question_mark"], ["escape", "4"]):  # title, play, journal, help, ending
            await pilot.press(*keys)
            for width, height in sizes:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
        assert app.is_running
