"""When something goes wrong inside millones itself: the player is told, and the game is kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli.play import after_a_crash
from game.tui import app as app_module
from game.tui.app import MillonesApp
from game.tui.screens.errors import StoryErrorScreen
from game.tui.screens.play import PlayScreen

from .helpers import SIZE, settle

App = Callable[..., MillonesApp]


async def test_an_engine_bug_while_loading_is_shown_not_waited_on(make_app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(folder: object, **options: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("game.engine.load_story", broken)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StoryErrorScreen)
        shown = str(app.screen.query_one("#problem-list").render())
        assert "millones itself failed" in shown and "RecursionError" in shown


async def test_an_unexpected_error_autosaves_and_says_where(make_app: App, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    app = make_app()
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("n", "2")  # to the hut: progress not saved anywhere yet
            monkeypatch.setattr(PlayScreen, "action_undo", lambda screen: 1 / 0)
            await pilot.press("u")
            await pilot.pause()
    assert not app.ended_on_purpose
    assert after_a_crash(app) == 1
    message = capsys.readouterr().err
    saved = tmp_path / "saves" / "lighthouse_tui" / "r1q.json"  # game 1's own latest autosave
    assert saved.exists() and str(saved) in message and "millones play --load r1q" in message


async def test_quitting_is_not_a_crash(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert app.ended_on_purpose and app_module.MillonesApp is MillonesApp
