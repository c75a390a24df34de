"""Replay codes: a game written as the moves it made, short enough to paste (``2-1r2-3``).

``millones reach`` gives one for each thing it finds a way to, and ``millones play --replay CODE``
plays it back. A move is the option taken, counted from 1 as the scene lists them (hidden ones
included, so a code does not depend on what was shown), and after it 'r' and the outcome's number
for each random scene the move passed through, counted among the outcomes open then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from msgspec import Struct

from game.engine.errors import MillonesError
from game.engine.play.runtime import available, choose, new_game
from game.engine.play.state import GameState
from game.engine.story import Story

MAX_CODE = 100_000  # characters of a replay code


class Move(Struct, frozen=True):
    """One step of a game: the option taken (a scene's choice, a quiz answer, or 0 to go on), and
    for each random scene the step passes through, the position of the outcome among those open."""

    index: int
    picks: tuple[int, ...] = ()


class ReplayError(MillonesError):
    """A replay code that is not well formed, or a move the story does not allow at that point
    (``number``, counted from 1; 0 when the code itself is wrong)."""

    def __init__(self, message: str, number: int = 0) -> None:
        self.number = number
        super().__init__(message)


_MOVE = re.compile(r"(\d{1,6})((?:r\d{1,6})*)")


def encode(moves: Iterable[Move]) -> str:
    """A replay code: moves joined by '-', each the option's number counted from 1, and after it
    'r' and the outcome's number for each random scene the move passed through (``2-1r2-3``)."""
    return "-".join(f"{move.index + 1}" + "".join(f"r{pick + 1}" for pick in move.picks) for move in moves)


def decode(code: str) -> list[Move]:
    """The moves of a replay code; ReplayError when it is not one."""
    code = code.strip()
    if not code:
        return []
    if len(code) > MAX_CODE:
        raise ReplayError(f"a replay code is at most {MAX_CODE:,} characters")
    moves = []
    for number, part in enumerate(code.split("-"), start=1):
        match = _MOVE.fullmatch(part)
        if match is None or int(match.group(1)) < 1:
            raise ReplayError(f"move {number} of the replay code is '{part[:20]}', not a number from 1 "
                              "(with 'r' and a number for each random outcome)")
        picks = tuple(int(pick) - 1 for pick in match.group(2).split("r")[1:])
        if any(pick < 0 for pick in picks):
            raise ReplayError(f"move {number} of the replay code counts a random outcome from 0; they count from 1")
        moves.append(Move(int(match.group(1)) - 1, picks))
    return moves


class Forced:
    """The ``picks`` argument of ``runtime.choose`` for move ``number``: it takes the outcomes the
    code gives, in order, and counts them (a code that gives more than the move used is wrong too)."""

    def __init__(self, picks: tuple[int, ...], number: int) -> None:
        self.picks = picks
        self.number = number
        self.used = 0

    def __call__(self, scene: str, weights: list[int]) -> int:
        if self.used >= len(self.picks):
            raise ReplayError(f"move {self.number} passes through the random scene '{scene}', and the code does "
                              "not say which outcome", self.number)
        pick = self.picks[self.used]
        if pick >= len(weights):
            raise ReplayError(f"move {self.number}: the random scene '{scene}' has {len(weights)} open outcome(s), "
                              f"not {pick + 1}", self.number)
        self.used += 1
        return pick

    def check_all_used(self) -> None:
        if self.used < len(self.picks):
            raise ReplayError(f"move {self.number} gives {len(self.picks)} random outcome(s), but passes through "
                              f"{self.used} random scene(s)", self.number)


def step(story: Story, state: GameState, move: Move, number: int) -> GameState:
    """The state after ``move`` (the ``number``-th); ReplayError if the story does not allow it there."""
    if move.index not in available(story, state):
        raise ReplayError(f"move {number} ({move.index + 1}) cannot be taken at scene '{state.scene}'", number)
    picks = Forced(move.picks, number)
    following = choose(story, state, move.index, picks)
    picks.check_all_used()
    return following


def replay(story: Story, moves: Iterable[Move], seed: int = 0) -> list[GameState]:
    """The states of a game that makes ``moves`` from the start, the start first."""
    states = [new_game(story, seed)]
    for number, move in enumerate(moves, start=1):
        states.append(step(story, states[-1], move, number))
    return states
