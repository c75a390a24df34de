"""Playing with the keyboard: choices, locked choices, undo, the journal, quizzes, endings, the dossier."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from game.engine import Dossier, SkillStep, SkillTrack
from game.engine.play import dossier as dossiers
from game.engine.play import runtime
from game.tui.app import MillonesApp
from game.tui.screens.ending import EndingScreen
from game.tui.screens.journal import JournalScreen
from game.tui.screens.play import PlayScreen
from game.tui.widgets.choices import ChoiceList, QuizBar
from game.tui.widgets.dossier import DossierPanel, render_record
from game.tui.widgets.status import StatusLine
from game.tui.widgets.transcript import Transcript

from .helpers import SIZE, notices, settle

App = Callable[..., MillonesApp]


def text_of(app: MillonesApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def transcript(app: MillonesApp) -> str:
    return "\n\n".join(p.render().plain for p in app.screen.query_one(Transcript).shown)


def current_text(app: MillonesApp) -> str:
    current = app.screen.query_one(Transcript).current
    assert current is not None
    return str(current.render())


def choice_labels(app: MillonesApp) -> list[str]:
    return [c.text for c in app.screen.query_one(ChoiceList).choices]


async def test_new_game_choices_reach_a_later_scene(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "The lighthouse blinks across the bay" in current_text(app)
        await pilot.press("2")  # take the lamp
        await pilot.pause()
        assert "The lamp is heavy" in current_text(app)
        assert choice_labels(app) == ["Back to the boat"]
        await pilot.press("enter", "enter")  # the first Enter moves to "Back to the boat"; the second takes it
        await pilot.press("down", "enter")  # practise rowing, with the arrow keys
        await pilot.pause()
        assert app.session is not None and app.session.state.stats["day"] == 2
        assert "Day 2" in text_of(app, "#status")
        assert "The lamp is heavy" in transcript(app)  # earlier scenes stay above
        assert "› Take the lamp from the hut" in transcript(app)


async def test_a_click_picks_a_choice(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        choices = app.screen.query_one(ChoiceList)
        await pilot.click(ChoiceList, offset=(4, 2))  # the second option's line (inside the border)
        await pilot.pause()
        assert choices.is_attached
        assert app.session is not None and app.session.state.scene == "hut"


async def test_story_text_is_not_markup(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert "[b]not bold[/b]" in current_text(app)


async def test_a_locked_choice_refuses_with_its_reason(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert choice_labels(app)[2] == "Cross tonight"
        assert "Needs steady rowing and a lamp" in str(app.screen.query_one(ChoiceList).get_option_at_index(2).prompt)
        await pilot.press("3")
        await pilot.pause()
        assert "Needs steady rowing and a lamp" in notices(app)
        assert app.session is not None and app.session.state.scene == "shore" and app.session.state.steps == 0


async def test_undo_restores_the_earlier_scene_and_state(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert app.session is not None
        before = app.session.state
        await pilot.press("1")  # practise rowing: day 2, rowing clumsy
        await pilot.pause()
        assert app.session.state.stats["day"] == 2
        await pilot.press("u")
        await pilot.pause()
        assert app.session.state == before
        assert "Day 1" in text_of(app, "#status")
        assert "Rowing ●○○ None" in text_of(app, "#dossier-body")
        assert len(app.screen.query_one(Transcript).shown) == 1
        assert "›" not in current_text(app)
        await pilot.press("2", "enter", "enter", "ctrl+z")  # back to the boat (Enter moves, Enter takes); ctrl+z undoes too
        await pilot.pause()
        assert app.session.state.scene == "hut"
        await pilot.press("u", "u")  # and the second press at the start says there is nothing more
        await pilot.pause()
        assert app.session.state == before
        assert any("Nothing to undo" in n for n in notices(app))


async def test_undo_goes_back_more_than_fifty_steps(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert app.session is not None
        keys = ["1", "1", "1", "1"] + ["1", "2", "1"] * 20  # row, row, lamp, back; then cross and fail, 20 times
        states = [app.session.state]
        for key in keys:
            await pilot.press(key)
            states.append(app.session.state)
        await pilot.pause()
        assert app.session.state.steps == 64 and app.session.state.stats["courage"] == 0
        for _ in range(55):
            await pilot.press("u")
        await pilot.pause()
        assert app.session.state == states[9]


async def test_the_journal_shows_earlier_text(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "2", "1")  # lamp, back to the boat
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        journal = text_of(app, "#journal-text")
        assert "The lamp is heavy and smells of paraffin." in journal
        assert "› Take the lamp from the hut" in journal
        assert "THE SHORE" in journal
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


async def test_a_quiz_passes(make_app: App) -> None:
    app = make_app(start="crossing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Question 1 of 2: Which side of a boat is port?" in current_text(app)
        assert "question 1 of 2" in text_of(app, "QuizBar")
        assert choice_labels(app) == ["Left", "Right"]
        await pilot.press("1")
        await pilot.pause()
        assert "✔ Right. Port and left both have four letters." in current_text(app)
        assert "score 1" in text_of(app, "QuizBar")
        assert "Halfway across" not in current_text(app)  # the scene text is not repeated per question
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert "Safe harbour" in text_of(app, "#ending-title")


async def test_a_quiz_fails(make_app: App) -> None:
    app = make_app(start="crossing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert "✘ Not quite: the answer is “Left”." in current_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.query_one(QuizBar).has_class("-empty")
        assert "Score: 0 of 2, not passed this time." in current_text(app)
        assert "The lighthouse blinks" in current_text(app)
        assert "Courage 1" in text_of(app, "#status")


async def test_an_ending_shows_its_screen_and_is_remembered(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "4")  # walk home
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert "Home before dark" in text_of(app, "#ending-title")
        assert "You leave the boat" in text_of(app, "#ending-text")
        summary = text_of(app, "#ending-summary")
        assert "Choices made" in summary and "Endings found: 1 of 2" in summary
        await app.workers.wait_for_complete()
    again = make_app(start="crossing")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1", "2")  # the other ending
        await pilot.pause()
        assert "Endings found: 2 of 2" in text_of(again, "#ending-summary")
        await pilot.press("n")  # New game from the ending screen
        await pilot.pause()
        assert isinstance(again.screen, PlayScreen)
        assert again.session is not None and again.session.state.steps == 0


async def test_undo_from_an_ending_returns_to_the_game(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "4", "u")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.session is not None and app.session.state.scene == "shore"


async def test_the_dossier_reflects_a_skill_transition(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        dossier = text_of(app, "#dossier-body")
        assert "Rowing ●○○ None" in dossier and "READY TO CROSS  0/2" in dossier
        assert dossier.index("READY TO CROSS") < dossier.index("SKILLS")  # goals first: how far you are
        await pilot.press("1")  # practise rowing
        await pilot.pause()
        assert "Rowing ●●○ Clumsy" in text_of(app, "#dossier-body")
        await pilot.press("1", "1")  # rowing again (steady), then the lamp (now the first choice)
        await pilot.pause()
        dossier = text_of(app, "#dossier-body")
        assert "Rowing ●●● Steady" in dossier and "✔ Row steadily" in dossier and "✔ Carry a lamp" in dossier


async def test_the_dossier_after_steps_shows_what_drawing_it_afresh_shows(make_app: App) -> None:
    """A step draws again only the dossier lines it changed; the screen is the same as if all were drawn."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("1", "1", "1")  # a skill moves twice, two goals are met, the days go by
        await pilot.pause()
        stepped = app.export_screenshot()
        await pilot.resize_terminal(SIZE[0] + 10, SIZE[1])  # everything drawn again, then back
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert app.export_screenshot() == stepped


