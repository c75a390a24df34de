"""Which endings a player has found, per story, remembered across playthroughs (``endings.json``)."""

from __future__ import annotations

from game import userdata

FILE_NAME = "endings.json"


def _read() -> dict[str, list[str]]:
    data = userdata.read_json(FILE_NAME)
    if not isinstance(data, dict):
        return {}
    return {story: [e for e in endings if isinstance(e, str)]
            for story, endings in data.items() if isinstance(story, str) and isinstance(endings, list)}


def found_endings(story_id: str) -> set[str]:
    return set(_read().get(story_id, []))


def record_ending(story_id: str, ending: str) -> set[str]:
    """Add ``ending`` to the story's found endings (other stories' records kept) and return them all."""
    data = _read()
    found = set(data.get(story_id, [])) | {ending}
    data[story_id] = sorted(found)
    userdata.write_json(FILE_NAME, data)
    return found
