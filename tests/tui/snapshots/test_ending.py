"""Snapshot of an ending (100x30)."""

from __future__ import annotations

from textual.pilot import Pilot

from ..helpers import SIZE, settle


def test_ending(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def finish(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("n", "1", "1", "1", "1", "1", "1", "2")  # row twice, lamp, back, cross, answer both right
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=finish)
