"""Saving and loading as a player does it: the save and load screens, quicksave, Continue, autosaves, --load."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from game.engine import GameSession, load_story
from game.engine.saves import SaveStore
from game.tui.app import Launch, MillonesApp
from game.tui.screens.chapters import ChaptersScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.saves import LoadScreen, SaveScreen, SlotList
from game.tui.screens.title import TitleScreen
from game.tui.widgets.transcript import Transcript

from .helpers import SIZE, STORY, idle, notices, settle

App = Callable[..., MillonesApp]
NAME = "Before [b]the[/b] crossing?"


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    """The saves folder the app uses (MILLONES_SAVES, set in conftest), for this story."""
    return tmp_path / "saves" / "lighthouse_tui"


def make_store(tmp_path: Path, story_dir: Path = STORY, at: datetime | None = None) -> SaveStore:
    moment = at or datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    return SaveStore(tmp_path / "saves", load_story(story_dir), clock=lambda: moment)


def played(store: SaveStore, *choices: int) -> GameSession:
    """A game of the store's story after ``choices`` (1-based, as the keys pick them)."""
    game = GameSession.new(store.story, seed=7)
    for number in choices:
        game.choose(game.view.choices[number - 1].index)
    return game





def listed(app: MillonesApp) -> dict[str, str]:
    """The slot list on screen: slot id -> the text its row shows."""
    slots = app.screen.query_one(SlotList)
    return {option.id: str(option.prompt) for option in slots.options if option.id}


def scene(app: MillonesApp) -> str:
    assert app.session is not None
    return app.session.state.scene


async def save_as(pilot: Pilot[int], name: str) -> None:
    """On the play screen: s, pick the highlighted slot, type ``name``, Enter."""
    await pilot.press("s")
    await idle(pilot)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*name, "enter")
    await idle(pilot)


async def test_save_to_a_named_slot_and_see_it_listed(make_app: App, saves: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "2")  # to the hut
        await pilot.press("s")
        await idle(pilot)
        assert isinstance(app.screen, SaveScreen)
        slots = app.screen.query_one(SlotList)
        assert slots.highlighted_option is not None and slots.highlighted_option.id == "1"  # the first empty slot
        assert "auto1" not in listed(app)  # the autosave ring of earlier versions, empty: nothing to offer
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen.focused, Input)
        await pilot.press(*NAME, "enter")
        await idle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert "Saved to Slot 1 “Before [b]the[/b] crossing?”." in notices(app)
        await pilot.press("s")
        await idle(pilot)
        row = listed(app)["1"]
        assert NAME in row and "The Shore › The hut" in row and "Day 1 · Courage 2" in row and "played " in row
        highlighted = app.screen.query_one(SlotList).highlighted_option
        assert highlighted is not None and highlighted.id == "2"  # now the first empty one
    assert json.loads((saves / "1.json").read_text())["name"] == NAME


