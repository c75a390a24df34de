"""``randomtest``: random playthroughs that find what authors need to fix, reproducibly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import StoryError
from game.engine.analysis.randomtest import PILOT, randomtest, run_seed

REPO = Path(__file__).resolve().parent.parent.parent

MANIFEST = """\
id: rt
title: Random test
start: start
skills:
  rowing: {states: [none, clumsy, steady]}
stats:
  day: {start: 1}
flags: [lamp]
"""

GOOD = """\
- id: start
  text: The shore.
  choices:
    - {text: Row, goto: sea}
    - {text: Wait, goto: toss}
- id: toss
  random:
    - {weight: 3, goto: home}
    - {weight: 1, goto: sea}
- id: sea
  text: Waves.
  choices:
    - {text: Back, goto: start, if: "visits(sea) < 3"}
    - {text: On, goto: lighthouse}
- id: lighthouse
  text: Arrived.
  ending: {title: Arrived}
- id: home
  text: Home again.
  ending: {title: Home}
- id: island
  text: Nobody comes here.
  choices:
    - {text: Swim, goto: treasure}
- id: treasure
  text: Gold.
  ending: {title: Treasure}
"""

STUCK = """\
- id: start
  random:
    - {goto: fine}
    - {goto: locked_room}
- id: fine
  text: Fine.
  ending: {title: Fine}
- id: locked_room
  text: A door.
  choices:
    - {text: Open, requires: lamp, goto: fine}
    - {text: Hidden, if: lamp, goto: fine}
"""

LOOP = """\
- id: start
  text: Round and round.
  choices:
    - {text: Again, goto: start}
    - {text: Elsewhere, goto: other}
- id: other
  text: Still here.
  choices:
    - {text: Back, goto: start}
- id: never
  text: Unreachable end.
  ending: {title: Never}
"""

RUNTIME_ERROR = """\
- id: start
  random:
    - {weight: 1, goto: done}
    - {weight: 1, goto: practise}
- id: practise
  text: Practise.
  choices:
    - text: Row more
      effects: [{advance: rowing}]
      goto: practise
    - {text: Stop, goto: done}
- id: done
  text: Done.
  ending: {title: Done}
