"""``millones check``: the static analysis of a story, and the command line an author runs."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from game.engine import StoryRuntimeError, available, choose, load_story, new_game
from game.engine.analysis.check import Analysis, Report, analyse, check_story
from game.engine.errors import Problem, Severity

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FLAWS = FIXTURES / "check_flaws"
CLEAN = FIXTURES / "check_clean"
ROOT = Path(__file__).resolve().parent.parent.parent

_EXPECT = re.compile(r"#\s*expect:\s*(error|warning):\s*(.+?)\s*$")


def expectations(root: Path) -> list[tuple[str, int, str, str]]:
    """The ``# expect: SEVERITY: TEXT`` comments of a fixture: (file, line, severity, text)."""
    found = []
    for path in sorted(root.rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = _EXPECT.search(line)
            if match:
                found.append((path.relative_to(root).as_posix(), number, match.group(1), match.group(2)))
    return found


def said(problem: Problem) -> str:
    return f"{problem.message} ({problem.hint})" if problem.hint else problem.message


@pytest.fixture(scope="module")
def flaws() -> Report:
    return check_story(FLAWS)


@pytest.mark.parametrize(("file", "line", "severity", "text"), expectations(FLAWS),
                         ids=[f"{e[0]}:{e[1]}" for e in expectations(FLAWS)])
def test_each_flaw_is_reported_at_its_line(flaws: Report, file: str, line: int, severity: str, text: str) -> None:
    here = [p for p in flaws.problems if p.file == file and p.line == line]
    assert any(p.severity.value == severity and text in said(p) for p in here), \
        f"expected {severity} '{text}' at {file}:{line}; found: {[str(p) for p in here]}"


def test_nothing_is_reported_that_the_flaws_fixture_does_not_expect(flaws: Report) -> None:
    expected = {(file, line) for file, line, _, _ in expectations(FLAWS)}
    unexpected = [str(p) for p in flaws.problems if (p.file, p.line) not in expected]
    assert unexpected == []
    assert len(flaws.problems) == len(expected)


def test_a_story_whose_conditions_guard_everything_gets_no_warning() -> None:
    """Guards such as ``if: rowing < steady`` before an advance, complementary choices on a stat, a sum,
    a visit count or a goal count, and a branch split on one skill must all be understood."""
    report = check_story(CLEAN)
    assert [str(p) for p in report.problems] == []
    assert report.stats["scenes"] == 10 and report.stats["endings"] == 2


# ---------------------------------------------------------------- single analyses, on small stories

MANIFEST = """\
id: t
title: T
start: a
skills:
  pilot:
    states: [none, ground_school, solo, licensed]
stats:
  hope: {start: 5, min: 0, max: 10}
flags: [saw_apollo]
goals:
  ready:
    items:
      - {label: Solo, when: "pilot >= solo"}
      - {label: Apollo, when: saw_apollo}
"""


def problems(write_story: Callable[..., Path], scenes: str, manifest: str = MANIFEST) -> list[Problem]:
    return check_story(write_story(manifest, {"scenes/s.yaml": scenes})).problems


def at(found: list[Problem], line: int) -> list[str]:
    return [f"{p.line}:{p.column}: {p.severity.value}: {p.message}" for p in found if p.file == "scenes/s.yaml" and p.line == line]


def test_a_choice_never_available_points_at_the_part_of_the_condition_that_fails(write_story: Callable[..., Path]) -> None:
    found = problems(write_story, """\
        - id: a
          text: A
          choices:
            - text: Train
              if: "pilot < solo and saw_apollo == false"
              effects: [{advance: pilot}]
              goto: a
            - text: Watch
              effects: [{set: {saw_apollo: true}}, {add: {hope: 1}}]
              goto: a
            - text: Fly
              requires: "hope >= 0 and pilot >= licensed"
              goto: b
        - id: b
          ending: {title: B}
        """)
    # 'pilot >= licensed' starts at column 32: 7 spaces, 'requires: "', then 'hope >= 0 and '.
    assert at(found, 12) == ["12:32: error: this choice is always locked: 'hope >= 0 and pilot >= licensed' never holds anywhere in the story"]
    assert [p.hint for p in found if p.line == 12 and p.file == "scenes/s.yaml"] == [
        "'pilot' is only ever 'none', 'ground_school' or 'solo'"]


def test_a_choice_locked_only_on_the_paths_into_its_scene_is_a_warning(write_story: Callable[..., Path]) -> None:
    found = problems(write_story, """\
        - id: a
          text: A
          choices:
            - {text: Early, if: "pilot == none", goto: early}
            - {text: Train, if: "pilot == none", effects: [{advance: pilot}, {advance: pilot}], goto: b}
        - id: early
          text: Too early.
          choices:
            - {text: Fly, requires: "pilot >= solo", goto: b}
            - {text: Wait, goto: a}
        - id: b
          text: B
          choices:
            - {text: Again, goto: a, if: "goal(ready) >= 1"}
            - {text: Look up, goto: a, effects: [{set: {saw_apollo: true}}], if: "hope >= 0"}
        """)
    assert at(found, 9) == ["9:30: warning: this choice is always locked: 'pilot >= solo' never holds on any path here"]


def test_goal_counts_narrow_what_may_hold(write_story: Callable[..., Path]) -> None:
    """Past ``goal(ready) >= 2`` both items hold, so pilot is at solo or beyond and the move is legal."""
    found = problems(write_story, """\
        - id: a
          text: A
          choices:
            - {text: Train, if: "pilot < licensed", effects: [{advance: pilot}], goto: a}
            - {text: Watch, effects: [{set: {saw_apollo: true}}], goto: a}
            - {text: Apply, requires: "goal(ready) >= 2", goto: b}
        - id: b
          text: B
          choices:
            - {text: License, if: "pilot == solo", effects: [{set: {pilot: licensed}}], goto: c}
            - {text: Already, if: "pilot != solo", goto: c}
        - id: c
          ending: {title: C}
        """)
    assert [str(p) for p in found if p.file == "scenes/s.yaml"] == []


def test_setting_a_state_no_path_can_reach_from_is_an_error(write_story: Callable[..., Path]) -> None:
    found = problems(write_story, """\
        - id: a
          text: A
          effects: [{set: {saw_apollo: true}}, {add: {hope: 1}}]
          choices:
            - text: Jump ahead
              if: "goal(ready) >= 0"
              effects: [{set: {pilot: licensed}}]
              goto: b
        - id: b
          ending: {title: B}
        """)
    assert at(found, 7) == ["7:31: error: 'pilot' can never go to 'licensed' here: on every path here it is 'none'"]


def test_advancing_a_skill_at_its_last_state_is_an_error(write_story: Callable[..., Path]) -> None:
    found = problems(write_story, """\
        - id: a
          text: A
          effects: [{advance: pilot}, {advance: pilot}, {advance: pilot}, {set: {saw_apollo: true}}, {add: {hope: 1}}]
          choices:
            - {text: Once more, effects: [{advance: pilot}], goto: b, if: "goal(ready) > 0"}
        - id: b
          ending: {title: B}
        """)
    assert at(found, 5) == ["5:45: error: 'pilot' cannot advance here: it is always at its last state 'licensed'"]
    # Nothing else: the path dies at the illegal move, which explains why 'b' is never reached.
    assert [p.message for p in found if p.line != 5 and p.file == "scenes/s.yaml"] == [
        "no game can reach scene 'b': every way in needs a condition that never holds or a skill move that is never legal"]


def test_unreachable_scenes_are_reported_once_per_cut_off_region(write_story: Callable[..., Path]) -> None:
    found = problems(write_story, """\
        - id: a
          text: A
          effects: [{advance: pilot}, {set: {saw_apollo: true}}, {add: {hope: 1}}]
          choices: [{text: End, goto: end, if: "goal(ready) >= 0 and pilot >= none"}]
        - id: end
          ending: {title: End}
        - id: lost
          text: Lost
          choices: [{text: On, goto: lost_2}]
        - id: lost_2
          text: Lost again
          choices: [{text: Back, goto: lost}, {text: Out, goto: end}]
        """)
    unreachable = [str(p) for p in found if "reaches scene" in p.message]
    assert unreachable == ["scenes/s.yaml:7:7: warning: no path from the start scene 'a' reaches scene 'lost' "
                           "(nor the scene it leads to) (link to it with a goto, or remove it)"]


def test_a_branch_whose_options_cover_every_case_is_not_a_dead_end(write_story: Callable[..., Path]) -> None:
    found = problems(write_story, """\
        - id: a
          effects: [{set: {saw_apollo: true}}, {add: {hope: 1}}]
          branch:
            - {if: "pilot >= solo or goal(ready) > 5", goto: b}
            - {if: "pilot < solo and hope > -1", goto: b}
        - id: b
          text: B
          choices:
            - {text: Up, if: "pilot < licensed", effects: [{advance: pilot}], goto: a}
            - {text: Done, if: "pilot == licensed", goto: c}
        - id: c
          ending: {title: C}
        """)
    assert [str(p) for p in found if p.file == "scenes/s.yaml"] == []


def test_a_dead_end_that_is_certain_is_an_error(write_story: Callable[..., Path]) -> None:
    found = problems(write_story, """\
        - id: a
          effects: [{set: {saw_apollo: true}}, {add: {hope: 1}}, {advance: pilot}]
          branch:
            - {if: "pilot == none", goto: b}
            - {if: "goal(ready) >= 3", goto: b}
        - id: b
          ending: {title: B}
        """)
    assert at(found, 3) == ["3:3: error: dead end: no branch of 'a' can ever be taken"]


def test_unused_declarations_are_warnings_at_their_declaration(write_story: Callable[..., Path]) -> None:
    manifest = MANIFEST.replace("flags: [saw_apollo]", "flags: [saw_apollo, spare_flag]")
    found = problems(write_story, """\
        - id: a
          text: A
          choices:
            - {text: Up, if: "pilot < licensed", effects: [{advance: pilot}], goto: a}
            - {text: Look, effects: [{set: {saw_apollo: true}}, {add: {hope: 1}}], goto: a}
            - {text: End, goto: b, requires: "goal(ready) == 2"}
        - id: b
          ending: {title: B}
        """, manifest)
    assert [str(p) for p in found] == [
        "story.yaml:9:21: warning: the flag 'spare_flag' is never used (remove it, or use it)"]


def test_a_story_with_a_load_error_is_analysed_all_the_same(write_story: Callable[..., Path]) -> None:
    report = check_story(write_story(MANIFEST, {"scenes/s.yaml": "- id: a\n  text: A\n  choices: [{text: Go, goto: nowhere}]\n"}))
    assert [str(p) for p in report.errors] == ["scenes/s.yaml:3:30: error: no scene 'nowhere' (check the id, or write the scene)"]
    assert "the skill 'pilot' never changes: no effect advances or sets it (it stays at its first state)" in \
        [said(p) for p in report.warnings]
    assert {k: report.stats[k] for k in ("scenes", "choices", "endings")} == {"scenes": 1, "choices": 1, "endings": 0}
    assert report.stats["words"] == 1


def test_stats_count_scenes_choices_endings_and_words() -> None:
    report = check_story(CLEAN)
    assert {k: report.stats[k] for k in ("scenes", "choices", "endings", "quizzes", "skills", "stats", "flags", "goals")} == \
        {"scenes": 10, "choices": 14, "endings": 2, "quizzes": 1, "skills": 1, "stats": 2, "flags": 2, "goals": 1}
    assert report.stats["words"] > 30


# ---------------------------------------------------------------- the command line


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", "check", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_cli_exits_1_on_errors_and_ends_with_a_summary_line() -> None:
    result = run_check(str(FLAWS))
    assert result.returncode == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[-1] == "7 error(s), 19 warning(s); 11 scenes, 21 choices, 1 endings, 28 words"
    assert lines[0].startswith("scenes/flaws.yaml:") and ": error: " in lines[0]
    first_warning = next(i for i, line in enumerate(lines) if ": warning: " in line)
    assert all(": error: " in line for line in lines[:first_warning])


def test_cli_exits_0_on_a_clean_story() -> None:
    result = run_check(str(CLEAN))
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "0 error(s), 0 warning(s); 10 scenes, 14 choices, 2 endings, 46 words\n", "")