async def test_overwriting_a_slot_asks_first(make_app: App, saves: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await save_as(pilot, "first")
        await pilot.press("2")  # on to the hut
        await pilot.press("s")
        await idle(pilot)
        app.screen.query_one(SlotList).highlighted = 0  # slot 1, taken
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#slot-name", Input).value == "first"  # its name is offered
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "“first”" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("n")  # no: nothing is written
        await idle(pilot)
        assert isinstance(app.screen, SaveScreen)
        assert json.loads((saves / "1.json").read_text())["state"]["scene"] == "shore"
        await pilot.press("enter", "y")
        await idle(pilot)
        assert isinstance(app.screen, PlayScreen)
    saved = json.loads((saves / "1.json").read_text())
    assert saved["state"]["scene"] == "hut" and saved["name"] == "first"


async def test_load_restores_the_scene_and_the_state(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1", "2")  # row once (day 2), take the lamp
        await save_as(pilot, "with the lamp")
        app.action_new_game()  # everything is saved: no question
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and scene(app) == "shore"
        assert app.session is not None and app.session.state.stats["day"] == 1
        await pilot.press("l")
        await idle(pilot)
        assert isinstance(app.screen, LoadScreen)
        assert list(listed(app)) == ["1"]  # only what is saved
        await pilot.press("enter")
        await idle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert scene(app) == "hut"
        assert app.session is not None and app.session.state.stats["day"] == 2 and "has_lamp" in app.session.state.flags
        assert app.session.state.skills["rowing"] == "clumsy"
        assert "The lamp is heavy" in str(app.screen.query_one(Transcript).current.render())  # type: ignore[union-attr]
        assert "Loaded Slot 1 “with the lamp”." in notices(app)
        await pilot.press("u")  # the undo history came back too
        assert scene(app) == "shore" and app.session.state.stats["day"] == 2


async def test_loading_over_unsaved_progress_asks_first(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await save_as(pilot, "")
        await pilot.press("2", "l")
        await idle(pilot)
        await pilot.press("enter")
        await idle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert scene(app) == "hut"  # kept playing


async def test_deleting_asks_and_removes(make_app: App, saves: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await save_as(pilot, "doomed")
        await pilot.press("l")
        await idle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete Slot 1?" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("n")
        await idle(pilot)
        assert (saves / "1.json").exists() and "1" in listed(app)
        await pilot.press("delete", "y")
        await idle(pilot)
        assert isinstance(app.screen, LoadScreen)
        assert listed(app) == {}
        assert "Nothing is saved yet" in str(app.screen.query_one("#saves-hint").render())
        assert "Deleted Slot 1." in notices(app)
    assert not (saves / "1.json").exists()


async def test_quicksave_then_a_choice_then_quickload(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1", "f5")  # row once, quicksave
        await idle(pilot)
        assert any(message.startswith("Quicksaved") for message in notices(app))
        await pilot.press("2")
        assert scene(app) == "hut"
        await pilot.press("f9")
        await idle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # the hut would be lost
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert scene(app) == "shore" and app.session is not None and app.session.state.stats["day"] == 2
        assert "has_lamp" not in app.session.state.flags


async def test_quickload_with_no_quicksave_says_so(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "f9")
        await idle(pilot)
        assert "There is no quicksave yet: F5 makes one." in notices(app)
        assert isinstance(app.screen, PlayScreen)


async def test_continue_on_the_title_screen_loads_the_newest(make_app: App, tmp_path: Path) -> None:
    make_store(tmp_path, at=datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)).save("5", played(make_store(tmp_path), 1).snapshot(), 60)
    make_store(tmp_path, at=datetime(2024, 5, 2, 12, 0, tzinfo=timezone.utc)).save("2", played(make_store(tmp_path), 2).snapshot(), 90)
    make_store(tmp_path, at=datetime(2024, 4, 1, 12, 0, tzinfo=timezone.utc)).save("auto1", played(make_store(tmp_path), 1, 1).snapshot(), 30)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        menu = app.screen.query_one("#menu", OptionList)
        assert [menu.get_option_at_index(i).id for i in range(menu.option_count)] == \
            ["new", "continue", "load", "chapters", "endings", "settings", "quit"]
        await pilot.press("c")
        await idle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert scene(app) == "hut"  # slot 2, saved last
        assert app.saves.seconds() >= 90  # play time goes on from the save's


async def test_the_title_offers_no_continue_without_saves_and_drops_it_when_they_go(make_app: App, tmp_path: Path) -> None:
    make_store(tmp_path).save("3", played(make_store(tmp_path), 1).snapshot(), 60)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen) and app.screen.saves
        await pilot.press("l")
        await idle(pilot)
        await pilot.press("x", "y")
        await idle(pilot)
        await pilot.press("escape")
        await idle(pilot)
        assert isinstance(app.screen, TitleScreen)
        menu = app.screen.query_one("#menu", OptionList)
        assert [menu.get_option_at_index(i).id for i in range(menu.option_count)] == ["new", "endings", "settings", "quit"]


async def test_a_corrupt_save_says_why_stays_as_it_was_and_the_game_goes_on(make_app: App, saves: Path) -> None:
    saves.mkdir(parents=True)
    corrupt = saves / "3.json"
    corrupt.write_bytes(b'{"format": "millones-save", "format_vers')
    before = corrupt.read_bytes()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "2", "l")
        await idle(pilot)
        row = listed(app)["3"]
        assert "cannot be read" in row
        await pilot.press("enter")
        await idle(pilot)
        assert isinstance(app.screen, LoadScreen)  # still here, saying why
        assert any(message.startswith("Slot 3: ") and "cut off" in message for message in notices(app)), notices(app)
        await pilot.press("escape", "s")
        await idle(pilot)
        assert "cannot be read" in listed(app)["3"]
        app.screen.query_one(SlotList).highlighted = 2
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # replacing it asks
        await pilot.press("n", "escape", "escape")  # no; out of the name field; out of the save screen
        await idle(pilot)
        assert isinstance(app.screen, PlayScreen) and app.is_running and scene(app) == "hut"
        await pilot.press("1")
        assert scene(app) == "shore"
    assert corrupt.read_bytes() == before


async def test_replacing_an_unreadable_save_moves_it_aside(make_app: App, saves: Path) -> None:
    saves.mkdir(parents=True)
    (saves / "1.json").write_bytes(b"not json at all")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "s")
        await idle(pilot)
        app.screen.query_one(SlotList).highlighted = 0
        await pilot.press("enter", *"fresh", "enter", "y")
        await idle(pilot)
        assert isinstance(app.screen, PlayScreen)
    assert json.loads((saves / "1.json").read_text())["name"] == "fresh"
    [aside] = saves.glob("1.unreadable-*.json")
    assert aside.read_bytes() == b"not json at all"


async def test_a_new_chapter_autosaves(make_app: App, saves: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1", "1", "1", "1")  # row twice, the lamp, back to the boat
        await idle(pilot)
        assert not list(saves.glob("r1c*.json"))  # still the first chapter
        await pilot.press("1")  # cross tonight: The Crossing
        await idle(pilot)
        saved = json.loads((saves / "r1ccrossing.json").read_text())  # game 1's save of the chapter "crossing" opens
        assert saved["display"]["chapter"] == "The Crossing" and saved["state"]["scene"] == "crossing"
        assert saved["name"] == "New chapter" and saved["run"] == 1
        await pilot.press("u")  # stepping back out of the chapter is not a new one
        await idle(pilot)
        assert [path.name for path in saves.glob("r1*.json")] == ["r1ccrossing.json"]


async def test_quitting_autosaves_and_does_not_ask(make_app: App, saves: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "2", "ctrl+q")
        await idle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
    assert app.return_code == 0
    saved = json.loads((saves / "r1q.json").read_text())
    assert saved["state"]["scene"] == "hut" and saved["name"] == "When you quit"


async def test_quitting_asks_when_the_autosave_fails(make_app: App, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the saves folder should be")
    monkeypatch.setenv("MILLONES_SAVES", str(blocked))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "2", "ctrl+q")
        await idle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "could not be saved" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.is_running
        await pilot.press("ctrl+q")
        await idle(pilot)
        await pilot.press("y")
    assert app.return_code == 0


async def test_everything_saved_means_quit_at_once(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "2")
        await save_as(pilot, "")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_play_load_starts_in_that_save(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    store.save("4", played(store, 1, 2).snapshot(), 3600, name="an hour in")
    app = MillonesApp(Launch(STORY, load="4"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await idle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert scene(app) == "hut" and app.session is not None and app.session.state.stats["day"] == 2
        assert app.saves.seconds() >= 3600
        await pilot.press("1", "f5")
        await idle(pilot)
    assert store.info("quick").play_seconds >= 3600


async def test_play_load_of_a_bad_save_shows_the_message(saves: Path) -> None:
    saves.mkdir(parents=True)
    (saves / "4.json").write_text("[1, 2, 3]")
    app = MillonesApp(Launch(STORY, load="4"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await idle(pilot)
        assert isinstance(app.screen, TitleScreen) and app.session is None
        assert any(message.startswith("Slot 4: ") for message in notices(app)), notices(app)
        assert app.screen.saves  # Load is offered, to see or delete it


async def test_a_save_whose_scene_is_gone_offers_the_chapter_start(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    store.save("1", played(store, 1, 2).snapshot(), 10)  # in the hut, with the lamp, rowing clumsy
    edited = tmp_path / "edited"
    shutil.copytree(STORY, edited)
    scenes = edited / "scenes" / "shore.yaml"
    text = scenes.read_text()
    hut = text.index("- id: hut")
    text = text[:hut] + text[text.index("- id: crossing"):]
    scenes.write_text(text.replace("goto: hut", "goto: shore"))
    app = MillonesApp(Launch(edited, load="1"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await idle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "('hut') is no longer in the story" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and scene(app) == "shore"
        assert app.session is not None and "has_lamp" in app.session.state.flags and app.session.state.skills["rowing"] == "clumsy"
        assert any("no longer in the story" in message for message in notices(app))


async def test_the_palette_offers_save_and_load(make_app: App) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Save", "Load", "Quicksave", "Quickload"} <= set(titles)


async def test_resizing_the_save_and_load_screens_never_crashes(make_app: App, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    store.save("1", played(store, 2).snapshot(), 10, name="a long name " * 6)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in (["n", "2", "s"], ["escape", "l"], ["enter"]):  # save screen, load screen, the question it asks
            await pilot.press(*keys)
            await idle(pilot)
            for width, height in [(80, 24), (50, 16), (30, 10), (1, 1), (160, 50), (100, 30)]:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running


async def test_without_a_home_folder_the_game_plays_and_says_nothing_is_kept(
        make_app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user with no HOME and no passwd entry, playing an installed copy: platformdirs knows no folder."""

    def no_home(*args: object, **kwargs: object) -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("MILLONES_DATA")
    monkeypatch.delenv("MILLONES_SAVES")
    monkeypatch.setattr("game.engine.saves.location.project_root", lambda: None)
    monkeypatch.setattr("platformdirs.user_data_path", no_home)
    monkeypatch.setattr("game.userdata.user_data_dir", no_home)
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await idle(pilot)
        assert isinstance(app.screen, PlayScreen)
        shown = " ".join(notices(app))
        assert "no home folder to keep saves in" in shown and "settings" in shown
        await pilot.press("1")
        await idle(pilot)
        await pilot.press("ctrl+q")
        await idle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # quitting says the game cannot be kept
        assert "no home folder" in app.screen.detail
    assert not any(tmp_path.rglob("*.json"))  # nothing was written anywhere, not even under a folder named "~"


async def test_chapter_select_starts_a_new_game_at_a_chapter_another_game_reached(make_app: App, saves: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1", "1", "1", "1", "1")  # row twice, the lamp, back to the boat, cross: game 1
        await idle(pilot)
        await pilot.press("2")  # a wrong answer: game 1 goes on, unsaved since the chapter opened
        app.action_chapters()
        await idle(pilot)
        assert isinstance(app.screen, ChaptersScreen)
        assert "The Crossing" in listed(app)["r1ccrossing"] and "Game 1" in listed(app)["r1ccrossing"]
        await pilot.press("enter")
        await idle(pilot)
        assert isinstance(app.screen, PlayScreen) and app.session is not None
        assert app.session.run == 2 and scene(app) == "crossing" and app.session.state.quiz_question == 0
        assert app.session.state.skills["rowing"] == "steady" and "has_lamp" in app.session.state.flags
    assert json.loads((saves / "r1q.json").read_text())["state"]["quiz_question"] == 1  # game 1, kept as it was
