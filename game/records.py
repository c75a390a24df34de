"""Which endings a player has found, per story, remembered across playthroughs (``endings.json``)."""

from __future__ import annotations

from pathlib import Path

from game import userdata

FILE_NAME = "endings.json"


def records_path(folder: Path | None = None) -> Path:
    return (folder or userdata.data_dir()) / FILE_NAME


def _read(path: Path) -> dict[str, list[str]]:
    data = userdata.read_json(path)
    if not isinstance(data, dict):
        return {}
    return {story: [e for e in endings if isinstance(e, str)]
            for story, endings in data.items() if isinstance(story, str) and isinstance(endings, list)}


def found_endings(story_id: str, folder: Path | None = None) -> set[str]:
    return set(_read(records_path(folder)).get(story_id, []))


def record_ending(story_id: str, ending: str, folder: Path | None = None) -> set[str]:
    """Add ``ending`` to the story's found endings (other stories' records kept) and return them all."""
    path = records_path(folder)
    data = _read(path)
    found = set(data.get(story_id, [])) | {ending}
    data[story_id] = sorted(found)
    userdata.write_json(path, data)
    return found
