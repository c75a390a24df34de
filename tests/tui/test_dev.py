"""Play as you write (``--dev``): edits reload in place, broken ones show their problems while the game
goes on, the debug panel changes the game, and test runs leave the player's records alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Tree

from game.tui.app import Launch, MillonesApp
from game.tui.screens.debug import DebugScreen
from game.tui.screens.story_map import StoryMapScreen

from .helpers import SIZE, STORY, idle, notices, settle
from .test_play import choice_labels, current_text

RELOAD_PATIENCE = 400  # pauses of 50 ms: a file event and a reload on a busy machine take well under this


@pytest.fixture
def story(tmp_path: Path) -> Path:
    copy = tmp_path / "story"
    shutil.copytree(STORY, copy)
    return copy


def edit(story: Path, old: str, new: str) -> None:
    scenes = story / "scenes" / "shore.yaml"
    text = scenes.read_text(encoding="utf-8")
    assert old in text
    scenes.write_text(text.replace(old, new), encoding="utf-8")


async def until(pilot: Pilot[int], done: Callable[[], bool]) -> None:
    """Wait for the file watcher (a real file event, on its own thread) to have acted."""
    for _ in range(RELOAD_PATIENCE):
        if done():
            await idle(pilot)
            return
        await pilot.pause(0.05)
    raise AssertionError("the story was not reloaded")


def dev_app(story: Path, **launch: object) -> MillonesApp:
    return MillonesApp(Launch(story, seed=7, dev=True, **launch))  # type: ignore[arg-type]


async def test_an_edit_while_playing_shows_the_new_text_in_place_with_the_same_state(story: Path) -> None:
    app = dev_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1", "2")  # row once, then take the lamp
        await idle(pilot)
        assert app.session is not None and app.session.view.scene == "hut"
        state, journal = app.session.state, list(app.session.journal)
        edit(story, "The lamp is heavy and smells of paraffin.", "The lamp is warm from the keeper's hands.")
        await until(pilot, lambda: "warm from the keeper" in current_text(app))
        assert app.session.state == state and list(app.session.journal) == journal


async def test_a_broken_edit_shows_its_problems_while_the_game_goes_on_and_a_fix_recovers(story: Path) -> None:
    app = dev_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await idle(pilot)
        edit(story, "  title: The hut\n", "  title: The hut\n  colour: red\n")
        panel = app.screen.query_one("#dev-problems")
        await until(pilot, lambda: panel.display)
        assert "scenes/shore.yaml:27:3" in str(panel.render()) and "unknown key 'colour'" in str(panel.render())
        await pilot.press("2")  # the game goes on, in the last version that loaded
        await idle(pilot)
        assert app.session is not None and app.session.view.scene == "hut"
        edit(story, "  colour: red\n", "")
        await until(pilot, lambda: not app.screen.query_one("#dev-problems").display)
        assert "The story loads again; the game goes on in the fixed version." in notices(app)
        assert app.session.view.scene == "hut"


async def test_a_scene_an_edit_removes_sends_the_game_back_along_its_path(story: Path) -> None:
    app = dev_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "2")
        await idle(pilot)
        edit(story, "- id: hut\n", "- id: shed\n")
        edit(story, "goto: hut", "goto: shed")
        await until(pilot, lambda: app.session is not None and app.session.view.scene == "shore")
        assert any("The scene 'hut' is no longer in the story" in notice for notice in notices(app))
        assert list(app.session.journal) == []  # the step into the removed scene is undone


async def test_the_debug_panel_sets_a_skill_and_a_flag_and_so_unlocks_a_choice(story: Path) -> None:
    app = dev_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await idle(pilot)
        for command in ("set rowing steady", "set has_lamp on"):
            await pilot.press("f12")
            await pilot.pause()
            assert isinstance(app.screen, DebugScreen)
            await pilot.press(*command, "enter")
            await idle(pilot)
        assert choice_labels(app) == ["Cross tonight", "Walk home"]
        assert app.session is not None and app.session.view.choices[0].available
        await pilot.press("u")  # a change by hand is undone like a choice
        await idle(pilot)
        assert "has_lamp" not in app.session.state.flags


async def test_the_debug_panel_says_why_a_choice_is_locked_and_refuses_a_bad_value(story: Path) -> None:
    app = dev_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "f12")
        await pilot.pause()
        checks = str(app.screen.query_one("#debug-checks").render())
        assert "3. Cross tonight → crossing  locked" in checks
        assert "requires: rowing >= steady and has_lamp  ✘" in checks
        assert "false: Rowing: Steady or beyond (now None); Has lamp" in checks
        await pilot.press(*"set courage 9", "enter")
        await pilot.pause()
        assert "courage goes from 0 to 5; 9 is outside" in str(app.screen.query_one("#debug-error").render())
        app.screen.query_one("#debug-command", Input).value = ""
        await pilot.press(*"go hutt", "enter")
        await pilot.pause()
        assert "the story has no scene 'hutt' (did you mean 'hut'?)" in str(app.screen.query_one("#debug-error").render())


async def test_start_and_set_open_a_scene_in_a_given_state(story: Path) -> None:
    app = dev_app(story, start="shore", sets=(("rowing", "steady"), ("has_lamp", "on")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await idle(pilot)
        assert choice_labels(app) == ["Cross tonight", "Walk home"]


async def test_test_runs_in_dev_keep_no_endings_or_passages_of_the_player(story: Path, data_dir: Path) -> None:
    app = dev_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "4")  # walk home: an ending
        await idle(pilot)
        await pilot.press("ctrl+q")
        await idle(pilot)
    assert not (data_dir / "endings.json").exists() and not (data_dir / "seen.json").exists()


async def test_the_story_map_marks_the_story_and_jumps_to_a_scene(story: Path) -> None:
    app = dev_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "m")
        await idle(pilot)
        assert isinstance(app.screen, StoryMapScreen)
        tree = app.screen.query_one(Tree)
        labels = {str(node.label) for node in app.screen.nodes.values()}
        assert any(label.startswith("★ ● shore") for label in labels)  # the start, where the game is
        assert any(label.startswith("◆ arrived") for label in labels)  # an ending
        await pilot.press("slash", *"long walk")  # find a scene by its title
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == ("scene", "home")
        await pilot.press("enter")  # and go there
        await idle(pilot)
        assert app.session is not None and app.session.view.scene == "home"
        assert app.session.journal[-1].choice == "(debug) go home"


def test_randomtest_keeps_no_endings_or_passages_of_the_player(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "MILLONES_DATA": str(data)}
    done = subprocess.run([sys.executable, "-m", "game", "randomtest", str(STORY), "--runs", "50", "--seed", "3"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not data.exists() or not any(data.iterdir())


async def test_replay_takes_the_path_again_by_its_choices_in_the_edited_story(story: Path) -> None:
    app = dev_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "1", "2")  # row once, take the lamp: the hut
        await idle(pilot)
        edit(story, "The lamp is heavy and smells of paraffin.", "The lamp is heavy.")
        await until(pilot, lambda: "The lamp is heavy." in current_text(app))
        await pilot.press("f12")
        await pilot.pause()
        await pilot.press(*"replay", "enter")
        await idle(pilot)
        assert "Replayed 2 choices." in notices(app)
        assert app.session is not None and app.session.view.scene == "hut"
        assert [entry.choice for entry in app.session.journal] == ["Practise rowing", "Take the lamp from the hut"]
