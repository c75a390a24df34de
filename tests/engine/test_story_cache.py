"""The story cache (issue 16, goal 1): a story nothing has changed in since it last loaded is rebuilt from
validated data kept in the user's cache folder, without the loader or pydantic, and is the same story."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import FunctionType
from typing import Any

import pytest
from msgspec import Struct

from game.engine import PSEUDO, GameSession, StoryError, StoryRuntimeError, load_story
from game.engine.load import loader
from game.engine.story import Story
from game.tui.loading import load_checked

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURES = REPO / "tests" / "fixtures"
Write = Callable[..., Path]

MANIFEST = """\
id: little
title: A little story
languages: [en, es]
start: kitchen
stats:
  hope: {start: 3, name: Hope}
flags: [brave, {id: seen, name: you have looked, not: you have not looked}]
skills:
  pilot: {states: [none, solo, {id: licensed, name: Licensed}]}
header: [hope]
"""
SCENES = """\
- id: kitchen
  title: The kitchen
  text:
    - 'Papá waits. You have {hope} hope{if hope > 3: , a lot | }.'
    - {if: "brave", text: You smile.}
  choices:
    - {text: Go to school, goto: school, effects: [{add: {hope: 1}}, {advance: pilot}], once: true}
    - {text: Stay home, goto: coin, requires: "hope > 10", locked: Not enough hope, effects: [{set: {brave: true}}]}
- id: coin
  random:
    - {goto: school, weight: 2}
    - {goto: kitchen, if: "not brave", effects: [{set: {seen: true, hope: "hope + 1"}}]}
- id: school
  title: School
  text: The bell rings.
  ending: {title: The end}
"""
CATALOG = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: es\\n"

msgctxt "kitchen"
msgid "The kitchen"
msgstr "{title}"
'''


def catalog(root: Path, title: str = "La cocina") -> None:
    folder = root / "locales" / "es"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "home.po").write_text(CATALOG.replace("{title}", title), encoding="utf-8")


@pytest.fixture
def story(write_story: Write) -> Path:
    root = write_story(MANIFEST, {"home.yaml": SCENES})
    catalog(root)
    return root


@pytest.fixture
def no_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a story can only come from the cache."""
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the story was loaded, not taken from the cache")

    monkeypatch.setattr("game.engine.load.load_partial", refused)


def differences(a: Any, b: Any, path: str = "story", seen: set[tuple[int, int]] | None = None) -> Iterator[str]:
    """Where two built stories differ: every field of every value (those left out of ``==`` too), and of
    compiled conditions and texts their code and every value they hold."""
    seen = set() if seen is None else seen
    if (id(a), id(b)) in seen:
        return
    seen.add((id(a), id(b)))
    if type(a) is not type(b):
        yield f"{path}: {type(a).__name__} != {type(b).__name__}"
    elif isinstance(a, FunctionType):
        if a.__code__ != b.__code__:
            yield f"{path}: other code"
        cells = [cell.cell_contents for cell in a.__closure__ or ()], [cell.cell_contents for cell in b.__closure__ or ()]
        yield from differences(*cells, f"{path}.<closure>", seen)
        if "__name__" not in a.__globals__:  # a generated condition: its values are its globals
            values = [{k: v for k, v in f.__globals__.items() if k != "__builtins__"} for f in (a, b)]
            yield from differences(*values, f"{path}.<values>", seen)
    elif is_dataclass(a) or isinstance(a, Struct):
        for name in a.__struct_fields__ if isinstance(a, Struct) else (field.name for field in fields(a)):
            if name != "locator":
                yield from differences(getattr(a, name), getattr(b, name), f"{path}.{name}", seen)
    elif isinstance(a, Mapping):
        if list(a) != list(b):
            yield f"{path}: keys {list(a)} != {list(b)}"
        else:
            for key in a:
                yield from differences(a[key], b[key], f"{path}[{key!r}]", seen)
    elif isinstance(a, (list, tuple)):
        if len(a) != len(b):
            yield f"{path}: {len(a)} items != {len(b)}"
        else:
            for index, (x, y) in enumerate(zip(a, b, strict=True)):
                yield from differences(x, y, f"{path}[{index}]", seen)
    elif a != b:
        yield f"{path}: {a!r} != {b!r}"


def cached_twice(root: Path, extra: tuple[str, ...]) -> Story:
    load_story(root, extra_languages=extra)  # loaded, and kept
    return load_story(root, extra_languages=extra)


STORIES = [REPO / "scenes", FIXTURES / "runtime_story", FIXTURES / "tui_story", FIXTURES / "saves_story",
           FIXTURES / "check_clean"]


