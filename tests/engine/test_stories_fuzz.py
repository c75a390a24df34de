"""Hypothesis mutates real stories (the test fixtures and the shipped story) and loads and checks them.

Mutations work on the data (a value becomes another YAML value, a huge number, a string with control
characters, deep nesting, an empty mapping or list; a key is renamed or dropped; a scene is duplicated)
and on the text (indentation broken, a character inserted, a line doubled, the file cut short). Whatever
comes out, ``load_story`` raises nothing but ``StoryError``, ``check_story`` returns a ``Report``, and
every problem prints as one line of plain text.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from fuzzing import FUZZ
from hypothesis import given
from hypothesis import strategies as st

from game.engine import StoryError, load_story
from game.engine.analysis.check import Report, check_story
from game.engine.load.loader import scene_files
from game.engine.load.safeyaml import YamlProblem, parse

ROOT = Path(__file__).resolve().parents[2]
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _sources() -> dict[str, dict[str, str]]:
    """Every story to start from: its files, by name relative to the story folder."""
    folders = [path for path in sorted((ROOT / "tests" / "fixtures").iterdir()) if (path / "story.yaml").is_file()]
    found = {}
    for folder in [*folders, ROOT / "scenes"]:
        files = {"story.yaml": (folder / "story.yaml").read_text(encoding="utf-8")}
        for path in scene_files(folder):
            files[path.relative_to(folder).as_posix()] = path.read_text(encoding="utf-8")
        found[folder.name] = files
    return found


SOURCES = _sources()
KEYS = ["id", "text", "title", "chapter", "choices", "branch", "random", "quiz", "ending", "effects", "goto", "if",
        "requires", "locked", "set", "add", "advance", "weight", "questions", "options", "answer", "pass", "on_pass",
        "on_fail", "question", "continue", "start", "skills", "stats", "flags", "goals", "states", "items", "when",
        "label", "transitions", "from", "to", "renames", "header", "language", "efects", "en", "es"]
CONTROLS = "".join(chr(code) for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)])
HUGE = "HUGE_NUMBER"  # PyYAML cannot write an int of 5,000 digits (nor can Python print one): written in after

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.integers(), st.floats(allow_nan=False),
    st.just(int("9" * 30)), st.just(-(10**25)),
    st.sampled_from(["a", "home", "start", "lit", "hope", "pilot >= solo", "{hope}", "{", "}}", "{{x}}", "h+" * 600 + "h",
                     "visits(a) > 0", "goal(g) >= 1", "not not not x", "(" * 45 + "x" + ")" * 45, "", " ", "\t", "é✓"]),
    st.text(max_size=12),
    st.text(alphabet=st.sampled_from(CONTROLS + "ab{} "), max_size=8),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.sampled_from(KEYS), children, max_size=4)),
    max_leaves=12,
)


def nested(depth: int) -> Any:
    value: Any = "deep"
    for level in range(depth):
        value = [value] if level % 2 else {"text": value}
    return value


def places(data: Any) -> list[tuple[Any, ...]]:
    """The path of every value in ``data`` (iteratively: the data may be deep)."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        found.append(path)
        if isinstance(node, dict):
            stack += [((*path, key), value) for key, value in node.items()]
        elif isinstance(node, list):
            stack += [((*path, index), value) for index, value in enumerate(node)]
    return found


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def mutate_data(draw: st.DrawFn, data: Any) -> Any:
    """One change to parsed data: the whole document may come back as something else."""
    path = draw(st.sampled_from(places(data)))
    kind = draw(st.sampled_from(["value", "huge", "control", "deep", "empty", "rename", "drop", "duplicate"]))
    if kind == "value":
        new: Any = draw(values)
    elif kind == "huge":
        new = draw(st.sampled_from([HUGE, -int("1" * 400), 10**18, 2**63, 1e308]))
    elif kind == "control":
        new = draw(st.text(max_size=6)) + draw(st.sampled_from(CONTROLS)) + draw(st.sampled_from(["]0;title\x07", "x", ""]))
    elif kind == "deep":
        new = nested(draw(st.integers(40, 60)))
    elif kind == "empty":
        new = draw(st.sampled_from([{}, [], "", None]))
    else:
        parent_path, key = path[:-1], path[-1] if path else None
        parent = at(data, parent_path) if path else None
        if isinstance(parent, dict) and kind == "rename":
            parent[draw(st.sampled_from(KEYS))] = parent.pop(key)
        elif isinstance(parent, dict) and kind == "drop":
            del parent[key]
        elif isinstance(parent, list) and kind == "drop":
            del parent[key]
        elif isinstance(parent, list):
            parent.insert(key, parent[key])  # a scene (or anything in a list) twice
        return data
    if not path:
        return new
    at(data, path[:-1])[path[-1]] = new
    return data


