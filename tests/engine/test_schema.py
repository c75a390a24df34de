"""The JSON Schemas editors use: shipped up to date, and agreeing with what the loader accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from game.cli import main
from game.engine.load.loader import scene_files
from game.engine.load.safeyaml import parse
from game.engine.load.schema import SCHEMAS, SHIPPED, render, scenes_schema, story_schema, write_schemas

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def validator(schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    return [error.message for error in validator(schema).iter_errors(data)]


def test_the_shipped_schemas_equal_a_fresh_export() -> None:
    for name, build in SCHEMAS.items():
        assert (SHIPPED / name).read_text(encoding="utf-8") == render(build()), \
            f"game/schemas/{name} is stale: run `millones schema game/schemas`"


def test_the_schema_command_writes_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["scenes.schema.json", "story.schema.json"]
    assert capsys.readouterr().out.splitlines() == [str(tmp_path / "out" / name) for name in SCHEMAS]
    assert write_schemas(tmp_path / "again") == [tmp_path / "again" / name for name in SCHEMAS]


def test_the_schemas_have_titles_and_descriptions_for_hover_help() -> None:
    for schema in (story_schema(), scenes_schema()):
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert schema["title"] and schema["description"]
    scene = scenes_schema()["definitions"]["Scene"]
    assert scene["description"].startswith("A scene")
    assert "scene it leads to" in scenes_schema()["definitions"]["Choice"]["properties"]["goto"]["description"]


@pytest.mark.parametrize("folder", ["check_clean", "check_flaws", "runtime_story", "tui_story"])
def test_stories_that_load_are_valid_against_the_schemas(folder: str) -> None:
    root = FIXTURES / folder
    assert errors(story_schema(), parse((root / "story.yaml").read_text(encoding="utf-8"), "story.yaml")) == []
    for path in scene_files(root):
        assert errors(scenes_schema(), parse(path.read_text(encoding="utf-8"), path.name)) == [], path


def scene(**keys: Any) -> list[dict[str, Any]]:
    return [{"id": "a", **keys}]


def test_conditional_paragraphs_and_translations_are_accepted() -> None:
    data = scene(text=["plain", {"if": "lit", "text": "shown"}, {"if": "lit", "text": {"en": "a", "es": "b"}},
                       {"en": "hello", "es": "hola"}], ending={"title": {"en": "End", "es": "Fin"}})
    assert errors(scenes_schema(), data) == []


@pytest.mark.parametrize(("data", "why"), [
    (scene(text="x", ending={"title": "E"}, choices=[{"text": "go", "goto": "a"}]), "two kinds"),
    (scene(text="x"), "no kind"),
    (scene(ending={"title": "E"}, efects=[]), "a misspelt key"),
    (scene(choices=[{"text": "go"}]), "a choice without goto"),
    (scene(choices=[{"text": "go", "goto": "a", "effects": [{"sett": {"x": 1}}]}]), "an unknown effect"),
    (scene(ending={"title": {"english": "End"}}), "a language code that is not one"),
    (scene(ending={"title": "E"}, effects=[{"add": {}}]), "an empty add"),
    ([{"id": "9lives", "ending": {"title": "E"}}], "an id that is not a name"),
])
def test_the_scenes_schema_refuses_what_the_loader_refuses(data: Any, why: str) -> None:
    assert errors(scenes_schema(), data), why


def test_the_story_schema_refuses_a_misspelt_key_and_accepts_the_full_format() -> None:
    manifest = {
        "id": "s", "version": "1", "title": {"en": "S", "es": "S"}, "author": "A", "language": "en", "start": "a",
        "header": ["year"], "about": "x",
        "skills": {"pilot": {"name": "Pilot", "states": ["none", {"id": "solo", "name": "First solo"}],
                             "transitions": [{"from": "solo", "to": "none"}]}},
        "stats": {"year": {"start": 1972, "min": 0, "max": 3000, "name": "Year"}},
        "flags": ["lit"],
        "goals": {"g": {"name": "G", "items": [{"label": "L", "when": "lit"}]}},
        "renames": {"scenes": {"old": "a"}, "states": {"pilot": {"license": "solo"}}},
    }
    assert errors(story_schema(), manifest) == []
    assert errors(story_schema(), {**manifest, "skils": {}})
    assert errors(story_schema(), {**manifest, "stats": {"year": {"start": "1972"}}})


def test_the_guide_shows_modelines_that_point_at_the_shipped_schemas() -> None:
    """The guide lives in the shipped story folder, so its relative paths resolve from there."""
    guide = (ROOT / "scenes" / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"#\s+yaml-language-server:\s*\$schema=(\S+)", guide)
    assert sorted(Path(t).name for t in targets) == ["scenes.schema.json", "story.schema.json"]
    for target in targets:
        assert (ROOT / "scenes" / target).resolve() == (SHIPPED / Path(target).name).resolve()
        assert json.loads((ROOT / "scenes" / target).read_text(encoding="utf-8"))["title"]
