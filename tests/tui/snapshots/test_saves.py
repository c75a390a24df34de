"""Snapshot of the save screen (100x30): named, unnamed, unreadable and game-written slots, at fixed times."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from textual.pilot import Pilot

from game.engine import GameSession, load_story
from game.engine.saves import SaveStore

from ..helpers import SIZE, STORY, idle, settle


def write_saves(root: Path) -> None:
    story = load_story(STORY)

    def save(slot: str, day: int, hour: int, seconds: float, choices: tuple[int, ...], name: str = "") -> None:
        game = GameSession.new(story, seed=7)
        for number in choices:
            game.choose(game.view.choices[number - 1].index)
        moment = datetime(2024, 5, day, hour, 30, tzinfo=timezone.utc)
        SaveStore(root, story, clock=lambda: moment).save(slot, game.snapshot(), seconds, name)

    save("1", 2, 9, 754, (2,), "Before [b]the[/b] crossing")
    save("4", 3, 21, 4000, (1, 1, 1, 1))
    save("quick", 3, 22, 4100, (1,))
    save("auto1", 1, 18, 30, (1, 1, 1, 1, 1), "New chapter")
    (root / story.id / "3.json").write_text('{"format": "millones-save", "format_ver', encoding="utf-8")


def test_save_screen(snap_compare, make_app, tmp_path: Path, utc: None) -> None:  # type: ignore[no-untyped-def]
    write_saves(tmp_path / "saves")

    async def open_saves(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("n", "s")
        await idle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_saves)
