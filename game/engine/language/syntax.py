"""The condition language's syntax: a tokenizer and a recursive-descent parser into a small tree.

Story text is never evaluated as Python. An expression is parsed once, at load; ``names`` then
resolves the tree against the story's declarations and ``compiler`` turns it into closures.
"""

from __future__ import annotations

import re

from msgspec import Struct

from game.engine.errors import suggest

MAX_LENGTH = 2000
MAX_NESTING = 40  # parentheses, 'not' and unary '-' inside one another
# Levels of the tree, counting each operator of a chain ("a + b + c" is two levels): every walk over a
# tree (resolving, compiling, check's analysis, lock reasons) and every compiled closure recurses
# once or a few times a level, so this bounds their Python stack however the expression is written.
MAX_HEIGHT = 100
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


class Token(Struct, frozen=True):
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


class Node(Struct, frozen=True):
    offset: int


class Literal(Node, frozen=True):
    value: int | bool | str


class Name(Node, frozen=True):
    name: str


class Call(Node, frozen=True):
    function: str
    argument: str
    argument_offset: int


class Not(Node, frozen=True):
    operand: Node


class Binary(Node, frozen=True):
    op: str  # and or + - == != < <= > >=
    left: Node
    right: Node


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.pos = 0
        self.depth = 0
        self.heights: dict[int, int] = {}  # id of each inner node -> its height (a leaf's is 1)

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

    def grown(self, node: Node, offset: int, *children: Node) -> Node:
        """``node``, built at the operator at ``offset`` over ``children``, if the tree stays low enough."""
        height = 1 + max(self.heights.get(id(child), 1) for child in children)
        if height > MAX_HEIGHT:
            raise ConditionError(offset, f"the expression is more than {MAX_HEIGHT} operators long",
                                 "split it into shorter conditions; a goal can count many items")
        self.heights[id(node)] = height
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.token.kind == "name" and self.token.text == "or":
            op = self.take()
            right = self.and_()
            node = self.grown(Binary(op.offset, "or", node, right), op.offset, node, right)
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.token.kind == "name" and self.token.text == "and":
            op = self.take()
            right = self.not_()
            node = self.grown(Binary(op.offset, "and", node, right), op.offset, node, right)
        return node

    def not_(self) -> Node:
        if self.token.kind == "name" and self.token.text == "not":
            op = self.take()
            self.nest()
            operand = self.not_()
            self.depth -= 1
            return self.grown(Not(op.offset, operand), op.offset, operand)
        return self.comparison()

    def comparison(self) -> Node:
        node = self.sum()
        if self.token.kind == "op" and self.token.text in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take()
            right = self.sum()
            node = self.grown(Binary(op.offset, op.text, node, right), op.offset, node, right)
            if self.token.kind == "op" and self.token.text in ("==", "!=", "<", "<=", ">", ">="):
                raise ConditionError(self.token.offset, "comparisons cannot be chained", "join them with and")
        return node

    def sum(self) -> Node:
        node = self.unary()
        while self.token.kind == "op" and self.token.text in ("+", "-"):
            op = self.take()
            right = self.unary()
            node = self.grown(Binary(op.offset, op.text, node, right), op.offset, node, right)
        return node

    def unary(self) -> Node:
        if self.token.kind == "op" and self.token.text == "-":
            op = self.take()
            self.nest()
            operand = self.unary()
            self.depth -= 1
            return self.grown(Binary(op.offset, "-", Literal(op.offset, 0), operand), op.offset, operand)
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


def conjuncts(node: Node) -> list[Node]:
    """The parts of a top-level 'and', in order, so a lock reason can name only the unmet ones."""
    parts: list[Node] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Binary) and item.op == "and":
            stack += [item.right, item.left]
        else:
            parts.append(item)
    return parts


def size(node: Node) -> int:
    """How many parts (nodes) a tree has: what evaluating it costs."""
    count = 0
    stack = [node]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, Binary):
            stack += [item.left, item.right]
        elif isinstance(item, Not):
            stack.append(item.operand)
    return count
