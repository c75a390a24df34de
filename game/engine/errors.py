"""The engine's errors: one base class, and ``Problem``, a fault at a place in a story file.

A place is a ``Where`` (a file and the path of a value in it); a ``SourceMap`` turns it into a line
and column, and ``problem_at`` makes the ``Problem`` an author reads. Every part of the engine that
reports on a story file goes through ``problem_at``.

Everything the engine raises for bad input or an impossible request derives from ``MillonesError``,
so a front end (or a fuzz test) can tell the engine's own errors from a bug.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

Path_ = tuple[str | int, ...]  # the keys and indices leading to a value in a file: ("scenes", 3, "text")


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

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = f"{where}: {self.severity.value}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a story file: the file (relative to the story folder) and the path of a value."""

    file: str
    path: Path_


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column, as editors count them; ``quoted`` if the text starts after a quote."""

    line: int
    column: int
    quoted: bool = False


class SourceMap(Protocol):
    def mark(self, file: str, path: Path_, at_key: bool = False) -> Mark:
        """Where the value at ``path`` starts (its key's start with ``at_key``)."""
        ...


def problem_at(source: SourceMap, where: Where, message: str, hint: str = "", *, offset: int | None = None,
               severity: Severity = Severity.ERROR, at_key: bool = False) -> Problem:
    """A problem at ``where``; ``offset`` counts characters into the value (inside an expression, say)."""
    mark = source.mark(where.file, where.path, at_key=at_key)
    column = mark.column
    if offset is not None:
        column += offset + (1 if mark.quoted else 0)
    return Problem(where.file, mark.line, column, message, hint, severity)


class MillonesError(Exception):
    """Anything the engine refuses: a story that does not load, a save it cannot use, a choice not open now."""


class StoryError(MillonesError):
    """A story (or a save) could not be used. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
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
