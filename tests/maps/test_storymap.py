"""The map's data (``storymap``): chapters, files and lines, and what is marked on scenes and ways."""

from __future__ import annotations

from pathlib import Path

from game.engine import load_story
from game.engine.analysis.check import check_story
from game.engine.analysis.storymap import story_map

from .stories import big_story


def test_chapters_files_lines_and_marks(shape: Path) -> None:
    drawn = story_map(load_story(shape))
    scenes = drawn.scenes
    assert list(scenes) == ["a", "h", "b", "g", "d", "c", "e", "d2"]
    # A scene without a chapter takes that of the scene that first leads to it; one no way reaches, that of
    # the scene before it in its file.
    assert {scene_id: scene.chapter for scene_id, scene in scenes.items()} == {
        "a": "One", "h": "One", "b": "One", "g": "One", "d": "One", "c": "Two", "e": "Two", "d2": "Two"}
    assert drawn.chapters == ["One", "Two"]
    assert (scenes["a"].file, scenes["a"].line, scenes["g"].file, scenes["g"].line) == ("one.yaml", 1, "two.yaml", 1)
    assert scenes["d"].line == 6
    assert scenes["a"].start and not scenes["b"].start
    assert {s for s, scene in scenes.items() if not scene.reachable} == {"c", "e", "d2"}
    assert {s for s, scene in scenes.items() if scene.dead_end} == {"g"}  # e has a way out, though no game gets there
    assert scenes["d"].ending == "Done" and scenes["d"].kind == "ending"
    assert scenes["d"].paragraphs[0].text == "one {…} two"  # a placeholder's value depends on a game
    assert [scene.depth for scene in scenes.values()][:5] == [0, 1, 1, 2, 2]


def test_ways_are_marked_locked_conditional_once_or_never(shape: Path) -> None:
    drawn = story_map(load_story(shape))
    ways = {(w.way.source, w.way.target): w for w in drawn.ways}
    locked = ways["a", "c"]
    assert locked.way.locks and locked.way.condition == "f" and locked.never and locked.way.label == "Locked"
    hidden = ways["g", "d"]
    assert not hidden.way.locks and hidden.way.condition == "f" and hidden.never
    assert not ways["a", "b"].never and not ways["a", "b"].way.condition and ways["a", "b"].way.once
    assert not ways["h", "b"].way.once
    assert ways["e", "d2"].never  # no game is at e to take it
    assert (drawn.errors, drawn.warnings) == (check_story_counts(shape))


def check_story_counts(folder: Path) -> tuple[int, int]:
    report = check_story(folder)
    return len(report.errors), len(report.warnings)


def test_a_thousand_scenes_map_in_well_under_a_second(tmp_path: Path) -> None:
    story = load_story(big_story(tmp_path / "big"))
    drawn = story_map(story)
    assert len(drawn.scenes) == 1000 and all(scene.reachable for scene in drawn.scenes.values())
    assert not any(scene.dead_end for scene in drawn.scenes.values())
    assert len(drawn.chapters) == 20
    assert all(paths.shortest and paths.longest and paths.shortest.words <= paths.longest.words
               for paths in drawn.words.endings.values())
