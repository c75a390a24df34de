"""Why a choice is locked, as data: the parts of its condition that do not hold, named as players know them.

The engine says *what* is missing (a stat compared with a number, a scene not yet visited); a front
end puts it into words in the player's language (``game.words``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from game.engine.language.names import Flag, GoalCount, Skill, Stat, State, Visits
from game.engine.language.syntax import Binary, Literal, Node, Not
from game.engine.story import Story


@dataclass(frozen=True, slots=True)
class Named:
    """A stat, skill, flag, goal (a count of its items met) or a skill's state, by its display name."""

    kind: str  # stat, skill, state, flag, goal
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Number:
    value: int


@dataclass(frozen=True, slots=True)
class Truth:
    value: bool


@dataclass(frozen=True, slots=True)
class Text:
    value: str


@dataclass(frozen=True, slots=True)
class Visited:
    """How many times the player has been to a scene."""

    scene: str
    name: str


@dataclass(frozen=True, slots=True)
class Arithmetic:
    left: Requirement
    op: str  # + -
    right: Requirement


@dataclass(frozen=True, slots=True)
class Comparison:
    left: Requirement
    op: str  # == != < <= > >=
    right: Requirement


@dataclass(frozen=True, slots=True)
class Negation:
    inner: Requirement


@dataclass(frozen=True, slots=True)
class Junction:
    op: str  # and, or
    left: Requirement
    right: Requirement


Requirement = Union[Named, Number, Truth, Text, Visited, Arithmetic, Comparison, Negation, Junction]


@dataclass(frozen=True, slots=True)
class Lock:
    """Why a choice cannot be taken: the author's own words (``locked:``), else the unmet requirements."""

    text: str | None
    unmet: tuple[Requirement, ...] = ()


def requirement(node: Node, story: Story, language: str | None = None) -> Requirement:
    """A resolved condition (or part of one) as requirement data, with names in ``language``."""
    if isinstance(node, Literal):
        value = node.value
        return Truth(value) if isinstance(value, bool) else Number(value) if isinstance(value, int) else Text(value)
    if isinstance(node, Stat):
        return Named("stat", node.name, story.display_name(node.name, language=language))
    if isinstance(node, Flag):
        return Named("flag", node.name, story.display_name(node.name, language=language))
    if isinstance(node, Skill):
        return Named("skill", node.name, story.display_name(node.name, language=language))
    if isinstance(node, State):
        return Named("state", node.state, story.state_name(node.skill, node.state, language))
    if isinstance(node, GoalCount):
        return Named("goal", node.goal, story.display_name(node.goal, language=language))
    if isinstance(node, Visits):
        return Visited(node.scene, story.display_name(node.scene, language=language))
    if isinstance(node, Not):
        return Negation(requirement(node.operand, story, language))
    assert isinstance(node, Binary)
    left, right = requirement(node.left, story, language), requirement(node.right, story, language)
    if node.op in ("and", "or"):
        return Junction(node.op, left, right)
    if node.op in ("+", "-"):
        return Arithmetic(left, node.op, right)
    return Comparison(left, node.op, right)
