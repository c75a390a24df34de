"""Untrusted YAML in, plain Python data out, or problems that point at a line and column.

We do not use ``yaml.compose``/``yaml.load``: libyaml's composer recurses in C and crashes the
process on deeply nested input. Instead we walk libyaml's event stream (iterative) and build plain
dicts, lists and scalars ourselves, which also lets us refuse tags, cap nesting, refuse alias
bombs and duplicate keys, and resolve scalars by the YAML 1.2 core schema (``no`` stays a word).

Story text ends up on a player's terminal, so no string may hold a control character (an escape
sequence can retitle a terminal or write to its clipboard). libyaml already refuses them as raw
characters; a double-quoted string can still write them as escapes (``"\\e"``), so those are checked.
"""

from __future__ import annotations

import os
import re
import stat
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from game.engine.errors import Path_, Problem

try:  # libyaml's C parser when present; the pure-Python one is equally safe, only slower.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 48
# Values, counting what aliases expand to: what one file may hold, and a whole story folder (which
# MAX_STORY_BYTES and MAX_FILES bound too). Together they bound all later work.
MAX_VALUES = 1_000_000
MAX_STORY_VALUES = 4_000_000
MAX_DIGITS = 18  # a whole number's digits: Python refuses to convert past 4,300, and no story needs more
LIBYAML_DEPTH = "exceeded maximum nesting depth"  # libyaml 0.2.6's own limit (1,000 levels)
_LOOKAHEAD = 1024  # how far PyYAML's scanners look ahead for a simple key
_REPARSE_LIMIT = 1_000_000  # characters re-parsed in pure Python to place a nesting fault exactly

_STANDARD_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
# What no story string may hold: C0 controls but tab and newline, DEL, and C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class YamlProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class _LongNumber(Exception):
    """A whole number with more than ``MAX_DIGITS`` digits."""


def _plain_scalar(value: str) -> Any:
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.match(value):
            if len(value) > MAX_DIGITS + 1:  # rare: Python converts at most 4,300 digits, leading zeros too
                digits = value.lstrip("+-").lstrip("0")
                if len(digits) > MAX_DIGITS:
                    raise _LongNumber
                number = int(digits or "0")
                return -number if value[0] == "-" else number
            return int(value)
        if _FLOAT.match(value):
            return float(value)
    return value


@dataclass
class Outline:
    """What a parse learns about a document besides its data: how many values it holds (counting what
    aliases expand to) and, when it is a list, where each item starts (its first line, 0-based) and
    how many values came before it, so each item's size is known."""

    values: int = 0
    lines: array[int] = field(default_factory=lambda: array("q"))
    starts: array[int] = field(default_factory=lambda: array("q"))

    def size(self, index: int) -> int:
        """How many values item ``index`` holds."""
        end = self.starts[index + 1] if index + 1 < len(self.starts) else self.values
        return end - self.starts[index]


Position = tuple[int, int, bool]  # a Mark's fields: positions keep plain tuples, as there is one per value


_QUOTES = ("'", '"')


def _mark(event: Any) -> Position:
    start = event.start_mark
    return start.line + 1, start.column + 1, getattr(event, "style", None) in _QUOTES


