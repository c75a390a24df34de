"""A crash or a full disk at any step of saving leaves a save that loads: the old one or the new one.

``game.engine.files`` does its I/O only through ``os``; these tests give it an ``os`` whose
N-th call fails, for every N up to the length of a clean save, in two ways:
- an OSError (ENOSPC, EIO): the program goes on; the save reports the failure;
- a crash: from the N-th call on, every call dies (as if the power went), so no cleanup runs.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from saves_support import assert_same_game, fixture_story, play

from game.engine import files
from game.engine.saves import SaveError, SaveFault, SaveStore

WATCHED = ("open", "write", "fsync", "close", "replace", "rename", "unlink", "read", "fstat", "listdir")


class Crash(BaseException):
    """The process died: nothing after this runs, not even cleanup."""


class FaultyOS:
    """``os``, but the ``fail_at``-th watched call fails (and, for a crash, every one after it)."""

    def __init__(self, fail_at: int, error: BaseException | None) -> None:
        self.fail_at = fail_at
        self.error = error
        self.calls: list[str] = []
        self.dead = False

    def __getattr__(self, name: str) -> Any:
        real = getattr(os, name)
        if name not in WATCHED:
            return real

        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            if self.dead or len(self.calls) == self.fail_at:
                if isinstance(self.error, Crash):
                    self.dead = True
                raise self.error if self.error is not None else OSError(errno.EIO, "I/O error")
            return real(*args, **kwargs)

        return call


OLD = [0]
NEW = [0, 0, 1, 0]


def setup_slot(tmp_path: Path, with_backup: bool) -> tuple[SaveStore, Any, Any]:
    story = fixture_story()
    store = SaveStore(tmp_path, story)
    older, old, new = play(story, [1]), play(story, OLD), play(story, NEW)
    if with_backup:
        store.save("1", older.snapshot(), 1)
    store.save("1", old.snapshot(), 2)
    return store, old, new


def count_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    store, _, new = setup_slot(tmp_path / "count", with_backup=True)
    counter = FaultyOS(0, None)
    monkeypatch.setattr(files, "os", counter)
    store.save("1", new.snapshot(), 3)
    monkeypatch.setattr(files, "os", os)
    return len(counter.calls)


def loads_old_or_new(store: SaveStore, old: Any, new: Any) -> str:
    loaded = store.load("1")
    for name, game in (("old", old), ("new", new)):
        if loaded.session.state == game.state:
            assert_same_game(loaded.session, game)
            return name + (" from backup" if loaded.from_backup else "")
    raise AssertionError("the slot loads neither the old nor the new game")


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), OSError(errno.EIO, "I/O error")],
                         ids=["disk-full", "io-error"])
def test_a_failing_step_leaves_a_loadable_save_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    steps = count_calls(tmp_path, monkeypatch)
    assert steps >= 8  # read the slot, open, write, fsync, close, replace x2, fsync the folder
    outcomes = set()
    for fail_at in range(1, steps + 1):
        store, old, new = setup_slot(tmp_path / f"{fail_at}", with_backup=True)
        faulty = FaultyOS(fail_at, error)
        monkeypatch.setattr(files, "os", faulty)
        try:
            store.save("1", new.snapshot(), 3)
        except SaveError as exc:
            assert exc.fault is SaveFault.IO and exc.slot == "1"
            assert error.strerror in exc.message
            if error.errno == errno.ENOSPC:
                assert "Free some disk space" in exc.message
        monkeypatch.setattr(files, "os", os)
        outcomes.add(loads_old_or_new(store, old, new))
        leftovers = [p.name for p in store.folder.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == [], f"step {fail_at} ({faulty.calls[-1]}) left {leftovers}"
    assert {"old", "new"} <= outcomes


@pytest.mark.parametrize("with_backup", [True, False], ids=["had-backup", "first-overwrite"])
def test_a_crash_at_any_step_leaves_a_loadable_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_backup: bool) -> None:
    steps = count_calls(tmp_path, monkeypatch)
    outcomes = set()
    for fail_at in range(1, steps + 1):
        store, old, new = setup_slot(tmp_path / f"{fail_at}", with_backup)
        monkeypatch.setattr(files, "os", FaultyOS(fail_at, Crash()))
        with pytest.raises(Crash):
            store.save("1", new.snapshot(), 3)
        monkeypatch.setattr(files, "os", os)
        restarted = SaveStore(store.root, store.story)
        outcomes.add(loads_old_or_new(restarted, old, new))
        row = restarted.info("1")
        assert row.loadable
        # The next save works; a save sweeps away what the crash left once it is old enough to be
        # certainly stray (a young temporary file may be another process's save in progress).
        restarted.save("1", new.snapshot(), 4)
        assert loads_old_or_new(restarted, old, new) == "new"
        age_temps(restarted.folder)
        restarted.save("1", new.snapshot(), 5)
        assert [p.name for p in restarted.folder.iterdir() if p.name.endswith(".tmp")] == []
    assert {"old", "old from backup", "new"} <= outcomes


def age_temps(folder: Path) -> None:
    """Make the temporary files in ``folder`` look as old as a crash long ago would have left them."""
    then = time.time() - files.STALE_AFTER - 1
    for path in folder.glob("*.tmp"):
        os.utime(path, (then, then))


def test_the_backup_note_says_the_last_save_did_not_finish(tmp_path: Path) -> None:
    store, old, _ = setup_slot(tmp_path, with_backup=False)
    os.replace(store.folder / "1.json", store.folder / "1.bak.json")  # a crash between the two renames
    loaded = store.load("1")
    assert loaded.from_backup and loaded.session.state == old.state
    assert "did not finish" in str(loaded.notes[0])
    assert "did not finish" in str(store.info("1").note)


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, _, new = setup_slot(tmp_path, with_backup=False)
    monkeypatch.setattr(files, "os", SimpleNamespace(**{**vars(os), "write": lambda fd, data: os.write(fd, bytes(data[:7]))}))
    store.save("1", new.snapshot(), 3)
    monkeypatch.setattr(files, "os", os)
    assert store.load("1").session.state == new.state


def test_the_previous_version_is_kept_as_the_backup(tmp_path: Path) -> None:
    store, old, new = setup_slot(tmp_path, with_backup=False)
    store.save("1", new.snapshot(), 3)
    assert sorted(p.name for p in store.folder.iterdir()) == ["1.bak.json", "1.json"]
    (store.folder / "1.json").write_bytes(b'{"format": "millones-save", "format_ver')  # torn by a power cut
    loaded = store.load("1")
    assert loaded.from_backup and loaded.session.state == old.state
    assert "cut off" in str(loaded.notes[0])
