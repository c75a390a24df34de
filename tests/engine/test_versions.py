"""check --against: what a new version does to saves of the old one, proposed renames, and saves
of the old version loaded into the new one, end to end."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

from saves_support import FIXTURE, fixture_story, story_variant

from game.engine import GameSession, available
from game.engine.analysis.versions import compare, resumes
from game.engine.saves import SaveStore

ROOT = Path(__file__).resolve().parents[2]
HOME = "scenes/01_home.yaml"
AIR = "scenes/02_air.yaml"
# Version 2 renames a scene, a skill state, a stat and a flag, and changes nothing else.
RENAMED = {
    "story.yaml": [('version: "1"', 'version: "2"'), ("student", "trainee"), ("hope:", "spirit:"),
                   ("met_mentor", "knows_mentor")],
    HOME: [("pilot >= student", "pilot >= trainee"), ("hope", "spirit"), ("met_mentor", "knows_mentor")],
    AIR: [("id: hangar", "id: hangar_b"), ("goto: hangar", "goto: hangar_b"), ("hope", "spirit")],
}
RENAMES = "renames: {scenes: {hangar: hangar_b}, states: {pilot: {student: trainee}}, stats: {hope: spirit}, flags: {met_mentor: knows_mentor}}"


def test_every_rename_is_found_and_proposed(tmp_path: Path) -> None:
    comparison = compare(fixture_story(), story_variant(tmp_path, RENAMED))
    assert {(c.kind, c.name, c.rename) for c in comparison.changes} == {
        ("scene", "hangar", "hangar_b"), ("state", "pilot.student", "trainee"), ("stat", "hope", "spirit"),
        ("flag", "met_mentor", "knows_mentor")}
    assert comparison.renames() == {"scenes": {"hangar": "hangar_b"}, "states": {"pilot": {"student": "trainee"}},
                                    "stats": {"hope": "spirit"}, "flags": {"met_mentor": "knows_mentor"}}


def test_with_the_proposed_renames_nothing_is_left_to_break(tmp_path: Path) -> None:
    v2 = story_variant(tmp_path, {**RENAMED, "story.yaml": [*RENAMED["story.yaml"], ("renames: {}", RENAMES)]})
    assert compare(fixture_story(), v2).changes == []


def test_a_scene_whose_text_or_moves_changed_is_named(tmp_path: Path) -> None:
    v2 = story_variant(tmp_path, {AIR: [("goto: teacher", "goto: home")]})
    changes = compare(fixture_story(), v2).changes
    assert [(c.kind, c.name) for c in changes] == [("meaning", "flight")]
    assert "its choices lead elsewhere" in changes[0].effect


def saves_of_random_games(tmp_path: Path, games: int = 40, every: int = 10) -> tuple[Path, list[str]]:
    """Random games of version 1, saved every ``every``-th step into slots of a real store."""
    story = fixture_story()
    root = tmp_path / "saves"
    store = SaveStore(root, story)
    rng = random.Random(4)
    slots = []
    for game_number in range(games):
        game = GameSession.new(story, seed=game_number)
        while not game.is_over and game.state.steps < 200:
            game.choose(rng.choice(available(story, game.state)))
            if game.state.steps % every == 0:
                slot = f"r{len(slots) + 1}q"
                store.save(slot, game.snapshot(), 1.0)
                slots.append(slot)
    return root, slots


def test_saves_made_along_random_games_of_the_old_version_all_resume_in_the_new_one(tmp_path: Path) -> None:
    root, slots = saves_of_random_games(tmp_path)
    assert len(slots) > 20
    broken = story_variant(tmp_path, RENAMED, name="broken")
    fixed = story_variant(tmp_path, {**RENAMED, "story.yaml": [*RENAMED["story.yaml"], ("renames: {}", RENAMES)]},
                          name="fixed")
    moved = [SaveStore(root, broken).load(slot) for slot in slots]
    kept = [SaveStore(root, fixed).load(slot) for slot in slots]
    # Without the renames, saves in the hangar lose their place and students lose their lessons...
    assert any(loaded.needs_resume for loaded in moved)
    assert any(len(loaded.notes) > 1 for loaded in moved)
    # ...with them, every save continues where it was, with nothing dropped.
    assert all(not loaded.needs_resume and len(loaded.notes) == 1 for loaded in kept)
    assert resumes(fixture_story(), fixed, games=40).where_they_were == resumes(fixture_story(), fixed, games=40).saves
    counted = resumes(fixture_story(), broken, games=40)
    assert counted.chapter_start and counted.changed and not counted.failed


def millones(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_command_compares_with_a_folder_or_a_git_revision(tmp_path: Path) -> None:
    v2 = tmp_path / "v2"
    story_variant(tmp_path, RENAMED)
    result = millones("check", str(v2), "--against", str(FIXTURE))
    assert result.returncode == 0, result.stderr
    assert "scene 'hangar': a save made there resumes at the start of its chapter (renamed to 'hangar_b'?" in result.stdout
    assert "  scenes: {hangar: hangar_b}" in result.stdout and "  states: {pilot: {student: trainee}}" in result.stdout
    assert "cannot be loaded" in result.stdout
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo / "story")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "v1"], check=True)
    subprocess.run([*git, "tag", "v1.0"], check=True)
    shutil.rmtree(repo / "story")
    shutil.copytree(v2, repo / "story")
    from_git = millones("check", str(repo / "story"), "--against", "v1.0")
    assert from_git.returncode == 0, from_git.stderr
    assert "scene 'hangar'" in from_git.stdout
    unknown = millones("check", str(repo / "story"), "--against", "v9")
    assert unknown.returncode == 1 and "--against v9: it is not a folder, nor a git revision" in unknown.stderr
