"""The undo history in a save: each step written as what differs from the step after it.

Neighbouring states differ in a few values (the scene, a stat, a visit count), so a delta is a
short line where a full state repeats every visit count: a 100-step history stays small, and
loading checks only what changed. A delta holds the ``GameState.to_json`` keys whose value differs;
for ``stats``, ``skills`` and ``visits`` only the entries that differ, ``null`` marking an entry the
older state did not have. The newest delta is taken against the current state.
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import attrgetter
from typing import Any

import immutables

from game.engine.play.state import (
    LIMIT,
    MAPPINGS,
    OPTIONAL,
    Answer,
    GameState,
    QuizResult,
    StateError,
    decode_entry,
    decode_field,
)

_FIELDS = GameState.__struct_fields__


def delta(older: dict[str, Any], newer: dict[str, Any]) -> dict[str, Any]:
    """What differs in ``older`` (a ``to_json`` dict) from ``newer``: the format's definition of an undo step
    (a save writes ``between``, which gives the same from the states themselves)."""
    delta: dict[str, Any] = {}
    for key, value in older.items():
        other = newer.get(key)
        if value == other:
            continue
        if key in MAPPINGS:
            changed = {name: v for name, v in value.items() if other.get(name) != v}
            changed.update((name, None) for name in other if name not in value)
            delta[key] = changed
        else:
            delta[key] = value
    for key, empty in OPTIONAL.items():
        if key in newer and key not in older:
            delta[key] = empty
    return delta


def between(older: GameState, newer: GameState) -> dict[str, Any]:
    """``delta(older.to_json(), newer.to_json())`` from the states themselves, so that a save need not write
    each undo step's whole state as JSON only to compare it: only the fields that differ are written, each
    as ``to_json`` writes it (a test holds the two to the same result for any states). Its keys, and those
    of the maps in it, are in sorted order, so that ``canonical.encode_ordered`` writes it without sorting."""
    found: dict[str, Any] = {}
    if older.answer != newer.answer:
        found["answer"] = None if older.answer is None else list(_ANSWER(older.answer))
    if older.chapter != newer.chapter:
        found["chapter"] = older.chapter
    if older.flags != newer.flags:
        found["flags"] = sorted(older.flags)
    if older.quiz_question != newer.quiz_question:
        found["quiz_question"] = older.quiz_question
    if older.quiz_score != newer.quiz_score:
        found["quiz_score"] = older.quiz_score
    if older.result != newer.result:
        found["result"] = None if older.result is None else list(_RESULT(older.result))
    if older.rng != newer.rng:
        found["rng"] = older.rng
    if older.scene != newer.scene:
        found["scene"] = older.scene
    if older.seed != newer.seed:
        found["seed"] = older.seed
    # (maps equal by ``==`` hold the same entries, so that is found without a loop in Python)
    if older.skills is not newer.skills and older.skills != newer.skills and (changed := _changes(older.skills, newer.skills)):
        found["skills"] = changed
    if older.stats is not newer.stats and older.stats != newer.stats and (changed := _changes(older.stats, newer.stats)):
        found["stats"] = changed
    if older.steps != newer.steps:
        found["steps"] = older.steps
    if older.taken != newer.taken:  # (``OPTIONAL``: [] when only the newer state has some)
        found["taken"] = sorted(older.taken)
    if older.visits is not newer.visits and (changed := _one_visit(older.visits, newer.visits, newer.scene)
                                             or _changes(older.visits, newer.visits)):
        found["visits"] = changed
    return found


# How ``GameState.to_json`` writes an answer and a quiz result: their fields, in order.
_ANSWER = attrgetter(*Answer.__struct_fields__)
_RESULT = attrgetter(*QuizResult.__struct_fields__)


def _changes(older: Mapping[str, Any], newer: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of ``older`` that differ from ``newer``'s, and ``None`` for those only ``newer`` has
    (nothing when the two hold the same entries), by name in sorted order."""
    changed = {name: value for name, value in older.items() if newer.get(name) != value}
    if older.keys() != newer.keys():  # (mostly the same names, found in C: then none is only the newer's)
        changed.update((name, None) for name in newer if name not in older)
    return dict(sorted(changed.items())) if len(changed) > 1 else changed


