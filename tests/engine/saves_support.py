"""Shared helpers for the saves tests: the fixture story, scripted games, and comparing games."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

from game.engine import GameSession, Story, available, load_story
from game.engine.saves import SaveStore, document

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "saves_story"
UNDO = -1  # in a script: undo instead of choosing


@cache
def fixture_story() -> Story:
    return load_story(FIXTURE)


def play(story: Story, script: list[int], seed: int = 7) -> GameSession:
    """A game after ``script``: each number picks among the open options (modulo), UNDO undoes."""
    game = GameSession.new(story, seed=seed)
    for step in script:
        if step == UNDO:
            if game.can_undo:
                game.undo()
            continue
        options = available(story, game.state)
        if not options:
            break
        game.choose(options[step % len(options)])
    return game


def assert_same_game(loaded: GameSession, original: GameSession) -> None:
    """The same state, screen, undo history and journal, as a player (and undo) would see them."""
    assert loaded.state.to_json() == original.state.to_json()
    assert loaded.view == original.view
    assert [s.to_json() for s in loaded.history] == [s.to_json() for s in original.history]
    assert list(loaded.journal) == list(original.journal)
    assert loaded.language == original.language


class Ticking:
    """A clock for the store that moves a second per call, so save order is unambiguous."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def story_variant(tmp: Path, replacements: dict[str, list[tuple[str, str]]], name: str = "v2") -> Story:
    """A copy of the fixture story with exact text replacements per file (each must match)."""
    target = tmp / name
    shutil.copytree(FIXTURE, target)
    for file, pairs in replacements.items():
        path = target / file
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, f"{old!r} not in {file}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return load_story(target)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def save_doc(game: GameSession, seconds: float = 10, name: str = "mine") -> dict[str, Any]:
    """A real save of ``game``, as the JSON document it is on disk."""
    return json.loads(document.encode(game.snapshot(), seconds, name, datetime.now(timezone.utc))[0])


def reseal(doc: dict[str, Any]) -> bytes:
    """A document's file with its checksum recomputed, as anyone who edits a save can do."""
    doc["checksum"] = document.checksum(doc)
    return json.dumps(doc, separators=(",", ":")).encode("ascii")


def put_edited(store: SaveStore, slot: str, change: Callable[[dict[str, Any]], object], script: Sequence[int] = (0, 0)) -> Path:
    """A save of the fixture story after ``script``, changed by ``change`` and resealed, in ``slot``'s file."""
    doc = save_doc(play(store.story, list(script)))
    change(doc)
    store.folder.mkdir(parents=True, exist_ok=True)
    path = store.folder / f"{slot}.json"
    path.write_bytes(reseal(doc))
    return path


def run_cli(*args: str, saves: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``millones ARGS`` in a new process, as a player runs it, with its saves in ``saves``."""
    env = {**os.environ, "MILLONES_SAVES": str(saves), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=60)
