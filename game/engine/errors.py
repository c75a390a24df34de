"""The engine's errors: one base class, and ``Problem``, a fault at a place in a story file.

A place is a ``Where`` (a file and the path of a value in it); a ``SourceMap`` turns it into a line
and column, and ``problem_at`` makes the ``Problem`` an author reads. Every part of the engine that
reports on a story file goes through ``problem_at``, or through a ``ProblemLog``, which does the same
for many problems at once and lists only so many: a hostile story can hold millions of faults, and
placing each one costs a parse of its file.

A story's text reaches the author's terminal in messages and file names, so a ``Problem`` prints
with control characters escaped (``printable``): no story can retitle a terminal or write to a
clipboard through ``check``.

Everything the engine raises for bad input or an impossible request derives from ``MillonesError``,
so a front end (or a fuzz test) can tell the engine's own errors from a bug.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Protocol

from msgspec import Struct

Path_ = tuple[str | int, ...]  # the keys and indices leading to a value in a file: ("scenes", 3, "text")

PER_FILE = 50  # problems of each severity listed per file; the rest are counted
IN_ALL = 500  # problems of each severity listed in all

# C0 and C1 control characters (with DEL) and the surrogates os.fsdecode gives bytes that are not UTF-8.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def printable(text: str) -> str:
    """``text`` safe to print: control characters and undecodable bytes of file names become escapes (\\x1b)."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for a byte that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a story, pointing at a place an author can open in an editor."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR, compare=False)
    # The place ("file:line:col") of an error this one may follow from: fixing that may fix this.
    follows: str = field(default="", compare=False)

    @property
    def place(self) -> str:
        file = printable(self.file)
        return f"{file}:{self.line}:{self.column}" if self.line else file

    def __str__(self) -> str:
        text = f"{self.place}: {self.severity.value}: {printable(self.message)}"
        hint = self.full_hint
        return f"{text} ({hint})" if hint else text

    @property
    def full_hint(self) -> str:
        """The hint, and the error this problem may follow from."""
        hint = printable(self.hint)
        if not self.follows:
            return hint
        follows = f"this may follow from the error at {printable(self.follows)}: fix that first"
        return f"{hint}; {follows}" if hint else follows

    def to_json(self) -> dict[str, object]:
        found: dict[str, object] = {
            "file": printable(self.file),
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "message": printable(self.message),
            "hint": printable(self.hint),
        }
        if self.follows:
            found["follows"] = printable(self.follows)
        return found


class Where(Struct, frozen=True):
    """A place in a story file: the file (relative to the story folder) and the path of a value."""

    file: str
    path: Path_


class Place(Struct, frozen=True):
    """Where a problem is placed: a value, or its key (``at_key``)."""

    where: Where
    at_key: bool = False


class Mark(Struct, frozen=True):
    """A 1-based line and column, as editors count them; ``quoted`` if the text starts after a quote."""

    line: int
    column: int
    quoted: bool = False


class SourceMap(Protocol):
    def mark(self, file: str, path: Path_, at_key: bool = False) -> Mark:
        """Where the value at ``path`` starts (its key's start with ``at_key``)."""
        ...

    def marks(self, file: str, wanted: list[tuple[Path_, bool]]) -> list[Mark]:
        """``mark`` for many (path, at_key) places of one file, reading the file once."""
        ...

    def inside(self, file: str, path: Path_, mark: Mark, offset: int) -> Mark | None:
        """Where character ``offset`` of the text at ``path`` (which starts at ``mark``) is, if that can be known."""
        ...


def problem_at(source: SourceMap, where: Where, message: str, hint: str = "", *, offset: int | None = None,
               severity: Severity = Severity.ERROR, at_key: bool = False) -> Problem:
    """A problem at ``where``; ``offset`` counts characters into the value (inside an expression, say)."""
    return _placed(source.mark(where.file, where.path, at_key=at_key), where.file, message, hint, offset, severity)


def _placed(mark: Mark, file: str, message: str, hint: str, offset: int | None, severity: Severity) -> Problem:
    column = mark.column
    if offset is not None:
        column += offset + (1 if mark.quoted else 0)
    return Problem(file, mark.line, column, message, hint, severity)


@dataclass
class LeftOut:
    """The problems found but not listed, counted by file: beyond ``PER_FILE`` of a file or ``IN_ALL`` in all."""

    errors: int = 0
    warnings: int = 0
    files: Counter[str] = field(default_factory=Counter)

    def __bool__(self) -> bool:
        return bool(self.errors or self.warnings)

    def to_json(self) -> dict[str, object]:
        return {"errors": self.errors, "warnings": self.warnings,
                "files": {printable(file): count for file, count in sorted(self.files.items())}}


class _Pending(Struct, frozen=True):
    """A problem waiting for its line and column; ``first`` is a place its hint names ("first at ...")."""

    where: Where
    message: str
    hint: str
    offset: int | None
    severity: Severity
    at_key: bool
    first: Where | None
    follows: Place | Problem | None = None