@pytest.mark.parametrize("extra", [(), (PSEUDO,)], ids=["own-and-declared", "pseudo"])
@pytest.mark.parametrize("root", STORIES, ids=[path.name for path in STORIES])
def test_a_story_from_the_cache_is_the_story_loaded_afresh(root: Path, extra: tuple[str, ...], check_cache: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    afresh = loader.load_story(root, extra_languages=extra)
    load_story(root, extra_languages=extra)
    monkeypatch.setattr("game.engine.load.load_partial", None)  # the next load can only come from the cache
    cached = load_story(root, extra_languages=extra)
    assert list(differences(afresh, cached)) == []
    assert cached.languages == afresh.languages and cached.root == str(root)
    for language in cached.languages:
        fresh_game, cached_game = GameSession.new(afresh, seed=7, language=language), GameSession.new(cached, seed=7, language=language)
        for _ in range(30):
            assert cached_game.view == fresh_game.view
            if fresh_game.view.ending is not None or not fresh_game.view.choices:
                break
            open_ = [choice.index for choice in fresh_game.view.choices if choice.available]
            if not open_:
                break
            fresh_game.choose(open_[-1])
            cached_game.choose(open_[-1])


def test_a_changed_scene_file_or_catalog_is_read_again(story: Path) -> None:
    assert GameSession.new(cached_twice(story, ()), seed=1, language="es").view.title == "La cocina"
    home = story / "home.yaml"
    home.write_text(home.read_text(encoding="utf-8").replace("The bell rings.", "The bell rang."), encoding="utf-8")
    assert load_story(story).scenes["school"].paragraphs[0].text.literal == "The bell rang."
    catalog(story, "La cocina nueva")
    assert GameSession.new(load_story(story), seed=1, language="es").view.title == "La cocina nueva"
    (story / "locales" / "es" / "home.po").unlink()
    assert GameSession.new(load_story(story), seed=1, language="es").view.title == "The kitchen"


def test_a_story_edited_again_and_again_keeps_one_entry(story: Path, write_story: Write, check_cache: Path) -> None:
    other = write_story(MANIFEST, {"home.yaml": SCENES}, name="other")
    load_story(other)
    home = story / "home.yaml"
    for year in range(1980, 1985):
        home.write_text(SCENES.replace("The bell rings.", f"The bell rings in {year}."), encoding="utf-8")
        assert load_story(story).scenes["school"].paragraphs[0].text.literal == f"The bell rings in {year}."
    load_story(story, extra_languages=(PSEUDO,))
    assert len(list(check_cache.iterdir())) == 3  # this story in its languages, and with xx-pseudo; the other story


def test_a_story_with_errors_is_never_kept(write_story: Write, check_cache: Path) -> None:
    root = write_story(MANIFEST, {"home.yaml": SCENES.replace("goto: school, weight", "goto: nowhere, weight")})
    for _ in range(2):
        with pytest.raises(StoryError):
            load_story(root)
    assert list(check_cache.iterdir()) == []


HOSTILE = [
    b"not json",
    b"[]",
    b'{"format": 1}',
    b"[" * 100_000 + b"]" * 100_000,
]


def test_a_corrupt_or_hostile_entry_is_ignored(story: Path, check_cache: Path) -> None:
    afresh = loader.load_story(story)
    load_story(story)
    (kept,) = check_cache.iterdir()
    entry = json.loads(kept.read_bytes())
    outside = {**entry, "sources": [["../elsewhere.yaml", *item[1:]] for item in entry["sources"]]}
    absolute = {**entry, "sources": [[str(story / item[0]), *item[1:]] for item in entry["sources"]]}
    unknown = {**entry, "manifest": {**entry["manifest"], "$": "Story"}}
    wrong_type = {**entry, "manifest": {**entry["manifest"], "start": ["kitchen"]}}
    extra_field = {**entry, "sources": [[*item[:2], {**item[2], "code": "1"}] for item in entry["sources"]]}
    bad_scene = {**entry, "sources": [[*item[:2], {**item[2], "choices": [{"$": "Choice", "goto": 3}]}]
                                      for item in entry["sources"]]}
    broken = {**entry, "sources": [[*item[:2], {**item[2], "branch": [], "random": None, "choices": None}]
                                   for item in entry["sources"]]}
    for hostile in [*HOSTILE, *(json.dumps(value).encode() for value in
                                (outside, absolute, unknown, wrong_type, extra_field, bad_scene, broken))]:
        kept.write_bytes(hostile)
        assert list(differences(afresh, load_story(story))) == []
        kept.write_bytes(hostile)  # a fresh load keeps the story again: the next one reads the hostile entry


def test_a_cache_entry_is_data_only(story: Path, check_cache: Path) -> None:
    load_story(story)
    (kept,) = check_cache.iterdir()
    assert kept.suffix == ".json"
    json.loads(kept.read_bytes())


def test_a_cached_story_imports_no_pydantic_yaml_or_babel(story: Path, check_cache: Path) -> None:
    probe = ("import sys; from game.engine import load_story; load_story(sys.argv[1]); "
             "print(*(name in sys.modules for name in ('pydantic', 'yaml', 'babel')))")
    environment = {**os.environ, "MILLONES_CACHE": str(check_cache)}
    first, second = (subprocess.run([sys.executable, "-c", probe, str(story)], cwd=REPO, env=environment,
                                    capture_output=True, text=True, timeout=120, check=True).stdout.split()
                     for _ in range(2))
    assert first == ["True", "True", "True"]
    assert second == ["False", "False", "False"]


def test_the_game_takes_a_story_it_checked_before_from_the_cache(story: Path, no_loader: None,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    first, problems = load_checked(story)
    assert problems == [] and first is not None
    monkeypatch.setattr("game.engine.load.load_partial", None)
    monkeypatch.setattr("game.engine.load_story", None)
    again, problems = load_checked(story)
    assert problems == [] and again is not None
    assert list(differences(first, again)) == []


def test_a_story_the_game_refuses_is_refused_again(write_story: Write) -> None:
    root = write_story(MANIFEST.replace("start: kitchen", "start: kitchen\nheader: [hope, courage]"),
                       {"home.yaml": SCENES})
    for _ in range(2):
        story, problems = load_checked(root)
        assert story is None and problems


def kept_note(check_cache: Path) -> Path:
    """The note ``load_checked`` keeps beside the story's entry: the story as the game starts it."""
    (note,) = (path for path in check_cache.iterdir() if len(path.name.split(".")[0]) == 33)
    return note


def damage(note: Path) -> None:
    """Change two scenes in a checked story's note, as a hand or a bad disk might."""
    kept = json.loads(note.read_bytes())
    kept["sources"]["school"][2] = kept["sources"]["school"][2].replace('"id":', '"code":"1","id":')
    kept["sources"]["coin"][2] = kept["sources"]["coin"][2].replace('"goto":"school"', '"goto":"nowhere"')
    note.write_text(json.dumps(kept), encoding="utf-8")


def test_a_damaged_scene_of_a_checked_story_is_read_from_the_files_and_the_next_start_reads_them_too(
        story: Path, check_cache: Path) -> None:
    good, _ = load_checked(story)
    damage(kept_note(check_cache))
    damaged, problems = load_checked(story)
    assert problems == [] and damaged is not None
    game = GameSession.new(damaged, seed=1)  # the scenes a game has not come to are not read yet
    assert game.view.title == "The kitchen"
    assert good is not None
    for name in ("school", "coin"):
        assert damaged.scenes[name].title == good.scenes[name].title  # the game goes on, from the files
    again, problems = load_checked(story)  # the damaged note is forgotten: the story is read from its files
    assert problems == [] and again is not None
    assert list(differences(good, again)) == []


def test_a_damaged_scene_is_an_error_only_if_the_files_changed_since_the_game_started(
        story: Path, check_cache: Path) -> None:
    load_checked(story)
    damage(kept_note(check_cache))
    damaged, _ = load_checked(story)
    assert damaged is not None
    home = story / "home.yaml"
    home.write_text(home.read_text(encoding="utf-8").replace("The bell rings.", "The bell rang."), encoding="utf-8")
    with pytest.raises(StoryRuntimeError, match="the story cache's copy of the scene 'school' is damaged, and the "
                                                "story's files have changed since the game started"):
        damaged.scenes["school"]


def test_a_corrupt_or_hostile_note_is_ignored(story: Path, check_cache: Path) -> None:
    good, _ = load_checked(story)
    note = kept_note(check_cache)
    kept = json.loads(note.read_bytes())
    listed = {**kept, "sources": [[name, *item] for name, item in kept["sources"].items()]}
    outside = {**kept, "sources": {name: ["../elsewhere.yaml", *item[1:]] for name, item in kept["sources"].items()}}
    no_start = {**kept, "sources": {name: item for name, item in kept["sources"].items() if name != "kitchen"}}
    unknown_name = {**kept, "used": [*kept["used"], ["code", "hope"]]}
    bad_manifest = {**kept, "manifest": {**kept["manifest"], "start": ["kitchen"]}}
    for hostile in [*HOSTILE, *(json.dumps(value).encode() for value in
                                (listed, outside, no_start, unknown_name, bad_manifest))]:
        note.write_bytes(hostile)
        story_read, problems = load_checked(story)
        assert problems == [] and story_read is not None
        assert list(differences(good, story_read)) == []
