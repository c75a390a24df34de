"""Where a problem is: the Locator finds a value's line and column by reparsing only its scene.

Every mark it gives from a single scene's lines must be the mark a parse of the whole file gives,
whatever the layout; when a scene cannot stand alone, or the file changed, it parses the file.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from game.engine import StoryError, load_story
from game.engine.errors import Mark
from game.engine.load import sourcemap
from game.engine.load.safeyaml import parse, read_text
from game.engine.load.sourcemap import Locator

LAYOUTS = {
    "plain": "- id: a\n  text: hi\n- id: b\n  choices:\n    - {text: 'go', goto: a}\n    - text: \"stay\"\n      goto: b\n",
    "comments and blocks": "# scenes\n- id: a\n  text: |\n    one\n\n    two\n\n# next\n- id: b\n  text: >\n    folded\n    text\n",
    "dash on its own line": "- id: a\n  text: hi\n-\n  id: b\n  text: there\n- # why\n  id: c\n  text: x\n",
    "indented list": "  - id: a\n    text: hi\n  - id: b\n    text: x\n",
    "windows line ends": "- id: a\r\n  text: hi\r\n- id: b\r\n  text: 'x'\r\n",
    "anchor in another scene": "- id: a\n  effects: &fx [{add: {hope: 1}}]\n- id: b\n  effects: *fx\n",
    "flow list": "[{id: a, text: x}, {id: b, text: y}]\n",
    "unicode line separator": "- id: a\n  text: \"x\u2028y\"\n- id: b\n  text: z\n",
}


def every_path(text: str) -> list[tuple[str | int, ...]]:
    positions: dict[tuple[str | int, ...], tuple[int, int, bool]] = {}
    parse(text, "f.yaml", positions)
    return [path[:-1] if path and path[-1] == "<key>" else path for path in positions if path]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_marks_from_one_scene_equal_marks_from_the_whole_file(tmp_path: Path, layout: str) -> None:
    text = LAYOUTS[layout]
    (tmp_path / "f.yaml").write_bytes(text.encode())
    scoped, whole = Locator(tmp_path), Locator(tmp_path)
    scoped.parse(read_text(tmp_path / "f.yaml", "f.yaml"), "f.yaml")  # as the loader reads it
    paths = every_path(text)
    assert paths
    for path in paths:
        for at_key in (False, True):
            assert scoped.mark("f.yaml", path, at_key) == whole.mark("f.yaml", path, at_key), (path, at_key)


@pytest.mark.parametrize("whole", [False, True], ids=["scene by scene", "only what is asked"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_marks_of_many_places_at_once_equal_marks_one_by_one(tmp_path: Path, layout: str, whole: bool,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """``marks`` places a file's problems together; a scene too big to map whole is parsed once, keeping
    only the positions asked for."""
    if whole:
        monkeypatch.setattr(sourcemap, "ITEM_TEXT_LIMIT", 0)
    text = LAYOUTS[layout]
    (tmp_path / "f.yaml").write_bytes(text.encode())
    batch, single = Locator(tmp_path), Locator(tmp_path)
    batch.parse(read_text(tmp_path / "f.yaml", "f.yaml"), "f.yaml")
    wanted = [(path, at_key) for path in every_path(text) for at_key in (False, True)]
    wanted.append(((0, "nothing", "here"), False))
    assert batch.marks("f.yaml", wanted) == [single.mark("f.yaml", path, at_key) for path, at_key in wanted]


def test_a_parse_for_a_few_places_keeps_only_those(tmp_path: Path) -> None:
    text = "".join(f"- {{id: s{n}, text: x, choices: [{{text: t, goto: s0}}]}}\n" for n in range(2000))
    (tmp_path / "f.yaml").write_text(text)
    wanted = {(5,), (5, "choices"), (5, "choices", 0), (5, "choices", 0, "goto")}
    positions = Locator(tmp_path)._parse_positions("f.yaml", wanted)
    assert set(positions) == wanted and positions[(5, "choices", 0, "goto")] == (6, 47, False)


def test_a_mark_is_the_line_and_column_an_editor_shows(tmp_path: Path) -> None:
    text = LAYOUTS["plain"]
    (tmp_path / "f.yaml").write_text(text)
    locator = Locator(tmp_path)
    locator.parse(text, "f.yaml")
    assert locator.mark("f.yaml", (1, "choices", 1, "goto")) == Mark(7, 13)
    assert locator.mark("f.yaml", (1, "choices", 0, "text")) == Mark(5, 14, quoted=True)  # at the opening quote
    assert locator.mark("f.yaml", (1, "choices"), at_key=True) == Mark(4, 3)
    assert locator.mark("f.yaml", (1, "nothing", "here")) == Mark(3, 3)  # the nearest place that exists


def test_a_file_changed_since_loading_is_read_again_whole(tmp_path: Path) -> None:
    (tmp_path / "f.yaml").write_text(LAYOUTS["plain"])
    locator = Locator(tmp_path)
    locator.parse(LAYOUTS["plain"], "f.yaml")
    edited = "# a new first line\n" + LAYOUTS["plain"]
    (tmp_path / "f.yaml").write_text(edited)
    assert locator.mark("f.yaml", (1, "id")) == Mark(4, 7)


def test_a_runtime_error_points_into_its_scene(tmp_path: Path) -> None:
    (tmp_path / "scenes").mkdir()
    (tmp_path / "story.yaml").write_text("id: s\ntitle: S\nstart: a\nskills:\n  rowing: {states: [none, steady]}\n")
    scenes = "".join(f"- id: s{n}\n  text: filler\n  ending: {{title: End}}\n" for n in range(50))
    scenes += "- id: a\n  text: Row.\n  choices:\n    - text: Row\n      effects: [{set: {rowing: steady}}, {set: {rowing: none}}]\n      goto: a\n"
    (tmp_path / "scenes" / "all.yaml").write_text(scenes)
    from game.engine import GameSession, StoryRuntimeError

    game = GameSession.new(load_story(tmp_path), seed=1)
    with pytest.raises(StoryRuntimeError) as caught:
        game.choose(0)
    problem = caught.value.problem
    assert (problem.file, problem.line, problem.column) == ("scenes/all.yaml", 155, 57)  # "none" in the second set


def test_loading_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    story = Path(__file__).resolve().parent.parent / "fixtures" / "runtime_story"
    assert gc.isenabled()
    load_story(story)
    assert gc.isenabled()
    with pytest.raises(StoryError):
        load_story(tmp_path)
    assert gc.isenabled()
    gc.disable()
    try:
        load_story(story)
        assert not gc.isenabled()
    finally:
        gc.enable()
