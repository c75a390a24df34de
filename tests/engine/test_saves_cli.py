"""``millones saves list|show|delete`` and ``play --load``, run as a player would run them."""

from __future__ import annotations

from pathlib import Path

import pytest
from saves_support import FIXTURE, fixture_story, play
from saves_support import run_cli as run

from game.cli import build_parser
from game.engine.saves import SaveStore


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    store = SaveStore(tmp_path, fixture_story())
    store.save("2", play(store.story, [0, 0]).snapshot(), 3725, name="Dos años")
    store.quicksave(play(store.story, [0]).snapshot(), 30)
    store.folder.joinpath("5.json").write_bytes(b'{"format": "millones-save", "format_ver')
    return tmp_path


def test_list_shows_slot_name_chapter_and_date(saves: Path) -> None:
    result = run("saves", "list", "--story", str(FIXTURE), saves=saves)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["SLOT", "NAME", "CHAPTER", "PLAYED", "SAVED"]
    assert lines[1].startswith("2 ") and "Dos años" in lines[1] and "Home" in lines[1] and "1 h 02 min" in lines[1]
    assert lines[2].startswith("5 ") and "cannot be read" in lines[2]
    assert lines[3].startswith("quick ") and "30 s" in lines[3]
    assert len(lines) == 4


def test_list_of_an_empty_folder_says_so(tmp_path: Path) -> None:
    result = run("saves", "list", "--story", str(FIXTURE), saves=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("No saves in ")


def test_show_tells_everything_about_a_save(saves: Path) -> None:
    result = run("saves", "show", "2", "--story", str(FIXTURE), saves=saves)
    assert result.returncode == 0, result.stderr
    for words in ("Slot 2:  Dos años", "Chapter: Home", "Scene:   The kitchen, 1982", "Year:    1982", "Played:  1 h 02 min",
                  "Undo:    2 steps back"):
        assert words in result.stdout


@pytest.mark.parametrize("args, code, words", [
    (["saves", "show", "5"], 1, "millones: Slot 5: The save file is cut off before its end"),
    (["saves", "show", "7"], 1, "millones: Slot 7 is empty."),
    (["saves", "show", "../../etc/passwd"], 2, "There is no save slot '../../etc/passwd'"),
    (["saves", "delete", "7", "--yes"], 1, "Slot 7 is empty; there is nothing to delete."),
    (["play", "--load", "12"], 2, "argument --load: There is no save slot '12'"),
])
def test_mistakes_are_one_clear_line_and_a_failure_status(saves: Path, args: list[str], code: int, words: str) -> None:
    before = (saves / "orbit" / "5.json").read_bytes()
    result = run(*args, "--story", str(FIXTURE), saves=saves) if args[0] == "saves" else run(*args, saves=saves)
    assert result.returncode == code
    assert words in result.stderr and "Traceback" not in result.stderr
    assert (saves / "orbit" / "5.json").read_bytes() == before


def test_delete_asks_first_and_refuses_without_a_terminal(saves: Path) -> None:
    result = run("saves", "delete", "2", "--story", str(FIXTURE), saves=saves)
    assert result.returncode == 2 and "add --yes" in result.stderr
    assert (saves / "orbit" / "2.json").exists()
    result = run("saves", "delete", "2", "--yes", "--story", str(FIXTURE), saves=saves)
    assert result.returncode == 0 and result.stdout.strip() == "Deleted Slot 2."
    assert not (saves / "orbit" / "2.json").exists()


def test_the_saves_option_wins_over_the_environment(saves: Path, tmp_path: Path) -> None:
    result = run("saves", "list", "--story", str(FIXTURE), "--saves", str(tmp_path / "elsewhere"), saves=saves)
    assert result.returncode == 0 and "No saves in" in result.stdout and "elsewhere" in result.stdout


def test_a_broken_story_is_one_line_too(saves: Path, tmp_path: Path) -> None:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "story.yaml").write_text("id: [", encoding="utf-8")
    result = run("saves", "list", "--story", str(tmp_path / "broken"), saves=saves)
    assert result.returncode == 1 and "cannot be loaded" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_play_hands_the_slot_and_folder_to_the_front_end() -> None:
    args = build_parser().parse_args(["play", "--load", "quick", "--saves", "/tmp/s"])
    assert (args.load, args.saves) == ("quick", "/tmp/s")
    assert build_parser().parse_args(["play"]).load is None
