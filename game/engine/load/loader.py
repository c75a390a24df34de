"""Load a story folder: find its files, parse them safely, validate them, compile them.

``load_story`` either returns a playable ``Story`` or raises ``StoryError`` carrying every problem
found in the whole folder, each with file, line and column. It raises nothing else.

A story folder is untrusted, so the work it can cause is bounded: the folder is walked without
recursion and without leaving it (a link to outside is refused), at most ``MAX_FILES`` scene files
of at most ``MAX_FILE_BYTES`` are read, ``MAX_STORY_BYTES`` in all, the whole story holds at most
``MAX_VALUES`` values (counting what aliases expand to, and what files that fail held), a scene at
most ``MAX_SCENE_VALUES``, and once validation has found ``MAX_MISTAKES`` mistakes it stops. Only so
many problems are listed (see ``ProblemLog``); the rest are counted.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game.engine.errors import Problem, ProblemLog, Severity, StoryError, Where, printable, suggest
from game.engine.gcpause import paused_gc
from game.engine.load import MANIFEST, model
from game.engine.load.builder import Builder, SceneSource
from game.engine.load.safeyaml import CONTROL, MAX_FILE_BYTES, MAX_VALUES, Outline, YamlProblem, read_bytes, read_text
from game.engine.load.sourcemap import Locator
from game.engine.story import Story

MAX_FILES = 5000
MAX_STORY_BYTES = 32 * 1024 * 1024  # bytes of scene files read in all
MAX_ENTRIES = 50_000  # files and folders looked at in a story folder, scene files or not
MAX_SCENE_VALUES = 50_000  # values in one scene; validating a bigger one could build millions of errors
MAX_MANIFEST_VALUES = 200_000
MAX_MISTAKES = 200_000  # validation errors in all, after which validation stops
_SUFFIXES = (".yaml", ".yml")
_KNOWN_KEYS = sorted(
    {model.ALIASES.get(name, name) for cls in vars(model).values()
     if isinstance(cls, type) and issubclass(cls, model.Strict) for name in cls.model_fields}
)


@dataclass
class Folder:
    """What a walk of a story folder found: its scene files (path and name relative to the folder, in
    a stable order) and the problems on the way (folders it cannot read, links out of it, bad names)."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def walk(root: Path) -> Folder:
    """Every scene file of a story folder (hidden folders skipped), walked without recursion.

    A link is followed only to a file inside the folder: no scene file is read from outside it.
    A linked folder is not walked (what it holds inside the story folder is walked where it is).
    """
    found = Folder()
    inside = _target(root) or root
    pending: list[Path] = [root]
    entries = 0
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                children = list(listing)
        except OSError as exc:
            found.problems.append(Problem(_name(folder, root) or ".", 0, 0,
                                          f"cannot read the folder: {exc.strerror or exc}",
                                          "make it readable, or move it out of the story folder"))
            continue
        entries += len(children)
        if entries > MAX_ENTRIES:
            found.problems.append(Problem(str(root), 0, 0, f"more than {MAX_ENTRIES:,} files and folders in the story folder",
                                          "a story folder holds the story; move everything else out of it"))
            break
        for entry in children:
            try:
                _look(entry, root, inside, found, pending)
            except OSError as exc:  # it went, or changed, while the folder was read
                found.problems.append(Problem(printable(_name(Path(entry.path), root)), 0, 0,
                                              f"cannot read it: {exc.strerror or exc}",
                                              "make it readable, or move it out of the story folder"))
    found.files.sort()
    return found


def _look(entry: os.DirEntry[str], root: Path, inside: Path, found: Folder, pending: list[Path]) -> None:
    """Note one entry of a story folder: a scene file, a folder to walk, or a problem."""
    if entry.name.startswith(".") or (entry.name == MANIFEST and not entry.is_dir(follow_symlinks=False)):
        return  # hidden, or a manifest (the story's own is read, and checked, on its own)
    path = Path(entry.path)
    name = _name(path, root)
    is_link = entry.is_symlink()
    if is_link:
        target = _target(path)
        if target is not None and not target.is_relative_to(inside):
            if path.suffix in _SUFFIXES or target.is_dir():
                found.problems.append(Problem(name, 0, 0, "a link to outside the story folder",
                                              "copy what it links to into the story folder"))
            return
    if entry.is_dir(follow_symlinks=False):
        if not _bad_name(name, found.problems):
            pending.append(path)
    elif path.suffix in _SUFFIXES and (path.is_file() if is_link else entry.is_file()):
        if not _bad_name(name, found.problems):
            found.files.append((path, name))