class _Builder:
    """Turns one document's events into data; optionally records where each value starts.

    ``wanted`` limits the positions recorded to those paths (a file of millions of values can be
    asked where a few of them are without a map of them all); ``budget`` is how many values the
    story has left: the document may hold that many, and at most ``MAX_VALUES``."""

    def __init__(self, name: str, positions: dict[Path_, Position] | None, outline: Outline | None = None,
                 wanted: set[Path_] | None = None, budget: int = MAX_VALUES) -> None:
        self.name = name
        self.positions = positions
        self.wanted = wanted
        self.outline = outline
        self.budget = min(budget, MAX_VALUES)
        self.whole_story = budget < MAX_VALUES  # the story's values run out before the file's limit
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.item_line = 0  # the first line (0-based) of the newest item of a top-level list

    def fail(self, event: Any, message: str, hint: str = "") -> YamlProblem:
        line, column, _ = _mark(event)
        return YamlProblem(Problem(self.name, line, column, message, hint))

    def build(self, loader: Any) -> Any:
        # Each open container is [is_mapping, data, pending key, path, anchor, values before it opened].
        # A container goes into its parent when it opens, so its path is known for its children.
        # This loop runs once per YAML event, so it keeps names local and works out paths only
        # when positions are wanted.
        stack: list[list[Any]] = []
        result: Any = None
        positions = self.positions
        wanted = self.wanted
        outline = self.outline
        budget = self.budget
        anchors = self.anchors
        open_anchors = self.open_anchors
        get_event = loader.get_event
        values = 0
        path: Path_ | None = None
        try:
            while True:
                event = get_event()
                kind = type(event)
                if kind is _SCALAR:
                    tag = event.tag
                    if tag is not None and tag not in _STANDARD_TAGS:
                        raise self.fail_tag(event)
                    if event.implicit[0] and tag != _STR:
                        try:
                            value = _plain_scalar(event.value)
                        except _LongNumber:
                            raise self.fail_number(event) from None
                    else:
                        value = event.value
                        if event.style == '"' and not value.isprintable() and CONTROL.search(value):
                            raise self.fail_control(event)
                    if event.anchor is not None:
                        anchors[event.anchor] = (value, 1)
                    size = 1
                    opens = False
                elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                    if event.tag is not None and event.tag not in _STANDARD_TAGS:
                        raise self.fail_tag(event)
                    if len(stack) >= MAX_DEPTH:
                        raise self.fail(event, _too_deep_message())
                    value = {} if kind is _MAPPING_START else []
                    size = 1
                    opens = True
                elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                    _, value, _, _, anchor, before = stack.pop()
                    if anchor is not None:
                        open_anchors.discard(anchor)
                        anchors[anchor] = (value, values - before)
                    continue
                elif kind is yaml.AliasEvent:
                    if event.anchor in open_anchors:
                        raise self.fail(event, f"the alias *{event.anchor} refers to the list or mapping it is in")
                    if event.anchor not in anchors:
                        raise self.fail(event, f"no anchor &{event.anchor} before this alias")
                    value, size = anchors[event.anchor]
                    opens = False
                elif kind is yaml.DocumentEndEvent or kind is yaml.StreamEndEvent:
                    return result
                else:  # the start of the stream or of the document
                    continue
                values += size
                if values > budget:
                    raise self.fail_budget(event)
                if stack:
                    top = stack[-1]
                    container = top[1]
                    if not top[0]:
                        if len(stack) == 1:
                            self.item_line = event.start_mark.line
                            if outline is not None:
                                outline.lines.append(self.item_line)
                                outline.starts.append(values - size)
                        if positions is not None:
                            path = (*top[3], len(container))
                            if wanted is None or path in wanted:
                                start = event.start_mark
                                positions[path] = (start.line + 1, start.column + 1, getattr(event, "style", None) in _QUOTES)
                        container.append(value)
                    elif top[2] is _NO_KEY:
                        if opens or isinstance(value, (dict, list)):
                            raise self.fail(event, "a mapping key must be a plain word, not a list or mapping")
                        key = value if type(value) is str else "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
                        if key in container:
                            raise self.fail(event, f"the key '{key}' appears twice in this mapping")
                        top[2] = key
                        if positions is not None:
                            path = (*top[3], key, KEY)
                            if wanted is None or path in wanted:
                                start = event.start_mark
                                positions[path] = (start.line + 1, start.column + 1, getattr(event, "style", None) in _QUOTES)
                        continue
                    else:
                        key = top[2]
                        container[key] = value
                        top[2] = _NO_KEY
                        if positions is not None:
                            path = (*top[3], key)
                            if wanted is None or path in wanted:
                                start = event.start_mark
                                positions[path] = (start.line + 1, start.column + 1, getattr(event, "style", None) in _QUOTES)
                else:
                    path = ()
                    result = value
                    if positions is not None and (wanted is None or path in wanted):
                        start = event.start_mark  # never a mark's answer, but a scene parsed alone needs it
                        positions[path] = (start.line + 1, start.column + 1, getattr(event, "style", None) in _QUOTES)
                if opens:
                    stack.append([kind is _MAPPING_START, value, _NO_KEY, path, event.anchor, values - 1])
                    if event.anchor is not None:
                        open_anchors.add(event.anchor)
        finally:  # what a document that fails holds counts too: its values were built all the same
            if outline is not None:
                outline.values = values


    def fail_tag(self, event: Any) -> YamlProblem:
        return self.fail(
            event,
            f"the tag {event.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
            "story files hold plain text, numbers, lists and mappings; remove the tag",
        )

    def fail_number(self, event: Any) -> YamlProblem:
        digits = len(event.value.lstrip("+-").lstrip("0"))
        return self.fail(event, f"a number with {digits:,} digits; a story's numbers have at most {MAX_DIGITS}",
                         "put it in quotes if it is meant as text")

    def fail_control(self, event: Any) -> YamlProblem:
        code = ord(CONTROL.search(event.value).group())  # type: ignore[union-attr]
        return self.fail(event, f"a control character (U+{code:04X}) in this text",
                         "text cannot send control codes to the player's terminal; "
                         f"remove the escape that writes it (such as \\x{code:02x})")

    def fail_budget(self, event: Any) -> YamlProblem:
        if self.whole_story:
            return self.fail(event, f"more than {MAX_STORY_VALUES:,} values (counting what aliases expand to) in the "
                             "story by here", "a story holds at most that many; make it smaller, or use fewer anchors "
                             "and aliases")
        return self.fail(event, f"more than {MAX_VALUES:,} values (counting what aliases expand to) in this file",
                         "a file holds at most that many: split it into several scene files, or use fewer anchors "
                         "and aliases")


