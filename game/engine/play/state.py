"""The game state: one plain value that says everything about a game in progress.

The engine never changes a state in place; each step builds a new one, so keeping old states is
all that undo, saves and replays need. ``to_json``/``from_json`` round-trip it exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import immutables
from msgspec import Struct

from game.engine.errors import MillonesError

MASK64 = (1 << 64) - 1
LIMIT = (1 << 63) - 1  # the largest stat or count a state holds: beyond any story, and still a number to show
# The names a story gives its scenes, stats, flags, skills and skill states (the rule of the story files).
# A saved state is checked against it, so a name from a file can be shown in a message as it is.
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,199}")
# A once-only choice taken: its scene, '#', and the choice's id or its position from 1 (``Choice.once``).
TAKEN = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,199}#(?:[A-Za-z][A-Za-z0-9_]{0,199}|[1-9][0-9]{0,5})")


class StateError(MillonesError, ValueError):
    """A serialized state is not the shape this version writes."""


class Answer(Struct, frozen=True):
    """The last quiz answer, kept so the next screen can say whether it was right."""

    scene: str
    question: int
    chosen: int
    correct: bool


class QuizResult(Struct, frozen=True):
    scene: str
    score: int
    total: int
    passed: bool


class GameState(Struct, frozen=True):
    scene: str
    stats: Mapping[str, int]
    flags: frozenset[str]
    skills: Mapping[str, str]
    visits: Mapping[str, int]
    chapter: str | None  # id of the scene that opened the current chapter
    seed: int
    rng: int  # splitmix64 state: the next random draw comes from here
    steps: int
    quiz_question: int = 0  # in a quiz scene: which question is being asked
    quiz_score: int = 0
    answer: Answer | None = None
    result: QuizResult | None = None
    taken: frozenset[str] = frozenset()  # the once-only choices taken (``Choice.once``), hidden from now on

    def to_json(self) -> dict[str, Any]:
        return {
            "scene": self.scene,
            "stats": dict(self.stats),
            "flags": sorted(self.flags),
            "skills": dict(self.skills),
            "visits": dict(self.visits),
            "chapter": self.chapter,
            "seed": self.seed,
            "rng": self.rng,
            "steps": self.steps,
            "quiz_question": self.quiz_question,
            "quiz_score": self.quiz_score,
            "answer": None if self.answer is None else [self.answer.scene, self.answer.question, self.answer.chosen, self.answer.correct],
            "result": None if self.result is None else [self.result.scene, self.result.score, self.result.total, self.result.passed],
        } | ({"taken": sorted(self.taken)} if self.taken else {})  # (left out when empty: older versions read it)

    @classmethod
    def from_json(cls, data: Any) -> GameState:
        """Rebuild a state; raises StateError naming the first field that is not as expected."""
        if not isinstance(data, dict):
            raise StateError("the game state is not a JSON object")
        values: dict[str, Any] = {}
        for key in REQUIRED:
            if key not in data:
                raise StateError(f"the game state has no '{key}'")
        for key, value in data.items():
            if key in MAPPINGS:
                if not isinstance(value, dict):
                    raise StateError(f"the game state's '{key}' is not a mapping")
                entries = {name: decode_entry(key, name, item) for name, item in value.items()}
                values[key] = immutables.Map(entries) if key == "visits" else entries
            elif key in _DECODE:
                values[key] = decode_field(key, value)
        return cls(**values)


# ---------------------------------------------------------------- the JSON format, field by field
# The one description of what each field of ``to_json`` may hold: ``from_json`` and the undo
# history's deltas (``saves.history``) both read through it.


def _name(value: Any, what: str) -> str:
    if not isinstance(value, str) or NAME.fullmatch(value) is None:
        raise StateError(f"the game state's '{what}' is not a name a story can use")
    return value


def _whole(value: Any, what: str) -> int:
    if type(value) is not int:
        raise StateError(f"the game state's '{what}' is not a whole number")
    return value


def _number(value: Any, what: str) -> int:
    if not -LIMIT <= _whole(value, what) <= LIMIT:
        raise StateError(f"the game state's '{what}' is far too large a number")
    return value


def _count(value: Any, what: str) -> int:
    if type(value) is int and 0 <= value <= LIMIT:  # (what a save holds: the checks below name the fault)
        return value
    if not 0 <= _number(value, what):
        raise StateError(f"the game state's '{what}' is below zero")
    return value


def _optional_name(value: Any, what: str) -> str | None:
    return None if value is None else _name(value, what)


def _flags(value: Any, what: str) -> frozenset[str]:
    if not isinstance(value, list):
        raise StateError(f"the game state's '{what}' is not a list")
    return frozenset(_name(flag, what) for flag in value)


def _taken(value: Any, what: str) -> frozenset[str]:
    if not isinstance(value, list):
        raise StateError(f"the game state's '{what}' is not a list")
    for item in value:
        if not isinstance(item, str) or TAKEN.fullmatch(item) is None:
            raise StateError(f"the game state's '{what}' holds something that is not a choice of a story")
    return frozenset(value)


def _record(kind: type[Answer] | type[QuizResult]) -> Callable[[Any, str], Any]:
    """[scene, count, count, true/false]: how ``to_json`` writes an Answer or a QuizResult."""

    def decode(value: Any, what: str) -> Any:
        if value is None:
            return None
        if not (isinstance(value, list) and len(value) == 4 and type(value[3]) is bool):
            raise StateError(f"the game state's '{what}' is malformed")
        return kind(_name(value[0], what), _count(value[1], what), _count(value[2], what), value[3])

    return decode


_DECODE: dict[str, Callable[[Any, str], Any]] = {
    "scene": _name,
    "flags": _flags,
    "chapter": _optional_name,
    "seed": _whole,  # any whole number: `--seed` takes one
    "rng": lambda value, what: (value if type(value) is int else _whole(value, what)) & MASK64,
    "steps": _count,
    "quiz_question": _count,
    "quiz_score": _count,
    "answer": _record(Answer),
    "result": _record(QuizResult),
    "taken": _taken,
}
MAPPINGS: dict[str, Callable[[Any, str], Any]] = {"stats": _number, "skills": _name, "visits": _count}
REQUIRED = ("scene", "stats", "flags", "skills", "visits", "chapter", "seed", "rng", "steps")  # the fields with no default
OPTIONAL: dict[str, Any] = {"taken": []}  # fields ``to_json`` leaves out when they hold this


def decode_field(key: str, value: Any) -> Any:
    """A field other than the mappings, from its JSON value; StateError if it cannot be one."""
    decode = _DECODE.get(key)
    if decode is None:
        shown = f" '{key}'" if NAME.fullmatch(key) else ""
        raise StateError(f"a game state has no such field{shown}")
    return decode(value, key)


def decode_entry(field: str, name: str, value: Any) -> Any:
    """One entry of ``stats``, ``skills`` or ``visits``: a story's name, and its value."""
    if NAME.fullmatch(name) is None:
        raise StateError(f"the game state's '{field}' holds a name no story can use")
    if type(value) is int and field != "skills" and (0 if field == "visits" else -LIMIT) <= value <= LIMIT:
        return value  # a stat or a visit count as a save holds it (the checks name the fault otherwise)
    return MAPPINGS[field](value, f"{field}.{name}")


def splitmix64(state: int) -> tuple[int, int]:
    """One step of splitmix64: (new state, 64 random bits). Small, fast, and trivially saved."""
    state = (state + 0x9E3779B97F4A7C15) & MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return state, z ^ (z >> 31)
