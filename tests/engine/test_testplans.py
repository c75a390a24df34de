"""Testplans replay a playthrough and check what it shows; a recorded game is one."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from game.engine import GameSession, load_story
from game.engine.analysis.testplan import PlanError, parse, plans, recorded, run_plan, run_steps

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "tests" / "fixtures" / "tui_story"


def plan(text: str) -> str:
    return textwrap.dedent(text).strip() + "\n"


def test_a_plan_passes_and_each_kind_of_failure_names_its_line() -> None:
    story = load_story(STORY)
    good = parse(plan("""
        # the lamp, then home
        seed: 3
        choose: Take the lamp from the hut
        expect: heavy and smells
        choose: back to the boat
        choose: 3
        ending: home
    """))
    assert run_steps(story, good, "p").ok
    wrong_text = parse("choose: 1\nexpect: a dragon\n")
    assert str(run_steps(story, wrong_text, "p")) == "p:2: scene 'shore' does not show 'a dragon'"
    no_such = run_steps(story, parse("choose: Fly away\n"), "p")
    assert no_such.line == 1 and "no choice 'Fly away' in scene 'shore'" in no_such.problem and "4. Walk home" in no_such.problem
    locked = run_steps(story, parse("choose: Cross tonight\n"), "p")
    assert locked.line == 1 and "cannot be taken" in locked.problem
    not_there = run_steps(story, parse("choose: 4\nending: arrived\n"), "p")
    assert not_there.problem == "the game is at the ending 'home', not the ending 'arrived'"


@pytest.mark.parametrize("line", ["go: 1", "choose", "choose:", "seed: x"])
def test_a_line_that_is_not_a_step_is_refused_with_its_number(line: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse(f"# fine\n{line}\n")
    assert caught.value.line == 2


def test_a_recorded_game_replays() -> None:
    story = load_story(STORY)
    game = GameSession.new(story, seed=9)
    for index in (0, 1, 0, 3):  # row, the lamp, back, walk home
        game.choose(index)
    text = recorded(game)
    assert "seed: 9" in text and "choose: Take the lamp from the hut" in text and "expect: The hut" in text
    assert text.rstrip().endswith("ending: home")
    assert run_steps(story, parse(text), "recorded").ok


def test_the_command_runs_every_plan_of_the_story(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(STORY, story)
    (story / "home.testplan").write_text("choose: Walk home\nending: home\n")
    (story / "plans").mkdir()
    (story / "plans" / "broken.testplan").write_text("choose: Walk home\nending: arrived\n")
    result = subprocess.run([sys.executable, "-m", "game", "test", str(story)], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 1
    assert "home.testplan: ok, 2 steps" in result.stdout
    assert "plans/broken.testplan:2: the game is at the ending 'home'" in result.stdout
    assert "1 of 2 testplan(s) passed" in result.stdout


def test_a_choice_whose_text_is_a_number_is_recorded_in_quotes_and_found(write_story) -> None:
    scenes = {"scenes/s.yaml": """\
        - id: first
          text: How many?
          choices:
            - {text: "8", goto: done}
            - {text: "3", goto: done}
        - id: done
          ending: {title: Done}
        """}
    story = load_story(write_story(files=scenes))
    game = GameSession.new(story, seed=1)
    game.choose(1)
    text = recorded(game)
    assert 'choose: "3"' in text
    assert run_steps(story, parse(text), "p").ok


def test_the_shipped_story_s_testplans_pass() -> None:
    story = load_story(ROOT / "scenes")
    found = plans(ROOT / "scenes")
    assert len(found) == len(story.endings)  # one for each ending
    for path in found:
        outcome = run_plan(story, path, path.name)
        assert outcome.ok, str(outcome)