def test_cli_json_prints_exactly_one_object_with_errors_warnings_and_stats() -> None:
    result = run_check(str(FLAWS), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)  # fails on anything but exactly one JSON document
    assert set(report) == {"errors", "warnings", "stats"}
    assert len(report["errors"]) == 7 and len(report["warnings"]) == 19
    for problem in report["errors"] + report["warnings"]:
        assert {"file", "line", "column", "message"} <= set(problem)
        assert isinstance(problem["line"], int) and isinstance(problem["column"], int)
    assert {problem["severity"] for problem in report["errors"]} == {"error"}
    assert {"scenes", "choices", "endings", "words"} <= set(report["stats"])
    assert report["stats"]["scenes"] == 11


def test_cli_json_on_a_story_that_does_not_load(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text("id: t\ntitle: T\nstart: a\nefects: []\n", encoding="utf-8")
    result = run_check(str(tmp_path), "--json")
    assert result.returncode == 1 and result.stderr == ""
    report = json.loads(result.stdout)
    assert report["warnings"] == []
    assert [(p["file"], p["line"], p["column"], p["message"]) for p in report["errors"]] == [
        ("story.yaml", 3, 8, "the start scene 'a' does not exist"), ("story.yaml", 4, 1, "unknown key 'efects'")]
    assert report["errors"][1]["hint"].startswith("the keys here are: id, version, title,")


def test_cli_on_a_missing_folder_says_so_without_a_traceback(tmp_path: Path) -> None:
    result = run_check(str(tmp_path / "nope"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"millones: no such folder: {tmp_path / 'nope'}\n"


def test_problems_sort_errors_first_then_by_place() -> None:
    report = check_story(FLAWS)
    assert report.errors == sorted(report.errors) and report.warnings == sorted(report.warnings)
    assert all(p.severity is Severity.ERROR for p in report.errors)


# ---------------------------------------------------------------- the analysis agrees with play


@pytest.mark.parametrize("folder", [CLEAN, FLAWS, FIXTURES / "runtime_story"], ids=lambda p: p.name)
def test_random_play_never_leaves_what_the_analysis_says_may_hold(folder: Path) -> None:
    """Soundness: every state a real game reaches lies inside the analysis's sets, and every illegal
    skill move a game runs into was reported by check at that effect."""
    story = load_story(folder)
    analysis = Analysis(story)
    arriving = analysis.flow()
    found = analyse(story)
    reported = {(p.file, p.line) for p in found}
    layout = analysis.abstraction
    picks = random.Random(7)
    for run in range(150):
        state = new_game(story, seed=run)
        for _ in range(120):
            scene = story.scenes[state.scene]
            entered = analysis.apply(arriving[state.scene], scene.effects)
            assert entered is not None, f"a game stands at '{state.scene}', which the analysis says no game reaches"
            for skill, field in layout.skills.items():
                position = story.skills[skill].positions[state.skills[skill]]
                assert field.get(entered.bits) >> position & 1, f"'{skill}' is '{state.skills[skill]}' at '{state.scene}'"
            for flag, field in layout.flags.items():
                assert field.get(entered.bits) & (2 if flag in state.flags else 1), f"flag '{flag}' at '{state.scene}'"
            options = available(story, state)
            if not options:
                break
            try:
                state = choose(story, state, picks.choice(options))
            except StoryRuntimeError as exc:  # at the effect, or (no branch applies) about the scene
                assert (exc.problem.file, exc.problem.line) in reported or any(
                    f"'{state.scene}'" in p.message for p in found), f"check missed: {exc.problem}"
                break
