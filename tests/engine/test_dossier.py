"""The dossier and run summary: skills as state machines, stats with ranges, goals as checklists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from game import words
from game.engine import GameSession, load_story
from game.engine.play.dossier import RunSummary, StatLine, StatMove, dossier, run_summary

STORY = Path(__file__).resolve().parent.parent / "fixtures" / "tui_story"


NewGame = Callable[[], GameSession]


@pytest.fixture(scope="module")
def game_factory() -> NewGame:
    story = load_story(STORY)
    return lambda: GameSession.new(story, seed=1)


def test_a_new_game_has_every_skill_at_its_first_state(game_factory: NewGame) -> None:
    game = game_factory()
    record = dossier(game.story, game.state)
    (rowing,) = record.skills
    assert rowing.name == "Rowing"
    assert [step.name for step in rowing.steps] == ["None", "Clumsy", "Steady"]
    assert [(step.reached, step.current) for step in rowing.steps] == [(True, True), (False, False), (False, False)]
    assert rowing.current.id == "none"


def test_a_skill_transition_moves_the_mark(game_factory: NewGame) -> None:
    game = game_factory()
    game.choose(0)  # practise rowing
    rowing = dossier(game.story, game.state).skills[0]
    assert rowing.current.id == "clumsy"
    assert [step.reached for step in rowing.steps] == [True, True, False]


def test_stats_have_a_bar_only_with_a_range(game_factory: NewGame) -> None:
    game = game_factory()
    stats = {stat.id: stat for stat in dossier(game.story, game.state).stats}
    assert stats["courage"].fraction == pytest.approx(0.4)  # 2 on 0..5
    assert stats["day"].fraction is None
    assert stats["tries"].fraction is None  # a minimum alone is not a range
    assert StatLine("x", "X", 3, 3, 3).fraction is None


def test_goals_are_checklists(game_factory: NewGame) -> None:
    game = game_factory()
    (ready,) = dossier(game.story, game.state).goals
    assert [(item.label, item.met) for item in ready.items] == [("Row steadily", False), ("Carry a lamp", False)]
    game.choose(1)  # take the lamp
    (ready,) = dossier(game.story, game.state).goals
    assert ready.met == 1 and ready.items[1].met


def test_the_run_summary_names_what_changed(game_factory: NewGame) -> None:
    game = game_factory()
    game.choose(0)  # row: day 2, clumsy
    game.choose(0)  # row: day 3, steady
    summary = run_summary(game.story, game.state)
    assert summary == RunSummary(2, (StatMove("Day", 1, 3),), (("Rowing", "Steady"),), (("Ready to cross", 1, 2),))
    assert dict(words.summary_lines(summary)) == {
        "Choices made": "2", "Day": "1 → 3", "Rowing": "Steady", "Ready to cross": "1 of 2"}
