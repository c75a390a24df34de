"""A saved game loads as the same game: state, screen, undo history, journal, name and play time."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace
from saves_support import UNDO, assert_same_game, fixture_story, play

from game.engine.saves import SLOTS, SaveStore, clean_name, document

scripts = st.lists(st.one_of(st.integers(0, 5), st.just(UNDO)), max_size=60)


@settings(max_examples=60, deadline=None)
@given(script=scripts, seed=st.integers(0, 2**32 - 1), slot=st.sampled_from(SLOTS),
       name=st.text(max_size=30), seconds=st.floats(0, 10**7, allow_nan=False))
def test_a_random_game_loads_as_it_was_saved(script: list[int], seed: int, slot: str, name: str, seconds: float) -> None:
    story = fixture_story()
    game = play(story, script, seed)
    with tempfile.TemporaryDirectory() as folder:
        store = SaveStore(folder, story)
        store.save(slot, game.snapshot(), seconds, name=name)
        loaded = store.load(slot)
    assert_same_game(loaded.session, game)
    assert loaded.play_seconds == round(seconds, 3)
    assert loaded.notes == () and not loaded.needs_resume and not loaded.from_backup
    assert loaded.name == clean_name(name)


@settings(max_examples=25, deadline=None)
@given(script=scripts, seed=st.integers(0, 2**32 - 1))
def test_a_loaded_game_plays_on_exactly_like_the_original(script: list[int], seed: int) -> None:
    """Saving mid-game changes nothing: the same choices afterwards give the same screens (the seed too)."""
    story = fixture_story()
    game = play(story, script, seed)
    with tempfile.TemporaryDirectory() as folder:
        store = SaveStore(folder, story)
        store.save("1", game.snapshot(), 0)
        copy = store.load("1").session
    for pick in [0, 1, 0, 2, 1, 0, 0, 1]:
        options = sorted(c.index for c in game.view.choices if c.available)
        if not options:
            break
        index = options[pick % len(options)]
        assert copy.choose(index) == game.choose(index)
    while game.can_undo:
        assert copy.undo() == game.undo()


def test_the_file_is_indented_json_with_what_the_issue_lists(tmp_path) -> None:
    story = fixture_story()
    game = play(story, [0, 0, 1])
    store = SaveStore(tmp_path, story)
    store.save("2", game.snapshot(), 61.5, name="Año uno")
    text = (tmp_path / "orbit" / "2.json").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and '  "format":"millones-save",' in lines and "Año uno" in text
    assert lines[-2].startswith('  "checksum":"')
    doc = json.loads(text)
    assert doc["format_version"] == 1
    assert doc["story"] == {"id": "orbit", "version": "1", "hash": story.content_hash}
    assert doc["seed"] == 7 and doc["state"] == game.state.to_json()
    assert len(doc["history"]) == 3 and len(doc["journal"]) == 3
    assert doc["display"]["chapter"] == "Home" and doc["display"]["header"] == [["Year", "1982"], ["Pilot", "None"]]
    assert doc["play_seconds"] == 61.5 and doc["created"].endswith("+00:00")
    assert len(doc["checksum"]) == 64


@settings(max_examples=25, deadline=None)
@given(script=scripts, more=st.lists(st.one_of(st.integers(0, 5), st.just(UNDO)), max_size=8),
       seed=st.integers(0, 2**32 - 1))
def test_a_save_made_after_another_is_the_file_a_first_save_makes(script: list[int], more: list[int], seed: int) -> None:
    """The undo steps and journal entries encoded for one save, and reused by the next, give the same bytes."""
    story = fixture_story()
    game = play(story, script, seed)
    when = datetime(2025, 1, 31, tzinfo=timezone.utc)
    document.encode(game.snapshot(), 1.0, "a", when)
    for step in more:
        if step == UNDO:
            if game.can_undo:
                game.undo()
        else:
            options = sorted(c.index for c in game.view.choices if c.available)
            if options:
                game.choose(options[step % len(options)])
    again = document.encode(game.snapshot(), 1.0, "a", when)
    document._ENCODED.clear()
    assert document.encode(game.snapshot(), 1.0, "a", when) == again


def test_a_journal_text_that_looks_like_a_boundary_is_kept(tmp_path) -> None:
    story = fixture_story()
    game = play(story, [0, 0, 1, 0])
    entries = list(game.journal)
    entries[1] = replace(entries[1], paragraphs=('a "},{" and }},{{ too', *entries[1].paragraphs))
    snapshot = replace(game.snapshot(), journal=tuple(entries))
    store = SaveStore(tmp_path, story)
    store.save("1", snapshot, 1.0)
    loaded = store.load("1").session
    assert list(loaded.journal) == entries
    text = (tmp_path / "orbit" / "1.json").read_text(encoding="utf-8")
    assert sum(line.startswith('    {"chapter"') for line in text.splitlines()) == len(entries)
