"""Snapshots of the play screen (100x30): a scene with the dossier, and a quiz under way."""

from __future__ import annotations

from textual.pilot import Pilot

from ..helpers import SIZE, settle


def test_play_with_dossier(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def play(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("n", "1", "2", "1")  # row, take the lamp, back to the boat
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=play)


def test_quiz(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def answer(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("1")  # the first answer, right
        await pilot.pause()

    assert snap_compare(make_app(start="crossing"), terminal_size=SIZE, run_before=answer)
