"""Slot ids, their labels and file names, the names players give slots, and the one error saves raise.

A file name comes only from a slot id, and a slot id is one of the fixed list below or an autosave
of one playthrough ("run"), spelled by ``run_slot`` from a number and a scene id. Both are checked
exactly, so nothing a player types (a slot's name is free text, kept inside the file) can point a
file anywhere else.

Each playthrough keeps its own autosaves, so that a new game never replaces another one's: one as
each chapter opens (``r3cuniversity``: run 3, the chapter opened by the scene ``university``), and
one when the player quits (``r3q``). The ring ``auto1``-``auto3`` is what earlier versions wrote.
"""

from __future__ import annotations

import re
from enum import Enum

from game.engine.errors import MillonesError

MANUAL = tuple(str(n) for n in range(1, 10))
QUICK = "quick"
AUTO = ("auto1", "auto2", "auto3")  # the autosave ring of earlier versions: read, listed, no longer written
SLOTS = (*MANUAL, QUICK, *AUTO)
RUN_SLOT = re.compile(r"r([1-9][0-9]{0,5})(?:c([A-Za-z][A-Za-z0-9_]{0,99})|q)\Z")
RUN_SLOT_FILE = re.compile(r"(r[1-9][0-9]{0,5}(?:c[A-Za-z][A-Za-z0-9_]{0,99}|q))\.json\Z")
NAME_LIMIT = 80

SAVE_SUFFIX = ".json"
BACKUP_SUFFIX = ".bak.json"
TEMP_SUFFIX = ".tmp"
UNREADABLE_MARK = ".unreadable-"


class SaveFault(str, Enum):
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


class SaveError(MillonesError):
    """A save could not be written, read or used.

    ``reason`` is one or two plain sentences for a player; ``message`` adds the slot's label when
    the error is about a slot ("Slot 3: This save ...").
    """

    def __init__(self, fault: SaveFault, reason: str, slot: str = "") -> None:
        self.fault = fault
        self.reason = reason
        self.slot = slot
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if not self.slot:
            return self.reason
        return f"{label(self.slot)}: {self.reason}"

    def at(self, slot: str) -> SaveError:
        """The same error, about ``slot``."""
        return SaveError(self.fault, self.reason, slot)


def check_slot(slot: object) -> str:
    """The slot id itself, or SaveError if it is not one of ``SLOTS`` or a run's autosave (compared exactly)."""
    if isinstance(slot, str) and (slot in SLOTS or RUN_SLOT.match(slot)):
        return slot
    shown = repr(slot) if not isinstance(slot, str) else repr(slot[:40])
    raise SaveError(SaveFault.BAD_SLOT, f"There is no save slot {shown}: slots are 1 to 9, quick, a game's autosaves "
                                        "(as `millones saves list` shows them), and auto1 to auto3.")


def run_slot(run: int, chapter: str | None = None) -> str:
    """The autosave of playthrough ``run`` as the chapter opened by the scene ``chapter`` opens, or
    (with no chapter) when the player quits."""
    return check_slot(f"r{run}c{chapter}" if chapter is not None else f"r{run}q")


def run_of(slot: str) -> tuple[int, str | None] | None:
    """(run, chapter scene or None for the quit autosave) of a run's autosave; None for other slots."""
    found = RUN_SLOT.match(slot)
    return None if found is None else (int(found.group(1)), found.group(2))


def label(slot: str) -> str:
    """What a player calls a slot: "Slot 3", "Quicksave", "Game 2" (one of that game's autosaves, named
    for why it was made), "Autosave 2"."""
    if slot == QUICK:
        return "Quicksave"
    if slot in AUTO:
        return f"Autosave {slot[-1]}"
    run = run_of(slot)
    if run is not None:
        return f"Game {run[0]}"
    return f"Slot {slot}"


def save_file(slot: str) -> str:
    return check_slot(slot) + SAVE_SUFFIX


def backup_file(slot: str) -> str:
    return check_slot(slot) + BACKUP_SUFFIX


# What a terminal obeys instead of showing (C0 and C1 controls: ESC, BEL, CSI U+009B, DEL...) or what
# breaks a line; and lone surrogates, which JSON escapes can spell and no terminal can print. A save
# is text anyone can edit, so whatever it says is cleaned of these before it is shown.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_UNSAFE_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # keeps line breaks and tabs


def clean_name(name: str | None) -> str:
    """A slot name as typed, minus what cannot be shown on one line or written as UTF-8."""
    return clean_line(name or "", NAME_LIMIT)


def clean_line(text: str, limit: int) -> str:
    """Text to show on one line: controls become spaces, lone surrogates "?", at most ``limit`` characters."""
    return _UNSAFE.sub(_replacement, text).strip()[:limit].rstrip()


def clean_text(text: str) -> str:
    """Text of any length to show as it was written, line breaks included, minus what could drive a terminal."""
    return _UNSAFE_BUT_LINES.sub(_replacement, text)


def is_clean(text: str) -> bool:
    """Whether ``clean_text`` would leave ``text`` as it is (one quick look at many texts joined)."""
    return _UNSAFE_BUT_LINES.search(text) is None


def _replacement(found: re.Match[str]) -> str:
    return "?" if "\ud800" <= found.group() <= "\udfff" else " "