def scene_files(root: Path) -> list[Path]:
    """Every scene file of a story folder, in a stable order (hidden folders skipped)."""
    return [path for path, _ in walk(root).files]


def _name(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path != root else ""


def _target(link: Path) -> Path | None:
    """Where a link leads (None if nowhere: a dangling link, or one in a loop)."""
    try:
        return link.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


def _bad_name(name: str, problems: list[Problem]) -> bool:
    """Whether a file or folder name cannot be shown as it is; if so, the problem says why."""
    if CONTROL.search(name) or "\t" in name or "\n" in name:
        problems.append(Problem(printable(name), 0, 0, "the name holds a control character",
                                "rename it with letters, digits, '-' and '_'"))
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        problems.append(Problem(printable(name), 0, 0, "the name is not valid UTF-8",
                                "rename it with letters, digits, '-' and '_'"))
        return True
    return False


def load_story(folder: str | Path) -> Story:
    with paused_gc():  # a load only builds objects that stay alive: see gcpause
        return _load_story(folder)


def _load_story(folder: str | Path) -> Story:
    root = Path(folder)
    manifest_path = root / MANIFEST
    try:
        if not root.is_dir():
            raise StoryError([Problem(str(folder), 0, 0, "no such story folder", "give the folder that holds story.yaml")])
        if not manifest_path.is_file():
            raise StoryError([Problem(str(manifest_path), 0, 0, "the story folder has no story.yaml",
                                      "every story needs a manifest; see scenes/README.md")])
    except OSError as exc:
        raise StoryError([Problem(str(folder), 0, 0, f"cannot read the story folder: {exc.strerror or exc}")]) from None
    locator = Locator(root)
    log = ProblemLog(locator)
    reader = _Reader(log, locator)

    manifest: model.Manifest | None = None
    target = _target(manifest_path)
    data = None
    if target is not None and not target.is_relative_to(_target(root) or root):
        log.add(Problem(MANIFEST, 0, 0, "a link to outside the story folder", "copy what it links to into the story folder"))
    else:
        data = reader.read(manifest_path, MANIFEST)
    if reader.outline.values > MAX_MANIFEST_VALUES:
        log.add(Problem(MANIFEST, 1, 1, f"story.yaml holds {reader.outline.values:,} values (counting what aliases "
                        f"expand to); the limit is {MAX_MANIFEST_VALUES:,}", "declare less, or use fewer anchors and aliases"))
        data = None
    if data is not None:
        try:
            manifest = model.Manifest.model_validate(data)
        except ValidationError as exc:
            reader.mistakes += exc.error_count()
            _validation_problems(exc, data, MANIFEST, (), log)

    found = walk(root)
    log.extend(found.problems)
    files = found.files
    if len(files) > MAX_FILES:
        log.add(Problem(str(root), 0, 0, f"{len(files)} scene files; the limit is {MAX_FILES}"))
        files = files[:MAX_FILES]
    sources: list[SceneSource] = []
    broken: set[str] = set()  # ids of scenes written but not loaded: already reported, so no "no scene" too
    for number, (path, name) in enumerate(files):
        spent = reader.spent()
        if spent:
            after = len(files) - number - 1
            others = f", nor the {after:,} scene file{'' if after == 1 else 's'} after it" if after else ""
            log.add(Problem(name, 0, 0, f"not checked{others}: "
                            f"{spent}", "fix the problems above, then check again"), always=True)
            raise StoryError(log.problems(), log.left_out)
        data = reader.read(path, name)
        if data is None:
            broken |= _ids_written(path)
            continue
        if not isinstance(data, list):
            log.add(Problem(name, 1, 1, "a scene file is a list of scenes", "start each scene with '- id: ...'"))
            broken |= _ids_written(path)
            continue
        scenes, failed = reader.scenes(data, name)
        sources += scenes
        broken |= failed

    if manifest is None or reader.mistakes >= MAX_MISTAKES:
        raise StoryError(log.problems(), log.left_out)
    builder = Builder(manifest, sources, locator, log, frozenset(broken))
    story = builder.build(reader.digest.hexdigest(), str(root))
    if log:
        raise StoryError(log.problems(), log.left_out)
    return story


class _Reader:
    """Reads and validates a story's files against the story's budgets: values, and mistakes found."""

    def __init__(self, log: ProblemLog, locator: Locator) -> None:
        self.log = log
        self.locator = locator
        self.digest = hashlib.sha256()
        self.budget = MAX_VALUES  # values the story may still hold
        self.bytes = 0  # bytes of the files read so far, whether they could be used or not
        self.mistakes = 0  # validation errors so far
        self.outline = Outline()

    def spent(self) -> str:
        """Why no more files are read (a budget is spent), or ""."""
        if self.budget <= 0:
            return f"the story holds more than {MAX_VALUES:,} values before it"
        if self.bytes > MAX_STORY_BYTES:
            return f"the story's files hold more than {MAX_STORY_BYTES // 2**20} MB before it"
        if self.mistakes >= MAX_MISTAKES:
            return f"more than {MAX_MISTAKES:,} mistakes were found before it"
        return ""

    def read(self, path: Path, name: str) -> Any:
        """A file's data, or None (with its problem logged)."""
        self.outline = Outline()
        try:
            self.bytes += min(path.stat().st_size, MAX_FILE_BYTES + 1)
        except OSError:
            pass  # read_text says why
        try:
            text = read_text(path, name)
            self.digest.update(name.encode() + b"\0" + text.encode() + b"\0")
            data = self.locator.parse(text, name, self.budget, self.outline)
        except YamlProblem as exc:
            self.log.add(exc.problem)
            return None
        finally:
            self.budget -= self.outline.values
        if data is None:
            self.log.add(Problem(name, 1, 1, "the file is empty"))
        return data

    def scenes(self, data: list[Any], name: str) -> tuple[list[SceneSource], set[str]]:
        """The scenes of a file that validate (so one bad scene hides no other problem), and the ids of
        those that do not. A scene that appears many times through aliases is validated once."""
        log = self.log
        good: list[SceneSource] = []
        broken: set[str] = set()
        seen: dict[int, model.Scene | list[tuple[tuple[Any, ...], list[dict[str, Any]]]]] = {}
        for index, item in enumerate(data):
            if type(item) is not dict:
                log.at(Where(name, (index,)), f"a scene is a mapping (key: value lines), not {_a(item)}",
                       "start each scene with '- id: ...'")
                continue
            if self.mistakes >= MAX_MISTAKES:
                log.at(Where(name, (index,)), f"checking stopped here: more than {MAX_MISTAKES:,} mistakes were found",
                       "fix the problems above, then check again", always=True)
                break
            size = self.outline.size(index) if index < len(self.outline.starts) else 0
            if size > MAX_SCENE_VALUES:
                log.at(Where(name, (index,)), f"this scene holds {size:,} values (counting what aliases expand to); "
                       f"a scene may hold at most {MAX_SCENE_VALUES:,}", "split it into several scenes")
                _note_id(item, broken)
                continue
            result = seen.get(id(item))  # the data holds every item, so no id is reused meanwhile
            if result is None:
                try:
                    result = model.Scene.model_validate(item)
                except ValidationError as exc:
                    self.mistakes += exc.error_count()
                    result = _grouped(exc, item)
                seen[id(item)] = result
            if isinstance(result, model.Scene):
                good.append(SceneSource(result, name, index))
                continue
            _note_id(item, broken)
            groups = result
            room = log.room(name, Severity.ERROR)
            for path, errors in groups[:room]:
                _log_problem((index, *path), errors, name, log)
            log.count(name, Severity.ERROR, max(0, len(groups) - room))
        return good, broken


def _note_id(item: dict[str, Any], broken: set[str]) -> None:
    if isinstance(item.get("id"), str):
        broken.add(item["id"])


def _a(value: Any) -> str:
    """What a value is, in an author's words: 'a number', 'a list'."""
    return _GOT.get(type(value).__name__, type(value).__name__)


_ID_LINE = re.compile(r"""^[ \t-]*id:[ \t]*["']?([A-Za-z][A-Za-z0-9_]*)""", re.MULTILINE)


def _ids_written(path: Path) -> set[str]:
    """The scene ids a file that cannot be read as YAML seems to declare (a best guess from its lines)."""
    try:
        return set(_ID_LINE.findall(read_bytes(path).decode("utf-8", errors="replace")))
    except OSError:
        return set()


_TYPE_WORDS = {
    "string_type": "text",
    "dict_type": "a mapping (key: value lines)",
    "list_type": "a list",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "model_type": "a mapping (key: value lines)",
}


def _grouped(exc: ValidationError, data: Any) -> list[tuple[tuple[Any, ...], list[dict[str, Any]]]]:
    """pydantic's errors, grouped by the place in ``data`` they are about: one problem each."""
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        grouped.setdefault(_data_path(data, error["loc"]), []).append(error)
    return list(grouped.items())


def _validation_problems(exc: ValidationError, data: Any, file: str, prefix: tuple[Any, ...], log: ProblemLog) -> None:
    """Log pydantic's errors about ``data`` (at ``prefix`` in ``file``), in words an author reads."""
    groups = _grouped(exc, data)
    room = log.room(file, Severity.ERROR)
    for path, errors in groups[:room]:
        _log_problem((*prefix, *path), errors, file, log)
    log.count(file, Severity.ERROR, max(0, len(groups) - room))


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


_GOT = {"str": "text", "dict": "a mapping", "list": "a list", "int": "a number", "bool": "true/false",
        "NoneType": "nothing", "float": "a decimal number"}


def _log_problem(path: tuple[Any, ...], errors: list[dict[str, Any]], file: str, log: ProblemLog) -> None:
    """One problem for the errors pydantic found at one place."""
    first = errors[0]
    kind = first["type"]
    field = _field_name(first["loc"])
    where = Where(file, path)
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else field
        hint = suggest(key, _KNOWN_KEYS)
        log.at(where, f"unknown key '{key}'", hint or "see scenes/README.md for the keys", at_key=True)
        return
    if kind == "missing":
        log.at(Where(file, path[:-1] if path and path[-1] == field else path), f"'{field}' is missing")
        return
    if any(error["type"] == "too_short" and error["input"] == {} for error in errors):
        log.at(where, f"'{field}' is an empty mapping", "give the text, or the text in each language: {en: ..., es: ...}")
        return
    if kind == "string_pattern_mismatch":
        log.at(where, f"'{first['input']}' is not a valid name",
               "names use letters, digits and underscores, and start with a letter")
        return
    if kind in ("value_error", "effect", "too_short", "greater_than_equal", "union_tag_invalid"):
        message = first["msg"].removeprefix("Value error, ")
        if kind == "too_short":
            message = f"'{field}' needs at least {first['ctx'].get('min_length', 1)} item(s)"
        elif kind == "greater_than_equal":
            message = f"'{field}' must be at least {first['ctx']['ge']}"
        hint = ""
        if kind == "effect" and isinstance(first["input"], dict) and len(first["input"]) == 1:
            hint = suggest(str(next(iter(first["input"]))), ("set", "add", "advance"))
        log.at(where, message, hint)
        return
    wanted = []
    for error in errors:
        word = _TYPE_WORDS.get(error["type"])
        if word and word not in wanted:
            wanted.append(word)
    if wanted:
        log.at(where, f"'{field}' should be {' or '.join(wanted)}, not {_a(first['input'])}")
        return
    log.at(where, f"'{field}': {first['msg']}")


_UNION_MEMBERS = {"str", "int", "bool", "float", "none"}  # pydantic names union members in error locations


def _field_name(loc: tuple[Any, ...]) -> str:
    for part in reversed(loc):
        if isinstance(part, str) and not part[:1].isupper() and "[" not in part and "-" not in part \
                and part not in _UNION_MEMBERS:
            return model.ALIASES.get(part, part)
    return "value"
