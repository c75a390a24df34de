"""Word counts (``words``): per chapter, per file, and the shortest and longest way to each ending;
in ``check --json``."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from game.engine import load_story
from game.engine.analysis.check import Analysis, check_story
from game.engine.analysis.words import WordCounts, word_counts
from game.engine.story import Story

from .stories import SHAPE_MANIFEST

ROOT = Path(__file__).resolve().parents[2]


def counted(story: Story) -> WordCounts:
    """The word counts over the moves check's analysis finds."""
    analysis = Analysis(story)
    analysis.run()
    return word_counts(story, analysis.moves)


def test_word_counts_per_chapter_file_and_ending(shape: Path) -> None:
    counts = counted(load_story(shape))
    assert counts.chapters == {"One": 3 + 20 + 5 + 1 + 2, "Two": 2 + 2 + 2}
    assert counts.files == {"one.yaml": 28, "two.yaml": 9}
    assert counts.words == sum(counts.chapters.values()) == sum(counts.files.values()) == 37
    done = counts.endings["d"]
    assert done.shortest is not None and done.longest is not None
    assert (done.shortest.words, done.shortest.scenes) == (10, ("a", "b", "d"))
    assert (done.longest.words, done.longest.scenes) == (30, ("a", "h", "b", "d"))  # b -> a, back, is not taken
    assert counts.endings["d2"].shortest is None and counts.endings["d2"].longest is None


def test_longest_goes_into_a_loop_but_not_round_it(write_story: Callable[..., Path]) -> None:
    """s -> x -> y -> end is the longest way that never comes back; y -> s goes back, so it is not followed."""
    ten = " ".join(["word"] * 10)
    hundred = " ".join(["word"] * 100)
    folder = write_story(SHAPE_MANIFEST.replace("start: a", "start: s"), {"loop.yaml": f"""\
        - id: s
          text: one
          choices: [{{text: X, goto: x}}, {{text: Y, goto: y}}]
        - id: x
          text: {ten}
          choices: [{{text: Y, goto: y}}, {{text: End, goto: end}}]
        - id: y
          text: {hundred}
          choices: [{{text: End, goto: end}}, {{text: Again, goto: s}}]
        - id: end
          text: fin
          ending: {{title: End}}
        """})
    story = load_story(folder)
    counts = word_counts(story, {"s": ["x", "y"], "x": ["y", "end"], "y": ["end", "s"], "end": []})
    paths = counts.endings["end"]
    assert paths.longest is not None and paths.shortest is not None
    assert (paths.longest.scenes, paths.longest.words) == (("s", "x", "y", "end"), 112)
    assert (paths.shortest.scenes, paths.shortest.words) == (("s", "x", "end"), 12)
    assert counted(story).endings == counts.endings  # the same moves as check's analysis finds


def test_check_json_has_the_word_counts(shape: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "game", "check", str(shape), "--json"], capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    stats = json.loads(result.stdout)["stats"]
    assert stats["wordcount"] == {
        "chapters": {"One": 31, "Two": 6},
        "files": {"one.yaml": 28, "two.yaml": 9},
        "endings": {"d": {"shortest": {"words": 10, "scenes": 3}, "longest": {"words": 30, "scenes": 4}},
                    "d2": {"shortest": None, "longest": None}},
    }
    assert stats["words"] == 37


def test_the_shipped_story_s_counts_add_up() -> None:
    story = load_story(ROOT / "scenes")
    report = check_story(ROOT / "scenes")
    counts = report.stats["wordcount"]
    assert sum(counts["chapters"].values()) == sum(counts["files"].values()) == report.stats["words"]
    assert set(counts["endings"]) == {scene.id for scene in story.endings}
    for ending, paths in counts["endings"].items():
        assert paths["shortest"] is not None, ending  # every ending can be reached
        assert paths["shortest"]["words"] <= paths["longest"]["words"] <= report.stats["words"]
