"""Slot ids, their labels and file names, and the names players give slots.

A file name comes only from a slot id, and a slot id only from the fixed list below, so nothing a
player types (a slot's name is free text, kept inside the file) can point a file anywhere else.
"""

from __future__ import annotations

import unicodedata

from game.engine.saves.errors import Problem, SaveError

MANUAL = tuple(str(n) for n in range(1, 10))
QUICK = "quick"
AUTO = ("auto1", "auto2", "auto3")
SLOTS = (*MANUAL, QUICK, *AUTO)
NAME_LIMIT = 80

SAVE_SUFFIX = ".json"
BACKUP_SUFFIX = ".bak.json"
TEMP_SUFFIX = ".tmp"
UNREADABLE_MARK = ".unreadable-"


def check_slot(slot: object) -> str:
    """The slot id itself, or SaveError if it is not one of ``SLOTS`` (compared exactly)."""
    if isinstance(slot, str) and slot in SLOTS:
        return slot
    shown = repr(slot) if not isinstance(slot, str) else repr(slot[:40])
    raise SaveError(Problem.BAD_SLOT, f"There is no save slot {shown}: slots are 1 to 9, quick, and auto1 to auto3.")


def label(slot: str) -> str:
    """What a player calls a slot: "Slot 3", "Quicksave", "Autosave 2"."""
    if slot == QUICK:
        return "Quicksave"
    if slot in AUTO:
        return f"Autosave {slot[-1]}"
    return f"Slot {slot}"


def save_file(slot: str) -> str:
    return check_slot(slot) + SAVE_SUFFIX


def backup_file(slot: str) -> str:
    return check_slot(slot) + BACKUP_SUFFIX


def clean_name(name: str | None) -> str:
    """A slot name as typed, minus what cannot be shown on one line or written as UTF-8."""
    if not name:
        return ""
    kept = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in name)
    kept = kept.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become "?"
    return kept.strip()[:NAME_LIMIT]
