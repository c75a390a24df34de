"""The undo history in a save: each step written as what differs from the step after it.

Neighbouring states differ in a few values (the scene, a stat, a visit count), so a delta is a
short line where a full state repeats every visit count: a 100-step history stays small, and
loading checks only what changed. A delta holds the ``GameState.to_json`` keys whose value differs;
for ``stats``, ``skills`` and ``visits`` only the entries that differ, ``null`` marking an entry the
older state did not have. The newest delta is taken against the current state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import immutables

from game.engine.play.state import MASK64, Answer, GameState, QuizResult, StateError

MAPPINGS = ("stats", "skills", "visits")
_SCALARS: dict[str, Callable[[Any], bool]] = {
    "scene": lambda v: isinstance(v, str),
    "chapter": lambda v: v is None or isinstance(v, str),
    "seed": lambda v: type(v) is int,
    "steps": lambda v: type(v) is int,
    "quiz_question": lambda v: type(v) is int,
    "quiz_score": lambda v: type(v) is int,
}


def deltas(history: Sequence[dict[str, Any]], current: dict[str, Any]) -> list[dict[str, Any]]:
    """The history (``to_json`` dicts, oldest first) as deltas, oldest first."""
    found = []
    newer = current
    for older in reversed(history):
        found.append(_delta(older, newer))
        newer = older
    found.reverse()
    return found


def _delta(older: dict[str, Any], newer: dict[str, Any]) -> dict[str, Any]:
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
    return delta


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
    if not isinstance(delta, dict):
        raise StateError("an undo step is not a JSON object")
    changes: dict[str, Any] = {}
    for key, value in delta.items():
        if key in MAPPINGS:
            changes[key] = _merged(getattr(newer, key), value, key)
        elif key in _SCALARS and _SCALARS[key](value):
            changes[key] = value
        elif key == "rng" and type(value) is int:
            changes[key] = value & MASK64
        elif key == "flags" and isinstance(value, list) and all(isinstance(flag, str) for flag in value):
            changes[key] = frozenset(value)
        elif key in ("answer", "result") and (value is None or _quiz_record(value)):
            changes[key] = None if value is None else (Answer if key == "answer" else QuizResult)(*value)
        else:
            raise StateError(f"an undo step's '{key}' is not what a game state holds")
    return replace(newer, **changes)


def _quiz_record(value: Any) -> bool:
    """[scene, number, number, true/false]: how to_json writes an Answer or a QuizResult."""
    return (isinstance(value, list) and len(value) == 4 and isinstance(value[0], str)
            and type(value[1]) is int and type(value[2]) is int and type(value[3]) is bool)


def _merged(base: Any, changes: Any, field: str) -> Any:
    """``base`` with ``changes`` applied: an immutables.Map for visits (as the runtime keeps them),
    a dict for stats and skills."""
    if not isinstance(changes, dict):
        raise StateError(f"an undo step's '{field}' is not a JSON object")
    kind = str if field == "skills" else int
    merged = (base if isinstance(base, immutables.Map) else immutables.Map(base)).mutate() if field == "visits" else dict(base)
    for name, value in changes.items():
        if value is None:
            merged.pop(name, None)
        elif type(value) is kind:
            merged[name] = value
        else:
            raise StateError(f"an undo step's '{field}.{name}' is not what a game state holds")
    return merged.finish() if field == "visits" else merged
