"""The condition language: a tokenizer, a recursive-descent parser and a compiler to closures.

Story text is never evaluated as Python. An expression is parsed once, at load, into a small tree;
names are resolved against the story's declarations (so a typo is a load error with a column), and
the tree is compiled into nested closures that read a game state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from game.engine.errors import suggest

MAX_LENGTH = 2000
MAX_NESTING = 40
KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
FUNCTIONS = ("visits", "goal")


class ConditionError(Exception):
    """A fault in an expression, at a character offset into its source."""

    def __init__(self, offset: int, message: str, hint: str = "") -> None:
        self.offset = offset
        self.message = message
        self.hint = hint
        super().__init__(f"column {offset + 1}: {message}")


# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>\d+)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<str>"[^"\\]*"|'[^'\\]*')
    | (?P<op>==|!=|<=|>=|<|>|\+|-|\(|\))
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # num, name, str, op, end
    text: str
    offset: int


def tokenize(source: str) -> list[Token]:
    if len(source) > MAX_LENGTH:
        raise ConditionError(MAX_LENGTH, f"the expression is longer than {MAX_LENGTH} characters")
    tokens: list[Token] = []
    pos = 0
    end = len(source.rstrip())
    while pos < end:
        match = _TOKEN.match(source, pos)
        if match is None or match.lastgroup is None:
            bad = pos + len(source[pos:]) - len(source[pos:].lstrip())
            char = source[bad]
            hint = ""
            if char == "=":
                hint = "use == to compare"
            elif char in "&|!":
                hint = "write and, or, not"
            elif char in "\"'":
                hint = "a quoted name needs its closing quote"
            raise ConditionError(bad, f"unexpected '{char}'", hint)
        kind = match.lastgroup
        text = match.group(kind)
        tokens.append(Token(kind, text, match.start(kind)))
        pos = match.end()
    tokens.append(Token("end", "", end))
    return tokens


# ---------------------------------------------------------------- syntax tree


@dataclass(frozen=True)
class Node:
    offset: int


@dataclass(frozen=True)
class Literal(Node):
    value: int | bool | str


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Call(Node):
    function: str
    argument: str
    argument_offset: int


@dataclass(frozen=True)
class Not(Node):
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # and or + - == != < <= > >=
    left: Node
    right: Node


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.pos = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Node:
        if self.token.kind == "end":
            raise ConditionError(0, "the condition is empty")
        node = self.or_()
        if self.token.kind != "end":
            hint = "join conditions with and / or" if self.token.kind in ("name", "num", "str") else ""
            raise ConditionError(self.token.offset, f"unexpected '{self.token.text}'", hint)
        return node

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError(self.token.offset, f"nested more than {MAX_NESTING} levels deep")

    def or_(self) -> Node:
        node = self.and_()
        while self.token.kind == "name" and self.token.text == "or":
            op = self.take()
            node = Binary(op.offset, "or", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.token.kind == "name" and self.token.text == "and":
            op = self.take()
            node = Binary(op.offset, "and", node, self.not_())
        return node

    def not_(self) -> Node:
        if self.token.kind == "name" and self.token.text == "not":
            op = self.take()
            self.nest()
            node = Not(op.offset, self.not_())
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        node = self.sum()
        if self.token.kind == "op" and self.token.text in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take()
            node = Binary(op.offset, op.text, node, self.sum())
            if self.token.kind == "op" and self.token.text in ("==", "!=", "<", "<=", ">", ">="):
                raise ConditionError(self.token.offset, "comparisons cannot be chained", "join them with and")
        return node

    def sum(self) -> Node:
        node = self.unary()
        while self.token.kind == "op" and self.token.text in ("+", "-"):
            op = self.take()
            node = Binary(op.offset, op.text, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.token.kind == "op" and self.token.text == "-":
            op = self.take()
            self.nest()
            operand = self.unary()
            self.depth -= 1
            return Binary(op.offset, "-", Literal(op.offset, 0), operand)
        return self.atom()

    def atom(self) -> Node:
        token = self.token
        if token.kind == "num":
            self.take()
            return Literal(token.offset, int(token.text))
        if token.kind == "str":
            self.take()
            return Literal(token.offset, token.text[1:-1])
        if token.kind == "name":
            if token.text in ("and", "or", "not"):
                raise ConditionError(token.offset, f"'{token.text}' needs something before it")
            self.take()
            if token.text in ("true", "false"):
                return Literal(token.offset, token.text == "true")
            if self.token.kind == "op" and self.token.text == "(":
                return self.call(token)
            return Name(token.offset, token.text)
        if token.kind == "op" and token.text == "(":
            self.take()
            self.nest()
            node = self.or_()
            self.depth -= 1
            if not (self.token.kind == "op" and self.token.text == ")"):
                raise ConditionError(self.token.offset, "a '(' is not closed", "add the missing ')'")
            self.take()
            return node
        if token.kind == "end":
            raise ConditionError(token.offset, "the condition ends too early")
        raise ConditionError(token.offset, f"unexpected '{token.text}'")

    def call(self, function: Token) -> Node:
        if function.text not in FUNCTIONS:
            hint = suggest(function.text, FUNCTIONS) or "the functions are visits(scene) and goal(goal)"
            raise ConditionError(function.offset, f"no function '{function.text}'", hint)
        self.take()  # (
        argument = self.token
        if argument.kind != "name":
            raise ConditionError(argument.offset, f"{function.text}() takes a name, e.g. {function.text}(some_id)")
        self.take()
        if not (self.token.kind == "op" and self.token.text == ")"):
            raise ConditionError(self.token.offset, f"expected ')' after {function.text}({argument.text}")
        self.take()
        return Call(function.offset, function.text, argument.text, argument.offset)


def parse(source: str) -> Node:
    """Parse an expression. Raises ConditionError, and nothing else, for any input string."""
    return _Parser(source).parse()


# ---------------------------------------------------------------- names and compiling


class Kind(Enum):
    NUMBER = "a number"
    BOOL = "yes/no"
    TEXT = "a text"
    SKILL = "a skill"


class Symbols(Protocol):
    """What a story declares, as the compiler needs it."""

    stat_names: Mapping[str, Any]
    flag_names: frozenset[str]
    skill_states: Mapping[str, Mapping[str, int]]  # skill -> state id -> position
    scene_ids: Mapping[str, Any]
    goal_conditions: Mapping[str, tuple[Callable[[Any], bool], ...]]


Evaluator = Callable[[Any], Any]


@dataclass(frozen=True)
class Compiled:
    kind: Kind
    fn: Evaluator
    skill: str | None = None  # for Kind.SKILL


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


class Compiler:
    """Resolves names against a story and turns trees into closures over a game state.

    A game state is read through three attributes: ``stats`` (name -> int), ``flags`` (a set of the
    flags that are on), ``skills`` (skill -> state id) and ``visits`` (scene id -> count).
    """

    def __init__(self, symbols: Symbols, *, allow_goals: bool = True) -> None:
        self.symbols = symbols
        self.allow_goals = allow_goals
        self.used: set[tuple[str, str]] = set()  # (kind, name) pairs, for "unused declaration" checks

    def condition(self, node: Node) -> Evaluator:
        compiled = self.compile(node)
        if compiled.kind is not Kind.BOOL:
            raise ConditionError(node.offset, f"this gives {compiled.kind.value}, not yes/no",
                                 "compare it, e.g. hope > 0")
        return compiled.fn

    def compile(self, node: Node) -> Compiled:
        if isinstance(node, Literal):
            value = node.value
            kind = Kind.BOOL if isinstance(value, bool) else Kind.NUMBER if isinstance(value, int) else Kind.TEXT
            return Compiled(kind, lambda s, v=value: v)
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Not):
            operand = self.compile(node.operand)
            if operand.kind is not Kind.BOOL:
                raise ConditionError(node.operand.offset, f"'not' needs yes/no, this is {operand.kind.value}")
            fn = operand.fn
            return Compiled(Kind.BOOL, lambda s: not fn(s))
        assert isinstance(node, Binary)
        if node.op in ("and", "or"):
            left, right = self.compile(node.left), self.compile(node.right)
            for side, tree in ((left, node.left), (right, node.right)):
                if side.kind is not Kind.BOOL:
                    raise ConditionError(tree.offset, f"'{node.op}' joins yes/no conditions; this is {side.kind.value}",
                                         "compare it, e.g. hope > 0")
            lf, rf = left.fn, right.fn
            if node.op == "and":
                return Compiled(Kind.BOOL, lambda s: lf(s) and rf(s))
            return Compiled(Kind.BOOL, lambda s: lf(s) or rf(s))
        if node.op in ("+", "-"):
            left, right = self.compile(node.left), self.compile(node.right)
            for side, tree in ((left, node.left), (right, node.right)):
                if side.kind is not Kind.NUMBER:
                    raise ConditionError(tree.offset, f"'{node.op}' needs numbers; this is {side.kind.value}")
            lf, rf = left.fn, right.fn
            if node.op == "+":
                return Compiled(Kind.NUMBER, lambda s: lf(s) + rf(s))
            return Compiled(Kind.NUMBER, lambda s: lf(s) - rf(s))
        return self.comparison(node)

    def comparison(self, node: Binary) -> Compiled:
        test = _COMPARE[node.op]
        left = self.operand(node.left, node.right)
        right = self.operand(node.right, node.left)
        if left.kind is Kind.SKILL or right.kind is Kind.SKILL:
            skill_side, other, other_node = (left, right, node.right) if left.kind is Kind.SKILL else (right, left, node.left)
            if other.kind is Kind.SKILL and other.skill != skill_side.skill:
                raise ConditionError(node.offset, f"'{left.skill}' and '{right.skill}' are different skills",
                                     "compare a skill with one of its own states")
            if other.kind is not Kind.SKILL:
                raise ConditionError(other_node.offset, f"compare the skill '{skill_side.skill}' with one of its states",
                                     f"e.g. {skill_side.skill} >= {next(iter(self.symbols.skill_states[skill_side.skill]))}")
        elif left.kind is not right.kind:
            raise ConditionError(node.offset, f"cannot compare {left.kind.value} with {right.kind.value}")
        elif left.kind is not Kind.NUMBER and node.op not in ("==", "!="):
            raise ConditionError(node.offset, f"'{node.op}' compares numbers or skill states, not {left.kind.value}")
        lf, rf = left.fn, right.fn
        return Compiled(Kind.BOOL, lambda s: test(lf(s), rf(s)))

    def operand(self, node: Node, other: Node) -> Compiled:
        """Compile one side of a comparison; a bare or quoted name facing a skill is one of its states."""
        facing = self.skill_of(other)
        if facing is not None and isinstance(node, (Name, Literal)) and not (
            isinstance(node, Name) and self.is_variable(node.name)
        ):
            if isinstance(node, Literal) and not isinstance(node.value, str):
                raise ConditionError(node.offset, f"compare the skill '{facing}' with one of its states, not a number",
                                     f"e.g. {facing} >= {next(iter(self.symbols.skill_states[facing]))}")
            state = node.name if isinstance(node, Name) else str(node.value)
            positions = self.symbols.skill_states[facing]
            if state not in positions:
                hint = suggest(state, positions) or f"its states are: {', '.join(positions)}"
                raise ConditionError(node.offset, f"the skill '{facing}' has no state '{state}'", hint)
            self.used.add(("state", f"{facing}.{state}"))
            position = positions[state]
            return Compiled(Kind.SKILL, lambda s, p=position: p, facing)
        return self.compile(node)

    def skill_of(self, node: Node) -> str | None:
        if isinstance(node, Name) and node.name in self.symbols.skill_states:
            return node.name
        return None

    def is_variable(self, name: str) -> bool:
        s = self.symbols
        return name in s.stat_names or name in s.flag_names or name in s.skill_states

    def name(self, node: Name) -> Compiled:
        name = node.name
        s = self.symbols
        if name in s.stat_names:
            self.used.add(("stat", name))
            return Compiled(Kind.NUMBER, lambda st: st.stats[name])
        if name in s.flag_names:
            self.used.add(("flag", name))
            return Compiled(Kind.BOOL, lambda st: name in st.flags)
        if name in s.skill_states:
            self.used.add(("skill", name))
            positions = s.skill_states[name]
            return Compiled(Kind.SKILL, lambda st: positions[st.skills[name]], name)
        everything = [*s.stat_names, *s.flag_names, *s.skill_states]
        hint = suggest(name, everything)
        if not hint:
            for skill, states in s.skill_states.items():
                if name in states:
                    hint = f"'{name}' is a state of '{skill}'; compare it, e.g. {skill} >= {name}"
                    break
        raise ConditionError(node.offset, f"no stat, flag or skill named '{name}'",
                             hint or "declare it in story.yaml under stats, flags or skills")

    def call(self, node: Call) -> Compiled:
        argument = node.argument
        if node.function == "visits":
            if argument not in self.symbols.scene_ids:
                raise ConditionError(node.argument_offset, f"no scene '{argument}'",
                                     suggest(argument, self.symbols.scene_ids))
            return Compiled(Kind.NUMBER, lambda st: st.visits.get(argument, 0))
        if not self.allow_goals:
            raise ConditionError(node.offset, "goal() cannot be used inside a goal's own items")
        goals = self.symbols.goal_conditions
        if argument not in goals:
            raise ConditionError(node.argument_offset, f"no goal '{argument}'", suggest(argument, goals))
        self.used.add(("goal", argument))
        items = goals[argument]
        return Compiled(Kind.NUMBER, lambda st: sum(1 for item in items if item(st)))


# ---------------------------------------------------------------- words for players


def conjuncts(node: Node) -> list[Node]:
    """The parts of a top-level 'and', so a lock reason can name only the unmet ones."""
    if isinstance(node, Binary) and node.op == "and":
        return [*conjuncts(node.left), *conjuncts(node.right)]
    return [node]


_OP_WORDS = {">=": "at least", ">": "above", "<=": "at most", "<": "below", "==": "", "!=": "not"}


def describe(node: Node, display: Callable[[str, str | None], str]) -> str:
    """A condition in words, for lock reasons: 'Pilot at least Private pilot'.

    ``display(name, skill)`` gives the display name of a stat, flag or skill (skill None), or of a
    state of the given skill.
    """

    def side(n: Node, other: Node) -> str:
        if isinstance(n, Name):
            facing = other.name if isinstance(other, Name) else None
            return display(n.name, facing)
        if isinstance(n, Literal):
            if isinstance(n.value, str) and isinstance(other, Name):
                return display(n.value, other.name)
            return str(n.value).lower() if isinstance(n.value, bool) else str(n.value)
        return words(n)

    def words(n: Node) -> str:
        if isinstance(n, Literal):
            return str(n.value)
        if isinstance(n, Name):
            return display(n.name, None)
        if isinstance(n, Call):
            if n.function == "visits":
                return f"having been to {display(n.argument, None)}"
            return f"{display(n.argument, None)}"
        if isinstance(n, Not):
            return f"not {words(n.operand)}"
        assert isinstance(n, Binary)
        if n.op in ("and", "or"):
            return f"{words(n.left)} {n.op} {words(n.right)}"
        if n.op in ("+", "-"):
            return f"{words(n.left)} {n.op} {words(n.right)}"
        if isinstance(n.left, Call) and n.left.function == "visits" and isinstance(n.right, Literal):
            if (n.op == ">" and n.right.value == 0) or (n.op == ">=" and n.right.value == 1):
                return f"having been to {display(n.left.argument, None)}"
            if n.op == "==" and n.right.value == 0:
                return f"not having been to {display(n.left.argument, None)}"
        left, right = side(n.left, n.right), side(n.right, n.left)
        joiner = _OP_WORDS[n.op]
        return f"{left} {joiner} {right}" if joiner else f"{left} {right}"

    return words(node)
