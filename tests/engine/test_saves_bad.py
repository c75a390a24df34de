"""Each kind of bad save gets a clear message, and its file stays byte for byte as it was."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
from saves_support import fixture_story, play, snapshot, story_variant

from game.engine.saves import MAX_BYTES, SaveError, SaveFault, SaveStore, document


def good_bytes() -> bytes:
    game = play(fixture_story(), [0, 0])
    return document.encode(game.snapshot(), 10, "mine", datetime.now(timezone.utc))[0]


def resealed(change: Callable[[dict], None]) -> bytes:
    """A good save, changed, with its checksum made right again (as a careful hand-edit would)."""
    doc = json.loads(good_bytes())
    change(doc)
    doc["checksum"] = document.checksum(doc)
    return json.dumps(doc, indent=2).encode()


def edited(old: bytes, new: bytes) -> bytes:
    data = good_bytes()
    assert old in data
    return data.replace(old, new, 1)


def other_story_bytes(tmp_path: Path) -> bytes:
    other = story_variant(tmp_path, {"story.yaml": [("id: orbit", "id: elsewhere")]}, name="elsewhere")
    return document.encode(play(other, [0]).snapshot(), 1, "", datetime.now(timezone.utc))[0]


BAD: dict[str, tuple[Callable[[Path], bytes], SaveFault, str]] = {
    "truncated": (lambda _: good_bytes()[: len(good_bytes()) // 2], SaveFault.TRUNCATED, "cut off"),
    "truncated-in-a-string": (lambda _: good_bytes().split(b'"mine"')[0] + b'"mi', SaveFault.TRUNCATED, "cut off"),
    "empty": (lambda _: b"", SaveFault.TRUNCATED, "empty"),
    "zero-filled": (lambda _: b"\0" * 4096, SaveFault.NOT_JSON, "not valid JSON"),
    "not-json": (lambda _: b"Dear diary, today I saved the game.", SaveFault.NOT_JSON, "not valid JSON"),
    "binary": (lambda _: b"\x89PNG\r\n\x1a\n\xff\xfe", SaveFault.NOT_JSON, "not text"),
    "nan": (lambda _: b'{"format": "millones-save", "play_seconds": NaN}', SaveFault.NOT_JSON, "not valid JSON"),
    "a-list": (lambda _: b"[1, 2, 3]", SaveFault.SHAPE, "not a millones save"),
    "another-program": (lambda _: b'{"savegame": {"hp": 3}}', SaveFault.SHAPE, "not a millones save"),
    "deeply-nested": (lambda _: b"[" * 100_000 + b"]" * 100_000, SaveFault.SHAPE, ""),
    "no-state": (lambda _: resealed(lambda d: d.pop("state")), SaveFault.SHAPE, "damaged"),
    "bad-stat": (lambda _: resealed(lambda d: d["state"]["stats"].update(year="1981")), SaveFault.SHAPE, "whole number"),
    "bad-history": (lambda _: resealed(lambda d: d["history"].append(7)), SaveFault.SHAPE, "damaged"),
    "bad-undo-step": (lambda _: resealed(lambda d: d["history"].append({"visits": {"home": "twice"}})), SaveFault.SHAPE, "visits.home"),
    # (an undo step's names and counts the newer step holds are taken at a glance: a bad value is still found)
    "undo-step-visit-below-zero": (lambda _: resealed(lambda d: d["history"].append({"visits": {"home": -1}})), SaveFault.SHAPE,
                                   "'visits.home' is below zero"),
    "undo-step-stat-too-large": (lambda _: resealed(lambda d: d["history"].append({"stats": {"year": 10**19}})), SaveFault.SHAPE,
                                 "'stats.year' is far too large"),
    "undo-step-steps-below-zero": (lambda _: resealed(lambda d: d["history"].append({"steps": -1})), SaveFault.SHAPE,
                                   "'steps' is below zero"),
    "undo-step-scene-of-no-name": (lambda _: resealed(lambda d: d["history"].append({"scene": "no name"})), SaveFault.SHAPE,
                                   "'scene' is not a name"),
    "undo-step-flags-of-no-name": (lambda _: resealed(lambda d: d["history"].append({"flags": ["wrote_letter", "no name"]})),
                                   SaveFault.SHAPE, "'flags' is not a name"),
    "undo-step-flags-of-objects": (lambda _: resealed(lambda d: d["history"].append({"flags": [{"wrote_letter": 1}]})),
                                   SaveFault.SHAPE, "'flags' is not a name"),
    "undo-step-flags-not-a-list": (lambda _: resealed(lambda d: d["history"].append({"flags": "wrote_letter"})),
                                   SaveFault.SHAPE, "'flags' is not a list"),
    "key-after-checksum": (lambda _: good_bytes()[:-3] + b',\n  "name":"not mine"\n}\n', SaveFault.CHECKSUM, "checksum"),
    "bad-date": (lambda _: resealed(lambda d: d.update(created="yesterday")), SaveFault.SHAPE, "created"),
    "checksum": (lambda _: edited(b"\"hope\":5", b"\"hope\":6"), SaveFault.CHECKSUM, "checksum does not match"),
    "no-checksum": (lambda _: resealed(lambda d: None).replace(b'"checksum"', b'"checksun"'), SaveFault.CHECKSUM, "checksum"),
    "format-version": (lambda _: resealed(lambda d: d.update(format_version=7)), SaveFault.FORMAT_VERSION, "newer version of millones"),
    "other-story": (other_story_bytes, SaveFault.OTHER_STORY, "another story ('elsewhere')"),
}


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves", fixture_story())


def put(store: SaveStore, name: str, data: bytes) -> Path:
    store.folder.mkdir(parents=True, exist_ok=True)
    path = store.folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", list(BAD))
def test_a_bad_save_is_explained_and_left_alone(kind: str, store: SaveStore, tmp_path: Path) -> None:
    make, problem, words = BAD[kind]
    data = make(tmp_path)
    put(store, "4.json", data)
    before = snapshot(store.folder)

    with pytest.raises(SaveError) as caught:
        store.load("4")
    assert caught.value.fault is problem
    assert words in caught.value.message and caught.value.message.startswith("Slot 4: ")
    row = store.info("4")
    assert not row.loadable and not row.empty and words in row.unreadable
    assert store.newest() is None
    with pytest.raises(SaveError) as refused:
        store.save("4", play(store.story, [1]).snapshot(), 5)
    assert refused.value.fault is SaveFault.UNREADABLE_SLOT and "moves that file aside" in refused.value.message
    assert snapshot(store.folder) == before


@pytest.mark.parametrize("kind", ["truncated", "checksum", "other-story"])
def test_overwriting_a_bad_save_moves_it_aside_untouched(kind: str, store: SaveStore, tmp_path: Path) -> None:
    data = BAD[kind][0](tmp_path)
    put(store, "4.json", data)
    game = play(store.story, [1])
    store.save("4", game.snapshot(), 5, replace_unreadable=True)
    assert store.load("4").session.state == game.state
    aside = [p for p in store.folder.iterdir() if ".unreadable-" in p.name]
    assert len(aside) == 1 and aside[0].name.startswith("4.unreadable-") and aside[0].read_bytes() == data
    assert not (store.folder / "4.bak.json").exists()  # a bad file never becomes the backup


def test_a_huge_file_is_refused_without_reading_it(store: SaveStore) -> None:
    path = put(store, "4.json", b"")
    with open(path, "r+b") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(SaveError) as caught:
        store.load("4")
    assert caught.value.fault is SaveFault.TOO_LARGE and "too large" in caught.value.message
    assert path.stat().st_size == MAX_BYTES + 1


def test_a_bad_save_with_a_good_backup_loads_the_backup_and_says_why(store: SaveStore, tmp_path: Path) -> None:
    game = play(store.story, [0])
    store.save("4", game.snapshot(), 5)
    (store.folder / "4.json").replace(store.folder / "4.bak.json")
    put(store, "4.json", BAD["checksum"][0](tmp_path))
    before = snapshot(store.folder)
    loaded = store.load("4")
    assert loaded.from_backup and loaded.session.state == game.state
    assert "checksum" in str(loaded.notes[0]) and "the one before it" in str(loaded.notes[0])
    assert store.info("4").loadable
    assert snapshot(store.folder) == before


def test_the_autosave_ring_skips_unreadable_slots_and_stops_when_all_are(store: SaveStore, tmp_path: Path) -> None:
    game = play(store.story, [0])
    for slot in ("auto1", "auto2"):
        put(store, f"{slot}.json", b"garbage")
    assert store.autosave(game.snapshot(), 1).slot == "auto3"
    put(store, "auto3.json", b"garbage")
    before = snapshot(store.folder)
    with pytest.raises(SaveError) as caught:
        store.autosave(game.snapshot(), 1)
    assert caught.value.fault is SaveFault.UNREADABLE_SLOT and "all three autosave slots" in caught.value.message
    assert snapshot(store.folder) == before


def test_a_missing_or_unreadable_folder_is_a_message_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = SaveStore(blocker, fixture_story())
    assert all(row.empty for row in store.list())
    with pytest.raises(SaveError) as caught:
        store.save("1", play(store.story, []).snapshot(), 0)
    assert caught.value.fault is SaveFault.IO and caught.value.message.startswith("Slot 1: Could not save")
    with pytest.raises(SaveError) as empty:
        store.load("1")
    assert empty.value.fault is SaveFault.EMPTY and "empty" in empty.value.message


def test_a_save_re_indented_by_hand_still_loads(store: SaveStore) -> None:
    game = play(store.story, [0, 0, 1])
    store.save("4", game.snapshot(), 5)
    path = store.folder / "4.json"
    path.write_text(json.dumps(json.loads(path.read_text()), indent=4, ensure_ascii=True))
    assert store.load("4").session.state == game.state


def test_a_file_changed_behind_the_stores_back_is_checked_again(store: SaveStore, tmp_path: Path) -> None:
    store.save("4", play(store.story, [0]).snapshot(), 5)
    assert store.list()[3].loadable
    put(store, "4.json", BAD["checksum"][0](tmp_path))
    assert "checksum" in store.info("4").unreadable
    with pytest.raises(SaveError):
        store.save("4", play(store.story, [1]).snapshot(), 5)