class ProblemLog:
    """Problems as they are found, at most ``PER_FILE`` of each severity per file and ``IN_ALL`` in all.

    The rest are only counted (``left_out``), so a story with millions of faults costs no more to
    report than one with a few hundred. Problems at a ``Where`` are placed when ``problems`` is
    called, each file's together, so a file is read once however many of its values are named.
    """

    def __init__(self, source: SourceMap | None = None) -> None:
        self.source = source
        self.left_out = LeftOut()
        self._placed: list[Problem] = []
        self._pending: list[_Pending] = []
        self._listed: Counter[tuple[str, Severity]] = Counter()
        self._listed_in_all: Counter[Severity] = Counter()
        self._found: Counter[Severity] = Counter()  # problems logged, listed or not
        self.last: Place | None = None  # where the last problem ``at`` a place was put, listed or not

    @property
    def has_errors(self) -> bool:
        return self._found[Severity.ERROR] > 0

    def __bool__(self) -> bool:
        return bool(self._placed or self._pending or self.left_out)

    def room(self, file: str, severity: Severity) -> int:
        """How many more problems of ``file`` would be listed."""
        return max(0, min(PER_FILE - self._listed[file, severity], IN_ALL - self._listed_in_all[severity]))

    def _room(self, file: str, severity: Severity) -> bool:
        """Whether another problem of ``file`` is listed (and counts it); if not, it is counted as left out."""
        if self.room(file, severity):
            self._listed[file, severity] += 1
            self._listed_in_all[severity] += 1
            return True
        self.count(file, severity, 1)
        return False

    def count(self, file: str, severity: Severity, count: int) -> None:
        """Problems known only by their number: left out of the list."""
        if not count:
            return
        self._found[severity] += count
        if severity is Severity.ERROR:
            self.left_out.errors += count
        else:
            self.left_out.warnings += count
        self.left_out.files[file] += count

    def add(self, problem: Problem, *, always: bool = False) -> None:
        """Log a placed problem; ``always`` lists it whatever the count (a notice that checking stopped)."""
        if always or self._room(problem.file, problem.severity):
            self._found[problem.severity] += 1
            self._placed.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def at(self, where: Where, message: str, hint: str = "", *, offset: int | None = None,
           severity: Severity = Severity.ERROR, at_key: bool = False, first: Where | None = None,
           always: bool = False, follows: Place | Problem | None = None) -> None:
        """A problem at ``where`` (see ``problem_at``); with ``first``, its hint is "first at FILE:LINE:COL";
        ``follows`` is the place of an error it may follow from (see ``Problem.follows``)."""
        self.last = Place(where, at_key)
        if always or self._room(where.file, severity):
            self._found[severity] += 1
            self._pending.append(_Pending(where, message, hint, offset, severity, at_key, first, follows))

    def problems(self) -> list[Problem]:
        """Every problem listed, placed, sorted by file, line and column."""
        if self._pending:
            assert self.source is not None, "problems at a Where need a source map"
            wanted: dict[str, dict[tuple[Path_, bool], None]] = {}
            for pending in self._pending:
                wanted.setdefault(pending.where.file, {})[pending.where.path, pending.at_key] = None
                if pending.first is not None:
                    wanted.setdefault(pending.first.file, {})[pending.first.path, False] = None
                if isinstance(pending.follows, Place):
                    place = pending.follows
                    wanted.setdefault(place.where.file, {})[place.where.path, place.at_key] = None
            found: dict[tuple[str, Path_, bool], Mark] = {}
            for file, places in wanted.items():
                keys = list(places)
                found.update(((file, *key), mark) for key, mark in zip(keys, self.source.marks(file, keys), strict=True))
            for pending in self._pending:
                hint = pending.hint
                if pending.first is not None:
                    first = found[pending.first.file, pending.first.path, False]
                    hint = f"first at {pending.first.file}:{first.line}:{first.column}"
                mark = found[pending.where.file, pending.where.path, pending.at_key]
                offset = pending.offset
                if offset is not None and not pending.at_key:
                    exact = self.source.inside(pending.where.file, pending.where.path, mark, offset)
                    if exact is not None:
                        mark, offset = exact, None
                follows = pending.follows
                if isinstance(follows, Place):
                    root = found[follows.where.file, follows.where.path, follows.at_key]
                    follows = Problem(follows.where.file, root.line, root.column, "")
                problem = _placed(mark, pending.where.file, pending.message, hint, offset, pending.severity)
                if follows is not None:
                    problem = replace(problem, follows=follows.place)
                self._placed.append(problem)
            self._pending = []
        return sorted(self._placed)


class MillonesError(Exception):
    """Anything the engine refuses: a story that does not load, a save it cannot use, a choice not open now."""


class StoryError(MillonesError):
    """A story (or a save) could not be used. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem], left_out: LeftOut | None = None) -> None:
        self.problems = sorted(problems)
        self.left_out = left_out or LeftOut()
        super().__init__("\n".join(str(p) for p in self.problems))


class StoryRuntimeError(MillonesError):
    """The story asked for something impossible while playing (an illegal skill transition, say)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def suggest(name: str, candidates: object) -> str:
    """A "did you mean" hint for a misspelt name, or an empty string."""
    close = difflib.get_close_matches(name, [str(c) for c in candidates], n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
