"""``millones new DIR``: a small story that works, to start from.

It writes the manifest and two scene files (from ``starter/``, with the story's id and title taken
from the folder's name), the JSON Schemas the files' ``# yaml-language-server: $schema=`` lines point
at, and ``.vscode/settings.json``, which maps ``story.yaml`` and ``scenes/**/*.yaml`` to them for an
editor opened on the folder. The story has a skill, a hidden choice, a locked one, a quiz and two
endings, and passes ``check`` with no warning and ``randomtest`` with no failure (tests/maps/test_new.py).

It never writes into a folder that holds anything, not even a hidden file.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from game.cli.common import fail
from game.engine.errors import printable
from game.engine.load import MANIFEST
from game.engine.load.schema import write_schemas
from game.engine.story import humanize

STARTER = Path(__file__).resolve().parent / "starter"
SCENE_FILES = ("scenes/01_harbour.yaml", "scenes/02_crossing.yaml")
SCHEMAS = "schemas"
SETTINGS = ".vscode/settings.json"
# Words a story id cannot be: the condition language's own, and those YAML 1.1 reads as true, false or null.
_NOT_IDS = {"and", "or", "not", "true", "false", "yes", "no", "on", "off", "y", "n", "null"}


def add_parser(commands: Any, help_text: str) -> None:
    parser = commands.add_parser("new", help=help_text)
    parser.add_argument("folder", metavar="DIR", help="the new story's folder (made if need be; it must be empty)")


def story_id(name: str) -> str:
    """An id for the story from its folder's name: ``The Lighthouse`` -> ``the_lighthouse``."""
    words = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not words:
        return "my_story"
    if not words[0].isalpha() or words in _NOT_IDS:
        return f"story_{words}"
    return words


def run(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    shown = printable(str(folder))
    try:
        if folder.exists() and not folder.is_dir():
            return fail(f"{shown} is a file, not a folder; give the name of a new folder")
        if folder.is_dir() and any(folder.iterdir()):
            return fail(f"{shown} is not empty; millones new writes only into a new or empty folder, "
                        "so that it never writes over your files")
        written = write_story(folder)
    except OSError as exc:
        return fail(f"cannot write the new story into {shown}: {exc.strerror or exc}")
    print(f"A new story in {shown}:")
    for path in written:
        print(f"  {printable(str(path))}")
    print("Next (the authoring guide, scenes/README.md, explains every field):")
    for command in ("check", "play", "map"):
        print(f"  millones {command} {shown}")
    return 0


def write_story(folder: Path) -> list[Path]:
    """Write the starter story into ``folder`` (made if need be); the files written."""
    identifier = story_id(folder.resolve().name)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    manifest = (STARTER / MANIFEST).read_text(encoding="utf-8")
    manifest = re.sub(r"^id: new_story +#", lambda _: f"id: {identifier}".ljust(28) + " #", manifest, count=1, flags=re.M)
    manifest = manifest.replace('\ntitle: "New story"\n', f"\ntitle: {json.dumps(humanize(identifier))}\n", 1)
    for name, text in [(MANIFEST, manifest), *[(name, (STARTER / name).read_text(encoding="utf-8")) for name in SCENE_FILES],
                       (SETTINGS, (STARTER / "settings.json").read_text(encoding="utf-8"))]:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    written[3:3] = write_schemas(folder / SCHEMAS)
    return written
