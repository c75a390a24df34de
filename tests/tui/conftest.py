"""Shared set-up for the TUI tests: a fixture story, a private data folder, and a started app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App

from game.tui.app import Launch, MillonesApp
from game.tui.settings import Settings

from .helpers import NOTICES, STORY


@pytest.fixture(autouse=True)
def record_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every notice an app shows (``helpers.notices``), so tests read them after they expire."""
    shown = App.notify

    def notify(app: App[int], message: str, *args: object, **kwargs: object) -> None:
        NOTICES.setdefault(app, []).append(message)
        shown(app, message, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(App, "notify", notify)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings, found endings and saves go to fresh folders for every test."""
    folder = tmp_path / "data"
    monkeypatch.setenv("MILLONES_DATA", str(folder))
    monkeypatch.setenv("MILLONES_SAVES", str(tmp_path / "saves"))
    return folder


@pytest.fixture
def make_app() -> Callable[..., MillonesApp]:
    def make(story: Path = STORY, *, start: str | None = None, seed: int = 7,
             settings: Settings | None = None) -> MillonesApp:
        return MillonesApp(Launch(story, start=start, seed=seed), settings)

    return make
