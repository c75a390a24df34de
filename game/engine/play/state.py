"""The game state: one plain value that says everything about a game in progress.

The engine never changes a state in place; each step builds a new one, so keeping old states is
all that undo, saves and replays need. ``to_json``/``from_json`` round-trip it exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import immutables

from game.engine.errors import MillonesError

MASK64 = (1 << 64) - 1


class StateError(MillonesError, ValueError):
    """A serialized state is not the shape this version writes."""


@dataclass(frozen=True, slots=True)
class Answer:
    """The last quiz answer, kept so the next screen can say whether it was right."""

    scene: str
    question: int
    chosen: int
    correct: bool


@dataclass(frozen=True, slots=True)
class QuizResult:
    scene: str
    score: int
    total: int
    passed: bool


@dataclass(frozen=True, slots=True)
class GameState:
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
        }

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
                entries = {str(name): decode_entry(key, name, item) for name, item in value.items()}
                values[key] = immutables.Map(entries) if key == "visits" else entries
            elif key in _DECODE:
                values[key] = decode_field(key, value)
        return cls(**values)


# ---------------------------------------------------------------- the JSON format, field by field
# The one description of what each field of ``to_json`` may hold: ``from_json`` and the undo
# history's deltas (``saves.history``) both read through it.


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise StateError(f"the game state's '{what}' is not text")
    return value


def _whole(value: Any, what: str) -> int:
    if type(value) is not int:
        raise StateError(f"the game state's '{what}' is not a whole number")
    return value


def _optional_text(value: Any, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _flags(value: Any, what: str) -> frozenset[str]:
    if not isinstance(value, list):
        raise StateError(f"the game state's '{what}' is not a list")
    return frozenset(_text(flag, what) for flag in value)


def _record(kind: type[Answer] | type[QuizResult]) -> Callable[[Any, str], Any]:
    """[scene, number, number, true/false]: how ``to_json`` writes an Answer or a QuizResult."""

    def decode(value: Any, what: str) -> Any:
        if value is None:
            return None
        if not (isinstance(value, list) and len(value) == 4 and isinstance(value[0], str)
                and type(value[1]) is int and type(value[2]) is int and type(value[3]) is bool):
            raise StateError(f"the game state's '{what}' is malformed")
        return kind(*value)

    return decode


_DECODE: dict[str, Callable[[Any, str], Any]] = {
    "scene": _text,
    "flags": _flags,
    "chapter": _optional_text,
    "seed": _whole,
    "rng": lambda value, what: _whole(value, what) & MASK64,
    "steps": _whole,
    "quiz_question": _whole,
    "quiz_score": _whole,
    "answer": _record(Answer),
    "result": _record(QuizResult),
}
MAPPINGS: dict[str, Callable[[Any, str], Any]] = {"stats": _whole, "skills": _text, "visits": _whole}
REQUIRED = ("scene", "stats", "flags", "skills", "visits", "seed", "rng", "steps")


def decode_field(key: str, value: Any) -> Any:
    """A field other than the mappings, from its JSON value; StateError if it cannot be one."""
    decode = _DECODE.get(key)
    if decode is None:
        raise StateError(f"a game state has no field '{key}'")
    return decode(value, key)


def decode_entry(field: str, name: Any, value: Any) -> Any:
    """One entry of ``stats``, ``skills`` or ``visits``."""
    return MAPPINGS[field](value, f"{field}.{name}")


def splitmix64(state: int) -> tuple[int, int]:
    """One step of splitmix64: (new state, 64 random bits). Small, fast, and trivially saved."""
    state = (state + 0x9E3779B97F4A7C15) & MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return state, z ^ (z >> 31)