async def test_the_mouse_finds_each_dossier_line_in_its_text_after_steps(make_app: App) -> None:
    """Selecting text with the mouse maps a place on the dossier to its line in the dossier's text, for the
    lines a step drew again as well."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("1", "1", "1")
        await pilot.pause()
        body = app.screen.query_one("#dossier-body")
        lines = str(body.render()).split("\n")
        assert len(lines) == body.region.height  # no line wraps here: row n is line n
        for row, line in enumerate(lines):
            column = len(line) - len(line.lstrip()) if line.strip() else 0
            widget, offset = app.screen.get_widget_and_offset_at(body.region.x + column, body.region.y + row)
            assert widget is body and offset is not None and offset.y == row, line


async def test_the_dossier_hides_when_narrow_and_toggles(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        panel = app.screen.query_one(DossierPanel)
        assert not panel.display
        await pilot.press("d")
        await pilot.pause()
        assert panel.display
        await pilot.press("d")
        await pilot.pause()
        assert not panel.display
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert not panel.display  # the player hid it; widening the window does not undo that
        await pilot.press("d")
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert panel.display


async def test_the_status_line_shows_chapter_and_header_stats(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        status = str(app.screen.query_one(StatusLine).render())
        assert "The Lighthouse" in status and "The Shore" in status
        assert "Day 1" in status and "Courage 2" in status


def test_status_chains_break_between_states_not_inside_them() -> None:
    names = ["None", "Ground school", "Written test passed", "First solo", "Private pilot"]
    track = SkillTrack("pilot", "Pilot", tuple(SkillStep(n.lower(), n, i <= 1, i == 1) for i, n in enumerate(names)))
    lines = render_record(Dossier((track,), (), ()), width=26).plain.splitlines()
    assert lines[0] == "SKILLS" and lines[1] == "  Pilot  ●●○○○"
    chain = [line[2:] for line in lines[2:]]
    assert all(len(line) <= 24 for line in chain)
    assert "▸Ground school" in " ".join(chain)
    for name in names:
        assert any(name in line for line in chain)  # each name whole on one line


async def test_page_keys_scroll_the_story(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=(60, 14)) as pilot:
        await settle(pilot)
        await pilot.press("n", "2", "1", "1")  # enough text to scroll
        await pilot.pause()
        transcript = app.screen.query_one(Transcript)
        bottom = transcript.scroll_y
        assert bottom > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert transcript.scroll_y < bottom
        await pilot.press("pagedown")
        await pilot.pause()
        assert transcript.scroll_y == bottom


async def test_a_key_press_builds_the_next_view_and_dossier_once(make_app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    """The screen, the journal entry, the autosave's snapshot and the ending all share one view per step."""
    built: list[str] = []
    real_view, real_dossier = runtime.view, dossiers.dossier
    monkeypatch.setattr(runtime, "view", lambda *args: built.append("view") or real_view(*args))
    monkeypatch.setattr(dossiers, "dossier", lambda *args: built.append("dossier") or real_dossier(*args))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        for key in ("1", "1", "1", "1", "1"):  # row twice, the lamp, back to the boat, cross: a new chapter, autosaved
            built.clear()
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert built == ["view", "dossier"], key
