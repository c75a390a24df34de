"""Name resolution: a parsed condition checked against what the story declares, once, at load.

This is the one place that decides what a name in an expression means. A resolved tree has no bare
names left: each became a ``Stat``, ``Flag``, ``Skill``, ``State`` (a skill's state, by position),
``Visits`` or ``GoalCount`` leaf, and each part has a type. The compiler, ``check``'s analysis and
the lock reasons all read resolved trees, so none of them looks a name up again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from enum import Enum
from typing import Any, Protocol

from msgspec import Struct

from game.engine.errors import suggest
from game.engine.language.syntax import Binary, Call, ConditionError, Literal, Name, Node, Not


class Kind(Enum):
    NUMBER = "a number"
    BOOL = "yes/no"
    TEXT = "a text"
    SKILL = "a skill"


# ---------------------------------------------------------------- resolved leaves


class Stat(Node, frozen=True):
    name: str


class Flag(Node, frozen=True):
    name: str


class Skill(Node, frozen=True):
    name: str


class State(Node, frozen=True):
    """One state of a skill, compared by its position in the skill's order."""

    skill: str
    state: str
    position: int


class Visits(Node, frozen=True):
    scene: str
    argument_offset: int


class GoalCount(Node, frozen=True):
    """How many items of a goal are met."""

    goal: str
    argument_offset: int


# ---------------------------------------------------------------- comparisons: one table

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}  # x op y == y MIRROR[op] x
NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}  # not (x op y) == x NEGATE[op] y


class Symbols(Protocol):
    """What a story declares, as resolution needs it."""

    stat_names: Collection[str]
    flag_names: Collection[str]
    skill_states: Mapping[str, Mapping[str, int]]  # skill -> state id -> position
    scene_ids: Collection[str]
    goal_names: Collection[str]


class Typed(Struct, frozen=True):
    node: Node  # resolved
    kind: Kind
    skill: str | None = None  # for Kind.SKILL


