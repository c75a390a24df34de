"""Snapshots at 80x24 of the screens a player meets, in Spanish and in pseudo-localisation (xx-pseudo: every
interface word accented, bracketed and 30% longer), so that a label cut off by the layout shows: the title,
play, the dossier, the save screen, the ending and help."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.pilot import Pilot

from game.engine import GameSession, load_story
from game.engine.saves import SaveStore
from game.tui.app import Launch, MillonesApp
from game.tui.settings import Settings

from ..helpers import FIXTURES, idle, settle

STORY = FIXTURES / "bilingual_story"
SMALL = (80, 24)
Steps = Callable[[Pilot[int]], Awaitable[None]]


def keys(*pressed: str) -> Steps:
    async def run(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press(*pressed)
        await idle(pilot)

    return run


SCREENS: dict[str, Steps] = {
    "title": keys(),
    "play": keys("n", "1", "2"),  # row, take the lamp (and back to the shore)
    "dossier": keys("n", "1", "d"),  # beside the story, though the window is narrow
    "status": keys("n", "1", "t"),
    "save": keys("n", "s"),
    "ending": keys("n", "4"),
    "help": keys("question_mark"),
}


def write_saves(root: Path) -> None:
    """Two saves at fixed times, so that the dates the save screen shows are the same on every machine."""
    story = load_story(STORY)
    for slot, day, seconds, name in (("1", 2, 754, "Antes de cruzar"), ("quick", 3, 4100, "")):
        game = GameSession.new(story, seed=7, language="es")
        game.choose(game.view.choices[0].index)
        moment = datetime(2024, 5, day, 21, 30, tzinfo=timezone.utc)
        SaveStore(root, story, clock=lambda moment=moment: moment).save(slot, game.snapshot(), seconds, name)


@pytest.mark.parametrize("language", ["es", "xx-pseudo"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screens_in_other_languages(snap_compare, language: str, screen: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                    utc: None) -> None:
    write_saves(tmp_path / "saves")
    app = MillonesApp(Launch(STORY, seed=7), Settings(language=language))
    assert snap_compare(app, terminal_size=SMALL, run_before=SCREENS[screen])
