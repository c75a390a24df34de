"""Snapshot of the title screen (100x30)."""

from __future__ import annotations

from ..helpers import SIZE, settle


def test_title(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=settle)
