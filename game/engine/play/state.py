"""The game state: one plain value that says everything about a game in progress.

The engine never changes a state in place; each step builds a new one, so keeping old states is
all that undo, saves and replays need. ``to_json``/``from_json`` round-trip it exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import immutables

MASK64 = (1 << 64) - 1


class StateError(ValueError):
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
        try:
            answer = data.get("answer")
            result = data.get("result")
            state = cls(
                scene=_typed(data, "scene", str),
                stats={str(k): _int(v, f"stats.{k}") for k, v in _typed(data, "stats", dict).items()},
                flags=frozenset(_strings(_typed(data, "flags", list), "flags")),
                skills={str(k): _str(v, f"skills.{k}") for k, v in _typed(data, "skills", dict).items()},
                visits=immutables.Map({str(k): _int(v, f"visits.{k}") for k, v in _typed(data, "visits", dict).items()}),
                chapter=data.get("chapter") if isinstance(data.get("chapter"), str) else None,
                seed=_typed(data, "seed", int),
                rng=_typed(data, "rng", int) & MASK64,
                steps=_typed(data, "steps", int),
                quiz_question=_int(data.get("quiz_question", 0), "quiz_question"),
                quiz_score=_int(data.get("quiz_score", 0), "quiz_score"),
                answer=None if answer is None else Answer(_str(answer[0], "answer"), _int(answer[1], "answer"), _int(answer[2], "answer"), bool(answer[3])),
                result=None if result is None else QuizResult(_str(result[0], "result"), _int(result[1], "result"), _int(result[2], "result"), bool(result[3])),
            )
        except (TypeError, IndexError, KeyError) as exc:
            raise StateError(f"the game state is malformed ({exc})") from None
        return state


def _typed(data: dict[str, Any], key: str, kind: type) -> Any:
    if key not in data:
        raise StateError(f"the game state has no '{key}'")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise StateError(f"the game state's '{key}' is not {kind.__name__}")
    return value


def _int(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise StateError(f"the game state's '{what}' is not a whole number")
    return value


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise StateError(f"the game state's '{what}' is not text")
    return value


def _strings(values: list[Any], what: str) -> list[str]:
    return [_str(v, what) for v in values]


def splitmix64(state: int) -> tuple[int, int]:
    """One step of splitmix64: (new state, 64 random bits). Small, fast, and trivially saved."""
    state = (state + 0x9E3779B97F4A7C15) & MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return state, z ^ (z >> 31)
