"""Story folders written to hurt: each ends in a clean report, every problem at its file, line and column.

A story folder is untrusted. ``load_story`` raises only ``StoryError``, ``check`` never shows a traceback
or hangs, and what it prints cannot drive the terminal. Each test here is an attack that once got
through (a traceback, a hang, gigabytes, a retitled terminal); the last ones run every case of
``tests/bench/bench_hostile.py``, which times them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from game.engine import StoryError, StoryRuntimeError, available, choose, load_story, new_game, view
from game.engine.analysis import check as check_module
from game.engine.analysis.check import Analysis, Report, check_story
from game.engine.errors import IN_ALL, PER_FILE, Problem, ProblemLog, Severity, Where, printable
from game.engine.language.syntax import MAX_HEIGHT
from game.engine.load import loader, safeyaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
MANIFEST = "id: t\ntitle: T\nstart: home\nstats:\n  h: {start: 1}\nflags: [lit]\n"
HOME = "- id: home\n  text: Home.\n  ending: {title: Home}\n"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

Write = Callable[..., Path]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_hostile", ROOT / "tests" / "bench" / "bench_hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


def problems_of(root: Path) -> list[str]:
    with pytest.raises(StoryError) as caught:
        load_story(root)
    return [str(p) for p in caught.value.problems]


def story_with(write_story: Write, scenes: str, manifest: str = MANIFEST) -> Path:
    return write_story(manifest, {"scenes/home.yaml": HOME, "scenes/s.yaml": scenes})


def millones(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, errors="surrogateescape")


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """A folder for a case, removed however deep it goes or whatever it locks (pytest's cleanup recurses)."""
    path = tmp_path / "case"
    yield path
    BENCH.remove_tree(path)


# ---------------------------------------------------------------- 1. numbers Python will not convert


def test_a_number_too_long_for_python_is_a_problem_at_its_place(write_story: Write) -> None:
    root = story_with(write_story, "- id: a\n  random:\n    - {goto: home, weight: " + "9" * 5000 + "}\n")
    assert problems_of(root) == [
        "scenes/s.yaml:3:28: error: a number with 5,000 digits; a story's numbers have at most 18 "
        "(put it in quotes if it is meant as text)"]


@pytest.mark.parametrize(("written", "value"), [("0" * 5000 + "7", 7), ("-" + "0" * 5000 + "3", -3), ("9" * 18, 10**18 - 1)])
def test_long_numbers_that_are_small_are_numbers(write_story: Write, written: str, value: int) -> None:
    root = write_story(MANIFEST.replace("h: {start: 1}", f"h: {{start: {written}}}"), {"scenes/home.yaml": HOME})
    assert load_story(root).stats["h"].start == value


def test_a_quoted_long_number_is_text(write_story: Write) -> None:
    story = load_story(story_with(write_story, f"- id: a\n  text: '{'9' * 5000}'\n  ending: {{title: E}}\n"))
    assert story.scenes["a"].paragraphs[0].text.literal == "9" * 5000


# ---------------------------------------------------------------- 2. file names that are not UTF-8


def test_a_file_name_that_is_not_utf8_is_named_with_escapes(write_story: Write) -> None:
    root = story_with(write_story, "- id: a\n  ending: {title: A}\n")
    (root / "scenes" / os.fsdecode(b"caf\xe9.yaml")).write_text(HOME.replace("home", "other"), encoding="utf-8")
    assert problems_of(root) == [
        "scenes/caf\\xe9.yaml: error: the name is not valid UTF-8 (rename it with letters, digits, '-' and '_')"]


def test_a_folder_name_that_is_not_utf8_is_reported_once(write_story: Write) -> None:
    root = story_with(write_story, "- id: a\n  ending: {title: A}\n")
    inner = root / "scenes" / os.fsdecode(b"\xff\xfe")
    inner.mkdir()
    for n in range(3):
        (inner / f"{n}.yaml").write_text(HOME.replace("home", f"s{n}"), encoding="utf-8")
    assert problems_of(root) == [
        "scenes/\\xff\\xfe: error: the name is not valid UTF-8 (rename it with letters, digits, '-' and '_')"]


# ---------------------------------------------------------------- 3. deep folders, and links out of the folder


def test_scene_files_1500_folders_deep_are_found(folder: Path) -> None:
    BENCH.deep_folders(folder)
    story = load_story(folder)
    assert sorted(story.scenes) == ["deep", "home"]
    assert story.scenes["deep"].where.file == "scenes/" + "d/" * 1500 + "deep.yaml"


def test_links_to_outside_the_story_folder_are_refused(write_story: Write, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(HOME.replace("home", "secret"), encoding="utf-8")
    root = write_story(MANIFEST, {"scenes/home.yaml": HOME})
    (root / "scenes" / "secret.yaml").symlink_to(outside / "secret.yaml")
    (root / "scenes" / "passwd.yaml").symlink_to("/etc/passwd")
    (root / "scenes" / "more").symlink_to(outside)
    (root / "scenes" / "notes.txt").symlink_to("/etc/passwd")  # not a scene file: left alone
    hint = "(copy what it links to into the story folder)"
    assert problems_of(root) == [f"scenes/{name}: error: a link to outside the story folder {hint}"
                                 for name in ("more", "passwd.yaml", "secret.yaml")]


def test_a_manifest_that_links_outside_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.yaml").write_text(MANIFEST, encoding="utf-8")
    root = tmp_path / "story"
    (root / "scenes").mkdir(parents=True)
    (root / "scenes" / "home.yaml").write_text(HOME, encoding="utf-8")
    (root / "story.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    assert problems_of(root) == [
        "story.yaml: error: a link to outside the story folder (copy what it links to into the story folder)"]


def test_links_inside_the_story_folder_are_followed_once(write_story: Write) -> None:
    root = write_story(MANIFEST, {"scenes/home.yaml": HOME, "scenes/real/a.yaml": "- id: a\n  ending: {title: A}\n"})
    (root / "scenes" / "alias.yaml").symlink_to(root / "scenes" / "real" / "a.yaml")
    (root / "scenes" / "again").symlink_to(root / "scenes" / "real")  # a linked folder is not walked twice
    (root / "scenes" / "loop").symlink_to(root / "scenes" / "loop")  # a link to itself leads nowhere
    assert problems_of(root) == [
        "scenes/real/a.yaml:1:7: error: the scene id 'a' is used twice (first at scenes/alias.yaml:1:7)"]


def test_a_named_pipe_is_not_read(write_story: Write) -> None:
    root = write_story(MANIFEST, {"scenes/home.yaml": HOME})
    os.mkfifo(root / "scenes" / "pipe.yaml")
    assert sorted(load_story(root).scenes) == ["home"]  # returns: nothing waits for a writer


# ---------------------------------------------------------------- 4. long chains of operators


CHAIN = "+".join(["h"] * 990)


@pytest.mark.parametrize(("scene", "expected"), [
    (f'- id: a\n  choices:\n    - {{text: Go, goto: home, if: "{CHAIN} > 0"}}\n',
     f"scenes/s.yaml:3:{34 + 2 * MAX_HEIGHT}: error: condition: the expression is more than {MAX_HEIGHT} operators long"),
    (f'- id: a\n  text: "{{{CHAIN}}}"\n  choices: [{{text: Go, goto: home}}]\n',
     f"scenes/s.yaml:2:{10 + 2 * MAX_HEIGHT}: error: in {{{CHAIN[:59]}…}}: the expression is more than {MAX_HEIGHT} "
     "operators long"),
    (f'- id: a\n  effects: [{{set: {{h: "{CHAIN}"}}}}]\n  ending: {{title: E}}\n',
     f"scenes/s.yaml:2:{23 + 2 * MAX_HEIGHT}: error: expression: the expression is more than {MAX_HEIGHT} operators long"),
    ("- id: a\n  choices:\n    - {text: Go, goto: home, if: \"" + " or ".join(["lit"] * 150) + '"}\n',
     f"scenes/s.yaml:3:{34 + 7 * MAX_HEIGHT - 2}: error: condition: the expression is more than {MAX_HEIGHT} operators long"),
], ids=["condition", "text", "effect", "or"])
def test_a_chain_of_a_thousand_terms_is_refused_at_the_operator_too_many(  # the column of operator number MAX_HEIGHT
write_story: Write, scene: str,
                                                                        expected: str) -> None:
    [problem] = problems_of(story_with(write_story, scene))
    assert problem == expected + " (split it into shorter conditions; a goal can count many items)"


def _deep_stack(depth: int, work: Callable[[], Any]) -> Any:
    """``work`` called ``depth`` frames down, as a front end's deep call stack would call the engine."""
    return work() if depth == 0 else _deep_stack(depth - 1, work)


def test_the_longest_chains_allowed_load_check_and_play_with_a_deep_stack_already_used(write_story: Write) -> None:
    longest = "+".join(["h"] * MAX_HEIGHT)  # as high as a tree may be; compared, one term fewer
    ors = " or ".join(["lit"] * MAX_HEIGHT)
    nots = "not " * 20 + "(" * 20 + "lit" + ")" * 20
    root = story_with(write_story, f"""\
- id: a
  text: "It is {{{longest}}}."
  effects: [{{set: {{h: "{longest}"}}}}]
  choices:
    - {{text: Sum, goto: a, requires: "{longest[2:]} > 0", effects: [{{set: {{lit: true}}}}]}}
    - {{text: Or, goto: a, requires: "{ors}"}}
    - {{text: Not, goto: home, requires: "{nots}"}}
""", MANIFEST.replace("start: home", "start: a"))

    def everything() -> None:
        story = load_story(root)
        report = check_story(root)
        assert report.errors == [], report.errors
        state = new_game(story, 1)
        for _ in range(6):
            view(story, state)
            options = available(story, state)
            if not options:
                break
            state = choose(story, state, options[0])

    _deep_stack(500, everything)


# ---------------------------------------------------------------- 5. empty language maps


@pytest.mark.parametrize(("scene", "expected"), [
    ("- id: a\n  title: {}\n  ending: {title: E}\n", "scenes/s.yaml:2:10: error: 'title' is an empty mapping"),
    ("- id: a\n  choices:\n    - {text: {}, goto: home}\n", "scenes/s.yaml:3:14: error: 'text' is an empty mapping"),
    ("- id: a\n  text: {}\n  ending: {title: E}\n", "scenes/s.yaml:2:9: error: 'text' is an empty mapping"),
    ("- id: a\n  text: [{if: lit, text: {}}]\n  ending: {title: E}\n", "scenes/s.yaml:2:26: error: 'text' is an empty mapping"),
    ("- id: a\n  ending: {title: {}}\n", "scenes/s.yaml:2:19: error: 'title' is an empty mapping"),
], ids=["title", "choice text", "scene text", "paragraph", "ending"])
def test_an_empty_language_map_is_a_problem(write_story: Write, scene: str, expected: str) -> None:
    hint = " (give the text, or the text in each language: {en: ..., es: ...})"
    assert expected + hint in problems_of(story_with(write_story, scene))


def test_an_empty_title_in_the_manifest_is_a_problem(write_story: Write) -> None:
    root = write_story(MANIFEST.replace("title: T", "title: {}"), {"scenes/home.yaml": HOME})
    assert problems_of(root) == [
        "story.yaml:2:8: error: 'title' is an empty mapping (give the text, or the text in each language: {en: ..., es: ...})"]


# ---------------------------------------------------------------- 6. characters YAML refuses


@pytest.mark.parametrize(("text", "place"), [
    (b"- id: a\n  text: Fine\n  ending: {title: E\x00}\n", "3:20"),
    ("- id: a\n  text: caf\u00e9 \x07\n  ending: {title: E}\n".encode(), "2:14"),
    (b"\x00", "1:1"),
    ("- id: a\n  text: \ufffe\n".encode(), "2:9"),
], ids=["NUL", "BEL after a two-byte character", "NUL alone", "a noncharacter"])
def test_a_character_yaml_refuses_is_reported_at_its_line_and_column(write_story: Write, text: bytes, place: str) -> None:
    root = story_with(write_story, "")
    (root / "scenes" / "s.yaml").write_bytes(text)
    [problem] = problems_of(root)
    assert problem.startswith(f"scenes/s.yaml:{place}: error: the character U+")
    assert problem.endswith("is not allowed in a story file (it is a control character (or not a character at all); delete it)")


# ---------------------------------------------------------------- 7. folders that cannot be read


def test_a_folder_that_cannot_be_read_is_reported(write_story: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_story(MANIFEST, {"scenes/home.yaml": HOME, "scenes/locked/a.yaml": HOME.replace("home", "a")})
    real = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(loader.os, "scandir", scandir)
    assert problems_of(root) == ["scenes/locked: error: cannot read the folder: Permission denied "
                                 "(make it readable, or move it out of the story folder)"]


def test_a_story_folder_that_cannot_be_looked_at_is_a_story_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Locked(type(tmp_path)):  # type: ignore[misc]
        def is_dir(self) -> bool:
            raise PermissionError(13, "Permission denied")

    assert problems_of(Path("a\0b")) == ["a\\x00b: error: no such story folder (give the folder that holds story.yaml)"]
    monkeypatch.setattr(loader, "Path", Locked)
    assert problems_of(tmp_path) == [f"{tmp_path}: error: cannot read the story folder: Permission denied"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_without_permissions_is_reported(write_story: Write) -> None:
    root = write_story(MANIFEST, {"scenes/home.yaml": HOME, "scenes/locked/a.yaml": HOME.replace("home", "a")})
    (root / "scenes" / "locked").chmod(0)
    try:
        assert problems_of(root) == ["scenes/locked: error: cannot read the folder: Permission denied "
                                     "(make it readable, or move it out of the story folder)"]
    finally:
        (root / "scenes" / "locked").chmod(0o755)


# ---------------------------------------------------------------- 8. bounded work: problems listed, the rest counted


def test_only_so_many_problems_are_listed_and_the_rest_are_counted(write_story: Write) -> None:
    root = write_story(MANIFEST, {"scenes/home.yaml": HOME, "scenes/ones.yaml": "- 1\n" * 3000,
                                  "scenes/twos.yaml": "- 2\n" * 20})
    report = check_story(root)
    listed = [p for p in report.errors if p.file == "scenes/ones.yaml"]
    assert len(listed) == PER_FILE and [p.line for p in listed] == list(range(1, PER_FILE + 1))
    assert str(listed[0]) == ("scenes/ones.yaml:1:3: error: a scene is a mapping (key: value lines), not a number "
                              "(start each scene with '- id: ...')")
    assert len([p for p in report.errors if p.file == "scenes/twos.yaml"]) == 20
    assert report.left_out.errors == 3000 - PER_FILE and report.left_out.files == {"scenes/ones.yaml": 3000 - PER_FILE}
    assert report.failed


def test_the_command_says_how_many_problems_it_left_out(write_story: Write) -> None:
    root = write_story(MANIFEST, {"scenes/home.yaml": HOME, "scenes/ones.yaml": "- 1\n" * 1284})
    result = millones("check", str(root))
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and result.stderr == ""
    assert lines[-2:] == ["scenes/ones.yaml: …and 1,234 more problems",
                          f"{PER_FILE} error(s), 2 warning(s), and 1,234 more not listed; 1 scenes, 0 choices, 1 endings, 1 words"]
    report = json.loads(millones("check", str(root), "--json").stdout)
    assert len(report["errors"]) == PER_FILE
    assert report["left_out"] == {"errors": 1234, "warnings": 0, "files": {"scenes/ones.yaml": 1234}}


def test_the_problem_log_lists_per_file_and_in_all_and_counts_the_rest() -> None:
    log = ProblemLog()
    for file in range(12):
        for line in range(1, PER_FILE + 6):
            log.add(Problem(f"f{file:02}.yaml", line, 1, "bad"))
        log.add(Problem(f"f{file:02}.yaml", 1, 1, "look", severity=Severity.WARNING))
    listed = log.problems()
    errors = [p for p in listed if p.severity is Severity.ERROR]
    assert len(errors) == IN_ALL and len(listed) == IN_ALL + 12  # warnings have room of their own
    assert log.left_out.errors == 12 * (PER_FILE + 5) - IN_ALL and log.left_out.warnings == 0
    assert log.left_out.files["f00.yaml"] == 5 and log.left_out.files["f11.yaml"] == PER_FILE + 5


def test_problems_at_places_are_placed_together_with_a_first_place(write_story: Write) -> None:
    root = write_story(MANIFEST, {"scenes/home.yaml": HOME + HOME})
    with pytest.raises(StoryError) as caught:
        load_story(root)
    assert [str(p) for p in caught.value.problems] == [
        "scenes/home.yaml:4:7: error: the scene id 'home' is used twice (first at scenes/home.yaml:1:7)"]
    log = ProblemLog(load_story(write_story(MANIFEST, {"scenes/home.yaml": HOME}, name="ok")).locator)
    log.at(Where("scenes/home.yaml", (0, "ending", "title")), "here", first=Where("scenes/home.yaml", (0, "id")))
    assert [str(p) for p in log.problems()] == ["scenes/home.yaml:3:19: error: here (first at scenes/home.yaml:1:7)"]


def test_validation_stops_after_so_many_mistakes(write_story: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_MISTAKES", 100)
    bad = "".join(f"- {{id: b{n}, efects: 1}}\n" for n in range(300))  # one mistake each
    root = write_story(MANIFEST, {"scenes/a.yaml": bad, "scenes/b.yaml": bad.replace("b", "c"), "scenes/home.yaml": HOME})
    found = problems_of(root)
    assert len(found) == PER_FILE + 2
    assert found[-2:] == [
        "scenes/a.yaml:101:3: error: checking stopped here: more than 100 mistakes were found "
        "(fix the problems above, then check again)",
        "scenes/b.yaml: error: not checked, nor the 1 scene file after it: more than 100 mistakes were found before it "
        "(fix the problems above, then check again)"]


def test_a_scene_too_big_to_validate_is_one_problem(write_story: Write) -> None:
    choices = ", ".join(["{text: x, goto: home}"] * 10_001)
    [problem] = problems_of(story_with(write_story, f"- id: a\n  choices: [{choices}]\n"))
    assert problem == ("scenes/s.yaml:1:3: error: this scene holds 50,010 values (counting what aliases expand to); "
                       "a scene may hold at most 50,000 (split it into several scenes)")


def test_the_values_of_the_whole_story_are_bounded(write_story: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that fails still counts what it held: 5,000 files that each fail late cannot each cost a full parse."""
    monkeypatch.setattr(loader, "MAX_STORY_VALUES", 1000)
    monkeypatch.setattr(safeyaml, "MAX_STORY_VALUES", 1000)
    files = {f"scenes/{n}.yaml": "- [" + "1, " * 400 + "\n" for n in range(5)}
    found = problems_of(write_story(MANIFEST, {"scenes/home.yaml": HOME, **files}))
    assert [p.split(":")[0] for p in found] == [f"scenes/{n}.yaml" for n in range(4)]
    assert "YAML syntax" in found[0] and "YAML syntax" in found[1]  # each counted what it held before failing
    assert found[2].startswith("scenes/2.yaml:1:")
    assert "more than 1,000 values (counting what aliases expand to) in the story by here" in found[2]
    assert found[3:] == ["scenes/3.yaml: error: not checked, nor the 2 scene files after it: the story holds more than "
                         "1,000 values before it (fix the problems above, then check again)"]



def _scenes(first: int, count: int) -> str:
    """``count`` small scenes (12 values each), sN for N from ``first``, each leading to the next; the last an ending."""
    return "".join(f"- {{id: s{n}, text: S, choices: [{{text: On, goto: s{n + 1}}}]}}\n" for n in range(first, first + count - 1)) \
        + f"- {{id: s{first + count - 1}, text: S, ending: {{title: E}}}}\n"


def test_a_story_may_hold_more_values_than_one_file(write_story: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file holds at most MAX_VALUES values and a story MAX_STORY_VALUES (1,000,000 and 4,000,000; here
    smaller): a story bigger than one file's limit loads when each file keeps to it."""
    monkeypatch.setattr(safeyaml, "MAX_VALUES", 1000)
    monkeypatch.setattr(loader, "MAX_STORY_VALUES", 4000)
    monkeypatch.setattr(safeyaml, "MAX_STORY_VALUES", 4000)
    manifest = MANIFEST.replace("start: home", "start: s0")
    files = {f"scenes/{n}.yaml": _scenes(80 * n, 80) for n in range(3)}  # about 960 values each
    story = load_story(write_story(manifest, {"scenes/home.yaml": HOME, **files}))
    assert len(story.scenes) == 241


def test_one_file_holds_at_most_its_own_limit_of_values(write_story: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safeyaml, "MAX_VALUES", 1000)
    monkeypatch.setattr(loader, "MAX_STORY_VALUES", 4000)
    monkeypatch.setattr(safeyaml, "MAX_STORY_VALUES", 4000)
    found = problems_of(story_with(write_story, _scenes(0, 90)))  # about 1,080 values
    assert found == ["scenes/s.yaml:84:13: error: more than 1,000 values (counting what aliases expand to) in this "
                     "file (a file holds at most that many: split it into several scene files, or use fewer anchors "
                     "and aliases)"]

# ---------------------------------------------------------------- 9. no terminal escapes


@pytest.mark.parametrize(("written", "code"), [
    ('"\\e]0;pwned\\a"', "001B"), ('"\\x9b31m"', "009B"), ('"\\u009d52;c;aGk=\\a"', "009D"), ('"a\\rb"', "000D"),
    ('"\\0"', "0000"), ('"\\x7f"', "007F"),
], ids=["OSC 0", "CSI", "OSC 52", "carriage return", "NUL", "DEL"])
def test_control_characters_in_text_are_refused_where_they_are_written(write_story: Write, written: str, code: str) -> None:
    [problem] = problems_of(story_with(write_story, f"- id: a\n  title: {written}\n  ending: {{title: E}}\n"))
    assert problem == (f"scenes/s.yaml:2:10: error: a control character (U+{code}) in this text (text cannot send "
                       f"control codes to the player's terminal; remove the escape that writes it "
                       f"(such as \\x{int(code, 16):02x}))")


def test_tabs_and_newlines_in_text_are_fine(write_story: Write) -> None:
    story = load_story(story_with(write_story, '- id: a\n  text: "one\\ttab\\nnew line"\n  ending: {title: E}\n'))
    assert story.scenes["a"].paragraphs[0].text.literal == "one\ttab\nnew line"


def test_a_control_character_in_a_key_is_refused(write_story: Write) -> None:
    [problem] = problems_of(story_with(write_story, '- id: a\n  "\\e[2J": 1\n  ending: {title: E}\n'))
    assert problem.startswith("scenes/s.yaml:2:3: error: a control character (U+001B) in this text")


def test_problems_print_control_characters_as_escapes() -> None:
    problem = Problem("a\x1b]0;x\x07.yaml", 1, 2, "bad \x9b1m", "hint \udcff\n", Severity.ERROR)
    assert str(problem) == "a\\x1b]0;x\\x07.yaml:1:2: error: bad \\x9b1m (hint \\xff\\n)"
    assert problem.to_json()["file"] == "a\\x1b]0;x\\x07.yaml"
    assert printable("plain text, é and ✓") == "plain text, é and ✓"


def test_check_prints_no_control_character_whatever_the_story_holds(folder: Path) -> None:
    BENCH.terminal_escapes(folder)
    for args in (["check", str(folder)], ["check", str(folder), "--json"], ["randomtest", str(folder), "--runs", "1"]):
        result = millones(*args)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert not CONTROL.search(result.stdout.replace("\n", "")), result.stdout
    assert "scenes/\\x1b]0;pwned\\x07.yaml: error: the name holds a control character" in millones("check", str(folder)).stdout


# ---------------------------------------------------------------- 10. circles of branches no game gets out of

CIRCLES = """\
- id: hub
  text: Hub
  choices:
    - {text: Circle, goto: a}
    - {text: Visits, goto: v1}
    - {text: Flag, goto: f1}
    - {text: Never, goto: n1}
    - {text: Random, goto: r1}
    - {text: Text, goto: t1}
    - {text: Lit, goto: lit}
    - {text: End, goto: home}
- id: lit
  text: L
  choices: [{text: x, goto: hub, effects: [{set: {lit: true}}]}]
- id: a
  branch: [{goto: b}]
- id: b
  branch: [{goto: c}]
- id: c
  branch: [{goto: a}]
- id: v1
  branch: [{if: "visits(v1) > 3", goto: home}, {goto: v2}]
- id: v2
  branch: [{goto: v1}]
- id: f1
  branch: [{if: lit, goto: home}, {goto: f2}]
- id: f2
  branch: [{goto: f1}]
- id: n1
  branch: [{if: "h > 5", goto: home}, {goto: n2}]
- id: n2
  random: [{goto: n1}, {goto: n3}]
- id: n3
  branch: [{goto: n3}]
- id: r1
  random: [{goto: r1}, {goto: home, weight: 0}]
- id: t1
  text: A scene with text ends a run of scenes without.
  branch: [{goto: t2}]
- id: t2
  branch: [{goto: t1}]
"""


def test_a_circle_of_branches_no_game_gets_out_of_is_an_error(write_story: Write) -> None:
    manifest = MANIFEST.replace("start: home", "start: hub").replace("h: {start: 1}", "h: {start: 1, max: 5}")
    report = check_story(story_with(write_story, CIRCLES, manifest))
    circles = [str(p) for p in report.errors if "circle" in p.message]
    hint = " (none of these scenes has text, and every way on leads back; give one a way to a scene with text or choices)"
    assert circles == [f"scenes/s.yaml:{line}:3: error: branches go round in a circle no game gets out of: {ids}{hint}"
                       for line, ids in ((16, "a → b → c → a"), (30, "n1 → n2 → n1"), (34, "n3 → n3"), (36, "r1 → r1"))]


def test_check_agrees_with_play_about_circles(write_story: Write) -> None:
    """Play runs into every circle check reports (n3 through n1), and into one more that check rightly does
    not call certain: a game that lit the lamp first gets out of f1. The visit count lets games out of v1."""
    manifest = MANIFEST.replace("start: home", "start: hub").replace("h: {start: 1}", "h: {start: 1, max: 5}")
    root = story_with(write_story, CIRCLES, manifest)
    reported = {p.message.split(": ")[1].split(" → ")[0] for p in check_story(root).errors if "circle" in p.message}
    story = load_story(root)
    found = set()
    for index, choice in enumerate(story.scenes["hub"].choices):
        try:
            choose(story, new_game(story, 1), index)
        except StoryRuntimeError as exc:
            assert "go round in a circle" in str(exc)
            found.add(choice.goto)
    assert reported == {"a", "n1", "n3", "r1"}
    assert found == {"a", "n1", "r1", "f1"}


def test_long_circles_are_named_in_part(write_story: Write) -> None:
    scenes = "".join(f"- id: c{n}\n  branch: [{{goto: c{(n + 1) % 40}}}]\n" for n in range(40))
    report = check_story(story_with(write_story, scenes, MANIFEST.replace("start: home", "start: c0")))
    [circle] = [p.message for p in report.errors if "circle" in p.message]
    assert circle.endswith(": c0 → c1 → c2 → c3 → c4 → c5 → c6 → c7 → c8 → c9 → c10 → c11 → … → c0 (40 scenes)")


# ---------------------------------------------------------------- bounded analysis


@pytest.mark.parametrize("fixture", ["check_flaws", "check_clean", "runtime_story"])
def test_widening_after_the_work_budget_keeps_never_certain(fixture: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past its budget the analysis gives up precision, not soundness: it may say less, never more."""
    story = load_story(FIXTURES / fixture)
    exact = Analysis(story)
    arriving = exact.flow()
    errors = {(p.file, p.line, p.message) for p in exact.run() if p.severity is Severity.ERROR}
    monkeypatch.setattr(check_module, "MAX_WORK", 0)
    widened = Analysis(story)
    for scene, env in widened.flow().items():
        assert env.bits | arriving[scene].bits == env.bits, scene
    assert {(p.file, p.line, p.message) for p in widened.run() if p.severity is Severity.ERROR} <= errors


# ---------------------------------------------------------------- every case of the benchmark


@pytest.mark.parametrize("case", list(BENCH.CASES))
def test_each_hostile_case_ends_in_a_clean_report(folder: Path, case: str) -> None:
    BENCH.CASES[case](folder)
    report = check_story(folder)  # returns: raises nothing, whatever the folder holds
    assert isinstance(report, Report)
    for problem in report.problems:
        assert problem.message and not CONTROL.search(str(problem).replace("\n", "")), problem
    assert len(report.problems) <= 2 * IN_ALL
