"""Slots: ids that cannot escape the saves folder, names shown as typed, the autosave ring, Continue,
deleting, where saves live, and play time."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from saves_support import Ticking, fixture_story, play, snapshot

from game.engine import files
from game.engine.saves import (
    AUTO,
    SLOTS,
    PlayClock,
    SaveError,
    SaveFault,
    SaveStore,
    check_slot,
    clean_name,
    format_play_time,
    location,
    saves_root,
)

ESCAPES = ["../x", "../../etc/passwd", "/etc/passwd", "a\\b", "..\\1", "1\0", "1/", "./1", "", ".", "..", "x" * 5000,
           "quick/../1", "１", "auto4", "auto0", "10", "0", " 1", "1 ", "Quick", "AUTO1", "1.json", "~/1", "$HOME"]


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves", fixture_story(), clock=Ticking())


@pytest.mark.parametrize("slot", ESCAPES + [None, 1, b"1"], ids=repr)
def test_anything_but_a_slot_id_is_refused_and_writes_nothing(slot: object, store: SaveStore, tmp_path: Path) -> None:
    game = play(store.story, [0])
    store.save("1", game.snapshot(), 1)
    before = snapshot(tmp_path)
    for action in (lambda: store.save(slot, game.snapshot(), 1), lambda: store.load(slot), lambda: store.delete(slot),  # type: ignore[arg-type]
                   lambda: store.info(slot)):  # type: ignore[arg-type]
        with pytest.raises(SaveError) as caught:
            action()
        assert caught.value.fault is SaveFault.BAD_SLOT and "slots are 1 to 9, quick, a game's autosaves" in caught.value.message
    assert snapshot(tmp_path) == before


@settings(max_examples=300)
@given(st.text(max_size=60))
def test_only_the_thirteen_slot_ids_are_accepted(text: str) -> None:
    if text in SLOTS:
        assert check_slot(text) == text
    else:
        with pytest.raises(SaveError):
            check_slot(text)


def test_a_file_name_that_would_leave_the_folder_is_refused(tmp_path: Path) -> None:
    for name in ("../x.json", "/etc/passwd", "a/b.json", "..", "x\0.json"):
        with pytest.raises(files.UnsafeName):
            files.inside(tmp_path, name)
    assert files.inside(tmp_path, "3.json") == tmp_path.resolve() / "3.json"


def test_a_link_planted_in_the_folder_is_not_followed_outside(store: SaveStore, tmp_path: Path) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    store.folder.mkdir(parents=True)
    (store.folder / "2.json").symlink_to(outside)
    with pytest.raises(SaveError):
        store.load("2")
    with pytest.raises(SaveError):
        store.save("2", play(store.story, [0]).snapshot(), 1, replace_unreadable=True)
    assert outside.read_text() == "keep me"
    assert store.info("2").unreadable


@pytest.mark.parametrize("typed, shown", [
    ("Antes del examen ✨", "Antes del examen ✨"),
    ("../../etc/passwd", "../../etc/passwd"),
    ("宇宙飛行士", "宇宙飛行士"),
    ("  padded  ", "padded"),
    ("two\nlines\tand\0nul", "two lines and nul"),
    ("x" * 500, "x" * 80),
    ("lone \udc80 surrogate", "lone ? surrogate"),
])
def test_a_slot_name_is_kept_as_typed_and_never_names_a_file(typed: str, shown: str, store: SaveStore) -> None:
    store.save("5", play(store.story, [0]).snapshot(), 1, name=typed)
    assert store.info("5").name == shown == clean_name(typed)
    assert store.load("5").name == shown
    assert sorted(p.name for p in store.folder.iterdir()) == ["5.json"]


def test_saving_again_keeps_the_name_unless_a_new_one_is_given(store: SaveStore) -> None:
    game = play(store.story, [0])
    store.save("3", game.snapshot(), 1, name="First flight")
    store.save("3", game.snapshot(), 2)
    assert store.info("3").name == "First flight"
    store.save("3", game.snapshot(), 3, name="")
    assert store.info("3").name == ""


def test_the_autosave_ring_fills_then_overwrites_the_oldest(store: SaveStore) -> None:
    used = []
    for script in ([0], [0, 0], [0, 0, 0], [1], [1, 0]):
        used.append(store.autosave(play(store.story, script).snapshot(), 1).slot)
    assert used == ["auto1", "auto2", "auto3", "auto1", "auto2"]
    rows = {row.slot: row for row in store.list() if row.slot in AUTO}
    assert rows["auto3"].saved_at < rows["auto1"].saved_at < rows["auto2"].saved_at  # type: ignore[operator]


def test_continue_is_the_newest_loadable_save(store: SaveStore) -> None:
    assert store.newest() is None
    store.save("7", play(store.story, [0]).snapshot(), 1)
    store.quicksave(play(store.story, [0, 0]).snapshot(), 2)
    store.autosave(play(store.story, [0, 0, 0]).snapshot(), 3)
    assert store.newest().slot == "auto1"  # type: ignore[union-attr]
    (store.folder / "auto1.json").write_text("{")
    assert store.newest().slot == "quick"  # type: ignore[union-attr]
    assert store.quickload().session.state.steps == 2


def test_list_shows_what_a_slot_screen_needs(store: SaveStore) -> None:
    store.save("2", play(store.story, [0, 0]).snapshot(), 3725, name="Two years on")
    rows = store.list()
    assert [row.slot for row in rows] == list(SLOTS)
    assert [row.label for row in rows][8:] == ["Slot 9", "Quicksave", "Autosave 1", "Autosave 2", "Autosave 3"]
    row = rows[1]
    assert (row.name, row.chapter, row.title, row.header_text) == ("Two years on", "Home", "The kitchen, 1982", "Year 1982 · Pilot None")
    assert format_play_time(row.play_seconds) == "1 h 02 min" and row.saved_at is not None and row.saved_at.tzinfo
    assert all(r.empty for r in rows if r.slot != "2")
    assert [r.slot for r in store.list(include_empty=False)] == ["2"]


def test_delete_removes_the_save_and_its_backup_only(store: SaveStore) -> None:
    game = play(store.story, [0])
    store.save("4", game.snapshot(), 1)
    store.save("4", game.snapshot(), 2)
    store.save("5", game.snapshot(), 1)
    assert store.delete("4") is True
    assert sorted(p.name for p in store.folder.iterdir()) == ["5.json"]
    assert store.info("4").empty and store.delete("4") is False
    with pytest.raises(SaveError) as caught:
        store.load("4")
    assert caught.value.fault is SaveFault.EMPTY and caught.value.message == "Slot 4: This slot is empty."


def test_a_game_of_another_story_is_not_saved_here(store: SaveStore, write_story) -> None:
    from game.engine import load_story

    other = load_story(write_story(files={"scenes/a.yaml": "- id: first\n  text: Hi.\n  ending: {title: End}\n"}))
    with pytest.raises(SaveError) as caught:
        store.save("1", play(other, []).snapshot(), 1)
    assert caught.value.fault is SaveFault.OTHER_STORY


def test_saves_live_where_the_options_say(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MILLONES_SAVES", raising=False)
    checkout = Path(location.__file__).resolve().parents[3]
    assert saves_root() == checkout / "saves"
    monkeypatch.setenv("MILLONES_SAVES", str(tmp_path / "env"))
    assert saves_root() == tmp_path / "env"
    assert saves_root(str(tmp_path / "flag")) == tmp_path / "flag"
    monkeypatch.delenv("MILLONES_SAVES")
    monkeypatch.setattr(location, "project_root", lambda: None)
    monkeypatch.setattr(location.platformdirs, "user_data_path", lambda app, appauthor: tmp_path / "data" / app)
    assert saves_root() == tmp_path / "data" / "millones" / "saves"
    store = SaveStore.open(fixture_story(), str(tmp_path / "flag"))
    assert store.folder == tmp_path / "flag" / "orbit"


def test_the_play_clock_counts_only_while_running() -> None:
    now = [100.0]
    clock = PlayClock(60.0, clock=lambda: now[0])
    now[0] = 130.0
    assert clock.seconds() == 60.0
    clock.start()
    now[0] = 160.0
    assert clock.seconds() == 90.0
    clock.pause()
    now[0] = 1000.0
    assert clock.seconds() == 90.0 and not clock.running
    assert [format_play_time(s) for s in (0, 59, 60, 3599, 3600, 90061)] == ["0 s", "59 s", "1 min", "59 min", "1 h 00 min", "25 h 01 min"]



def test_with_no_home_folder_the_saves_folder_is_a_save_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home(*args: object, **kwargs: object) -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("MILLONES_SAVES", raising=False)
    monkeypatch.setattr("game.engine.saves.location.project_root", lambda: None)
    monkeypatch.setattr("platformdirs.user_data_path", no_home)
    with pytest.raises(SaveError, match="no home folder"):
        saves_root()
    assert saves_root("elsewhere") == Path("elsewhere")  # --saves still works