_SCALAR = yaml.ScalarEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_STR = "tag:yaml.org,2002:str"


_NO_KEY = object()
KEY = "<key>"


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most ``MAX_FILE_BYTES`` (one more if it grew while it was read).

    A named pipe or a device would make a read wait forever or never end, so anything but a regular
    file is refused (OSError). The file is opened without blocking, then checked."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(descriptor, "rb") as file:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(0, "not a regular file")
        if status.st_size > MAX_FILE_BYTES:
            raise FileTooBig(status.st_size)
        return file.read(status.st_size + 1)  # one byte more shows a file that grew meanwhile


class FileTooBig(OSError):
    def __init__(self, size: int) -> None:
        super().__init__(0, "too big")
        self.size = size


def read_text(path: Path, shown_as: str) -> str:
    """The file's text, or a problem saying why it cannot be read."""
    try:
        raw = read_bytes(path)
    except FileTooBig as exc:
        raise YamlProblem(_too_big(shown_as, exc.size)) from None
    except OSError as exc:
        raise YamlProblem(Problem(shown_as, 0, 0, f"cannot read the file: {exc.strerror or exc}")) from exc
    if len(raw) > MAX_FILE_BYTES:  # it grew while it was read
        raise YamlProblem(_too_big(shown_as, len(raw)))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(
            Problem(shown_as, line, column, "the file is not valid UTF-8 text",
                    "save it as UTF-8 in your editor")
        ) from exc


def _too_big(shown_as: str, size: int) -> Problem:
    return Problem(shown_as, 0, 0, f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                   "split it into several scene files")


def parse(text: str, shown_as: str, positions: dict[Path_, Position] | None = None,
          outline: Outline | None = None, *, wanted: set[Path_] | None = None, budget: int = MAX_VALUES) -> Any:
    """Parse one YAML document. Raises YamlProblem; never anything else for any input text.

    ``positions`` (if given) receives the (line, column, quoted) of every value, by path (of the
    ``wanted`` paths only, if given); ``outline`` what the document holds; ``budget`` is how many
    values the story has left (a file holds at most ``MAX_VALUES`` whatever the story has left).
    """
    loader = _Loader(text)
    builder = _Builder(shown_as, positions, outline, wanted, budget)
    try:
        data = builder.build(loader)
        if loader.check_event(yaml.DocumentStartEvent):
            event = loader.peek_event()
            raise YamlProblem(
                Problem(shown_as, event.start_mark.line + 1, event.start_mark.column + 1,
                        "a second YAML document ('---') in one file", "put each document in its own file")
            )
        return data
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.problem == LIBYAML_DEPTH and mark is not None:
            raise _too_deep(text, shown_as, builder.item_line, mark) from None
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = exc.problem or "the YAML cannot be read"
        hint = _indentation_hint(text, message, mark) or _yaml_hint(message)
        raise YamlProblem(Problem(shown_as, line, column, f"YAML syntax: {message}", hint)) from None
    except yaml.reader.ReaderError as exc:
        raise _unreadable_character(text, shown_as, exc) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(shown_as, 0, 0, f"YAML: {exc}")) from None
    finally:
        loader.dispose()


def _unreadable_character(text: str, shown_as: str, error: yaml.reader.ReaderError) -> YamlProblem:
    """A character YAML refuses (a NUL byte, say), at its line and column.

    The reader stops at the first character it refuses, so that is the first place the character
    appears (libyaml counts its place in bytes of UTF-8, which is no help for the column)."""
    code = error.character if isinstance(error.character, int) else 0
    index = max(text.find(chr(code)), 0)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return YamlProblem(Problem(shown_as, line, column, f"the character U+{code:04X} is not allowed in a story file",
                               "it is a control character (or not a character at all); delete it"))


