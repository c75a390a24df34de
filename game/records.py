"""What a player has found across playthroughs, per story: the endings (when and how) and the passages
read. Kept in the player's data folder (``endings.json``, ``seen.json``)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any

from game import userdata

ENDINGS = "endings.json"
SEEN = "seen.json"
MAX_SEEN = 100_000  # passages remembered per story: far more than any story has


@dataclass(frozen=True, slots=True)
class FoundEnding:
    """An ending as the player first found it."""

    id: str
    found: str  # when, ISO 8601 in UTC
    game: int = 0  # which playthrough (0: not counted)
    chapter: str = ""
    choices: int = 0  # choices made to get there
    path: tuple[str, ...] = ()  # the last choices taken on the way

    @property
    def found_at(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.found)
        except ValueError:
            return None


def found_endings(story_id: str) -> dict[str, FoundEnding]:
    """The story's endings found so far, by id (files of earlier versions list ids only)."""
    data = userdata.read_json(ENDINGS)
    kept = data.get(story_id) if isinstance(data, dict) else None
    if isinstance(kept, list):
        return {ending: FoundEnding(ending, "") for ending in kept if isinstance(ending, str)}
    if not isinstance(kept, dict):
        return {}
    return {ending: found for ending, record in kept.items() if (found := _found(ending, record)) is not None}


def record_ending(story_id: str, ending: FoundEnding) -> None:
    """Remember ``ending`` unless it was found before (the first time is the one kept)."""
    data = userdata.read_json(ENDINGS)
    data = data if isinstance(data, dict) else {}
    known = found_endings(story_id)
    if ending.id in known and known[ending.id].found:
        return
    known[ending.id] = ending
    data[story_id] = {key: {**asdict(value), "path": list(value.path)} for key, value in known.items()}
    userdata.write_json(ENDINGS, data)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _found(ending: str, record: Any) -> FoundEnding | None:
    if not isinstance(record, dict):
        return None
    found, game, chapter, choices = (record.get(key) for key in ("found", "game", "chapter", "choices"))
    path = record.get("path", [])
    if not (isinstance(found, str) and type(game) is int and isinstance(chapter, str) and type(choices) is int
            and isinstance(path, list) and all(isinstance(step, str) for step in path)):
        return None
    return FoundEnding(ending, found, game, chapter, choices, tuple(path[:5]))


def passage_key(scene: str, paragraphs: tuple[str, ...]) -> str:
    """A passage as read: its scene and its text (a scene reads differently in different states)."""
    digest = hashlib.blake2b("\n\n".join(paragraphs).encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()
    return f"{scene}:{digest}"


def seen_passages(story_id: str) -> set[str]:
    data = userdata.read_json(SEEN)
    kept = data.get(story_id) if isinstance(data, dict) else None
    return {key for key in kept if isinstance(key, str)} if isinstance(kept, list) else set()


def record_seen(story_id: str, keys: set[str]) -> None:
    """Add ``keys`` to the passages read in ``story_id``."""
    data = userdata.read_json(SEEN)
    data = data if isinstance(data, dict) else {}
    kept = seen_passages(story_id) | keys
    data[story_id] = sorted(kept)[:MAX_SEEN]
    userdata.write_json(SEEN, data)
