"""Load a story folder: find its files, parse them safely, validate them, compile them.

``load_story`` either returns a playable ``Story`` or raises ``StoryError`` carrying every problem
found in the whole folder, each with file, line and column. It raises nothing else.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from game.engine.errors import Problem, StoryError, Where, problem_at, suggest
from game.engine.gcpause import paused_gc
from game.engine.load import MANIFEST, model
from game.engine.load.builder import Builder, SceneSource
from game.engine.load.safeyaml import YamlProblem, read_text
from game.engine.load.sourcemap import Locator
from game.engine.story import Story

MAX_FILES = 5000
_SCENES = TypeAdapter(model.SceneFile)
_KNOWN_KEYS = sorted(
    {model.ALIASES.get(name, name) for cls in vars(model).values()
     if isinstance(cls, type) and issubclass(cls, model.Strict) for name in cls.model_fields}
)


def scene_files(root: Path) -> list[Path]:
    """Every scene file of a story folder, in a stable order (hidden folders skipped)."""
    found = [
        path for path in root.rglob("*")
        if path.suffix in (".yaml", ".yml") and path.is_file() and path.name != MANIFEST
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    ]
    return sorted(found)


def load_story(folder: str | Path) -> Story:
    with paused_gc():  # a load only builds objects that stay alive: see gcpause
        return _load_story(folder)


def _load_story(folder: str | Path) -> Story:
    root = Path(folder)
    if not root.is_dir():
        raise StoryError([Problem(str(folder), 0, 0, "no such story folder", "give the folder that holds story.yaml")])
    if not (root / MANIFEST).is_file():
        raise StoryError([Problem(str(root / MANIFEST), 0, 0, "the story folder has no story.yaml",
                                  "every story needs a manifest; see scenes/README.md")])
    locator = Locator(root)
    problems: list[Problem] = []
    digest = hashlib.sha256()

    manifest: model.Manifest | None = None
    data = _read(root / MANIFEST, MANIFEST, problems, digest, locator)
    if data is not None:
        try:
            manifest = model.Manifest.model_validate(data)
        except ValidationError as exc:
            problems += _validation_problems(exc, data, MANIFEST, locator)

    files = scene_files(root)
    if len(files) > MAX_FILES:
        problems.append(Problem(str(root), 0, 0, f"{len(files)} scene files; the limit is {MAX_FILES}"))
        files = files[:MAX_FILES]
    sources: list[SceneSource] = []
    broken: set[str] = set()  # ids of scenes written but not loaded: already reported, so no "no scene" too
    for path in files:
        name = path.relative_to(root).as_posix()
        data = _read(path, name, problems, digest, locator)
        if data is None:
            broken |= _ids_written(path)
            continue
        if not isinstance(data, list):
            problems.append(Problem(name, 1, 1, "a scene file is a list of scenes", "start each scene with '- id: ...'"))
            broken |= _ids_written(path)
            continue
        try:
            scenes = _SCENES.validate_python(data)
        except ValidationError as exc:
            problems += _validation_problems(exc, data, name, locator)
            valid = _valid_scenes(data)
            sources += [SceneSource(scene, name, index) for index, scene in valid]
            loaded = {index for index, _ in valid}
            broken |= {item["id"] for index, item in enumerate(data)
                       if index not in loaded and isinstance(item, dict) and isinstance(item.get("id"), str)}
            continue
        sources += [SceneSource(scene, name, index) for index, scene in enumerate(scenes)]

    if manifest is None:
        raise StoryError(problems)
    builder = Builder(manifest, sources, locator, frozenset(broken))
    story = builder.build(digest.hexdigest(), str(root))
    problems += builder.problems
    if problems:
        raise StoryError(problems)
    return story


def _read(path: Path, name: str, problems: list[Problem], digest: Any, locator: Locator) -> Any:
    try:
        text = read_text(path, name)
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
        data = locator.parse(text, name)
    except YamlProblem as exc:
        problems.append(exc.problem)
        return None
    if data is None:
        problems.append(Problem(name, 1, 1, "the file is empty"))
    return data


_ID_LINE = re.compile(r"""^[ \t-]*id:[ \t]*["']?([A-Za-z][A-Za-z0-9_]*)""", re.MULTILINE)