def _one_visit(older: Mapping[str, int], newer: Mapping[str, int], entered: str) -> dict[str, int | None]:
    """``_changes`` of two visit maps when they differ only in the count of the scene the newer state is in
    (a step mostly visits just the scene it enters), else {} (not known). It is found by one comparison of
    whole maps, made in C, where ``_changes`` would look at each of the game's visit counts in turn."""
    if not (isinstance(older, immutables.Map) and isinstance(newer, immutables.Map) and entered in newer):
        return {}
    kept = older.get(entered)
    if kept == newer[entered]:
        return {}
    return {entered: kept} if (newer.delete(entered) if kept is None else newer.set(entered, kept)) == older else {}


def states(items: Any, current: GameState) -> tuple[GameState, ...]:
    """The history back from its deltas (oldest first); StateError if any is malformed."""
    if not isinstance(items, list):
        raise StateError("the undo history is not a list")
    found = []
    newer = current
    for delta in reversed(items):
        newer = _older(newer, delta)
        found.append(newer)
    found.reverse()
    return tuple(found)


def _older(newer: GameState, delta: Any) -> GameState:
    """The state a delta was taken from: ``newer`` with the delta's fields decoded in place of its own.
    Every field the delta leaves out is ``newer``'s very value (fitting a save relies on that identity).

    ``newer``'s values were checked as they were read, so a name it holds needs no look at its letters
    again: an older step's scene is mostly one the newer step has visited."""
    if not isinstance(delta, dict):
        raise StateError("an undo step is not a JSON object")
    if not delta:
        return newer
    values = list(_EVERY(newer))
    for key, value in delta.items():
        if key in MAPPINGS:
            index = _INDEX[key]
            values[index] = _merged(values[index], value, key)
        elif key == "flags":
            values[_INDEX[key]] = _flags(value, newer.flags)
        elif key in _COUNTS and type(value) is int and 0 <= value <= LIMIT:
            values[_INDEX[key]] = value  # (as ``decode_field`` takes a count a save holds)
        elif key == "scene" and type(value) is str and value in newer.visits:
            values[_SCENE] = value
        else:
            decoded = decode_field(key, value)  # (StateError for a key that is no field)
            values[_INDEX[key]] = decoded
    return GameState(*values)


def _flags(value: Any, newer: frozenset[str]) -> frozenset[str]:
    """An undo step's flags. A game's flags mostly grow, so an older step's are mostly some of the newer
    step's, whose names were checked as they were read: those are not checked again."""
    if type(value) is list:
        try:
            flags = frozenset(value)
        except TypeError:  # (something that is no text: ``decode_field`` names the fault)
            return decode_field("flags", value)
        if flags <= newer:
            return flags
    return decode_field("flags", value)


_EVERY = attrgetter(*_FIELDS)  # every field of a state, in the order ``GameState`` takes them
_INDEX = {name: index for index, name in enumerate(_FIELDS)}
_SCENE = _INDEX["scene"]
_COUNTS = frozenset({"steps", "quiz_question", "quiz_score"})  # the fields that hold a count


def _merged(base: Any, changes: Any, field: str) -> Any:
    """``base`` with ``changes`` applied: an immutables.Map for visits (as the runtime keeps them),
    a dict for stats and skills. A name ``base`` holds was checked when it was read; its value is
    looked at here as ``decode_entry`` would (which is asked whenever that look is not enough)."""
    if not isinstance(changes, dict):
        raise StateError(f"an undo step's '{field}' is not a JSON object")
    merged = (base if isinstance(base, immutables.Map) else immutables.Map(base)).mutate() if field == "visits" else dict(base)
    lowest = _LOWEST.get(field)
    for name, value in changes.items():
        if value is None:
            merged.pop(name, None)
        elif lowest is not None and type(value) is int and lowest <= value <= LIMIT and name in base:
            merged[name] = value
        else:
            merged[name] = decode_entry(field, name, value)
    return merged.finish() if field == "visits" else merged


# The smallest whole number ``decode_entry`` takes at once for an entry of each map that holds numbers.
_LOWEST = {"stats": -LIMIT, "visits": 0}
