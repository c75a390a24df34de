"""Why a choice is locked, as data: the parts of its condition that do not hold, named as players know them.

The engine says *what* is missing (a stat compared with a number, a scene not yet visited); a front
end puts it into words in the player's language (``game.words``).
"""

from __future__ import annotations

from typing import Union

from msgspec import Struct

from game.engine.language.names import MIRROR, Flag, GoalCount, Skill, Stat, State, Visits
from game.engine.language.syntax import Binary, Literal, Node, Not
from game.engine.play.state import GameState
from game.engine.story import Story


class Named(Struct, frozen=True):
    """A stat, skill, flag, goal (a count of its items met) or a skill's state, by its display name;
    ``now`` is what a stat, skill or goal stands at in the game being played ("" for the others).
    A flag with ``off`` is the flag being off, and ``name`` the story's words for that ("you do not know
    the route yet"); a flag without words for being off comes as the Negation of the flag instead."""

    kind: str  # stat, skill, state, flag, goal
    id: str
    name: str
    now: str = ""
    off: bool = False


class Number(Struct, frozen=True):
    value: int


class Truth(Struct, frozen=True):
    value: bool


class Text(Struct, frozen=True):
    value: str


class Visited(Struct, frozen=True):
    """How many times the player has been to a scene."""

    scene: str
    name: str
    now: str = ""


class Arithmetic(Struct, frozen=True):
    left: Requirement
    op: str  # + -
    right: Requirement


class Comparison(Struct, frozen=True):
    left: Requirement
    op: str  # == != < <= > >=
    right: Requirement


class Negation(Struct, frozen=True):
    inner: Requirement


class Junction(Struct, frozen=True):
    op: str  # and, or
    left: Requirement
    right: Requirement


Requirement = Union[Named, Number, Truth, Text, Visited, Arithmetic, Comparison, Negation, Junction]


class Lock(Struct, frozen=True):
    """Why a choice cannot be taken: the author's own words (``locked:``), else the unmet requirements."""

    text: str | None
    unmet: tuple[Requirement, ...] = ()


def requirement(node: Node, story: Story, language: str | None = None, state: GameState | None = None) -> Requirement:
    """A resolved condition (or part of one) as requirement data, with names in ``language`` and, given
    the game's ``state``, what each stat, skill and goal stands at now."""

    def now(value: object) -> str:
        return "" if state is None else str(value)

    if isinstance(node, Literal):
        value = node.value
        return Truth(value) if isinstance(value, bool) else Number(value) if isinstance(value, int) else Text(value)
    if isinstance(node, Stat):
        return Named("stat", node.name, story.display_name(node.name, language=language),
                     now(state.stats[node.name]) if state else "")
    if isinstance(node, Flag):
        return Named("flag", node.name, story.display_name(node.name, language=language))
    if isinstance(node, Skill):
        return Named("skill", node.name, story.display_name(node.name, language=language),
                     story.state_name(node.name, state.skills[node.name], language) if state else "")
    if isinstance(node, State):
        return Named("state", node.state, story.state_name(node.skill, node.state, language))
    if isinstance(node, GoalCount):
        met = sum(1 for item in story.goals[node.goal].items if item.when.test(state)) if state else 0
        return Named("goal", node.goal, story.display_name(node.goal, language=language), now(met))
    if isinstance(node, Visits):
        return Visited(node.scene, story.display_name(node.scene, language=language),
                       now(state.visits.get(node.scene, 0)) if state else "")
    if isinstance(node, Not):
        if isinstance(node.operand, Flag):
            return _flag(node.operand.name, False, story, language)
        return Negation(requirement(node.operand, story, language, state))
    assert isinstance(node, Binary)
    flag = _flag_test(node)
    if flag is not None:
        return _flag(*flag, story, language)
    left, right = requirement(node.left, story, language, state), requirement(node.right, story, language, state)
    if node.op in ("and", "or"):
        return Junction(node.op, left, right)
    if node.op in ("+", "-"):
        return Arithmetic(left, node.op, right)
    if isinstance(right, Named | Visited) and isinstance(left, Number | Text):
        return Comparison(right, MIRROR[node.op], left)  # what moves comes first: "Family 2 or more"
    return Comparison(left, node.op, right)


def _flag_test(node: Binary) -> tuple[str, bool] | None:
    """``lit == true``, ``lit != false``, ``false == lit``...: the flag, and whether it must be on."""
    if node.op not in ("==", "!="):
        return None
    for one, other in ((node.left, node.right), (node.right, node.left)):
        if isinstance(one, Flag) and isinstance(other, Literal) and isinstance(other.value, bool):
            return one.name, other.value == (node.op == "==")
    return None


def _flag(name: str, on: bool, story: Story, language: str | None) -> Requirement:
    """A flag that must be on, or off: named in the story's words for being off when it has them."""
    if on:
        return Named("flag", name, story.display_name(name, language=language))
    off = story.flag_off(name, language)
    if off:
        return Named("flag", name, off, off=True)
    return Negation(Named("flag", name, story.display_name(name, language=language)))