def _too_deep(text: str, shown_as: str, item_line: int, mark: Any) -> YamlProblem:
    """Our own nesting problem, where libyaml (0.2.6 and later) stopped at its own, deeper limit.

    libyaml looks ahead while it scans flow collections (``[[[[``), so its limit of 1,000 levels
    can strike before our builder has seen level 49. To report the same place whatever the libyaml
    version, the lines from the start of the top-level item that holds the fault are parsed again
    with PyYAML's pure-Python parser, which has no limit of its own and stops at ours. That parser
    looks at most 1,024 characters ahead, so the text after libyaml's mark plus that margin is
    never read; past a megabyte of re-parsing, libyaml's own mark is reported instead.
    """
    lines = text.split("\n")
    start = sum(len(row) + 1 for row in lines[:item_line])
    end = mark.index + 2 * _LOOKAHEAD
    fallback = YamlProblem(Problem(shown_as, mark.line + 1, mark.column + 1, _too_deep_message()))
    if mark.index - start > _REPARSE_LIMIT or not plain_breaks(text):
        return fallback
    try:
        _Builder(shown_as, None).build(yaml.SafeLoader(text[start:end]))
    except YamlProblem as exc:
        if exc.problem.message == _too_deep_message():
            found = exc.problem
            return YamlProblem(Problem(shown_as, found.line + item_line, found.column, found.message))
    except yaml.YAMLError:
        pass
    return fallback


def _too_deep_message() -> str:
    return f"nested more than {MAX_DEPTH} levels deep"


def _yaml_hint(message: str) -> str:
    if "mapping values are not allowed" in message:
        return "a text with ': ' in it needs quotes, or use a block: text: |"
    if "found character '\\t'" in message or "tab" in message:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in message:
        return "each line of a mapping needs 'key: value'; check the indentation above"
    return ""


_KEY = re.compile(r"((?:- +)*)([^\s#'\"\[\]{}:,&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?):(?=[ \t]|$)")


def _shape(row: str) -> tuple[int, int, str] | None:
    """A line's indentation as YAML sees it: (the column its first '-' or key starts at, the column
    its key starts at, the key); None for a blank line or a comment."""
    stripped = row.lstrip(" ")
    if not stripped or stripped.startswith("#"):
        return None
    start = len(row) - len(stripped) + 1
    match = _KEY.match(stripped)
    if match is None:
        return start, start + len(stripped) - len(stripped.lstrip("- ")), ""
    return start, start + len(match.group(1)), match.group(2).strip()


def _indentation_hint(text: str, message: str, mark: Any) -> str:
    """For libyaml's complaints about a line indented as no line above it is, which line and which
    column it should line up with; "" if the fault does not look like one of indentation."""
    if mark is None or not plain_breaks(text):
        return ""
    rows = text.split("\n")
    number = mark.line
    if number >= len(rows) or len(rows) > 200_000:
        return ""
    here = _shape(rows[number])
    if here is None:
        return ""
    start, key_column, key = here
    item = rows[number].lstrip(" ").startswith("-")
    if message.startswith("mapping values are not allowed") and key and mark.column + 1 == key_column + len(key):
        for above in range(number - 1, max(-1, number - 200), -1):
            shape = _shape(rows[above])
            if shape is None:
                continue
            if shape[2] and shape[1] < key_column:
                return (f"line {number + 1} is indented more than '{shape[2]}' on line {above + 1} (column {key_column}, "
                        f"not {shape[1]}), so YAML reads it as more of the text above: line '{key}' up with "
                        f"'{shape[2]}'")
            return ""
        return ""
    if not message.startswith(("did not find expected key", "did not find expected '-' indicator")):
        return ""
    best: tuple[int, int, int] | None = None  # (how far off, line above, its column)
    for above in range(number - 1, max(-1, number - 500), -1):
        shape = _shape(rows[above])
        if shape is None:
            continue
        if item:
            column = shape[0] if rows[above].lstrip(" ").startswith("-") else 0
        else:
            column = shape[1] if shape[2] else 0
        if column:
            off = abs(column - (start if item else key_column))
            if not off:
                return ""  # it lines up with a line above: the fault is not (only) its indentation
            if best is None or off < best[0]:
                best = (off, above, column)
        if shape[0] == 1:
            break  # a top-level line: nothing above it is a sibling of this one
    if best is None:
        return ""
    what = "list item" if item else "key"
    mine = start if item else key_column
    return (f"check the indentation: line {number + 1} starts at column {mine}, but the {what} on line "
            f"{best[1] + 1} starts at column {best[2]}; line them up")


def plain_breaks(text: str) -> bool:
    """Whether libyaml counts lines just as splitting at "\\n" does (no lone CR, NEL or LS/PS)."""
    return text.count("\r") == text.count("\r\n") and not any(c in text for c in "\x85\u2028\u2029")
