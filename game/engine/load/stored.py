"""The story cache: a story that loaded without an error is kept as the validated data it was built
from (JSON, see ``plain``), under a content-hash key (``game.engine.contentcache``) of every file of its
folder, the languages asked for, and millones itself. The next load of the same files rebuilds the story
from that data with the builder, without the loader, pydantic, YAML parsing or Babel.

Any changed file is a different key, so a changed story is always read again. What an entry holds is
checked on the way in: its shape and types (``plain.decode``), scene files that are plain names of
``.yaml`` files inside the story folder, and the builder's own budgets and checks, which run again. An
entry that fails any of this, or whose rebuilt story has an error, is ignored and the story is loaded
as usual. Only a story that loaded without errors is kept, from data read while its key held (a file
changed during the load keeps nothing).

Each story folder keeps one entry for each set of languages asked for (and one note, below): a story
edited again and again does not fill the cache folder.

A front end may also note that its own checks passed for a kept story (``keep_checked``), so that it
can later take the story from the cache with no further checks (``checked_story``). Such a story is
made ready to start without building its scenes: each is built, and checked, the first time it is asked
for (``KeptScenes``), so a game starts after building the few scenes it shows, not the whole story.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from game.engine import contentcache
from game.engine import load as load_package
from game.engine.errors import Mark, Path_, Problem, ProblemLog, Severity, StoryError, StoryRuntimeError
from game.engine.gcpause import paused_gc
from game.engine.load import MANIFEST, plain
from game.engine.load.builder import Builder, SceneSource
from game.engine.story import Scene, Story

FORMAT = 2  # of an entry; a different one is another key
MAX_ENTRY_BYTES = 256 * 1024 * 1024
_READ = ("stat", "flag", "skill", "state", "visits", "goal")  # the kinds of names in Story.used and decisive
_HASH = re.compile(r"[0-9a-f]{64}")
_SUFFIXES = (".yaml", ".yml")


def load_story(folder: str | Path, *, extra_languages: Iterable[str] = ()) -> Story:
    """The story, ready to play, from the cache when nothing it depends on has changed; otherwise loaded
    (and kept, if it has no error). StoryError, with every error found, as the loader raises it."""
    root = Path(folder)
    languages = tuple(extra_languages)
    key = story_key(root, languages)
    family = _family(root, languages)
    if key is not None:
        story = _rebuilt(root, contentcache.read(key, MAX_ENTRY_BYTES, family))
        if story is not None:
            return story
    loaded = load_package.load_partial(root, extra_languages=languages)
    if loaded.story is None or loaded.log.has_errors:
        problems = [p for p in loaded.log.problems() if p.severity is Severity.ERROR]
        raise StoryError(problems, loaded.log.left_out)
    if key is not None and loaded.built_from is not None and story_key(root, languages) == key:
        contentcache.write(key, _entry(loaded.story, *loaded.built_from), family)
    return loaded.story


def checked_story(folder: str | Path, extra_languages: Iterable[str] = ()) -> Story | None:
    """The story kept for ``folder`` (in its own and declared languages, and ``extra_languages``) if a front
    end noted that its checks passed for it (``keep_checked``), or None. Its scenes are built as they are
    first asked for (``KeptScenes``)."""
    root = Path(folder)
    languages = tuple(extra_languages)
    key = story_key(root, languages)
    if key is None:
        return None
    family = f"{_family(root, languages)}c"
    note = contentcache.read(_checked_key(key), MAX_ENTRY_BYTES, family)
    return _kept(root, note, _recovery(root, languages, key, family)) if note is not None else None


def keep_checked(folder: str | Path, story: Story, extra_languages: Iterable[str] = ()) -> Story:
    """Note that a front end's checks passed for ``story``, loaded from ``folder`` (with ``extra_languages``)
    as it now stands and kept by ``load_story``; the story as ``checked_story`` will take it from the note
    (``story`` itself if it cannot be kept), so that a game plays the same story on every start.

    The note holds the kept manifest, what only building every scene finds out (the names its conditions
    and texts read), and each scene's kept data as JSON text of its own, read back when the scene is first
    asked for (a story's data read as objects takes twice the memory of its text)."""
    root = Path(folder)
    languages = tuple(extra_languages)
    key = story_key(root, languages)
    if key is None:
        return story
    family = _family(root, languages)
    header = _header(contentcache.read(key, MAX_ENTRY_BYTES, family))
    if header is None or header.content_hash != story.content_hash:
        return story
    scenes: dict[str, list[object]] = {}
    for item in header.sources:
        if type(item) is not list or len(item) != 3 or type(item[2]) is not dict or type(item[2].get("id")) is not str:
            return story
        file, position, data = item
        scenes[data["id"]] = [file, position, json.dumps(data, ensure_ascii=False, separators=(",", ":"))]
    note = {"format": FORMAT, "content_hash": story.content_hash, "languages": list(header.languages),
            "manifest": header.manifest, "used": [list(pair) for pair in sorted(story.used)],
            "decisive": [list(pair) for pair in sorted(story.decisive)], "sources": scenes}
    contentcache.write(_checked_key(key), note, f"{family}c")
    return _kept(root, note, _recovery(root, languages, key, f"{family}c")) or story


def story_key(root: Path, extra_languages: tuple[str, ...]) -> str | None:
    return contentcache.key(root, {"kind": "story", "format": FORMAT, "extra_languages": list(extra_languages)})


def _family(root: Path, extra_languages: tuple[str, ...]) -> str:
    """The entries of one story folder, asked for in the same languages: a new one replaces the old."""
    return hashlib.sha256(f"{os.path.abspath(root)}\0{extra_languages}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _checked_key(key: str) -> str:
    return hashlib.sha256(f"{key}\0checked".encode()).hexdigest()


def _entry(story: Story, manifest: Any, sources: list[SceneSource]) -> dict[str, object]:
    return {"format": FORMAT, "content_hash": story.content_hash, "languages": list(story.languages),
            "manifest": plain.encode(manifest),
            "sources": [[source.file, source.index, plain.encode(source.scene)] for source in sources]}


class _Header(NamedTuple):
    content_hash: str
    languages: tuple[str, ...]
    manifest: Any
    sources: Any


def _header(entry: dict[str, Any] | None) -> _Header | None:
    """An entry's (or a note's) content hash, languages, manifest and scenes, if it is of this module's
    format (what the manifest and scenes hold is checked by whoever reads them)."""
    if entry is None or entry.get("format") != FORMAT:
        return None
    content_hash, languages = entry.get("content_hash"), entry.get("languages")
    if type(content_hash) is not str or not _HASH.fullmatch(content_hash) \
            or type(languages) is not list or not all(type(language) is str for language in languages):
        return None
    return _Header(content_hash, tuple(languages), entry.get("manifest"), entry.get("sources"))


def _rebuilt(root: Path, entry: dict[str, Any] | None) -> Story | None:
    """The story rebuilt from a cache entry, or None if the entry is not one this module wrote for a story
    that loads without errors."""
    header = _header(entry)
    if header is None or type(header.sources) is not list:
        return None
    try:
        with paused_gc():  # as in the loader: a load only builds objects that stay alive
            manifest = plain.decode(header.manifest)
            scenes = [_source(root, item) for item in header.sources]
            if not plain.is_a(manifest, "Manifest") or None in scenes:
                return None
            locator = _LaterLocator(root)
            log = ProblemLog(locator)
            story = Builder(manifest, scenes, locator, log).build(header.content_hash, str(root))  # type: ignore[arg-type]
    except (plain.NotPlain, RecursionError, TypeError, AttributeError, KeyError, ValueError):
        return None  # data a rebuilt story could not have come from
    if log.has_errors:
        return None
    return story if story.languages == header.languages else replace(story, languages=header.languages)


def _recovery(root: Path, languages: tuple[str, ...], key: str, family: str) -> Callable[[], Story | None]:
    """What a kept story does when one of its scenes turns out damaged: forget the note (the next start reads
    the files), and read the story from its files now, if they still hold the story that was checked."""
    def recover() -> Story | None:
        contentcache.drop(_checked_key(key), family)
        loaded = load_package.load_partial(root, extra_languages=languages)
        if loaded.story is None or loaded.log.has_errors or story_key(root, languages) != key:
            return None
        return loaded.story
    return recover


def _kept(root: Path, note: dict[str, Any], damaged: Callable[[], Story | None]) -> Story | None:
    """The story a note of ``keep_checked`` holds, its scenes to be built when first asked for; None if the
    note is not one this module wrote. ``damaged`` is called should a scene turn out not to build (see
    ``_recovery``)."""
    header = _header(note)
    used, decisive = _names_read(note.get("used")), _names_read(note.get("decisive"))
    if header is None or used is None or decisive is None:
        return None
    index = _index(root, header.sources)
    try:
        manifest = plain.decode(header.manifest)
        if index is None or not plain.is_a(manifest, "Manifest") or manifest.start not in index:
            return None
        locator = _LaterLocator(root)
        log = ProblemLog(locator)
        builder = Builder(manifest, [], locator, log)  # type: ignore[arg-type]
        builder.declarations()
        goals = builder.prepare(index)
    except (plain.NotPlain, RecursionError, TypeError, AttributeError, KeyError, ValueError):
        return None
    if log.has_errors:
        return None
    story = builder.story(goals, KeptScenes(builder, index, damaged), header.content_hash, str(root), used, decisive)
    return story if story.languages == header.languages else replace(story, languages=header.languages)


def _names_read(value: Any) -> frozenset[tuple[str, str]] | None:
    """``Story.used`` or ``decisive`` as a note keeps them: [kind, name] pairs."""
    if type(value) is not list or not all(type(pair) is list and len(pair) == 2 and pair[0] in _READ
                                          and type(pair[1]) is str for pair in value):
        return None
    return frozenset((kind, name) for kind, name in value)


def _index(root: Path, sources: Any) -> dict[str, list[Any]] | None:
    """A note's scenes (id: [file, position, JSON text]), if each says it was written in a scene file of the
    folder."""
    if type(sources) is not dict:
        return None
    scene_files: dict[str, bool] = {}
    for item in sources.values():
        if type(item) is not list or len(item) != 3:
            return None
        file, position, text = item
        if type(file) is not str or type(position) is not int or position < 0 or type(text) is not str:
            return None
        if file not in scene_files:
            scene_files[file] = _scene_file(root, file)
        if not scene_files[file]:
            return None
    return sources


def _source(root: Path, item: Any) -> SceneSource | None:
    """A scene of the entry, if it says it was written in a scene file of the folder."""
    if type(item) is not list or len(item) != 3:
        return None
    file, index, data = item
    if type(file) is not str or type(index) is not int or index < 0 or not _scene_file(root, file):
        return None
    scene = plain.decode(data)
    return SceneSource(scene, file, index) if plain.is_a(scene, "Scene") else None


def _scene_file(root: Path, name: str) -> bool:
    """Whether ``name`` is a scene file's name as the loader gives it: relative, inside the folder, shown."""
    path = PurePosixPath(name)
    return (name == path.as_posix() and not path.is_absolute() and path.suffix in _SUFFIXES and name != MANIFEST
            and all(part not in ("", ".", "..") and not part.startswith(".") for part in path.parts)
            and (root / path).is_file())


class KeptScenes(Mapping[str, Scene]):
    """The scenes of a story taken from the story cache after its checks passed, each built from its kept
    data the first time it is asked for, and checked as it is built (shape, types, names, the scenes it
    leads to), as a whole story rebuilt from the cache is. When one fails (the note was changed after the
    checks), the note is forgotten and the game goes on with the scenes of the story's files, read again; only
    if those changed too since the game started is it a StoryRuntimeError."""

    def __init__(self, builder: Builder, sources: dict[str, list[Any]], damaged: Callable[[], Story | None]) -> None:
        self._builder = builder
        self._sources = sources  # [file, position, JSON text] of each scene not built yet, by id
        self._names = dict.fromkeys(sources)  # every scene, in the story's order
        self._damaged = damaged
        self._built: dict[str, Scene] = {}
        self._files: Mapping[str, Scene] | None = None  # the scenes read from the files, once one here was damaged
        self._lock = threading.RLock()  # the app's threads may ask for scenes at once; one builder builds them

    def __getitem__(self, name: str) -> Scene:
        scene = self._built.get(name)
        return scene if scene is not None else self._build(name)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def _build(self, name: str) -> Scene:
        if name not in self._names:
            raise KeyError(name)
        with self._lock:
            scene = self._built.get(name)
            if scene is None:
                scene = self._built[name] = self._scene(name)
                del self._sources[name]
        return scene

    def _scene(self, name: str) -> Scene:
        if self._files is not None:
            return self._files[name]
        file, position, text = self._sources[name]
        builder = self._builder
        try:
            scene = plain.decode(json.loads(text))
            built = builder.scene(SceneSource(scene, file, position)) if plain.is_a(scene, "Scene") else None
        except (plain.NotPlain, RecursionError, TypeError, AttributeError, KeyError, ValueError):
            built = None
        if built is None or built.id != name or builder.log.has_errors \
                or not all(target in self._names for target in built.targets()):
            story = self._damaged()
            if story is None or name not in story.scenes:
                raise StoryRuntimeError(Problem(file, 0, 0, f"the story cache's copy of the scene '{name}' is damaged, "
                                                "and the story's files have changed since the game started",
                                                "start again: the story is then read from its files"))
            self._files = story.scenes
            return story.scenes[name]
        return built


class _LaterLocator:
    """The story's source map, made when first asked for a place: a story rebuilt from the cache is
    played without importing the YAML parser until an error needs to say where it is."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._locator: Any = None

    def _real(self) -> Any:
        if self._locator is None:
            self._locator = load_package.Locator(self.root)
        return self._locator

    def mark(self, file: str, path: Path_, at_key: bool = False) -> Mark:
        return self._real().mark(file, path, at_key)

    def marks(self, file: str, wanted: list[tuple[Path_, bool]]) -> list[Mark]:
        return self._real().marks(file, wanted)

    def inside(self, file: str, path: Path_, mark: Mark, offset: int) -> Mark | None:
        return self._real().inside(file, path, mark, offset)
