"""Loading bad story files: each class of fault gets one clear ``file:line:col: message``, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from game.engine import StoryError, load_story
from game.engine.analysis.check import check_story
from game.engine.load import safeyaml as yamlsource
from game.engine.load.safeyaml import MAX_FILE_BYTES, MAX_VALUES

MANIFEST = """\
id: t
title: T
start: home
flags: [lit]
"""
HOME = {"scenes/home.yaml": "- id: home\n  ending: {title: Home}\n"}  # the start; the faults go elsewhere
GOOD_SCENE = "- id: a\n  text: A\n  ending: {title: The end}\n"
ROOT = Path(__file__).resolve().parent.parent.parent

Write = Callable[..., Path]


def problems_of(root: Path) -> list[str]:
    """What ``check`` would print for a story that must not load."""
    with pytest.raises(StoryError) as caught:
        load_story(root)
    return [str(p) for p in caught.value.problems]


def scene_file(write_story: Write, text: str | bytes, name: str = "scenes/s.yaml") -> Path:
    root = write_story(MANIFEST, HOME)
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return root


def test_a_good_story_loads(write_story: Write) -> None:
    story = load_story(scene_file(write_story, GOOD_SCENE))
    assert sorted(story.scenes) == ["a", "home"]


def test_malformed_yaml_names_the_place_and_how_to_fix_it(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  text: Papá says: come and see\n  ending: {title: E}\n")
    assert problems_of(root) == [
        "scenes/s.yaml:2:18: error: YAML syntax: mapping values are not allowed in this context "
        "(a text with ': ' in it needs quotes, or use a block: text: |)"]


def test_tabs_for_indentation_get_a_hint(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n\ttext: A\n  ending: {title: E}\n")
    [problem] = problems_of(root)
    assert problem.startswith("scenes/s.yaml:2:1: error: YAML syntax:") and "indent with spaces, not tabs" in problem


def test_wrong_types_say_what_was_expected_and_what_was_found(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  title: [1, 2]\n  choices:\n    - text: Go\n      goto: 5\n")
    assert problems_of(root) == [
        "scenes/s.yaml:2:10: error: 'title' should be text or a mapping (key: value lines), not a list",
        "scenes/s.yaml:5:13: error: 'goto' should be text, not a number",
    ]


def test_a_misspelt_key_gets_a_did_you_mean(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  text: A\n  choices:\n    - text: Go\n      goto: a\n      efects: [{set: {lit: true}}]\n")
    assert problems_of(root) == ["scenes/s.yaml:6:7: error: unknown key 'efects' (did you mean 'effects'?)"]


def test_a_misspelt_key_in_the_manifest_gets_a_did_you_mean(write_story: Write) -> None:
    root = write_story(MANIFEST + "skils: {}\n", {"scenes/s.yaml": GOOD_SCENE, **HOME})
    assert problems_of(root) == ["story.yaml:5:1: error: unknown key 'skils' (did you mean 'skills'?)"]


def test_a_misspelt_effect_gets_a_did_you_mean(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  text: A\n  effects: [{sett: {lit: true}}]\n  ending: {title: E}\n")
    assert problems_of(root) == [
        "scenes/s.yaml:3:13: error: an effect is one of {set: ...}, {add: ...}, {advance: ...} (did you mean 'set'?)"]


def test_a_missing_key_is_named(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  text: A\n  choices:\n    - text: Go\n")
    assert problems_of(root) == ["scenes/s.yaml:4:7: error: 'goto' is missing"]


def test_duplicate_ids_across_files_point_at_both(write_story: Write) -> None:
    root = write_story(MANIFEST, {"scenes/one.yaml": GOOD_SCENE, "scenes/two/more.yaml": "# again\n" + GOOD_SCENE, **HOME})
    assert problems_of(root) == [
        "scenes/two/more.yaml:2:7: error: the scene id 'a' is used twice (first at scenes/one.yaml:1:7)"]


def test_a_key_twice_in_one_mapping_is_refused(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  text: A\n  text: B\n  ending: {title: E}\n")
    assert problems_of(root) == ["scenes/s.yaml:3:3: error: the key 'text' appears twice in this mapping"]


def test_tags_that_construct_objects_are_refused_and_never_run(write_story: Write, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    root = scene_file(write_story, f'- id: a\n  text: !!python/object/apply:os.system ["touch {marker}"]\n  ending: {{title: E}}\n')
    assert problems_of(root) == [
        "scenes/s.yaml:2:9: error: the tag !!python/object/apply:os.system is not allowed "
        "(story files hold plain text, numbers, lists and mappings; remove the tag)"]
    assert not marker.exists()


def test_custom_tags_are_refused(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  text: !include other.yaml\n  ending: {title: E}\n")
    assert problems_of(root) == [
        "scenes/s.yaml:2:9: error: the tag !include is not allowed "
        "(story files hold plain text, numbers, lists and mappings; remove the tag)"]


def test_an_alias_bomb_is_refused_quickly(write_story: Write) -> None:
    lines = ["    l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"    l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 12)]  # 10^12 values
    root = scene_file(write_story, "- id: a\n  text: A\n  ending: {title: E}\n  bomb:\n" + "\n".join(lines) + "\n")
    [problem] = problems_of(root)
    assert problem.startswith("scenes/s.yaml:10:")
    assert f"more than {MAX_VALUES:,} values (counting what aliases expand to)" in problem


def test_an_alias_to_its_own_container_is_refused(write_story: Write) -> None:
    root = scene_file(write_story, "- &me\n  id: a\n  loop: *me\n")
    [problem] = problems_of(root)
    assert problem == "scenes/s.yaml:3:9: error: the alias *me refers to the list or mapping it is in"


def test_extreme_nesting_is_refused_without_crashing(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  text: " + "[" * 100_000 + "\n  ending: {title: E}\n")
    assert problems_of(root) == ["scenes/s.yaml:2:55: error: nested more than 48 levels deep"]


class _Libyaml026(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml 0.2.6 and later: the scanner stops at 1,000 flow levels, looking well ahead of the parser.

    Simulated on any PyYAML by raising that error once the pure-Python scanner reaches the level."""

    def __init__(self, text: str) -> None:
        self.python = yaml.SafeLoader(text)

    def get_event(self) -> object:
        scanner = self.python
        while scanner.flow_level < 1000 and not scanner.done:
            scanner.fetch_more_tokens()
            if scanner.flow_level >= 1000:
                raise yaml.scanner.ScannerError(None, None, "exceeded maximum nesting depth", scanner.get_mark())
        return scanner.get_event()

    def check_event(self, *kinds: type) -> bool:
        return self.python.check_event(*kinds)

    def peek_event(self) -> object:
        return self.python.peek_event()

    def dispose(self) -> None:
        self.python.dispose()