def mutate_text(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    row = draw(st.integers(0, max(0, len(lines) - 1)))
    kind = draw(st.sampled_from(["indent", "tab", "insert", "double", "cut", "nest"]))
    if kind == "indent":
        lines[row] = " " * draw(st.integers(1, 3)) + lines[row] if draw(st.booleans()) else lines[row][1:]
    elif kind == "tab":
        lines[row] = "\t" + lines[row].lstrip(" ")
    elif kind == "insert":
        column = draw(st.integers(0, len(lines[row])))
        char = draw(st.sampled_from([*CONTROLS, "\ufeff", "\ufffe", "\u2028", "{", "}", ":", "- ", "&a ", "*a", "!!str ", "'", '"']))
        lines[row] = lines[row][:column] + char + lines[row][column:]
    elif kind == "double":
        lines.insert(row, lines[row])
    elif kind == "nest":
        lines[row] = lines[row] + " " + "[" * draw(st.integers(45, 3000))
    else:
        return "\n".join(lines[:row]) + "\n" + lines[row][: draw(st.integers(0, len(lines[row])))]
    return "\n".join(lines)


def check_everything(files: dict[str, str | bytes]) -> None:
    """Write a story folder, load it and check it: only the engine's own answers may come out."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", errors="surrogatepass")
        try:
            load_story(root)
        except StoryError as exc:
            assert exc.problems
        report = check_story(root)
        assert isinstance(report, Report)
        for problem in report.problems:
            line = str(problem)
            assert problem.message and line.encode("utf-8") and not CONTROL.search(line), line
        json.dumps(report.to_json(), ensure_ascii=False).encode("utf-8")


@st.composite
def mutated_by_data(draw: st.DrawFn) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(SOURCES[draw(st.sampled_from(sorted(SOURCES)))])
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(files)))
        try:
            data = parse(str(files[name]), name)
        except YamlProblem:  # an earlier mutation broke the file: change its text instead
            files[name] = mutate_text(draw, str(files[name]))
            continue
        data = mutate_data(draw, data)
        files[name] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000).replace(HUGE, "9" * 5000)
    if draw(st.booleans()) and len(files) > 1:  # a scene file copied whole: every id in it twice
        name = draw(st.sampled_from(sorted(name for name in files if name != "story.yaml")))
        files[name.replace(".yaml", "_copy.yaml")] = files[name]
    return files


@st.composite
def mutated_by_text(draw: st.DrawFn) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(SOURCES[draw(st.sampled_from(sorted(SOURCES)))])
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(files)))
        files[name] = mutate_text(draw, str(files[name]))
    return files


@pytest.mark.fuzz
@FUZZ
@given(mutated_by_data())
def test_stories_with_mutated_data_load_or_say_why(files: dict[str, str | bytes]) -> None:
    check_everything(files)


@pytest.mark.fuzz
@FUZZ
@given(mutated_by_text())
def test_stories_with_mutated_text_load_or_say_why(files: dict[str, str | bytes]) -> None:
    check_everything(files)


@pytest.mark.fuzz
@FUZZ
@given(st.sampled_from(sorted(SOURCES)), st.binary(min_size=1, max_size=40), st.integers(0, 10**6))
def test_stories_with_bytes_spliced_in_load_or_say_why(source: str, splice: bytes, where: int) -> None:
    files: dict[str, str | bytes] = dict(SOURCES[source])
    name = sorted(files)[where % len(files)]
    raw = str(files[name]).encode("utf-8")
    cut = where % (len(raw) + 1)
    files[name] = raw[:cut] + splice + raw[cut:]
    check_everything(files)
