"""Where a character of a YAML text value stands in its file: the line and column of an offset.

A problem inside a text (a ``{placeholder}`` with a misspelt name, a fault in a condition) knows its
offset into the value the loader read. In the file, that value may be a ``|`` or ``>`` block on
lines of its own, a plain text folded over several lines, or a quoted string with ``''`` or
backslash escapes, so the offset is not a column. ``locate`` reads the scalar again from its first
character, decoding it as YAML does and noting where each character of the value comes from.

It only answers when its decoding gives exactly the value the loader read: anything it does not
follow (a tab in an odd place, an explicit indentation that does not fit) gives None, and the
caller falls back to the start of the value. A character that an escape writes (``\\n``, ``\\x41``)
stands where its backslash does.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_BLANK = " \t"


MAX_TEXT = 1_000_000  # characters of a value followed; past them, a problem is placed at the value's start


@dataclass(frozen=True)
class Places:
    """Where each character of a scalar's value stands in its file's text (see ``locate``)."""

    text: str
    line: int  # the scalar's first line (1-based)
    start: int  # where that line starts in the text
    at: array[int]  # per character of the value, its index in the text

    def position(self, offset: int) -> tuple[int, int] | None:
        """The 1-based line and column of character ``offset`` of the value."""
        if not 0 <= offset < len(self.at):
            return None
        index = self.at[offset]
        row = self.line + self.text.count("\n", self.start, index)
        return row, index - (self.text.rfind("\n", 0, index) + 1) + 1


def places(text: str, line: int, column: int, value: str) -> Places | None:
    """Where each character of ``value``, the scalar that starts at ``line``:``column`` (1-based, as the
    loader marks it) stands in ``text``; None if that cannot be known."""
    if line < 1 or column < 1 or len(value) > MAX_TEXT:
        return None
    starts = _line_starts(text, line)
    if starts is None:
        return None
    start = starts + column - 1
    if start >= len(text) or "\n" in text[starts:start]:
        return None
    first = text[start]
    if first in "|>":
        found = _block(text, start, value)
    elif first == '"':
        found = _double(text, start + 1, value)
    elif first == "'":
        found = _single(text, start + 1, value)
    else:
        found = _plain(text, start, value)
    return None if found is None else Places(text, line, starts, array("q", found))


def locate(text: str, line: int, column: int, value: str, offset: int) -> tuple[int, int] | None:
    """The 1-based line and column in ``text`` of character ``offset`` of ``value``, the scalar that
    starts at ``line``:``column``; None if that cannot be known."""
    found = places(text, line, column, value)
    return None if found is None else found.position(offset)


def starts_block(text: str, line: int, column: int) -> bool:
    """Whether the scalar at ``line``:``column`` is a ``|`` or ``>`` block."""
    starts = _line_starts(text, line)
    return starts is not None and text[starts + column - 1:starts + column] in ("|", ">")


def _line_starts(text: str, line: int) -> int | None:
    """Where line ``line`` (1-based) starts in ``text``."""
    index = 0
    for _ in range(line - 1):
        index = text.find("\n", index)
        if index < 0:
            return None
        index += 1
    return index


def _lines_from(text: str, index: int) -> list[tuple[int, str]]:
    """The lines of ``text`` from the one after ``index``'s line: (where each starts, its text)."""
    found = []
    start = text.find("\n", index)
    while start >= 0:
        start += 1
        end = text.find("\n", start)
        found.append((start, text[start:] if end < 0 else text[start:end]))
        start = end
    return found


# ---------------------------------------------------------------- block scalars: | and >


def _block(text: str, start: int, value: str) -> list[int] | None:
    folded = text[start] == ">"
    header_end = text.find("\n", start)
    header = (text[start + 1:] if header_end < 0 else text[start + 1:header_end]).split("#", 1)[0].strip()
    explicit = next((int(c) for c in header if c.isdigit()), None)
    lines = [(at, row.rstrip("\r")) for at, row in _lines_from(text, start)]
    if explicit is not None:
        row_start = text.rfind("\n", 0, start) + 1
        row = text[row_start:start]
        parent = len(row) - len(row.lstrip(" -"))  # a "- key: |2" line: the key's mapping is indented past the "- "
        indent = parent + explicit
    else:
        indent = next((len(row) - len(row.lstrip(" ")) for _, row in lines if row.strip(" ")), 0)
    if indent == 0:
        return None
    content: list[tuple[int, str] | None] = []  # None: an empty line
    for at, row in lines:
        if not row.strip(" "):
            content.append((at + indent, row[indent:]) if len(row) > indent else None)
            continue
        if len(row) - len(row.lstrip(" ")) < indent:
            break
        content.append((at + indent, row[indent:]))
    out = _Out()
    if folded:
        _fold_block(content, lines, out)
    else:
        for number, item in enumerate(content):
            if item is None:
                out.newline(lines[number][0])
            else:
                out.add(item[1], item[0])
                out.newline(item[0] + len(item[1]))
    found = "".join(out.decoded)
    if not found.startswith(value) or found[len(value):].strip("\n"):
        return None
    return out.places[:len(value)]


