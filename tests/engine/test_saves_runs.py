"""Each playthrough keeps its own autosaves: a new game never replaces another one's progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from saves_support import Ticking, fixture_story

from game.engine import GameSession
from game.engine.saves import SaveError, SaveStore, check_slot, run_of, run_slot


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves", fixture_story(), clock=Ticking())


def game(store: SaveStore, run: int, years: int = 0) -> GameSession:
    session = GameSession.new(store.story, seed=run, run=run)
    for _ in range(years):
        session.choose(0)  # study for a year
    return session


def test_two_games_keep_their_own_autosaves(store: SaveStore) -> None:
    assert store.next_run() == 1
    first = game(store, 1, years=2)
    store.autosave(first.snapshot(), 10, "New chapter", chapter="home")
    store.autosave(first.snapshot(), 20, "When you quit")
    assert store.next_run() == 2
    second = game(store, 2)
    store.autosave(second.snapshot(), 5, "New chapter", chapter="home")
    store.autosave(second.snapshot(), 6, "When you quit")
    assert {row.slot for row in store.list(include_empty=False)} == {"r1chome", "r1q", "r2chome", "r2q"}
    kept = store.load("r1q")
    assert kept.session.run == 1 and kept.session.state.stats["year"] == 1982  # the second game changed nothing
    assert [row.slot for row in store.latest_autosaves()] == ["r2q", "r1q"]  # the newest game first
    assert {(row.run, row.chapter_scene) for row in store.chapter_saves()} == {(1, "home"), (2, "home")}
    assert store.info("r2chome").label == "Game 2" and store.info("r2chome").name == "New chapter"


def test_a_game_from_before_games_were_counted_still_uses_the_ring(store: SaveStore) -> None:
    old = game(store, 0)
    assert store.autosave(old.snapshot(), 1).slot == "auto1"
    assert store.load("auto1").session.run == 0
    assert store.next_run() == 1


def test_manual_saves_remember_their_game(store: SaveStore) -> None:
    store.save("4", game(store, 7).snapshot(), 1)
    assert store.info("4").run == 7 and store.next_run() == 8
    assert store.load("4").session.run == 7


@pytest.mark.parametrize("slot", ["r0q", "r1", "r1c", "r1c1x", "r1c../x", "r1234567q", "R1q", "r1q\n", "r01q"])
def test_autosave_ids_are_checked_exactly(slot: str) -> None:
    with pytest.raises(SaveError):
        check_slot(slot)


def test_autosave_ids_spell_and_read_back() -> None:
    assert run_slot(3) == "r3q" and run_slot(3, "university") == "r3cuniversity"
    assert run_of("r3cuniversity") == (3, "university") and run_of("r3q") == (3, None) and run_of("4") is None
