"""Snapshot of the journal (100x30)."""

from __future__ import annotations

from textual.pilot import Pilot

from ..helpers import SIZE, settle


def test_journal(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def read(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("n", "1", "2", "1", "j")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=read)