def _ids_written(path: Path) -> set[str]:
    """The scene ids a file that cannot be read as YAML seems to declare (a best guess from its lines)."""
    try:
        return set(_ID_LINE.findall(path.read_bytes().decode("utf-8", errors="replace")))
    except OSError:
        return set()


def _valid_scenes(data: list[Any]) -> list[tuple[int, model.Scene]]:
    """The scenes of a file that validate on their own, so one bad scene hides no other problem."""
    good = []
    for index, item in enumerate(data):
        try:
            good.append((index, model.Scene.model_validate(item)))
        except ValidationError:
            continue
    return good


_TYPE_WORDS = {
    "string_type": "text",
    "dict_type": "a mapping (key: value lines)",
    "list_type": "a list",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "model_type": "a mapping (key: value lines)",
}


def _validation_problems(exc: ValidationError, data: Any, file: str, locator: Locator) -> list[Problem]:
    """pydantic's errors, grouped by the place they are about, in words an author reads."""
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for error in exc.errors():
        path = _data_path(data, error["loc"])
        grouped.setdefault(path, []).append(error)
    problems = []
    for path, errors in grouped.items():
        problems.append(_problem(path, errors, file, locator))
    return problems


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Follow pydantic's error location through the raw data, skipping union member names."""
    path: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif isinstance(part, str) and part.endswith("_") and isinstance(node, dict) and part[:-1] in node:
            node = node[part[:-1]]
            path.append(part[:-1])
        elif isinstance(part, str) and isinstance(node, dict) and part not in node and part in model.ALIASES.values():
            path.append(part)  # a missing key: the place is its mapping, the key is named
            break
    return tuple(path)


def _problem(path: tuple[Any, ...], errors: list[dict[str, Any]], file: str, locator: Locator) -> Problem:
    first = errors[0]
    kind = first["type"]
    field = _field_name(first["loc"])
    where = Where(file, path)
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else field
        hint = suggest(key, _KNOWN_KEYS)
        return problem_at(locator, where, f"unknown key '{key}'", hint or "see scenes/README.md for the keys", at_key=True)
    if kind == "missing":
        return problem_at(locator, Where(file, path[:-1] if path and path[-1] == field else path), f"'{field}' is missing")
    if kind == "string_pattern_mismatch":
        return problem_at(locator, where, f"'{first['input']}' is not a valid name",
                          "names use letters, digits and underscores, and start with a letter")
    if kind in ("value_error", "effect", "too_short", "greater_than_equal", "union_tag_invalid"):
        message = first["msg"].removeprefix("Value error, ")
        if kind == "too_short":
            message = f"'{field}' needs at least {first['ctx'].get('min_length', 1)} item(s)"
        elif kind == "greater_than_equal":
            message = f"'{field}' must be at least {first['ctx']['ge']}"
        hint = ""
        if kind == "effect" and isinstance(first["input"], dict) and len(first["input"]) == 1:
            hint = suggest(str(next(iter(first["input"]))), ("set", "add", "advance"))
        return problem_at(locator, where, message, hint)
    wanted = []
    for error in errors:
        word = _TYPE_WORDS.get(error["type"])
        if word and word not in wanted:
            wanted.append(word)
    if wanted:
        got = type(first["input"]).__name__
        got = {"str": "text", "dict": "a mapping", "list": "a list", "int": "a number", "bool": "true/false",
               "NoneType": "nothing", "float": "a decimal number"}.get(got, got)
        return problem_at(locator, where, f"'{field}' should be {' or '.join(wanted)}, not {got}")
    return problem_at(locator, where, f"'{field}': {first['msg']}")


_UNION_MEMBERS = {"str", "int", "bool", "float", "none"}  # pydantic names union members in error locations


def _field_name(loc: tuple[Any, ...]) -> str:
    for part in reversed(loc):
        if isinstance(part, str) and not part[:1].isupper() and "[" not in part and "-" not in part \
                and part not in _UNION_MEMBERS:
            return model.ALIASES.get(part, part)
    return "value"
