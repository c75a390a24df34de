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

A front end may also note that its own checks passed for a kept story (``note_checked``), so that it
can later take the story from the cache with no further checks (``checked_story``).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from game.engine import contentcache
from game.engine import load as load_package
from game.engine.errors import Mark, Path_, ProblemLog, Severity, StoryError
from game.engine.gcpause import paused_gc
from game.engine.load import MANIFEST, plain
from game.engine.load.builder import Builder, SceneSource
from game.engine.story import Story

FORMAT = 1  # of an entry; a different one is another key
MAX_ENTRY_BYTES = 256 * 1024 * 1024
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
    end noted that its checks passed for it (``note_checked``), or None."""
    root = Path(folder)
    languages = tuple(extra_languages)
    key = story_key(root, languages)
    if key is None:
        return None
    family = _family(root, languages)
    note = contentcache.read(_checked_key(key), 1024, f"{family}c")
    entry = contentcache.read(key, MAX_ENTRY_BYTES, family) if note is not None and note.get("format") == FORMAT else None
    if entry is None or note is None or note.get("content_hash") != entry.get("content_hash"):
        return None
    return _rebuilt(root, entry)


def note_checked(folder: str | Path, story: Story, extra_languages: Iterable[str] = ()) -> None:
    """Note that a front end's checks passed for ``story``, loaded from ``folder`` (with ``extra_languages``)
    as it now stands."""
    root = Path(folder)
    languages = tuple(extra_languages)
    key = story_key(root, languages)
    if key is not None:
        contentcache.write(_checked_key(key), {"format": FORMAT, "content_hash": story.content_hash},
                           f"{_family(root, languages)}c")


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


def _rebuilt(root: Path, entry: dict[str, Any] | None) -> Story | None:
    """The story rebuilt from a cache entry, or None if the entry is not one this module wrote for a story
    that loads without errors."""
    if entry is None or entry.get("format") != FORMAT:
        return None
    content_hash, languages, sources = entry.get("content_hash"), entry.get("languages"), entry.get("sources")
    if type(content_hash) is not str or not _HASH.fullmatch(content_hash) or type(sources) is not list \
            or type(languages) is not list or not all(type(language) is str for language in languages):
        return None
    try:
        with paused_gc():  # as in the loader: a load only builds objects that stay alive
            manifest = plain.decode(entry.get("manifest"))
            scenes = [_source(root, item) for item in sources]
            if not plain.is_a(manifest, "Manifest") or None in scenes:
                return None
            locator = _LaterLocator(root)
            log = ProblemLog(locator)
            story = Builder(manifest, scenes, locator, log).build(content_hash, str(root))  # type: ignore[arg-type]
    except (plain.NotPlain, RecursionError, TypeError, AttributeError, KeyError, ValueError):
        return None  # data a rebuilt story could not have come from
    if log.has_errors:
        return None
    return story if story.languages == tuple(languages) else replace(story, languages=tuple(languages))


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
