r"""The syntax of story text: literal words, ``{expression}`` placeholders and inline variations.

A variation is a placeholder that starts with a word and a colon, then gives texts split by ``|``::

    {if family >= 7: warm | cold}        a condition picks the first text (true) or the second
    {plural weeks: week | weeks}         a number picks the first text (1) or the second
    {first: Papá waits. | Papá again.}   the scene's first visit, then every later one
    {seq: a | b | c}                     one text per visit of the scene, staying on the last
    {cycle: a | b}                       one text per visit of the scene, round and round

The texts may hold placeholders and variations of their own. ``{{`` and ``}}`` are literal braces,
but inside a variation a ``}`` always closes it (so that ``{first: a | {plural n: b | c}}`` ends
where it reads), and a ``|`` always starts its next text. A backslash makes the brace or bar after it
text anywhere: ``\{``, ``\}``, ``\|``, and ``\\`` a backslash (before anything else it is just a
backslash). Parsing only finds the shape, with offsets into the source for the author's messages; ``load.builder``
resolves the expressions and compiles the pieces into closures, once, at load.
"""

from __future__ import annotations

import re
from typing import Union

from msgspec import Struct

from game.engine.errors import suggest

# keyword -> (whether it takes an expression before the colon, fewest texts, most texts)
VARIATIONS: dict[str, tuple[bool, int, int | None]] = {
    "if": (True, 1, 2),
    "plural": (True, 2, 2),
    "first": (False, 1, 2),
    "seq": (False, 2, None),
    "cycle": (False, 2, None),
}
COUNTED = ("first", "seq", "cycle")  # the variations that count the visits of their scene
_SPECIAL = re.compile(r"[{}|\\]")
_ESCAPED = re.compile(r"([{}|\\])")
_KEYWORD = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)")
MAX_DEPTH = 20  # variations inside one another
EXAMPLES = {
    "if": "{if hope > 3: hopeful | tired}",
    "plural": "{plural weeks: week | weeks}",
    "first": "{first: the first time | every time after}",
    "seq": "{seq: first visit | second visit | later visits}",
    "cycle": "{cycle: odd visits | even visits}",
}


class TextError(Exception):
    """A fault in the shape of a text, at a character offset into it. ``shown`` is the placeholder it is in."""

    def __init__(self, offset: int, message: str, hint: str = "", shown: str = "") -> None:
        self.offset = offset
        self.message = message
        self.hint = hint
        self.shown = shown
        super().__init__(f"column {offset + 1}: {message}")


class Insert(Struct, frozen=True):
    """``{expression}``: its value is shown."""

    source: str  # the expression, as written between the braces
    offset: int  # where the expression starts in the text


class Variation(Struct, frozen=True):
    """``{keyword argument: text | text ...}``; each text is a sequence of pieces of its own."""

    keyword: str
    argument: str  # the expression before the colon ("" for first, seq and cycle)
    argument_offset: int
    branches: tuple[tuple[Piece, ...], ...]
    offset: int  # of its opening brace
    source: str  # the whole placeholder, braces included, for messages


Piece = Union[str, Insert, Variation]


def escape(text: str) -> str:
    """Text written so that it shows as it is, wherever it stands: every brace, bar and backslash escaped."""
    return _ESCAPED.sub(r"\\\1", text)


