"""Reading and choosing as a player does: nothing picked by accident, nothing hidden, what moved said quietly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.selection import Selection
from textual.widgets import OptionList

from game.engine import ChoiceView, Lock
from game.tui.app import MillonesApp
from game.tui.screens.ending import EndingScreen
from game.tui.screens.journal import JournalScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.settings import SettingsScreen
from game.tui.screens.status import StatusScreen
from game.tui.settings import REVEAL_SPEEDS, Settings, load_settings
from game.tui.widgets.choices import ChoiceList, prompt
from game.tui.widgets.dossier import DossierPanel
from game.tui.widgets.passage import Passage
from game.tui.widgets.past import PastPassages
from game.tui.widgets.transcript import Transcript

from .helpers import SIZE, notices, settle

App = Callable[..., MillonesApp]
SMALL = (60, 14)  # the shore's text does not fit: there is more below


def play_screen(app: MillonesApp) -> PlayScreen:
    assert isinstance(app.screen, PlayScreen)
    return app.screen


async def test_nothing_is_highlighted_on_arrival_and_enter_reads_on_first(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = play_screen(app)
        assert screen.choices.highlighted is None
        assert screen.transcript.more_below and "more below" in str(screen.more.render())  # the cue says so
        for _ in range(10):  # Enter pages through the text; it never picks while there is more to read
            if not screen.transcript.more_below:
                break
            await pilot.press("enter")
            await pilot.pause()
            assert app.session is not None and app.session.state.steps == 0
        assert not screen.transcript.more_below and "more below" not in str(screen.more.render())
        await pilot.press("enter")  # all read: Enter moves to the first open choice...
        await pilot.pause()
        assert screen.choices.highlighted == 0 and app.session.state.steps == 0
        await pilot.press("enter")  # ...and only then takes it
        await pilot.pause()
        assert app.session.state.steps == 1


async def test_space_pages_the_story(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        transcript = play_screen(app).transcript
        top = transcript.scroll_y
        await pilot.press("space")
        await pilot.pause()
        assert transcript.scroll_y > top and app.session is not None and app.session.state.steps == 0


async def test_a_number_beyond_the_choices_says_so(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "7")
        await pilot.pause()
        assert "There are only 4 choices here." in notices(app)
        assert app.session is not None and app.session.state.steps == 0


async def test_what_a_choice_changed_is_said_under_it(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1")  # practise rowing
        await pilot.pause()
        earlier = play_screen(app).transcript.shown[-2]
        assert "› Practise rowing\n  Day +1 · Rowing: Clumsy" in earlier.render().plain


def test_a_locked_choice_says_so_in_words_under_its_text() -> None:
    choice = ChoiceView(2, "Start night classes toward a master's degree, which costs your evenings", False,
                        Lock("Home needs you this year (Family 2 or more)"))
    lines = prompt(3, choice, 48).plain.splitlines()
    assert lines[0].startswith("3 Start night classes")
    assert all(line.startswith("  ") for line in lines[1:])  # wrapped under the text, not the number
    assert any(line.startswith("    locked: Home needs you") for line in lines)


async def test_the_journal_reads_like_the_story(make_app: App) -> None:
    app = make_app(start="crossing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1", "1", "j")  # the right answer, then a wrong one
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        text = str(app.screen.query_one("#journal-text").render())
        assert text.count("Halfway across") == 1  # the quiz's introduction once, not once per question
        assert "Question 1 of 2: Which side of a boat is port?" in text and "› Left  ✔ right" in text
        assert "Question 2 of 2:" in text and "› Red  ✘ wrong" in text


async def test_the_journal_keeps_paragraphs_apart(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1", "j")
        await pilot.pause()
        text = str(app.screen.query_one("#journal-text").render())
        assert "on the shingle.\n\nSomeone has scratched" in text
        assert "› Practise rowing" in text and text.rstrip().endswith("(you are here)")


async def test_o_opens_the_settings_and_t_the_status_during_a_game(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape", "t")
        await pilot.pause()
        assert isinstance(app.screen, StatusScreen)
        shown = str(app.screen.query_one("#status-body").render())
        assert "READY TO CROSS" in shown and "▸None › Clumsy › Steady" in shown and "Courage" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


async def test_tab_reaches_the_dossier_and_the_arrows_scroll_it(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(pilot)
        await pilot.press("n", "tab")
        await pilot.pause()
        panel = play_screen(app).dossier_panel
        assert app.focused is panel
        await pilot.press("down", "down")
        await pilot.pause()
        assert panel.scroll_y > 0
        await pilot.press("escape")
        assert isinstance(app.focused, ChoiceList)


async def test_a_hidden_dossier_stays_hidden_in_later_games(make_app: App, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "d")
        await pilot.pause()
        assert not play_screen(app).dossier_panel.display
        await app.workers.wait_for_complete()
    assert json.loads((data_dir / "settings.json").read_text())["dossier"] == "hidden"
    again = make_app(settings=load_settings())
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert not play_screen(again).dossier_panel.display


async def test_the_typewriter_follows_its_text(make_app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REVEAL_SPEEDS, "slow", 1)  # a letter a second: the test never races the reveal
    app = make_app(settings=Settings(reveal="typewriter", speed="slow"))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("n", "1")
        await pilot.pause()
        transcript = play_screen(app).transcript
        current = transcript.current
        assert current is not None and current.revealing
        current.post_message(Passage.Grew())  # as each tick of the typewriter does
        await pilot.pause()
        await pilot.pause()
        assert transcript.scroll_y == transcript.max_scroll_y  # the newest text is in view
        await pilot.press("x")  # any key finishes it
        assert not current.revealing


async def test_the_ending_opens_at_its_top(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=(80, 16)) as pilot:
        await settle(pilot)
        await pilot.press("n", "4")  # walk home
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        scroller = app.screen.query_one("#ending")
        assert scroller.scroll_y == 0 and app.focused is scroller
        assert app.screen.query_one("#ending-menu", OptionList).region.bottom > 16  # the menu is further down
        await pilot.press("space")  # reads on, as on the play screen
        await pilot.pause()
        assert scroller.scroll_y > 0


async def test_motion_can_be_turned_off(make_app: App) -> None:
    app = make_app(settings=Settings(motion="off"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.animation_level == "none"


async def test_the_high_contrast_theme_is_offered(make_app: App) -> None:
    app = make_app(settings=Settings(theme="millones-high-contrast"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "millones-high-contrast"


async def test_the_reading_width_is_a_setting(make_app: App) -> None:
    app = make_app(settings=Settings(width="60", dossier="hidden"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        passage = play_screen(app).transcript.current
        assert passage is not None
        assert passage.size.width == 60
        transcript = app.screen.query_one(Transcript)
        assert passage.region.x - transcript.region.x > 20  # centred in the window
        assert isinstance(play_screen(app).dossier_panel, DossierPanel)


async def test_earlier_passages_look_as_they_would_drawn_afresh(make_app: App) -> None:
    """A step carries the rows of the passage it closes over to the earlier ones, dimmed, without the
    "read before" line, with the label picked under them: just as they are drawn from scratch."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1", "2", "1", "1")  # row; row again (read before), the hut, and back
        await pilot.pause()
        past = play_screen(app).transcript.shown[:-1]
        assert len(past) == 4 and any(data.read_before for data in past)  # one had its "read before" line
        after_steps = app.export_screenshot()
        await pilot.resize_terminal(SIZE[0] - 30, SIZE[1])  # every passage wrapped again...
        await pilot.pause()
        await pilot.resize_terminal(*SIZE)  # ...and drawn again at the first width
        await pilot.pause()
        assert app.export_screenshot() == after_steps


async def test_text_selected_in_earlier_passages_is_the_text_under_the_pointer(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1", "2", "1")  # row, the lamp, back to the boat
        await pilot.pause()
        screen = play_screen(app)
        past = screen.query_one(PastPassages)
        hut = next(data for data in screen.transcript.shown if data.title == "The hut").render().plain
        rows = {past.render_line(y).text.strip(): y for y in range(past.size.height)}
        top, bottom = rows["The hut"], rows["› Back to the boat"]  # one passage, from its title to its label
        start = screen.get_widget_and_offset_at(past.region.x, past.region.y + top)
        end = screen.get_widget_and_offset_at(past.region.x + len("› Back to the boat") - 1,
                                              past.region.y + bottom)
        assert start[0] is past and end[0] is past and start[1] is not None and end[1] is not None
        screen.selections = {past: Selection.from_offsets(start[1], end[1] + (1, 0))}  # as a drag would
        await pilot.pause()
        assert screen.get_selected_text() == hut
