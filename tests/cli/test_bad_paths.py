"""Every command answers a path it cannot use with one line on stderr and exit status 1, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from game import __version__

ROOT = Path(__file__).resolve().parents[2]


def millones(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture
def places(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "a_file").write_text("not a folder")
    (tmp_path / "empty").mkdir()
    return {
        "missing": str(tmp_path / "nope"),
        "a file": str(tmp_path / "a_file"),
        "inside a file": str(tmp_path / "a_file" / "x"),
        "no story.yaml": str(tmp_path / "empty"),
    }


@pytest.mark.parametrize("place", ["missing", "a file", "inside a file", "no story.yaml"])
@pytest.mark.parametrize("command", [["check"], ["randomtest", "--runs", "1"], ["play"], ["saves", "list", "--story"]])
def test_a_story_folder_that_is_not_one(command: list[str], place: str, places: dict[str, str]) -> None:
    result = millones(*command, places[place])
    assert result.returncode == 1, result
    assert result.stdout == "" and result.stderr.startswith("millones: ") and len(result.stderr.splitlines()) == 1
    assert places[place] in result.stderr


def test_schema_into_a_path_that_cannot_be_a_folder(places: dict[str, str]) -> None:
    result = millones("schema", places["inside a file"])
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("millones: cannot write the schemas into ") and "Traceback" not in result.stderr


def test_a_usage_mistake_is_status_2_on_stderr() -> None:
    result = millones("randomtest", "--runs", "-1")
    assert result.returncode == 2 and result.stdout == "" and "--runs must be 0 or more" in result.stderr
    result = millones("play", "--load", "../etc")
    assert result.returncode == 2 and "There is no save slot" in result.stderr


def test_version() -> None:
    result = millones("--version")
    assert result.returncode == 0 and result.stdout == f"millones {__version__}\n"