class _Out:
    """Decoded characters, and where each one stands in the file."""

    def __init__(self) -> None:
        self.decoded: list[str] = []
        self.places: list[int] = []

    def add(self, chars: str, at: int) -> None:
        self.decoded.extend(chars)
        self.places.extend(range(at, at + len(chars)))

    def newline(self, at: int, char: str = "\n") -> None:
        self.decoded.append(char)
        self.places.append(at)


def _fold_block(content: list[tuple[int, str] | None], lines: list[tuple[int, str]], out: _Out) -> None:
    """A ``>`` block: a line break between two lines of text is a space; each empty line, a line break;
    lines indented more than the block (and the breaks around them) are kept as they are."""
    number = 0
    while number < len(content) and content[number] is None:  # leading empty lines
        out.newline(lines[number][0])
        number += 1
    previous: tuple[int, str] | None = None
    empty = 0
    for item in content[number:]:
        if item is None:
            empty += 1
            continue
        if previous is not None:
            at = previous[0] + len(previous[1])
            spaced = previous[1].startswith((" ", "\t")) or item[1].startswith((" ", "\t"))
            if spaced:
                out.newline(at)  # around a more indented line, the break itself stays
            for _ in range(empty):
                out.newline(at)
            if not empty and not spaced:
                out.newline(at, " ")
        out.add(item[1], item[0])
        previous = item
        empty = 0
    if previous is not None:
        out.newline(previous[0] + len(previous[1]))


# ---------------------------------------------------------------- flow scalars: plain, '...' and "..."


def _flow(text: str, index: int, value: str, step: object) -> list[int] | None:
    """Decode a flow scalar from ``index`` until it gives ``len(value)`` characters, folding its line
    breaks as YAML does; ``step(index)`` decodes one character or escape: (chars, next index) or None
    at the scalar's end."""
    assert callable(step)
    decoded: list[str] = []
    places: list[int] = []
    kept = 0  # decoded characters that stay even if blanks follow them to the end of the line
    while len(decoded) < len(value):
        if index >= len(text):
            return None
        char = text[index]
        if char == "\n" or (char == "\r" and text[index + 1:index + 2] == "\n"):
            del decoded[kept:], places[kept:]  # blanks before a line break are not part of the value
            at = index
            index = text.find("\n", index) + 1
            breaks = 0
            while True:  # blanks at the start of the next lines, and empty lines
                while index < len(text) and text[index] in _BLANK:
                    index += 1
                if index < len(text) and text[index] in "\r\n":
                    breaks += 1
                    index = text.find("\n", index) + 1
                    if index == 0:
                        return None
                    continue
                break
            if breaks:
                decoded.extend("\n" * breaks)
                places.extend([at] * breaks)
            else:
                decoded.append(" ")
                places.append(at)
            kept = len(decoded)
            continue
        stepped = step(index)
        if stepped is None:
            return None
        chars, after = stepped
        if chars == "" and after > index and text[index] == "\\":  # an escaped line break: no character, no blanks
            index = after
            while index < len(text) and text[index] in _BLANK:
                index += 1
            kept = len(decoded)
            continue
        decoded.extend(chars)
        places.extend([index] * len(chars))
        if chars.strip(_BLANK) or text[index] == "\\":
            kept = len(decoded)
        index = after
    if "".join(decoded) != value:
        return None
    return places


def _double(text: str, index: int, value: str) -> list[int] | None:
    def step(at: int) -> tuple[str, int] | None:
        char = text[at]
        if char == '"':
            return None
        if char != "\\":
            return char, at + 1
        code = text[at + 1:at + 2]
        if code in ("\n", "\r"):
            return "", text.find("\n", at) + 1
        if code in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[code], at + 2
        width = _HEX_ESCAPES.get(code)
        if width is None:
            return None
        digits = text[at + 2:at + 2 + width]
        try:
            return chr(int(digits, 16)), at + 2 + width
        except ValueError:
            return None

    return _flow(text, index, value, step)


def _single(text: str, index: int, value: str) -> list[int] | None:
    def step(at: int) -> tuple[str, int] | None:
        if text[at] != "'":
            return text[at], at + 1
        if text[at + 1:at + 2] == "'":
            return "'", at + 2
        return None

    return _flow(text, index, value, step)


def _plain(text: str, index: int, value: str) -> list[int] | None:
    def step(at: int) -> tuple[str, int] | None:
        char = text[at]
        if char == "#" and at > 0 and text[at - 1] in _BLANK + "\n":
            return None  # a comment
        return char, at + 1

    return _flow(text, index, value, step)
