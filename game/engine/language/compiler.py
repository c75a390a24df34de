"""Resolved expressions turned into closures that read a game state.

A game state is read through four attributes: ``stats`` (name -> int), ``flags`` (the flags that are
on), ``skills`` (skill -> state id) and ``visits`` (scene id -> count). Goals are counted with the
compiled tests of their items, which the caller passes in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from game.engine.language.names import COMPARE, Flag, GoalCount, Skill, Stat, State, Visits
from game.engine.language.syntax import Binary, Literal, Node, Not

Evaluator = Callable[[Any], Any]
GoalTests = Mapping[str, tuple[Evaluator, ...]]


def compile_node(node: Node, goals: GoalTests, positions: Mapping[str, Mapping[str, int]]) -> Evaluator:
    """A closure computing ``node``; ``positions`` maps each skill's states to their order."""
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
        operand = compile_node(node.operand, goals, positions)
        return lambda s: not operand(s)
    assert isinstance(node, Binary)
    lf, rf = compile_node(node.left, goals, positions), compile_node(node.right, goals, positions)
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
