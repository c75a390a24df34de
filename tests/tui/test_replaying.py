"""A second game: the endings gallery, text already read shown as such and skipped on request."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from game.engine import decode, load_story
from game.engine.analysis.testplan import parse, run_steps
from game.tui.app import Launch, MillonesApp
from game.tui.screens.endings import EndingsScreen
from game.tui.screens.play import PlayScreen

from .helpers import SIZE, STORY, idle, notices, settle

App = Callable[..., MillonesApp]


def gallery(app: MillonesApp) -> str:
    assert isinstance(app.screen, EndingsScreen)
    return "\n".join(str(line.render()) for line in app.screen.query("#endings-body Static"))


async def test_the_gallery_lists_every_ending_found_or_not(make_app: App, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        shown = gallery(app)
        assert "0 of 2 endings found" in shown and "Safe harbour" not in shown  # not found: its title is not told
        assert "Hint: Not every evening needs a crossing." in shown
        await pilot.press("escape", "n", "4")  # walk home
        await idle(pilot)
        await pilot.press("e")
        await pilot.pause()
        shown = gallery(app)
        assert "1 of 2 endings found" in shown and "✔ Home before dark" in shown
        assert "game 1" in shown and "in The Shore" in shown and "after 1 choice" in shown
        assert "the last choices: Walk home" in shown
    kept = json.loads((data_dir / "endings.json").read_text())["lighthouse_tui"]["home"]
    assert kept["game"] == 1 and kept["path"] == ["Walk home"]


async def test_text_read_in_an_earlier_game_is_marked_and_f_skips_it(make_app: App, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "2", "f")  # the hut, new to this player: nothing to skip
        await pilot.pause()
        assert any(notice.startswith("Nothing to skip") for notice in notices(app))
        await pilot.press("ctrl+q")
    assert app.ended_on_purpose
    again = make_app(settings=None)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, PlayScreen) and screen.read_before  # the shore, read in the first game
        current = screen.transcript.current
        assert current is not None and current.has_class("-read") and "read before" in str(current.render())
        await pilot.press("2")  # the hut again
        await pilot.pause()
        assert screen.read_before and again.session is not None and again.session.state.scene == "hut"
        await pilot.press("f")  # on through the hut, read before, to the shore's real choice
        await pilot.pause()
        assert again.session.state.scene == "shore" and again.session.state.steps == 2
    assert "lighthouse_tui" in json.loads((data_dir / "seen.json").read_text())


async def test_a_game_played_with_record_is_written_as_a_testplan(tmp_path: Path) -> None:
    plan = tmp_path / "walk.testplan"
    app = MillonesApp(Launch(STORY, seed=4, record=plan))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1", "u", "2", "1", "3")  # the lamp, back to the boat, walk home; the step undone is not recorded
        await idle(pilot)
        await pilot.press("ctrl+q")
    text = plan.read_text()
    assert text.count("choose:") == 3 and "Practise rowing" not in text and text.rstrip().endswith("ending: home")
    assert run_steps(load_story(STORY), parse(text), "walk").ok


async def test_a_replay_code_opens_the_game_where_its_moves_lead_with_undo_and_journal() -> None:
    app = MillonesApp(Launch(STORY, seed=3, replay=tuple(decode("1-2-1"))))  # row, the lamp, back to the boat
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen) and app.session is not None
        assert app.session.state.scene == "shore" and "has_lamp" in app.session.state.flags
        assert len(app.session.journal) == 3 and "Replayed 3 moves." in notices(app)
        await pilot.press("u")
        await pilot.pause()
        assert app.session.state.scene == "hut"


async def test_a_replay_that_the_story_does_not_allow_stops_where_it_fails_and_says_so() -> None:
    app = MillonesApp(Launch(STORY, seed=3, replay=tuple(decode("1-3"))))  # "Cross tonight" is still locked
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen) and app.session is not None
        assert app.session.state.steps == 1
        assert any(message.startswith("The replay stopped after 1 of 2 moves: move 2 (3) cannot be taken")
                   for message in notices(app))


async def test_the_second_question_of_a_quiz_read_for_the_first_time_is_not_marked_as_read(make_app: App) -> None:
    app = make_app(start="crossing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")  # the first question answered: the second is new
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen) and app.session is not None
        assert app.session.view.quiz is not None and app.session.view.quiz.number == 2
        assert not screen.read_before