"""


def story(tmp_path: Path, scenes: str, name: str = "story") -> Path:
    folder = tmp_path / name
    (folder / "scenes").mkdir(parents=True)
    (folder / "story.yaml").write_text(MANIFEST)
    (folder / "scenes" / "all.yaml").write_text(scenes)
    return folder


def millones(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120)


# ---------------------------------------------------------------- the report


def test_reports_unvisited_scenes_and_counts_endings(tmp_path: Path) -> None:
    report = randomtest(story(tmp_path, GOOD), runs=100, seed=1, workers=1)
    assert report.runs == 100 and report.seed == 1
    assert report.scenes_total == 7
    assert report.scenes_unvisited == ["island", "treasure"]
    assert report.endings.keys() == {"lighthouse", "home", "treasure"}
    assert report.endings["treasure"] == 0
    assert report.endings["lighthouse"] > 0 and report.endings["home"] > 0
    assert sum(report.endings.values()) == 100
    assert report.failures == []
    assert 1 <= report.mean_steps <= report.longest_run


def test_finds_a_stuck_state_with_a_seed_that_replays_it(tmp_path: Path) -> None:
    folder = story(tmp_path, STUCK)
    report = randomtest(folder, runs=40, seed=7, workers=1)
    stuck = [f for f in report.failures if f.kind == "stuck"]
    assert stuck and len(stuck) == len(report.failures)
    assert 0 < len(stuck) < 40  # about half the runs go to the locked room
    assert report.endings["fine"] == 40 - len(stuck)
    first = stuck[0]
    assert first.scene == "locked_room" and first.step == 0
    replay = randomtest(folder, runs=1, seed=first.seed, workers=1)
    assert [(f.kind, f.scene, f.seed) for f in replay.failures] == [("stuck", "locked_room", first.seed)]


def test_finds_a_run_that_never_ends(tmp_path: Path) -> None:
    folder = story(tmp_path, LOOP)
    report = randomtest(folder, runs=5, seed=3, max_steps=50, workers=1)
    assert [f.kind for f in report.failures] == ["too_long"] * 5
    failure = report.failures[2]
    assert failure.step == 50
    assert failure.seed == run_seed(3, 2)
    assert "no ending after 50 choices" in failure.message and "start" in failure.message
    assert report.endings == {"never": 0}
    assert report.scenes_unvisited == ["never"]
    replay = randomtest(folder, runs=1, seed=failure.seed, max_steps=50, workers=1)
    assert replay.failures == [failure]


def test_finds_a_runtime_error_with_its_place_and_seed(tmp_path: Path) -> None:
    folder = story(tmp_path, RUNTIME_ERROR)
    report = randomtest(folder, runs=60, seed=11, workers=1)
    errors = [f for f in report.failures if f.kind == "runtime_error"]
    assert errors, "some run rows past the last state"
    failure = errors[0]
    assert failure.scene == "practise" and failure.step == 2  # the third "Row more" fails
    assert failure.message.startswith("scenes/all.yaml:9:")
    assert "'rowing' cannot advance" in failure.message
    replay = randomtest(folder, runs=1, seed=failure.seed, workers=1)
    assert replay.failures == [failure]


def test_the_same_seed_gives_the_same_report(tmp_path: Path) -> None:
    folder = story(tmp_path, GOOD)
    first = randomtest(folder, runs=300, seed=42, workers=1)
    again = randomtest(folder, runs=300, seed=42, workers=1)
    assert first.to_json() == again.to_json()
    other = randomtest(folder, runs=300, seed=43, workers=1)
    assert other.endings != first.endings


def test_two_workers_give_the_same_report_as_one(tmp_path: Path) -> None:
    folder = story(tmp_path, STUCK)
    runs = PILOT + 150
    alone = randomtest(folder, runs=runs, seed=5, workers=1)
    shared = randomtest(folder, runs=runs, seed=5, workers=2)
    assert shared.to_json() == alone.to_json()
    assert [f.seed for f in shared.failures] == [f.seed for f in alone.failures]


def test_run_seeds_are_distinct_and_start_from_the_master_seed() -> None:
    seeds = [run_seed(9, index) for index in range(5000)]
    assert seeds[0] == 9
    assert len(set(seeds)) == 5000


def test_a_story_that_does_not_load_raises_story_error(tmp_path: Path) -> None:
    with pytest.raises(StoryError):
        randomtest(story(tmp_path, "- id: start\n  text: x\n  choices: [{text: Go, goto: nowhere}]\n"), runs=3, seed=1)


# ---------------------------------------------------------------- the command


def test_cli_json_is_one_object_with_the_report(tmp_path: Path) -> None:
    result = millones("randomtest", str(story(tmp_path, GOOD)), "--runs", "30", "--seed", "2", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    assert {"runs", "seed", "scenes_total", "scenes_unvisited", "endings", "failures"} <= data.keys()
    assert (data["runs"], data["seed"], data["scenes_total"]) == (30, 2, 7)
    assert data["scenes_unvisited"] == ["island", "treasure"]
    assert sum(data["endings"].values()) == 30 and data["endings"]["treasure"] == 0
    assert data["failures"] == []


def test_cli_exits_1_on_failures_and_prints_replay_seeds(tmp_path: Path) -> None:
    folder = story(tmp_path, STUCK)
    result = millones("randomtest", str(folder), "--runs", "20", "--seed", "4")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "stuck at 'locked_room'" in result.stdout
    assert f"--runs 1 --seed {randomtest(folder, 20, 4, workers=1).failures[0].seed}" in result.stdout
    assert "fine" in result.stdout and "%" in result.stdout

    data = json.loads(millones("randomtest", str(folder), "--runs", "20", "--seed", "4", "--json").stdout)
    failure = data["failures"][0]
    assert {"kind", "seed", "scene", "step", "message"} <= failure.keys()
    assert failure["kind"] == "stuck"


def test_cli_reports_the_step_limit(tmp_path: Path) -> None:
    result = millones("randomtest", str(story(tmp_path, LOOP)), "--runs", "3", "--seed", "1", "--steps", "20", "--json")
    assert result.returncode == 1
    assert [f["kind"] for f in json.loads(result.stdout)["failures"]] == ["too_long"] * 3


def test_cli_lists_load_problems_without_a_traceback(tmp_path: Path) -> None:
    folder = story(tmp_path, "- id: start\n  text: x\n  choices: [{text: Go, goto: nowhere}]\n")
    result = millones("randomtest", str(folder), "--runs", "5")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "scenes/all.yaml:3:" in result.stdout and "no scene 'nowhere'" in result.stdout
    as_json = millones("randomtest", str(folder), "--runs", "5", "--json")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["errors"][0]["file"] == "scenes/all.yaml"


def test_cli_gives_the_same_report_as_the_function(tmp_path: Path) -> None:
    folder = story(tmp_path, GOOD)
    result = millones("randomtest", str(folder), "--runs", "1000", "--seed", "8", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == randomtest(folder, 1000, 8, workers=1).to_json()


def test_cli_workers_give_the_same_report_whatever_their_number(tmp_path: Path) -> None:
    folder = str(story(tmp_path, STUCK))
    outputs = set()
    for workers in ("1", "2", "3"):
        result = millones("randomtest", folder, "--runs", str(PILOT + 60), "--seed", "4", "--json", "--coverage",
                          "--workers", workers)
        assert result.returncode == 1 and result.stderr == ""
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert millones("randomtest", folder, "--workers", "0").returncode == 2


def test_a_step_that_fails_counts_none_of_its_visits(tmp_path: Path) -> None:
    """A run that fails on its way through a scene reports the scene it stood at, and leaves the scenes
    the failed step passed through unvisited (as they would be were the step never taken)."""
    folder = story(tmp_path, """\
- id: start
  text: A gate ahead.
  choices:
    - {text: Through, goto: gate}
- id: gate
  branch:
    - {if: lamp, goto: beyond}
- id: beyond
  text: Beyond.
  ending: {title: Beyond}
""")
    report = randomtest(folder, runs=3, seed=1, workers=1)
    assert [(f.kind, f.scene, f.step) for f in report.failures] == [("runtime_error", "start", 0)] * 3
    assert "no branch of scene 'gate' applies" in report.failures[0].message
    assert report.scenes_unvisited == ["gate", "beyond"]
