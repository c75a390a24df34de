"""Screen actions that act only while their screen is the one on top.

A key pressed twice, or a command picked in the palette, can reach a screen after another has
replaced it (a new game, a load): its widgets may already be gone. Such a late call does nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from textual.screen import Screen

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound=Screen)  # type: ignore[type-arg]


def when_current(action: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R | None]:
    @functools.wraps(action)
    def run(screen: S, *args: P.args, **kwargs: P.kwargs) -> R | None:
        if not screen.is_current:
            return None
        return action(screen, *args, **kwargs)

    return run
