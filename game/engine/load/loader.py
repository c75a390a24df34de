"""Load a story folder: find its files, parse them safely, validate them, compile them.

``load_story`` either returns a playable ``Story`` or raises ``StoryError`` carrying every problem
found in the whole folder, each with file, line and column. It raises nothing else.

A story folder is untrusted, so the work it can cause is bounded: the folder is walked without
recursion and without leaving it (a link to outside is refused), at most ``MAX_FILES`` scene files
of at most ``MAX_FILE_BYTES`` are read, ``MAX_STORY_BYTES`` in all, a file holds at most ``MAX_VALUES``
values (counting what aliases expand to) and the whole story ``MAX_STORY_VALUES`` (counting what files
that fail held too), a scene at most ``MAX_SCENE_VALUES``, and once validation has found
``MAX_MISTAKES`` mistakes it stops. Only so many problems are listed (see ``ProblemLog``); the rest are
counted.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game.engine import load as load_package
from game.engine import story as st
from game.engine.errors import Place, Problem, ProblemLog, Severity, StoryError, Where, printable, suggest
from game.engine.gcpause import paused_gc
from game.engine.language.pseudo import PSEUDO
from game.engine.load import MANIFEST, explain, model
from game.engine.load.builder import Builder, SceneSource, unknown_condition
from game.engine.load.safeyaml import (
    CONTROL,
    MAX_FILE_BYTES,
    MAX_STORY_VALUES,
    Outline,
    YamlProblem,
    read_bytes,
    read_text,
)
from game.engine.load.sourcemap import Locator
from game.engine.load.translations import LOCALES, Catalogs, check_languages, localize
from game.engine.story import Story

MAX_FILES = 5000
MAX_STORY_BYTES = 32 * 1024 * 1024  # bytes of scene files read in all
MAX_ENTRIES = 50_000  # files and folders looked at in a story folder, scene files or not
MAX_SCENE_VALUES = 50_000  # values in one scene; validating a bigger one could build millions of errors
MAX_MANIFEST_VALUES = 200_000
MAX_MISTAKES = 200_000  # validation errors in all, after which validation stops
# Names that scenes which did not load may change, in all, for check's analysis (past them, a hostile story's
# stand-ins change nothing more: what the analysis says of it is then less certain, never slower).
MAX_STAND_IN_EFFECTS = 100_000
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


def load_story(folder: str | Path, *, extra_languages: Iterable[str] = ()) -> Story:
    """The story, ready to play; StoryError, with every error found, if it has any.

    Every language the story declares comes with its catalogs (``locales/<language>/*.po``) if it has
    them. ``extra_languages`` are built too: ``xx-pseudo`` (from the source texts), or a language whose
    catalogs exist but which story.yaml does not declare yet (for ``check --lang``)."""
    loaded = load_partial(folder, extra_languages=extra_languages, keep_sources=False)
    if loaded.story is None or loaded.log.has_errors:
        problems = [p for p in loaded.log.problems() if p.severity is Severity.ERROR]
        raise StoryError(problems, loaded.log.left_out)
    return loaded.story


@dataclass(frozen=True)
class StandIn:
    """A scene that did not load, as ``load_partial`` stands it in the story: ``where`` is the part of its
    file the scene was written in; ``root``, its first problem, what any problem it causes follows from."""

    where: Where
    root: Place | Problem


@dataclass
class Loaded:
    """What ``load_partial`` could make of a story folder.

    ``story`` is None only when no story can be built (story.yaml is missing or wrong). Otherwise it
    holds every scene that loaded, and, for each scene that did not, a stand-in (``stand_ins``) that
    leads to the scenes it seems to lead to and may change any name it mentions. Conditions and effects
    that are wrong stand in the story as "unknown" too. Such a story is for ``check``'s analysis only:
    it is never played. ``log`` holds every problem found; ``sources`` the scenes that loaded (see
    ``load_partial``'s ``keep_sources``)."""

    story: Story | None
    log: ProblemLog
    stand_ins: dict[str, StandIn] = field(default_factory=dict)
    sources: list[SceneSource] = field(default_factory=list)  # as written, without the catalogs' translations
    manifest: model.Manifest | None = None  # as written
    catalogs: dict[str, Catalogs] = field(default_factory=dict)  # what each language's catalogs hold
    # What the story was built from: the manifest and scenes with the catalogs' translations (for the story cache)
    built_from: tuple[model.Manifest, list[SceneSource]] | None = None


@dataclass
class _Broken:
    """A scene written but not loaded: where, why, and what it seems to lead to and name."""

    where: Where
    root: Place | Problem
    targets: list[str]
    words: set[str]


def load_partial(folder: str | Path, *, extra_languages: Iterable[str] = (), keep_sources: bool = True) -> Loaded:
    """Everything that can be loaded of a story, and every problem found on the way (see ``Loaded``;
    ``extra_languages`` as for ``load_story``).

    The scenes as validated (``model.Record``) take about as much memory as the story built from them.
    Without ``keep_sources``, each is let go once its scene is built, so a big story never holds both:
    ``sources`` and ``built_from`` are then left empty, unless the story is translated (it has catalogs,
    or ``extra_languages`` are asked for), when ``sources`` is kept for the translations' coverage.

    Raises StoryError only when there is no story folder to read, or a budget is spent."""
    with paused_gc():  # a load only builds objects that stay alive: see gcpause
        return _load_partial(folder, tuple(extra_languages), keep_sources)


def _load_partial(folder: str | Path, extra_languages: tuple[str, ...], keep_sources: bool) -> Loaded:
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
            _validation_problems(exc, data, MANIFEST, (), log, model.Manifest)
            manifest = _salvaged_manifest(data, exc)

    found = walk(root)
    log.extend(found.problems)
    files = found.files
    if len(files) > MAX_FILES:
        log.add(Problem(str(root), 0, 0, f"{len(files)} scene files; the limit is {MAX_FILES}"))
        files = files[:MAX_FILES]
    sources: list[SceneSource] = []
    broken: dict[str, _Broken] = {}  # scenes written but not loaded: already reported, so no "no scene" too
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
            if reader.failed is not None:
                _note(broken, _written(path, name, reader.failed))
            continue
        if not isinstance(data, list):
            problem = Problem(name, 1, 1, "a scene file is a list of scenes", "start each scene with '- id: ...'")
            log.add(problem)
            _note(broken, _written(path, name, problem))
            continue
        scenes, failed = reader.scenes(data, name)
        sources += scenes
        _note(broken, failed)

    if manifest is None or reader.mistakes >= MAX_MISTAKES:
        return Loaded(None, log, sources=sources)
    check_languages(manifest, sources, log)
    pseudo = PSEUDO in extra_languages
    catalogs = _catalogs(root, manifest, [language for language in extra_languages if language != PSEUDO])
    written = manifest, (list(sources) if keep_sources or catalogs or extra_languages else [])  # the builder empties its list
    if catalogs or pseudo:
        manifest, sources = localize(manifest, sources, catalogs, pseudo, log)
    built_from = (manifest, list(sources)) if keep_sources else None
    builder = Builder(manifest, sources, locator, log, frozenset(broken))
    del sources  # the builder lets each scene's model go once it is built (see Builder)
    story = builder.build(reader.digest.hexdigest(), str(root))
    if pseudo or catalogs:
        languages = [*story.languages, *catalogs, *([PSEUDO] if pseudo else [])]
        story = replace(story, languages=tuple(dict.fromkeys(languages)))
    stand_ins = {scene_id: StandIn(b.where, b.root) for scene_id, b in broken.items() if scene_id not in story.scenes}
    if stand_ins:
        story = replace(story, scenes={**story.scenes, **_stand_in_scenes(story, broken, stand_ins)})
    return Loaded(story, log, stand_ins, written[1], written[0], catalogs, built_from)


def _catalogs(root: Path, manifest: model.Manifest, extra: list[str]) -> dict[str, Catalogs]:
    """The catalogs of each language the story declares (or is asked for) that has a catalog folder."""
    found = {}
    for language in dict.fromkeys([*manifest.languages, *extra]):
        if language == manifest.language:
            continue
        try:
            present = (root / LOCALES / language).is_dir()
        except OSError:
            present = False
        if present:
            found[language] = load_package.read_catalogs(root, language)
    return found


def _note(broken: dict[str, _Broken], more: dict[str, _Broken]) -> None:
    """Add scenes that did not load; a scene id written twice keeps its first place."""
    for scene_id, written in more.items():
        broken.setdefault(scene_id, written)


def _stand_in_scenes(story: Story, broken: dict[str, _Broken], stand_ins: dict[str, StandIn]) -> dict[str, st.Scene]:
    """A scene for each that did not load, for the analysis: it shows something (so no circle of
    scenes without text is taken for certain), may go on to each scene it seems to lead to, and may
    change every skill, flag and stat it mentions."""
    found = {}
    text = st.Template({story.language: ("",)}, story.language)
    room = MAX_STAND_IN_EFFECTS
    for scene_id in stand_ins:
        written = broken[scene_id]
        where = written.where
        unknown = unknown_condition("?", where)
        named = sorted(name for name in written.words if name in story.skills or name in story.flags or name in story.stats)
        named = named[:room]
        room -= len(named)
        kinds = [(name, "skill" if name in story.skills else "flag" if name in story.flags else "stat") for name in named]
        effects = tuple(st.Effect("unknown", name, kind, None, where) for name, kind in kinds)
        targets = [target for target in dict.fromkeys(written.targets) if target in story.scenes or target in stand_ins]
        found[scene_id] = st.Scene(
            id=scene_id, kind="branch", chapter=None, title=None, paragraphs=(st.Paragraph(text, None),),
            effects=effects, continue_label=None, choices=(),
            branches=tuple(st.Branch(target, unknown, 1, where) for target in targets),
            quiz=None, ending_title=None, where=where)
    return found


def _salvaged_manifest(data: Any, error: ValidationError) -> model.Manifest | None:
    """The manifest without its unknown keys and its wrong optional settings (all reported), so that the
    scenes can still be built and analysed; None if what is wrong is more than that."""
    for _ in range(4):
        if not isinstance(data, dict):
            return None
        data = dict(data)
        for path, problem in explain.relevant([(_data_path(data, e["loc"]), e) for e in error.errors(include_url=False)]):
            if not path or path[0] not in data:
                return None
            if problem["type"] == "extra_forbidden":
                data = _without(data, path)
                continue
            if path[0] not in _OPTIONAL_SETTINGS:
                return None
            data.pop(path[0], None)
        try:
            return model.Manifest.model_validate(data)
        except ValidationError as again:
            error = again
    return None


def _without(data: Any, path: tuple[Any, ...]) -> Any:
    """``data`` without the key at ``path`` (copied along the path; the rest is shared)."""
    if not path or not isinstance(data, (dict, list)):
        return data
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        if head not in data:
            return data
        return {k: v for k, v in data.items() if k != head} if not rest else {**data, head: _without(data[head], rest)}
    if not isinstance(head, int) or not 0 <= head < len(data) or not rest:
        return data
    return [*data[:head], _without(data[head], rest), *data[head + 1:]]


_OPTIONAL_SETTINGS = ("version", "author", "about", "header", "language", "languages", "renames")


def _written(path: Path, name: str, root: Problem) -> dict[str, _Broken]:
    """The scenes a file that cannot be read as scenes seems to hold (a best guess from its lines): each
    one's id, and the gotos and words from its line to the next scene's."""
    try:
        text = read_bytes(path).decode("utf-8", errors="replace")
    except OSError:
        return {}
    found: dict[str, _Broken] = {}
    matches = list(_ID_LINE.finditer(text))
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        part = text[match.start():end]
        found.setdefault(match.group(1), _Broken(Where(name, ()), root, _GOTO.findall(part), set(_WORDS.findall(part))))
    return found


def _raw_broken(item: dict[str, Any], where: Where, root: Place) -> _Broken:
    """A scene that did not validate: the scenes it seems to lead to (every goto in it) and the names it mentions."""
    targets: list[str] = []
    words: set[str] = set()
    stack: list[Any] = [item]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                words.add(str(key))
                if key == "goto" and isinstance(inner, str):
                    targets.append(inner)
                stack.append(inner)
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            words.update(_WORDS.findall(value))
    return _Broken(where, root, targets, words)


class _Reader:
    """Reads and validates a story's files against the story's budgets: values, and mistakes found."""

    def __init__(self, log: ProblemLog, locator: Locator) -> None:
        self.log = log
        self.locator = locator
        self.digest = hashlib.sha256()
        self.budget = MAX_STORY_VALUES  # values the story may still hold
        self.bytes = 0  # bytes of the files read so far, whether they could be used or not
        self.mistakes = 0  # validation errors so far
        self.outline = Outline()
        self.failed: Problem | None = None  # why the last file read gave nothing, if it was a problem

    def spent(self) -> str:
        """Why no more files are read (a budget is spent), or ""."""
        if self.budget <= 0:
            return f"the story holds more than {MAX_STORY_VALUES:,} values before it"
        if self.bytes > MAX_STORY_BYTES:
            return f"the story's files hold more than {MAX_STORY_BYTES // 2**20} MB before it"
        if self.mistakes >= MAX_MISTAKES:
            return f"more than {MAX_MISTAKES:,} mistakes were found before it"
        return ""

    def read(self, path: Path, name: str) -> Any:
        """A file's data, or None (with its problem logged, and kept in ``failed`` if it is an error)."""
        self.outline = Outline()
        self.failed = None
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
            self.failed = exc.problem
            return None
        finally:
            self.budget -= self.outline.values
        if data is None:
            if name == MANIFEST:
                self.failed = Problem(name, 1, 1, "the file is empty",
                                      "story.yaml needs at least an id, a title and a start scene: see scenes/README.md")
                self.log.add(self.failed)
            else:
                what = "holds only comments" if text.strip() else "is empty"
                self.log.add(Problem(name, 1, 1, f"the file {what}: it has no scenes", "write scenes in it, or delete it",
                                     Severity.WARNING))
        return data

    def scenes(self, data: list[Any], name: str) -> tuple[list[SceneSource], dict[str, _Broken]]:
        """The scenes of a file that validate (so one bad scene hides no other problem), and those that
        do not, by id. A scene that appears many times through aliases is validated once."""
        log = self.log
        good: list[SceneSource] = []
        broken: dict[str, _Broken] = {}
        seen: dict[int, model.Record | list[tuple[tuple[Any, ...], list[dict[str, Any]]]]] = {}
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
                if isinstance(item.get("id"), str):
                    broken.setdefault(item["id"], _Broken(Where(name, (index,)), Place(Where(name, (index,))), [], set()))
                continue
            result = seen.get(id(item))  # the data holds every item, so no id is reused meanwhile
            if result is None:
                try:
                    result = model.record(model.Scene.model_validate(item))  # (see Record: a story keeps many)
                except ValidationError as exc:
                    self.mistakes += exc.error_count()
                    result = _grouped(exc, item)
                seen[id(item)] = result
            if isinstance(result, model.Record):
                good.append(SceneSource(result, name, index))
                continue
            groups = result
            room = log.room(name, Severity.ERROR)
            root = Place(Where(name, (index,)))
            for number, (path, errors) in enumerate(groups[:room]):
                _log_problem((index,), path, errors, name, log, item, model.Scene)
                if number == 0 and log.last is not None:
                    root = log.last
            log.count(name, Severity.ERROR, max(0, len(groups) - room))
            if isinstance(item.get("id"), str) and item["id"] not in broken:
                broken[item["id"]] = _raw_broken(item, Where(name, (index,)), root)
        return good, broken


def _a(value: Any) -> str:
    """What a value is, in an author's words: 'a number', 'a list'."""
    return _GOT.get(type(value).__name__, type(value).__name__)


_ID_LINE = re.compile(r"""^[ \t-]*id:[ \t]*["']?([A-Za-z][A-Za-z0-9_]*)""", re.MULTILINE)
_GOTO = re.compile(r"""\bgoto:[ \t]*["']?([A-Za-z][A-Za-z0-9_]*)""")
_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


_TYPE_WORDS = {
    "string_type": "text",
    "dict_type": "a mapping (key: value lines)",
    "list_type": "a list",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "model_type": "a mapping (key: value lines)",
}


def _grouped(exc: ValidationError, data: Any) -> list[tuple[tuple[Any, ...], list[dict[str, Any]]]]:
    """pydantic's errors that matter (see ``explain.relevant``), grouped by the place in ``data`` they are
    about: one problem each."""
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    located = [(_data_path(data, error["loc"]), error) for error in exc.errors(include_url=False)]
    for path, error in explain.relevant(located):
        grouped.setdefault(path, []).append(error)
    return list(grouped.items())


def _validation_problems(exc: ValidationError, data: Any, file: str, prefix: tuple[Any, ...], log: ProblemLog,
                         root: type[model.Strict]) -> None:
    """Log pydantic's errors about ``data`` (at ``prefix`` in ``file``), in words an author reads."""
    groups = _grouped(exc, data)
    room = log.room(file, Severity.ERROR)
    for path, errors in groups[:room]:
        _log_problem(prefix, path, errors, file, log, data, root)
    log.count(file, Severity.ERROR, max(0, len(groups) - room))


def _follow(data: Any, path: tuple[Any, ...]) -> Any:
    """The value at ``path`` in ``data``, or None."""
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


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


def _log_problem(prefix: tuple[Any, ...], inner: tuple[Any, ...], errors: list[dict[str, Any]], file: str,
                 log: ProblemLog, data: Any, root: type[model.Strict]) -> None:
    """One problem for the errors pydantic found at one place: ``inner`` in ``data``, which is at ``prefix``
    in ``file`` and validates as ``root``."""
    first = errors[0]
    kind = first["type"]
    field = _field_name(first["loc"])
    path = (*prefix, *inner)
    where = Where(file, path)
    if inner:
        split = explain.split_text(errors, _follow(data, inner[:-1]), inner[-1], root is model.Scene and inner[:-1] == ("text",))
        if split is not None:
            log.at(where, split[0], split[1], at_key=True)
            return
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else field
        here = explain.keys_at(root, first["loc"][:-1])
        if here is None:
            log.at(where, f"unknown key '{key}'", suggest(key, _KNOWN_KEYS) or "see scenes/README.md for the keys",
                   at_key=True)
        elif suggest(key, here):
            log.at(where, f"unknown key '{key}'", suggest(key, here), at_key=True)
        elif key in _KNOWN_KEYS:
            log.at(where, f"'{key}' cannot go here", f"the keys here are: {', '.join(here)}", at_key=True)
        else:
            log.at(where, f"unknown key '{key}'", f"the keys here are: {', '.join(here)}", at_key=True)
        return
    if kind == "missing":
        log.at(Where(file, path[:-1] if path and path[-1] == field else path), f"'{field}' is missing")
        return
    if any(error["type"] == "too_short" and error["input"] == {} for error in errors):
        log.at(where, f"'{field}' is an empty mapping", "give the text, or the text in each language: {en: ..., es: ...}")
        return
    if kind == "string_pattern_mismatch" and (first.get("ctx") or {}).get("pattern") == model.LANGUAGE_PATTERN:
        log.at(where, f"'{first['input']}' is not a language code", explain.LANGUAGE_HINT)
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