@pytest.mark.parametrize("loader", [_Libyaml026, yaml.SafeLoader], ids=["libyaml-0.2.6-limit", "no-parser-limit"])
@pytest.mark.parametrize(("text", "place"), [
    ("- id: a\n  text: " + "[" * 100_000 + "\n", "2:55"),
    ("- id: b\n  ending: {title: B}\n- id: a\n  text: " + "[" * 40 + "\n    " + "[" * 2000 + "\n", "5:11"),
    ("- id: a\n  text: " + "{a: " * 5000 + "\n", "2:193"),
])
def test_nesting_is_reported_the_same_whatever_libyaml_does(monkeypatch: pytest.MonkeyPatch, loader: type,
                                                           text: str, place: str) -> None:
    """libyaml 0.2.6 refuses 1,000 levels itself, with its own words; the story still gets ours, in the same place."""
    monkeypatch.setattr(yamlsource, "_Loader", loader)
    with pytest.raises(yamlsource.YamlProblem) as caught:
        yamlsource.parse(text, "s.yaml")
    assert str(caught.value.problem) == f"s.yaml:{place}: error: nested more than 48 levels deep"


def test_extreme_nesting_does_not_crash_the_command(write_story: Write) -> None:
    """libyaml's own composer recurses in C; a crash there would kill the process, not raise."""
    root = scene_file(write_story, "x: " + "{a: " * 100_000 + "\n")
    result = subprocess.run([sys.executable, "-m", "game", "check", str(root)], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 1 and result.stderr == ""
    assert "nested more than 48 levels deep" in result.stdout


def test_a_huge_file_is_refused_before_it_is_parsed(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  text: '" + "x" * MAX_FILE_BYTES + "'\n  ending: {title: E}\n")
    size = (root / "scenes/s.yaml").stat().st_size
    assert problems_of(root) == [
        f"scenes/s.yaml: error: the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (split it into several scene files)"]


def test_text_that_is_not_utf8_points_at_the_bad_byte(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  text: café\n  ending: {title: E}\n".encode("latin-1"))
    assert problems_of(root) == ["scenes/s.yaml:2:12: error: the file is not valid UTF-8 text (save it as UTF-8 in your editor)"]


def test_utf16_text_is_not_utf8(write_story: Write) -> None:
    root = scene_file(write_story, GOOD_SCENE.encode("utf-16"))
    [problem] = problems_of(root)
    assert problem.startswith("scenes/s.yaml:1:1: error: the file is not valid UTF-8 text")


def test_a_utf8_byte_order_mark_is_fine(write_story: Write) -> None:
    root = scene_file(write_story, GOOD_SCENE.encode("utf-8-sig"))
    assert sorted(load_story(root).scenes) == ["a", "home"]


@pytest.mark.parametrize(("text", "what"), [("", "is empty"), ("\n\n", "is empty"), ("# only a comment\n", "holds only comments"),
                                            ("# yaml-language-server: $schema=../game/schemas/scenes.schema.json\n",
                                             "holds only comments")],
                         ids=["empty", "blank", "comment", "schema-line"])
def test_a_file_without_scenes_is_a_warning_and_the_story_still_loads(write_story: Write, text: str, what: str) -> None:
    """The guide tells authors to start each file with the schema line: a file holding only that is a
    file not written yet, not a story that cannot load."""
    root = scene_file(write_story, text)
    assert sorted(load_story(root).scenes) == ["home"]
    assert [str(p) for p in check_story(root).problems if p.file == "scenes/s.yaml"] == [
        f"scenes/s.yaml:1:1: warning: the file {what}: it has no scenes (write scenes in it, or delete it)"]


def test_an_empty_manifest_is_still_an_error(write_story: Write) -> None:
    root = write_story("# nothing yet\n", HOME)
    assert problems_of(root) == ["story.yaml:1:1: error: the file is empty (story.yaml needs at least an id, a title "
                                 "and a start scene: see scenes/README.md)"]


def test_a_scene_with_two_kinds_is_refused(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  text: A\n  choices: [{text: Go, goto: a}]\n  ending: {title: E}\n")
    assert problems_of(root) == [
        "scenes/s.yaml:1:3: error: a scene needs exactly one of choices, branch, random, quiz, ending (found choices, ending)"]


def test_a_scene_with_no_kind_is_refused(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  text: A\n")
    assert problems_of(root) == [
        "scenes/s.yaml:1:3: error: a scene needs exactly one of choices, branch, random, quiz, ending (found none of them)"]


def test_a_file_that_is_not_a_list_of_scenes(write_story: Write) -> None:
    root = scene_file(write_story, "id: a\ntext: A\nending: {title: E}\n")
    assert problems_of(root) == ["scenes/s.yaml:1:1: error: a scene file is a list of scenes (start each scene with '- id: ...')"]


def test_a_second_document_in_one_file(write_story: Write) -> None:
    root = scene_file(write_story, GOOD_SCENE + "---\n- id: b\n  ending: {title: B}\n")
    assert problems_of(root) == [
        "scenes/s.yaml:4:1: error: a second YAML document ('---') in one file (put each document in its own file)"]


def test_a_missing_manifest_and_a_missing_folder(tmp_path: Path) -> None:
    assert problems_of(tmp_path) == [f"{tmp_path / 'story.yaml'}: error: the story folder has no story.yaml "
                                     "(every story needs a manifest; see scenes/README.md)"]
    assert problems_of(tmp_path / "nope") == [f"{tmp_path / 'nope'}: error: no such story folder "
                                              "(give the folder that holds story.yaml)"]


def test_a_goto_to_a_missing_scene_suggests_the_closest(write_story: Write) -> None:
    root = scene_file(write_story, GOOD_SCENE + "- id: lab\n  text: L\n  choices: [{text: Go, goto: llnl_1987}]\n"
                                                "- id: llnl_1986\n  ending: {title: L}\n")
    assert problems_of(root) == ["scenes/s.yaml:6:30: error: no scene 'llnl_1987' (did you mean 'llnl_1986'?)"]


def test_every_problem_of_every_file_comes_at_once(write_story: Write) -> None:
    root = write_story(MANIFEST, {
        **HOME,
        "scenes/a.yaml": GOOD_SCENE,
        "scenes/b.yaml": "- id: b\n  text: B\n  choices: [{text: Go, goto: a, efects: []}]\n",
        "scenes/c.yaml": "- id: c\n  text: [\n",
        "scenes/d.yaml": "- id: d\n  text: D\n  choices: [{text: Go, goto: a, if: 'lit and hop > 1'}]\n",
    })
    found = problems_of(root)
    assert [p.split(": error: ")[0] for p in found] == ["scenes/b.yaml:3:33", "scenes/c.yaml:3:1", "scenes/d.yaml:3:46"]
    assert "no stat, flag or skill named 'hop'" in found[2]


def test_a_broken_scene_is_not_also_reported_missing(write_story: Write) -> None:
    """A goto to a scene that failed to load is not a second error: fixing the scene fixes both."""
    root = write_story(MANIFEST.replace("start: home", "start: a"), {
        "scenes/a.yaml": "- id: a\n  text: A\n  choices: [{text: Go, goto: b}, {text: On, goto: c}]\n",
        "scenes/b.yaml": "- id: b\n  text: B: broken\n  ending: {title: B}\n",
        "scenes/c.yaml": "- id: c\n  text: C\n  ending: {title: C}\n  efects: []\n",
    })
    found = problems_of(root)
    assert len(found) == 2
    assert found[0].startswith("scenes/b.yaml:2:10: error: YAML syntax")
    assert found[1] == "scenes/c.yaml:4:3: error: unknown key 'efects' (did you mean 'effects'?)"


def test_hidden_folders_and_other_files_are_not_scenes(write_story: Write) -> None:
    root = write_story(MANIFEST, {"scenes/a.yaml": GOOD_SCENE, ".git/x.yaml": "broken: [", "notes.txt": "[[[", **HOME})
    assert sorted(load_story(root).scenes) == ["a", "home"]


def test_a_quiz_that_can_never_be_passed_is_refused(write_story: Write) -> None:
    root = scene_file(write_story, "- id: a\n  quiz:\n    questions:\n      - {question: Q, options: [x, y], answer: 2}\n"
                                   "    pass: 2\n    on_pass: {goto: a}\n    on_fail: {goto: a}\n")
    assert problems_of(root) == [
        "scenes/s.yaml:4:48: error: answer 2 is not one of the 2 options (counting from 0)",
        "scenes/s.yaml:5:11: error: pass is 2 but there is only 1 question",
    ]
