"""Snapshots of what a second game offers, at 100x30 and 80x24: the status screen, the ending opened at its
top, the endings gallery and chapter select."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.pilot import Pilot

from game.engine import GameSession, load_story
from game.engine.saves import SaveStore

from ..helpers import STORY, idle, settle

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]


@pytest.mark.parametrize("size", SIZES)
def test_status(snap_compare, make_app, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def status(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("n", "1", "2", "t")  # row, the lamp: one goal met, one skill moved
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=status)


@pytest.mark.parametrize("size", SIZES)
def test_ending_opens_at_its_top(snap_compare, make_app, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def finish(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("n", "1", "1", "1", "1", "1", "1", "2")  # row twice, lamp, back, cross, answer both right
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=finish)


@pytest.mark.parametrize("size", SIZES)
def test_endings_gallery(snap_compare, make_app, data_dir: Path, utc: None, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True)
    found = {"home": {"found": "2024-05-02T18:00:00+00:00", "game": 2, "chapter": "The Shore", "choices": 3,
                      "path": ["Practise rowing", "Practise rowing", "Walk home"]}}
    (data_dir / "endings.json").write_text(json.dumps({"lighthouse_tui": found}))

    async def gallery(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=gallery)


@pytest.mark.parametrize("size", SIZES)
def test_chapter_select(snap_compare, make_app, tmp_path: Path, utc: None, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    story = load_story(STORY)
    for run, day in ((1, 3), (2, 5)):
        game = GameSession.new(story, seed=run, run=run)
        for index in (0, 0, 1, 0, 2):  # row twice, the lamp, back to the boat, cross
            game.choose(index)
        moment = datetime(2024, 5, day, 20, 15, tzinfo=timezone.utc)
        SaveStore(tmp_path / "saves", story, clock=lambda moment=moment: moment).autosave(
            game.snapshot(), 600 * run, "New chapter", chapter="crossing")

    async def chapters(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("h")
        await idle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=chapters)
