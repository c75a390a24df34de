"""The one exception the saves raise, carrying a message fit to show a player as it is."""

from __future__ import annotations

from enum import Enum


class Problem(str, Enum):
    """What went wrong, for code that reacts differently (the message is what a player reads)."""

    BAD_SLOT = "bad_slot"  # not a slot id
    EMPTY = "empty"  # nothing saved in the slot
    TRUNCATED = "truncated"
    NOT_JSON = "not_json"
    SHAPE = "shape"  # JSON, but not a save
    CHECKSUM = "checksum"
    FORMAT_VERSION = "format_version"
    OTHER_STORY = "other_story"
    TOO_LARGE = "too_large"
    UNREADABLE_SLOT = "unreadable_slot"  # saving would replace a save that cannot be read
    IO = "io"  # the disk said no (full, read-only, permissions)


class SaveError(Exception):
    """A save could not be written, read or used.

    ``reason`` is one or two plain sentences for a player; ``message`` adds the slot's label when
    the error is about a slot ("Slot 3: This save ...").
    """

    def __init__(self, problem: Problem, reason: str, slot: str = "") -> None:
        self.problem = problem
        self.reason = reason
        self.slot = slot
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if not self.slot:
            return self.reason
        from game.engine.saves.slots import label  # slots builds on this module

        return f"{label(self.slot)}: {self.reason}"

    def at(self, slot: str) -> SaveError:
        """The same error, about ``slot``."""
        return SaveError(self.problem, self.reason, slot)
