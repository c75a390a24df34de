"""Fuzzing saves: real saves of the fixture story, their JSON mutated anywhere, the checksum recomputed
(anyone can), and every way of reading a slot. Only SaveError may come out; a save that loads must be
a game that can be shown and played on."""

from __future__ import annotations

import json
import re
import tempfile
from typing import Any

import pytest
from fuzzing import FUZZ
from hypothesis import event, given
from hypothesis import strategies as st
from saves_support import UNDO, fixture_story, play, reseal, save_doc

from game.engine import StoryRuntimeError, available
from game.engine.saves import SaveError, SaveFault, SaveStore, document

TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f]")
HOSTILE_TEXT = ["", "\x1b]0;pwned\x07", "\x1b]52;c;cm0gLXJmIH4K\x07", "\x9b2J", "\ud800", "../../etc/passwd", "x" * 5000, "é\x1b" * 100_000,
                "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59", "2025-01-01T00:00:00", "nowhere", "NaN"]
HOSTILE_NUMBERS = [0, 1, -1, 2, 7, 10**18, 2**63, -(2**63) - 1, 10**400, -(10**400), 1e308, -0.0, 0.5, 1e-300]


def story_words() -> list[str]:
    """The names the fixture story uses: values that pass a first look and must be checked against the story."""
    story = fixture_story()
    words = [*story.scenes, *story.stats, *story.flags, *story.skills]
    words += [state for skill in story.skills.values() for state in skill.states]
    return words


def nested(depth: int) -> Any:
    """Lists and objects inside each other, ``depth`` deep."""
    value: Any = 0
    for n in range(depth):
        value = [value] if n % 2 else {"a": value}
    return value


leaves = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from(HOSTILE_NUMBERS),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
    st.text(st.characters(codec=None, categories=("Cc", "Cs", "Zl", "Zp", "Lu", "Nd")), max_size=10),
    st.sampled_from(HOSTILE_TEXT), st.sampled_from(story_words()),
)
names = st.one_of(st.text(max_size=6), st.sampled_from(story_words()))  # of object keys
shallow = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(names, inner, max_size=4)),
                       max_leaves=12)
values = st.one_of(shallow, st.integers(1, 700).map(nested))  # deeper than a save, shallower than Python's stack


@st.composite
def mutated(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A real save after a few random choices, and a copy of it changed in one to four places."""
    script = draw(st.lists(st.one_of(st.integers(0, 4), st.just(UNDO)), max_size=12))
    good = save_doc(play(fixture_story(), script, draw(st.integers(0, 2**32 - 1))))
    doc = json.loads(json.dumps(good))
    for _ in range(draw(st.integers(1, 4))):
        mutate(draw, doc)
    return good, doc


def mutate(draw: st.DrawFn, doc: dict[str, Any]) -> None:
    """Walk down from the top to some container, then change it or one of its values."""
    here: Any = doc
    while True:
        keys = [key for key in (here if isinstance(here, dict) else range(len(here))) if key != "checksum"]
        children = [key for key in keys if isinstance(here[key], (dict, list)) and here[key]]
        if not children or (here is not doc and draw(st.integers(0, 2)) == 0):
            break
        here = here[draw(st.sampled_from(children))]
    action = draw(st.sampled_from(["replace", "replace", "replace", "remove", "add", "truncate"]))
    if action == "truncate" and isinstance(here, list):
        del here[draw(st.integers(0, len(here))):]
    elif action == "add":
        value = draw(values)
        if isinstance(here, dict):
            here[draw(names)] = value
        else:
            here.append(value)
    elif keys := [key for key in (here if isinstance(here, dict) else range(len(here))) if key != "checksum"]:
        key = draw(st.sampled_from(keys))
        if action == "remove":
            del here[key]
        else:  # mostly a value of the same kind, which gets past the checks of shape to those against the story
            here[key] = draw(st.one_of(like(here[key]), like(here[key]), values))


def like(value: Any) -> st.SearchStrategy[Any]:
    """Values of the same JSON type as ``value``, hostile ones included."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.one_of(st.integers(-3, 10), st.integers(), st.sampled_from([n for n in HOSTILE_NUMBERS if isinstance(n, int)]))
    if isinstance(value, float):
        return st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(HOSTILE_NUMBERS))
    if isinstance(value, str):
        return st.one_of(st.sampled_from(story_words()), st.sampled_from(HOSTILE_TEXT), st.text(max_size=20))
    return values


def laid_out(doc: dict[str, Any]) -> bytes:
    """A document in the layout the game writes (its checksum checked from the text, not re-encoded)."""
    canonical = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
    lines = []
    for key in sorted(key for key in doc if key != "checksum"):
        value = doc[key]
        if key in document.LINED and isinstance(value, list) and value:
            lines.append(f'"{key}":[\n    ' + ",\n    ".join(canonical(item) for item in value) + "\n  ]")
        else:
            lines.append(f'"{key}":{canonical(value)}')
    text = "{\n  " + ",\n  ".join(lines) + f',\n  "checksum":"{doc["checksum"]}"\n}}\n'
    return text.encode("utf-8", "surrogatepass")


@pytest.mark.fuzz
@FUZZ
@given(docs=mutated(), place=st.sampled_from(["slot", "backup", "slot over a good backup"]), layout=st.booleans())
def test_a_mutated_save_is_a_save_error_or_a_game_that_plays(docs: tuple[dict[str, Any], dict[str, Any]], place: str,
                                                             layout: bool) -> None:
    good, doc = docs
    doc = json.loads(json.dumps(doc))  # as a file holds it: an escaped surrogate pair reads as one character
    data = reseal(doc)
    with tempfile.TemporaryDirectory() as folder:
        store = SaveStore(folder, fixture_story())
        store.folder.mkdir(parents=True)
        (store.folder / ("1.bak.json" if place == "backup" else "1.json")).write_bytes(laid_out(doc) if layout else data)
        if place == "slot over a good backup":
            (store.folder / "1.bak.json").write_bytes(reseal(good))
        for row in store.list():
            for text in (row.name, row.chapter, row.title, row.ending, row.header_text, row.story_version, str(row.note or "")):
                assert not TERMINAL.search(text)
        store.info("1")
        store.newest()
        try:
            loaded = store.load("1")
        except SaveError as exc:
            event(f"refused: {exc.fault.value}")
            assert not TERMINAL.search(exc.message)
            row = store.info("1")  # what loading found, the slot list shows (a lone bad backup: nothing to load)
            assert row.empty if exc.fault is SaveFault.EMPTY else row.unreadable == exc.reason
            return
    event("loaded from the backup" if loaded.from_backup else "loaded, with notes" if loaded.notes else "loaded")
    assert not any(TERMINAL.search(note) for note in map(str, loaded.notes))
    game = loaded.session
    while True:  # every undo step can be shown and played on
        assert game.view and game.dossier and game.summary()
        options = available(game.story, game.state)
        if options:
            try:
                assert game.choose(options[0]).view == game.view
                game.undo()
            except StoryRuntimeError:
                pass  # the story's own complaint about where it stands, which the play screen shows
        if not game.can_undo:
            break
        game.undo()
