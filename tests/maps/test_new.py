"""``millones new``: a small story that passes check and randomtest, with its schemas and editor settings."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.cli.new import story_id
from game.engine import load_story
from game.engine.load.schema import SCHEMAS, render

ROOT = Path(__file__).resolve().parents[2]
MODELINE = re.compile(r"\A# yaml-language-server: \$schema=(\S+)\n")


def millones(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("new") / "The Lighthouse"
    result = millones("new", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"A new story in {folder}:") and f"millones check {folder}" in result.stdout
    return folder


def test_it_passes_check_with_no_error_and_no_warning(story: Path) -> None:
    result = millones("check", str(story))
    assert result.returncode == 0 and result.stdout.startswith("0 error(s), 0 warning(s);"), result.stdout


def test_it_passes_randomtest(story: Path) -> None:
    result = millones("randomtest", str(story), "--runs", "300", "--seed", "5")
    assert result.returncode == 0 and "No failures." in result.stdout, result.stdout
    assert "Endings (2 of 2 reached)" in result.stdout and "Scenes visited: 4 of 4" in result.stdout


def test_it_shows_each_feature(story: Path) -> None:
    loaded = load_story(story)
    assert loaded.id == "the_lighthouse" and loaded.text(loaded.title) == "The lighthouse"
    assert len(loaded.skills) == 1 and len(loaded.endings) == 2 and len(loaded.goals) == 1
    choices = [choice for scene in loaded.scenes.values() for choice in scene.choices]
    assert any(choice.requires is not None and choice.locked is not None for choice in choices)  # locked
    assert any(choice.visible is not None for choice in choices)  # hidden
    assert any(scene.quiz is not None for scene in loaded.scenes.values())
    assert {scene.where.file for scene in loaded.scenes.values()} == {"scenes/01_harbour.yaml", "scenes/02_crossing.yaml"}


def test_each_file_names_its_schema_and_the_schemas_are_written(story: Path) -> None:
    files = sorted(story.rglob("*.yaml"))
    assert [path.relative_to(story).as_posix() for path in files] == \
        ["scenes/01_harbour.yaml", "scenes/02_crossing.yaml", "story.yaml"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        match = MODELINE.match(text)
        assert match, path
        schema_path = (path.parent / match[1]).resolve()
        name = "story.schema.json" if path.name == "story.yaml" else "scenes.schema.json"
        assert schema_path == (story / "schemas" / name).resolve()
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.Draft7Validator(schema).validate(yaml.safe_load(text))  # what an editor checks as you type
    for name, build in SCHEMAS.items():
        assert (story / "schemas" / name).read_text(encoding="utf-8") == render(build())


def test_the_editor_settings_map_the_yaml_files_to_the_schemas(story: Path) -> None:
    settings = json.loads((story / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert all((story / schema).is_file() for schema in mapping)
    matched = {path.relative_to(story).as_posix(): [schema for schema, patterns in mapping.items()
                                                    if any(glob(pattern).fullmatch("/" + path.relative_to(story).as_posix())
                                                           for pattern in patterns)]
               for path in story.rglob("*.yaml")}
    assert matched == {"story.yaml": ["./schemas/story.schema.json"],
                       "scenes/01_harbour.yaml": ["./schemas/scenes.schema.json"],
                       "scenes/02_crossing.yaml": ["./schemas/scenes.schema.json"]}


def glob(pattern: str) -> re.Pattern[str]:
    """A glob as editors read one: ``**/`` is any number of folders (none too), ``*`` stays inside one."""
    parts = re.split(r"(\*\*/|\*)", pattern)
    return re.compile("".join("(?:.*/)?" if part == "**/" else "[^/]*" if part == "*" else re.escape(part)
                              for part in parts))


def test_it_refuses_a_folder_that_holds_anything(tmp_path: Path) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / ".hidden").write_text("mine", encoding="utf-8")
    result = millones("new", str(folder))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("millones: ") and "is not empty" in result.stderr and len(result.stderr.splitlines()) == 1
    assert [path.name for path in folder.iterdir()] == [".hidden"]


def test_it_refuses_a_file_and_a_place_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    for place in (tmp_path / "a_file", tmp_path / "a_file" / "inside"):
        result = millones("new", str(place))
        assert result.returncode == 1 and result.stderr.startswith("millones: ") and "Traceback" not in result.stderr


def test_an_empty_folder_or_a_new_deep_one_is_fine(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert millones("new", str(tmp_path / "empty")).returncode == 0
    assert millones("new", str(tmp_path / "a" / "b" / "yes")).returncode == 0
    assert load_story(tmp_path / "a" / "b" / "yes").id == "story_yes"  # YAML would read a bare yes as true


@pytest.mark.parametrize(("name", "expected"), [
    ("The Lighthouse!", "the_lighthouse"), ("2024", "story_2024"), ("and", "story_and"), ("¡¡", "my_story"),
    ("mi-historia ñ", "mi_historia"),
])
def test_story_ids_come_from_the_folder_name(name: str, expected: str) -> None:
    assert story_id(name) == expected
