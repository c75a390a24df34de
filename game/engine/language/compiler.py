"""Resolved expressions turned into closures that read a game state.

A game state is read through four attributes: ``stats`` (name -> int), ``flags`` (the flags that are
on), ``skills`` (skill -> state id) and ``visits`` (scene id -> count). Goals are counted with the
compiled tests of their items, which the caller passes in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from game.engine.language.names import COMPARE, Flag, GoalCount, Skill, Stat, State, Visits
from game.engine.language.syntax import Binary, Literal, Node, Not

Evaluator = Callable[[Any], Any]
GoalTests = Mapping[str, tuple[Evaluator, ...]]


GENERATED_DEPTH = 40  # an expression nested deeper than this is evaluated by closures (Python's parser has limits)
_INLINE = {"==", "!=", "<", "<=", ">", ">=", "+", "-", "and", "or"}  # operators written as Python writes them
# What generated text may hold: the fixed fragments of ``_source`` and the names ``_0``, ``_1``... No story
# text ever reaches it (every name and value from a story is passed by name); this is the second lock.
_GENERATED = re.compile(r"[A-Za-z0-9_ ().\[\],<>=!+-]*")


def compile_node(node: Node, goals: GoalTests, positions: Mapping[str, Mapping[str, int]]) -> Evaluator:
    """A function computing ``node``; ``positions`` maps each skill's states to their order.

    One generated function (``lambda s: s.stats['hope'] > 3``) where the expression is not nested too
    deeply, else a tree of closures; both compute the same values in the same order (``and``/``or``
    give an operand, as Python's do; comparisons are ``COMPARE``'s, which are Python's operators).
    """
    if _depth(node) <= GENERATED_DEPTH:
        space: dict[str, Any] = {}
        try:
            text = _source(node, goals, positions, space)
            if not _GENERATED.fullmatch(text):  # pragma: no cover - _source writes nothing else
                return _closure(node, goals, positions)
            return eval(compile(f"lambda s: {text}", "<condition>", "eval"), space)  # noqa: S307 - built above, values passed by name
        except (SyntaxError, RecursionError, MemoryError, ValueError):  # pragma: no cover - the depth is checked first
            pass
    return _closure(node, goals, positions)


def _depth(node: Node) -> int:
    if isinstance(node, Not):
        return 1 + _depth(node.operand)
    if isinstance(node, Binary):
        return 1 + max(_depth(node.left), _depth(node.right))
    return 1


def _source(node: Node, goals: GoalTests, positions: Mapping[str, Mapping[str, int]], space: dict[str, Any]) -> str:
    """Python text computing ``node`` from a state ``s``; every value it needs is put in ``space`` under a
    name of its own (so no name or value from a story is ever written into the text)."""

    def named(value: Any) -> str:
        key = f"_{len(space)}"
        space[key] = value
        return key

    if isinstance(node, Literal):
        return named(node.value)
    if isinstance(node, Stat):
        return f"s.stats[{named(node.name)}]"
    if isinstance(node, Flag):
        return f"({named(node.name)} in s.flags)"
    if isinstance(node, Skill):
        return f"{named(positions[node.name])}[s.skills[{named(node.name)}]]"
    if isinstance(node, State):
        return named(node.position)
    if isinstance(node, Visits):
        return f"s.visits.get({named(node.scene)}, 0)"
    if isinstance(node, GoalCount):
        items = goals[node.goal]
        return f"sum(1 for item in {named(items)} if item(s))"
    if isinstance(node, Not):
        return f"(not {_source(node.operand, goals, positions, space)})"
    assert isinstance(node, Binary)
    left = _source(node.left, goals, positions, space)
    right = _source(node.right, goals, positions, space)
    if node.op in _INLINE:
        return f"({left} {node.op} {right})"
    return f"{named(COMPARE[node.op])}({left}, {right})"


def _closure(node: Node, goals: GoalTests, positions: Mapping[str, Mapping[str, int]]) -> Evaluator:
    """A closure computing ``node``: the way for expressions nested too deeply to be generated."""
    if isinstance(node, Literal):
        value = node.value
        return lambda s: value
    if isinstance(node, Stat):
        name = node.name
        return lambda s: s.stats[name]
    if isinstance(node, Flag):
        name = node.name
        return lambda s: name in s.flags
    if isinstance(node, Skill):
        name, order = node.name, positions[node.name]
        return lambda s: order[s.skills[name]]
    if isinstance(node, State):
        position = node.position
        return lambda s: position
    if isinstance(node, Visits):
        scene = node.scene
        return lambda s: s.visits.get(scene, 0)
    if isinstance(node, GoalCount):
        items = goals[node.goal]
        return lambda s: sum(1 for item in items if item(s))
    if isinstance(node, Not):
        operand = _closure(node.operand, goals, positions)
        return lambda s: not operand(s)
    assert isinstance(node, Binary)
    lf, rf = _closure(node.left, goals, positions), _closure(node.right, goals, positions)
    op = node.op
    if op == "and":
        return lambda s: lf(s) and rf(s)
    if op == "or":
        return lambda s: lf(s) or rf(s)
    if op == "+":
        return lambda s: lf(s) + rf(s)
    if op == "-":
        return lambda s: lf(s) - rf(s)
    test = COMPARE[op]
    return lambda s: test(lf(s), rf(s))