def parse_text(source: str) -> tuple[Piece, ...]:
    """The pieces of a text: literal strings (escapes undone), inserts and variations. Raises
    TextError, and nothing else, for any input string."""
    parser = _Parser(source)
    pieces, end = parser.sequence(0, inside=False, depth=0)
    assert end == len(source)
    return pieces


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source

    def sequence(self, pos: int, inside: bool, depth: int) -> tuple[tuple[Piece, ...], int]:
        """Pieces from ``pos`` to the end of the text, or (``inside`` a variation) to its next ``|`` or
        closing ``}``; and the offset it stopped at."""
        source = self.source
        pieces: list[Piece] = []
        literal: list[str] = []
        while True:
            found = _SPECIAL.search(source, pos)
            if found is None:
                literal.append(source[pos:])
                pos = len(source)
                break
            literal.append(source[pos:found.start()])
            pos = found.start()
            char = source[pos]
            if char == "\\":
                following = source[pos + 1:pos + 2]
                if following and following in "{}|\\":
                    literal.append(following)
                    pos += 2
                else:
                    literal.append(char)
                    pos += 1
            elif source.startswith("{{", pos) or (not inside and source.startswith("}}", pos)):
                literal.append(char)
                pos += 2
            elif char == "{":
                text = "".join(literal)
                if text:
                    pieces.append(text)
                literal = []
                piece, pos = self.placeholder(pos, depth)
                pieces.append(piece)
            elif inside:
                break
            elif char == "}":
                raise TextError(pos, "a lone '}' in the text", "write }} for a literal brace")
            else:
                pos += 1
                literal.append("|")  # outside a variation, a bar is just text
        text = "".join(literal)
        if text:
            pieces.append(text)
        return tuple(pieces), pos

    def placeholder(self, pos: int, depth: int) -> tuple[Piece, int]:
        """The ``{...}`` at ``pos``, and the offset just after it."""
        source = self.source
        head = pos + 1
        while head < len(source) and source[head] not in "{}|:":
            head += 1
        if head == len(source):
            raise self.unclosed(pos)
        stop = source[head]
        if stop == "}":
            return Insert(source[pos + 1:head], pos + 1), head + 1
        if stop == "{":
            raise TextError(head, "a '{' inside an expression", "close the first '{' with '}', or write {{ for a "
                            "literal brace", self.shown(pos))
        if stop == "|":
            raise TextError(head, "'|' separates the texts of a variation, which starts with a word and ':'",
                            f"e.g. {EXAMPLES['first']}", self.shown(pos))
        return self.variation(pos, head, depth)

    def variation(self, pos: int, colon: int, depth: int) -> tuple[Variation, int]:
        source = self.source
        header = source[pos + 1:colon]
        match = _KEYWORD.match(header)
        shown = self.shown(pos)
        if match is None:
            raise TextError(colon, "a variation starts with a word before its ':'",
                            f"one of {_words()}, e.g. {EXAMPLES['if']}", shown)
        keyword = match.group(1)
        if keyword not in VARIATIONS:
            raise TextError(pos + 1 + match.start(1), f"no variation '{keyword}'",
                            suggest(keyword, VARIATIONS) or f"the variations are {_words()}, e.g. {EXAMPLES['if']}",
                            shown)
        takes, fewest, most = VARIATIONS[keyword]
        rest = header[match.end(1):]
        argument = rest.strip()
        argument_at = colon - len(rest.lstrip())
        if takes and not argument:
            what = "a condition" if keyword == "if" else "a number"
            raise TextError(colon, f"'{keyword}' needs {what} before the ':'", f"e.g. {EXAMPLES[keyword]}", shown)
        if not takes and argument:
            raise TextError(argument_at, f"'{keyword}' takes nothing before the ':'", f"e.g. {EXAMPLES[keyword]}",
                            shown)
        if depth >= MAX_DEPTH:
            raise TextError(pos, f"variations nested more than {MAX_DEPTH} deep", "", shown)
        branches: list[tuple[Piece, ...]] = []
        bars: list[int] = []
        at = colon + 1
        while True:
            pieces, at = self.sequence(at, inside=True, depth=depth + 1)
            branches.append(_stripped(pieces))
            if at >= len(source):
                raise self.unclosed(pos)
            if source[at] == "}":
                break
            bars.append(at)
            at += 1
        whole = source[pos:at + 1]
        if most is not None and len(branches) > most:
            count = "one or two texts" if fewest == 1 else "two texts"
            raise TextError(bars[most - 1], f"'{keyword}' takes {count}, split by one '|'; this is text number "
                            f"{most + 1}", f"e.g. {EXAMPLES[keyword]}", whole)
        if len(branches) < fewest:
            needs = f"takes {fewest} texts" if most == fewest else f"needs {fewest} texts or more"
            raise TextError(at, f"'{keyword}' {needs}, split by '|'", f"e.g. {EXAMPLES[keyword]}", whole)
        if not any(branches):
            raise TextError(colon + 1, f"'{keyword}' has no text to show", f"e.g. {EXAMPLES[keyword]}", whole)
        return Variation(keyword, argument, argument_at, tuple(branches), pos, whole), at + 1

    def unclosed(self, pos: int) -> TextError:
        shown = self.shown(pos)
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        return TextError(pos, f"this '{{' is not closed: {shown}", "close it with '}', or write {{ for a literal brace")

    def shown(self, pos: int) -> str:
        """The placeholder starting at ``pos``, as far as its line goes, for a message."""
        line_end = self.source.find("\n", pos)
        return self.source[pos:line_end if line_end >= 0 else len(self.source)]


def _stripped(pieces: tuple[Piece, ...]) -> tuple[Piece, ...]:
    """A variation's text without the spaces around it: ``{if x: warm | cold}`` shows "warm" or "cold"."""
    items = list(pieces)
    if items and isinstance(items[0], str):
        items[0] = items[0].lstrip()
    if items and isinstance(items[-1], str):
        items[-1] = items[-1].rstrip()
    return tuple(item for item in items if item != "")


def _words() -> str:
    names = list(VARIATIONS)
    return f"{', '.join(names[:-1])} and {names[-1]}"
