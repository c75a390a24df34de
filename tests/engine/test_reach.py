"""millones reach: a replayable game to every scene, ending, goal item and locked choice, or a reason."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine import GameSession, load_story
from game.engine.analysis.randomtest import randomtest_story
from game.engine.analysis.reach import Reach, met, reach
from game.engine.analysis.testplan import run_plan
from game.engine.play.replay import Move, ReplayError, decode, encode, replay
from game.engine.story import Story

ROOT = Path(__file__).resolve().parents[2]
TUI_STORY = ROOT / "tests" / "fixtures" / "tui_story"

Write = Callable[..., Path]

BOTH = """\
id: both
version: "1"
title: Both
start: first
stats:
  a: {start: 0}
  b: {start: 0}
"""
BOTH_SCENES = {"scenes/s.yaml": """\
- id: first
  text: Pick one.
  choices:
    - {text: Take A, effects: [{set: {a: 1}}], goto: second}
    - {text: Take B, effects: [{set: {b: 1}}], goto: second}
- id: second
  text: Now what?
  choices:
    - {text: Both, requires: "a >= 1 and b >= 1", goto: both}
    - {text: Leave, goto: left}
- id: both
  ending: {title: Both}
- id: left
  ending: {title: Left}
"""}


def replays_to_its_target(story: Story, result: Reach) -> None:
    for finding in result.findings:
        if finding.moves is not None:
            states = replay(story, decode(finding.code))
            assert met(story, finding.target, states), finding.target.id


@given(st.lists(st.tuples(st.integers(0, 999), st.lists(st.integers(0, 99), max_size=3)), max_size=30))
def test_a_replay_code_reads_back_as_the_moves_it_was_made_from(raw: list[tuple[int, list[int]]]) -> None:
    moves = [Move(index, tuple(picks)) for index, picks in raw]
    assert decode(encode(moves)) == moves


@pytest.mark.parametrize("code", ["0", "1-", "a", "1r0", "1--2", "1 2", "1r", "-1", "1e3"])
def test_a_code_that_is_not_one_is_refused_saying_which_move(code: str) -> None:
    with pytest.raises(ReplayError, match="move"):
        decode(code)


def test_every_target_of_a_small_story_has_a_shortest_witness_that_replays() -> None:
    story = load_story(TUI_STORY)
    result = reach(story)
    assert all(finding.found and finding.shortest for finding in result.findings)
    by_id = {finding.target.id: finding for finding in result.findings}
    assert by_id["home"].code == "4"  # walk home at once
    # Practise twice, take the lamp, back to the boat: then "Cross tonight" is open.
    assert len(by_id["shore#3"].moves or ()) == 4
    assert len(by_id["arrived"].moves or ()) == 7  # and two right answers, after crossing
    replays_to_its_target(story, result)


def test_what_no_game_meets_is_proved_by_trying_every_situation(write_story: Write) -> None:
    story = load_story(write_story(BOTH, BOTH_SCENES))
    result = reach(story)
    assert result.complete
    by_id = {finding.target.id: finding for finding in result.findings}
    assert by_id["left"].found and by_id["left"].code == "1-2"
    for never in ("both", "second#1"):  # a and b are never both set: check alone cannot tell
        assert not by_id[never].found
        assert "no game gets there: all" in by_id[never].reason


def test_what_check_proves_unreachable_gets_checks_reason(write_story: Write) -> None:
    scenes = {"scenes/s.yaml": """\
        - id: first
          text: Go.
          choices:
            - {text: Never, requires: "a > 5", goto: locked_away}
            - {text: End, goto: done}
        - id: locked_away
          text: Here.
          choices: [{text: On, goto: beyond}]
        - id: beyond
          ending: {title: Beyond}
        - id: done
          ending: {title: Done}
        """}
    manifest = 'id: t\nversion: "1"\ntitle: T\nstart: first\nstats:\n  a: {start: 0, max: 3}\n'
    story = load_story(write_story(manifest, scenes))
    by_id = {finding.target.id: finding for finding in reach(story).findings}
    assert "never holds" in by_id["first#1"].reason
    assert "no game can reach scene 'locked_away'" in by_id["locked_away"].reason
    assert by_id["beyond"].reason == "only scenes no game reaches lead here"


def test_random_outcomes_are_part_of_the_witness(write_story: Write) -> None:
    scenes = {"scenes/s.yaml": """\
        - id: first
          text: Roll.
          choices: [{text: Roll, goto: roll}]
        - id: roll
          random:
            - {goto: low, weight: 9}
            - {goto: high, weight: 1}
        - id: low
          ending: {title: Low}
        - id: high
          ending: {title: High}
        """}
    story = load_story(write_story(files=scenes))
    by_id = {finding.target.id: finding for finding in reach(story).findings}
    assert by_id["high"].code == "1r2" and by_id["low"].code == "1r1" and by_id["roll"].found
    game = GameSession.new(story, seed=1)
    game.follow(decode("1r2"))
    assert game.state.scene == "high"
    with pytest.raises(ReplayError, match="does not say which outcome"):
        GameSession.new(story).follow(decode("1"))
    with pytest.raises(ReplayError, match="2 open outcome"):
        GameSession.new(story).follow(decode("1r3"))


def test_a_step_that_stops_the_game_is_reported_with_a_game_that_gets_there(write_story: Write) -> None:
    manifest = 'id: t\nversion: "1"\ntitle: T\nstart: first\nskills:\n  s: {states: [a, b, c]}\n'
    scenes = {"scenes/s.yaml": """\
        - id: first
          text: Go.
          choices:
            - {text: Jump, effects: [{set: {s: c}}], goto: done}
            - {text: Walk, goto: done}
        - id: done
          ending: {title: Done}
        """}
    story = load_story(write_story(manifest, scenes))
    result = reach(story)
    assert len(result.faults) == 1 and "cannot go from 'a' to 'c'" in result.faults[0].message
    assert result.faults[0].moves == ()


def test_past_its_bound_the_search_goes_on_and_says_which_witnesses_may_be_longer() -> None:
    story = load_story(TUI_STORY)
    result = reach(story, bound=2)
    assert "best" in result.phases and all(finding.found for finding in result.findings)
    assert any(not finding.shortest for finding in result.findings)
    replays_to_its_target(story, result)


def test_every_scene_randomtest_visits_in_the_shipped_story_has_a_witness_that_replays() -> None:
    story = load_story(ROOT / "scenes")
    report = randomtest_story(story, runs=300, seed=5)
    visited = set(story.scenes) - set(report.scenes_unvisited)
    result = reach(story)
    found = {finding.target.scene for finding in result.findings if finding.found and finding.target.kind != "goal"}
    assert visited <= found
    assert not result.faults
    replays_to_its_target(story, result)


def millones(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_command_lists_endings_with_codes_and_shows_one_walkthrough(write_story: Write) -> None:
    folder = write_story(BOTH, BOTH_SCENES)
    result = millones("reach", str(folder))
    assert result.returncode == 1  # something is never reached
    assert "5 targets: 3 reached, 2 never, 0 not found" in result.stdout
    assert f"millones play {folder} --replay 1-2" in result.stdout
    assert "scenes/s.yaml:11:3: ending 'both': no game gets there" in result.stdout
    shown = millones("reach", str(folder), "--show", "left")
    assert shown.returncode == 0
    assert "1. first: Take A" in shown.stdout and "2. second: Leave" in shown.stdout
    data = json.loads(millones("reach", str(folder), "--json").stdout)
    assert {row["id"]: row["replay"] for row in data["targets"]}["left"] == "1-2"
    assert millones("reach", str(folder), "--show", "nowhere").returncode == 1


def test_play_refuses_a_replay_code_that_is_not_one() -> None:
    result = millones("play", str(TUI_STORY), "--replay", "1-x")
    assert result.returncode == 2 and "move 2 of the replay code is 'x'" in result.stderr


def test_testplans_written_for_the_endings_pass(tmp_path: Path) -> None:
    written = millones("reach", str(TUI_STORY), "--testplans", str(tmp_path / "plans"))
    assert written.returncode == 0, written.stderr
    assert sorted(path.name for path in (tmp_path / "plans").iterdir()) == ["arrived.testplan", "home.testplan"]
    story = load_story(TUI_STORY)
    for path in (tmp_path / "plans").iterdir():
        assert run_plan(story, path, path.name).ok
