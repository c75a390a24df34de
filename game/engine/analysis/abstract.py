"""What may hold at a point of a story: game states approximated by sets, for ``check``.

An ``Env`` stands for every game state the story might be in at some point: for each skill the set
of states it may be in (a bit mask of positions), for each flag whether it may be off and whether it
may be on, and, within one scene, the ranges that conditions have narrowed stats and visit counts
to. ``Abstraction`` compiles a condition, once, into a closure that narrows an ``Env`` to the part
where the condition may be true (or false), and gives None where it never can be. Narrowing only
ever keeps states that could satisfy the condition, so "never" is certain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from game.engine.language.names import COMPARE, MIRROR, NEGATE, Flag, GoalCount, Stat, Visits, skill_comparison
from game.engine.language.syntax import Binary, Literal, Node, Not
from game.engine.story import Story

INF = float("inf")
# A goal with more items than this is counted as anywhere from none to all of them: counting finer costs
# a pass over its items at each use, and a story could use a goal of a million items a million times.
MAX_GOAL_ITEMS = 64
Range = tuple[float, float]
_NO_RANGES: Mapping[str, Range] = {}


class Env:
    """``bits``: one bit field per skill (bit i set if it may be at state i) and per flag (bit 0 if it
    may be off, bit 1 if it may be on), side by side in one integer, so joining is one ``|``.
    ``ranges``: the stats, visit counts (keyed ``@scene``) and goal counts (``#goal``) that conditions
    narrowed here."""

    __slots__ = ("bits", "ranges")

    def __init__(self, bits: int, ranges: Mapping[str, Range] = _NO_RANGES) -> None:
        self.bits = bits
        self.ranges = ranges

    def with_range(self, key: str, value: Range) -> Env:
        return Env(self.bits, {**self.ranges, key: value})


def join(a: Env | None, b: Env | None) -> Env | None:
    """Everything either may hold."""
    if a is None:
        return b
    if b is None:
        return a
    if not a.ranges or not b.ranges:
        return Env(a.bits | b.bits)
    ranges = {key: (min(r[0], b.ranges[key][0]), max(r[1], b.ranges[key][1]))
              for key, r in a.ranges.items() if key in b.ranges}
    return Env(a.bits | b.bits, ranges)


@dataclass(frozen=True, slots=True)
class Field:
    """Where one skill or flag sits in ``Env.bits``."""

    offset: int
    width: int  # a skill's number of states; 2 for a flag
    full: int  # every bit of the field, unshifted
    mask: int  # every bit of the field, in place

    @classmethod
    def at(cls, offset: int, width: int) -> Field:
        full = (1 << width) - 1
        return cls(offset, width, full, full << offset)

    def get(self, bits: int) -> int:
        return (bits >> self.offset) & self.full

    def put(self, bits: int, value: int) -> int:
        return (bits & ~self.mask) | (value << self.offset)


Refiner = Callable[[Env, bool], "Env | None"]
Measure = Callable[[Env], Range]

def possible(op: str, left: Range, right: Range) -> bool:
    """Whether ``x op y`` holds for some x in ``left`` and y in ``right``."""
    if op == "<":
        return left[0] < right[1]
    if op == "<=":
        return left[0] <= right[1]
    if op == ">":
        return left[1] > right[0]
    if op == ">=":
        return left[1] >= right[0]
    if op == "==":
        return left[0] <= right[1] and right[0] <= left[1]
    return not (left[0] == left[1] == right[0] == right[1])


def narrow(op: str, mine: Range, other: Range) -> Range:
    """The part of ``mine`` where ``x op y`` holds for some y in ``other`` (whole numbers)."""
    low, high = mine
    if op == "<":
        high = min(high, other[1] - 1)
    elif op == "<=":
        high = min(high, other[1])
    elif op == ">":
        low = max(low, other[0] + 1)
    elif op == ">=":
        low = max(low, other[0])
    elif op == "==":
        low, high = max(low, other[0]), min(high, other[1])
    elif other[0] == other[1]:
        if low == other[0]:
            low += 1
        if high == other[0]:
            high -= 1
    return low, high


def _unchanged(env: Env, want: bool) -> Env | None:
    return env


def _keep(field: Field, true: int) -> Refiner:
    """Keep, of one field, the bits in ``true`` (or in the rest of the field, for ``want`` false)."""
    whole = field.mask
    keep_true = true << field.offset
    keep_false = whole & ~keep_true

    def refine(env: Env, want: bool) -> Env | None:
        bits = env.bits
        kept = bits & (keep_true if want else keep_false)
        if not kept:
            return None
        narrowed = (bits & ~whole) | kept
        return env if narrowed == bits else Env(narrowed, env.ranges)

    return refine


class Abstraction:
    """A story's names laid out in an ``Env``, and its conditions compiled to refiners."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.skills: dict[str, Field] = {}
        self.flags: dict[str, Field] = {}
        offset = 0
        start = 0
        for name, skill in story.skills.items():
            self.skills[name] = Field.at(offset, len(skill.states))
            start |= 1 << offset  # everyone starts at the first state
            offset += len(skill.states)
        for name in sorted(story.flags):
            self.flags[name] = Field.at(offset, 2)
            start |= 1 << offset  # flags start off
            offset += 2
        self.declared: dict[str, Range] = {
            name: (-INF if s.min is None else s.min, INF if s.max is None else s.max) for name, s in story.stats.items()
        }
        self.start = Env(start)
        self.top = Env(sum(field.mask for field in (*self.skills.values(), *self.flags.values())))  # anything
        # Keyed by the node's id; the node is kept too, so the id is never reused while cached.
        self._refiners: dict[int, tuple[Node, Refiner]] = {}

    def refine(self, env: Env, node: Node, want: bool = True) -> Env | None:
        """``env`` narrowed to where ``node`` may give ``want``; None where it never can."""
        return self.refiner(node)(env, want)

    def refiner(self, node: Node) -> Refiner:
        found = self._refiners.get(id(node))
        if found is None:
            found = (node, self._build(node))
            self._refiners[id(node)] = found
        return found[1]

    def _build(self, node: Node) -> Refiner:
        if isinstance(node, Binary):
            if node.op in ("and", "or"):
                return self._logic(node)
            return self._comparison(node)
        if isinstance(node, Not):
            operand = self.refiner(node.operand)
            return lambda env, want: operand(env, not want)
        if isinstance(node, Flag):
            return _keep(self.flags[node.name], 2)
        if isinstance(node, Literal):
            value = bool(node.value)
            return lambda env, want: env if value == want else None
        return _unchanged

    def _logic(self, node: Binary) -> Refiner:
        left, right = self.refiner(node.left), self.refiner(node.right)
        every = node.op == "and"  # 'and' needs both sides true; 'or' needs both false to be false

        def refine(env: Env, want: bool) -> Env | None:
            if want == every:
                first = left(env, want)
                return None if first is None else right(first, want)
            return join(left(env, want), right(env, want))

        return refine

    def _comparison(self, node: Binary) -> Refiner:
        skill = self.skill_side(node)
        if skill is not None:
            return self._skill_comparison(*skill, node.op)
        left, right = node.left, node.right
        if isinstance(right, Literal) and isinstance(right.value, bool):
            left, right = right, left
        if isinstance(left, Literal) and isinstance(left.value, bool) and isinstance(right, Flag) \
                and node.op in ("==", "!="):
            flag, value, same = _keep(self.flags[right.name], 2), left.value, node.op == "=="
            return lambda env, want: flag(env, (want == value) == same)
        if isinstance(left, Literal) and isinstance(right, Literal):
            holds = COMPARE[node.op](left.value, right.value)
            return lambda env, want: env if holds == want else None
        measure_left, measure_right = self.measure(node.left), self.measure(node.right)
        if measure_left is None or measure_right is None:
            return _unchanged
        narrow_left, narrow_right = self._narrower(node.left), self._narrower(node.right)
        op = node.op

        def refine(env: Env, want: bool) -> Env | None:
            test = op if want else NEGATE[op]
            low, high = measure_left(env), measure_right(env)
            if not possible(test, low, high):
                return None
            kept: Env | None = env
            if narrow_left is not None:
                kept = narrow_left(env, low, narrow(test, low, high))
            if narrow_right is not None and kept is not None:
                kept = narrow_right(kept, high, narrow(MIRROR[test], high, low))
            return kept

        return refine

    def _narrower(self, node: Node) -> Callable[[Env, Range, Range], Env | None] | None:
        """How to keep, of an ``Env``, the part where a number expression lies in a narrower range."""
        if isinstance(node, (Stat, Visits)):
            return self._keep_range(node.name if isinstance(node, Stat) else "@" + node.scene)
        if isinstance(node, GoalCount):
            key = "#" + node.goal
            items = self._goal_items(node.goal)
            if items is None:
                return self._keep_range(key)

            def keep_count(env: Env, before: Range, kept: Range) -> Env | None:
                if kept[0] > kept[1]:
                    return None
                sure, maybe = before
                result: Env | None = env if kept == before else env.with_range(key, kept)
                if kept[0] >= maybe > sure:  # every item that may be met must be
                    for item in items:
                        if result is not None and item(env, True) is not None:
                            result = item(result, True)
                if kept[1] <= sure < maybe:  # every item not sure to be met must not be
                    for item in items:
                        if result is not None and item(env, False) is not None:
                            result = item(result, False)
                return result

            return keep_count
        if isinstance(node, Binary) and node.op in ("+", "-"):
            return self._sum_narrower(node)
        return None

    @staticmethod
    def _keep_range(key: str) -> Callable[[Env, Range, Range], Env | None]:
        def keep_range(env: Env, before: Range, kept: Range) -> Env | None:
            if kept[0] > kept[1]:
                return None
            return env if kept == before else env.with_range(key, kept)

        return keep_range

    def _goal_items(self, goal: str) -> list[Refiner] | None:
        """The refiners of a goal's items; None for a goal too big to count item by item."""
        items = self.story.goals[goal].items
        if len(items) > MAX_GOAL_ITEMS:
            return None
        return [self.refiner(item.when.node) for item in items]

    def _sum_narrower(self, node: Binary) -> Callable[[Env, Range, Range], Env | None] | None:
        """``x + c`` or ``x - c`` (or ``c - x``) kept in a range keeps ``x`` in a shifted range."""
        measure_left, measure_right = self.measure(node.left), self.measure(node.right)
        inner_left, inner_right = self._narrower(node.left), self._narrower(node.right)
        if measure_left is None or measure_right is None or (inner_left is None and inner_right is None):
            return None
        plus = node.op == "+"

        def keep_sum(env: Env, before: Range, kept: Range) -> Env | None:
            if kept[0] > kept[1]:
                return None
            left, right = measure_left(env), measure_right(env)
            if right[0] == right[1] and inner_left is not None:  # x + c, x - c
                c = right[0]
                low, high = (kept[0] - c, kept[1] - c) if plus else (kept[0] + c, kept[1] + c)
                return inner_left(env, left, (max(left[0], low), min(left[1], high)))
            if left[0] == left[1] and inner_right is not None:  # c + x, c - x
                c = left[0]
                low, high = (kept[0] - c, kept[1] - c) if plus else (c - kept[1], c - kept[0])
                return inner_right(env, right, (max(right[0], low), min(right[1], high)))
            return env

        return keep_sum

    def _skill_comparison(self, skill: str, position: int, on_left: bool, op: str) -> Refiner:
        test = COMPARE[op if on_left else MIRROR[op]]
        field = self.skills[skill]
        return _keep(field, sum(1 << p for p in range(field.width) if test(p, position)))

    def skill_side(self, node: Binary) -> tuple[str, int, bool] | None:
        """(skill, state position, skill on the left) for a skill compared with one of its states."""
        return skill_comparison(node)

    def measure(self, node: Node) -> Measure | None:
        """A closure giving the range a number expression may take in an ``Env``; None if not a number."""
        if isinstance(node, Literal):
            if isinstance(node.value, (bool, str)):
                return None
            point = (node.value, node.value)
            return lambda env: point
        if isinstance(node, Stat):
            key, declared = node.name, self.declared[node.name]
            return lambda env: env.ranges.get(key, declared)
        if isinstance(node, Visits):
            key = "@" + node.scene
            return lambda env: env.ranges.get(key, (0, INF))
        if isinstance(node, GoalCount):
            key = "#" + node.goal
            items = self._goal_items(node.goal)
            if items is None:
                every: Range = (0, len(self.story.goals[node.goal].items))
                return lambda env: _intersect(every, env.ranges.get(key))

            def count(env: Env) -> Range:
                sure = sum(1 for item in items if item(env, False) is None)
                maybe = sum(1 for item in items if item(env, True) is not None)
                return _intersect((sure, maybe), env.ranges.get(key))

            return count
        if isinstance(node, Binary) and node.op in ("+", "-"):
            left, right = self.measure(node.left), self.measure(node.right)
            if left is None or right is None:
                return None
            if node.op == "+":
                return lambda env: _add(left(env), right(env))
            return lambda env: _subtract(left(env), right(env))
        return None


def _intersect(a: Range, b: Range | None) -> Range:
    return a if b is None else (max(a[0], b[0]), min(a[1], b[1]))


def _add(a: Range, b: Range) -> Range:
    return a[0] + b[0], a[1] + b[1]


def _subtract(a: Range, b: Range) -> Range:
    return a[0] - b[1], a[1] - b[0]