class Resolver:
    """Resolves parsed trees against a story's symbols, and records what they read."""

    def __init__(self, symbols: Symbols, *, allow_goals: bool = True) -> None:
        self.symbols = symbols
        self.allow_goals = allow_goals
        self.used: set[tuple[str, str]] = set()  # (kind, name) pairs, for "unused declaration" checks

    def condition(self, node: Node) -> Node:
        """A resolved yes/no expression; ConditionError if it is anything else."""
        typed = self.expression(node)
        if typed.kind is not Kind.BOOL:
            raise ConditionError(node.offset, f"this gives {typed.kind.value}, not yes/no", "compare it, e.g. hope > 0")
        return typed.node

    def expression(self, node: Node) -> Typed:
        if isinstance(node, Literal):
            value = node.value
            kind = Kind.BOOL if isinstance(value, bool) else Kind.NUMBER if isinstance(value, int) else Kind.TEXT
            return Typed(node, kind)
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Not):
            operand = self.expression(node.operand)
            if operand.kind is not Kind.BOOL:
                raise ConditionError(node.operand.offset, f"'not' needs yes/no, this is {operand.kind.value}")
            return Typed(Not(node.offset, operand.node), Kind.BOOL)
        assert isinstance(node, Binary)
        if node.op in ("and", "or"):
            left, right = self.expression(node.left), self.expression(node.right)
            for side, tree in ((left, node.left), (right, node.right)):
                if side.kind is not Kind.BOOL:
                    raise ConditionError(tree.offset, f"'{node.op}' joins yes/no conditions; this is {side.kind.value}",
                                         "compare it, e.g. hope > 0")
            return Typed(Binary(node.offset, node.op, left.node, right.node), Kind.BOOL)
        if node.op in ("+", "-"):
            left, right = self.expression(node.left), self.expression(node.right)
            for side, tree in ((left, node.left), (right, node.right)):
                if side.kind is not Kind.NUMBER:
                    raise ConditionError(tree.offset, f"'{node.op}' needs numbers; this is {side.kind.value}")
            return Typed(Binary(node.offset, node.op, left.node, right.node), Kind.NUMBER)
        return self.comparison(node)

    def comparison(self, node: Binary) -> Typed:
        left = self.operand(node.left, node.right)
        right = self.operand(node.right, node.left)
        if left.kind is Kind.SKILL or right.kind is Kind.SKILL:
            skill_side, other, other_node = (left, right, node.right) if left.kind is Kind.SKILL else (right, left, node.left)
            if other.kind is Kind.SKILL and other.skill != skill_side.skill:
                raise ConditionError(node.offset, f"'{left.skill}' and '{right.skill}' are different skills",
                                     "compare a skill with one of its own states")
            if other.kind is not Kind.SKILL:
                raise ConditionError(other_node.offset, f"compare the skill '{skill_side.skill}' with one of its states",
                                     f"e.g. {skill_side.skill} >= {self.first_state(skill_side.skill)}")
        elif left.kind is not right.kind:
            raise ConditionError(node.offset, f"cannot compare {left.kind.value} with {right.kind.value}")
        elif left.kind is not Kind.NUMBER and node.op not in ("==", "!="):
            raise ConditionError(node.offset, f"'{node.op}' compares numbers or skill states, not {left.kind.value}")
        return Typed(Binary(node.offset, node.op, left.node, right.node), Kind.BOOL)

    def operand(self, node: Node, other: Node) -> Typed:
        """One side of a comparison; a bare or quoted name facing a skill is one of its states."""
        facing = self.skill_of(other)
        if facing is not None and isinstance(node, (Name, Literal)) and not (
            isinstance(node, Name) and self.is_variable(node.name)
        ):
            if isinstance(node, Literal) and not isinstance(node.value, str):
                raise ConditionError(node.offset, f"compare the skill '{facing}' with one of its states, not a number",
                                     f"e.g. {facing} >= {self.first_state(facing)}")
            state = node.name if isinstance(node, Name) else str(node.value)
            positions = self.symbols.skill_states[facing]
            if state not in positions:
                hint = suggest(state, positions) or f"its states are: {', '.join(positions)}"
                raise ConditionError(node.offset, f"the skill '{facing}' has no state '{state}'", hint)
            self.used.add(("state", f"{facing}.{state}"))
            return Typed(State(node.offset, facing, state, positions[state]), Kind.SKILL, facing)
        return self.expression(node)

    def first_state(self, skill: str) -> str:
        return next(iter(self.symbols.skill_states[skill]))

    def skill_of(self, node: Node) -> str | None:
        if isinstance(node, Name) and node.name in self.symbols.skill_states:
            return node.name
        return None

    def is_variable(self, name: str) -> bool:
        s = self.symbols
        return name in s.stat_names or name in s.flag_names or name in s.skill_states

    def name(self, node: Name) -> Typed:
        name = node.name
        s = self.symbols
        if name in s.stat_names:
            self.used.add(("stat", name))
            return Typed(Stat(node.offset, name), Kind.NUMBER)
        if name in s.flag_names:
            self.used.add(("flag", name))
            return Typed(Flag(node.offset, name), Kind.BOOL)
        if name in s.skill_states:
            self.used.add(("skill", name))
            return Typed(Skill(node.offset, name), Kind.SKILL, name)
        hint = suggest(name, [*s.stat_names, *s.flag_names, *s.skill_states])
        if not hint:
            for skill, states in s.skill_states.items():
                if name in states:
                    hint = f"'{name}' is a state of '{skill}'; compare it, e.g. {skill} >= {name}"
                    break
        raise ConditionError(node.offset, f"no stat, flag or skill named '{name}'",
                             hint or "declare it in story.yaml under stats, flags or skills")

    def call(self, node: Call) -> Typed:
        argument = node.argument
        if node.function == "visits":
            if argument not in self.symbols.scene_ids:
                raise ConditionError(node.argument_offset, f"no scene '{argument}'",
                                     suggest(argument, self.symbols.scene_ids))
            self.used.add(("visits", argument))
            return Typed(Visits(node.offset, argument, node.argument_offset), Kind.NUMBER)
        if not self.allow_goals:
            raise ConditionError(node.offset, "goal() cannot be used inside a goal's own items")
        if argument not in self.symbols.goal_names:
            raise ConditionError(node.argument_offset, f"no goal '{argument}'", suggest(argument, self.symbols.goal_names))
        self.used.add(("goal", argument))
        return Typed(GoalCount(node.offset, argument, node.argument_offset), Kind.NUMBER)


def skill_comparison(node: Binary) -> tuple[str, int, bool] | None:
    """(skill, state position, skill on the left) when ``node`` compares a skill with one of its states."""
    if isinstance(node.left, Skill) and isinstance(node.right, State):
        return node.left.name, node.right.position, True
    if isinstance(node.right, Skill) and isinstance(node.left, State):
        return node.right.name, node.left.position, False
    return None
