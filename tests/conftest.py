"""Shared fixtures: small story folders written on the fly, so tests never depend on the shipped story."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from game import i18n

MINIMAL_MANIFEST = """\
id: tiny
version: "1"
title: Tiny
start: first
"""


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English, whatever the machine's locale; a test that switches language is undone."""
    for variable in i18n.LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    i18n.use(i18n.ENGLISH)
    yield
    i18n.use(i18n.ENGLISH)


@pytest.fixture
def write_story(tmp_path: Path) -> Callable[..., Path]:
    """Write a story folder: ``write_story(manifest_yaml, {"scenes/a.yaml": "...yaml..."})`` -> its path."""

    def write(manifest: str = MINIMAL_MANIFEST, files: dict[str, str] | None = None, name: str = "story") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        (root / "story.yaml").write_text(textwrap.dedent(manifest), encoding="utf-8")
        for relative, text in (files or {}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return write


@pytest.fixture(autouse=True)
def check_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own cache of `check`'s reports (also for the commands it runs), never the user's."""
    folder = tmp_path_factory.mktemp("check-cache")
    monkeypatch.setenv("MILLONES_CACHE", str(folder))
    return folder
