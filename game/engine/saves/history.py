"""The undo history in a save: each step written as what differs from the step after it.

Neighbouring states differ in a few values (the scene, a stat, a visit count), so a delta is a
short line where a full state repeats every visit count: a 100-step history stays small, and
loading checks only what changed. A delta holds the ``GameState.to_json`` keys whose value differs;
for ``stats``, ``skills`` and ``visits`` only the entries that differ, ``null`` marking an entry the
older state did not have. The newest delta is taken against the current state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any

import immutables

from game.engine.play.state import MAPPINGS, OPTIONAL, GameState, StateError, build_state, decode_entry, decode_field

_FIELDS = tuple(field.name for field in fields(GameState))


def deltas(history: Sequence[dict[str, Any]], current: dict[str, Any]) -> list[dict[str, Any]]:
    """The history (``to_json`` dicts, oldest first) as deltas, oldest first."""
    found = []
    newer = current
    for older in reversed(history):
        found.append(delta(older, newer))
        newer = older
    found.reverse()
    return found


def delta(older: dict[str, Any], newer: dict[str, Any]) -> dict[str, Any]:
    """What differs in ``older`` (a ``to_json`` dict) from ``newer``."""
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
        changes[key] = _merged(getattr(newer, key), value, key) if key in MAPPINGS else decode_field(key, value)
    if not changes:
        return newer
    return _changed(newer, changes)


def _changed_builder() -> Callable[[GameState, dict[str, Any]], GameState]:
    """``dataclasses.replace(newer, **changes)`` without its costs: one generated function that takes each
    field from ``changes`` or from ``newer`` (an undo step is built for each step of a save's history)."""
    values = [f"n.{name} if (v := g({name!r}, missing)) is missing else v" for name in _FIELDS]
    text = "def changed(n, c):\n    g = c.get\n    return build(" + ", ".join(values) + ")"
    space: dict[str, Any] = {"build": build_state, "missing": object()}
    exec(text, space)  # noqa: S102 - the text is made above from the field names alone
    changed: Callable[[GameState, dict[str, Any]], GameState] = space["changed"]
    return changed


_changed = _changed_builder()


def _merged(base: Any, changes: Any, field: str) -> Any:
    """``base`` with ``changes`` applied: an immutables.Map for visits (as the runtime keeps them),
    a dict for stats and skills."""
    if not isinstance(changes, dict):
        raise StateError(f"an undo step's '{field}' is not a JSON object")
    merged = (base if isinstance(base, immutables.Map) else immutables.Map(base)).mutate() if field == "visits" else dict(base)
    for name, value in changes.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = decode_entry(field, name, value)
    return merged.finish() if field == "visits" else merged
