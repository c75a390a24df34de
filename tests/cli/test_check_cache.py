"""`millones check` answers a story it has checked before from its cache; a changed file is always read
again, and a cache entry that is corrupt or hostile is ignored."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli import checkcache

ROOT = Path(__file__).resolve().parents[2]

SCENES = """\
- id: first
  text: The first scene.
  choices:
    - {text: On, goto: second}
- id: second
  text: The second scene.
  ending: {title: Done}
"""
BROKEN = SCENES.replace("goto: second", "goto: secnd")  # same length: only the content differs


def check(story: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", "check", str(story), *options], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


@pytest.fixture
def story(write_story: Callable[..., Path]) -> Path:
    return write_story(files={"scenes/a.yaml": SCENES})


def test_a_story_checked_again_gets_the_same_report_from_the_cache(story: Path, check_cache: Path) -> None:
    first = check(story)
    assert list(check_cache.glob("*.json")), "the report was kept"
    again = check(story)
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    assert first.returncode == 0 and first.stdout.startswith("0 error(s), 0 warning(s)")


def test_a_changed_file_is_read_again(story: Path) -> None:
    assert check(story).returncode == 0
    scene_file = story / "scenes" / "a.yaml"
    stat = scene_file.stat()
    scene_file.write_text(BROKEN, encoding="utf-8")
    broken = check(story)
    assert broken.returncode == 1 and "secnd" in broken.stdout
    scene_file.write_text(SCENES, encoding="utf-8")
    assert check(story).returncode == 0
    assert stat.st_size == scene_file.stat().st_size


def test_a_new_file_and_a_removed_one_are_noticed(story: Path) -> None:
    assert check(story).returncode == 0
    extra = story / "scenes" / "b.yaml"
    extra.write_text("- id: first\n  text: Again.\n  ending: {title: Twice}\n", encoding="utf-8")
    assert check(story).returncode == 1
    extra.unlink()
    assert check(story).returncode == 0


def test_each_option_has_its_own_report(story: Path) -> None:
    text = check(story)
    as_json = check(story, "--json")
    assert not text.stdout.startswith("{") and as_json.stdout.startswith("{")
    assert check(story).stdout == text.stdout and check(story, "--json").stdout == as_json.stdout


@pytest.mark.parametrize("entry", [
    b"not json at all \xff",
    b'{"format": 1, "key": "%(key)s", "output": "0 error(s)\\u001b]0;owned\\u0007", "status": 0}',
    b'{"format": 1, "key": "%(key)s", "output": "0 error(s)", "status": 7}',
    b'{"format": 1, "key": "another", "output": "0 error(s)", "status": 0}',
    b'[1, 2, 3]',
])
def test_a_corrupt_or_hostile_cache_entry_is_ignored(write_story: Callable[..., Path], check_cache: Path,
                                                     entry: bytes) -> None:
    story = write_story(files={"scenes/a.yaml": BROKEN})
    options = {"against": None, "json": False, "story": str(story)}
    key = checkcache.key(story, options)
    assert key is not None
    check_cache.mkdir(exist_ok=True)
    (check_cache / f"{key}.json").write_bytes(entry.replace(b"%(key)s", key.encode()))
    result = check(story)
    assert result.returncode == 1 and "secnd" in result.stdout and "\x1b" not in result.stdout


def test_a_cache_that_cannot_be_written_changes_nothing(story: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a_file"
    blocked.write_text("in the way")
    monkeypatch.setenv("MILLONES_CACHE", str(blocked / "cache"))
    first, again = check(story), check(story)
    assert first.returncode == again.returncode == 0 and first.stdout == again.stdout
