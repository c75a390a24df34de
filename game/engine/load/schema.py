"""JSON Schemas of the two kinds of story file, for editors (completion, hover help, squiggles).

Generated from the pydantic models in ``game.engine.load.model``, so they cannot drift from what the
loader accepts, then tightened where pydantic's export is looser than its validation: mapping keys
must match their pattern, and a scene has exactly one of choices, branch, random, quiz, ending.
They are written as JSON Schema draft-07, the dialect ``yaml-language-server`` fully supports (they use
nothing newer). The package ships them in ``game/schemas/``; a test keeps those equal to a fresh export.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from game.engine.load import model

DIALECT = "http://json-schema.org/draft-07/schema#"
_REFS = "#/definitions/{model}"
SHIPPED = Path(__file__).resolve().parents[2] / "schemas"


def story_schema() -> dict[str, Any]:
    schema = model.Manifest.model_json_schema(by_alias=True, ref_template=_REFS)
    return _finish(schema, "millones story manifest (story.yaml)",
                   "What the story is, where it starts, and the skills, stats, flags and goals its scenes use. "
                   "See scenes/README.md, the authoring guide.")


def scenes_schema() -> dict[str, Any]:
    schema = TypeAdapter(model.SceneFile).json_schema(by_alias=True, ref_template=_REFS)
    schema["$defs"]["Scene"]["oneOf"] = [{"required": [kind]} for kind in model.SCENE_KINDS]
    return _finish(schema, "millones scene file",
                   "A list of scenes. Each has an id, optional chapter, title, text and effects, and exactly one of "
                   "choices, branch, random, quiz or ending. See scenes/README.md, the authoring guide.")


def _finish(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    _close_pattern_maps(schema)
    body = {key: value for key, value in schema.items() if key not in ("title", "description", "$defs")}
    return {"$schema": DIALECT, "title": title, "description": description, **body, "definitions": schema["$defs"]}


def _close_pattern_maps(node: Any) -> None:
    """A mapping whose keys pydantic checks by pattern refuses other keys: say so in the schema."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_pattern_maps(value)
    elif isinstance(node, list):
        for value in node:
            _close_pattern_maps(value)


SCHEMAS = {"story.schema.json": story_schema, "scenes.schema.json": scenes_schema}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write both schemas into ``folder`` (created if needed); returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in SCHEMAS.items():
        path = folder / name
        path.write_text(render(build()), encoding="utf-8")
        written.append(path)
    return written
